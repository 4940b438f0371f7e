"""The seal on every change-log row: a keyed hash over the row and the row before it.

Why keyed: anyone holding the database file and stock tools (the ``sqlite3``
shell, Python's ``hashlib``) can recompute a plain hash chain after editing a
row, so a plain chain only catches careless edits and damage. Each row's seal
is an HMAC-SHA-256 (cut to 16 bytes) under a key kept outside the database
file, in the user's own data folder, so whoever has only the file cannot
forge a seal. Whoever can read that key (the same account on the same
computer) can; the README says so.

This module never writes the log; the ``change_log_seal`` trigger (see
:mod:`recorder.store.guards`) calls :func:`seal` through the SQL function
``recorder_seal`` for each row as it is inserted.
"""

from __future__ import annotations

import hmac
import os
import secrets
import sqlite3
import sys
from pathlib import Path

from recorder.store.errors import StoreError

KEY_ENV = "CASE_RECORDER_CHAIN_KEY"
SEAL_BYTES = 16
# The columns a seal covers, in this order, after the previous row's seal.
SEALED_COLUMNS = (
    "seq",
    "hlc",
    "at",
    "tx",
    "device_id",
    "user_id",
    "entity",
    "entity_id",
    "op",
    "field",
    "old_value",
    "new_value",
)


def key_path() -> Path:
    """Where this account keeps the key: ``$CASE_RECORDER_CHAIN_KEY``, or its data folder."""
    if os.environ.get(KEY_ENV):
        return Path(os.environ[KEY_ENV])
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "Case Recorder" / "change-log.key"


def read_key(path: Path | None = None) -> bytes | None:
    """The key at ``path`` (default :func:`key_path`), or None when there is none.

    :raises StoreError: when the file is there but is not a key
    """
    path = path or key_path()
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as e:
        raise StoreError(f"The change-log key {path} cannot be read ({_reason(e)}).") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise StoreError(f"{path} is not a change-log key (it should hold 64 hexadecimal digits).")
    return key


def load_or_create_key(path: Path | None = None) -> bytes:
    """This account's key, made on first use with only its owner able to read it.

    :raises StoreError: when it can be neither read nor made
    """
    path = path or key_path()
    key = read_key(path)
    if key is not None:
        return key
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key.hex() + "\n")
    except FileExistsError:  # another copy made it a moment ago
        return read_key(path) or key
    except OSError as e:
        raise StoreError(
            f"The key that seals the change log could not be kept in {path} ({_reason(e)})."
        ) from None
    return key


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)


def _encode(value: object) -> bytes:
    """One value, typed and length-prefixed, so no two different rows encode alike."""
    kind = type(value)
    # Text and whole numbers are nearly every value: tested first, by exact type.
    if kind is str:
        body = value.encode("utf-8", "surrogateescape")  # type: ignore[union-attr]
        return b"s" + len(body).to_bytes(8, "big") + body
    if value is None:
        return _NONE
    if kind is int or isinstance(value, bool | int):
        body = str(int(value)).encode()  # type: ignore[call-overload]
        return b"i" + len(body).to_bytes(8, "big") + body
    if isinstance(value, str):
        tag, body = b"s", value.encode("utf-8", "surrogateescape")
    elif isinstance(value, float):
        tag, body = b"f", value.hex().encode()
    elif isinstance(value, bytes | memoryview):
        tag, body = b"b", bytes(value)
    else:
        tag, body = b"?", repr(value).encode()
    return tag + len(body).to_bytes(8, "big") + body


_NONE = b"n" + (0).to_bytes(8, "big")


def seal(key: bytes, previous: bytes | None, *values: object) -> bytes:
    """The seal of one row: HMAC over the previous row's seal and this row's columns.

    The encoded parts are joined and hashed at once (the same digest as feeding
    them one by one): every change-log row is sealed as it is written, so this
    runs millions of times in a large import.
    """
    first = _encode(bytes(previous) if previous is not None else None)
    message = first + b"".join([_encode(v) for v in values])
    return hmac.digest(key, message, "sha256")[:SEAL_BYTES]


def register_seal(conn: sqlite3.Connection, key: bytes) -> None:
    """Make ``recorder_seal(previous, seq, hlc, ...)`` available to the log's triggers."""
    conn.create_function(
        "recorder_seal",
        1 + len(SEALED_COLUMNS),
        lambda previous, *values: seal(key, previous, *values),
        deterministic=True,
    )


def read_text_leniently(data: bytes) -> str:
    """Text as stored, even bytes a damaged or edited file made invalid UTF-8."""
    return data.decode("utf-8", "surrogateescape")
