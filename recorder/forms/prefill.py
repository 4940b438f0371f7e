"""Filling a new form from what is already known, with the source of every value.

Each filled value is a :class:`Suggestion`: it says where it came from (the
family record, an earlier visit and its date, a calculation) and stays a
suggestion until the user accepts it. Nothing here writes to the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from recorder.domain.forms import FormSpec
from recorder.domain.records import RecordStatus
from recorder.domain.visit_clock import ClockCase, VisitFact, visit_clock, visit_fact
from recorder.forms.bindings import resolve
from recorder.reference import ReferenceData
from recorder.store.views import CaseFacts


@dataclass(frozen=True)
class Suggestion:
    field_id: str
    value: Any
    source: str
    """Where it came from, in words: "Family record", "Home visit of 03/11/2026 by A. Khan"."""
    binding: str
    record_id: str | None = None

    def provenance(self, *, accepted: bool = False) -> dict[str, Any]:
        """What a saved record keeps about this value, so a reader can check it later."""
        entry = {
            "source": self.source,
            "binding": self.binding,
            "suggested": self.value,
            "accepted": accepted,
        }
        if self.record_id:
            entry["record_id"] = self.record_id
        return entry


def next_visit_due(
    form: FormSpec,
    facts: CaseFacts,
    *,
    reference: ReferenceData,
    visit_forms: set[str],
    today: date,
) -> date | None:
    """When the case's next statutory visit falls due, by the same clock as the caseload.

    A visit form records a visit happening today, so it is counted as one: the
    date it offers is the one after this visit.
    """
    visits = [
        fact
        for past in facts.past_records
        if past.record.case_id == facts.case.id
        and past.record.form_id in visit_forms
        and (fact := visit_fact(past.record)) is not None
    ]
    on = today
    if form.counts_as_visit:
        visits.append(VisitFact(today, RecordStatus.FINISHED, True))
    case = facts.case
    clock = visit_clock(
        ClockCase(
            case_type=case.case_type,
            start=case.start_date,
            placements=facts.placements,
            plan_every_working_days=case.plan_visit_every_working_days,
            visits=visits,
        ),
        on=on,
        local=reference.visits.rhythm_for(case.case_type),
        calendar=reference.calendar,
    )
    return clock.next_due


def prefill(
    form: FormSpec,
    facts: CaseFacts,
    *,
    reference: ReferenceData,
    form_titles: dict[str, str],
    visit_forms: set[str],
    today: date,
    now: datetime | None = None,
) -> dict[str, Suggestion]:
    """A suggestion for every bound field of ``form`` that has a known value.

    :param form_titles: form id to title, to name earlier records in sources
    :param visit_forms: ids of forms whose records count as statutory visits
    """
    now = now or datetime.now()
    due = next_visit_due(form, facts, reference=reference, visit_forms=visit_forms, today=today)
    suggestions = {}
    for spec in form.fields:
        if not spec.bind:
            continue
        found = resolve(
            spec.bind,
            spec.type,
            facts,
            today=today,
            now=now,
            next_visit_due=due,
            form_titles=form_titles,
        )
        if found is not None:
            suggestions[spec.id] = Suggestion(
                spec.id, found.value, found.source, spec.bind, found.record_id
            )
    return suggestions
