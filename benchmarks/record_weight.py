"""What one home visit costs on disk, its change log included.

    python benchmarks/record_weight.py [--records N]

Through the real write path (the store's verbs, triggers and all): a social
worker starts a home visit for a demo child with the values a form arrives
with (those of the child's last home visit), types a 600-word Observations
in 30 autosaves of 20 words each, and sends it to business support, who
finish it; the team manager approves it. As in the form window, the first
save writes the record, later autosaves keep the typing in the working copy,
and sending saves the changed fields to the record (and its log) once. That
is done for ``N`` records (default 20) and the database's growth (the file
and its write-ahead log, checkpointed) is divided by ``N``. The last line is::

    bytes_per_record: N
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from recorder.demo import create_demo_database  # noqa: E402
from recorder.domain import Record, RecordStatus, Role  # noqa: E402
from recorder.domain.conflicts import FieldEdit  # noqa: E402
from recorder.domain.working_copy import WorkingCopy  # noqa: E402

WORDS = (
    "the children were playing in the garden when I arrived and mum was calm she said "
    "that school had been going better this term and that Jayden had made a new friend "
    "called Ola the kitchen was clean there was food in the fridge and the baby was asleep "
    "upstairs we talked about the referral to the family hub and the health visitor"
).split()
AUTOSAVES = 30
WORDS_PER_AUTOSAVE = 20


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def one_record(store, worker, support, manager, case, base_values, rng) -> None:
    store.sign_in(worker.id)
    record = Record(
        case_id=case["id"],
        form_id="home_visit",
        form_version=1,
        author_id=worker.id,
        values=dict(base_values, observations=""),
    )
    words = [rng.choice(WORDS) for _ in range(WORDS_PER_AUTOSAVE)]
    record = replace(record, values=dict(base_values, observations=" ".join(words)))
    store.records.add(record)  # the first autosave writes the record
    base = record.values
    for _ in range(AUTOSAVES - 1):
        words += [rng.choice(WORDS) for _ in range(WORDS_PER_AUTOSAVE)]
        values = dict(base_values, observations=" ".join(words))
        store.records.keep_working_copy(WorkingCopy(record.id, worker.id, values, base=base))
    edits = [FieldEdit("observations", base["observations"], " ".join(words))]
    store.records.save_changes(record.id, edits, drop_working_copy=True)  # sending saves first
    store.records.move(record.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    store.sign_in(support.id)
    store.records.move(record.id, RecordStatus.FINISHED)
    store.sign_in(manager.id)
    store.records.move(record.id, RecordStatus.APPROVED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=20, metavar="N")
    parser.add_argument(
        "--plain", action="store_true", help="measure an unencrypted copy (to compare)"
    )
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp(prefix="record-weight-")) / "demo.db"
    store = create_demo_database(path, today=date(2026, 11, 20))
    if args.plain:
        from recorder.store import Store
        from recorder.store.engine import decrypt_copy

        key, plain = store.db_key, path.with_name("plain.db")
        store.close()
        decrypt_copy(path, key, plain)
        path, store = plain, Store.open(plain)
    users = store.users.all()
    worker = next(u for u in users if u.name == "Bethan Lowry")
    support = next(u for u in users if u.role is Role.BUSINESS_SUPPORT)
    manager = next(u for u in users if u.role is Role.TEAM_MANAGER)
    cases = store.rows("SELECT id, child_id FROM cases WHERE worker_id = ?", [worker.id])
    visits = store.rows(
        "SELECT case_id, values_json FROM records WHERE form_id = 'home_visit' "
        "ORDER BY created_at DESC"
    )
    base = {v["case_id"]: json.loads(v["values_json"]) for v in reversed(visits)}
    cases = [c for c in cases if c["id"] in base]
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = size(path)
    log_before = store.change_count()
    rng = random.Random(7)
    for n in range(args.records):
        case = cases[n % len(cases)]
        one_record(store, worker, support, manager, case, base[case["id"]], rng)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    grown = size(path) - before
    log_rows = store.change_count() - log_before
    log_bytes = store.rows(
        "SELECT sum(coalesce(length(old_value), 0) + coalesce(length(new_value), 0)) AS n "
        "FROM change_log WHERE seq > (SELECT max(seq) FROM change_log) - ?",
        [log_rows],
    )[0]["n"]
    store.close()
    print(f"encrypted: {'no' if args.plain else 'yes'}")
    print(f"records: {args.records}, each {AUTOSAVES} autosaves of {WORDS_PER_AUTOSAVE} words")
    print(f"change-log rows per record: {log_rows / args.records:.0f}")
    print(f"old and new text in the log per record: {log_bytes / args.records:.0f} bytes")
    print(f"bytes_per_record: {grown // args.records}")


if __name__ == "__main__":
    main()
