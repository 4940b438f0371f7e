"""Reference files a council edits: a mistake names the file, the line and the problem."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from recorder.reference import DataFileError, load_reference_data
from recorder.resources import resource


@pytest.fixture
def folder(tmp_path):
    names = ("visit_rhythms.toml", "closure_days.toml", "relationships.toml", "caseload.toml")
    for name in (*names, "ethnicity.toml"):
        shutil.copy(resource(name), tmp_path / name)
    return tmp_path


def test_the_shipped_files_load(reference):
    assert reference.visits.rhythm_for("child_protection").describe() == "every 10 working days"
    assert reference.relationships.inverse_label("stepfather", "Male") == "stepson"
    assert not reference.calendar.is_working_day(date(2029, 12, 25))
    assert reference.caps.cap == 12


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bad_toml_gives_file_and_line(folder):
    _replace(folder / "visit_rhythms.toml", "every = 10", "every = = 10")
    with pytest.raises(DataFileError, match=r"visit_rhythms.toml, line 12: not valid TOML"):
        load_reference_data(folder)


def test_an_unknown_unit_is_named(folder):
    _replace(folder / "visit_rhythms.toml", 'unit = "working days"', 'unit = "fortnights"')
    with pytest.raises(DataFileError, match="unit 'fortnights' is not one of"):
        load_reference_data(folder)


def test_an_unknown_case_type_is_named_with_its_line(folder):
    _replace(folder / "visit_rhythms.toml", "[rhythm.child_in_need]", "[rhythm.child_in_nead]")
    with pytest.raises(DataFileError, match=r"line \d+: 'child_in_nead' is not a case type"):
        load_reference_data(folder)


def test_a_closure_day_without_a_date_is_named(folder):
    (folder / "closure_days.toml").write_text(
        '[[closure]]\ndate = "24/12/2027"\nname = "Christmas Eve closure"\n', encoding="utf-8"
    )
    with pytest.raises(
        DataFileError, match=r"line 3: closure 'Christmas Eve closure' needs a date"
    ):
        load_reference_data(folder)


def test_a_council_closure_day_is_not_a_working_day(folder):
    (folder / "closure_days.toml").write_text(
        '[[closure]]\ndate = 2027-12-24\nname = "Christmas Eve closure"\n', encoding="utf-8"
    )
    calendar = load_reference_data(folder).calendar
    assert not calendar.is_working_day(date(2027, 12, 24))
    assert calendar.is_working_day(date(2027, 12, 23))


def test_a_rhythm_for_children_in_care_is_refused_because_the_law_sets_it(folder):
    with (folder / "visit_rhythms.toml").open("a", encoding="utf-8") as f:
        f.write('\n[rhythm.child_in_care]\nevery = 6\nunit = "weeks"\n')
    with pytest.raises(
        DataFileError, match=r"line \d+: children in care are visited as regulation 28"
    ):
        load_reference_data(folder)


def test_a_caseload_cap_that_is_not_a_number_is_named(folder):
    _replace(folder / "caseload.toml", "cap = 12", 'cap = "twelve"')
    with pytest.raises(DataFileError, match=r"caseload.toml, line \d+: 'cap' must be a number"):
        load_reference_data(folder)


def test_a_relationship_without_an_inverse_is_named(folder):
    _replace(folder / "relationships.toml", 'inverse = "foster child"\n', "")
    with pytest.raises(DataFileError, match="kind.foster_carer needs an inverse"):
        load_reference_data(folder)


def test_a_missing_file_is_named(folder):
    (folder / "relationships.toml").unlink()
    with pytest.raises(DataFileError, match="relationships.toml: the file is missing"):
        load_reference_data(folder)


def test_an_ethnicity_group_without_categories_is_refused_naming_the_file_and_line(folder):
    _replace(folder / "ethnicity.toml", 'categories = ["Arab", "Any other ethnic group"]', "")
    with pytest.raises(DataFileError, match=r"ethnicity.toml, line \d+: group 'Other ethnic"):
        load_reference_data(folder)
