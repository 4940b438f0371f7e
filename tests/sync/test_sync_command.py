"""``python -m recorder sync``: set up once with the service's address and token, then
sync as any user; an unreachable service or a revoked laptop said in a sentence."""

from __future__ import annotations

import os
import subprocess
import sys

from recorder.domain import Role, User
from recorder.store.signing_in import create_database, open_signed_in
from tests.conftest import add_user
from tests.sync.running_service import ROOT, enrol_here

PASSWORD = "a-long-enough-password"


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "recorder", *args],
        cwd=ROOT, capture_output=True, text=True, env=os.environ.copy(),
    )  # fmt: skip


def _as_manager(path, password) -> list[str]:
    return ["sync", "--db", str(path), "--user", "Ffion Test-Manager",
            "--password-file", str(password)]  # fmt: skip


def _laptop(tmp_path):
    path = tmp_path / "laptop.db"
    store = create_database(path, "Ffion Test-Manager", PASSWORD)
    add_user(store, User("Anwen Treharne", Role.SOCIAL_WORKER))
    store.close()
    (tmp_path / "manager.pw").write_text(PASSWORD + "\n")
    return path, tmp_path / "manager.pw"


def test_the_first_sync_sets_the_laptop_up_and_later_ones_need_no_address(
    tmp_path, service, database_url
):
    path, password = _laptop(tmp_path)
    device, token = enrol_here(database_url, team="north", name="LAPTOP-A")
    first = run(*_as_manager(path, password), "--service", service.url, "--token", token)
    assert first.returncode == 0, first.stderr
    assert f"This laptop now syncs with {service.url} (team north)." in first.stdout
    assert "waiting: 0" in first.stdout and "needs_decision: 0" in first.stdout
    sent = int(next(line for line in first.stdout.splitlines() if line.startswith("sent: "))[6:])
    assert sent > 0
    again = run("sync", "--db", str(path), "--user", "Ffion Test-Manager",
                "--password-file", str(password))  # fmt: skip
    assert again.returncode == 0 and "sent: 0" in again.stdout
    store = open_signed_in(path, "Ffion Test-Manager", PASSWORD)
    try:
        assert store.sync.service_settings().device_id == device
        assert store.sync.last_synced() is not None
    finally:
        store.close()


def test_a_laptop_never_set_up_is_told_how(tmp_path):
    path, password = _laptop(tmp_path)
    done = run("sync", "--db", str(path), "--user", "Ffion Test-Manager",
               "--password-file", str(password))  # fmt: skip
    assert done.returncode == 2 and "not set up for sync yet" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreachable_service_and_a_revoked_laptop_are_said_plainly(
    tmp_path, service, database_url
):
    path, password = _laptop(tmp_path)
    device, token = enrol_here(database_url, team="north", name="LAPTOP-A")
    first = run(*_as_manager(path, password), "--service", service.url, "--token", token)
    assert first.returncode == 0
    service.stop()
    down = run("sync", "--db", str(path), "--user", "Ffion Test-Manager",
               "--password-file", str(password))  # fmt: skip
    assert down.returncode == 1 and "cannot be reached" in down.stderr
    assert "Traceback" not in down.stderr
    service.start()
    assert run("revoke", "--database", database_url, device).returncode == 0
    revoked = run("sync", "--db", str(path), "--user", "Ffion Test-Manager",
                  "--password-file", str(password))  # fmt: skip
    assert revoked.returncode == 1 and "revoked" in revoked.stderr
    assert "Traceback" not in revoked.stderr
