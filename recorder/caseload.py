"""A caseload with each child's statutory visit clock, and a team's load, worked out.

Kept apart from the store (which only reads rows) and the window (which only
shows them), so the rules are tested without either. The clock itself is
``recorder.domain.visit_clock``: this module only feeds it each case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from recorder.domain.cases import CaseType
from recorder.domain.dates import WorkingCalendar, add_months
from recorder.domain.records import RecordStatus
from recorder.domain.users import Role, User
from recorder.domain.visit_clock import (
    ClockCase,
    Timeliness,
    VisitClock,
    timeliness,
    visit_clock,
)
from recorder.reference.caseload_caps import CaseloadCaps
from recorder.reference.visit_rhythms import VisitSettings
from recorder.store.views import CaseloadRow

if TYPE_CHECKING:
    from recorder.store.store import Store

TIMELINESS_MONTHS = 3


@dataclass(frozen=True)
class CaseloadEntry:
    row: CaseloadRow
    clock: VisitClock
    today: date

    @property
    def next_due(self) -> date | None:
        return self.clock.next_due

    @property
    def last_visit(self) -> date | None:
        return self.clock.last_visit

    @property
    def overdue_days(self) -> int:
        """Calendar days past the due date; 0 when not overdue or no visit is owed."""
        return self.clock.overdue_days(self.today)

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def clock_case(row: CaseloadRow) -> ClockCase:
    case = row.case
    return ClockCase(
        case_type=case.case_type,
        start=case.start_date,
        placements=row.placements if case.case_type is CaseType.CHILD_IN_CARE else [],
        plan_every_working_days=case.plan_visit_every_working_days,
        visits=row.visits,
    )


def caseload_entries(
    rows: list[CaseloadRow], *, visits: VisitSettings, calendar: WorkingCalendar, today: date
) -> list[CaseloadEntry]:
    return [
        CaseloadEntry(
            row=row,
            clock=visit_clock(
                clock_case(row),
                on=today,
                local=visits.rhythm_for(row.case.case_type),
                calendar=calendar,
            ),
            today=today,
        )
        for row in rows
    ]


def timeliness_since(today: date) -> date:
    """The start of the period the team view reports visits in timescale over."""
    return add_months(today, -TIMELINESS_MONTHS)


def history_needed_since(today: date) -> date:
    """How far back visits must be read to replay the period: a visit in it is judged
    against the one before, which can be up to 6 months earlier (regulation 28(3A))."""
    return add_months(timeliness_since(today), -7)


@dataclass(frozen=True)
class TeamRow:
    """One worker's load, as a team manager reads it."""

    worker_id: str
    worker_name: str
    cases: int
    weighted_cases: float
    cap: float
    visits_overdue: int
    in_timescale: Timeliness | None
    """None while it is still being worked out (``read_team(timeliness=False)``)."""
    waiting_for_approval: int
    with_business_support: int

    @property
    def over_cap(self) -> bool:
        return self.weighted_cases > self.cap


COUNTED_STATES = (RecordStatus.FINISHED, RecordStatus.WITH_BUSINESS_SUPPORT)
"""The states a worker's records are counted in on the team view (approval, business support)."""


def team_summary(
    users: list[User],
    entries: list[CaseloadEntry],
    counts: dict[str, dict[RecordStatus, int]],
    *,
    caps: CaseloadCaps,
    visits: VisitSettings,
    calendar: WorkingCalendar,
    timeliness: bool = True,
) -> list[TeamRow]:
    """Each social worker (and anyone else holding cases), by name.

    :param entries: the whole team's open caseload with its clocks, read with
        ``history_since=history_needed_since(today)`` so timeliness can be replayed
    :param counts: records per state by allocated worker (``Views.record_counts_by_worker``)
    :param timeliness: False to leave visits in timescale to a second pass (None)
    """
    holding = {e.row.case.worker_id for e in entries}
    by_worker: dict[str | None, list[CaseloadEntry]] = {}
    for e in entries:
        by_worker.setdefault(e.row.case.worker_id, []).append(e)
    rows = []
    for user in users:
        if user.role is not Role.SOCIAL_WORKER and user.id not in holding:
            continue
        own = by_worker.get(user.id, [])
        mine = counts.get(user.id, {})
        rows.append(
            TeamRow(
                worker_id=user.id,
                worker_name=user.name,
                cases=len(own),
                weighted_cases=sum(caps.weight(e.row.case.case_type) for e in own),
                cap=caps.cap,
                visits_overdue=sum(1 for e in own if e.overdue),
                in_timescale=sum(
                    (entry_timeliness(e, visits=visits, calendar=calendar) for e in own),
                    Timeliness(),
                )
                if timeliness
                else None,
                waiting_for_approval=mine.get(RecordStatus.FINISHED, 0),
                with_business_support=mine.get(RecordStatus.WITH_BUSINESS_SUPPORT, 0),
            )
        )
    return sorted(rows, key=lambda r: r.worker_name)


def entry_timeliness(
    entry: CaseloadEntry, *, visits: VisitSettings, calendar: WorkingCalendar
) -> Timeliness:
    row = entry.row
    return timeliness(
        clock_case(row),
        since=timeliness_since(entry.today),
        on=entry.today,
        local=visits.rhythm_for(row.case.case_type),
        calendar=calendar,
    )


@dataclass(frozen=True)
class TeamPicture:
    """What a team manager's Team view shows, read in one go on the database thread."""

    workers: list[TeamRow]
    overdue: list[CaseloadEntry]
    """Children whose visit is overdue, the longest overdue first."""
    entries: list[CaseloadEntry]


def read_team(
    store: Store,
    *,
    visit_forms: list[str],
    visits: VisitSettings,
    calendar: WorkingCalendar,
    caps: CaseloadCaps,
    today: date,
    timeliness: bool = True,
) -> TeamPicture:
    """Every open case's clock, each worker's load, and the overdue visits.

    :param timeliness: False for a first, quicker picture whose visits in timescale
        are None: replaying every case's last months is most of the time it takes
    """
    rows = store.views.caseload(
        worker_id=None,
        visit_forms=visit_forms,
        history_since=history_needed_since(today) if timeliness else None,
        on=today,
    )
    entries = caseload_entries(rows, visits=visits, calendar=calendar, today=today)
    workers = team_summary(
        store.users.all(),
        entries,
        store.views.record_counts_by_worker(COUNTED_STATES),
        caps=caps,
        visits=visits,
        calendar=calendar,
        timeliness=timeliness,
    )
    return TeamPicture(workers=workers, overdue=overdue_oldest_first(entries), entries=entries)


def overdue_oldest_first(entries: list[CaseloadEntry]) -> list[CaseloadEntry]:
    """Children whose visit is overdue, the longest overdue first."""
    late = [e for e in entries if e.overdue]
    return sorted(late, key=lambda e: (-e.overdue_days, e.row.child.last_name))
