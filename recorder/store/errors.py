"""What can go wrong opening or writing the working copy, in words a user can act on."""

from __future__ import annotations


class StoreError(Exception):
    """Base for every store failure; ``str()`` is a plain-English sentence."""


class NotADatabaseError(StoreError):
    """The file exists but is not an SQLite database at all."""


class ForeignDatabaseError(StoreError):
    """An SQLite database, but one some other program made."""


class NewerDatabaseError(StoreError):
    """Written by a newer Case Recorder: opening it here could damage it."""


class NotFoundError(StoreError, LookupError):
    """No entity with that id."""


class RefusedWriteError(StoreError):
    """The database refused a write (a locked record, a change log edit ...)."""


class WriteFailedError(StoreError):
    """A write the database could not make: a full disk, a read-only place, a long lock."""


class ReadOnlyError(StoreError):
    """The database file, or the folder it is in, cannot be written."""
