"""The Sync menu and the status bar's sync line of the main window: Sync now, Needs a
decision, and setting up this laptop with the team's service. Kept apart so the
main window only adds it."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
)

from recorder import APP_NAME
from recorder.domain.sync_status import Decision
from recorder.domain.users import Role
from recorder.ui.decisions_dialog import DecisionsDialog
from recorder.ui.sync_status import SyncStatus

VALUES = "values."


def add_sync_menu(window: QMainWindow) -> SyncStatus:
    """Add the menu and the status line to ``window`` (a MainWindow: its runner, user)."""
    status = SyncStatus(window.runner, parent=window)
    window.statusBar().addPermanentWidget(status)
    # No Alt letter of its own: every letter of "Sync" already opens something on the
    # child view (Alt+Y adds to the family). F9 and Ctrl+Shift+D reach its actions.
    menu = window.menuBar().addMenu("Sync")
    now = QAction("Sync &now", window)
    now.setShortcut(QKeySequence("F9"))  # send and receive, as in the mail many councils use
    now.triggered.connect(lambda: sync_now(window, status))
    menu.addAction(now)
    decide = QAction("Needs a &decision…", window)
    decide.setShortcut(QKeySequence("Ctrl+Shift+D"))
    decide.triggered.connect(lambda: show_decisions(window))
    menu.addAction(decide)
    status.decisions_changed.connect(
        lambda n: decide.setText(f"Needs a &decision ({n})…" if n else "Needs a &decision…")
    )
    if window.user.role is Role.TEAM_MANAGER:
        menu.addSeparator()
        enrol = QAction("&Set up this laptop for sync…", window)
        enrol.triggered.connect(lambda: set_up(window, status))
        menu.addAction(enrol)
    window.sync_status = status
    window.sync_decide_action = decide
    return status


def sync_now(window, status: SyncStatus) -> None:
    if status.running is not None:
        window.statusBar().showMessage("A sync is already running.", 5000)
    elif not status.sync_now():
        window.statusBar().showMessage(
            "This laptop is not set up for sync yet: a team manager sets it up "
            "from Sync, Set up this laptop for sync.",
            10000,
        )


def show_decisions(window) -> DecisionsDialog:
    dialog = DecisionsDialog(window.runner, window)
    dialog.amend_requested.connect(lambda decision: amend_with(window, dialog, decision))
    dialog.finished.connect(lambda _code: window.sync_status.refresh())
    dialog.open()
    return dialog


def amend_with(window, dialog: DecisionsDialog, decision: Decision) -> None:
    """Settle a refused edit to a record approved meanwhile by starting an amendment that
    holds this laptop's words (the store does both in one change), then open it."""
    if decision.entity != "records" or not decision.field.startswith(VALUES):
        dialog.say("Only a record's own words can go into an amendment.")
        return
    mine = decision.values[0].value

    def opened(changes) -> None:
        dialog.reload()
        started = sorted(changes.ids - {decision.entity_id})
        if started:
            window.open_record(started[0])

    window.runner.write(
        lambda store: store.sync.choose(decision, mine),
        opened,
        on_error=dialog.say,
        origin="decisions",
    )


class ServiceDialog(QDialog):
    """The service's address and this laptop's enrolment token, from the administrator."""

    def __init__(self, url: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set up this laptop for sync")
        explain = QLabel(
            "Ask whoever runs the team's sync service for its address and a token for "
            "this laptop (they make one with “python -m recorder enrol”)."
        )
        explain.setWordWrap(True)
        self.url = QLineEdit(url)
        self.url.setPlaceholderText("https://sync.example.gov.uk")
        self.url.setAccessibleName("Service address")
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName("Laptop token")
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Service &address", self.url)
        form.addRow("Laptop &token", self.token)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def accept(self) -> None:
        url, token = self.url.text().strip(), self.token.text().strip()
        if not url.startswith(("http://", "https://")):
            self.problem.setText("The address starts with https:// (or http:// on a test network).")
            return
        if not token:
            self.problem.setText("Paste the token made for this laptop.")
            return
        super().accept()


def set_up(window, status: SyncStatus) -> None:
    settings = status.facts.settings if status.facts else None
    dialog = ServiceDialog(settings.url if settings else "", window)
    if not dialog.exec():
        return
    url, token = dialog.url.text().strip(), dialog.token.text().strip()

    def done(_result) -> None:
        QMessageBox.information(window, APP_NAME, "This laptop is set up for sync.")
        status.refresh()

    window.runner.query(
        lambda store: store.sync.enrol(url, token),
        done,
        on_error=lambda message: QMessageBox.warning(window, APP_NAME, message),
    )
