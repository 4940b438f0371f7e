"""Other systems' ids for our entities, and writing a whole import through them.

An import is one user action: everything in it is written in one transaction,
through the same tables (and so the same change-log triggers) as every other
write, or nothing is.
"""

from __future__ import annotations

from collections.abc import Callable

from recorder.domain.changes import Changes
from recorder.domain.imports import ExternalRef, ImportBatch
from recorder.domain.people import Person
from recorder.domain.users import Role
from recorder.store.repository import Repository
from recorder.store.rights import reads, verb

Progress = Callable[[str, int, int], None]
"""(what, done, total): called as each chunk of an import is written."""

_CHUNK = 5_000


class ExternalRefs(Repository[ExternalRef]):
    table = "external_refs"
    item = ExternalRef
    noun = "external reference"

    @reads
    def known(self, entity: str) -> dict[str, str]:
        """Every reference already held for one kind of entity: reference -> our id."""
        rows = self._store.rows(
            "SELECT reference, entity_id FROM external_refs WHERE entity = ?", [entity]
        )
        return {r["reference"]: r["entity_id"] for r in rows}

    @property
    def lookups(self) -> ImportLookups:
        return ImportLookups(self._store)

    @verb(
        allowed=frozenset({Role.TEAM_MANAGER}),
        says="A caseload is imported by a team manager",
    )
    def import_caseload(self, batch: ImportBatch, *, progress: Progress | None = None) -> Changes:
        """Write an import: new people, homes, cases ... and their references, and the
        changes to what was already there, all in one transaction.

        :param progress: told after each chunk, so a long import shows it is moving
        :raises RefusedWriteError: when the database refuses any of it; nothing is written
        """
        store = self._store
        tables = (
            (store.users, batch.users),
            (store.people, batch.people),
            (store.households, batch.households),
            (store.household_members, batch.members),
            (store.relationships, batch.relationships),
            (store.professionals, batch.professionals),
            (store.involvements, batch.involvements),
            (store.cases, batch.cases),
            (store.records, batch.visits),
            (self, batch.refs),
        )
        changes = Changes()
        with store.transaction():
            for repository, items in tables:
                for start in range(0, len(items), _CHUNK):
                    changes |= repository.add_all(items[start : start + _CHUNK])
                    if progress:
                        progress(repository.table, min(start + _CHUNK, len(items)), len(items))
            by_table = {repository.table: repository for repository, _ in tables}
            for update in batch.updates:
                changes |= by_table[update.table].update(update.entity_id, **update.fields)
            if progress and batch.updates:
                progress("updates", len(batch.updates), len(batch.updates))
        return changes


class ImportLookups:
    """What an import needs to know of the record to match rather than duplicate.

    Read once, before the files are checked; every method reads whole tables by
    index, which at 100,000 people is a fraction of a second each.
    """

    def __init__(self, store) -> None:
        self._store = store

    def people_by_nhs_number(self) -> dict[str, str]:
        rows = self._store.rows(
            "SELECT id, nhs_number FROM people WHERE nhs_number <> '' AND merged_into IS NULL"
        )
        return {r["nhs_number"].replace(" ", ""): r["id"] for r in rows}

    def people_with_birth_dates(self) -> list[Person]:
        """Everyone on the record with a date of birth (not merged into another)."""
        return self._store.people._many(
            "SELECT * FROM people WHERE date_of_birth IS NOT NULL AND merged_into IS NULL"
        )

    def users_by_email(self) -> dict[str, str]:
        rows = self._store.rows("SELECT id, email FROM users WHERE email <> ''")
        return {r["email"].strip().lower(): r["id"] for r in rows}

    def memberships(self) -> dict[tuple[str, str, str | None], tuple[str, str | None]]:
        """(household, person, moved in) -> (membership id, moved out)."""
        rows = self._store.rows(
            "SELECT id, household_id, person_id, start_date, end_date FROM household_members"
        )
        return {
            (r["household_id"], r["person_id"], r["start_date"]): (r["id"], r["end_date"])
            for r in rows
        }

    def relationships(self) -> set[tuple[str, str, str]]:
        """(person, kind, other), both ways round: a reverse already held is no new fact."""
        rows = self._store.rows("SELECT person_id, kind, other_id FROM relationships")
        return {(r["person_id"], r["kind"], r["other_id"]) for r in rows}

    def involvements(self) -> dict[tuple[str, str, str, str | None], tuple[str, str | None]]:
        """(professional, child, role, start) -> (involvement id, end)."""
        rows = self._store.rows(
            "SELECT id, professional_id, child_id, role, start_date, end_date FROM involvements"
        )
        return {
            (r["professional_id"], r["child_id"], r["role"], r["start_date"]): (
                r["id"], r["end_date"],
            )
            for r in rows
        }  # fmt: skip

    def visit_days(self) -> set[tuple[str, str]]:
        """(case, visit date) of every record holding a visit date."""
        rows = self._store.rows(
            "SELECT case_id, json_extract(values_json, '$.visit_date') AS day FROM records "
            "WHERE json_extract(values_json, '$.visit_date') IS NOT NULL"
        )
        return {(r["case_id"], r["day"]) for r in rows}
