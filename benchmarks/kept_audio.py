"""What keeping a recording's audio costs, where a council keeps it (``keep_audio_days``).

    python benchmarks/kept_audio.py [--minutes M]

Through the real write path (the store's verb, in the encrypted database the app
makes): keeps ``M`` minutes (default 60, the longest one recording can be) of
16-bit, 16 kHz audio with a demo visit, as the recording bar does once the text is
out, then deletes it as sign-in does once the council's days are up. Prints the
time each takes, the file's growth while it is kept and what is left of it after
(the freed pages go back to the file system, overwritten), and the largest the
process grew while keeping it. The audio is a made-up tone, never a voice.
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from recorder.demo import create_demo_database  # noqa: E402
from recorder.domain import Record, Role  # noqa: E402

RATE = 16_000


def tone(seconds: int) -> bytes:
    """A quiet rising tone: something to store that is not silence (which packs small)."""
    one = bytearray()
    for i in range(RATE):
        value = int(3000 * math.sin(2 * math.pi * (200 + i / 80) * i / RATE))
        one += value.to_bytes(2, "little", signed=True)
    return bytes(one) * seconds


def on_disk(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.db"
        store = create_demo_database(path, today=date(2026, 11, 20))
        worker = next(u for u in store.users.all() if u.role is Role.SOCIAL_WORKER)
        store.sign_in(worker.id)
        case_id = store.rows("SELECT id FROM cases WHERE worker_id = ? LIMIT 1", [worker.id])
        visit = Record(case_id[0]["id"], "home_visit", 1, worker.id, values={})
        store.records.add(visit)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = on_disk(path)
        pcm = tone(args.minutes * 60)
        started = time.perf_counter()
        store.kept_audio.keep(visit.id, pcm, sample_rate=RATE)
        kept_s = time.perf_counter() - started
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        kept = on_disk(path)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        later = datetime.now(UTC) + timedelta(days=31)
        started = time.perf_counter()
        store.kept_audio.remove_old(keep_days=30, now=later)
        removed_s = time.perf_counter() - started
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        after = on_disk(path)
        store.close()
    print(f"audio kept: {args.minutes} minutes, {len(pcm) / 1e6:.1f} MB of samples")
    print(f"keep_s: {kept_s:.2f}")
    print(f"file_growth_mb: {(kept - before) / 1e6:.1f}")
    print(f"remove_s: {removed_s:.2f}")
    print(f"left_after_remove_mb: {(after - before) / 1e6:.1f}")
    print(f"peak_memory_mb: {peak_mb:.0f}")


if __name__ == "__main__":
    main()
