"""Transcribing audio stretch by stretch, with progress, cancel and partial results.

``transcribe(audio, engine, state)`` is the run function for a recording
already in memory (a file, or a finished recording); ``LiveTranscriber``
takes audio as it is captured and hands back text each time the speaker
pauses, so words appear while the worker is still talking. Both drop each
stretch of audio as soon as it is recognised.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from recorder.speech.audio import (
    MAX_SEGMENT_S,
    MIN_SEGMENT_S,
    PAUSE_S,
    SAMPLE_RATE,
    Audio,
    cut_points,
    frame_levels,
    pause_threshold,
    segments,
    too_quiet,
)
from recorder.speech.engine import Engine, SpeechError

TOO_QUIET = (
    "The recording is too quiet to hold speech that can be recognised. Check the "
    "microphone is switched on and not muted, and speak closer to it."
)

TOO_SHORT = "The recording is too short to hold speech (under half a second)."


@dataclass
class TranscribeState:
    """Progress, cancel and partial text shared between the worker and whoever watches it."""

    progress: Callable[[float, str], None] | None = None
    """Called with the fraction done and the text recognised so far."""
    cancelled: threading.Event = field(default_factory=threading.Event)
    texts: list[str] = field(default_factory=list)

    def cancel(self) -> None:
        self.cancelled.set()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled.is_set()

    @property
    def text(self) -> str:
        text = join(self.texts)
        return spoken_marks_only(text) if speaks_punctuation(text) else text


_SPOKEN_MARK = re.compile(r"\b(full[ -]?stop|fullstop|comma|new paragraph|question mark)\b", re.I)
_WRITTEN_MARK = re.compile(r"(?<!\.)[.,;!?](?=\s|$)")


def join(texts: list[str]) -> str:
    return " ".join(t.strip() for t in texts if t.strip())


def speaks_punctuation(text: str) -> bool:
    """Whether the worker says the punctuation ("full stop", "comma") in this recording."""
    return _SPOKEN_MARK.search(text) is not None


def spoken_marks_only(text: str) -> str:
    """The text without the marks the recogniser guessed, for a worker who says them.

    The recogniser puts a full stop at many a breath ("she has been feeling very low.
    and not sleeping"), which splits a sentence for drafting; where the worker says
    the punctuation, only what they said is kept. That goes for a mark after a number
    too ("a cousin who is 15. and walks her home"): only marks inside numbers
    stay ("3.45pm").
    """
    return _WRITTEN_MARK.sub("", text)


def transcribe(
    audio: Audio,
    engine: Engine,
    state: TranscribeState | None = None,
    *,
    hints: Sequence[str] = (),
) -> str:
    """The text of ``audio``, stretch by stretch; on cancel, what was recognised so far.

    :param hints: the family's names (``recorder.dictation.recognised.record_names``),
        which the engine leans towards.
    """
    state = state or TranscribeState()
    hints = tuple(hints)
    samples = audio.samples
    if len(samples) < SAMPLE_RATE // 2:
        raise SpeechError(TOO_SHORT)
    if too_quiet(samples):
        raise SpeechError(TOO_QUIET)
    spans = segments(samples)
    total = len(samples)
    for start, end in spans:
        if state.is_cancelled:
            break
        text = engine.recognise(samples[start:end], hints)
        if text:
            state.texts.append(text)
        if state.progress:
            state.progress(end / total, state.text)
    return state.text


class LiveTranscriber:
    """Audio fed in as it is captured; text out at each pause (or every 25 s at most).

    Not thread-safe by itself: one capture thread calls ``feed`` and ``finish``.
    The pause level is learned from the audio heard so far, so a noisy room
    still cuts at the worker's pauses.
    """

    def __init__(self, engine: Engine, hints: Sequence[str] = ()) -> None:
        self.engine = engine
        self.hints = tuple(hints)
        """The family's names, which the engine leans towards."""
        self._pending = np.zeros(0, dtype=np.float32)
        self._levels: list[np.ndarray] = []
        self.heard_speech = False
        self.seconds = 0.0
        self.speaks_punctuation = False
        """Set once the worker says a mark: from then on the recogniser's own are dropped."""

    def feed(self, samples: np.ndarray) -> list[str]:
        """Takes captured audio; returns the text of any stretch that has just ended."""
        samples = np.asarray(samples, dtype=np.float32)
        self.seconds += len(samples) / SAMPLE_RATE
        self._pending = np.concatenate([self._pending, samples])
        self._levels.append(frame_levels(samples))
        if len(self._pending) < (MIN_SEGMENT_S + PAUSE_S) * SAMPLE_RATE:
            return []
        heard = np.concatenate(self._levels[-2000:])
        cuts = cut_points(self._pending, threshold=pause_threshold(heard))
        # The last cut is kept back unless the audio after it is already long: the speaker
        # may still be pausing there.
        texts = []
        if cuts:
            done = cuts[-1]
            texts = self._recognise(self._pending[:done])
            self._pending = self._pending[done:]
        elif len(self._pending) > MAX_SEGMENT_S * SAMPLE_RATE:
            texts = self._recognise(self._pending)
            self._pending = np.zeros(0, dtype=np.float32)
        return texts

    @property
    def held_seconds(self) -> float:
        """Audio heard and not yet recognised: all the audio this object holds."""
        return len(self._pending) / SAMPLE_RATE

    def finish(self) -> list[str]:
        """The text of whatever is left once recording stops."""
        rest, self._pending = self._pending, np.zeros(0, dtype=np.float32)
        return self._recognise(rest)

    def _recognise(self, samples: np.ndarray) -> list[str]:
        texts = []
        for start, end in segments(samples) if len(samples) else []:
            piece = samples[start:end]
            if too_quiet(piece):
                continue
            self.heard_speech = True
            text = self.engine.recognise(piece, self.hints).strip()
            self.speaks_punctuation = self.speaks_punctuation or speaks_punctuation(text)
            if self.speaks_punctuation:
                text = spoken_marks_only(text).strip()
            if text:
                texts.append(text)
        return texts
