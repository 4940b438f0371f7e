"""The family registry keeps what it is told, exactly, and refuses what cannot be right."""

from __future__ import annotations

from datetime import date

import pytest

from recorder.domain import Case, CaseType, Household, Person, Record, RecordStatus, Relationship
from recorder.store import NotFoundError, RefusedWriteError, Store
from tests.conftest import reopen


def test_a_person_comes_back_exactly_as_written(fresh_store: Store):
    person = Person(
        "Ngọc Anh",
        "Trần",
        middle_names="Thị",
        known_as="Annie",
        date_of_birth=date(2012, 1, 9),
        gender="Female",
        ethnicity="Asian or Asian British - Any other Asian background",
        first_language="Vietnamese",
        interpreter_needed=True,
        religion="Buddhist",
        nhs_number="9990000018",
        phone="07700 900123",
        email="annie@example.org",
    )
    fresh_store.people.add(person)
    assert fresh_store.people.get(person.id) == person


def test_reopening_the_file_keeps_everything(db_path, family):
    family.store.close()
    reopened = reopen(db_path)
    try:
        assert reopened.people.get(family.child.id) == family.child
        assert reopened.cases.get(family.case.id) == family.case
        assert reopened.households.get(family.home.id) == family.home
    finally:
        reopened.close()


def test_updating_a_person_changes_only_what_was_asked(fresh_store, family):
    changes = fresh_store.people.update(family.mother.id, phone="07700 900777")
    assert changes.touches("people") and family.mother.id in changes.ids
    after = fresh_store.people.get(family.mother.id)
    assert after.phone == "07700 900777"
    assert after.first_name == "Zofía"


def test_an_unknown_field_is_refused_in_plain_english(fresh_store, family):
    with pytest.raises(ValueError, match="A person has no field called shoe_size"):
        fresh_store.people.update(family.child.id, shoe_size=3)


def test_an_unknown_id_says_what_was_not_found(fresh_store):
    with pytest.raises(NotFoundError, match="There is no person with id nobody"):
        fresh_store.people.get("nobody")


def test_a_link_to_someone_not_on_the_record_is_refused(fresh_store, family):
    with pytest.raises(RefusedWriteError, match="not on the record"):
        fresh_store.relationships.add(Relationship("ghost", "mother", family.child.id))
    assert fresh_store.relationships.involving("ghost") == []


def test_a_malformed_date_never_reaches_the_file(fresh_store, family):
    with pytest.raises(RefusedWriteError, match="malformed date"):
        with fresh_store.transaction():
            fresh_store.db.execute(
                "UPDATE people SET date_of_birth = '31/02/2020' WHERE id = ?", [family.child.id]
            )
    assert fresh_store.people.get(family.child.id).date_of_birth == date(2016, 2, 29)


def test_households_know_who_lives_there_and_who_moved_out(fresh_store, family):
    today = date(2026, 11, 20)
    members = set(fresh_store.households.current_member_ids(family.home.id, on=today))
    assert members == {family.mother.id, family.child.id, family.brother.id, family.stepfather.id}
    membership = next(
        m
        for m in fresh_store.rows("SELECT id, person_id FROM household_members")
        if m["person_id"] == family.stepfather.id
    )
    fresh_store.households.end_membership(membership["id"], on=date(2026, 10, 1))
    members = set(fresh_store.households.current_member_ids(family.home.id, on=today))
    assert family.stepfather.id not in members
    assert fresh_store.households.current_for(family.stepfather.id, on=today) == []


def test_relationships_are_found_from_either_side(fresh_store, family):
    from_child = fresh_store.relationships.involving(family.child.id)
    kinds = sorted(r.kind for r in from_child)
    assert kinds == ["half_sibling", "mother", "stepfather"]
    fresh_store.relationships.remove(from_child[0].id)
    assert len(fresh_store.relationships.involving(family.child.id)) == 2


def test_a_case_and_its_records_round_trip(fresh_store, family):
    record = Record(
        family.case.id,
        "home_visit",
        1,
        family.worker.id,
        values={"visit_date": "2026-11-03", "child_voice": "I like my new bike"},
        provenance={"visit_date": {"source": "typed"}},
    )
    fresh_store.records.add(record)
    assert fresh_store.records.get(record.id) == record
    fresh_store.records.save_values(record.id, {"visit_date": "2026-11-04"})
    fresh_store.records.move(record.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    saved = fresh_store.records.get(record.id)
    assert saved.values == {"visit_date": "2026-11-04"}
    assert saved.status is RecordStatus.WITH_BUSINESS_SUPPORT
    assert fresh_store.records.for_case(family.case.id) == [saved]


def test_records_are_never_deleted(fresh_store, family):
    record = Record(family.case.id, "home_visit", 1, family.worker.id)
    fresh_store.records.add(record)
    with pytest.raises(RefusedWriteError, match="never deleted"):
        with fresh_store.transaction():
            fresh_store.db.execute("DELETE FROM records WHERE id = ?", [record.id])
    assert fresh_store.records.find(record.id) is not None


def test_an_invalid_case_type_is_refused(fresh_store, family):
    with pytest.raises(RefusedWriteError):
        with fresh_store.transaction():
            fresh_store.db.execute(
                "UPDATE cases SET case_type = 'other' WHERE id = ?", [family.case.id]
            )
    assert fresh_store.cases.get(family.case.id).case_type is CaseType.CHILD_IN_NEED


def test_a_failed_batch_leaves_nothing_behind(fresh_store, family):
    before = fresh_store.change_count()
    good = Person("Ada", "Mensah-Clarke")
    with pytest.raises(RefusedWriteError):
        with fresh_store.transaction():
            fresh_store.people.add(good)
            fresh_store.cases.add(Case("ghost", CaseType.EARLY_HELP, None, date(2026, 1, 1)))
    assert fresh_store.people.find(good.id) is None
    assert fresh_store.change_count() == before


def test_a_household_address_reads_as_one_line(fresh_store):
    home = Household(
        "Home",
        address_line1="Flat 2",
        address_line2="9 Mill Street",
        town="Northbridge",
        postcode="NB1 2AB",
    )
    fresh_store.households.add(home)
    assert (
        fresh_store.households.get(home.id).address == "Flat 2, 9 Mill Street, Northbridge, NB1 2AB"
    )
