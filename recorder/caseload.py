"""A worker's caseload with each child's next statutory visit worked out.

Kept apart from the store (which only reads rows) and the window (which only
shows them), so the due-date rules are tested without either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recorder.domain.dates import WorkingCalendar
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
