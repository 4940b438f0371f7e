"""A recording's audio kept for the council's set days, and deleted after them.

See :mod:`recorder.domain.kept_audio` for why, and migration ``0016_kept_audio``
for the two tables: what the team's record says (logged, synced) and the sound
(this laptop only, encrypted with the file).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from recorder.domain.changes import Changes
from recorder.domain.ids import from_utc_iso, new_id, utc_iso, utc_now
from recorder.domain.kept_audio import AUDIO_ENTITY, PCM_SAMPLE_BYTES, KeptRecording
from recorder.store.errors import RefusedWriteError
from recorder.store.rights import EVERYONE, reads, verb

if TYPE_CHECKING:
    from recorder.store.store import Store

NOT_ENCRYPTED = "This database is not encrypted, and audio is kept only in an encrypted one."


class KeptAudio:
    """Keeps, lists and deletes recordings' audio; each keeping and deletion is logged."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @verb(allowed=EVERYONE, says="Anyone who may record a visit keeps its audio")
    def keep(
        self,
        record_id: str,
        pcm: bytes,
        *,
        sample_rate: int,
        recorded_at: datetime | None = None,
    ) -> Changes:
        """Keep one recording's audio (16-bit mono samples) with the visit record it was for.

        :raises RefusedWriteError: when the database is not encrypted, or the record is
            not there (the audio is then not kept, and the caller says so)
        """
        store = self._store
        if store.db_key is None:
            raise RefusedWriteError(NOT_ENCRYPTED)
        if len(pcm) % PCM_SAMPLE_BYTES or sample_rate <= 0:
            raise RefusedWriteError("It is not whole 16-bit samples.")
        store.records.get(record_id)  # a missing record is refused in words, not by a key
        recording_id = new_id()
        seconds = len(pcm) / (PCM_SAMPLE_BYTES * sample_rate)
        with store.transaction():
            store.db.execute(
                "INSERT INTO audio_recordings "
                "(id, record_id, recorded_at, recorded_by, device_id, seconds) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [recording_id, record_id, utc_iso(recorded_at or utc_now()), store.user_id,
                 store.device_id, round(seconds, 3)],
            )  # fmt: skip
            store.db.execute(
                "INSERT INTO local_audio (recording_id, sample_rate, pcm) VALUES (?, ?, ?)",
                [recording_id, sample_rate, pcm],
            )
        return Changes.of(AUDIO_ENTITY, recording_id)

    @verb(allowed=EVERYONE, says="Anyone signed in deletes audio the council no longer keeps")
    def remove_old(self, *, keep_days: int, now: datetime | None = None) -> Changes:
        """Delete the audio this laptop holds that was recorded more than ``keep_days`` ago.

        Run at sign-in, like the dictation's retention: housekeeping the council set.
        A shorter setting applies to audio kept before it; 0 deletes everything kept.
        The deletion is logged (``removed_at``, by whoever signed in, on this laptop),
        and the freed pages are overwritten before they go back to the file system.
        """
        store = self._store
        now = now or utc_now()
        cutoff = utc_iso(now - timedelta(days=keep_days))
        due = store.rows(
            "SELECT a.id FROM audio_recordings a JOIN local_audio l ON l.recording_id = a.id "
            "WHERE a.recorded_at <= ?",
            [cutoff],
        )
        changes = Changes()
        if not due:
            return changes
        with store.in_use:
            store.db.execute("PRAGMA secure_delete = ON")
            try:
                with store.transaction():
                    for row in due:
                        store.db.execute("DELETE FROM local_audio WHERE recording_id = ?",
                                         [row["id"]])  # fmt: skip
                        store.db.execute(
                            "UPDATE audio_recordings SET removed_at = ? "
                            "WHERE id = ? AND removed_at IS NULL",
                            [utc_iso(now), row["id"]],
                        )
                        changes |= Changes.of(AUDIO_ENTITY, row["id"])
            finally:
                store.db.execute("PRAGMA secure_delete = OFF")
        return changes

    @reads
    def for_record(self, record_id: str) -> list[KeptRecording]:
        """Every recording kept for one visit record, oldest first, deleted ones included."""
        store = self._store
        rows = store.rows(
            "SELECT a.*, coalesce(u.name, 'someone no longer listed') AS by_name, "
            "(SELECT count(*) FROM local_audio l WHERE l.recording_id = a.id) AS here "
            "FROM audio_recordings a LEFT JOIN users u ON u.id = a.recorded_by "
            "WHERE a.record_id = ? ORDER BY a.recorded_at",
            [record_id],
        )
        return [
            KeptRecording(
                id=r["id"],
                record_id=r["record_id"],
                recorded_at=from_utc_iso(r["recorded_at"]),
                recorded_by=r["by_name"],
                seconds=r["seconds"],
                held_here=bool(r["here"]),
                removed_at=from_utc_iso(r["removed_at"]) if r["removed_at"] else None,
            )
            for r in rows
        ]

    @reads
    def audio(self, recording_id: str) -> tuple[bytes, int] | None:
        """The kept samples and their rate, or None once deleted or held on another laptop."""
        rows = self._store.rows(
            "SELECT pcm, sample_rate FROM local_audio WHERE recording_id = ?", [recording_id]
        )
        return (bytes(rows[0]["pcm"]), rows[0]["sample_rate"]) if rows else None
