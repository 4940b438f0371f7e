"""Laptops' real stores (encrypted SQLite files) syncing through the real service on
loopback and a throwaway PostgreSQL: the team story end to end, a conflict settled on
both laptops, an offline edit to a record approved meanwhile, a laptop killed between
applying a page and saving its cursor. Each ends with every copy verifying whole."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date

import pytest

from recorder.domain import Case, CaseType, Person, Record, RecordStatus, Role, User
from recorder.store import RefusedWriteError
from recorder.sync.client import Service, ServiceUnreachable, sync
from tests.conftest import add_user
from tests.sync.laptops import PASSWORD, team_of_three
from tests.sync.running_service import ROOT


@pytest.fixture
def laptops(tmp_path, service, database_url):
    yield from team_of_three(tmp_path, service, database_url)


def _visit(store, worker: User) -> Record:
    child = Person("Eliška", "Wójcik-Hale", date_of_birth=date(2016, 2, 29))
    store.people.add(child)
    case = Case(child.id, CaseType.CHILD_IN_NEED, worker.id, date(2026, 9, 1))
    store.cases.add(case)
    visit = Record(case.id, "home_visit", 1, worker.id,
                   values={"visit_date": "2026-11-17", "analysis": "Settled week."})  # fmt: skip
    store.records.add(visit)
    return visit


def _same_everywhere(laptops, record_id: str) -> None:
    seen = {name: laptop.store.records.get(record_id) for name, laptop in laptops.items()}
    first = next(iter(seen.values()))
    for name, record in seen.items():
        assert (record.status, record.values) == (first.status, first.values), name


def test_the_team_story_from_an_offline_draft_to_approved_and_locked(laptops):
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    worker = User("Anwen Treharne", Role.SOCIAL_WORKER)
    support = User("Priya Venkataraman-Hughes", Role.BUSINESS_SUPPORT)
    add_user(a.store, worker)
    add_user(b.store, support)

    # Laptop A in a family's home: no network.
    offline = Service("http://127.0.0.1:9", a.token, timeout=2)  # nothing listens on port 9
    visit = _visit(a.as_user(worker.id), worker)
    a.store.records.move(visit.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    with pytest.raises(ServiceUnreachable, match="cannot be reached"):
        sync(offline, a.store.sync)
    waiting = a.store.sync.pending_count()
    assert waiting > 2
    assert a.store.sync.pending_count(at_most=2) == 2  # the status line counts so far
    assert a.store.sync.pending_count(at_most=waiting + 5) == waiting
    assert a.store.sync.last_synced() is None

    # Back in the office: it syncs, and business support on B sees it in their queue.
    a.sync()
    assert a.store.sync.pending_count() == 0 and a.store.sync.last_synced() is not None
    result = b.sync()
    assert visit.id in result.changed.ids and "records" in result.changed.tables
    queue = b.as_user(support.id).views.records_in(RecordStatus.WITH_BUSINESS_SUPPORT)
    assert [row.record.id for row in queue] == [visit.id]
    b.store.records.pick_up(visit.id)
    b.store.records.save_values(visit.id, {**visit.values, "analysis": "Settled week. Typed up."})
    b.store.records.move(visit.id, RecordStatus.FINISHED)
    b.sync()

    # The manager on C approves it.
    c.sync()
    finished = c.as_user(c.manager_id).views.records_in(RecordStatus.FINISHED)
    assert [row.record.id for row in finished] == [visit.id]
    c.store.records.move(visit.id, RecordStatus.APPROVED)
    c.sync()

    # A's copy shows it approved and locked.
    a.sync()
    record = a.store.records.get(visit.id)
    assert record.status is RecordStatus.APPROVED
    assert record.values["analysis"] == "Settled week. Typed up."
    assert record.approved_by == c.manager_id
    with pytest.raises(RefusedWriteError, match="approved and locked"):
        a.as_user(worker.id).records.save_values(visit.id, {"analysis": "Too late."})
    moves = [
        (h.from_status.value, h.to_status.value) for h in a.store.handoffs.for_record(visit.id)
    ]
    assert moves == [("draft", "with business support"), ("with business support", "finished"),
                     ("finished", "approved")]  # fmt: skip

    for laptop in (b, c):
        laptop.sync()
    _same_everywhere(laptops, visit.id)
    assert all(laptop.store.sync.needs_decision() == [] for laptop in laptops.values())
    assert all(laptop.verifies() for laptop in laptops.values())


def test_a_field_edited_on_two_laptops_is_decided_once_and_settled_on_both(laptops):
    a, b = laptops["a"], laptops["b"]
    worker = User("Anwen Treharne", Role.SOCIAL_WORKER)
    add_user(a.store, worker)
    visit = _visit(a.as_user(worker.id), worker)
    a.sync()
    b.sync()
    b.as_user(worker.id).records.save_values(visit.id, {**visit.values, "analysis": "From B."})
    a.store.records.save_values(visit.id, {**visit.values, "analysis": "From A."})
    b.sync()
    a.sync()
    b.sync()
    for laptop in (a, b):
        [item] = laptop.store.sync.needs_decision()
        assert item.kind == "conflict" and item.field == "values.analysis"
        assert sorted(v.value for v in item.values) == ["From A.", "From B."]
        assert {v.user_name for v in item.values} == {"Anwen Treharne"}
    _same_everywhere({"a": a, "b": b}, visit.id)

    [item] = b.store.sync.needs_decision()
    b.store.sync.choose(item, "From A.")
    b.sync()
    a.sync()
    for laptop in (a, b):
        assert laptop.store.sync.needs_decision() == []
        assert laptop.store.records.get(visit.id).values["analysis"] == "From A."
        assert laptop.verifies()


def test_an_offline_edit_to_a_record_approved_meanwhile_offers_an_amendment(laptops):
    a, c = laptops["a"], laptops["c"]
    worker = User("Anwen Treharne", Role.SOCIAL_WORKER)
    add_user(a.store, worker)
    visit = _visit(a.as_user(worker.id), worker)
    a.store.records.move(visit.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    support = User("Priya Venkataraman-Hughes", Role.BUSINESS_SUPPORT)
    add_user(a.store, support)
    a.as_user(support.id).records.move(visit.id, RecordStatus.FINISHED)
    a.sync()
    c.sync()
    # A's manager corrects it offline while C's manager approves it.
    a.as_user(a.manager_id).records.save_values(
        visit.id, {**visit.values, "analysis": "Corrected offline."}
    )
    c.as_user(c.manager_id).records.move(visit.id, RecordStatus.APPROVED)
    c.sync()
    result = a.sync()
    assert len(result.refused) == 1
    record = a.store.records.get(visit.id)
    assert record.status is RecordStatus.APPROVED
    assert record.values["analysis"] == "Settled week."  # the team's, not the refused edit

    [item] = a.store.sync.needs_decision()
    assert item.kind == "refused" and item.offer == "amendment"
    assert [v.value for v in item.values] == ["Corrected offline.", "Settled week."]
    assert "approved" in item.reason
    a.store.sync.choose(item, "Corrected offline.")
    assert a.store.sync.needs_decision() == []
    a.sync()
    c.sync()
    [amendment] = [r for r in c.store.records.for_case(visit.case_id) if r.amends_id == visit.id]
    assert amendment.status is RecordStatus.DRAFT
    assert amendment.values["analysis"] == "Corrected offline."
    assert c.store.records.get(visit.id).values["analysis"] == "Settled week."
    assert a.verifies() and c.verifies()


_KILLED_MID_PULL = textwrap.dedent(
    """
    import os, sys
    from recorder.store.signing_in import open_signed_in
    from recorder.sync.client import Service, pull

    path, name, password, url, token = sys.argv[1:]
    store = open_signed_in(path, name, password)
    # The power goes as the cursor is being saved: the page's rows are all in,
    # uncommitted, in the same transaction.
    store.db.conn.create_function("power_cut", 0, lambda: os._exit(9))
    store.db.execute(
        "CREATE TEMP TRIGGER power_cut AFTER INSERT ON main.local_settings "
        "WHEN NEW.key = 'sync_cursor' BEGIN SELECT power_cut(); END"
    )
    pull(Service(url, token), store.sync)
    """
)


def test_a_laptop_killed_between_applying_a_page_and_saving_its_cursor_loses_nothing(laptops):
    a, b = laptops["a"], laptops["b"]
    worker = User("Anwen Treharne", Role.SOCIAL_WORKER)
    add_user(a.store, worker)
    visit = _visit(a.as_user(worker.id), worker)
    a.sync()
    rows_before = b.store.change_count()
    b.store.close()
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_MID_PULL, str(b.path), "Osian Test-Manager", PASSWORD,
         b.url, b.token],
        cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 9, done.stderr
    from recorder.store.signing_in import open_signed_in

    b.store = open_signed_in(b.path, "Osian Test-Manager", PASSWORD)
    assert b.store.change_count() == rows_before  # nothing half-applied
    assert b.store.sync.pull_cursor() == 0
    b.sync()
    assert b.store.records.get(visit.id).values == visit.values
    assert b.store.sync.pull_cursor() > 0
    assert b.verifies()


def test_kept_audio_stays_on_its_laptop_and_the_team_sees_it_kept_and_deleted(laptops):
    """The sound never syncs; that it was kept, and when it was deleted, does."""
    from datetime import UTC, datetime, timedelta

    from recorder.domain.history import history_lines

    a, b = laptops["a"], laptops["b"]
    worker = User("Anwen Treharne", Role.SOCIAL_WORKER)
    add_user(a.store, worker)
    visit = _visit(a.as_user(worker.id), worker)
    sound = bytes(range(256)) * 250  # four seconds' worth at 16 kHz, 16-bit
    a.store.kept_audio.keep(visit.id, sound, sample_rate=16_000)
    a.sync()
    b.sync()
    [seen] = b.store.kept_audio.for_record(visit.id)
    assert not seen.held_here and b.store.kept_audio.audio(seen.id) is None
    assert "on the laptop it was recorded on" in seen.sentence(keep_days=7)
    assert not b.store.rows("SELECT 1 FROM local_audio")

    a.store.kept_audio.remove_old(keep_days=7, now=datetime.now(UTC) + timedelta(days=8))
    a.sync()
    b.sync()
    [gone] = b.store.kept_audio.for_record(visit.id)
    assert gone.removed_at is not None
    history = b.as_user(b.manager_id).views.record_history(visit.id)
    whats = [line.what for line in history_lines(history.changes, form=None, names=history.names)]
    assert whats[-2:] == ["Recording's audio kept", "Recording's audio deleted"]
    assert a.verifies() and b.verifies()
