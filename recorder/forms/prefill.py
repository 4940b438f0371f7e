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
from recorder.domain.visits import next_visit_due
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


def last_visit_date(facts: CaseFacts, visit_forms: set[str]) -> date | None:
    for past in facts.past_records:
        when = past.record.values.get("visit_date")
        if past.record.form_id in visit_forms and when:
            try:
                return date.fromisoformat(when)
            except ValueError:
                continue
    return None


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
    rhythm = reference.visits.rhythm_for(facts.case.case_type)
    # The form records a visit happening today, so the next one is due a rhythm after today.
    last = today if form.counts_as_visit else last_visit_date(facts, visit_forms)
    due = next_visit_due(
        rhythm, last_visit=last, case_start=facts.case.start_date, calendar=reference.calendar
    )
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
