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


def _draft(args: argparse.Namespace) -> int:
    import json

    from recorder.dictation.batch import LineProblem, draft_cases
    from recorder.dictation.pipeline import Drafter

    path = Path(args.cases)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        print(f"There is no file {path}.", file=sys.stderr)
        return 2
    except IsADirectoryError:
        print(f"{path} is a folder; give the cases file (one JSON object per line).",
              file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"{path} is not UTF-8 text.", file=sys.stderr)
        return 2
    drafter = Drafter.load(args.model)
    print(f"Drafting with {drafter.model_name}.", file=sys.stderr)
    problems = 0
    for result in draft_cases(drafter, lines):
        if isinstance(result, LineProblem):
            problems += 1
            print(f"{path.name}, {result}", file=sys.stderr)
        else:
            print(json.dumps(result, ensure_ascii=False), flush=False)
    sys.stdout.flush()
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
    draft = commands.add_parser(
        "draft",
        help="draft visit notes from a file of dictations (one JSON case per line) "
        "and print the drafts, one JSON object per line",
    )
    draft.add_argument("cases", metavar="CASES.jsonl", help="the cases to draft")
    draft.add_argument(
        "--model",
        default="auto",
        metavar="NAME",
        help='"auto" (default: the English statistical pipeline when installed), '
        '"none" (blank English), or a spaCy package name',
    )
    draft.set_defaults(run=_draft)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (DataFileError, StoreError) as e:
        print(e, file=sys.stderr)
        return 2
