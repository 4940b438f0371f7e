"""A person, a case and a duplicate as a worker types them: the rules without Qt."""

from __future__ import annotations

from datetime import date

from recorder.domain.cases import Case, CaseType
from recorder.domain.duplicates import SAME_NAME_AND_BIRTH, SAME_NHS_NUMBER, match_reason
from recorder.domain.family_entry import (
    CaseEntry,
    PersonEntry,
    case_from_entry,
    closing_problem,
    merge_problem,
    person_from_entry,
    read_entered_date,
    retype_problem,
)
from recorder.domain.people import Person
from recorder.domain.users import Role
from recorder.reference import load_reference_data

TODAY = date(2026, 11, 3)
ETHNICITIES = load_reference_data().ethnicities


def test_a_date_typed_the_english_way_or_as_iso_reads_the_same():
    assert read_entered_date("03/11/2026", what="date of birth") == (date(2026, 11, 3), "")
    assert read_entered_date("2026-11-03", what="date of birth") == (date(2026, 11, 3), "")
    day, problem = read_entered_date("31/02/2020", what="date of birth")
    assert day is None and "no such date" in problem


def test_a_new_partner_typed_in_cyrillic_with_a_spaced_nhs_number_is_kept_as_typed():
    entry = PersonEntry(
        first_name="Олександр", last_name="Коваленко", date_of_birth="14/02/1990",
        gender="Male", ethnicity="white - any other white background",
        nhs_number="943 476 5919", first_language="Ukrainian", interpreter_needed=True,
    )
    person, problems = person_from_entry(entry, ethnicities=ETHNICITIES, today=TODAY)
    assert problems == []
    assert person.first_name == "Олександр"
    assert person.nhs_number == "9434765919"
    assert person.ethnicity == "White - Any other White background"


def test_a_mistyped_nhs_number_and_an_unknown_ethnicity_are_both_said():
    entry = PersonEntry(
        first_name="Ana", last_name="Lopes", nhs_number="943 476 5918", ethnicity="Martian"
    )
    person, problems = person_from_entry(entry, ethnicities=ETHNICITIES, today=TODAY)
    assert person is None
    assert any("check digit" in p for p in problems)
    assert any("census ethnicity" in p for p in problems)


def test_an_estimated_date_of_birth_needs_a_date_and_is_kept_as_estimated():
    entry = PersonEntry(first_name="Ana", last_name="Lopes", date_of_birth_estimated=True)
    assert person_from_entry(entry, ethnicities=ETHNICITIES, today=TODAY)[0] is None
    entry = PersonEntry(
        first_name="Ana", last_name="Lopes", date_of_birth="01/01/1985",
        date_of_birth_estimated=True,
    )
    person, _ = person_from_entry(entry, ethnicities=ETHNICITIES, today=TODAY)
    assert person.date_of_birth_estimated


def test_earlier_census_wordings_already_on_record_are_still_accepted():
    assert ETHNICITIES.problem("White - British") is None
    assert ETHNICITIES.canonical("Irish") == "White - Irish"


def test_a_case_needs_a_worker_and_a_start_not_in_the_future():
    case, problems = case_from_entry(
        CaseEntry("child", CaseType.CHILD_IN_NEED, "04/11/2026", None), today=TODAY
    )
    assert case is None and len(problems) == 2


def test_child_in_need_to_child_protection_and_back_but_not_into_care():
    case = Case("child", CaseType.CHILD_IN_NEED, "w", date(2026, 1, 5))
    assert retype_problem(case, CaseType.CHILD_PROTECTION) is None
    assert "already" in retype_problem(case, CaseType.CHILD_IN_NEED)
    assert "placement" in retype_problem(case, CaseType.CHILD_IN_CARE)
    assert "why" in closing_problem(case, TODAY, " ")
    assert closing_problem(case, TODAY, "Needs met") is None


def test_only_a_team_manager_merges_two_people():
    assert merge_problem(Role.TEAM_MANAGER) is None
    assert "team manager" in merge_problem(Role.SOCIAL_WORKER)


def test_a_duplicate_is_found_by_nhs_number_or_by_folded_name_and_birth():
    on_record = Person("Zoë", "O'Neill", date_of_birth=date(2015, 6, 1), nhs_number="9434765919")
    assert match_reason(Person("Zoe", "Oneill", date_of_birth=date(2015, 6, 1)), on_record) == (
        SAME_NAME_AND_BIRTH
    )
    assert match_reason(Person("Z", "X", nhs_number="943 476 5919"), on_record) == SAME_NHS_NUMBER
    assert match_reason(Person("Zoe", "Oneill", date_of_birth=date(2015, 6, 2)), on_record) is None
