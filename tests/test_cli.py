"""``python -m recorder demo``: writes a new demo database, refuses to overwrite one."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import DEMO_PASSWORDS, reopen


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "recorder", *args], capture_output=True, text=True, timeout=120
    )


def test_demo_writes_a_new_database(tmp_path):
    path = tmp_path / "demo.db"
    result = _run("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "Wrote the demo caseload" in result.stdout
    assert "Rhiannon Tull: rhiannon-demo" in result.stdout  # the demo's users are listed
    assert not path.read_bytes().startswith(b"SQLite format 3")
    store = reopen(path, "Tendai Moyo", DEMO_PASSWORDS["Tendai Moyo"])
    try:
        assert store.rows("SELECT count(*) AS n FROM cases")[0]["n"] >= 10
    finally:
        store.close()


def test_demo_refuses_an_existing_file_and_leaves_it_alone(tmp_path):
    path = tmp_path / "mine.db"
    path.write_bytes(b"my own work")
    result = _run("demo", "--db", str(path))
    assert result.returncode == 1
    assert "already exists" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == b"my own work"


def test_a_missing_folder_is_a_message_not_a_traceback(tmp_path):
    result = _run("demo", "--db", str(tmp_path / "nowhere" / "demo.db"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_help_lists_the_commands():
    result = _run("--help")
    assert result.returncode == 0 and "demo" in result.stdout
