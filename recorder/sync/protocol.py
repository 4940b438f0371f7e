"""The change row as it travels between a laptop and the service, and what a copy must offer.

A change is one field of one entity set by one device in one local transaction.
It is named by (device, device sequence): the device's own change-log number,
which only grows. The service keys on that pair, so a change sent twice is
stored once. ``base_hlc`` names the clock reading of the edit this one was
based on (several readings, space-separated, when it settles a conflict), so
conflicts are found by cause, never by comparing values.

Nothing here talks to a network or a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

# Rows a push carries at most; a batch is cut only between local transactions.
PUSH_BATCH_ROWS = 500
# Rows the service takes in one push (it says its own in /v1/device); one local
# transaction longer than that is sent in parts of this size.
MAX_PUSH_ROWS = 5000
# Rows a pull page holds before the service completes its last transaction.
PULL_PAGE_ROWS = 1000

OPS = ("insert", "update", "delete")


class ChangeError(ValueError):
    """A change row that does not have the shape the protocol promises."""


@dataclass(frozen=True, slots=True)
class Change:
    """One field change.

    :param device_id: the device that made it (set by the service from its token on push).
    :param device_seq: the device's change-log number for it; grows, may skip.
    :param tx: the local transaction it was made in; a batch never splits one.
    :param hlc: the hybrid-clock reading when it was made.
    :param base_hlc: the reading(s) of the edit(s) it replaced, or None for a first value.
    :param cursor: the team-wide position the service gave it (0 until pushed).
    """

    device_id: str
    device_seq: int
    tx: str
    hlc: str
    base_hlc: str | None
    user_id: str | None
    entity: str
    entity_id: str
    op: str
    field: str
    value: Any
    cursor: int = 0

    def to_wire(self) -> dict[str, Any]:
        # Spelled out: dataclasses.asdict deep-copies every value, a third of a pull's time.
        return {
            "device_id": self.device_id, "device_seq": self.device_seq, "tx": self.tx,
            "hlc": self.hlc, "base_hlc": self.base_hlc, "user_id": self.user_id,
            "entity": self.entity, "entity_id": self.entity_id, "op": self.op,
            "field": self.field, "value": self.value, "cursor": self.cursor,
        }  # fmt: skip

    @classmethod
    def from_wire(cls, data: Any) -> Change:
        """A change from decoded JSON; :class:`ChangeError` names what is wrong."""
        if not isinstance(data, dict):
            raise ChangeError("A change must be a JSON object.")
        try:
            change = cls(**{k: data[k] for k in _REQUIRED}, cursor=int(data.get("cursor", 0)))
        except KeyError as e:
            raise ChangeError(f"A change has no {e.args[0]}.") from None
        problem = change.problem()
        if problem:
            raise ChangeError(problem)
        return change

    def problem(self) -> str | None:
        for name in ("device_id", "tx", "hlc", "entity", "entity_id", "field"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                return f"A change's {name} must be non-empty text."
        if not isinstance(self.device_seq, int) or self.device_seq < 1:
            return "A change's device_seq must be a whole number from 1."
        if self.op not in OPS:
            return f"A change's op must be one of {', '.join(OPS)}."
        if self.base_hlc is not None and not isinstance(self.base_hlc, str):
            return "A change's base_hlc must be text or null."
        if self.user_id is not None and not isinstance(self.user_id, str):
            return "A change's user_id must be text or null."
        return None

    @property
    def bases(self) -> frozenset[str]:
        return base_readings(self.base_hlc)


_REQUIRED = (
    "device_id", "device_seq", "tx", "hlc", "base_hlc", "user_id",
    "entity", "entity_id", "op", "field", "value",
)  # fmt: skip


def base_readings(base_hlc: str | None) -> frozenset[str]:
    """The clock readings a change was based on."""
    return frozenset(base_hlc.split()) if base_hlc else frozenset()


def join_bases(readings: Iterable[str]) -> str | None:
    """``base_hlc`` for an edit based on every one of ``readings`` (a settling edit)."""
    ordered = sorted(set(readings))
    return " ".join(ordered) if ordered else None


def whole_transactions(changes: Sequence[Change], limit: int) -> list[Change]:
    """The longest prefix of ``changes`` of at most ``limit`` rows that ends between
    transactions; a single transaction longer than ``limit`` goes whole."""
    if len(changes) <= limit:
        return list(changes)
    end = limit
    while end > 0 and changes[end].tx == changes[end - 1].tx:
        end -= 1
    if end == 0:
        first_tx = changes[0].tx
        end = next((i for i, c in enumerate(changes) if c.tx != first_tx), len(changes))
    return list(changes[:end])


class WorkingCopy(Protocol):
    """What a laptop's store offers the sync client. The store implements it; the
    client never writes SQL.

    Every method is called on the thread that owns the store.
    """

    device_id: str

    def local_changes_since(self, device_seq: int, limit: int) -> list[Change]:
        """This device's own changes after ``device_seq``, in device order, at most
        ``limit`` rows plus the rest of the last transaction (never another device's)."""
        ...

    def pull_cursor(self) -> int:
        """The team cursor saved with the last page applied (0 for a new copy)."""
        ...

    def apply_remote_page(self, changes: Sequence[Change], cursor: int) -> Any:
        """Apply a pulled page and save ``cursor`` in one SQLite transaction.

        Rows of this device (its own changes coming back) are already applied and
        only confirm the push. Each other row is written with its own device, user,
        clock reading, transaction and base, and never logged as this device's.
        The clock takes every remote reading (HLC receive), so the next local
        edit sorts after what was pulled. What it returns (the store's ``Changes``)
        is gathered into the sync's result for the windows to refresh.
        """
        ...
