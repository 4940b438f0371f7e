"""Where a drafted item came from: its words said, and highlighted in the dictation.

The words are checked against the dictation as it is now: after an edit they
may have moved, and a stale highlight would point at the wrong words.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from recorder.dictation.draft import Evidence

HIGHLIGHT = QColor("#ffe08a")


def source_words(text: str, evidence: tuple[Evidence, ...], reason: str = "") -> str:
    """What the pane says about an item's source, given the dictation ``text`` now."""
    if evidence and any(text[e.start : e.end] != e.words for e in evidence):
        return (
            "The dictation has changed since it was drafted; press Draft again to see "
            "where each suggestion came from."
        )
    if evidence:
        return "From the dictation: " + " … ".join(f"“{e.words}”" for e in evidence)
    if reason:
        return f"No words of the dictation are given for this ({reason})."
    return "No words of the dictation are given for this."


def highlight_source(edit: QPlainTextEdit, evidence: tuple[Evidence, ...]) -> None:
    """Highlight the words still where they were, and bring the first into view."""
    text = edit.toPlainText()
    spans = [e for e in evidence if text[e.start : e.end] == e.words]
    highlight = QTextCharFormat()
    highlight.setBackground(HIGHLIGHT)
    selections = []
    for e in spans:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(edit.document())
        cursor.setPosition(_qt_position(text, e.start))
        cursor.setPosition(_qt_position(text, e.end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = highlight
        selections.append(selection)
    edit.setExtraSelections(selections)
    if spans:
        cursor = QTextCursor(edit.document())
        cursor.setPosition(_qt_position(text, spans[0].start))
        edit.setTextCursor(cursor)
        edit.ensureCursorVisible()


def _qt_position(text: str, index: int) -> int:
    """A Python string index as a Qt text position, which counts UTF-16 code units."""
    return len(text[:index].encode("utf-16-le")) // 2
