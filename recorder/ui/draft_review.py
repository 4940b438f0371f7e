"""Reviewing a draft item by item: accept, reject, accept all, and the buttons that say so.

Mixed into :class:`~recorder.ui.dictation_pane.DictationPane`: the list's
rows change state here, and the fields they fill change through the pane's
drafted fields (``forms/drafted_fields.py``), never through the form window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recorder.dictation.to_form import NEW_PEOPLE
from recorder.ui.drafted_items import ACCEPTED, PENDING

if TYPE_CHECKING:
    from recorder.forms.editing import RecordEditor
    from recorder.ui.drafted_items import DraftedItemsModel


class DraftReview:
    """The accept-and-reject half of the dictation pane (a mixin: it uses the pane's widgets)."""

    editor: RecordEditor
    model: DraftedItemsModel

    # -- accepting and rejecting -------------------------------------------------

    def selected_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def accept_selected(self) -> None:
        row = self.selected_row()
        if row >= 0:
            self.accept_row(row)

    def reject_selected(self) -> None:
        row = self.selected_row()
        if row >= 0:
            self.reject_row(row)

    def accept_row(self, row: int) -> None:
        item = self.model.row_at(row)
        if item.state != PENDING:
            return
        field_id = item.suggestion.field_id
        if field_id == NEW_PEOPLE:
            self._offer_new_people([row])
            return
        self.model.set_state(row, ACCEPTED)
        if all(r.state != PENDING for r in self._rows_for(field_id)):
            self.field_accepted.emit(field_id)
        self._after_change()

    def reject_row(self, row: int) -> None:
        item = self.model.row_at(row)
        if item.suggestion.field_id != NEW_PEOPLE:
            self._take_out(item.suggestion)
        self.model.remove(row)
        field_id = item.suggestion.field_id
        left = self._rows_for(field_id)
        if field_id != NEW_PEOPLE and left and all(r.state != PENDING for r in left):
            self.field_accepted.emit(field_id)
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        else:
            self.dictation.setExtraSelections([])
            self.source.setText("")
        self._after_change()

    def accept_all(self) -> None:
        """Accept every drafted item; people new to the record are asked about in one go."""
        new_people = []
        for row in range(self.model.rowCount()):
            item = self.model.row_at(row)
            if item.state != PENDING:
                continue
            if item.suggestion.field_id == NEW_PEOPLE:
                new_people.append(row)
            else:
                self.model.set_state(row, ACCEPTED)
        for field_id in dict.fromkeys(r.suggestion.field_id for r in self.model.rows()):
            if field_id != NEW_PEOPLE:
                entry = self.editor.fields[field_id].provenance
                if entry and not entry.accepted:
                    self.field_accepted.emit(field_id)
        if new_people:
            self._offer_new_people(new_people)
        self._after_change()

    def field_accepted_on_form(self, field_id: str) -> None:
        """The form's own Accept: every drafted item of that field is accepted with it."""
        for row in range(self.model.rowCount()):
            item = self.model.row_at(row)
            if item.suggestion.field_id == field_id and item.state == PENDING:
                self.model.set_state(row, ACCEPTED)
        self._update_buttons()

    def field_cleared_on_form(self, field_id: str) -> None:
        """The form's own Clear: the drafted items of that field leave the list."""
        for row in reversed(range(self.model.rowCount())):
            if self.model.row_at(row).suggestion.field_id == field_id:
                self.model.remove(row)
        self.fields.forget(field_id)
        self._update_buttons()

    def _after_change(self) -> None:
        self._update_buttons()
        self._selected(self.table.currentIndex())

    def _update_buttons(self) -> None:
        editable = self._editable
        self.draft_button.setEnabled(editable and self.drafting.is_ready and not self.busy)
        self.dictation.setReadOnly(not editable)
        row = self.selected_row()
        pending = row >= 0 and self.model.row_at(row).state == PENDING
        self.accept_button.setEnabled(editable and pending)
        self.reject_button.setEnabled(editable and pending)
        waiting = sum(r.state == PENDING for r in self.model.rows())
        self.accept_all_button.setEnabled(editable and waiting > 0)
        self.list_heading.setText(
            f"Suggestions from the dictation ({waiting} to review)"
            if waiting
            else "Suggestions from the dictation"
        )
