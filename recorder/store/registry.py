"""The family registry: people, households, relationships and professionals."""

from __future__ import annotations

from datetime import date

from recorder.domain.changes import Changes
from recorder.domain.people import Household, HouseholdMember, Person, Relationship
from recorder.domain.placement_entry import PLACEMENT_EDITORS
from recorder.domain.placements import Placement, overlapping, placement_problems
from recorder.domain.professionals import Involvement, Professional
from recorder.store.errors import RefusedWriteError
from recorder.store.repository import Repository
from recorder.store.rights import reads, verb


class People(Repository[Person]):
    table = "people"
    item = Person
    noun = "person"


class Households(Repository[Household]):
    table = "households"
    item = Household
    noun = "household"

    @verb()
    def add_member(
        self, household_id: str, person_id: str, *, since: date | None = None
    ) -> Changes:
        """Record that a person lives in a household (from ``since``, if known)."""
        return self._store.household_members.add(
            HouseholdMember(household_id=household_id, person_id=person_id, start_date=since)
        ) | Changes.of("households", household_id)

    @verb()
    def end_membership(self, member_id: str, *, on: date) -> Changes:
        """Someone moved out: the membership ends, the history stays."""
        return self._store.household_members.update(member_id, end_date=on)

    @reads
    def current_for(self, person_id: str, *, on: date) -> list[Household]:
        """Households a person lives in on a date (a child in care may have one; some two)."""
        return self._many(
            "SELECT h.* FROM households h JOIN household_members m ON m.household_id = h.id "
            "WHERE m.person_id = ? AND (m.start_date IS NULL OR m.start_date <= ?) "
            "AND (m.end_date IS NULL OR m.end_date > ?) ORDER BY h.name",
            [person_id, on.isoformat(), on.isoformat()],
        )

    @reads
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

    @reads
    def involving(self, person_id: str) -> list[Relationship]:
        """Every relationship with this person on either side."""
        return self._many(
            "SELECT * FROM relationships WHERE person_id = ? "
            "UNION ALL SELECT * FROM relationships WHERE other_id = ?",
            [person_id, person_id],
        )

    @verb()
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

    @reads
    def all(self) -> list[Professional]:
        return self._many("SELECT * FROM professionals ORDER BY name")


class Involvements(Repository[Involvement]):
    table = "involvements"
    item = Involvement
    noun = "involvement"

    @reads
    def for_child(self, child_id: str) -> list[Involvement]:
        return self._many(
            "SELECT * FROM involvements WHERE child_id = ? ORDER BY start_date", [child_id]
        )


class Placements(Repository[Placement]):
    """Where children in care live; regulation 28 times their visits from these."""

    table = "placements"
    item = Placement
    noun = "placement"
    writers = PLACEMENT_EDITORS
    writers_say = (
        "Placements are recorded by the child's social worker or business support; "
        "a team manager can read them"
    )

    @reads
    def for_child(self, child_id: str) -> list[Placement]:
        """A child's placements, earliest first."""
        return self._many(
            "SELECT * FROM placements WHERE child_id = ? ORDER BY start_date", [child_id]
        )

    @reads
    def for_children(self, child_ids: list[str]) -> dict[str, list[Placement]]:
        """Several children's placements at once (the caseload), earliest first."""
        found: dict[str, list[Placement]] = {}
        ids = list(dict.fromkeys(child_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for p in self._many(
                f"SELECT * FROM placements WHERE child_id IN ({marks}) ORDER BY start_date", chunk
            ):
                found.setdefault(p.child_id, []).append(p)
        return found

    @verb()
    def save(self, placement: Placement) -> Changes:
        """Record a new placement or correct one, checked against the child's others.

        A new placement that starts while the child's current one is open ends that
        one on the new start date: a move is one action, not two.

        :raises RefusedWriteError: saying what is wrong (dates out of order, a legal
            status the kind cannot have, a placement overlapping another), or that the
            signed-in user's role does not record placements (a team manager reads them)
        """
        problems = placement_problems(placement)
        if problems:
            raise RefusedWriteError(" ".join(problems))
        with self._store.transaction():
            others = self.for_child(placement.child_id)
            existing = next((p for p in others if p.id == placement.id), None)
            changes = Changes()
            if existing is None:
                open_before = [
                    p for p in others if p.end_date is None and p.start_date < placement.start_date
                ]
                for p in open_before:
                    changes |= self.update(p.id, end_date=placement.start_date)
                others = self.for_child(placement.child_id)
            clash = overlapping(others, placement)
            if clash is not None:
                raise RefusedWriteError(
                    f"The dates overlap the placement from {clash.start_date:%d/%m/%Y}"
                    + (f" to {clash.end_date:%d/%m/%Y}" if clash.end_date else "")
                    + ": a child is in one placement at a time. Change that one's dates first."
                )
            if existing is None:
                changes |= self.add(placement)
            else:
                fields = {
                    f: getattr(placement, f)
                    for f in placement.__dataclass_fields__
                    if f != "id" and getattr(placement, f) != getattr(existing, f)
                }
                changes |= self.update(placement.id, **fields) if fields else Changes()
        return changes
