"""The service in a process of its own (so a test can kill it), and enrolment by command."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServiceProcess:
    """``python -m recorder serve`` in a process of its own, so a test can kill it."""

    def __init__(self, database: str, log: Path, env: dict[str, str] | None = None) -> None:
        self.database, self.log = database, log
        self.env = {**os.environ, **(env or {})}
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServiceProcess:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "recorder", "serve", "--database", self.database,
             "--port", str(self.port)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=self.log.open("ab"), env=self.env,
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


def enrol(database_url: str, *, team: str, name: str) -> tuple[str, str]:
    """(device id, token) as printed by ``python -m recorder enrol``."""
    done = subprocess.run(
        [sys.executable, "-m", "recorder", "enrol", "--database", database_url,
         "--team", team, "--name", name],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    return lines["device_id"], lines["token"]


def enrol_here(database_url: str, *, team: str, name: str) -> tuple[str, str]:
    """(device id, token), enrolled in this process: what the command does, without
    starting Python again (the command itself is tested in test_service)."""
    import psycopg

    from recorder.server.devices import enrol as enrol_device
    from recorder.server.schema import migrate

    with psycopg.connect(database_url, autocommit=True) as conn:
        migrate(conn)
        done = enrol_device(conn, team_id=team, name=name)
    return done.device_id, done.token
