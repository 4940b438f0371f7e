"""Starting the desktop app: ``python main.py [--db PATH | --demo]`` or ``case-recorder``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from recorder import APP_NAME
from recorder.dictation.to_form import new_person_words
from recorder.domain.users import Role, User
from recorder.export import load_export_settings
from recorder.forms.definitions import load_forms
from recorder.reference import DataFileError, ReferenceData, load_reference_data
from recorder.resources import resource
from recorder.store import Store
from recorder.store.app_lock import hold_app_lock
from recorder.store.verify import opening_warning
from recorder.ui.collector import collect_on_gui_thread
from recorder.ui.dictation_pane import BackgroundDrafter
from recorder.ui.main_window import MainWindow
from recorder.ui.tasks import TaskRunner
from recorder.ui.unexpected import unexpected_error_hook
from recorder.ui.user_dialog import UserDialog


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="case-recorder", description=f"Open {APP_NAME}.")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="PATH", help="the database file to open or create")
    where.add_argument(
        "--demo",
        action="store_true",
        help="open the fictional demo caseload (made on first use)",
    )
    parser.add_argument("--user", metavar="NAME", help="sign in as this user without asking")
    return parser.parse_args(argv)


def data_folder() -> Path:
    generic = QStandardPaths.StandardLocation.GenericDataLocation
    folder = Path(QStandardPaths.writableLocation(generic)) / APP_NAME
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.5))
    app.setFont(font)
    style = resource("style.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


def opener_for(args: argparse.Namespace):
    """What opens the database, run later on the worker thread."""
    if args.demo:
        path = data_folder() / "demo.db"

        def open_demo() -> Store:
            from recorder.demo import create_demo_database

            if path.exists() and path.stat().st_size > 0:
                return Store.open(path)
            return create_demo_database(path)

        return path, open_demo
    path = Path(args.db) if args.db else data_folder() / "case-recorder.db"
    return path, lambda: Store.open(path)


def locked(path: Path, opener):
    """The opener, refusing (in words) a file another copy of the app has open."""

    def open_locked() -> Store:
        hold_app_lock(path)
        return opener()

    return open_locked


def ask_who_is_using(
    users: list[User], last_user_id: str | None
) -> tuple[User | None, User | None]:
    """The start-up question: (the user chosen, or None; a new user to add, or None)."""
    dialog = UserDialog(users, last_user_id=last_user_id)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None, None
    return dialog.chosen, dialog.new_user


class Startup:
    """Open the database, ask who is using the app, then show the main window.

    The dictation pipeline starts loading first, in the background, so it is
    usually ready by the time a visit form opens; the app never waits for it.
    """

    def __init__(
        self,
        app: QApplication,
        args: argparse.Namespace,
        reference: ReferenceData,
        *,
        settings: QSettings | None = None,
    ):
        self.app = app
        self.args = args
        self.reference = reference
        self.forms = load_forms()
        if self.forms.problems:
            QMessageBox.warning(
                None,
                APP_NAME,
                "Some forms could not be read and are not offered until they are mended:\n\n"
                + "\n".join(f"• {p}" for p in self.forms.problems),
            )
        self.export_settings, self.export_problem = None, ""
        try:
            self.export_settings = load_export_settings()
        except DataFileError as e:
            self.export_problem = str(e)
            QMessageBox.warning(
                None,
                APP_NAME,
                f"Export to Word is off until its settings file is mended:\n\n{e}",
            )
        self.settings = settings or QSettings()
        self.drafting = BackgroundDrafter()
        self.drafting.load()
        self.runner = TaskRunner()
        self.window: MainWindow | None = None
        self.path, opener = opener_for(args)
        self.runner.open(locked(self.path, opener), on_done=self._opened, on_error=self._fail)

    def _fail(self, message: str) -> None:
        QMessageBox.critical(None, APP_NAME, message)
        self.app.exit(1)

    def _opened(self, store: Store) -> None:
        self.runner.query(lambda s: s.users.all(), self._choose_user, on_error=self._fail)

    def _choose_user(self, users: list[User]) -> None:
        key = f"last_user/{self.path.resolve()}"
        wanted = self.args.user
        chosen = next((u for u in users if wanted and wanted in (u.id, u.name)), None)
        if wanted and chosen is None:
            return self._fail(f"There is no user called {wanted!r} in {self.path}.")
        if chosen is None:
            chosen, new_user = ask_who_is_using(users, self.settings.value(key) or None)
            if chosen is None:
                self.app.exit(0)
                return
            if new_user is not None:
                self.runner.write(lambda s: s.users.add(new_user), on_error=self._fail)
        self.settings.setValue(key, chosen.id)
        user = chosen

        def sign_in(store: Store) -> User:
            store.sign_in(user.id)
            return user

        self.runner.query(sign_in, self._show_window, on_error=self._fail)

    def _show_window(self, user: User) -> None:
        self.window = MainWindow(
            self.runner,
            reference=self.reference,
            forms=self.forms,
            user=user,
            drafting=self.drafting,
            export_settings=self.export_settings,
            export_problem=self.export_problem,
        )
        self.window.show()
        self.window.search.setFocus()
        store = self.runner.store
        if user.role is Role.TEAM_MANAGER and store is not None:
            warning = opening_warning(store.audit_findings, store.path)
            if warning:
                QMessageBox.warning(self.window, APP_NAME, warning)
        # Only now may closing the last window end the app: the user dialog
        # closes before this window exists, and must not quit on its way out.
        self.app.setQuitOnLastWindowClosed(True)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # Before any background thread starts: cycles are collected on this thread only.
    collect_on_gui_thread(app)
    sys.excepthook = unexpected_error_hook()  # a bug in a slot is said, not only logged
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    apply_style(app)
    try:
        reference = load_reference_data()
        new_person_words(reference.relationships)
    except DataFileError as e:
        QMessageBox.critical(
            None, APP_NAME, f"A settings file is broken and must be mended:\n\n{e}"
        )
        return 2
    app.setQuitOnLastWindowClosed(False)
    startup = Startup(app, args, reference)
    status = app.exec()
    startup.drafting.wait()
    startup.runner.close()
    return status
