"""The schema, built only by registered migrations, and the change-log triggers.

Every audited table gets three triggers that copy each changed column into
``change_log`` in the same statement as the write. That is what makes the
audit trail complete: no Python path can forget it, and even a write made
by hand in this process is logged. The change log itself refuses updates and
deletes. Add a migration for every schema change; never edit one that has
shipped, because databases in the field have already applied it.
"""

from __future__ import annotations

import json
import re
import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from recorder.domain.ids import new_id
from recorder.domain.names import fold
from recorder.domain.placements import LegalStatus, PlacementKind
from recorder.domain.records import MOVED_OUT_OF_VALUES
from recorder.store.chain import SEALED_COLUMNS
from recorder.store.clock import HybridClock
from recorder.store.guards import GUARD_TRIGGERS, LOCK_BEFORE_0014

MIGRATIONS = Migrations("case_recorder")

APPLICATION_ID = 0x43524543  # "CREC": marks a file as a Case Recorder database

# Columns never logged: the internal row number that joins a table to its index,
# and the id, which every log line carries as entity_id.
_UNLOGGED = {"n", "id", "updated_at"}
"""Columns the log leaves out: row numbers, the id (each row names it), and when the row
last changed, which every log row's own ``at`` already says (migration 0007)."""
# JSON object columns logged key by key, so a form field's history reads on its own.
_JSON_FIELDS = {
    "values_json": "values",
    "provenance_json": "provenance",
    "suggested_json": "suggested",  # business support's suggestions (migration 0014)
}

_LOG_COLUMNS = "hlc, at, tx, device_id, user_id, entity, entity_id, op, field, old_value, new_value"
_LOG_STAMP = (
    "recorder_clock(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), recorder_tx(), "
    "recorder_device(), recorder_user()"
)


LOG_KEY_LENGTH = 8
"""How much of an entity id the change log's index holds (migration 0015): enough to
tell apart billions of random ids, a quarter of the 36 characters of one."""
LOG_KEY = f"substr(entity_id, 1, {LOG_KEY_LENGTH})"


def log_entity_is(value: str, alias: str = "") -> str:
    """SQL true for the change-log rows of the entity whose id is the SQL ``value``
    (``NEW.id``), found through the log's index on the key, then matched whole."""
    column = f"{alias}.entity_id" if alias else "entity_id"
    return (
        f"substr({column}, 1, {LOG_KEY_LENGTH}) = substr({value}, 1, {LOG_KEY_LENGTH}) "
        f"AND {column} = {value}"
    )


def log_entities_are(ids: list[str]) -> tuple[str, list[str]]:
    """SQL and its parameters true for the change-log rows of any of ``ids`` (see
    :func:`log_entity_is`); ``?`` placeholders, so nothing is spliced into the SQL."""
    marks = ", ".join("?" for _ in ids) or "NULL"
    return (
        f"{LOG_KEY} IN ({marks}) AND entity_id IN ({marks})",
        [i[:LOG_KEY_LENGTH] for i in ids] + list(ids),
    )


def register_fold(conn: sqlite3.Connection) -> None:
    """The name folding the search index is built with; needed before any write."""
    conn.create_function("recorder_fold", 1, lambda text: fold(text or ""), deterministic=True)
    # The search index's text of a record (migration 0007): registered with the fold,
    # wherever the store opens a connection.
    conn.create_function("recorder_record_text", 1, record_text, deterministic=True)
    # Whether a write is the sync applying another laptop's change (migration 0011): never,
    # unless the store says so for the connection it owns (Store.__init__).
    conn.create_function("recorder_applying_remote", 0, lambda: 0)


def _guard(db: Database, name: str) -> str:
    """A guard trigger as a migration before 0014 made it: the approved-record lock read
    the dictation from the values until 0014 gave it a column (a trigger naming a column
    the table lacks would stop every update of the table in between)."""
    if name == "records_locked_once_approved" and "dictation" not in db["records"].columns_dict:
        return LOCK_BEFORE_0014
    return GUARD_TRIGGERS[name]


def audited_tables(db: Database) -> list[str]:
    """Tables whose every write must reach the change log."""
    skip_prefixes = ("_", "sqlite_", "change_log", "local_")
    return [
        t
        for t in db.table_names()
        if not t.startswith(skip_prefixes) and not t.endswith(("_fts",)) and "_fts_" not in t
    ]


def _columns(db: Database, table: str) -> list[str]:
    return [c.name for c in db[table].columns if c.name not in _UNLOGGED]


def _pairs(
    columns: list[str], old: str | None, new: str | None, defaults: dict[str, str] | None = None
) -> str:
    """A derived table of (field, old, new) with one row per plain column.

    With ``defaults`` (an insert's), a fourth column ``d`` holds each column's
    declared default, so a value that is only that default need not be logged.
    """
    rows = []
    for column in columns:
        if column in _JSON_FIELDS:
            continue
        o = f"{old}.{column}" if old else "NULL"
        n = f"{new}.{column}" if new else "NULL"
        d = f", {defaults.get(column, 'NULL')} AS d" if defaults is not None else ""
        rows.append(f"SELECT '{column}' AS f, {o} AS o, {n} AS v{d}")
    return " UNION ALL ".join(rows)


_LITERAL = re.compile(r"^(-?[0-9]+|'[^']*')$")


def column_defaults(db: Database, table: str) -> dict[str, str]:
    """Each logged plain column's declared default, as SQL, where it is a plain literal.

    An insert does not log a column that holds just its default (an empty reason,
    version 1): replaying the insert gives the column that default again, so the
    log row would say nothing. ``verify`` reads these to replay the same way.
    """
    found = {}
    for c in db[table].columns:
        default = (c.default_value or "").strip()
        if c.name in _UNLOGGED or c.name in _JSON_FIELDS or not _LITERAL.match(default):
            continue
        found[c.name] = default
    return found


def _json_pairs(column: str, old: str | None, new: str | None) -> str:
    """(field, old, new) per key of a JSON object column, e.g. ``values.visit_date``."""
    prefix = _JSON_FIELDS[column]
    if old and new:
        return (
            f"SELECT '{prefix}.' || nv.key AS f,"
            f" (SELECT ov.value FROM json_each({old}.{column}) ov WHERE ov.key = nv.key) AS o,"
            f" nv.value AS v FROM json_each({new}.{column}) nv"
            f" UNION ALL SELECT '{prefix}.' || ov.key, ov.value, NULL"
            f" FROM json_each({old}.{column}) ov"
            f" WHERE NOT EXISTS (SELECT 1 FROM json_each({new}.{column}) nv WHERE nv.key = ov.key)"
        )
    side = new or old
    value = f"json_each({side}.{column})"
    if new:
        return f"SELECT '{prefix}.' || key AS f, NULL AS o, value AS v FROM {value}"
    return f"SELECT '{prefix}.' || key AS f, value AS o, NULL AS v FROM {value}"


def log_triggers(db: Database, table: str) -> dict[str, str]:
    """The change-log triggers ``table`` should have, by name, from its current columns.

    ``python -m recorder verify`` compares a database's triggers with these.
    """
    columns = _columns(db, table)
    json_columns = [c for c in columns if c in _JSON_FIELDS]
    synced = "base_hlc" in db["change_log"].columns_dict
    defaults = column_defaults(db, table)
    triggers = {}
    for op, old, new, when in (
        ("insert", None, "NEW", "v IS NOT NULL AND v IS NOT d" if defaults else "v IS NOT NULL"),
        ("update", "OLD", "NEW", "o IS NOT v"),
        ("delete", "OLD", None, "o IS NOT NULL"),
    ):
        plain = _pairs(columns, old, new, defaults if op == "insert" and defaults else None)
        json_sources = [_json_pairs(c, old, new) for c in json_columns]
        if op == "insert" and defaults:  # the JSON keys have no default: d is NULL
            json_sources = [f"SELECT f, o, v, NULL AS d FROM ({s})" for s in json_sources]
        sources = [plain] + json_sources
        entity_id = f"{new or old}.id"
        old_value = "o"
        if op == "update":
            # The old value is left out when the log already holds it (the field's last
            # new value, sealed): an autosave then logs its text once, not twice.
            # Store.history puts it back.
            old_value = (
                "CASE WHEN o IS (SELECT l.new_value FROM change_log l "
                f"WHERE {log_entity_is(entity_id, 'l')} AND l.entity = '{table}' AND l.field = f "
                "ORDER BY l.seq DESC LIMIT 1) THEN NULL ELSE o END"
            )
        source = f"FROM ({' UNION ALL '.join(s for s in sources if s)}) WHERE {when}"
        if not synced:
            triggers[f"{table}_log_{op}"] = (
                f"CREATE TRIGGER {table}_log_{op} AFTER {op.upper()} ON {table} BEGIN "
                f"INSERT INTO change_log ({_LOG_COLUMNS}) "
                f"SELECT {_LOG_STAMP}, '{table}', {entity_id}, '{op}', f, {old_value}, v "
                f"{source}; END"
            )
            continue
        # Since 0011_sync_log: each row names the field's shown edit as its base (the
        # newest reading: a newer edit always reads higher, the clock takes every pulled
        # reading), and a write made by applying what another laptop changed is not
        # logged again as this laptop's (its rows are logged as they came).
        base = (
            "(SELECT max(l.hlc) FROM change_log l "
            f"WHERE {log_entity_is(entity_id, 'l')} AND l.field = f AND l.entity = '{table}')"
        )
        triggers[f"{table}_log_{op}"] = (
            f"CREATE TRIGGER {table}_log_{op} AFTER {op.upper()} ON {table} "
            "WHEN NOT recorder_applying_remote() BEGIN "
            f"INSERT INTO change_log ({_LOG_COLUMNS}, base_hlc) "
            f"SELECT {_LOG_STAMP}, '{table}', {entity_id}, '{op}', f, {old_value}, v, {base} "
            f"{source}; END"
        )
    return triggers


def log_changes(db: Database, table: str) -> None:
    """(Re)create the change-log triggers of ``table`` from its current columns.

    Call it in the migration that creates a table and again in any migration
    that adds a column, so the new column is logged too.
    """
    for name, sql in log_triggers(db, table).items():
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
        db.execute(sql)


def _date(column: str) -> str:
    return f"{column} TEXT CHECK ({column} IS NULL OR date({column}) IS {column})"


@MIGRATIONS(name="0001_registry_cases_records")
def _initial(db: Database) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.executescript(
        f"""
        CREATE TABLE local_settings (key TEXT PRIMARY KEY, value TEXT);

        CREATE TABLE change_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            hlc TEXT NOT NULL,
            at TEXT NOT NULL,
            tx TEXT NOT NULL,
            device_id TEXT NOT NULL,
            user_id TEXT,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
            field TEXT NOT NULL,
            old_value,
            new_value
        );
        CREATE INDEX change_log_entity ON change_log (entity_id, seq);
        CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
            BEGIN SELECT RAISE(ABORT, 'The change log cannot be changed.'); END;
        CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
            BEGIN SELECT RAISE(ABORT, 'The change log cannot be changed.'); END;

        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL
                CHECK (role IN ('social_worker', 'business_support', 'team_manager')),
            email TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE people (
            n INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            first_name TEXT NOT NULL,
            middle_names TEXT NOT NULL DEFAULT '',
            last_name TEXT NOT NULL,
            known_as TEXT NOT NULL DEFAULT '',
            {_date("date_of_birth")},
            gender TEXT NOT NULL DEFAULT '',
            ethnicity TEXT NOT NULL DEFAULT '',
            first_language TEXT NOT NULL DEFAULT '',
            interpreter_needed INTEGER NOT NULL DEFAULT 0 CHECK (interpreter_needed IN (0, 1)),
            religion TEXT NOT NULL DEFAULT '',
            nhs_number TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX people_names ON people (last_name, first_name);

        CREATE TABLE households (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            address_line1 TEXT NOT NULL DEFAULT '',
            address_line2 TEXT NOT NULL DEFAULT '',
            town TEXT NOT NULL DEFAULT '',
            postcode TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE household_members (
            id TEXT PRIMARY KEY,
            household_id TEXT NOT NULL REFERENCES households (id),
            person_id TEXT NOT NULL REFERENCES people (id),
            {_date("start_date")},
            {_date("end_date")}
        );
        CREATE INDEX household_members_person ON household_members (person_id);
        CREATE INDEX household_members_household ON household_members (household_id);

        CREATE TABLE relationships (
            id TEXT PRIMARY KEY,
            person_id TEXT NOT NULL REFERENCES people (id),
            kind TEXT NOT NULL,
            other_id TEXT NOT NULL REFERENCES people (id),
            CHECK (person_id <> other_id)
        );
        CREATE INDEX relationships_person ON relationships (person_id);
        CREATE INDEX relationships_other ON relationships (other_id);

        CREATE TABLE professionals (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            agency TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE involvements (
            id TEXT PRIMARY KEY,
            professional_id TEXT NOT NULL REFERENCES professionals (id),
            child_id TEXT NOT NULL REFERENCES people (id),
            role TEXT NOT NULL DEFAULT '',
            {_date("start_date")},
            {_date("end_date")}
        );
        CREATE INDEX involvements_child ON involvements (child_id);

        CREATE TABLE cases (
            id TEXT PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES people (id),
            case_type TEXT NOT NULL CHECK (case_type IN
                ('early_help', 'child_in_need', 'child_protection', 'child_in_care')),
            worker_id TEXT REFERENCES users (id),
            {_date("start_date")} NOT NULL,
            {_date("end_date")},
            reference TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX cases_child ON cases (child_id);
        CREATE INDEX cases_worker ON cases (worker_id);

        CREATE TABLE records (
            n INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            case_id TEXT NOT NULL REFERENCES cases (id),
            form_id TEXT NOT NULL,
            form_version INTEGER NOT NULL,
            author_id TEXT REFERENCES users (id),
            status TEXT NOT NULL CHECK (status IN
                ('draft', 'with business support', 'finished', 'approved')),
            values_json TEXT NOT NULL DEFAULT '{{}}' CHECK (json_type(values_json) = 'object'),
            provenance_json TEXT NOT NULL DEFAULT '{{}}'
                CHECK (json_type(provenance_json) = 'object'),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX records_case ON records (case_id, form_id);
        CREATE TRIGGER records_never_deleted BEFORE DELETE ON records
            BEGIN SELECT RAISE(ABORT, 'Records are legal documents and are never deleted.'); END;

        -- Name search: first, middle, last and known-as names, folded in Python
        -- (accents in any script, Polish l-stroke, Turkish dotless i ...), and again
        -- with apostrophes and hyphens removed so "oneill" finds "O'Neill".
        CREATE VIRTUAL TABLE people_fts USING fts5 (
            names, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
        );
        CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
            INSERT INTO people_fts (rowid, names) VALUES (NEW.n, {_names("NEW")});
        END;
        CREATE TRIGGER people_fts_update AFTER UPDATE ON people BEGIN
            UPDATE people_fts SET names = {_names("NEW")} WHERE rowid = NEW.n;
        END;
        CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
            DELETE FROM people_fts WHERE rowid = OLD.n;
        END;

        -- Record text: every string anywhere in a record's values.
        CREATE VIRTUAL TABLE records_fts USING fts5 (
            body, tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER records_fts_insert AFTER INSERT ON records BEGIN
            INSERT INTO records_fts (rowid, body) VALUES (NEW.n, {_record_text("NEW")});
        END;
        CREATE TRIGGER records_fts_update AFTER UPDATE OF values_json ON records BEGIN
            UPDATE records_fts SET body = {_record_text("NEW")} WHERE rowid = NEW.n;
        END;
        """
    )
    for table in audited_tables(db):
        log_changes(db, table)


@MIGRATIONS(name="0002_record_version_and_approval")
def _record_version_and_approval(db: Database) -> None:
    """The version a Word document prints in its footer, and who approved the record."""
    db.executescript(
        """
        ALTER TABLE records ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
        ALTER TABLE records ADD COLUMN approved_by TEXT REFERENCES users (id);
        ALTER TABLE records ADD COLUMN approved_at TEXT;
        """
    )
    log_changes(db, "records")


@MIGRATIONS(name="0003_handoffs_locking_amendments")
def _handoffs_locking_amendments(db: Database) -> None:
    """Who moved a record on and why; approved records locked; amendments linked."""
    db.executescript(
        """
        ALTER TABLE records ADD COLUMN amends_id TEXT REFERENCES records (id);
        ALTER TABLE records ADD COLUMN amendment_reason TEXT NOT NULL DEFAULT '';
        CREATE INDEX records_amends ON records (amends_id);
        CREATE INDEX records_status ON records (status, updated_at);

        CREATE TABLE record_handoffs (
            id TEXT PRIMARY KEY,
            record_id TEXT NOT NULL REFERENCES records (id),
            from_status TEXT NOT NULL,
            to_status TEXT NOT NULL,
            user_id TEXT REFERENCES users (id),
            reason TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        );
        CREATE INDEX record_handoffs_record ON record_handoffs (record_id, at);
        CREATE TRIGGER record_handoffs_kept BEFORE UPDATE ON record_handoffs
            BEGIN SELECT RAISE(ABORT, 'A record''s hand-offs are history and cannot be changed.');
            END;
        CREATE TRIGGER record_handoffs_never_deleted BEFORE DELETE ON record_handoffs
            BEGIN SELECT RAISE(ABORT, 'A record''s hand-offs are history and cannot be changed.');
            END;

        -- An approved record is locked, whatever code tries: a correction is an amendment.
        CREATE TRIGGER records_locked_once_approved BEFORE UPDATE ON records
            WHEN OLD.status = 'approved'
            BEGIN SELECT RAISE(ABORT,
                'This record is approved and locked. A correction is made as an amendment.');
            END;
        """
    )
    log_changes(db, "records")
    log_changes(db, "record_handoffs")


@MIGRATIONS(name="0004_placements_and_visits")
def _placements_and_visits(db: Database) -> None:
    """Placements of children in care, which regulation 28 times visits by; a plan's rhythm."""
    kinds = ", ".join(f"'{k.value}'" for k in PlacementKind)
    statuses = ", ".join(f"'{s.value}'" for s in LegalStatus)
    flags = ("intended_until_18", "long_term_foster", "child_agreed_six_monthly")
    flag_columns = ",\n".join(
        f"{f} INTEGER NOT NULL DEFAULT 0 CHECK ({f} IN (0, 1))" for f in flags
    )
    db.executescript(
        f"""
        CREATE TABLE placements (
            id TEXT PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES people (id),
            {_date("start_date")} NOT NULL,
            {_date("end_date")},
            kind TEXT NOT NULL CHECK (kind IN ({kinds})),
            legal_status TEXT NOT NULL CHECK (legal_status IN ({statuses})),
            {flag_columns},
            {_date("first_review")},
            carers TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            CHECK (end_date IS NULL OR end_date >= start_date)
        );
        CREATE INDEX placements_child ON placements (child_id, start_date);
        ALTER TABLE cases ADD COLUMN plan_visit_every_working_days INTEGER
            CHECK (plan_visit_every_working_days IS NULL OR plan_visit_every_working_days >= 1);
        -- Business support opening a record sent to them: until then the sender may take it back.
        ALTER TABLE records ADD COLUMN picked_up_by TEXT REFERENCES users (id);
        ALTER TABLE records ADD COLUMN picked_up_at TEXT;
        """
    )
    log_changes(db, "placements")
    log_changes(db, "cases")
    log_changes(db, "records")


def _names(row: str) -> str:
    parts = " || ' ' || ".join(
        f"{row}.{c}" for c in ("first_name", "middle_names", "last_name", "known_as")
    )
    squeezed = f"replace(replace(replace({parts}, '''', ''), '’', ''), '-', '')"
    return f"recorder_fold({parts} || ' ' || {squeezed})"


def _record_text(row: str) -> str:
    return (
        f"(SELECT coalesce(group_concat(value, ' '), '') FROM json_tree({row}.values_json) "
        "WHERE type = 'text')"
    )


@MIGRATIONS(name="0005_sealed_change_log")
def _sealed_change_log(db: Database) -> None:
    """Each change-log row sealed to the one before it; history never replaced.

    The rows already in the log are sealed as they stand now: the seal proves
    nothing about what happened to them before this migration ran. Every
    guard trigger is rebuilt from :data:`recorder.store.guards.GUARD_TRIGGERS`
    and every audited table's log triggers from its columns, so a check can
    compare them word for word.
    """
    db.execute("ALTER TABLE change_log ADD COLUMN hash BLOB")
    for name in GUARD_TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    for seq in [r[0] for r in db.execute("SELECT seq FROM change_log ORDER BY seq")]:
        db.execute(
            "UPDATE change_log SET hash = recorder_seal("
            "(SELECT p.hash FROM change_log p WHERE p.seq < change_log.seq"
            " ORDER BY p.seq DESC LIMIT 1), " + ", ".join(SEALED_COLUMNS) + ") WHERE seq = ?",
            [seq],
        )
    for name in GUARD_TRIGGERS:
        db.execute(_guard(db, name))
    for table in audited_tables(db):
        log_changes(db, table)


def _visit_day(row: str) -> str:
    """A record's visit date where it holds a real one, as ``visit_fact`` reads it.

    ``date(x)`` alone passes "2026-02-31"; a modifier makes SQLite carry it over to
    March, so only a real day reads back as typed.
    """
    value = f"json_extract({row}.values_json, '$.visit_date')"
    return (
        f"(CASE WHEN json_type({row}.values_json, '$.visit_date') = 'text' "
        f"AND date({value}, '+0 days') IS {value} AND {value} >= '0001-01-01' THEN {value} END)"
    )


def _visit_counts(row: str) -> str:
    """``VisitFact.counts`` in SQL: left draft, the child seen, a completed visit.

    An outcome counts as none when Python reads it as false (missing, null, false,
    0, "", [] or {}); any other outcome than "Completed" never counts.
    """
    kind = f"json_type({row}.values_json, '$.visit_outcome')"
    outcome = f"json_extract({row}.values_json, '$.visit_outcome')"
    return (
        f"({row}.status <> 'draft' "
        f"AND json_type({row}.values_json, '$.child_seen') IS 'true' "
        f"AND (coalesce({kind}, 'null') IN ('null', 'false') "
        f"OR ({kind} IN ('integer', 'real') AND {outcome} = 0) "
        f"OR ({kind} = 'text' AND {outcome} IN ('', 'Completed')) "
        f"OR ({kind} IN ('array', 'object') AND {outcome} IN ('[]', '{{}}'))))"
    )


def _case_visits_refresh(row: str) -> str:
    """Recompute one (case, form)'s latest counting visit and latest draft visit."""
    latest = (
        "(SELECT max(day) FROM local_visit_facts "
        f"WHERE case_id = {row}.case_id AND form_id = {row}.form_id AND {{flag}} = 1)"
    )
    return (
        "INSERT INTO local_case_visits (case_id, form_id, last_counted, last_draft) "
        f"VALUES ({row}.case_id, {row}.form_id, {latest.format(flag='counts')}, "
        f"{latest.format(flag='draft')}) "
        "ON CONFLICT (case_id, form_id) DO UPDATE SET "
        "last_counted = excluded.last_counted, last_draft = excluded.last_draft;"
    )


def _visit_fact_upsert(row: str) -> str:
    return (
        "INSERT INTO local_visit_facts (record_id, case_id, form_id, day, counts, draft) "
        f"VALUES ({row}.id, {row}.case_id, {row}.form_id, {_visit_day(row)}, "
        f"{_visit_counts(row)} IS 1, {row}.status = 'draft') "
        "ON CONFLICT (record_id) DO UPDATE SET case_id = excluded.case_id, "
        "form_id = excluded.form_id, day = excluded.day, counts = excluded.counts, "
        "draft = excluded.draft;"
    )


def _visit_facts_differ() -> str:
    pairs = [
        ("OLD.case_id", "NEW.case_id"),
        ("OLD.form_id", "NEW.form_id"),
        ("OLD.status = 'draft'", "NEW.status = 'draft'"),
        (_visit_day("OLD"), _visit_day("NEW")),
        (f"{_visit_counts('OLD')} IS 1", f"{_visit_counts('NEW')} IS 1"),
    ]
    return " OR ".join(f"({old}) IS NOT ({new})" for old, new in pairs)


_BUMP = "UPDATE local_visit_facts_version SET n = n + 1;"

VISIT_FACT_TRIGGERS = {
    "records_visit_facts_insert": (
        "CREATE TRIGGER records_visit_facts_insert AFTER INSERT ON records BEGIN "
        f"{_visit_fact_upsert('NEW')} {_case_visits_refresh('NEW')} {_BUMP} END"
    ),
    # Only when what the clock reads changed: an autosave of a visit's words writes nothing.
    "records_visit_facts_update": (
        "CREATE TRIGGER records_visit_facts_update "
        "AFTER UPDATE OF case_id, form_id, status, values_json ON records "
        f"WHEN {_visit_facts_differ()} BEGIN "
        f"{_visit_fact_upsert('NEW')} {_case_visits_refresh('OLD')} "
        f"{_case_visits_refresh('NEW')} {_BUMP} END"
    ),
}
"""Keep each record's visit facts, and each case's latest visits, as records change."""


@MIGRATIONS(name="0006_visit_facts")
def _visit_facts(db: Database) -> None:
    """What the visit clock reads of every record, kept beside it by triggers.

    The caseload used to read every visit record's JSON to find each case's last
    visit that counts; at a council's size that took seconds. ``local_visit_facts``
    holds one row per record (its real visit date, whether it counts, whether it is
    a draft) and ``local_case_visits`` each case's and form's latest counting and
    latest draft visit, both written in the same statement as the record, and
    ``local_visit_facts_version`` counts their changes, so a view can tell that a
    save left every clock as it was. They are
    derived, not audited or synced (``local_``): each device rebuilds its own from
    its records, as this migration does for a database that had none.
    """
    db.executescript(
        """
        CREATE TABLE local_visit_facts (
            record_id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL,
            form_id TEXT NOT NULL,
            day TEXT,
            counts INTEGER NOT NULL,
            draft INTEGER NOT NULL
        );
        CREATE INDEX local_visit_facts_counted ON local_visit_facts (case_id, form_id, day)
            WHERE counts = 1;
        CREATE INDEX local_visit_facts_drafted ON local_visit_facts (case_id, form_id, day)
            WHERE draft = 1;
        CREATE INDEX local_visit_facts_history ON local_visit_facts (day, case_id)
            WHERE counts = 1;
        CREATE TABLE local_case_visits (
            case_id TEXT NOT NULL,
            form_id TEXT NOT NULL,
            last_counted TEXT,
            last_draft TEXT,
            PRIMARY KEY (case_id, form_id)
        ) WITHOUT ROWID;
        CREATE TABLE local_visit_facts_version (n INTEGER NOT NULL);
        INSERT INTO local_visit_facts_version (n) VALUES (0);
        -- Each worker's records by state (the team view) without reading the records.
        CREATE INDEX records_case_status ON records (case_id, status);
        """
    )
    db.execute(
        "INSERT INTO local_visit_facts (record_id, case_id, form_id, day, counts, draft) "
        f"SELECT r.id, r.case_id, r.form_id, {_visit_day('r')}, {_visit_counts('r')} IS 1, "
        "r.status = 'draft' FROM records r"
    )
    db.execute(
        "INSERT INTO local_case_visits (case_id, form_id, last_counted, last_draft) "
        "SELECT case_id, form_id, max(CASE WHEN counts = 1 THEN day END), "
        "max(CASE WHEN draft = 1 THEN day END) FROM local_visit_facts GROUP BY case_id, form_id"
    )
    for sql in VISIT_FACT_TRIGGERS.values():
        db.execute(sql)
@MIGRATIONS(name="0007_working_copies")
def _working_copies(db: Database) -> None:
    """Typing kept between saves, outside the audited record; the record's text indexed once.

    The working copies (``domain/working_copy.py``) are a ``local_`` table: not
    audited field by field, not synced, not searched; a copy is replaced at each
    autosave and removed when the record takes it. The search index reads a
    record's words from the record instead of keeping its own copy, and leaves
    out the dictation and business support's suggestions. The log no longer
    repeats ``updated_at``, which its own time of each change already says.
    """
    db.executescript(
        f"""
        CREATE TABLE local_working_copies (
            record_id TEXT NOT NULL REFERENCES records (id),
            user_id TEXT NOT NULL DEFAULT '',
            values_json TEXT NOT NULL DEFAULT '{{}}',
            provenance_json TEXT NOT NULL DEFAULT '{{}}',
            base_json TEXT NOT NULL DEFAULT '{{}}',
            base_provenance_json TEXT NOT NULL DEFAULT '{{}}',
            kept_at TEXT NOT NULL,
            PRIMARY KEY (record_id, user_id)
        );

        -- Record text indexed once: the index reads a record's text from the record
        -- (an external-content table over a view) instead of keeping a second copy, and
        -- leaves out the dictation and business support's suggestions, which are not
        -- the record's words.
        DROP TRIGGER records_fts_insert;
        DROP TRIGGER records_fts_update;
        DROP TABLE records_fts;
        CREATE VIEW records_text (n, body) AS SELECT n, {_recorded_text("records")} FROM records;
        CREATE VIRTUAL TABLE records_fts USING fts5 (
            body, content = 'records_text', content_rowid = 'n',
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER records_fts_insert AFTER INSERT ON records BEGIN
            INSERT INTO records_fts (rowid, body) VALUES (NEW.n, {_recorded_text("NEW")});
        END;
        CREATE TRIGGER records_fts_update AFTER UPDATE OF values_json ON records BEGIN
            INSERT INTO records_fts (records_fts, rowid, body)
                VALUES ('delete', OLD.n, {_recorded_text("OLD")});
            INSERT INTO records_fts (rowid, body) VALUES (NEW.n, {_recorded_text("NEW")});
        END;
        INSERT INTO records_fts (records_fts) VALUES ('rebuild');
        """
    )
    for table in audited_tables(db):  # updated_at no longer logged (see _UNLOGGED)
        log_changes(db, table)


def _recorded_text(row: str) -> str:
    return f"recorder_record_text({row}.values_json)"


def record_text(values_json: str | None) -> str:
    """Every string in a record's values: the words the search index holds for a record.

    What the search index holds for a record; a function, not a JSON query, because the
    index reads it through a view, where SQLite's JSON table functions cannot run.
    """
    try:
        values = json.loads(values_json or "{}")
    except ValueError:
        return ""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    # The dictation and business support's suggestions are not among the values (their
    # own columns since migration 0014), so they are not indexed as the record's words.
    if isinstance(values, dict):
        walk(values)
    return " ".join(found)
@MIGRATIONS(name="0009_family_record_and_merges")
def _family_record_and_merges(db: Database) -> None:
    """An estimated date of birth; why a case closed; two people found to be one.

    A merge moves the merged person's memberships, relationships, involvements,
    cases and placements to the person kept, and lists what it moved in
    ``moved_json`` so an unmerge can move exactly those back. Nobody is deleted:
    the merged person stays, pointing at the one kept.
    """
    db.executescript(
        """
        ALTER TABLE people ADD COLUMN date_of_birth_estimated INTEGER NOT NULL DEFAULT 0
            CHECK (date_of_birth_estimated IN (0, 1));
        ALTER TABLE people ADD COLUMN merged_into TEXT REFERENCES people (id);
        CREATE INDEX people_nhs_number ON people (nhs_number) WHERE nhs_number <> '';
        CREATE INDEX people_birth ON people (date_of_birth);
        ALTER TABLE cases ADD COLUMN closure_reason TEXT NOT NULL DEFAULT '';

        CREATE TABLE person_merges (
            id TEXT PRIMARY KEY,
            kept_id TEXT NOT NULL REFERENCES people (id),
            merged_id TEXT NOT NULL REFERENCES people (id),
            moved_json TEXT NOT NULL DEFAULT '{}' CHECK (json_type(moved_json) = 'object'),
            reason TEXT NOT NULL DEFAULT '',
            merged_at TEXT NOT NULL,
            undone_at TEXT,
            undo_reason TEXT NOT NULL DEFAULT '',
            CHECK (kept_id <> merged_id)
        );
        CREATE INDEX person_merges_kept ON person_merges (kept_id);
        CREATE INDEX person_merges_merged ON person_merges (merged_id);
        """
    )
    log_changes(db, "people")
    log_changes(db, "cases")
    log_changes(db, "person_merges")


@MIGRATIONS(name="0010_external_references_and_chronology")
def _external_references_and_chronology(db: Database) -> None:
    """The council's own ids for what an import brought in; events a worker adds by hand.

    An external reference lets the same export be imported again and matched
    rather than duplicated. A chronology entry is a significant event that no
    other table holds (a strategy discussion, a court hearing): it is dated by
    when it happened, not when it was typed.
    """
    db.executescript(
        f"""
        CREATE TABLE external_refs (
            id TEXT PRIMARY KEY,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            reference TEXT NOT NULL CHECK (reference <> ''),
            UNIQUE (entity, reference)
        );
        CREATE INDEX external_refs_entity_id ON external_refs (entity_id);

        CREATE TABLE chronology_entries (
            id TEXT PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES people (id),
            {_date("event_date")} NOT NULL,
            category TEXT NOT NULL CHECK (category <> ''),
            note TEXT NOT NULL CHECK (note <> ''),
            author_id TEXT REFERENCES users (id),
            created_at TEXT NOT NULL
        );
        CREATE INDEX chronology_entries_child ON chronology_entries (child_id, event_date);
        """
    )
    log_changes(db, "external_refs")
    log_changes(db, "chronology_entries")
@MIGRATIONS(name="0008_sign_in_access_log_consent")
def _sign_in_access_log_consent(db: Database) -> None:
    """Teams for rights, who opened which child's record, and information-sharing consent.

    The access log is kept apart from the change log (it records reads, not
    changes) and, like it, is never changed or deleted.
    """
    db.executescript(
        f"""
        ALTER TABLE users ADD COLUMN team TEXT NOT NULL DEFAULT '';
        ALTER TABLE records ADD COLUMN dictation_removed_at TEXT;

        CREATE TABLE local_access_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user_id TEXT REFERENCES users (id),
            device_id TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('opened', 'exported', 'printed')),
            child_id TEXT REFERENCES people (id),
            record_id TEXT,
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX local_access_log_child ON local_access_log (child_id, seq);
        CREATE TRIGGER local_access_log_no_update BEFORE UPDATE ON local_access_log
            BEGIN SELECT RAISE(ABORT, 'The access log cannot be changed.'); END;
        CREATE TRIGGER local_access_log_no_delete BEFORE DELETE ON local_access_log
            BEGIN SELECT RAISE(ABORT, 'The access log cannot be changed.'); END;

        CREATE TABLE sharing_consents (
            id TEXT PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES people (id),
            status TEXT NOT NULL
                CHECK (status IN ('given', 'refused', 'not_needed_safeguarding')),
            {_date("decided_on")} NOT NULL,
            decided_by TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            recorded_by TEXT REFERENCES users (id),
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX sharing_consents_child ON sharing_consents (child_id, decided_on);
        """
    )
    # An approved record stays locked, except that its dictation is removed when the
    # council's retention time is up (recorder.store.casework.Records.remove_old_dictation).
    db.execute("DROP TRIGGER IF EXISTS records_locked_once_approved")
    db.execute(_guard(db, "records_locked_once_approved"))
    log_changes(db, "users")
    log_changes(db, "records")
    log_changes(db, "sharing_consents")


@MIGRATIONS(name="0011_sync_log")
def _sync_log(db: Database) -> None:
    """The change log as the team's sync needs it (see ``recorder/store/sync_copy.py``).

    Each row names the edit it replaced (``base_hlc``: the field's shown reading when
    it was made), so another laptop can tell an edit that saw this one from one made
    alongside it. A row pulled from another laptop keeps that laptop's sequence
    number (``origin_seq``), unique per device, so a page applied twice inserts
    nothing. The rows already here are given the row before them as their base (one
    laptop's history is a line). Local tables keep the pull cursor and this laptop's
    changes the service refused; open conflicts are listed for the "Needs a decision"
    screen (their values are read from the log when shown).
    """
    db.executescript(
        """
        -- 0005 made every guard, this one too (before its columns were here)
        DROP TRIGGER IF EXISTS change_log_sync_kept;
        ALTER TABLE change_log ADD COLUMN base_hlc TEXT;
        ALTER TABLE change_log ADD COLUMN origin_seq INTEGER;
        CREATE UNIQUE INDEX change_log_origin ON change_log (device_id, origin_seq)
            WHERE origin_seq IS NOT NULL;
        CREATE INDEX change_log_field ON change_log (entity_id, field, hlc);
        UPDATE change_log SET base_hlc = b.base FROM (
            SELECT seq, lag(hlc) OVER (PARTITION BY entity, entity_id, field ORDER BY seq) AS base
            FROM change_log
        ) AS b WHERE b.seq = change_log.seq AND b.base IS NOT NULL;

        CREATE TABLE local_sync_refused (
            device_seq INTEGER PRIMARY KEY,
            notice TEXT NOT NULL,
            settled_at TEXT
        );
        CREATE TABLE local_sync_conflicts (
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            field TEXT NOT NULL,
            found_at TEXT NOT NULL,
            PRIMARY KEY (entity, entity_id, field)
        );
        """
    )
    for name in ("change_log_sync_kept", "records_locked_once_approved"):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
        db.execute(_guard(db, name))
    for table in audited_tables(db):
        log_changes(db, table)


@MIGRATIONS(name="0012_log_leaves_out_defaults")
def _log_leaves_out_defaults(db: Database) -> None:
    """An insert no longer logs a column that holds only its declared default.

    An empty reason on each hand-off, version 1 and no amendment reason on each
    new record said nothing a replay of the insert does not give back, and cost
    a log row each (see :func:`column_defaults`). Every audited table's log
    triggers are rebuilt from its columns.
    """
    for table in audited_tables(db):
        log_changes(db, table)


@MIGRATIONS(name="0013_people_across_laptops")
def _people_across_laptops(db: Database) -> None:
    """What sync needs to settle people changed on two laptops apart.

    ``people_not_duplicates``: two people a person said are not one
    (``People.mark_not_duplicates``). Two laptops can each add the same child while
    apart; when their copies meet, a pair that matches (``recorder.domain.duplicates``)
    is listed for a person to merge or to mark as two people. The pair is kept in id
    order, so the same two people read the same whichever was named first.

    ``person_merge_seen``: for each merge, the last change of each of the merged
    person's fields the merging laptop held (``{field: clock reading}``), so a change
    made on another laptop that had not heard of the merge is told apart on every
    copy. ``merge_followups``: what a person decided about such a change (copied to
    the person kept, or left). All three are logged and synced like any change, so
    every laptop sees the same items listed and settled.
    """
    db.executescript(
        """
        CREATE TABLE people_not_duplicates (
            id TEXT PRIMARY KEY,
            person_id TEXT NOT NULL REFERENCES people (id),
            other_id TEXT NOT NULL REFERENCES people (id),
            reason TEXT NOT NULL DEFAULT '',
            decided_at TEXT NOT NULL,
            CHECK (person_id < other_id)
        );
        CREATE INDEX people_not_duplicates_pair ON people_not_duplicates (person_id, other_id);

        CREATE TABLE person_merge_seen (
            id TEXT PRIMARY KEY REFERENCES person_merges (id),
            seen_json TEXT NOT NULL DEFAULT '{}' CHECK (json_type(seen_json) = 'object')
        );

        CREATE TABLE merge_followups (
            id TEXT PRIMARY KEY,
            merge_id TEXT NOT NULL REFERENCES person_merges (id),
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            field TEXT NOT NULL,
            hlc TEXT NOT NULL,
            choice TEXT NOT NULL CHECK (choice IN ('applied', 'left')),
            decided_at TEXT NOT NULL
        );
        CREATE INDEX merge_followups_merge ON merge_followups (merge_id);
        """
    )
    for table in ("people_not_duplicates", "person_merge_seen", "merge_followups"):
        log_changes(db, table)


@MIGRATIONS(name="0014_reserved_out_of_values")
def _reserved_out_of_values(db: Database) -> None:
    """The dictation and business support's suggestions out of a record's values.

    They were kept among the values under the reserved keys ``dictation`` and
    ``suggested``, so every reader of the values had to know to skip them. Each
    now has a column: ``dictation`` (text) and ``suggested_json`` (an object
    logged key by key like the values, ``suggested.<field id>``). What records
    hold already is moved by an update the log triggers see, so the move is in
    the change log (``values.dictation`` emptied, ``dictation`` set) and
    ``python -m recorder verify`` replays an older database to what it holds
    now. An approved record is locked: the lock is lifted for the move alone and
    put back, letting only the dictation's removal through (retention).
    """
    db.executescript(
        """
        ALTER TABLE records ADD COLUMN dictation TEXT;
        ALTER TABLE records ADD COLUMN suggested_json TEXT NOT NULL DEFAULT '{}'
            CHECK (json_type(suggested_json) = 'object');
        DROP TRIGGER IF EXISTS records_locked_once_approved;
        """
    )
    log_changes(db, "records")
    _stamp_as_this_laptop(db, tx=MOVED_OUT_OF_VALUES + new_id())
    db.execute(
        "UPDATE records SET "
        "dictation = CASE WHEN json_type(values_json, '$.dictation') = 'text' "
        "    AND trim(json_extract(values_json, '$.dictation')) <> '' "
        "    THEN json_extract(values_json, '$.dictation') END, "
        "suggested_json = CASE WHEN json_type(values_json, '$.suggested') = 'object' "
        "    THEN json_extract(values_json, '$.suggested') ELSE '{}' END, "
        "values_json = json_remove(values_json, '$.dictation', '$.suggested') "
        "WHERE json_type(values_json, '$.dictation') IS NOT NULL "
        "OR json_type(values_json, '$.suggested') IS NOT NULL"
    )
    db.execute(GUARD_TRIGGERS["records_locked_once_approved"])


@MIGRATIONS(name="0015_one_log_index")
def _one_log_index(db: Database) -> None:
    """One index on the change log instead of two, a smaller one.

    ``change_log_entity`` (entity id, seq) served a record's history and
    ``change_log_field`` (entity id, field, clock reading) the log triggers' look-up
    of a field's last value and reading. Both were keyed on ids and clock readings
    that arrive in no order, so their pages stayed part-empty, and together they
    weighed about a quarter of a stored visit. One index serves both, on the first
    8 characters of the entity id (:data:`LOG_KEY`): an entity's rows are found
    through it and then matched on the whole id (:func:`log_entity_is`), and a
    field's last row among its entity's few dozen. It is a third of the size of an
    index on the whole id. Every look-up of the log by entity goes through those two
    functions, or SQLite would read the whole log; the triggers are rebuilt to.
    """
    db.executescript(
        """
        DROP INDEX IF EXISTS change_log_entity;
        DROP INDEX IF EXISTS change_log_field;
        CREATE INDEX change_log_entity_key ON change_log (substr(entity_id, 1, 8));
        """
    )
    for table in audited_tables(db):
        log_changes(db, table)


def _stamp_as_this_laptop(db: Database, *, tx: str) -> None:
    """The functions a logged write needs, for a migration that writes (the store's own
    are registered only once the schema is up to date): this laptop's device id and a
    clock past every reading in the log, no user (no one made the change), one ``tx``."""
    found = db.execute("SELECT value FROM local_settings WHERE key = 'device_id'").fetchone()
    if found:
        device_id = found[0]
    else:  # as Store._device_id would make it
        device_id = new_id()
        db.execute("INSERT INTO local_settings (key, value) VALUES ('device_id', ?)", [device_id])
    clock = HybridClock(device_id)
    clock.receive(db.execute("SELECT max(hlc) FROM change_log").fetchone()[0])
    conn = db.conn
    conn.create_function("recorder_user", 0, lambda: None)
    conn.create_function("recorder_device", 0, lambda: device_id)
    conn.create_function("recorder_clock", 0, clock.now)
    conn.create_function("recorder_tx", 0, lambda: tx)


@MIGRATIONS(name="0016_kept_audio")
def _kept_audio(db: Database) -> None:
    """A recording's audio kept for the council's set days (``keep_audio_days``).

    Two tables, for two audiences. ``audio_recordings`` says that a visit's audio
    was kept, on which laptop, by whom, and when it was deleted: it is logged and
    synced like the record, so the change log (sealed) shows every keeping and
    every deletion, on the team's copy too. ``local_audio`` holds the sound, on
    the laptop that recorded it only: never logged or synced (the log would
    carry it to every laptop), encrypted with the rest of the file.
    """
    db.executescript(
        """
        CREATE TABLE audio_recordings (
            id TEXT PRIMARY KEY,
            record_id TEXT NOT NULL REFERENCES records (id),
            recorded_at TEXT NOT NULL,
            recorded_by TEXT REFERENCES users (id),
            device_id TEXT NOT NULL,
            seconds REAL NOT NULL CHECK (seconds >= 0),
            removed_at TEXT
        );
        CREATE INDEX audio_recordings_record ON audio_recordings (record_id);
        CREATE TABLE local_audio (
            recording_id TEXT PRIMARY KEY REFERENCES audio_recordings (id),
            sample_rate INTEGER NOT NULL CHECK (sample_rate > 0),
            pcm BLOB NOT NULL
        );
        """
    )
    log_changes(db, "audio_recordings")


@MIGRATIONS(name="0017_access_log_listened")
def _access_log_listened(db: Database) -> None:
    """Listening to a kept recording is its own line in the access log.

    It was logged as opening the record, with what was heard in the detail, as the
    log's actions are a CHECK that only a new table can widen. The lines are copied
    as they are, in order and with their numbers; the guards against change and
    deletion are made again on the new table.
    """
    db.executescript(
        """
        CREATE TABLE local_access_log_new (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user_id TEXT REFERENCES users (id),
            device_id TEXT NOT NULL,
            action TEXT NOT NULL
                CHECK (action IN ('opened', 'exported', 'printed', 'listened')),
            child_id TEXT REFERENCES people (id),
            record_id TEXT,
            detail TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO local_access_log_new
            (seq, at, user_id, device_id, action, child_id, record_id, detail)
            SELECT seq, at, user_id, device_id, action, child_id, record_id, detail
            FROM local_access_log ORDER BY seq;
        DROP TABLE local_access_log;
        ALTER TABLE local_access_log_new RENAME TO local_access_log;
        CREATE INDEX local_access_log_child ON local_access_log (child_id, seq);
        CREATE TRIGGER local_access_log_no_update BEFORE UPDATE ON local_access_log
            BEGIN SELECT RAISE(ABORT, 'The access log cannot be changed.'); END;
        CREATE TRIGGER local_access_log_no_delete BEFORE DELETE ON local_access_log
            BEGIN SELECT RAISE(ABORT, 'The access log cannot be changed.'); END;
        """
    )
