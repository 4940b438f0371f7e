"""Checking that the audit trail is whole: seals, guard triggers, and tables that match their log.

Three checks, each answering in sentences a team manager can act on:

- **seals**: every change-log row's seal is recomputed from the row and the
  seal before it (:mod:`recorder.store.chain`); an edited row, a row taken out
  or slipped in, or rows cut from the end, each show where they are;
- **triggers**: the triggers that log changes and guard history exist and say
  exactly what they should (:data:`recorder.store.guards.GUARD_TRIGGERS` and
  :func:`recorder.store.schema.log_triggers`);
- **tables against the log**: replaying the log gives every audited row's
  current values; a row that differs was changed while its logging was off
  (triggers dropped and put back, say).

This module only reads. It never raises on a damaged file: problems come back
as sentences.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from recorder.store import engine
from recorder.store.chain import SEALED_COLUMNS, read_text_leniently, seal
from recorder.store.guards import GUARD_TRIGGERS, same_sql
from recorder.store.schema import (
    _JSON_FIELDS,
    _UNLOGGED,
    _columns,
    audited_tables,
    column_defaults,
    log_entities_are,
    log_triggers,
)
from recorder.sync.merge import Merge
from recorder.sync.protocol import Change as SyncChange

MAX_LISTED = 20  # problems of one kind listed before the rest are counted


@dataclass
class Findings:
    """What a check found: problems (the trail is broken) and notes (what was not checked)."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_checked: int = 0

    @property
    def broken(self) -> bool:
        return bool(self.problems)


def opening_warning(findings: Findings, path: Path | None) -> str:
    """What a team manager is told when the audit trail's tail is broken ('' when it is whole)."""
    if not findings.broken:
        return ""
    shown = findings.problems[:3]
    more = len(findings.problems) - len(shown)
    return (
        "The audit trail of this database has been tampered with or damaged:\n\n"
        + "\n".join(f"• {p}" for p in shown)
        + (f"\n• ... and {more} more." if more > 0 else "")
        + "\n\nDo not rely on its history until it is looked into. For the whole report, run:"
        + f"\n\npython -m recorder verify --db {path or 'PATH'}"
    )


def open_read_only(path: Path, database_key: bytes | None = None) -> sqlite3.Connection:
    """The file opened so that nothing, not even WAL mode, is written.

    :param database_key: the key of an encrypted file; None for a plain one
    """
    if database_key is not None:
        conn = engine.connect(path, database_key, read_only=True)
    else:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    conn.text_factory = read_text_leniently
    return conn


def verify_file(path: Path, key: bytes | None, *, database_key: bytes | None = None) -> Findings:
    """Every check on the database at ``path``; never raises for what the file holds."""
    findings = Findings()
    if not path.is_file():
        findings.problems.append(f"There is no database file at {path}.")
        return findings
    try:
        conn = open_read_only(path, database_key)
        try:
            check_triggers(conn, findings)
            check_seals(conn, key, findings)
            check_tables(conn, findings)
        finally:
            conn.close()
    except engine.ANY_DATABASE_ERROR as e:
        findings.problems.append(f"{path} is damaged and cannot be read through ({e}).")
    return findings


def check_on_opening(conn: sqlite3.Connection, key: bytes | None, *, rows: int = 200) -> Findings:
    """The quick check the app makes when it opens: triggers and the last ``rows`` seals."""
    findings = Findings()
    factory = conn.text_factory
    conn.text_factory = read_text_leniently
    try:
        check_triggers(conn, findings)
        check_seals(conn, key, findings, last=rows)
    except engine.ANY_DATABASE_ERROR as e:
        findings.problems.append(f"The change log cannot be read through ({e}).")
    finally:
        conn.text_factory = factory
    return findings


def check_triggers(conn: sqlite3.Connection, findings: Findings) -> None:
    """Each guard and log trigger is there and reads exactly as it should."""
    present = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "change_log" not in tables:
        findings.problems.append("The database has no change log at all.")
        return
    expected = {name: sql for name, sql in GUARD_TRIGGERS.items() if _table_of(sql) in tables}
    db = Database(conn)
    for table in audited_tables(db):
        expected |= log_triggers(db, table)
    missing, altered = [], []
    for name, sql in expected.items():
        if name not in present:
            missing.append(name)
        elif not same_sql(present[name], sql):
            altered.append(name)
    if missing:
        findings.problems.append(
            f"{_count(missing, 'trigger')} that guard the audit trail "
            f"{'is' if len(missing) == 1 else 'are'} missing: {', '.join(sorted(missing))}. "
            "Changes made without them were not logged or not protected."
        )
    if altered:
        findings.problems.append(
            f"{_count(altered, 'trigger')} that guard the audit trail "
            f"{'has' if len(altered) == 1 else 'have'} been rewritten: "
            f"{', '.join(sorted(altered))}."
        )


def check_seals(
    conn: sqlite3.Connection, key: bytes | None, findings: Findings, *, last: int | None = None
) -> None:
    """Recompute each row's seal from its columns and the stored seal of the row before it.

    Checking each row against its own predecessor (not the recomputed one)
    points at each edit separately instead of flagging everything after the first.
    """
    columns = [r[1] for r in conn.execute("PRAGMA table_info(change_log)")]
    if "hash" not in columns:
        findings.problems.append(
            "The change log carries no seals: the database has not been brought up to date "
            "(open it once in Case Recorder), or the seals were removed."
        )
        return
    if key is None:
        findings.notes.append(
            "The key that seals the change log is not on this computer, so the seals were "
            "not checked (give the key file with --key)."
        )
        return
    top = conn.execute("SELECT max(seq) FROM change_log").fetchone()[0] or 0
    start = max(0, top - last) if last is not None else 0
    previous = conn.execute(
        "SELECT hash FROM change_log WHERE seq <= ? ORDER BY seq DESC LIMIT 1", [start]
    ).fetchone()
    previous_hash = previous[0] if previous else None
    problems: list[str] = []
    unsealed: list[int] = []
    first = True
    for row in conn.execute(
        f"SELECT {', '.join(SEALED_COLUMNS)}, hash FROM change_log WHERE seq > ? ORDER BY seq",
        [start],
    ):
        findings.rows_checked += 1
        *values, stored = row
        if stored is None:
            unsealed.append(values[0])
        elif seal(key, previous_hash, *values) != bytes(stored):
            if first and start == 0 and values[0] == _first_seq(conn):
                problems.append(
                    f"The first change-log row ({_describe(values)}) does not match its seal: "
                    "the log was sealed with another key (another computer or user account), "
                    "or has been rewritten from the start."
                )
            else:
                problems.append(
                    f"Change-log row {values[0]} ({_describe(values)}) does not match its seal: "
                    "it was edited, or a row just before it was taken out or slipped in."
                )
        previous_hash = stored
        first = False
    if unsealed:
        problems.append(
            f"{_count(unsealed, 'change-log row')} carry no seal (from row {unsealed[0]}): "
            "they were written while the sealing trigger was off."
        )
    ever = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'").fetchone()
    if ever and ever[0] is not None and ever[0] > top:
        problems.append(
            f"The change log once reached row {ever[0]} but now ends at row {top}: "
            "rows were taken off its end."
        )
    _add_listed(findings, problems)


def check_tables(conn: sqlite3.Connection, findings: Findings) -> None:
    """Replay the log and compare each audited row with what the log says it holds."""
    db = Database(conn)
    for table in audited_tables(db):
        # An insert leaves out a column holding only its declared default (migration
        # 0012): the replay gives it that default, as SQLite does.
        defaults = {
            column: conn.execute(f"SELECT {sql}").fetchone()[0]
            for column, sql in column_defaults(db, table).items()
        }
        expected: dict[tuple[str, str], object] = {}
        for entity_id, op, name, value in conn.execute(
            "SELECT entity_id, op, field, new_value FROM change_log WHERE entity = ? ORDER BY seq",
            [table],
        ):
            if op == "insert" and (entity_id, "") not in expected:
                expected[(entity_id, "")] = None  # seeded once per row
                for column, default in defaults.items():
                    expected.setdefault((entity_id, column), default)
            if name in _UNLOGGED:  # logged before migration 0007 stopped logging it
                continue
            if value is None:
                expected.pop((entity_id, name), None)
            else:
                expected[(entity_id, name)] = value
        expected = {k: v for k, v in expected.items() if k[1] != ""}
        expected.update(_merged_values(conn, table, expected, defaults))
        try:
            actual = _current_values(conn, db, table)
        except engine.ANY_DATABASE_ERROR as e:
            findings.problems.append(f"The table {table} cannot be read through ({e}).")
            continue
        differing: dict[str, list[str]] = {}
        for key in expected.keys() | actual.keys():
            if expected.get(key) != actual.get(key):
                differing.setdefault(key[0], []).append(key[1])
        problems = [
            f"{_noun(table)} {entity_id} differs from its change log in "
            f"{', '.join(sorted(fields))}: it was changed without the change being logged."
            for entity_id, fields in sorted(differing.items())
        ]
        _add_listed(findings, problems)


def _merged_values(
    conn: sqlite3.Connection, table: str, replayed: dict, defaults: dict
) -> dict:
    """What the rows sync touched should hold: the merge of every edit in the log.

    A row no other laptop's change reached holds its last logged values (the
    replay above); one that took pulled changes, or a change of this laptop's the
    service refused, holds what the merge shows (:mod:`recorder.store.sync_copy`).
    """
    if "origin_seq" not in [r[1] for r in conn.execute("PRAGMA table_info(change_log)")]:
        return {}
    refused = [r[0] for r in conn.execute("SELECT device_seq FROM local_sync_refused")]
    own = conn.execute("SELECT value FROM local_settings WHERE key = 'device_id'").fetchone()
    marks = ", ".join("?" for _ in refused) or "NULL"
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT entity_id FROM change_log WHERE entity = ? AND "
            f"(origin_seq IS NOT NULL OR seq IN ({marks}))",
            [table, *refused],
        )
    ]
    merged: dict = {}
    for entity_id in ids:
        for key in [k for k in replayed if k[0] == entity_id]:
            merged[key] = defaults.get(key[1])  # an insert leaves a default unlogged
        merge = Merge()
        where, params = log_entities_are([entity_id])
        for hlc, device, base, name, value, seq in conn.execute(
            "SELECT hlc, device_id, base_hlc, field, new_value, seq FROM change_log "
            f"WHERE {where} AND entity = ? ORDER BY seq",
            [*params, table],
        ):
            if name in _UNLOGGED or (own and device == own[0] and seq in refused):
                continue
            merge.add(
                SyncChange(device, seq, "", hlc, base, None, table, entity_id, "update",
                           name, value)
            )  # fmt: skip
        for name, view in merge.view(table, entity_id).fields.items():
            merged[(entity_id, name)] = view.value
    return merged


def _current_values(conn: sqlite3.Connection, db: Database, table: str) -> dict:
    """(id, field) -> value, named and filtered exactly as the log triggers name them."""
    values: dict[tuple[str, str], object] = {}
    for column in _columns(db, table):
        if column in _JSON_FIELDS:
            sql = (
                f"SELECT t.id, '{_JSON_FIELDS[column]}.' || j.key, j.value "
                f"FROM [{table}] t, json_each(t.[{column}]) j WHERE j.value IS NOT NULL"
            )
        else:
            sql = f"SELECT id, '{column}', [{column}] FROM [{table}] WHERE [{column}] IS NOT NULL"
        for entity_id, name, value in conn.execute(sql):
            values[(entity_id, name)] = value
    return values


def _add_listed(findings: Findings, problems: list[str]) -> None:
    findings.problems.extend(problems[:MAX_LISTED])
    if len(problems) > MAX_LISTED:
        findings.problems.append(f"... and {len(problems) - MAX_LISTED} more like these.")


def _first_seq(conn: sqlite3.Connection) -> int | None:
    return conn.execute("SELECT min(seq) FROM change_log").fetchone()[0]


def _describe(values: list) -> str:
    row = dict(zip(SEALED_COLUMNS, values, strict=True))
    what = _noun(str(row["entity"])).lower()
    return f"{row['op']} of {what} {row['entity_id']}, {row['field']}, at {row['at']}"


def _noun(table: str) -> str:
    return {
        "records": "Record",
        "people": "Person",
        "record_handoffs": "Hand-off",
        "households": "Household",
        "household_members": "Household member",
        "cases": "Case",
        "users": "User",
        "placements": "Placement",
    }.get(table, f"Row of {table}")


def _count(items: list, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _table_of(sql: str) -> str:
    words = sql.split()
    return words[words.index("ON") + 1]
