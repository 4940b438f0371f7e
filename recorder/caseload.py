"""A worker's caseload with each child's next statutory visit worked out.

Kept apart from the store (which only reads rows) and the window (which only
shows them), so the due-date rules are tested without either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recorder.domain.dates import WorkingCalendar
from recorder.domain.records import RecordStatus
from recorder.domain.users import Role, User
from recorder.domain.visits import next_visit_due
from recorder.reference.visit_rhythms import VisitSettings
from recorder.store.views import CaseloadRow


@dataclass(frozen=True)
class CaseloadEntry:
    row: CaseloadRow
    next_due: date | None
    today: date

    @property
    def overdue_days(self) -> int:
        """Calendar days past the due date; 0 when not overdue or no rhythm."""
        if self.next_due is None or self.next_due >= self.today:
            return 0
        return (self.today - self.next_due).days

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def caseload_entries(
    rows: list[CaseloadRow], *, visits: VisitSettings, calendar: WorkingCalendar, today: date
) -> list[CaseloadEntry]:
    return [
        CaseloadEntry(
            row=row,
            next_due=next_visit_due(
                visits.rhythm_for(row.case.case_type),
                last_visit=row.last_visit,
                case_start=row.case.start_date,
                calendar=calendar,
            ),
            today=today,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class TeamRow:
    """One worker's load, as a team manager reads it."""

    worker_id: str
    worker_name: str
    cases: int
    visits_overdue: int
    waiting_for_approval: int
    with_business_support: int


def team_summary(
    users: list[User],
    entries: list[CaseloadEntry],
    counts: dict[str, dict[RecordStatus, int]],
) -> list[TeamRow]:
    """Each social worker (and anyone else holding cases), by name.

    :param entries: the whole team's open caseload with due dates worked out
    :param counts: records per state by allocated worker (``Views.record_counts_by_worker``)
    """
    holding = {e.row.case.worker_id for e in entries}
    rows = []
    for user in users:
        if user.role is not Role.SOCIAL_WORKER and user.id not in holding:
            continue
        own = [e for e in entries if e.row.case.worker_id == user.id]
        mine = counts.get(user.id, {})
        rows.append(
            TeamRow(
                worker_id=user.id,
                worker_name=user.name,
                cases=len(own),
                visits_overdue=sum(1 for e in own if e.overdue),
                waiting_for_approval=mine.get(RecordStatus.FINISHED, 0),
                with_business_support=mine.get(RecordStatus.WITH_BUSINESS_SUPPORT, 0),
            )
        )
    return sorted(rows, key=lambda r: r.worker_name)
