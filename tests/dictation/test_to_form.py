"""A draft becomes suggestions for a visit form, in the values its editors read and checks pass."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from recorder.dictation.context import context_from_facts
from recorder.dictation.draft import Action, Draft, DraftItem, Evidence, NewPerson
from recorder.dictation.to_form import (
    NEW_PEOPLE,
    NewPersonOffer,
    add_to_family_network,
    drafted_provenance,
    form_suggestions,
    holds_suggestion,
    mentioned_lines,
    new_person_offer,
    new_person_words,
    relationship_kind,
    with_suggestion,
    without_suggestion,
    worry_labels,
)
from recorder.forms.checks import field_problem
from recorder.reference.datafile import DataFileError
from tests.conftest import DEMO_DAY

DICTATION = (
    "Unannounced visit yesterday at quarter past four. Fatmata and Alusine were home, "
    "Isatu was at the market. I saw Alusine on his own in his room. He said I like my new "
    "teacher but the shouting at night scares me. Mum's friend Kadie Bangura was there too. "
    "I will ring the school by Friday."
)


def _span(words: str) -> Evidence:
    start = DICTATION.index(words)
    return Evidence(start, start + len(words), words)


@pytest.fixture
def alusine(demo_store, reference):
    """The demo's Alusine Conteh: his case's facts, his family as the drafting sees it."""
    child = next(p for p in demo_store.search.people("Alusine")).person
    case = demo_store.cases.for_child(child.id)[0]
    facts = demo_store.views.case_facts(case.id, on=DEMO_DAY)
    context = context_from_facts(facts, reference.relationships, recorded_on=DEMO_DAY)
    people = {p.first_name: p.id for p in context.people}
    return facts, context, people


def _draft(people: dict[str, str], worker_action: bool = True) -> Draft:
    items = [
        DraftItem("visit_date", date(2026, 11, 19), "Visit on 19/11/2026", (_span("yesterday"),)),
        DraftItem("visit_time", "16:15", "At 16:15", (_span("quarter past four"),)),
        DraftItem("visit_type", "Unannounced", "Unannounced", (_span("Unannounced"),)),
        DraftItem("present", people["Fatmata"], "Fatmata", (_span("Fatmata"),)),
        DraftItem("present", people["Alusine"], "Alusine", (_span("Alusine were home"),)),
        DraftItem("absent", people["Isatu"], "Isatu", (_span("Isatu was at the market"),)),
        DraftItem("seen_alone", people["Alusine"], "Alusine", (_span("on his own"),)),
        DraftItem(
            "child_voice",
            "I like my new teacher",
            "Alusine said",
            (_span("I like my new teacher"),),
        ),
        DraftItem(
            "worries",
            "domestic_abuse",
            "Domestic abuse",
            (_span("the shouting at night scares me"),),
        ),
        DraftItem(
            "new_people",
            NewPerson("Kadie Bangura", "family friend"),
            "Kadie Bangura",
            (_span("Kadie Bangura"),),
        ),
        DraftItem("professionals", "someone", "The school", (_span("the school"),)),
    ]
    if worker_action:
        items.append(
            DraftItem(
                "actions",
                Action("worker", date(2026, 11, 27), "Ring the school"),
                "Ring the school",
                (_span("I will ring the school by Friday"),),
            )
        )
    return Draft(DICTATION, DICTATION, tuple(items))


def test_a_draft_fills_a_home_visit_in_the_values_its_editors_use(alusine, forms, reference):
    facts, context, people = alusine
    form = forms.forms["home_visit"]
    found = form_suggestions(
        _draft(people), form, context, child_id=facts.child.id, vocabulary=reference.relationships
    )
    by_field: dict[str, list] = {}
    for s in found:
        by_field.setdefault(s.field_id, []).append(s.value)
    assert by_field["visit_date"] == ["2026-11-19"]
    assert by_field["visit_time"] == ["16:15"]
    assert by_field["visit_type"] == ["Unannounced"]
    assert by_field["present"] == [people["Fatmata"], people["Alusine"]]
    assert by_field["absent"] == [people["Isatu"]]
    assert by_field["child_seen"] == [True]
    assert by_field["child_seen_alone"] == [True]
    assert by_field["child_voice"] == ["I like my new teacher"]
    assert by_field["worries"] == ["Domestic abuse: “the shouting at night scares me”"]
    assert by_field["actions"] == [
        {"what": "Ring the school", "who": "worker", "by_when": "2026-11-27"}
    ]
    assert [o.first_name for o in by_field[NEW_PEOPLE]] == ["Kadie"]
    assert "professionals" not in by_field  # the form has no field for them
    # In the form's order, new people last.
    order = [f.id for f in form.fields]
    fields = [s.field_id for s in found if s.field_id != NEW_PEOPLE]
    assert fields == sorted(fields, key=order.index) and found[-1].field_id == NEW_PEOPLE

    # Each field, filled with its suggestions, passes the form's own checks.
    for field_id, parts in by_field.items():
        if field_id == NEW_PEOPLE:
            continue
        spec = form.field(field_id)
        value = None
        for part in parts:
            value = with_suggestion(spec, value, part)
        assert field_problem(spec, value, today=DEMO_DAY) is None, field_id


def test_every_suggestion_keeps_the_words_it_came_from_and_says_what_it_is(
    alusine, forms, reference
):
    facts, context, people = alusine
    found = form_suggestions(
        _draft(people),
        forms.forms["home_visit"],
        context,
        child_id=facts.child.id,
        vocabulary=reference.relationships,
    )
    for s in found:
        assert s.evidence, s.label
        for e in s.evidence:
            assert DICTATION[e.start : e.end] == e.words
    labels = [s.label for s in found]
    assert "Who was present: Fatmata Conteh (mother)" in labels
    assert "Who was present: Alusine Conteh (the child)" in labels
    assert "Date of visit: 19/11/2026" in labels
    assert any(
        label.startswith(
            "Actions: Ring the school (the social worker (Bethan Lowry), by 27/11/2026"
        )
        for label in labels
    )
    assert "Someone new: Kadie Bangura (family friend): add to the family network?" in labels


def test_only_fields_the_form_has_are_suggested(alusine, forms, reference):
    facts, context, people = alusine
    assessment = forms.forms["assessment"]
    found = form_suggestions(
        _draft(people),
        assessment,
        context,
        child_id=facts.child.id,
        vocabulary=reference.relationships,
    )
    for s in found:
        if s.field_id != NEW_PEOPLE:
            assert assessment.field(s.field_id) is not None
    cic = forms.forms["cic_visit"]
    on_cic = {
        s.field_id
        for s in form_suggestions(
            _draft(people),
            cic,
            context,
            child_id=facts.child.id,
            vocabulary=reference.relationships,
        )
    }
    assert {"visit_date", "present", "child_voice", "worries", "actions"} <= on_cic


def test_a_child_not_there_is_suggested_as_not_seen(alusine, forms, reference):
    facts, context, people = alusine
    draft = Draft(
        "Alusine was at football.",
        "Alusine was at football.",
        (DraftItem("absent", people["Alusine"], "Alusine", (Evidence(0, 7, "Alusine"),)),),
    )
    found = form_suggestions(
        draft,
        forms.forms["home_visit"],
        context,
        child_id=facts.child.id,
        vocabulary=reference.relationships,
    )
    assert [(s.field_id, s.value) for s in found] == [
        ("absent", people["Alusine"]),
        ("child_seen", False),
    ]


def test_a_day_the_dictation_does_not_state_is_not_drafted(alusine, forms, reference):
    facts, context, people = alusine
    draft = Draft(
        "Fatmata was home.",
        "Fatmata was home.",
        (
            DraftItem("visit_date", DEMO_DAY, "Date of visit: the day of recording"),
            DraftItem("present", people["Fatmata"], "Fatmata", (Evidence(0, 7, "Fatmata"),)),
        ),
    )
    found = form_suggestions(
        draft,
        forms.forms["home_visit"],
        context,
        child_id=facts.child.id,
        vocabulary=reference.relationships,
    )
    assert [s.field_id for s in found] == ["present"]
    assert found[0].reason == "Fatmata"


def test_child_seen_is_not_answered_when_the_dictation_never_says_so(
    alusine, forms, reference, drafter
):
    """Regression (issue 11): "Was the child seen?: Yes" was drafted, with no words behind it,
    from a dictation that only said the mother was home."""
    facts, context, people = alusine
    spoken = "Fatmata was home. We talked about the rent arrears and the housing register."

    found = form_suggestions(drafter.draft(spoken, context), forms.forms["home_visit"], context,
                             child_id=facts.child.id, vocabulary=reference.relationships)

    assert "child_seen" not in [s.field_id for s in found]
    assert people["Alusine"] not in [s.value for s in found if s.field_id == "present"]


def test_child_seen_is_answered_from_the_words_that_say_so(alusine, forms, reference, drafter):
    facts, context, _ = alusine
    spoken = "Alusine was home and showed me his room."

    found = form_suggestions(drafter.draft(spoken, context), forms.forms["home_visit"], context,
                             child_id=facts.child.id, vocabulary=reference.relationships)

    [seen] = [s for s in found if s.field_id == "child_seen"]
    assert seen.value is True
    assert [e.words for e in seen.evidence] == ["Alusine was home"]


def test_every_drafted_answer_carries_the_dictations_words(alusine, forms, reference, drafter):
    """Regression (issue 11): every suggestion a real draft makes shows the words it came from."""
    facts, context, _ = alusine
    for spoken in (DICTATION, "Fatmata was home. I will ring the school by Friday."):
        found = form_suggestions(drafter.draft(spoken, context), forms.forms["home_visit"],
                                 context, child_id=facts.child.id,
                                 vocabulary=reference.relationships)

        assert found
        for suggestion in found:
            assert suggestion.evidence, suggestion.label
            for e in suggestion.evidence:
                assert spoken[e.start : e.end] == e.words and e.words.strip()


def test_an_empty_draft_suggests_nothing(alusine, forms, reference):
    facts, context, _ = alusine
    empty = Draft("", "", (), ("The dictation is empty.",))
    assert (
        form_suggestions(
            empty,
            forms.forms["home_visit"],
            context,
            child_id=facts.child.id,
            vocabulary=reference.relationships,
        )
        == []
    )


def test_suggestions_go_in_and_come_out_again_without_touching_what_was_typed(forms):
    form = forms.forms["home_visit"]
    present, voice, actions, when = (
        form.field(i) for i in ("present", "child_voice", "actions", "visit_date")
    )
    assert with_suggestion(present, ["a"], "b") == ["a", "b"]
    assert with_suggestion(present, ["a", "b"], "b") == ["a", "b"]
    assert without_suggestion(present, ["a", "b"], "b") == ["a"]
    assert without_suggestion(present, ["b"], "b") is None

    typed = "Showed me his drawings."
    both = with_suggestion(voice, typed, "I like my teacher")
    assert both == "Showed me his drawings.\nI like my teacher"
    assert with_suggestion(voice, both, "i like my  teacher") == both  # not twice
    assert holds_suggestion(voice, both, "I like my teacher")
    assert without_suggestion(voice, both, "I like my teacher") == typed

    row = {"what": "Ring the school", "who": "worker", "by_when": "2026-11-27"}
    assert with_suggestion(actions, None, row) == [row]
    assert without_suggestion(actions, [row], row) is None
    changed = {**row, "what": "Ring the school and the GP"}
    assert without_suggestion(actions, [changed], row) == [changed]  # edited: left alone

    assert with_suggestion(when, "2026-11-20", "2026-11-19") == "2026-11-19"
    assert without_suggestion(when, "2026-11-19", "2026-11-19") is None
    assert without_suggestion(when, "2026-11-18", "2026-11-19") == "2026-11-18"


def test_drafted_provenance_names_the_dictation_and_its_words():
    entry = drafted_provenance("2026-11-19", [Evidence(0, 9, "yesterday")])
    assert entry == {
        "source": "Drafted from dictation",
        "binding": "dictation",
        "suggested": "2026-11-19",
        "accepted": False,
        "evidence": [[0, 9, "yesterday"]],
    }


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("maternal nan", "grandmother"),
        ("uncle", "uncle"),
        ("Mum's partner", "parents_partner"),
        ("mother’s partner", "parents_partner"),
        ("mother's brother", "uncle"),
        ("family friend", "family_friend"),
        ("half-sister", "half_sibling"),
        ("paternal aunt", "aunt"),
        ("neighbour's lodger", None),
        ("", None),
    ],
)
def test_how_someone_new_is_related_is_guessed_from_the_words(reference, words, kind):
    vocabulary = reference.relationships
    assert relationship_kind(words, vocabulary, new_person_words(vocabulary)) == kind


def test_a_new_persons_name_is_split_and_a_title_set_aside(reference):
    vocabulary = reference.relationships
    words = new_person_words(vocabulary)
    offer = new_person_offer(NewPerson("Kadie Bangura", "family friend"), vocabulary, words)
    assert offer == NewPersonOffer(
        "Kadie", "Bangura", "family_friend", "Kadie Bangura (family friend)"
    )
    titled = new_person_offer(NewPerson("Mrs Okafor", None), vocabulary, words)
    assert (titled.first_name, titled.last_name, titled.kind) == ("", "Okafor", None)
    nan = new_person_offer(NewPerson("Nan Josephine", "nan"), vocabulary, words)
    assert (nan.first_name, nan.kind) == ("Josephine", "grandmother")


def test_someone_new_joins_the_family_network_through_the_store(demo_store, alusine):
    facts, _, _ = alusine
    changes = add_to_family_network(
        demo_store,
        facts.child.id,
        [
            NewPersonOffer("Kadie", "Bangura", "family_friend", "Kadie Bangura"),
            NewPersonOffer("Sorie", "", None, "Sorie"),
        ],
    )
    assert changes.touches("people", "relationships")
    view = demo_store.views.person(facts.child.id, on=DEMO_DAY)
    kadie = next(link for link in view.links if link.person.first_name == "Kadie")
    assert kadie.relationship.kind == "family_friend" and kadie.other_is_subject
    assert [p.person.last_name for p in demo_store.search.people("Sorie")] == [""]
    assert demo_store.history(kadie.person.id)  # in the change log, like every write


def test_the_data_files_are_checked(tmp_path: Path, reference):
    labels = worry_labels()
    assert labels["domestic_abuse"] == "Domestic abuse"
    assert all(name.strip() for name in labels.values())
    new_person_words(reference.relationships)  # every kind named exists

    wrong = tmp_path / "words.toml"
    wrong.write_text('[word]\nnan = "granny_smith"\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="not a relationship") as raised:
        new_person_words(reference.relationships, wrong)
    assert raised.value.line == 2


def test_what_is_only_mentioned_is_listed_with_its_words_never_suggested(
    alusine, forms, reference, drafter
):
    facts, context, _ = alusine
    spoken = "Fatmata denied any drinking. I offered to ring the housing team."
    draft = drafter.draft(spoken, context)

    found = form_suggestions(draft, forms.forms["home_visit"], context,
                             child_id=facts.child.id, vocabulary=reference.relationships)

    assert [s.field_id for s in found if s.field_id in ("worries", "actions")] == []
    assert mentioned_lines(draft) == [
        "Alcohol misuse (denied or ruled out): “denied … drinking”",
        f"{context.worker_name}: Ring the housing team (only offered; not drafted): "
        "“I offered to ring the housing team”",
    ]
