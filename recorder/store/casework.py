"""Users, cases and records: the casework built on top of the registry."""

from __future__ import annotations

from datetime import date
from typing import Any

from recorder.domain.cases import Case, CaseType
from recorder.domain.family_entry import case_edit_problem, closing_problem, retype_problem
from recorder.domain.changes import Changes
from recorder.domain.conflicts import FieldConflict, FieldEdit, SaveOutcome, is_conflict
from recorder.domain.ids import utc_now
from recorder.domain.lifecycle import Handoff, edit_problem, step_problem
from recorder.domain.placement_entry import plan_frequency_problem
from recorder.domain.records import Record, RecordStatus
from recorder.domain.users import Role, User
from recorder.domain.working_copy import WorkingCopy
from recorder.store.errors import RefusedWriteError
from recorder.store.repository import Repository
from recorder.store.rows import from_row, to_row


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

    def _check_case_editor(self) -> None:
        if self._store.user_id is not None:
            refused = case_edit_problem(self._store.users.get(self._store.user_id).role)
            if refused:
                raise RefusedWriteError(refused)

    def open(self, case: Case) -> Changes:
        """Open a case for a child: its type, start, allocated worker and reference.

        :raises RefusedWriteError: when the child already has an open case of this type,
            the worker is not on the team, or the role does not open cases
        """
        self._check_case_editor()
        if case.end_date is not None:
            raise RefusedWriteError("A case is opened without an end date.")
        with self._store.transaction():
            self._store.people.get(case.child_id)
            if case.worker_id is not None:
                self._store.users.get(case.worker_id)
            for known in self.for_child(case.child_id):
                if known.is_open and known.case_type is case.case_type:
                    raise RefusedWriteError(
                        f"This child already has an open {case.case_type.label.lower()} case "
                        f"(from {known.start_date:%d/%m/%Y})."
                    )
            return self.add(case) | Changes.of("people", case.child_id)

    def transfer(self, case_id: str, worker_id: str) -> Changes:
        """Allocate the case to another worker: it leaves one caseload and joins the other.

        :raises RefusedWriteError: for a closed case, the worker it is already with, or a
            role that does not allocate cases
        """
        self._check_case_editor()
        with self._store.transaction():
            case = self.get(case_id)
            worker = self._store.users.get(worker_id)
            if not case.is_open:
                raise RefusedWriteError("A closed case is not transferred.")
            if case.worker_id == worker_id:
                raise RefusedWriteError(f"The case is already allocated to {worker.name}.")
            return self.update(case_id, worker_id=worker_id) | Changes.of(
                "people", case.child_id
            )

    def change_type(self, case_id: str, case_type: CaseType) -> Changes:
        """Child in need to child protection plan, or back; early help stepped up.

        :raises RefusedWriteError: saying why not (a closed case, into or out of care)
        """
        self._check_case_editor()
        with self._store.transaction():
            case = self.get(case_id)
            problem = retype_problem(case, CaseType(case_type))
            if problem:
                raise RefusedWriteError(problem)
            changes = self.update(case_id, case_type=CaseType(case_type))
            if case_type is CaseType.EARLY_HELP and case.plan_visit_every_working_days:
                changes |= self.update(case_id, plan_visit_every_working_days=None)
            return changes | Changes.of("people", case.child_id)

    def close(self, case_id: str, *, on: date, reason: str) -> Changes:
        """Close a case on a date with a reason: it leaves the caseload, its records stay.

        :raises RefusedWriteError: for a case already closed, a date before it opened,
            no reason, or a role that does not close cases
        """
        self._check_case_editor()
        with self._store.transaction():
            case = self.get(case_id)
            problem = closing_problem(case, on, reason)
            if problem:
                raise RefusedWriteError(problem)
            return self.update(case_id, end_date=on, closure_reason=reason.strip()) | (
                Changes.of("people", case.child_id)
            )

    def set_plan_visits(self, case_id: str, every_working_days: int | None) -> Changes:
        """Record the visiting frequency the child's plan sets; None: the plan sets none.

        :raises RefusedWriteError: for a number below 1, a case type with no statutory
            visits, or a role that does not record it (a team manager reads it)
        """
        if self._store.user_id is not None:
            refused = plan_frequency_problem(self._store.users.get(self._store.user_id).role)
            if refused:
                raise RefusedWriteError(refused)
        if every_working_days is not None and every_working_days < 1:
            raise RefusedWriteError("A plan's visits are at least 1 working day apart.")
        case = self.get(case_id)
        if every_working_days is not None and case.case_type is CaseType.EARLY_HELP:
            raise RefusedWriteError("Early help has no statutory visits, so no plan frequency.")
        return self.update(case_id, plan_visit_every_working_days=every_working_days)


_COPY_KEY = {"record_id", "user_id"}


class Records(Repository[Record]):
    table = "records"
    item = Record
    noun = "record"

    def save_values(
        self, record_id: str, values: dict[str, Any], provenance: dict[str, Any] | None = None
    ) -> Changes:
        """Replace a record's values (and provenance); the log keeps each field's change.

        :raises RefusedWriteError: when the record is locked, or is in a state the
            signed-in user's role does not change (a draft is the social worker's)
        """
        if self._store.user_id is not None:
            problem = edit_problem(self._actor().role, self.get(record_id).status)
            if problem:
                raise RefusedWriteError(problem)
        changes: dict[str, Any] = {"values": values, "updated_at": utc_now()}
        if provenance is not None:
            changes["provenance"] = provenance
        return self.update(record_id, **changes)

    def save_changes(
        self,
        record_id: str,
        edits: list[FieldEdit],
        *,
        provenance: dict[str, Any] | None = None,
        drop_working_copy: bool = False,
    ) -> SaveOutcome:
        """Write only the fields a user changed; a field someone else changed meanwhile is kept.

        Each edit names the value its writer started from. Where the record still holds
        that value (or already holds the new one) the edit is written with its
        provenance; where it holds something else, another window or device changed it
        since, and the edit comes back as a :class:`FieldConflict` for a person to
        choose, never written over it. One transaction, so two writers queue.

        :param edits: the changed fields, each with its base and new value (None: empty)
        :param provenance: the new provenance of edited fields (None: the field has none)
        :param drop_working_copy: the user's working copy is taken in: remove it, in the
            same transaction
        :raises RefusedWriteError: when the record is locked, or is in a state the
            signed-in user's role does not change
        """
        provenance = provenance or {}
        with self._store.transaction():
            record = self.get(record_id)
            if self._store.user_id is not None:
                problem = edit_problem(self._actor().role, record.status)
                if problem:
                    raise RefusedWriteError(problem)
            values, kept = dict(record.values), dict(record.provenance)
            written, conflicts = [], []
            for edit in edits:
                now = record.values.get(edit.field)
                if is_conflict(edit.base, edit.value, now):
                    conflicts.append(self._conflict(record_id, edit, now))
                    continue
                written.append(edit.field)
                for target, new in ((values, edit.value), (kept, provenance.get(edit.field))):
                    if new is None:
                        target.pop(edit.field, None)
                    else:
                        target[edit.field] = new
            for field_id, entry in provenance.items():  # provenance changed on its own
                if field_id not in {e.field for e in edits} and kept.get(field_id) != entry:
                    if entry is None:
                        kept.pop(field_id, None)
                    else:
                        kept[field_id] = entry
            changes = Changes()
            if values != record.values or kept != record.provenance:
                changes = self.update(
                    record_id, values=values, provenance=kept, updated_at=utc_now()
                )
            if drop_working_copy:
                self.drop_working_copy(record_id)
        return SaveOutcome(changes, tuple(written), tuple(conflicts), values, kept)

    def keep_working_copy(self, copy: WorkingCopy) -> Changes:
        """Keep the signed-in user's typing safe between saves, replacing their last copy.

        Not the record: nothing is logged, nothing announced as changed (no window
        refreshes for another's autosave). :meth:`save_changes` with
        ``drop_working_copy`` takes it into the record.

        :raises RefusedWriteError: when the record is not one this user may change now
        """
        with self._store.transaction():
            record = self.get(copy.record_id)
            if self._store.user_id is not None:
                problem = edit_problem(self._actor().role, record.status)
                if problem:
                    raise RefusedWriteError(problem)
            row = to_row(copy) | {"user_id": self._store.user_id or ""}
            columns = ", ".join(row)
            updates = ", ".join(f"{c} = excluded.{c}" for c in row if c not in _COPY_KEY)
            self._db.execute(
                f"INSERT INTO local_working_copies ({columns}) "
                f"VALUES ({', '.join('?' for _ in row)}) "
                f"ON CONFLICT (record_id, user_id) DO UPDATE SET {updates}",
                list(row.values()),
            )
        return Changes()

    def working_copy(self, record_id: str) -> WorkingCopy | None:
        """The signed-in user's typing on this record that the record has not taken yet."""
        rows = self._store.rows(
            "SELECT * FROM local_working_copies WHERE record_id = ? AND user_id = ?",
            [record_id, self._store.user_id or ""],
        )
        return from_row(WorkingCopy, rows[0]) if rows else None

    def drop_working_copy(self, record_id: str) -> None:
        """The record has taken the signed-in user's typing (or they let it go)."""
        with self._store.transaction():
            self._db.execute(
                "DELETE FROM local_working_copies WHERE record_id = ? AND user_id = ?",
                [record_id, self._store.user_id or ""],
            )

    def _conflict(self, record_id: str, edit: FieldEdit, now: Any) -> FieldConflict:
        """Both sides of a field, with who last wrote the stored one, from the change log."""
        last = self._store.rows(
            "SELECT user_id, at FROM change_log WHERE entity = 'records' AND entity_id = ? "
            "AND field = ? ORDER BY seq DESC LIMIT 1",
            [record_id, f"values.{edit.field}"],
        )
        by, at = (last[0]["user_id"], last[0]["at"]) if last else (None, None)
        return FieldConflict("records", record_id, edit.field, edit.base, edit.value, now, by, at)

    def move(self, record_id: str, target: RecordStatus, *, reason: str = "") -> Changes:
        """Move a record on (send, finish, return, approve) as the signed-in user.

        :param reason: why it goes back; needed when a record is returned
        :raises RefusedWriteError: saying why this user may not make this move
        """
        store = self._store
        user = self._actor()
        target = RecordStatus(target)
        with store.transaction():
            record = self.get(record_id)
            problem = step_problem(user.role, record.status, target, reason) or (
                self._take_back_problem(record, user)
            )
            if problem:
                raise RefusedWriteError(problem)
            now = utc_now()
            changes: dict[str, Any] = {"status": target, "updated_at": now}
            if target is RecordStatus.WITH_BUSINESS_SUPPORT:
                changes |= {"picked_up_by": None, "picked_up_at": None}
            if target is RecordStatus.APPROVED:
                changes |= {"approved_by": user.id, "approved_at": now}
            self.update(record_id, **changes)
            handoff = Handoff(record_id, record.status, target, user.id, reason.strip(), at=now)
            store.handoffs.add(handoff)
        return Changes.of("records", record_id) | Changes.of("record_handoffs", handoff.id)

    def pick_up(self, record_id: str) -> Changes:
        """Business support opened a record sent to them: the sender can no longer take it back.

        Only the first opening since it was sent is kept; later ones change nothing.
        """
        user = self._actor()
        with self._store.transaction():
            record = self.get(record_id)
            if (
                user.role is not Role.BUSINESS_SUPPORT
                or record.status is not RecordStatus.WITH_BUSINESS_SUPPORT
                or record.picked_up_at is not None
            ):
                return Changes()
            return self.update(record_id, picked_up_by=user.id, picked_up_at=utc_now())

    def _take_back_problem(self, record: Record, user) -> str | None:
        """Why the sender may not take this record back now; None when they may."""
        if not (
            record.status is RecordStatus.WITH_BUSINESS_SUPPORT and user.role is Role.SOCIAL_WORKER
        ):
            return None
        sent = [
            h for h in self._store.handoffs.for_record(record.id) if h.to_status is record.status
        ]
        if sent and sent[-1].user_id != user.id:
            return "Only the social worker who sent this record can take it back."
        if record.picked_up_at is not None:
            who = self._store.users.find(record.picked_up_by or "")
            by = who.name if who else "business support"
            return (
                f"{by} (business support) opened this record on "
                f"{record.picked_up_at.astimezone():%d/%m/%Y at %H:%M}, so it can no longer be "
                "taken back: ask them to return it to you."
            )
        return None

    def amend(self, record_id: str, *, reason: str) -> Record:
        """Start a correction of an approved record: a new draft version linked to it.

        :raises RefusedWriteError: when the record is not approved, already has a newer
            version, no reason is given, or the user's role does not write records
        """
        user = self._actor()
        if user.role is Role.BUSINESS_SUPPORT:
            raise RefusedWriteError(
                "An amendment is written by the social worker or a team manager, "
                "not business support."
            )
        if not reason.strip():
            raise RefusedWriteError("Say what the amendment corrects.")
        with self._store.transaction():
            original = self.get(record_id)
            if original.status is not RecordStatus.APPROVED:
                raise RefusedWriteError(
                    "Only an approved record is amended; this one can still be changed."
                )
            newer = self._store.rows(
                "SELECT id, version FROM records WHERE amends_id = ?", [record_id]
            )
            if newer:
                raise RefusedWriteError(
                    f"This record already has an amendment (version {newer[0]['version']}); "
                    "correct that one instead."
                )
            amendment = Record(
                case_id=original.case_id,
                form_id=original.form_id,
                form_version=original.form_version,
                author_id=user.id,
                values=dict(original.values),
                provenance=dict(original.provenance),
                version=original.version + 1,
                amends_id=original.id,
                amendment_reason=reason.strip(),
            )
            self.add(amendment)
        return amendment

    def versions(self, record_id: str) -> list[Record]:
        """Every version of a record, first to latest, following the amendment links."""
        first = self.get(record_id)
        while first.amends_id:
            first = self.get(first.amends_id)
        chain = [first]
        while True:
            later = self._many("SELECT * FROM records WHERE amends_id = ?", [chain[-1].id])
            if not later:
                return chain
            chain.append(later[0])

    def _actor(self) -> User:
        user_id = self._store.user_id
        if user_id is None:
            raise RefusedWriteError("Sign in first: every change records who made it.")
        return self._store.users.get(user_id)

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


class Handoffs(Repository[Handoff]):
    table = "record_handoffs"
    item = Handoff
    noun = "hand-off"

    def for_record(self, record_id: str) -> list[Handoff]:
        return self._many(
            "SELECT * FROM record_handoffs WHERE record_id = ? ORDER BY at, rowid", [record_id]
        )
