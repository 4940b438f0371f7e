"""A chronology read as a reviewing officer reads it: every significant event, in date order."""

from __future__ import annotations

from datetime import date

import pytest

from recorder.domain.cases import Case, CaseType
from recorder.domain.chronology import (
    CATEGORIES,
    CaseChange,
    ChronologyEntry,
    ChronologyFacts,
    HandoffNote,
    Move,
    Source,
    VisitNote,
    build_chronology,
    entry_problem,
)
from recorder.domain.placements import LegalStatus, Placement, PlacementKind
from recorder.domain.records import RecordStatus

NAMES = {"w1": "Anwen Treharne", "w2": "Priya Castell"}


def _facts(**overrides) -> ChronologyFacts:
    case = Case("c", CaseType.CHILD_IN_NEED, "w2", date(2026, 3, 2), id="case1")
    base = dict(
        child_name="Eli Hale", cases=[case], case_changes=[], placements=[], moves=[],
        visits=[], handoffs=[], entries=[], names=NAMES,
    )  # fmt: skip
    return ChronologyFacts(**(base | overrides))


def _lines(facts) -> list[tuple[date, str]]:
    return [(e.day, e.what) for e in build_chronology(facts)]


def test_a_case_that_became_a_plan_and_changed_hands_reads_in_order():
    facts = _facts(
        case_changes=[
            CaseChange(
                date(2026, 5, 11),
                "case1",
                "case_type",
                "child_in_need",
                "child_protection",
                by="Sam Whitlock",
            ),
            CaseChange(date(2026, 6, 1), "case1", "worker_id", "w1", "w2"),
            CaseChange(
                date(2026, 9, 14), "case1", "case_type", "child_protection", "child_in_need"
            ),
        ]  # fmt: skip
    )
    assert _lines(facts) == [
        (date(2026, 3, 2), "Case opened: child in need; allocated to Anwen Treharne"),
        (date(2026, 5, 11), "Case changed from child in need to child protection plan"),
        (date(2026, 5, 11), "Child protection plan started"),
        (date(2026, 6, 1), "Case transferred from Anwen Treharne to Priya Castell"),
        (date(2026, 9, 14), "Case changed from child protection plan to child in need"),
        (date(2026, 9, 14), "Child protection plan ended"),
    ]


def test_a_closed_plan_ends_and_closes_on_its_end_date():
    case = Case("c", CaseType.CHILD_PROTECTION, None, date(2025, 1, 6), date(2025, 8, 1),
                reference="CP-1", closure_reason="Stepped down to early help",
                id="case1")  # fmt: skip
    assert _lines(_facts(cases=[case])) == [
        (date(2025, 1, 6), "Case opened: child protection plan (reference CP-1); not allocated"),
        (date(2025, 1, 6), "Child protection plan started"),
        (date(2025, 8, 1), "Child protection plan ended"),
        (date(2025, 8, 1), "Case closed: child protection plan (stepped down to early help)"),
    ]


def test_placements_moves_visits_handoffs_and_added_events_each_have_their_line():
    facts = _facts(
        placements=[
            Placement(
                "c",
                date(2026, 4, 1),
                PlacementKind.FOSTER,
                LegalStatus.SECTION_20,
                end_date=date(2026, 7, 1),
                carers="Mr and Mrs Pellew",
            ),
        ],  # fmt: skip
        moves=[
            Move("Eli Hale", True, "3 Quarry Lane, Northbridge", date(2026, 7, 1), None),
            Move("Darren Quenby", False, "3 Quarry Lane, Northbridge", date(2026, 8, 3), None),
        ],
        visits=[
            VisitNote(
                date(2026, 7, 8),
                "Home visit",
                RecordStatus.FINISHED,
                True,
                True,
                "Completed",
                "Anwen Treharne",
            ),
            VisitNote(
                date(2026, 7, 20),
                "Home visit",
                RecordStatus.FINISHED,
                False,
                None,
                "No access",
                "Anwen Treharne",
            ),
            VisitNote(date(2026, 8, 5), "Home visit", RecordStatus.DRAFT, True, False, "", ""),
        ],  # fmt: skip
        handoffs=[
            HandoffNote(
                date(2026, 7, 9),
                "Home visit of 08/07/2026",
                RecordStatus.WITH_BUSINESS_SUPPORT,
                "Anwen Treharne",
                "",
            ),
            HandoffNote(
                date(2026, 7, 10),
                "Home visit of 08/07/2026",
                RecordStatus.APPROVED,
                "Sam Whitlock",
                "",
            ),
        ],  # fmt: skip
        entries=[
            ChronologyEntry(
                "c",
                date(2026, 7, 15),
                "Strategy discussion",
                "Police and school agreed a single-agency response",
                "w1",
            ),
        ],  # fmt: skip
    )
    events = build_chronology(facts)
    lines = [(e.day, e.category, e.what, e.by) for e in events]
    assert lines[1:] == [
        (date(2026, 4, 1), "Placement",
         "Placement began: Foster care (Mr and Mrs Pellew); accommodated by agreement "
         "(section 20)", ""),
        (date(2026, 7, 1), "Placement", "Placement ended: Foster care (Mr and Mrs Pellew)", ""),
        (date(2026, 7, 1), "Household", "Eli Hale moved in to 3 Quarry Lane, Northbridge", ""),
        (date(2026, 7, 8), "Visit", "Home visit: child seen alone", "Anwen Treharne"),
        (date(2026, 7, 9), "Record", "Home visit of 08/07/2026 sent to business support",
         "Anwen Treharne"),
        (date(2026, 7, 10), "Record", "Home visit of 08/07/2026 approved", "Sam Whitlock"),
        (date(2026, 7, 15), "Strategy discussion",
         "Police and school agreed a single-agency response", "Anwen Treharne"),
        (date(2026, 7, 20), "Visit", "Home visit: no access", "Anwen Treharne"),
        (date(2026, 8, 3), "Household", "Darren Quenby moved in to 3 Quarry Lane, Northbridge",
         ""),
        (date(2026, 8, 5), "Visit", "Home visit: child seen (still a draft)", ""),
    ]  # fmt: skip
    assert events[-4].source is Source.ADDED and events[-4].entry_id


@pytest.mark.parametrize(
    ("when", "category", "note", "problem"),
    [
        (None, "Court", "Hearing", "Give the date the event happened."),
        (date(2026, 11, 21), "Court", "Hearing", "the date is in the future"),
        (date(2026, 11, 2), "Gossip", "Hearing", "Choose a category"),
        (date(2026, 11, 2), "Court", "   ", "Say in a short note what happened."),
        (date(2026, 11, 2), "Court", "x" * 501, "Keep the note to 500 characters"),
    ],
)
def test_an_event_added_by_hand_needs_a_past_date_a_category_and_a_short_note(
    when, category, note, problem
):
    found = entry_problem(event_date=when, category=category, note=note, today=date(2026, 11, 20))
    assert found is not None and problem in found
    assert entry_problem(event_date=date(2026, 11, 20), category=CATEGORIES[0], note="Referral "
                         "from school", today=date(2026, 11, 20)) is None  # fmt: skip
