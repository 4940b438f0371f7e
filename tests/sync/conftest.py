"""A real PostgreSQL for the sync tests, and the real service on loopback.

The server is made once per test session with initdb and pg_ctl (as the
``postgres`` user when the tests run as root) and stopped at the end; each test
gets its own empty database in it. ``.ci/run`` installs PostgreSQL when
``initdb`` is missing, so in CI these tests never skip.
"""

from __future__ import annotations

import itertools
import os

import pytest

from recorder.server.throwaway_postgres import PostgresUnavailable, ThrowawayPostgres
from tests.sync.running_service import ROOT, ServiceProcess, enrol  # noqa: F401

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


@pytest.fixture
def service(database_url, tmp_path):
    running = ServiceProcess(database_url, tmp_path / "service.log").start()
    yield running
    running.stop()
