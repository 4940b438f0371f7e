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

    Nothing is lost whichever is kept: the other value stays in the record's history.
    Closing the dialog keeps theirs on the record and yours on the form, to ask again.
    """

    def __init__(
        self, conflict: FieldConflict, *, label: str, who: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{label}: changed by someone else too")
        self.chosen = Side.THEIRS
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"{who} changed {label} while you were editing it. Choose which to keep; the "
            "other stays in the record's history."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        for title, value in ((f"{who} wrote:", conflict.theirs), ("You wrote:", conflict.mine)):
            layout.addWidget(QLabel(f"<b>{title}</b>"))
            text = QPlainTextEdit(conflict_text(value))
            text.setReadOnly(True)
            text.setAccessibleName(title.rstrip(":"))
            text.setMaximumHeight(120)
            layout.addWidget(text)
        buttons = QDialogButtonBox()
        self.theirs_button = buttons.addButton(
            "Keep theirs", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.mine_button = buttons.addButton("Keep mine", QDialogButtonBox.ButtonRole.AcceptRole)
        self.theirs_button.setAccessibleName(f"Keep {who}'s {label.lower()}")
        self.mine_button.setAccessibleName(f"Keep your {label.lower()}")
        buttons.accepted.connect(self._keep_mine)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _keep_mine(self) -> None:
        self.chosen = Side.MINE
        self.accept()
