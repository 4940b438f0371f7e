"""A local transaction longer than one push (a caseload import, the demo load) still
reaches the team: it travels in parts the service holds and files whole when the last
arrives, and a transfer cut off half-way resumes where it stopped.

The service here takes at most 40 changes a push (``RECORDER_SYNC_MAX_PUSH_ROWS``), so a
family of a dozen people added in one transaction is several pushes; the real limit is
5,000, and an import is tens of thousands of rows."""

from __future__ import annotations

from datetime import date

import pytest

from recorder.domain import Person
from recorder.sync.client import Service, ServiceUnreachable, sync
from tests.sync.faulty_link import FaultyLink
from tests.sync.laptops import Laptop
from tests.sync.running_service import ServiceProcess

PUSH_ROWS = 40


@pytest.fixture
def small_pushes(database_url, tmp_path):
    running = ServiceProcess(
        database_url, tmp_path / "service.log", env={"RECORDER_SYNC_MAX_PUSH_ROWS": str(PUSH_ROWS)}
    ).start()
    yield running
    running.stop()


@pytest.fixture
def two_laptops(tmp_path, small_pushes, database_url):
    a = Laptop(tmp_path, "a", "Ffion Test-Manager", small_pushes, database_url)
    b = Laptop(tmp_path, "b", "Osian Test-Manager", small_pushes, database_url)
    yield a, b
    a.store.close()
    b.store.close()


def _import_in_one_transaction(store, count: int) -> list[str]:
    """What ``python -m recorder import`` does: many people in one transaction."""
    ids = []
    with store.transaction():
        for n in range(count):
            born = date(2015, 1 + n // 28, 1 + n % 28)
            person = Person(f"Imported{n}", "Caseload-Test", date_of_birth=born)
            store.people.add(person)
            ids.append(person.id)
    return ids


def _people(store) -> list[str]:
    return sorted(r["id"] for r in store.rows("SELECT id FROM people"))


def _rows_in_last_transaction(store) -> int:
    return store.db.execute(
        "SELECT count(*) FROM change_log WHERE tx = (SELECT tx FROM change_log "
        "ORDER BY seq DESC LIMIT 1)"
    ).fetchone()[0]


def test_a_transaction_longer_than_a_push_reaches_the_other_laptop_whole(two_laptops):
    a, b = two_laptops
    ids = _import_in_one_transaction(a.store, 60)
    rows = _rows_in_last_transaction(a.store)
    assert rows > 3 * PUSH_ROWS
    waiting = a.store.sync.pending_count()

    result = a.sync()
    assert result.pushed == waiting and result.refused == []
    assert a.store.sync.pending_count() == 0

    assert b.sync().pulled >= rows
    assert _people(b.store) == sorted(ids)
    assert b.store.people.get(ids[-1]).first_name == "Imported59"
    assert a.verifies() and b.verifies()


def test_a_big_transaction_cut_off_half_way_resumes_and_is_never_filed_in_part(
    two_laptops, small_pushes
):
    a, b = two_laptops
    a.sync()  # what the laptop held before the import
    b.sync()
    ids = _import_in_one_transaction(a.store, 60)
    rows = _rows_in_last_transaction(a.store)
    parts = -(-rows // PUSH_ROWS)
    link = FaultyLink(small_pushes.port)
    try:
        via_link = Service(link.url, a.token, timeout=30)
        # The first part arrives twice; the third part's answer is lost on the way back.
        link.queue("deliver_twice", "/v1/push")
        link.queue("lose_answer", "/v1/push", passing=1)
        with pytest.raises(ServiceUnreachable):
            sync(via_link, a.store.sync)
        assert link.seen.count("/v1/push") == 3
        assert a.store.sync.pending_count() == rows

        # Nothing of a part-sent transaction reaches the team.
        b.sync()
        assert _people(b.store) == []

        # The next sync goes on after the three parts the service holds.
        link.seen.clear()
        result = sync(via_link, a.store.sync)
        assert link.seen.count("/v1/push") == parts - 3
        assert result.pushed == rows
        assert a.store.sync.pending_count() == 0
    finally:
        link.close()

    assert b.sync().pulled == rows
    assert _people(b.store) == sorted(ids)
    # A part arriving again after the whole was filed (a delayed resend) changes nothing.
    everything = a.store.sync.local_changes_since(0, 100_000)
    first = [c.to_wire() for c in everything if c.tx == everything[-1].tx][:PUSH_ROWS]
    status, answer = Service(a.url, a.token).request(
        "POST", "/v1/push", {"after": 0, "changes": first, "more": True}
    )
    assert (status, answer["held"], answer["skipped"]) == (202, 0, PUSH_ROWS)
    assert sync(Service(a.url, a.token), a.store.sync).pushed == 0
    assert b.sync().pulled == 0
    assert a.verifies() and b.verifies()


def _row(seq, tx, entity, entity_id, field, value, op="update"):
    return {"device_seq": seq, "tx": tx, "hlc": f"{1_800_000_000_000 + seq:016d}-0000-aaaaaaaa",
            "base_hlc": None, "user_id": "u1", "entity": entity, "entity_id": entity_id,
            "op": op, "field": field, "value": value}  # fmt: skip


def _a_return_in_parts(token, url, record: str, start: int, reason: str) -> tuple[int, dict]:
    """A manager returns a finished record in one transaction of 44 rows: the hand-off's
    reason in the first part, the status move in the last."""
    service = Service(url, token)
    setup = [
        _row(start, f"open-{record}", "users", "u1", "role", "team_manager", "insert"),
        _row(start + 1, f"open-{record}", "records", record, "status", "finished", "insert"),
    ]
    assert service.request("POST", "/v1/push", {"after": start - 1, "changes": setup})[0] == 200
    tx = f"return-{record}"
    rows = [_row(start + 2, tx, "record_handoffs", f"h-{record}", "reason", reason, "insert")]
    rows += [_row(start + 3 + n, tx, "records", record, f"values.note{n}", "Checked.")
             for n in range(42)]  # fmt: skip
    rows.append(_row(start + 45, tx, "records", record, "status", "draft"))
    status, answer = service.request(
        "POST", "/v1/push", {"after": start + 1, "changes": rows[:PUSH_ROWS], "more": True}
    )
    assert status == 202 and answer["held"] == PUSH_ROWS
    status, answer = service.request(
        "POST", "/v1/push", {"after": answer["held_seq"], "changes": rows[PUSH_ROWS:]}
    )
    return status, answer


def test_the_service_checks_a_transaction_sent_in_parts_as_one(small_pushes, database_url):
    from tests.sync.running_service import enrol_here

    _, token = enrol_here(database_url, team="north", name="LAPTOP-A")
    # The reason travels in the first part, the move in the last: the move is allowed.
    status, answer = _a_return_in_parts(token, small_pushes.url, "r1", 1, "Add the analysis.")
    assert status == 200 and answer["refused"] == [] and answer["stored"] == 44
    # The same return with no reason anywhere in it is refused, with the lifecycle's words.
    status, answer = _a_return_in_parts(token, small_pushes.url, "r2", 47, "")
    assert status == 200
    [refused] = answer["refused"]
    assert refused["kind"] == "status_move" and refused["reason"].startswith("Say why")
