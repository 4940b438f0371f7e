"""Identifiers and clock readings shared by every entity.

Records move between devices, so every key is a random UUID rather than a
number one device hands out; times are UTC so two devices agree on order.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime


def new_id() -> str:
    """A fresh text key for any entity."""
    return str(uuid.uuid4())


def new_tx_id() -> str:
    """A fresh id for one transaction's change-log rows.

    Every log row carries it, so it is shorter than an entity's key (16 characters,
    96 random bits, against 36): still unique across a team's laptops for the life of
    its records, which is all a transaction id must be.
    """
    return secrets.token_urlsafe(12)


def utc_now() -> datetime:
    """The current time in UTC to the millisecond, the precision the store keeps."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def from_utc_iso(text: str) -> datetime:
    """The store's ISO 8601 text (``utc_iso``, with its "Z") read back as a UTC datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def utc_iso(moment: datetime) -> str:
    """``moment`` as the ISO 8601 text the store keeps, e.g. ``2026-11-03T14:05:00.000Z``."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no time zone; use utc_now()")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
