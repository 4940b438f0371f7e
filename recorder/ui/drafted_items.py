"""The list of drafted items beside a visit form: field, suggestion, and where it stands."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from recorder.dictation.to_form import FormSuggestion
from recorder.ui.table_model import Column, RowsTableModel

ACCEPTED_BACKGROUND = QColor("#e6f4ea")


PENDING, ACCEPTED, ADDED = "pending", "accepted", "added"
_STATE_WORDS = {
    PENDING: "Suggested",
    ACCEPTED: "✓ Accepted",
    ADDED: "✓ Added",
}


@dataclass(frozen=True)
class DraftedRow:
    suggestion: FormSuggestion
    state: str = PENDING


class DraftedItemsModel(RowsTableModel[DraftedRow]):
    """The drafted items still in play: rejected ones leave the list."""

    def __init__(self, parent=None) -> None:
        super().__init__(
            [
                Column("Field", lambda r: r.suggestion.field_label, tooltip=_source_words),
                Column("Suggestion", lambda r: r.suggestion.words, tooltip=_source_words),
                Column("Status", lambda r: _STATE_WORDS[r.state]),
            ],
            parent,
        )

    def set_state(self, row: int, state: str) -> None:
        self._rows[row] = replace(self._rows[row], state=state)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and index.isValid()
            and 0 <= index.row() < len(self._rows)
            and self._rows[index.row()].state != PENDING
        ):
            return QBrush(ACCEPTED_BACKGROUND)
        return super().data(index, role)


def _source_words(row: DraftedRow) -> str:
    words = " … ".join(e.words for e in row.suggestion.evidence)
    return f"From the dictation: “{words}”" if words else "No words of the dictation given"
