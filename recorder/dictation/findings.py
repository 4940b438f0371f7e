"""What the components leave on a Doc for the draft builder to read."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from recorder.dictation.lexicon import FOLDER, Lexicon, load_lexicon


@dataclass
class Finding:
    field: str
    value: Any
    label: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    """Character spans of the clean text that are its evidence."""
    status: str = ""
    """Empty when drafted; else why it is only mentioned, not drafted ("negated", "offered")."""
    inferred: bool = False
    """Drafted from less than words saying so: a child named, not said to be there."""


def register_extensions() -> None:
    for name in ("context", "mentions", "dates", "findings"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()


def findings(doc: Doc) -> list[Finding]:
    if doc._.findings is None:
        doc._.findings = []
    return doc._.findings


def add(doc: Doc, field_name: str, value: Any, label: str, *spans: tuple[int, int]) -> Finding:
    found = Finding(field_name, value, label, [s for s in spans if s[1] > s[0]])
    findings(doc).append(found)
    return found


def token_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character span of tokens ``start:end``."""
    if end <= start or start >= len(doc):
        return (0, 0)
    return (doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))


@lru_cache(maxsize=4)
def lexicon_at(folder: str) -> Lexicon:
    return load_lexicon(Path(folder) if folder else FOLDER)
