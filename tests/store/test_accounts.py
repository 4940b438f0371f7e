"""Signing in: passwords per user wrap one database key; the file still opens after changes."""

from __future__ import annotations

import json
import sqlite3
import stat

import pytest

from recorder.domain import Person, Role, User
from recorder.store import RefusedWriteError, Store, StoreError
from recorder.store.keys import WrongPasswordError, keys_path
from recorder.store.signing_in import (
    NeedsFirstManagerError,
    create_database,
    database_state,
    open_signed_in,
)
from tests.conftest import MANAGER, MANAGER_PASSWORD, plain_copy_bytes, reopen


def test_a_new_database_starts_with_its_first_team_manager(db_path):
    with pytest.raises(NeedsFirstManagerError, match="first team manager"):
        open_signed_in(db_path, "Anyone", "whatever-password")
    store = create_database(db_path, "  Nia   Okonkwo-Reid ", "a long password")
    try:
        me = store.signed_in_user()
        assert (me.name, me.role) == ("Nia Okonkwo-Reid", Role.TEAM_MANAGER)
        with pytest.raises(RefusedWriteError, match="already has its team manager"):
            store.users.add_first_manager(User("Second", Role.TEAM_MANAGER), "another password")
    finally:
        store.close()
    assert database_state(db_path) == "encrypted"


def test_a_wrong_password_or_unknown_name_is_refused_in_the_same_words(fresh_store, db_path):
    fresh_store.close()
    for name, password in ((MANAGER, "not my password"), ("Nobody Here", MANAGER_PASSWORD)):
        with pytest.raises(WrongPasswordError) as refused:
            open_signed_in(db_path, name, password)
        assert str(refused.value) == "That name and password do not match."
    reopen(db_path).close()


def test_the_name_is_matched_without_regard_to_case_or_spaces(fresh_store, db_path):
    fresh_store.close()
    store = open_signed_in(db_path, "  morwenna   TEST-manager ", MANAGER_PASSWORD)
    assert store.signed_in_user().name == MANAGER
    store.close()


def test_files_are_readable_by_their_owner_only(fresh_store, family, db_path):
    for path in (db_path, keys_path(db_path), db_path.with_name("case.db-wal")):
        assert path.exists(), path
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_the_file_is_encrypted_and_plain_sqlite_cannot_read_it(fresh_store, family, db_path):
    fresh_store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db_path.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    for name in ("Wójcik-Hale", "Quarry Lane", "9990000018"):
        assert name.encode() not in data
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM people").fetchall()
    conn.close()


def test_a_password_change_rewraps_only_that_users_key_and_the_file_still_opens(
    fresh_store, family, db_path
):
    manager = next(u for u in fresh_store.users.all() if u.role is Role.TEAM_MANAGER)
    fresh_store.sign_in(manager.id)
    fresh_store.users.reset_password(family.worker.id, "worker-first-password")
    before = db_path.read_bytes()
    entries_before = json.loads(keys_path(db_path).read_text())["users"]
    fresh_store.sign_in(family.worker.id)
    with pytest.raises(WrongPasswordError):
        fresh_store.users.change_own_password("not it", "worker-new-password")
    fresh_store.users.change_own_password("worker-first-password", "worker-new-password")
    entries_after = json.loads(keys_path(db_path).read_text())["users"]
    by_id = {e["user_id"]: e for e in entries_after}
    assert by_id[manager.id] == next(e for e in entries_before if e["user_id"] == manager.id)
    assert by_id[family.worker.id] != next(
        e for e in entries_before if e["user_id"] == family.worker.id
    )
    assert db_path.read_bytes() == before  # nothing re-encrypted
    fresh_store.close()
    with pytest.raises(WrongPasswordError):
        open_signed_in(db_path, family.worker.name, "worker-first-password")
    store = open_signed_in(db_path, family.worker.name, "worker-new-password")
    assert store.people.get(family.child.id) == family.child
    store.close()


def test_a_manager_resets_a_forgotten_password(fresh_store, family, db_path):
    manager = next(u for u in fresh_store.users.all() if u.role is Role.TEAM_MANAGER)
    fresh_store.sign_in(family.worker.id)
    with pytest.raises(RefusedWriteError, match="A team manager resets a password"):
        fresh_store.users.reset_password(family.worker.id, "self-chosen-password")
    fresh_store.sign_in(manager.id)
    with pytest.raises(StoreError, match="at least 8 characters"):
        fresh_store.users.reset_password(family.worker.id, "short")
    fresh_store.users.reset_password(family.worker.id, "reset-by-manager")
    fresh_store.close()
    store = open_signed_in(db_path, family.worker.name, "reset-by-manager")
    assert store.signed_in_user().id == family.worker.id
    store.close()


def test_a_manager_adds_an_account_that_signs_in(fresh_store, db_path):
    newcomer = User("Tegan Ashdown", Role.BUSINESS_SUPPORT, team="Northbridge East")
    fresh_store.users.add_account(newcomer, "tegan-password")
    with pytest.raises(RefusedWriteError, match="already an account called"):
        fresh_store.users.add_account(User("tegan ashdown", Role.SOCIAL_WORKER), "x-password")
    fresh_store.close()
    store = open_signed_in(db_path, "Tegan Ashdown", "tegan-password")
    assert store.signed_in_user() == newcomer
    store.close()


def test_a_plain_database_is_converted_on_first_opening_after_a_backup(
    fresh_store, family, tmp_path
):
    old = tmp_path / "old" / "case.db"
    old.parent.mkdir()
    old.write_bytes(plain_copy_bytes(fresh_store))
    assert database_state(old) == "plain"
    with pytest.raises(StoreError, match="A team manager named in it signs in once"):
        open_signed_in(old, family.worker.name, "worker-password")
    store = open_signed_in(old, MANAGER, "chosen-at-conversion")
    try:
        backup = store.converted_backup
        assert backup is not None and backup.read_bytes().startswith(b"SQLite format 3")
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        assert store.people.get(family.child.id) == family.child
        assert store.search.people("Eliška")[0].person.id == family.child.id  # FTS5 kept
        store.people.update(family.child.id, known_as="Elka")  # triggers and functions work
        assert store.history(family.child.id)[-1].new_value == "Elka"
    finally:
        store.close()
    assert not old.read_bytes().startswith(b"SQLite format 3")
    again = open_signed_in(old, MANAGER, "chosen-at-conversion")
    assert again.converted_backup is None and again.people.get(family.child.id).known_as == "Elka"
    assert again.audit_findings.problems == []
    again.close()


def test_without_its_key_an_encrypted_file_is_not_opened(fresh_store, db_path):
    fresh_store.close()
    with pytest.raises(StoreError, match="encrypted"):
        Store.open(db_path)
    with pytest.raises(StoreError, match="does not open with this key"):
        Store.open(db_path, key=bytes(32))


def test_full_text_search_wal_and_the_apps_functions_work_encrypted(fresh_store, family):
    assert fresh_store.rows("PRAGMA journal_mode")[0]["journal_mode"] == "wal"
    fresh_store.people.add(Person("Ottilie", "Marchbank"))
    assert [h.person.last_name for h in fresh_store.search.people("Ottil")] == ["Marchbank"]
    assert fresh_store.rows("SELECT recorder_fold('Éliška') AS f")[0]["f"] == "eliska"
    assert fresh_store.history(family.child.id)[0].user_id == family.worker.id
