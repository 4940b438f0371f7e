"""Days that are not working days: England's bank holidays and the council's own closures.

Bank holidays come from the maintained ``holidays`` package (England), which
follows the Banking and Financial Dealings Act 1971 and each year's
proclamations; the council's file adds only its own closure days (a day
between Christmas and New Year, say). Past the last year the package covers,
the calendar says it does not know rather than guessing.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import holidays

from recorder.domain.dates import WorkingCalendar
from recorder.reference.datafile import DataFileError, line_of, read_toml


@cache
def england_bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays that fall in ``year`` (weekend dates included)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def last_known_year() -> int:
    """The last year the ``holidays`` package has England's bank holidays for."""
    return holidays.country_holidays("GB", subdiv="ENG").end_year


def load_closure_days(path: Path) -> frozenset[date]:
    """Read ``[[closure]]`` entries (``date`` and ``name``); the file may list none."""
    data = read_toml(path)
    entries = data.get("closure", [])
    if not isinstance(entries, list):
        raise DataFileError(path, "closure days are listed as [[closure]] entries")
    days: set[date] = set()
    for entry in entries:
        when = entry.get("date")
        if not isinstance(when, date):
            shown = entry.get("name", when)
            raise DataFileError(
                path,
                f"closure {shown!r} needs a date written as date = 2026-12-24",
                line=line_of(path, str(shown)),
            )
        days.add(when)
    return frozenset(days)


def working_calendar(closure_days: frozenset[date] = frozenset()) -> WorkingCalendar:
    """Monday to Friday less England's bank holidays and the council's closure days."""
    return WorkingCalendar(
        closure_days, holidays_in_year=england_bank_holidays, last_known_year=last_known_year()
    )
