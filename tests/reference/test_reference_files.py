"""Reference files a council edits: a mistake names the file, the line and the problem."""

from __future__ import annotations

import shutil

import pytest

from recorder.reference import DataFileError, load_reference_data
from recorder.resources import resource


@pytest.fixture
def folder(tmp_path):
    for name in ("visit_rhythms.toml", "bank_holidays.toml", "relationships.toml"):
        shutil.copy(resource(name), tmp_path / name)
    return tmp_path


def test_the_shipped_files_load(reference):
    assert reference.visits.rhythm_for("child_protection").describe() == "every 10 working days"
    assert reference.relationships.inverse_label("stepfather", "Male") == "stepson"
    assert len(reference.calendar.bank_holidays) >= 8


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bad_toml_gives_file_and_line(folder):
    _replace(folder / "visit_rhythms.toml", "every = 10", "every = = 10")
    with pytest.raises(DataFileError, match=r"visit_rhythms.toml, line 6: not valid TOML"):
        load_reference_data(folder)


def test_an_unknown_unit_is_named(folder):
    _replace(folder / "visit_rhythms.toml", 'unit = "weeks"', 'unit = "fortnights"')
    with pytest.raises(DataFileError, match="unit 'fortnights' is not one of"):
        load_reference_data(folder)


def test_an_unknown_case_type_is_named_with_its_line(folder):
    _replace(folder / "visit_rhythms.toml", "[rhythm.child_in_care]", "[rhythm.child_in_cair]")
    with pytest.raises(DataFileError, match=r"line \d+: 'child_in_cair' is not a case type"):
        load_reference_data(folder)


def test_a_holiday_without_a_date_is_named(folder):
    _replace(folder / "bank_holidays.toml", "date = 2026-12-25", 'date = "25/12/2026"')
    with pytest.raises(DataFileError, match="Christmas Day 2026.*needs a date"):
        load_reference_data(folder)


def test_a_relationship_without_an_inverse_is_named(folder):
    _replace(folder / "relationships.toml", 'inverse = "foster child"\n', "")
    with pytest.raises(DataFileError, match="kind.foster_carer needs an inverse"):
        load_reference_data(folder)


def test_a_missing_file_is_named(folder):
    (folder / "relationships.toml").unlink()
    with pytest.raises(DataFileError, match="relationships.toml: the file is missing"):
        load_reference_data(folder)
