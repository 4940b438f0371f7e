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
from recorder.domain.visits import RhythmUnit, VisitRhythm, next_visit_due


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


def test_next_visit_due_follows_the_rhythm(reference):
    calendar = reference.calendar
    cp = reference.visits.rhythm_for("child_protection")
    assert cp == VisitRhythm(10, RhythmUnit.WORKING_DAYS)
    assert next_visit_due(
        cp, last_visit=date(2026, 11, 12), case_start=date(2026, 6, 1), calendar=calendar
    ) == date(2026, 11, 26)
    cic = reference.visits.rhythm_for("child_in_care")
    assert next_visit_due(
        cic, last_visit=date(2026, 9, 22), case_start=date(2025, 1, 1), calendar=calendar
    ) == date(2026, 11, 3)


def test_with_no_visit_yet_the_clock_starts_with_the_case(reference):
    cin = reference.visits.rhythm_for("child_in_need")
    due = next_visit_due(
        cin, last_visit=None, case_start=date(2026, 11, 17), calendar=reference.calendar
    )
    assert due == date(2026, 12, 15)


def test_early_help_has_no_statutory_visit(reference):
    assert reference.visits.rhythm_for("early_help") is None
    assert (
        next_visit_due(
            None,
            last_visit=date(2026, 1, 1),
            case_start=date(2026, 1, 1),
            calendar=reference.calendar,
        )
        is None
    )
