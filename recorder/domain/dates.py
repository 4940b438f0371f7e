"""Dates as people in England read them, and the ages and due dates built on them.

The store keeps ``YYYY-MM-DD``; everything a person reads goes through here
so the screen, the documents and the command line all say 03/11/2026.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
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


def add_months(d: date, months: int) -> date:
    """The same day ``months`` calendar months on (Interpretation Act 1978: a month is a
    calendar month); a day the month lacks falls back to its last day, the earlier date,
    so a visit deadline is never pushed later by the arithmetic.
    """
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: date, years: int) -> date:
    """An anniversary; 29 February's falls on 28 February in other years."""
    return add_months(d, 12 * years)


class HolidaysNotKnown(ValueError):
    """Working days were counted into a year whose bank holidays are not known.

    Saying so is safer than guessing: a missed bank holiday moves a due date a day late.
    """

    def __init__(self, year: int, last_known: int) -> None:
        super().__init__(
            f"bank holidays after {last_known} are not known, so a date in {year} counted "
            "in working days cannot be worked out"
        )
        self.year = year
        self.last_known = last_known


class WorkingCalendar:
    """Working days: Monday to Friday, less bank holidays and the council's closure days.

    Statutory visits are counted in working days. The calendar is told the
    holidays (a fixed set, or a function giving each year's) and the last year
    they are known for, rather than knowing them itself.
    """

    def __init__(
        self,
        bank_holidays: frozenset[date] | set[date] = frozenset(),
        *,
        holidays_in_year: Callable[[int], frozenset[date]] | None = None,
        last_known_year: int | None = None,
    ) -> None:
        self.bank_holidays = frozenset(bank_holidays)
        self._holidays_in_year = holidays_in_year
        self.last_known_year = last_known_year
        self._years: dict[int, frozenset[date]] = {}

    def _closed(self, d: date) -> bool:
        if self.last_known_year is not None and d.year > self.last_known_year:
            raise HolidaysNotKnown(d.year, self.last_known_year)
        if d in self.bank_holidays:
            return True
        if self._holidays_in_year is None:
            return False
        year = self._years.get(d.year)
        if year is None:
            year = self._years[d.year] = frozenset(self._holidays_in_year(d.year))
        return d in year

    def is_working_day(self, d: date) -> bool:
        return d.weekday() < 5 and not self._closed(d)

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
