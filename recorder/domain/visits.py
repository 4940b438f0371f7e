"""When a child must next be seen, from the case type's statutory rhythm."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from recorder.domain.dates import WorkingCalendar


class RhythmUnit(StrEnum):
    WORKING_DAYS = "working days"
    DAYS = "days"
    WEEKS = "weeks"


@dataclass(frozen=True)
class VisitRhythm:
    """How often a case type must be visited, e.g. every 10 working days."""

    every: int
    unit: RhythmUnit

    def describe(self) -> str:
        return f"every {self.every} {self.unit.value}"

    def due_after(self, last: date, calendar: WorkingCalendar) -> date:
        if self.unit is RhythmUnit.WORKING_DAYS:
            return calendar.add_working_days(last, self.every)
        if self.unit is RhythmUnit.WEEKS:
            return last + timedelta(weeks=self.every)
        return last + timedelta(days=self.every)


def next_visit_due(
    rhythm: VisitRhythm | None,
    *,
    last_visit: date | None,
    case_start: date,
    calendar: WorkingCalendar,
) -> date | None:
    """The next statutory visit date; the clock starts at the case start if no visit yet.

    ``None`` where the case type has no statutory rhythm (early help, say).
    """
    if rhythm is None:
        return None
    return rhythm.due_after(last_visit or case_start, calendar)
