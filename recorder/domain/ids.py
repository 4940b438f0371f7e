"""Identifiers and clock readings shared by every entity.

Records move between devices, so every key is a UUID rather than a number
one device hands out; times are UTC so two devices agree on order.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime


def new_id() -> str:
    """A fresh text key for any entity: a time-ordered UUID (version 7, RFC 9562).

    Its first 48 bits are the milliseconds since 1970 and the other 74 are random,
    so ids made on different devices still never meet, while rows made one after
    another land side by side in every index that holds them (the change log's
    index by entity, a table's own key). Random (version 4) keys scattered each
    new row over the whole index, splitting pages that then stayed about a third
    empty.
    """
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")  # 80 bits, 74 of them used
    value = (
        (millis & 0xFFFF_FFFF_FFFF) << 80
        | 0x7 << 76
        | (rand >> 62 & 0xFFF) << 64
        | 0b10 << 62
        | rand & ((1 << 62) - 1)
    )
    return str(uuid.UUID(int=value))


def utc_now() -> datetime:
    """The current time in UTC to the millisecond, the precision the store keeps."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def utc_iso(moment: datetime) -> str:
    """``moment`` as the ISO 8601 text the store keeps, e.g. ``2026-11-03T14:05:00.000Z``."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no time zone; use utc_now()")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
