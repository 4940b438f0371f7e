"""One field on a form: its label, editor, help, source badge, note and problem.

A row renders the :class:`~recorder.forms.editing.FieldState` the record editor
holds for it and forwards clicks; it decides nothing about the record.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from recorder.forms.editing import FieldState
from recorder.store.views import CaseFacts
from recorder.ui.form_fields import Choices, FieldEditor


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

    def __init__(self, state: FieldState, editor: FieldEditor) -> None:
        super().__init__()
        spec = state.spec
        self.state = state
        self.spec = spec
        self.editor = editor
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

    @property
    def provenance(self) -> dict[str, Any] | None:
        """Where the value came from, as the record saves it (read only: the editor holds it)."""
        entry = self.state.provenance
        return entry.as_saved() if entry else None

    def show(self) -> None:
        """Show the field's value as the record editor holds it, with its badge and note."""
        self.editor.set_value(self.state.value)
        self.show_badge()
        self.show_note(self.state.note)

    def show_badge(self) -> None:
        entry = self.state.provenance
        if not entry or entry.typed:
            self.badge.hide()
            return
        source = entry.source
        by_business_support = entry.by_business_support
        # Business support's wording: Reject puts back what the record said (no emptying).
        verb = "Reject" if by_business_support and not entry.accepted else "Clear"
        self.badge.clear_button.setText(verb)
        self.badge.clear_button.setAccessibleName(f"{verb} the suggested {self.spec.label.lower()}")
        said = entry.record_said
        self.badge.setToolTip(f"The record said: {said}" if by_business_support and said else "")
        if entry.edited:
            self.badge.text.setText(f"Changed from the suggestion ({source})")
            self.badge.accept_button.hide()
        elif entry.accepted:
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
        self.badge.setProperty("state", "accepted" if entry.accepted else "suggested")
        self.badge.style().unpolish(self.badge)
        self.badge.style().polish(self.badge)
        self.badge.show()
