"""Beside a visit form: the dictation, a Draft button, and what the draft suggests.

The worker types or pastes what happened and presses Draft (Ctrl+Enter). The
draft fills the form's fields as suggestions, each with a badge saying it was
drafted from the dictation; the list here shows every drafted item, and the one
selected has its source words highlighted in the dictation. Each is accepted,
edited on the form, or rejected (which takes it back out of the field). People
the record does not have are offered for adding to the family network.

The language pipeline loads once, off the GUI thread, while the app starts;
drafting runs on that same background thread. The dictation text is kept with
the record (the form saves it). Nothing here decides what a field means: that
is ``recorder.dictation.to_form``.
"""

from __future__ import annotations

import logging
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from recorder.dictation.context import context_from_facts
from recorder.dictation.draft import Draft, Evidence
from recorder.dictation.to_form import (
    BINDING,
    NEW_PEOPLE,
    SINGLE_VALUE,
    FormSuggestion,
    NewPersonOffer,
    add_to_family_network,
    drafted_provenance,
    form_suggestions,
    holds_suggestion,
    mentioned_lines,
    with_suggestion,
    without_suggestion,
)
from recorder.domain.forms import FieldType
from recorder.reference.relationships import RelationshipVocabulary
from recorder.ui.recording import RecordingBar
from recorder.ui.table_model import Column, RowsTableModel
from recorder.ui.tasks import Job, Relay, TaskRunner
from recorder.ui.widgets import heading

if TYPE_CHECKING:
    from recorder.ui.form_window import FormWindow

log = logging.getLogger(__name__)

HIGHLIGHT = QColor("#ffe08a")
ACCEPTED_BACKGROUND = QColor("#e6f4ea")


# -- the language pipeline, loaded and run off the GUI thread -----------------


def _plain(error: Exception) -> str:
    return str(error) or type(error).__name__


class BackgroundDrafter(QObject):
    """Loads the drafting pipeline once, then drafts, all on one background thread.

    ``ready`` fires once the pipeline can draft. If the full English model
    cannot be loaded, the basic rules are loaded instead and ``problem`` says so.
    """

    ready = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # spaCy is loaded and used on one thread
        self._pool.setExpiryTimeout(-1)
        self._relays: set[Relay] = set()
        self.drafter = None
        self.problem = ""
        self.loading = False

    @property
    def is_ready(self) -> bool:
        return self.drafter is not None

    def load(self, statistical: str = "auto") -> None:
        """Start loading; the app stays usable, and ``ready`` fires when it is done."""
        if self.loading or self.drafter is not None:
            return
        self.loading = True

        def work():
            from recorder.dictation.pipeline import Drafter

            try:
                return Drafter.load(statistical), ""
            except Exception as e:  # noqa: BLE001 - fall back to the rules alone
                log.warning("the language model did not load:\n%s", traceback.format_exc())
                return Drafter.load("none"), str(e) or type(e).__name__

        def loaded(result) -> None:
            self.loading = False
            self.drafter, problem = result
            if problem:
                self.problem = (
                    "The full English language model could not be loaded, so drafting uses "
                    f"its basic rules only and may miss more than usual ({problem})."
                )
            self.ready.emit()

        def failed(message: str) -> None:
            self.loading = False
            self.problem = f"Drafting is not available on this computer: {message}"
            self.ready.emit()

        self._start(work, loaded, failed)

    def use(self, drafter) -> None:
        """Use a pipeline already loaded (tests, and a second window)."""
        self.drafter = drafter
        self.ready.emit()

    def draft(
        self,
        text: str,
        context,
        on_done: Callable[[Draft], None],
        on_error: Callable[[str], None],
    ) -> None:
        drafter = self.drafter
        if drafter is None:
            on_error("the language model is not ready yet")
            return
        self._start(lambda: drafter.draft(text, context), on_done, on_error)

    def wait(self, msecs: int = 60_000) -> bool:
        return self._pool.waitForDone(msecs)

    def _start(self, work, on_done, on_error) -> None:
        relay = Relay()
        self._relays.add(relay)

        def finish() -> None:
            self._relays.discard(relay)
            relay.deleteLater()

        relay.done.connect(lambda result: (finish(), on_done(result)))
        relay.failed.connect(lambda message: (finish(), on_error(message)))
        self._pool.start(Job(work, relay, expected=(), explain=_plain))


# -- asking about new people --------------------------------------------------


def ask_new_people(
    parent: QWidget, offers: list[NewPersonOffer], vocabulary: RelationshipVocabulary
) -> list[NewPersonOffer]:
    """Ask which new people to add to the family network, and how (tests replace this)."""
    dialog = NewPeopleDialog(offers, vocabulary, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return []
    return dialog.chosen


class NewPeopleDialog(QDialog):
    """Each person the dictation mentions who is not on the record: add them, and how."""

    def __init__(
        self,
        offers: list[NewPersonOffer],
        vocabulary: RelationshipVocabulary,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add to the family network?")
        self.chosen: list[NewPersonOffer] = []
        self._rows: list[tuple[QCheckBox, QLineEdit, QLineEdit, QComboBox]] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            "The dictation mentions people the family record does not have. Tick anyone "
            "to add to the child's family network, and check their name and how they are "
            "related to the child."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        for column, title in enumerate(
            ("Add (as the dictation put it)", "First name", "Last name", "Related to the child as")
        ):
            label = QLabel(f"<b>{title}</b>")
            grid.addWidget(label, 0, column)
        kinds = sorted(vocabulary.kinds.items(), key=lambda kv: kv[1].label)
        for number, offer in enumerate(offers, start=1):
            tick = QCheckBox(offer.words)
            tick.setChecked(True)
            tick.setAccessibleName(f"Add {offer.words}")
            first = QLineEdit(offer.first_name)
            first.setAccessibleName(f"First name of {offer.words}")
            last = QLineEdit(offer.last_name)
            last.setAccessibleName(f"Last name of {offer.words}")
            last.setPlaceholderText("not known")
            kind = QComboBox()
            kind.setAccessibleName(f"How {offer.words} is related to the child")
            kind.addItem("Not said", None)
            for key, entry in kinds:
                kind.addItem(entry.label, key)
            kind.setCurrentIndex(max(kind.findData(offer.kind), 0) if offer.kind else 0)
            for edit in (first, last):
                edit.setMinimumWidth(150)
            kind.setMinimumWidth(200)
            for column, widget in enumerate((tick, first, last, kind)):
                grid.addWidget(widget, number, column)
            self._rows.append((tick, first, last, kind))
        layout.addLayout(grid)
        self.problem = QLabel("")
        self.problem.setObjectName("problem")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add the people ticked")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._offers = offers

    def accept(self) -> None:
        chosen = []
        for offer, (tick, first, last, kind) in zip(self._offers, self._rows, strict=True):
            if not tick.isChecked():
                continue
            if not first.text().strip() and not last.text().strip():
                self.problem.setText(f"Give {offer.words} a name, or untick them.")
                first.setFocus()
                return
            chosen.append(
                replace(
                    offer,
                    first_name=first.text().strip(),
                    last_name=last.text().strip(),
                    kind=kind.currentData(),
                )
            )
        self.chosen = chosen
        super().accept()


# -- the list of drafted items ------------------------------------------------

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


@dataclass
class _FieldBefore:
    """A field as it was before the draft first touched it, to put back on rejection."""

    value: Any
    provenance: dict[str, Any] | None
    own: Any
    """What of it was the user's own (typed or accepted), kept under the draft."""


# -- the pane -----------------------------------------------------------------


class DictationPane(QWidget):
    """The dictation and its draft, for one visit form."""

    drafted = Signal()
    """A draft has been shown (or found nothing)."""

    def __init__(
        self,
        form: FormWindow,
        drafting: BackgroundDrafter,
        vocabulary: RelationshipVocabulary,
        runner: TaskRunner,
    ) -> None:
        super().__init__()
        # The form owns the pane; a weak link back keeps the two from holding each other
        # alive after the window has closed.
        self._form = weakref.ref(form)
        self.drafting = drafting
        self.vocabulary = vocabulary
        self.runner = runner
        self.busy = False
        self._editable = True
        self._generation = 0
        self._drafted_text: str | None = None
        self._before: dict[str, _FieldBefore] = {}
        self.setObjectName("dictationPane")

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
        self.recording = RecordingBar(self)  # issue 17: record and transcribe into the dictation
        layout.addWidget(self.recording)
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

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            action = QAction("Draft", self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(self.draft)
            form.addAction(action)

        form.suggestion_accepted.connect(self._field_accepted)
        form.suggestion_cleared.connect(self._field_cleared)
        drafting.ready.connect(self._drafting_ready)
        self._drafting_ready()
        self._update_buttons()

    @property
    def form(self) -> FormWindow:
        return self._form()

    # -- the dictation ------------------------------------------------------

    def text(self) -> str:
        return self.dictation.toPlainText()

    def set_text(self, text: str | None) -> None:
        self.dictation.blockSignals(True)
        self.dictation.setPlainText(text or "")
        self.dictation.blockSignals(False)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.dictation and event.type() == event.Type.FocusOut:
            form = self.form
            if form is not None and form.dirty:
                form.save_draft()  # like leaving a field: the typing is on disk
        return False

    def stop(self) -> None:
        """The window is closing: a draft still on its way is not wanted."""
        self.recording.shut()
        self._generation += 1
        self.busy = False

    def _dictation_changed(self) -> None:
        self.form.changed_elsewhere()
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
        form = self.form
        context = context_from_facts(form.facts, self.vocabulary, recorded_on=form.today)
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
        self._withdraw_pending()
        form = self.form
        suggestions = form_suggestions(
            draft,
            form.form,
            context,
            child_id=form.facts.child.id,
            vocabulary=self.vocabulary,
        )
        rows = []
        for suggestion in suggestions:
            if suggestion.field_id == NEW_PEOPLE:
                rows.append(DraftedRow(suggestion))
                continue
            spec = form.rows[suggestion.field_id].spec
            if holds_suggestion(spec, form.rows[spec.id].editor.value(), suggestion.value):
                entry = form.rows[spec.id].provenance or {}
                if entry.get("binding") == BINDING and entry.get("accepted"):
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

    def _write_field(self, field_id: str) -> None:
        """Put every pending and accepted item of a field into it, over what was there."""
        row = self.form.rows[field_id]
        spec = row.spec
        if field_id not in self._before:
            entry = row.provenance
            current = row.editor.value()
            # Long text (the worries) is added to, never replaced: what the record already
            # says, typed or carried from the last visit, stays above the drafted lines.
            adds = spec.type is FieldType.LONG_TEXT
            own = current if (not entry or entry.get("accepted") or entry.get("typed") or adds) \
                else None
            self._before[field_id] = _FieldBefore(current, dict(entry) if entry else None, own)
            value = own
        else:
            value = row.editor.value()
            entry = row.provenance or {}
            if entry.get("binding") != BINDING and not entry.get("accepted") and entry and (
                spec.type is not FieldType.LONG_TEXT
            ):
                value = None  # an earlier suggestion from elsewhere gives way to the draft
        items = self._rows_for(field_id)
        for item in items:
            value = with_suggestion(spec, value, item.suggestion.value)
        evidence = [e for item in items for e in item.suggestion.evidence]
        accepted = all(item.state != PENDING for item in items)
        self.form.put_suggestion(
            field_id, value, drafted_provenance(value, evidence, accepted=accepted)
        )

    def _take_out(self, suggestion: FormSuggestion) -> None:
        """Withdraw one item from its field; a field left with nothing drafted is put back."""
        field_id = suggestion.field_id
        row = self.form.rows[field_id]
        spec = row.spec
        current = row.editor.value()
        untouched = holds_suggestion(spec, current, suggestion.value)
        # An item the user has since changed on the form stays as they left it.
        value = without_suggestion(spec, current, suggestion.value) if untouched else current
        left = [r for r in self._rows_for(field_id) if r.suggestion is not suggestion]
        before = self._before.get(field_id)
        single = spec.type in SINGLE_VALUE
        if not left and before is not None and (_same(value, before.own) or (single and untouched)):
            self.form.put_suggestion(field_id, before.value, before.provenance)
            del self._before[field_id]
            return
        entry = dict(row.provenance or {})
        if entry.get("binding") == BINDING:
            entry["suggested"] = value
            entry["evidence"] = [
                [e.start, e.end, e.words] for r in left for e in r.suggestion.evidence
            ]
            entry["accepted"] = bool(entry.get("edited")) or all(r.state != PENDING for r in left)
        self.form.put_suggestion(field_id, value, entry or None)

    def _withdraw_pending(self) -> None:
        """Before a new draft: take out what the last one suggested and no one accepted."""
        for row in reversed(range(self.model.rowCount())):
            item = self.model.row_at(row)
            if item.state == PENDING:
                if item.suggestion.field_id != NEW_PEOPLE:
                    self._take_out(item.suggestion)
                self.model.remove(row)

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
            self.form.accept(self.form.rows[field_id])
        self._after_change()

    def reject_row(self, row: int) -> None:
        item = self.model.row_at(row)
        if item.suggestion.field_id != NEW_PEOPLE:
            self._take_out(item.suggestion)
        self.model.remove(row)
        field_id = item.suggestion.field_id
        left = self._rows_for(field_id)
        if field_id != NEW_PEOPLE and left and all(r.state != PENDING for r in left):
            self.form.accept(self.form.rows[field_id])
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
                entry = self.form.rows[field_id].provenance
                if entry and not entry.get("accepted"):
                    self.form.accept(self.form.rows[field_id])
        if new_people:
            self._offer_new_people(new_people)
        self._after_change()

    def _field_accepted(self, field_id: str) -> None:
        """The form's own Accept: every drafted item of that field is accepted with it."""
        for row in range(self.model.rowCount()):
            item = self.model.row_at(row)
            if item.suggestion.field_id == field_id and item.state == PENDING:
                self.model.set_state(row, ACCEPTED)
        self._update_buttons()

    def _field_cleared(self, field_id: str) -> None:
        """The form's own Clear: the drafted items of that field leave the list."""
        for row in reversed(range(self.model.rowCount())):
            if self.model.row_at(row).suggestion.field_id == field_id:
                self.model.remove(row)
        self._before.pop(field_id, None)
        self._update_buttons()

    def _offer_new_people(self, rows: list[int]) -> None:
        offers = [self.model.row_at(r).suggestion.value for r in rows]
        chosen = ask_new_people(self, offers, self.vocabulary)
        if not chosen:
            self.status.setText("No one was added to the family network.")
            return
        child_id = self.form.facts.child.id
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

    # -- where a suggestion came from -------------------------------------------

    def _selected(self, index, _previous=None) -> None:
        self._update_buttons()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return
        item = self.model.row_at(index.row())
        self.show_source(item.suggestion.evidence, item.suggestion.reason)
        field_id = item.suggestion.field_id
        if field_id in self.form.rows:
            self.form.scroll.ensureWidgetVisible(self.form.rows[field_id])

    def show_source(self, evidence: tuple[Evidence, ...], reason: str = "") -> None:
        """Highlight the words a suggestion came from, if the dictation still has them."""
        text = self.text()
        spans = [e for e in evidence if text[e.start : e.end] == e.words]
        if evidence and len(spans) < len(evidence):
            self.source.setText(
                "The dictation has changed since it was drafted; press Draft again to see "
                "where each suggestion came from."
            )
        elif evidence:
            words = " … ".join(f"“{e.words}”" for e in evidence)
            self.source.setText(f"From the dictation: {words}")
        else:
            self.source.setText(
                f"No words of the dictation are given for this ({reason})."
                if reason
                else "No words of the dictation are given for this."
            )
        selections = []
        highlight = QTextCharFormat()
        highlight.setBackground(HIGHLIGHT)
        for e in spans:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.dictation.document())
            cursor.setPosition(_qt_position(text, e.start))
            cursor.setPosition(_qt_position(text, e.end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = highlight
            selections.append(selection)
        self.dictation.setExtraSelections(selections)
        if spans:
            cursor = QTextCursor(self.dictation.document())
            cursor.setPosition(_qt_position(text, spans[0].start))
            self.dictation.setTextCursor(cursor)
            self.dictation.ensureCursorVisible()

    def highlighted(self) -> list[str]:
        """The words highlighted in the dictation now (for tests and screen readers)."""
        return [s.cursor.selectedText() for s in self.dictation.extraSelections()]


def _qt_position(text: str, index: int) -> int:
    """A Python string index as a Qt text position, which counts UTF-16 code units."""
    return len(text[:index].encode("utf-16-le")) // 2


def _same(a: Any, b: Any) -> bool:
    return (a or None) == (b or None)
