"""Users, cases and records: the casework built on top of the registry."""

from __future__ import annotations

from typing import Any

from recorder.domain.cases import Case
from recorder.domain.changes import Changes
from recorder.domain.ids import utc_now
from recorder.domain.records import Record, RecordStatus
from recorder.domain.users import User
from recorder.store.repository import Repository


class Users(Repository[User]):
    table = "users"
    item = User
    noun = "user"

    def all(self) -> list[User]:
        return self._many("SELECT * FROM users ORDER BY name")


class Cases(Repository[Case]):
    table = "cases"
    item = Case
    noun = "case"

    def for_child(self, child_id: str) -> list[Case]:
        return self._many(
            "SELECT * FROM cases WHERE child_id = ? ORDER BY start_date DESC", [child_id]
        )


class Records(Repository[Record]):
    table = "records"
    item = Record
    noun = "record"

    def save_values(
        self, record_id: str, values: dict[str, Any], provenance: dict[str, Any] | None = None
    ) -> Changes:
        """Replace a record's values (and provenance); the log keeps each field's change."""
        changes: dict[str, Any] = {"values": values, "updated_at": utc_now()}
        if provenance is not None:
            changes["provenance"] = provenance
        return self.update(record_id, **changes)

    def set_status(self, record_id: str, status: RecordStatus) -> Changes:
        return self.update(record_id, status=RecordStatus(status), updated_at=utc_now())

    def ids(self, *, case_id: str | None = None, finished_only: bool = False) -> list[str]:
        """Record ids, oldest first: every record, or one case's; all, or finished ones only.

        :raises NotFoundError: when ``case_id`` names no case
        """
        if case_id is not None:
            self._store.cases.get(case_id)
        statuses = [s.value for s in RecordStatus if s.is_finished or not finished_only]
        marks = ", ".join("?" for _ in statuses)
        rows = self._store.rows(
            f"SELECT id FROM records WHERE status IN ({marks})"
            + (" AND case_id = ?" if case_id is not None else "")
            + " ORDER BY created_at, id",
            [*statuses, *([case_id] if case_id is not None else [])],
        )
        return [r["id"] for r in rows]

    def for_case(self, case_id: str) -> list[Record]:
        return self._many(
            "SELECT * FROM records WHERE case_id = ? ORDER BY created_at DESC", [case_id]
        )
