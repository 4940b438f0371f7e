"""From a name and password to an open, signed-in store: the only way the app opens one.

Three cases: the database has a ``.keys`` file (the usual: unwrap the key, open,
sign in); the database is new (its first team manager is made, see
:func:`create_database`); or the database is still plain SQLite (a team manager
named in it signs in once and it is encrypted, after a backup).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from recorder.domain.users import Role, User
from recorder.store import engine
from recorder.store.errors import StoreError
from recorder.store.keys import KeyFile, NoAccessFileError, WrongPasswordError, password_problem
from recorder.store.store import Store

__all__ = [
    "NeedsFirstManagerError",
    "WrongPasswordError",
    "create_database",
    "database_state",
    "open_signed_in",
]


class NeedsFirstManagerError(StoreError):
    """A new database: its first team manager must be created before anyone signs in."""


def database_state(path: Path) -> str:
    """``"new"``, ``"plain"`` (not yet encrypted) or ``"encrypted"``."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return "new" if not KeyFile.load(path).exists() else "encrypted"
    return "plain" if engine.is_plain_sqlite(path) else "encrypted"


def create_database(
    path: Path, name: str, password: str, *, team: str = "", id: str | None = None
) -> Store:
    """A new encrypted database whose first account is a team manager, signed in.

    :raises StoreError: when ``path`` already holds a database, or the password is too
        weak
    """
    path = Path(path)
    if database_state(path) != "new":
        raise StoreError(f"{path} already holds a database: sign in to it instead.")
    problem = password_problem(password) or (None if name.strip() else "Give a name.")
    if problem:
        raise StoreError(problem)
    key = engine.new_key()
    store = Store.open(path, key=key)
    try:
        manager = User(" ".join(name.split()), Role.TEAM_MANAGER, team=team)
        if id is not None:
            manager = User(manager.name, manager.role, team=team, id=id)
        store.users.add_first_manager(manager, password)
        store.sign_in(manager.id)
    except BaseException:
        store.close()
        raise
    return store


def open_signed_in(path: Path, name: str, password: str) -> Store:
    """Open the database at ``path`` as the user ``name``.

    :raises WrongPasswordError: the name and password do not match (the same words
        whichever is wrong)
    :raises NeedsFirstManagerError: a new database, with nobody to sign in as yet
    :raises StoreError: the database cannot be opened, for the reason given
    """
    path = Path(path)
    state = database_state(path)
    if state == "new":
        raise NeedsFirstManagerError(
            f"{path} is a new database: its first team manager's account is made first."
        )
    if state == "plain":
        return _convert(path, name, password)
    keys = KeyFile.load(path)
    if not keys.exists():
        raise NoAccessFileError(
            f"{path} cannot be opened: it is not a Case Recorder database, or it is an "
            f"encrypted one whose list of who can open it ({keys.path.name}) is missing "
            "beside it (restore that from a backup). It has been left untouched."
        )
    entry, key = keys.unlock(name, password)
    store = Store.open(path, key=key)
    if store.users.find(entry.user_id) is None:
        store.close()
        raise WrongPasswordError(
            "That account has been removed from this database. Ask a team manager."
        )
    store.sign_in(entry.user_id)
    return store


def _convert(path: Path, name: str, password: str) -> Store:
    """Encrypt a plain database: a team manager on it signs in with a new password."""
    from recorder.store.opening import check_database_file

    check_database_file(path)
    conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        users = (
            conn.execute("SELECT id, name, role FROM users").fetchall() if "users" in tables else []
        )
    finally:
        conn.close()
    wanted = " ".join(name.split()).casefold()
    match = next((u for u in users if " ".join(u[1].split()).casefold() == wanted), None)
    if users and (match is None or match[2] != Role.TEAM_MANAGER.value):
        raise StoreError(
            f"{path} is not encrypted yet. A team manager named in it signs in once to "
            "encrypt it and choose their password; then they add everyone else's."
        )
    problem = password_problem(password)
    if problem:
        raise StoreError(problem)
    key = engine.new_key()
    store = Store.open(path, key=key)
    try:
        if match is None:
            manager = User(" ".join(name.split()), Role.TEAM_MANAGER)
            store.users.add_first_manager(manager, password)
            user_id = manager.id
        else:
            user_id = match[0]
            assert store.keyfile is not None
            store.keyfile.put(user_id, match[1], password, key)
        store.sign_in(user_id)
    except BaseException:
        store.close()
        raise
    return store
