"""Who can open a database: its key, wrapped once per user, in ``<db>.keys``.

Each entry holds the database key encrypted (AES-256-GCM) under a key derived
from that user's password by Argon2id, with the user's id as associated data
so an entry cannot be moved to another user. A wrong password fails the GCM
tag: the password itself is never stored, not even hashed. The file holds
staff names and ids, no child's data; it is written atomically, readable by
its owner only.

Argon2id costs are stored with each entry, so an entry keeps opening when the
defaults are raised. ``CASE_RECORDER_FAST_KDF=1`` makes new entries cheap:
the test suite sets it; nothing else should.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from recorder.store.errors import StoreError

FAST_KDF_ENV = "CASE_RECORDER_FAST_KDF"
STRONG_KDF = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}  # 64 MiB
FAST_KDF = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
MIN_PASSWORD = 8


class WrongPasswordError(StoreError):
    """The name is not known here, or the password does not match it."""


class NoAccessFileError(StoreError):
    """The database is encrypted but its ``.keys`` file is missing or unreadable."""


def keys_path(db_path: Path) -> Path:
    return Path(f"{db_path}.keys")


def password_problem(password: str) -> str | None:
    """Why a new password will not do; None when it will."""
    if len(password) < MIN_PASSWORD:
        return f"A password needs at least {MIN_PASSWORD} characters."
    if password.strip() != password or not password.strip():
        return "A password cannot start or end with a space."
    return None


def _kdf_settings() -> dict[str, int]:
    return dict(FAST_KDF if os.environ.get(FAST_KDF_ENV) == "1" else STRONG_KDF)


def _derive(password: str, salt: bytes, kdf: dict[str, int]) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=kdf["time_cost"],
        memory_cost=kdf["memory_cost"],
        parallelism=kdf["parallelism"],
        hash_len=32,
        type=Type.ID,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class Entry:
    user_id: str
    name: str
    salt: str
    nonce: str
    wrapped: str
    kdf: dict[str, int]

    @classmethod
    def wrap(cls, user_id: str, name: str, password: str, db_key: bytes) -> Entry:
        salt, nonce = os.urandom(16), os.urandom(12)
        kdf = _kdf_settings()
        wrapped = AESGCM(_derive(password, salt, kdf)).encrypt(
            nonce, db_key, user_id.encode("utf-8")
        )
        return cls(user_id, name, _b64(salt), _b64(nonce), _b64(wrapped), kdf)

    def unwrap(self, password: str) -> bytes:
        """The database key; :class:`WrongPasswordError` for a wrong password."""
        key = _derive(password, base64.b64decode(self.salt), self.kdf)
        try:
            return AESGCM(key).decrypt(
                base64.b64decode(self.nonce),
                base64.b64decode(self.wrapped),
                self.user_id.encode("utf-8"),
            )
        except InvalidTag:
            raise WrongPasswordError("That name and password do not match.") from None


class KeyFile:
    """The wrapped keys of one database; every change is saved at once, atomically."""

    def __init__(self, db_path: Path, entries: dict[str, Entry] | None = None) -> None:
        self.path = keys_path(db_path)
        self.entries: dict[str, Entry] = dict(entries or {})

    @classmethod
    def load(cls, db_path: Path) -> KeyFile:
        """The key file beside ``db_path``; empty when there is none yet."""
        found = cls(db_path)
        if not found.path.exists():
            return found
        try:
            data = json.loads(found.path.read_text(encoding="utf-8"))
            for e in data["users"]:
                found.entries[e["user_id"]] = Entry(**e)
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise NoAccessFileError(
                f"{found.path}, which holds who can open {Path(db_path).name}, cannot be read "
                f"({e}). Restore it from a backup; without it the database cannot be opened."
            ) from None
        return found

    def exists(self) -> bool:
        return self.path.exists()

    def find_name(self, name: str) -> Entry | None:
        wanted = " ".join(name.split()).casefold()
        for entry in self.entries.values():
            if " ".join(entry.name.split()).casefold() == wanted:
                return entry
        return None

    def names(self) -> list[str]:
        return sorted(e.name for e in self.entries.values())

    def unlock(self, name: str, password: str) -> tuple[Entry, bytes]:
        """The entry and database key for this name and password.

        :raises WrongPasswordError: the same words for an unknown name as for a wrong
            password, so the screen does not tell who has an account
        """
        entry = self.find_name(name)
        if entry is None:
            # Spend the same time as a real try, so the answer does not give names away.
            Entry.wrap("nobody", "nobody", password, bytes(32))
            raise WrongPasswordError("That name and password do not match.")
        return entry, entry.unwrap(password)

    def put(self, user_id: str, name: str, password: str, db_key: bytes) -> None:
        problem = password_problem(password)
        if problem:
            raise StoreError(problem)
        self.entries[user_id] = Entry.wrap(user_id, name, password, db_key)
        self.save()

    def rename(self, user_id: str, name: str) -> None:
        entry = self.entries.get(user_id)
        if entry is not None and entry.name != name:
            self.entries[user_id] = Entry(**{**entry.__dict__, "name": name})
            self.save()

    def remove(self, user_id: str) -> None:
        if self.entries.pop(user_id, None) is not None:
            self.save()

    def save(self) -> None:
        data = {"version": 1, "users": [e.__dict__ for e in self.entries.values()]}
        fd, tmp = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp", dir=self.path.parent)
        try:
            os.chmod(tmp, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
