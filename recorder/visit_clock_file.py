"""``python -m recorder visit-clock CASES.jsonl``: the app's own clock, run on cases from a file.

The file format is the team's evaluation format (one case per line: the day
asked, the case, its placements, its plan and its visits). Each case goes
through :func:`recorder.domain.visit_clock.visit_clock`, the same function the
caseload uses. A line that cannot be read is named on standard error by its
number and the problem; the rest still run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from recorder.domain.cases import CaseType
from recorder.domain.dates import WorkingCalendar
from recorder.domain.placements import LegalStatus, Placement, PlacementKind
from recorder.domain.records import RecordStatus
from recorder.domain.visit_clock import ClockCase, VisitFact, visit_clock
from recorder.reference.visit_rhythms import VisitSettings


class CaseLineError(ValueError):
    """One case line that cannot be read, said in a sentence."""


@dataclass(frozen=True)
class LineProblem:
    line: int
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}"


# The file's statuses are written with underscores; the app's with spaces.
_STATUS = {s.value.replace(" ", "_"): s for s in RecordStatus}


def _day(value: Any, what: str) -> date:
    if not isinstance(value, str):
        raise CaseLineError(f"{what} must be a date written as YYYY-MM-DD, not {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CaseLineError(f"{what} {value!r} is not a real date written as YYYY-MM-DD") from None


def _optional_day(value: Any, what: str) -> date | None:
    return None if value is None else _day(value, what)


def _flag(obj: dict, key: str, what: str) -> bool:
    value = obj.get(key, False)
    if not isinstance(value, bool):
        raise CaseLineError(f"{what}.{key} must be true or false, not {value!r}")
    return value


def _object(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise CaseLineError(f"{what} must be a JSON object")
    return value


def _choice(enum: type, value: Any, what: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        known = ", ".join(e.value for e in enum)
        raise CaseLineError(f"{what} {value!r} is not one of {known}") from None


def _placement(obj: Any, n: int) -> Placement:
    what = f"placements[{n}]"
    obj = _object(obj, what)
    return Placement(
        child_id="",
        start_date=_day(obj.get("start"), f"{what}.start"),
        end_date=_optional_day(obj.get("end"), f"{what}.end"),
        kind=_choice(PlacementKind, obj.get("kind"), f"{what}.kind"),
        legal_status=_choice(LegalStatus, obj.get("order"), f"{what}.order"),
        intended_until_18=_flag(obj, "intended_until_18", what),
        long_term_foster=_flag(obj, "long_term_foster", what),
        child_agreed_six_monthly=_flag(obj, "child_agreed_six_monthly", what),
        first_review=_optional_day(obj.get("first_review"), f"{what}.first_review"),
    )


def _visit(obj: Any, n: int) -> VisitFact:
    what = f"visits[{n}]"
    obj = _object(obj, what)
    status = obj.get("status")
    if status not in _STATUS:
        raise CaseLineError(f"{what}.status {status!r} is not one of {', '.join(_STATUS)}")
    seen = obj.get("child_seen")
    if not isinstance(seen, bool):
        raise CaseLineError(f"{what}.child_seen must be true or false, not {seen!r}")
    return VisitFact(
        day=_day(obj.get("date"), f"{what}.date"), status=_STATUS[status], child_seen=seen
    )


def _list(value: Any, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise CaseLineError(f"{what} must be a list")
    return value


def read_case(obj: Any) -> tuple[str, date, ClockCase]:
    """A case line's id, the day asked and the case, or :class:`CaseLineError`."""
    obj = _object(obj, "the line")
    case_id = obj.get("id")
    if not isinstance(case_id, str) or not case_id:
        raise CaseLineError("the case has no id")
    case = _object(obj.get("case"), "case")
    plan = obj.get("plan")
    every = None
    if plan is not None:
        every = _object(plan, "plan").get("visit_every_working_days")
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise CaseLineError("plan.visit_every_working_days must be a whole number of 1 or more")
    clock_case = ClockCase(
        case_type=_choice(CaseType, case.get("type"), "case.type"),
        start=_day(case.get("start"), "case.start"),
        placements=sorted(
            (_placement(p, i) for i, p in enumerate(_list(obj.get("placements"), "placements"))),
            key=lambda p: p.start_date,
        ),
        plan_every_working_days=every,
        visits=[_visit(v, i) for i, v in enumerate(_list(obj.get("visits"), "visits"))],
    )
    return case_id, _day(obj.get("on"), "on"), clock_case


def predictions(
    lines: Iterable[str], *, visits: VisitSettings, calendar: WorkingCalendar
) -> Iterator[dict | LineProblem]:
    """One prediction per readable case line, or a :class:`LineProblem` for each bad one."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            case_id, on, case = read_case(json.loads(line))
        except json.JSONDecodeError as e:
            yield LineProblem(number, f"not valid JSON ({e.msg})")
            continue
        except (CaseLineError, RecursionError) as e:
            yield LineProblem(number, str(e) or "the case is nested too deeply to read")
            continue
        clock = visit_clock(case, on=on, local=visits.rhythm_for(case.case_type), calendar=calendar)
        if clock.problem:
            yield LineProblem(number, f"case {case_id}: {clock.problem}")
            continue
        yield {
            "id": case_id,
            "predicted": {
                "last_visit": clock.last_visit.isoformat() if clock.last_visit else None,
                "next_due": clock.next_due.isoformat() if clock.next_due else None,
                "overdue": clock.overdue,
            },
        }
