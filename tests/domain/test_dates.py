"""UK dates, ages, working days and when the next statutory visit is due."""

from __future__ import annotations

from datetime import date

import pytest

from recorder.domain.dates import (
    WorkingCalendar,
    age_in_years,
    age_text,
    parse_iso_date,
    uk_date,
    uk_date_long,
)


def test_dates_read_the_uk_way():
    assert uk_date(date(2026, 11, 3)) == "03/11/2026"
    assert uk_date_long(date(2026, 11, 3)) == "3 November 2026"
    assert uk_date(None, missing="Not recorded") == "Not recorded"


def test_a_malformed_date_is_explained():
    with pytest.raises(ValueError, match="not a date written as YYYY-MM-DD"):
        parse_iso_date("03/11/2026", what="visit date")


@pytest.mark.parametrize(
    ("born", "on", "text"),
    [
        (date(2016, 2, 29), date(2026, 2, 28), "9"),
        (date(2016, 2, 29), date(2026, 3, 1), "10"),
        (date(2025, 12, 20), date(2026, 11, 20), "11 months"),
        (date(2026, 11, 1), date(2026, 11, 20), "2 weeks"),
        (date(2027, 1, 5), date(2026, 11, 20), "Unborn"),
        (date(2024, 11, 20), date(2026, 11, 20), "2"),
    ],
)
def test_ages_as_a_practitioner_says_them(born, on, text):
    assert age_text(born, on) == text


def test_a_birthday_counts_on_the_day():
    assert age_in_years(date(2010, 11, 20), date(2026, 11, 20)) == 16
    assert age_in_years(date(2010, 11, 21), date(2026, 11, 20)) == 15


def test_working_days_skip_weekends():
    calendar = WorkingCalendar()
    assert calendar.add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)  # Fri -> Mon
    assert calendar.add_working_days(date(2026, 11, 2), 10) == date(2026, 11, 16)


def test_working_days_skip_bank_holidays_across_the_year_end():
    calendar = WorkingCalendar({date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)})
    # Mon 21 Dec + 10 working days: 22,23,24,29,30,31 Dec, 4,5,6,7 Jan
    assert calendar.add_working_days(date(2026, 12, 21), 10) == date(2027, 1, 7)
    assert calendar.working_days_between(date(2026, 12, 21), date(2027, 1, 7)) == 10
