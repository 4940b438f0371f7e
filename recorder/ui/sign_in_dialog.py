"""The sign-in screen: a name, a password, Enter. Also the first manager's account.

Quick with the keyboard: the cursor starts in the name field (or the password
field when the name is already filled in), Enter signs in. The dialog only
collects what was typed; the caller opens the database and says whether it
worked. After five wrong tries the Sign in button waits before it can be
pressed again, and the screen says how long in plain words.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from recorder.store.keys import password_problem


class SignInDialog(QDialog):
    """Ask for a name and password, or (``first_manager``) make a new database's first account.

    :param name: a name to fill in (``--user`` or the last one used); the user can change it
    :param message: said above the fields (a wrong password, a wait)
    :param wait_seconds: how long the Sign in button stays unavailable
    """

    def __init__(
        self,
        *,
        database: str,
        name: str = "",
        first_manager: bool = False,
        message: str = "",
        wait_seconds: int = 0,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.first_manager = first_manager
        self.setWindowTitle("Make the first account" if first_manager else "Sign in")
        intro = QLabel(
            f"{database} is a new database. Make its first account: a team manager, who then "
            "adds everyone else and sets their roles."
            if first_manager
            else f"Sign in to open {database}."
        )
        intro.setWordWrap(True)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Sign-in message")
        self.message.setStyleSheet("color: #8a1c1c")
        self.message.setVisible(bool(message))

        self.name_edit = QLineEdit(name)
        self.name_edit.setAccessibleName("Your name")
        self.name_edit.setPlaceholderText("First name and surname")
        self.password_edit = QLineEdit()
        self.password_edit.setAccessibleName("Password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setAccessibleName("Password again")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("&Name", self.name_edit)
        form.addRow("&Password", self.password_edit)
        if first_manager:
            form.addRow("Password &again", self.confirm_edit)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Make the account" if first_manager else "Sign in")
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self._left = wait_seconds
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        if wait_seconds > 0:
            self.ok.setEnabled(False)
            self._timer.start()
        (self.password_edit if name else self.name_edit).setFocus()

    def _tick(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self._timer.stop()
            self.ok.setEnabled(True)
            self.message.setText("You can try again now.")
        else:
            self.ok.setText(f"Sign in (in {self._left} s)")
            return
        self.ok.setText("Sign in")

    @property
    def name(self) -> str:
        return " ".join(self.name_edit.text().split())

    @property
    def password(self) -> str:
        return self.password_edit.text()

    def accept(self) -> None:
        if not self.ok.isEnabled():
            return  # Enter while the wait runs does nothing
        problem = "" if self.name else "Type your name."
        if not problem and not self.password:
            problem = "Type your password."
        if not problem and self.first_manager:
            problem = password_problem(self.password) or (
                "" if self.password == self.confirm_edit.text() else "The two passwords differ."
            )
        if problem:
            self.message.setText(problem)
            self.message.setVisible(True)
            return
        super().accept()
