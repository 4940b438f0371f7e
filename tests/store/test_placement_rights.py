"""Who records placements and a plan's visiting frequency, and what the child view reads back.

The store checks the role, not the window: a team manager reads placements and
cannot change them however the write arrives.
"""

from __future__ import annotations

from datetime import date

import pytest

from recorder.child_visits import child_visits, clock_lines
from recorder.domain import CaseType, Role, User
from recorder.domain.placements import LegalStatus, Placement, PlacementKind
from recorder.store.errors import RefusedWriteError
from tests.conftest import add_user
from tests.store.test_visit_clock_rules import VISIT_FORMS, Child

ON = date(2026, 11, 20)


@pytest.fixture
def child_in_care(fresh_store):
    child = Child(fresh_store, CaseType.CHILD_IN_CARE, date(2026, 3, 2))
    child.placed(date(2026, 3, 2), first_review=date(2026, 3, 27))
    return child


def _signed_in(store, role: Role) -> User:
    user = User(f"A {role.label.lower()}", role)
    add_user(store, user)
    store.sign_in(user.id)
    return user


def test_a_team_manager_reads_placements_but_cannot_record_one(child_in_care):
    store = child_in_care.store
    _signed_in(store, Role.TEAM_MANAGER)
    move = Placement(
        child_in_care.child.id, date(2026, 11, 9), PlacementKind.FOSTER, LegalStatus.SECTION_20
    )
    with pytest.raises(RefusedWriteError, match="social worker or business support"):
        store.placements.save(move)
    assert len(store.placements.for_child(child_in_care.child.id)) == 1
    with pytest.raises(RefusedWriteError, match="a team manager can read it"):
        store.cases.set_plan_visits(child_in_care.case.id, 10)


def test_business_support_record_a_move_for_the_worker(child_in_care):
    store = child_in_care.store
    _signed_in(store, Role.BUSINESS_SUPPORT)
    move = Placement(
        child_in_care.child.id, date(2026, 11, 9), PlacementKind.FOSTER, LegalStatus.SECTION_20
    )
    store.placements.save(move)
    first, second = store.placements.for_child(child_in_care.child.id)
    assert first.end_date == date(2026, 11, 9) and second.end_date is None


def test_a_plans_frequency_is_a_whole_number_of_working_days_or_none(child_in_care):
    store, case = child_in_care.store, child_in_care.case
    store.cases.set_plan_visits(case.id, 15)
    assert store.cases.get(case.id).plan_visit_every_working_days == 15
    with pytest.raises(RefusedWriteError, match="at least 1 working day"):
        store.cases.set_plan_visits(case.id, 0)
    store.cases.set_plan_visits(case.id, None)
    assert store.cases.get(case.id).plan_visit_every_working_days is None
    changes = [c.field for c in store.history(case.id)]
    assert changes.count("plan_visit_every_working_days") >= 2  # audited like any change


def test_early_help_has_no_plan_frequency(fresh_store):
    early = Child(fresh_store, CaseType.EARLY_HELP, date(2026, 9, 1))
    with pytest.raises(RefusedWriteError, match="Early help has no statutory visits"):
        fresh_store.cases.set_plan_visits(early.case.id, 10)


def test_the_child_view_reads_the_same_clock_as_the_caseload(child_in_care, reference):
    child_in_care.visited(date(2026, 10, 29))
    child_in_care.visited(date(2026, 11, 12), status="draft")
    found = child_visits(
        child_in_care.store,
        child_in_care.child.id,
        visit_forms=VISIT_FORMS,
        reference=reference,
        today=ON,
    )
    (entry,) = found.entries
    assert entry.clock == child_in_care.clock(ON, reference)
    assert found.current is not None and found.in_care
    lines = {line.label: line for line in clock_lines(entry)}
    assert lines["Next visit due"].text == "10/12/2026"  # 29/10 + 6 weeks
    assert lines["Rule in force"].text.startswith("Every 6 weeks")
    assert lines["Last visit that counts"].text == "29/10/2026"
    assert "12/11/2026 is still a draft" in lines["Not yet sent"].text
    assert lines["The plan's own frequency"].text == "None set"


def test_a_plans_own_frequency_brings_the_child_views_due_date_forward(child_in_care, reference):
    child_in_care.visited(date(2026, 11, 2))
    child_in_care.store.cases.set_plan_visits(child_in_care.case.id, 10)
    (entry,) = child_visits(
        child_in_care.store,
        child_in_care.child.id,
        visit_forms=VISIT_FORMS,
        reference=reference,
        today=ON,
    ).entries
    lines = {line.label: line for line in clock_lines(entry)}
    assert lines["Next visit due"].text == "16/11/2026: overdue by 4 days"
    assert lines["Next visit due"].warning
    assert lines["Rule in force"].text == "Every 10 working days, as the child's plan sets"
    assert lines["The plan's own frequency"].text == "Every 10 working days"
