"""Finding listed phrases in a Doc by whole words, without case or accents.

spaCy's PhraseMatcher matches exact token attributes; cue lists also need
"arriv*" to match "arrived", and the longest of overlapping phrases to win, so
this small table does both over tokens folded once per Doc.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from recorder.domain.names import fold as _fold_uncached

fold = lru_cache(maxsize=16384)(_fold_uncached)

_WILD = "qxwildqx"


def folded(doc: Doc) -> list[str]:
    """The Doc's words folded for matching, computed once and kept with the Doc."""
    cached = doc.user_data.get("recorder_folded")
    if cached is None or len(cached) != len(doc):
        # "didnt", "dont", typed without the apostrophe, split as "did" "nt": the same "n't"
        cached = ["n't" if t.norm_ == "not" and t.text.casefold() == "nt"
                  else fold(t.text).replace("’", "'") for t in doc]
        doc.user_data["recorder_folded"] = cached
    return cached


class PhraseTable:
    def __init__(self, tokenize: Callable[[str], Iterable[str]]) -> None:
        self._tokenize = tokenize
        self._exact: dict[str, list[tuple[tuple[str, ...], Any]]] = defaultdict(list)
        # phrases whose first word ends in *, by that word's first two letters
        self._wild_first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self.longest = 0

    @classmethod
    def over(cls, nlp: Language, entries: Iterable[tuple[Any, Iterable[str]]] = ()) -> PhraseTable:
        """A table split into words by ``nlp``'s own tokenizer, filled with (payload, phrases)."""
        table = cls(lambda text: [t.text for t in nlp.tokenizer(text)])
        for payload, phrases in entries:
            table.add_all(phrases, payload)
        return table

    def add(self, phrase: str, payload: Any) -> None:
        words = tuple(
            w.replace(_WILD, "*") if w.endswith(_WILD) else w
            for w in (fold(t).replace("’", "'") for t in self._split(phrase.replace("*", _WILD)))
        )
        if not words:
            return
        self.longest = max(self.longest, len(words))
        if words[0].endswith("*"):
            key = words[0][:2] if len(words[0]) > 2 else ""
            self._wild_first.setdefault(key, []).append((words, payload))
        else:
            self._exact[words[0]].append((words, payload))

    def _split(self, phrase: str) -> list[str]:
        """The phrase's words as a dictation's would be split. A phrase opening on a
        contraction ("'m going to", "'ve agreed to") is split after a word, as it is
        found: on its own the tokenizer takes its apostrophe for a quotation mark."""
        if phrase[:1] in ("'", "’"):
            for before in ("I", "she", "we"):
                words = self._tokenize(before + phrase)
                if len(words) > 1 and words[0] == before and words[1][:1] in ("'", "’"):
                    return words[1:]
        return self._tokenize(phrase)

    def add_all(self, phrases: Iterable[str], payload: Any) -> None:
        for phrase in phrases:
            self.add(phrase, payload)

    def at(self, words: list[str], i: int, end: int | None = None) -> tuple[int, Any] | None:
        """The longest phrase starting at word ``i``: (its length, its payload)."""
        end = len(words) if end is None else end
        best: tuple[int, Any] | None = None
        word = words[i]
        exact = self._exact.get(word)
        for patterns in (exact, self._wild_first.get(word[:2]), self._wild_first.get("")):
            if not patterns:
                continue
            for pattern, payload in patterns:
                n = len(pattern)
                if i + n <= end and (best is None or n > best[0]) and (
                    n == 1 and patterns is exact or _fits(pattern, words, i)
                ):
                    best = (n, payload)
        return best

    def find(self, words: list[str], start: int = 0, end: int | None = None):
        """Every phrase in ``words[start:end]``, longest first, not overlapping: (i, j, payload)."""
        end = len(words) if end is None else end
        i = start
        while i < end:
            hit = self.at(words, i, end)
            if hit:
                yield i, i + hit[0], hit[1]
                i += hit[0]
            else:
                i += 1


def _fits(pattern: tuple[str, ...], words: list[str], i: int) -> bool:
    for k, want in enumerate(pattern):
        have = words[i + k]
        if want.endswith("*"):
            if not have.startswith(want[:-1]):
                return False
        elif have != want:
            return False
    return True
