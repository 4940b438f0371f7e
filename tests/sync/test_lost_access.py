"""A laptop whose user lost access to a child while they worked offline.

What happens, by rule:

- **The case moved to another worker** (a manager on another laptop transferred it):
  what the worker wrote offline, while it was still theirs, is accepted. It is a
  record of a visit that happened; losing it is what users of other systems lost
  (SORMAS #403). The new worker sees it; every copy is the same.
- **The case moved to another team** (transferred to a worker of another team): an
  approval a manager of the old team made offline is refused, in words, and listed;
  the record stays as the team has it. Whose record it is, is the team's current
  allocation, as the service holds it.
- **The user's role changed** (a manager made them business support): a status move
  the new role may not make is refused by the service, with the lifecycle's own
  reason in words, and listed on their laptop as refused; the record shows the
  team's status, the words they typed are kept (a values edit needs no role the
  lifecycle checks), and settling the item is their logged choice.

Real encrypted stores, the real service, a throwaway PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from recorder.domain import Case, CaseType, Person, Record, RecordStatus, Role, User
from tests.conftest import add_user
from tests.sync.laptops import everyone_synced, team_of_three


@pytest.fixture
def laptops(tmp_path, service, database_url):
    yield from team_of_three(tmp_path, service, database_url)


@pytest.fixture
def draft(laptops):
    """Anwen's draft visit on laptop A, synced to everyone."""
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    worker = User("Anwen Treharne", Role.SOCIAL_WORKER)
    other = User("Bryn Caddick", Role.SOCIAL_WORKER)
    add_user(a.store, worker)
    add_user(a.store, other)
    child = Person("Eliška", "Wójcik-Hale", date_of_birth=date(2016, 2, 29))
    a.store.people.add(child)
    case = Case(child.id, CaseType.CHILD_IN_NEED, worker.id, date(2026, 9, 1))
    a.store.cases.add(case)
    visit = Record(case.id, "home_visit", 1, worker.id,
                   values={"visit_date": "2026-11-17", "analysis": "Settled week."})  # fmt: skip
    a.as_user(worker.id).records.add(visit)
    everyone_synced(a, b, c)
    return worker, other, case, visit


def test_a_case_transferred_meanwhile_keeps_what_its_old_worker_wrote_offline(laptops, draft):
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    worker, other, case, visit = draft
    c.as_user(c.manager_id).cases.transfer(case.id, other.id)
    c.sync()
    # On A, offline, Anwen finishes the visit she made and sends it for typing.
    a.as_user(worker.id).records.save_values(
        visit.id, {**visit.values, "analysis": "Settled week. Written up at home."}
    )
    a.store.records.move(visit.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    result = a.sync()
    assert result.refused == []
    everyone_synced(a, b, c)
    for laptop in laptops.values():
        store = laptop.store
        assert store.cases.get(case.id).worker_id == other.id
        record = store.records.get(visit.id)
        assert record.status is RecordStatus.WITH_BUSINESS_SUPPORT
        assert record.values["analysis"] == "Settled week. Written up at home."
        assert store.sync.needs_decision() == []
        assert laptop.verifies()


def test_a_role_changed_meanwhile_refuses_a_move_it_no_longer_allows_and_says_why(laptops, draft):
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    worker, _, case, visit = draft
    c.as_user(c.manager_id).users.set_role(worker.id, Role.BUSINESS_SUPPORT)
    c.sync()
    a.as_user(worker.id).records.save_values(
        visit.id, {**visit.values, "analysis": "Settled week. Written up at home."}
    )
    a.store.records.move(visit.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    result = a.sync()
    [refused] = result.refused
    assert refused["kind"] == "status_move"
    assert refused["reason"].startswith("Business support cannot make a record")

    record = a.store.records.get(visit.id)
    assert record.status is RecordStatus.DRAFT  # the team's status
    assert record.values["analysis"] == "Settled week. Written up at home."  # kept
    assert a.store.users.get(worker.id).role is Role.BUSINESS_SUPPORT
    [item] = a.store.sync.needs_decision()
    assert (item.kind, item.field) == ("refused", "status")
    assert [v.value for v in item.values] == ["with business support", "draft"]
    assert item.reason == refused["reason"]

    a.as_user(a.manager_id).sync.choose(item, "draft")
    assert a.store.sync.needs_decision() == []
    everyone_synced(a, b, c)
    for laptop in laptops.values():
        record = laptop.store.records.get(visit.id)
        assert record.status is RecordStatus.DRAFT
        assert record.values["analysis"] == "Settled week. Written up at home."
        assert laptop.store.sync.needs_decision() == []
        assert laptop.verifies()


def test_a_case_moved_to_another_team_meanwhile_refuses_an_offline_approval(laptops, draft):
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    worker, other, case, visit = draft
    a.as_user(a.manager_id).users.set_role(a.manager_id, Role.TEAM_MANAGER, team="Northside")
    a.store.users.set_role(worker.id, Role.SOCIAL_WORKER, team="Northside")
    a.store.users.set_role(other.id, Role.SOCIAL_WORKER, team="Southside")
    a.as_user(worker.id).records.move(visit.id, RecordStatus.FINISHED)
    everyone_synced(a, b, c)
    # C moves the case to a Southside worker; A's Northside manager, offline, approves.
    c.as_user(c.manager_id).cases.transfer(case.id, other.id)
    c.sync()
    a.as_user(a.manager_id).records.move(visit.id, RecordStatus.APPROVED)
    [refused] = a.sync().refused
    assert refused["kind"] == "status_move"
    assert refused["reason"].startswith("This record belongs to Southside")

    assert a.store.records.get(visit.id).status is RecordStatus.FINISHED
    [item] = a.store.sync.needs_decision()
    assert item.kind == "refused" and item.reason == refused["reason"]
    a.store.sync.choose(item, item.values[1].value)
    everyone_synced(a, b, c)
    for laptop in laptops.values():
        assert laptop.store.records.get(visit.id).status is RecordStatus.FINISHED
        assert laptop.store.cases.get(case.id).worker_id == other.id
        assert laptop.store.sync.needs_decision() == []
        assert laptop.verifies()
