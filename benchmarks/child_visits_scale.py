"""What opening a child costs now that the child view shows their visit clock and placements.

Opening a child runs two reads on the worker thread: the child view
(``store.views.person``) and, since issue 11, ``recorder.child_visits``: the
child's placements, open cases and visit records, with each case's clock worked
out by the caseload's own code. This builds the same synthetic registry as
``store_scale.py`` and times both, so the second read's share is measured, not
guessed.

    python benchmarks/child_visits_scale.py                   # 100k people, 500k records
    python benchmarks/child_visits_scale.py --people 5000 --households 2000 --records 20000

Figures go to stdout, one ``name: value`` line each; it asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_scale import (  # noqa: E402
    SEED,
    VISIT_FORMS,
    WARM_UP,
    Progress,
    build,
    measure,
    report_detail,
)

from recorder.child_visits import child_visits  # noqa: E402
from recorder.reference import load_reference_data  # noqa: E402
from recorder.store import Store  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--households", type=int, default=40_000)
    parser.add_argument("--records", type=int, default=500_000)
    parser.add_argument("--queries", type=int, default=300, help="timed runs per measure")
    args = parser.parse_args(argv)
    progress = Progress()
    today = date.today()
    reference = load_reference_data()
    with tempfile.TemporaryDirectory(prefix="child_visits_") as folder:
        path = Path(folder) / "registry.db"
        store = Store.open(path)
        try:
            registry = build(
                store,
                people=args.people,
                households=args.households,
                records=args.records,
                today=today,
                progress=progress,
            )
        finally:
            store.close()
        store = Store.open(path)
        try:
            rng = random.Random(SEED + 1)
            children = registry.children_with_cases
            sample = rng.sample(children, min(args.queries + WARM_UP, len(children)))
            person = measure(
                lambda child_id: store.views.person(child_id, on=today),
                sample[WARM_UP:],
                sample[:WARM_UP],
                lambda v: len(v.records),
            )
            report_detail("child view", person, progress)
            visits = measure(
                lambda child_id: child_visits(
                    store, child_id, visit_forms=VISIT_FORMS, reference=reference, today=today
                ),
                sample[WARM_UP:],
                sample[:WARM_UP],
                lambda v: len(v.entries),
            )
            report_detail("visit clocks and placements", visits, progress)
        finally:
            store.close()
    print(f"people: {args.people}")
    print(f"records: {registry.records}")
    print(f"child_view_median_ms: {person.median:.2f}")
    print(f"child_view_p95_ms: {person.p95:.2f}")
    print(f"child_visits_median_ms: {visits.median:.2f}")
    print(f"child_visits_p95_ms: {visits.p95:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
