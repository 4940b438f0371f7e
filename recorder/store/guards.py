"""The triggers that keep history history: one definition, used to build and to check.

Migration 0005 (re)creates every trigger here, so ``python -m recorder verify``
can compare what a database holds with what it should hold, word for word.
They guard three things:

- the change log: never updated or deleted; each row sealed as it is
  inserted (see :mod:`recorder.store.chain`); its seal set once;
- hand-offs: never updated or deleted;
- records: never deleted; locked once approved (except to the team's sync applying
  what the service accepted, see :mod:`recorder.store.sync_copy`); their ids never change.

``REPLACE`` and ``INSERT OR REPLACE`` resolve a clash by deleting the old row
without firing delete triggers (unless ``recursive_triggers`` is on, which a
stock ``sqlite3`` shell does not turn on), and ``UPDATE OR REPLACE`` can do the
same to another row by taking its id. So each guarded table refuses an insert
whose key is already there, before any conflict is resolved (a ``BEFORE
INSERT`` trigger fires first), and refuses a change of key.
"""

from __future__ import annotations

from recorder.store.chain import SEALED_COLUMNS

_LOG_UNCHANGEABLE = "The change log cannot be changed."
_HANDOFFS_KEPT = "A record''s hand-offs are history and cannot be changed."
_NO_REPLACE = "is already there: history is never replaced"

GUARD_TRIGGERS: dict[str, str] = {
    "change_log_no_update": (
        f"CREATE TRIGGER change_log_no_update BEFORE UPDATE OF {', '.join(SEALED_COLUMNS)} "
        f"ON change_log BEGIN SELECT RAISE(ABORT, '{_LOG_UNCHANGEABLE}'); END"
    ),
    "change_log_seal_once": (
        "CREATE TRIGGER change_log_seal_once BEFORE UPDATE OF hash ON change_log "
        f"WHEN OLD.hash IS NOT NULL BEGIN SELECT RAISE(ABORT, '{_LOG_UNCHANGEABLE}'); END"
    ),
    "change_log_no_delete": (
        "CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log "
        f"BEGIN SELECT RAISE(ABORT, '{_LOG_UNCHANGEABLE}'); END"
    ),
    "change_log_no_replace": (
        "CREATE TRIGGER change_log_no_replace BEFORE INSERT ON change_log "
        "WHEN EXISTS (SELECT 1 FROM change_log WHERE seq = NEW.seq) "
        f"BEGIN SELECT RAISE(ABORT, 'That change-log row {_NO_REPLACE}.'); END"
    ),
    "change_log_seal": (
        "CREATE TRIGGER change_log_seal AFTER INSERT ON change_log BEGIN "
        "UPDATE change_log SET hash = recorder_seal("
        "(SELECT p.hash FROM change_log p WHERE p.seq < NEW.seq ORDER BY p.seq DESC LIMIT 1), "
        + ", ".join(f"NEW.{c}" for c in SEALED_COLUMNS)
        + ") WHERE seq = NEW.seq; END"
    ),
    "change_log_sync_kept": (
        "CREATE TRIGGER change_log_sync_kept BEFORE UPDATE OF base_hlc, origin_seq "
        f"ON change_log BEGIN SELECT RAISE(ABORT, '{_LOG_UNCHANGEABLE}'); END"
    ),
    "record_handoffs_kept": (
        "CREATE TRIGGER record_handoffs_kept BEFORE UPDATE ON record_handoffs "
        f"BEGIN SELECT RAISE(ABORT, '{_HANDOFFS_KEPT}'); END"
    ),
    "record_handoffs_never_deleted": (
        "CREATE TRIGGER record_handoffs_never_deleted BEFORE DELETE ON record_handoffs "
        f"BEGIN SELECT RAISE(ABORT, '{_HANDOFFS_KEPT}'); END"
    ),
    "record_handoffs_no_replace": (
        "CREATE TRIGGER record_handoffs_no_replace BEFORE INSERT ON record_handoffs "
        "WHEN EXISTS (SELECT 1 FROM record_handoffs WHERE id = NEW.id) "
        f"BEGIN SELECT RAISE(ABORT, 'That hand-off {_NO_REPLACE}.'); END"
    ),
    "records_never_deleted": (
        "CREATE TRIGGER records_never_deleted BEFORE DELETE ON records BEGIN "
        "SELECT RAISE(ABORT, 'Records are legal documents and are never deleted.'); END"
    ),
    "records_locked_once_approved": (
        "CREATE TRIGGER records_locked_once_approved BEFORE UPDATE ON records "
        "WHEN OLD.status = 'approved' AND NOT recorder_applying_remote() "
        "AND NOT (NEW.status = OLD.status "
        "AND OLD.dictation IS NOT NULL AND NEW.dictation IS NULL "
        "AND NEW.values_json = OLD.values_json AND NEW.provenance_json = OLD.provenance_json "
        "AND NEW.suggested_json = OLD.suggested_json) "
        "BEGIN SELECT RAISE(ABORT, "
        "'This record is approved and locked. A correction is made as an amendment.'); END"
    ),
    "records_no_replace": (
        "CREATE TRIGGER records_no_replace BEFORE INSERT ON records "
        "WHEN EXISTS (SELECT 1 FROM records WHERE id = NEW.id OR n = NEW.n) "
        f"BEGIN SELECT RAISE(ABORT, 'That record {_NO_REPLACE}.'); END"
    ),
    "records_id_kept": (
        "CREATE TRIGGER records_id_kept BEFORE UPDATE OF id, n ON records "
        "WHEN NEW.id IS NOT OLD.id OR NEW.n IS NOT OLD.n "
        "BEGIN SELECT RAISE(ABORT, 'A record keeps its id.'); END"
    ),
}


LOCK_BEFORE_0014 = (
    "CREATE TRIGGER records_locked_once_approved BEFORE UPDATE ON records "
    "WHEN OLD.status = 'approved' AND NOT recorder_applying_remote() "
    "AND NOT (NEW.status = OLD.status "
    "AND json_extract(OLD.values_json, '$.dictation') IS NOT NULL "
    "AND NEW.values_json = json_remove(OLD.values_json, '$.dictation')) "
    "BEGIN SELECT RAISE(ABORT, "
    "'This record is approved and locked. A correction is made as an amendment.'); END"
)
"""The approved-record lock as migrations before 0014 made it, while the dictation was
kept among a record's values (``recorder.store.schema._guard``)."""


def same_sql(a: str | None, b: str | None) -> bool:
    """Two statements alike but for spacing (SQLite keeps a trigger's text as written)."""
    return a is not None and b is not None and " ".join(a.split()) == " ".join(b.split())
