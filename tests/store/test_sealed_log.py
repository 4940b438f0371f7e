"""Someone with the file and stock tools tries to rewrite history; verify says where.

The file is encrypted, so each attacker here is an insider who has the
database key (a user who signed in) and uses a bare SQLCipher connection (what
the ``sqlcipher`` shell offers: none of the app's SQL functions) on a closed
demo database.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from recorder.domain import RecordStatus
from recorder.store import engine
from recorder.store.chain import read_key
from recorder.store.keys import KeyFile
from recorder.store.verify import verify_file
from tests.conftest import DEMO_MANAGER, DEMO_PASSWORDS, reopen

PASSWORD = DEMO_PASSWORDS[DEMO_MANAGER]


@pytest.fixture(scope="module")
def _demo_template(tmp_path_factory):
    from recorder.demo import create_demo_database
    from tests.conftest import DEMO_DAY

    path = tmp_path_factory.mktemp("sealed-demo") / "demo.db"
    create_demo_database(path, today=DEMO_DAY).close()
    return path


@pytest.fixture
def demo_db(_demo_template, tmp_path):
    """The demo database, built once for this module and copied for each attack."""
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    shutil.copy(f"{_demo_template}.keys", f"{path}.keys")
    return path


def _db_key(path: Path) -> bytes:
    return KeyFile.load(path).unlock(DEMO_MANAGER, PASSWORD)[1]


def _verify(path: Path):
    return verify_file(path, read_key(), database_key=_db_key(path))


def _stock(path: Path, *, key: bool = True):
    """The file as an insider opens it: the database key, autocommit, and stand-ins for
    the app's SQL functions (a few lines of Python), so triggers that call them compile."""
    if key:
        conn = engine.connect(path, _db_key(path))
        conn.isolation_level = None
    else:
        conn = sqlite3.connect(path, isolation_level=None)
    for name in ("recorder_clock", "recorder_tx", "recorder_device", "recorder_user"):
        conn.create_function(name, 0, lambda: "forged")
    conn.create_function("recorder_applying_remote", 0, lambda: 0)
    conn.create_function("recorder_fold", 1, lambda text: text)
    conn.create_function("recorder_record_text", 1, lambda values: values)
    conn.create_function("recorder_seal", 13, lambda *values: b"forged seal 16 b")
    return conn


def _hand_on_the_draft(path: Path) -> None:
    """The demo has no hand-offs yet: its draft is sent to business support."""
    store = reopen(path, DEMO_MANAGER, PASSWORD)
    draft = store.rows("SELECT id, author_id FROM records WHERE status = 'draft' LIMIT 1")[0]
    store.sign_in(draft["author_id"])
    store.records.move(draft["id"], RecordStatus.WITH_BUSINESS_SUPPORT)
    store.close()


def _approved_record(conn: sqlite3.Connection) -> str:
    return conn.execute("SELECT id FROM records WHERE status = 'approved' LIMIT 1").fetchone()[0]


def test_a_demo_database_is_whole(demo_db):
    findings = _verify(demo_db)
    assert findings.problems == []
    assert findings.rows_checked > 1000


def test_every_log_row_is_sealed_as_it_is_written(fresh_store, family):
    rows = fresh_store.rows("SELECT seq, hash FROM change_log ORDER BY seq")
    assert rows and all(r["hash"] is not None and len(r["hash"]) == 16 for r in rows)
    assert len({r["hash"] for r in rows}) == len(rows)


@pytest.mark.parametrize(
    "statement",
    [
        "REPLACE INTO change_log (seq, hlc, at, tx, device_id, entity, entity_id, op, field, "
        "new_value) SELECT seq, hlc, at, tx, device_id, entity, entity_id, op, field, 'forged' "
        "FROM change_log WHERE seq = 5",
        "INSERT OR REPLACE INTO change_log (seq, hlc, at, tx, device_id, entity, entity_id, op, "
        "field, new_value) SELECT seq, hlc, at, tx, device_id, entity, entity_id, op, field, "
        "'forged' FROM change_log WHERE seq = 5",
        "REPLACE INTO record_handoffs (id, record_id, from_status, to_status, reason, at) "
        "SELECT id, record_id, from_status, to_status, 'forged', at FROM record_handoffs LIMIT 1",
        "REPLACE INTO records (n, id, case_id, form_id, form_version, status, created_at, "
        "updated_at) SELECT n, id, case_id, form_id, form_version, 'draft', created_at, "
        "updated_at FROM records WHERE status = 'approved' LIMIT 1",
        "UPDATE OR REPLACE records SET id = (SELECT id FROM records WHERE status = 'approved' "
        "LIMIT 1) WHERE id = (SELECT id FROM records WHERE status = 'finished' LIMIT 1)",
    ],
    ids=[
        "replace-log",
        "insert-or-replace-log",
        "replace-handoff",
        "replace-record",
        "update-or-replace-record",
    ],
)
def test_replace_is_refused_on_history(demo_db, statement):
    _hand_on_the_draft(demo_db)
    conn = _stock(demo_db)
    with pytest.raises(engine.ANY_DATABASE_ERROR, match="never replaced|keeps its id"):
        conn.execute(statement)
    conn.close()
    assert _verify(demo_db).problems == []


def test_replace_with_its_guard_dropped_is_caught(demo_db):
    conn = _stock(demo_db)
    conn.execute("DROP TRIGGER change_log_no_replace")
    conn.execute(
        "REPLACE INTO change_log (seq, hlc, at, tx, device_id, entity, entity_id, op, field, "
        "new_value) SELECT seq, hlc, at, tx, device_id, entity, entity_id, op, field, "
        "'forged' FROM change_log WHERE seq = 5"
    )
    conn.close()
    problems = "\n".join(_verify(demo_db).problems)
    assert "Change-log row 5 " in problems and "does not match its seal" in problems
    assert "change_log_no_replace" in problems and "missing" in problems


def test_triggers_dropped_and_put_back_let_a_change_through_but_verify_sees_it(demo_db):
    conn = _stock(demo_db)
    record_id = _approved_record(conn)
    names = ("records_locked_once_approved", "records_log_update")
    saved = {
        n: conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [n]).fetchone()[0]
        for n in names
    }
    for name in names:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute(
        "UPDATE records SET values_json = json_set(values_json, '$.analysis', 'All is well.') "
        "WHERE id = ?",
        [record_id],
    )
    for sql in saved.values():
        conn.execute(sql)
    conn.close()
    problems = _verify(demo_db).problems
    assert problems == [
        f"Record {record_id} differs from its change log in values.analysis: "
        "it was changed without the change being logged."
    ]


def test_a_trigger_rewritten_to_do_nothing_is_named(demo_db):
    conn = _stock(demo_db)
    conn.execute("DROP TRIGGER records_locked_once_approved")
    conn.execute(
        "CREATE TRIGGER records_locked_once_approved BEFORE UPDATE ON records "
        "WHEN 0 BEGIN SELECT 1; END"
    )
    conn.close()
    problems = _verify(demo_db).problems
    assert len(problems) == 1
    assert "rewritten: records_locked_once_approved" in problems[0]


def test_a_same_length_byte_edit_passes_integrity_check_but_not_verify(demo_db, tmp_path):
    """An insider decrypts a copy, edits its bytes in place and checks it."""
    plain = tmp_path / "decrypted.db"
    conn = _stock(demo_db)
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", [str(plain)])
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute("DETACH DATABASE plain")
    conn.close()
    demo_db = plain
    data = demo_db.read_bytes()
    conn = _stock(demo_db, key=False)
    value = conn.execute(
        "SELECT new_value FROM change_log WHERE field = 'address_line1' AND new_value <> '' "
        "ORDER BY seq LIMIT 1"
    ).fetchone()[0]
    conn.close()
    original = value.encode()
    assert original in data
    forged = original[:-1] + (b"X" if original[-1:] != b"X" else b"Y")
    demo_db.write_bytes(data.replace(original, forged))
    conn = _stock(demo_db, key=False)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    problems = "\n".join(verify_file(demo_db, read_key()).problems)
    assert "address_line1" in problems and "does not match its seal" in problems


def test_a_row_taken_out_of_the_middle_or_off_the_end_is_caught(demo_db):
    conn = _stock(demo_db)
    conn.execute("DROP TRIGGER change_log_no_delete")
    conn.execute("DELETE FROM change_log WHERE seq = 100")
    top = conn.execute("SELECT max(seq) FROM change_log").fetchone()[0]
    conn.execute("DELETE FROM change_log WHERE seq = ?", [top])
    conn.execute(
        "CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log "
        "BEGIN SELECT RAISE(ABORT, 'The change log cannot be changed.'); END"
    )
    conn.close()
    problems = "\n".join(_verify(demo_db).problems)
    assert "Change-log row 101 " in problems
    assert f"once reached row {top} but now ends at row {top - 1}" in problems


def test_a_log_sealed_with_another_key_is_told_apart(demo_db, tmp_path):
    other = tmp_path / "other.key"
    other.write_text("ab" * 32)
    problems = verify_file(demo_db, read_key(other), database_key=_db_key(demo_db)).problems
    assert problems[0].startswith("The first change-log row")
    assert "another key" in problems[0]


def test_the_app_checks_the_tail_when_it_opens(demo_db):
    store = reopen(demo_db, DEMO_MANAGER, PASSWORD)
    assert not store.audit_findings.broken
    store.close()
    conn = _stock(demo_db)
    conn.execute("DROP TRIGGER records_log_update")
    conn.close()
    store = reopen(demo_db, DEMO_MANAGER, PASSWORD)
    assert store.audit_findings.broken
    assert "records_log_update" in store.audit_findings.problems[0]
    store.close()


def test_the_verify_command_says_where_and_exits_non_zero(demo_db, tmp_path):
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD + "\n")
    sign_in = ["--user", DEMO_MANAGER, "--password-file", str(password)]
    whole = subprocess.run(
        [sys.executable, "-m", "recorder", "verify", "--db", str(demo_db), *sign_in],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert whole.returncode == 0, whole.stderr
    assert whole.stdout.splitlines()[-1] == "audit_trail: whole"
    broken_copy = tmp_path / "broken.db"
    shutil.copy(demo_db, broken_copy)
    shutil.copy(f"{demo_db}.keys", f"{broken_copy}.keys")
    conn = _stock(broken_copy)
    conn.execute("DROP TRIGGER people_log_update")
    conn.close()
    broken = subprocess.run(
        [sys.executable, "-m", "recorder", "verify", "--db", str(broken_copy), *sign_in],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert broken.returncode == 1
    assert "people_log_update" in broken.stdout
    assert broken.stdout.splitlines()[-1] == "audit_trail: broken"
    assert "Traceback" not in broken.stderr


def test_the_verify_command_on_a_file_that_is_not_a_database(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "recorder", "verify", "--db", str(junk)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot be read" in result.stdout


def test_every_audited_table_is_covered_including_placements(demo_db):
    """Tables from earlier migrations (placements, 0004) get checked log triggers too."""
    from datetime import date

    from recorder.domain.placements import LegalStatus, Placement, PlacementKind

    store = reopen(demo_db, DEMO_MANAGER, PASSWORD)
    case = store.rows("SELECT child_id, worker_id FROM cases LIMIT 1")[0]
    child_id = case["child_id"]
    store.sign_in(case["worker_id"])  # placements are recorded by the child's social worker
    placement = Placement(child_id, date(2026, 6, 1), PlacementKind.FOSTER, LegalStatus.CARE_ORDER)
    store.placements.save(placement)
    store.close()
    assert _verify(demo_db).problems == []
    conn = _stock(demo_db)
    placement_id = placement.id
    saved = conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'placements_log_update'"
    ).fetchone()[0]
    conn.execute("DROP TRIGGER placements_log_update")
    conn.execute("UPDATE placements SET carers = 'Nobody' WHERE id = ?", [placement_id])
    conn.execute(saved)
    conn.close()
    assert _verify(demo_db).problems == [
        f"Placement {placement_id} differs from its change log in carers: "
        "it was changed without the change being logged."
    ]


def test_a_value_that_is_only_its_default_is_not_logged_and_verify_still_replays_it(demo_db):
    """A hand-off with no reason logs no empty reason (migration 0012), yet the file is whole;
    the same empty reason changed behind the log's back is still caught."""
    _hand_on_the_draft(demo_db)
    conn = _stock(demo_db)
    handoff = conn.execute("SELECT id, reason FROM record_handoffs ORDER BY at DESC").fetchone()
    assert handoff[1] == ""
    logged = {
        row[0]
        for row in conn.execute("SELECT field FROM change_log WHERE entity_id = ?", [handoff[0]])
    }
    assert "reason" not in logged and {"record_id", "to_status"} <= logged
    conn.close()
    assert _verify(demo_db).problems == []

    conn = _stock(demo_db)
    conn.execute("DROP TRIGGER record_handoffs_kept")
    conn.execute("DROP TRIGGER record_handoffs_log_update")
    conn.execute("UPDATE record_handoffs SET reason = 'forged' WHERE id = ?", [handoff[0]])
    conn.close()
    problems = " ".join(_verify(demo_db).problems)
    assert f"{handoff[0]} differs from its change log in reason" in problems
