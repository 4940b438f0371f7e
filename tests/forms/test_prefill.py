"""Filling a new form from what is already known, each value with where it came from."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from recorder.domain import Case, CaseType, Person, Record, RecordStatus, Role, User
from recorder.domain.forms import FieldSpec, FieldType, FormSpec, SectionSpec
from recorder.domain.professionals import Involvement, Professional
from recorder.forms.bindings import CHILD_FIELDS
from recorder.forms.prefill import prefill
from tests.conftest import DEMO_DAY, add_user

FAMILY_RECORD = "Family record"


def _form(*binds: tuple[str, FieldType], counts_as_visit=False, form_id="check") -> FormSpec:
    """A one-section form with a field per binding, named after the binding."""
    fields = tuple(FieldSpec(bind.replace(".", "_"), bind, kind, bind=bind) for bind, kind in binds)
    return FormSpec(
        form_id,
        "Check",
        1,
        (SectionSpec("all", "All", fields),),
        counts_as_visit=counts_as_visit,
    )


def _suggest(store, case_id, form, *, forms, reference, today=DEMO_DAY, now=None, excluding=None):
    facts = store.views.case_facts(case_id, on=today, excluding=excluding)
    found = prefill(
        form,
        facts,
        reference=reference,
        form_titles=forms.titles(),
        visit_forms=set(forms.visit_form_ids()),
        today=today,
        now=now or datetime(2026, 11, 20, 14, 5),
    )
    return {s.binding: s for s in found.values()}


def _one(store, case_id, bind, kind, **kw):
    return _suggest(store, case_id, _form((bind, kind)), **kw).get(bind)


# -- the child -----------------------------------------------------------------


def test_every_child_detail_is_filled_from_the_family_record(fresh_store, family, forms, reference):
    fresh_store.people.update(
        family.child.id,
        middle_names="Anna",
        ethnicity="White - Any other White background",
        first_language="Czech",
        interpreter_needed=True,
        religion="Roman Catholic",
        phone="07700 900555",
        email="eli@example.org",
    )
    expected = {
        "full_name": "Eliška Anna Wójcik-Hale",
        "first_name": "Eliška",
        "last_name": "Wójcik-Hale",
        "known_as": "Eli",
        "date_of_birth": "2016-02-29",
        "gender": "Female",
        "ethnicity": "White - Any other White background",
        "first_language": "Czech",
        "interpreter_needed": True,
        "religion": "Roman Catholic",
        "nhs_number": "9990000018",
        "phone": "07700 900555",
        "email": "eli@example.org",
    }
    assert set(expected) == set(CHILD_FIELDS), "a new child binding needs a line here"
    form = _form(*((f"child.{name}", kind) for name, kind in CHILD_FIELDS.items()))
    found = _suggest(fresh_store, family.case.id, form, forms=forms, reference=reference)
    assert {b.removeprefix("child."): s.value for b, s in found.items()} == expected
    assert {s.source for s in found.values()} == {FAMILY_RECORD}
    assert all(s.record_id is None for s in found.values())


def test_no_interpreter_needed_is_suggested_as_no(fresh_store, family, forms, reference):
    found = _one(
        fresh_store,
        family.case.id,
        "child.interpreter_needed",
        FieldType.YES_NO,
        forms=forms,
        reference=reference,
    )
    assert found is not None and found.value is False


def test_a_child_detail_that_is_not_recorded_suggests_nothing(
    fresh_store, family, forms, reference
):
    brother_case = Case(
        family.brother.id, CaseType.CHILD_IN_NEED, family.worker.id, date(2026, 10, 5)
    )
    fresh_store.cases.add(brother_case)
    form = _form(
        ("child.known_as", FieldType.TEXT),
        ("child.first_language", FieldType.TEXT),
        ("child.nhs_number", FieldType.TEXT),
        ("child.first_name", FieldType.TEXT),
    )
    found = _suggest(fresh_store, brother_case.id, form, forms=forms, reference=reference)
    assert set(found) == {"child.first_name"}
    assert found["child.first_name"].value == "Tomasz"


# -- the home ------------------------------------------------------------------


def test_the_address_fills_an_address_field_line_by_line(fresh_store, family, forms, reference):
    found = _one(
        fresh_store,
        family.case.id,
        "household.address",
        FieldType.ADDRESS,
        forms=forms,
        reference=reference,
    )
    assert found.value == {
        "line1": "3 Quarry Lane",
        "line2": "",
        "town": "Northbridge",
        "postcode": "NB2 4LT",
    }
    assert found.source == FAMILY_RECORD


@pytest.mark.parametrize("kind", [FieldType.TEXT, FieldType.LONG_TEXT])
def test_the_address_fills_a_text_field_on_one_line(fresh_store, family, forms, reference, kind):
    found = _one(
        fresh_store, family.case.id, "household.address", kind, forms=forms, reference=reference
    )
    assert found.value == "3 Quarry Lane, Northbridge, NB2 4LT"
    assert found.source == FAMILY_RECORD


def test_the_home_phone_is_suggested_once_it_is_known(fresh_store, family, forms, reference):
    def phone():
        return _one(
            fresh_store,
            family.case.id,
            "household.phone",
            FieldType.TEXT,
            forms=forms,
            reference=reference,
        )

    assert phone() is None, "the family record has no phone for this home"
    fresh_store.households.update(family.home.id, phone="01632 960777")
    assert phone().value == "01632 960777"
    assert phone().source == FAMILY_RECORD


def test_everyone_in_the_home_is_a_member_and_a_starting_point_for_who_was_present(
    fresh_store, family, forms, reference
):
    everyone = {family.mother.id, family.child.id, family.brother.id, family.stepfather.id}
    form = _form(
        ("household.members", FieldType.PEOPLE),
        ("household.present", FieldType.PEOPLE),
    )
    found = _suggest(fresh_store, family.case.id, form, forms=forms, reference=reference)
    for bind in ("household.members", "household.present"):
        assert set(found[bind].value) == everyone
        assert len(found[bind].value) == 4
        assert found[bind].source == FAMILY_RECORD


def test_the_adults_at_home_leave_out_the_children(fresh_store, family, forms, reference):
    found = _one(
        fresh_store,
        family.case.id,
        "household.adults",
        FieldType.PEOPLE,
        forms=forms,
        reference=reference,
    )
    # The stepfather's date of birth is not known: he is taken to be an adult.
    assert set(found.value) == {family.mother.id, family.stepfather.id}


def test_someone_who_has_moved_out_is_no_longer_suggested(fresh_store, family, forms, reference):
    [membership] = fresh_store.rows(
        "SELECT id FROM household_members WHERE person_id = ?", [family.stepfather.id]
    )
    fresh_store.households.end_membership(membership["id"], on=date(2026, 11, 1))
    found = _one(
        fresh_store,
        family.case.id,
        "household.members",
        FieldType.PEOPLE,
        forms=forms,
        reference=reference,
    )
    assert family.stepfather.id not in found.value
    assert family.mother.id in found.value


def test_a_seventeen_year_old_is_not_an_adult(fresh_store, family, forms, reference):
    cousin = Person("Radomir", "Wójcik-Hale", date_of_birth=date(2008, 11, 22))  # 18 in two days
    fresh_store.people.add(cousin)
    fresh_store.households.add_member(family.home.id, cousin.id)
    found = _one(
        fresh_store,
        family.case.id,
        "household.adults",
        FieldType.PEOPLE,
        forms=forms,
        reference=reference,
    )
    assert cousin.id not in found.value


def test_parents_and_step_parents_are_suggested_but_not_brothers_and_sisters(
    fresh_store, family, forms, reference
):
    found = _one(
        fresh_store,
        family.case.id,
        "family.parents",
        FieldType.PEOPLE,
        forms=forms,
        reference=reference,
    )
    assert set(found.value) == {family.mother.id, family.stepfather.id}
    assert found.source == FAMILY_RECORD


# -- professionals and school --------------------------------------------------


def _involve(store, family, name, role, *, agency="", involvement_role=None, **kw):
    professional = Professional(name, role, agency=agency)
    store.professionals.add(professional)
    store.involvements.add(
        Involvement(professional.id, family.child.id, role=involvement_role or role, **kw)
    )
    return professional


def test_the_school_fills_the_school_name_and_the_school_contact(
    fresh_store, family, forms, reference
):
    form = _form(
        ("school.name", FieldType.TEXT),
        ("professional.school", FieldType.PROFESSIONAL),
    )
    found = _suggest(fresh_store, family.case.id, form, forms=forms, reference=reference)
    assert found["school.name"].value == "Hillcrest Primary School"
    assert found["professional.school"].value == family.school.id
    assert {s.source for s in found.values()} == {FAMILY_RECORD}


def test_the_gp_health_visitor_and_others_are_found_by_their_role(
    fresh_store, family, forms, reference
):
    gp = _involve(fresh_store, family, "Vikas Menon", "GP", agency="Quarry Lane Surgery")
    hv = _involve(
        fresh_store, family, "Siân Broad", "Health Visitor", involvement_role="Health visitor"
    )
    ssw = _involve(fresh_store, family, "Grace Mwangi", "Supervising Social Worker")
    iro = _involve(fresh_store, family, "Oluwaseun Adewale", "IRO")
    form = _form(
        ("professional.gp", FieldType.PROFESSIONAL),
        ("professional.health_visitor", FieldType.PROFESSIONAL),
        ("professional.social_worker", FieldType.PROFESSIONAL),
        ("professional.iro", FieldType.PROFESSIONAL),
    )
    found = _suggest(fresh_store, family.case.id, form, forms=forms, reference=reference)
    assert {b: s.value for b, s in found.items()} == {
        "professional.gp": gp.id,
        "professional.health_visitor": hv.id,
        "professional.social_worker": ssw.id,
        "professional.iro": iro.id,
    }
    assert {s.source for s in found.values()} == {FAMILY_RECORD}


def test_a_professional_fills_a_text_field_with_their_name(fresh_store, family, forms, reference):
    _involve(fresh_store, family, "Vikas Menon", "General Practitioner")
    found = _one(
        fresh_store,
        family.case.id,
        "professional.gp",
        FieldType.TEXT,
        forms=forms,
        reference=reference,
    )
    assert found.value == "Vikas Menon"


def test_a_professional_whose_involvement_has_ended_is_not_suggested(
    fresh_store, family, forms, reference
):
    _involve(fresh_store, family, "Vikas Menon", "GP", end_date=date(2026, 6, 30))
    found = _one(
        fresh_store,
        family.case.id,
        "professional.gp",
        FieldType.PROFESSIONAL,
        forms=forms,
        reference=reference,
    )
    assert found is None


def test_a_role_word_inside_another_word_does_not_match(fresh_store, family, forms, reference):
    # "gp" must not be found inside "GPS tracking officer", nor "hv" inside "Shvets".
    _involve(fresh_store, family, "Ada Shvets", "GPS tracking officer")
    form = _form(
        ("professional.gp", FieldType.PROFESSIONAL),
        ("professional.health_visitor", FieldType.PROFESSIONAL),
    )
    assert _suggest(fresh_store, family.case.id, form, forms=forms, reference=reference) == {}


def test_a_child_with_no_school_involved_gets_no_school_suggestion(
    fresh_store, family, forms, reference
):
    brother_case = Case(
        family.brother.id, CaseType.CHILD_IN_NEED, family.worker.id, date(2026, 10, 5)
    )
    fresh_store.cases.add(brother_case)
    form = _form(
        ("school.name", FieldType.TEXT),
        ("professional.school", FieldType.PROFESSIONAL),
        ("professional.gp", FieldType.PROFESSIONAL),
        ("household.phone", FieldType.TEXT),
        ("case.reference", FieldType.TEXT),
        ("case.worker", FieldType.TEXT),
    )
    found = _suggest(fresh_store, brother_case.id, form, forms=forms, reference=reference)
    assert set(found) == {"case.worker"}


def test_a_school_contact_with_no_agency_gives_no_school_name(
    fresh_store, family, forms, reference
):
    brother_case = Case(
        family.brother.id, CaseType.CHILD_IN_NEED, family.worker.id, date(2026, 10, 5)
    )
    fresh_store.cases.add(brother_case)
    teacher = Professional("Emrys Pugh", "Class Teacher")
    fresh_store.professionals.add(teacher)
    fresh_store.involvements.add(Involvement(teacher.id, family.brother.id))
    form = _form(("school.name", FieldType.TEXT), ("professional.school", FieldType.TEXT))
    found = _suggest(fresh_store, brother_case.id, form, forms=forms, reference=reference)
    assert {b: s.value for b, s in found.items()} == {"professional.school": "Emrys Pugh"}


# -- the case ------------------------------------------------------------------


def test_the_case_fills_worker_type_reference_and_start(fresh_store, family, forms, reference):
    fresh_store.cases.update(family.case.id, reference="CIN-2026-0412")
    form = _form(
        ("case.worker", FieldType.TEXT),
        ("case.type", FieldType.TEXT),
        ("case.reference", FieldType.TEXT),
        ("case.start_date", FieldType.DATE),
    )
    found = _suggest(fresh_store, family.case.id, form, forms=forms, reference=reference)
    assert {b: s.value for b, s in found.items()} == {
        "case.worker": "Anwen Treharne",
        "case.type": "Child in need",
        "case.reference": "CIN-2026-0412",
        "case.start_date": "2026-09-01",
    }
    assert {s.source for s in found.values()} == {FAMILY_RECORD}


def test_a_case_without_a_reference_suggests_none(fresh_store, family, forms, reference):
    found = _one(
        fresh_store,
        family.case.id,
        "case.reference",
        FieldType.TEXT,
        forms=forms,
        reference=reference,
    )
    assert found is None


def test_a_child_in_need_visit_is_due_20_working_days_later_skipping_christmas(
    fresh_store, family, forms, reference
):
    # Opened on Friday 18/12/2026. Counting working days from Monday 21/12:
    # 21, 22, 23, 24 December (4); Friday 25 is Christmas Day, 26-27 a weekend and
    # Monday 28 the Boxing Day substitute; 29, 30, 31 December (7); Friday 1 January
    # is New Year's Day; 4-8 January (12), 11-15 January (17), 18, 19, 20 January (20).
    expected = date(2027, 1, 20)
    form = _form(("case.next_visit_due", FieldType.DATE), counts_as_visit=True)
    found = _suggest(
        fresh_store,
        family.case.id,
        form,
        forms=forms,
        reference=reference,
        today=date(2026, 12, 18),
    )["case.next_visit_due"]
    assert found.value == expected.isoformat()
    assert found.source == "Worked out from the visit rhythm"


def test_a_child_protection_visit_is_due_10_working_days_later(
    fresh_store, family, forms, reference
):
    # From Friday 18/12/2026: 21, 22, 23, 24 December (4), skip 25 and 28, then
    # 29, 30, 31 December (7), skip 1 January, then 4, 5, 6 January (10).
    fresh_store.cases.update(family.case.id, case_type=CaseType.CHILD_PROTECTION)
    form = _form(("case.next_visit_due", FieldType.DATE), counts_as_visit=True)
    found = _suggest(
        fresh_store,
        family.case.id,
        form,
        forms=forms,
        reference=reference,
        today=date(2026, 12, 18),
    )["case.next_visit_due"]
    assert found.value == "2027-01-06"


def test_a_form_that_is_not_a_visit_counts_from_the_last_visit_or_the_case_start(
    fresh_store, family, forms, reference
):
    form = _form(("case.next_visit_due", FieldType.DATE), counts_as_visit=False)

    def due():
        found = _suggest(fresh_store, family.case.id, form, forms=forms, reference=reference)
        return found["case.next_visit_due"].value

    # No visit yet: 20 working days after the case began on Tuesday 01/09/2026.
    assert due() == "2026-09-29"
    visit = {"visit_date": "2026-11-03", "child_seen": True}
    fresh_store.records.add(Record(family.case.id, "home_visit", 1, family.worker.id, values=visit))
    # A draft is not yet a visit that counts.
    assert due() == "2026-09-29"
    fresh_store.records.add(
        Record(
            family.case.id, "home_visit", 1, family.worker.id,
            status=RecordStatus.WITH_BUSINESS_SUPPORT, values=visit,
        )
    )  # fmt: skip
    # 20 working days after Tuesday 03/11/2026.
    assert due() == "2026-12-01"


def test_an_early_help_case_has_no_statutory_visit_date(fresh_store, family, forms, reference):
    fresh_store.cases.update(family.case.id, case_type=CaseType.EARLY_HELP)
    found = _one(
        fresh_store,
        family.case.id,
        "case.next_visit_due",
        FieldType.DATE,
        forms=forms,
        reference=reference,
    )
    assert found is None


def test_today_and_now_fill_the_date_and_time_of_the_visit(fresh_store, family, forms, reference):
    form = _form(("today", FieldType.DATE), ("now", FieldType.TIME))
    found = _suggest(
        fresh_store,
        family.case.id,
        form,
        forms=forms,
        reference=reference,
        today=date(2026, 11, 20),
        now=datetime(2026, 11, 20, 9, 7, 45),
    )
    assert found["today"].value == "2026-11-20"
    assert found["today"].source == "Today's date"
    assert found["now"].value == "09:07"
    assert found["now"].source == "The time the form was opened"


# -- carried forward -----------------------------------------------------------


def _record(store, family, form_id, values, *, author, created, status=RecordStatus.FINISHED):
    """An earlier record; finished unless said, since only a sent record is carried forward."""
    record = Record(
        family.case.id, form_id, 1, author.id, status=status, values=values,
        created_at=created, updated_at=created,
    )  # fmt: skip
    store.records.add(record)
    return record


def test_an_unsent_draft_is_never_carried_forward(fresh_store, family, forms, reference):
    """Regression: a new form carried forward the worries of an unreviewed draft."""
    _record(
        fresh_store, family, "home_visit",
        {"visit_date": "2026-10-01", "worries": "Rent arrears."},
        author=family.worker, created=datetime(2026, 10, 1, 17, 0, tzinfo=UTC),
    )  # fmt: skip
    _record(
        fresh_store, family, "home_visit",
        {"visit_date": "2026-11-10", "worries": "Drafted, not yet read back."},
        author=family.worker, created=datetime(2026, 11, 10, 17, 0, tzinfo=UTC),
        status=RecordStatus.DRAFT,
    )  # fmt: skip
    found = _one(
        fresh_store, family.case.id, "previous.worries", FieldType.LONG_TEXT,
        forms=forms, reference=reference,
    )  # fmt: skip
    assert found.value == "Rent arrears."
    assert "01/10/2026" in found.source


def test_a_previous_answer_comes_from_the_latest_earlier_record_that_has_it(
    fresh_store, family, forms, reference
):
    colleague = User("Tomás Ó Briain", Role.SOCIAL_WORKER)
    add_user(fresh_store, colleague)
    older = _record(
        fresh_store,
        family,
        "home_visit",
        {"visit_date": "2026-10-01", "worries": "Rent arrears."},
        author=family.worker,
        created=datetime(2026, 10, 1, 17, 0, tzinfo=UTC),
    )
    _record(
        fresh_store,
        family,
        "home_visit",
        {"visit_date": "2026-11-10", "working_well": "Eli is at school daily."},
        author=family.worker,
        created=datetime(2026, 11, 10, 17, 0, tzinfo=UTC),
    )

    def worries():
        return _one(
            fresh_store,
            family.case.id,
            "previous.worries",
            FieldType.LONG_TEXT,
            forms=forms,
            reference=reference,
        )

    found = worries()
    assert found.value == "Rent arrears."
    assert found.source == "Home visit of 01/10/2026 by Anwen Treharne"
    assert found.record_id == older.id
    assert found.provenance()["record_id"] == older.id

    # A visit dated later than the older one but typed up before it: the visit date counts.
    newer = _record(
        fresh_store,
        family,
        "cp_visit",
        {"visit_date": "2026-10-20", "worries": "Rent arrears; a new partner."},
        author=colleague,
        created=datetime(2026, 9, 30, 12, 0, tzinfo=UTC),
    )
    found = worries()
    assert found.value == "Rent arrears; a new partner."
    assert found.source == "Child protection visit of 20/10/2026 by Tomás Ó Briain"
    assert found.record_id == newer.id


def test_the_record_being_edited_is_not_its_own_previous_answer(
    fresh_store, family, forms, reference
):
    older = _record(
        fresh_store,
        family,
        "home_visit",
        {"visit_date": "2026-10-01", "worries": "Rent arrears."},
        author=family.worker,
        created=datetime(2026, 10, 1, 17, 0, tzinfo=UTC),
    )
    editing = _record(
        fresh_store,
        family,
        "home_visit",
        {"visit_date": "2026-11-10", "worries": "Rent arrears are paid off."},
        author=family.worker,
        created=datetime(2026, 11, 10, 17, 0, tzinfo=UTC),
    )
    found = _suggest(
        fresh_store,
        family.case.id,
        _form(("previous.worries", FieldType.LONG_TEXT)),
        forms=forms,
        reference=reference,
        excluding=editing.id,
    )["previous.worries"]
    assert found.record_id == older.id


def test_an_assessment_is_named_by_its_title_and_assessment_date(
    fresh_store, family, forms, reference
):
    assessment = _record(
        fresh_store,
        family,
        "assessment",
        {"assessment_date": "2026-09-25", "housing": "Damp in the back bedroom."},
        author=family.worker,
        created=datetime(2026, 9, 26, 9, 0, tzinfo=UTC),
    )
    found = _one(
        fresh_store,
        family.case.id,
        "previous.housing",
        FieldType.LONG_TEXT,
        forms=forms,
        reference=reference,
    )
    assert found.value == "Damp in the back bedroom."
    assert found.source == "Child and family assessment of 25/09/2026 by Anwen Treharne"
    assert found.record_id == assessment.id


def test_a_previous_answer_that_was_never_given_suggests_nothing(
    fresh_store, family, forms, reference
):
    _record(
        fresh_store,
        family,
        "home_visit",
        {"visit_date": "2026-10-01", "worries": "", "actions": []},
        author=family.worker,
        created=datetime(2026, 10, 1, 17, 0, tzinfo=UTC),
    )
    form = _form(
        ("previous.worries", FieldType.LONG_TEXT),
        ("previous.actions", FieldType.TABLE),
        ("previous.legal_status", FieldType.TEXT),
    )
    assert _suggest(fresh_store, family.case.id, form, forms=forms, reference=reference) == {}


def test_an_earlier_record_with_a_badly_typed_date_does_not_stop_a_form_opening(
    fresh_store, family, forms, reference
):
    _record(
        fresh_store,
        family,
        "home_visit",
        {"visit_date": "31/02/2026", "worries": "Rent arrears."},
        author=family.worker,
        created=datetime(2026, 10, 1, 17, 0, tzinfo=UTC),
    )
    found = _suggest(
        fresh_store,
        family.case.id,
        forms.forms["home_visit"],
        forms=forms,
        reference=reference,
    )
    assert found["previous.worries"].value == "Rent arrears."


# -- suggestions, not answers --------------------------------------------------


def test_a_suggestion_is_not_accepted_until_the_user_accepts_it(
    fresh_store, family, forms, reference
):
    found = _suggest(
        fresh_store, family.case.id, forms.forms["home_visit"], forms=forms, reference=reference
    )
    assert found, "the home visit fills itself"
    for suggestion in found.values():
        entry = suggestion.provenance()
        assert entry["accepted"] is False
        assert entry["suggested"] == suggestion.value
        assert entry["binding"] == suggestion.binding
        assert entry["source"] == suggestion.source
        assert "record_id" not in entry, "nothing here came from an earlier record"
    assert found["child.nhs_number"].provenance(accepted=True)["accepted"] is True


def test_every_suggestion_is_keyed_by_the_field_it_fills(fresh_store, family, forms, reference):
    form = forms.forms["home_visit"]
    facts = fresh_store.views.case_facts(family.case.id, on=DEMO_DAY)
    found = prefill(
        form,
        facts,
        reference=reference,
        form_titles=forms.titles(),
        visit_forms=set(forms.visit_form_ids()),
        today=DEMO_DAY,
        now=datetime(2026, 11, 20, 14, 5),
    )
    for field_id, suggestion in found.items():
        assert suggestion.field_id == field_id
        assert form.field(field_id).bind == suggestion.binding
    assert found["visit_date"].value == "2026-11-20"
    assert found["visit_time"].value == "14:05"
    assert "first_language" not in found, "the family record has no first language for Eli"


def test_prefilling_writes_nothing_to_the_store(fresh_store, family, forms, reference):
    before = fresh_store.change_count()
    _suggest(
        fresh_store, family.case.id, forms.forms["assessment"], forms=forms, reference=reference
    )
    assert fresh_store.change_count() == before


# -- the demo caseload ---------------------------------------------------------


def _person_id(store, first_name):
    [person] = store.rows("SELECT id FROM people WHERE first_name = ?", [first_name])
    return person["id"]


def _case_of(store, first_name):
    [case] = store.rows("SELECT id FROM cases WHERE child_id = ?", [_person_id(store, first_name)])
    return case["id"]


def test_a_demo_home_visit_carries_forward_the_last_visit(demo_store, forms, reference):
    case_id = _case_of(demo_store, "Elif")
    found = _suggest(
        demo_store, case_id, forms.forms["home_visit"], forms=forms, reference=reference
    )
    worries = found["previous.worries"]
    assert worries.value.startswith("The parents still struggle to speak directly")
    assert worries.source == "Home visit of 03/11/2026 by Bethan Lowry"
    assert worries.record_id
    actions = found["previous.actions"]
    assert [a["by_when"] for a in actions.value] == ["2026-12-11", "2026-11-20", "2026-11-27"]
    assert actions.record_id == worries.record_id
    assert found["child.full_name"].value == "Elif Gül Ashworth-Kaya"
    assert found["household.address"].value["postcode"] == "NB4 2XU"
    assert found["school.name"].value == "St Aidan's CE Primary School"
    assert found["case.worker"].value == "Bethan Lowry"
    # The home visit records a visit today, Friday 20/11/2026: 20 working days on.
    assert found["case.next_visit_due"].value == "2026-12-18"


def test_a_demo_child_has_their_gp_and_parents_on_both_sides(demo_store, forms, reference):
    case_id = _case_of(demo_store, "Elif")
    form = _form(
        ("professional.gp", FieldType.TEXT),
        ("professional.health_visitor", FieldType.TEXT),
        ("family.parents", FieldType.PEOPLE),
        ("household.phone", FieldType.TEXT),
        ("case.reference", FieldType.TEXT),
        ("case.next_visit_due", FieldType.DATE),
    )
    found = _suggest(demo_store, case_id, form, forms=forms, reference=reference)
    assert found["professional.gp"].value == "Catriona Bell"
    assert "professional.health_visitor" not in found, "no health visitor for an 8-year-old"
    parents = {_person_id(demo_store, name) for name in ("Nadine", "Murat", "Stuart")}
    assert set(found["family.parents"].value) == parents
    assert found["household.phone"].value == "01632 960166"
    assert found["case.reference"].value == "CIN-2026-0356"
    # Not a visit form: 20 working days after the last visit on Tuesday 03/11/2026.
    assert found["case.next_visit_due"].value == "2026-12-01"
