"""What business support may change, what a finished record still lacks, and suggestions.

Business support type up, correct references and dates, and tidy layout: the
form marks those fields ``admin = true`` and their edits are saved as they
are. A practitioner's judgement (analysis, decision, worries) stays theirs:
business support's edits there are kept as suggestions, in the record's own
``suggested`` field (never among its values), for the practitioner to accept
when the record comes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from recorder.domain.forms import FieldType, FormSpec
from recorder.domain.ids import utc_iso, utc_now
from recorder.domain.records import SUGGESTED, event_day
from recorder.forms.checks import form_problems, is_empty
from recorder.forms.sending import visit_contradictions

SUGGESTED_KEY = SUGGESTED
"""The name of a record's suggestions (``Record.suggested``) where an edit names them:
{field id: {"value", "by", "at"}}."""


@dataclass(frozen=True)
class BusinessSupportEdit:
    values: dict[str, Any]
    """The values to save: admin fields changed, professional fields as they were."""
    suggested: list[str]
    """Professional fields whose change became a suggestion, in form order."""
    suggestions: dict[str, Any] = field(default_factory=dict)
    """The record's suggestions after the edit (``Record.suggested``), never in ``values``."""


def business_support_edit(
    form: FormSpec,
    saved: dict[str, Any],
    edited: dict[str, Any],
    *,
    user_id: str,
    suggestions: dict[str, Any] | None = None,
) -> BusinessSupportEdit:
    """Split business support's edit into what is saved and what is suggested.

    :param saved: the record's values as last saved
    :param edited: the form as business support see it: their suggestions in place of
        the record's wording. A professional field put back as the record has it
        withdraws their suggestion; one still suggested as before keeps its first time.
    :param suggestions: the record's suggestions so far (``Record.suggested``)
    """
    values = {k: v for k, v in saved.items() if k != SUGGESTED_KEY}
    suggestions = dict(suggestions or saved.get(SUGGESTED_KEY) or {})
    suggested = []
    for spec in form.fields:
        before, after = saved.get(spec.id), edited.get(spec.id)
        if _same(before, after):
            if not spec.admin and spec.id in suggestions:
                del suggestions[spec.id]  # changed back: nothing left to suggest
            continue
        if spec.admin:
            values[spec.id] = after
        else:
            earlier = suggestions.get(spec.id)
            if not (isinstance(earlier, dict) and _same(earlier.get("value"), after)):
                suggestions[spec.id] = {"value": after, "by": user_id, "at": utc_iso(utc_now())}
            suggested.append(spec.id)
    for key, value in edited.items():  # working material (the dictation) is business support's too
        if form.field(key) is None and key != SUGGESTED_KEY:
            values[key] = value
    return BusinessSupportEdit(values, suggested, suggestions)


def accept_suggestion(
    values: dict[str, Any], suggestions: dict[str, Any], field_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The practitioner takes business support's wording for one field: (values, suggestions)."""
    suggestions = dict(suggestions)
    chosen = suggestions.pop(field_id, None)
    result = dict(values)
    if isinstance(chosen, dict):
        result[field_id] = chosen.get("value")
    return result, suggestions


def reject_suggestion(
    values: dict[str, Any], suggestions: dict[str, Any], field_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The practitioner keeps the record's wording: (values, suggestions without this one)."""
    suggestions = dict(suggestions)
    suggestions.pop(field_id, None)
    return dict(values), suggestions


def what_is_missing(form: FormSpec, values: dict[str, Any], *, today: date) -> list[str]:
    """What stops a record being finished, in words business support can act on."""
    missing = []
    problems = form_problems(form, values, today=today)
    # "Not in the past" is judged on the day of the visit, not today: a next visit
    # due a week after a visit last month was not a mistake when it was written.
    written = event_day(values)
    if written is not None:
        then = form_problems(form, values, today=written)
        for spec in form.fields:
            if "not_past" in spec.validate and spec.id not in then:
                problems.pop(spec.id, None)
    for spec in form.fields:
        if spec.id in problems and spec.type is not FieldType.TABLE:
            if spec.required and is_empty(values.get(spec.id)):
                missing.append(f"Not filled in: {spec.label}")
            else:
                missing.append(f"{spec.label}: {problems[spec.id]}")
    for spec in form.fields:
        if spec.voice and is_empty(values.get(spec.id)) and spec.id not in problems:
            missing.append("The child's voice is not recorded")
    for spec in form.fields:
        if spec.type is not FieldType.TABLE or not isinstance(values.get(spec.id), list):
            continue
        owner = next((c for c in spec.columns if c.type is FieldType.OWNER), None)
        when = next((c for c in spec.columns if c.type is FieldType.DATE), None)
        for number, row in enumerate(values[spec.id], 1):
            if not isinstance(row, dict) or is_empty(row):
                continue
            gaps = [c.label.lower() for c in (owner, when) if c and is_empty(row.get(c.id))]
            if gaps:
                missing.append(f"{spec.label}, row {number}: no {' and no '.join(gaps)}")
        if spec.id in problems and not any("row" in m for m in missing):
            missing.append(f"{spec.label}: {problems[spec.id]}")
    # Gaps only the worker can fill (why a child was not seen alone) are shown to them when
    # they send; what cannot be true stops finishing as well.
    missing += visit_contradictions(form, values)
    return missing


def _same(a: Any, b: Any) -> bool:
    return (is_empty(a) and is_empty(b)) or a == b
