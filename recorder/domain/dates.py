"""Dates as people in England read them, and the ages and due dates built on them.

The store keeps ``YYYY-MM-DD``; everything a person reads goes through here
so the screen, the documents and the command line all say 03/11/2026.
"""

from __future__ import annotations

from datetime import date, timedelta


def uk_date(d: date | None, *, missing: str = "") -> str:
    """``03/11/2026``: the short form for tables and fields."""
    return d.strftime("%d/%m/%Y") if d else missing


def uk_date_long(d: date | None, *, missing: str = "") -> str:
    """``3 November 2026``: the long form for headings and documents."""
    return f"{d.day} {d.strftime('%B %Y')}" if d else missing


def parse_iso_date(text: str, *, what: str = "date") -> date:
    """Read ``YYYY-MM-DD``, failing with a sentence a person can act on."""
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValueError(f"{what} {text!r} is not a date written as YYYY-MM-DD") from None


def age_in_years(date_of_birth: date, on: date) -> int:
    """Completed years, as a birthday counts them (29 February birthdays turn on 1 March)."""
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def age_text(date_of_birth: date | None, on: date) -> str:
    """An age as a practitioner says it: "7", "11 months", "3 weeks", "Unborn"."""
    if date_of_birth is None:
        return ""
    if date_of_birth > on:
        return "Unborn"
    years = age_in_years(date_of_birth, on)
    if years >= 2:
        return str(years)
    months = (on.year - date_of_birth.year) * 12 + on.month - date_of_birth.month
    if on.day < date_of_birth.day:
        months -= 1
    if months >= 1:
        return f"{months} month" + ("s" if months != 1 else "")
    weeks = (on - date_of_birth).days // 7
    return f"{weeks} week" + ("s" if weeks != 1 else "")


class WorkingCalendar:
    """Working days: Monday to Friday, less the bank holidays it is given.

    Statutory visits are counted in working days, and the bank holidays come
    from a data file, so this class is told them rather than knowing them.
    """

    def __init__(self, bank_holidays: frozenset[date] | set[date] = frozenset()) -> None:
        self.bank_holidays = frozenset(bank_holidays)

    def is_working_day(self, d: date) -> bool:
        return d.weekday() < 5 and d not in self.bank_holidays

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
        if days < 0:
            raise ValueError("count working days forwards only")
        d = start
        remaining = days
        while remaining:
            d += timedelta(days=1)
            if self.is_working_day(d):
                remaining -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
        count = 0
        d = start
        while d < end:
            d += timedelta(days=1)
            if self.is_working_day(d):
                count += 1
        return count
