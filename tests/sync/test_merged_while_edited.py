"""A person merged on one laptop while another laptop, not yet knowing, edits them:
after everyone syncs, every copy shows the same, the edit is kept (a record on the
moved case just follows it; a changed fact or a new case of the merged person is
listed on every laptop, to carry to the person kept or leave), and every copy
verifies. Real encrypted stores, the real service, a throwaway PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from recorder.domain import Case, CaseType, Person, Record, Role, User
from tests.conftest import add_user
from tests.sync.laptops import everyone_synced, team_of_three


@pytest.fixture
def laptops(tmp_path, service, database_url):
    yield from team_of_three(tmp_path, service, database_url)


def _after_merge(laptop):
    return [d for d in laptop.store.sync.needs_decision() if d.kind == "after_merge"]


def _seen(items) -> list:
    return [
        (d.key, d.label, d.field_label, d.reason,
         [(v.value, v.user_name, v.device_id, v.hlc) for v in d.values])
        for d in items
    ]  # fmt: skip


@pytest.fixture
def twins(laptops):
    """One child entered twice on A, the second with a case and a visit; all synced."""
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    worker = User("Anwen Treharne", Role.SOCIAL_WORKER)
    add_user(a.store, worker)
    kept = Person("Zoë", "O'Neill", date_of_birth=date(2016, 2, 29), phone="07700 900111")
    twin = Person("Zoe", "O'Neill", date_of_birth=date(2016, 2, 29))
    a.store.people.add(kept)
    a.store.people.add(twin)
    case = Case(twin.id, CaseType.CHILD_IN_NEED, worker.id, date(2026, 9, 1))
    a.store.cases.add(case)
    visit = Record(case.id, "home_visit", 1, worker.id,
                   values={"visit_date": "2026-11-17", "analysis": "Settled week."})  # fmt: skip
    a.store.records.add(visit)
    everyone_synced(a, b, c)
    return worker, kept, twin, case, visit


def test_a_person_merged_while_another_laptop_edits_them_loses_nothing(laptops, twins):
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    worker, kept, twin, case, visit = twins

    # A's manager merges the twin into Zoë; B, not yet knowing, edits the twin.
    a.store.people.merge(kept.id, twin.id, reason="The same child entered twice.")
    b.store.people.correct(replace(b.store.people.get(twin.id), phone="07700 900456"))
    protection = Case(twin.id, CaseType.CHILD_PROTECTION, worker.id, date(2026, 11, 20))
    b.store.cases.open(protection)
    b.as_user(worker.id).records.save_values(
        visit.id, {**visit.values, "analysis": "Settled week. Edited on B."}
    )
    everyone_synced(a, b, c)

    for laptop in laptops.values():
        store = laptop.store
        assert store.people.get(twin.id).merged_into == kept.id
        assert store.cases.get(case.id).child_id == kept.id  # moved by the merge
        assert store.records.get(visit.id).values["analysis"] == "Settled week. Edited on B."
        assert store.people.get(twin.id).phone == "07700 900456"  # kept, not lost
        assert store.cases.get(protection.id).child_id == twin.id  # until someone decides
        assert laptop.verifies()

    listed = {name: _after_merge(laptop) for name, laptop in laptops.items()}
    assert _seen(listed["a"]) == _seen(listed["b"]) == _seen(listed["c"])
    phone, new_case = sorted(listed["c"], key=lambda d: d.entity)[::-1]
    assert (phone.entity, phone.field) == ("people", "phone")
    assert [v.value for v in phone.values] == ["07700 900456", "07700 900111"]
    assert phone.label == "Zoë O'Neill (merged with Zoe O'Neill)"
    assert "had not heard" in phone.reason
    assert (new_case.entity, new_case.entity_id) == ("cases", protection.id)
    assert new_case.values[0].value == "Move it to Zoë O'Neill, the person kept."
    assert new_case.reason.startswith("A case of Zoe O'Neill was added on a laptop")

    # C's manager carries both to the person kept; every laptop sees it settled.
    c.as_user(c.manager_id)
    c.store.sync.choose(phone, phone.values[0].value)
    c.store.sync.choose(new_case, new_case.values[0].value)
    assert _after_merge(c) == []
    everyone_synced(a, b, c)
    for laptop in laptops.values():
        store = laptop.store
        assert _after_merge(laptop) == []
        assert store.people.get(kept.id).phone == "07700 900456"
        assert store.cases.get(protection.id).child_id == kept.id
        assert laptop.verifies()
    assert a.store.sync.needs_decision() == []


def test_an_edit_the_merging_laptop_had_seen_is_not_listed(laptops, twins):
    a, b = laptops["a"], laptops["b"]
    _, kept, twin, _, _ = twins
    b.store.people.correct(replace(b.store.people.get(twin.id), phone="07700 900456"))
    everyone_synced(b, a)
    a.store.people.merge(kept.id, twin.id)
    everyone_synced(a, b)
    assert _after_merge(a) == [] and _after_merge(b) == []


def test_leaving_a_change_with_the_merged_person_settles_it_everywhere(laptops, twins):
    a, b = laptops["a"], laptops["b"]
    _, kept, twin, _, _ = twins
    a.store.people.merge(kept.id, twin.id)
    b.store.people.correct(replace(b.store.people.get(twin.id), phone="07700 900456"))
    everyone_synced(a, b)
    [item] = _after_merge(b)
    b.store.sync.choose(item, item.values[1].value)
    everyone_synced(a, b)
    for laptop in (a, b):
        assert _after_merge(laptop) == []
        assert laptop.store.people.get(kept.id).phone == "07700 900111"
        assert laptop.store.people.get(twin.id).phone == "07700 900456"
        assert laptop.verifies()
