"""Starting the app: sign in, remember the name, show the caseload; lock, sign out, switch."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLineEdit

from recorder.domain import Role
from recorder.ui import app as app_module
from recorder.ui.app import Startup, parse_args
from recorder.ui.sign_in_dialog import SignInDialog
from tests.conftest import DEMO_PASSWORDS

_STARTED: list[Startup] = []


@pytest.fixture(autouse=True)
def _shut_down_like_main():
    """Every app started here is shut down as main() does: drafting loaded, store closed.

    So no test leaves a thread running into the next. (The crashes once blamed
    on that thread came from garbage collection on it while the GUI thread
    deleted widgets; collection now runs on the GUI thread only, see
    ``recorder.ui.collector``.)
    """
    yield
    while _STARTED:
        startup = _STARTED.pop()
        startup.drafting.wait()
        startup.runner.close()


def _start(qtbot, monkeypatch, tmp_path, argv, answers):
    """Start the app; each sign-in screen is answered by the next of ``answers``."""
    asked = []
    answers = list(answers)

    def ask(**screen):
        asked.append(screen)
        return answers.pop(0) if answers else None

    monkeypatch.setattr(app_module, "ask_to_sign_in", ask)
    qapp = QApplication.instance()
    qapp.setQuitOnLastWindowClosed(False)
    monkeypatch.setattr(qapp, "exit", lambda code=0: asked.append({"exit": code}))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    startup = Startup(qapp, parse_args(argv), app_module.load_reference_data(), settings=settings)
    _STARTED.append(startup)
    return startup, asked, settings


def _bethan():
    return ("Bethan Lowry", DEMO_PASSWORDS["Bethan Lowry"])


def test_the_app_asks_who_signs_in_then_shows_their_caseload(qtbot, monkeypatch, tmp_path, demo_db):
    startup, asked, settings = _start(
        qtbot, monkeypatch, tmp_path, ["--db", str(demo_db)], [_bethan()]
    )
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
    window = startup.window
    qtbot.addWidget(window)
    assert window.user.name == "Bethan Lowry"
    assert QApplication.instance().quitOnLastWindowClosed()
    qtbot.waitUntil(lambda: window.caseload_model.rowCount() > 0)
    assert asked[0]["name"] == "" and not asked[0]["first_manager"]
    assert settings.value(f"last_user_name/{demo_db.resolve()}") == "Bethan Lowry"
    assert startup.runner.store.user_id == window.user.id
    startup.runner.close()


def test_user_only_fills_in_the_name_and_a_wrong_password_asks_again(
    qtbot, monkeypatch, tmp_path, demo_db
):
    wrong = ("Bethan Lowry", "not her password")
    startup, asked, _ = _start(
        qtbot,
        monkeypatch,
        tmp_path,
        ["--db", str(demo_db), "--user", "Bethan Lowry"],
        [wrong, _bethan()],
    )
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
    qtbot.addWidget(startup.window)
    assert asked[0]["name"] == "Bethan Lowry" and asked[0]["message"] == ""
    assert asked[1]["message"].startswith("That name and password do not match")
    assert asked[1]["wait_seconds"] == 0
    startup.runner.close()


def test_five_wrong_tries_slow_further_tries_down(qtbot, monkeypatch, tmp_path, demo_db):
    wrong = [("Bethan Lowry", f"guess {n}") for n in range(6)]
    startup, asked, _ = _start(qtbot, monkeypatch, tmp_path, ["--db", str(demo_db)], wrong)
    qtbot.waitUntil(lambda: any("exit" in a for a in asked), timeout=30_000)
    screens = [a for a in asked if "exit" not in a]
    assert [s["wait_seconds"] for s in screens] == [0, 0, 0, 0, 0, 5, 10]
    assert "you can try again in 5 seconds" in screens[5]["message"]
    assert startup.window is None and startup.runner.store is None


def test_the_first_start_on_a_new_database_makes_its_first_manager(qtbot, monkeypatch, tmp_path):
    path = tmp_path / "new.db"
    startup, asked, _ = _start(
        qtbot, monkeypatch, tmp_path, ["--db", str(path)], [("Nia Okonjo-Burke", "nia-password")]
    )
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
    qtbot.addWidget(startup.window)
    assert asked[0]["first_manager"]
    assert startup.window.user.role is Role.TEAM_MANAGER
    assert not path.read_bytes().startswith(b"SQLite format 3")
    startup.runner.close()


def test_a_file_that_is_not_a_database_is_reported_not_opened(qtbot, monkeypatch, tmp_path):
    path = tmp_path / "letter.db"
    path.write_text("Dear Sir or Madam")
    shown = []
    monkeypatch.setattr(
        app_module.QMessageBox, "critical", lambda parent, title, message: shown.append(message)
    )
    startup, asked, _ = _start(
        qtbot, monkeypatch, tmp_path, ["--db", str(path)], [("Anyone", "any-password")]
    )
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "left untouched" in shown[0]
    assert startup.window is None and {"exit": 1} in asked
    assert path.read_text() == "Dear Sir or Madam"


def test_signing_out_and_in_as_someone_else_needs_no_restart(qtbot, monkeypatch, tmp_path, demo_db):
    manager = ("Rhiannon Tull", DEMO_PASSWORDS["Rhiannon Tull"])
    startup, asked, _ = _start(
        qtbot, monkeypatch, tmp_path, ["--db", str(demo_db)], [_bethan(), manager]
    )
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
    first = startup.window
    store = startup.runner.store
    first.sign_out_requested.emit()
    qtbot.waitUntil(
        lambda: startup.window is not None and startup.window is not first, timeout=10_000
    )
    qtbot.addWidget(startup.window)
    assert startup.window.user.name == "Rhiannon Tull"
    assert startup.runner.store is store  # the same open file, now another user's
    assert store.signed_in_user().role is Role.TEAM_MANAGER
    startup.runner.close()


def test_the_sign_in_screen_is_quick_by_keyboard(qtbot):
    dialog = SignInDialog(database="demo.db", name="Bethan Lowry")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.password_edit.hasFocus() or dialog.focusWidget() is dialog.password_edit
    qtbot.keyClicks(dialog.password_edit, "bethan-demo")
    qtbot.keyClick(dialog.password_edit, "\r")
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert (dialog.name, dialog.password) == ("Bethan Lowry", "bethan-demo")
    assert all(w.accessibleName() for w in dialog.findChildren(QLineEdit))


def test_the_sign_in_screen_waits_when_told_and_says_so(qtbot):
    dialog = SignInDialog(
        database="demo.db", name="Bethan Lowry", message="Try again in 5 seconds.", wait_seconds=5
    )
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.password_edit, "guess")
    dialog.accept()
    assert dialog.result() != SignInDialog.DialogCode.Accepted and not dialog.ok.isEnabled()
    qtbot.waitUntil(dialog.ok.isEnabled, timeout=8_000)
    assert dialog.message.text() == "You can try again now."


def test_the_first_manager_screen_insists_on_a_good_password(qtbot):
    dialog = SignInDialog(database="new.db", first_manager=True)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name_edit, "Nia Okonjo-Burke")
    qtbot.keyClicks(dialog.password_edit, "short")
    dialog.accept()
    assert "at least 8 characters" in dialog.message.text()
    dialog.password_edit.setText("long enough")
    dialog.confirm_edit.setText("long enougH")
    dialog.accept()
    assert dialog.message.text() == "The two passwords differ."
    dialog.confirm_edit.setText("long enough")
    dialog.accept()
    assert dialog.result() == SignInDialog.DialogCode.Accepted


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.SOCIAL_WORKER])
def test_a_team_manager_is_warned_when_the_audit_trail_was_tampered_with(
    qtbot, monkeypatch, tmp_path, demo_db, role
):
    from recorder.store.engine import connect
    from recorder.store.keys import KeyFile

    key = KeyFile.load(demo_db).unlock("Rhiannon Tull", DEMO_PASSWORDS["Rhiannon Tull"])[1]
    conn = connect(demo_db, key)
    conn.execute("DROP TRIGGER records_log_update")
    conn.commit()
    conn.close()
    shown = []
    monkeypatch.setattr(
        app_module.QMessageBox, "warning", lambda parent, title, message: shown.append(message)
    )
    name = "Rhiannon Tull" if role is Role.TEAM_MANAGER else "Bethan Lowry"
    startup, _, _ = _start(
        qtbot, monkeypatch, tmp_path, ["--db", str(demo_db)], [(name, DEMO_PASSWORDS[name])]
    )
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
    qtbot.addWidget(startup.window)
    if role is Role.TEAM_MANAGER:
        assert len(shown) == 1
        assert "tampered with or damaged" in shown[0] and "records_log_update" in shown[0]
        assert f"python -m recorder verify --db {demo_db}" in shown[0]
    else:
        assert shown == []
    startup.runner.close()
