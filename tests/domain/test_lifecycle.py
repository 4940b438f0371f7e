"""Who may move a record on: every pair of states, for every role."""

from __future__ import annotations

import itertools

import pytest

from recorder.domain.lifecycle import LOCKED, edit_problem, step_problem, steps_for
from recorder.domain.records import RecordStatus as S
from recorder.domain.users import Role as R

ALLOWED = {
    (R.SOCIAL_WORKER, S.DRAFT, S.WITH_BUSINESS_SUPPORT),
    (R.SOCIAL_WORKER, S.DRAFT, S.FINISHED),
    (R.BUSINESS_SUPPORT, S.WITH_BUSINESS_SUPPORT, S.FINISHED),
    (R.BUSINESS_SUPPORT, S.WITH_BUSINESS_SUPPORT, S.DRAFT),
    (R.SOCIAL_WORKER, S.WITH_BUSINESS_SUPPORT, S.DRAFT),  # take back, until opened (store)
    (R.TEAM_MANAGER, S.FINISHED, S.APPROVED),
    (R.TEAM_MANAGER, S.FINISHED, S.DRAFT),
}
RETURNS = {(S.WITH_BUSINESS_SUPPORT, S.DRAFT), (S.FINISHED, S.DRAFT)}


@pytest.mark.parametrize(
    ("role", "source", "target"),
    [(r, s, t) for r, s, t in itertools.product(R, S, S) if s is not t],
)
def test_every_move_is_allowed_or_refused_in_words(role, source, target):
    problem = step_problem(role, source, target, reason="The analysis needs the school's view.")
    if (role, source, target) in ALLOWED:
        assert problem is None
    else:
        assert problem, (role, source, target)
        assert problem.endswith(".") and "_" not in problem


def test_an_approved_record_is_locked_for_everyone():
    for role, target in itertools.product(R, S):
        assert step_problem(role, S.APPROVED, target) == LOCKED
        assert edit_problem(role, S.APPROVED) == LOCKED


@pytest.mark.parametrize(("source", "target"), sorted(RETURNS))
def test_sending_a_record_back_needs_a_reason(source, target):
    role = next(
        r for r, s, t in ALLOWED if (s, t) == (source, target) and r is not R.SOCIAL_WORKER
    )
    assert "Say why" in step_problem(role, source, target, reason="  ")


def test_the_sender_takes_a_record_back_without_a_reason():
    assert step_problem(R.SOCIAL_WORKER, S.WITH_BUSINESS_SUPPORT, S.DRAFT) is None


def test_the_refusal_says_who_can():
    problem = step_problem(R.BUSINESS_SUPPORT, S.FINISHED, S.APPROVED)
    assert problem == (
        "Business support cannot make a record that is finished approved: a team manager can."
    )
    problem = step_problem(R.SOCIAL_WORKER, S.DRAFT, S.APPROVED)
    assert problem == "A record that is a draft cannot be made approved."


def test_each_role_is_offered_only_its_own_next_steps():
    offered = {
        (role, status): [(s.target, s.label) for s in steps_for(role, status)]
        for role in R
        for status in S
    }
    assert offered[R.SOCIAL_WORKER, S.DRAFT] == [
        (S.WITH_BUSINESS_SUPPORT, "Send to business support"),
        (S.FINISHED, "Mark finished"),
    ]
    assert offered[R.BUSINESS_SUPPORT, S.WITH_BUSINESS_SUPPORT] == [
        (S.FINISHED, "Mark finished"),
        (S.DRAFT, "Return to the social worker"),
    ]
    assert offered[R.TEAM_MANAGER, S.FINISHED] == [
        (S.APPROVED, "Approve"),
        (S.DRAFT, "Return to the social worker"),
    ]
    assert offered[R.BUSINESS_SUPPORT, S.DRAFT] == []
    assert all(offered[role, S.APPROVED] == [] for role in R)


def test_who_may_change_a_record_in_each_state():
    can = {(r, s) for r in R for s in S if edit_problem(r, s) is None}
    assert can == {
        (R.SOCIAL_WORKER, S.DRAFT),
        (R.TEAM_MANAGER, S.DRAFT),
        (R.BUSINESS_SUPPORT, S.WITH_BUSINESS_SUPPORT),
        (R.TEAM_MANAGER, S.FINISHED),
    }
    assert edit_problem(R.SOCIAL_WORKER, S.WITH_BUSINESS_SUPPORT) == (
        "A record that is with business support is changed by business support, "
        "not a social worker."
    )
