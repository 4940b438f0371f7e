"""A placement as a person types it: dates as dd/mm/yyyy, which choices apply, who may save.

The placements dialog renders these rules and forwards what was typed; the
rules themselves live here so they are tested without Qt. Nothing here
writes: the store's ``placements.save`` checks a placement again against the
child's others before anything is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from recorder.domain.placements import (
    LegalStatus,
    Placement,
    PlacementKind,
    placement_problems,
)
from recorder.domain.users import Role

# The kinds regulation 28(2) times with a week, 6 weeks and then 3 or 6 months (R6-R8):
# only for these does "intended to last until 18" change the clock.
_LONGER_AFTER_A_YEAR = {
    PlacementKind.FOSTER,
    PlacementKind.KINSHIP_FOSTER,
    PlacementKind.RESIDENTIAL,
    PlacementKind.SUPPORTED_ACCOMMODATION,
}
_FIXED_STATUS = {
    PlacementKind.HOME_UNDER_CARE_ORDER: LegalStatus.CARE_ORDER,
    PlacementKind.HOME_UNDER_INTERIM_CARE_ORDER: LegalStatus.INTERIM_CARE_ORDER,
}

PLACEMENT_EDITORS = frozenset({Role.SOCIAL_WORKER, Role.BUSINESS_SUPPORT})
"""Who records and corrects placements; a team manager reads them."""

_TYPED_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def placement_edit_problem(role: Role) -> str | None:
    """Why someone in ``role`` may not record a placement, or None when they may."""
    if role in PLACEMENT_EDITORS:
        return None
    return (
        "Placements are recorded by the child's social worker or business support; "
        f"a {role.label.lower()} can read them."
    )


def plan_frequency_problem(role: Role) -> str | None:
    """Why someone in ``role`` may not set a plan's visiting frequency (the same people)."""
    if role in PLACEMENT_EDITORS:
        return None
    return (
        "A plan's visiting frequency is recorded by the child's social worker or business "
        f"support; a {role.label.lower()} can read it."
    )


def read_typed_date(text: str, *, what: str, required: bool = False) -> tuple[date | None, str]:
    """A date typed as day/month/year (03/11/2026, 3/11/2026, 3.11.2026).

    :returns: the date (None when the box is empty or wrong) and, when wrong, the
        sentence to show, naming ``what`` the date is
    """
    text = text.strip()
    if not text:
        return None, (f"Type the {what} as day/month/year." if required else "")
    found = _TYPED_DATE.fullmatch(text)
    if not found:
        return None, f"Write the {what} as day/month/year, for example 03/11/2026."
    day, month, year = (int(g) for g in found.groups())
    try:
        return date(year, month, day), ""
    except ValueError:
        return None, f"There is no such date as {text} ({what}): check the day and the month."


def legal_statuses_for(kind: PlacementKind) -> list[LegalStatus]:
    """The legal statuses a child can have in a placement of this kind."""
    fixed = _FIXED_STATUS.get(kind)
    if fixed is not None:
        return [fixed]
    if kind is PlacementKind.PLACED_WITH_PARENT_PENDING_ASSESSMENT:
        return [LegalStatus.CARE_ORDER, LegalStatus.INTERIM_CARE_ORDER]
    return list(LegalStatus)


def until_18_applies(kind: PlacementKind) -> bool:
    """Whether "intended to last until 18" can lengthen visits after the first year (R8)."""
    return kind in _LONGER_AFTER_A_YEAR


def long_term_foster_applies(kind: PlacementKind) -> bool:
    """Only foster care can be a long-term foster placement (SI 2015/495)."""
    return kind.is_foster


def agreement_applies(kind: PlacementKind, long_term_foster: bool) -> bool:
    """The child's agreement to 6-monthly visits counts only in a long-term foster placement."""
    return kind.is_foster and long_term_foster


@dataclass(frozen=True)
class PlacementEntry:
    """What was typed into the placement dialog, before it is checked."""

    child_id: str
    start: str
    end: str
    kind: PlacementKind
    legal_status: LegalStatus
    intended_until_18: bool = False
    long_term_foster: bool = False
    child_agreed_six_monthly: bool = False
    first_review: str = ""
    carers: str = ""
    address: str = ""
    id: str | None = None
    """The placement being corrected; None for a new one."""


def placement_from_entry(entry: PlacementEntry) -> tuple[Placement | None, list[str]]:
    """The placement the dialog describes, or None and every problem in plain English.

    Flags that do not apply to the kind chosen are dropped rather than refused: a
    box the dialog greys out cannot be the reason a save fails.
    """
    problems = []
    start, problem = read_typed_date(entry.start, what="start date", required=True)
    problems += [problem] if problem else []
    end, problem = read_typed_date(entry.end, what="end date")
    problems += [problem] if problem else []
    review, problem = read_typed_date(entry.first_review, what="first review date")
    problems += [problem] if problem else []
    if problems or start is None:
        return None, problems
    kind = entry.kind
    long_term = entry.long_term_foster and long_term_foster_applies(kind)
    fields = dict(
        child_id=entry.child_id,
        start_date=start,
        end_date=end,
        kind=kind,
        legal_status=entry.legal_status,
        intended_until_18=entry.intended_until_18 and until_18_applies(kind),
        long_term_foster=long_term,
        child_agreed_six_monthly=entry.child_agreed_six_monthly
        and agreement_applies(kind, long_term),
        first_review=review,
        carers=entry.carers.strip(),
        address=entry.address.strip(),
    )
    placement = Placement(**fields, id=entry.id) if entry.id else Placement(**fields)
    problems = placement_problems(placement)
    return (None, problems) if problems else (placement, [])


def flags_text(placement: Placement) -> str:
    """The placement's plan in words: "Intended until 18; long-term foster, child agreed to
    6-monthly visits"; empty when none of it is so."""
    parts = []
    if placement.intended_until_18:
        parts.append("intended until 18")
    if placement.long_term_foster:
        parts.append(
            "long-term foster placement"
            + (
                ", the child agreed to 6-monthly visits"
                if placement.child_agreed_six_monthly
                else ""
            )
        )
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]
