"""Keeping the family record: people, moves, relationships, professionals and cases,
each change through a store verb, each kept in the change log."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from recorder.domain import Case, CaseType, Household, Person, Relationship, Role, User
from recorder.domain.forms import FieldSpec, FieldType, FormSpec, SectionSpec
from recorder.domain.professionals import Involvement, Professional
from recorder.forms.prefill import prefill
from recorder.store import RefusedWriteError
from recorder.store.registry import DuplicateFoundError
from tests.conftest import DEMO_DAY, add_user


def _household_on_next_form(store, case_id, *, forms, reference, today):
    form = FormSpec(
        "check", "Check", 1,
        (SectionSpec("all", "All", (FieldSpec("m", "Members", FieldType.PEOPLE,
                                              bind="household.members"),)),),
    )
    facts = store.views.case_facts(case_id, on=today)
    found = prefill(
        form, facts, reference=reference, form_titles=forms.titles(),
        visit_forms=set(forms.visit_form_ids()), today=today,
        now=datetime(today.year, today.month, today.day, 10, 0),
    )
    return {s.binding: s for s in found.values()}["household.members"].value


def test_a_new_partner_who_moved_in_is_on_the_next_forms_household(
    fresh_store, family, forms, reference
):
    partner = Person("Олександр", "Коваленко", gender="Male", date_of_birth=date(1988, 3, 2))
    fresh_store.people.record_new(partner)
    fresh_store.households.move_in(family.home.id, partner.id, on=date(2026, 11, 14))
    fresh_store.relationships.record_new(
        Relationship(partner.id, "parents_partner", family.child.id)
    )
    members = _household_on_next_form(
        fresh_store, family.case.id, forms=forms, reference=reference, today=DEMO_DAY
    )
    assert partner.id in members
    # The day before he moved in, he was not yet part of the household.
    before = _household_on_next_form(
        fresh_store, family.case.id, forms=forms, reference=reference, today=date(2026, 11, 13)
    )
    assert partner.id not in before


def test_moving_out_is_an_event_with_a_date_and_the_membership_stays(fresh_store, family):
    [(member, _)] = [
        (m, p) for m, p in fresh_store.households.memberships(family.home.id, on=DEMO_DAY)
        if p.id == family.stepfather.id
    ]
    fresh_store.households.move_out(member.id, on=date(2026, 11, 10))
    kept = fresh_store.household_members.get(member.id)
    assert kept.end_date == date(2026, 11, 10)
    assert family.stepfather.id not in fresh_store.households.current_member_ids(
        family.home.id, on=DEMO_DAY
    )
    with pytest.raises(RefusedWriteError, match="already moved out"):
        fresh_store.households.move_out(member.id, on=date(2026, 11, 12))


def test_a_case_transferred_to_another_worker_leaves_both_caseloads_right(fresh_store, family):
    manager = User("Priya Raman", Role.TEAM_MANAGER)
    second = User("Tomos Rhys", Role.SOCIAL_WORKER)
    add_user(fresh_store, manager)
    add_user(fresh_store, second)
    fresh_store.sign_in(manager.id)
    fresh_store.cases.transfer(family.case.id, second.id)

    def caseload(worker):
        return [r.case.id for r in fresh_store.views.caseload(worker_id=worker.id, visit_forms=[])]

    assert caseload(family.worker) == []
    assert caseload(second) == [family.case.id]
    history = fresh_store.history(family.case.id)
    moves = [c for c in history if c.field == "worker_id" and c.op == "update"]
    assert [(c.old_value, c.new_value) for c in moves] == [
        (family.worker.id, second.id)
    ]


def test_a_closed_case_leaves_the_caseload_and_keeps_its_reason(fresh_store, family):
    fresh_store.cases.close(family.case.id, on=DEMO_DAY, reason="Needs met")
    assert fresh_store.views.caseload(worker_id=family.worker.id, visit_forms=[]) == []
    case = fresh_store.cases.get(family.case.id)
    assert (case.end_date, case.closure_reason) == (DEMO_DAY, "Needs met")
    with pytest.raises(RefusedWriteError, match="already closed"):
        fresh_store.cases.close(family.case.id, on=DEMO_DAY, reason="again")


def test_a_case_opened_stepped_up_to_a_plan_and_back(fresh_store, family):
    fresh_store.cases.close(family.case.id, on=date(2026, 10, 1), reason="Needs met")
    case = Case(family.brother.id, CaseType.CHILD_IN_NEED, family.worker.id, date(2026, 10, 2),
                reference="CIN-2041")
    fresh_store.cases.open(case)
    fresh_store.cases.change_type(case.id, CaseType.CHILD_PROTECTION)
    assert fresh_store.cases.get(case.id).case_type is CaseType.CHILD_PROTECTION
    fresh_store.cases.change_type(case.id, CaseType.CHILD_IN_NEED)
    with pytest.raises(RefusedWriteError, match="already has an open child in need"):
        fresh_store.cases.open(Case(family.brother.id, CaseType.CHILD_IN_NEED,
                                    family.worker.id, DEMO_DAY))


def test_business_support_keeps_the_family_record_but_does_not_close_cases(fresh_store, family):
    officer = User("Gwen Pryor", Role.BUSINESS_SUPPORT)
    add_user(fresh_store, officer)
    fresh_store.sign_in(officer.id)
    gp = Professional("Dr Amara Eze", "GP", agency="Northbridge Health Centre")
    fresh_store.professionals.record_new(gp)
    fresh_store.involvements.record_new(
        Involvement(gp.id, family.child.id, role="GP", start_date=date(2026, 1, 1))
    )
    with pytest.raises(RefusedWriteError, match="by a social worker or a team manager"):
        fresh_store.cases.close(family.case.id, on=DEMO_DAY, reason="Needs met")


def test_a_duplicate_is_offered_before_a_second_copy_is_added(fresh_store, family):
    again = Person("ELISKA", "Wojcik Hale", date_of_birth=date(2016, 2, 29))
    with pytest.raises(DuplicateFoundError) as found:
        fresh_store.people.record_new(again)
    [match] = found.value.matches
    assert match.person.id == family.child.id
    assert "name and date of birth" in match.reason
    by_number = Person("Ellie", "Smith", nhs_number="999 000 0018")
    assert [m.person.id for m in fresh_store.people.possible_duplicates(by_number)] == [
        family.child.id
    ]
    # Told it is someone else, the store adds them.
    fresh_store.people.record_new(again, not_a_duplicate=True)
    assert fresh_store.people.get(again.id).first_name == "ELISKA"


def test_a_merge_keeps_both_histories_and_an_unmerge_puts_things_back(fresh_store, family):
    manager = User("Priya Raman", Role.TEAM_MANAGER)
    add_user(fresh_store, manager)
    copy = Person("Eli", "Wojcik-Hale", date_of_birth=date(2016, 2, 29), gender="Female")
    fresh_store.people.record_new(copy, not_a_duplicate=True)
    fresh_store.people.correct(Person(**{**copy.__dict__, "religion": "Catholic"}))
    other_home = Household("Grandparents", address_line1="9 Mill Row", town="Northbridge")
    fresh_store.households.record_new(other_home)
    fresh_store.households.move_in(other_home.id, copy.id, on=date(2026, 6, 1))
    copy_case = Case(copy.id, CaseType.CHILD_PROTECTION, family.worker.id, date(2026, 10, 1))
    fresh_store.cases.open(copy_case)

    with pytest.raises(RefusedWriteError, match="team manager"):
        fresh_store.people.merge(family.child.id, copy.id)
    fresh_store.sign_in(manager.id)
    fresh_store.people.merge(family.child.id, copy.id, reason="Same child, typed twice")

    assert fresh_store.cases.get(copy_case.id).child_id == family.child.id
    assert {h.id for h in fresh_store.households.current_for(family.child.id, on=DEMO_DAY)} == {
        family.home.id, other_home.id
    }
    assert fresh_store.people.get(copy.id).merged_into == family.child.id
    assert fresh_store.people.possible_duplicates(copy) == [] or all(
        m.person.id != copy.id for m in fresh_store.people.possible_duplicates(copy)
    )
    # Both change histories are still there: the copy's religion, the child's creation.
    assert any(c.field == "religion" for c in fresh_store.history(copy.id))
    assert any(c.op == "insert" for c in fresh_store.history(family.child.id))
    [merge] = fresh_store.people.merges_of(family.child.id)
    assert any(c.entity == "person_merges" for c in fresh_store.history(merge.id))

    fresh_store.people.unmerge(merge.id, reason="Twins, not one child")
    assert fresh_store.cases.get(copy_case.id).child_id == copy.id
    assert fresh_store.people.get(copy.id).merged_into is None
    assert [h.id for h in fresh_store.households.current_for(copy.id, on=DEMO_DAY)] == [
        other_home.id
    ]
    assert fresh_store.people.merge_record(merge.id).undo_reason == "Twins, not one child"


def test_the_familys_history_reads_in_plain_english(fresh_store, family, reference):
    from recorder.domain.family_history import family_history_lines
    from recorder.store.family_history import read_family_history

    partner = Person("Kofi", "Mensah", date_of_birth=date(1985, 4, 4))
    fresh_store.people.record_new(partner)
    fresh_store.households.move_in(family.home.id, partner.id, on=date(2026, 11, 14))
    rel = Relationship(partner.id, "parents_partner", family.child.id)
    fresh_store.relationships.record_new(rel)
    fresh_store.relationships.remove(rel.id)
    manager = User("Priya Raman", Role.TEAM_MANAGER)
    add_user(fresh_store, manager)
    fresh_store.cases.transfer(family.case.id, manager.id)
    fresh_store.cases.change_type(family.case.id, CaseType.CHILD_PROTECTION)
    fresh_store.cases.close(family.case.id, on=DEMO_DAY, reason="Needs met")
    found = read_family_history(fresh_store, family.child.id)
    lines = family_history_lines(
        found.changes, names=found.names, relationship_label=reference.relationships.label
    )
    said = [(line.what, line.old, line.new) for line in lines]
    assert ("Moved in", "", "Kofi Mensah to Wójcik-Hale household on 14/11/2026") in said
    assert ("Relationship removed", "Kofi Mensah is parent's partner of Eliška “Eli” Wójcik-Hale",
            "") in said
    assert ("Case transferred", "Anwen Treharne", "Priya Raman") in said
    assert ("Case type changed", "Child in need", "Child protection plan") in said
    assert ("Case closed", "", "on 20/11/2026 (reason: Needs met)") in said
    assert all(line.who == "Anwen Treharne" for line in lines if line.what == "Case closed")
