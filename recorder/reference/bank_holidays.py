"""Bank holidays, which statutory visit deadlines in working days skip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from recorder.reference.datafile import DataFileError, line_of, read_toml


def load_bank_holidays(path: Path) -> frozenset[date]:
    """Read ``[[holiday]]`` entries (``date`` and ``name``) from a TOML file."""
    data = read_toml(path)
    entries = data.get("holiday")
    if not isinstance(entries, list) or not entries:
        raise DataFileError(path, "expected one or more [[holiday]] entries")
    days: set[date] = set()
    for entry in entries:
        when = entry.get("date")
        if not isinstance(when, date):
            shown = entry.get("name", when)
            raise DataFileError(
                path,
                f"holiday {shown!r} needs a date written as date = 2026-12-25",
                line=line_of(path, str(shown)),
            )
        days.add(when)
    return frozenset(days)
