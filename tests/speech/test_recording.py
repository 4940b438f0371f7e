"""A recording from the microphone, without a window: pause, cancel, the time limit, silence."""

from __future__ import annotations

import tempfile
import threading
import wave

import numpy as np
import pytest

from recorder.speech import SAMPLE_RATE
from recorder.speech.recording import Recording, may_record
from recorder.speech.transcribe import TOO_QUIET
from tests.speech.conftest import DATA


class Microphone:
    """Stands in for the sound card; the test says when each block arrives."""

    def __init__(self, on_audio) -> None:
        self.on_audio = on_audio

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass

    def play(self, pcm: bytes) -> None:
        for at in range(0, len(pcm), 3200):
            self.on_audio(pcm[at : at + 3200])


def _pcm(name: str) -> bytes:
    with wave.open(str(DATA / f"{name}.wav"), "rb") as f:
        return f.readframes(f.getnframes())


def _recording(engine, **options):
    texts, done, finished = [], [], threading.Event()
    microphones = []

    def open_stream(on_audio):
        microphones.append(Microphone(on_audio))
        return microphones[-1]

    recording = Recording(
        on_text=texts.append,
        on_done=lambda problem: (done.append(problem), finished.set()),
        load_engine=lambda: engine,
        open_stream=open_stream,
        **options,
    )
    recording.start()
    return recording, microphones[0], texts, done


def test_what_is_said_while_paused_is_not_recorded(engine):
    recording, microphone, texts, done = _recording(engine)
    microphone.play(_pcm("visit"))
    recording.pause()
    microphone.play(_pcm("mom"))
    recording.resume()
    recording.stop()
    assert recording.wait(120)
    heard = " ".join(texts).casefold()
    assert "sophie" in heard and "tuesday" not in heard and done == [""]
    assert 4 < recording.seconds < 7


def test_cancel_drops_what_is_not_yet_typed(engine):
    recording, microphone, texts, done = _recording(engine)
    microphone.play(_pcm("visit"))
    recording.cancel()
    assert recording.wait(120)
    assert texts == [] and done == [""]


def test_a_recording_stops_itself_at_its_limit(engine):
    recording, microphone, texts, done = _recording(engine, max_seconds=3)
    microphone.play(_pcm("visit"))
    assert recording.wait(120)
    assert recording.reached_max and recording.stopped and recording.seconds < 3.2


def test_a_silent_microphone_is_said_plainly(engine):
    recording, microphone, texts, done = _recording(engine)
    microphone.play(np.zeros(SAMPLE_RATE * 2, dtype="<i2").tobytes())
    recording.stop()
    assert recording.wait(120)
    assert texts == [] and done == [TOO_QUIET]


def test_recording_needs_the_familys_yes_on_the_visit():
    assert may_record({"recording_consent": True})
    assert not may_record({"recording_consent": False}) and not may_record({})


def test_the_audio_is_gone_once_transcribed_and_never_written(engine, tmp_path, monkeypatch):
    from recorder.security_settings import load_security_settings

    assert load_security_settings().keep_audio_days == 0
    written = tmp_path / "temporary"
    written.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(written))
    monkeypatch.chdir(tmp_path)
    recording, microphone, texts, done = _recording(engine)
    microphone.play(_pcm("visit"))
    recording.stop()
    assert recording.wait(120)
    assert "sophie" in " ".join(texts).casefold() and done == [""]
    assert recording.audio_held_seconds == 0
    assert list(tmp_path.rglob("*")) == [written]  # no audio file, temporary or not


def test_a_council_sets_the_days_audio_is_kept_within_a_year(tmp_path):
    from recorder.reference import DataFileError
    from recorder.security_settings import load_security_settings

    settings = tmp_path / "security.toml"
    settings.write_text("idle_lock_minutes = 10\nkeep_audio_days = 7\n", encoding="utf-8")
    assert load_security_settings(settings).keep_audio_days == 7
    settings.write_text("idle_lock_minutes = 10\nkeep_audio_days = 400\n", encoding="utf-8")
    too_long = "keep_audio_days must be a whole number from 0 to 365"
    with pytest.raises(DataFileError, match=too_long) as raised:
        load_security_settings(settings)
    assert "line 2" in str(raised.value)


def test_where_audio_is_kept_the_recording_hands_it_over_once_transcribed(engine):
    kept = []
    recording, microphone, texts, done = _recording(engine, on_audio=kept.append)
    played = _pcm("visit")
    microphone.play(played)
    recording.stop()
    assert recording.wait(120)
    assert done == [""] and "sophie" in " ".join(texts).casefold()
    [audio] = kept
    assert abs(len(audio) - len(played)) <= 2  # every sample, as 16-bit again
    heard = np.frombuffer(audio, "<i2").astype(np.int32)
    said = np.frombuffer(played, "<i2").astype(np.int32)[: len(heard)]
    assert np.abs(heard - said).max() <= 1  # the same sound, not a copy of something else
    assert recording.audio_held_seconds == 0  # handed over, not held


def test_a_cancelled_recording_hands_over_no_audio(engine):
    kept = []
    recording, microphone, texts, done = _recording(engine, on_audio=kept.append)
    microphone.play(_pcm("visit"))
    recording.cancel()
    assert recording.wait(120)
    assert kept == [] and recording.audio_held_seconds == 0
