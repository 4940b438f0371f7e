"""The lexicons: the shipped ones load, and a mistake in one names its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from recorder.dictation.lexicon import FOLDER, load_lexicon
from recorder.dictation.pipeline import Drafter
from recorder.reference.datafile import DataFileError

EVALUATION_TAGS = {
    "domestic_abuse", "parental_mental_health", "child_mental_health", "alcohol_misuse",
    "drug_misuse", "neglect", "physical_abuse", "emotional_abuse", "sexual_abuse",
    "child_sexual_exploitation", "criminal_exploitation", "missing_episodes", "self_harm",
    "housing", "financial_hardship", "school_attendance", "parental_learning_disability",
    "young_carer", "radicalisation", "fgm",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped lexicons that a test may break."""
    copy = tmp_path / "dictation"
    shutil.copytree(FOLDER, copy)
    return copy


def break_line(path: Path, old: str, new: str) -> int:
    """Replace ``old`` with ``new`` in the file; the number of the line it is on."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines, start=1) if old in line)
    lines[number - 1] = lines[number - 1].replace(old, new)
    path.write_text("".join(lines), encoding="utf-8")
    return number


def test_the_shipped_lexicons_load_with_every_worry_tag_the_team_records():
    lexicon = load_lexicon()

    assert {w.tag for w in lexicon.worries} == EVALUATION_TAGS
    assert lexicon.spoken["punctuation"]["full stop"] == "."
    assert len(lexicon.dates["weekdays"]) == 7


def test_a_lexicon_that_is_not_valid_toml_names_the_file_and_line(folder):
    line = break_line(folder / "worries.toml", 'label = "Housing"', 'label = "Housing')

    with pytest.raises(DataFileError) as caught:
        load_lexicon(folder)

    assert caught.value.path == folder / "worries.toml"
    assert caught.value.line == line
    assert "worries.toml" in str(caught.value) and f"line {line}" in str(caught.value)


def test_a_week_with_six_days_names_the_file_and_line(folder):
    line = break_line(folder / "dates.toml", '"fri", ', "")

    with pytest.raises(DataFileError) as caught:
        load_lexicon(folder)

    assert caught.value.path == folder / "dates.toml"
    assert caught.value.line == line
    assert "7 days" in str(caught.value)


def test_a_word_list_that_is_not_a_list_names_the_list(folder):
    line = break_line(folder / "spoken.toml", 'fillers = [', 'fillers = "um" #[')

    with pytest.raises(DataFileError) as caught:
        load_lexicon(folder)

    assert caught.value.path == folder / "spoken.toml"
    assert caught.value.line == line
    assert '"fillers" must be a list' in str(caught.value)


def test_a_worry_that_depends_on_who_must_name_a_known_tag(folder):
    line = break_line(
        folder / "worries.toml",
        '"low mood" = { child = "child_mental_health"',
        '"low mood" = { child = "child_low_mood"',
    )

    with pytest.raises(DataFileError) as caught:
        load_lexicon(folder)

    assert caught.value.line == line
    assert 'unknown tag "child_low_mood"' in str(caught.value)


def test_a_new_person_word_without_a_relationship_in_quotes_names_the_line(folder):
    line = break_line(folder / "people.toml", 'pastor = "pastor"', "pastor = 3")

    with pytest.raises(DataFileError) as caught:
        load_lexicon(folder)

    assert caught.value.path == folder / "people.toml"
    assert caught.value.line == line
    assert '"pastor" must be a relationship in quotes' in str(caught.value)


def test_the_words_that_place_someone_new_are_read_from_the_folder(folder, family):
    """A council can teach drafting a word for someone new without touching code."""
    people = folder / "people.toml"
    people.write_text(people.read_text(encoding="utf-8").replace(
        "[new_person_words]\n", '[new_person_words]\nkuzyn = "cousin"\n'), encoding="utf-8")

    draft = Drafter.load("none", folder=str(folder)).draft(
        "Home visit. Her kuzyn Bartek Nowicki was there.", family)

    assert [(p.name, p.relationship) for p in draft.values("new_people")] == [
        ("Bartek Nowicki", "cousin")]


def test_a_missing_lexicon_file_is_named(folder):
    (folder / "cues.toml").unlink()

    with pytest.raises(DataFileError) as caught:
        load_lexicon(folder)

    assert caught.value.path == folder / "cues.toml"
    assert "missing" in str(caught.value)


def test_the_drafter_will_not_load_from_a_broken_folder(folder):
    break_line(folder / "people.toml", "[relation.mother]", "[relation.mother")

    with pytest.raises(DataFileError) as caught:
        Drafter.load("none", folder=str(folder))

    assert caught.value.path == folder / "people.toml"


def test_the_drafter_reads_its_words_from_the_folder_it_is_given(folder, family):
    break_line(folder / "spoken.toml", '"full stop" = "."', '"period" = "."')

    drafter = Drafter.load("none", folder=str(folder))

    assert drafter.draft("mum was home period", family).cleaned == "Mum was home."
