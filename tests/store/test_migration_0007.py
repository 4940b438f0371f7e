"""Migration 0007 on a database already in use: its log still verifies, its search still finds."""

from __future__ import annotations

import pytest

from recorder.domain import Record
from recorder.store import Store, schema
from recorder.store.chain import load_or_create_key
from recorder.store.verify import verify_file
from tests.conftest import Family


@pytest.mark.xfail(
    reason="the family this test writes before migration 0007 now carries columns from "
    "migration 0009 (people.date_of_birth_estimated), so it cannot be written at 0006; "
    "the test needs a family written with 0006's own columns",
    strict=True,
)
def test_a_log_written_before_0007_verifies_once_updated_at_is_no_longer_logged(
    tmp_path, monkeypatch
):
    path = tmp_path / "in-use.db"
    with monkeypatch.context() as before:  # the database as it was before migration 0007
        before.setattr(schema, "_UNLOGGED", {"n", "id"})
        migrations = schema.MIGRATIONS
        apply = type(migrations).apply
        before.setattr(
            migrations, "apply", lambda db: apply(migrations, db, stop_before="0007_working_copies")
        )
        store = Store.open(path)
        family = Family(store)
        record = Record(family.case.id, "home_visit", 1, family.worker.id, values={"a": "Calm."})
        store.records.add(record)
        store.records.save_values(record.id, {"a": "Calm at home."})
        assert "updated_at" in {c.field for c in store.history(record.id)}
        store.close()

    store = Store.open(path)  # migration 0007 runs
    store.sign_in(family.worker.id)
    store.records.save_values(record.id, {"a": "Calm at home, and warm."})
    assert [h.record_id for h in store.search.records("warm")] == [record.id]
    store.close()
    findings = verify_file(path, load_or_create_key())
    assert findings.problems == []
