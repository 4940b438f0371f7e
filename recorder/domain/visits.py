"""A council's visiting standard for a case type, such as every 10 working days."""

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
