"""How long 10,000 changes take to go from one laptop to another through the sync service.

Starts its own throwaway PostgreSQL and the service (``python -m recorder serve``) on
loopback, enrols two laptops of one team, writes 1,000 new records of 10 fields on the
first (a SQLite working copy), then times pushing them all and pulling them all into the
second. The last lines, for scripts:

    sync_10k_s: N.N        push + pull, seconds
    converged: yes|no      both copies show exactly what the service holds

    python benchmarks/sync_round_trip.py
    python benchmarks/sync_round_trip.py --team-year   # also: a fresh laptop pulls a
                                                       # team of 10 workers' year

It asserts nothing; it needs PostgreSQL's server programs and the [server] extra.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from recorder.server.throwaway_postgres import ThrowawayPostgres  # noqa: E402
from recorder.sync.client import Service, pull, push  # noqa: E402
from recorder.sync.merge import Merge  # noqa: E402
from recorder.sync.protocol import Change  # noqa: E402
from tests.sync.running_service import ServiceProcess, enrol  # noqa: E402
from tests.sync.sqlite_copy import SqliteCopy  # noqa: E402

FIELDS = ("values.visit_date", "values.seen_alone", "values.notes", "values.wishes",
          "values.home", "values.school", "values.health", "values.next_steps",
          "status", "form_version")  # fmt: skip


def fictional_records(prefix: str, count: int) -> dict[str, dict]:
    return {
        f"{prefix}-{i:05d}": {
            f: (f"Fictional text {i} for {f}, " + "words " * 12).strip() for f in FIELDS
        }
        for i in range(count)
    }


def service_view(url: str) -> dict:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT device_id, device_seq, tx, hlc, base_hlc, user_id, entity, entity_id, op, "
            "field, value FROM changes ORDER BY cursor"
        ).fetchall()
    m = Merge()
    m.add_all(Change(*r) for r in rows)
    return m.snapshot()


def round_trip(pg: ThrowawayPostgres, work: Path) -> None:
    url = pg.create_database("round_trip")
    service = ServiceProcess(url, work / "service.log").start()
    try:
        (id_a, token_a), (id_b, token_b) = (
            enrol(url, team="bench", name=n) for n in ("LAPTOP-A", "LAPTOP-B")
        )
        a, b = SqliteCopy(work / "a.db", id_a), SqliteCopy(work / "b.db", id_b)
        written = a.add_new_records(fictional_records("rec", 1000))
        started = time.perf_counter()
        pushed = push(Service(service.url, token_a), a)
        pushed_s = time.perf_counter() - started
        pulled = pull(Service(service.url, token_b), b)
        total = time.perf_counter() - started
        expected = service_view(url)
        converged = pushed.pushed == written and a.shown() == expected == b.shown()
        print(f"changes: {written}")
        print(f"push_10k_s: {pushed_s:.1f}")
        print(f"pull_10k_s: {total - pushed_s:.1f}")
        print(f"pulled: {pulled.pulled}")
        print(f"sync_10k_s: {total:.1f}")
        print(f"converged: {'yes' if converged else 'no'}")
    finally:
        service.stop()


def team_year(pg: ThrowawayPostgres, work: Path) -> None:
    """10 workers' year (about 8,000 records) pulled into a fresh laptop."""
    url = pg.create_database("team_year")
    service = ServiceProcess(url, work / "service-year.log").start()
    try:
        total = 0
        for w in range(10):
            device, token = enrol(url, team="year", name=f"WORKER-{w}")
            copy = SqliteCopy(work / f"w{w}.db", device)
            total += copy.add_new_records(fictional_records(f"w{w}", 800))
            push(Service(service.url, token), copy)
            copy.close()
        device, token = enrol(url, team="year", name="NEW-LAPTOP")
        fresh = SqliteCopy(work / "fresh.db", device)
        started = time.perf_counter()
        pulled = pull(Service(service.url, token), fresh)
        print(f"team_year_changes: {total}")
        print(f"team_year_pulled: {pulled.pulled}")
        print(f"team_year_pull_s: {time.perf_counter() - started:.1f}")
    finally:
        service.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--team-year", action="store_true",
                        help="also time a fresh laptop pulling 10 workers' year")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sync-bench-") as folder, ThrowawayPostgres() as pg:
        work = Path(folder)
        if args.team_year:
            team_year(pg, work)
        round_trip(pg, work)


if __name__ == "__main__":
    main()
