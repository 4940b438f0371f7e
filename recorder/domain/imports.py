"""What an import brings in, as domain objects ready for the store to write in one go.

The importing package reads and checks a council's CSV files and decides, row
by row, what is new, what is already on the record and what has changed; the
store writes the result (:class:`ImportBatch`) in one transaction. Nothing
here reads a file or a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from recorder.domain.cases import Case
from recorder.domain.ids import new_id
from recorder.domain.people import Household, HouseholdMember, Person, Relationship
from recorder.domain.professionals import Involvement, Professional
from recorder.domain.records import Record
from recorder.domain.users import User


@dataclass(frozen=True)
class ExternalRef:
    """The id another system (the council's main case system) gives one of our entities.

    ``entity`` is the table (``people``, ``households``, ``cases`` ...) so the
    same number used for a person and a case never collides.
    """

    entity: str
    entity_id: str
    reference: str
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class FieldUpdate:
    """Fields of one entity already on the record that the import changes."""

    table: str
    entity_id: str
    fields: dict[str, Any]


@dataclass
class ImportBatch:
    """Everything one import adds or changes, in the order the store writes it."""

    users: list[User] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    members: list[HouseholdMember] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    professionals: list[Professional] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    visits: list[Record] = field(default_factory=list)
    refs: list[ExternalRef] = field(default_factory=list)
    updates: list[FieldUpdate] = field(default_factory=list)

    def additions(self) -> int:
        return sum(
            len(getattr(self, name))
            for name in (
                "users", "people", "households", "members", "relationships",
                "professionals", "involvements", "cases", "visits",
            )
        )  # fmt: skip

    @property
    def is_empty(self) -> bool:
        return not self.additions() and not self.updates and not self.refs
