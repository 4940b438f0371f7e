"""Listening to kept audio through the real sound library: it plays, or says why not."""

from __future__ import annotations

from recorder.speech.engine import SpeechError
from recorder.speech.playback import NO_LIBRARY, NO_SPEAKER, SPEAKER_BUSY, open_speaker


def test_the_speaker_opens_or_the_reason_is_said_in_words():
    """On a machine with no sound card (as here) or no sound library, a sentence; with one,
    a stream ready to play, which stops cleanly."""
    finished = []
    try:
        stream = open_speaker(b"\0\0" * 1600, 16_000, lambda: finished.append(1))
    except SpeechError as e:
        assert str(e) in (NO_LIBRARY, NO_SPEAKER, SPEAKER_BUSY)
    else:
        stream.start()
        stream.stop()
        stream.close()
