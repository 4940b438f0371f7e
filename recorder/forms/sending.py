"""What a social worker must put right before a record goes to business support.

Two kinds of problem. Some stop the send: a value that cannot be true (a
date that does not exist, a visit marked completed where the child was not
seen), because business support cannot know what was meant. Others are
gaps the worker owns (required fields business support may not fill, why a
child was not seen alone): the worker is shown them and may still send.

What cannot be true stops finishing too (``business_support.what_is_missing``); the
gaps are the worker's to fill and are shown to them when they send.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from recorder.domain.forms import FieldType, FormSpec
from recorder.domain.visit_clock import VisitOutcome
from recorder.forms.checks import field_problem, is_empty

_NOT_SEEN = (VisitOutcome.NO_ACCESS.value, VisitOutcome.CHILD_NOT_SEEN.value)


@dataclass(frozen=True)
class SendCheck:
    must_fix: list[str] = field(default_factory=list)
    """What stops the record being sent, in words the worker can act on."""
    gaps: list[str] = field(default_factory=list)
    """What the worker should fill in; they may send without it once told."""

    @property
    def clear(self) -> bool:
        return not self.must_fix and not self.gaps


def visit_contradictions(form: FormSpec, values: dict[str, Any]) -> list[str]:
    """Answers on a visit form that cannot all be true."""
    if not form.counts_as_visit:
        return []
    outcome, seen = values.get("visit_outcome"), values.get("child_seen")
    found = []
    if outcome == VisitOutcome.COMPLETED.value and seen is False:
        found.append(
            "The visit is marked completed but the child was not seen: choose "
            "“Child not seen” as the outcome, or correct “Was the child seen?”."
        )
    if outcome in _NOT_SEEN and seen is True:
        found.append(
            f"The outcome is “{outcome}” but “Was the child seen?” says Yes: correct one of them."
        )
    return found


def visit_gaps(form: FormSpec, values: dict[str, Any]) -> list[str]:
    """What a visit record still owes about seeing the children (regulation 29)."""
    if not form.counts_as_visit:
        return []
    gaps = []
    fields = {spec.id: spec for spec in form.fields}
    if "visit_outcome" in fields and is_empty(values.get("visit_outcome")):
        gaps.append(f"Not filled in: {fields['visit_outcome'].label}")
    if (
        "not_seen_alone_reason" in fields
        and values.get("child_seen") is True
        and values.get("child_seen_alone") is False
        and is_empty(values.get("not_seen_alone_reason"))
    ):
        gaps.append(
            f"Say why the child was not seen alone ({fields['not_seen_alone_reason'].label})"
        )
    table = fields.get("children_seen")
    rows = values.get("children_seen")
    if table is not None and isinstance(rows, list):
        for number, row in enumerate(rows, 1):
            if not isinstance(row, dict):
                continue
            if (
                row.get("seen") is True
                and row.get("seen_alone") is False
                and is_empty(row.get("not_alone_reason"))
            ):
                gaps.append(f"{table.label}, row {number}: say why they were not seen alone")
            if row.get("child") and row.get("seen") is None:
                gaps.append(f"{table.label}, row {number}: say whether they were seen")
    return gaps


def send_check(form: FormSpec, values: dict[str, Any], *, today: date) -> SendCheck:
    """What must be put right, and what is missing, before sending to business support."""
    must_fix = []
    gaps = []
    for spec in form.fields:
        value = values.get(spec.id)
        if is_empty(value):
            if spec.required and not spec.admin:
                gaps.append(f"Not filled in: {spec.label}")
            continue
        problem = field_problem(spec, value, today=today)
        if problem is None:
            continue
        if spec.type in (FieldType.DATE, FieldType.TIME, FieldType.TABLE) or "not_future" in (
            spec.validate
        ):
            must_fix.append(f"{spec.label}: {problem}")
        elif not spec.admin:
            gaps.append(f"{spec.label}: {problem}")
    must_fix += visit_contradictions(form, values)
    gaps += visit_gaps(form, values)
    return SendCheck(must_fix=must_fix, gaps=gaps)
