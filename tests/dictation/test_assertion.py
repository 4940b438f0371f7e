"""Worries are drafted only when asserted, current and about this family (issue 16).

Each status of the ConText-style reading in ``resources/dictation/context.toml`` is
pinned here: what is denied, ruled out, disproved, in the past, only if, only
wondered about, someone else's, or a word in another sense is listed as
"mentioned, not drafted", with its words, and never drafted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from recorder.dictation.assertion import load_context_rules
from recorder.reference.datafile import DataFileError


def set_aside(result) -> dict[str, str]:
    return {i.value: i.status for i in result.set_aside if i.field == "worries"}


@pytest.mark.parametrize(
    ("said", "tag", "status"),
    [
        ("Mum denied that there is any drug use in the home.", "drug_misuse", "negated"),
        ("There are no signs of neglect.", "neglect", "negated"),
        ("A non-accidental injury was ruled out by the paediatrician.", "physical_abuse",
         "negated"),
        ("Both parents oppose FGM.", "fgm", "negated"),
        ("Mum had postnatal depression years ago.", "parental_mental_health", "historical"),
        ("Mum's drinking was a problem before the children were born but she has been sober "
         "since 2015.", "alcohol_misuse", "historical"),
        ("Pawel saw CAMHS in 2022 and was discharged.", "child_mental_health", "historical"),
        ("Mum said there was domestic abuse from a previous partner before Işık was born.",
         "domestic_abuse", "historical"),
        ("Nan said Işık's bruise on her knee happened at nursery.", "physical_abuse", "disproved"),
        ("If the landlord serves notice they could be made homeless.", "housing", "hypothetical"),
        ("I offered a referral to the young carers project but mum said no.", "young_carer",
         "hypothetical"),
        ("Mum wonders if she might be depressed.", "parental_mental_health", "possible"),
        ("The neighbour's son has been arrested for county lines.", "criminal_exploitation",
         "other"),
        ("يوسف works at the alcohol recovery service as a cleaner.", "alcohol_misuse", "other"),
    ],
)
def test_a_worry_not_asserted_is_listed_with_its_status_not_drafted(draft, said, tag, status):
    result = draft(said)

    assert tag not in result.values("worries")
    assert set_aside(result).get(tag) == status
    [listed] = [i for i in result.set_aside if i.value == tag]
    assert listed.evidence and all(e.words.strip() for e in listed.evidence)


def test_a_worry_raised_by_someone_else_and_then_disproved_is_not_drafted(draft):
    result = draft("An anonymous caller said the children are left home alone at night. Both "
                   "parents work days. The allegation was not substantiated.")

    assert result.values("worries") == []
    assert set_aside(result) == {"neglect": "disproved"}


def test_a_worry_raised_by_someone_else_and_not_disproved_is_drafted(draft):
    result = draft("The school made a referral saying Pawel has been left home alone.")

    assert result.values("worries") == ["neglect"]


@pytest.mark.parametrize(
    "said",
    [
        "Işık was drinking her milk at the table.",
        "يوسف was spraying weed killer on the path.",
        "The spice rack had come off the wall.",
        "Pawel said he just wants to be left alone after school.",
    ],
)
def test_a_cue_word_in_another_sense_raises_nothing(draft, said):
    result = draft(said)

    assert result.values("worries") == []
    assert result.set_aside == ()


@pytest.mark.parametrize(
    ("said", "tag"),
    [
        ("Mum said she has been drinking every night since the funeral.", "alcohol_misuse"),
        ("Pawel has not self-harmed since the weekend.", "self_harm"),
        ("Mum used to misuse alcohol but has started drinking again.", "alcohol_misuse"),
        ("Mum told me her partner pushed her against the wall on Saturday.", "domestic_abuse"),
    ],
)
def test_a_current_asserted_worry_is_drafted(draft, said, tag):
    assert tag in draft(said).values("worries")


def test_a_mention_set_aside_and_an_assertion_of_the_same_worry_drafts_it_once(draft):
    result = draft("Mum denies any cannabis use. The hair strand test came back positive for "
                   "cannabis.")

    assert result.values("worries") == ["drug_misuse"]
    assert set_aside(result) == {}


def test_the_trigger_table_is_checked_naming_file_and_line(tmp_path: Path):
    source = Path(__file__).resolve().parents[2] / "resources" / "dictation" / "context.toml"
    broken = source.read_text(encoding="utf-8").replace('direction = "backward"',
                                                        'direction = "sideways"', 1)
    (tmp_path / "context.toml").write_text(broken, encoding="utf-8")

    with pytest.raises(DataFileError, match=r"context\.toml, line \d+: trigger \d+: direction"):
        load_context_rules(str(tmp_path))
