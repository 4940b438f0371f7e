"""Beside a visit form: the dictation, a Draft button, and what the draft suggests.

The worker types or pastes what happened and presses Draft (Ctrl+Enter). The
draft fills the form's fields as suggestions, each with a badge saying it was
drafted from the dictation; the list here shows every drafted item, and the one
selected has its source words highlighted in the dictation. Each is accepted,
edited on the form, or rejected (which takes it back out of the field). People
the record does not have are offered for adding to the family network.

The language pipeline loads once, off the GUI thread, while the app starts;
drafting runs on that same background thread (``background_drafter.py``). The
pane works on the record editor the form window also draws
(``forms/editing.py``), writing drafted items into fields through
``forms/drafted_fields.py``, and tells the window by signals which fields it
changed: it never holds or imports the window. Nothing here decides what a
field means: that is ``recorder.dictation.to_form``.
"""

from __future__ import annotations

import weakref
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recorder.dictation.context import context_from_facts
from recorder.dictation.draft import Draft, Evidence
from recorder.dictation.to_form import (
    NEW_PEOPLE,
    FormSuggestion,
    add_to_family_network,
    form_suggestions,
    mentioned_lines,
)
from recorder.forms.drafted_fields import DraftedFields, DraftedItem
from recorder.forms.editing import RecordEditor
from recorder.reference.relationships import RelationshipVocabulary
from recorder.store.views import CaseFacts
from recorder.ui.background_drafter import BackgroundDrafter
from recorder.ui.dictation_source import highlight_source, source_words
from recorder.ui.draft_review import DraftReview
from recorder.ui.drafted_items import (
    ACCEPTED,
    ADDED,
    PENDING,
    DraftedItemsModel,
    DraftedRow,
)
from recorder.ui.kept_audio_bar import KeptAudioBar
from recorder.ui.new_people_dialog import NewPeopleDialog, ask_new_people
from recorder.ui.recording import RecordingBar
from recorder.ui.tasks import TaskRunner
from recorder.ui.widgets import heading

__all__ = [
    "ACCEPTED", "ADDED", "PENDING", "BackgroundDrafter", "DictationPane", "DraftedItemsModel",
    "NewPeopleDialog", "ask_new_people",
]  # fmt: skip


class DictationPane(DraftReview, QWidget):
    """The dictation and its draft, for one visit form."""

    drafted = Signal()
    """A draft has been shown (or found nothing)."""
    field_changed = Signal(str)
    """The pane changed a field in the record editor: the form draws it again."""
    field_accepted = Signal(str)
    """Every drafted item of a field is accepted: the form accepts the field."""
    dictation_changed = Signal(str)
    """The dictation was typed into: carries its text."""
    dictation_left = Signal()
    """Focus left the dictation: like leaving a field, a moment to save."""
    show_field = Signal(str)
    """The selected item's field should be in view."""
    read_screen = Signal()
    """Before the pane reads fields: the form brings the editor up to date with its widgets."""

    def __init__(
        self,
        editor: RecordEditor,
        drafting: BackgroundDrafter,
        vocabulary: RelationshipVocabulary,
        runner: TaskRunner,
        *,
        facts: CaseFacts,
        today: date,
        keep_audio_days: int = 0,
    ) -> None:
        """:param keep_audio_days: the council's setting: days a recording's audio is kept."""
        super().__init__()
        self.keep_audio_days = keep_audio_days
        self.editor = editor
        self.facts = facts
        self.today = today
        self.fields = DraftedFields(editor)
        self.drafting = drafting
        self.vocabulary = vocabulary
        self.runner = runner
        self.busy = False
        self._editable = True
        self._generation = 0
        self._drafted_text: str | None = None
        self.setObjectName("dictationPane")
        self._form: weakref.ref | None = None

        self.dictation = QPlainTextEdit()
        self.dictation.setAccessibleName("Dictation")
        self.dictation.setAccessibleDescription(
            "What happened at the visit, typed or pasted from dictation software"
        )
        self.dictation.setPlaceholderText(
            "Type or paste what happened at the visit: who was there, what the child said, "
            "what you saw, what worries you, and what was agreed."
        )
        self.dictation.setTabChangesFocus(True)
        self.dictation.textChanged.connect(self._dictation_changed)
        self.dictation.installEventFilter(self)
        self.draft_button = QPushButton("Draft")
        self.draft_button.setAccessibleName("Draft the form from the dictation")
        self.draft_button.setToolTip(
            "Fill the form with suggestions from the dictation (Ctrl+Enter)"
        )
        self.draft_button.clicked.connect(self.draft)
        self.status = QLabel("")
        self.status.setObjectName("note")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Drafting status")

        self.model = DraftedItemsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Suggestions from the dictation")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.setStyleSheet("QTableView::item { padding: 3px 4px; }")
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 170)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # Rows grow to show a wrapped suggestion whole, as the columns are resized.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.table.activated.connect(lambda _index: self.accept_selected())
        self.source = QLabel("")
        self.source.setObjectName("note")
        self.source.setWordWrap(True)
        self.source.setAccessibleName("Where the selected suggestion came from")
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.accept_button = QPushButton("&Accept")
        self.accept_button.setAccessibleName("Accept the selected suggestion")
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button = QPushButton("&Reject")
        self.reject_button.setAccessibleName("Reject the selected suggestion")
        self.reject_button.clicked.connect(self.reject_selected)
        self.accept_all_button = QPushButton("Accept all from the &dictation")
        self.accept_all_button.setAccessibleName("Accept every suggestion from the dictation")
        self.accept_all_button.clicked.connect(self.accept_all)

        draft_row = QHBoxLayout()
        draft_row.addWidget(self.status, 1)
        draft_row.addWidget(self.draft_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 4, 4)
        layout.addWidget(heading("Dictation"))
        layout.addWidget(self.dictation, 1)
        self.recording = RecordingBar(self)
        layout.addWidget(self.recording)
        self.kept_audio = KeptAudioBar(self)
        layout.addWidget(self.kept_audio)
        self.kept_audio.refresh()
        layout.addLayout(draft_row)
        self.list_heading = heading("Suggestions from the dictation")
        layout.addWidget(self.list_heading)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.source)
        self.mentioned = QLabel("")  # issue 16: what the dictation mentions but does not assert
        self.mentioned.setObjectName("note")
        self.mentioned.setWordWrap(True)
        self.mentioned.setAccessibleName("Mentioned in the dictation, not drafted")
        self.mentioned.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mentioned.hide()
        layout.addWidget(self.mentioned)
        layout.addLayout(buttons)

        drafting.ready.connect(self._drafting_ready)
        self._drafting_ready()
        self._update_buttons()

    # -- the dictation ------------------------------------------------------

    def text(self) -> str:
        return self.dictation.toPlainText()

    def set_text(self, text: str | None) -> None:
        self.dictation.blockSignals(True)
        self.dictation.setPlainText(text or "")
        self.dictation.blockSignals(False)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.dictation and event.type() == event.Type.FocusOut:
            self.dictation_left.emit()  # like leaving a field: the typing goes to disk
        return False

    @property
    def form(self):
        """The form window, which the recording bar asks for the family's consent.

        Held weakly: the window owns the pane, and a strong reference back kept a
        deleted window's wrapper alive.
        """
        return self._form() if self._form is not None else None

    @form.setter
    def form(self, window) -> None:
        self._form = weakref.ref(window)

    def stop(self) -> None:
        """The window is closing: a draft still on its way is not wanted."""
        self.recording.shut()
        self.kept_audio.stop()
        self._generation += 1
        self.busy = False

    def _dictation_changed(self) -> None:
        self.dictation_changed.emit(self.text())
        if self._drafted_text is not None and self.text() != self._drafted_text:
            self.dictation.setExtraSelections([])

    def set_editable(self, editable: bool) -> None:
        self.dictation.setReadOnly(not editable)
        self._editable = editable
        self._update_buttons()

    # -- drafting -----------------------------------------------------------

    def _drafting_ready(self) -> None:
        if self.busy:
            return
        if self.drafting.is_ready:
            self.draft_button.setText("&Draft")
            self.status.setText(
                self.drafting.problem
                or "Press Draft (Ctrl+Enter) to fill the form with suggestions from the dictation."
            )
        elif self.drafting.problem:
            self.draft_button.setText("Draft (not available)")
            self.status.setText(self.drafting.problem)
        else:
            self.draft_button.setText("Draft (getting ready…)")
            self.status.setText(
                "The language model is loading. You can type or paste the dictation meanwhile."
            )
        self._update_buttons()

    def draft(self) -> None:
        """Draft from the dictation in the background; the form stays usable meanwhile."""
        if self.busy or not self._editable:
            return
        text = self.text()
        if not text.strip():
            self.status.setText(
                "There is nothing to draft yet: type or paste the dictation above, "
                "then press Draft."
            )
            self.dictation.setFocus()
            return
        if not self.drafting.is_ready:
            self.status.setText(
                "The language model is still loading; your dictation is kept. "
                "Press Draft again in a moment."
            )
            return
        context = context_from_facts(self.facts, self.vocabulary, recorded_on=self.today)
        self._generation += 1
        generation = self._generation
        self.busy = True
        self.draft_button.setText("Drafting…")
        self.status.setText("Drafting from the dictation…")
        self._update_buttons()
        self.drafting.draft(
            text,
            context,
            lambda draft: self._show(draft, text, context, generation),
            lambda message: self._failed(message, generation),
        )

    def _failed(self, message: str, generation: int) -> None:
        if generation != self._generation:
            return
        self.busy = False
        self._drafting_ready()
        self.status.setText(f"The draft could not be made: {message}. The dictation is kept.")

    def _show(self, draft: Draft, text: str, context, generation: int) -> None:
        if generation != self._generation:
            return  # a newer draft is on its way
        self.busy = False
        self._drafting_ready()
        self.read_screen.emit()
        self._withdraw_pending()
        suggestions = form_suggestions(
            draft,
            self.editor.form,
            context,
            child_id=self.facts.child.id,
            vocabulary=self.vocabulary,
        )
        rows = []
        for suggestion in suggestions:
            if suggestion.field_id == NEW_PEOPLE:
                rows.append(DraftedRow(suggestion))
                continue
            if self.fields.accepted_in_field(suggestion.field_id, suggestion.value):
                rows.append(DraftedRow(suggestion, ACCEPTED))
                continue
            rows.append(DraftedRow(suggestion))
        self._drafted_text = text
        self.show_mentioned(draft)
        self.dictation.setExtraSelections([])
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        for field_id in dict.fromkeys(r.suggestion.field_id for r in rows if r.state == PENDING):
            if field_id != NEW_PEOPLE:
                self._write_field(field_id)
        pending = sum(r.state == PENDING for r in rows)
        if rows:
            message = (
                f"{pending} suggestion{'s' if pending != 1 else ''} drafted into the form. "
                "Select one to see the words it came from; accept, edit or reject each."
            )
        else:
            message = (
                "Nothing in the dictation matched this form's fields. "
                "The dictation is kept with the record."
            )
        self.status.setText(" ".join([message, *draft.problems]))
        if rows:
            self.table.selectRow(0)
        self._update_buttons()
        self.drafted.emit()

    def show_mentioned(self, draft: Draft) -> None:
        """List what the dictation mentions but does not assert or agree, with its words."""
        lines = mentioned_lines(draft)
        self.mentioned.setText(
            "Mentioned, not drafted (for you to judge):\n" + "\n".join(lines) if lines else ""
        )
        self.mentioned.setVisible(bool(lines))

    # -- fields ---------------------------------------------------------------

    def _rows_for(self, field_id: str) -> list[DraftedRow]:
        return [r for r in self.model.rows() if r.suggestion.field_id == field_id]

    def _items(self, field_id: str, leaving: FormSuggestion | None = None) -> list[DraftedItem]:
        return [
            DraftedItem(r.suggestion, r.state != PENDING)
            for r in self._rows_for(field_id)
            if r.suggestion is not leaving
        ]

    def _write_field(self, field_id: str) -> None:
        """Put every pending and accepted item of a field into it, over what was there."""
        self.fields.write(field_id, self._items(field_id))
        self.field_changed.emit(field_id)

    def _take_out(self, suggestion: FormSuggestion) -> None:
        """Withdraw one item from its field; a field left with nothing drafted is put back."""
        self.read_screen.emit()  # an item the user has since changed stays as they left it
        self.fields.take_out(suggestion, self._items(suggestion.field_id, leaving=suggestion))
        self.field_changed.emit(suggestion.field_id)

    def _withdraw_pending(self) -> None:
        """Before a new draft: take out what the last one suggested and no one accepted."""
        for row in reversed(range(self.model.rowCount())):
            item = self.model.row_at(row)
            if item.state == PENDING:
                if item.suggestion.field_id != NEW_PEOPLE:
                    self._take_out(item.suggestion)
                self.model.remove(row)

    def _offer_new_people(self, rows: list[int]) -> None:
        offers = [self.model.row_at(r).suggestion.value for r in rows]
        chosen = ask_new_people(self, offers, self.vocabulary)
        if not chosen:
            self.status.setText("No one was added to the family network.")
            return
        child_id = self.facts.child.id
        added = {o.words for o in chosen}
        suggestions = [self.model.row_at(r).suggestion for r in rows]

        def done(_changes) -> None:
            for row in range(self.model.rowCount()):
                item = self.model.row_at(row)
                if item.suggestion in suggestions and item.suggestion.value.words in added:
                    self.model.set_state(row, ADDED)
            names = ", ".join(" ".join(p for p in (o.first_name, o.last_name) if p) for o in chosen)
            self.status.setText(f"Added to the family network: {names}.")
            self._update_buttons()

        def failed(message: str) -> None:
            self.status.setText(f"Could not add to the family network: {message}")

        self.runner.write(
            lambda store: add_to_family_network(store, child_id, chosen), done, on_error=failed
        )

    # -- where a suggestion came from -------------------------------------------

    def _selected(self, index, _previous=None) -> None:
        self._update_buttons()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return
        item = self.model.row_at(index.row())
        self.show_source(item.suggestion.evidence, item.suggestion.reason)
        field_id = item.suggestion.field_id
        self.show_field.emit(field_id)

    def show_source(self, evidence: tuple[Evidence, ...], reason: str = "") -> None:
        """Highlight the words a suggestion came from, if the dictation still has them."""
        self.source.setText(source_words(self.text(), evidence, reason))
        highlight_source(self.dictation, evidence)

    def highlighted(self) -> list[str]:
        """The words highlighted in the dictation now (for tests and screen readers)."""
        return [s.cursor.selectedText() for s in self.dictation.extraSelections()]
