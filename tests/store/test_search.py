"""Finding people by any part of their name, as it is typed, whatever the accents."""

from __future__ import annotations

import pytest

from recorder.domain import Person, Record
from recorder.store.search import match_query


def _names(store, text):
    return [h.person.full_name for h in store.search.people(text)]


def test_wojcik_finds_wojcik_with_its_accent(fresh_store, family):
    assert "Zofía Wójcik-Hale" in _names(fresh_store, "Wojcik")
    assert "Zofía Wójcik-Hale" in _names(fresh_store, "wójcik")


def test_any_part_of_a_name_finds_the_person_as_you_type(fresh_store, family):
    assert _names(fresh_store, "El") == ["Eliška Wójcik-Hale"]
    assert _names(fresh_store, "hale") and all("Hale" in n for n in _names(fresh_store, "hale"))
    assert _names(fresh_store, "Eliska Woj") == ["Eliška Wójcik-Hale"]


def test_a_known_as_name_finds_the_child(fresh_store, family):
    fresh_store.people.update(family.child.id, known_as="Lishka")
    assert _names(fresh_store, "lishka") == ["Eliška Wójcik-Hale"]


def test_apostrophes_and_hyphens_do_not_matter(fresh_store, family):
    assert _names(fresh_store, "osullivan") == ["Darragh O'Sullivan"]
    assert _names(fresh_store, "O'Sullivan") == ["Darragh O'Sullivan"]
    assert _names(fresh_store, "Sullivan") == ["Darragh O'Sullivan"]
    assert "Eliška Wójcik-Hale" in _names(fresh_store, "wojcikhale")


@pytest.mark.parametrize(
    ("first", "last", "typed"),
    [
        ("Σοφία", "Παπαδοπούλου", "σοφια"),
        ("Айгерим", "Сулейменова", "айгер"),
        ("فاطمة", "الحسن", "فاطمة"),
        ("Nguyễn", "Thị Hương", "nguyen"),
        ("Şule", "Yıldırım", "sule"),
    ],
)
def test_names_in_any_script_are_found(fresh_store, first, last, typed):
    fresh_store.people.add(Person(first, last))
    assert f"{first} {last}" in _names(fresh_store, typed)


def test_a_name_change_is_searchable_at_once(fresh_store, family):
    fresh_store.people.update(family.stepfather.id, last_name="Ní Bhriain")
    assert _names(fresh_store, "bhriain") == ["Darragh Ní Bhriain"]
    assert _names(fresh_store, "osullivan") == []


@pytest.mark.parametrize("typed", ["", "   ", "'", '"', "*", "(", "AND", "NOT -", 'a"b', "NEAR("])
def test_odd_input_never_breaks_search(fresh_store, family, typed):
    assert isinstance(fresh_store.search.people(typed), list)


def test_empty_input_finds_no_one():
    assert match_query("  - '") is None


def test_hits_say_which_child_has_an_open_case_and_where_they_live(fresh_store, family):
    hit = fresh_store.search.people("Eliska")[0]
    assert hit.case_type is not None and hit.case_type.label == "Child in need"
    assert hit.address == "3 Quarry Lane, NB2 4LT"
    mother = fresh_store.search.people("Zofia")[0]
    assert mother.case_type is None


def test_record_text_is_searchable_with_accents_folded(fresh_store, family):
    record = Record(
        family.case.id,
        "home_visit",
        1,
        family.worker.id,
        values={
            "observations": "Eliška showed me the café drawing.",
            "actions": [{"what": "Refer to the parenting group"}],
        },
    )
    fresh_store.records.add(record)
    assert [h.record_id for h in fresh_store.search.records("cafe")] == [record.id]
    assert [h.record_id for h in fresh_store.search.records("parenting")] == [record.id]
    fresh_store.records.save_values(record.id, {"observations": "All calm."})
    assert fresh_store.search.records("cafe") == []


def test_the_dictation_and_suggestions_are_not_searched_as_the_record(fresh_store, family):
    """Issue 12: reserved keys among a record's values were indexed as its words."""
    record = Record(
        family.case.id,
        "home_visit",
        1,
        family.worker.id,
        values={
            "observations": "The garden was tidy.",
            "dictation": "Dictated: the trampoline was broken.",
            "suggested": {"observations": {"value": "The lawn was mown.", "by": "x"}},
        },
    )
    fresh_store.records.add(record)
    assert [h.record_id for h in fresh_store.search.records("garden")] == [record.id]
    assert fresh_store.search.records("trampoline") == []
    assert fresh_store.search.records("mown") == []
    fresh_store.records.save_values(record.id, {"observations": "The lawn was mown."})
    assert fresh_store.search.records("garden") == []  # the old words left the index
    assert [h.record_id for h in fresh_store.search.records("mown")] == [record.id]
