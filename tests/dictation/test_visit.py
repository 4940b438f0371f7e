"""``recorder_visit``: the day of the visit, when it started, and whether it was planned."""

from __future__ import annotations

from datetime import date


def test_a_visit_the_note_does_not_date_is_on_the_day_of_recording_and_says_so(draft):
    result = draft("Mum and Pawel were home.")

    assert result.values("visit_date") == [date(2026, 11, 18)]
    assert "the day of recording" in result.of("visit_date")[0].label


def test_a_visit_yesterday_said_on_new_years_day_was_on_new_years_eve(draft):
    result = draft("I visited Pawel yesterday at 4pm.", on=date(2027, 1, 1))

    assert result.values("visit_date") == [date(2026, 12, 31)]
    assert [e.words for e in result.of("visit_date")[0].evidence] == ["yesterday"]
    assert result.values("visit_time") == ["16:00"]


def test_a_visit_dictated_days_later_keeps_its_own_date(draft):
    result = draft(
        "Late entry full stop the visit was on Tuesday 29 December comma I arrived at 10.30am",
        on=date(2027, 1, 2),
    )

    assert result.values("visit_date") == [date(2026, 12, 29)]
    assert result.values("visit_time") == ["10:30"]


def test_a_date_tied_to_something_else_does_not_move_the_visit(draft):
    result = draft("The visit followed a referral on Friday. I arrived at 5pm.")

    assert result.values("visit_date") == [date(2026, 11, 18)]
    assert result.values("visit_time") == ["17:00"]


def test_a_visit_still_to_come_does_not_move_the_visit(draft):
    result = draft("Mum was home. I will visit again on Friday at 3pm.")

    assert result.values("visit_date") == [date(2026, 11, 18)]


def test_someone_elses_visit_in_an_action_list_does_not_move_the_visit(draft):
    result = draft("Actions: mum to book the GP. The HV to visit on Tuesday.")

    assert result.values("visit_date") == [date(2026, 11, 18)]


def test_the_time_the_worker_arrived_is_the_visit_time_with_its_words(draft):
    result = draft("I arrived at 3.45pm comma mum was home")

    assert result.values("visit_time") == ["15:45"]
    assert [e.words for e in result.of("visit_time")[0].evidence] == ["arrived at 3.45pm"]


def test_a_time_for_something_else_is_not_the_visit_time(draft):
    result = draft("Mum said Pawel went to bed at 9pm. Nan was home.")

    assert result.values("visit_time") == []


def test_half_past_four_is_the_visit_time(draft):
    assert draft("I arrived at half past four.").values("visit_time") == ["16:30"]


def test_an_unannounced_visit_and_a_planned_one(draft):
    assert draft("Unannounced visit to Pawel.").values("visit_type") == ["Unannounced"]
    assert draft("Planned visit as arranged with mum.").values("visit_type") == ["Planned"]
