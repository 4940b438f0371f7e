"""The demo database as a thief would find it: no header, no names, not even in the WAL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pytest

from recorder.demo import create_demo_database, read_demo
from recorder.reference import load_reference_data
from tests.conftest import DEMO_DAY


def test_the_demo_database_gives_nothing_away_while_the_app_has_it_open(tmp_path):
    path = tmp_path / "demo.db"
    store = create_demo_database(path, today=DEMO_DAY)  # open, as the app holds it
    try:
        children = {
            p.last_name
            for p in read_demo(relationships=load_reference_data().relationships).people
            if p.date_of_birth and p.date_of_birth.year >= 2008
        }
        assert len(children) >= 5
        first_child = store.rows("SELECT child_id FROM cases LIMIT 1")[0]["child_id"]
        store.people.update(first_child, known_as="Written while open")
        wal = path.with_name("demo.db-wal")
        assert wal.exists() and wal.stat().st_size > 0
        for file in (path, wal):
            data = file.read_bytes()
            assert not data.startswith(b"SQLite format 3")
            for name in sorted(children) + ["Written while open"]:
                assert name.encode("utf-8") not in data, (file.name, name)
                found = subprocess.run(["grep", "-a", "-c", name, str(file)], capture_output=True)
                assert found.stdout.strip() == b"0", (file.name, name)
    finally:
        store.close()
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    if shutil.which("sqlite3"):  # the stock shell, where installed
        shell = subprocess.run(["sqlite3", str(path), ".tables"], capture_output=True, text=True)
        assert "not a database" in shell.stderr
