"""Opening a database file safely: look before touching, refuse what is not ours.

A file that is not SQLite, belongs to another program, or was written by a
newer version of the app is reported and left exactly as it was: nothing is
written (not even the switch to WAL mode) until the file has been checked.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from recorder.store import engine
from recorder.store.errors import (
    ForeignDatabaseError,
    NewerDatabaseError,
    NotADatabaseError,
    ReadOnlyError,
    StoreError,
)
from recorder.store.schema import APPLICATION_ID, MIGRATIONS

SQLITE_HEADER = b"SQLite format 3\x00"


def check_database_file(path: Path, key: bytes | None = None) -> None:
    """Raise a :class:`StoreError` if ``path`` must not be opened for writing.

    A missing or empty file is fine: it becomes a new database. A file with no
    SQLite header is tried with ``key``: an encrypted file carries no header, so
    only the key tells "ours, encrypted" from "not a database".
    """
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    if not path.exists():
        if not path.parent.is_dir():
            raise StoreError(f"The folder {path.parent} does not exist.")
        _writable(path)
        return
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as e:
        raise StoreError(f"{path} cannot be read ({e.strerror}).") from None
    if not header:
        return
    encrypted = header != SQLITE_HEADER
    if encrypted and key is None:
        raise NotADatabaseError(
            f"{path} is not a Case Recorder database that opens without signing in "
            "(it is encrypted, or not an SQLite file at all). It has been left untouched."
        )
    try:
        if encrypted:
            try:
                conn = engine.connect(path, key, read_only=True)  # type: ignore[arg-type]
            except engine.WrongKeyError:
                raise NotADatabaseError(
                    f"{path} does not open with this key: it is another database's file, "
                    "damaged, or not a database at all. It has been left untouched."
                ) from None
        else:
            conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            applied = set()
            if "_sqlite_migrations" in tables:
                applied = {
                    r[0]
                    for r in conn.execute(
                        "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                        (MIGRATIONS.name,),
                    )
                }
        finally:
            conn.close()
    except (*engine.ANY_DATABASE_ERROR, UnicodeDecodeError) as e:
        # An undecodable name in the schema is damage too, not a crash.
        if not isinstance(e, UnicodeDecodeError):
            _writable(path)  # "unable to open" in a read-only folder is not damage
        detail = "a name in it is not readable text" if isinstance(e, UnicodeDecodeError) else e
        raise NotADatabaseError(
            f"{path} is damaged and cannot be read ({detail}). It has been left untouched."
        ) from None
    if application_id != APPLICATION_ID and tables:
        raise ForeignDatabaseError(
            f"{path} is an SQLite database made by another program, not Case Recorder. "
            "It has been left untouched."
        )
    _writable(path)
    known = {m.name for m in MIGRATIONS._migrations}
    unknown = sorted(applied - known)
    if unknown:
        raise NewerDatabaseError(
            f"{path} was written by a newer version of Case Recorder. "
            "Install the latest version to open it; it has been left untouched."
        )


def _writable(path: Path) -> None:
    """Refuse, in words, a file or folder the app cannot write (its journal lives beside it)."""
    folder = path.parent
    if not os.access(folder, os.W_OK):
        raise ReadOnlyError(
            f"The folder {folder} is read-only, so Case Recorder cannot work on {path.name} "
            "there (it writes a journal beside the database). Copy the file to a folder you "
            "can write to, or ask for write access."
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise ReadOnlyError(
            f"{path} is a read-only file, so Case Recorder cannot save into it. "
            "Copy it somewhere you can write to, or ask for write access."
        )
