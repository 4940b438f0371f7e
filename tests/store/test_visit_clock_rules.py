"""The statutory visit clock, rule by rule, on placements and visits recorded through the store.

Each test is a child's story: the placements a worker records, the visit records
written, and what the caseload then says. The rules are numbered as in
``docs/visit-clock.md`` (R1-R15).
"""

from __future__ import annotations

from datetime import date

import pytest

from recorder.caseload import caseload_entries
from recorder.domain import Case, CaseType, Person, Record, RecordStatus, Role, User
from recorder.domain.placements import LegalStatus, Placement, PlacementKind
from recorder.store.errors import RefusedWriteError
from tests.conftest import add_user

VISIT_FORMS = ["home_visit", "cp_visit", "cic_visit"]
FOSTER, RESIDENTIAL = PlacementKind.FOSTER, PlacementKind.RESIDENTIAL
S20, CARE_ORDER, ICO = (
    LegalStatus.SECTION_20,
    LegalStatus.CARE_ORDER,
    LegalStatus.INTERIM_CARE_ORDER,
)


class Child:
    """One child with one open case, recorded through the store's own verbs."""

    def __init__(self, store, case_type: CaseType, start: date, *, plan: int | None = None):
        self.store = store
        worker = User("Nerys Penhallow", Role.SOCIAL_WORKER)
        add_user(store, worker)
        store.sign_in(worker.id)
        self.child = Person("Tomos", "Ferreira-Lake", date_of_birth=date(2014, 4, 9))
        store.people.add(self.child)
        self.case = Case(
            self.child.id, case_type, worker.id, start, plan_visit_every_working_days=plan
        )
        store.cases.add(self.case)
        self.worker = worker

    def placed(self, start: date, kind=FOSTER, status=S20, **facts) -> Placement:
        placement = Placement(self.child.id, start, kind, status, **facts)
        self.store.placements.save(placement)
        return placement

    def visited(self, day: date, status=RecordStatus.FINISHED, *, seen=True, outcome=None):
        form = {
            CaseType.CHILD_IN_CARE: "cic_visit",
            CaseType.CHILD_PROTECTION: "cp_visit",
        }.get(self.case.case_type, "home_visit")
        values = {"visit_date": day.isoformat() if isinstance(day, date) else day}
        if seen is not None:
            values["child_seen"] = seen
        if outcome:
            values["visit_outcome"] = outcome
        self.store.records.add(
            Record(self.case.id, form, 1, self.worker.id, status=status, values=values)
        )

    def clock(self, on: date, reference):
        rows = self.store.views.caseload(worker_id=None, visit_forms=VISIT_FORMS)
        (entry,) = caseload_entries(
            rows, visits=reference.visits, calendar=reference.calendar, today=on
        )
        return entry.clock


@pytest.fixture
def child_in_care(fresh_store):
    return Child(fresh_store, CaseType.CHILD_IN_CARE, date(2026, 3, 2))


# R1 -------------------------------------------------------------------------------------


def test_a_draft_visit_does_not_stop_the_clock_but_is_shown_as_not_sent(fresh_store, reference):
    tomos = Child(fresh_store, CaseType.CHILD_PROTECTION, date(2026, 11, 2))
    tomos.visited(date(2026, 11, 5), RecordStatus.DRAFT)
    clock = tomos.clock(date(2026, 11, 20), reference)
    assert clock.last_visit is None
    assert clock.next_due == date(2026, 11, 16)  # 10 working days from the plan's start
    assert clock.overdue
    assert clock.not_sent == date(2026, 11, 5)


def test_a_visit_where_the_child_was_not_seen_never_counts_whatever_its_state(
    fresh_store, reference
):
    tomos = Child(fresh_store, CaseType.CHILD_PROTECTION, date(2026, 11, 2))
    tomos.visited(date(2026, 11, 6), RecordStatus.APPROVED, seen=False)
    tomos.visited(date(2026, 11, 9), RecordStatus.FINISHED, seen=None)
    assert tomos.clock(date(2026, 11, 20), reference).last_visit is None


def test_a_no_access_visit_is_recorded_and_never_counts(fresh_store, reference):
    tomos = Child(fresh_store, CaseType.CHILD_PROTECTION, date(2026, 11, 2))
    tomos.visited(date(2026, 11, 10), RecordStatus.FINISHED, seen=True, outcome="No access")
    tomos.visited(date(2026, 11, 11), RecordStatus.FINISHED, seen=True, outcome="Child not seen")
    tomos.visited(date(2026, 11, 6), RecordStatus.WITH_BUSINESS_SUPPORT)
    assert tomos.clock(date(2026, 11, 20), reference).last_visit == date(2026, 11, 6)


def test_a_visit_with_business_support_counts(fresh_store, reference):
    tomos = Child(fresh_store, CaseType.CHILD_IN_NEED, date(2026, 9, 1))
    tomos.visited(date(2026, 11, 12), RecordStatus.WITH_BUSINESS_SUPPORT)
    clock = tomos.clock(date(2026, 11, 20), reference)
    assert clock.last_visit == date(2026, 11, 12)
    assert clock.next_due == date(2026, 12, 10)  # R4: 20 working days
    assert not clock.overdue


def test_an_impossible_visit_date_never_breaks_the_childs_row(fresh_store, reference):
    """Regression: a record dated "31/02/2026" turned two approved visits into "No visit yet"."""
    tomos = Child(fresh_store, CaseType.CHILD_IN_NEED, date(2026, 9, 1))
    tomos.visited(date(2026, 10, 1), RecordStatus.APPROVED)
    tomos.visited(date(2026, 10, 20), RecordStatus.APPROVED)
    tomos.visited("31/02/2026", RecordStatus.WITH_BUSINESS_SUPPORT)
    tomos.visited("2026-02-31", RecordStatus.WITH_BUSINESS_SUPPORT)
    assert tomos.clock(date(2026, 11, 20), reference).last_visit == date(2026, 10, 20)


# R2, R3 -------------------------------------------------------------------------------


def test_the_last_visit_is_the_latest_that_counts_in_any_placement(child_in_care, reference):
    child_in_care.placed(date(2026, 3, 2))
    child_in_care.visited(date(2026, 3, 5))
    child_in_care.placed(date(2026, 6, 1), RESIDENTIAL)
    clock = child_in_care.clock(date(2026, 6, 3), reference)
    assert clock.last_visit == date(2026, 3, 5)
    assert clock.next_due == date(2026, 6, 8)  # R6: the new placement's own first week


def test_early_help_owes_no_statutory_visit(fresh_store, reference):
    tomos = Child(fresh_store, CaseType.EARLY_HELP, date(2026, 1, 5))
    tomos.visited(date(2026, 2, 2))
    clock = tomos.clock(date(2026, 11, 20), reference)
    assert (clock.last_visit, clock.next_due, clock.overdue) == (date(2026, 2, 2), None, False)


# R4, R5, R14 ---------------------------------------------------------------------------


def test_child_protection_counts_working_days_across_christmas(fresh_store, reference):
    tomos = Child(fresh_store, CaseType.CHILD_PROTECTION, date(2026, 10, 1))
    tomos.visited(date(2026, 12, 21))
    # 25 and 28 December and 1 January are bank holidays
    assert tomos.clock(date(2026, 12, 22), reference).next_due == date(2027, 1, 7)


def test_the_due_date_itself_is_not_overdue_and_the_day_after_is(fresh_store, reference):
    tomos = Child(fresh_store, CaseType.CHILD_PROTECTION, date(2026, 10, 1))
    tomos.visited(date(2026, 11, 12))
    assert not tomos.clock(date(2026, 11, 26), reference).overdue
    assert tomos.clock(date(2026, 11, 27), reference).overdue


@pytest.mark.parametrize(("plan", "due"), [(5, date(2026, 11, 19)), (15, date(2026, 11, 26))])
def test_a_plan_can_bring_visits_forward_but_never_put_them_back(fresh_store, reference, plan, due):
    tomos = Child(fresh_store, CaseType.CHILD_PROTECTION, date(2026, 10, 1), plan=plan)
    tomos.visited(date(2026, 11, 12))
    assert tomos.clock(date(2026, 11, 13), reference).next_due == due


def test_a_child_in_care_plan_counts_from_the_last_visit_on_the_case(child_in_care, reference):
    child_in_care.store.cases.update(child_in_care.case.id, plan_visit_every_working_days=10)
    child_in_care.placed(date(2026, 1, 5))
    child_in_care.visited(date(2026, 11, 2))
    # 6 weeks would be 14 December; the plan's 10 working days come first
    assert child_in_care.clock(date(2026, 11, 3), reference).next_due == date(2026, 11, 16)


# R6, R7, R8, R15 -----------------------------------------------------------------------


def test_a_new_placement_is_visited_within_a_week(child_in_care, reference):
    child_in_care.placed(date(2026, 3, 2))
    child_in_care.visited(date(2026, 3, 4))
    child_in_care.placed(date(2026, 11, 16), RESIDENTIAL)
    assert not child_in_care.clock(date(2026, 11, 23), reference).overdue
    late = child_in_care.clock(date(2026, 11, 24), reference)
    assert late.overdue and late.next_due == date(2026, 11, 23)


def test_the_first_year_of_a_placement_is_six_weekly(child_in_care, reference):
    child_in_care.placed(date(2026, 3, 2), intended_until_18=True)
    child_in_care.visited(date(2026, 5, 4))
    assert child_in_care.clock(date(2026, 5, 5), reference).next_due == date(2026, 6, 15)


@pytest.mark.parametrize(
    ("facts", "due"),
    [
        ({"intended_until_18": True}, date(2026, 5, 2)),
        ({"long_term_foster": True, "child_agreed_six_monthly": True}, date(2026, 8, 2)),
        ({"long_term_foster": True, "intended_until_18": True}, date(2026, 5, 2)),
        ({"long_term_foster": True}, date(2026, 3, 16)),
        ({}, date(2026, 3, 16)),
    ],
)
def test_after_the_first_year_the_interval_follows_the_placement(
    fresh_store, reference, facts, due
):
    child = Child(fresh_store, CaseType.CHILD_IN_CARE, date(2025, 1, 6))
    child.placed(date(2025, 1, 6), **facts)
    child.visited(date(2026, 2, 2))
    assert child.clock(date(2026, 2, 3), reference).next_due == due


def test_a_first_year_visit_opens_six_weeks_even_when_asked_in_the_second(fresh_store, reference):
    child = Child(fresh_store, CaseType.CHILD_IN_CARE, date(2025, 1, 6))
    child.placed(date(2025, 1, 6), intended_until_18=True)
    child.visited(date(2025, 12, 1))
    assert child.clock(date(2026, 1, 8), reference).next_due == date(2026, 1, 12)


# R9, R10, R11, R12 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "visit", "due"),
    [
        (CARE_ORDER, date(2026, 9, 22), date(2026, 9, 29)),  # before the review: weekly
        (CARE_ORDER, date(2026, 10, 6), date(2026, 11, 17)),  # after it: 6-weekly
        (ICO, date(2026, 10, 6), date(2026, 11, 3)),  # under an ICO: 4-weekly wins
    ],
)
def test_placed_with_a_parent_before_assessment(fresh_store, reference, status, visit, due):
    child = Child(fresh_store, CaseType.CHILD_IN_CARE, date(2026, 9, 1))
    child.placed(
        date(2026, 9, 1), PlacementKind.PLACED_WITH_PARENT_PENDING_ASSESSMENT, status,
        first_review=date(2026, 9, 29),
    )  # fmt: skip
    child.visited(visit)
    assert child.clock(visit, reference).next_due == due


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (PlacementKind.KINSHIP_TEMPORARY_APPROVAL, S20),
        (PlacementKind.HOME_UNDER_INTERIM_CARE_ORDER, ICO),
    ],
)
def test_weekly_until_the_first_review_then_four_weekly(fresh_store, reference, kind, status):
    child = Child(fresh_store, CaseType.CHILD_IN_CARE, date(2026, 9, 1))
    placement = child.placed(date(2026, 9, 1), kind, status)
    assert child.clock(date(2026, 9, 2), reference).next_due == date(2026, 9, 8)  # R12
    child.visited(date(2026, 10, 6))
    assert child.clock(date(2026, 10, 6), reference).next_due == date(2026, 10, 13)
    child.store.placements.save(
        Placement(
            child.child.id, date(2026, 9, 1), kind, status,
            first_review=date(2026, 9, 29), id=placement.id,
        )
    )  # fmt: skip
    assert child.clock(date(2026, 10, 6), reference).next_due == date(2026, 11, 3)


def test_at_home_under_a_care_order_stays_six_weekly_in_every_year(fresh_store, reference):
    child = Child(fresh_store, CaseType.CHILD_IN_CARE, date(2024, 6, 3))
    child.placed(
        date(2024, 6, 3), PlacementKind.HOME_UNDER_CARE_ORDER, CARE_ORDER, intended_until_18=True
    )
    assert child.clock(date(2024, 6, 4), reference).next_due == date(2024, 6, 10)
    child.visited(date(2026, 10, 5))
    assert child.clock(date(2026, 10, 6), reference).next_due == date(2026, 11, 16)


# Placements as the store keeps them ----------------------------------------------------


def test_a_move_ends_the_current_placement_on_the_new_start(child_in_care):
    first = child_in_care.placed(date(2026, 3, 2))
    child_in_care.placed(date(2026, 8, 10), RESIDENTIAL)
    placements = child_in_care.store.placements.for_child(child_in_care.child.id)
    assert [p.end_date for p in placements] == [date(2026, 8, 10), None]
    assert placements[0].id == first.id
    history = child_in_care.store.history(first.id)
    assert any(c.field == "end_date" and c.new_value == "2026-08-10" for c in history)


@pytest.mark.parametrize(
    ("facts", "words"),
    [
        ({"kind": PlacementKind.HOME_UNDER_CARE_ORDER, "legal_status": S20}, "care order"),
        ({"legal_status": S20, "long_term_foster": False, "child_agreed_six_monthly": True},
         "only to a long-term foster placement"),
        ({"kind": RESIDENTIAL, "legal_status": S20, "long_term_foster": True},
         "Only a foster placement"),
        ({"kind": PlacementKind.PLACED_WITH_PARENT_PENDING_ASSESSMENT, "legal_status": S20},
         "never section 20"),
        ({"legal_status": S20, "end_date": date(2026, 1, 1)}, "cannot end before it starts"),
    ],
)  # fmt: skip
def test_an_impossible_placement_is_refused_in_words(child_in_care, facts, words):
    facts = {"kind": FOSTER, **facts}
    with pytest.raises(RefusedWriteError, match=words):
        child_in_care.store.placements.save(
            Placement(child_in_care.child.id, date(2026, 3, 2), **facts)
        )
    assert child_in_care.store.placements.for_child(child_in_care.child.id) == []


def test_overlapping_placements_are_refused(child_in_care):
    child_in_care.placed(date(2026, 3, 2))
    child_in_care.placed(date(2026, 6, 1))
    with pytest.raises(RefusedWriteError, match="overlap the placement from 02/03/2026"):
        child_in_care.store.placements.save(
            Placement(child_in_care.child.id, date(2026, 4, 1), FOSTER, S20,
                      end_date=date(2026, 5, 1))
        )  # fmt: skip


def test_bank_holidays_are_known_past_2028(fresh_store, reference):
    """Regression: the council's own list stopped at 2028, so Christmas 2029 was a working day."""
    tomos = Child(fresh_store, CaseType.CHILD_PROTECTION, date(2029, 12, 3))
    tomos.visited(date(2029, 12, 20))
    # 21, 24, 27, 28, 31 December, 2, 3, 4, 7, 8 January: Christmas, Boxing Day, New Year skipped
    assert tomos.clock(date(2029, 12, 21), reference).next_due == date(2030, 1, 8)


def test_a_date_past_the_known_bank_holidays_is_said_not_guessed(fresh_store, reference):
    last = reference.calendar.last_known_year
    tomos = Child(fresh_store, CaseType.CHILD_PROTECTION, date(last, 12, 20))
    clock = tomos.clock(date(last, 12, 21), reference)
    assert clock.next_due is None and not clock.overdue
    assert f"bank holidays after {last} are not known" in clock.problem
