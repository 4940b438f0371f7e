"""The family registry: people, households, relationships and professionals."""

from __future__ import annotations

from datetime import date

from recorder.domain.changes import Changes
from recorder.domain.people import Household, HouseholdMember, Person, Relationship
from recorder.domain.professionals import Involvement, Professional
from recorder.store.repository import Repository


class People(Repository[Person]):
    table = "people"
    item = Person
    noun = "person"


class Households(Repository[Household]):
    table = "households"
    item = Household
    noun = "household"

    def add_member(
        self, household_id: str, person_id: str, *, since: date | None = None
    ) -> Changes:
        """Record that a person lives in a household (from ``since``, if known)."""
        return self._store.household_members.add(
            HouseholdMember(household_id=household_id, person_id=person_id, start_date=since)
        ) | Changes.of("households", household_id)

    def end_membership(self, member_id: str, *, on: date) -> Changes:
        """Someone moved out: the membership ends, the history stays."""
        return self._store.household_members.update(member_id, end_date=on)

    def current_for(self, person_id: str, *, on: date) -> list[Household]:
        """Households a person lives in on a date (a child in care may have one; some two)."""
        return self._many(
            "SELECT h.* FROM households h JOIN household_members m ON m.household_id = h.id "
            "WHERE m.person_id = ? AND (m.start_date IS NULL OR m.start_date <= ?) "
            "AND (m.end_date IS NULL OR m.end_date > ?) ORDER BY h.name",
            [person_id, on.isoformat(), on.isoformat()],
        )

    def current_member_ids(self, household_id: str, *, on: date) -> list[str]:
        rows = self._store.rows(
            "SELECT person_id FROM household_members WHERE household_id = ? "
            "AND (start_date IS NULL OR start_date <= ?) AND (end_date IS NULL OR end_date > ?)",
            [household_id, on.isoformat(), on.isoformat()],
        )
        return [r["person_id"] for r in rows]


class HouseholdMembers(Repository[HouseholdMember]):
    table = "household_members"
    item = HouseholdMember
    noun = "household membership"


class Relationships(Repository[Relationship]):
    table = "relationships"
    item = Relationship
    noun = "relationship"

    def involving(self, person_id: str) -> list[Relationship]:
        """Every relationship with this person on either side."""
        return self._many(
            "SELECT * FROM relationships WHERE person_id = ? "
            "UNION ALL SELECT * FROM relationships WHERE other_id = ?",
            [person_id, person_id],
        )

    def remove(self, relationship_id: str) -> Changes:
        """A relationship recorded in error is removed; the change log keeps what it was."""
        self.get(relationship_id)
        with self._store.transaction():
            self._db.execute("DELETE FROM relationships WHERE id = ?", [relationship_id])
        return Changes.of("relationships", relationship_id)


class Professionals(Repository[Professional]):
    table = "professionals"
    item = Professional
    noun = "professional"

    def all(self) -> list[Professional]:
        return self._many("SELECT * FROM professionals ORDER BY name")


class Involvements(Repository[Involvement]):
    table = "involvements"
    item = Involvement
    noun = "involvement"

    def for_child(self, child_id: str) -> list[Involvement]:
        return self._many(
            "SELECT * FROM involvements WHERE child_id = ? ORDER BY start_date", [child_id]
        )
