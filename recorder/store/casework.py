"""Users, cases and records: the casework built on top of the registry."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from recorder.domain.cases import Case, CaseType
from recorder.domain.changes import Changes
from recorder.domain.conflicts import FieldConflict, FieldEdit, SaveOutcome, is_conflict
from recorder.domain.family_entry import case_edit_problem, closing_problem, retype_problem
from recorder.domain.ids import utc_iso, utc_now
from recorder.domain.lifecycle import Handoff, edit_problem, ownership_problem, step_problem
from recorder.domain.placement_entry import PLACEMENT_EDITORS
from recorder.domain.records import (
    DICTATION,
    SUGGESTED,
    Record,
    RecordStatus,
    editable_fields,
    split_reserved,
)
from recorder.domain.users import Role, User
from recorder.domain.working_copy import WorkingCopy
from recorder.store.errors import RefusedWriteError
from recorder.store.repository import Repository
from recorder.store.rights import EVERYONE, first_account, reads, verb
from recorder.store.rows import from_row, to_row
from recorder.store.schema import log_entities_are

# The name of a record's dictation in an edit and in the change log (its own column).
DICTATION_KEY = DICTATION
_MANAGER = frozenset({Role.TEAM_MANAGER})
_MANAGER_SAYS = "Users, their roles and teams are set by a team manager"


class Users(Repository[User]):
    table = "users"
    item = User
    noun = "user"
    writers = _MANAGER
    writers_say = _MANAGER_SAYS

    @reads
    def all(self) -> list[User]:
        return self._many("SELECT * FROM users ORDER BY name")

    @first_account
    def add_first_manager(self, user: User, password: str) -> Changes:
        """A new database's first account: a team manager, who then adds everyone else."""
        if user.role is not Role.TEAM_MANAGER:
            raise RefusedWriteError("The first account of a new database is a team manager's.")
        return self._add_account(user, password)

    @verb(allowed=_MANAGER, says=_MANAGER_SAYS)
    def add_account(self, user: User, password: str) -> Changes:
        """Add a user who signs in with ``password`` (they can change it later)."""
        return self._add_account(user, password)

    def _add_account(self, user: User, password: str) -> Changes:
        keys = self._store.keyfile
        if self._store.db_key is None:
            # A plain file (an old one before it is encrypted, or a benchmark's) has no
            # passwords: anyone holding it can read it anyway. The app never writes one.
            return self.add(user)
        if keys is None:
            raise RefusedWriteError("Accounts are added to an encrypted database only.")
        if keys.find_name(user.name) is not None:
            raise RefusedWriteError(f"There is already an account called {user.name}.")
        with self._store.transaction():
            changes = self.add(user)
            keys.put(user.id, user.name, password, self._store.db_key)
        return changes

    @verb(allowed=_MANAGER, says=_MANAGER_SAYS)
    def set_role(self, user_id: str, role: Role, *, team: str | None = None) -> Changes:
        """Give a user a role (and a team); a manager's own role is changed by another."""
        changes: dict[str, Any] = {"role": Role(role)}
        if team is not None:
            changes["team"] = team.strip()
        return self.update(user_id, **changes)

    @verb(allowed=_MANAGER, says=_MANAGER_SAYS)
    def update(self, id: str, **changes: Any) -> Changes:
        """Change a user's name, role, team or email; a manager's own role stays theirs."""
        if (
            id == self._store.user_id
            and "role" in changes
            and Role(changes["role"]) is not Role.TEAM_MANAGER
        ):
            raise RefusedWriteError(
                "Your own role is changed by another team manager, so a team never "
                "loses its last one by mistake."
            )
        result = self._update(id, **changes)
        if "name" in changes and self._store.keyfile is not None:
            self._store.keyfile.rename(id, changes["name"])
        return result

    @verb(allowed=EVERYONE, says="Anyone signed in changes their own password")
    def change_own_password(self, old: str, new: str) -> None:
        """Re-wrap the database key under a new password; the file is not re-encrypted."""
        keys = self._store.keyfile
        entry = keys.entries.get(self._store.user_id or "") if keys else None
        if entry is None or keys is None or self._store.db_key is None:
            raise RefusedWriteError("This account has no password here to change.")
        entry.unwrap(old)  # WrongPasswordError for a wrong current password
        keys.put(entry.user_id, entry.name, new, self._store.db_key)

    @verb(allowed=_MANAGER, says="A team manager resets a password")
    def reset_password(self, user_id: str, new: str) -> None:
        """Give a user a new password (they forgot theirs); only their entry is re-wrapped."""
        user = self.get(user_id)
        keys = self._store.keyfile
        if keys is None or self._store.db_key is None:
            raise RefusedWriteError("Passwords belong to an encrypted database only.")
        keys.put(user.id, user.name, new, self._store.db_key)


class Cases(Repository[Case]):
    table = "cases"
    item = Case
    noun = "case"
    writers = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
    writers_say = "Cases are opened and allocated by a social worker or team manager"

    @reads
    def for_child(self, child_id: str) -> list[Case]:
        return self._many(
            "SELECT * FROM cases WHERE child_id = ? ORDER BY start_date DESC", [child_id]
        )

    def _check_case_editor(self) -> None:
        if self._store.user_id is not None:
            refused = case_edit_problem(self._store.users.get(self._store.user_id).role)
            if refused:
                raise RefusedWriteError(refused)

    @verb(
        allowed=frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
        says="Cases are opened, moved and closed by a social worker or a team manager",
    )
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

    @verb(
        allowed=frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
        says="Cases are opened, moved and closed by a social worker or a team manager",
    )
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

    @verb(
        allowed=frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
        says="Cases are opened, moved and closed by a social worker or a team manager",
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

    @verb(
        allowed=frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER}),
        says="Cases are opened, moved and closed by a social worker or a team manager",
    )
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

    @verb(
        allowed=PLACEMENT_EDITORS,
        says="A plan's visiting frequency is recorded by the child's social worker or "
        "business support; a team manager can read it",
    )
    def set_plan_visits(self, case_id: str, every_working_days: int | None) -> Changes:
        """Record the visiting frequency the child's plan sets; None: the plan sets none.

        :raises RefusedWriteError: for a number below 1, a case type with no statutory
            visits, or a role that does not record it (a team manager reads it)
        """
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
    writers = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
    writers_say = "A record is started by a social worker or team manager"

    @verb(allowed=EVERYONE)
    def update(self, id: str, **changes: Any) -> Changes:
        """Change some fields of one record, as :meth:`save_values` would allow."""
        self._check_editing(self.get(id))
        if "values" in changes and any(k in changes["values"] for k in (DICTATION, SUGGESTED)):
            given = changes["values"]
            changes["values"], dictation, suggested = split_reserved(given)
            if DICTATION in given:
                changes.setdefault("dictation", dictation)
            if SUGGESTED in given:
                changes.setdefault("suggested", suggested)
        return self._update(id, **changes)

    @verb(allowed=EVERYONE)
    def save_values(
        self,
        record_id: str,
        values: dict[str, Any],
        provenance: dict[str, Any] | None = None,
        *,
        suggested: dict[str, Any] | None = None,
    ) -> Changes:
        """Replace a record's values (and provenance); the log keeps each field's change.

        :param suggested: business support's suggestions as they now stand
            (:class:`~recorder.forms.business_support.BusinessSupportEdit`); None: as they were

        :raises RefusedWriteError: when the record is locked, or is in a state the
            signed-in user's role does not change (a draft is the social worker's)
        """
        record = self.get(record_id)
        self._check_editing(record)
        # The dictation and suggestions are not values: handed in among them (an older
        # caller), they go to their own fields; left out, they stay as they are.
        given = values
        values, dictation, among = split_reserved(given)
        changes: dict[str, Any] = {"values": values, "updated_at": utc_now()}
        if DICTATION in given and dictation != record.dictation:
            changes["dictation"] = dictation
        if suggested is None and SUGGESTED in given:
            suggested = among
        if suggested is not None and suggested != record.suggested:
            changes["suggested"] = dict(suggested)
        if provenance is not None:
            changes["provenance"] = provenance
        return self._update(record_id, **changes)

    @verb(allowed=EVERYONE)
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

        An edit names a form field, or one of the record's own fields ``dictation``
        and ``suggested`` (business support's suggestions, as one whole): those two
        are written to their columns, never among the values. The outcome's ``now``
        names them the same way, beside the values.

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
            stored = editable_fields(record)
            values, kept = dict(stored), dict(record.provenance)
            written, conflicts = [], []
            for edit in edits:
                now = stored.get(edit.field)
                if is_conflict(edit.base, edit.value, now):
                    conflicts.append(self._conflict(record_id, edit, now))
                    continue
                written.append(edit.field)
                for target, new in ((values, edit.value), (kept, provenance.get(edit.field))):
                    if edit.field in (DICTATION, SUGGESTED) and target is kept:
                        continue  # working material has no provenance of its own
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
            if values != stored or kept != record.provenance:
                plain, dictation, suggested = split_reserved(values)
                update: dict[str, Any] = {"values": plain, "provenance": kept}
                if dictation != record.dictation:
                    update["dictation"] = dictation
                if suggested != record.suggested:
                    update["suggested"] = suggested
                changes = self.update(record_id, **update, updated_at=utc_now())
            if drop_working_copy:
                self.drop_working_copy(record_id)
        return SaveOutcome(changes, tuple(written), tuple(conflicts), values, kept)

    @verb(allowed=EVERYONE)
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

    @reads
    def working_copy(self, record_id: str) -> WorkingCopy | None:
        """The signed-in user's typing on this record that the record has not taken yet."""
        rows = self._store.rows(
            "SELECT * FROM local_working_copies WHERE record_id = ? AND user_id = ?",
            [record_id, self._store.user_id or ""],
        )
        return from_row(WorkingCopy, rows[0]) if rows else None

    @verb(allowed=EVERYONE)
    def drop_working_copy(self, record_id: str) -> None:
        """The record has taken the signed-in user's typing (or they let it go)."""
        with self._store.transaction():
            self._db.execute(
                "DELETE FROM local_working_copies WHERE record_id = ? AND user_id = ?",
                [record_id, self._store.user_id or ""],
            )

    def _conflict(self, record_id: str, edit: FieldEdit, now: Any) -> FieldConflict:
        """Both sides of a field, with who last wrote the stored one, from the change log."""
        logged = (
            DICTATION if edit.field == DICTATION else f"values.{edit.field}"
        )  # the suggestions are logged key by key: whoever wrote the last of them
        where, params = log_entities_are([record_id])
        last = self._store.rows(
            f"SELECT user_id, at FROM change_log WHERE entity = 'records' AND {where} "
            + ("AND field LIKE 'suggested.%' " if edit.field == SUGGESTED else "AND field = ? ")
            + "ORDER BY seq DESC LIMIT 1",
            params + ([] if edit.field == SUGGESTED else [logged]),
        )
        by, at = (last[0]["user_id"], last[0]["at"]) if last else (None, None)
        return FieldConflict("records", record_id, edit.field, edit.base, edit.value, now, by, at)

    @verb(allowed=EVERYONE)
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
            problem = (
                step_problem(user.role, record.status, target, reason)
                or self._ownership_problem(record, user)
                or self._take_back_problem(record, user)
            )
            if problem:
                raise RefusedWriteError(problem)
            now = utc_now()
            changes: dict[str, Any] = {"status": target, "updated_at": now}
            if target is RecordStatus.WITH_BUSINESS_SUPPORT:
                changes |= {"picked_up_by": None, "picked_up_at": None}
            if target is RecordStatus.APPROVED:
                changes |= {"approved_by": user.id, "approved_at": now}
            self._update(record_id, **changes)
            handoff = Handoff(record_id, record.status, target, user.id, reason.strip(), at=now)
            store.handoffs.add(handoff)
        return Changes.of("records", record_id) | Changes.of("record_handoffs", handoff.id)

    @verb(allowed=EVERYONE)
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
            return self._update(record_id, picked_up_by=user.id, picked_up_at=utc_now())

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

    @verb(
        allowed={Role.SOCIAL_WORKER, Role.TEAM_MANAGER},
        says="An amendment is written by the social worker or a team manager, "
        "not business support",
    )
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
            if user.role is Role.TEAM_MANAGER:
                problem = self._ownership_problem(original, user)
                if problem:
                    raise RefusedWriteError(problem)
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
                dictation=original.dictation,
                suggested=dict(original.suggested),
                version=original.version + 1,
                amends_id=original.id,
                amendment_reason=reason.strip(),
            )
            self.add(amendment)
        return amendment

    @verb(allowed=EVERYONE)
    def remove_old_dictation(self, *, keep_days: int, now: datetime | None = None) -> Changes:
        """Remove the dictation from records finished more than ``keep_days`` ago.

        The council's retention setting (``resources/security.toml``): the typed
        record stays; the change log records the removal (field ``dictation``)
        and ``dictation_removed_at`` says when. Run at sign-in, by whoever signs in:
        it is housekeeping the council set, not a choice of the user's.
        """
        now = now or utc_now()
        cutoff = utc_iso(now - timedelta(days=keep_days))
        finished = [s.value for s in RecordStatus if s.is_finished]
        marks = ", ".join("?" for _ in finished)
        rows = self._store.rows(
            "SELECT r.id FROM records r WHERE r.status IN (" + marks + ") "
            "AND r.dictation IS NOT NULL "
            "AND (SELECT max(h.at) FROM record_handoffs h WHERE h.record_id = r.id "
            "     AND h.to_status IN (" + marks + ")) <= ?",
            [*finished, *finished, cutoff],
        )
        changes = Changes()
        with self._store.transaction():
            for row in rows:
                # Exactly what the approved-record lock lets through: the dictation, no more.
                self._store.db.execute(
                    "UPDATE records SET dictation = NULL, dictation_removed_at = ? WHERE id = ?",
                    [utc_iso(now), row["id"]],
                )
                changes |= Changes.of("records", row["id"])
        return changes

    @reads
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

    def _check_editing(self, record: Record) -> None:
        user = self._actor()
        problem = edit_problem(user.role, record.status) or self._ownership_problem(record, user)
        if problem:
            raise RefusedWriteError(problem)

    def _ownership_problem(self, record: Record, user: User) -> str | None:
        row = self._store.rows(
            "SELECT c.worker_id AS worker, coalesce(u.team, '') AS team FROM cases c "
            "LEFT JOIN users u ON u.id = c.worker_id WHERE c.id = ?",
            [record.case_id],
        )
        worker, team = (row[0]["worker"], row[0]["team"]) if row else (None, "")
        return ownership_problem(
            user.id,
            user.role,
            user.team,
            record.status,
            author_id=record.author_id,
            allocated_worker_id=worker,
            record_team=team,
        )

    def _actor(self) -> User:
        user_id = self._store.user_id
        if user_id is None:
            raise RefusedWriteError("Sign in first: every change records who made it.")
        return self._store.users.get(user_id)

    @reads
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

    @reads
    def for_case(self, case_id: str) -> list[Record]:
        return self._many(
            "SELECT * FROM records WHERE case_id = ? ORDER BY created_at DESC", [case_id]
        )


class Handoffs(Repository[Handoff]):
    table = "record_handoffs"
    item = Handoff
    noun = "hand-off"
    writers = frozenset()
    writers_say = "A hand-off is history: it is written by moving a record on and cannot be changed"

    @reads
    def for_record(self, record_id: str) -> list[Handoff]:
        return self._many(
            "SELECT * FROM record_handoffs WHERE record_id = ? ORDER BY at, rowid", [record_id]
        )
