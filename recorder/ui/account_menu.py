"""The Account menu of the main window: passwords, users and roles, who opened a record,
lock now, sign out. Kept apart so the main window only adds it."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from recorder import APP_NAME
from recorder.domain.users import Role
from recorder.ui.accounts_dialog import AccountsDialog, ChangePasswordDialog
from recorder.ui.consent_dialog import ConsentDialog


def add_account_menu(window: QMainWindow) -> None:
    """Add the menu to ``window`` (a MainWindow: its runner, user and signals)."""
    menu = window.menuBar().addMenu("&Account")
    lock = QAction("&Lock now", window)
    lock.setShortcut(QKeySequence("Ctrl+Shift+L"))
    lock.triggered.connect(window.lock_requested.emit)
    menu.addAction(lock)
    change = QAction("&Change my password…", window)
    change.triggered.connect(lambda: change_password(window))
    menu.addAction(change)
    if window.user.role is Role.TEAM_MANAGER:
        users = QAction("&Users, roles and teams…", window)
        users.triggered.connect(lambda: manage_users(window))
        menu.addAction(users)
        who = QAction("&Who opened this child's record…", window)
        who.triggered.connect(lambda: show_who_opened(window))
        menu.addAction(who)
    consent = QAction("Information-&sharing consent for this child…", window)
    consent.triggered.connect(lambda: record_consent(window))
    menu.addAction(consent)
    menu.addSeparator()
    sign_out = QAction("&Sign out or switch user", window)
    sign_out.triggered.connect(window.sign_out_requested.emit)
    menu.addAction(sign_out)


def change_password(window) -> None:
    dialog = ChangePasswordDialog(window)
    if dialog.exec():
        window.runner.query(
            dialog.operation(),
            lambda _none: QMessageBox.information(window, APP_NAME, "Your password is changed."),
            on_error=lambda message: QMessageBox.warning(window, APP_NAME, message),
        )


def manage_users(window) -> None:
    dialog: AccountsDialog | None = None

    def run(work) -> None:
        def refresh(_result=None) -> None:
            window.runner.query(lambda s: s.users.all(), dialog.show_users)

        window.runner.query(work, refresh, on_error=dialog.say)

    def show(users) -> None:
        nonlocal dialog
        dialog = AccountsDialog(users, run=run, parent=window)
        dialog.exec()

    window.runner.query(lambda s: s.users.all(), show)


def show_who_opened(window) -> None:
    child_id = window.current_person_id
    if not child_id:
        QMessageBox.information(window, APP_NAME, "Open a child's record first.")
        return

    def show(lines: list[str]) -> None:
        text = "\n".join(lines) if lines else "Nobody has opened this record on this device."
        QMessageBox.information(window, "Who opened this child's record", text)

    window.runner.query(lambda s: s.access.who_opened(child_id), show)


def record_consent(window) -> None:
    """Show the child's consent decision and record a new one (the store checks the role)."""
    child_id = window.current_person_id
    if not child_id:
        QMessageBox.information(window, APP_NAME, "Open a child's record first.")
        return

    def show(found) -> None:
        person, current = found
        dialog = ConsentDialog(child_id, person.full_name, current, parent=window)
        if dialog.exec() and dialog.decision is not None:
            decision = dialog.decision
            window.runner.write(
                lambda s: s.consents.decide(decision),
                on_error=lambda message: QMessageBox.warning(window, APP_NAME, message),
            )

    window.runner.query(lambda s: (s.people.get(child_id), s.consents.current(child_id)), show)
