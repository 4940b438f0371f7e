"""The service's PostgreSQL schema, made only by its own numbered migrations.

``service_migrations`` records each one applied; :func:`migrate` applies the
rest in order, each in its own transaction, under an advisory lock so two
services starting together do not race. Never edit a migration that has
shipped: councils' databases have already applied it. Append a new one.
"""

from __future__ import annotations

import psycopg

_LOCK = 0x43524543  # "CREC"

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_teams_devices_changes",
        """
        CREATE TABLE teams (
            id TEXT PRIMARY KEY,
            -- The last cursor given out. Taken with UPDATE ... RETURNING inside each push,
            -- so its row lock orders pushes: cursor order is commit order.
            last_cursor BIGINT NOT NULL DEFAULT 0
        );
        CREATE TABLE devices (
            id TEXT PRIMARY KEY,
            team_id TEXT NOT NULL REFERENCES teams (id),
            name TEXT NOT NULL,
            token_sha256 BYTEA NOT NULL UNIQUE,
            enrolled_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            revoked_at TIMESTAMPTZ,
            -- The highest device sequence received (stored or refused): the push mark.
            last_seq BIGINT NOT NULL DEFAULT 0
        );
        CREATE TABLE changes (
            team_id TEXT NOT NULL REFERENCES teams (id),
            cursor BIGINT NOT NULL,
            device_id TEXT NOT NULL,
            device_seq BIGINT NOT NULL,
            tx TEXT NOT NULL,
            hlc TEXT NOT NULL,
            base_hlc TEXT,
            user_id TEXT,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            op TEXT NOT NULL,
            field TEXT NOT NULL,
            value JSONB,
            received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            PRIMARY KEY (team_id, cursor),
            UNIQUE (device_id, device_seq)
        );
        CREATE INDEX changes_entity ON changes (entity_id, field);
        """,
    ),
    (
        "0002_push_parts",
        """
        -- The parts of one laptop transaction too big for one push, held until its last
        -- part arrives; then the whole transaction is checked and filed at once and its
        -- parts deleted. Keyed like changes, so a part sent twice is held once.
        CREATE TABLE push_parts (
            device_id TEXT NOT NULL REFERENCES devices (id),
            device_seq BIGINT NOT NULL,
            change JSONB NOT NULL,
            received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            PRIMARY KEY (device_id, device_seq)
        );
        """,
    ),
]


# Cursors jump to the next multiple of this each time the service starts (see below).
CURSOR_EPOCH = 1 << 40


def start_new_cursor_epoch(conn: psycopg.Connection) -> None:
    """Move every team's cursor past any number a laptop could have seen.

    After the database is restored from an older backup, laptops hold cursors beyond
    what it remembers; new rows numbered from the restored counter would sit below
    those cursors and never be pulled. The service runs this at every start (a
    restore means a restart), so new rows always number above anything pulled before.
    Cursors only need to grow in commit order, so the gap costs nothing: 2**63 leaves
    room for millions of starts.
    """
    with conn.transaction():
        conn.execute(
            "UPDATE teams SET last_cursor = (last_cursor / %s + 1) * %s",
            (CURSOR_EPOCH, CURSOR_EPOCH),
        )


def migrate(conn: psycopg.Connection) -> list[str]:
    """Apply every migration not yet applied; returns the names applied now."""
    applied_now = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS service_migrations ("
            " name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        done = {r[0] for r in conn.execute("SELECT name FROM service_migrations")}
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            conn.execute(sql)
            conn.execute("INSERT INTO service_migrations (name) VALUES (%s)", (name,))
            applied_now.append(name)
    return applied_now
