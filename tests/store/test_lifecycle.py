"""A record's hand-offs in the store: moved by the signed-in user's role, locked once approved."""

from __future__ import annotations

import pytest

from recorder.domain import Record, RecordStatus, Role, User
from recorder.store import RefusedWriteError, engine
from tests.conftest import add_user


@pytest.fixture
def team(fresh_store, family):
    support = User("Priya Venkataraman-Hughes", Role.BUSINESS_SUPPORT)
    manager = User("Gethin Morgan", Role.TEAM_MANAGER)
    add_user(fresh_store, support)
    add_user(fresh_store, manager)
    return {"worker": family.worker, "support": support, "manager": manager}


@pytest.fixture
def draft(fresh_store, family):
    record = Record(family.case.id, "home_visit", 1, family.worker.id,
                    values={"visit_date": "2026-11-17", "analysis": "Settled week."})  # fmt: skip
    fresh_store.records.add(record)
    return record


def _as(store, user):
    store.sign_in(user.id)
    return store


def test_the_whole_hand_off_is_kept_with_who_and_why(fresh_store, team, draft):
    store = fresh_store
    _as(store, team["worker"]).records.move(draft.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    _as(store, team["support"]).records.move(
        draft.id, RecordStatus.DRAFT, reason="  The visit date is missing a time.  "
    )
    _as(store, team["worker"]).records.move(draft.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    _as(store, team["support"]).records.move(draft.id, RecordStatus.FINISHED)
    _as(store, team["manager"]).records.move(draft.id, RecordStatus.APPROVED)

    record = store.records.get(draft.id)
    assert record.status is RecordStatus.APPROVED
    assert record.approved_by == team["manager"].id and record.approved_at is not None
    moves = [
        (h.from_status.value, h.to_status.value, h.user_id, h.reason)
        for h in store.handoffs.for_record(draft.id)
    ]
    assert moves == [
        ("draft", "with business support", team["worker"].id, ""),
        ("with business support", "draft", team["support"].id, "The visit date is missing a time."),
        ("draft", "with business support", team["worker"].id, ""),
        ("with business support", "finished", team["support"].id, ""),
        ("finished", "approved", team["manager"].id, ""),
    ]
    statuses = [(c.new_value, c.user_id) for c in store.history(draft.id) if c.field == "status"]
    assert statuses[1:] == [
        ("with business support", team["worker"].id),
        ("draft", team["support"].id),
        ("with business support", team["worker"].id),
        ("finished", team["support"].id),
        ("approved", team["manager"].id),
    ]


def test_a_move_the_role_may_not_make_is_refused_and_changes_nothing(fresh_store, team, draft):
    before = fresh_store.change_count()
    with pytest.raises(RefusedWriteError, match="cannot be made approved"):
        _as(fresh_store, team["worker"]).records.move(draft.id, RecordStatus.APPROVED)
    with pytest.raises(RefusedWriteError, match="Business support cannot"):
        _as(fresh_store, team["support"]).records.move(draft.id, RecordStatus.FINISHED)
    with pytest.raises(RefusedWriteError, match="Say why"):
        fresh_store.sign_in(team["worker"].id)
        fresh_store.records.move(draft.id, RecordStatus.WITH_BUSINESS_SUPPORT)
        _as(fresh_store, team["support"]).records.move(draft.id, RecordStatus.DRAFT)
    assert fresh_store.records.get(draft.id).status is RecordStatus.WITH_BUSINESS_SUPPORT
    assert fresh_store.change_count() > before  # only the allowed send was written


def test_nobody_signed_in_moves_nothing(fresh_store, draft):
    fresh_store.sign_in(None)
    with pytest.raises(RefusedWriteError, match="Sign in first"):
        fresh_store.records.move(draft.id, RecordStatus.FINISHED)


def test_business_support_change_a_record_only_while_it_is_with_them(fresh_store, team, draft):
    with pytest.raises(RefusedWriteError, match="changed by a social worker or a team manager"):
        _as(fresh_store, team["support"]).records.save_values(draft.id, {"analysis": "x"})
    _as(fresh_store, team["worker"]).records.move(draft.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    with pytest.raises(RefusedWriteError, match="changed by business support"):
        fresh_store.records.save_values(draft.id, {"analysis": "x"})
    _as(fresh_store, team["support"]).records.save_values(
        draft.id, {**draft.values, "visit_time": "10:30"}
    )
    change = fresh_store.history(draft.id)[-1]
    assert (change.field, change.new_value, change.user_id) == (
        "values.visit_time",
        "10:30",
        team["support"].id,
    )


def _approved(store, team, draft):
    _as(store, team["worker"]).records.move(draft.id, RecordStatus.FINISHED)
    _as(store, team["manager"]).records.move(draft.id, RecordStatus.APPROVED)
    return store.records.get(draft.id)


def test_an_approved_record_refuses_every_change_whatever_code_tries(fresh_store, team, draft):
    approved = _approved(fresh_store, team, draft)
    with pytest.raises(RefusedWriteError, match="approved and locked"):
        fresh_store.records.save_values(draft.id, {"analysis": "Rewritten."})
    with pytest.raises(RefusedWriteError, match="approved and locked"):
        fresh_store.records.update(draft.id, status=RecordStatus.DRAFT)
    with pytest.raises(engine.IntegrityError, match="approved and locked"):
        fresh_store.db.execute("UPDATE records SET values_json = '{}' WHERE id = ?", [draft.id])
    assert fresh_store.records.get(draft.id) == approved


def test_a_correction_is_an_amendment_linked_to_the_original(fresh_store, team, draft):
    original = _approved(fresh_store, team, draft)
    _as(fresh_store, team["worker"])
    with pytest.raises(RefusedWriteError, match="Say what the amendment corrects"):
        fresh_store.records.amend(draft.id, reason=" ")
    amendment = fresh_store.records.amend(draft.id, reason="The visit was on the 16th.")
    assert amendment.version == 2 and amendment.amends_id == original.id
    assert amendment.status is RecordStatus.DRAFT
    assert amendment.values == original.values
    assert amendment.amendment_reason == "The visit was on the 16th."
    fresh_store.records.save_values(amendment.id, {**amendment.values, "visit_date": "2026-11-16"})
    assert fresh_store.records.get(draft.id) == original  # the original stands as it was
    assert [r.version for r in fresh_store.records.versions(draft.id)] == [1, 2]
    assert [r.id for r in fresh_store.records.versions(amendment.id)] == [draft.id, amendment.id]
    with pytest.raises(RefusedWriteError, match="already has an amendment"):
        fresh_store.records.amend(draft.id, reason="Again.")


def test_only_an_approved_record_is_amended_and_not_by_business_support(fresh_store, team, draft):
    with pytest.raises(RefusedWriteError, match="can still be changed"):
        _as(fresh_store, team["worker"]).records.amend(draft.id, reason="Typo.")
    _approved(fresh_store, team, draft)
    with pytest.raises(RefusedWriteError, match="not business support"):
        _as(fresh_store, team["support"]).records.amend(draft.id, reason="Typo.")


def test_no_code_path_can_rewrite_or_delete_the_change_log_or_the_hand_offs(
    fresh_store, team, draft
):
    _as(fresh_store, team["worker"]).records.move(draft.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    before = fresh_store.history(draft.id)
    handoff = fresh_store.handoffs.for_record(draft.id)[0]
    attempts = [
        "UPDATE change_log SET user_id = NULL",
        "UPDATE change_log SET new_value = 'draft' WHERE field = 'status'",
        "DELETE FROM change_log",
        f"DELETE FROM change_log WHERE entity_id = '{draft.id}'",
        "UPDATE record_handoffs SET reason = 'rewritten'",
        "DELETE FROM record_handoffs",
        f"DELETE FROM records WHERE id = '{draft.id}'",
    ]
    for sql in attempts:
        with pytest.raises(engine.IntegrityError):
            fresh_store.db.execute(sql)
        with pytest.raises(RefusedWriteError):
            with fresh_store.transaction():
                fresh_store.db.execute(sql)
    with pytest.raises(RefusedWriteError):
        fresh_store.handoffs.update(handoff.id, reason="rewritten")
    assert fresh_store.history(draft.id) == before
    assert fresh_store.handoffs.for_record(draft.id) == [handoff]


def test_the_queue_is_oldest_first_and_says_why_a_record_came_back(fresh_store, team, family):
    store = _as(fresh_store, team["worker"])
    first, second = (
        Record(family.case.id, "home_visit", 1, family.worker.id, values={"analysis": n})
        for n in ("first", "second")
    )
    store.records.add(first)
    store.records.add(second)
    store.records.move(second.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    store.records.move(first.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    queue = store.views.records_in(RecordStatus.WITH_BUSINESS_SUPPORT)
    assert [q.record.id for q in queue] == [second.id, first.id]
    assert queue[0].child.id == family.child.id and queue[0].author_name == "Anwen Treharne"
    _as(store, team["support"]).records.move(second.id, RecordStatus.DRAFT, reason="No time.")
    back = store.views.records_in(RecordStatus.DRAFT, author_id=family.worker.id)
    assert [(q.record.id, q.reason) for q in back] == [(second.id, "No time.")]
