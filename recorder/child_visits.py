"""One child's statutory visits as the child view shows them: placements and each case's clock.

The clock comes from ``recorder.caseload.caseload_entries``, the code the
caseload itself runs, so the rule the child view states and the date the
caseload shows cannot disagree. Reads only, on the task runner's thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from recorder.caseload import CaseloadEntry, caseload_entries
from recorder.domain.cases import CaseType
from recorder.domain.dates import uk_date
from recorder.domain.placements import Placement, current_placement
from recorder.domain.visit_clock import visit_fact
from recorder.reference import ReferenceData
from recorder.store.views import CaseloadRow

if TYPE_CHECKING:
    from recorder.store import Store

STATUTORY = frozenset({CaseType.CHILD_IN_NEED, CaseType.CHILD_PROTECTION, CaseType.CHILD_IN_CARE})
"""Case types with statutory visits, whose plan can set its own visiting frequency."""


@dataclass(frozen=True)
class ChildVisits:
    child_id: str
    placements: list[Placement]
    """Every placement, earliest first."""
    entries: list[CaseloadEntry]
    """The child's open cases with statutory visits, each with its clock, as the caseload has it."""
    today: date

    @property
    def current(self) -> Placement | None:
        return current_placement(self.placements, self.today)

    @property
    def in_care(self) -> bool:
        return any(e.row.case.case_type is CaseType.CHILD_IN_CARE for e in self.entries) or bool(
            self.placements
        )


def child_visits(
    store: Store,
    child_id: str,
    *,
    visit_forms: list[str],
    reference: ReferenceData,
    today: date,
) -> ChildVisits:
    """Read a child's placements, open cases and visit records, and work out each clock.

    :param visit_forms: ids of forms whose records are visits
    """
    child = store.people.get(child_id)
    placements = store.placements.for_child(child_id)
    cases = [c for c in store.cases.for_child(child_id) if c.is_open and c.case_type in STATUTORY]
    summaries = [
        s
        for s in store.views.records_for_child(child_id)
        if s.form_id in visit_forms and s.case_id in {c.id for c in cases}
    ]
    records = store.records.many([s.id for s in summaries])
    users = {u.id: u.name for u in store.users.all()}
    rows = []
    for case in cases:
        facts = [
            fact
            for r in records.values()
            if r.case_id == case.id and (fact := visit_fact(r)) is not None
        ]
        rows.append(
            CaseloadRow(
                case=case,
                child=child,
                worker_name=users.get(case.worker_id or "", ""),
                visits=facts,
                placements=placements if case.case_type is CaseType.CHILD_IN_CARE else [],
            )
        )
    entries = caseload_entries(
        rows, visits=reference.visits, calendar=reference.calendar, today=today
    )
    return ChildVisits(child_id, placements, entries, today)


@dataclass(frozen=True)
class ClockLine:
    label: str
    text: str
    warning: bool = False


def clock_lines(entry: CaseloadEntry) -> list[ClockLine]:
    """A case's visit clock as the child view states it: when the next visit is due, the
    rule now in force, the last visit that counts, any visit still in draft, and the
    plan's own frequency."""
    clock, case = entry.clock, entry.row.case
    if clock.problem:
        return [ClockLine("Next visit due", clock.problem, warning=True)]
    lines = []
    if clock.next_due is None:
        lines.append(ClockLine("Next visit due", "No statutory visit is owed"))
    elif entry.overdue:
        days = entry.overdue_days
        lines.append(
            ClockLine(
                "Next visit due",
                f"{uk_date(clock.next_due)}: overdue by {days} day{'s' if days != 1 else ''}",
                warning=True,
            )
        )
    else:
        today = " (today)" if clock.next_due == entry.today else ""
        lines.append(ClockLine("Next visit due", uk_date(clock.next_due) + today))
    rule = clock.rule or "None"
    lines.append(ClockLine("Rule in force", rule[:1].upper() + rule[1:]))
    lines.append(ClockLine("Last visit that counts", uk_date(clock.last_visit, missing="None yet")))
    if clock.not_sent:
        lines.append(
            ClockLine(
                "Not yet sent",
                f"The visit on {uk_date(clock.not_sent)} is still a draft: it counts once "
                "it is sent and says the child was seen.",
            )
        )
    every = case.plan_visit_every_working_days
    lines.append(
        ClockLine(
            "The plan's own frequency",
            f"Every {every} working day{'s' if every != 1 else ''}" if every else "None set",
        )
    )
    return lines
