"""A PostgreSQL server that lives for one test session or one benchmark run.

It is made with ``initdb`` in a temporary folder, listens on 127.0.0.1 on a
free port (and on a socket in its own temporary folder), and is stopped and
deleted afterwards. ``initdb`` refuses to run as root, so as root every
command runs as the ``postgres`` user through ``runuser``; as an ordinary user
it runs as that user. It never touches a PostgreSQL the machine already runs.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

_SYSTEM_USER = "postgres"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL's server programs are not on this machine, or would not start."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _find(program: str) -> str | None:
    found = shutil.which(program)
    if found:
        return found
    # Debian keeps the server programs out of PATH.
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{program}"), reverse=True)
    return str(versions[0]) if versions else None


class ThrowawayPostgres:
    """Start with :meth:`start`, stop with :meth:`stop` (or use ``with``).

    :param database: the database made empty at start, named in :attr:`url`.
    """

    def __init__(self, database: str = "recorder_sync") -> None:
        self.database = database
        self.port = 0
        self._base: Path | None = None
        self._initdb = _find("initdb")
        self._pg_ctl = _find("pg_ctl")
        if not self._initdb or not self._pg_ctl:
            raise PostgresUnavailable(
                "PostgreSQL's initdb and pg_ctl are not installed "
                "(Debian: apt-get install postgresql)."
            )
        self._as_root = os.geteuid() == 0

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{self.database}"

    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", _SYSTEM_USER, "--"] if self._as_root else []
        done = subprocess.run([*prefix, *command], capture_output=True, text=True)
        if done.returncode != 0:
            raise PostgresUnavailable(
                f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr.strip()}"
            )

    def start(self) -> ThrowawayPostgres:
        self._base = Path(tempfile.mkdtemp(prefix="recorder-pg-"))
        data, sock, log = self._base / "data", self._base / "sock", self._base / "server.log"
        sock.mkdir()
        if self._as_root:
            shutil.chown(self._base, user=_SYSTEM_USER)
            shutil.chown(sock, user=_SYSTEM_USER)
        os.chmod(self._base, 0o700)
        self._run(
            self._initdb, "-D", str(data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        for _attempt in range(5):
            self.port = _free_port()
            try:
                self._run(
                    self._pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "60",
                    "-o", f"-p {self.port} -k {sock} -c listen_addresses=127.0.0.1 "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                    "start",
                )  # fmt: skip
                break
            except PostgresUnavailable:
                # Another process may have taken the port between choosing and binding.
                time.sleep(0.2)
        else:
            self.stop()
            raise PostgresUnavailable(f"PostgreSQL would not start; see {log}.")
        self.create_database(self.database)
        return self

    def create_database(self, name: str) -> str:
        """An empty database ``name`` (dropped first if it exists); returns its URL."""
        import psycopg

        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if self._base is None:
            return
        data = self._base / "data"
        if (data / "postmaster.pid").exists():
            try:
                self._run(self._pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop")
            except PostgresUnavailable:
                pass
        shutil.rmtree(self._base, ignore_errors=True)
        self._base = None

    def __enter__(self) -> ThrowawayPostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
