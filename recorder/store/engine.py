"""The encrypted working copy: SQLCipher connections, the database key, and conversion.

Why SQLCipher: a laptop is lost or stolen sooner or later, and a plain SQLite
file gives up every child's name, address and dictation to ``strings``. The
file is encrypted with one random 256-bit database key; that key is kept
only wrapped, once per user, in the sidecar ``<db>.keys`` (see
:mod:`recorder.store.keys`), so any authorised user can open the file,
changing a password re-wraps one entry and never re-encrypts the file.

The raw key is handed to SQLCipher as ``x'<hex>'`` so that SQLCipher skips its
own passphrase derivation (about 240 ms on every opening): the slow,
memory-hard derivation (Argon2id) is done once, at sign-in.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from recorder.store.errors import StoreError

KEY_BYTES = 32

# sqlcipher3 raises its own classes, not the standard library's: catch through these.
Error = sqlcipher.Error
DatabaseError = sqlcipher.DatabaseError
IntegrityError = sqlcipher.IntegrityError
OperationalError = sqlcipher.OperationalError
ANY_DATABASE_ERROR = (sqlite3.DatabaseError, sqlcipher.DatabaseError)
ANY_INTEGRITY_ERROR = (sqlite3.IntegrityError, sqlcipher.IntegrityError)
ANY_OPERATIONAL_ERROR = (sqlite3.OperationalError, sqlcipher.OperationalError)

PLAIN_HEADER = b"SQLite format 3\x00"


def give_back_free_pages(schema: str = "main") -> str:
    """The pragma by which a new database (or one written anew by encryption) can hand
    its free pages back; ``schema`` names an attached one.

    A working copy holds a form's whole text and is rewritten every few seconds, then
    dropped when the record takes it in: the pages it leaves free would stay in the
    file until something else needed them, about 800 bytes a visit, and so would the
    pages a record's long text leaves each time its row is rewritten. With
    incremental auto-vacuum each write transaction hands back the pages it left free
    (``Store._immediate``). SQLite allows the setting only before a database's first
    table; an older file keeps its pages.
    """
    return f"PRAGMA {schema}.auto_vacuum = INCREMENTAL"


class WrongKeyError(StoreError):
    """The file is encrypted and the key given does not open it (or it is not a database)."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def is_plain_sqlite(path: Path) -> bool:
    """True for a file that starts as an unencrypted SQLite database does."""
    try:
        with Path(path).open("rb") as f:
            return f.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except OSError:
        return False


def owner_only(path: Path) -> None:
    """Make ``path`` (and its journal files, if there) readable by its owner only."""
    for p in (Path(path), *_companions(path)):
        try:
            if p.exists():
                os.chmod(p, 0o600)
        except OSError:
            pass  # a file system without Unix modes (a FAT stick): nothing to tighten


def _companions(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def _create_owner_only(path: Path) -> None:
    """Create an empty file readable by its owner only; SQLite gives its WAL the same mode."""
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(path: Path, key: bytes, *, read_only: bool = False):
    """An SQLCipher connection to ``path`` with ``key`` set before anything else.

    :raises WrongKeyError: when the key does not open the file
    """
    path = Path(path)
    if not read_only:
        _create_owner_only(path)
        owner_only(path)
    target = path.resolve().as_uri() + ("?mode=ro" if read_only else "")
    conn = sqlcipher.connect(target, uri=True, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # damage is reported in words instead
        conn.execute(key_pragma(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError:
        conn.close()
        raise WrongKeyError(
            f"{path} is encrypted, and the key given does not open it "
            "(or it is not a Case Recorder database)."
        ) from None
    return conn


def convert_plain(path: Path, key: bytes) -> Path:
    """Encrypt a plain database in place under ``key``, keeping the plain file as a backup.

    The backup is written beside it as ``<name>.plain-backup`` (readable by its owner
    only): it holds everything in clear, so the message shown tells the user to
    delete it once the encrypted copy is checked.

    :returns: the backup's path
    """
    path = Path(path)
    backup = path.with_name(path.name + ".plain-backup")
    tmp = path.with_name(path.name + ".encrypting")
    for leftover in (tmp, *_companions(tmp)):
        leftover.unlink(missing_ok=True)
    plain = sqlcipher.connect(str(path))
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        user_version = plain.execute("PRAGMA user_version").fetchone()[0]
        application_id = plain.execute("PRAGMA application_id").fetchone()[0]
        plain.execute("PRAGMA journal_mode = DELETE")
        _create_owner_only(tmp)
        plain.execute(f"ATTACH DATABASE ? AS enc KEY \"x'{key.hex()}'\"", [str(tmp)])
        plain.execute(give_back_free_pages("enc"))
        plain.execute("SELECT sqlcipher_export('enc')")
        plain.execute(f"PRAGMA enc.user_version = {int(user_version)}")
        plain.execute(f"PRAGMA enc.application_id = {int(application_id)}")
        plain.execute("DETACH DATABASE enc")
    finally:
        plain.close()
    shutil.copy2(path, backup)
    owner_only(backup)
    with tmp.open("rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)
    for leftover in _companions(path):
        leftover.unlink(missing_ok=True)
    owner_only(path)
    return backup


def decrypt_copy(path: Path, key: bytes, dest: Path) -> None:
    """Write a plain copy of the encrypted database at ``path`` to ``dest``.

    For measuring the cost of encryption and for tests of conversion only: the
    copy holds everything in clear.
    """
    conn = connect(path, key)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", [str(dest)])
        conn.execute(give_back_free_pages("plain"))
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute(f"PRAGMA plain.user_version = {int(version)}")
        conn.execute(f"PRAGMA plain.application_id = {int(application_id)}")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
