"""The working copy: a local SQLite database, and the only code that writes SQL.

Every write is a verb on :class:`Store` that runs in one transaction and
returns the :class:`~recorder.domain.changes.Changes` it made; triggers write
the change log in that same transaction.
"""

from recorder.store.errors import (
    ForeignDatabaseError,
    NewerDatabaseError,
    NotADatabaseError,
    NotFoundError,
    RefusedWriteError,
    StoreError,
)
from recorder.store.store import Store

__all__ = [
    "ForeignDatabaseError",
    "NewerDatabaseError",
    "NotADatabaseError",
    "NotFoundError",
    "RefusedWriteError",
    "Store",
    "StoreError",
]
