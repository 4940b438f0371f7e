"""How long 10,000 changes take from one laptop's real store to another's through the service.

The sibling of ``sync_round_trip.py`` (whose laptops are a stand-in SQLite copy): here
both laptops are real encrypted Case Recorder databases (``Store``), so a pull pays
for everything the store does (inserting and sealing each row in the change log,
merging each touched record, writing it with its triggers, the search index). Starts
its own throwaway PostgreSQL and service. Writes 1,000 home visits (about 10 logged
fields each) on laptop A, then times pushing them and pulling them into laptop B.
Last lines, for scripts:

    store_sync_10k_s: N.N      push + pull, seconds
    converged: yes|no          B shows every record exactly as A, and verifies whole

Before them, the same visits written in one transaction (as an import), which goes in
parts the service files whole: ``store_import_10k_s`` and ``import_converged``.

    python benchmarks/sync_store_round_trip.py [--records 1000] [--team-year]

It asserts nothing; it needs PostgreSQL's server programs and the [server] extra.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CASE_RECORDER_FAST_KDF", "1")
os.environ.setdefault(
    "CASE_RECORDER_CHAIN_KEY", str(Path(tempfile.mkdtemp(prefix="bench-key-")) / "key")
)

from recorder.domain import Case, CaseType, Person, Record, Role, User  # noqa: E402
from recorder.server.throwaway_postgres import ThrowawayPostgres  # noqa: E402
from recorder.store.chain import load_or_create_key  # noqa: E402
from recorder.store.signing_in import create_database  # noqa: E402
from recorder.store.verify import verify_file  # noqa: E402
from recorder.sync.client import Service, pull, push  # noqa: E402
from tests.sync.running_service import ServiceProcess, enrol  # noqa: E402

PASSWORD = "benchmark-password-long"


def laptop(work: Path, name: str, url: str, service: ServiceProcess, team: str):
    store = create_database(work / f"{name}.db", f"Manager {name}", PASSWORD)
    device, token = enrol(url, team=team, name=name)
    store.sync.enrol(service.url, token, device)
    return store, Service(service.url, token)


def write_visits(store, count: int, tag: str, *, per_transaction: int = 50) -> None:
    """Fictional home visits for one worker on one fictional child."""
    worker = User(f"Worker {tag}", Role.SOCIAL_WORKER)
    store.users.add(worker)
    child = Person("Fictional", f"Child {tag}", date_of_birth=date(2016, 1, 1))
    store.people.add(child)
    case = Case(child.id, CaseType.CHILD_IN_NEED, worker.id, date(2026, 1, 5))
    store.cases.add(case)
    step = per_transaction  # 50: as saved day by day; more: an import of thousands at once
    for start in range(0, count, step):
        store.records.add_all(
            Record(case.id, "home_visit", 1, worker.id,
                   values={"visit_date": "2026-11-17", "analysis": f"Fictional visit {i}."})
            for i in range(start, min(count, start + step))
        )  # fmt: skip


def shown(store) -> dict:
    return {r["id"]: (r["status"], r["values_json"])
            for r in store.rows("SELECT id, status, values_json FROM records")}  # fmt: skip


def round_trip(pg: ThrowawayPostgres, work: Path, records: int) -> None:
    url = pg.create_database("store_round_trip")
    service = ServiceProcess(url, work / "service.log").start()
    try:
        a, to_a = laptop(work, "LAPTOP-A", url, service, "bench")
        b, to_b = laptop(work, "LAPTOP-B", url, service, "bench")
        write_visits(a, records, "A")
        waiting = a.sync.pending_count()
        started = time.perf_counter()
        pushed = push(to_a, a.sync)
        pushed_s = time.perf_counter() - started
        pulled = pull(to_b, b.sync)
        total = time.perf_counter() - started
        findings = verify_file(b.path, load_or_create_key(), database_key=b.db_key)
        converged = pushed.pushed == waiting and shown(a) == shown(b) and not findings.problems
        print(f"changes: {waiting}")
        print(f"store_push_s: {pushed_s:.1f}")
        print(f"store_pull_s: {total - pushed_s:.1f}")
        print(f"pulled: {pulled.pulled}")
        started = time.perf_counter()
        b.sync.needs_decision()
        print(f"needs_decision_s: {time.perf_counter() - started:.2f}")
        print(f"store_sync_10k_s: {total:.1f}")
        print(f"converged: {'yes' if converged else 'no'}")
    finally:
        service.stop()


def one_import(pg: ThrowawayPostgres, work: Path, records: int) -> None:
    """The same visits written in one transaction (an import): sent in parts the service
    files whole (the service takes 5,000 changes a push)."""
    url = pg.create_database("store_one_import")
    service = ServiceProcess(url, work / "service-import.log").start()
    try:
        a, to_a = laptop(work, "IMPORT-A", url, service, "import")
        b, to_b = laptop(work, "IMPORT-B", url, service, "import")
        write_visits(a, records, "A", per_transaction=records)
        waiting = a.sync.pending_count()
        started = time.perf_counter()
        pushed = push(to_a, a.sync)
        pull(to_b, b.sync)
        total = time.perf_counter() - started
        findings = verify_file(b.path, load_or_create_key(), database_key=b.db_key)
        converged = pushed.pushed == waiting and shown(a) == shown(b) and not findings.problems
        print(f"import_changes: {waiting}")
        print(f"store_import_10k_s: {total:.1f}")
        print(f"import_converged: {'yes' if converged else 'no'}")
    finally:
        service.stop()


def team_year(pg: ThrowawayPostgres, work: Path) -> None:
    """10 workers' year (8,000 home visits) pulled into a fresh laptop's store."""
    url = pg.create_database("store_team_year")
    service = ServiceProcess(url, work / "service-year.log").start()
    try:
        total = 0
        for w in range(10):
            store, to_service = laptop(work, f"WORKER-{w}", url, service, "year")
            write_visits(store, 800, str(w))
            total += store.sync.pending_count()
            push(to_service, store.sync)
            store.close()
        fresh, to_fresh = laptop(work, "NEW-LAPTOP", url, service, "year")
        started = time.perf_counter()
        pulled = pull(to_fresh, fresh.sync)
        print(f"store_team_year_changes: {total}")
        print(f"store_team_year_pulled: {pulled.pulled}")
        print(f"store_team_year_pull_s: {time.perf_counter() - started:.1f}")
    finally:
        service.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument(
        "--team-year",
        action="store_true",
        help="also time a fresh laptop's store pulling 10 workers' year",
    )
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="store-sync-bench-") as folder,
        ThrowawayPostgres() as pg,
    ):
        work = Path(folder)
        if args.team_year:
            team_year(pg, work)
        one_import(pg, work, args.records)
        round_trip(pg, work, args.records)


if __name__ == "__main__":
    main()
