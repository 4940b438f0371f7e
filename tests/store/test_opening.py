"""Opening a file: ours is migrated and opened; anything else is refused and left untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils.migrations import Migrations

from recorder.domain import Person
from recorder.store import (
    ForeignDatabaseError,
    NewerDatabaseError,
    NotADatabaseError,
    Store,
    StoreError,
    schema,
)
from tests.conftest import add_user, new_store


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_a_new_file_becomes_a_database_in_wal_mode_with_foreign_keys(db_path):
    store = Store.open(db_path)
    try:
        assert store.rows("PRAGMA journal_mode")[0]["journal_mode"] == "wal"
        assert store.rows("PRAGMA foreign_keys")[0]["foreign_keys"] == 1
        assert store.rows("PRAGMA application_id")[0]["application_id"] == schema.APPLICATION_ID
    finally:
        store.close()


def test_each_device_keeps_one_id(db_path):
    first = Store.open(db_path)
    device = first.device_id
    first.close()
    again = Store.open(db_path)
    try:
        assert again.device_id == device
    finally:
        again.close()


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("Visit notes, typed in a text editor.\n")
    before = _fingerprint(path)
    with pytest.raises(NotADatabaseError, match="not an SQLite file at all.*left untouched"):
        Store.open(path)
    assert _fingerprint(path) == before
    assert not Path(f"{path}-wal").exists()


def test_a_damaged_database_is_refused_and_untouched(tmp_path, demo_db):
    data = bytearray(demo_db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(bytes(data))
    before = _fingerprint(damaged)
    with pytest.raises(StoreError, match="left untouched|could not be opened"):
        Store.open(damaged)
    assert _fingerprint(damaged) == before


def test_another_programs_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "photos.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (name TEXT)")
    conn.commit()
    conn.close()
    before = _fingerprint(path)
    with pytest.raises(ForeignDatabaseError, match="another program.*left untouched"):
        Store.open(path)
    assert _fingerprint(path) == before


def test_a_database_from_a_newer_version_is_refused_and_untouched(db_path):
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        (schema.MIGRATIONS.name, "0099_from_the_future", "2027-06-01 09:00:00"),
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = _fingerprint(db_path)
    with pytest.raises(NewerDatabaseError, match="newer version of Case Recorder"):
        Store.open(db_path)
    assert _fingerprint(db_path) == before


def test_a_folder_or_missing_folder_is_explained(tmp_path):
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "no such folder" / "case.db")


def test_a_later_migration_upgrades_an_existing_database_and_keeps_its_data(db_path, monkeypatch):
    store = new_store(db_path)
    child = Person("Yusra", "Haddadi-Brook")
    store.people.add(child)
    key = store.db_key
    store.close()

    later = Migrations(schema.MIGRATIONS.name)
    for migration in schema.MIGRATIONS._migrations:
        later(name=migration.name)(migration.fn)

    @later(name="9999_pronouns")
    def add_pronouns(db):
        db.execute("ALTER TABLE people ADD COLUMN pronouns TEXT NOT NULL DEFAULT ''")
        schema.log_changes(db, "people")

    monkeypatch.setattr(schema, "MIGRATIONS", later)
    monkeypatch.setattr("recorder.store.store.MIGRATIONS", later)
    monkeypatch.setattr("recorder.store.opening.MIGRATIONS", later)
    upgraded = Store.open(db_path, key=key)
    try:
        assert "pronouns" in upgraded.db["people"].columns_dict
        assert upgraded.people.get(child.id) == child
        with upgraded.transaction():
            upgraded.db.execute("UPDATE people SET pronouns = 'she/her' WHERE id = ?", [child.id])
        assert upgraded.history(child.id)[-1].field == "pronouns"
        names = [m.name for m in later.applied(upgraded.db)]
        assert names[0] == "0001_registry_cases_records"
        assert names[-1] == "9999_pronouns"
    finally:
        upgraded.close()


def test_opening_twice_applies_nothing_twice(db_path):
    Store.open(db_path).close()
    store = Store.open(db_path)
    try:
        assert len(schema.MIGRATIONS.applied(store.db)) == len(schema.MIGRATIONS._migrations)
        assert schema.MIGRATIONS.pending(store.db) == []
    finally:
        store.close()


def test_records_start_at_version_one_and_their_approval_is_logged(fresh_store, family):
    from datetime import UTC, datetime

    from recorder.domain import RecordStatus, Role, User
    from recorder.domain.records import Record

    record = Record(family.case.id, "home_visit", 1, family.worker.id)
    fresh_store.records.add(record)
    assert fresh_store.records.get(record.id).version == 1
    manager = User("Nerys Pugh", Role.TEAM_MANAGER)
    add_user(fresh_store, manager)
    fresh_store.records.update(
        record.id,
        status=RecordStatus.APPROVED,
        approved_by=manager.id,
        approved_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
    )
    logged = {c.field: c.new_value for c in fresh_store.history(record.id) if c.op == "update"}
    assert logged["approved_by"] == manager.id
    assert logged["approved_at"].startswith("2026-11-20T09:30")
    assert logged["status"] == "approved"
