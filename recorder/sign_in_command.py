"""Signing in on the command line: ``--user NAME`` and the password asked for or read from a file.

Every command that opens a database takes these two options. The password is
asked for without echo; ``--password-file FILE`` (its first line) is for
scripts and tests. A wrong password is said once, and the command stops.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from recorder.store.errors import StoreError


def add_sign_in_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user", metavar="NAME", help="sign in as this user (the password is asked for)"
    )
    parser.add_argument(
        "--password-file",
        metavar="FILE",
        help="read the password from the first line of FILE instead of asking (for scripts)",
    )


def _password(args: argparse.Namespace) -> str:
    if args.password_file:
        path = Path(args.password_file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise StoreError(f"The password file {path} cannot be read ({e}).") from None
        lines = text.splitlines()
        return lines[0] if lines else ""
    if not sys.stdin or not sys.stdin.isatty():
        raise StoreError(
            "No password given: run this in a terminal to be asked for it, "
            "or pass --password-file FILE."
        )
    return getpass.getpass(f"Password for {args.user}: ")


def _need_user(args: argparse.Namespace, db: Path) -> str:
    if not args.user:
        raise StoreError(
            f"Sign in to open {db}: add --user NAME (the password is asked for, "
            "or read from --password-file FILE)."
        )
    return args.user


def open_signed_in_for_command(args: argparse.Namespace, db: Path):
    """The store at ``db``, opened and signed in as ``--user``; a plain file is encrypted.

    :raises StoreError: in words, for a missing ``--user``, a wrong password or a file
        that cannot be opened
    """
    from recorder.store.signing_in import open_signed_in

    name = _need_user(args, db)
    store = open_signed_in(db, name, _password(args))
    if store.converted_backup is not None:
        print(converted_message(db, store.converted_backup), file=sys.stderr)
    return store


def database_key_for_command(args: argparse.Namespace, db: Path) -> bytes | None:
    """The key of an encrypted ``db`` for a read-only command; None for a plain file."""
    from recorder.store.engine import is_plain_sqlite
    from recorder.store.keys import KeyFile

    if is_plain_sqlite(db):
        return None
    keys = KeyFile.load(db)
    if not keys.exists():
        return None  # not ours, or its keys are lost: read as it is, and said to be unreadable
    return keys.unlock(_need_user(args, db), _password(args))[1]


def converted_message(db: Path, backup: Path) -> str:
    return (
        f"{db} was not encrypted; it is now. The unencrypted copy was kept as {backup}: "
        "check the app opens the database, then delete that copy, because anyone "
        "can read it."
    )
