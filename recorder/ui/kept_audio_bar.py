"""The visit's kept recordings, where the council keeps audio: choose one and listen.

Shown only on the laptop that holds the audio, and only until it is deleted.
Listening is logged, like opening the child's record: audio of a family's home
is read as closely as the record itself. The sound goes from the store to the
speaker in memory (``recorder.speech.playback``), never to a file.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from recorder.domain.consent import AccessAction
from recorder.domain.kept_audio import KeptRecording, duration_words, kept_until_words
from recorder.speech.engine import SpeechError
from recorder.speech.playback import OpenSpeaker, open_speaker


def recording_choice(kept: KeptRecording) -> str:
    """'03/12/2026 10:32 (4 min 12 s)': which recording, short enough to show whole."""
    at = kept.recorded_at.astimezone()
    minutes, seconds = divmod(max(0, round(kept.seconds)), 60)
    length = f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
    return f"{at:%d/%m/%Y %H:%M} ({length})"


def kept_until_note(kept: KeptRecording, keep_days: int) -> str:
    """'Kept, encrypted, on this laptop until 5 January 2027, then deleted.'"""
    words = kept_until_words(kept.recorded_at, keep_days)
    return words[0].upper() + words[1:]


class _Relay(QObject):
    """Carries the sound card's 'finished' to the window's thread."""

    finished = Signal()


class KeptAudioBar(QWidget):
    """A list of the visit's kept recordings, Listen and Stop; hidden when there are none."""

    def __init__(self, pane, *, open_speaker: OpenSpeaker = open_speaker) -> None:
        """:param pane: the dictation pane: its runner, its record and the council's days."""
        super().__init__()
        self.pane = pane
        self.open_speaker = open_speaker
        self.kept: list[KeptRecording] = []
        self._stream = None
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)

        label = QLabel("Kept audio:")
        self.choice = QComboBox()
        self.choice.setAccessibleName("Kept recording of this visit")
        self.choice.view().setAccessibleName("Kept recordings of this visit")
        # Sized by its items, it widened the dictation pane and squeezed the form beside it:
        # it takes what room the pane has.
        self.choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.choice.setMinimumContentsLength(12)
        label.setBuddy(self.choice)
        self.choice.currentIndexChanged.connect(lambda _n: self._say_kept())
        self.listen_button = QPushButton("▶ Listen")
        self.listen_button.setAccessibleName("Listen to the chosen recording")
        self.listen_button.clicked.connect(self.toggle)
        self.note = QLabel("")
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Kept audio status")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.choice, 1)
        row.addWidget(self.listen_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.hide()

    @property
    def playing(self) -> bool:
        return self._stream is not None

    def refresh(self) -> None:
        """Read the visit's kept recordings again (on opening, and once one is kept)."""
        record_id = self.pane.editor.record_id
        runner = self.pane.runner
        if record_id is None or self.pane.keep_audio_days <= 0 or runner.store is None:
            self._show([])
            return
        runner.query(lambda store: store.kept_audio.for_record(record_id), self._show)

    def _show(self, kept: list[KeptRecording]) -> None:
        self.kept = [k for k in kept if k.held_here and k.removed_at is None]
        days = self.pane.keep_audio_days
        self.choice.clear()
        for n, kept_one in enumerate(self.kept):
            self.choice.addItem(recording_choice(kept_one))
            self.choice.setItemData(
                n, kept_until_note(kept_one, days), Qt.ItemDataRole.ToolTipRole
            )
        self.choice.setCurrentIndex(len(self.kept) - 1)
        self.setVisible(bool(self.kept))
        self._say_kept()

    def _say_kept(self) -> None:
        """Until when the chosen recording is kept (unless it is playing)."""
        if self.playing or not self.kept:
            return
        chosen = self.kept[max(0, self.choice.currentIndex())]
        self.note.setText(kept_until_note(chosen, self.pane.keep_audio_days))

    def toggle(self) -> None:
        if self.playing:
            self.stop()
        else:
            self.listen()

    def listen(self) -> None:
        if not self.kept:
            return
        chosen = self.kept[max(0, self.choice.currentIndex())]
        said = f"a recording of {duration_words(chosen.seconds)}"
        self.pane.runner.query(
            lambda store: store.kept_audio.audio(chosen.id),
            lambda found: self._play(found, chosen),
            on_error=self.note.setText,
        )
        # A query, as the log changes nothing shown.
        self.pane.runner.query(
            lambda store: store.access.record(
                AccessAction.LISTENED, record_id=chosen.record_id, detail=said
            ),
            lambda _changes: None,
        )

    def _play(self, found: tuple[bytes, int] | None, chosen: KeptRecording) -> None:
        if found is None:
            self.note.setText("This recording's audio has been deleted.")
            self.refresh()
            return
        pcm, rate = found
        try:
            stream = self.open_speaker(pcm, rate, self._relay.finished.emit)
            stream.start()
        except SpeechError as e:
            self.note.setText(str(e))
            return
        self._stream = stream
        self.listen_button.setText("■ Stop listening")
        self.listen_button.setAccessibleName("Stop listening")
        self.note.setText(f"Playing {duration_words(chosen.seconds)}.")

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
                stream.close()
            except Exception:  # noqa: BLE001  a device gone away: nothing left to stop
                pass
        self._show_stopped()

    def _finished(self) -> None:
        self._stream = None
        self._show_stopped()

    def _show_stopped(self) -> None:
        self.listen_button.setText("▶ Listen")
        self.listen_button.setAccessibleName("Listen to the chosen recording")
        if self.note.text().startswith("Playing"):
            self._say_kept()
