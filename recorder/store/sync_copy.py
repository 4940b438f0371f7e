"""The store's side of sync: this laptop's working copy as the sync client sees it.

Implements :class:`recorder.sync.protocol.WorkingCopy` on the real database, and
the small reads the status bar and the "Needs a decision" screen need.

Applying what the team changed is done as the sync, not as the signed-in
user: a pulled row keeps its own author, device, clock and transaction, and
the log triggers do not log the applied fields again as this laptop's
(``recorder_applying_remote()`` in their ``WHEN``). Choosing in a conflict is
the user's own change and is logged as theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from recorder.domain.changes import Changes
from recorder.domain.sync_status import Decision, ServiceSettings
from recorder.store.rights import reads, verb
from recorder.sync.protocol import Change

if TYPE_CHECKING:
    from recorder.store.store import Store


class SyncCopy:
    """``store.sync``: the working copy the sync client pushes from and pulls into."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- WorkingCopy (called by recorder.sync.client on the store's thread) --

    @property
    def device_id(self) -> str:
        """The id the service knows this laptop by (its enrolment), else the store's own."""
        raise NotImplementedError

    @reads
    def local_changes_since(self, device_seq: int, limit: int) -> list[Change]:
        """This laptop's own change-log rows after ``device_seq`` (the local ``seq``), whole
        transactions, at most ``limit`` rows plus the rest of the last transaction."""
        raise NotImplementedError

    @reads
    def pull_cursor(self) -> int:
        """The team cursor saved with the last page applied (0 before the first pull)."""
        raise NotImplementedError

    def apply_remote_page(self, changes: Sequence[Change], cursor: int) -> Changes:
        """Apply one pulled page and save ``cursor``, in one SQLite transaction.

        Done as the sync (no user's rights): each other laptop's row enters the change
        log once (a page applied twice inserts nothing) and is sealed here on arrival;
        each affected field gets the value the merge shows; this laptop's own rows only
        confirm the push. Returns what changed, so windows showing those records or
        people refresh (``Changes.origin`` is ``"sync"``).
        """
        raise NotImplementedError

    # -- for the status bar --

    @reads
    def pending_count(self) -> int:
        """How many of this laptop's changes the service has not yet confirmed."""
        raise NotImplementedError

    @reads
    def last_synced(self) -> datetime | None:
        """When a sync last finished (UTC), or None if never."""
        raise NotImplementedError

    def mark_synced(self, at: datetime | None = None) -> None:
        """Note that a sync finished now (the UI and ``python -m recorder sync`` call it
        after ``recorder.sync.client.sync`` returns without error)."""
        raise NotImplementedError

    @reads
    def service_settings(self) -> ServiceSettings | None:
        """Where this laptop syncs, or None until it is enrolled."""
        raise NotImplementedError

    @verb(says="Only a team manager can enrol this laptop with the sync service")
    def enrol(self, url: str, token: str, device_id: str | None = None) -> None:
        """Keep the service's address and this laptop's token (and the device id the
        service gave it) in the encrypted database's local settings."""
        raise NotImplementedError

    # -- Needs a decision --

    @reads
    def needs_decision(self) -> list[Decision]:
        """Every open conflict and every refused change of this laptop, oldest first."""
        raise NotImplementedError

    @verb()
    def choose(self, decision: Decision, value: Any) -> Changes:
        """Settle ``decision`` with ``value`` (one of its values, or a new one typed in).

        The choice is the signed-in user's own logged change, based on every value
        it settles, so every laptop that syncs it sees the conflict settled. For a
        refused change, choosing the team's value drops this laptop's edit.
        """
        raise NotImplementedError
