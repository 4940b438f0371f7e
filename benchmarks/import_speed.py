"""How long a whole caseload takes to import from CSV, and how fast a re-import matches it.

Writes a fictional caseload as the import's CSV files (by default 100,000
people in 40,000 households, with relationships, cases, involvements and past
visits: ``recorder.importing.example``), then imports it into a new database
through ``python -m recorder import``'s own function, so the real checks,
store verbs, change-log triggers and seals all do their work. Then imports the
same files again, which should match every row and write nothing.

    nice -n 10 python benchmarks/import_speed.py
    nice -n 10 python benchmarks/import_speed.py --people 10000 --households 4000
    nice -n 10 python benchmarks/import_speed.py --keep /tmp/imported.db

Progress goes to stderr; the figures go to stdout, one ``name: value`` line
each, with the machine's load average at the start and the end (the machine
may be shared, and the figures mean little without it). Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from recorder.forms.definitions import load_forms  # noqa: E402
from recorder.importing import run_import  # noqa: E402
from recorder.importing.example import write_example_caseload  # noqa: E402
from recorder.reference import load_reference_data  # noqa: E402
from recorder.store import Store  # noqa: E402


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--households", type=int, default=40_000)
    parser.add_argument("--keep", metavar="PATH", help="write the database here and keep it")
    args = parser.parse_args(argv)

    print(f"load_average_at_start: {_load()}")
    with tempfile.TemporaryDirectory(prefix="import-speed-") as tmp:
        folder = Path(tmp) / "csv"
        started = time.perf_counter()
        rows = write_example_caseload(folder, people=args.people, households=args.households)
        print(f"csv_written_s: {time.perf_counter() - started:.1f}")
        total_rows = sum(rows.values())
        for name, n in rows.items():
            print(f"rows_{name.removesuffix('.csv')}: {n}")
        print(f"rows_total: {total_rows}")

        db = Path(args.keep) if args.keep else Path(tmp) / "imported.db"
        if db.exists():
            print(f"{db} already exists; choose a new path.", file=sys.stderr)
            return 2
        store = Store.open(db)
        reference = load_reference_data()
        form = load_forms().forms["home_visit"]

        def say(line: str) -> None:
            print(f"[{time.perf_counter() - started:7.1f} s] {line}", file=sys.stderr, flush=True)

        try:
            started = time.perf_counter()
            cpu = time.process_time()
            result = run_import(
                store, folder, vocabulary=reference.relationships,
                ethnicities=reference.ethnicities, visit_form=(form.id, form.version), say=say,
            )  # fmt: skip
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu
            if result.problems:
                for problem in result.problems[:20]:
                    print(problem, file=sys.stderr)
                return 1
            print(f"import_s: {elapsed:.1f}")
            print(f"import_cpu_s: {cpu:.1f}")
            print(f"import_people_per_s: {args.people / elapsed:.0f}")
            print(f"import_rows_per_s: {total_rows / elapsed:.0f}")
            print(f"change_log_rows: {store.change_count()}")

            started = time.perf_counter()
            again = run_import(
                store, folder, vocabulary=reference.relationships,
                ethnicities=reference.ethnicities, visit_form=(form.id, form.version), say=say,
            )  # fmt: skip
            print(f"reimport_s: {time.perf_counter() - started:.1f}")
            print(f"reimport_added: {again.plan.batch.additions()}")
        finally:
            store.close()
        print(f"database_mb: {db.stat().st_size / 1e6:.0f}")
    print(f"load_average_at_end: {_load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
