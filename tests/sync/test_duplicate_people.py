"""Two laptops adding the same new child while apart: when their copies meet, the pair
is listed on both as a possible duplicate for a person to merge or to mark as two
people, never silently doubled; either answer is a logged change that settles it on
every laptop. Real encrypted stores, the real service, a throwaway PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from recorder.domain import Case, CaseType, Person, Role, User
from recorder.store import RefusedWriteError
from tests.conftest import add_user
from tests.sync.laptops import team_of_three


@pytest.fixture
def laptops(tmp_path, service, database_url):
    yield from team_of_three(tmp_path, service, database_url)


def _everyone_synced(*laptops) -> None:
    for laptop in (*laptops, *laptops):  # twice: each has what the others sent
        laptop.sync()


def _duplicates(laptop):
    return [d for d in laptop.store.sync.needs_decision() if d.kind == "duplicate"]


def test_the_same_child_added_on_two_laptops_is_listed_on_both_and_merged_once(laptops):
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    # Both out on visits, no network: each adds the child the referral names.
    zoe_a = Person("Zoë", "O'Neill", date_of_birth=date(2016, 2, 29))
    a.store.people.record_new(zoe_a)
    zoe_b = Person("zoe", "ONeill", date_of_birth=date(2016, 2, 29), phone="07700 900123")
    b.store.people.record_new(zoe_b)
    # Someone else with the same birthday, on B: not the same name, never listed.
    b.store.people.record_new(Person("Zofia", "Nowak", date_of_birth=date(2016, 2, 29)))
    _everyone_synced(a, b, c)

    listed = {name: _duplicates(laptop) for name, laptop in laptops.items()}
    assert {name: len(items) for name, items in listed.items()} == {"a": 1, "b": 1, "c": 1}
    [item] = listed["a"]
    # The same pair, the same words, everywhere (only "mine" differs).
    assert _seen(listed["b"]) == _seen(listed["c"]) == _seen([item])
    assert [v.mine for v in item.values] == [True, False, False]
    assert item.reason == "Added on two laptops with the same name and date of birth."
    assert item.label == "Zoë O'Neill, born 29 February 2016"
    first, later, different = item.values
    assert first.value.startswith("The same person: keep the one added first (Zoë O'Neill")
    assert first.user_name == "Ffion Test-Manager" and later.user_name == "Osian Test-Manager"
    assert different.value == "Different people: keep both."

    # A social worker may not merge people; the item stays.
    worker = User("Anwen Treharne", Role.SOCIAL_WORKER)
    add_user(b.store, worker)
    with pytest.raises(RefusedWriteError):
        b.as_user(worker.id).sync.choose(item, first.value)
    assert len(_duplicates(b)) == 1

    # B's manager keeps the one added first; every laptop sees it settled.
    b.as_user(b.manager_id).sync.choose(item, first.value)
    assert _duplicates(b) == []
    _everyone_synced(a, b, c)
    for laptop in laptops.values():
        assert _duplicates(laptop) == []
        assert laptop.store.people.get(zoe_b.id).merged_into == zoe_a.id
        assert laptop.store.people.get(zoe_a.id).merged_into is None
        assert laptop.verifies()


def test_two_people_said_to_be_different_are_listed_nowhere_again(laptops):
    a, b = laptops["a"], laptops["b"]
    a.store.people.record_new(Person("Rhys", "Evans", nhs_number="9434765919"))
    b.store.people.record_new(
        Person("Rhys", "Evans", date_of_birth=date(2014, 6, 1), nhs_number="9434765919")
    )
    _everyone_synced(a, b)
    [item] = _duplicates(a)
    assert item.reason == "Added on two laptops with the same NHS number."
    assert _seen(_duplicates(b)) == _seen([item])

    a.store.sync.choose(item, "Different people: keep both.")
    _everyone_synced(a, b)
    for laptop in (a, b):
        assert _duplicates(laptop) == []
        assert [p.merged_into for p in _people(laptop)] == [None, None]
        assert laptop.verifies()


def test_one_nhs_number_written_two_ways_is_listed_whatever_the_surnames(laptops):
    """The pairs that share a birthday are narrowed by surname before they are judged (at
    50,000 people some 60,000 share one); a pair whose NHS numbers match, written with
    spaces on one laptop and without on the other, is still listed."""
    a, b = laptops["a"], laptops["b"]
    born = date(2015, 5, 5)
    a.store.people.record_new(
        Person("Maja", "Kowalska", date_of_birth=born, nhs_number="943 476 5919")
    )
    b.store.people.record_new(
        Person("Maja", "Nowak", date_of_birth=born, nhs_number="9434765919")
    )
    _everyone_synced(a, b)
    [item] = _duplicates(a)
    assert item.reason == "Added on two laptops with the same NHS number."


def test_a_pair_added_on_one_laptop_after_its_user_said_they_differ_is_not_listed(laptops):
    a, b = laptops["a"], laptops["b"]
    a.store.people.record_new(Person("Cai", "Morgan", date_of_birth=date(2019, 3, 3)))
    a.sync()
    b.sync()
    twin = Person("Cai", "Morgan", date_of_birth=date(2019, 3, 3), middle_names="Dafydd")
    b.store.people.record_new(twin, not_a_duplicate=True)  # B was offered the match first
    _everyone_synced(a, b)
    assert _duplicates(a) == [] and _duplicates(b) == []


def test_two_managers_merging_the_pair_opposite_ways_are_asked_which_to_keep(laptops):
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    zoe_a = Person("Zoë", "O'Neill", date_of_birth=date(2016, 2, 29))
    zoe_b = Person("Zoe", "O'Neill", date_of_birth=date(2016, 2, 29))
    a.store.people.record_new(zoe_a)
    b.store.people.record_new(zoe_b)
    worker = User("Anwen Treharne", Role.SOCIAL_WORKER)
    add_user(a.store, worker)
    case_a = Case(zoe_a.id, CaseType.CHILD_IN_NEED, worker.id, date(2026, 9, 1))
    a.store.cases.add(case_a)
    _everyone_synced(a, b, c)
    [on_a], [on_b] = _duplicates(a), _duplicates(b)
    # Each manager, offline, answers it the other way.
    a.store.sync.choose(on_a, on_a.values[0].value)
    b.store.sync.choose(on_b, on_b.values[1].value)
    _everyone_synced(a, b, c)

    listed = {name: laptop.store.sync.needs_decision() for name, laptop in laptops.items()}
    assert _seen(listed["a"]) == _seen(listed["b"]) == _seen(listed["c"])
    [item] = listed["c"]
    assert item.kind == "merged_both_ways" and "neither shows" in item.reason
    keep_a = next(v.value for v in item.values if "Zoë" in v.value)
    c.store.sync.choose(item, keep_a)
    _everyone_synced(a, b, c)
    for laptop in laptops.values():
        store = laptop.store
        assert store.sync.needs_decision() == []
        assert store.people.get(zoe_a.id).merged_into is None
        assert store.people.get(zoe_b.id).merged_into == zoe_a.id
        assert store.cases.get(case_a.id).child_id == zoe_a.id
        assert laptop.verifies()


def _seen(items) -> list:
    return [
        (d.key, d.entity_id, d.label, d.reason,
         [(v.value, v.user_name, v.device_id, v.at, v.hlc) for v in d.values])
        for d in items
    ]  # fmt: skip


def _people(laptop) -> list[Person]:
    rows = laptop.store.rows("SELECT id FROM people ORDER BY id")
    return [laptop.store.people.get(r["id"]) for r in rows]
