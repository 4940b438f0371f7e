"""The sync layers hold: the client and merge are plain Python (no SQL, no Qt, no store);
the service never imports the laptop's store or Qt, and only the command line reaches it."""

from __future__ import annotations

from pathlib import Path

import recorder
from tests.test_layers import _imports

PACKAGE = Path(recorder.__file__).parent


def _offenders(folder: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in (PACKAGE / folder).rglob("*.py"):
        bad = sorted(m for m in _imports(path) if m.startswith(forbidden))
        if bad:
            found[path.name] = bad
    return found


def test_the_sync_client_and_merge_write_no_sql_and_import_no_qt():
    forbidden = ("sqlite3", "sqlite_utils", "psycopg", "recorder.store", "recorder.server",
                 "recorder.ui", "PySide6")  # fmt: skip
    assert _offenders("sync", forbidden) == {}


def test_the_service_never_imports_the_laptop_store_or_qt():
    assert _offenders("server", ("recorder.store", "recorder.ui", "PySide6", "sqlite")) == {}


def test_only_the_command_line_reaches_the_service():
    users = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "server" not in path.relative_to(PACKAGE).parts
        and any(m.startswith("recorder.server") for m in _imports(path))
    }
    assert users == {"cli.py"}
