"""The service on a real PostgreSQL: enrolment, push, pull, and what it refuses."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request

import psycopg

from tests.sync.running_service import ROOT, enrol


def call(service, path, token=None, body=None):
    request = urllib.request.Request(
        service.url + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json",
                 **({"Authorization": f"Bearer {token}"} if token else {})},
        method="GET" if body is None else "POST",
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def change(
    seq,
    *,
    tx="t1",
    entity="records",
    entity_id="r1",
    field="values.notes",
    value="Seen at home.",
    hlc=None,
    base=None,
):
    return {"device_seq": seq, "tx": tx, "hlc": hlc or f"{seq:016d}-0000-aaaaaaaa",
            "base_hlc": base, "user_id": "u1", "entity": entity, "entity_id": entity_id,
            "op": "update", "field": field, "value": value}  # fmt: skip


def test_health_says_the_database_is_reachable(service):
    assert call(service, "/health") == (200, {"service": "up", "database": "reachable"})


def test_the_schema_is_made_by_numbered_migrations_once(service, database_url):
    with psycopg.connect(database_url) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM service_migrations")]
    assert names == ["0001_teams_devices_changes", "0002_push_parts"]


def test_an_enrolled_laptop_pushes_and_a_teammate_pulls(service, database_url):
    laptop_a, token_a = enrol(database_url, team="north", name="LAPTOP-A")
    laptop_b, token_b = enrol(database_url, team="north", name="LAPTOP-B")
    body = {"after": 0, "changes": [change(1), change(2, field="values.date")]}
    status, answer = call(service, "/v1/push", token_a, body)
    assert status == 200 and answer["stored"] == 2 and answer["last_seq"] == 2
    status, page = call(service, "/v1/pull?after=0", token_b)
    assert status == 200
    assert [(c["device_id"], c["device_seq"], c["cursor"]) for c in page["changes"]] == [
        (laptop_a, 1, 1), (laptop_a, 2, 2)
    ]  # fmt: skip
    assert page["cursor"] == 2
    assert call(service, "/v1/device", token_b)[1]["device_id"] == laptop_b


def test_the_token_is_kept_only_as_a_hash(service, database_url):
    _, token = enrol(database_url, team="north", name="LAPTOP-A")
    with psycopg.connect(database_url) as conn:
        stored = conn.execute("SELECT token_sha256 FROM devices").fetchone()[0]
    assert token.encode() not in bytes(stored) and len(bytes(stored)) == 32
    assert len(token) >= 43  # 256 bits, URL-safe


def test_a_duplicate_push_is_stored_once(service, database_url):
    _, token = enrol(database_url, team="north", name="LAPTOP-A")
    body = {"after": 0, "changes": [change(1), change(2)]}
    assert call(service, "/v1/push", token, body)[1]["stored"] == 2
    status, again = call(service, "/v1/push", token, body)
    assert status == 200 and again["stored"] == 0 and again["skipped"] == 2
    assert len(call(service, "/v1/pull?after=0", token)[1]["changes"]) == 2


def test_a_push_after_a_gap_is_told_where_to_resume(service, database_url):
    _, token = enrol(database_url, team="north", name="LAPTOP-A")
    call(service, "/v1/push", token, {"after": 0, "changes": [change(1)]})
    status, answer = call(service, "/v1/push", token, {"after": 5, "changes": [change(6)]})
    assert status == 409 and answer["resume_after"] == 1


def test_another_team_never_sees_the_rows(service, database_url):
    _, north = enrol(database_url, team="north", name="LAPTOP-A")
    _, south = enrol(database_url, team="south", name="LAPTOP-S")
    call(service, "/v1/push", north, {"after": 0, "changes": [change(1)]})
    assert call(service, "/v1/pull?after=0", south)[1]["changes"] == []
    # and a southern laptop cannot write to the northern record
    status, answer = call(service, "/v1/push", south, {"after": 0, "changes": [change(1)]})
    assert answer["stored"] == 0 and answer["refused"][0]["kind"] == "outside_team"
    assert call(service, "/v1/pull?after=0", south)[1]["changes"][0]["entity"] == "sync_conflicts"


def test_a_revoked_laptop_is_turned_away(service, database_url):
    device, token = enrol(database_url, team="north", name="LAPTOP-A")
    done = subprocess.run(
        [sys.executable, "-m", "recorder", "revoke", "--database", database_url, device],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    status, answer = call(service, "/v1/pull?after=0", token)
    assert status == 401 and "revoked" in answer["error"]


def test_an_edit_reaching_an_approved_record_is_filed_as_a_conflict_offering_an_amendment(
    service, database_url
):
    _, worker = enrol(database_url, team="north", name="LAPTOP-A")
    _, manager = enrol(database_url, team="north", name="LAPTOP-C")
    approval = change(1, tx="approve", field="status", value="approved")
    assert call(service, "/v1/push", manager, {"after": 0, "changes": [approval]})[0] == 200
    late = change(1, tx="offline-edit", value="Added after the visit.")
    status, answer = call(service, "/v1/push", worker, {"after": 0, "changes": [late]})
    assert status == 200 and answer["stored"] == 0
    assert answer["refused"][0]["offer"] == "amendment"
    filed = call(service, "/v1/pull?after=1", manager)[1]["changes"]
    assert [c["entity"] for c in filed] == ["sync_conflicts"]
    assert filed[0]["value"]["change"]["value"] == "Added after the visit."
    # sent again, it is not filed twice
    assert call(service, "/v1/push", worker, {"after": 0, "changes": [late]})[1]["skipped"] == 1


def test_a_malformed_push_is_answered_in_a_sentence(service, database_url):
    _, token = enrol(database_url, team="north", name="LAPTOP-A")
    status, answer = call(service, "/v1/push", token, {"after": 0, "changes": [{"tx": "t"}]})
    assert status == 400 and answer["error"].startswith("A change has no")


def test_the_logs_are_json_without_any_value(service, database_url):
    _, token = enrol(database_url, team="north", name="LAPTOP-A")
    call(service, "/v1/push", token, {"after": 0, "changes": [change(1, value="Sam Example")]})
    call(service, "/v1/pull?after=0", token)
    service.stop()
    lines = [json.loads(line) for line in service.log.read_text().splitlines() if line.strip()]
    assert {"push", "pull"} <= {line.get("event") for line in lines}
    assert "Sam Example" not in service.log.read_text()
    assert "r1" not in service.log.read_text()


def _user(seq, user_id, role):
    return {**change(seq, tx=f"user-{user_id}", entity="users", entity_id=user_id,
                     field="role", value=role), "op": "insert"}  # fmt: skip


def _move(seq, to, *, user, at):
    """A status move by ``user``, made at clock reading ``at`` (ms)."""
    hlc = f"{at:016d}-0000-{user:8}"
    return {**change(seq, tx=f"move-{at}", field="status", value=to, hlc=hlc), "user_id": user}


def test_the_team_story_moves_pass_the_lifecycle_check(service, database_url):
    _, worker = enrol(database_url, team="north", name="LAPTOP-A")
    _, office = enrol(database_url, team="north", name="LAPTOP-B")
    _, manager = enrol(database_url, team="north", name="LAPTOP-C")
    first = {**change(2, tx="new", field="status", value="draft"), "op": "insert", "user_id": "sw"}
    pushes = [
        (worker, 0, [_user(1, "sw", "social_worker"), first,
                     _move(3, "with business support", user="sw", at=10)]),
        (office, 0, [_user(1, "bs", "business_support"), _move(2, "finished", user="bs", at=20)]),
        (manager, 0, [_user(1, "tm", "team_manager"), _move(2, "approved", user="tm", at=30)]),
    ]  # fmt: skip
    for token, after, rows in pushes:
        status, answer = call(service, "/v1/push", token, {"after": after, "changes": rows})
        assert (status, answer["refused"]) == (200, [])


def test_business_support_cannot_approve_on_the_service_either(service, database_url):
    _, office = enrol(database_url, team="north", name="LAPTOP-B")
    rows = [
        _user(1, "bs", "business_support"),
        {**change(2, tx="new", field="status", value="finished"), "op": "insert"},
        _move(3, "approved", user="bs", at=30),
    ]
    answer = call(service, "/v1/push", office, {"after": 0, "changes": rows})[1]
    assert answer["stored"] == 2
    assert [r["reason"] for r in answer["refused"]] == [
        "Business support cannot make a record that is finished approved: a team manager can."
    ]


def test_a_take_back_made_offline_after_business_support_finished_is_refused(service, database_url):
    _, worker = enrol(database_url, team="north", name="LAPTOP-A")
    _, office = enrol(database_url, team="north", name="LAPTOP-B")
    sent = {**change(2, tx="new", field="status", value="with business support"), "op": "insert"}
    call(
        service,
        "/v1/push",
        worker,
        {"after": 0, "changes": [_user(1, "sw", "social_worker"), sent]},
    )
    finished = [_user(1, "bs", "business_support"), _move(2, "finished", user="bs", at=20)]
    assert call(service, "/v1/push", office, {"after": 0, "changes": finished})[1]["stored"] == 2
    take_back = _move(3, "draft", user="sw", at=15)
    answer = call(service, "/v1/push", worker, {"after": 2, "changes": [take_back]})[1]
    assert answer["stored"] == 0 and answer["refused"][0]["kind"] == "status_move"
