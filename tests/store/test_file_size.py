"""What a visit leaves on disk: the file gives back the pages its writes leave free."""

from __future__ import annotations

import sqlite3

from recorder.domain import Record
from recorder.domain.conflicts import FieldEdit
from recorder.domain.working_copy import WorkingCopy
from recorder.store import Store, engine

LONG = "The children were playing in the garden when I arrived. " * 120  # about 7 KB


def _free_pages(store: Store) -> int:
    return store.db.execute("PRAGMA freelist_count").fetchone()[0]


def test_a_new_database_hands_back_what_a_dropped_working_copy_held(fresh_store, family):
    """A working copy is rewritten every few seconds and dropped when the record takes it:
    its pages left free used to stay in the file, about 800 bytes a visit."""
    assert fresh_store.db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental
    record = Record(family.case.id, "home_visit", 1, family.worker.id, values={"analysis": ""})
    fresh_store.records.add(record)
    for n in range(1, 6):  # autosaves of a growing text
        fresh_store.records.keep_working_copy(
            WorkingCopy(record.id, family.worker.id, values={"analysis": LONG[: n * 1400]})
        )
        assert _free_pages(fresh_store) == 0
    fresh_store.records.save_changes(
        record.id, [FieldEdit("analysis", "", LONG)], drop_working_copy=True
    )
    assert fresh_store.records.working_copy(record.id) is None
    assert _free_pages(fresh_store) == 0
    assert fresh_store.records.get(record.id).values["analysis"] == LONG


def test_an_older_file_without_the_setting_still_saves(tmp_path):
    """SQLite takes the setting only before a file's first table: an older file keeps its
    free pages, and the pragma each write runs does nothing to it."""
    path = tmp_path / "older.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA auto_vacuum = NONE")
    conn.execute("VACUUM")  # as a file made before the setting was
    conn.close()
    store = Store.open(path)
    try:
        assert store.db.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
        with store.transaction():
            store.db.execute("INSERT INTO local_settings (key, value) VALUES ('x', ?)", [LONG])
        with store.transaction():
            store.db.execute("DELETE FROM local_settings WHERE key = 'x'")
        assert _free_pages(store) > 0
    finally:
        store.close()


def test_encrypting_a_plain_file_gives_it_the_setting(tmp_path):
    """The first team manager's sign-in writes a plain file anew, encrypted: it gains the
    setting then, the one time an older file can."""
    path = tmp_path / "plain.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE early (x)")
    conn.commit()
    conn.close()
    key = engine.new_key()
    engine.convert_plain(path, key)
    conn = engine.connect(path, key)
    try:
        assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
    finally:
        conn.close()
