"""Two writers on one file wait their turn; a second copy of the app is refused, never stale."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from recorder.domain import RecordStatus
from recorder.store.app_lock import AlreadyOpenError, held_by_another, hold_app_lock
from tests.conftest import DEMO_MANAGER, DEMO_PASSWORDS, reopen

PW = DEMO_PASSWORDS[DEMO_MANAGER]

ROOT = Path(__file__).resolve().parents[2]


def test_a_second_writer_waits_for_the_first_instead_of_failing(demo_db):
    """Regression: a read-then-write (a move) met 'database is locked' at once."""
    first, second = reopen(demo_db, DEMO_MANAGER, PW), reopen(demo_db, DEMO_MANAGER, PW)
    record = second.rows("SELECT id, author_id FROM records WHERE status = 'draft'")[0]
    second.sign_in(record["author_id"])
    holding, finished = threading.Event(), threading.Event()
    outcome: list[object] = []

    def hold_the_write_lock():
        with first.transaction():
            first.db.execute(
                "UPDATE records SET updated_at = '2026-11-20T09:00:00Z' WHERE id = ?",
                [record["id"]],
            )
            holding.set()
            finished.wait(timeout=0.5)  # long enough for the second writer to queue

    def move_the_record():
        holding.wait()
        try:
            second.records.move(record["id"], RecordStatus.WITH_BUSINESS_SUPPORT)
            outcome.append("moved")
        except Exception as e:  # noqa: BLE001 - the test reports whatever went wrong
            outcome.append(e)

    a = threading.Thread(target=hold_the_write_lock)
    b = threading.Thread(target=move_the_record)
    a.start(), b.start()
    b.join(), a.join()
    assert outcome == ["moved"]
    assert second.records.get(record["id"]).status is RecordStatus.WITH_BUSINESS_SUPPORT
    assert second.records.get(record["id"]).updated_at != "2026-11-20T09:00:00Z"
    first.close(), second.close()


def _start_app(db: Path, tmp_path: Path) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               XDG_CONFIG_HOME=str(tmp_path / "config"))  # fmt: skip
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), "--user", "Bethan Lowry"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def _wait_for(condition, process: subprocess.Popen) -> None:
    for _ in range(600):
        if condition():
            return
        if process.poll() is not None:
            pytest.fail(f"The app ended early: {process.stderr.read().decode()}")
        time.sleep(0.05)
    pytest.fail("The app never took its lock.")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_second_copy_is_refused_and_a_killed_copy_leaves_no_stale_lock(demo_db, tmp_path):
    app = _start_app(demo_db, tmp_path)
    try:
        _wait_for(lambda: held_by_another(demo_db), app)
        with pytest.raises(AlreadyOpenError) as refused:
            hold_app_lock(demo_db)
        assert str(refused.value).startswith(
            f"{demo_db.name} is already open in another Case Recorder window (process {app.pid})"
        )
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait()
    assert not held_by_another(demo_db)
    second = _start_app(demo_db, tmp_path)
    try:
        _wait_for(lambda: held_by_another(demo_db), second)
    finally:
        second.send_signal(signal.SIGKILL)
        second.wait()
    store = reopen(demo_db, DEMO_MANAGER, PW)
    assert store.rows("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
    store.close()
