"""``python -m recorder verify --db PATH``: is the audit trail whole, and where is it broken?

Prints each problem as a sentence and a last line a script can read
(``audit_trail: whole`` or ``audit_trail: broken``). Exit status: 0 whole,
1 broken, 2 not checked (no such file, or no key to check the seals with).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from recorder.sign_in_command import add_sign_in_arguments, database_key_for_command
from recorder.store.chain import key_path, read_key
from recorder.store.verify import verify_file


def add_parser(commands: argparse._SubParsersAction) -> None:
    verify = commands.add_parser(
        "verify",
        help="check that a database's change log is whole: its seals, the triggers that guard "
        "it, and that every record matches its log",
    )
    verify.add_argument("--db", required=True, metavar="PATH", help="the database file")
    verify.add_argument(
        "--key",
        metavar="FILE",
        help=f"the key file the log was sealed with (default: {key_path()})",
    )
    add_sign_in_arguments(verify)
    verify.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if not path.is_file():
        print(f"There is no database file at {path}.", file=sys.stderr)
        return 2
    key_file = Path(args.key) if args.key else None
    key = read_key(key_file)
    if key is None and key_file is not None:
        print(f"There is no key file at {key_file}.", file=sys.stderr)
        return 2
    findings = verify_file(path, key, database_key=database_key_for_command(args, path))
    for problem in findings.problems:
        print(problem)
    for note in findings.notes:
        print(note, file=sys.stderr)
    if findings.broken:
        print(
            f"The audit trail of {path} is broken in {len(findings.problems)} "
            f"place{'' if len(findings.problems) == 1 else 's'}."
        )
        print("audit_trail: broken")
        return 1
    if findings.notes:
        print("audit_trail: not checked")
        return 2
    print(
        f"The audit trail of {path} is whole: {findings.rows_checked} change-log rows, "
        "their seals, the guard triggers and every audited row agree."
    )
    print("audit_trail: whole")
    return 0
