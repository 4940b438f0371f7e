"""A working copy on a real SQLite file, for the sync tests and the benchmark only.

It stands in for the store until the store implements
:class:`recorder.sync.protocol.WorkingCopy`: a change log whose own rows are
pushed, remote rows applied with their own device, clock and base, and the
pull cursor saved in the same transaction as the page. What it shows is the
merge model over its whole log, less its own edits the service refused.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from recorder.sync.merge import Merge
from recorder.sync.protocol import Change

_SCHEMA = """
CREATE TABLE IF NOT EXISTS log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT NOT NULL, device_seq INTEGER NOT NULL, tx TEXT NOT NULL,
    hlc TEXT NOT NULL, base_hlc TEXT, user_id TEXT, entity TEXT NOT NULL,
    entity_id TEXT NOT NULL, op TEXT NOT NULL, field TEXT NOT NULL, value TEXT,
    UNIQUE (device_id, device_seq)
);
CREATE TABLE IF NOT EXISTS refused (device_seq INTEGER PRIMARY KEY, notice TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value);
"""
_COLUMNS = "device_id, device_seq, tx, hlc, base_hlc, user_id, entity, entity_id, op, field, value"


class SqliteCopy:
    def __init__(self, path: Path, device_id: str, *, skew_ms: int = 0, user_id: str = "u") -> None:
        self.path, self.device_id, self.skew_ms, self.user_id = path, device_id, skew_ms, user_id
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.executescript(_SCHEMA)
        # crash hook for the fault tests: exit the process half-way through a page
        self.crash_inside_page = os.environ.get("SYNC_TEST_CRASH_INSIDE_PAGE") == "1"

    # the clock: never behind the log (own or remote), whatever the wall clock says
    def _reading(self) -> str:
        wall = time.time_ns() // 1_000_000 + self.skew_ms
        top = self.conn.execute("SELECT max(hlc) FROM log").fetchone()[0]
        ms = max(wall, int(top[:16]) + 1 if top else 0)
        return f"{ms:016d}-0000-{self.device_id[:8]}"

    def edit(self, entity_id: str, field: str, value, *, settle: bool = False,
             entity: str = "records") -> Change:  # fmt: skip
        return self.edit_many([(entity_id, field, value)], settle=settle, entity=entity)[0]

    def edit_many(self, edits, *, settle: bool = False, entity: str = "records") -> list[Change]:
        """Several fields in one local transaction, each based on what this copy shows."""
        merge = self.merge()
        tx = str(uuid.uuid4())
        made = []
        self.conn.execute("BEGIN IMMEDIATE")
        for entity_id, field, value in edits:
            view = merge.view(entity, entity_id).fields.get(field)
            if view is None or not view.heads:
                base = None
            elif settle:
                base = view.settling_base()
            else:
                base = view.shown.hlc
            (seq,) = self.conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM log").fetchone()
            change = Change(
                device_id=self.device_id, device_seq=seq, tx=tx, hlc=self._reading(),
                base_hlc=base, user_id=self.user_id, entity=entity, entity_id=entity_id,
                op="update", field=field, value=value,
            )  # fmt: skip
            self._insert(change)
            made.append(change)
        self.conn.execute("COMMIT")
        return made

    def add_new_records(self, records: dict[str, dict]) -> int:
        """New records, one local transaction each, every field a first value (fast: no
        merge is read, as nothing is there to base on). Returns the rows written."""
        (seq,) = self.conn.execute("SELECT coalesce(max(seq), 0) FROM log").fetchone()
        (top,) = self.conn.execute("SELECT max(hlc) FROM log").fetchone()
        ms = max(time.time_ns() // 1_000_000 + self.skew_ms, int(top[:16]) + 1 if top else 0)
        rows = []
        for entity_id, fields in records.items():
            tx = str(uuid.uuid4())
            for field, value in fields.items():
                seq, ms = seq + 1, ms + 1
                rows.append(
                    (self.device_id, seq, tx, f"{ms:016d}-0000-{self.device_id[:8]}", None,
                     self.user_id, "records", entity_id, "update", field, json.dumps(value))
                )  # fmt: skip
        self.conn.execute("BEGIN")
        self.conn.executemany(f"INSERT INTO log ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        self.conn.execute("COMMIT")
        return len(rows)

    def _insert(self, c: Change) -> None:
        self.conn.execute(
            f"INSERT OR IGNORE INTO log ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (c.device_id, c.device_seq, c.tx, c.hlc, c.base_hlc, c.user_id, c.entity,
             c.entity_id, c.op, c.field, json.dumps(c.value)),
        )  # fmt: skip

    def _changes(self, where: str = "", params: Sequence = ()) -> list[Change]:
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM log {where}", params).fetchall()
        return [Change(*r[:10], value=json.loads(r[10])) for r in rows]

    # WorkingCopy
    def local_changes_since(self, device_seq: int, limit: int) -> list[Change]:
        rows = self._changes(
            "WHERE device_id = ? AND device_seq > ? ORDER BY device_seq LIMIT ?",
            (self.device_id, device_seq, limit),
        )
        if len(rows) == limit:
            rows += self._changes(
                "WHERE device_id = ? AND device_seq > ? AND tx = ? ORDER BY device_seq",
                (self.device_id, rows[-1].device_seq, rows[-1].tx),
            )
        return rows

    def pull_cursor(self) -> int:
        row = self.conn.execute("SELECT value FROM settings WHERE key = 'cursor'").fetchone()
        return int(row[0]) if row else 0

    def apply_remote_page(self, changes: Sequence[Change], cursor: int) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for i, c in enumerate(changes):
                if self.crash_inside_page and i == len(changes) // 2:
                    os._exit(9)  # as if the laptop's power went, mid-transaction
                if (
                    c.entity == "sync_conflicts"
                    and c.value["change"]["device_id"] == self.device_id
                ):
                    self.conn.execute(
                        "INSERT OR IGNORE INTO refused VALUES (?, ?)",
                        (c.value["change"]["device_seq"], json.dumps(c.value)),
                    )
            self.conn.executemany(
                f"INSERT OR IGNORE INTO log ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (c.device_id, c.device_seq, c.tx, c.hlc, c.base_hlc, c.user_id, c.entity,
                     c.entity_id, c.op, c.field, json.dumps(c.value))
                    for c in changes
                    if c.device_id != self.device_id
                ],
            )  # fmt: skip
            self.conn.execute("INSERT OR REPLACE INTO settings VALUES ('cursor', ?)", (cursor,))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    # what the copy shows
    def merge(self) -> Merge:
        m = Merge()
        m.add_all(
            self._changes(
                "WHERE NOT (device_id = ? AND device_seq IN (SELECT device_seq FROM refused)) "
                "ORDER BY seq",
                (self.device_id,),
            )
        )
        return m

    def shown(self) -> dict:
        return self.merge().snapshot()

    def keys(self) -> set[tuple[str, int]]:
        return set(self.conn.execute("SELECT device_id, device_seq FROM log"))

    def close(self) -> None:
        self.conn.close()
