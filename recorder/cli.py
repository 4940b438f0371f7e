"""Commands for everything that is not the window: ``python -m recorder <command>``.

Each command prints what it did, reports problems in a sentence on standard
error and returns a non-zero exit status; it never shows a traceback for a
user's mistake.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from recorder.reference import DataFileError
from recorder.store import StoreError


def _demo(args: argparse.Namespace) -> int:
    from recorder.demo import create_demo_database

    try:
        store = create_demo_database(Path(args.db))
    except FileExistsError as e:
        print(e, file=sys.stderr)
        return 1
    counts = {
        table: store.rows(f"SELECT count(*) AS n FROM {table}")[0]["n"]
        for table in ("cases", "people", "households", "records")
    }
    store.close()
    print(
        f"Wrote the demo caseload to {args.db}: {counts['cases']} children with open cases, "
        f"{counts['people']} people in {counts['households']} households, "
        f"{counts['records']} records."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m recorder",
        description="Case Recorder commands. To open the window, run: python main.py",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    demo = commands.add_parser("demo", help="write the fictional demo caseload into a new database")
    demo.add_argument("--db", required=True, metavar="PATH", help="the new database file")
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (DataFileError, StoreError) as e:
        print(e, file=sys.stderr)
        return 2
