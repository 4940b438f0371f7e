"""Sentences, clauses and quotations of a dictation, the same with or without a parser.

Dictation runs sentences together with commas; the rules that read it work
clause by clause. These are found from punctuation alone, so the statistical
pipeline, when installed, cannot change them.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

_OPEN, _CLOSE, _STRAIGHT = "“", "”", '"'


@dataclass(frozen=True)
class Units:
    sentences: tuple[tuple[int, int], ...]
    clauses: tuple[tuple[int, int], ...]
    quoted: tuple[bool, ...]
    """Per token: inside a quotation (the marks themselves count as inside)."""
    quotes: tuple[tuple[int, int], ...]
    """Token spans of quotations, marks excluded."""
    sentence_at: tuple[int, ...] = ()
    clause_at: tuple[int, ...] = ()

    def sentence_of(self, i: int) -> tuple[int, int]:
        k = self.sentence_index(i)
        return self.sentences[k] if k >= 0 else (i, i + 1)

    def clause_of(self, i: int) -> tuple[int, int]:
        k = self.clause_at[i] if 0 <= i < len(self.clause_at) else -1
        return self.clauses[k] if k >= 0 else (i, i + 1)

    def sentence_index(self, i: int) -> int:
        return self.sentence_at[i] if 0 <= i < len(self.sentence_at) else -1


def units(doc: Doc) -> Units:
    cached = doc.user_data.get("recorder_units")
    if cached is not None:
        return cached
    quoted = [False] * len(doc)
    quotes: list[tuple[int, int]] = []
    open_at: int | None = None

    def unclosed(open_at: int, end: int) -> None:
        """A quotation never closed ends at its first full stop: the rest is not quoted."""
        stop = next((k for k in range(open_at + 1, end) if doc[k].text in (".", "?", "!")), end)
        for k in range(stop, end):
            quoted[k] = False
        if stop > open_at + 1:
            quotes.append((open_at + 1, stop))

    for t in doc:
        text = t.text
        if open_at is None and (text == _OPEN or text == _STRAIGHT):
            open_at = t.i
            quoted[t.i] = True
        elif open_at is not None and (text == _CLOSE or text == _STRAIGHT):
            quoted[t.i] = True
            quotes.append((open_at + 1, t.i))
            open_at = None
        elif open_at is not None and text == _OPEN:
            unclosed(open_at, t.i)
            open_at = t.i
            quoted[t.i] = True
        elif open_at is not None and "\n" in text:
            unclosed(open_at, t.i + 1)
            open_at = None
        elif open_at is not None:
            quoted[t.i] = True
    if open_at is not None:
        unclosed(open_at, len(doc))
    quotes.sort()
    sentences: list[tuple[int, int]] = []
    start = 0
    for t in doc:
        ends = t.text in (".", "?", "!") or "\n" in t.text
        if ends and not quoted[t.i]:
            if t.i + 1 < len(doc) and doc[t.i + 1].text in (_CLOSE, _STRAIGHT):
                continue
            sentences.append((start, t.i + 1))
            start = t.i + 1
        elif ends and quoted[t.i] and t.i + 1 < len(doc) and doc[t.i + 1].text == _CLOSE:
            continue
    if start < len(doc):
        sentences.append((start, len(doc)))
    clauses: list[tuple[int, int]] = []
    for s, e in sentences:
        c = s
        for i in range(s, e):
            text = doc[i].text
            if not quoted[i] and (text in (",", ";", ":") or text.casefold() == "but"):
                if i > c:
                    clauses.append((c, i))
                c = i + 1 if text in (",", ";", ":") else i
        if c < e:
            clauses.append((c, e))
    sentence_at = [-1] * len(doc)
    for k, (a, b) in enumerate(sentences):
        sentence_at[a:b] = [k] * (b - a)
    clause_at = [-1] * len(doc)
    for k, (a, b) in enumerate(clauses):
        clause_at[a:b] = [k] * (b - a)
    result = Units(tuple(sentences), tuple(clauses), tuple(quoted), tuple(quotes),
                   tuple(sentence_at), tuple(clause_at))
    doc.user_data["recorder_units"] = result
    return result
