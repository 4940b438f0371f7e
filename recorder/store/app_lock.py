"""One copy of the app per database file: an operating-system lock, never a stale one.

Two copies of the window on one file would each autosave over the other's
typing. The lock is an OS lock (``flock`` on POSIX, ``msvcrt.locking`` on
Windows) on a small file beside the database, ``<name>.lock``: the operating
system lets go of it when the process ends, however it ends (even SIGKILL or
a power cut), so a crash never leaves the file refused. The file itself stays
behind and means nothing on its own.

Within one process the lock is shared (the tests start the app more than once
on one file); it is held until the process ends. Command-line tools do not take it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from recorder.store.errors import StoreError

_HELD: dict[Path, int] = {}  # database path -> the descriptor holding its lock


class AlreadyOpenError(StoreError):
    """Another copy of the app has this database open."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def hold_app_lock(db_path: Path) -> None:
    """Take the lock on ``db_path`` for the rest of this process, or say who has it.

    A folder where the lock file cannot be made (read-only, say) is not refused
    here: opening the database itself then says what is wrong.

    :raises AlreadyOpenError: when another copy of the app has the file open
    """
    key = db_path.resolve()
    if key in _HELD:
        return
    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return
    if not _try_lock(fd):
        holder = _read_holder(fd)
        os.close(fd)
        raise AlreadyOpenError(
            f"{db_path.name} is already open in another Case Recorder window"
            + (f" (process {holder})" if holder else "")
            + ". Use that window, or close it and try again."
        )
    try:
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
    except OSError:
        pass
    _HELD[key] = fd


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""


def held_by_another(db_path: Path) -> bool:
    """Whether another process holds the lock now (a look that takes nothing)."""
    try:
        fd = os.open(lock_path(db_path), os.O_RDWR)
    except OSError:
        return False
    try:
        if not _try_lock(fd):
            return True
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
