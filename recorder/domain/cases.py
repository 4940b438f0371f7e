"""A child's open involvement with children's services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from recorder.domain.ids import new_id


class CaseType(StrEnum):
    EARLY_HELP = "early_help"
    CHILD_IN_NEED = "child_in_need"
    CHILD_PROTECTION = "child_protection"
    CHILD_IN_CARE = "child_in_care"

    @property
    def label(self) -> str:
        return {
            CaseType.EARLY_HELP: "Early help",
            CaseType.CHILD_IN_NEED: "Child in need",
            CaseType.CHILD_PROTECTION: "Child protection plan",
            CaseType.CHILD_IN_CARE: "Child in care",
        }[self]


@dataclass(frozen=True)
class Case:
    """One child, one case type, one allocated worker.

    The council's visit rhythm is not stored here: it follows the case type and
    lives in a data file a council can change; only a plan's own rhythm is.
    """

    child_id: str
    case_type: CaseType
    worker_id: str | None
    start_date: date
    end_date: date | None = None
    reference: str = ""
    plan_visit_every_working_days: int | None = None
    """A visiting frequency the child's plan sets; it can only bring visits forward."""
    closure_reason: str = ""
    id: str = field(default_factory=new_id)

    @property
    def is_open(self) -> bool:
        return self.end_date is None
