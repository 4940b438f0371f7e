"""Where a child in care lives, and under what order: what regulation 28 times visits from.

A placement is a fact about the child, kept in the family registry like an
address: it starts and ends, and its kind and legal status decide how often the
child must be seen (``recorder.domain.visit_clock``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from recorder.domain.ids import new_id


class PlacementKind(StrEnum):
    FOSTER = "foster"
    KINSHIP_FOSTER = "kinship_foster"
    RESIDENTIAL = "residential"
    SUPPORTED_ACCOMMODATION = "supported_accommodation"
    KINSHIP_TEMPORARY_APPROVAL = "kinship_temporary_approval"
    PLACED_WITH_PARENT_PENDING_ASSESSMENT = "placed_with_parent_pending_assessment"
    HOME_UNDER_CARE_ORDER = "home_under_care_order"
    HOME_UNDER_INTERIM_CARE_ORDER = "home_under_interim_care_order"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def is_foster(self) -> bool:
        """Only foster placements can be long-term foster placements (SI 2015/495)."""
        return self in (PlacementKind.FOSTER, PlacementKind.KINSHIP_FOSTER)


_KIND_LABELS = {
    PlacementKind.FOSTER: "Foster care",
    PlacementKind.KINSHIP_FOSTER: "Foster care with a connected person (approved)",
    PlacementKind.RESIDENTIAL: "Children's home",
    PlacementKind.SUPPORTED_ACCOMMODATION: "Supported accommodation",
    PlacementKind.KINSHIP_TEMPORARY_APPROVAL: "Connected person, temporary approval (reg 24)",
    PlacementKind.PLACED_WITH_PARENT_PENDING_ASSESSMENT: (
        "Placed with a parent before assessment is complete (reg 19)"
    ),
    PlacementKind.HOME_UNDER_CARE_ORDER: "At home with a parent under a care order",
    PlacementKind.HOME_UNDER_INTERIM_CARE_ORDER: (
        "At home with a parent under an interim care order"
    ),
}


class LegalStatus(StrEnum):
    CARE_ORDER = "care_order"
    INTERIM_CARE_ORDER = "interim_care_order"
    SECTION_20 = "section_20"

    @property
    def label(self) -> str:
        return {
            LegalStatus.CARE_ORDER: "Care order",
            LegalStatus.INTERIM_CARE_ORDER: "Interim care order",
            LegalStatus.SECTION_20: "Accommodated by agreement (section 20)",
        }[self]


# The legal status some kinds always carry, whatever was typed.
_FIXED_STATUS = {
    PlacementKind.HOME_UNDER_CARE_ORDER: LegalStatus.CARE_ORDER,
    PlacementKind.HOME_UNDER_INTERIM_CARE_ORDER: LegalStatus.INTERIM_CARE_ORDER,
}


@dataclass(frozen=True)
class Placement:
    """One placement of a child in care.

    The three flags describe the placement as it stands today and are taken to
    have held since it began, as a care plan records them.
    """

    child_id: str
    start_date: date
    kind: PlacementKind
    legal_status: LegalStatus
    end_date: date | None = None
    intended_until_18: bool = False
    long_term_foster: bool = False
    """Foster care is the permanence plan, the carer has agreed and the authority confirmed it."""
    child_agreed_six_monthly: bool = False
    """The child, of sufficient age and understanding, agreed to visits up to 6 months apart."""
    first_review: date | None = None
    """The first review of the child's case held after this placement began."""
    carers: str = ""
    address: str = ""
    id: str = field(default_factory=new_id)

    def is_current_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date > day)


def placement_problems(placement: Placement) -> list[str]:
    """What is wrong with a placement as entered, in words a practitioner can act on."""
    problems = []
    p = placement
    if p.end_date is not None and p.end_date < p.start_date:
        problems.append("The placement cannot end before it starts.")
    if p.first_review is not None and p.first_review < p.start_date:
        problems.append(
            "The first review must be on or after the placement's start: "
            "it is the first review held after this placement began."
        )
    fixed = _FIXED_STATUS.get(p.kind)
    if fixed is not None and p.legal_status is not fixed:
        problems.append(f"{p.kind.label} always goes with a {fixed.label.lower()}.")
    if (
        p.kind is PlacementKind.PLACED_WITH_PARENT_PENDING_ASSESSMENT
        and p.legal_status is LegalStatus.SECTION_20
    ):
        problems.append(
            "A child placed with a parent under regulation 19 is on a care order or an "
            "interim care order, never section 20."
        )
    if p.long_term_foster and not p.kind.is_foster:
        problems.append("Only a foster placement can be a long-term foster placement.")
    if p.child_agreed_six_monthly and not p.long_term_foster:
        problems.append(
            "The child's agreement to 6-monthly visits applies only to a long-term foster "
            "placement."
        )
    return problems


def current_placement(placements: list[Placement], on: date) -> Placement | None:
    """The placement the child is in on ``on``: the latest one started by then and not ended."""
    current = [p for p in placements if p.is_current_on(on)]
    return max(current, key=lambda p: p.start_date) if current else None


def overlapping(placements: list[Placement], candidate: Placement) -> Placement | None:
    """An existing placement (other than the candidate itself) whose dates overlap it."""
    far = date.max
    for p in placements:
        if p.id == candidate.id:
            continue
        if p.start_date < (candidate.end_date or far) and candidate.start_date < (
            p.end_date or far
        ):
            return p
    return None
