"""Tell us once: facts changed on a form go back to the family record when the user agrees."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from recorder.domain import Person, Role, User
from recorder.domain.forms import FieldSpec, FieldType, FormSpec, SectionSpec
from recorder.forms.prefill import prefill
from recorder.forms.write_back import apply_fact_changes, fact_changes
from recorder.store import RefusedWriteError
from tests.conftest import DEMO_DAY, add_user

# A form holding one field for each kind of fact, writable or not.
DETAILS = FormSpec(
    "family_details",
    "Family details",
    1,
    (
        SectionSpec(
            "child",
            "The child",
            (
                FieldSpec("child_name", "Child's name", FieldType.TEXT, bind="child.full_name"),
                FieldSpec(
                    "first_language",
                    "First language",
                    FieldType.TEXT,
                    bind="child.first_language",
                ),
                FieldSpec(
                    "date_of_birth", "Date of birth", FieldType.DATE, bind="child.date_of_birth"
                ),
                FieldSpec(
                    "interpreter_needed",
                    "Interpreter needed",
                    FieldType.YES_NO,
                    bind="child.interpreter_needed",
                ),
            ),
        ),
        SectionSpec(
            "home",
            "The home",
            (
                FieldSpec("address", "Home address", FieldType.ADDRESS, bind="household.address"),
                FieldSpec("phone", "Home phone", FieldType.TEXT, bind="household.phone"),
                FieldSpec(
                    "members",
                    "Who lives with the child",
                    FieldType.PEOPLE,
                    bind="household.members",
                ),
                FieldSpec("present", "Who was present", FieldType.PEOPLE, bind="household.present"),
            ),
        ),
        SectionSpec(
            "other",
            "Other",
            (
                FieldSpec("worker", "Social worker", FieldType.TEXT, bind="case.worker"),
                FieldSpec("worries", "Worries", FieldType.LONG_TEXT, bind="previous.worries"),
                FieldSpec("notes", "Notes", FieldType.LONG_TEXT),
            ),
        ),
    ),
)


@pytest.fixture
def known(fresh_store, family):
    """The family record knows the child's first language and the home phone."""
    fresh_store.people.update(family.child.id, first_language="English")
    fresh_store.households.update(family.home.id, phone="01632 960111")
    return family


def _open(store, case_id, forms, reference):
    """Open the form as the app does: the values and provenance of every suggestion."""
    facts = store.views.case_facts(case_id, on=DEMO_DAY)
    suggestions = prefill(
        DETAILS,
        facts,
        reference=reference,
        form_titles=forms.titles(),
        visit_forms=set(forms.visit_form_ids()),
        today=DEMO_DAY,
        now=datetime(2026, 11, 20, 14, 5),
    )
    values = {k: s.value for k, s in suggestions.items()}
    provenance = {k: s.provenance() for k, s in suggestions.items()}
    return facts, values, provenance, suggestions


def _changes(values, provenance):
    return {c.field_id: c for c in fact_changes(DETAILS, values, provenance)}


NEW_HOME = {
    "line1": "Flat 2, 41 Mill Road",
    "line2": "",
    "town": "Northbridge",
    "postcode": "nb1 3dq",
}


# -- what is offered -----------------------------------------------------------


def test_a_changed_first_language_is_offered_back(fresh_store, known, forms, reference):
    _, values, provenance, _ = _open(fresh_store, known.case.id, forms, reference)
    values["first_language"] = "Czech"
    changes = _changes(values, provenance)
    assert set(changes) == {"first_language"}
    change = changes["first_language"]
    assert (change.binding, change.old, change.new) == ("child.first_language", "English", "Czech")
    assert change.describe() == "First language: English → Czech"


def test_a_changed_address_is_offered_back(fresh_store, known, forms, reference):
    _, values, provenance, _ = _open(fresh_store, known.case.id, forms, reference)
    values["address"] = NEW_HOME
    [change] = fact_changes(DETAILS, values, provenance)
    assert change.binding == "household.address"
    assert change.old["line1"] == "3 Quarry Lane"
    assert change.new == NEW_HOME
    assert change.describe() == (
        "Home address: 3 Quarry Lane, Northbridge, NB2 4LT → "
        "Flat 2, 41 Mill Road, Northbridge, nb1 3dq"
    )


def test_a_changed_home_phone_is_offered_back(fresh_store, known, forms, reference):
    _, values, provenance, _ = _open(fresh_store, known.case.id, forms, reference)
    values["phone"] = "07700 900222"
    [change] = fact_changes(DETAILS, values, provenance)
    assert (change.field_id, change.old, change.new) == ("phone", "01632 960111", "07700 900222")


def test_a_changed_yes_or_no_and_date_of_birth_are_offered_back(
    fresh_store, known, forms, reference
):
    _, values, provenance, _ = _open(fresh_store, known.case.id, forms, reference)
    values["interpreter_needed"] = True
    values["date_of_birth"] = "2016-03-01"
    changes = _changes(values, provenance)
    assert set(changes) == {"interpreter_needed", "date_of_birth"}
    assert changes["interpreter_needed"].describe() == "Interpreter needed: No → Yes"


def test_someone_added_to_the_household_is_offered_back(fresh_store, known, forms, reference):
    aunt = Person("Hana", "Nováková", date_of_birth=date(1985, 3, 9))
    fresh_store.people.add(aunt)
    _, values, provenance, _ = _open(fresh_store, known.case.id, forms, reference)
    values["members"] = [*values["members"], aunt.id]
    [change] = fact_changes(DETAILS, values, provenance)
    assert change.binding == "household.members"
    assert change.describe({aunt.id: "Hana Nováková"}) == "Add Hana Nováková to the household"


def test_nothing_is_offered_when_nothing_changed(fresh_store, known, forms, reference):
    _, values, provenance, _ = _open(fresh_store, known.case.id, forms, reference)
    assert {"first_language", "address", "phone", "members"} <= set(values)
    assert fact_changes(DETAILS, values, provenance) == []
    values["members"] = list(reversed(values["members"]))
    values["notes"] = "Nothing new."
    assert fact_changes(DETAILS, values, provenance) == []


@pytest.mark.parametrize(
    ("field_id", "emptied"),
    [
        ("first_language", ""),
        ("first_language", "   "),
        ("first_language", None),
        ("phone", ""),
        ("address", {"line1": "", "line2": "", "town": "", "postcode": ""}),
        ("members", []),
    ],
)
def test_an_emptied_fact_is_not_offered_as_a_change(
    fresh_store, known, forms, reference, field_id, emptied
):
    _, values, provenance, _ = _open(fresh_store, known.case.id, forms, reference)
    values[field_id] = emptied
    assert fact_changes(DETAILS, values, provenance) == []


def test_someone_left_off_the_household_list_is_not_taken_to_have_moved_out(
    fresh_store, known, forms, reference
):
    _, values, provenance, _ = _open(fresh_store, known.case.id, forms, reference)
    values["members"] = [i for i in values["members"] if i != known.stepfather.id]
    assert fact_changes(DETAILS, values, provenance) == []


def test_facts_that_are_not_the_family_records_are_never_offered_back(
    fresh_store, known, forms, reference
):
    visitor = Person("Bogdan", "Wójcik")
    fresh_store.people.add(visitor)
    _, values, provenance, _ = _open(fresh_store, known.case.id, forms, reference)
    values["worker"] = "Someone Else"
    values["child_name"] = "Elisabeth Wojcik-Hale"
    values["present"] = [*values["present"], visitor.id]
    values["worries"] = "New worries."
    provenance["worries"] = {
        "source": "Home visit of 01/10/2026 by Anwen Treharne",
        "binding": "previous.worries",
        "suggested": "Old worries.",
        "accepted": False,
    }
    assert fact_changes(DETAILS, values, provenance) == []


def test_a_fact_the_record_did_not_have_is_offered_as_new(fresh_store, known, forms, reference):
    _, values, provenance, _ = _open(fresh_store, known.case.id, forms, reference)
    values["first_language"] = "Czech"
    del provenance["first_language"]
    (change,) = fact_changes(DETAILS, values, provenance)
    assert (change.binding, change.old, change.new) == ("child.first_language", None, "Czech")


def test_a_field_filled_from_another_binding_is_not_offered(fresh_store, known, forms, reference):
    _, values, provenance, _ = _open(fresh_store, known.case.id, forms, reference)
    values["first_language"] = "Czech"
    provenance["first_language"] = {"binding": "child.known_as", "suggested": "English"}
    assert fact_changes(DETAILS, values, provenance) == []


# -- writing back --------------------------------------------------------------


def _everything_changed(store, family, forms, reference):
    aunt = Person("Hana", "Nováková", date_of_birth=date(1985, 3, 9))
    store.people.add(aunt)
    facts, values, provenance, _ = _open(store, family.case.id, forms, reference)
    values["first_language"] = "Czech"
    values["address"] = NEW_HOME
    values["phone"] = "07700 900222"
    values["members"] = [*values["members"], aunt.id]
    changes = fact_changes(DETAILS, values, provenance)
    assert len(changes) == 4
    return facts, changes, aunt


def test_without_confirmation_the_family_record_is_unchanged(fresh_store, known, forms, reference):
    before = fresh_store.rows("SELECT max(seq) AS seq FROM change_log")[0]["seq"]
    _, _, aunt = _everything_changed(fresh_store, known, forms, reference)
    written = fresh_store.rows("SELECT DISTINCT entity_id FROM change_log WHERE seq > ?", [before])
    assert [r["entity_id"] for r in written] == [aunt.id], "only the aunt joined the registry"
    assert fresh_store.people.get(known.child.id).first_language == "English"
    home = fresh_store.households.get(known.home.id)
    assert (home.address_line1, home.postcode, home.phone) == (
        "3 Quarry Lane",
        "NB2 4LT",
        "01632 960111",
    )
    assert len(fresh_store.households.current_member_ids(known.home.id, on=DEMO_DAY)) == 4


def test_confirmed_changes_are_written_to_the_family_record(fresh_store, known, forms, reference):
    facts, changes, aunt = _everything_changed(fresh_store, known, forms, reference)
    done = apply_fact_changes(fresh_store, facts, changes)
    assert done.touches("people", "households", "household_members")
    assert {known.child.id, known.home.id} <= done.ids
    assert fresh_store.people.get(known.child.id).first_language == "Czech"
    home = fresh_store.households.get(known.home.id)
    assert home.address_line1 == "Flat 2, 41 Mill Road"
    assert home.town == "Northbridge"
    assert home.postcode == "NB1 3DQ", "a postcode is kept in capitals"
    assert home.phone == "07700 900222"
    members = fresh_store.households.current_member_ids(known.home.id, on=DEMO_DAY)
    assert aunt.id in members and len(members) == 5


def test_a_changed_date_of_birth_and_yes_or_no_are_written_as_a_date_and_a_yes(
    fresh_store, known, forms, reference
):
    facts, values, provenance, _ = _open(fresh_store, known.case.id, forms, reference)
    values["date_of_birth"] = "2016-03-01"
    values["interpreter_needed"] = True
    apply_fact_changes(fresh_store, facts, fact_changes(DETAILS, values, provenance))
    child = fresh_store.people.get(known.child.id)
    assert child.date_of_birth == date(2016, 3, 1)
    assert child.interpreter_needed is True


def test_each_change_is_in_the_history_under_the_signed_in_user_in_one_transaction(
    fresh_store, known, forms, reference
):
    facts, changes, aunt = _everything_changed(fresh_store, known, forms, reference)
    typist = User("Ffion Pugh-Tanner", Role.BUSINESS_SUPPORT)
    add_user(fresh_store, typist)
    fresh_store.sign_in(typist.id)
    before = fresh_store.rows("SELECT max(seq) AS seq FROM change_log")[0]["seq"]

    apply_fact_changes(fresh_store, facts, changes)

    child_history = fresh_store.history(known.child.id)
    language = [c for c in child_history if c.field == "first_language"][-1]
    assert (language.old_value, language.new_value) == ("English", "Czech")
    assert language.user_id == typist.id and language.op == "update"

    home_history = [c for c in fresh_store.history(known.home.id) if c.seq > before]
    assert {c.field: c.new_value for c in home_history} == {
        "address_line1": "Flat 2, 41 Mill Road",
        "postcode": "NB1 3DQ",
        "phone": "07700 900222",
    }
    assert {c.user_id for c in home_history} == {typist.id}

    [membership] = fresh_store.rows(
        "SELECT id FROM household_members WHERE person_id = ?", [aunt.id]
    )
    joined = fresh_store.history(membership["id"])
    assert joined and {c.op for c in joined} == {"insert"}
    assert {c.user_id for c in joined} == {typist.id}

    written = fresh_store.rows("SELECT tx FROM change_log WHERE seq > ?", [before])
    assert len({r["tx"] for r in written}) == 1, "one transaction"


def test_a_change_that_cannot_be_written_leaves_the_others_unwritten(
    fresh_store, known, forms, reference
):
    facts, values, provenance, _ = _open(fresh_store, known.case.id, forms, reference)
    values["first_language"] = "Czech"
    values["members"] = [*values["members"], "not-a-person-on-the-record"]
    changes = fact_changes(DETAILS, values, provenance)
    assert len(changes) == 2
    before = fresh_store.change_count()
    with pytest.raises(RefusedWriteError):
        apply_fact_changes(fresh_store, facts, changes)
    assert fresh_store.change_count() == before
    assert fresh_store.people.get(known.child.id).first_language == "English"


def test_the_next_form_is_filled_with_the_new_facts(fresh_store, known, forms, reference):
    facts, changes, aunt = _everything_changed(fresh_store, known, forms, reference)
    apply_fact_changes(fresh_store, facts, changes)
    _, values, provenance, suggestions = _open(fresh_store, known.case.id, forms, reference)
    assert values["first_language"] == "Czech"
    assert values["address"] == {**NEW_HOME, "postcode": "NB1 3DQ"}
    assert values["phone"] == "07700 900222"
    assert aunt.id in values["members"] and aunt.id in values["present"]
    assert suggestions["first_language"].source == "Family record"
    assert fact_changes(DETAILS, values, provenance) == [], "told once, not asked again"


def test_a_demo_family_told_once_about_a_new_phone(demo_store, forms, reference):
    [row] = demo_store.rows(
        "SELECT c.id FROM cases c JOIN people p ON p.id = c.child_id WHERE p.first_name = 'Elif'"
    )
    [worker] = demo_store.rows("SELECT id FROM users WHERE name = 'Bethan Lowry'")
    demo_store.sign_in(worker["id"])
    facts, values, provenance, _ = _open(demo_store, row["id"], forms, reference)
    assert values["phone"] == "01632 960166"
    values["phone"] = "01632 960199"
    apply_fact_changes(demo_store, facts, fact_changes(DETAILS, values, provenance))
    _, again, _, _ = _open(demo_store, row["id"], forms, reference)
    assert again["phone"] == "01632 960199"
    home_id = facts.households[0].household.id
    assert demo_store.history(home_id)[-1].user_id == worker["id"]
