"""Bindings: the names a form uses for facts already known, and how each is found.

``child.nhs_number`` reads the child's NHS number from the family record;
``previous.worries`` carries forward the latest earlier answer. Facts that
belong to the family record (the child's details, the home) can also be
written back when a form changes them; the rest are suggestions only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from recorder.domain.dates import age_in_years, uk_date
from recorder.domain.forms import FieldType, form_title
from recorder.domain.records import RecordStatus
from recorder.reference.datafile import DataFileError, read_toml
from recorder.resources import resource
from recorder.store.views import CaseFacts

FAMILY_RECORD = "Family record"

CHILD_FIELDS = {
    "full_name": FieldType.TEXT,
    "first_name": FieldType.TEXT,
    "last_name": FieldType.TEXT,
    "known_as": FieldType.TEXT,
    "date_of_birth": FieldType.DATE,
    "gender": FieldType.TEXT,
    "ethnicity": FieldType.TEXT,
    "first_language": FieldType.TEXT,
    "interpreter_needed": FieldType.YES_NO,
    "religion": FieldType.TEXT,
    "nhs_number": FieldType.TEXT,
    "phone": FieldType.TEXT,
    "email": FieldType.TEXT,
}
_TEXTUAL = {FieldType.TEXT, FieldType.LONG_TEXT}

# binding -> field types it can fill
FIXED: dict[str, set[FieldType]] = {
    **{
        f"child.{name}": {kind} | ({FieldType.LONG_TEXT} if kind is FieldType.TEXT else set())
        for name, kind in CHILD_FIELDS.items()
    },
    "household.address": {FieldType.ADDRESS} | _TEXTUAL,
    "household.phone": _TEXTUAL,
    "household.members": {FieldType.PEOPLE},
    "household.present": {FieldType.PEOPLE},
    "household.adults": {FieldType.PEOPLE},
    "household.other_children": {FieldType.TABLE},
    "family.parents": {FieldType.PEOPLE},
    "school.name": _TEXTUAL,
    "case.worker": _TEXTUAL,
    "case.type": _TEXTUAL,
    "case.reference": _TEXTUAL,
    "case.start_date": {FieldType.DATE},
    "case.next_visit_due": {FieldType.DATE},
    "today": {FieldType.DATE},
    "now": {FieldType.TIME},
}
WRITABLE = {f"child.{n}" for n in CHILD_FIELDS if n != "full_name"} | {
    "household.address",
    "household.phone",
    "household.members",
}
_PREVIOUS = re.compile(r"^previous\.([a-z][a-z0-9_]*)$")
_PROFESSIONAL = re.compile(r"^professional\.([a-z_]+)$")


@dataclass(frozen=True)
class ProfessionalRole:
    key: str
    label: str
    words: tuple[str, ...]


def load_professional_roles(path=None) -> dict[str, ProfessionalRole]:
    path = path or resource("professional_roles.toml")
    data = read_toml(path)
    roles = {}
    for key, entry in data.get("role", {}).items():
        words = entry.get("words")
        if not isinstance(words, list) or not words:
            raise DataFileError(path, f"role.{key} needs a list of words")
        roles[key] = ProfessionalRole(
            key, str(entry.get("label", key)), tuple(w.lower() for w in words)
        )
    return roles


PROFESSIONAL_ROLES = load_professional_roles()


def binding_problem(bind: str, kind: FieldType) -> str | None:
    """Why a field of type ``kind`` cannot use ``bind``; None when it can."""
    if _PREVIOUS.match(bind):
        return None
    found = _PROFESSIONAL.match(bind)
    if found:
        if found.group(1) not in PROFESSIONAL_ROLES:
            return (
                f"binding {bind!r}: no professional role {found.group(1)!r} "
                f"(known: {', '.join(PROFESSIONAL_ROLES)})"
            )
        return (
            None
            if kind in {FieldType.PROFESSIONAL} | _TEXTUAL
            else (f"binding {bind!r} fills a professional or text field, not {kind.value}")
        )
    if bind not in FIXED:
        return f"binding {bind!r} is not known (see forms/README.md for the list)"
    if kind not in FIXED[bind]:
        allowed = ", ".join(sorted(t.value for t in FIXED[bind]))
        return f"binding {bind!r} fills a {allowed} field, not {kind.value}"
    return None


@dataclass(frozen=True)
class Found:
    value: Any
    source: str
    record_id: str | None = None


def resolve(
    bind: str,
    kind: FieldType,
    facts: CaseFacts,
    *,
    today: date,
    now: datetime,
    next_visit_due: date | None,
    form_titles: dict[str, str],
) -> Found | None:
    """The known value for a binding, with where it came from; None when nothing is known."""
    previous = _PREVIOUS.match(bind)
    if previous:
        return _previous(previous.group(1), facts, form_titles)
    professional = _PROFESSIONAL.match(bind)
    if professional:
        found = find_professional(facts, professional.group(1))
        if found is None:
            return None
        value = found.id if kind is FieldType.PROFESSIONAL else found.name
        return Found(value, FAMILY_RECORD)
    group, _, name = bind.partition(".")
    if group == "child":
        child = facts.child
        raw = child.full_name if name == "full_name" else getattr(child, name)
        if isinstance(raw, date):
            raw = raw.isoformat()
        return None if raw in ("", None) else Found(raw, FAMILY_RECORD)
    if group == "household":
        return _household(name, kind, facts, today)
    if bind == "family.parents":
        parents = {
            "mother",
            "father",
            "stepmother",
            "stepfather",
            "parents_partner",
            "foster_carer",
        }
        ids = [
            k.person.id
            for k in facts.links
            if k.other_is_subject and k.relationship.kind in parents
        ]
        return Found(ids, FAMILY_RECORD) if ids else None
    if bind == "school.name":
        found = find_professional(facts, "school", agency=True)
        return Found(found, FAMILY_RECORD) if found else None
    if group == "case":
        case = facts.case
        value = {
            "worker": facts.worker_name,
            "type": case.case_type.label,
            "reference": case.reference,
            "start_date": case.start_date.isoformat(),
            "next_visit_due": next_visit_due.isoformat() if next_visit_due else "",
        }[name]
        if not value:
            return None
        source = "Worked out from the visit rhythm" if name == "next_visit_due" else FAMILY_RECORD
        return Found(value, source)
    if bind == "today":
        return Found(today.isoformat(), "Today's date")
    if bind == "now":
        return Found(now.strftime("%H:%M"), "The time the form was opened")
    return None


def find_professional(facts: CaseFacts, role: str, *, agency: bool = False):
    words = PROFESSIONAL_ROLES[role].words
    for involvement, professional in facts.professionals:
        text = f" {involvement.role} {professional.role} ".lower()
        if any(re.search(rf"\b{re.escape(w)}\b", text) for w in words):
            return professional.agency if agency else professional
    return None


def _household(name: str, kind: FieldType, facts: CaseFacts, today: date) -> Found | None:
    if not facts.households:
        return None
    home = facts.households[0]
    h = home.household
    if name == "address":
        address = {
            "line1": h.address_line1,
            "line2": h.address_line2,
            "town": h.town,
            "postcode": h.postcode,
        }
        value = address if kind is FieldType.ADDRESS else h.address
        return Found(value, FAMILY_RECORD) if h.address else None
    if name == "phone":
        return Found(h.phone, FAMILY_RECORD) if h.phone else None
    members = [p for p in home.members]
    if name == "adults":
        members = [
            p
            for p in members
            if p.date_of_birth is None or age_in_years(p.date_of_birth, today) >= 18
        ]
        members = [p for p in members if p.id != facts.child.id]
    if name == "other_children":
        children = [
            p
            for p in members
            if p.id != facts.child.id
            and p.date_of_birth is not None
            and age_in_years(p.date_of_birth, today) < 18
        ]
        rows = [{"child": p.id} for p in children]
        return Found(rows, FAMILY_RECORD) if rows else None
    ids = [p.id for p in members]
    return Found(ids, FAMILY_RECORD) if ids else None


def _previous(field_id: str, facts: CaseFacts, form_titles: dict[str, str]) -> Found | None:
    for past in facts.past_records:
        if past.record.status is RecordStatus.DRAFT:
            # An unsent draft is not yet the record of that visit: nobody has stood by it.
            continue
        value = past.record.values.get(field_id)
        if value in (None, "", [], {}):
            continue
        record = past.record
        when = record.values.get("visit_date") or record.values.get("assessment_date")
        try:
            when_text = uk_date(date.fromisoformat(when))
        except (TypeError, ValueError):  # no date, or one typed wrongly on that record
            when_text = uk_date(record.created_at.date())
        title = form_title(form_titles, record.form_id)
        author = f" by {past.author_name}" if past.author_name else ""
        return Found(value, f"{title} of {when_text}{author}", record_id=record.id)
    return None
