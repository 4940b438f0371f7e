"""A whole draft: every item points at the worker's words, and no dictation makes it fall over."""

from __future__ import annotations

import json
from datetime import date

import pytest

from recorder.dictation.context import DictationContext
from recorder.dictation.draft import Action, NewPerson

DICTATION = (
    "Home visit to Pawel and Isik comma I arrived at um 3.45pm full stop ΕΛΕΝΗ was home comma "
    "يوسف was not home full stop I saw pawel alone in the kitchen sorry scratch that in his "
    "bedroom full stop he said open quote I miss my dad close quote full stop new paragraph "
    "mum is on sertraline full stop mum's new partner Darius Feltham was there full stop no "
    "concerns about alcohol full stop I will ring the HV tomorrow full stop"
)


def words_of(result, field: str) -> dict:
    """Each value of ``field`` with the dictation's words for it, joined."""
    return {
        (item.value if not isinstance(item.value, Action) else item.value.text): " | ".join(
            e.words for e in item.evidence
        )
        for item in result.of(field)
    }


def test_every_item_points_at_the_words_the_worker_dictated(draft):
    result = draft(DICTATION)

    for item in result.items:
        for e in item.evidence:
            assert result.dictation[e.start : e.end] == e.words
    assert "ΕΛΕΝΗ" in words_of(result, "present")["a1"]
    assert words_of(result, "absent") == {"a2": "يوسف was not home"}
    assert words_of(result, "seen_alone") == {"c1": "I saw pawel alone"}
    assert words_of(result, "child_voice") == {"I miss my dad": "I miss my dad"}
    assert words_of(result, "worries") == {"parental_mental_health": "sertraline"}
    assert words_of(result, "new_people") == {
        NewPerson("Darius Feltham", "mother's partner"): "partner Darius Feltham"
    }
    assert words_of(result, "actions") == {
        "Ring the HV tomorrow": "I will ring the HV tomorrow"
    }
    assert "3.45pm" in words_of(result, "visit_time")["15:45"]
    assert words_of(result, "professionals") == {"x1": "HV"}


def test_words_the_worker_took_back_are_nobodys_evidence(draft):
    result = draft(DICTATION)

    assert "kitchen" not in result.cleaned
    assert all("kitchen" not in e.words for item in result.items for e in item.evidence)


def test_the_draft_reads_in_the_evaluation_format(draft):
    prediction = draft(DICTATION).prediction()

    assert json.loads(json.dumps(prediction, ensure_ascii=False)) == prediction
    assert prediction["visit_date"] == "2026-11-18"
    assert prediction["visit_time"] == "15:45"
    assert sorted(prediction["people_present"]) == ["a1", "c1", "c2"]
    assert prediction["seen_alone"] == ["c1"]
    assert prediction["professionals_mentioned"] == ["x1"]
    assert prediction["new_people"] == [
        {"name": "Darius Feltham", "relationship": "mother's partner"}
    ]
    assert prediction["actions"] == [
        {"owner": "worker", "due": "2026-11-19", "text": "Ring the HV tomorrow"}
    ]
    assert prediction["worries"] == ["parental_mental_health"]


@pytest.mark.parametrize("empty", ["", "   ", "\n\n\t", "um, er", "erm, um, er"])
def test_an_empty_dictation_gives_a_plain_message_and_no_items(draft, empty):
    result = draft(empty)

    assert result.items == ()
    assert len(result.problems) == 1
    assert result.problems[0].startswith("The dictation is empty")
    assert result.prediction()["people_present"] == []


@pytest.mark.parametrize("marks_only", ["erm... um", "full stop comma"])
def test_a_dictation_of_punctuation_alone_is_empty(draft, marks_only):
    result = draft(marks_only)

    assert result.items == ()
    assert result.problems and result.problems[0].startswith("The dictation is empty")


def test_a_dictation_about_nobody_the_record_knows_drafts_without_error(draft):
    nobody = DictationContext(recorded_on=date(2026, 11, 18))

    result = draft(
        "I visited Sam and Priya at home. Sam said open quote I like football close quote. "
        "Mum was out. No concerns about drug use. I will ring the school tomorrow.",
        context=nobody,
    )

    assert result.problems == ()
    assert result.values("present") == [] and result.values("professionals") == []
    assert [a.owner for a in result.values("actions")] == ["worker"]
    assert result.values("worries") == []


SENTENCES = [
    "Home visit to Pawel and Isik comma mum Ελένη was there full stop ",
    "Pawel said open quote I like my new school close quote full stop ",
    "Gulsen was home and made tea comma um comma for everyone full stop ",
    "يوسف was at work full stop ",
    "Isik showed me her drawings and talked about her friends at nursery full stop ",
    "There are no concerns about alcohol full stop ",
    "Mum has been feeling low and is taking sertraline full stop new paragraph ",
    "The HV Mererid weighed Isik and she is gaining weight well full stop ",
    "The kitchen was clean and there was food in the fridge full stop ",
]


def test_a_twenty_thousand_word_dictation_drafts_with_evidence_inside_the_text(draft):
    body = []
    while sum(len(s.split()) for s in body) < 20_000:
        body.append(SENTENCES[len(body) % len(SENTENCES)])
    text = "".join(body) + "Finally nan will bring the birth certificate on Friday full stop"
    assert len(text.split()) >= 20_000

    result = draft(text)

    assert result.problems == ()
    assert {"present", "absent", "child_voice", "worries", "actions"} <= {
        i.field for i in result.items
    }
    for item in result.items:
        for e in item.evidence:
            assert 0 <= e.start < e.end <= len(text)
            assert text[e.start : e.end] == e.words
    last = [a for a in result.of("actions") if a.value.owner == "a3"]
    assert [a.value.due for a in last] == [date(2026, 11, 20)]
    assert last[0].evidence[0].start > len(text) - 100


def test_a_formal_report_in_the_third_person_of_the_undersigned(draft):
    """Regression, from a set written by another hand in a formal register: "the
    undersigned shall refer ..." was no action ("shall" was not a promise), "16h20" no
    time, "the said child was seen alone" nobody (and its "said" a speech word), and "the
    biological mother" nobody."""
    result = draft(
        "Statutory visit to the minor Pawel on the 16th instant; the undersigned arrived at "
        "16h20. Present were the biological mother and both children. The said child was "
        "seen alone in his bedroom. He stated, \"I sleep better now that it is quiet\". The "
        "following was agreed: the undersigned shall refer Ελένη to the IDVA service by "
        "tomorrow; Ελένη shall attend the Freedom Programme on Friday.")
    predicted = result.prediction()
    assert predicted["visit_time"] == "16:20"
    assert predicted["seen_alone"] == ["c1"]
    assert "a1" in predicted["people_present"]
    assert predicted["child_voice"] == ["I sleep better now that it is quiet"]
    assert [(a["owner"], a["text"]) for a in predicted["actions"]] == [
        ("worker", "Refer Ελένη to the IDVA service by tomorrow"),
        ("a1", "Attend the Freedom Programme on Friday"),
    ]


def test_a_formal_reports_dates_titles_and_list_of_the_writers_own_steps(draft, family):
    """Regression: "the 30th ultimo" (last month) became a due date next month; "Mrs
    Kowalczyk" went to the first adult of that name (the father), not the woman; "...,
    and shall request ..." lost the worker's second step."""
    from dataclasses import replace

    from recorder.dictation.context import KnownPerson
    known = replace(family, people=(*family.people,
                                    KnownPerson("a9", "Marek", "Kowalczyk", "father"),
                                    KnownPerson("a8", "Anna", "Kowalczyk", "aunt")))
    result = draft(
        "Visit on the 3rd instant. The undersigned shall convene a strategy meeting by Friday, "
        "and shall request a return home interview in respect of the missing episode of the "
        "30th ultimo. Mrs Kowalczyk shall attend on the 20th instant.", context=known)
    predicted = result.prediction()
    assert predicted["visit_date"] == "2026-11-03"
    assert [(a["owner"], a["due"]) for a in predicted["actions"]] == [
        ("worker", "2026-11-20"), ("worker", None), ("a8", "2026-11-20")]
