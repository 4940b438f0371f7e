"""Rights in the store: every public verb of every table says who may call it, and is refused
when nobody is signed in and for the wrong role, in words that say who can.

The verbs are found by introspection, so a new verb without a declaration fails here.
"""

from __future__ import annotations

import inspect
import tempfile
from pathlib import Path

import pytest

from recorder.domain import Record, RecordStatus, Role, User
from recorder.store import RefusedWriteError
from recorder.store.rights import SIGN_IN_FIRST, rights_of
from tests.conftest import add_user, new_store


def _tables(store) -> dict[str, object]:
    return {name: v for name, v in vars(store).items() if hasattr(v, "_store")}


def _public_methods(cls: type) -> list[str]:
    return sorted(
        name
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and inspect.isfunction(member)
    )


def _every_method() -> list[tuple[str, str]]:
    folder = Path(tempfile.mkdtemp(prefix="rights-"))
    store = new_store(folder / "rights.db")
    try:
        return [
            (table, method)
            for table, obj in _tables(store).items()
            for method in _public_methods(type(obj))
        ]
    finally:
        store.close()


EVERY_METHOD = _every_method()


def _declared(table: object, method: str):
    return rights_of(getattr(type(table), method)) or (
        "reads" if getattr(type(table), "every_method_reads", False) else None
    )


def _call_with_anything(bound) -> None:
    """Call a verb with placeholder arguments: the rights check comes before any use."""
    params = inspect.signature(bound).parameters.values()
    args = [None for p in params if p.default is p.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
    kwargs = {p.name: None for p in params if p.default is p.empty and p.kind is p.KEYWORD_ONLY}
    bound(*args, **kwargs)


def test_the_list_of_verbs_is_found_and_not_empty():
    tables = {t for t, _ in EVERY_METHOD}
    assert {"users", "people", "records", "placements", "access", "consents"} <= tables
    assert ("records", "move") in EVERY_METHOD and ("people", "add") in EVERY_METHOD


@pytest.mark.parametrize(("table", "method"), EVERY_METHOD)
def test_every_public_store_method_declares_who_may_call_it(fresh_store, table, method):
    obj = _tables(fresh_store)[table]
    assert _declared(obj, method) is not None, (
        f"store.{table}.{method} has no rights declaration: add @verb(...) or @reads"
    )


@pytest.fixture
def staff(fresh_store):
    """One user of each role, all in the manager's team."""
    people = {
        Role.SOCIAL_WORKER: User("Cerys Abernethy", Role.SOCIAL_WORKER),
        Role.BUSINESS_SUPPORT: User("Lowri Featherstone", Role.BUSINESS_SUPPORT),
    }
    for user in people.values():
        add_user(fresh_store, user)
    people[Role.TEAM_MANAGER] = fresh_store.signed_in_user()
    return people


@pytest.mark.parametrize(("table", "method"), EVERY_METHOD)
def test_every_verb_refuses_when_signed_out_and_for_the_wrong_role(
    fresh_store, staff, table, method
):
    obj = _tables(fresh_store)[table]
    rights = _declared(obj, method)
    if rights == "reads" or rights.kind == "reads":
        return
    bound = getattr(obj, method)
    if rights.kind == "first_account":
        with pytest.raises(RefusedWriteError, match="already has its team manager"):
            _call_with_anything(bound)
        return
    fresh_store.sign_in(None)
    with pytest.raises(RefusedWriteError) as refused:
        _call_with_anything(bound)
    assert str(refused.value) == SIGN_IN_FIRST
    allowed = rights.roles_for(obj)  # empty for history (hand-offs): refused to everyone
    for role in set(Role) - allowed:
        fresh_store.sign_in(staff[role].id)
        with pytest.raises(RefusedWriteError) as refused:
            _call_with_anything(bound)
        message = str(refused.value)
        assert rights.says_for(obj) in message and role.label.lower() in message


def test_nothing_is_written_when_nobody_is_signed_in(fresh_store, family):
    from recorder.domain import Person

    fresh_store.sign_in(None)
    before = fresh_store.change_count()
    with pytest.raises(RefusedWriteError, match="Sign in first"):
        fresh_store.people.add(Person("Anon", "Ymous"))
    with pytest.raises(RefusedWriteError, match="Sign in first"):
        fresh_store.people.update(family.child.id, known_as="X")
    assert fresh_store.change_count() == before


@pytest.fixture
def two_workers(fresh_store, family):
    colleague = User("Osian Pritchard-Lee", Role.SOCIAL_WORKER)
    add_user(fresh_store, colleague)
    draft = Record(family.case.id, "home_visit", 1, family.worker.id, values={"analysis": "x"})
    fresh_store.records.add(draft)
    return colleague, draft


def test_a_social_worker_cannot_edit_a_colleagues_draft(fresh_store, family, two_workers):
    colleague, draft = two_workers
    fresh_store.sign_in(colleague.id)
    with pytest.raises(RefusedWriteError, match="allocated to or who wrote it"):
        fresh_store.records.save_values(draft.id, {"analysis": "Changed by a colleague."})
    with pytest.raises(RefusedWriteError, match="allocated to or who wrote it"):
        fresh_store.records.move(draft.id, RecordStatus.FINISHED)
    fresh_store.sign_in(family.worker.id)
    fresh_store.records.save_values(draft.id, {"analysis": "Changed by the allocated worker."})
    assert fresh_store.records.get(draft.id).values["analysis"].startswith("Changed by the")


def test_the_author_of_a_draft_may_edit_it_on_a_case_now_allocated_elsewhere(
    fresh_store, family, two_workers
):
    colleague, draft = two_workers
    manager = next(u for u in fresh_store.users.all() if u.role is Role.TEAM_MANAGER)
    fresh_store.sign_in(manager.id)
    fresh_store.cases.update(family.case.id, worker_id=colleague.id)
    fresh_store.sign_in(family.worker.id)  # wrote it
    fresh_store.records.save_values(draft.id, {"analysis": "Still mine to finish."})
    fresh_store.sign_in(colleague.id)  # now allocated
    fresh_store.records.save_values(draft.id, {"analysis": "Picked up by the new worker."})


def test_business_support_edit_only_records_with_business_support(fresh_store, family, two_workers):
    _, draft = two_workers
    support = User("Mair Underhill", Role.BUSINESS_SUPPORT)
    add_user(fresh_store, support)
    fresh_store.sign_in(support.id)
    with pytest.raises(RefusedWriteError, match="changed by"):
        fresh_store.records.save_values(draft.id, {"analysis": "Tidied too early."})
    fresh_store.sign_in(family.worker.id)
    fresh_store.records.move(draft.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    fresh_store.sign_in(support.id)
    fresh_store.records.save_values(draft.id, {"analysis": "Tidied."})


def test_a_team_manager_approves_only_within_their_team(fresh_store, family, two_workers):
    _, draft = two_workers
    manager = fresh_store.users.all()
    manager = next(u for u in manager if u.role is Role.TEAM_MANAGER)
    fresh_store.sign_in(manager.id)
    fresh_store.users.set_role(family.worker.id, Role.SOCIAL_WORKER, team="Northbridge East")
    other = User("Hywel Stanmore", Role.TEAM_MANAGER, team="Northbridge West")
    fresh_store.users.add(other)
    fresh_store.users.set_role(manager.id, Role.TEAM_MANAGER, team="Northbridge East")
    fresh_store.sign_in(family.worker.id)
    fresh_store.records.move(draft.id, RecordStatus.FINISHED)
    fresh_store.sign_in(other.id)
    with pytest.raises(RefusedWriteError, match="belongs to Northbridge East"):
        fresh_store.records.move(draft.id, RecordStatus.APPROVED)
    fresh_store.sign_in(manager.id)
    fresh_store.records.move(draft.id, RecordStatus.APPROVED)
    assert fresh_store.records.get(draft.id).approved_by == manager.id


def test_a_user_cannot_change_their_own_role(fresh_store, family):
    fresh_store.sign_in(family.worker.id)
    with pytest.raises(RefusedWriteError, match="set by a team manager"):
        fresh_store.users.set_role(family.worker.id, Role.TEAM_MANAGER)
    with pytest.raises(RefusedWriteError, match="set by a team manager"):
        fresh_store.users.update(family.worker.id, role=Role.TEAM_MANAGER)
    manager = next(u for u in fresh_store.users.all() if u.role is Role.TEAM_MANAGER)
    fresh_store.sign_in(manager.id)
    with pytest.raises(RefusedWriteError, match="changed by another team manager"):
        fresh_store.users.set_role(manager.id, Role.SOCIAL_WORKER)
    assert fresh_store.users.get(family.worker.id).role is Role.SOCIAL_WORKER
    assert fresh_store.users.get(manager.id).role is Role.TEAM_MANAGER


def test_a_role_changed_by_a_manager_counts_at_once(fresh_store, family):
    manager = next(u for u in fresh_store.users.all() if u.role is Role.TEAM_MANAGER)
    fresh_store.sign_in(family.worker.id)
    fresh_store.records.add(Record(family.case.id, "home_visit", 1, family.worker.id))
    fresh_store.sign_in(manager.id)
    fresh_store.users.set_role(family.worker.id, Role.BUSINESS_SUPPORT)
    fresh_store.sign_in(family.worker.id)
    with pytest.raises(RefusedWriteError, match="started by a social worker or team manager"):
        fresh_store.records.add(Record(family.case.id, "home_visit", 1, family.worker.id))
