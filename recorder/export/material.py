"""Everything one document needs, read from the store in one go.

Gathering runs on the thread that owns the database; the document itself is
built later from this plain data, on any thread, so a batch of a hundred
never holds the database while Word files are written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from recorder.domain.cases import Case
from recorder.domain.people import Person
from recorder.domain.records import Record, event_day, ids_in
from recorder.domain.users import Role
from recorder.reference.relationships import RelationshipVocabulary
from recorder.store import Store, StoreError

WORKER = "worker"
FAMILY = "family"


@dataclass(frozen=True)
class RecordMaterial:
    record: Record
    case: Case
    child: Person
    address: str
    """The child's home on the day of the record, on one line."""
    worker_name: str
    author_name: str
    author_role: str
    approver_name: str
    approver_role: str
    names: dict[str, str]
    """Every id the record's values may hold, as a reader should see it:
    "Magda Szymańska (mother)", "Gwen Talbot (Designated Safeguarding Lead, Fernhill
    Primary School)", plus ``worker`` and ``family`` for actions' owners."""


@dataclass(frozen=True)
class NotGathered:
    """A record that could not be read, and why, in a sentence."""

    record_id: str
    message: str


def gather_material(
    store: Store, record_id: str, *, vocabulary: RelationshipVocabulary
) -> RecordMaterial:
    """The record with its child, case, people and sign-off, ready to print.

    :raises StoreError: (``NotFoundError``) when there is no such record
    """
    record = store.records.get(record_id)
    case = store.cases.get(record.case_id)
    on = _record_day(record)
    view = store.views.person(case.child_id, on=on)
    child = view.person
    users = {u.id: u for u in store.users.all()}
    worker = users.get(case.worker_id or "")
    author = users.get(record.author_id or "")
    approver = users.get(record.approved_by or "")

    names: dict[str, str] = {child.id: f"{child.full_name} (the child)"}
    for link in view.links:
        relation = vocabulary.describe(
            link.relationship.kind,
            person_gender=link.person.gender,
            person_is_subject_side=link.other_is_subject,
        )
        names.setdefault(link.person.id, f"{link.person.full_name} ({relation})")
    for household in view.households:
        for member in household.members:
            names.setdefault(member.id, member.full_name)
    for person in store.people.many(ids_in(record.values)).values():
        names.setdefault(person.id, person.full_name)
    roles = {i.professional_id: i.role for i in store.involvements.for_child(child.id)}
    for professional in store.professionals.many(ids_in(record.values)).values():
        what = ", ".join(
            p for p in (roles.get(professional.id) or professional.role, professional.agency) if p
        )
        names[professional.id] = f"{professional.name} ({what})" if what else professional.name
    for user in users.values():
        names.setdefault(user.id, f"{user.name} ({user.role.label.lower()})")
    names[WORKER] = f"{worker.name} (social worker)" if worker else "The social worker"
    names[FAMILY] = "The family"

    return RecordMaterial(
        record=record,
        case=case,
        child=child,
        address=view.households[0].household.address if view.households else "",
        worker_name=worker.name if worker else "",
        author_name=author.name if author else "",
        author_role=_role_words(author.role) if author else "",
        approver_name=approver.name if approver else "",
        approver_role=_role_words(approver.role) if approver else "",
        names=names,
    )


def gather_materials(
    store: Store, record_ids: Iterable[str], *, vocabulary: RelationshipVocabulary
) -> Iterator[RecordMaterial | NotGathered]:
    """Each record's material, or why it could not be read; one bad id stops nothing."""
    for record_id in record_ids:
        try:
            yield gather_material(store, record_id, vocabulary=vocabulary)
        except StoreError as e:
            yield NotGathered(record_id, str(e))


def _role_words(role: Role) -> str:
    return role.label.lower()


def _record_day(record: Record) -> date:
    """The day the record is about, so the family is shown as it was then."""
    return event_day(record.values) or record.created_at.astimezone().date()
