"""The access log (who opened, exported or printed a child's record) and sharing consent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recorder.domain.changes import Changes
from recorder.domain.consent import AccessAction, AccessEvent, ConsentDecision
from recorder.domain.ids import from_utc_iso, utc_iso, utc_now
from recorder.domain.users import Role
from recorder.store.repository import Repository
from recorder.store.rights import EVERYONE, reads, verb

if TYPE_CHECKING:
    from recorder.store.store import Store


class AccessLog:
    """Append-only: a trigger refuses any change or deletion of a line."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @verb(allowed=EVERYONE, says="Anyone signed in is logged")
    def record(
        self,
        action: AccessAction,
        *,
        child_id: str | None = None,
        record_id: str | None = None,
        detail: str = "",
    ) -> Changes:
        """Log that the signed-in user opened, exported or printed a child's record.

        :param child_id: the child; worked out from ``record_id`` when left out
        :param detail: what was exported or printed (a file name, a form)
        """
        store = self._store
        if child_id is None and record_id is not None:
            found = store.rows(
                "SELECT c.child_id FROM records r JOIN cases c ON c.id = r.case_id WHERE r.id = ?",
                [record_id],
            )
            child_id = found[0]["child_id"] if found else None
        with store.transaction():
            store.db.execute(
                "INSERT INTO local_access_log "
                "(at, user_id, device_id, action, child_id, record_id, detail) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    utc_iso(utc_now()),
                    store.user_id,
                    store.device_id,
                    AccessAction(action).value,
                    child_id,
                    record_id,
                    detail,
                ],
            )
        return Changes(frozenset({"local_access_log"}))

    @verb(
        allowed={Role.TEAM_MANAGER},
        says="A team manager sees who opened a child's record",
    )
    def for_child(self, child_id: str) -> list[AccessEvent]:
        """Everything logged about one child, oldest first, with each user's name."""
        rows = self._store.rows(
            "SELECT a.*, coalesce(u.name, 'Someone no longer listed') AS user_name "
            "FROM local_access_log a LEFT JOIN users u ON u.id = a.user_id "
            "WHERE a.child_id = ? ORDER BY a.seq",
            [child_id],
        )
        return [
            AccessEvent(
                at=from_utc_iso(r["at"]),
                user_name=r["user_name"],
                device_id=r["device_id"],
                action=AccessAction(r["action"]),
                child_id=r["child_id"],
                record_id=r["record_id"],
                detail=r["detail"],
            )
            for r in rows
        ]

    @verb(
        allowed={Role.TEAM_MANAGER},
        says="A team manager sees who opened a child's record",
    )
    def who_opened(self, child_id: str) -> list[str]:
        """The access log of one child in plain English, one sentence a line, newest first."""
        child = self._store.people.find(child_id)
        name = child.full_name if child is not None else "this child"
        return [e.sentence(name) for e in reversed(self.for_child(child_id))]


class Consents(Repository[ConsentDecision]):
    """Decisions about sharing a child's information; the latest one stands."""

    table = "sharing_consents"
    item = ConsentDecision
    noun = "consent decision"
    writers = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
    writers_say = "Information-sharing consent is recorded by a social worker or team manager"

    @verb()
    def decide(self, decision: ConsentDecision) -> Changes:
        """Record a decision about sharing a child's information, as the signed-in user."""
        if not decision.decided_by.strip():
            from recorder.store.errors import RefusedWriteError

            raise RefusedWriteError("Say who gave or refused consent, or who decided.")
        stamped = ConsentDecision(
            child_id=decision.child_id,
            status=decision.status,
            decided_on=decision.decided_on,
            decided_by=decision.decided_by.strip(),
            note=decision.note,
            recorded_by=self._store.user_id,
            id=decision.id,
        )
        return self.add(stamped)

    @reads
    def for_child(self, child_id: str) -> list[ConsentDecision]:
        """A child's consent decisions, oldest first."""
        return self._many(
            "SELECT * FROM sharing_consents WHERE child_id = ? ORDER BY decided_on, recorded_at",
            [child_id],
        )

    @reads
    def current(self, child_id: str) -> ConsentDecision | None:
        """The decision that stands now, or None when none is recorded."""
        found = self.for_child(child_id)
        return found[-1] if found else None
