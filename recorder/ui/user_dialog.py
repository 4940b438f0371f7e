"""Who is using the app? Asked at start-up; no passwords yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from recorder.domain.users import Role, User


class UserDialog(QDialog):
    """Pick a user from the list, or add yourself when the list is empty.

    Reads its fields only in :meth:`accept`; the caller writes any new user.
    """

    def __init__(self, users: list[User], *, last_user_id: str | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Who is using Case Recorder?")
        self.chosen: User | None = None
        self.new_user: User | None = None

        intro = QLabel("Choose your name. Everything you record is signed with it.")
        intro.setWordWrap(True)
        self._users = {u.id: u for u in users}
        self.list = QListWidget()
        self.list.setAccessibleName("Users")
        for user in users:
            item = QListWidgetItem(f"{user.name}  ·  {user.role.label}")
            item.setData(Qt.ItemDataRole.UserRole, user.id)
            self.list.addItem(item)
            if user.id == last_user_id:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and users:
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())

        self.add_box = QGroupBox("Not listed? Add yourself")
        self.add_box.setCheckable(True)
        self.add_box.setChecked(not users)
        self.add_box.setAccessibleName("Add a new user")
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Your name")
        self.name_edit.setPlaceholderText("First name and surname")
        self.role_box = QComboBox()
        self.role_box.setAccessibleName("Your role")
        for role in Role:
            self.role_box.addItem(role.label, role)
        form = QFormLayout(self.add_box)
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Role:", self.role_box)

        self.problem = QLabel("")
        self.problem.setObjectName("problem")
        self.problem.setAccessibleName("Problem")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Continue")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(self.add_box)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.list.setVisible(bool(users))
        self.resize(420, 360)

    def accept(self) -> None:
        if self.add_box.isChecked():
            name = " ".join(self.name_edit.text().split())
            if not name:
                self.problem.setText("Type your name, or choose it from the list.")
                self.name_edit.setFocus()
                return
            self.new_user = User(name=name, role=Role(self.role_box.currentData()))
            self.chosen = self.new_user
        else:
            item = self.list.currentItem()
            if item is None:
                self.problem.setText("Choose your name from the list.")
                return
            self.chosen = self._users[item.data(Qt.ItemDataRole.UserRole)]
        super().accept()
