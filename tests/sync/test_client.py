"""Laptops syncing through the real service on loopback, with real SQLite copies, and the
network and the service failing at the worst moments. After everything has synced, every
copy shows what the service holds, and no edit is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import psycopg
import pytest

from recorder.sync.client import (
    NotEnrolled,
    Service,
    ServiceUnreachable,
    SyncState,
    pull,
    push,
    sync,
)
from recorder.sync.merge import Merge
from recorder.sync.protocol import Change
from tests.sync.faulty_link import FaultyLink
from tests.sync.running_service import ROOT, enrol_here
from tests.sync.sqlite_copy import SqliteCopy


@pytest.fixture
def team(service, database_url, tmp_path):
    """Three enrolled laptops of one team, each with its own SQLite copy."""
    laptops = {}
    for name, skew in (("a", 0), ("b", -86_400_000), ("c", 3_600_000)):  # skew both ways
        device, token = enrol_here(database_url, team="north", name=f"LAPTOP-{name.upper()}")
        copy = SqliteCopy(tmp_path / f"{name}.db", device, skew_ms=skew, user_id=f"user-{name}")
        laptops[name] = (copy, token)
    yield laptops
    for copy, _ in laptops.values():
        copy.close()


def server_view(database_url, team: str = "north") -> dict:
    """What the service holds for ``team``, through the same merge the laptops use."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT device_id, device_seq, tx, hlc, base_hlc, user_id, entity, entity_id, op, "
            "field, value FROM changes WHERE team_id = %s ORDER BY cursor",
            (team,),
        ).fetchall()
    m = Merge()
    m.add_all(Change(*r) for r in rows)
    return m.snapshot()


def sync_all(url, team, rounds=2):
    for _ in range(rounds):
        for copy, token in team.values():
            sync(Service(url, token), copy)


def assert_converged(database_url, team):
    expected = server_view(database_url)
    for name, (copy, _) in team.items():
        assert copy.shown() == expected, f"laptop {name} differs from the service"


def test_a_visit_written_offline_reaches_the_team(service, database_url, team):
    a, token_a = team["a"]
    b, token_b = team["b"]
    a.edit_many([("r1", "values.notes", "Seen at home."), ("r1", "status", "draft")])
    result = sync(Service(service.url, token_a), a)
    assert result.pushed == 2 and result.pulled == 2  # its own rows come back
    sync(Service(service.url, token_b), b)
    assert b.merge().view("records", "r1").values()["values.notes"] == "Seen at home."
    sync_all(service.url, team)
    assert_converged(database_url, team)


def test_one_field_edited_on_three_laptops_is_kept_as_a_conflict_everywhere(
    service, database_url, team
):
    a, token_a = team["a"]
    a.edit("r1", "values.notes", "Seen at home.")
    sync_all(service.url, team)
    for name, (copy, _) in team.items():
        copy.edit("r1", "values.notes", f"Edited on {name}.")
    sync_all(service.url, team)
    assert_converged(database_url, team)
    (conflict,) = a.merge().conflicts()
    assert {h.value for h in conflict.heads} == {"Edited on a.", "Edited on b.", "Edited on c."}
    # the manager settles it on c, based on every head; that too reaches everyone
    c, _ = team["c"]
    c.edit("r1", "values.notes", "Edited on a, b and c.", settle=True)
    sync_all(service.url, team)
    assert_converged(database_url, team)
    assert a.merge().conflicts() == []


def test_an_answer_lost_after_the_service_committed_is_not_sent_twice(service, database_url, team):
    a, token = team["a"]
    for i in range(5):
        a.edit(f"r{i}", "values.notes", f"note {i}")
    link = FaultyLink(service.port)
    link.queue("lose_answer", "/v1/push")
    with pytest.raises(ServiceUnreachable):
        sync(Service(link.url, token), a)
    result = sync(Service(link.url, token), a)
    assert result.pushed == 0  # the service had them: the mark said so
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 5
    sync_all(service.url, team)
    assert_converged(database_url, team)


def test_a_push_delivered_twice_is_stored_once(service, database_url, team):
    a, token = team["a"]
    a.edit_many([("r1", "values.notes", "x"), ("r1", "values.date", "2026-11-20")])
    link = FaultyLink(service.port)
    link.queue("deliver_twice", "/v1/push")
    result = sync(Service(link.url, token), a)
    assert result.pushed == 0 and result.skipped == 2  # the first delivery stored them
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 2
    sync_all(service.url, team)
    assert_converged(database_url, team)


def test_batches_out_of_order_resume_from_the_gap(service, database_url, team):
    a, token = team["a"]
    for i in range(30):
        a.edit(f"r{i}", "values.notes", f"note {i}")
    service_api = Service(service.url, token)
    later = a.local_changes_since(20, 100)
    status, answer = service_api.request(
        "POST", "/v1/push", {"after": 20, "changes": [c.to_wire() for c in later]}
    )
    assert status == 409 and answer["resume_after"] == 0
    result = push(service_api, a, batch_rows=7)
    assert result.pushed == 30
    # an old batch arriving late is only skipped
    early = a.local_changes_since(0, 7)
    status, answer = service_api.request(
        "POST", "/v1/push", {"after": 0, "changes": [c.to_wire() for c in early]}
    )
    assert status == 200 and answer["stored"] == 0 and answer["skipped"] == 7
    sync_all(service.url, team)
    assert_converged(database_url, team)


def test_a_service_killed_mid_batch_loses_nothing_once_restarted(service, database_url, team):
    a, token = team["a"]
    a.edit_many([(f"r{i}", "values.notes", f"note {i}") for i in range(400)])
    link = FaultyLink(service.port)
    link.queue("lose_answer", "/v1/push", then=service.kill)
    with pytest.raises(ServiceUnreachable):
        sync(Service(link.url, token), a)
    service.start()
    sync_all(service.url, team)
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 400
    assert_converged(database_url, team)


def test_a_laptop_killed_while_applying_a_page_pulls_it_again(service, database_url, team):
    a, token_a = team["a"]
    b, token_b = team["b"]
    a.edit_many([(f"r{i}", "values.notes", f"note {i}") for i in range(50)])
    sync(Service(service.url, token_a), a)
    b.close()
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from pathlib import Path;"
        "from recorder.sync.client import Service, pull;"
        "from tests.sync.sqlite_copy import SqliteCopy;"
        "pull(Service(sys.argv[2], sys.argv[3]), SqliteCopy(Path(sys.argv[4]), sys.argv[5]),"
        " page_rows=20)"
    )
    env = {**os.environ, "SYNC_TEST_CRASH_INSIDE_PAGE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(ROOT), service.url, token_b, str(b.path), b.device_id],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 9, done.stderr
    b = SqliteCopy(b.path, b.device_id, skew_ms=b.skew_ms)
    team["b"] = (b, token_b)
    assert b.pull_cursor() == 0 and b.keys() == set()  # nothing half-applied
    assert pull(Service(service.url, token_b), b, page_rows=20).pulled == 50
    sync_all(service.url, team)
    assert_converged(database_url, team)


def test_a_cancelled_pull_resumes_from_its_cursor(service, database_url, team):
    a, token_a = team["a"]
    b, token_b = team["b"]
    for i in range(60):
        a.edit(f"r{i}", "values.notes", f"note {i}")
    sync(Service(service.url, token_a), a)
    state = SyncState()
    state.on_progress = lambda message: state.cancel()
    first = pull(Service(service.url, token_b), b, state=state, page_rows=25)
    assert first.cancelled and first.pulled == 25 and b.pull_cursor() == 25
    assert pull(Service(service.url, token_b), b, page_rows=25).pulled == 35
    sync_all(service.url, team)
    assert_converged(database_url, team)


def test_a_page_never_ends_inside_a_transaction(service, database_url, team):
    a, token_a = team["a"]
    b, token_b = team["b"]
    a.edit_many([(f"r{i}", "values.notes", f"note {i}") for i in range(60)])
    sync(Service(service.url, token_a), a)
    state = SyncState()
    state.on_progress = lambda message: state.cancel()
    assert pull(Service(service.url, token_b), b, state=state, page_rows=25).pulled == 60


def test_an_offline_edit_to_a_record_approved_meanwhile_becomes_a_conflict(
    service, database_url, team
):
    a, token_a = team["a"]
    c, token_c = team["c"]
    a.edit_many([("r1", "values.notes", "Seen at home."), ("r1", "status", "finished")])
    sync_all(service.url, team)
    c.edit("r1", "status", "approved")
    sync(Service(service.url, token_c), c)
    a.edit("r1", "values.notes", "Seen at home. Added later.")  # a has not heard
    result = sync(Service(service.url, token_a), a)
    assert [r["offer"] for r in result.refused] == ["amendment"]
    sync_all(service.url, team)
    assert_converged(database_url, team)
    # every copy keeps the refused words, in the filed conflict
    for copy, _ in team.values():
        (filed,) = [e for e, i in copy.merge().entities() if e == "sync_conflicts"]
        assert filed
    shown = a.merge().view("records", "r1").values()
    assert shown["values.notes"] == "Seen at home." and shown["status"] == "approved"
    with psycopg.connect(database_url) as conn:
        notice = conn.execute(
            "SELECT value FROM changes WHERE entity = 'sync_conflicts'"
        ).fetchone()[0]
    assert notice["change"]["value"] == "Seen at home. Added later."


def test_a_revoked_laptop_is_told_in_a_sentence(service, database_url, team):
    a, token = team["a"]
    subprocess.run(
        [sys.executable, "-m", "recorder", "revoke", "--database", database_url, a.device_id],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with pytest.raises(NotEnrolled, match="revoked"):
        sync(Service(service.url, token), a)


def test_an_unreachable_service_is_said_plainly(team):
    a, token = team["a"]
    offline = Service("http://127.0.0.1:9", token, timeout=2)
    assert not offline.reachable()
    with pytest.raises(ServiceUnreachable, match="cannot be reached"):
        sync(offline, a)


def test_two_laptops_syncing_at_once_converge(service, database_url, team):
    def work(name):
        copy_path, device = team[name][0].path, team[name][0].device_id
        copy = SqliteCopy(copy_path, device)
        for round_ in range(5):
            copy.edit_many([(f"r{i}", "values.notes", f"{name} {round_}") for i in range(20)])
            sync(Service(service.url, team[name][1]), copy)
        copy.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sync_all(service.url, team)
    assert_converged(database_url, team)
    with psycopg.connect(database_url) as conn:
        cursors = [r[0] for r in conn.execute("SELECT cursor FROM changes ORDER BY cursor")]
    assert cursors == list(range(1, 201))
    for copy, _ in team.values():
        assert len(copy.keys()) == 200


def test_after_the_database_is_restored_from_an_older_backup_nothing_is_missed(
    service, database_url, team
):
    a, token_a = team["a"]
    b, token_b = team["b"]
    c, token_c = team["c"]
    a.edit("r1", "values.notes", "Kept by the backup.")
    sync_all(service.url, team)
    with psycopg.connect(database_url) as conn:
        (backup_cursor,) = conn.execute("SELECT last_cursor FROM teams").fetchone()
    a.edit("r2", "values.notes", "Lost with the database.")
    sync_all(service.url, team)  # b has now pulled past the backup
    # the database goes back to the backup: later rows and marks gone
    service.kill()
    with psycopg.connect(database_url) as conn:
        conn.execute("DELETE FROM changes WHERE cursor > %s", (backup_cursor,))
        conn.execute("UPDATE teams SET last_cursor = %s", (backup_cursor,))
        conn.execute(
            "UPDATE devices d SET last_seq = coalesce((SELECT max(device_seq) FROM changes c "
            "WHERE c.device_id = d.id), 0)"
        )
    service.start()
    c.edit("r3", "values.notes", "Written after the restore.")
    sync(Service(service.url, token_c), c)
    sync_all(service.url, team)
    assert_converged(database_url, team)
    assert b.merge().view("records", "r3").values() == {
        "values.notes": "Written after the restore."
    }
    assert b.merge().view("records", "r2").values() == {"values.notes": "Lost with the database."}


def test_the_team_story_a_visit_sent_offline_is_finished_approved_and_locked_everywhere(
    service, database_url, team
):
    worker, token_a = team["a"]
    office, token_b = team["b"]
    manager, token_c = team["c"]
    for copy, user, role in ((worker, "user-a", "social_worker"),
                             (office, "user-b", "business_support"),
                             (manager, "user-c", "team_manager")):  # fmt: skip
        copy.edit(user, "role", role, entity="users")
    sync_all(service.url, team)
    # no network: the worker drafts the visit and sends it to business support
    worker.edit_many([("visit-1", "values.notes", "Seen at home."), ("visit-1", "status", "draft")])
    worker.edit("visit-1", "status", "with business support")
    sync(Service(service.url, token_a), worker)  # later, back in range
    sync(Service(service.url, token_b), office)
    assert office.merge().view("records", "visit-1").values()["status"] == "with business support"
    office.edit("visit-1", "status", "finished")
    sync(Service(service.url, token_b), office)
    sync(Service(service.url, token_c), manager)
    manager.edit("visit-1", "status", "approved")
    result = sync(Service(service.url, token_c), manager)
    assert result.refused == []
    sync(Service(service.url, token_a), worker)
    assert worker.merge().view("records", "visit-1").values() == {
        "values.notes": "Seen at home.",
        "status": "approved",
    }
    # and the locked record takes no more edits from the worker's laptop
    worker.edit("visit-1", "values.notes", "One more thing.")
    assert [r["offer"] for r in sync(Service(service.url, token_a), worker).refused] == [
        "amendment"
    ]
    sync_all(service.url, team)
    assert_converged(database_url, team)
