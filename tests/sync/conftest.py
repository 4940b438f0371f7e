"""A real PostgreSQL for the sync tests, and the real service on loopback.

The server is made once per test session with initdb and pg_ctl (as the
``postgres`` user when the tests run as root) and stopped at the end; each test
gets its own empty database in it. ``.ci/run`` installs PostgreSQL when
``initdb`` is missing, so in CI these tests never skip.
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from recorder.server.throwaway_postgres import PostgresUnavailable, ThrowawayPostgres

ROOT = Path(__file__).resolve().parents[2]
_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres():
    try:
        server = ThrowawayPostgres().start()
    except PostgresUnavailable as e:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"{e} (CI installs it)")
    yield server
    server.stop()


@pytest.fixture
def database_url(postgres) -> str:
    """An empty database of its own for one test."""
    return postgres.create_database(f"sync_test_{os.getpid()}_{next(_names)}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServiceProcess:
    """``python -m recorder serve`` in a process of its own, so a test can kill it."""

    def __init__(self, database: str, log: Path) -> None:
        self.database, self.log = database, log
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServiceProcess:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "recorder", "serve", "--database", self.database,
             "--port", str(self.port)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=self.log.open("ab"),
        )  # fmt: skip
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"The service stopped: {self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.05)

    def kill(self) -> None:
        """Stopped at once, as by a power cut: no clean shutdown."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self) -> None:
        self.kill()
        self.start()


@pytest.fixture
def service(database_url, tmp_path):
    running = ServiceProcess(database_url, tmp_path / "service.log").start()
    yield running
    running.stop()


def enrol(database_url: str, *, team: str, name: str) -> tuple[str, str]:
    """(device id, token) as printed by ``python -m recorder enrol``."""
    done = subprocess.run(
        [sys.executable, "-m", "recorder", "enrol", "--database", database_url,
         "--team", team, "--name", name],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    return lines["device_id"], lines["token"]
