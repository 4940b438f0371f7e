"""A form on screen: drawn from its definition, filled from what is known, saved as you go.

Typing is never lost: the draft saves a few seconds after each change, when
focus leaves a field, and when the window closes. Pre-filled values carry a
badge naming their source until accepted or cleared. Changed family facts are
offered back to the family record on saving. A visit form has a dictation pane
beside it (``dictation_pane.py``) whose draft fills fields as suggestions too;
the dictation text is saved with the record under its own key.

The record's state decides who may change it (``domain/lifecycle.py``): the
bar at the top says where the record is and offers the next steps for the
signed-in role (send, finish, return with a reason, approve, amend). Business
support's changes to a practitioner's wording are saved as suggestions
(``forms/business_support.py``), which the practitioner then sees on the field
with a badge, to accept or reject.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from recorder import APP_NAME
from recorder.dictation.to_form import DICTATION_KEY
from recorder.domain.changes import Changes
from recorder.domain.dates import uk_date
from recorder.domain.forms import FieldSpec, FormSpec
from recorder.domain.ids import utc_now
from recorder.domain.lifecycle import Handoff, Step, edit_problem, steps_for
from recorder.domain.records import BUSINESS_SUPPORT_BINDING, Record, RecordStatus
from recorder.domain.users import Role, User
from recorder.forms.business_support import (
    SUGGESTED_KEY,
    accept_suggestion,
    business_support_edit,
    reject_suggestion,
    what_is_missing,
)
from recorder.forms.checks import field_problem, form_problems
from recorder.forms.prefill import Suggestion
from recorder.forms.sending import SendCheck, send_check
from recorder.forms.write_back import FactChange, apply_fact_changes, fact_changes
from recorder.reference.relationships import RelationshipVocabulary
from recorder.store import Store
from recorder.store.views import CaseFacts
from recorder.ui.dictation_pane import BackgroundDrafter, DictationPane
from recorder.ui.form_fields import Choices, FieldEditor, editor_for
from recorder.ui.history_dialog import HistoryDialog, show_history
from recorder.ui.tasks import TaskRunner
from recorder.ui.unsaved import keep_unsaved
from recorder.ui.word_export import WordExport

AUTOSAVE_MS = 3000
AUTOSAVE_MAX_WAIT_MS = 3500
"""However steadily someone types, a save starts this long after the first unsaved change
(and reaches the disk well inside 5 seconds): the idle timer alone restarts on each key."""
"""The provenance binding of a field showing business support's suggestion."""
_KEPT_NOTE = (
    "Your wording here is kept as a suggestion for the social worker: the record keeps "
    "theirs until they accept it."
)
_WAITING_NOTE = (
    "Business support have suggested new wording for this field; it waits for the social "
    "worker to accept or reject it."
)
_MOVED = {
    RecordStatus.WITH_BUSINESS_SUPPORT: "Sent to business support.",
    RecordStatus.FINISHED: "Marked finished.",
    RecordStatus.APPROVED: "Approved: the record is now locked.",
    RecordStatus.DRAFT: "Returned to the social worker.",
}


def ask_reason(parent: QWidget, title: str, prompt: str) -> str | None:
    """Ask why a record goes back or is amended; None when cancelled (tests replace this)."""
    text, ok = QInputDialog.getMultiLineText(parent, title, prompt)
    return text if ok else None


def tell_missing(parent: QWidget, missing: list[str]) -> None:
    """Say what stops the record being finished (tests replace this)."""
    QMessageBox.information(
        parent,
        "Not finished yet",
        "This record can be marked finished once these are done:\n\n• " + "\n• ".join(missing),
    )


def ask_send(parent: QWidget, check: SendCheck) -> bool:
    """Show what a send would leave wrong or missing; True to send (tests replace this)."""
    if check.must_fix:
        QMessageBox.warning(
            parent,
            "Put these right before sending",
            "This record cannot go to business support until these are put right:\n\n• "
            + "\n• ".join(check.must_fix),
        )
        return False
    if check.gaps:
        text = (
            "These are still missing, and only you can fill them in:\n\n• "
            + "\n• ".join(check.gaps)
            + "\n\nSend to business support anyway?"
        )
    else:
        text = "Send this record to business support?"
    text += "\n\nYou can take it back until business support open it."
    answer = QMessageBox.question(
        parent,
        "Send to business support",
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No if check.gaps else QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def tell_problem(parent: QWidget, message: str) -> None:
    """Say why something was refused (tests replace this)."""
    QMessageBox.warning(parent, APP_NAME, message)


def ask_write_back(parent: QWidget, descriptions: list[str]) -> bool:
    """Ask whether to update the family record (tests replace this)."""
    answer = QMessageBox.question(
        parent,
        "Update the family record?",
        "This form changes facts the family record holds:\n\n• "
        + "\n• ".join(descriptions)
        + "\n\nUpdate the family record too, so later forms use the new facts?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


@dataclass(frozen=True)
class RecordState:
    """Where a record is in its life: its hand-offs, its versions, and users' names."""

    record: Record
    handoffs: list[Handoff]
    versions: list[Record]
    names: dict[str, str]
    """Users by id."""


def record_state(store: Store, record_id: str) -> RecordState:
    """Read on the worker thread: everything the form's state bar says."""
    return RecordState(
        record=store.records.get(record_id),
        handoffs=store.handoffs.for_record(record_id),
        versions=store.records.versions(record_id),
        names={u.id: u.name for u in store.users.all()},
    )


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%d/%m/%Y at %H:%M")


def handoff_words(handoff: Handoff, names: dict[str, str]) -> str:
    """One hand-off as a sentence: "Returned to the social worker by ... on ...: why"."""
    who = names.get(handoff.user_id or "", "someone not signed in")
    when = _when(handoff.at)
    if handoff.to_status is RecordStatus.DRAFT and not handoff.reason:
        # Returns always carry a reason; a move back without one is the sender's take-back.
        return f"Taken back by {who} on {when}."
    if handoff.to_status is RecordStatus.DRAFT:
        words = f"Returned to the social worker by {who} on {when}"
        return words + (f": “{handoff.reason}”" if handoff.reason else ".")
    doing = {
        RecordStatus.WITH_BUSINESS_SUPPORT: "Sent to business support",
        RecordStatus.FINISHED: "Marked finished",
        RecordStatus.APPROVED: "Approved",
    }[handoff.to_status]
    return f"{doing} by {who} on {when}."


def state_words(state: RecordState) -> list[str]:
    """What the bar above the form says about where the record is, line by line (plain text)."""
    record = state.record
    lines = []
    if record.amends_id:
        original = next((v for v in state.versions if v.id == record.amends_id), None)
        approved = (
            uk_date(original.approved_at.astimezone().date())
            if original is not None and original.approved_at
            else "an unknown date"
        )
        lines.append(
            f"Amendment (version {record.version}) of the record approved on {approved}: "
            f"{record.amendment_reason}"
        )
    if state.handoffs:
        lines.append(handoff_words(state.handoffs[-1], state.names))
    if record.status is RecordStatus.WITH_BUSINESS_SUPPORT:
        if record.picked_up_at is not None:
            who = state.names.get(record.picked_up_by or "", "business support")
            lines.append(f"Opened by {who} on {_when(record.picked_up_at)}.")
        else:
            lines.append("Not opened by business support yet: the sender can still take it back.")
    newer = [v for v in state.versions if v.version > record.version]
    if newer:
        lines.append(
            f"Version {newer[-1].version} corrects this record: open it to read the correction."
        )
    return lines


def suggestion_source(suggestion: dict[str, Any], names: dict[str, str]) -> str:
    who = names.get(str(suggestion.get("by") or ""))
    return f"Suggested by {who} (business support)" if who else "Suggested by business support"


def choices_from(facts: CaseFacts) -> Choices:
    people: dict[str, str] = {facts.child.id: f"{facts.child.display_name} (the child)"}
    for household in facts.households:
        for person in household.members:
            people.setdefault(person.id, person.display_name)
    for link in facts.links:
        people.setdefault(link.person.id, link.person.display_name)
    professionals = [(p.id, f"{p.name}, {i.role or p.role}") for i, p in facts.professionals]
    return Choices(list(people.items()), professionals)


class _Badge(QFrame):
    """Where a pre-filled value came from, with Accept and Clear."""

    def __init__(self, field: FieldRow) -> None:
        super().__init__()
        self.setObjectName("badge")
        self.text = QLabel("")
        self.text.setObjectName("badgeText")
        self.accept_button = QPushButton("Accept")
        self.accept_button.setAccessibleName(f"Accept the suggested {field.spec.label.lower()}")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setAccessibleName(f"Clear the suggested {field.spec.label.lower()}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 2)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.accept_button)
        layout.addWidget(self.clear_button)


class FieldRow(QWidget):
    """Label, editor, help, source badge and problem for one field."""

    def __init__(self, spec: FieldSpec, editor: FieldEditor) -> None:
        super().__init__()
        self.spec = spec
        self.editor = editor
        self.provenance: dict[str, Any] | None = None
        label = QLabel(
            spec.label + (" <span style='color:#8a1c13'>*</span>" if spec.required else "")
        )
        label.setObjectName("fieldLabel")
        label.setBuddy(editor.focus_widget())
        if spec.required:
            editor.widget.setAccessibleName(f"{spec.label} (required)")
        self.badge = _Badge(self)
        self.badge.hide()
        self.problem = QLabel("")
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(f"Problem with {spec.label}")
        self.problem.hide()
        self.note = QLabel("")
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.note.setAccessibleName(f"Note on {spec.label}")
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(3)
        layout.addWidget(label)
        if spec.help:
            help_text = QLabel(spec.help)
            help_text.setObjectName("help")
            help_text.setWordWrap(True)
            layout.addWidget(help_text)
        layout.addWidget(editor.widget)
        layout.addWidget(self.badge)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)

    def show_problem(self, problem: str | None) -> None:
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem))

    def show_note(self, note: str) -> None:
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def show_badge(self) -> None:
        entry = self.provenance
        if not entry or entry.get("typed"):
            self.badge.hide()
            return
        source = entry["source"]
        by_business_support = entry.get("binding") == BUSINESS_SUPPORT_BINDING
        # Business support's wording: Reject puts back what the record said (no emptying).
        verb = "Reject" if by_business_support and not entry.get("accepted") else "Clear"
        self.badge.clear_button.setText(verb)
        self.badge.clear_button.setAccessibleName(f"{verb} the suggested {self.spec.label.lower()}")
        said = entry.get("record_said")
        self.badge.setToolTip(f"The record said: {said}" if by_business_support and said else "")
        if entry.get("edited"):
            self.badge.text.setText(f"Changed from the suggestion ({source})")
            self.badge.accept_button.hide()
        elif entry.get("accepted"):
            shown = source[0].lower() + source[1:] if by_business_support else f"from: {source}"
            self.badge.text.setText(f"✓ Accepted · {shown}")
            self.badge.accept_button.hide()
        else:
            self.badge.text.setText(
                f"{source}. Reject keeps what the record said."
                if by_business_support
                else f"Suggested from: {source}"
            )
            self.badge.accept_button.show()
        self.badge.setProperty("state", "accepted" if entry.get("accepted") else "suggested")
        self.badge.style().unpolish(self.badge)
        self.badge.style().polish(self.badge)
        self.badge.show()


class FormWindow(QMainWindow):
    """One record being written. ``saved`` fires after each save reaches the store."""

    saved = Signal(str)
    suggestion_accepted = Signal(str)
    """A field's suggestion was accepted on the form: carries the field id."""
    suggestion_cleared = Signal(str)
    """A field's suggestion was cleared on the form: carries the field id."""
    open_record_requested = Signal(str)
    """Another record should open as a form (an amendment just made): carries its id."""
    state_shown = Signal()
    """The bar above the form has been brought up to date from the store."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        form: FormSpec,
        facts: CaseFacts,
        user: User,
        record: Record | None = None,
        suggestions: dict[str, Suggestion] | None = None,
        today: date | None = None,
        drafting: BackgroundDrafter | None = None,
        vocabulary: RelationshipVocabulary | None = None,
        word_export: WordExport | None = None,
    ) -> None:
        super().__init__()
        self.word_export = word_export
        self.runner = runner
        self.form = form
        self.facts = facts
        self.user = user
        self.today = today or date.today()
        self.record = record
        self.record_id = record.id if record else None
        self.status = record.status if record else RecordStatus.DRAFT
        self.editable = edit_problem(user.role, self.status) is None
        self.dirty = False
        self.save_problem = ""  # why the last save was refused, in words
        self._saving = False
        self._kept_values: dict[str, Any] = {}
        # The record as last saved: business support's edits and suggestions are worked out
        # against it, and a suggestion not yet decided saves the record's own wording.
        self._saved_values: dict[str, Any] = {}
        self._saved_provenance: dict[str, Any] = {}
        self._suggestions: dict[str, Any] = {}
        """Business support's suggestions still to decide, by field id."""
        self._rejected: set[str] = set()
        self._names: dict[str, str] = {}
        self.record_state: RecordState | None = None
        self.history_dialog: HistoryDialog | None = None
        self.step_buttons: list[QPushButton] = []
        self._step_note = ""
        """What the last step did, said again once the record is read back."""
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"{form.title}: {facts.child.display_name} — {APP_NAME}")

        choices = choices_from(facts)
        self.rows: dict[str, FieldRow] = {}
        self.sections = QListWidget()
        self.sections.setAccessibleName("Sections of the form")
        self.sections.setMinimumWidth(230)
        self.sections.setMaximumWidth(300)
        self.sections.setWordWrap(True)
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("formBody")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(18, 12, 18, 24)
        self._section_headings: list[QLabel] = []
        intro = QLabel(
            f"<b>{facts.child.display_name}</b> · {facts.case.case_type.label} · "
            "fields marked <span style='color:#8a1c13'>*</span> are required"
        )
        intro.setWordWrap(True)
        body_layout.addWidget(intro)
        for section in form.sections:
            self.sections.addItem(section.title)
            heading = QLabel(section.title)
            heading.setObjectName("sectionHeading")
            self._section_headings.append(heading)
            body_layout.addWidget(heading)
            for spec in section.fields:
                editor = editor_for(spec, choices, self)
                row = FieldRow(spec, editor)
                editor.changed.connect(lambda row=row: self._edited(row))
                editor.left.connect(lambda row=row: self._left(row))
                row.badge.accept_button.clicked.connect(lambda _=False, row=row: self.accept(row))
                row.badge.clear_button.clicked.connect(lambda _=False, row=row: self.clear(row))
                self.rows[spec.id] = row
                body_layout.addWidget(row)
        body_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(body)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.currentRowChanged.connect(self.go_to_section)
        self.sections.itemActivated.connect(lambda _item: self._focus_section_field())

        self.save_button = QPushButton("&Save")
        self.save_button.setAccessibleName("Save the record")
        self.save_button.clicked.connect(self.save_now)
        self.accept_all_button = QPushButton("Accept &all suggestions")
        self.accept_all_button.setAccessibleName("Accept all suggestions")
        self.accept_all_button.clicked.connect(self.accept_all)
        self.export_button = QPushButton("Export to &Word…")
        self.export_button.setAccessibleName("Export this record to Word")
        self.export_button.clicked.connect(self.export_to_word)
        self.export_button.setVisible(word_export is not None)
        self.close_button = QPushButton("&Close")
        self.close_button.setAccessibleName("Close the form")
        self.close_button.clicked.connect(self.close)
        self.state = QLabel("")
        self.state.setObjectName("note")
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Save status")
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.accept_all_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.sections)
        splitter.addWidget(self.scroll)
        splitter.setStretchFactor(1, 1)
        self.dictation_pane: DictationPane | None = None
        if drafting is not None and vocabulary is not None and form.counts_as_visit:
            self.dictation_pane = DictationPane(self, drafting, vocabulary, runner)
            splitter.addWidget(self.dictation_pane)
            splitter.setStretchFactor(2, 1)
            splitter.setChildrenCollapsible(False)
            splitter.setSizes([230, 700, 560])
        self.splitter = splitter
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self._record_bar())
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.setCentralWidget(central)

        save = QAction("Save", self)
        save.setShortcut(QKeySequence.StandardKey.Save)
        save.triggered.connect(self.save_now)
        self.addAction(save)
        sections = QAction("Sections", self)
        sections.setShortcut(QKeySequence("Ctrl+Shift+S"))
        sections.triggered.connect(self.sections.setFocus)
        self.addAction(sections)

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_draft)
        self.autosave_deadline = QTimer(self)
        self.autosave_deadline.setSingleShot(True)
        self.autosave_deadline.setInterval(AUTOSAVE_MAX_WAIT_MS)
        self.autosave_deadline.timeout.connect(self.save_draft)

        self._load(record, suggestions or {})
        self.resize(1500 if self.dictation_pane else 1100, 860)
        self._apply_editable()
        self._show_record_state()
        if self.record_id is not None:
            self.refresh_state()

    def _record_bar(self) -> QFrame:
        """Where the record is (status, last hand-off, version) and what can be done next."""
        self.record_status = QLabel("")
        self.record_status.setObjectName("recordStatus")
        self.record_status.setWordWrap(True)
        self.record_status.setTextFormat(Qt.TextFormat.RichText)
        self.record_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.record_status.setAccessibleName("Where the record is")
        self.history_button = QPushButton("&History…")
        self.history_button.setAccessibleName("Show the history of this record")
        self.history_button.clicked.connect(self.show_history)
        self.amend_button = QPushButton("A&mend…")
        self.amend_button.setAccessibleName("Amend this approved record")
        self.amend_button.clicked.connect(self.amend)
        self._steps_layout = QHBoxLayout()
        self._steps_layout.setContentsMargins(0, 0, 0, 0)
        bar = QFrame()
        bar.setObjectName("recordBar")
        bar.setStyleSheet(
            "QFrame#recordBar { background: #f3f5f8; border: 1px solid #c9d1da; "
            "border-radius: 4px; }"
        )
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(12, 6, 8, 6)
        layout.addWidget(self.record_status, 1)
        layout.addLayout(self._steps_layout)
        layout.addWidget(self.amend_button)
        layout.addWidget(self.history_button)
        return bar

    # -- loading ------------------------------------------------------------

    def _load(self, record: Record | None, suggestions: dict[str, Suggestion]) -> None:
        if record is not None:
            values, provenance = dict(record.values), record.provenance
            self._saved_values = dict(record.values)
            self._saved_provenance = dict(record.provenance)
            # Business support's suggestions are not the record: never a field of their own.
            self._suggestions = dict(values.pop(SUGGESTED_KEY, None) or {})
            self._rejected = set()
            # Values of fields this version of the form no longer has are kept, not dropped.
            self._kept_values = {k: v for k, v in values.items() if k not in self.rows}
            if self.dictation_pane:
                self.dictation_pane.set_text(self._kept_values.pop(DICTATION_KEY, None))
        else:
            values = {k: s.value for k, s in suggestions.items()}
            provenance = {k: s.provenance() for k, s in suggestions.items()}
        for field_id, row in self.rows.items():
            row.editor.set_value(values.get(field_id))
            row.provenance = dict(provenance[field_id]) if field_id in provenance else None
            row.show_badge()
            row.show_note("")
        self._show_suggestions()
        self.sections.setCurrentRow(0)

    def _show_suggestions(self) -> None:
        """Put business support's suggestions where the person who decides them will see them."""
        editable = edit_problem(self.user.role, self.status) is None
        for field_id, suggestion in self._suggestions.items():
            row = self.rows.get(field_id)
            if row is None or not isinstance(suggestion, dict):
                continue
            if self.user.role is Role.BUSINESS_SUPPORT:
                if editable:  # their own wording stays in front of them, to go on with
                    row.editor.set_value(suggestion.get("value"))
                    row.show_note(_KEPT_NOTE)
                else:
                    row.show_note(_WAITING_NOTE)
            elif editable:
                row.editor.set_value(suggestion.get("value"))
                row.provenance = {
                    "source": suggestion_source(suggestion, self._names),
                    "binding": BUSINESS_SUPPORT_BINDING,
                    "suggested": row.editor.value(),
                    "accepted": False,
                    "record_said": self._saved_values.get(field_id),
                    "by": suggestion.get("by"),
                    "at": suggestion.get("at"),
                }
                row.show_badge()
            else:
                row.show_note(_WAITING_NOTE)

    # -- reading back -------------------------------------------------------

    def values(self) -> dict[str, Any]:
        values = dict(self._kept_values)
        for field_id, row in self.rows.items():
            value = row.editor.value()
            if value is not None:
                values[field_id] = value
        if self.dictation_pane and self.dictation_pane.text().strip():
            values[DICTATION_KEY] = self.dictation_pane.text()
        return values

    def provenance(self) -> dict[str, Any]:
        return {k: dict(row.provenance) for k, row in self.rows.items() if row.provenance}

    # -- suggestions ----------------------------------------------------------

    def accept(self, row: FieldRow) -> None:
        if row.provenance:
            row.provenance["accepted"] = True
            row.show_badge()
            self._edited(row, by_user=False)
            self.suggestion_accepted.emit(row.spec.id)

    def accept_all(self) -> None:
        for row in self.rows.values():
            if row.provenance and not row.provenance.get("accepted"):
                self.accept(row)

    def clear(self, row: FieldRow) -> None:
        entry = row.provenance or {}
        if entry.get("binding") == BUSINESS_SUPPORT_BINDING and row.spec.id in self._suggestions:
            self._reject(row)
            return
        row.editor.set_value(None)
        row.provenance = None
        row.show_badge()
        self._edited(row, by_user=False)
        row.editor.focus_widget().setFocus()
        self.suggestion_cleared.emit(row.spec.id)

    def _reject(self, row: FieldRow) -> None:
        """Business support's wording is not taken: the field goes back to what the record said."""
        field_id = row.spec.id
        self._rejected.add(field_id)
        row.editor.set_value(self._saved_values.get(field_id))
        saved = self._saved_provenance.get(field_id)
        row.provenance = dict(saved) if saved else None
        row.show_badge()
        self._edited(row, by_user=False)
        self.suggestion_cleared.emit(field_id)

    def put_suggestion(self, field_id: str, value: Any, provenance: dict[str, Any] | None) -> None:
        """Fill a field with a suggestion made elsewhere (the dictation's draft)."""
        row = self.rows[field_id]
        row.editor.set_value(value)
        if provenance and provenance.get("suggested") == value:
            # As the editor gives it back (a list of people comes back in the list's order),
            # so that only a real edit reads as "changed from the suggestion".
            provenance = {**provenance, "suggested": row.editor.value()}
        row.provenance = provenance
        row.show_badge()
        self.changed_elsewhere()

    # -- editing and saving -------------------------------------------------

    def _edited(self, row: FieldRow, *, by_user: bool = True) -> None:
        if by_user and row.provenance and row.editor.value() != row.provenance.get("suggested"):
            row.provenance["edited"] = True
            row.provenance["accepted"] = True
            row.show_badge()
        self.changed_elsewhere()

    def changed_elsewhere(self) -> None:
        """Something to save that no field's editor reported (the dictation, a draft)."""
        self.dirty = True
        self.state.setText("Changes not yet saved")
        self.autosave.start()
        if not self.autosave_deadline.isActive():  # not restarted by later keys
            self.autosave_deadline.start()

    def _left(self, row: FieldRow) -> None:
        row.show_problem(field_problem(row.spec, row.editor.value(), today=self.today))
        if self.dirty:
            self.save_draft()

    def go_to_section(self, index: int) -> None:
        if index == 0:
            self.scroll.verticalScrollBar().setValue(0)
        elif 0 < index < len(self._section_headings):
            self.scroll.verticalScrollBar().setValue(self._section_headings[index].y() - 8)

    def _focus_section_field(self) -> None:
        index = self.sections.currentRow()
        section = self.form.sections[index]
        self.rows[section.fields[0].id].editor.focus_widget().setFocus()

    def record_values(self) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
        """What saving now writes: values, provenance, and the fields that became suggestions.

        Business support's changes to a practitioner's fields become suggestions; a
        practitioner's accepted and rejected suggestions leave the record's suggestions,
        and one not yet decided leaves the record's own wording in place.
        """
        if not self.editable:
            return dict(self._saved_values), dict(self._saved_provenance), []
        screen, provenance = self.values(), self.provenance()
        if self.user.role is Role.BUSINESS_SUPPORT:
            edit = business_support_edit(
                self.form, self._saved_values, screen, user_id=self.user.id
            )
            for spec in self.form.fields:
                if not spec.admin:
                    _put(provenance, spec.id, self._saved_provenance.get(spec.id))
            return edit.values, provenance, edit.suggested
        values = dict(screen)
        if self._suggestions:
            values[SUGGESTED_KEY] = dict(self._suggestions)
        for field_id in list(self._suggestions):
            row = self.rows.get(field_id)
            if row is None:
                continue  # a field this version of the form does not show: left as it is
            entry = row.provenance or {}
            shown = entry.get("binding") == BUSINESS_SUPPORT_BINDING
            if field_id in self._rejected:
                values = reject_suggestion(values, field_id)
            elif shown and entry.get("accepted"):
                values = accept_suggestion(values, field_id)
                _put(values, field_id, screen.get(field_id))  # as accepted, or edited after
            elif shown:  # not decided yet: the record keeps its own wording
                _put(values, field_id, self._saved_values.get(field_id))
                _put(provenance, field_id, self._saved_provenance.get(field_id))
            else:  # something else has taken the field's place (a draft from the dictation)
                values = reject_suggestion(values, field_id)
        return values, provenance, []

    def save_draft(self, *, then: Callable[[], None] | None = None) -> None:
        """Save what is on screen now; quiet, no questions (autosave).

        :param then: run once the save has reached the store (at once when there is
            nothing to save); not run when the save fails
        """
        if not self.editable or not self.dirty:
            if then is not None:
                then()
            return
        self.autosave.stop()
        self.autosave_deadline.stop()
        self.dirty = False
        values, provenance, suggested = self.record_values()
        if self.record_id is None:
            record = Record(
                case_id=self.facts.case.id,
                form_id=self.form.id,
                form_version=self.form.version,
                author_id=self.user.id,
                values=values,
                provenance=provenance,
            )
            self.record_id = record.id
            work = lambda store: store.records.add(record)  # noqa: E731
        else:
            record_id = self.record_id
            work = lambda store: store.records.save_values(record_id, values, provenance)  # noqa: E731
        self._saving = True
        decided = set(self._suggestions) - set(values.get(SUGGESTED_KEY) or {})

        def done(_changes) -> None:
            self._saving = False
            self._saved_values, self._saved_provenance = values, provenance
            if self.user.role is Role.BUSINESS_SUPPORT:
                self._suggestions = dict(values.get(SUGGESTED_KEY) or {})
                for spec in self.form.fields:
                    if not spec.admin:
                        self.rows[spec.id].show_note(_KEPT_NOTE if spec.id in suggested else "")
            else:
                for field_id in decided:
                    self._suggestions.pop(field_id, None)
                    self._rejected.discard(field_id)
            when = utc_now().astimezone().strftime("%H:%M:%S")
            saved = "Draft saved" if self.status is RecordStatus.DRAFT else "Saved"
            self.state.setText(f"{saved} at {when}." + _kept_as_suggestions(self.form, suggested))
            self.saved.emit(self.record_id)
            if then is not None:
                then()

        def failed(message: str) -> None:
            self._saving = False
            self.save_problem = message
            self.dirty = True  # keep it: the next save tries again
            self.state.setText(f"Not saved: {message}")
            self._show_steps()

        self.runner.write(work, done, on_error=failed)

    # -- the record's life: steps, amendments, history ---------------------------

    def refresh_state(self, *, reload: bool = False) -> None:
        """Read where the record is now; with ``reload``, show its values afresh too."""
        record_id = self.record_id
        if record_id is None:
            return
        self.runner.query(
            lambda store: record_state(store, record_id),
            lambda state: self._state_read(state, reload=reload),
            on_error=lambda message: self.state.setText(f"Could not read the record: {message}"),
        )

    def _state_read(self, state: RecordState, *, reload: bool) -> None:
        if state.record.id != self.record_id:
            return
        self.record_state = state
        self.record = state.record
        self._names = state.names
        self.status = state.record.status
        if (
            self.user.role is Role.BUSINESS_SUPPORT
            and self.status is RecordStatus.WITH_BUSINESS_SUPPORT
            and state.record.picked_up_at is None
        ):
            record_id = self.record_id
            self.runner.write(lambda store: store.records.pick_up(record_id), lambda _changes: None)
        if reload and not self.dirty:
            self._load(state.record, {})
        else:  # names have arrived: say whose suggestion each one is
            for field_id, row in self.rows.items():
                entry = row.provenance or {}
                if entry.get("binding") == BUSINESS_SUPPORT_BINDING and not entry.get("accepted"):
                    suggestion = self._suggestions.get(field_id)
                    if isinstance(suggestion, dict):
                        entry["source"] = suggestion_source(suggestion, self._names)
                        row.show_badge()
        self._apply_editable(self._step_note if reload else "")
        self._step_note = ""
        self._show_record_state()
        self.state_shown.emit()

    def _apply_editable(self, note: str = "") -> None:
        """Let the user change the record or not, as its state and their role say."""
        problem = edit_problem(self.user.role, self.status)
        self.editable = problem is None
        for row in self.rows.values():
            row.editor.widget.setEnabled(self.editable)
            row.badge.setEnabled(self.editable)
        for button in (self.save_button, self.accept_all_button):
            button.setEnabled(self.editable)
        if self.dictation_pane:
            self.dictation_pane.set_editable(self.editable)
        if not self.editable:
            self.autosave.stop()
            self.dirty = False
            self.state.setText(" ".join(part for part in (note, problem) if part))
        elif note:
            self.state.setText(note)

    def _show_record_state(self) -> None:
        """The bar above the form: status, last hand-off, version; and the next steps."""
        record = self.record
        head = f"<b>{escape(self.status.label)}</b>"
        if record is not None and record.version > 1:
            head += f" · version {record.version}"
        lines = [head]
        if self.record_state is not None:
            lines += [escape(line) for line in state_words(self.record_state)]
        self.record_status.setText("<br>".join(lines))
        self.history_button.setEnabled(self.record_id is not None)
        newer = self._newer_version()
        self.amend_button.setText(f"Open version {newer.version}" if newer else "A&mend…")
        self.amend_button.setVisible(
            self.status is RecordStatus.APPROVED and self.user.role is not Role.BUSINESS_SUPPORT
        )
        self._show_steps()

    def _newer_version(self) -> Record | None:
        if self.record_state is None or self.record is None:
            return None
        newer = [v for v in self.record_state.versions if v.version > self.record.version]
        return newer[-1] if newer else None

    def _show_steps(self) -> None:
        for button in self.step_buttons:
            self._steps_layout.removeWidget(button)
            button.deleteLater()
        self.step_buttons = []
        for step in steps_for(self.user.role, self.status):
            button = QPushButton(step.label + ("…" if step.needs_reason else ""))
            button.setAccessibleName(step.label)
            button.clicked.connect(lambda _=False, step=step: self.take_step(step))
            self._steps_layout.addWidget(button)
            self.step_buttons.append(button)

    def step_labels(self) -> list[str]:
        """The steps offered now, in the words on their buttons."""
        return [button.text() for button in self.step_buttons]

    def take_step(self, step: Step) -> None:
        """Move the record on (send, finish, return, approve), saving what is on screen first."""
        if self.record_id is None and not self.dirty:
            self.state.setText("Nothing is written yet, so there is nothing to send on.")
            return
        reason = ""
        if step.needs_reason:
            answer = ask_reason(
                self,
                step.label,
                "Say why the record is going back, so the social worker knows what to do:",
            )
            if answer is None:
                return
            reason = answer
        if step.target is RecordStatus.WITH_BUSINESS_SUPPORT:
            values = self.record_values()[0]
            check = send_check(self.form, values, today=self.today)
            problems = form_problems(self.form, values, today=self.today)
            for field_id, row in self.rows.items():
                row.show_problem(problems.get(field_id))
            if not ask_send(self, check):
                if self.dirty:
                    self.save_draft()
                self.state.setText(
                    "Not sent: put right what is listed first."
                    if check.must_fix
                    else "Not sent: the record stays a draft."
                )
                return
        if step.target is RecordStatus.FINISHED:
            values = self.record_values()[0]
            missing = what_is_missing(self.form, values, today=self.today)
            if missing:
                self.save_draft()
                problems = form_problems(self.form, values, today=self.today)
                for field_id, row in self.rows.items():
                    row.show_problem(problems.get(field_id))
                count = len(missing)
                self.state.setText(
                    f"Saved, but not finished: {count} thing{'s' if count != 1 else ''} "
                    "to do first."
                )
                tell_missing(self, missing)
                return
        for button in self.step_buttons:
            button.setEnabled(False)  # one move at a time
        target = step.target

        def move() -> None:
            record_id = self.record_id
            self.runner.write(
                lambda store: store.records.move(record_id, target, reason=reason),
                lambda _changes: self._moved(target),
                on_error=self._refused,
            )

        self.save_draft(then=move)

    def _moved(self, target: RecordStatus) -> None:
        taken_back = target is RecordStatus.DRAFT and self.user.role is Role.SOCIAL_WORKER
        self.status = target
        self._step_note = "Taken back: it is your draft again." if taken_back else _MOVED[target]
        self._apply_editable(self._step_note)
        self._show_record_state()
        self.refresh_state(reload=True)

    def _refused(self, message: str) -> None:
        self.state.setText(f"Not done: {message}")
        self._show_steps()
        tell_problem(self, message)

    def amend(self) -> None:
        """Correct an approved record: a new version, with a reason, opened as a form."""
        newer = self._newer_version()
        if newer is not None:
            self.open_record_requested.emit(newer.id)
            return
        if self.record_id is None:
            return
        reason = ask_reason(
            self,
            "Amend the record",
            "Say what the amendment corrects; the approved record is kept as it is:",
        )
        if reason is None:
            return
        record_id = self.record_id
        made: list[Record] = []

        def work(store: Store) -> Changes:
            amendment = store.records.amend(record_id, reason=reason)
            made.append(amendment)
            return Changes.of("records", amendment.id, record_id)

        def done(_changes: Changes) -> None:
            self.state.setText(f"Version {made[0].version} started: it opens as a draft.")
            self.refresh_state()
            self.open_record_requested.emit(made[0].id)

        self.runner.write(work, done, on_error=self._refused)

    def show_history(self) -> None:
        """Every change to this record: who, when, from what, to what."""
        if self.record_id is None:
            return
        self.save_draft()  # the history includes what is on screen
        self.history_dialog = show_history(
            self,
            self.runner,
            self.record_id,
            form=self.form,
            subject=f"{self.form.title}: {self.facts.child.display_name}",
        )

    def export_to_word(self) -> None:
        """Save what is on screen, then export the record as it now stands."""
        if self.word_export is None:
            return
        if self.record_id is None and not self.dirty:
            self.state.setText("Nothing is written yet, so there is nothing to export.")
            return
        self.save_draft()  # queued before the export reads the record, so it is included
        self.word_export.export_record(self.record_id, parent=self)

    def save_now(self) -> None:
        """The Save button: save, show every problem, offer new facts to the family record."""
        if not self.editable:
            return
        self.dirty = True
        self.save_draft()
        problems = form_problems(self.form, self.values(), today=self.today)
        for field_id, row in self.rows.items():
            row.show_problem(problems.get(field_id))
        self._offer_write_back()
        if problems:
            self.state.setText(
                f"Draft saved. {len(problems)} field{'s' if len(problems) != 1 else ''} "
                "still need attention before it can be finished."
            )
            first = next(iter(problems))
            self.rows[first].editor.focus_widget().setFocus()
            self.scroll.ensureWidgetVisible(self.rows[first])

    def pending_fact_changes(self) -> list[FactChange]:
        changes = fact_changes(self.form, self.values(), self.provenance())
        return [
            c for c in changes if (self.rows[c.field_id].provenance or {}).get("declined") != c.new
        ]

    def _offer_write_back(self) -> None:
        changes = self.pending_fact_changes()
        if not changes:
            return
        names = dict(choices_from(self.facts).people)
        for change in changes:  # a fact the record did not have gets an entry to answer on
            row = self.rows[change.field_id]
            if row.provenance is None:
                row.provenance = {
                    "source": "Typed on this form",
                    "binding": change.binding,
                    "suggested": None,
                    "accepted": True,
                    "typed": True,
                }
        if ask_write_back(self, [c.describe(names) for c in changes]):
            facts = self.facts
            self.runner.write(lambda store: apply_fact_changes(store, facts, changes))
            for change in changes:
                entry = self.rows[change.field_id].provenance
                entry.update(
                    suggested=change.new,
                    source="Family record (updated from this form)",
                    edited=False,
                    accepted=True,
                    typed=False,
                )
                self.rows[change.field_id].show_badge()
        else:
            for change in changes:
                self.rows[change.field_id].provenance["declined"] = change.new
        self.dirty = True
        self.save_draft()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.dictation_pane:
            self.dictation_pane.stop()
        if self.editable:
            if self.pending_fact_changes():
                self._offer_write_back()
            self.dirty = self.dirty or self.autosave.isActive()
            self.save_draft()
            self.runner.wait()  # the draft is on disk before the window goes
            # The save's answer, now: a refused save (full disk, read-only) keeps the form open
            # unless the typing is kept in a file.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)
            if self.dirty and not keep_unsaved(self, self.form, self.values(), self.save_problem):
                event.ignore()
                return
        super().closeEvent(event)


def _put(values: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key``, or take it out when there is nothing to keep."""
    if value is None:
        values.pop(key, None)
    else:
        values[key] = value


def _kept_as_suggestions(form: FormSpec, field_ids: list[str]) -> str:
    """ " Your change to Analysis is kept as a suggestion for the social worker." """
    if not field_ids:
        return ""
    labels = [form.field(f).label if form.field(f) else f for f in field_ids]
    if len(labels) == 1:
        return f" Your change to {labels[0]} is kept as a suggestion for the social worker."
    listed = ", ".join(labels[:-1]) + f" and {labels[-1]}"
    return f" Your changes to {listed} are kept as suggestions for the social worker."
