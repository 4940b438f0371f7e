"""What the service checks of every pushed row before it reaches the team.

A check looks at one push (already in its PostgreSQL transaction) and returns
the rows it refuses, by device sequence. A refused row is not stored as a
change; it is filed as a conflict in the team's stream, with its value, so
nothing a worker typed is lost and a person decides what becomes of it.

Checks here: the team's scope; edits to a record approved meanwhile (which
offer an amendment); and each status move, by the lifecycle's own rules
(``recorder.domain.lifecycle``) with the author's role as the team's stream
last set it, and whose record it is now (a case transferred, or a manager
moved to another team, on another laptop meanwhile). More checks plug in
through :data:`Check` (see ``app.create_app``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import psycopg

from recorder.domain.lifecycle import ownership_problem, step_problem
from recorder.domain.records import RecordStatus
from recorder.domain.users import Role
from recorder.server.devices import Device
from recorder.sync.merge import Edit, FieldHistory
from recorder.sync.protocol import Change, base_readings


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
        entity_id: (shown.device_id, shown.tx)
        for entity_id, shown in _shown(conn, device.team_id, "records", ids, "status").items()
        if shown.value == "approved"
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


@dataclass(frozen=True)
class _Shown:
    value: object
    device_id: str
    tx: str


def _shown(
    conn: psycopg.Connection, team: str, entity: str, ids: list[str], field: str
) -> dict[str, _Shown]:
    """What ``field`` of each entity shows in the team's copy, by the laptops' own merge
    (heads by base, then the highest clock and device), so the service judges a row
    against what the team sees."""
    histories: dict[str, FieldHistory] = {}
    txs: dict[str, str] = {}
    for entity_id, hlc, device_id, base_hlc, tx, value in conn.execute(
        "SELECT entity_id, hlc, device_id, base_hlc, tx, value FROM changes "
        "WHERE team_id = %s AND entity = %s AND entity_id = ANY(%s) AND field = %s",
        (team, entity, ids, field),
    ):
        edit = Edit(hlc=hlc, device_id=device_id, value=value, bases=base_readings(base_hlc))
        histories.setdefault(entity_id, FieldHistory()).add(edit)
        txs[hlc] = tx
    shown = {}
    for entity_id, history in histories.items():
        edit = history.view().shown
        if edit is not None:
            shown[entity_id] = _Shown(edit.value, edit.device_id, txs[edit.hlc])
    return shown


def _status(value: object) -> RecordStatus | None:
    try:
        return RecordStatus(value)
    except ValueError:
        return None


def status_moves(
    conn: psycopg.Connection, device: Device, changes: Sequence[Change]
) -> dict[int, Refusal]:
    """A record's status may only move as the lifecycle allows, from where the team's copy
    has it: a move made offline from a state the record has since left is refused.

    The mover's role is the one the team's stream last gave that user; a user the
    service has not heard of is checked against every role (the move must exist).
    A return's reason travels as its hand-off row in the same transaction.
    """
    moves = [c for c in changes if c.entity == "records" and c.field == "status"]
    if not moves:
        return {}
    ids = sorted({c.entity_id for c in moves})
    current = {
        i: e.value for i, e in _shown(conn, device.team_id, "records", ids, "status").items()
    }
    users = sorted({c.user_id for c in moves if c.user_id})
    roles = {i: e.value for i, e in _shown(conn, device.team_id, "users", users, "role").items()}
    reasons: dict[str, str] = {}
    for c in changes:
        if c.entity == "users" and c.field == "role":
            roles[c.entity_id] = c.value
        if c.entity == "record_handoffs" and c.field == "reason" and c.value:
            reasons[c.tx] = str(c.value)
    refused: dict[int, Refusal] = {}
    pushed: dict[tuple[str, str, str], object] | None = None
    for c in moves:
        source, target = _status(current.get(c.entity_id)), _status(c.value)
        if c.op == "insert" or source is None or source is target:
            current[c.entity_id] = c.value
            continue
        problem = "This record's status cannot be changed to that." if target is None else None
        if target is not None:
            role = roles.get(c.user_id) if c.user_id else None
            candidates = [Role(role)] if role in set(Role) else list(Role)
            problems = [step_problem(r, source, target, reasons.get(c.tx, "")) for r in candidates]
            problem = None if any(p is None for p in problems) else problems[0]
        if problem is None and target is not None:
            if pushed is None:
                pushed = {(x.entity, x.entity_id, x.field): x.value for x in changes}
            problem = _ownership(conn, device, pushed, c, source)
        if problem:
            refused[c.device_seq] = Refusal(kind="status_move", reason=problem)
        else:
            current[c.entity_id] = c.value
    return refused


def _ownership(
    conn: psycopg.Connection,
    device: Device,
    pushed: dict[tuple[str, str, str], object],
    move: Change,
    source: RecordStatus,
) -> str | None:
    """Whose record it is now, by the team's stream: a manager moves only their own team's
    records, a social worker only drafts of cases allocated to them or that they wrote.
    A case transferred, or a user moved to another team, on another laptop meanwhile
    counts (the laptop that made the move had not heard)."""
    if not move.user_id:
        return None
    team = device.team_id

    def shown(entity: str, entity_id: str | None, field: str) -> object:
        if not entity_id:
            return None
        if (entity, entity_id, field) in pushed:  # this push's own rows first
            return pushed[(entity, entity_id, field)]
        found = _shown(conn, team, entity, [entity_id], field).get(entity_id)
        return found.value if found is not None else None

    role = shown("users", move.user_id, "role")
    if role not in set(Role):
        return None  # a user the service has not heard of: the step check is all
    case_id = shown("records", move.entity_id, "case_id")
    author = shown("records", move.entity_id, "author_id")
    if case_id is None and author is None:
        return None  # the stream does not say whose record it is: nothing to judge by
    worker = shown("cases", case_id, "worker_id") if case_id else None
    return ownership_problem(
        move.user_id,
        Role(role),
        str(shown("users", move.user_id, "team") or ""),
        source,
        author_id=author,
        allocated_worker_id=worker,
        record_team=str(shown("users", worker, "team") or "") if worker else "",
    )


DEFAULT_CHECKS: tuple[Check, ...] = (outside_the_team, edits_after_approval, status_moves)
