"""Locked when idle: every window covered, the password asked for, and nothing typed lost."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPlainTextEdit

from recorder.store.keys import KeyFile, WrongPasswordError
from recorder.ui.idle_lock import IdleLock, LockCover
from tests.conftest import DEMO_PASSWORDS
from tests.ui.test_dictation_pane import _new_visit


def _lock_for(window, demo_db) -> IdleLock:
    def check(password: str) -> bool:
        try:
            return bool(KeyFile.load(demo_db).unlock(window.user.name, password))
        except WrongPasswordError:
            return False

    lock = IdleLock(minutes=10, user_name=window.user.name, check_password=check, parent=window)
    window.lock_requested.connect(lock.lock)
    return lock


def test_a_locked_screen_hides_the_record_and_keeps_the_typing(qtbot, window, demo_db):
    _, form = _new_visit(qtbot, window)
    typed = form.findChildren(QPlainTextEdit)[0]
    qtbot.keyClicks(typed, "Mum said the boiler is fixed")
    window.search.setText("Hal")
    lock = _lock_for(window, demo_db)

    lock_now = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                    if a.shortcut() == QKeySequence("Ctrl+Shift+L"))  # fmt: skip
    lock_now.trigger()
    assert lock.locked
    covers = {c.parent(): c for c in lock.covers}
    for top in (window, form):
        cover = covers[top]
        assert isinstance(cover, LockCover) and cover.isVisible()
        assert cover.geometry() == top.rect()  # the whole window is hidden behind it

    assert not window.search.isEnabled() and not typed.isEnabled()  # no typing under it
    shot = window.grab().toImage()
    assert shot.pixelColor(window.width() // 2, window.height() - 20).name() == "#e9edf1"

    cover = covers[window]
    qtbot.keyClicks(cover.password, "not my password")
    qtbot.keyClick(cover.password, "\r")
    assert lock.locked and "not your password" in cover.message.text()

    qtbot.keyClicks(cover.password, DEMO_PASSWORDS["Bethan Lowry"])
    qtbot.keyClick(cover.password, "\r")
    assert not lock.locked
    qtbot.waitUntil(lambda: not cover.isVisible())
    assert typed.toPlainText() == "Mum said the boiler is fixed" and typed.isEnabled()
    assert window.search.text() == "Hal"
    lock.stop()


def test_the_lock_comes_on_by_itself_after_the_idle_time(qtbot, window, demo_db):
    lock = _lock_for(window, demo_db)
    lock.timer.setInterval(50)  # the council's minutes, shortened for the test
    lock.timer.start()
    qtbot.waitUntil(lambda: lock.locked, timeout=5_000)
    lock.stop()


def test_the_idle_time_is_a_council_setting_checked_at_start(tmp_path):
    import pytest

    from recorder.reference import DataFileError
    from recorder.security_settings import load_security_settings

    assert load_security_settings().idle_lock_minutes == 10
    bad = tmp_path / "security.toml"
    bad.write_text("# settings\nidle_lock_minutes = 0\n")
    with pytest.raises(DataFileError) as refused:
        load_security_settings(bad)
    assert "security.toml" in str(refused.value) and "line 2" in str(refused.value)
