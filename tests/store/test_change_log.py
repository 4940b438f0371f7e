"""Every write reaches the change log in the same transaction, and nothing rewrites it."""

from __future__ import annotations

import dataclasses
import inspect
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from recorder.domain import (
    Case,
    CaseType,
    Household,
    Person,
    Record,
    RecordStatus,
    Relationship,
    Role,
    User,
)
from recorder.domain.chronology import ChronologyEntry
from recorder.domain.conflicts import FieldEdit
from recorder.domain.consent import ConsentDecision, SharingConsent
from recorder.domain.imports import ExternalRef, ImportBatch
from recorder.domain.lifecycle import Handoff
from recorder.domain.people import HouseholdMember
from recorder.domain.placements import LegalStatus, Placement, PlacementKind
from recorder.domain.professionals import Involvement, Professional
from recorder.domain.working_copy import WorkingCopy
from recorder.store import RefusedWriteError, Store, engine
from recorder.store.repository import Repository
from recorder.store.schema import audited_tables
from tests.conftest import add_user, as_manager


def _columns(store: Store, table: str) -> list[str]:
    # updated_at is not logged: every log row says when it was written (migration 0007)
    return [c.name for c in store.db[table].columns if c.name not in ("n", "id", "updated_at")]


def test_every_table_has_a_trigger_for_every_kind_of_write(fresh_store):
    triggers = {
        row["name"]: row["sql"]
        for row in fresh_store.rows("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    }
    tables = audited_tables(fresh_store.db)
    assert {"people", "households", "cases", "records", "users", "relationships"} <= set(tables)
    for table in tables:
        for op in ("insert", "update", "delete"):
            sql = triggers.get(f"{table}_log_{op}")
            assert sql, f"{table} has no change-log trigger for {op}"
            for column in _columns(fresh_store, table):
                assert f".{column}" in sql, f"{table}_log_{op} does not log {column}"


def test_every_table_but_the_log_itself_is_audited(fresh_store):
    """A new table someone forgets to audit fails here, not in a court."""
    internal = {"change_log", "local_settings", "_sqlite_migrations"}
    # Derived from the records by triggers on this device (migration 0006), never edited.
    internal |= {"local_visit_facts", "local_case_visits", "local_visit_facts_version"}
    # The working copies hold typing between saves: the record's log takes it when saved.
    internal |= {"local_working_copies"}
    internal |= {"local_access_log"}
    # Sync's own bookkeeping (migration 0011): refused changes, open conflicts; both
    # are read from the change log, which holds every value.
    internal |= {"local_sync_refused", "local_sync_conflicts"}
    # A kept recording's sound (migration 0016): on the laptop that recorded it only; its
    # keeping and deletion are logged through audio_recordings.
    internal |= {"local_audio"}
    every = {
        t for t in fresh_store.db.table_names() if not t.startswith("sqlite_") and "_fts" not in t
    }
    assert every - internal == set(audited_tables(fresh_store.db))


def _samples(store: Store, family) -> dict[type, object]:
    person = Person("Kojo", "Asamoah-Lind", gender="Male")
    household = Household("Asamoah-Lind household", postcode="NB3 3AA")
    professional = Professional("Rosalind Achebe", "School Nurse")
    user = User("Ffion Pugh-Tanner", Role.BUSINESS_SUPPORT)
    record = Record(
        family.case.id, "home_visit", 1, family.worker.id, values={"visit_date": "2026-11-02"}
    )
    return {
        Person: person,
        Household: household,
        Professional: professional,
        User: user,
        HouseholdMember: HouseholdMember(family.home.id, family.child.id),
        Relationship: Relationship(family.stepfather.id, "parents_partner", family.brother.id),
        Involvement: Involvement(family.school.id, family.brother.id, role="Class teacher"),
        Case: Case(family.brother.id, CaseType.EARLY_HELP, family.worker.id, date(2026, 10, 5)),
        Record: record,
        Placement: Placement(
            family.brother.id, date(2026, 10, 5), PlacementKind.FOSTER, LegalStatus.SECTION_20
        ),
        Handoff: Handoff(record.id, RecordStatus.DRAFT, RecordStatus.FINISHED, family.worker.id),
        ExternalRef: ExternalRef("people", family.child.id, "P-0042"),
        ChronologyEntry: ChronologyEntry(
            family.child.id, date(2026, 10, 20), "Court", "Hearing listed", family.worker.id
        ),
        ConsentDecision: ConsentDecision(
            family.child.id, SharingConsent.GIVEN, date(2026, 9, 2), "Zofía Wójcik-Hale"
        ),
    }


def _repositories(store: Store) -> list[Repository]:
    return [v for v in vars(store).values() if isinstance(v, Repository)]


# One field per kind of thing, changed after adding it.
_EDITS = {
    Person: ("phone", "07700 900321"),
    Household: ("postcode", "NB3 3AB"),
    Professional: ("agency", "Hillcrest Primary School"),
    User: ("email", "ffion.pryce@example.org"),
    HouseholdMember: ("start_date", date(2026, 1, 2)),
    Relationship: ("kind", "stepfather"),
    Involvement: ("role", "School nurse"),
    Case: ("reference", "EH-2026-0099"),
    Record: ("form_version", 2),
    Placement: ("first_review", date(2026, 10, 30)),
    ExternalRef: ("reference", "P-0043"),
    ChronologyEntry: ("note", "Hearing adjourned"),
    ConsentDecision: ("note", "Agreed at the first visit."),
}


def test_every_repository_logs_adds_and_updates(fresh_store, family):
    samples = _samples(fresh_store, family)
    repositories = _repositories(fresh_store)
    assert {r.item for r in repositories} == set(samples) == set(_EDITS) | {Handoff}
    manager = next(u for u in fresh_store.users.all() if u.role is Role.TEAM_MANAGER)
    for repository in repositories:
        sample = samples[repository.item]
        before = fresh_store.change_count()
        # Each table written by someone allowed to: the worker, or else the team manager.
        writer = family.worker if family.worker.role in repository.writers else manager
        fresh_store.sign_in(writer.id)
        repository.add_all([sample])
        logged = fresh_store.history(sample.id)
        assert logged and all(c.op == "insert" for c in logged), repository.table
        assert fresh_store.change_count() > before
        if repository.item is Handoff:  # history: added, never changed
            with pytest.raises(RefusedWriteError, match="cannot be changed"):
                repository.update(sample.id, reason="rewritten")
            continue
        field, new_value = _EDITS[repository.item]
        repository.update(sample.id, **{field: new_value})
        last = fresh_store.history(sample.id)[-1]
        assert (last.op, last.field) == ("update", field), repository.table
        expected = new_value.isoformat() if isinstance(new_value, date) else new_value
        assert last.new_value == expected, repository.table


def test_every_public_write_verb_is_covered_by_the_log(fresh_store, family):
    """Every public verb is a known reader or a writer exercised below.

    A new verb fails this test until it is listed here, and if it writes, checked.
    """
    readers = {
        "get",
        "find",
        "all",
        "many",
        "for_child",
        "for_case",
        "involving",
        "current_for",
        "current_member_ids",
        "ids",
        "versions",
        "for_record",
        "for_children",
        "working_copy",
        "possible_duplicates",
        "not_duplicates",
        "merge_record",
        "merges_of",
        "memberships",
        "known",
        "facts",
        "current",
    }
    # Accounts: adding one is logged as adding a user; passwords live in the key file.
    # See tests/store/test_accounts.py.
    accounts = {
        "add_first_manager",
        "add_account",
        "set_role",
        "change_own_password",
        "reset_password",
    }
    writers = {
        "add",
        "add_all",
        "update",
        "add_member",
        "end_membership",
        "remove",
        "save_values",
        "move",
        "amend",
        "save",
        "pick_up",
        "set_plan_visits",
        "save_changes",
        "keep_working_copy",  # typing between saves: logged when the record takes it
        "drop_working_copy",
        # The family record's verbs; each one's log is checked in test_family_record.py
        # and by test_every_family_record_verb_writes_the_log below.
        "record_new",
        "correct",
        "move_in",
        "move_out",
        "end",
        "open",
        "transfer",
        "change_type",
        "close",
        "merge",
        "unmerge",
        "mark_not_duplicates",
        "import_caseload",
        "add_entry",
        "correct_entry",
        "decide",
        "remove_old_dictation",
    }
    verbs = {
        name
        for r in _repositories(fresh_store)
        for name, _ in inspect.getmembers(type(r), inspect.isfunction)
        if not name.startswith("_")
    }
    assert verbs - readers - writers - accounts == set(), (
        "a new store verb: list it and check its log"
    )
    before = fresh_store.change_count()
    fresh_store.households.add_member(family.home.id, family.child.id)
    member = fresh_store.rows("SELECT id FROM household_members ORDER BY rowid DESC LIMIT 1")[0]
    fresh_store.households.end_membership(member["id"], on=date(2026, 11, 1))
    rel = fresh_store.relationships.involving(family.brother.id)[0]
    fresh_store.relationships.remove(rel.id)
    record = Record(family.case.id, "home_visit", 1, family.worker.id)
    fresh_store.records.add_all([record])
    fresh_store.records.save_values(record.id, {"child_voice": "I want to stay with mum"})
    logged = fresh_store.change_count()
    fresh_store.records.keep_working_copy(
        WorkingCopy(record.id, family.worker.id, values={"analysis": "Settled."})
    )
    assert fresh_store.change_count() == logged  # not the record: not logged
    fresh_store.records.save_changes(
        record.id, [FieldEdit("analysis", None, "Settled.")], drop_working_copy=True
    )
    assert fresh_store.history(record.id)[-1].field == "values.analysis"
    assert fresh_store.records.working_copy(record.id) is None
    fresh_store.records.save_values(
        record.id, {"child_voice": "I want to stay with mum", "dictation": "she said"}
    )
    fresh_store.records.move(record.id, RecordStatus.FINISHED)
    placement = Placement(
        family.child.id, date(2026, 9, 1), PlacementKind.FOSTER, LegalStatus.SECTION_20
    )
    fresh_store.placements.save(placement)
    fresh_store.placements.save(dataclasses.replace(placement, carers="Rhian and Idris Vaughan"))
    assert [c.field for c in fresh_store.history(placement.id)][-1] == "carers"
    fresh_store.cases.set_plan_visits(family.case.id, 8)
    assert fresh_store.history(family.case.id)[-1].field == "plan_visit_every_working_days"
    ops = [c.op for c in fresh_store.history(rel.id)]
    assert ops[-1] == "delete"
    assert fresh_store.change_count() > before
    fields = [c.field for c in fresh_store.history(record.id)]
    assert "values.child_voice" in fields and "status" in fields
    newcomer = Person("Darren", "Quenby")
    worker = fresh_store.user_id
    as_manager(fresh_store).external_refs.import_caseload(  # a caseload is a manager's to import
        ImportBatch(people=[newcomer], refs=[ExternalRef("people", newcomer.id, "P-7")])
    )
    fresh_store.sign_in(worker)
    assert {c.field for c in fresh_store.history(newcomer.id)} >= {"first_name", "last_name"}
    fresh_store.chronology.add_entry(
        family.child.id, on=date(2026, 10, 1), category="Court", note="Hearing listed",
        today=date(2026, 11, 20),
    )  # fmt: skip
    entry = fresh_store.chronology.for_child(family.child.id)[-1]
    assert {c.field for c in fresh_store.history(entry.id)} >= {"category", "note", "event_date"}
    fresh_store.chronology.correct_entry(
        entry.id, on=date(2026, 10, 1), category="Court", note="Hearing moved",
        today=date(2026, 11, 20),
    )  # fmt: skip
    assert fresh_store.history(entry.id)[-1].new_value == "Hearing moved"
    later = datetime.now(UTC) + timedelta(days=400)
    fresh_store.records.remove_old_dictation(keep_days=30, now=later)
    last = [c for c in fresh_store.history(record.id) if c.field == "dictation"][-1]
    assert (last.old_value, last.new_value) == ("she said", None)
    decision = ConsentDecision(
        family.child.id, SharingConsent.REFUSED, date(2026, 11, 2), "Zofía Wójcik-Hale"
    )
    fresh_store.consents.decide(decision)
    assert fresh_store.history(decision.id)[0].op == "insert"


def test_the_log_says_who_on_which_device_and_when(fresh_store, family):
    fresh_store.people.update(family.child.id, known_as="Elka")
    change = fresh_store.history(family.child.id)[-1]
    assert change.user_id == family.worker.id
    assert change.device_id == fresh_store.device_id
    assert change.old_value == "Eli" and change.new_value == "Elka"
    assert change.at.endswith("Z") and change.at.startswith(str(date.today().year))


def test_one_verb_is_one_transaction_in_the_log(fresh_store, family):
    fresh_store.people.update(family.child.id, known_as="Elka", phone="07700 900555")
    txs = {c.tx for c in fresh_store.history(family.child.id)[-2:]}
    assert len(txs) == 1


def test_log_times_sort_in_the_order_things_happened(fresh_store, family):
    for name in ("A", "B", "C"):
        fresh_store.people.update(family.child.id, known_as=name)
    changes = fresh_store.history(family.child.id)
    assert [c.hlc for c in changes] == sorted(c.hlc for c in changes)


def test_record_values_are_logged_field_by_field(fresh_store, family):
    record = Record(
        family.case.id,
        "home_visit",
        1,
        family.worker.id,
        values={"visit_date": "2026-11-02", "observations": "Warm and tidy."},
    )
    fresh_store.records.add(record)
    fresh_store.records.save_values(record.id, {"visit_date": "2026-11-03"})
    updates = [
        (c.field, c.old_value, c.new_value)
        for c in fresh_store.history(record.id)
        if c.op == "update" and c.field.startswith("values.")
    ]
    assert ("values.visit_date", "2026-11-02", "2026-11-03") in updates
    assert ("values.observations", "Warm and tidy.", None) in updates


def test_the_change_log_cannot_be_rewritten(fresh_store, family):
    count = fresh_store.change_count()
    for sql in ("UPDATE change_log SET new_value = 'forged'", "DELETE FROM change_log"):
        with pytest.raises(RefusedWriteError, match="cannot be changed"):
            with fresh_store.transaction():
                fresh_store.db.execute(sql)
    assert fresh_store.change_count() == count


def test_a_write_from_outside_the_app_is_refused(db_path, family):
    """Another program on the file cannot write without signing the log, so it cannot write."""
    conn = engine.connect(db_path, family.store_key)
    try:
        with pytest.raises(engine.OperationalError, match="recorder_"):
            conn.execute("UPDATE people SET first_name = 'X' WHERE id = ?", [family.child.id])
    finally:
        conn.close()


def test_no_code_outside_the_store_writes_sql():
    import re
    from pathlib import Path

    import recorder

    package = Path(recorder.__file__).parent
    writes = re.compile(
        r"\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b|\.execute\(",
        re.IGNORECASE,
    )
    offenders = [
        f"{path.relative_to(package)}: {found.group(0)}"
        for path in package.rglob("*.py")
        # The sync service (recorder/server) writes its own PostgreSQL, never a copy's file.
        if path.parent.name not in ("store", "server")
        for found in writes.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_an_autosave_logs_its_text_once_and_history_still_shows_the_old(fresh_store, family):
    """The old text of an update is the field's last logged new text: kept once, not twice."""
    record = Record(family.case.id, "home_visit", 1, family.worker.id, values={"notes": "A"})
    fresh_store.records.add(record)
    for text in ("A visit", "A visit to the flat", "A visit to the flat at 10"):
        fresh_store.records.save_values(record.id, {"notes": text})
    stored = fresh_store.rows(
        "SELECT old_value, new_value FROM change_log WHERE entity_id = ? "
        "AND field = 'values.notes' ORDER BY seq",
        [record.id],
    )
    assert [r["old_value"] for r in stored] == [None, None, None, None]
    history = [
        (c.old_value, c.new_value) for c in fresh_store.history(record.id)
        if c.field == "values.notes"
    ]  # fmt: skip
    assert history == [
        (None, "A"),
        ("A", "A visit"),
        ("A visit", "A visit to the flat"),
        ("A visit to the flat", "A visit to the flat at 10"),
    ]


def test_an_old_value_the_log_never_held_is_kept_in_full(fresh_store, family):
    conn = fresh_store.db.conn
    conn.execute("DROP TRIGGER people_log_update")  # a value changed while logging was off
    conn.execute("UPDATE people SET religion = 'Quaker' WHERE id = ?", [family.child.id])
    conn.commit()
    from recorder.store.schema import log_changes

    log_changes(fresh_store.db, "people")
    fresh_store.people.update(family.child.id, religion="None stated")
    last = fresh_store.rows(
        "SELECT old_value FROM change_log WHERE entity_id = ? ORDER BY seq DESC LIMIT 1",
        [family.child.id],
    )[0]
    assert last["old_value"] == "Quaker"


def test_every_family_record_verb_writes_the_log(fresh_store, family):
    from recorder.domain import Household, Person, Role, User
    from recorder.domain.professionals import Involvement, Professional

    manager = User("Priya Raman", Role.TEAM_MANAGER)
    add_user(fresh_store, manager)
    newcomer = Person("Kofi", "Mensah", date_of_birth=date(1985, 4, 4))
    flat = Household("Mensah flat", address_line1="2 Wharf Street")
    gp = Professional("Dr Amara Eze", "GP")
    involvement = Involvement(gp.id, family.child.id, start_date=date(2026, 1, 1))
    steps = [
        lambda: fresh_store.people.record_new(newcomer),
        lambda: fresh_store.people.correct(
            Person(**{**newcomer.__dict__, "religion": "Methodist"})
        ),
        lambda: fresh_store.households.record_new(flat),
        lambda: fresh_store.households.move_in(flat.id, newcomer.id, on=date(2026, 2, 1)),
        lambda: fresh_store.households.move_out(
            fresh_store.households.memberships(flat.id, on=date(2026, 3, 1))[0][0].id,
            on=date(2026, 3, 1),
        ),
        lambda: fresh_store.relationships.record_new(
            Relationship(newcomer.id, "uncle", family.child.id)
        ),
        lambda: fresh_store.professionals.record_new(gp),
        lambda: fresh_store.involvements.record_new(involvement),
        lambda: fresh_store.involvements.end(involvement.id, on=date(2026, 6, 1)),
        lambda: fresh_store.cases.change_type(family.case.id, CaseType.CHILD_PROTECTION),
        lambda: fresh_store.cases.transfer(family.case.id, manager.id),
        lambda: fresh_store.cases.close(family.case.id, on=date(2026, 11, 2), reason="Needs met"),
        lambda: fresh_store.sign_in(manager.id),
        lambda: fresh_store.people.merge(family.mother.id, newcomer.id),
        lambda: fresh_store.people.unmerge(
            fresh_store.people.merges_of(newcomer.id)[0].id, reason="Two people"
        ),
        lambda: fresh_store.people.mark_not_duplicates(family.mother.id, newcomer.id),
    ]
    for step in steps:
        before = fresh_store.change_count()
        changes = step()
        if changes is not None:
            assert fresh_store.change_count() > before
            assert changes.tables


def test_the_log_keeps_one_small_index_and_every_look_up_by_entity_goes_through_it(
    fresh_store, family
):
    """Migration 0015: two indexes keyed on ids arriving in no order weighed about a quarter
    of a stored visit. One on the first characters of the entity id serves the history,
    sync's merges and the triggers' look-ups; a look-up that missed it would read the
    whole log, so each is checked here."""
    from recorder.store.schema import LOG_KEY, log_entities_are, log_triggers

    indexes = {
        r["name"]: r["sql"]
        for r in fresh_store.rows(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'change_log'"
        )
    }
    assert set(indexes) == {"change_log_entity_key", "change_log_origin"}
    where, params = log_entities_are([family.child.id])
    plan = " ".join(
        str(r[-1])
        for r in fresh_store.db.execute(
            f"EXPLAIN QUERY PLAN SELECT * FROM change_log WHERE {where} ORDER BY seq", params
        )
    )
    assert "USING INDEX change_log_entity_key" in plan and "TEMP B-TREE" not in plan
    assert [c.field for c in fresh_store.history(family.child.id)][:1] == ["first_name"]
    for table in audited_tables(fresh_store.db):
        for name, sql in log_triggers(fresh_store.db, table).items():
            assert sql.count(LOG_KEY.replace("entity_id", "l.entity_id")) == sql.count(
                "FROM change_log l"
            ), name
    store_code = Path(__file__).parents[2] / "recorder" / "store"
    for path in store_code.glob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bentity_id (=|IN) ", line) and "local_sync_conflicts" not in line:
                assert path.name == "schema.py", f"{path.name}:{number} looks up the log by id"


def test_a_save_s_log_rows_share_one_short_transaction_id(fresh_store, family):
    """Every log row carries its transaction's id: 16 characters, not an entity's 36."""
    fresh_store.people.update(family.child.id, known_as="Elka", phone="07700 900555")
    last_two = fresh_store.history(family.child.id)[-2:]
    assert len({c.tx for c in last_two}) == 1
    assert len(last_two[0].tx) == 16
