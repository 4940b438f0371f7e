"""The statutory visit clock: which visits count, when the next is due, and whether it is late.

The rules are regulation 28 of the Care Planning, Placement and Case Review
(England) Regulations 2010 as amended in 2015 for children in care, and the
council's own working-day standards for child protection and child in need
plans. Their sources and the arithmetic conventions are written out in
``docs/visit-clock.md``; each rule below names its paragraph. The caseload,
the team view, a new form's "next visit due" and ``python -m recorder
visit-clock`` all call :func:`visit_clock`, so there is one reading of the law.

Nothing here reads a database or a file: the clock is given a case's facts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from recorder.domain.cases import CaseType
from recorder.domain.dates import WorkingCalendar, add_months, add_years, uk_date
from recorder.domain.placements import LegalStatus, Placement, PlacementKind, current_placement
from recorder.domain.records import Record, RecordStatus, event_day
from recorder.domain.visits import VisitRhythm

_FORM_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class VisitOutcome(StrEnum):
    """What happened when the worker went: only a completed visit can count."""

    COMPLETED = "Completed"
    NO_ACCESS = "No access"
    CHILD_NOT_SEEN = "Child not seen"


@dataclass(frozen=True)
class VisitFact:
    """What the clock needs to know of one visit record."""

    day: date
    status: RecordStatus
    child_seen: bool | None
    outcome: VisitOutcome | None = None
    record_id: str = ""

    @property
    def counts(self) -> bool:
        """Left draft, the child was seen, and the visit was not a no-access visit (reg 28, 29)."""
        return (
            self.status is not RecordStatus.DRAFT
            and self.child_seen is True
            and self.outcome in (None, VisitOutcome.COMPLETED)
        )


@dataclass(frozen=True)
class ClockCase:
    """A case as the clock sees it."""

    case_type: CaseType
    start: date
    placements: list[Placement] = field(default_factory=list)
    plan_every_working_days: int | None = None
    """A frequency set by the child's plan; it can only bring a visit forward."""
    visits: list[VisitFact] = field(default_factory=list)


@dataclass(frozen=True)
class VisitClock:
    last_visit: date | None
    """The latest visit that counts, on this case, in any placement."""
    next_due: date | None
    """The last day the next statutory visit can be made in time; None where none is owed."""
    overdue: bool
    rule: str = ""
    """Which rule set the due date, in words a team manager reads."""
    not_sent: date | None = None
    """A later visit still in draft: it does not stop the clock until it is sent."""
    problem: str = ""
    """Why no due date could be worked out, when that is so (never a guessed date)."""

    def overdue_days(self, on: date) -> int:
        if self.next_due is None or on <= self.next_due:
            return 0
        return (on - self.next_due).days


# Kinds that follow regulation 28(2) and (3A): a week, 6-weekly in the first year, then longer.
_ORDINARY = {
    PlacementKind.FOSTER,
    PlacementKind.KINSHIP_FOSTER,
    PlacementKind.RESIDENTIAL,
    PlacementKind.SUPPORTED_ACCOMMODATION,
}
# Kinds visited weekly until the first review (reg 28(3) and (4)).
_WEEKLY_UNTIL_REVIEW = {
    PlacementKind.PLACED_WITH_PARENT_PENDING_ASSESSMENT,
    PlacementKind.KINSHIP_TEMPORARY_APPROVAL,
    PlacementKind.HOME_UNDER_INTERIM_CARE_ORDER,
}


def visit_fact(record: Record) -> VisitFact | None:
    """What the clock reads of a visit record; None when it holds no real visit date.

    A real visit date is one a form stores (``2026-11-05``): text typed some other
    way ("31/02/2026", "20261105") is kept on the form and never read as a visit,
    the same reading the store keeps for the caseload (migration ``0006``).
    """
    typed = record.values.get("visit_date")
    if not (isinstance(typed, str) and _FORM_DATE.fullmatch(typed)):
        return None
    day = event_day({"visit_date": typed})
    if day is None:
        return None
    seen = record.values.get("child_seen")
    outcome = record.values.get("visit_outcome")
    try:
        outcome = VisitOutcome(outcome) if outcome else None
    except ValueError:  # an outcome this version does not know: not a completed visit
        outcome = VisitOutcome.CHILD_NOT_SEEN
    return VisitFact(
        day=day,
        status=record.status,
        child_seen=seen if isinstance(seen, bool) else None,
        outcome=outcome,
        record_id=record.id,
    )


def counting_visits(visits: Iterable[VisitFact]) -> list[VisitFact]:
    return sorted((v for v in visits if v.counts), key=lambda v: v.day)


def visit_clock(
    case: ClockCase,
    *,
    on: date,
    local: VisitRhythm | None,
    calendar: WorkingCalendar,
) -> VisitClock:
    """The clock of one case on the day ``on``.

    :param local: the council's standard for this case type (child protection every
        10 working days, say); ignored for a child in care, whom regulation 28 covers
    """
    visits = [v for v in case.visits if v.day <= on]
    counting = counting_visits(visits)
    last = counting[-1].day if counting else None
    drafts = [
        v.day for v in visits if v.status is RecordStatus.DRAFT and (last is None or v.day > last)
    ]
    not_sent = max(drafts) if drafts else None
    base = VisitClock(last_visit=last, next_due=None, overdue=False, not_sent=not_sent)
    try:
        due, rule = _next_due(case, counting, on=on, local=local, calendar=calendar)
    except ValueError as e:  # bank holidays not known that far ahead
        return replace(base, problem=f"The next visit date cannot be worked out: {e}.")
    if due is None:
        return replace(base, rule=rule)
    return replace(base, next_due=due, overdue=on > due, rule=rule)


def _due_on(
    case: ClockCase,
    counting: list[VisitFact],
    *,
    day: date,
    local: VisitRhythm | None,
    calendar: WorkingCalendar,
) -> date | None:
    """``visit_clock(case, on=day).next_due``, given the case's counting visits in order.

    The replay asks this once per event of every case on the team view; sorting and
    filtering the visits once per case rather than per event is most of its time.
    Drafts never move a due date, so they are not needed here.
    """
    upto = counting[: bisect_right(counting, day, key=lambda v: v.day)]
    try:
        return _next_due(case, upto, on=day, local=local, calendar=calendar)[0]
    except ValueError:  # bank holidays not known that far ahead: no due date, as the clock says
        return None


def _next_due(
    case: ClockCase,
    counting: list[VisitFact],
    *,
    on: date,
    local: VisitRhythm | None,
    calendar: WorkingCalendar,
) -> tuple[date | None, str]:
    last = counting[-1].day if counting else None
    since = last or case.start
    plan = case.plan_every_working_days
    if case.case_type is CaseType.EARLY_HELP:
        return None, "Early help has no statutory visits."  # R3
    if case.case_type is CaseType.CHILD_IN_CARE:
        due, rule = _child_in_care_due(case, counting, on=on)
    elif local is None:
        return None, f"No visiting standard is set for {case.case_type.label.lower()}."
    else:  # R4: the council's standard from the last visit, or from the plan's start
        due = local.due_after(since, calendar)
        rule = f"{local.describe()} ({case.case_type.label.lower()} standard)"
    if plan:  # R5: the plan can only bring the date forward
        plan_due = calendar.add_working_days(since, plan)
        if plan_due < due:
            due, rule = plan_due, f"every {plan} working days, as the child's plan sets"
    return due, rule


def _child_in_care_due(case: ClockCase, counting: list[VisitFact], *, on: date) -> tuple[date, str]:
    placement = current_placement(case.placements, on)
    if placement is None:
        # No placement recorded: the strictest interval that always applies, never a guess
        # that could be later than the law allows.
        since = counting[-1].day if counting else case.start
        return since + timedelta(weeks=6), "every 6 weeks (no placement recorded: add one)"
    in_placement = [v for v in counting if v.day >= placement.start_date]
    if not in_placement:  # R6 and R11: within a week of the placement (or care order) starting
        return (
            placement.start_date + timedelta(days=7),
            f"within a week of the placement starting on {uk_date(placement.start_date)} "
            "(regulation 28(2)(a))",
        )
    return _interval_after(placement, in_placement[-1].day)


def _interval_after(p: Placement, visit: date) -> tuple[date, str]:
    """The interval a visit opens, by the regime in force on the visit's own day (R15)."""
    if p.kind in _WEEKLY_UNTIL_REVIEW:  # R9, R10, R12
        if p.first_review is None or visit < p.first_review:
            return visit + timedelta(
                days=7
            ), "weekly until the first review (regulation 28(3), (4))"
        if (
            p.kind is PlacementKind.PLACED_WITH_PARENT_PENDING_ASSESSMENT
            and p.legal_status is not LegalStatus.INTERIM_CARE_ORDER
        ):
            return visit + timedelta(
                weeks=6
            ), "every 6 weeks after the first review (regulation 28(3))"
        return visit + timedelta(weeks=4), "every 4 weeks after the first review (regulation 28(4))"
    if p.kind is PlacementKind.HOME_UNDER_CARE_ORDER:  # R11
        return visit + timedelta(
            weeks=6
        ), "every 6 weeks at home under a care order (regulation 28(5))"
    if p.kind in _ORDINARY and visit >= add_years(p.start_date, 1):  # R8
        if p.long_term_foster and p.child_agreed_six_monthly:
            return add_months(visit, 6), (
                "every 6 months: long-term foster placement, the child agreed (regulation 28(3A))"
            )
        if p.intended_until_18:
            return add_months(visit, 3), (
                "every 3 months: placement intended to last until 18 (regulation 28(2)(c))"
            )
    return visit + timedelta(weeks=6), "every 6 weeks (regulation 28(2)(b))"  # R7


@dataclass(frozen=True)
class Timeliness:
    """Statutory visits that fell due in a period, and how many were made in time."""

    due: int = 0
    in_time: int = 0

    def __add__(self, other: Timeliness) -> Timeliness:
        return Timeliness(self.due + other.due, self.in_time + other.in_time)

    @property
    def percent(self) -> float | None:
        return 100.0 * self.in_time / self.due if self.due else None


def timeliness(
    case: ClockCase,
    *,
    since: date,
    on: date,
    local: VisitRhythm | None,
    calendar: WorkingCalendar,
) -> Timeliness:
    """How many visits fell due between ``since`` and ``on``, and how many were in time.

    The clock is replayed from event to event (each visit that counts, each new
    placement). A due date met by a visit counts on the visit's day; a due date
    that passed with no visit counts on the due date; a due date overtaken by a new
    placement before it arrived is replaced by the new placement's own.
    """
    counting = counting_visits(case.visits)
    events = sorted(
        {v.day for v in counting if case.start < v.day <= on}
        | {p.start_date for p in case.placements if case.start < p.start_date <= on}
        | {case.start}
    )
    visit_days = {v.day for v in counting}
    result = Timeliness()
    for i, day in enumerate(events):
        following = events[i + 1] if i + 1 < len(events) else None
        if following is not None and following < since:
            continue
        due = _due_on(case, counting, day=day, local=local, calendar=calendar)
        if due is None:
            continue
        if following is not None and following in visit_days and following <= due:
            if following >= since:
                result += Timeliness(1, 1)
        elif (following is None or due < following) and due < on:
            if since <= due:
                result += Timeliness(1, 0)
    return result
