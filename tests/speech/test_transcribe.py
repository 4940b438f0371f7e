"""A worker's recording becomes text on this computer, stretch by stretch, with nothing fetched."""

from __future__ import annotations

import dataclasses
import shutil
import socket

import numpy as np
import pytest

from recorder.dictation.recognised import recognise
from recorder.speech import SAMPLE_RATE, Audio, SpeechError, TranscribeState, read_wav, transcribe
from recorder.speech.audio import segments
from recorder.speech.transcribe import LiveTranscriber, speaks_punctuation, spoken_marks_only
from recorder.speech.weights import checked_folder, installed_folder, load_weights
from recorder.speech.whisper import WhisperEngine
from tests.speech.conftest import DATA


def _words(text: str) -> set[str]:
    return {w.strip(".,!?“”\"'").casefold() for w in text.split()}


def test_a_short_recording_becomes_the_words_that_were_said(engine):
    text = transcribe(read_wav(DATA / "mom.wav"), engine)
    assert {"doctor", "came", "tuesday"} <= _words(text)


def test_names_heard_are_spelt_as_the_family_record_spells_them(engine):
    heard = transcribe(read_wav(DATA / "quote.wav"), engine) + " " + transcribe(
        read_wav(DATA / "visit.wav"), engine
    )
    respelt = recognise(heard, ["Sophie", "Kieran", "Calum", "Hughes"])
    assert {"calum", "sophie", "kieran"} <= _words(respelt.text)
    assert any(c.written == "Kieran" for c in respelt.changes)  # the worker sees what changed


def test_transcription_works_with_the_network_unreachable(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError("the network is unreachable in this test")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    engine = WhisperEngine.load()  # a fresh load, under the block
    assert "doctor" in _words(transcribe(read_wav(DATA / "mom.wav"), engine))


def test_long_audio_is_cut_at_the_pauses_between_sentences(long_recording):
    cuts = [start for start, _end in segments(long_recording.samples)][1:]
    ends = np.cumsum([read_wav(DATA / f"{n}.wav").samples.size + SAMPLE_RATE
                      for n in ("visit", "quote", "mom")])
    # every cut falls in a pause: within the second of quiet after a recording
    assert cuts and all(any(end - SAMPLE_RATE <= c <= end for end in ends) for c in cuts)


def test_progress_is_reported_and_cancel_keeps_what_was_recognised(engine, long_recording):
    seen: list[tuple[float, str]] = []
    state = TranscribeState()

    def progress(done: float, text: str) -> None:
        seen.append((done, text))
        state.cancel()  # the worker presses Cancel as the first words appear

    state.progress = progress
    text = transcribe(long_recording, engine, state)
    assert len(seen) == 1 and 0 < seen[0][0] < 1
    assert "sophie" in _words(text) and "tuesday" not in _words(text)


def test_live_recording_gives_text_while_the_worker_is_still_talking(engine, long_recording):
    live = LiveTranscriber(engine)
    chunk = SAMPLE_RATE // 10
    first_text_at = None
    texts = []
    for start in range(0, long_recording.samples.size, chunk):
        got = live.feed(long_recording.samples[start : start + chunk])
        if got and first_text_at is None:
            first_text_at = start / SAMPLE_RATE
        texts += got
    texts += live.finish()
    assert first_text_at is not None and first_text_at < long_recording.seconds - 5
    assert {"sophie", "bike", "tuesday"} <= _words(" ".join(texts))


def test_a_file_that_is_not_a_recording_is_said_plainly():
    with pytest.raises(SpeechError, match="not a WAV audio file"):
        read_wav(DATA / "not-audio.wav")


def test_a_recording_cut_short_or_silent_is_said_plainly(engine):
    with pytest.raises(SpeechError, match="too short"):
        transcribe(read_wav(DATA / "cut-short.wav"), engine)
    with pytest.raises(SpeechError, match="too quiet"):
        transcribe(Audio(np.zeros(SAMPLE_RATE * 2, dtype=np.float32)), engine)


def test_a_missing_model_is_said_plainly_and_never_fetched(tmp_path):
    with pytest.raises(SpeechError, match="incomplete: config.json is missing"):
        WhisperEngine.load(folder=tmp_path)
    absent = dataclasses.replace(load_weights(), module="no_such_speech_weights")
    with pytest.raises(SpeechError, match="speech model is not installed"):
        WhisperEngine.load(weights=absent)


def test_a_changed_model_file_is_refused_before_it_is_loaded(tmp_path):
    weights = load_weights()
    for name in weights.sha256:
        shutil.copy(installed_folder(weights) / name, tmp_path / name)
    assert checked_folder(weights, tmp_path) == tmp_path
    with (tmp_path / "config.json").open("a") as f:
        f.write(" ")
    with pytest.raises(SpeechError, match="config.json is not the one"):
        WhisperEngine.load(folder=tmp_path)


def test_where_the_worker_says_the_punctuation_the_recognisers_guesses_are_dropped():
    heard = "She has been feeling very low. and not sleeping full stop. Seen at 3.45pm, comma."
    assert speaks_punctuation(heard)
    assert spoken_marks_only(heard) == (
        "She has been feeling very low and not sleeping full stop Seen at 3.45pm comma"
    )
    assert not speaks_punctuation("She has been feeling very low. And not sleeping.")


def test_a_mark_the_recogniser_guessed_after_a_number_is_dropped_too():
    # "who is 15. and walks" split the sentence for drafting
    heard = "a cousin who is 15. and walks comma seen at 4.30pm, then 2,000 words full stop"
    assert spoken_marks_only(heard) == (
        "a cousin who is 15 and walks comma seen at 4.30pm then 2,000 words full stop"
    )
