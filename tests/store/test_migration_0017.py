"""Migration 0017 on a database in use: the access log keeps every line it had, in order,
still refuses change and deletion, and now takes listening to kept audio as its own line."""

from __future__ import annotations

import pytest

from recorder.domain.consent import AccessAction
from recorder.store import RefusedWriteError, engine, schema
from recorder.store.signing_in import create_database, open_signed_in
from tests.conftest import Family

PASSWORD = "a-long-enough-password"
MANAGER = "Ffion Test-Manager"


def test_the_access_log_written_before_0017_is_kept_whole_and_still_cannot_be_changed(tmp_path):
    path = tmp_path / "in-use.db"
    migrations = schema.MIGRATIONS
    apply = type(migrations).apply
    migrations.apply = lambda db: apply(migrations, db, stop_before="0017_access_log_listened")
    try:
        store = create_database(path, MANAGER, PASSWORD)
        family = Family(store)
        store.access.record(AccessAction.OPENED, child_id=family.child.id)
        store.access.record(AccessAction.EXPORTED, child_id=family.child.id, detail="visit.docx")
        with pytest.raises(RefusedWriteError):  # before 0017 the log cannot say it
            store.access.record(AccessAction.LISTENED, child_id=family.child.id)
        before = [dict(r) for r in store.rows("SELECT * FROM local_access_log ORDER BY seq")]
        store.close()
    finally:
        del migrations.apply  # the class's own again

    store = open_signed_in(path, MANAGER, PASSWORD)  # migration 0017 runs
    try:
        after = store.rows("SELECT * FROM local_access_log ORDER BY seq")
        assert [dict(r) for r in after] == before
        assert len(before) == 2
        store.access.record(
            AccessAction.LISTENED, child_id=family.child.id, detail="a recording of 2 seconds"
        )
        events = store.access.for_child(family.child.id)
        assert [e.action for e in events] == [
            AccessAction.OPENED, AccessAction.EXPORTED, AccessAction.LISTENED,
        ]
        assert events[2].detail == "a recording of 2 seconds"
        for sql in ("UPDATE local_access_log SET detail = ''", "DELETE FROM local_access_log"):
            with pytest.raises(engine.IntegrityError, match="access log cannot be changed"):
                store.db.execute(sql)
        with pytest.raises(engine.IntegrityError):  # only the four actions
            store.db.execute(
                "INSERT INTO local_access_log (at, device_id, action) VALUES ('x', 'd', 'read')"
            )
    finally:
        store.close()
