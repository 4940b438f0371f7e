"""The family record's change log told in plain English: who moved in, which case was
transferred to whom, which two people were found to be one.

Built only from the change log (which the database refuses to rewrite), so a
line for a relationship removed long ago still names both people: each
entity's fields are followed through the log as it is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from recorder.domain.cases import CaseType
from recorder.domain.changes import Change
from recorder.domain.dates import uk_date
from recorder.domain.history import EMPTY, HistoryLine
from recorder.domain.ids import from_utc_iso
from recorder.domain.nhs_number import format_nhs_number

PERSON_FIELDS = {
    "first_name": "First name",
    "middle_names": "Middle names",
    "last_name": "Last name",
    "known_as": "Known as",
    "date_of_birth": "Date of birth",
    "date_of_birth_estimated": "Date of birth estimated",
    "gender": "Gender",
    "ethnicity": "Ethnicity",
    "first_language": "First language",
    "interpreter_needed": "Interpreter needed",
    "religion": "Religion",
    "nhs_number": "NHS number",
    "phone": "Phone",
    "email": "Email",
}
_HOUSEHOLD_FIELDS = {
    "name": "Household name",
    "address_line1": "Address",
    "address_line2": "Address (second line)",
    "town": "Town",
    "postcode": "Postcode",
    "phone": "Home phone",
}
_YES_NO = {"interpreter_needed", "date_of_birth_estimated"}
# Bookkeeping told by another line of the same change.
_QUIET = {("people", "merged_into"), ("person_merges", "undo_reason"), ("cases", "closure_reason")}


def family_history_lines(
    changes: Iterable[Change],
    *,
    names: dict[str, str],
    relationship_label: Callable[[str], str] = lambda key: key.replace("_", " "),
) -> list[HistoryLine]:
    """Each change to a family's record as a line a person reads, oldest first.

    :param names: people, users, professionals and households by id
    :param relationship_label: "mother" for ``mother``, from the relationship vocabulary
    """
    changes = list(changes)
    state: dict[str, dict[str, Any]] = {}
    by_tx: dict[tuple[str, str], dict[str, Any]] = {}
    for c in changes:
        by_tx.setdefault((c.tx, c.entity_id), {})[c.field] = c.new_value
    lines: list[HistoryLine] = []
    told_insert: set[tuple[str, str]] = set()

    def name(entity_id: Any) -> str:
        if entity_id is None:
            return "no one"
        known = names.get(str(entity_id))
        if known:
            return known
        fields = state.get(str(entity_id), {})
        if "first_name" in fields or "last_name" in fields:
            return f"{fields.get('first_name') or ''} {fields.get('last_name') or ''}".strip()
        return str(fields.get("name") or "someone no longer on the record")

    for c in changes:
        fields = state.setdefault(c.entity_id, {})
        if c.op in ("insert", "update"):
            fields[c.field] = c.new_value
        if (c.entity, c.field) in _QUIET:
            continue
        at = from_utc_iso(c.at).astimezone()
        who = names.get(c.user_id or "", "Someone not signed in")

        def line(what: str, old: str = "", new: str = "", at=at, who=who, c=c) -> None:
            lines.append(HistoryLine(at, who, what, old, new, f"{c.entity}.{c.field}"))

        if c.op == "insert":
            key = (c.tx, c.entity_id)
            if key in told_insert:
                continue
            told_insert.add(key)
            made = by_tx[key]
            state[c.entity_id] = {**made, **fields}
            text = _inserted(c.entity, made, name, relationship_label)
            if text:
                line(*text)
            continue
        if c.op == "delete":
            if c.entity == "relationships" and c.field == "kind":
                line("Relationship removed", old=_relationship(fields, name, relationship_label))
            continue
        what = _updated(c, fields, name, by_tx)
        if what:
            line(*what)
    return lines


def _inserted(entity, made, name, relationship_label) -> tuple[str, str, str] | None:
    if entity == "people":
        person = f"{made.get('first_name') or ''} {made.get('last_name') or ''}".strip()
        born = _words("date_of_birth", made.get("date_of_birth"))
        return ("Added to the record", "", person + (f", born {born}" if born != EMPTY else ""))
    if entity == "households":
        address = ", ".join(
            str(made[k]) for k in ("address_line1", "address_line2", "town", "postcode")
            if made.get(k)
        )
        return ("Household added", "", f"{made.get('name')}" + (f": {address}" if address else ""))
    if entity == "household_members":
        since = made.get("start_date")
        return (
            "Moved in",
            "",
            f"{name(made.get('person_id'))} to {name(made.get('household_id'))}"
            + (f" on {_words('d', since)}" if since else " (date not known)"),
        )
    if entity == "relationships":
        return ("Relationship recorded", "", _relationship(made, name, relationship_label))
    if entity == "professionals":
        extra = ", ".join(str(made[k]) for k in ("role", "agency") if made.get(k))
        return ("Professional added", "", f"{made.get('name')}" + (f" ({extra})" if extra else ""))
    if entity == "involvements":
        since = made.get("start_date")
        role = made.get("role")
        return (
            "Professional involved",
            "",
            f"{name(made.get('professional_id'))}"
            + (f" ({role})" if role else "")
            + f" with {name(made.get('child_id'))}"
            + (f" from {_words('d', since)}" if since else ""),
        )
    if entity == "cases":
        text = f"{_case_type(made.get('case_type'))} from {_words('d', made.get('start_date'))}"
        text += f", allocated to {name(made.get('worker_id'))}"
        if made.get("reference"):
            text += f", reference {made['reference']}"
        return ("Case opened", "", text)
    if entity == "person_merges":
        reason = made.get("reason")
        return (
            "Two people found to be one",
            "",
            f"{name(made.get('merged_id'))} merged into {name(made.get('kept_id'))}"
            + (f" (reason: {reason})" if reason else ""),
        )
    return None


def _updated(c: Change, fields, name, by_tx) -> tuple[str, str, str] | None:
    old, new = c.old_value, c.new_value
    if c.entity == "people":
        label = PERSON_FIELDS.get(c.field, c.field.replace("_", " ").capitalize())
        return (f"{name(c.entity_id)}: {label}", _words(c.field, old), _words(c.field, new))
    if c.entity == "households":
        label = _HOUSEHOLD_FIELDS.get(c.field, c.field.replace("_", " ").capitalize())
        return (f"{name(c.entity_id)}: {label}", _words(c.field, old), _words(c.field, new))
    if c.entity == "household_members":
        who, where = name(fields.get("person_id")), name(fields.get("household_id"))
        if c.field == "end_date" and new:
            return ("Moved out", "", f"{who} left {where} on {_words('d', new)}")
        if c.field == "start_date":
            return (f"Date {who} moved in to {where}", _words("d", old), _words("d", new))
        if c.field == "person_id":
            return (f"Living at {where}: moved by a merge", name(old), name(new))
        return None
    if c.entity == "cases":
        if c.field == "worker_id":
            return ("Case transferred", name(old), name(new))
        if c.field == "case_type":
            return ("Case type changed", _case_type(old), _case_type(new))
        if c.field == "end_date" and new:
            reason = by_tx.get((c.tx, c.entity_id), {}).get("closure_reason")
            return (
                "Case closed",
                "",
                f"on {_words('d', new)}" + (f" (reason: {reason})" if reason else ""),
            )
        if c.field == "end_date":
            return ("Case reopened", _words("d", old), EMPTY)
        if c.field == "child_id":
            return ("Case moved by a merge", name(old), name(new))
        labels = {"reference": "Case reference", "start_date": "Case start date",
                  "plan_visit_every_working_days": "Plan's visits (working days apart)"}
        return (labels.get(c.field, c.field.replace("_", " ").capitalize()),
                _words(c.field, old), _words(c.field, new))
    if c.entity == "involvements":
        prof = name(fields.get("professional_id"))
        if c.field == "end_date" and new:
            return ("Professional's involvement ended", "", f"{prof} on {_words('d', new)}")
        if c.field == "child_id":
            return (f"{prof}'s involvement moved by a merge", name(old), name(new))
        return (f"{prof}: {c.field.replace('_', ' ')}", _words(c.field, old), _words(c.field, new))
    if c.entity == "relationships" and c.field in ("person_id", "other_id"):
        return ("Relationship moved by a merge", name(old), name(new))
    if c.entity == "person_merges" and c.field == "undone_at" and new:
        reason = by_tx.get((c.tx, c.entity_id), {}).get("undo_reason")
        return (
            "Merge undone",
            "",
            f"{name(fields.get('merged_id'))} is again separate from "
            f"{name(fields.get('kept_id'))}" + (f" (reason: {reason})" if reason else ""),
        )
    if c.entity == "professionals":
        return (f"{name(c.entity_id)}: {c.field.replace('_', ' ')}",
                _words(c.field, old), _words(c.field, new))
    return None


def _relationship(fields, name, relationship_label) -> str:
    return (
        f"{name(fields.get('person_id'))} is {relationship_label(str(fields.get('kind')))} "
        f"of {name(fields.get('other_id'))}"
    )


def _case_type(value: Any) -> str:
    try:
        return CaseType(value).label
    except ValueError:
        return str(value)


def _words(field: str, value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if field in _YES_NO:
        return "Yes" if value in (1, True, "1") else "No"
    if field == "nhs_number":
        return format_nhs_number(str(value))
    text = str(value)
    try:
        if len(text) == 10 and text[4] == "-":
            return uk_date(date.fromisoformat(text))
    except ValueError:
        pass
    return text
