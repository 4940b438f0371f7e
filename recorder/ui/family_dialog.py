"""The shape every family-record dialog shares: a form, a line saying what stops the
save, and Save and Cancel.

A dialog reads its fields only in ``accept()``, turns them into one operation
(:mod:`recorder.ui.family_ops`) with the plain rules of the domain, and runs it
through the window's task runner. A refusal from the store is shown in the
dialog in its own words, and nothing typed is lost.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from recorder.ui.dialog_saving import SavesThroughRunner
from recorder.ui.family_ops import Operation
from recorder.ui.tasks import TaskRunner

DATE_HINT = "dd/mm/yyyy"


def date_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(DATE_HINT)
    edit.setAccessibleName(name)
    edit.setMaxLength(10)
    edit.setMaximumWidth(160)
    return edit


def line_edit(name: str, *, text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    return edit


def choice_box(name: str, choices: list[tuple[str, object]]) -> QComboBox:
    """A drop-down of (words, value) pairs; typing a word's first letters moves to it."""
    box = QComboBox()
    box.setAccessibleName(name)
    for text, value in choices:
        box.addItem(text, value)
    return box


class FamilyDialog(SavesThroughRunner, QDialog):
    """A dialog that saves one change to the family record; ``saved`` carries its Changes.

    Subclasses add rows with :meth:`add_row` and say what to do in :meth:`operation`.
    """

    saved = Signal(object)

    def __init__(
        self, runner: TaskRunner, *, title: str, intro: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.saving = False
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(520)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setObjectName("note")
        self.intro.setVisible(bool(intro))
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setVerticalSpacing(8)
        self.problem = QLabel("")
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("What stops this being saved")
        self.problem.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 14, 18, 14)
        self.body.setSpacing(10)
        self.body.addWidget(self.intro)
        self.body.addLayout(self.form)
        self.body.addWidget(self.problem)
        self.body.addWidget(self.buttons)
        # Only once the button is inside the dialog does the dialog take it as its default.
        self.save_button.setDefault(True)

    def showEvent(self, event) -> None:  # noqa: N802
        """The keyboard starts in the first box, whatever the platform would pick."""
        super().showEvent(event)
        if not getattr(self, "_focused_once", False):
            self._focused_once = True
            for row in range(self.form.rowCount()):
                item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                widget = item.widget() if item else None
                if widget is not None and widget.isEnabled() and widget.focusPolicy():
                    widget.setFocus()
                    break

    def add_row(self, label: str, widget: QWidget) -> QWidget:
        self.form.addRow(label, widget)
        return widget

    def operation(self) -> tuple[Operation | None, list[str]]:
        """The change the dialog describes, or None and what is wrong, in sentences."""
        raise NotImplementedError

    def accept(self) -> None:
        if self.saving:
            return
        operation, problems = self.operation()
        if operation is None:
            if problems:
                self.show_problem("\n".join(problems))
            return
        self.run(operation)
