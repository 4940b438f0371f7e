"""How much typing a sudden end (a power cut, a killed process) loses, and whether it corrupts.

    python benchmarks/crash_soak.py [--kills N] [--seed S]

Each round starts the real form window in a child process (offscreen) on a
demo child's new home visit, types into Observations through real key
events, a key every 150 ms (about 6 characters a second, steady, no pauses),
and is killed with SIGKILL at a random moment 0.5 to 12 seconds into the
typing. The database is then reopened: ``PRAGMA integrity_check`` must say
ok, and the Observations kept (in the record, or in the working copy that
opening the record puts back on the form) are compared with what was typed.

Typing lost in a round is the time from the first key that did not reach
the database to the kill (0 when everything typed was saved). Every round
uses the same database file, as a laptop would. The last two lines are::

    max_typing_lost_s: N.N
    corrupt_databases: N
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEY_INTERVAL_MS = 150
KEY_ENV = "CRASH_SOAK_DB_KEY"  # the demo's database key, handed to each child (hex)
CHILD_NAME = "Alusine"


def typed_text(round_number: int, length: int) -> str:
    """What round ``round_number`` types: a marker, then words (the same in both processes)."""
    words = "the children were playing in the garden when I arrived and mum was calm".split()
    text = f"K{round_number}x "
    i = 0
    while len(text) < length:
        text += words[i % len(words)] + " "
        i += 1
    return text[:length]


# -- the child: the form window, typing -------------------------------------------


def child(db: Path, log: Path, round_number: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from recorder.forms.definitions import load_forms
    from recorder.reference import load_reference_data
    from recorder.store import Store
    from recorder.ui.main_window import MainWindow
    from recorder.ui.tasks import TaskRunner

    app = QApplication(sys.argv[:1])
    store = Store.open(db, key=bytes.fromhex(os.environ[KEY_ENV]))
    worker = next(u for u in store.users.all() if u.name == "Bethan Lowry")
    store.sign_in(worker.id)
    runner = TaskRunner(store)
    window = MainWindow(runner, reference=load_reference_data(), forms=load_forms(), user=worker)
    window.show()
    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    text = typed_text(round_number, 5000)
    state = {"typed": 0, "form": None}

    def wait_for_caseload() -> None:
        rows = window.caseload_model.rows()
        entry = next((e for e in rows if e.row.child.first_name == CHILD_NAME), None)
        if entry is None:
            QTimer.singleShot(50, wait_for_caseload)
            return
        window.new_record(entry.row.case.id, "home_visit")
        QTimer.singleShot(50, wait_for_form)

    def wait_for_form() -> None:
        if not window.form_windows:
            QTimer.singleShot(50, wait_for_form)
            return
        form = window.form_windows[0]
        form.show()
        box = form.rows["observations"].editor.focus_widget()
        box.setFocus()
        state["form"], state["box"] = form, box
        typist.start()

    def one_key() -> None:
        QTest.keyClicks(state["box"], text[state["typed"]])
        state["typed"] += 1
        os.write(out, f"{time.time():.3f} {state['typed']}\n".encode())

    typist = QTimer()
    typist.setInterval(KEY_INTERVAL_MS)
    typist.timeout.connect(one_key)
    QTimer.singleShot(0, wait_for_caseload)
    app.exec()


# -- the parent: rounds of start, type, kill, reopen -----------------------------------


def _connect(db: Path):
    """The encrypted database, opened with the demo's key as the app opens it."""
    from recorder.store import engine

    return engine.connect(db, bytes.fromhex(os.environ[KEY_ENV]))


def saved_observations(db: Path, marker: str) -> str | None:
    """The longest Observations starting with ``marker`` that reopening the form shows."""
    conn = _connect(db)
    found = []
    try:
        for (values,) in conn.execute(
            "SELECT values_json FROM records ORDER BY created_at DESC LIMIT 50"
        ):
            found.append(json.loads(values).get("observations") or "")
        copies = conn.execute(
            "SELECT name FROM sqlite_master WHERE name = 'local_working_copies'"
        ).fetchall()
        if copies:  # typing kept between saves, put back when the record is opened
            for (values,) in conn.execute("SELECT values_json FROM local_working_copies"):
                found.append(json.loads(values).get("observations") or "")
    finally:
        conn.close()
    return max((o for o in found if o.startswith(marker)), key=len, default=None)


def integrity(db: Path) -> str:
    from recorder.store import StoreError, engine

    try:
        conn = _connect(db)
    except StoreError as e:  # a file the key no longer opens is damaged
        return str(e)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    except engine.ANY_DATABASE_ERROR as e:
        return str(e)
    finally:
        conn.close()


def one_round(db: Path, folder: Path, number: int, rng: random.Random) -> tuple[float, bool]:
    log = folder / f"round{number}.log"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", str(db), str(log), str(number)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    started = time.monotonic()
    while not (log.exists() and log.stat().st_size > 0):
        if process.poll() is not None:
            raise SystemExit(f"The form window ended early: {process.stderr.read().decode()}")
        if time.monotonic() - started > 120:
            process.kill()
            raise SystemExit("The form window never started typing.")
        time.sleep(0.02)
    time.sleep(rng.uniform(0.5, 12.0))
    killed_at = time.time()
    process.send_signal(signal.SIGKILL)
    process.wait()
    keys = [line.split() for line in log.read_text().splitlines() if line.strip()]
    times = [float(t) for t, _count in keys]
    text = typed_text(number, len(keys))
    check = integrity(db)
    saved = saved_observations(db, f"K{number}x") or ""
    reached = len(saved) if text.startswith(saved) else 0
    lost = 0.0 if reached >= len(keys) else killed_at - times[reached]
    if os.environ.get("SOAK_DEBUG"):
        print(f"  keys {len(keys)} saved {reached} typing {killed_at - times[0]:.1f} s", flush=True)
    return lost, check != "ok"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=30, metavar="N")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        db, log, number = args.child
        child(Path(db), Path(log), int(number))
        return
    sys.path.insert(0, str(ROOT))
    from datetime import date

    from recorder.demo import create_demo_database

    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="crash-soak-"))
    db = folder / "demo.db"
    store = create_demo_database(db, today=date.today())
    os.environ[KEY_ENV] = store.db_key.hex()  # the children and the checks open it with this
    store.close()
    worst, corrupt, losses = 0.0, 0, []
    for number in range(1, args.kills + 1):
        lost, broken = one_round(db, folder, number, rng)
        losses.append(lost)
        worst = max(worst, lost)
        corrupt += broken
        print(f"kill {number}: typing lost {lost:.1f} s{' CORRUPT' if broken else ''}", flush=True)
    losses.sort()
    print(f"kills: {args.kills}; median typing lost {losses[len(losses) // 2]:.1f} s")
    print(f"max_typing_lost_s: {worst:.1f}")
    print(f"corrupt_databases: {corrupt}")


if __name__ == "__main__":
    main()
