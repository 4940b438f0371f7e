"""A social worker takes back a record they sent, until business support open it."""

from __future__ import annotations

import pytest

from recorder.domain import Record, RecordStatus, Role, User
from recorder.store import RefusedWriteError
from tests.conftest import add_user

WITH_BS = RecordStatus.WITH_BUSINESS_SUPPORT


@pytest.fixture
def sent(fresh_store, family):
    record = Record(family.case.id, "home_visit", 1, family.worker.id,
                    values={"visit_date": "2026-11-17"})  # fmt: skip
    fresh_store.records.add(record)
    fresh_store.records.move(record.id, WITH_BS)
    return record


@pytest.fixture
def support(fresh_store):
    user = User("Priya Venkataraman-Hughes", Role.BUSINESS_SUPPORT)
    add_user(fresh_store, user)
    return user


def test_the_sender_takes_a_record_back_before_business_support_open_it(fresh_store, sent):
    fresh_store.records.move(sent.id, RecordStatus.DRAFT)
    assert fresh_store.records.get(sent.id).status is RecordStatus.DRAFT
    last = fresh_store.handoffs.for_record(sent.id)[-1]
    assert (last.from_status, last.to_status, last.reason) == (WITH_BS, RecordStatus.DRAFT, "")


def test_once_business_support_open_it_it_can_no_longer_be_taken_back(
    fresh_store, family, sent, support
):
    fresh_store.sign_in(support.id)
    fresh_store.records.pick_up(sent.id)
    opened = fresh_store.records.get(sent.id)
    assert opened.picked_up_by == support.id and opened.picked_up_at is not None
    fresh_store.records.pick_up(sent.id)  # a second opening changes nothing
    assert fresh_store.records.get(sent.id).picked_up_at == opened.picked_up_at
    fresh_store.sign_in(family.worker.id)
    with pytest.raises(RefusedWriteError, match="Priya Venkataraman-Hughes .* opened this record"):
        fresh_store.records.move(sent.id, RecordStatus.DRAFT)
    assert fresh_store.records.get(sent.id).status is WITH_BS


def test_a_resent_record_can_be_taken_back_again(fresh_store, family, sent, support):
    fresh_store.sign_in(support.id)
    fresh_store.records.pick_up(sent.id)
    fresh_store.records.move(sent.id, RecordStatus.DRAFT, reason="Add who was present.")
    fresh_store.sign_in(family.worker.id)
    fresh_store.records.move(sent.id, WITH_BS)
    assert fresh_store.records.get(sent.id).picked_up_at is None
    fresh_store.records.move(sent.id, RecordStatus.DRAFT)


def test_only_the_sender_can_take_it_back(fresh_store, sent):
    colleague = User("Osian Prydderch", Role.SOCIAL_WORKER)
    add_user(fresh_store, colleague)
    fresh_store.sign_in(colleague.id)
    with pytest.raises(RefusedWriteError, match="Only the social worker who sent this record"):
        fresh_store.records.move(sent.id, RecordStatus.DRAFT)


def test_a_social_worker_opening_it_does_not_count_as_business_support(fresh_store, sent):
    fresh_store.records.pick_up(sent.id)
    assert fresh_store.records.get(sent.id).picked_up_at is None
