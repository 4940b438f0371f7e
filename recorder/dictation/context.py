"""What the record already knows about a family, in the shape the drafting needs.

The drafting never reads the store itself: the caller hands it a
``DictationContext``, built from a case's facts in the app or from a line of
the evaluation format in the batch command.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from recorder.domain.dates import age_in_years, parse_iso_date


@dataclass(frozen=True)
class KnownPerson:
    id: str
    first_name: str
    last_name: str
    relationship: str
    """To the subject child, in words: "subject child", "mother", "maternal grandmother"."""
    known_as: str = ""
    date_of_birth: date | None = None
    gender: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.known_as or self.first_name, self.last_name) if p)


@dataclass(frozen=True)
class KnownProfessional:
    id: str
    name: str
    role: str
    agency: str = ""


@dataclass(frozen=True)
class DictationContext:
    recorded_on: date
    worker_name: str = ""
    people: tuple[KnownPerson, ...] = ()
    professionals: tuple[KnownProfessional, ...] = ()

    def person(self, person_id: str) -> KnownPerson | None:
        return next((p for p in self.people if p.id == person_id), None)

    def professional(self, professional_id: str) -> KnownProfessional | None:
        return next((p for p in self.professionals if p.id == professional_id), None)

    def is_child(self, person: KnownPerson) -> bool:
        """Under 18 on the day of recording, or named as a child where no birth date is known."""
        if person.date_of_birth is not None:
            return age_in_years(person.date_of_birth, self.recorded_on) < 18
        words = person.relationship.casefold()
        return any(w in words for w in ("subject child", "sibling", "child", "son", "daughter"))

    def children(self) -> list[KnownPerson]:
        return [p for p in self.people if self.is_child(p)]

    def is_child_id(self, person_id: str | None) -> bool:
        """Whether the id is a known person who is a child (an id of nobody is not)."""
        person = self.person(person_id) if person_id else None
        return person is not None and self.is_child(person)

    def subject_children(self) -> list[KnownPerson]:
        """The children the record is about: a note is about them when it names nobody."""
        return [p for p in self.people if p.relationship.casefold() == "subject child"]


class ContextError(ValueError):
    """A case line that cannot be read as a family; the message says what is wrong."""


def context_from_case(case: dict[str, Any]) -> DictationContext:
    """A case in the evaluation format (see ``../shared/eval/README.md``)."""
    if not isinstance(case, dict):
        raise ContextError("the line is not a JSON object")
    try:
        recorded_on = parse_iso_date(str(case.get("recorded_on", "")))
    except ValueError:
        recorded_on = None
    if recorded_on is None:
        raise ContextError('"recorded_on" must be a date written as YYYY-MM-DD')
    if not 1900 < recorded_on.year < 9000:
        raise ContextError('"recorded_on" must be a date between the years 1901 and 8999')
    worker = case.get("worker") or {}
    for key in ("people", "professionals"):
        if not isinstance(case.get(key) or [], list):
            raise ContextError(f'"{key}" must be a list of people in [ ]')
    people = []
    for number, row in enumerate(case.get("people") or [], start=1):
        if not isinstance(row, dict) or not row.get("id") or not row.get("first_name"):
            raise ContextError(f"person {number} needs at least an id and a first name")
        try:
            born = parse_iso_date(row["date_of_birth"]) if row.get("date_of_birth") else None
        except ValueError:
            born = None
        people.append(
            KnownPerson(
                id=str(row["id"]),
                first_name=str(row["first_name"]),
                last_name=str(row.get("last_name") or ""),
                known_as=str(row.get("known_as") or ""),
                date_of_birth=born,
                relationship=str(row.get("relationship") or ""),
                gender=str(row.get("gender") or ""),
            )
        )
    professionals = []
    for number, row in enumerate(case.get("professionals") or [], start=1):
        if not isinstance(row, dict) or not row.get("id") or not row.get("name"):
            raise ContextError(f"professional {number} needs at least an id and a name")
        professionals.append(
            KnownProfessional(
                id=str(row["id"]),
                name=str(row["name"]),
                role=str(row.get("role") or ""),
                agency=str(row.get("agency") or ""),
            )
        )
    return DictationContext(
        recorded_on=recorded_on,
        worker_name=str(worker.get("name") or "") if isinstance(worker, dict) else "",
        people=tuple(people),
        professionals=tuple(professionals),
    )


def context_from_facts(facts, vocabulary, *, recorded_on: date) -> DictationContext:
    """The family as a case's facts hold it (``store.views.CaseFacts``), seen from the child.

    :param vocabulary: ``reference.relationships.RelationshipVocabulary``, for the
        words a worker uses ("mother", "stepfather", "foster carer").
    """
    child = facts.child
    people: dict[str, KnownPerson] = {
        child.id: _known(child, "subject child"),
    }
    for link in facts.links:
        relation = vocabulary.describe(
            link.relationship.kind,
            person_gender=link.person.gender,
            person_is_subject_side=link.other_is_subject,
        )
        people.setdefault(link.person.id, _known(link.person, relation))
    for household in facts.households:
        for member in household.members:
            people.setdefault(member.id, _known(member, "household member"))
    professionals = tuple(
        KnownProfessional(
            id=professional.id,
            name=professional.name,
            role=involvement.role or professional.role,
            agency=professional.agency,
        )
        for involvement, professional in facts.professionals
    )
    return DictationContext(
        recorded_on=recorded_on,
        worker_name=facts.worker_name,
        people=tuple(people.values()),
        professionals=professionals,
    )


def _known(person, relationship: str) -> KnownPerson:
    return KnownPerson(
        id=person.id,
        first_name=person.first_name,
        last_name=person.last_name,
        known_as=person.known_as,
        date_of_birth=person.date_of_birth,
        relationship=relationship,
        gender=person.gender,
    )
