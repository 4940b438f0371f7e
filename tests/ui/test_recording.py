"""A worker records the visit into the dictation pane: consent first, words at the cursor."""

from __future__ import annotations

import threading
import wave

import pytest
from PySide6.QtGui import QTextCursor

from recorder.speech.capture import NO_MICROPHONE
from recorder.speech.engine import SpeechError
from recorder.ui import recording as recording_module
from tests.speech.conftest import DATA
from tests.ui.test_dictation_pane import _new_visit, drafter, drafting, window  # noqa: F401


class FakeMicrophone:
    """Stands in for the sound card: plays a recording into the callback, 0.1 s a block."""

    def __init__(self, on_audio, recording: str = "visit") -> None:
        with wave.open(str(DATA / f"{recording}.wav"), "rb") as f:
            self.pcm = f.readframes(f.getnframes())
        self.on_audio = on_audio
        self.played = threading.Event()
        self.closed = False

    def start(self) -> None:
        def play():
            for at in range(0, len(self.pcm), 3200):
                self.on_audio(self.pcm[at : at + 3200])
            self.played.set()

        threading.Thread(target=play, daemon=True).start()

    def stop(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def visit(qtbot, window):  # noqa: F811
    _entry, form = _new_visit(qtbot, window)
    return form


def test_recording_types_the_words_at_the_cursor_after_consent(qtbot, visit, monkeypatch):
    asked = []
    monkeypatch.setattr(recording_module, "ask_consent", lambda parent: asked.append(1) or True)
    pane = visit.dictation_pane
    bar = pane.recording
    microphones = []

    def open_stream(on_audio):
        microphones.append(FakeMicrophone(on_audio))
        return microphones[-1]

    bar.open_stream = open_stream
    pane.dictation.setPlainText("Typed before recording.")
    pane.dictation.moveCursor(QTextCursor.MoveOperation.End)

    qtbot.keyClick(visit, "r", modifier=recording_module.Qt.KeyboardModifier.ControlModifier)
    assert bar.is_recording and asked == [1]
    assert "Alusine" in bar.recording.hints  # the recogniser listens for the family's names
    assert visit.rows["recording_consent"].editor.value() is True  # kept with the visit
    assert "Recording" in bar.indicator.text()
    qtbot.waitUntil(microphones[0].played.is_set, timeout=60_000)
    with qtbot.waitSignal(bar.recording_changed, timeout=120_000) as stopped:
        bar.record_button.click()  # Stop
    assert stopped.args == [False]

    text = pane.text()
    assert text.startswith("Typed before recording. ")
    assert "sophie" in text.casefold() and "visit" in text.casefold()
    assert microphones[0].closed
    assert bar.record_button.text() == "● Record" and not bar.is_recording


def test_no_consent_means_no_recording_and_the_typing_is_kept(qtbot, visit, monkeypatch):
    monkeypatch.setattr(recording_module, "ask_consent", lambda parent: False)
    pane = visit.dictation_pane
    opened = []
    pane.recording.open_stream = lambda on_audio: opened.append(1)
    pane.dictation.setPlainText("My typing.")
    pane.recording.record_button.click()
    assert opened == [] and not pane.recording.is_recording
    assert "has not agreed" in pane.recording.status.text()
    assert visit.rows["recording_consent"].editor.value() is None
    assert pane.text() == "My typing."


def test_a_missing_microphone_is_said_plainly_and_the_typing_is_kept(qtbot, visit, monkeypatch):
    monkeypatch.setattr(recording_module, "ask_consent", lambda parent: True)
    pane = visit.dictation_pane

    def no_microphone(on_audio):
        raise SpeechError(NO_MICROPHONE)

    pane.recording.open_stream = no_microphone
    pane.dictation.setPlainText("My typing.")
    pane.recording.record_button.click()
    assert "No microphone was found" in pane.recording.status.text()
    assert not pane.recording.is_recording and pane.text() == "My typing."


def test_the_worker_keeps_typing_while_the_words_arrive(qtbot, visit, monkeypatch):
    monkeypatch.setattr(recording_module, "ask_consent", lambda parent: True)
    pane = visit.dictation_pane
    bar = pane.recording
    microphones = []

    def open_stream(on_audio):
        microphones.append(FakeMicrophone(on_audio, "mom"))
        return microphones[-1]

    bar.open_stream = open_stream
    pane.dictation.setPlainText("Seen at home.")
    pane.dictation.moveCursor(QTextCursor.MoveOperation.End)
    bar.record_button.click()
    pane.dictation.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClicks(pane.dictation, "Unannounced. ")  # typed while recording
    qtbot.waitUntil(microphones[0].played.is_set, timeout=60_000)
    with qtbot.waitSignal(bar.recording_changed, timeout=120_000):
        bar.record_button.click()
    text = pane.text()
    assert text.startswith("Unannounced. Seen at home. ")
    assert "doctor" in text and "mum said" in text.casefold()  # "mom" heard, written "mum"


def _record_and_stop(qtbot, bar, recording="visit"):
    microphones = []

    def open_stream(on_audio):
        microphones.append(FakeMicrophone(on_audio, recording))
        return microphones[-1]

    bar.open_stream = open_stream
    bar.record_button.click()
    qtbot.waitUntil(microphones[0].played.is_set, timeout=60_000)
    return microphones[0]


def test_where_the_council_keeps_audio_it_is_kept_with_the_visit_and_the_worker_told_until_when(
    qtbot, visit, monkeypatch
):
    asked = []
    monkeypatch.setattr(
        recording_module, "ask_consent", lambda parent: asked.append(parent.keep_audio_days) or True
    )
    pane = visit.dictation_pane
    pane.keep_audio_days = 7  # resources/security.toml: keep_audio_days = 7
    bar = pane.recording
    microphone = _record_and_stop(qtbot, bar)
    bar.record_button.click()  # Stop
    qtbot.waitUntil(lambda: "kept, encrypted" in bar.status.text(), timeout=120_000)
    assert asked == [7]  # the question said how long the audio is kept
    assert "sophie" in pane.text().casefold()
    assert visit.record_id is not None  # the new visit was saved first, to keep it with
    store = visit.runner.store
    kept = store.kept_audio.for_record(visit.record_id)
    assert len(kept) == 1 and kept[0].held_here and kept[0].removed_at is None
    pcm, rate = store.kept_audio.audio(kept[0].id)
    assert rate == 16_000 and abs(len(pcm) - len(microphone.pcm)) <= 3200  # every block heard
    assert bar.recording is None or bar.recording.audio_held_seconds == 0


def test_a_cancelled_recording_keeps_no_audio_even_where_the_council_keeps_it(
    qtbot, visit, monkeypatch
):
    monkeypatch.setattr(recording_module, "ask_consent", lambda parent: True)
    pane = visit.dictation_pane
    pane.keep_audio_days = 7
    bar = pane.recording
    _record_and_stop(qtbot, bar)
    with qtbot.waitSignal(bar.recording_changed, timeout=120_000):
        bar.cancel_button.click()
    assert "kept" not in bar.status.text()
    with qtbot.waitSignal(visit.saved, timeout=30_000, raising=False):
        visit.save_now()
    store = visit.runner.store
    assert store.rows("SELECT count(*) AS n FROM audio_recordings")[0]["n"] == 0
    assert store.rows("SELECT count(*) AS n FROM local_audio")[0]["n"] == 0


def test_the_consent_question_says_how_long_the_audio_is_kept():
    assert "deleted once it has been transcribed" in recording_module.consent_question(0)
    assert "keeps the audio for 30 days" in recording_module.consent_question(30)
    assert "for 1 day," in recording_module.consent_question(1)


class FakeSpeaker:
    """Stands in for the sound card's output: takes the sound, says when it has played."""

    def __init__(self) -> None:
        self.heard: list[bytes] = []
        self.on_finished = None
        self.stopped = False

    def __call__(self, pcm, rate, on_finished):
        assert rate == 16_000
        self.heard.append(pcm)
        self.on_finished = on_finished
        return self

    def start(self) -> None:
        pass

    def stop(self) -> None:
        self.stopped = True

    def close(self) -> None:
        pass


def _saved_visit_keeping_audio(qtbot, visit, typed: str, sound: bytes | None = None) -> str:
    """The visit saved with ``typed`` as its dictation where the council keeps audio for 30
    days, with ``sound`` kept as a recording of it; its record id."""
    pane = visit.dictation_pane
    pane.keep_audio_days = 30
    pane.dictation.setPlainText(typed)
    with qtbot.waitSignal(visit.saved, timeout=30_000):
        visit.save_now()
    record_id = visit.record_id
    if sound is not None:
        visit.runner.write(lambda s: s.kept_audio.keep(record_id, sound, sample_rate=16_000))
    visit.runner.wait()
    return record_id


def test_the_worker_listens_to_the_kept_audio_and_the_listening_is_logged(
    qtbot, visit, monkeypatch
):
    pane = visit.dictation_pane
    store = visit.runner.store
    with wave.open(str(DATA / "visit.wav"), "rb") as f:
        sound = f.readframes(f.getnframes())
    narrowest = pane.minimumSizeHint().width()
    record_id = _saved_visit_keeping_audio(qtbot, visit, "Seen at home.", sound)
    bar = pane.kept_audio
    bar.refresh()
    qtbot.waitUntil(lambda: bar.isVisible() and bar.choice.count() == 1)
    # Regression: the list, sized by its long items, widened the pane and squeezed the form.
    assert pane.minimumSizeHint().width() <= narrowest
    assert bar.choice.itemText(0).endswith(" s)")  # when, and how long
    assert bar.note.text().startswith("Kept, encrypted, on this laptop until ")

    speaker = FakeSpeaker()
    bar.open_speaker = speaker
    bar.listen_button.click()
    qtbot.waitUntil(lambda: bar.playing)
    assert speaker.heard == [sound]
    assert bar.listen_button.text() == "■ Stop listening" and "Playing" in bar.note.text()
    speaker.on_finished()  # played to the end
    qtbot.waitUntil(lambda: not bar.playing)
    assert bar.listen_button.text() == "▶ Listen"

    visit.runner.wait()
    logged = store.rows(
        "SELECT action, detail, user_id FROM local_access_log WHERE record_id = ?", [record_id]
    )
    assert [(r["action"], r["user_id"]) for r in logged] == [("listened", visit.user.id)]
    assert logged[0]["detail"].startswith("a recording of ")

    # Once deleted, there is nothing to listen to.
    visit.runner.write(lambda s: s.kept_audio.remove_old(keep_days=0))
    visit.runner.wait()
    bar.refresh()
    qtbot.waitUntil(lambda: not bar.isVisible())


def test_no_speaker_is_said_plainly(qtbot, visit):
    from recorder.speech.playback import NO_SPEAKER

    pane = visit.dictation_pane
    _saved_visit_keeping_audio(qtbot, visit, "Seen at home.", b"\0\0" * 1600)
    bar = pane.kept_audio
    bar.refresh()
    qtbot.waitUntil(bar.isVisible)

    def no_speaker(pcm, rate, on_finished):
        raise SpeechError(NO_SPEAKER)

    bar.open_speaker = no_speaker
    bar.listen_button.click()
    qtbot.waitUntil(lambda: "No speaker" in bar.note.text())
    assert not bar.playing and pane.text() == "Seen at home."


def test_a_full_disk_when_keeping_audio_is_said_plainly_and_the_text_stays(qtbot, visit):
    pane = visit.dictation_pane
    _saved_visit_keeping_audio(qtbot, visit, "Seen at home; the words came from a recording.")
    runner = visit.runner
    pages = runner.store.rows("PRAGMA page_count")[0]["page_count"]
    runner.query(  # the file may not grow by a page more
        lambda store: store.db.execute(f"PRAGMA max_page_count = {pages}"), lambda _r: None
    )
    runner.wait()
    bar = pane.recording
    bar._relay.audio.emit(b"\1\0" * 16_000 * 20)  # a finished recording's 20 seconds
    qtbot.waitUntil(lambda: "The audio was not kept" in bar.status.text(), timeout=30_000)
    assert "full" in bar.status.text() and "Traceback" not in bar.status.text()
    assert "The text is in the dictation." in bar.status.text()
    assert pane.text() == "Seen at home; the words came from a recording."
    assert runner.store.rows("SELECT count(*) AS n FROM audio_recordings")[0]["n"] == 0
