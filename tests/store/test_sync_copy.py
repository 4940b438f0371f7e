"""The store as a sync working copy, two real database files passing pages by hand.

The service only orders and files what laptops send (tests/sync); here the rows go
straight from one laptop's ``local_changes_since`` to the other's
``apply_remote_page``, as a pull would bring them.
"""

from __future__ import annotations

from datetime import date

import pytest

from recorder.domain import Case, CaseType, Person, Record, RecordStatus, Role, User
from recorder.store.chain import load_or_create_key
from recorder.store.signing_in import create_database
from recorder.store.verify import verify_file
from tests.conftest import add_user


def _laptop(tmp_path, name: str, manager: str):
    return create_database(tmp_path / f"{name}.db", manager, f"{name}-password-long")


def _send(source, target, *, after: int = 0) -> object:
    """What ``target`` pulls of ``source``'s changes (as the service would hand them on)."""
    page = source.sync.local_changes_since(after, 1_000_000)
    cursor = target.sync.pull_cursor() + len(page)
    return target.sync.apply_remote_page(page, cursor)


@pytest.fixture
def two(tmp_path):
    a = _laptop(tmp_path, "a", "Ffion Test-Manager")
    b = _laptop(tmp_path, "b", "Osian Test-Manager")
    worker = User("Anwen Treharne", Role.SOCIAL_WORKER)
    add_user(a, worker)
    a.sign_in(worker.id)
    child = Person("Eliška", "Wójcik-Hale", date_of_birth=date(2016, 2, 29))
    a.people.add(child)
    case = Case(child.id, CaseType.CHILD_IN_NEED, worker.id, date(2026, 9, 1))
    a.cases.add(case)
    visit = Record(case.id, "home_visit", 1, worker.id,
                   values={"visit_date": "2026-11-17", "analysis": "Settled week."})  # fmt: skip
    a.records.add(visit)
    yield a, b, {"worker": worker, "child": child, "case": case, "visit": visit}
    a.close()
    b.close()


def test_a_family_drafted_on_one_laptop_shows_on_the_other_and_verifies(two):
    a, b, f = two
    changed = _send(a, b)
    assert {"people", "cases", "records", "users"} <= changed.tables
    assert f["visit"].id in changed.ids and changed.origin == "sync"
    record = b.records.get(f["visit"].id)
    assert record.values == {"visit_date": "2026-11-17", "analysis": "Settled week."}
    assert b.people.get(f["child"].id).first_name == "Eliška"
    history = b.history(f["visit"].id)
    assert {c.device_id for c in history} == {a.device_id}
    assert {c.user_id for c in history} == {f["worker"].id}
    findings = verify_file(b.path, load_or_create_key(), database_key=b.db_key)
    assert not findings.problems, findings.problems


def test_a_page_applied_twice_inserts_nothing_and_changes_nothing(two):
    a, b, _ = two
    _send(a, b)
    rows = b.change_count()
    again = _send(a, b)
    assert b.change_count() == rows
    assert not again.ids


def test_own_rows_coming_back_only_confirm_the_push(two):
    a, _, _ = two
    waiting = a.sync.pending_count()
    assert waiting > 0
    rows = a.change_count()
    a.sync.apply_remote_page(a.sync.local_changes_since(0, 1_000_000), 7)
    assert a.change_count() == rows
    assert a.sync.pending_count() == 0 and a.sync.pull_cursor() == 7


def test_an_edit_made_after_a_pull_sorts_after_what_was_pulled(two):
    a, b, f = two
    _send(a, b)
    newest = max(c.hlc for c in b.history(f["visit"].id))
    b.sign_in(f["worker"].id)
    b.records.save_values(f["visit"].id, {**f["visit"].values, "analysis": "Read on B."})
    mine = [c for c in b.history(f["visit"].id) if c.device_id == b.device_id]
    assert mine and all(c.hlc > newest for c in mine)


def test_one_field_edited_on_two_laptops_is_a_decision_with_both_values_until_chosen(two):
    a, b, f = two
    visit = f["visit"].id
    _send(a, b)
    mark_a = a.change_count()
    mark_b = (
        b.sync.local_changes_since(0, 1_000_000)[-1].device_seq if b.sync.pending_count() else 0
    )
    b.sign_in(f["worker"].id)
    a.records.save_values(visit, {"visit_date": "2026-11-17", "analysis": "Written on A."})
    b.records.save_values(visit, {"visit_date": "2026-11-17", "analysis": "Written on B."})
    _send(b, a, after=mark_b)
    _send(a, b, after=mark_a)
    for laptop in (a, b):
        items = laptop.sync.needs_decision()
        assert [(d.kind, d.field) for d in items] == [("conflict", "values.analysis")]
        assert {v.value for v in items[0].values} == {"Written on A.", "Written on B."}
        assert {v.user_name for v in items[0].values} == {"Anwen Treharne"}
        assert "Home visit for Eliška Wójcik-Hale" in items[0].label
    # both show the same (the newer) value meanwhile
    assert a.records.get(visit).values == b.records.get(visit).values

    before_b = b.sync.local_changes_since(0, 1_000_000)[-1].device_seq
    item = b.sync.needs_decision()[0]
    changed = b.sync.choose(item, "Written on A.")
    assert visit in changed.ids
    assert b.records.get(visit).values["analysis"] == "Written on A."
    assert b.sync.needs_decision() == []
    _send(b, a, after=before_b)
    assert a.sync.needs_decision() == []
    assert a.records.get(visit).values["analysis"] == "Written on A."
    for laptop in (a, b):
        findings = verify_file(laptop.path, load_or_create_key(), database_key=laptop.db_key)
        assert not findings.problems, findings.problems


def test_a_record_approved_elsewhere_arrives_approved_and_locked(two):
    a, b, f = two
    visit = f["visit"].id
    support = User("Priya Venkataraman-Hughes", Role.BUSINESS_SUPPORT)
    add_user(a, support)
    a.records.move(visit, RecordStatus.WITH_BUSINESS_SUPPORT)
    a.sign_in(support.id)
    a.records.move(visit, RecordStatus.FINISHED)
    _send(a, b)
    b.sign_in(next(u.id for u in b.users.all() if u.name == "Osian Test-Manager"))
    b.records.move(visit, RecordStatus.APPROVED)
    _send(b, a)  # everything of B's: its manager's account too
    assert a.records.get(visit).status is RecordStatus.APPROVED
    a.sign_in(f["worker"].id)
    with pytest.raises(Exception, match="approved and locked|cannot be changed|approved"):
        a.records.save_values(visit, {"analysis": "Too late."})


def test_the_clock_starts_after_every_pulled_reading_when_the_laptop_opens_again(two):
    from recorder.store.signing_in import open_signed_in

    a, b, f = two
    _send(a, b)
    newest = max(c.hlc for c in b.history(f["visit"].id))
    path = b.path
    b.close()
    b = open_signed_in(path, "Osian Test-Manager", "b-password-long")
    try:
        b.clock._wall_ms = lambda: 0  # the laptop's wall clock gone back to 1970
        assert b.clock.now() > newest
    finally:
        b.close()


def test_a_pulled_edit_keeps_the_fields_an_insert_left_at_their_default(two):
    """Regression: since migration 0012 an insert does not log a column that holds its
    declared default (an empty middle name), and the pulled edit of another field
    then wrote that column as NULL, which the table refuses."""
    a, b, f = two
    _send(a, b)
    mark = a.change_count()
    a.people.update(f["child"].id, known_as="Eli")
    changed = _send(a, b, after=mark)
    assert f["child"].id in changed.ids
    child = b.people.get(f["child"].id)
    assert (child.known_as, child.middle_names, child.nhs_number) == ("Eli", "", "")
    assert b.sync.needs_decision() == []
    findings = verify_file(b.path, load_or_create_key(), database_key=b.db_key)
    assert not findings.problems, findings.problems
