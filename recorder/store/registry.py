"""The family registry: people, households, relationships and professionals."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date

from recorder.domain.changes import Changes
from recorder.domain.duplicates import match_reason
from recorder.domain.family_entry import (
    family_edit_problem,
    merge_problem,
    period_problem,
    person_problems,
)
from recorder.domain.ids import new_id, utc_iso, utc_now
from recorder.domain.people import Household, HouseholdMember, Person, Relationship
from recorder.domain.placement_entry import PLACEMENT_EDITORS
from recorder.domain.placements import Placement, overlapping, placement_problems
from recorder.domain.professionals import Involvement, Professional
from recorder.domain.users import Role
from recorder.store.errors import NotFoundError, RefusedWriteError
from recorder.store.repository import Repository
from recorder.store.rights import EVERYONE, reads, verb
from recorder.store.sync_copy import note_merge_seen


def check_family_editor(store) -> None:
    """Refuse a change to the family record by a role that only reads it."""
    if store.user_id is not None:
        refused = family_edit_problem(store.users.get(store.user_id).role)
        if refused:
            raise RefusedWriteError(refused)


def _differences(current, wanted) -> dict:
    """The fields of ``wanted`` that differ from ``current`` (ids aside)."""
    return {
        f.name: getattr(wanted, f.name)
        for f in fields(wanted)
        if f.name != "id" and getattr(wanted, f.name) != getattr(current, f.name)
    }


@dataclass(frozen=True)
class PossibleDuplicate:
    """Someone already on the record whom a new person may be, and why."""

    person: Person
    reason: str


class DuplicateFoundError(RefusedWriteError):
    """A new person matches someone on the record: offer them first.

    ``matches`` holds who; add the person again with ``not_a_duplicate=True``
    once the user has said they are someone else.
    """

    def __init__(self, matches: list[PossibleDuplicate]) -> None:
        self.matches = matches
        names = "; ".join(f"{m.person.display_name} ({m.reason})" for m in matches)
        super().__init__(f"This may be someone already on the record: {names}.")


@dataclass(frozen=True)
class PersonMerge:
    """Two people found to be one: what was moved from the merged one to the one kept."""

    kept_id: str
    merged_id: str
    moved: dict[str, list[str]]
    """Table name to the ids of its rows that now point at the person kept."""
    merged_at: str
    reason: str = ""
    undone_at: str | None = None
    undo_reason: str = ""
    id: str = ""


# Where a person's id is held, so a merge moves each of these rows to the person kept.
_PERSON_COLUMNS = (
    ("household_members", "person_id"),
    ("relationships", "person_id"),
    ("relationships", "other_id"),
    ("involvements", "child_id"),
    ("cases", "child_id"),
    ("placements", "child_id"),
)


class People(Repository[Person]):
    table = "people"
    item = Person
    noun = "person"

    @reads
    def possible_duplicates(self, person: Person) -> list[PossibleDuplicate]:
        """People already on the record who may be ``person``: the same NHS number, or the
        same name and date of birth (accents, case and punctuation folded). Merged people
        are left out: their records live with the person kept."""
        wanted: list[str] = []
        clauses = []
        if person.nhs_number.strip():
            clauses.append("nhs_number = ?")
            wanted.append(person.nhs_number.replace(" ", ""))
        if person.date_of_birth is not None:
            clauses.append("date_of_birth = ?")
            wanted.append(person.date_of_birth.isoformat())
        if not clauses:
            return []
        candidates = self._many(
            f"SELECT * FROM people WHERE merged_into IS NULL AND ({' OR '.join(clauses)}) "
            "ORDER BY last_name, first_name",
            wanted,
        )
        found = []
        for candidate in candidates:
            reason = match_reason(person, candidate)
            if reason:
                found.append(PossibleDuplicate(candidate, reason))
        return found

    @verb(allowed=EVERYONE)
    def record_new(self, person: Person, *, not_a_duplicate: bool = False) -> Changes:
        """Add someone new to the family registry.

        :param not_a_duplicate: the user was offered the possible duplicates and said
            this is someone else
        :raises DuplicateFoundError: when someone on the record may be this person
        :raises RefusedWriteError: for a missing name or a wrong NHS number, or a role
            that does not keep the family record
        """
        check_family_editor(self._store)
        problems = person_problems(person, ethnicities=None, today=date.today())
        if problems:
            raise RefusedWriteError(" ".join(problems))
        with self._store.transaction():
            matches = self.possible_duplicates(person)
            if matches and not not_a_duplicate:
                raise DuplicateFoundError(matches)
            changes = self.add(person)
            for match in matches:  # said to be someone else: other laptops ask no more
                changes |= self._not_duplicates(person.id, match.person.id, "")
            return changes

    @verb(allowed=EVERYONE)
    def mark_not_duplicates(self, person_id: str, other_id: str, *, reason: str = "") -> Changes:
        """Two people who match (the same name and date of birth, say) are two people.

        Logged and synced, so a pair two laptops added apart is listed as a possible
        duplicate nowhere once someone has said so.

        :raises RefusedWriteError: for a role that only reads the family record, or
            for one person given twice
        """
        check_family_editor(self._store)
        if person_id == other_id:
            raise RefusedWriteError("A person cannot be different from themself.")
        with self._store.transaction():
            self.get(person_id), self.get(other_id)
            return self._not_duplicates(person_id, other_id, reason)

    def _not_duplicates(self, person_id: str, other_id: str, reason: str) -> Changes:
        first, second = sorted((person_id, other_id))
        row_id = new_id()
        self._store.db.execute(
            "INSERT INTO people_not_duplicates (id, person_id, other_id, reason, decided_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [row_id, first, second, reason.strip(), utc_iso(utc_now())],
        )
        return Changes.of("people_not_duplicates", row_id) | Changes.of("people", first, second)

    @reads
    def not_duplicates(self, person_id: str, other_id: str) -> bool:
        """Whether someone said these two are different people."""
        first, second = sorted((person_id, other_id))
        return bool(
            self._store.rows(
                "SELECT 1 FROM people_not_duplicates WHERE person_id = ? AND other_id = ?",
                [first, second],
            )
        )

    @verb(allowed=EVERYONE)
    def correct(self, person: Person) -> Changes:
        """Change a person's registry facts to these; only what differs reaches the log.

        :raises RefusedWriteError: for facts that cannot be right, a person merged into
            another (correct the one kept), or a role that does not keep the record
        """
        check_family_editor(self._store)
        problems = person_problems(person, ethnicities=None, today=date.today())
        if problems:
            raise RefusedWriteError(" ".join(problems))
        with self._store.transaction():
            current = self.get(person.id)
            if current.merged_into:
                raise RefusedWriteError(
                    "This person was merged into another: correct the person kept."
                )
            changed = _differences(current, person)
            changed.pop("merged_into", None)
            return self.update(person.id, **changed) if changed else Changes()

    @verb(
        allowed=frozenset({Role.TEAM_MANAGER}),
        says="Two people found to be one are merged (and unmerged) by a team manager",
    )
    def merge(self, kept_id: str, merged_id: str, *, reason: str = "") -> Changes:
        """Two people found to be one: everything of ``merged_id`` moves to ``kept_id``.

        Memberships, relationships, involvements, cases (with their records) and
        placements move; the merged person stays on the record pointing at the one
        kept, so both change histories are kept. A relationship between the two
        themselves stays as it was (a person is not related to themself).

        :raises RefusedWriteError: unless a team manager does it, or when either is
            already merged, or they are the same person
        """
        store = self._store
        if store.user_id is not None:
            refused = merge_problem(store.users.get(store.user_id).role)
            if refused:
                raise RefusedWriteError(refused)
        if kept_id == merged_id:
            raise RefusedWriteError("A person cannot be merged with themself.")
        with store.transaction():
            kept, merged = self.get(kept_id), self.get(merged_id)
            for person in (kept, merged):
                if person.merged_into:
                    raise RefusedWriteError(
                        f"{person.display_name} was already merged into someone else."
                    )
            moved: dict[str, list[str]] = {}
            changes = Changes()
            for table, column in _PERSON_COLUMNS:
                extra = ""
                if table == "relationships":
                    other = "other_id" if column == "person_id" else "person_id"
                    extra = f" AND {other} <> ?"
                rows = store.rows(
                    f"SELECT id FROM {table} WHERE {column} = ?{extra}",
                    [merged_id, kept_id] if extra else [merged_id],
                )
                ids = [r["id"] for r in rows]
                for row_id in ids:
                    store.db.execute(
                        f"UPDATE {table} SET {column} = ? WHERE id = ?", [kept_id, row_id]
                    )
                if ids:
                    moved.setdefault(f"{table}.{column}", []).extend(ids)
                    changes |= Changes(frozenset({table}), frozenset(ids))
            merge_id = new_id()
            store.db.execute(
                "INSERT INTO person_merges (id, kept_id, merged_id, moved_json, reason, "
                "merged_at) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    merge_id, kept_id, merged_id, json.dumps(moved), reason.strip(),
                    utc_iso(utc_now()),
                ],
            )
            note_merge_seen(store, merge_id, merged_id)  # for a laptop that edits them apart
            changes |= self.update(merged_id, merged_into=kept_id)
        return changes | Changes.of("people", kept_id, merged_id) | Changes.of(
            "person_merges", merge_id
        )

    @verb(
        allowed=frozenset({Role.TEAM_MANAGER}),
        says="Two people found to be one are merged (and unmerged) by a team manager",
    )
    def unmerge(self, merge_id: str, *, reason: str) -> Changes:
        """Undo a merge: what it moved goes back to the merged person, who stands alone
        again. The merge and its undoing both stay in the log.

        :raises RefusedWriteError: unless a team manager does it with a reason, or when
            the merge was already undone
        """
        store = self._store
        if store.user_id is not None:
            refused = merge_problem(store.users.get(store.user_id).role)
            if refused:
                raise RefusedWriteError(refused)
        if not reason.strip():
            raise RefusedWriteError("Say why the two people are not one after all.")
        with store.transaction():
            merge = self.merge_record(merge_id)
            if merge.undone_at:
                raise RefusedWriteError("This merge was already undone.")
            changes = Changes()
            for where, ids in merge.moved.items():
                table, column = where.split(".")
                for row_id in ids:
                    store.db.execute(
                        f"UPDATE {table} SET {column} = ? WHERE id = ? AND {column} = ?",
                        [merge.merged_id, row_id, merge.kept_id],
                    )
                changes |= Changes(frozenset({table}), frozenset(ids))
            store.db.execute(
                "UPDATE person_merges SET undone_at = ?, undo_reason = ? WHERE id = ?",
                [utc_iso(utc_now()), reason.strip(), merge_id],
            )
            changes |= self.update(merge.merged_id, merged_into=None)
        return changes | Changes.of("people", merge.kept_id, merge.merged_id) | Changes.of(
            "person_merges", merge_id
        )

    @reads
    def merge_record(self, merge_id: str) -> PersonMerge:
        rows = self._store.rows("SELECT * FROM person_merges WHERE id = ?", [merge_id])
        if not rows:
            raise NotFoundError(f"There is no merge with id {merge_id}.")
        return _merge_from_row(rows[0])

    @reads
    def merges_of(self, person_id: str) -> list[PersonMerge]:
        """Merges this person was part of, either side, oldest first."""
        rows = self._store.rows(
            "SELECT * FROM person_merges WHERE kept_id = ? OR merged_id = ? ORDER BY merged_at",
            [person_id, person_id],
        )
        return [_merge_from_row(r) for r in rows]


def _merge_from_row(row: dict) -> PersonMerge:
    return PersonMerge(
        kept_id=row["kept_id"],
        merged_id=row["merged_id"],
        moved=json.loads(row["moved_json"]),
        merged_at=row["merged_at"],
        reason=row["reason"],
        undone_at=row["undone_at"],
        undo_reason=row["undo_reason"],
        id=row["id"],
    )


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

    @verb(allowed=EVERYONE)
    def record_new(self, household: Household) -> Changes:
        """A home not yet on the record (a new address someone moves to).

        :raises RefusedWriteError: without a name, or for a role that only reads
        """
        check_family_editor(self._store)
        if not household.name.strip():
            raise RefusedWriteError("Give the household a name (for example the family name).")
        return self.add(household)

    @verb(allowed=EVERYONE)
    def correct(self, household: Household) -> Changes:
        """Correct a household's address or phone (a wrong postcode, say): not a move."""
        check_family_editor(self._store)
        if not household.name.strip():
            raise RefusedWriteError("A household keeps a name.")
        with self._store.transaction():
            changed = _differences(self.get(household.id), household)
            return self.update(household.id, **changed) if changed else Changes()

    @verb(allowed=EVERYONE)
    def move_in(self, household_id: str, person_id: str, *, on: date | None) -> Changes:
        """Someone moved in to a household on a date (None: not known when).

        :raises RefusedWriteError: when they already live there, or for a role that
            only reads the record
        """
        check_family_editor(self._store)
        with self._store.transaction():
            self.get(household_id)
            self._store.people.get(person_id)
            if person_id in self.current_member_ids(household_id, on=on or date.today()):
                raise RefusedWriteError("They already live in this household.")
            return self.add_member(household_id, person_id, since=on) | Changes.of(
                "people", person_id
            )

    @verb(allowed=EVERYONE)
    def move_out(self, member_id: str, *, on: date) -> Changes:
        """Someone left a household on a date: the membership ends and stays in history.

        :raises RefusedWriteError: for a date before they moved in, a membership already
            ended, or a role that only reads the record
        """
        check_family_editor(self._store)
        with self._store.transaction():
            member = self._store.household_members.get(member_id)
            if member.end_date is not None:
                raise RefusedWriteError(
                    f"They already moved out, on {member.end_date:%d/%m/%Y}."
                )
            problem = period_problem(member.start_date, on, what="living there")
            if problem:
                raise RefusedWriteError(problem)
            return self.end_membership(member_id, on=on) | Changes.of(
                "households", member.household_id
            ) | Changes.of("people", member.person_id)

    @reads
    def memberships(self, household_id: str, *, on: date) -> list[tuple[HouseholdMember, Person]]:
        """Who lives in a household on a date, with their memberships (to end one)."""
        members = self._store.household_members._many(
            "SELECT * FROM household_members WHERE household_id = ? "
            "AND (start_date IS NULL OR start_date <= ?) AND (end_date IS NULL OR end_date > ?)",
            [household_id, on.isoformat(), on.isoformat()],
        )
        people = self._store.people.many([m.person_id for m in members])
        return [(m, people[m.person_id]) for m in members if m.person_id in people]

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

    @verb(allowed=EVERYONE)
    def record_new(self, relationship: Relationship) -> Changes:
        """Record how two people are related, once, in one direction ("A is mother of B").

        :raises RefusedWriteError: for a person related to themself, the same two people
            already related this way (either way round), or a role that only reads
        """
        check_family_editor(self._store)
        if relationship.person_id == relationship.other_id:
            raise RefusedWriteError("A person cannot be related to themself.")
        if not relationship.kind.strip():
            raise RefusedWriteError("Choose how they are related.")
        with self._store.transaction():
            for known in self.involving(relationship.person_id):
                if {known.person_id, known.other_id} == {
                    relationship.person_id,
                    relationship.other_id,
                }:
                    raise RefusedWriteError(
                        "These two are already related on the record: remove that "
                        "relationship first if it is wrong."
                    )
            return self.add(relationship) | Changes.of(
                "people", relationship.person_id, relationship.other_id
            )

    @verb()
    def remove(self, relationship_id: str) -> Changes:
        """A relationship recorded in error is removed; the change log keeps what it was."""
        check_family_editor(self._store)
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

    @verb(allowed=EVERYONE)
    def record_new(self, professional: Professional) -> Changes:
        """A professional not yet known to the team.

        :raises RefusedWriteError: without a name and a role, or for a role that only reads
        """
        check_family_editor(self._store)
        if not professional.name.strip() or not professional.role.strip():
            raise RefusedWriteError("Give the professional's name and their role.")
        return self.add(professional)

    @verb(allowed=EVERYONE)
    def correct(self, professional: Professional) -> Changes:
        """Correct a professional's details (a new phone number, another agency)."""
        check_family_editor(self._store)
        if not professional.name.strip() or not professional.role.strip():
            raise RefusedWriteError("A professional keeps a name and a role.")
        with self._store.transaction():
            changed = _differences(self.get(professional.id), professional)
            return self.update(professional.id, **changed) if changed else Changes()


class Involvements(Repository[Involvement]):
    table = "involvements"
    item = Involvement
    noun = "involvement"

    @reads
    def for_child(self, child_id: str) -> list[Involvement]:
        return self._many(
            "SELECT * FROM involvements WHERE child_id = ? ORDER BY start_date", [child_id]
        )

    @verb(allowed=EVERYONE)
    def record_new(self, involvement: Involvement) -> Changes:
        """A professional becomes involved with a child, from a date.

        :raises RefusedWriteError: for dates out of order, the same professional already
            involved now, or a role that only reads the record
        """
        check_family_editor(self._store)
        problem = period_problem(
            involvement.start_date, involvement.end_date, what="the involvement"
        )
        if problem:
            raise RefusedWriteError(problem)
        with self._store.transaction():
            self._store.professionals.get(involvement.professional_id)
            for known in self.for_child(involvement.child_id):
                if known.professional_id == involvement.professional_id and known.end_date is None:
                    raise RefusedWriteError("This professional is already involved.")
            return self.add(involvement) | Changes.of("people", involvement.child_id)

    @verb(allowed=EVERYONE)
    def end(self, involvement_id: str, *, on: date) -> Changes:
        """A professional's involvement ended on a date; it stays in the child's history."""
        check_family_editor(self._store)
        with self._store.transaction():
            involvement = self.get(involvement_id)
            if involvement.end_date is not None:
                raise RefusedWriteError(
                    f"This involvement already ended, on {involvement.end_date:%d/%m/%Y}."
                )
            problem = period_problem(involvement.start_date, on, what="the involvement")
            if problem:
                raise RefusedWriteError(problem)
            return self.update(involvement_id, end_date=on) | Changes.of(
                "people", involvement.child_id
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
