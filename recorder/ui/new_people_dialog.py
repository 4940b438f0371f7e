"""Asking which people new to the record to add to the child's family network, and how."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from recorder.dictation.to_form import NewPersonOffer
from recorder.reference.relationships import RelationshipVocabulary


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
