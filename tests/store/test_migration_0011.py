"""Migration 0011 on a database already in use: one laptop's history becomes a line of
edits each based on the one before, so its first sync shows no conflict, and it verifies."""

from __future__ import annotations

from recorder.domain import Record
from recorder.store import schema
from recorder.store.chain import load_or_create_key
from recorder.store.signing_in import create_database, open_signed_in
from recorder.store.verify import verify_file
from tests.conftest import Family
from tests.store.old_schema import add_old_record

PASSWORD = "a-long-enough-password"


def test_a_history_written_before_0011_is_a_line_of_edits_and_syncs_without_conflict(
    tmp_path, monkeypatch
):
    path = tmp_path / "in-use.db"
    with monkeypatch.context() as before:  # the database as it was before migration 0011
        migrations = schema.MIGRATIONS
        apply = type(migrations).apply
        before.setattr(
            migrations, "apply", lambda db: apply(migrations, db, stop_before="0011_sync_log")
        )
        store = create_database(path, "Ffion Test-Manager", PASSWORD)
        assert "base_hlc" not in store.db["change_log"].columns_dict
        family = Family(store)
        record = Record(family.case.id, "home_visit", 1, family.worker.id, values={"a": "Calm."})
        add_old_record(store, record)  # the records table as it was then
        for words in ("Calm at home.", "Calm at home, and warm.", "Calm."):
            store.records.save_values(record.id, {"a": words})
        store.close()

    store = open_signed_in(path, "Ffion Test-Manager", PASSWORD)  # migration 0011 runs
    try:
        rows = store.rows(
            "SELECT hlc, base_hlc FROM change_log WHERE entity_id = ? AND field = 'values.a' "
            "ORDER BY seq",
            [record.id],
        )
        assert [r["base_hlc"] for r in rows] == [None] + [r["hlc"] for r in rows[:-1]]
        store.sign_in(family.worker.id)
        store.records.save_values(record.id, {"a": "Calm, after 0011."})
        latest = store.rows(
            "SELECT base_hlc FROM change_log WHERE entity_id = ? AND field = 'values.a' "
            "ORDER BY seq DESC LIMIT 1",
            [record.id],
        )[0]
        assert latest["base_hlc"] == rows[-1]["hlc"]
        assert verify_file(path, load_or_create_key(), database_key=store.db_key).problems == []

        other = create_database(tmp_path / "other.db", "Osian Test-Manager", PASSWORD)
        try:
            page = store.sync.local_changes_since(0, 1_000_000)
            other.sync.apply_remote_page(page, len(page))
            assert other.sync.needs_decision() == []
            assert other.records.get(record.id).values == {"a": "Calm, after 0011."}
            findings = verify_file(other.path, load_or_create_key(), database_key=other.db_key)
            assert findings.problems == []
        finally:
            other.close()
    finally:
        store.close()
