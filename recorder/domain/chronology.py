"""A child's chronology: the significant events of their life with us, in date order.

A chronology is what every review, court statement and case audit starts
from. It is built, not typed: cases opening and closing, plans starting and
ending, placements, moves in and out of the household, visits and their
outcome, records handed on and approved all come from what the record
already holds. Only what no other table holds (a strategy discussion, a
court hearing) is added by hand, as a :class:`ChronologyEntry`.

Nothing here reads a database: :func:`build_chronology` is given the facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from recorder.domain.cases import Case, CaseType
from recorder.domain.ids import new_id, utc_now
from recorder.domain.placements import Placement
from recorder.domain.records import RecordStatus

CATEGORIES = (
    "Referral",
    "Strategy discussion",
    "Child protection conference",
    "Review",
    "Court",
    "Police",
    "Health",
    "Education",
    "Family event",
    "Missing from home or care",
    "Other",
)
"""What a worker can file an event they add by hand under."""

NOTE_LIMIT = 500
"""A chronology line is a short note; the detail belongs in a record."""


@dataclass(frozen=True)
class ChronologyEntry:
    """An event a worker adds by hand, dated by when it happened."""

    child_id: str
    event_date: date
    category: str
    note: str
    author_id: str | None = None
    created_at: datetime = field(default_factory=utc_now)
    id: str = field(default_factory=new_id)


def entry_problem(*, event_date: date | None, category: str, note: str, today: date) -> str | None:
    """Why an event cannot be added as it stands, in a sentence; None when it can."""
    if event_date is None:
        return "Give the date the event happened."
    if event_date > today:
        return "A chronology holds what has happened: the date is in the future."
    if category not in CATEGORIES:
        return f"Choose a category ({', '.join(CATEGORIES)})."
    if not note.strip():
        return "Say in a short note what happened."
    if len(note.strip()) > NOTE_LIMIT:
        return (
            f"Keep the note to {NOTE_LIMIT} characters (it has {len(note.strip())}); "
            "the detail belongs in a record."
        )
    return None


class Source(StrEnum):
    """Where an event comes from, so a reader knows what to open to see more."""

    CASE = "Case"
    PLAN = "Plan"
    PLACEMENT = "Placement"
    HOUSEHOLD = "Household"
    VISIT = "Visit"
    RECORD = "Record"
    ADDED = "Added by a worker"


@dataclass(frozen=True)
class ChronologyEvent:
    day: date
    category: str
    what: str
    source: Source
    by: str = ""
    """Who recorded it, allocated it or moved the record on, where that is known."""
    entry_id: str = ""
    """For an event added by hand, its entry's id."""
    ending: bool = False
    """Something ending (a case closed, a plan ended): read after what else happened that day."""


# The facts a chronology is built from, as the store reads them.


@dataclass(frozen=True)
class CaseChange:
    """One field of a case changed after it was opened: its type, its worker, its end."""

    day: date
    case_id: str
    field: str
    old: str | None
    new: str | None
    by: str = ""


@dataclass(frozen=True)
class Move:
    """Someone moving in to or out of a household the child lived in."""

    person_name: str
    is_child: bool
    household: str
    moved_in: date | None
    moved_out: date | None


@dataclass(frozen=True)
class VisitNote:
    day: date
    form_title: str
    status: RecordStatus
    child_seen: bool | None
    seen_alone: bool | None
    outcome: str
    author: str


@dataclass(frozen=True)
class HandoffNote:
    day: date
    record_title: str
    to_status: RecordStatus
    by: str
    reason: str


@dataclass(frozen=True)
class ChronologyFacts:
    child_name: str
    cases: list[Case]
    case_changes: list[CaseChange]
    placements: list[Placement]
    moves: list[Move]
    visits: list[VisitNote]
    handoffs: list[HandoffNote]
    entries: list[ChronologyEntry]
    names: dict[str, str]
    """Users' names by id (allocated workers, authors)."""


_PLAN = CaseType.CHILD_PROTECTION
# Within one day, events read in the order they happen in a life: a case opens before
# its plan starts, a child moves before they are visited in the new home.
_ORDER = {
    Source.CASE: 0, Source.PLAN: 1, Source.PLACEMENT: 2, Source.HOUSEHOLD: 3,
    Source.VISIT: 4, Source.RECORD: 5, Source.ADDED: 6,
}  # fmt: skip


def build_chronology(facts: ChronologyFacts) -> list[ChronologyEvent]:
    """Every significant event in the facts, oldest first."""
    events: list[ChronologyEvent] = []
    names = facts.names
    for case in facts.cases:
        events.extend(_case_events(case, facts, names))
    for p in facts.placements:
        where = f" ({p.carers})" if p.carers else ""
        events.append(
            ChronologyEvent(
                p.start_date, "Placement",
                f"Placement began: {p.kind.label}{where}; {p.legal_status.label.lower()}",
                Source.PLACEMENT,
            )
        )  # fmt: skip
        if p.end_date:
            events.append(
                ChronologyEvent(p.end_date, "Placement", f"Placement ended: {p.kind.label}{where}",
                                Source.PLACEMENT)
            )  # fmt: skip
    for move in facts.moves:
        events.extend(_move_events(move, facts.child_name))
    for v in facts.visits:
        events.append(ChronologyEvent(v.day, "Visit", _visit_text(v), Source.VISIT, by=v.author))
    for h in facts.handoffs:
        events.append(ChronologyEvent(h.day, "Record", _handoff_text(h), Source.RECORD, by=h.by))
    for e in facts.entries:
        events.append(
            ChronologyEvent(
                e.event_date, e.category, e.note, Source.ADDED,
                by=names.get(e.author_id or "", ""), entry_id=e.id,
            )
        )  # fmt: skip
    # Endings come last in a day, in the reverse order of beginnings: a plan ends
    # before its case closes.
    return sorted(
        events, key=lambda e: (e.day, e.ending, -_ORDER[e.source] if e.ending else _ORDER[e.source])
    )


def _case_events(
    case: Case, facts: ChronologyFacts, names: dict[str, str]
) -> list[ChronologyEvent]:
    changes = sorted((c for c in facts.case_changes if c.case_id == case.id), key=lambda c: c.day)
    # The type and worker the case opened with: the first change's old value, if any.
    first_type = next((c.old for c in changes if c.field == "case_type"), case.case_type.value)
    first_worker = next((c.old for c in changes if c.field == "worker_id"), case.worker_id)
    opened_type = CaseType(first_type) if first_type else case.case_type
    ref = f" (reference {case.reference})" if case.reference else ""
    worker = names.get(first_worker or "", "")
    events = [
        ChronologyEvent(
            case.start_date, "Case",
            f"Case opened: {opened_type.label.lower()}{ref}"
            + (f"; allocated to {worker}" if worker else "; not allocated"),
            Source.CASE,
        )
    ]  # fmt: skip
    if opened_type is _PLAN:
        events.append(
            ChronologyEvent(case.start_date, "Plan", "Child protection plan started", Source.PLAN)
        )
    for c in changes:
        if c.field == "case_type" and c.old and c.new:
            old, new = CaseType(c.old), CaseType(c.new)
            events.append(
                ChronologyEvent(
                    c.day, "Case",
                    f"Case changed from {old.label.lower()} to {new.label.lower()}",
                    Source.CASE, by=c.by,
                )
            )  # fmt: skip
            if new is _PLAN:
                events.append(ChronologyEvent(c.day, "Plan", "Child protection plan started",
                                              Source.PLAN, by=c.by))  # fmt: skip
            elif old is _PLAN:
                events.append(ChronologyEvent(c.day, "Plan", "Child protection plan ended",
                                              Source.PLAN, by=c.by))  # fmt: skip
        elif c.field == "worker_id":
            old_name = names.get(c.old or "", "")
            new_name = names.get(c.new or "", "")
            what = (
                f"Case transferred from {old_name} to {new_name}" if old_name and new_name
                else f"Case allocated to {new_name}" if new_name
                else f"Case no longer allocated to {old_name or 'a worker'}"
            )  # fmt: skip
            events.append(ChronologyEvent(c.day, "Case", what, Source.CASE, by=c.by))
    if case.end_date:
        if case.case_type is _PLAN:
            events.append(
                ChronologyEvent(case.end_date, "Plan", "Child protection plan ended", Source.PLAN,
                                ending=True)
            )  # fmt: skip
        events.append(
            ChronologyEvent(
                case.end_date,
                "Case",
                f"Case closed: {case.case_type.label.lower()}"
                + (
                    f" ({case.closure_reason[0].lower()}{case.closure_reason[1:]})"
                    if case.closure_reason
                    else ""
                ),
                Source.CASE,
                ending=True,
            )  # fmt: skip
        )
    return events


def _move_events(move: Move, child_name: str) -> list[ChronologyEvent]:
    who = child_name if move.is_child else move.person_name
    events = []
    if move.moved_in:
        events.append(
            ChronologyEvent(move.moved_in, "Household", f"{who} moved in to {move.household}",
                            Source.HOUSEHOLD)
        )  # fmt: skip
    if move.moved_out:
        events.append(
            ChronologyEvent(move.moved_out, "Household", f"{who} moved out of {move.household}",
                            Source.HOUSEHOLD)
        )  # fmt: skip
    return events


def _visit_text(v: VisitNote) -> str:
    if v.outcome and v.outcome != "Completed":
        result = v.outcome.lower()
    elif v.child_seen is True:
        result = "child seen alone" if v.seen_alone else "child seen"
    elif v.child_seen is False:
        result = "child not seen"
    else:
        result = "outcome not recorded"
    draft = " (still a draft)" if v.status is RecordStatus.DRAFT else ""
    return f"{v.form_title}: {result}{draft}"


def _handoff_text(h: HandoffNote) -> str:
    verb = {
        RecordStatus.WITH_BUSINESS_SUPPORT: "sent to business support",
        RecordStatus.FINISHED: "finished by business support",
        RecordStatus.APPROVED: "approved",
        RecordStatus.DRAFT: "returned to the social worker",
    }[h.to_status]
    reason = f" ({h.reason})" if h.reason else ""
    return f"{h.record_title} {verb}{reason}"
