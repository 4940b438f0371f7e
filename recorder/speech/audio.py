"""Audio in memory: reading a WAV file, levels, and cutting speech at its pauses.

Recognition works on stretches of speech cut where the speaker pauses, so text
appears while the worker is still talking and a long recording never has to
be held whole by the engine. Cutting is by energy: a pause is a run of quiet
frames well below the speech around it. Nothing here writes audio to disk.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from recorder.speech.engine import SpeechError

SAMPLE_RATE = 16_000
FRAME = SAMPLE_RATE * 30 // 1000
"""30 ms: the step at which loudness is measured."""
MAX_SEGMENT_S = 25.0
"""A stretch is cut before Whisper's 30-second window, at the quietest moment if need be."""
MIN_SEGMENT_S = 4.0
"""Stretches shorter than this are joined to the next: very short ones recognise worse."""
PAUSE_S = 0.35
"""Quiet this long counts as a pause where a stretch may end."""
QUIET_DBFS = -50.0
"""A recording whose loudest speech is quieter than this is too quiet to recognise."""


@dataclass(frozen=True)
class Audio:
    samples: np.ndarray
    """float32, mono, ``SAMPLE_RATE`` per second, -1..1."""

    @property
    def seconds(self) -> float:
        return len(self.samples) / SAMPLE_RATE


def read_wav(path: Path | str) -> Audio:
    """A WAV file as 16 kHz mono audio; a file that is not one is said plainly."""
    path = Path(path)
    try:
        with wave.open(str(path), "rb") as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            frames = wav.readframes(wav.getnframes())
    except FileNotFoundError:
        raise SpeechError(f"There is no audio file {path}.") from None
    except IsADirectoryError:
        raise SpeechError(f"{path} is a folder; give a WAV audio file.") from None
    except (wave.Error, EOFError, ValueError) as e:
        raise SpeechError(
            f"{path.name} is not a WAV audio file that can be read ({e or 'it is cut short'})."
        ) from None
    except OSError as e:
        raise SpeechError(f"{path} cannot be read ({e.strerror}).") from None
    if width not in (1, 2, 4) or channels < 1 or rate < 4000:
        raise SpeechError(
            f"{path.name} is in a WAV format that cannot be read "
            f"({width * 8}-bit, {channels} channels, {rate} Hz); save it as 16-bit PCM."
        )
    usable = len(frames) - len(frames) % (width * channels)
    if usable <= 0:
        raise SpeechError(f"{path.name} holds no audio.")
    return Audio(to_mono_16k(frames[:usable], width=width, channels=channels, rate=rate))


def to_mono_16k(data: bytes, *, width: int = 2, channels: int = 1, rate: int = SAMPLE_RATE):
    """PCM bytes as float32 mono at ``SAMPLE_RATE``, resampled linearly if need be."""
    if width == 1:
        samples = (np.frombuffer(data, np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 2:
        samples = np.frombuffer(data, "<i2").astype(np.float32) / 32768.0
    else:
        samples = np.frombuffer(data, "<i4").astype(np.float32) / 2147483648.0
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    if rate != SAMPLE_RATE and len(samples):
        count = max(1, round(len(samples) * SAMPLE_RATE / rate))
        samples = np.interp(
            np.linspace(0, len(samples) - 1, count), np.arange(len(samples)), samples
        ).astype(np.float32)
    return np.ascontiguousarray(samples, dtype=np.float32)


def pcm16(samples: np.ndarray) -> bytes:
    """Float samples as 16-bit little-endian PCM: how kept audio is stored (half the bytes)."""
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2").tobytes()


def level_dbfs(samples: np.ndarray) -> float:
    """Loudness (RMS) in dB below full scale; -100 for silence."""
    if not len(samples):
        return -100.0
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return max(-100.0, 20 * np.log10(rms)) if rms > 0 else -100.0


def frame_levels(samples: np.ndarray) -> np.ndarray:
    """Loudness of each 30 ms frame, in dBFS."""
    count = len(samples) // FRAME
    if not count:
        return np.full(1, level_dbfs(samples))
    frames = samples[: count * FRAME].reshape(count, FRAME).astype(np.float64)
    rms = np.sqrt(np.mean(np.square(frames), axis=1))
    return np.maximum(-100.0, 20 * np.log10(np.maximum(rms, 1e-10)))


def too_quiet(samples: np.ndarray) -> bool:
    """Whether even the loudest moments are too quiet to hold speech that can be recognised."""
    levels = frame_levels(samples)
    return float(np.percentile(levels, 95)) < QUIET_DBFS


def pause_threshold(levels: np.ndarray) -> float:
    """A frame quieter than this is part of a pause: between the noise floor and speech.

    At least 25 dB under speech counts as quiet, whatever the floor: digital silence
    (-100 dB) at the ends of a recording would otherwise put the mark below room noise.
    """
    floor = float(np.percentile(levels, 10))
    speech = float(np.percentile(levels, 90))
    return max(floor + (speech - floor) * 0.3, speech - 25.0)


def cut_points(
    samples: np.ndarray,
    *,
    threshold: float | None = None,
    min_segment_s: float = MIN_SEGMENT_S,
    max_segment_s: float = MAX_SEGMENT_S,
) -> list[int]:
    """Sample offsets where the audio may be cut: the middle of pauses, stretches 4-25 s long."""
    levels = frame_levels(samples)
    if threshold is None:
        threshold = pause_threshold(levels)
    quiet = levels < threshold
    pause_frames = max(1, round(PAUSE_S * 1000 / 30))
    min_frames = round(min_segment_s * 1000 / 30)
    max_frames = round(max_segment_s * 1000 / 30)
    cuts: list[int] = []
    start = 0
    run_start = None
    best: tuple[int, int] | None = None  # (run length, middle frame) of the longest pause so far
    for index, is_quiet in enumerate(quiet):
        if is_quiet:
            if run_start is None:
                run_start = index
        else:
            if run_start is not None:
                length = index - run_start
                middle = (run_start + index) // 2
                if length >= pause_frames and middle - start >= min_frames:
                    cuts.append(middle)
                    start, best = middle, None
                elif middle - start >= min_frames and (best is None or length > best[0]):
                    best = (length, middle)
                run_start = None
        if index - start >= max_frames:
            # No real pause in 25 s: cut at the longest short pause, else at the quietest frame.
            if best is not None:
                cut = best[1]
            else:
                window = levels[start + min_frames : index + 1]
                cut = start + min_frames + int(np.argmin(window))
            cuts.append(cut)
            start, best = cut, None
    return [cut * FRAME for cut in cuts if 0 < cut * FRAME < len(samples)]


def segments(samples: np.ndarray, **options) -> list[tuple[int, int]]:
    """The audio as (start, end) sample spans cut at pauses, covering it all."""
    bounds = [0, *cut_points(samples, **options), len(samples)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
