"""A placement typed into the dialog: dates as people write them, choices that apply, who saves."""

from __future__ import annotations

from datetime import date

import pytest

from recorder.domain.placement_entry import (
    PlacementEntry,
    agreement_applies,
    flags_text,
    legal_statuses_for,
    long_term_foster_applies,
    placement_edit_problem,
    placement_from_entry,
    read_typed_date,
    until_18_applies,
)
from recorder.domain.placements import LegalStatus, PlacementKind
from recorder.domain.users import Role

FOSTER = PlacementKind.FOSTER


def _entry(**changes) -> PlacementEntry:
    fields = dict(
        child_id="child",
        start="09/11/2026",
        end="",
        kind=FOSTER,
        legal_status=LegalStatus.SECTION_20,
    )
    return PlacementEntry(**(fields | changes))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("03/11/2026", date(2026, 11, 3)),
        ("3/11/2026", date(2026, 11, 3)),
        ("3.11.2026", date(2026, 11, 3)),
    ],
)
def test_a_date_is_typed_day_first(typed, expected):
    assert read_typed_date(typed, what="start date") == (expected, "")


def test_an_impossible_date_is_named_not_guessed():
    found, problem = read_typed_date("31/02/2026", what="start date")
    assert found is None
    assert (
        problem == "There is no such date as 31/02/2026 (start date): check the day and the month."
    )


def test_a_date_in_another_shape_is_shown_how_to_write_it():
    found, problem = read_typed_date("next Tuesday", what="first review date")
    assert (
        found is None and "first review date as day/month/year, for example 03/11/2026" in problem
    )


def test_an_empty_date_is_fine_unless_it_is_needed():
    assert read_typed_date("  ", what="end date") == (None, "")
    assert read_typed_date("", what="start date", required=True) == (
        None,
        "Type the start date as day/month/year.",
    )


def test_a_placement_typed_in_full_becomes_a_placement():
    placement, problems = placement_from_entry(
        _entry(
            kind=PlacementKind.KINSHIP_FOSTER,
            intended_until_18=True,
            long_term_foster=True,
            child_agreed_six_monthly=True,
            first_review="20/11/2026",
            carers="  Shona Whitlock ",
        )
    )
    assert problems == []
    assert placement.start_date == date(2026, 11, 9) and placement.end_date is None
    assert placement.first_review == date(2026, 11, 20)
    assert placement.long_term_foster and placement.child_agreed_six_monthly
    assert placement.carers == "Shona Whitlock"


def test_every_wrong_date_is_said_at_once():
    placement, problems = placement_from_entry(
        _entry(start="31/02/2026", end="tomorrow", first_review="30/13/2026")
    )
    assert placement is None
    assert len(problems) == 3
    assert problems[0].startswith("There is no such date as 31/02/2026")


def test_an_end_before_the_start_is_refused_in_words():
    placement, problems = placement_from_entry(_entry(end="01/11/2026"))
    assert placement is None
    assert problems == ["The placement cannot end before it starts."]


def test_flags_that_do_not_apply_to_the_kind_are_dropped_not_refused():
    placement, problems = placement_from_entry(
        _entry(
            kind=PlacementKind.RESIDENTIAL,
            long_term_foster=True,
            child_agreed_six_monthly=True,
            intended_until_18=True,
        )
    )
    assert problems == []
    assert placement.intended_until_18  # a children's home can be meant to last until 18
    assert not placement.long_term_foster and not placement.child_agreed_six_monthly


def test_the_agreement_needs_a_long_term_foster_placement():
    placement, _ = placement_from_entry(_entry(child_agreed_six_monthly=True))
    assert not placement.child_agreed_six_monthly
    assert agreement_applies(FOSTER, True) and not agreement_applies(FOSTER, False)


def test_which_check_boxes_apply_to_which_kind():
    assert long_term_foster_applies(PlacementKind.KINSHIP_FOSTER)
    assert not long_term_foster_applies(PlacementKind.KINSHIP_TEMPORARY_APPROVAL)
    assert until_18_applies(PlacementKind.SUPPORTED_ACCOMMODATION)
    assert not until_18_applies(PlacementKind.HOME_UNDER_CARE_ORDER)


def test_the_legal_statuses_offered_follow_the_kind():
    assert legal_statuses_for(PlacementKind.HOME_UNDER_CARE_ORDER) == [LegalStatus.CARE_ORDER]
    assert legal_statuses_for(PlacementKind.HOME_UNDER_INTERIM_CARE_ORDER) == [
        LegalStatus.INTERIM_CARE_ORDER
    ]
    reg_19 = legal_statuses_for(PlacementKind.PLACED_WITH_PARENT_PENDING_ASSESSMENT)
    assert LegalStatus.SECTION_20 not in reg_19 and len(reg_19) == 2
    assert legal_statuses_for(FOSTER) == list(LegalStatus)


def test_a_correction_keeps_the_placements_id():
    placement, _ = placement_from_entry(_entry(id="kept"))
    assert placement.id == "kept"


def test_the_social_worker_and_business_support_record_placements_a_manager_reads():
    assert placement_edit_problem(Role.SOCIAL_WORKER) is None
    assert placement_edit_problem(Role.BUSINESS_SUPPORT) is None
    assert "team manager can read them" in placement_edit_problem(Role.TEAM_MANAGER)


def test_the_long_term_plan_in_words():
    placement, _ = placement_from_entry(
        _entry(intended_until_18=True, long_term_foster=True, child_agreed_six_monthly=True)
    )
    assert flags_text(placement) == (
        "Intended until 18; long-term foster placement, the child agreed to 6-monthly visits"
    )
    plain, _ = placement_from_entry(_entry())
    assert flags_text(plain) == ""
