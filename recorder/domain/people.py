"""People in a child's life, the households they live in, and how they are related."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from recorder.domain.ids import new_id


@dataclass(frozen=True)
class Person:
    """A child or adult known to the family registry. Every fact here is told once."""

    first_name: str
    last_name: str
    middle_names: str = ""
    known_as: str = ""
    date_of_birth: date | None = None
    date_of_birth_estimated: bool = False
    """The date of birth is a best estimate (a person who does not know theirs)."""
    gender: str = ""
    ethnicity: str = ""
    first_language: str = ""
    interpreter_needed: bool = False
    religion: str = ""
    nhs_number: str = ""
    phone: str = ""
    email: str = ""
    merged_into: str | None = None
    """Found to be the same person as this one: their records now live there."""
    id: str = field(default_factory=new_id)

    @property
    def full_name(self) -> str:
        """Legal name as written on documents: first, middle and last names."""
        return " ".join(p for p in (self.first_name, self.middle_names, self.last_name) if p)

    @property
    def display_name(self) -> str:
        """The name a practitioner uses, with the known-as name where there is one."""
        if self.known_as and self.known_as != self.first_name:
            return f"{self.first_name} “{self.known_as}” {self.last_name}".strip()
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class Household:
    """A home: its address and phone. Who lives there is held as memberships."""

    name: str
    address_line1: str = ""
    address_line2: str = ""
    town: str = ""
    postcode: str = ""
    phone: str = ""
    id: str = field(default_factory=new_id)

    @property
    def address_lines(self) -> list[str]:
        return [p for p in (self.address_line1, self.address_line2, self.town, self.postcode) if p]

    @property
    def address(self) -> str:
        """The address on one line, as a form or table shows it."""
        return ", ".join(self.address_lines)


@dataclass(frozen=True)
class HouseholdMember:
    """A person living in a household, from a date and (once they move) until one."""

    household_id: str
    person_id: str
    start_date: date | None = None
    end_date: date | None = None
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Relationship:
    """Reads "person is <kind> of other", e.g. Sarah is mother of Mia.

    Each relationship is stored once, in one direction; the reverse wording
    ("daughter of") comes from the relationship vocabulary, not a second row.
    """

    person_id: str
    kind: str
    other_id: str
    id: str = field(default_factory=new_id)
