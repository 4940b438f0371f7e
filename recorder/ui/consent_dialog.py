"""A child's information-sharing consent: what stands now, and a new decision recorded.

Reads its fields only in :meth:`accept`; the store checks who may record it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from recorder.domain.consent import ConsentDecision, SharingConsent


class ConsentDialog(QDialog):
    """:param current: the decision that stands, or None when none is recorded"""

    def __init__(
        self, child_id: str, child_name: str, current: ConsentDecision | None, parent=None
    ) -> None:
        super().__init__(parent)
        self.child_id = child_id
        self.decision: ConsentDecision | None = None
        self.setWindowTitle(f"Information-sharing consent: {child_name}")
        standing = QLabel(current.sentence() if current else "No decision is recorded yet.")
        standing.setWordWrap(True)
        standing.setAccessibleName("The decision that stands")
        self.status = QComboBox()
        self.status.setAccessibleName("Decision")
        for choice in SharingConsent:
            self.status.addItem(choice.label, choice.value)
        self.on = QDateEdit(QDate.currentDate())
        self.on.setDisplayFormat("dd/MM/yyyy")
        self.on.setCalendarPopup(True)
        self.on.setAccessibleName("Date of the decision")
        self.by = QLineEdit()
        self.by.setAccessibleName("Given, refused or decided by")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        self.problem = QLabel("")
        form = QFormLayout()
        form.addRow("&Decision", self.status)
        form.addRow("D&ate", self.on)
        form.addRow("&By whom", self.by)
        form.addRow("&Note", self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(standing)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def accept(self) -> None:
        by = " ".join(self.by.text().split())
        if not by:
            self.problem.setText("Say who gave or refused consent, or who decided.")
            return
        day = self.on.date()
        self.decision = ConsentDecision(
            self.child_id,
            SharingConsent(self.status.currentData()),
            date(day.year(), day.month(), day.day()),
            by,
            note=self.note.text().strip(),
        )
        super().accept()
