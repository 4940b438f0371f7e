"""Recording in the dictation pane: record, pause, stop, cancel, a level meter and the time.

The widget only starts and stops a ``recorder.speech.recording.Recording``
and puts the text it hands back into the dictation where the cursor was when
recording started; the worker can keep typing meanwhile (the insertion point
is a cursor of its own, which moves as the text around it changes). Names
heard are spelt as the family record spells them, and the words changed are
said under the buttons; the recogniser is given the same names
(``record_names``) to listen for. The family's consent, a field of the visit
form, must say Yes before the first recording of a visit. Where the council
keeps audio, a finished recording's audio goes to the store with the visit
record (saved first if it is new), and the worker is told until when.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recorder.dictation.context import DictationContext, context_from_facts
from recorder.dictation.recognised import recognise, record_names
from recorder.domain.ids import utc_now
from recorder.domain.kept_audio import kept_until_words
from recorder.speech.audio import SAMPLE_RATE
from recorder.speech.capture import OpenStream, open_microphone
from recorder.speech.engine import SpeechError
from recorder.speech.recording import (
    MAX_SECONDS,
    RECORDING_CONSENT,
    Recording,
    may_record,
    shared_engine,
)

CONSENT_QUESTION = (
    "Has the family agreed to this visit being recorded?\n\n"
    "The recording stays on this laptop, is turned into text as you speak, and is deleted "
    "once it has been transcribed. Their answer is kept with the visit record."
)
CONSENT_QUESTION_KEEPING = (
    "Has the family agreed to this visit being recorded?\n\n"
    "The recording stays on this laptop and is turned into text as you speak. Your council "
    "keeps the audio for {days}, encrypted on this laptop only, and then it is deleted. "
    "Their answer is kept with the visit record."
)
NO_CONSENT = (
    "Not recording: the family has not agreed to the visit being recorded. "
    "You can type the dictation instead."
)


def consent_question(keep_audio_days: int) -> str:
    """What the worker asks the family: it says whether and how long the audio is kept."""
    if keep_audio_days <= 0:
        return CONSENT_QUESTION
    days = f"{keep_audio_days} day{'s' if keep_audio_days != 1 else ''}"
    return CONSENT_QUESTION_KEEPING.format(days=days)


def ask_consent(parent: QWidget) -> bool:
    """Asks the worker, saying how long the audio is kept (the bar's setting); tests replace
    this."""
    keep_audio_days = getattr(parent, "keep_audio_days", 0)
    answer = QMessageBox.question(
        parent, "Record this visit?", consent_question(keep_audio_days),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )  # fmt: skip
    return answer == QMessageBox.StandardButton.Yes


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class _Relay(QObject):
    """Carries the recording thread's callbacks to the window's thread."""

    text = Signal(str)
    done = Signal(str)
    audio = Signal(bytes)


class RecordingBar(QWidget):
    """Record (Ctrl+R), pause and resume, stop, cancel; the level, the time, what was changed."""

    recording_changed = Signal(bool)
    """True when a recording starts, False once its last words are in the dictation."""

    def __init__(
        self,
        pane,
        *,
        open_stream: OpenStream = open_microphone,
        load_engine: Callable = shared_engine,
        max_seconds: float = MAX_SECONDS,
    ) -> None:
        """:param pane: the dictation pane: its text box, its form and the relationship words."""
        super().__init__()
        self.pane = pane
        self.editor: QPlainTextEdit = pane.dictation
        form = getattr(pane, "form", None)
        self.open_stream = open_stream
        self.load_engine = load_engine
        self.max_seconds = max_seconds
        self.recording: Recording | None = None
        self._insert_at: QTextCursor | None = None
        self._changed: list[str] = []
        self._relay = _Relay(self)
        self._relay.text.connect(self._put_text, Qt.ConnectionType.QueuedConnection)
        self._relay.done.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._relay.audio.connect(self._keep_audio, Qt.ConnectionType.QueuedConnection)
        self._audio_note = ""
        """What became of the last recording's kept audio, once the store has answered."""

        self.record_button = QPushButton("● Record")
        self.record_button.setAccessibleName("Record the dictation")
        self.record_button.setToolTip(
            "Record what you say and type it into the dictation where the cursor is (Ctrl+R). "
            "Nothing leaves this laptop."
        )
        self.record_button.clicked.connect(self.toggle)
        self.pause_button = QPushButton("Pause")
        self.pause_button.setAccessibleName("Pause or resume the recording")
        self.pause_button.clicked.connect(self.pause_or_resume)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Stop and drop what is not yet typed")
        self.cancel_button.clicked.connect(self.cancel)
        self.meter = QProgressBar()
        self.meter.setRange(0, 60)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(10)
        self.meter.setMaximumWidth(120)
        self.meter.setAccessibleName("Microphone level")
        self.indicator = QLabel("")
        self.indicator.setAccessibleName("Recording time")
        self.status = QLabel("")
        self.status.setObjectName("note")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Recording status")

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.record_button, self.pause_button, self.cancel_button):
            row.addWidget(widget)
        row.addWidget(self.meter)
        row.addWidget(self.indicator, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)

        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._tick)
        action = QAction("Record", self)
        action.setShortcut(QKeySequence("Ctrl+R"))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(self.toggle)
        (form if form is not None else self).addAction(action)
        self._show_idle()

    @property
    def form(self):
        return getattr(self.pane, "form", None)

    @property
    def keep_audio_days(self) -> int:
        """The council's setting, from the pane: 0, the audio is never kept."""
        return int(getattr(self.pane, "keep_audio_days", 0) or 0)

    @property
    def is_recording(self) -> bool:
        return self.recording is not None

    # -- starting and stopping ----------------------------------------------

    def toggle(self) -> None:
        if self.recording is None:
            self.start()
        elif not self.recording.stopped:
            self.stop()

    def start(self) -> None:
        if self.editor.isReadOnly():
            self.status.setText("This record cannot be changed, so nothing can be recorded in it.")
            return
        if not self._consent():
            self.status.setText(NO_CONSENT)
            return
        recording = Recording(
            on_text=self._relay.text.emit,
            on_done=self._relay.done.emit,
            load_engine=self.load_engine,
            open_stream=self.open_stream,
            max_seconds=self.max_seconds,
            hints=self._names(),
            on_audio=self._relay.audio.emit if self.keep_audio_days > 0 else None,
        )
        cursor = QTextCursor(self.editor.textCursor())
        cursor.clearSelection()
        self._insert_at = cursor
        self._changed = []
        self._audio_note = ""
        try:
            recording.start()
        except SpeechError as e:
            self.status.setText(str(e))
            return
        self.recording = recording
        self.timer.start()
        self.record_button.setText("■ Stop")
        self.record_button.setAccessibleName("Stop recording")
        self.pause_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self.meter.show()
        self.status.setText(
            "Recording. Words appear where the cursor was each time you pause; you can keep "
            "typing. Say \"full stop\", \"comma\", \"new paragraph\" for punctuation."
        )
        self._tick()
        self.recording_changed.emit(True)

    def stop(self) -> None:
        if self.recording is None:
            return
        self.recording.stop()
        self.status.setText("Stopped. Typing the last words you said…")
        self._after_stop()

    def cancel(self) -> None:
        if self.recording is None:
            return
        self.recording.cancel()
        self.status.setText("Cancelled. What was already typed stays; the rest is deleted.")
        self._after_stop()

    def pause_or_resume(self) -> None:
        if self.recording is None or self.recording.stopped:
            return
        if self.recording.paused:
            self.recording.resume()
            self.pause_button.setText("Pause")
        else:
            self.recording.pause()
            self.pause_button.setText("Resume")
        self._tick()

    def shut(self) -> None:
        """The window is closing: stop listening, drop what is not yet typed."""
        if self.recording is not None:
            self.recording.cancel()

    # -- consent ------------------------------------------------------------

    def _consent(self) -> bool:
        """Consent from the visit form's field, asked for and recorded there if not yet Yes."""
        form = self.form
        rows = getattr(form, "rows", {}) if form is not None else {}
        row = rows.get(RECORDING_CONSENT)
        if row is not None and may_record({RECORDING_CONSENT: row.editor.value()}):
            return True
        if not ask_consent(self):
            return False
        if row is not None:
            row.editor.set_value(True)
            mark = getattr(form, "changed_elsewhere", None)
            if mark is not None:
                mark()  # saved with the visit, like a field edited
        return True

    # -- while recording ----------------------------------------------------

    def _put_text(self, text: str) -> None:
        cursor = self._insert_at
        if cursor is None or not text.strip():
            return
        respelt = recognise(text.strip(), self._names())
        self._changed += [str(c) for c in respelt.changes if c.why == "name on the record"]
        before = self.editor.document().characterAt(cursor.position() - 1)
        spacer = "" if cursor.position() == 0 or before.isspace() else " "
        cursor.insertText(spacer + respelt.text)
        if self._changed:
            self.status.setText(
                "Names spelt as on the record: " + ", ".join(dict.fromkeys(self._changed)) + "."
            )

    def _names(self) -> tuple[str, ...]:
        context = self._context()
        return record_names(context) if context else ()

    def _context(self) -> DictationContext | None:
        pane = self.pane
        try:
            return context_from_facts(pane.facts, pane.vocabulary, recorded_on=pane.today)
        except Exception:  # noqa: BLE001  names are a help, never a reason to lose words
            return None

    def _tick(self) -> None:
        recording = self.recording
        if recording is None:
            return
        if recording.reached_max and recording.stopped and self.timer.isActive():
            self.status.setText(
                f"The recording reached its limit of {_clock(self.max_seconds)} and stopped. "
                "Press Record to carry on."
            )
            self._after_stop()
        self.meter.setValue(max(0, min(60, int(recording.level + 60))))
        state = "Paused" if recording.paused else "● Recording"
        if recording.stopped:
            state = "Typing the last words"
        self.indicator.setText(
            f"{state} {_clock(recording.seconds)} of {_clock(self.max_seconds)}"
        )
        self.indicator.setStyleSheet(
            "color: #b00020; font-weight: bold;" if not recording.paused else ""
        )

    # -- keeping the audio, where the council says so -------------------------

    def _keep_audio(self, pcm: bytes) -> None:
        """The finished recording's audio: saved with the visit record, saving that first."""
        form = self.form
        runner = getattr(self.pane, "runner", None)
        if form is None or runner is None:
            self._audio_kept("The audio was not kept: this dictation is not part of a record.")
            return
        days = self.keep_audio_days
        self._audio_note = "Keeping the audio…"

        def keep() -> None:
            record_id = form.record_id
            if record_id is None:
                self._audio_kept("The audio was not kept: the record could not be saved.")
                return
            runner.write(
                lambda store: store.kept_audio.keep(record_id, pcm, sample_rate=SAMPLE_RATE),
                lambda _changes: self._audio_kept(
                    "The recording has been typed into the dictation. Its audio is "
                    + kept_until_words(utc_now(), days)
                ),
                on_error=lambda problem: self._audio_kept(
                    f"The audio was not kept: {problem} The text is in the dictation."
                ),
            )

        form.save_draft(then=keep)

    def _audio_kept(self, note: str) -> None:
        self._audio_note = note
        kept_audio = getattr(self.pane, "kept_audio", None)
        if kept_audio is not None:
            kept_audio.refresh()
        if self.recording is None:
            self.status.setText(note)

    def _after_stop(self) -> None:
        self.timer.stop()
        self.meter.setValue(0)
        self.pause_button.setEnabled(False)
        self.record_button.setEnabled(False)
        self._tick()

    def _finished(self, problem: str) -> None:
        self.recording = None
        self._insert_at = None
        self.timer.stop()
        if problem:
            self.status.setText(problem)
        elif self._audio_note:
            self.status.setText(self._audio_note)
        elif not self._changed:
            self.status.setText("The recording has been typed into the dictation and deleted.")
        self._show_idle()
        self.recording_changed.emit(False)

    def _show_idle(self) -> None:
        self.record_button.setText("● Record")
        self.record_button.setAccessibleName("Record the dictation")
        self.record_button.setEnabled(True)
        self.pause_button.setText("Pause")
        self.pause_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.meter.setValue(0)
        self.meter.hide()
        self.indicator.setText("")
        self.indicator.setStyleSheet("")
