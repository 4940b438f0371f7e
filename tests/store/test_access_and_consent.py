"""Who opened a child's record, sharing consent, and dictation kept only as long as set."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from recorder.domain import Record, RecordStatus, Role
from recorder.domain.consent import AccessAction, ConsentDecision, SharingConsent
from recorder.store import RefusedWriteError, engine


def _manager(store):
    return next(u for u in store.users.all() if u.role is Role.TEAM_MANAGER)


def test_the_access_log_is_read_back_in_plain_english(fresh_store, family):
    record = Record(family.case.id, "home_visit", 1, family.worker.id)
    fresh_store.records.add(record)
    fresh_store.access.record(AccessAction.OPENED, child_id=family.child.id)
    fresh_store.access.record(AccessAction.EXPORTED, record_id=record.id, detail="visit.docx")
    with pytest.raises(RefusedWriteError, match="A team manager sees who opened"):
        fresh_store.access.who_opened(family.child.id)
    fresh_store.sign_in(_manager(fresh_store).id)
    fresh_store.access.record(AccessAction.PRINTED, child_id=family.child.id)
    events = fresh_store.access.for_child(family.child.id)
    assert [(e.user_name, e.action) for e in events] == [
        ("Anwen Treharne", AccessAction.OPENED),
        ("Anwen Treharne", AccessAction.EXPORTED),
        ("Morwenna Test-Manager", AccessAction.PRINTED),
    ]
    assert events[1].record_id == record.id and events[1].detail == "visit.docx"
    assert all(e.device_id == fresh_store.device_id for e in events)
    lines = fresh_store.access.who_opened(family.child.id)
    assert lines[0].startswith("Morwenna Test-Manager printed Eliška Wójcik-Hale's record on ")
    assert lines[2].startswith("Anwen Treharne opened Eliška Wójcik-Hale's record on ")
    today = datetime.now().astimezone()
    assert f"on {today:%-d %B %Y} at " in lines[2]


def test_the_access_log_cannot_be_changed_and_is_refused_signed_out(fresh_store, family):
    fresh_store.access.record(AccessAction.OPENED, child_id=family.child.id)
    for sql in ("UPDATE local_access_log SET user_id = NULL", "DELETE FROM local_access_log"):
        with pytest.raises(engine.IntegrityError, match="access log cannot be changed"):
            fresh_store.db.execute(sql)
    fresh_store.sign_in(None)
    with pytest.raises(RefusedWriteError, match="Sign in first"):
        fresh_store.access.record(AccessAction.OPENED, child_id=family.child.id)


def test_information_sharing_consent_is_recorded_with_date_and_by_whom(fresh_store, family):
    assert fresh_store.consents.current(family.child.id) is None
    fresh_store.consents.decide(
        ConsentDecision(
            family.child.id, SharingConsent.GIVEN, date(2026, 9, 2), "Zofía Wójcik-Hale"
        )
    )
    fresh_store.consents.decide(
        ConsentDecision(
            family.child.id,
            SharingConsent.NOT_NEEDED_SAFEGUARDING,
            date(2026, 11, 4),
            "Anwen Treharne",
            note="Asking would put the child at risk.",
        )
    )
    current = fresh_store.consents.current(family.child.id)
    assert current.status is SharingConsent.NOT_NEEDED_SAFEGUARDING
    assert current.recorded_by == family.worker.id
    assert current.sentence() == (
        "Consent not sought: sharing without it because of a safeguarding concern "
        "by Anwen Treharne on 4 November 2026."
    )
    assert len(fresh_store.consents.for_child(family.child.id)) == 2
    with pytest.raises(RefusedWriteError, match="Say who gave or refused consent"):
        fresh_store.consents.decide(
            ConsentDecision(family.child.id, SharingConsent.REFUSED, date(2026, 11, 5), "  ")
        )


def test_business_support_do_not_record_sharing_consent(fresh_store, family):
    from recorder.domain import User
    from tests.conftest import add_user

    support = User("Branwen Ellery", Role.BUSINESS_SUPPORT)
    add_user(fresh_store, support)
    fresh_store.sign_in(support.id)
    with pytest.raises(RefusedWriteError, match="recorded by a social worker or team manager"):
        fresh_store.consents.decide(
            ConsentDecision(family.child.id, SharingConsent.GIVEN, date(2026, 9, 2), "Zofía")
        )


def test_dictation_is_removed_once_the_retention_time_after_finishing_is_up(fresh_store, family):
    values = {"visit_date": "2026-11-02", "analysis": "Settled.", "dictation": "dad hit mum"}
    kept = Record(family.case.id, "home_visit", 1, family.worker.id, values=dict(values))
    old = Record(family.case.id, "home_visit", 1, family.worker.id, values=dict(values))
    draft = Record(family.case.id, "home_visit", 1, family.worker.id, values=dict(values))
    for record in (kept, old, draft):
        fresh_store.records.add(record)
    fresh_store.records.move(old.id, RecordStatus.FINISHED)
    fresh_store.sign_in(_manager(fresh_store).id)
    fresh_store.records.move(old.id, RecordStatus.APPROVED)  # locked, but not its dictation
    fresh_store.sign_in(family.worker.id)
    fresh_store.records.move(kept.id, RecordStatus.FINISHED)
    later = datetime.now(UTC) + timedelta(days=31)
    # Finished a moment ago: within 30 days nothing goes.
    assert not fresh_store.records.remove_old_dictation(keep_days=30).ids
    # Seen from 31 days on, both finished records lose their dictation; the draft keeps it.
    changes = fresh_store.records.remove_old_dictation(keep_days=30, now=later)
    assert set(changes.ids) == {old.id, kept.id}
    for record_id in (old.id, kept.id):
        record = fresh_store.records.get(record_id)
        assert record.dictation is None and record.values["analysis"] == "Settled."
        assert "dictation" not in record.values
        assert record.dictation_removed_at is not None
        removal = [c for c in fresh_store.history(record_id) if c.field == "dictation"]
        assert removal[-1].new_value is None and removal[-1].user_id == family.worker.id
    assert fresh_store.records.get(old.id).status is RecordStatus.APPROVED
    assert fresh_store.records.get(draft.id).dictation == "dad hit mum"
    with pytest.raises(engine.IntegrityError, match="approved and locked"):
        fresh_store.db.execute(
            "UPDATE records SET values_json = json_set(values_json, '$.analysis', 'x') "
            "WHERE id = ?",
            [old.id],
        )
    assert fresh_store.audit_findings.problems == []
