"""What a speech engine must do, and the one error every speech problem becomes.

An engine turns a stretch of 16 kHz mono audio (a few seconds to half a
minute, cut at a pause) into text. Engines never fetch anything: their
weights are on disk before they are loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np


class SpeechError(Exception):
    """A problem with audio, the microphone or the model, said in a plain sentence."""


class Engine(Protocol):
    name: str
    """The engine and its weights in words, for notes and benchmarks."""

    def recognise(self, samples: np.ndarray, hints: Sequence[str] = ()) -> str:
        """The words in ``samples`` (float32, 16 kHz, mono, -1..1); empty for silence.

        ``hints`` are words likely to be said (the family's names): an engine may lean
        towards them, or ignore them, but must never lose words because of them.
        """
        ...


NOT_INSTALLED = (
    "Speech recognition is not installed on this computer. Ask for the speech extra to be "
    'installed (pip install -e ".[speech]"); you can still type or paste the dictation.'
)
