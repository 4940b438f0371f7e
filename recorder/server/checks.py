"""What the service checks of every pushed row before it reaches the team.

A check looks at one push (already in its PostgreSQL transaction) and returns
the rows it refuses, by device sequence. A refused row is not stored as a
change; it is filed as a conflict in the team's stream, with its value, so
nothing a worker typed is lost and a person decides what becomes of it.

Checks here: the team's scope, and edits to a record approved meanwhile (which
offer an amendment). Role and lifecycle checks need the service to know users
and their roles; they plug in through :data:`Check` (see ``app.create_app``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import psycopg

from recorder.server.devices import Device
from recorder.sync.protocol import Change


@dataclass(frozen=True)
class Refusal:
    """Why a row was refused, in words a practitioner reads, and what they may do."""

    kind: str
    reason: str
    offer: str | None = None


Check = Callable[[psycopg.Connection, Device, Sequence[Change]], dict[int, Refusal]]


def outside_the_team(
    conn: psycopg.Connection, device: Device, changes: Sequence[Change]
) -> dict[int, Refusal]:
    """Rows about an entity another team holds: a device writes only its team's records."""
    ids = sorted({c.entity_id for c in changes})
    elsewhere = {
        (entity, entity_id)
        for entity, entity_id in conn.execute(
            "SELECT DISTINCT entity, entity_id FROM changes "
            "WHERE entity_id = ANY(%s) AND team_id <> %s",
            (ids, device.team_id),
        )
    }
    return {
        c.device_seq: Refusal(
            kind="outside_team",
            reason="This belongs to another team's records, so it was not shared.",
        )
        for c in changes
        if (c.entity, c.entity_id) in elsewhere
    }


def edits_after_approval(
    conn: psycopg.Connection, device: Device, changes: Sequence[Change]
) -> dict[int, Refusal]:
    """Edits to a record that the team's copy has approved in another transaction.

    An approved record is locked; an edit made offline before its author knew of the
    approval becomes a conflict that offers an amendment instead of changing it.
    """
    ids = sorted({c.entity_id for c in changes if c.entity == "records"})
    if not ids:
        return {}
    approved = {
        entity_id: (by_device, tx)
        for entity_id, value, by_device, tx in conn.execute(
            "SELECT DISTINCT ON (entity_id) entity_id, value, device_id, tx FROM changes "
            "WHERE team_id = %s AND entity = 'records' AND entity_id = ANY(%s) "
            "AND field = 'status' ORDER BY entity_id, hlc DESC, device_id DESC",
            (device.team_id, ids),
        )
        if value == "approved"
    }
    return {
        c.device_seq: Refusal(
            kind="edit_after_approval",
            reason="The record was approved before this edit reached the team.",
            offer="amendment",
        )
        for c in changes
        if c.entity == "records"
        and c.entity_id in approved
        and approved[c.entity_id] != (device.id, c.tx)
    }


DEFAULT_CHECKS: tuple[Check, ...] = (outside_the_team, edits_after_approval)
