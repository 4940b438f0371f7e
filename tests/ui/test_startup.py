"""Starting the app: open the file, ask who is using it, remember, show the caseload."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from recorder.domain import Role, User
from recorder.ui import app as app_module
from recorder.ui.app import Startup, parse_args
from recorder.ui.user_dialog import UserDialog

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


def _start(qtbot, monkeypatch, tmp_path, argv, answer):
    asked = []

    def ask(users, last_user_id):
        asked.append((users, last_user_id))
        return answer(users)

    monkeypatch.setattr(app_module, "ask_who_is_using", ask)
    qapp = QApplication.instance()
    qapp.setQuitOnLastWindowClosed(False)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    startup = Startup(qapp, parse_args(argv), app_module.load_reference_data(), settings=settings)
    _STARTED.append(startup)
    return startup, asked, settings


def test_the_app_asks_who_is_using_it_then_shows_their_caseload(
    qtbot, monkeypatch, tmp_path, demo_db
):
    startup, asked, settings = _start(
        qtbot,
        monkeypatch,
        tmp_path,
        ["--db", str(demo_db)],
        lambda users: (next(u for u in users if u.name == "Bethan Lowry"), None),
    )
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
    window = startup.window
    qtbot.addWidget(window)
    assert window.user.name == "Bethan Lowry"
    assert QApplication.instance().quitOnLastWindowClosed()
    qtbot.waitUntil(lambda: window.caseload_model.rowCount() > 0)
    assert len(asked[0][0]) == 4 and asked[0][1] is None
    assert settings.value(f"last_user/{demo_db.resolve()}") == window.user.id
    assert startup.runner.store.user_id == window.user.id
    startup.runner.close()


def test_the_last_choice_is_offered_next_time(qtbot, monkeypatch, tmp_path, demo_db):
    choose = lambda users: (next(u for u in users if u.role is Role.TEAM_MANAGER), None)  # noqa: E731
    first, _, _ = _start(qtbot, monkeypatch, tmp_path, ["--db", str(demo_db)], choose)
    qtbot.waitUntil(lambda: first.window is not None, timeout=10_000)
    qtbot.addWidget(first.window)
    assert first.window.caseload_heading.text() == "Team caseload"
    first.runner.close()
    second, asked, _ = _start(qtbot, monkeypatch, tmp_path, ["--db", str(demo_db)], choose)
    qtbot.waitUntil(lambda: second.window is not None, timeout=10_000)
    qtbot.addWidget(second.window)
    assert asked[0][1] == first.window.user.id
    second.runner.close()


def test_the_first_user_of_a_new_database_adds_themselves(qtbot, monkeypatch, tmp_path):
    me = User("Nia Okonjo-Burke", Role.SOCIAL_WORKER)
    path = tmp_path / "new.db"
    startup, asked, _ = _start(
        qtbot, monkeypatch, tmp_path, ["--db", str(path)], lambda users: (me, me)
    )
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
    qtbot.addWidget(startup.window)
    assert asked[0][0] == []
    qtbot.waitUntil(lambda: startup.window.list_note.text() != "")
    assert startup.window.list_note.text() == "No open cases are allocated to you."
    assert startup.runner.store.users.get(me.id) == me
    startup.runner.close()


def test_a_file_that_is_not_a_database_is_reported_not_opened(qtbot, monkeypatch, tmp_path):
    path = tmp_path / "letter.db"
    path.write_text("Dear Sir or Madam")
    shown, exits = [], []
    monkeypatch.setattr(
        app_module.QMessageBox, "critical", lambda parent, title, message: shown.append(message)
    )
    # The app would end here; the test session's application must not, or every
    # later event loop would return at once.
    monkeypatch.setattr(QApplication.instance(), "exit", lambda code=0: exits.append(code))
    startup, asked, _ = _start(
        qtbot, monkeypatch, tmp_path, ["--db", str(path)], lambda users: (None, None)
    )
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "not an SQLite file" in shown[0] and "left untouched" in shown[0]
    assert asked == [] and startup.window is None
    assert exits == [1]
    assert path.read_text() == "Dear Sir or Madam"


def test_the_user_dialog_insists_on_a_name(qtbot):
    dialog = UserDialog([])
    qtbot.addWidget(dialog)
    assert dialog.add_box.isChecked()
    dialog.accept()
    assert dialog.result() == 0 and "Type your name" in dialog.problem.text()
    qtbot.keyClicks(dialog.name_edit, "  Tomi   Adewale-Cole ")
    dialog.accept()
    assert dialog.new_user.name == "Tomi Adewale-Cole"
    assert dialog.new_user.role is Role.SOCIAL_WORKER


def test_every_dialog_input_has_an_accessible_name(qtbot):
    from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget

    dialog = UserDialog([User("Ana Lucía Pérez", Role.BUSINESS_SUPPORT)])
    qtbot.addWidget(dialog)
    inputs = (
        dialog.findChildren(QLineEdit)
        + dialog.findChildren(QComboBox)
        + dialog.findChildren(QListWidget)
    )
    assert inputs and all(w.accessibleName() for w in inputs)


def test_the_dialog_offers_the_last_user_and_enter_chooses(qtbot):
    users = [
        User("Ana Lucía Pérez", Role.BUSINESS_SUPPORT),
        User("Kobina Arthur", Role.SOCIAL_WORKER),
    ]
    dialog = UserDialog(users, last_user_id=users[1].id)
    qtbot.addWidget(dialog)
    assert dialog.list.currentItem().text().startswith("Kobina Arthur")
    dialog.accept()
    assert dialog.chosen == users[1] and dialog.new_user is None


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.SOCIAL_WORKER])
def test_a_team_manager_is_warned_when_the_audit_trail_was_tampered_with(
    qtbot, monkeypatch, tmp_path, demo_db, role
):
    import sqlite3

    conn = sqlite3.connect(demo_db)
    conn.execute("DROP TRIGGER records_log_update")
    conn.commit()
    conn.close()
    shown = []
    monkeypatch.setattr(
        app_module.QMessageBox, "warning", lambda parent, title, message: shown.append(message)
    )
    choose = lambda users: (next(u for u in users if u.role is role), None)  # noqa: E731
    startup, _, _ = _start(qtbot, monkeypatch, tmp_path, ["--db", str(demo_db)], choose)
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
    qtbot.addWidget(startup.window)
    if role is Role.TEAM_MANAGER:
        assert len(shown) == 1
        assert "tampered with or damaged" in shown[0] and "records_log_update" in shown[0]
        assert f"python -m recorder verify --db {demo_db}" in shown[0]
    else:
        assert shown == []
    startup.runner.close()
