"""The one object that owns the database connection.

The UI runs every call on a single worker thread (see ``recorder.ui.tasks``), so
the connection is opened with ``check_same_thread=False`` and then used by one
thread at a time. A transaction, a verb and a read of rows each hold the store's
lock besides: a second thread (a test reading what the window wrote, say) waits
for the first rather than slipping its statements into the other's transaction,
which ended it under the first ("no such savepoint") or joined its ``tx``.

A database is opened with its key (SQLCipher, see :mod:`recorder.store.engine`);
:mod:`recorder.store.signing_in` finds the key from a name and password. Opening
without a key is kept for a plain file only (reading one before converting it).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from recorder.domain.changes import Change
from recorder.domain.ids import new_id, new_tx_id
from recorder.domain.users import User
from recorder.store import engine
from recorder.store.access import AccessLog, Consents
from recorder.store.casework import Cases, Handoffs, Records, Users
from recorder.store.chain import load_or_create_key, register_seal
from recorder.store.chronology import ChronologyEntries
from recorder.store.clock import HybridClock
from recorder.store.errors import RefusedWriteError, StoreError, WriteFailedError
from recorder.store.external_refs import ExternalRefs
from recorder.store.kept_audio import KeptAudio
from recorder.store.keys import KeyFile
from recorder.store.opening import check_database_file
from recorder.store.registry import (
    HouseholdMembers,
    Households,
    Involvements,
    People,
    Placements,
    Professionals,
    Relationships,
)
from recorder.store.schema import MIGRATIONS, log_entities_are, register_fold
from recorder.store.search import Search
from recorder.store.sync_copy import SyncCopy
from recorder.store.verify import Findings, check_on_opening
from recorder.store.views import Views


class Store:
    """Open with :meth:`Store.open`; every write is a verb on one of its tables.

    :param db: an open sqlite-utils database whose schema is current
    """

    def __init__(self, db: Database, *, path: Path | None = None) -> None:
        self.db = db
        self.path = path
        self.user_id: str | None = None
        self._user: User | None = None
        self._verb_depth = 0
        self._tx: str | None = None
        self.in_use = threading.RLock()
        self.db_key: bytes | None = None
        self.converted_backup: Path | None = None
        self.keyfile: KeyFile | None = None
        self.audit_findings = Findings()
        self.device_id = self._device_id()
        self.clock = HybridClock(self.device_id)
        # Sync (recorder/store/sync_copy.py): next edits sort after everything logged.
        self.applying_remote = False
        if "base_hlc" in db["change_log"].columns_dict:
            # Never a scan of the whole log: this laptop's last row (each sorts after all
            # before it) and the highest reading a pull has brought.
            for found in self.rows(
                "SELECT (SELECT hlc FROM change_log WHERE device_id = ? ORDER BY seq DESC "
                "LIMIT 1) AS mine, (SELECT value FROM local_settings "
                "WHERE key = 'sync_clock_high') AS pulled",
                [self.device_id],
            ):
                self.clock.receive(found["mine"])
                self.clock.receive(found["pulled"])
        conn = db.conn
        conn.create_function("recorder_user", 0, lambda: self.user_id)
        conn.create_function("recorder_device", 0, lambda: self.device_id)
        conn.create_function("recorder_clock", 0, self.clock.now)
        conn.create_function("recorder_tx", 0, lambda: self._tx or new_tx_id())
        register_fold(conn)
        conn.create_function("recorder_applying_remote", 0, lambda: int(self.applying_remote))

        self.users = Users(self)
        self.people = People(self)
        self.households = Households(self)
        self.household_members = HouseholdMembers(self)
        self.relationships = Relationships(self)
        self.professionals = Professionals(self)
        self.involvements = Involvements(self)
        self.placements = Placements(self)
        self.cases = Cases(self)
        self.records = Records(self)
        self.handoffs = Handoffs(self)
        self.external_refs = ExternalRefs(self)
        self.chronology = ChronologyEntries(self)
        self.search = Search(self)
        self.views = Views(self)
        self.access = AccessLog(self)
        self.consents = Consents(self)
        self.kept_audio = KeptAudio(self)
        self.sync = SyncCopy(self)

    @classmethod
    def open(cls, path: str | Path, *, key: bytes | None = None) -> Store:
        """Open (or create) the database at ``path``, bringing its schema up to date.

        :param key: the database key (SQLCipher). A plain file opened with a key is
            encrypted first, after a backup (``converted_backup`` names it). Without
            a key only a plain file opens.
        :raises StoreError: with a plain-English message when the file is not a
            Case Recorder database, is damaged, comes from a newer version, or the
            key does not open it; the file is then left untouched.
        """
        path = Path(path)
        check_database_file(path, key)
        backup = None
        if key is not None and engine.is_plain_sqlite(path):
            backup = engine.convert_plain(path, key)
        seal_key = load_or_create_key()
        try:
            if key is None:
                conn = sqlite3.connect(str(path), check_same_thread=False)
            else:
                conn = engine.connect(path, key)
            register_fold(conn)
            register_seal(conn, seal_key)
            db = Database(conn)
            if key is not None:
                # Every page read from disk is decrypted and checked: keep more of them
                # decrypted in memory (64 MiB) than SQLite's 2 MiB default.
                db.execute("PRAGMA cache_size = -65536")
            db.execute("PRAGMA busy_timeout = 5000")
            if not db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                # Set before the first table, or not at all: see engine.give_back_free_pages.
                db.execute(engine.give_back_free_pages())
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA foreign_keys = ON")
            MIGRATIONS.apply(db)
        except (*engine.ANY_DATABASE_ERROR, UnicodeDecodeError) as e:
            raise StoreError(f"{path} could not be opened: {e}.") from None
        if key is not None:
            engine.owner_only(path)
        try:
            store = cls(db, path=path)
        except (*engine.ANY_DATABASE_ERROR, UnicodeDecodeError) as e:
            conn.close()
            raise StoreError(f"{path} could not be opened: {e}.") from None
        store.db_key = key
        store.keyfile = KeyFile.load(path) if key is not None else None
        store.converted_backup = backup
        # The tail of the audit trail, checked each time: a team manager is told.
        store.audit_findings = check_on_opening(conn, seal_key)
        return store

    @property
    def encrypted(self) -> bool:
        return self.db_key is not None

    def close(self) -> None:
        self.db.close()

    def sign_in(self, user_id: str | None) -> None:
        """Everything written from now on is checked against, and logged as, this user.

        ``None`` signs out: nothing can be written until someone signs in again.
        Only :mod:`recorder.store.signing_in` (after the password) and tests call this.
        """
        user = self.users.get(user_id) if user_id is not None else None
        self.user_id = user_id
        self._user = user

    def signed_in_user(self) -> User | None:
        """The signed-in user as stored now (a role changed by a manager counts at once)."""
        if self.user_id is None:
            return None
        self._user = self.users.find(self.user_id)
        return self._user

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested calls join the outer one and share its change-log ``tx``."""
        with self.in_use:
            outer = self._tx is None
            if outer:
                self._tx = new_tx_id()
            try:
                with self._immediate() if outer else self.db.atomic():
                    yield
            except engine.ANY_INTEGRITY_ERROR as e:
                raise RefusedWriteError(_plain(e)) from None
            except engine.ANY_OPERATIONAL_ERROR as e:
                plain = _plain_failure(e, self.path)
                if plain is None:
                    raise
                raise WriteFailedError(plain) from None
            finally:
                if outer:
                    self._tx = None

    @contextlib.contextmanager
    def _immediate(self) -> Iterator[None]:
        """Take the write lock at the start, waiting (busy timeout) behind another writer.

        A deferred transaction that reads first and then writes cannot wait: SQLite
        answers "database is locked" at once. ``BEGIN IMMEDIATE`` queues instead.
        """
        conn = self.db.conn
        if conn.in_transaction:  # a write made outside transaction() left one open
            with self.db.atomic():
                yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                # Pages the transaction left free go back to the file system, with it
                # (engine.give_back_free_pages; nothing on an older file). Each step
                # of the pragma frees one page, so every row is read.
                conn.execute("PRAGMA incremental_vacuum").fetchall()
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        with self.in_use:
            return list(self.db.query(sql, list(params)))

    def first(self, sql: str, params: Iterable[Any] = ()) -> tuple | None:
        """The first row as a tuple, or None, read while holding the store.

        A read on another thread that bypassed the lock could deadlock: one thread inside
        a statement calling one of the store's SQL functions waits for the interpreter,
        while the other holds the interpreter waiting for the connection.
        """
        with self.in_use:
            return self.db.execute(sql, list(params)).fetchone()

    def history(self, entity_id: str) -> list[Change]:
        """Every change ever made to one entity, oldest first: the audit trail."""
        changes, last = [], {}
        where, params = log_entities_are([entity_id])
        rows = self.rows(f"SELECT * FROM change_log WHERE {where} ORDER BY seq", params)
        for r in rows:
            r.pop("hash", None)
            r.pop("base_hlc", None)
            r.pop("origin_seq", None)
            if r["op"] == "update" and r["old_value"] is None:
                # Left out when the log already held it: the field's last new value.
                r["old_value"] = last.get(r["field"])
            last[r["field"]] = r["new_value"]
            changes.append(Change(**r))
        return changes

    def change_count(self) -> int:
        return self.rows("SELECT count(*) AS n FROM change_log")[0]["n"]

    def _device_id(self) -> str:
        found = self.rows("SELECT value FROM local_settings WHERE key = 'device_id'")
        if found:
            return found[0]["value"]
        device_id = new_id()
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO local_settings (key, value) VALUES ('device_id', ?)", [device_id]
            )
        return device_id


def _plain(error: Exception) -> str:
    message = str(error)
    if "FOREIGN KEY" in message:
        return "The change refers to a person, case or user that is not on the record."
    if "UNIQUE" in message:
        return "That item is already on the record."
    if "CHECK" in message:
        return "The change holds a value the record cannot accept (a malformed date, say)."
    if "NOT NULL" in message:
        column = message.rsplit(".", 1)[-1]
        return f"The change leaves out {column.replace('_', ' ')}, which is required."
    return message


def _plain_failure(error: Exception, path: Path | None) -> str | None:
    """Why a write could not be made, in words, for the failures a user can act on."""
    message = str(error).lower()
    where = f" ({path})" if path else ""
    if "full" in message:
        return (
            f"The disk holding the database{where} is full, so this change was not saved. "
            "Free some space and save again."
        )
    if "readonly" in message or "read-only" in message:
        return (
            f"The database{where} is in a read-only place, so this change was not saved."
        )
    if "locked" in message or "busy" in message:
        return (
            "Another program kept the database busy for too long, so this change was not "
            "saved. Try again in a moment."
        )
    if "disk i/o" in message:
        return (
            f"The disk holding the database{where} could not be written to, "
            "so this change was not saved."
        )
    return None
