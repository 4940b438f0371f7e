"""Real recordings (short, read by espeak-ng, in ``data/``) and the real engine, loaded once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from recorder.speech import SAMPLE_RATE, Audio, read_wav

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def engine():
    from recorder.speech.whisper import WhisperEngine

    return WhisperEngine.load()


@pytest.fixture(scope="session")
def long_recording() -> Audio:
    """Three recordings with a second of quiet room noise between each."""
    rng = np.random.default_rng(17)
    gap = (rng.standard_normal(SAMPLE_RATE) * 0.002).astype(np.float32)
    parts = []
    for name in ("visit", "quote", "mom"):
        parts += [read_wav(DATA / f"{name}.wav").samples, gap]
    return Audio(np.concatenate(parts))
