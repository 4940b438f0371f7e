"""``python -m recorder serve|enrol|revoke``: run the sync service and manage its laptops.

``enrol`` prints the device id and its token once; the service keeps only the
token's hash, so a lost token means enrolling the laptop again.
"""

from __future__ import annotations

import argparse
import sys

_NEEDS_EXTRA = "The sync service needs the server extra: pip install 'case-recorder[server]'."


def add_parsers(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve", help="run the team's sync service over a PostgreSQL database"
    )
    serve.add_argument(
        "--database", required=True, metavar="URL", help="postgresql://user@host:port/database"
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; TLS belongs at the proxy)",
    )
    serve.add_argument("--port", type=int, default=8750, help="port (default 8750)")
    serve.set_defaults(run=_serve)

    enrol = commands.add_parser(
        "enrol", help="enrol a laptop with the sync service; prints its device id and token once"
    )
    enrol.add_argument("--database", required=True, metavar="URL", help="the service's database")
    enrol.add_argument("--team", required=True, help="the team the laptop belongs to")
    enrol.add_argument("--name", required=True, help="a name for the laptop, e.g. LAPTOP-14")
    enrol.set_defaults(run=_enrol)

    revoke = commands.add_parser("revoke", help="stop an enrolled laptop syncing, at once")
    revoke.add_argument("--database", required=True, metavar="URL", help="the service's database")
    revoke.add_argument("device", metavar="DEVICE_ID", help="the id printed at enrolment")
    revoke.set_defaults(run=_revoke)


def _connect(url: str):
    import psycopg

    from recorder.server.schema import migrate

    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as e:
        print(f"The database at {url} cannot be reached: {str(e).strip()}", file=sys.stderr)
        return None
    migrate(conn)
    return conn


def _serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from recorder.server import logs
        from recorder.server.app import create_app
    except ImportError:
        print(_NEEDS_EXTRA, file=sys.stderr)
        return 2
    conn = _connect(args.database)
    if conn is None:
        return 2
    conn.close()
    logs.configure()
    uvicorn.run(create_app(args.database), host=args.host, port=args.port, log_config=None,
                access_log=False)  # fmt: skip
    return 0


def _enrol(args: argparse.Namespace) -> int:
    try:
        from recorder.server.devices import DeviceError, enrol
    except ImportError:
        print(_NEEDS_EXTRA, file=sys.stderr)
        return 2
    conn = _connect(args.database)
    if conn is None:
        return 2
    with conn:
        try:
            e = enrol(conn, team_id=args.team, name=args.name)
        except DeviceError as err:
            print(err, file=sys.stderr)
            return 2
    print(f"Enrolled {e.name} in team {e.team_id}.")
    print(f"device_id: {e.device_id}")
    print(f"token: {e.token}")
    print("Give the token to the laptop now: it is not shown again.", file=sys.stderr)
    return 0


def _revoke(args: argparse.Namespace) -> int:
    try:
        from recorder.server.devices import DeviceError, revoke
    except ImportError:
        print(_NEEDS_EXTRA, file=sys.stderr)
        return 2
    conn = _connect(args.database)
    if conn is None:
        return 2
    with conn:
        try:
            revoke(conn, args.device)
        except DeviceError as err:
            print(err, file=sys.stderr)
            return 2
    print(f"Revoked device {args.device}: it can no longer sync.")
    return 0
