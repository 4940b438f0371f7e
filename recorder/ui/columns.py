"""What each table on screen shows: its columns over plain rows, in UK dates."""

from __future__ import annotations

from datetime import date

from recorder.caseload import CaseloadEntry
from recorder.domain.dates import age_text, uk_date
from recorder.domain.forms import form_title
from recorder.domain.people import Person
from recorder.domain.professionals import Involvement, Professional
from recorder.reference.relationships import RelationshipVocabulary
from recorder.store.search import PersonHit
from recorder.store.views import Link, RecordSummary
from recorder.ui.table_model import Column


def _name(person: Person) -> str:
    return person.display_name


def _dob_key(person: Person) -> str:
    return person.date_of_birth.isoformat() if person.date_of_birth else ""


def due_has_second_line(entry: CaseloadEntry) -> bool:
    """True when the next visit's cell says, on a second line, that a visit is not yet sent."""
    clock = entry.clock
    return bool(clock.not_sent) and not clock.problem and entry.next_due is not None


def _due_text(entry: CaseloadEntry) -> str:
    clock = entry.clock
    if clock.problem:
        return "Cannot be worked out"
    if entry.next_due is None:
        return "No statutory visits"
    if entry.overdue:
        text = f"{uk_date(entry.next_due)} (overdue)"
    elif entry.next_due == entry.today:
        text = f"{uk_date(entry.next_due)} (today)"
    else:
        text = uk_date(entry.next_due)
    if due_has_second_line(entry):  # the row grows rather than cutting the words off
        text += f"\nvisit on {uk_date(clock.not_sent)} not yet sent"
    return text


def _due_tooltip(entry: CaseloadEntry) -> str:
    clock = entry.clock
    if clock.problem:
        return clock.problem
    if entry.next_due is None:
        return clock.rule or "This case type has no statutory visit rhythm."
    if entry.overdue:
        days = entry.overdue_days
        said = f"Overdue by {days} day{'s' if days != 1 else ''}"
    else:
        said = f"Due {uk_date(entry.next_due)}"
    said += f": {clock.rule}."
    if clock.not_sent:
        said += (
            f" A visit on {uk_date(clock.not_sent)} is still a draft: it stops the clock "
            "once it is sent to business support and says the child was seen."
        )
    return said


def caseload_columns(today: date, *, show_worker: bool = True) -> list[Column[CaseloadEntry]]:
    columns = [
        Column("Child", lambda e: _name(e.row.child), lambda e: e.row.child.last_name.casefold()),
        Column(
            "Age",
            lambda e: age_text(e.row.child.date_of_birth, today),
            lambda e: _dob_key(e.row.child),
            tooltip=lambda e: f"Born {uk_date(e.row.child.date_of_birth, missing='date unknown')}",
        ),
        Column("Case type", lambda e: e.row.case.case_type.label),
        Column(
            "Last visit",
            lambda e: uk_date(e.last_visit, missing="No visit yet"),
            lambda e: e.last_visit.isoformat() if e.last_visit else "",
        ),
        Column(
            "Next visit due",
            _due_text,
            lambda e: e.next_due.isoformat() if e.next_due else "9999",
            tooltip=_due_tooltip,
            warning=lambda e: e.overdue,
        ),
    ]
    if show_worker:
        columns.append(Column("Worker", lambda e: e.row.worker_name))
    return columns


def caseload_note(children: int, overdue: int, *, total: int | None = None) -> str:
    """The line under the caseload ("12 children · 3 visits overdue"), or its empty state.

    :param total: how many cases there are in all, when ``children`` are only the first
    """
    if not children:
        return "No open cases are allocated to you."
    if total is not None and total > children:
        return f"Showing the first {children:,} of {total:,} children; the rest are coming"
    said = f"{children:,} child{'ren' if children != 1 else ''}"
    return f"{said} · {overdue:,} visit{'s' if overdue != 1 else ''} overdue"


def search_columns(today: date) -> list[Column[PersonHit]]:
    return [
        Column("Name", lambda h: _name(h.person), lambda h: h.person.last_name.casefold()),
        Column(
            "Date of birth", lambda h: uk_date(h.person.date_of_birth), lambda h: _dob_key(h.person)
        ),
        Column(
            "Age", lambda h: age_text(h.person.date_of_birth, today), lambda h: _dob_key(h.person)
        ),
        Column("Open case", lambda h: h.case_type.label if h.case_type else ""),
        Column("Address", lambda h: h.address),
    ]


def relation_to_subject(link: Link, vocabulary: RelationshipVocabulary) -> str:
    """ "Mother", "Brother", "Foster carer": the linked person, seen from the one in view."""
    return vocabulary.describe(
        link.relationship.kind,
        person_gender=link.person.gender,
        person_is_subject_side=link.other_is_subject,
    ).capitalize()


def network_columns(
    today: date, vocabulary: RelationshipVocabulary, living_with: set[str]
) -> list[Column[Link]]:
    def relation(link: Link) -> str:
        return relation_to_subject(link, vocabulary)

    return [
        Column("Name", lambda k: _name(k.person), lambda k: k.person.last_name.casefold()),
        Column("Relationship", relation),
        Column(
            "Age", lambda k: age_text(k.person.date_of_birth, today), lambda k: _dob_key(k.person)
        ),
        Column("Lives with them", lambda k: "Yes" if k.person.id in living_with else "No"),
        Column("Phone", lambda k: k.person.phone),
    ]


def member_columns(today: date, relations: dict[str, str]) -> list[Column[Person]]:
    return [
        Column("Name", _name, lambda p: p.last_name.casefold()),
        Column("Relationship", lambda p: relations.get(p.id, "")),
        Column(
            "Age",
            lambda p: age_text(p.date_of_birth, today),
            _dob_key,
            tooltip=lambda p: f"Born {uk_date(p.date_of_birth, missing='date unknown')}",
        ),
        Column(
            "First language",
            lambda p: p.first_language + (" (interpreter needed)" if p.interpreter_needed else ""),
        ),
    ]


def professional_columns() -> list[Column[tuple[Involvement, Professional]]]:
    return [
        Column("Name", lambda ip: ip[1].name),
        Column("Role", lambda ip: ip[0].role or ip[1].role),
        Column("Agency", lambda ip: ip[1].agency),
        Column("Phone", lambda ip: ip[1].phone),
        Column("Email", lambda ip: ip[1].email),
    ]


def record_columns(form_titles: dict[str, str]) -> list[Column[RecordSummary]]:
    return [
        Column(
            "Date",
            lambda r: uk_date(r.event_date),
            lambda r: r.event_date.isoformat() if r.event_date else "",
        ),
        Column("Record", lambda r: form_title(form_titles, r.form_id)),
        Column("Status", lambda r: r.status.label),
        Column("Author", lambda r: r.author_name),
    ]
