"""The questions a form window asks, each behind a small function that tests replace.

Each function shows a dialog and returns the answer in plain values; none of
them reads or writes the record. Dialogs of more than one button live here too
(:class:`ConflictDialog`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from recorder import APP_NAME
from recorder.domain.conflicts import FieldConflict, Side
from recorder.forms.sending import SendCheck


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


def ask_conflict(parent: QWidget, conflict: FieldConflict, *, label: str, who: str) -> Side:
    """Show both values of a field two people changed; the side kept (tests replace this)."""
    dialog = ConflictDialog(conflict, label=label, who=who, parent=parent)
    dialog.exec()
    return dialog.chosen


def conflict_text(value: Any) -> str:
    """A field's value as the conflict dialog shows it."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "\n".join(conflict_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{k}: {conflict_text(v)}" for k, v in value.items() if v not in (None, "")
        )
    return str(value)


class ConflictDialog(QDialog):
    """Someone else changed this field while you did: their value and yours, side by side.

    What they wrote is in the record's history whichever is kept, so closing the
    dialog without choosing keeps yours: nothing typed is lost either way.
    """

    def __init__(
        self, conflict: FieldConflict, *, label: str, who: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{label}: changed in two places")
        self.chosen = Side.MINE
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"{who} changed {label} while you were editing it. Choose which the record "
            "keeps; what they wrote stays in the record's history either way."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.text_boxes: list[QPlainTextEdit] = []
        for title, value in (
            (f"{who} wrote:", conflict.theirs),
            ("You wrote here:", conflict.mine),
        ):
            layout.addWidget(QLabel(f"<b>{title}</b>"))
            text = QPlainTextEdit(conflict_text(value))
            text.setReadOnly(True)
            text.setAccessibleName(title.rstrip(":"))
            text.setMaximumHeight(120)
            layout.addWidget(text)
            self.text_boxes.append(text)
        buttons = QDialogButtonBox()
        self.theirs_button = buttons.addButton(
            "Keep theirs", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.mine_button = buttons.addButton("Keep mine", QDialogButtonBox.ButtonRole.AcceptRole)
        self.theirs_button.setAccessibleName(f"Keep what {who} wrote")
        self.mine_button.setAccessibleName("Keep what you wrote here")
        self.theirs_button.clicked.connect(self._keep_theirs)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def _keep_theirs(self) -> None:
        self.chosen = Side.THEIRS
        self.accept()
