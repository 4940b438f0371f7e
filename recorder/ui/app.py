"""Starting the desktop app: ``python main.py [--db PATH | --demo] [--user NAME]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from recorder import APP_NAME
from recorder.dictation.to_form import new_person_words
from recorder.domain.throttle import Throttle
from recorder.domain.users import Role, User
from recorder.export import load_export_settings
from recorder.forms.definitions import load_forms
from recorder.reference import DataFileError, ReferenceData, load_reference_data
from recorder.resources import resource
from recorder.security_settings import load_security_settings
from recorder.sign_in_command import converted_message
from recorder.store import Store, StoreError
from recorder.store.app_lock import hold_app_lock
from recorder.store.keys import KeyFile, WrongPasswordError
from recorder.store.signing_in import create_database, database_state, open_signed_in
from recorder.store.verify import opening_warning
from recorder.ui.collector import collect_on_gui_thread
from recorder.ui.dictation_pane import BackgroundDrafter
from recorder.ui.idle_lock import IdleLock
from recorder.ui.main_window import MainWindow
from recorder.ui.sign_in_dialog import SignInDialog
from recorder.ui.tasks import TaskRunner
from recorder.ui.unexpected import unexpected_error_hook


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="case-recorder", description=f"Open {APP_NAME}.")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="PATH", help="the database file to open or create")
    where.add_argument(
        "--demo",
        action="store_true",
        help="open the fictional demo caseload (made on first use)",
    )
    parser.add_argument(
        "--user", metavar="NAME", help="fill in this name on the sign-in screen (the password "
        "is still asked for)"
    )  # fmt: skip
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


def database_path(args: argparse.Namespace) -> Path:
    if args.demo:
        return data_folder() / "demo.db"
    return Path(args.db) if args.db else data_folder() / "case-recorder.db"


def ask_to_sign_in(
    *, database: str, name: str, first_manager: bool, message: str, wait_seconds: int
) -> tuple[str, str] | None:
    """The sign-in screen: (name, password), or None when the user cancels."""
    dialog = SignInDialog(
        database=database,
        name=name,
        first_manager=first_manager,
        message=message,
        wait_seconds=wait_seconds,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.name, dialog.password


class Startup:
    """Ask who is signing in, open the encrypted database as them, then show the main window.

    The dictation pipeline starts loading first, in the background, so it is
    usually ready by the time a visit form opens; the app never waits for it.
    ``--user NAME`` only fills in the name: the password is always asked for.
    Signing out closes the window and shows the sign-in screen again, with the
    database still open underneath (its key stays in memory; nobody is signed in).
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
        self.security = load_security_settings()
        self.settings = settings or QSettings()
        self.drafting = BackgroundDrafter()
        self.drafting.load()
        self.runner = TaskRunner()
        self.window: MainWindow | None = None
        self.idle_lock: IdleLock | None = None
        self.throttle = Throttle()
        self.path = database_path(args)
        self._locked_file = False
        self._name = args.user or self.settings.value(self._last_key) or ""
        # A second copy of the app on the same file is refused before anyone signs in.
        try:
            if self.path.parent.is_dir():
                self._hold_lock()
        except StoreError as e:
            QTimer.singleShot(0, lambda message=str(e): self._fail(message))
            return
        if args.demo and database_state(self.path) == "new":
            path = self.path

            def make_demo() -> Store:
                from recorder.demo import create_demo_database

                self._hold_lock()
                store = create_demo_database(path)
                store.sign_in(None)  # made as its manager; now whoever signs in
                return store

            self.runner.open(make_demo, on_done=lambda _s: self.ask(), on_error=self._fail)
        else:
            QTimer.singleShot(0, self.ask)

    @property
    def _last_key(self) -> str:
        return f"last_user_name/{self.path.resolve()}"

    def _hold_lock(self) -> None:
        if not self._locked_file:
            hold_app_lock(self.path)
            self._locked_file = True

    def _fail(self, message: str) -> None:
        QMessageBox.critical(None, APP_NAME, message)
        self.app.exit(1)

    def ask(self, message: str = "") -> None:
        """Show the sign-in screen (or the first manager's account screen for a new file)."""
        try:
            first = self.runner.store is None and database_state(self.path) == "new"
        except StoreError as e:
            return self._fail(str(e))
        answer = ask_to_sign_in(
            database=self.path.name,
            name=self._name,
            first_manager=first,
            message=message,
            wait_seconds=self.throttle.wait(),
        )
        if answer is None:
            if self.window is None:
                self.app.exit(0)
            return
        name, password = answer
        self._name = name
        path, store = self.path, self.runner.store

        if store is not None:  # the file is open (signing in again, or the new demo)

            def switch(open_store: Store) -> Store | None:
                """Check the password against the key file, then sign in on the open store."""
                entry = KeyFile.load(path).find_name(name)
                try:
                    if entry is None:
                        raise WrongPasswordError("That name and password do not match.")
                    entry.unwrap(password)
                except WrongPasswordError:
                    return None
                open_store.sign_in(entry.user_id)
                return open_store

            self.runner.query(switch, self._signed_in, on_error=self._fail)
            return

        def attempt() -> Store | None:
            """The store signed in as ``name``; None for a wrong name or password."""
            self._hold_lock()
            try:
                if first:
                    return create_database(path, name, password)
                return open_signed_in(path, name, password)
            except WrongPasswordError:
                return None

        self.runner.open(attempt, on_done=self._signed_in, on_error=self._fail)

    def _signed_in(self, store: Store | None) -> None:
        if store is None:
            self.throttle.failed()
            return self.ask(self.throttle.message())
        self.throttle.succeeded()
        self.settings.setValue(self._last_key, self._name)
        if store.converted_backup is not None:
            QMessageBox.information(
                None, APP_NAME, converted_message(self.path, store.converted_backup)
            )
            store.converted_backup = None
        keep = self.security.keep_dictation_days
        self.runner.write(lambda s: s.records.remove_old_dictation(keep_days=keep))
        keep_audio = self.security.keep_audio_days
        self.runner.write(lambda s: s.kept_audio.remove_old(keep_days=keep_audio))
        self.runner.query(lambda s: s.signed_in_user(), self._show_window, on_error=self._fail)

    def _show_window(self, user: User) -> None:
        self.window = MainWindow(
            self.runner,
            reference=self.reference,
            forms=self.forms,
            user=user,
            drafting=self.drafting,
            export_settings=self.export_settings,
            export_problem=self.export_problem,
            keep_audio_days=self.security.keep_audio_days,
        )
        self.window.sign_out_requested.connect(self.sign_out)
        self.window.show()
        self.window.search.setFocus()
        path = self.path

        def check_password(password: str) -> bool:
            entry = KeyFile.load(path).entries.get(user.id)
            try:
                return entry is not None and bool(entry.unwrap(password))
            except WrongPasswordError:
                return False

        self.idle_lock = IdleLock(
            minutes=self.security.idle_lock_minutes,
            user_name=user.name,
            check_password=check_password,
            parent=self.window,
        )
        self.window.lock_requested.connect(self.idle_lock.lock)
        store = self.runner.store
        if user.role is Role.TEAM_MANAGER and store is not None:
            warning = opening_warning(store.audit_findings, store.path)
            if warning:
                QMessageBox.warning(self.window, APP_NAME, warning)
        # Only now may closing the last window end the app: the sign-in screen
        # closes before this window exists, and must not quit on its way out.
        self.app.setQuitOnLastWindowClosed(True)

    def sign_out(self) -> None:
        """Close the window (forms save their drafts), sign out, and ask who signs in next."""
        self.app.setQuitOnLastWindowClosed(False)
        if self.idle_lock is not None:
            self.idle_lock.stop()
            self.idle_lock = None
        window, self.window = self.window, None
        if window is not None:
            window.close()

        def signed_out(_none) -> None:
            # The worker runs one job at a time, in order: every answer the old window
            # was waiting for has arrived by now, so it can go.
            if window is not None:
                window.deleteLater()
            self.ask()

        self.runner.query(lambda s: s.sign_in(None), signed_out)


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
