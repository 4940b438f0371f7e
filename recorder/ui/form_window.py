"""A form on screen: drawn from its definition, filled from what is known, saved as you go.

Typing is never lost: the draft saves a few seconds after each change, when
focus leaves a field, and when the window closes. Pre-filled values carry a
badge naming their source until accepted or cleared. Changed family facts are
offered back to the family record on saving. A visit form has a dictation pane
beside it (``dictation_pane.py``) whose draft fills fields as suggestions too;
the dictation text is saved with the record under its own key.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
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
from recorder.domain.forms import FieldSpec, FormSpec
from recorder.domain.ids import utc_now
from recorder.domain.records import Record, RecordStatus
from recorder.domain.users import User
from recorder.forms.checks import field_problem, form_problems
from recorder.forms.prefill import Suggestion
from recorder.forms.write_back import FactChange, apply_fact_changes, fact_changes
from recorder.reference.relationships import RelationshipVocabulary
from recorder.store.views import CaseFacts
from recorder.ui.dictation_pane import BackgroundDrafter, DictationPane
from recorder.ui.form_fields import Choices, FieldEditor, editor_for
from recorder.ui.tasks import TaskRunner
from recorder.ui.word_export import WordExport

AUTOSAVE_MS = 3000
EDITABLE = (RecordStatus.DRAFT, RecordStatus.WITH_BUSINESS_SUPPORT)


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
        layout.addWidget(self.problem)

    def show_problem(self, problem: str | None) -> None:
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem))

    def show_badge(self) -> None:
        entry = self.provenance
        if not entry or entry.get("typed"):
            self.badge.hide()
            return
        if entry.get("edited"):
            self.badge.text.setText(f"Changed from the suggestion ({entry['source']})")
            self.badge.accept_button.hide()
        elif entry.get("accepted"):
            self.badge.text.setText(f"✓ Accepted · from: {entry['source']}")
            self.badge.accept_button.hide()
        else:
            self.badge.text.setText(f"Suggested from: {entry['source']}")
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
        self.record_id = record.id if record else None
        self.status = record.status if record else RecordStatus.DRAFT
        self.editable = self.status in EDITABLE
        self.dirty = False
        self._saving = False
        self._kept_values: dict[str, Any] = {}
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
                editor.widget.setEnabled(self.editable)
                row.badge.setEnabled(self.editable)
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
        self.state.setAccessibleName("Save status")
        for button in (self.save_button, self.accept_all_button):
            button.setEnabled(self.editable)
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

        self._load(record, suggestions or {})
        self.resize(1500 if self.dictation_pane else 1100, 860)
        if self.dictation_pane:
            self.dictation_pane.set_editable(self.editable)
        if not self.editable:
            self.state.setText(
                f"This record is {self.status.label.lower()} and cannot be changed here."
            )

    # -- loading ------------------------------------------------------------

    def _load(self, record: Record | None, suggestions: dict[str, Suggestion]) -> None:
        if record is not None:
            values, provenance = record.values, record.provenance
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
        self.sections.setCurrentRow(0)

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
        row.editor.set_value(None)
        row.provenance = None
        row.show_badge()
        self._edited(row, by_user=False)
        row.editor.focus_widget().setFocus()
        self.suggestion_cleared.emit(row.spec.id)

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

    def save_draft(self) -> None:
        """Save what is on screen now; quiet, no questions (autosave)."""
        if not self.editable or not self.dirty:
            return
        self.autosave.stop()
        self.dirty = False
        values, provenance = self.values(), self.provenance()
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

        def done(_changes) -> None:
            self._saving = False
            self.state.setText(f"Draft saved at {utc_now().astimezone().strftime('%H:%M:%S')}")
            self.saved.emit(self.record_id)

        def failed(message: str) -> None:
            self._saving = False
            self.dirty = True  # keep it: the next save tries again
            self.state.setText(f"Not saved: {message}")

        self.runner.write(work, done, on_error=failed)

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
        super().closeEvent(event)
