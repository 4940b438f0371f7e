"""Migration 0014 on a database written before it: the dictation and business support's
suggestions move out of each record's values into their own fields, the move is in the
change log (so the file still verifies), a record's history does not tell it as anyone's
edit, and the council's retention still removes an approved record's dictation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from recorder.domain import Record, RecordStatus, Role, User
from recorder.domain.history import history_lines
from recorder.domain.records import MOVED_OUT_OF_VALUES
from recorder.store import schema
from recorder.store.chain import load_or_create_key
from recorder.store.signing_in import create_database, open_signed_in
from recorder.store.verify import verify_file
from tests.conftest import Family, add_user
from tests.store.old_schema import add_old_record

PASSWORD = "a-long-enough-password"
MANAGER = "Ffion Test-Manager"
SUGGESTION = {"value": "Eli is settled at school.", "by": "bs", "at": "2026-11-18T10:00:00Z"}


def _written_before_0014(path):
    """Three visits as the app kept them before 0014: the reserved keys among the values."""
    migrations = schema.MIGRATIONS
    apply = type(migrations).apply
    migrations.apply = lambda db: apply(migrations, db, stop_before="0014_reserved_out_of_values")
    try:
        store = create_database(path, MANAGER, PASSWORD)
        assert "dictation" not in store.db["records"].columns_dict
        manager_id = store.user_id
        family = Family(store)
        made = {}
        for name, values in {
            "draft": {"analysis": "Settled.", "dictation": "mum said eli is settled",
                      "suggested": {"analysis": SUGGESTION}},
            "approved": {"analysis": "Calm.", "dictation": "calm visit, dad out"},
            "plain": {"analysis": "Nothing reserved here."},
        }.items():  # fmt: skip
            record = Record(family.case.id, "home_visit", 1, family.worker.id)
            add_old_record(store, record, values)
            made[name] = record.id
        store.records.move(made["approved"], RecordStatus.FINISHED)
        store.sign_in(manager_id)
        store.records.move(made["approved"], RecordStatus.APPROVED)
        store.close()
    finally:
        del migrations.apply  # the class's own again
    return family, made


def test_an_old_database_moves_the_dictation_and_suggestions_out_and_still_verifies(tmp_path):
    path = tmp_path / "in-use.db"
    family, made = _written_before_0014(path)
    store = open_signed_in(path, MANAGER, PASSWORD)  # migration 0014 runs
    try:
        draft, approved, plain = (
            store.records.get(made[k]) for k in ("draft", "approved", "plain")
        )
        for record in (draft, approved, plain):
            assert "dictation" not in record.values and "suggested" not in record.values
        assert draft.dictation == "mum said eli is settled"
        assert draft.suggested == {"analysis": SUGGESTION}
        assert draft.values == {"analysis": "Settled."}
        assert approved.dictation == "calm visit, dad out" and approved.suggested == {}
        assert approved.status is RecordStatus.APPROVED and approved.values == {"analysis": "Calm."}
        assert plain.dictation is None and plain.suggested == {}
        assert store.search.records("settled") and not store.search.records("mum said")

        moved = [c for c in store.history(draft.id) if c.tx.startswith(MOVED_OUT_OF_VALUES)]
        assert {c.field for c in moved} == {
            "values.dictation", "values.suggested", "dictation", "suggested.analysis"
        }  # fmt: skip
        assert {c.user_id for c in moved} == {None}
        names = {family.worker.id: family.worker.name}
        told = history_lines(store.history(draft.id), form=None, names=names)
        # Told once each, as the worker wrote them; the move is no one's edit.
        assert [(t.what, t.new) for t in told if "Dictation" in t.what or "ugges" in t.what] == [
            ("Dictation", "mum said eli is settled"),
            ("Suggestions from business support", "Analysis: Eli is settled at school."),
        ]
        assert {t.who for t in told} == {family.worker.name}
        assert [c for c in store.history(plain.id) if c.tx.startswith(MOVED_OUT_OF_VALUES)] == []
        findings = verify_file(path, load_or_create_key(), database_key=store.db_key)
        assert findings.problems == [], findings.problems

        # Retention still reaches an approved record's dictation, now in its own column.
        later = datetime.now(UTC) + timedelta(days=31)
        assert made["approved"] in store.records.remove_old_dictation(keep_days=30, now=later).ids
        approved = store.records.get(made["approved"])
        assert approved.dictation is None and approved.dictation_removed_at is not None
        assert approved.values == {"analysis": "Calm."}
        removal = [c for c in store.history(approved.id) if c.field == "dictation"][-1]
        assert (removal.old_value, removal.new_value) == ("calm visit, dad out", None)
        findings = verify_file(path, load_or_create_key(), database_key=store.db_key)
        assert findings.problems == [], findings.problems
    finally:
        store.close()


def test_after_the_move_an_approved_record_is_still_locked_but_for_its_dictation(tmp_path):
    path = tmp_path / "in-use.db"
    _, made = _written_before_0014(path)
    store = open_signed_in(path, MANAGER, PASSWORD)
    try:
        officer = User("Denise Harrop", Role.BUSINESS_SUPPORT)
        add_user(store, officer)
        for sql in (
            "UPDATE records SET values_json = json_set(values_json, '$.analysis', 'x')",
            'UPDATE records SET suggested_json = \'{"analysis": {"value": "x"}}\'',
            "UPDATE records SET dictation = 'rewritten'",
            "UPDATE records SET dictation = NULL, values_json = '{}'",
        ):
            try:
                store.db.execute(sql + " WHERE id = ?", [made["approved"]])
            except Exception as e:  # noqa: BLE001 - the engine's own IntegrityError
                assert "approved and locked" in str(e)
            else:
                raise AssertionError(f"an approved record took: {sql}")
        assert store.records.get(made["approved"]).dictation == "calm visit, dad out"
    finally:
        store.close()
