"""``python -m recorder sync --db PATH --user NAME``: send this laptop's changes to the team's
service and take the team's back.

The first time, ``--service URL --token TOKEN`` (the token ``python -m recorder
enrol`` printed for this laptop) are kept in the encrypted database; a team
manager signs in for that. Afterwards any user's sync uses them. Prints what it
does in plain words and a last few lines a script can read (``sent: N``,
``received: N``, ``waiting: N``, ``needs_decision: N``). Exit status: 0 done,
1 the service could not be reached or refused this laptop, 2 nothing tried.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from recorder.sign_in_command import add_sign_in_arguments, open_signed_in_for_command


def add_parser(commands: argparse._SubParsersAction) -> None:
    sync = commands.add_parser(
        "sync",
        help="send this laptop's changes to the team's sync service and take the team's back",
    )
    sync.add_argument("--db", required=True, metavar="PATH", help="the database file")
    sync.add_argument(
        "--service", metavar="URL", help="the sync service's address (first time only)"
    )
    sync.add_argument(
        "--token", metavar="TOKEN", help="this laptop's enrolment token (first time only)"
    )
    add_sign_in_arguments(sync)
    sync.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from recorder.store.errors import RefusedWriteError
    from recorder.sync.client import Service, SyncError, SyncState, sync

    path = Path(args.db)
    if not path.is_file():
        print(f"There is no database file at {path}.", file=sys.stderr)
        return 2
    if bool(args.service) != bool(args.token):
        print("Give both --service URL and --token TOKEN to set up sync.", file=sys.stderr)
        return 2
    store = open_signed_in_for_command(args, path)
    try:
        if args.service:
            service = Service(args.service, args.token)
            try:
                _, me = service.request("GET", "/v1/device")
                store.sync.enrol(args.service, args.token, me.get("device_id"))
            except (RefusedWriteError, ValueError) as e:
                print(e, file=sys.stderr)
                return 2
            except SyncError as e:
                print(e, file=sys.stderr)
                return 1
            print(f"This laptop now syncs with {args.service} (team {me.get('team', '')}).")
        settings = store.sync.service_settings()
        if settings is None:
            print(
                "This laptop is not set up for sync yet: run this once with "
                "--service URL --token TOKEN (the token python -m recorder enrol printed).",
                file=sys.stderr,
            )
            return 2
        waiting = store.sync.pending_count()
        print(f"Syncing with {settings.url}: {waiting} change{_s(waiting)} waiting to go.")
        state = SyncState(on_progress=print)
        try:
            result = sync(Service(settings.url, settings.token), store.sync, state=state)
        except SyncError as e:
            print(e, file=sys.stderr)
            print(f"waiting: {store.sync.pending_count()}")
            return 1
        store.sync.mark_synced()
        decisions = store.sync.needs_decision()
        print(
            f"Done: sent {result.pushed} change{_s(result.pushed)}, "
            f"received {result.pulled} from the team."
        )
        if result.refused:
            print(
                f"The service did not take {len(result.refused)} of this laptop's changes; "
                "they are kept for a decision."
            )
        if decisions:
            print(f"{len(decisions)} item{_s(len(decisions))} need a decision in Case Recorder.")
        print(f"sent: {result.pushed}")
        print(f"received: {result.pulled}")
        print(f"waiting: {store.sync.pending_count()}")
        print(f"needs_decision: {len(decisions)}")
        return 0
    finally:
        store.close()


def _s(n: int) -> str:
    return "" if n == 1 else "s"
