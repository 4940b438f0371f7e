"""Users, roles and teams, set by a team manager; and changing one's own password.

The dialogs only read their fields and hand the caller a store operation
(``work(store)``); the store checks who may do it (a social worker asking to
change a role is refused there, in words).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from recorder.domain.users import Role, User
from recorder.store.keys import password_problem

Operation = Callable[[Any], Any]


def _role_box() -> QComboBox:
    box = QComboBox()
    for role in Role:
        box.addItem(role.label, role.value)  # Qt keeps the text of a StrEnum
    return box


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


class AccountsDialog(QDialog):
    """A team manager adds accounts, sets roles and teams, and resets passwords.

    :param run: runs a store operation; ``on_done`` gets the fresh list of users
    """

    def __init__(self, users: list[User], *, run: Callable[[Operation], None], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Users, roles and teams")
        self.run = run
        self.list = QListWidget()
        self.list.setAccessibleName("Users")
        self.list.currentRowChanged.connect(self._chosen)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")

        chosen = QGroupBox("The chosen user")
        self.role = _role_box()
        self.role.setAccessibleName("Role")
        self.team = QLineEdit()
        self.team.setAccessibleName("Team")
        save_role = QPushButton("Save role and team")
        save_role.clicked.connect(self.save_role)
        self.reset = _password_edit("New password for them")
        reset_button = QPushButton("Reset their password")
        reset_button.clicked.connect(self.reset_password)
        form = QFormLayout(chosen)
        form.addRow("&Role", self.role)
        form.addRow("&Team", self.team)
        form.addRow(save_role)
        form.addRow("New &password", self.reset)
        form.addRow(reset_button)

        add = QGroupBox("Add a user")
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName("New user's name")
        self.new_role = _role_box()
        self.new_role.setAccessibleName("New user's role")
        self.new_team = QLineEdit()
        self.new_team.setAccessibleName("New user's team")
        self.new_password = _password_edit("New user's first password")
        add_button = QPushButton("Add the user")
        add_button.clicked.connect(self.add_user)
        add_form = QFormLayout(add)
        add_form.addRow("Na&me", self.new_name)
        add_form.addRow("R&ole", self.new_role)
        add_form.addRow("T&eam", self.new_team)
        add_form.addRow("First pa&ssword", self.new_password)
        add_form.addRow(add_button)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        sides = QHBoxLayout()
        sides.addWidget(self.list, 1)
        right = QVBoxLayout()
        right.addWidget(chosen)
        right.addWidget(add)
        sides.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(sides)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.show_users(users)

    def show_users(self, users: list[User]) -> None:
        self.users = users
        current = self.list.currentRow()
        self.list.clear()
        for user in users:
            team = f" · {user.team}" if user.team else ""
            self.list.addItem(QListWidgetItem(f"{user.name} · {user.role.label}{team}"))
        self.list.setCurrentRow(max(0, min(current, len(users) - 1)))

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.users):
            user = self.users[row]
            self.role.setCurrentIndex(self.role.findData(user.role.value))
            self.team.setText(user.team)

    def _user(self) -> User | None:
        row = self.list.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def say(self, text: str) -> None:
        self.message.setText(text)

    def save_role(self) -> None:
        user = self._user()
        if user is None:
            return
        role, team = Role(self.role.currentData()), self.team.text()
        self.run(lambda store: store.users.set_role(user.id, role, team=team))
        self.say(f"{user.name} is now {role.label.lower()}" + (f" in {team}." if team else "."))

    def reset_password(self) -> None:
        user = self._user()
        if user is None:
            return
        problem = password_problem(self.reset.text())
        if problem:
            return self.say(problem)
        password = self.reset.text()
        self.reset.clear()
        self.run(lambda store: store.users.reset_password(user.id, password))
        self.say(f"{user.name}'s password is reset. Tell them it, and to change it.")

    def add_user(self) -> None:
        name = " ".join(self.new_name.text().split())
        problem = ("Type the new user's name." if not name else "") or password_problem(
            self.new_password.text()
        )
        if problem:
            return self.say(problem)
        user = User(name, Role(self.new_role.currentData()), team=self.new_team.text().strip())
        password = self.new_password.text()
        self.new_password.clear()
        self.new_name.clear()
        self.run(lambda store: store.users.add_account(user, password))
        self.say(f"{name} can now sign in with the password you gave.")


class ChangePasswordDialog(QDialog):
    """A user changes their own password; the database file is not re-encrypted."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change my password")
        self.old = _password_edit("Current password")
        self.new = _password_edit("New password")
        self.again = _password_edit("New password again")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Current password", self.old)
        form.addRow("&New password", self.new)
        form.addRow("New password &again", self.again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def operation(self) -> Operation:
        old, new = self.old.text(), self.new.text()
        return lambda store: store.users.change_own_password(old, new)

    def accept(self) -> None:
        problem = password_problem(self.new.text()) or (
            "" if self.new.text() == self.again.text() else "The two new passwords differ."
        )
        if problem:
            self.message.setText(problem)
            return
        super().accept()
