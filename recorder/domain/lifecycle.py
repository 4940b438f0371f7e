"""Who may move a record from one state to the next, and why not when they may not.

A record goes draft -> with business support -> finished -> approved. A social
worker sends it to business support (or finishes it themselves); business
support finish it or hand it back; a team manager approves it or hands it
back. Handing back always needs a reason. An approved record is locked: a
correction is an amendment, a new version linked to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from recorder.domain.ids import new_id, utc_now
from recorder.domain.records import RecordStatus
from recorder.domain.users import Role

_DRAFT = RecordStatus.DRAFT
_WITH_BS = RecordStatus.WITH_BUSINESS_SUPPORT
_FINISHED = RecordStatus.FINISHED
_APPROVED = RecordStatus.APPROVED

LOCKED = "This record is approved and locked. A correction is made as an amendment."


@dataclass(frozen=True)
class Step:
    source: RecordStatus
    target: RecordStatus
    role: Role
    label: str
    """The words on the button."""
    needs_reason: bool = False


STEPS: tuple[Step, ...] = (
    Step(_DRAFT, _WITH_BS, Role.SOCIAL_WORKER, "Send to business support"),
    Step(_DRAFT, _FINISHED, Role.SOCIAL_WORKER, "Mark finished"),
    Step(_WITH_BS, _FINISHED, Role.BUSINESS_SUPPORT, "Mark finished"),
    Step(_WITH_BS, _DRAFT, Role.BUSINESS_SUPPORT, "Return to the social worker", True),
    # Until business support open it, the sender may take a record back to change it.
    Step(_WITH_BS, _DRAFT, Role.SOCIAL_WORKER, "Take back"),
    Step(_FINISHED, _APPROVED, Role.TEAM_MANAGER, "Approve"),
    Step(_FINISHED, _DRAFT, Role.TEAM_MANAGER, "Return to the social worker", True),
)

# Who may change a record's fields in each state (business support: admin fields only,
# the rest as suggestions; see ``forms/business_support.py``).
EDITORS: dict[RecordStatus, frozenset[Role]] = {
    _DRAFT: frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
    _WITH_BS: frozenset({Role.BUSINESS_SUPPORT}),
    _FINISHED: frozenset({Role.TEAM_MANAGER}),
    _APPROVED: frozenset(),
}


@dataclass(frozen=True)
class Handoff:
    """One move of a record from one state to another: by whom, when, and why."""

    record_id: str
    from_status: RecordStatus
    to_status: RecordStatus
    user_id: str | None
    reason: str = ""
    at: datetime = field(default_factory=utc_now)
    id: str = field(default_factory=new_id)


def steps_for(role: Role, status: RecordStatus) -> list[Step]:
    """What this role may do next with a record in this state."""
    return [s for s in STEPS if s.source is status and s.role is role]


def step_problem(
    role: Role, status: RecordStatus, target: RecordStatus, reason: str = ""
) -> str | None:
    """Why ``role`` may not move a record from ``status`` to ``target``; None if they may."""
    if status is _APPROVED:
        return LOCKED
    matching = [s for s in STEPS if s.source is status and s.target is target]
    if not matching:
        return f"A record that is {_state(status)} cannot be made {_state(target)}."
    step = next((s for s in matching if s.role is role), None)
    if step is None:
        allowed = " or ".join(_role_words(s.role) for s in matching)
        return (
            f"{_role_words(role).capitalize()} cannot make a record that is {_state(status)} "
            f"{_state(target)}: {allowed} can."
        )
    if step.needs_reason and not reason.strip():
        return "Say why the record is going back, so the social worker knows what to do."
    return None


def edit_problem(role: Role, status: RecordStatus) -> str | None:
    """Why ``role`` may not change a record's fields in this state; None if they may."""
    if status is _APPROVED:
        return LOCKED
    if role in EDITORS[status]:
        return None
    editors = " or ".join(_role_words(r) for r in sorted(EDITORS[status]))
    return f"A record that is {_state(status)} is changed by {editors}, not {_role_words(role)}."


def _state(status: RecordStatus) -> str:
    return {
        _DRAFT: "a draft",
        _WITH_BS: "with business support",
        _FINISHED: "finished",
        _APPROVED: "approved",
    }[status]


def _role_words(role: Role) -> str:
    return {
        Role.SOCIAL_WORKER: "a social worker",
        Role.BUSINESS_SUPPORT: "business support",
        Role.TEAM_MANAGER: "a team manager",
    }[role]


def ownership_problem(
    user_id: str,
    role: Role,
    user_team: str,
    status: RecordStatus,
    *,
    author_id: str | None,
    allocated_worker_id: str | None,
    record_team: str,
) -> str | None:
    """Why this user may not touch this particular record, beyond what their role allows.

    A social worker changes or sends only drafts of cases allocated to them, or that
    they wrote; a team manager changes, returns and approves only their own team's
    records (a record belongs to the team of the worker its case is allocated to).
    """
    if role is Role.SOCIAL_WORKER and status is _DRAFT:
        if user_id not in (author_id, allocated_worker_id):
            return (
                "A draft is changed by the social worker the case is allocated to or who "
                "wrote it, or by a team manager; this one is a colleague's."
            )
    if role is Role.TEAM_MANAGER and record_team and record_team != user_team:
        return (
            f"This record belongs to {record_team}: a team manager of that team changes "
            "and approves it."
        )
    return None
