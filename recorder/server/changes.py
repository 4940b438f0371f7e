"""Push and pull against PostgreSQL: the only code that writes the ``changes`` table.

Push: one PostgreSQL transaction per request. The device row is locked first
(so a retried push waits for the one still running and then skips what it
stored), rows at or below the device's mark are skipped as duplicates, a push
that starts past the mark is answered with where to resume, and the team's
counter row is taken with ``UPDATE ... RETURNING`` so cursor order is commit
order: a pull never moves past a row that commits later.
A laptop transaction longer than one push travels in parts (``more``): each part
is held in ``push_parts`` until the last arrives, then the whole transaction is
checked and filed in that last push's transaction, exactly as if it had come in
one piece. Parts are keyed like changes, so a resent part is held once, and the
device's held mark says where a cut-off transfer resumes.
Pull: the team's rows after a cursor, a page at a time, never ending inside a
transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import psycopg

from recorder.server.checks import DEFAULT_CHECKS, Check, Refusal
from recorder.server.devices import Device
from recorder.sync.protocol import Change

_COLUMNS = (
    "cursor, device_id, device_seq, tx, hlc, base_hlc, user_id, entity, entity_id, op, field, value"
)


@dataclass(frozen=True)
class Pushed:
    stored: int
    skipped: int
    last_seq: int
    refused: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Held:
    """Part of a transaction, held until its last part arrives (nothing filed yet)."""

    held: int
    skipped: int
    last_seq: int
    held_seq: int


class TooMuchHeld(Exception):
    """A device sent more parts of one transaction than the service holds."""


@dataclass(frozen=True)
class Gap:
    """The push started after rows the service never received: resume after ``last_seq``."""

    last_seq: int


@dataclass(frozen=True)
class Page:
    changes: list[Change]
    cursor: int
    more: bool


def last_seq(conn: psycopg.Connection, device: Device) -> int:
    row = conn.execute("SELECT last_seq FROM devices WHERE id = %s", (device.id,)).fetchone()
    return row[0] if row else 0


def held_seq(conn: psycopg.Connection, device: Device, mark: int | None = None) -> int:
    """The highest device sequence received, filed or held as a part (>= the push mark)."""
    mark = last_seq(conn, device) if mark is None else mark
    (top,) = conn.execute(
        "SELECT max(device_seq) FROM push_parts WHERE device_id = %s AND device_seq > %s",
        (device.id, mark),
    ).fetchone()
    return max(mark, top or 0)


def push(
    conn: psycopg.Connection,
    device: Device,
    *,
    after: int,
    changes: Sequence[Change],
    checks: Iterable[Check] = DEFAULT_CHECKS,
    more: bool = False,
    max_held_rows: int = 1_000_000,
) -> Pushed | Held | Gap:
    """Store ``changes`` (this device's rows after its sequence ``after``) for its team.

    :param more: the last transaction of ``changes`` goes on in the next push: hold
        them as parts; the push without ``more`` files the held parts with its own rows
    :raises TooMuchHeld: when the held parts would pass ``max_held_rows``
    """
    with conn.transaction():
        (mark,) = conn.execute(
            "SELECT last_seq FROM devices WHERE id = %s FOR UPDATE", (device.id,)
        ).fetchone()
        top = held_seq(conn, device, mark)
        if top < after:
            return Gap(last_seq=top)
        if more:
            return _hold(conn, device, changes, mark, top, max_held_rows)
        parts = {
            c.device_seq: c
            for c in (
                Change.from_wire(row)
                for (row,) in conn.execute(
                    "SELECT change FROM push_parts WHERE device_id = %s AND device_seq > %s "
                    "ORDER BY device_seq",
                    (device.id, mark),
                )
            )
        }
        arriving = [c for c in changes if c.device_seq > mark]
        parts.update((c.device_seq, c) for c in arriving)
        new = [parts[seq] for seq in sorted(parts)]
        conn.execute("DELETE FROM push_parts WHERE device_id = %s", (device.id,))
        if not new:
            return Pushed(stored=0, skipped=len(changes), last_seq=mark)
        refusals: dict[int, Refusal] = {}
        for check in checks:
            for seq, refusal in check(conn, device, new).items():
                refusals.setdefault(seq, refusal)
        kept = [c for c in new if c.device_seq not in refusals]
        refused = [c for c in new if c.device_seq in refusals]
        count = len(kept) + len(refused)
        (top,) = conn.execute(
            "UPDATE teams SET last_cursor = last_cursor + %s WHERE id = %s RETURNING last_cursor",
            (count, device.team_id),
        ).fetchone()
        cursor = top - count
        rows = []
        for c in kept:
            cursor += 1
            rows.append(
                (cursor, device.id, c.device_seq, c.tx, c.hlc, c.base_hlc, c.user_id,
                 c.entity, c.entity_id, c.op, c.field, _json(c.value))
            )  # fmt: skip
        filed = []
        for c in refused:
            cursor += 1
            refusal = refusals[c.device_seq]
            notice = {
                "kind": refusal.kind,
                "reason": refusal.reason,
                "offer": refusal.offer,
                "change": {**c.to_wire(), "device_id": device.id},
            }
            filed.append({"device_seq": c.device_seq, **notice})
            rows.append(
                (cursor, f"service:{device.team_id}", cursor, f"refused:{device.id}:{c.tx}",
                 c.hlc, None, c.user_id, "sync_conflicts", f"{device.id}:{c.device_seq}",
                 "insert", "refused_change", _json(notice))
            )  # fmt: skip
        with conn.cursor() as cur:
            with cur.copy(f"COPY changes (team_id, {_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((device.team_id, *row))
        new_mark = max(c.device_seq for c in new)
        conn.execute("UPDATE devices SET last_seq = %s WHERE id = %s", (new_mark, device.id))
    return Pushed(
        stored=len(kept), skipped=len(changes) - len(arriving), last_seq=new_mark, refused=filed
    )


def _hold(
    conn: psycopg.Connection,
    device: Device,
    changes: Sequence[Change],
    mark: int,
    top: int,
    max_held_rows: int,
) -> Held:
    """Keep a part of a transaction until its last part comes (rows already held skipped)."""
    new = [c for c in changes if c.device_seq > top]
    (count,) = conn.execute(
        "SELECT count(*) FROM push_parts WHERE device_id = %s AND device_seq > %s",
        (device.id, mark),
    ).fetchone()
    if count + len(new) > max_held_rows:
        raise TooMuchHeld(f"The service holds at most {max_held_rows} changes of one transaction.")
    with conn.cursor() as cur:
        with cur.copy("COPY push_parts (device_id, device_seq, change) FROM STDIN") as copy:
            for c in new:
                copy.write_row((device.id, c.device_seq, _json(c.to_wire())))
    return Held(
        held=len(new),
        skipped=len(changes) - len(new),
        last_seq=mark,
        held_seq=max([top, *(c.device_seq for c in new)]),
    )


def pull(conn: psycopg.Connection, device: Device, *, after: int, limit: int) -> Page:
    """The team's changes after cursor ``after``: about ``limit`` rows, whole transactions."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM changes WHERE team_id = %s AND cursor > %s "
        "ORDER BY cursor LIMIT %s",
        (device.team_id, after, limit + 1),
    ).fetchall()
    more = len(rows) > limit
    if more:
        rows, following = rows[:limit], rows[limit]
        last = rows[-1]
        if following[1] == last[1] and following[3] == last[3]:
            rows += conn.execute(
                f"SELECT {_COLUMNS} FROM changes WHERE team_id = %s AND cursor > %s "
                "AND device_id = %s AND tx = %s ORDER BY cursor",
                (device.team_id, last[0], last[1], last[3]),
            ).fetchall()
    changes = [
        Change(
            cursor=r[0],
            device_id=r[1],
            device_seq=r[2],
            tx=r[3],
            hlc=r[4],
            base_hlc=r[5],
            user_id=r[6],
            entity=r[7],
            entity_id=r[8],
            op=r[9],
            field=r[10],
            value=r[11],
        )  # fmt: skip
        for r in rows
    ]
    return Page(changes=changes, cursor=changes[-1].cursor if changes else after, more=more)


def _json(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)
