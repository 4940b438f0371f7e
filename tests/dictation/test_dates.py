"""``recorder_dates``: "tomorrow", "by Friday", "on the 3rd" as dates, over month and year ends."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from recorder.dictation.components.dates import said_dates, said_times

YEAR_END = date(2026, 12, 30)
"""A Wednesday, the day before New Year's Eve."""


def dates_in(drafter, family, text: str, on: date):
    """The dates and times the component found, on the pipeline's own Doc."""
    doc = drafter.nlp.make_doc(text)
    doc._.context = replace(family, recorded_on=on)
    doc = drafter.nlp(doc)
    return doc, said_dates(doc), said_times(doc)


def due_dates(result) -> list[date | None]:
    return [a.due for a in result.values("actions")]


@pytest.mark.parametrize(
    ("said", "due"),
    [
        ("tomorrow", date(2026, 12, 31)),
        ("in two weeks", date(2027, 1, 13)),
        ("in a fortnight", date(2027, 1, 13)),
        ("in three days' time", date(2027, 1, 2)),
        ("by Friday", date(2027, 1, 1)),
        ("on Monday", date(2027, 1, 4)),
        ("next Tuesday", date(2027, 1, 5)),
        ("on the 3rd", date(2027, 1, 3)),
        ("by 8 January", date(2027, 1, 8)),
        ("by 2/1", date(2027, 1, 2)),
    ],
)
def test_an_action_due_after_new_year_gets_next_years_date(draft, said, due):
    result = draft(f"I will ring mum {said}.", on=YEAR_END)

    assert due_dates(result) == [due]
    assert said.split()[-1] in result.of("actions")[0].evidence[0].words


def test_the_3rd_said_at_the_end_of_january_is_in_february(draft):
    result = draft("Mum agreed to phone the GP by the 3rd.", on=date(2026, 1, 30))

    assert due_dates(result) == [date(2026, 2, 3)]


def test_the_31st_said_in_a_short_month_is_not_invented(draft):
    result = draft("I will send the report by the 31st.", on=date(2026, 11, 18))

    assert due_dates(result) == [date(2026, 12, 31)]


def test_by_the_end_of_next_week_is_the_friday_of_next_week(draft):
    result = draft("SW will complete the assessment by the end of next week.", on=YEAR_END)

    assert due_dates(result) == [date(2027, 1, 8)]


def test_a_weekday_reads_forward_for_an_action_and_back_for_what_happened(drafter, family):
    _, found, _ = dates_in(drafter, family, "On Monday", on=YEAR_END)

    assert [(d.forward, d.back) for d in found] == [(date(2027, 1, 4), date(2026, 12, 28))]


def test_last_friday_has_no_forward_reading(drafter, family):
    _, found, _ = dates_in(drafter, family, "last Friday", on=YEAR_END)

    assert [(d.forward, d.back) for d in found] == [(None, date(2026, 12, 25))]


def test_yesterday_on_new_years_day_is_new_years_eve(drafter, family):
    _, found, _ = dates_in(drafter, family, "yesterday", on=date(2027, 1, 1))

    assert [d.back for d in found] == [date(2026, 12, 31)]


def test_a_day_and_month_in_december_said_in_january_is_last_year(drafter, family):
    _, found, _ = dates_in(drafter, family, "on 29 December", on=date(2027, 1, 2))

    assert [(d.back, d.forward) for d in found] == [(date(2026, 12, 29), date(2027, 12, 29))]


def test_an_impossible_date_is_not_a_date(drafter, family):
    _, found, _ = dates_in(drafter, family, "on 30 February and 31/4", on=YEAR_END)

    assert found == []


@pytest.mark.parametrize(
    ("said", "hhmm"),
    [
        ("3.45pm", "15:45"),
        ("3:45 pm", "15:45"),
        ("10.30am", "10:30"),
        ("noon", "12:00"),
        ("half four", "16:30"),
        ("12pm", "12:00"),
        ("12am", "00:00"),
        ("17:20", "17:20"),
    ],
)
def test_clock_times_become_24_hour_times(drafter, family, said, hhmm):
    _, _, times = dates_in(drafter, family, f"I arrived at {said}.", on=YEAR_END)

    assert [t.hhmm for t in times] == [hhmm]


def test_plain_numbers_are_not_times(drafter, family):
    _, _, times = dates_in(drafter, family, "She is 7 and has 3 brothers.", on=YEAR_END)

    assert times == []


# -- British dates and times (issue 16) ------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "hhmm"),
    [("arrived 1600", "16:00"), ("got there just after four", "16:00"), ("visit at 0930hrs",
     "09:30"), ("got there about half three", "15:30"), ("arrived @ 3:15", "15:15"),
     ("got there round five", "17:00")],
)
def test_informal_and_24_hour_times(drafter, family, said, hhmm):
    _, _, times = dates_in(drafter, family, f"I {said}.", on=YEAR_END)

    assert [t.hhmm for t in times] == [hhmm]


@pytest.mark.parametrize("said", ["since 2019", "at four years old", "she was sat on the sofa",
                                  "we went round four houses"])
def test_years_ages_and_everyday_words_are_not_times_or_dates(drafter, family, said):
    _, dates, times = dates_in(drafter, family, said, on=YEAR_END)

    assert (dates, times) == ([], [])


@pytest.mark.parametrize(
    ("said", "day"),
    [("I visited yday.", "2026-11-17"), ("Visited Mon at 3pm.", "2026-11-16"),
     ("Visited yesterday (Tuesday 17 November).", "2026-11-17")],
)
def test_the_visit_date_from_short_and_explicit_forms(draft, said, day):
    assert draft(said).values("visit_date")[0].isoformat() == day


def test_another_persons_date_is_not_the_visit_date(draft):
    result = draft("Home visit. Mum had been to hospital yesterday for a scan.")

    assert result.values("visit_date")[0].isoformat() == "2026-11-18"


def test_the_start_time_is_not_another_persons_arrival(draft):
    result = draft("Home visit this afternoon. Gülşen arrived at 4.30pm to collect Işık.")

    assert result.values("visit_time") == []


def test_a_start_time_said_just_after_the_visit_is_the_visits(draft):
    result = draft("Saw Pawel at home after school, about quarter past four. Mum was in.")

    assert result.values("visit_time") == ["16:15"]


def test_the_end_of_a_named_month_and_a_weekday_next_week(draft):
    """Regression: "by the end of October" gave no due date, and "on Thursday next week"
    gave this week's Thursday."""
    actions = draft("I will complete the assessment by the end of December. Gülşen will "
                    "visit on Thursday next week.").prediction()["actions"]
    assert [a["due"] for a in actions] == ["2026-12-31", "2026-11-26"]


def test_a_weekdays_one_off_event_is_dated_and_a_weekly_club_is_not(draft):
    """Regression: "at Monday's allocation meeting" gave no due date, read like "Friday's
    club", which meets every week."""
    actions = draft("Ελένη will bring the forms to Monday's review meeting. Gülşen will take "
                    "Işık to Friday's club.").prediction()["actions"]
    assert [a["due"] for a in actions] == ["2026-11-23", None]
