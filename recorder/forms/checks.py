"""Field checks, each returning a plain-English sentence when a value is wrong."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from recorder.domain.dates import uk_date
from recorder.domain.forms import FieldSpec, FieldType, FormSpec
from recorder.domain.nhs_number import nhs_number_problem

# A UK postcode: outward code, a space (optional when typed), inward code.
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$", re.IGNORECASE)
_PHONE = re.compile(r"^(\+44|0)\d{9,10}$")  # after spaces are taken out
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _not_future(value: Any, today: date) -> str | None:
    d = _as_date(value)
    if d and d > today:
        return (
            f"This date is after today ({uk_date(today)}). "
            "A visit is recorded once it has happened."
        )
    return None


def _not_past(value: Any, today: date) -> str | None:
    d = _as_date(value)
    if d and d < today:
        return f"This date has already passed (today is {uk_date(today)})."
    return None


def _date_of_birth(value: Any, today: date) -> str | None:
    d = _as_date(value)
    if d and d > today:
        return "A date of birth cannot be in the future. For an unborn child, leave it empty."
    if d and d < _years_before(today, 120):
        return "This date of birth is more than 120 years ago: please check the year."
    return None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _postcode(value: Any, today: date) -> str | None:
    text = value.get("postcode", "") if isinstance(value, dict) else value
    if isinstance(text, str) and text.strip() and not _POSTCODE.match(text.strip()):
        return f"“{text.strip()}” is not a UK postcode (for example NB4 7QT)."
    return None


def _nhs_number(value: Any, today: date) -> str | None:
    if isinstance(value, str) and value.strip():
        return nhs_number_problem(value)
    return None


def _phone(value: Any, today: date) -> str | None:
    if isinstance(value, str) and value.strip() and not _PHONE.match("".join(value.split())):
        return "This is not a UK phone number (for example 01632 960123 or 07700 900123)."
    return None


def _email(value: Any, today: date) -> str | None:
    if isinstance(value, str) and value.strip() and not _EMAIL.match(value.strip()):
        return "This is not an email address (for example name@example.org)."
    return None


CHECKS: dict[str, Callable[[Any, date], str | None]] = {
    "not_future": _not_future,
    "not_past": _not_past,
    "date_of_birth": _date_of_birth,
    "postcode": _postcode,
    "nhs_number": _nhs_number,
    "phone": _phone,
    "email": _email,
}


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple)):
        return not value
    if isinstance(value, dict):
        return not any(not is_empty(v) for v in value.values())
    return False


def _impossible_date(value: Any) -> bool:
    """Day/month/year written the right way round, but no such day (31/02/2026)."""
    found = isinstance(value, str) and re.fullmatch(
        r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value.strip()
    )
    if not found:
        return False
    day, month, year = (int(g) for g in found.groups())
    try:
        date(year, month, day)
    except ValueError:
        return True
    return False


def _type_problem(spec: FieldSpec, value: Any) -> str | None:
    kind = spec.type
    if kind is FieldType.DATE and _as_date(value) is None:
        if _impossible_date(value):
            return f"There is no such date as {value.strip()}: check the day and the month."
        return "Write the date as day/month/year, for example 03/11/2026."
    if kind is FieldType.TIME and not (isinstance(value, str) and _TIME.match(value)):
        return "Write the time as hours and minutes, for example 16:30."
    if kind in (FieldType.NUMBER, FieldType.SCALE):
        if not isinstance(value, int) or isinstance(value, bool):
            return "This must be a whole number."
        low = spec.minimum if spec.minimum is not None else (0 if kind is FieldType.SCALE else None)
        high = (
            spec.maximum if spec.maximum is not None else (10 if kind is FieldType.SCALE else None)
        )
        if low is not None and value < low or high is not None and value > high:
            if low is None:
                return f"Choose a number no more than {high}."
            if high is None:
                return f"Choose a number of {low} or more."
            return f"Choose a number from {low} to {high}."
    if kind is FieldType.CHOICE and spec.options and value not in spec.options:
        return f"Choose one of: {', '.join(spec.options)}."
    if kind is FieldType.CHOICES and spec.options:
        chosen = value if isinstance(value, list) else [value]
        unknown = [str(v) for v in chosen if v not in spec.options]
        if unknown:
            return f"{', '.join(unknown)} is not one of: {', '.join(spec.options)}."
    if kind is FieldType.TEXT and spec.max_length and len(value) > spec.max_length:
        return f"Keep this to {spec.max_length} characters or fewer (it has {len(value)})."
    return None


def field_problem(spec: FieldSpec, value: Any, *, today: date) -> str | None:
    """What is wrong with one value, or None. Empty required fields are reported too."""
    if is_empty(value):
        return f"{spec.label} is required." if spec.required else None
    problem = _type_problem(spec, value)
    if problem:
        return problem
    if spec.type is FieldType.TABLE and isinstance(value, list):
        for number, row in enumerate(value, 1):
            for column in spec.columns:
                cell = row.get(column.id) if isinstance(row, dict) else None
                problem = field_problem(column, cell, today=today)
                if problem:
                    return f"Row {number}, {column.label.lower()}: {problem}"
    for check in spec.validate:
        problem = CHECKS[check](value, today)
        if problem:
            return problem
    return None


def form_problems(form: FormSpec, values: dict[str, Any], *, today: date) -> dict[str, str]:
    """Every field's problem, keyed by field id; empty when the record may be finished."""
    problems = {}
    for spec in form.fields:
        problem = field_problem(spec, values.get(spec.id), today=today)
        if problem:
            problems[spec.id] = problem
    return problems
