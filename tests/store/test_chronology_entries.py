"""A worker's chronology of a child: built from the record, with events added by hand, audited."""

from __future__ import annotations

from datetime import date

import pytest

from recorder.chronology import child_chronology
from recorder.domain import Person, Record, User
from recorder.domain.cases import CaseType
from recorder.domain.records import RecordStatus
from recorder.domain.users import Role
from recorder.store import RefusedWriteError
from tests.conftest import add_user

TODAY = date(2026, 11, 20)
VISIT_FORMS = ["home_visit", "cp_visit", "cic_visit"]
TITLES = {"home_visit": "Home visit"}


def _chronology(store, child_id):
    return child_chronology(store, child_id, visit_forms=VISIT_FORMS, form_titles=TITLES, on=TODAY)


def test_an_event_added_by_hand_is_in_the_chronology_and_the_change_log(fresh_store, family):
    before = fresh_store.change_count()
    fresh_store.chronology.add_entry(
        family.child.id, on=date(2026, 10, 20), category="Strategy discussion",
        note="  Police and school   agreed a single-agency response ", today=TODAY,
    )  # fmt: skip
    entry = fresh_store.chronology.for_child(family.child.id)[0]
    assert entry.note == "Police and school agreed a single-agency response"
    assert entry.author_id == family.worker.id
    logged = {c.field: c.new_value for c in fresh_store.history(entry.id)}
    assert logged["category"] == "Strategy discussion" and logged["event_date"] == "2026-10-20"
    assert fresh_store.change_count() > before
    events = _chronology(fresh_store, family.child.id).events
    added = [e for e in events if e.category == "Strategy discussion"]
    assert added[0].by == "Anwen Treharne"


def test_an_event_added_by_hand_is_corrected_and_the_log_keeps_what_it_said(fresh_store, family):
    fresh_store.chronology.add_entry(
        family.child.id, on=date(2026, 10, 20), category="Court", note="Hearing listed",
        today=TODAY,
    )  # fmt: skip
    entry = fresh_store.chronology.for_child(family.child.id)[0]
    fresh_store.chronology.correct_entry(
        entry.id, on=date(2026, 10, 21), category="Court", note="Hearing adjourned", today=TODAY
    )
    updates = [
        (c.field, c.old_value, c.new_value)
        for c in fresh_store.history(entry.id)
        if c.op == "update"
    ]
    assert ("note", "Hearing listed", "Hearing adjourned") in updates
    assert ("event_date", "2026-10-20", "2026-10-21") in updates
    with pytest.raises(RefusedWriteError):
        fresh_store.chronology.correct_entry(
            entry.id, on=date(2026, 10, 21), category="Court", note=" ", today=TODAY
        )


@pytest.mark.parametrize(
    ("on", "category", "note"),
    [
        (date(2026, 11, 21), "Court", "Hearing"),
        (date(2026, 11, 2), "Court", ""),
        (date(2026, 11, 2), "Rumour", "Hearing"),
    ],  # fmt: skip
)
def test_an_event_that_cannot_be_added_is_refused_in_words_and_nothing_is_written(
    fresh_store, family, on, category, note
):
    before = fresh_store.change_count()
    with pytest.raises(RefusedWriteError):
        fresh_store.chronology.add_entry(
            family.child.id, on=on, category=category, note=note, today=TODAY
        )
    assert fresh_store.change_count() == before


def test_the_chronology_follows_the_family_as_it_is_recorded(fresh_store, family):
    store = family_store = fresh_store
    partner = Person("Darren", "Quenby", gender="Male")
    store.people.add(partner)
    store.households.add_member(family.home.id, partner.id, since=date(2026, 10, 5))
    visit = Record(
        case_id=family.case.id, form_id="home_visit", form_version=2, author_id=family.worker.id,
        values={"visit_date": "2026-10-12", "child_seen": True, "child_seen_alone": True,
                "visit_outcome": "Completed"},
    )  # fmt: skip
    store.records.add(visit)
    store.records.move(visit.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    other = User("Priya Castell", Role.SOCIAL_WORKER)
    add_user(store, other)
    store.cases.update(family.case.id, worker_id=other.id)
    store.cases.update(family.case.id, case_type=CaseType.CHILD_PROTECTION)

    lines = [(e.category, e.what, e.by) for e in _chronology(family_store, family.child.id).events]
    assert lines[0] == ("Case", "Case opened: child in need; allocated to Anwen Treharne", "")
    assert ("Household", "Darren Quenby moved in to 3 Quarry Lane, Northbridge", "") in lines
    assert ("Visit", "Home visit: child seen alone", "Anwen Treharne") in lines
    assert (
        "Record", "Home visit of 12/10/2026 sent to business support", "Anwen Treharne"
    ) in lines  # fmt: skip
    assert (
        "Case", "Case transferred from Anwen Treharne to Priya Castell", "Anwen Treharne"
    ) in lines  # fmt: skip
    assert ("Plan", "Child protection plan started", "Anwen Treharne") in lines
    days = [e.day for e in _chronology(family_store, family.child.id).events]
    assert days == sorted(days)


def test_a_child_in_care_in_the_demo_has_placements_and_visits(demo_store):
    child_id = demo_store.rows("SELECT child_id FROM placements ORDER BY start_date LIMIT 1")[0][
        "child_id"
    ]
    found = _chronology(demo_store, child_id)
    categories = {e.category for e in found.events}
    assert {"Case", "Placement", "Visit"} <= categories


def test_a_record_approved_without_a_kept_hand_off_still_shows_its_approval(demo_store):
    kieran = demo_store.search.people("Kieran Pryce")[0].person
    lines = [(e.category, e.what) for e in _chronology(demo_store, kieran.id).events]
    approvals = [what for category, what in lines if what.endswith(" approved")]
    assert approvals and all(category == "Record" for category, what in lines if what in approvals)
