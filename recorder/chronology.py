"""A child's chronology read from the store and worked out, for the screen and for Word.

The rules live in :mod:`recorder.domain.chronology`; the store reads the facts
(:meth:`recorder.store.chronology.ChronologyEntries.facts`). This module only
joins the two with what a heading needs (the child, their current case and
home), so the tab and the document show the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from recorder.domain.cases import Case
from recorder.domain.chronology import ChronologyEvent, build_chronology
from recorder.domain.people import Person

if TYPE_CHECKING:
    from recorder.store.store import Store


@dataclass(frozen=True)
class ChildChronology:
    child: Person
    events: list[ChronologyEvent]
    case: Case | None
    """The open case, or the latest one."""
    worker_name: str
    address: str


def child_chronology(
    store: Store, child_id: str, *, visit_forms: list[str], form_titles: dict[str, str], on: date
) -> ChildChronology:
    """Everything significant in one child's life with us, oldest first."""
    facts = store.chronology.facts(child_id, visit_forms=visit_forms, form_titles=form_titles)
    child = store.people.get(child_id)
    cases = store.cases.for_child(child_id)
    case = next((c for c in cases if c.is_open), cases[0] if cases else None)
    homes = store.households.current_for(child_id, on=on)
    return ChildChronology(
        child=child,
        events=build_chronology(facts),
        case=case,
        worker_name=facts.names.get(case.worker_id or "", "") if case else "",
        address=homes[0].address if homes else "",
    )
