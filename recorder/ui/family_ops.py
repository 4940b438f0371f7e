"""The family record's user actions as operations for the task runner.

Each is a short factory with keyword-only arguments that returns a function of
the store, run on the runner's thread; none touches a widget. An action made of
several verbs (a new partner, how they are related, and that they moved in) is
one transaction: all of it is kept, or none.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from recorder.domain.cases import Case, CaseType
from recorder.domain.changes import Changes
from recorder.domain.people import Household, Person, Relationship
from recorder.domain.professionals import Involvement, Professional
from recorder.store import Store

Operation = Callable[[Store], Changes]


def add_to_family(
    *,
    person: Person,
    is_new: bool,
    not_a_duplicate: bool = False,
    relationship: Relationship | None = None,
    household_id: str | None = None,
    moved_in: date | None = None,
) -> Operation:
    """Someone new (or already on the record) joins the family: how they are related to
    the child, and whether they live with them."""

    def add_to_family(store: Store) -> Changes:
        changes = Changes()
        with store.transaction():
            if is_new:
                changes |= store.people.record_new(person, not_a_duplicate=not_a_duplicate)
            if relationship is not None:
                changes |= store.relationships.record_new(relationship)
            if household_id is not None:
                changes |= store.households.move_in(household_id, person.id, on=moved_in)
        return changes | Changes.of("people", person.id)

    return add_to_family


def correct_person(*, person: Person) -> Operation:
    def correct_person(store: Store) -> Changes:
        return store.people.correct(person)

    return correct_person


def move_in(
    *, person_id: str, household_id: str | None, new_household: Household | None, on: date | None
) -> Operation:
    """Someone moved in to a household on the record, or to a new address."""

    def move_in(store: Store) -> Changes:
        with store.transaction():
            changes = Changes()
            target = household_id
            if new_household is not None:
                changes |= store.households.record_new(new_household)
                target = new_household.id
            return changes | store.households.move_in(target, person_id, on=on)

    return move_in


def move_out(*, member_id: str, on: date) -> Operation:
    def move_out(store: Store) -> Changes:
        return store.households.move_out(member_id, on=on)

    return move_out


def record_relationship(*, relationship: Relationship) -> Operation:
    def record_relationship(store: Store) -> Changes:
        return store.relationships.record_new(relationship)

    return record_relationship


def involve_professional(
    *, involvement: Involvement, new_professional: Professional | None
) -> Operation:
    def involve_professional(store: Store) -> Changes:
        with store.transaction():
            changes = Changes()
            if new_professional is not None:
                changes |= store.professionals.record_new(new_professional)
            return changes | store.involvements.record_new(involvement)

    return involve_professional


def end_involvement(*, involvement_id: str, on: date) -> Operation:
    def end_involvement(store: Store) -> Changes:
        return store.involvements.end(involvement_id, on=on)

    return end_involvement


def open_case(*, case: Case) -> Operation:
    def open_case(store: Store) -> Changes:
        return store.cases.open(case)

    return open_case


def transfer_case(*, case_id: str, worker_id: str) -> Operation:
    def transfer_case(store: Store) -> Changes:
        return store.cases.transfer(case_id, worker_id)

    return transfer_case


def change_case_type(*, case_id: str, case_type: CaseType) -> Operation:
    def change_case_type(store: Store) -> Changes:
        return store.cases.change_type(case_id, case_type)

    return change_case_type


def close_case(*, case_id: str, on: date, reason: str) -> Operation:
    def close_case(store: Store) -> Changes:
        return store.cases.close(case_id, on=on, reason=reason)

    return close_case


def merge_people(*, kept_id: str, merged_id: str, reason: str) -> Operation:
    def merge_people(store: Store) -> Changes:
        return store.people.merge(kept_id, merged_id, reason=reason)

    return merge_people


def unmerge_people(*, merge_id: str, reason: str) -> Operation:
    def unmerge_people(store: Store) -> Changes:
        return store.people.unmerge(merge_id, reason=reason)

    return unmerge_people
