"""The store's side of sync: this laptop's working copy as the sync client sees it.

Implements :class:`recorder.sync.protocol.WorkingCopy` on the real database, and
the small reads the status bar and the "Needs a decision" screen need.

What a field shows is what the merge (:mod:`recorder.sync.merge`) makes of every
edit of it in the change log: the edits nobody replaced are its heads; heads
that differ are a conflict, kept for a person to settle, while the newest is
shown. A local edit names the field's shown edit as its base (the log
triggers do that, migration ``0011_sync_log``), so on one laptop alone every
edit replaces the last and nothing changes.

Applying what the team changed is done as the sync, not as the signed-in
user's rights: a pulled row keeps its own author, device, clock and
transaction, is sealed here on arrival like any row, and the log triggers
do not log the fields it writes again as this laptop's
(``recorder_applying_remote()`` in their ``WHEN``). Choosing in a conflict is
the user's own change and is logged as theirs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from recorder.domain.changes import Changes
from recorder.domain.duplicates import folded_name, match_reason
from recorder.domain.ids import from_utc_iso, new_id
from recorder.domain.nhs_number import normalise_nhs_number
from recorder.domain.people import Person
from recorder.domain.sync_status import Decision, DecisionValue, ServiceSettings
from recorder.domain.users import Role
from recorder.store import engine
from recorder.store.clock import parse
from recorder.store.rights import EVERYONE, reads, verb
from recorder.store.schema import log_entities_are
from recorder.sync.merge import EntityView, Merge
from recorder.sync.protocol import Change

if TYPE_CHECKING:
    from recorder.store.store import Store

REFUSED_ENTITY = "sync_conflicts"  # the service's notice of a refused change
# Columns the log leaves out (see recorder.store.schema._UNLOGGED).
_UNLOGGED = {"n", "id", "updated_at"}
_JSON_FIELDS = {  # as recorder.store.schema._JSON_FIELDS
    "values_json": "values",
    "provenance_json": "provenance",
    "suggested_json": "suggested",  # migration 0014
}
_SETTING = {
    "url": "sync_service_url",
    "token": "sync_token",
    "device_id": "sync_device_id",
    "cursor": "sync_cursor",
    "confirmed": "sync_confirmed_seq",
    "synced": "sync_last_synced",
    "high": "sync_clock_high",  # the highest reading pulled: where the clock starts at open
}
_LOG_INSERT = (
    "INSERT OR IGNORE INTO change_log (hlc, at, tx, device_id, user_id, entity, entity_id, "
    "op, field, old_value, new_value, base_hlc, origin_seq) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_AS_THE_SYNC = "Sign in to sync: what this laptop takes in is checked against its user"


def _stored(value: Any) -> Any:
    """A pulled value as the change log holds it (objects and lists as JSON text)."""
    if isinstance(value, dict | list):
        # as SQLite's json_each gives a nested value, which is what a local edit logs
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, bool):
        return int(value)
    return value


def _in_json(value: Any) -> Any:
    """A logged value of one key of a JSON column, as the column holds it again."""
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


# Where a person's id is held (as recorder.store.registry's merge moves them).
_PERSON_REFERENCES = (
    ("household_members", "person_id", "A household membership"),
    ("relationships", "person_id", "A relationship"),
    ("relationships", "other_id", "A relationship"),
    ("involvements", "child_id", "A professional's involvement"),
    ("cases", "child_id", "A case"),
    ("placements", "child_id", "A placement"),
)


def note_merge_seen(store: Store, merge_id: str, merged_id: str) -> None:
    """Keep, with a merge, the last change of each of the merged person's fields this
    laptop holds: a later change from a laptop that had not heard of the merge is then
    told apart on every copy (:meth:`SyncCopy.needs_decision`). Called by
    ``People.merge`` inside its transaction."""
    where, params = log_entities_are([merged_id])
    seen = dict(
        store.db.execute(
            f"SELECT field, max(hlc) FROM change_log WHERE {where} AND entity = 'people' "
            "AND field <> 'merged_into' GROUP BY field",
            params,
        ).fetchall()
    )
    store.db.execute(
        "INSERT INTO person_merge_seen (id, seen_json) VALUES (?, ?)",
        [merge_id, json.dumps(seen, sort_keys=True)],
    )


def when(hlc: str) -> datetime:
    """When a clock reading was made (UTC)."""
    ms, _ = parse(hlc)
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class SyncCopy:
    """``store.sync``: the working copy the sync client pushes from and pulls into."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._columns: dict[str, dict[str, Any]] = {}

    # -- settings --

    def _setting(self, name: str) -> str | None:
        rows = self._store.rows("SELECT value FROM local_settings WHERE key = ?", [_SETTING[name]])
        return rows[0]["value"] if rows else None

    def _set(self, name: str, value: Any) -> None:
        self._store.db.execute(
            "INSERT OR REPLACE INTO local_settings (key, value) VALUES (?, ?)",
            [_SETTING[name], None if value is None else str(value)],
        )

    # -- WorkingCopy (called by recorder.sync.client on the store's thread) --

    @property
    def device_id(self) -> str:
        """The id the service knows this laptop by (its enrolment), else the store's own."""
        return self._setting("device_id") or self._store.device_id

    def _own_ids(self) -> set[str]:
        return {self._store.device_id, self.device_id}

    @reads
    def local_changes_since(self, device_seq: int, limit: int) -> list[Change]:
        """This laptop's own change-log rows after ``device_seq`` (the local ``seq``), whole
        transactions, at most ``limit`` rows plus the rest of the last transaction."""
        rows = self._own_rows("seq > ? ORDER BY seq LIMIT ?", [device_seq, limit])
        if len(rows) == limit:
            rows += self._own_rows(
                "seq > ? AND tx = ? ORDER BY seq", [rows[-1].device_seq, rows[-1].tx]
            )
        return rows

    def _own_rows(self, where: str, params: list[Any]) -> list[Change]:
        device = self.device_id
        found = self._store.db.execute(
            "SELECT seq, tx, hlc, base_hlc, user_id, entity, entity_id, op, field, new_value "
            f"FROM change_log WHERE device_id = ? AND {where}",
            [self._store.device_id, *params],
        ).fetchall()
        return [
            Change(device, seq, tx, hlc, base, user, entity, entity_id, op, field, value)
            for seq, tx, hlc, base, user, entity, entity_id, op, field, value in found
        ]

    @reads
    def pull_cursor(self) -> int:
        """The team cursor saved with the last page applied (0 before the first pull)."""
        return int(self._setting("cursor") or 0)

    @verb(allowed=EVERYONE, says=_AS_THE_SYNC)
    def apply_remote_page(self, changes: Sequence[Change], cursor: int) -> Changes:
        """Apply one pulled page and save ``cursor``, in one SQLite transaction.

        Done as the sync (no user's rights): each other laptop's row enters the change
        log once (a page applied twice inserts nothing) and is sealed here on arrival;
        each affected field gets the value the merge shows; this laptop's own rows only
        confirm the push. Returns what changed, so windows showing those records or
        people refresh (``Changes.origin`` is ``"sync"``).
        """
        store = self._store
        with store.transaction():
            store.db.execute("PRAGMA defer_foreign_keys = ON")
            self._learn_device_id(changes)
            own = self._own_ids()
            confirmed = int(self._setting("confirmed") or 0)
            rows, refused, touched = [], [], {}
            for c in changes:
                if c.device_id in own:
                    confirmed = max(confirmed, c.device_seq)
                    continue
                rows.append(
                    (c.hlc, _iso(when(c.hlc)), c.tx, c.device_id, c.user_id, c.entity,
                     c.entity_id, c.op, c.field, None, _stored(c.value), c.base_hlc,
                     c.device_seq)
                )  # fmt: skip
                if c.entity == REFUSED_ENTITY:
                    notice = c.value if isinstance(c.value, dict) else {}
                    mine = notice.get("change") or {}
                    if mine.get("device_id") in own:
                        seq = int(mine["device_seq"])
                        confirmed = max(confirmed, seq)
                        refused.append((seq, json.dumps(notice, ensure_ascii=False)))
                        touched.setdefault((mine["entity"], mine["entity_id"]), None)
                else:
                    touched.setdefault((c.entity, c.entity_id), None)
            store.db.conn.executemany(_LOG_INSERT, rows)
            store.db.conn.executemany(
                "INSERT OR IGNORE INTO local_sync_refused (device_seq, notice) VALUES (?, ?)",
                refused,
            )
            changed = self._show(touched)
            high = max([c.hlc for c in changes] + [self._setting("high") or ""])
            self._set("cursor", cursor)
            self._set("confirmed", confirmed)
            self._set("high", high or None)
        store.clock.receive(high)
        return changed

    def _learn_device_id(self, changes: Sequence[Change]) -> None:
        """Before enrolment said it, this laptop's service id is the one its own rows
        come back with (known by their clock readings, which carry the store's id)."""
        if self._setting("device_id"):
            return
        for c in changes:
            if c.hlc.endswith(self._store.device_id) and c.device_id != self._store.device_id:
                self._set("device_id", c.device_id)
                return

    # -- what the merge shows, written into the tables --

    def _merge(self, entity: str, entity_id: str) -> Merge:
        """Every edit of one entity in the log, less this laptop's edits the service refused."""
        merge = Merge()
        where, params = log_entities_are([entity_id])
        for hlc, device, base, user, field, value, seq in self._store.db.execute(
            "SELECT hlc, device_id, base_hlc, user_id, field, new_value, seq FROM change_log "
            f"WHERE {where} AND entity = ? AND NOT (device_id = ? AND seq IN "
            "(SELECT device_seq FROM local_sync_refused)) ORDER BY seq",
            [*params, entity, self._store.device_id],
        ):
            if field in _UNLOGGED:
                continue
            merge.add(Change(device, seq, "", hlc, base, user, entity, entity_id, "update",
                             field, value))  # fmt: skip
        return merge

    def _table_columns(self, table: str) -> dict[str, Any]:
        """Column name -> (not null, default) for a table, or {} for no such table."""
        if table not in self._columns:
            self._columns[table] = {
                name: (bool(notnull), default)
                for _, name, _, notnull, default, _ in self._store.db.execute(
                    f"PRAGMA table_info([{table}])"
                ).fetchall()
            }
        return self._columns[table]

    def _show(self, entities: Iterable[tuple[str, str]]) -> Changes:
        """Write each entity's merged values into its table as the sync; list conflicts."""
        store = self._store
        tables: set[str] = set()
        ids: set[str] = set()
        store.applying_remote = True
        try:
            for entity, entity_id in entities:
                columns = self._table_columns(entity)
                if "id" not in columns:
                    continue  # not a table of this laptop (a notice, or a newer version's)
                view = self._merge(entity, entity_id).view(entity, entity_id)
                self._note_conflicts(entity, entity_id, view)
                if self._write(entity, entity_id, columns, view):
                    tables.add(entity)
                    ids.add(entity_id)
        finally:
            store.applying_remote = False
        return Changes(frozenset(tables), frozenset(ids), "sync")

    def _note_conflicts(self, entity: str, entity_id: str, view: EntityView) -> None:
        db = self._store.db
        open_fields = [c.field for c in view.conflicts]
        db.execute(
            "DELETE FROM local_sync_conflicts WHERE entity = ? AND entity_id = ? "
            f"AND field NOT IN ({', '.join('?' for _ in open_fields) or 'NULL'})",
            [entity, entity_id, *open_fields],
        )
        now = _iso(datetime.now(UTC))
        for field in open_fields:
            db.execute(
                "INSERT OR IGNORE INTO local_sync_conflicts VALUES (?, ?, ?, ?)",
                [entity, entity_id, field, now],
            )

    def _write(self, table: str, entity_id: str, columns: dict[str, Any], view: EntityView) -> bool:
        """Make the row show ``view``; True when it changed."""
        conn = self._store.db.conn
        merged = {name: fv.value for name, fv in view.fields.items()}
        target: dict[str, Any] = {}
        for column in columns:
            if column in _UNLOGGED:
                continue
            if column in _JSON_FIELDS:
                prefix = _JSON_FIELDS[column] + "."
                target[column] = {
                    name[len(prefix) :]: _in_json(value)
                    for name, value in merged.items()
                    if name.startswith(prefix) and value is not None
                }
            elif column in merged or columns[column][1] is None:
                target[column] = merged.get(column)
            # else: never logged, so it holds its declared default (migration 0012)
        gone = all(v in (None, {}) for v in target.values())
        cursor = conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", [entity_id])
        names = [d[0] for d in cursor.description]
        found = cursor.fetchone()
        current = dict(zip(names, found, strict=True)) if found else None
        newest = max((fv.shown.hlc for fv in view.fields.values() if fv.shown), default=None)
        at = _iso(when(newest)) if newest else _iso(datetime.now(UTC))
        conn.execute("SAVEPOINT sync_row")
        try:
            if current is None:
                if gone:
                    conn.execute("RELEASE sync_row")
                    return False
                values = {k: v for k, v in target.items() if v is not None}
                if "updated_at" in columns:
                    values["updated_at"] = at
                row = {"id": entity_id, **{k: self._column_value(k, v) for k, v in values.items()}}
                marks = ", ".join("?" for _ in row)
                conn.execute(
                    f"INSERT INTO [{table}] ({', '.join(row)}) VALUES ({marks})", list(row.values())
                )
            elif gone:
                conn.execute(f"DELETE FROM [{table}] WHERE id = ?", [entity_id])
            else:
                update = {}
                for column, want in target.items():
                    have = current.get(column)
                    if column in _JSON_FIELDS:
                        have_obj = json.loads(have) if have else {}
                        if {k: v for k, v in have_obj.items() if v is not None} != want:
                            kept = {k: want[k] for k in have_obj if k in want}
                            kept.update(want)
                            update[column] = json.dumps(kept, ensure_ascii=False)
                    elif have != want:
                        update[column] = want
                if not update:
                    conn.execute("RELEASE sync_row")
                    return False
                if "updated_at" in columns:
                    update["updated_at"] = at
                conn.execute(
                    f"UPDATE [{table}] SET {', '.join(f'{c} = ?' for c in update)} WHERE id = ?",
                    [*update.values(), entity_id],
                )
            conn.execute("RELEASE sync_row")
            return True
        except engine.ANY_DATABASE_ERROR as e:
            # Kept in the log, listed for a person; the rest of the page goes on.
            conn.execute("ROLLBACK TO sync_row")
            conn.execute("RELEASE sync_row")
            self._store.db.execute(
                "INSERT OR REPLACE INTO local_sync_conflicts VALUES (?, ?, ?, ?)",
                [table, entity_id, f"!{e}", _iso(datetime.now(UTC))],
            )
            return False

    @staticmethod
    def _column_value(column: str, value: Any) -> Any:
        if column in _JSON_FIELDS:
            return json.dumps(value, ensure_ascii=False)
        return value

    # -- for the status bar --

    @reads
    def pending_count(self, at_most: int | None = None) -> int:
        """How many of this laptop's changes the service has not yet confirmed.

        :param at_most: count no further than this. Before a laptop's first sync every
            change it ever made is waiting: at 50,000 people counting them all read the
            whole log, 9 seconds in which the window's every other read waited.
        """
        waiting = "SELECT 1 FROM change_log WHERE device_id = ? AND seq > ?"
        if at_most is not None:
            waiting += f" LIMIT {int(at_most)}"
        return self._store.db.execute(
            f"SELECT count(*) FROM ({waiting})",
            [self._store.device_id, int(self._setting("confirmed") or 0)],
        ).fetchone()[0]

    @reads
    def last_synced(self) -> datetime | None:
        """When a sync last finished (UTC), or None if never."""
        text = self._setting("synced")
        return from_utc_iso(text) if text else None

    @verb(allowed=EVERYONE, says=_AS_THE_SYNC)
    def mark_synced(self, at: datetime | None = None) -> None:
        """Note that a sync finished now (the UI and ``python -m recorder sync`` call it
        after ``recorder.sync.client.sync`` returns without error)."""
        with self._store.transaction():
            self._set("synced", _iso(at or datetime.now(UTC)))

    @reads
    def service_settings(self) -> ServiceSettings | None:
        """Where this laptop syncs, or None until it is enrolled."""
        url, token = self._setting("url"), self._setting("token")
        if not url or not token:
            return None
        return ServiceSettings(url, token, self._setting("device_id"))

    @verb(
        allowed={Role.TEAM_MANAGER},
        says="Only a team manager can enrol this laptop with the sync service",
    )
    def enrol(self, url: str, token: str, device_id: str | None = None) -> None:
        """Keep the service's address and this laptop's token (and the device id the
        service gave it) in the encrypted database's local settings."""
        url, token = (url or "").strip(), (token or "").strip()
        if not url.startswith(("http://", "https://")):
            raise ValueError("The sync service's address starts with https:// (or http://).")
        if not token:
            raise ValueError("Give the enrolment token the administrator printed.")
        with self._store.transaction():
            self._set("url", url.rstrip("/"))
            self._set("token", token)
            if device_id:
                self._set("device_id", device_id)

    # -- Needs a decision --

    @reads
    def needs_decision(self) -> list[Decision]:
        """Every open conflict and every refused change of this laptop, oldest first."""
        store = self._store
        names = {r["id"]: r["name"] for r in store.rows("SELECT id, name FROM users")}
        own = self._own_ids()
        out: list[tuple[str, Decision]] = []
        for row in store.rows(
            "SELECT entity, entity_id, field, found_at FROM local_sync_conflicts "
            "ORDER BY found_at, entity, entity_id, field"
        ):
            entity, entity_id, field = row["entity"], row["entity_id"], row["field"]
            if field.startswith("!"):
                continue
            fv = self._merge(entity, entity_id).view(entity, entity_id).fields.get(field)
            if fv is None or not fv.in_conflict:
                continue
            values = tuple(
                DecisionValue(h.value, h.user_id, names.get(h.user_id or "", ""), h.device_id,
                              when(h.hlc), h.hlc, h.device_id in own)
                for h in fv.heads
            )  # fmt: skip
            out.append((row["found_at"], Decision(
                "conflict", entity, entity_id, field, self._label(entity, entity_id),
                _field_label(field), values, key=f"conflict\t{entity}\t{entity_id}\t{field}",
            )))  # fmt: skip
        for row in store.rows(
            "SELECT device_seq, notice FROM local_sync_refused WHERE settled_at IS NULL "
            "ORDER BY device_seq"
        ):
            notice = json.loads(row["notice"])
            c = notice.get("change") or {}
            entity, entity_id, field = (
                c.get("entity", ""),
                c.get("entity_id", ""),
                c.get("field", ""),
            )
            mine = DecisionValue(c.get("value"), c.get("user_id"),
                                 names.get(c.get("user_id") or "", ""), store.device_id,
                                 when(c["hlc"]), c["hlc"], True)  # fmt: skip
            values = [mine]
            fv = self._merge(entity, entity_id).view(entity, entity_id).fields.get(field)
            if fv is not None and fv.shown is not None:
                h = fv.shown
                values.append(
                    DecisionValue(
                        h.value,
                        h.user_id,
                        names.get(h.user_id or "", ""),
                        h.device_id,
                        when(h.hlc),
                        h.hlc,
                        h.device_id in own,
                    )
                )
            out.append((_iso(when(c["hlc"])), Decision(
                "refused", entity, entity_id, field, self._label(entity, entity_id),
                _field_label(field), tuple(values), reason=notice.get("reason", ""),
                offer=notice.get("offer"), key=f"refused\t{row['device_seq']}",
            )))  # fmt: skip
        out += self._duplicates(names)
        out += self._merged_both_ways(names)
        out += self._after_merges(names)
        return [d for _, d in sorted(out, key=lambda pair: pair[0])]

    def _duplicates(self, names: dict[str, str]) -> list[tuple[str, Decision]]:
        """People added on two laptops apart who match (the same NHS number, or name and
        date of birth, folded as the person dialog folds them), neither merged nor said
        to be different people.

        A pair added on one laptop was offered there when the second was added, so only
        pairs whose first log rows come from two laptops are listed: the same on every
        copy that holds both, whichever synced first.
        """
        store = self._store
        if not self.pull_cursor():
            return []  # nothing has come from another laptop: no pair is from two
        # At 50,000 people some 60,000 pairs share a birthday: their surnames are folded
        # here, once a name, and only pairs that still match are read whole and judged.
        folded: dict[str, str] = {}

        def same_surname(a: str, b: str) -> bool:
            for name in (a, b):
                if name not in folded:
                    folded[name] = folded_name(name)
            return folded[a] == folded[b]

        pairs = [
            (a, b)
            for a, b, a_name, b_name, a_nhs, b_nhs in store.db.execute(
                "SELECT a.id, b.id, a.last_name, b.last_name, a.nhs_number, b.nhs_number "
                "FROM people a JOIN people b ON a.id < b.id "
                "AND (a.date_of_birth = b.date_of_birth "
                "     OR (a.nhs_number <> '' AND a.nhs_number = b.nhs_number)) "
                "WHERE a.merged_into IS NULL AND b.merged_into IS NULL AND NOT EXISTS ("
                "  SELECT 1 FROM people_not_duplicates d WHERE d.person_id = a.id "
                "  AND d.other_id = b.id)"
            )
            if same_surname(a_name or "", b_name or "")
            or (a_nhs and normalise_nhs_number(a_nhs) == normalise_nhs_number(b_nhs or ""))
        ]
        if not pairs:
            return []
        people = store.people.many(sorted({i for pair in pairs for i in pair}))
        matched = [
            (people[a], people[b], reason)
            for a, b in pairs
            if (reason := match_reason(people[a], people[b]))
        ]
        if not matched:
            return []
        ids = sorted({p.id for a, b, _ in matched for p in (a, b)})
        where, params = log_entities_are(ids)
        added = {
            entity_id: (device, user, hlc)
            for entity_id, device, user, hlc in store.db.execute(
                "SELECT entity_id, device_id, user_id, min(hlc) FROM change_log "
                f"WHERE entity = 'people' AND op = 'insert' AND {where} GROUP BY entity_id",
                params,
            )
        }
        own = self._own_ids()
        out = []
        for a, b, reason in matched:
            if a.id not in added or b.id not in added or added[a.id][0] == added[b.id][0]:
                continue
            first, later = sorted((a, b), key=lambda p: (added[p.id][2], p.id))
            values = []
            for person, which in ((first, "first"), (later, "later")):
                device, user, hlc = added[person.id]
                device = self.device_id if device == store.device_id else device
                values.append(DecisionValue(
                    f"The same person: keep the one added {which} ({_described(person)}) "
                    "and merge the other into them.",
                    user, names.get(user or "", ""), device, when(hlc), hlc, device in own,
                ))  # fmt: skip
            values.append(DecisionValue(
                "Different people: keep both.", None, "", "", when(added[later.id][2]), "",
                False,
            ))  # fmt: skip
            out.append((_iso(when(added[later.id][2])), Decision(
                "duplicate", "people", first.id, "duplicate", _described(first),
                "possible duplicate", tuple(values),
                reason=f"Added on two laptops with {reason}.",
                key=f"duplicate\t{first.id}\t{later.id}",
            )))  # fmt: skip
        return out

    def _merged_both_ways(self, names: dict[str, str]) -> list[tuple[str, Decision]]:
        """Two people merged each into the other on two laptops at once (two managers
        answering the same possible duplicate differently): both would vanish from every
        list, so a person says which to keep; the merge of that one is undone."""
        store = self._store
        out = []
        for a_id, b_id in store.db.execute(
            "SELECT a.id, b.id FROM people a JOIN people b ON a.merged_into = b.id "
            "AND b.merged_into = a.id AND a.id < b.id ORDER BY a.id"
        ).fetchall():
            values = []
            latest = ""
            for person_id in (a_id, b_id):
                person = store.people.get(person_id)
                merge = store.db.execute(
                    "SELECT m.id FROM person_merges m WHERE m.merged_id = ? AND m.undone_at "
                    "IS NULL ORDER BY m.merged_at DESC, m.id LIMIT 1",
                    [person_id],
                ).fetchone()
                where, params = log_entities_are([merge[0] if merge else ""])
                made = store.db.execute(
                    "SELECT device_id, user_id, min(hlc) FROM change_log "
                    f"WHERE entity = 'person_merges' AND {where}",
                    params,
                ).fetchone()
                device, user, hlc = made if made and made[2] else ("", None, "")
                device = self.device_id if device == store.device_id else device
                latest = max(latest, hlc)
                values.append(DecisionValue(
                    f"Keep {_described(person)}; the other is merged into them.", user,
                    names.get(user or "", ""), device, when(hlc) if hlc else datetime.now(UTC),
                    hlc, device in self._own_ids(),
                ))  # fmt: skip
            a, b = store.people.get(a_id), store.people.get(b_id)
            out.append((_iso(when(latest)) if latest else "", Decision(
                "merged_both_ways", "people", a_id, "merged_into",
                f"{a.display_name} and {b.display_name}", "merge", tuple(values),
                reason="Merged into each other on two laptops at once, so neither shows: "
                "say which person to keep.",
                key=f"merged_both_ways\t{a_id}\t{b_id}",
            )))  # fmt: skip
        return out

    def _after_merges(self, names: dict[str, str]) -> list[tuple[str, Decision]]:
        """Changes to a merged person made on a laptop that had not heard of the merge:
        a field changed since the merge (offered for the person kept), or something added
        for them (a case, a membership: offered to move to the person kept). Kept where
        it was until a person decides; the same on every copy."""
        out: list[tuple[str, Decision]] = []
        for merge_id, kept_id, merged_id, seen_json in self._store.db.execute(
            "SELECT m.id, m.kept_id, m.merged_id, s.seen_json FROM person_merges m "
            "JOIN person_merge_seen s ON s.id = m.id JOIN people k ON k.id = m.kept_id "
            "WHERE m.undone_at IS NULL AND k.merged_into IS NOT m.merged_id "
            "ORDER BY m.merged_at, m.id"  # merged both ways: settled first, as one item
        ).fetchall():
            out += _AfterMerge(self, names, merge_id, kept_id, merged_id, seen_json).items()
        return out

    def _label(self, entity: str, entity_id: str) -> str:
        """How a person knows the record or person a decision is about."""
        rows = self._store.rows
        if entity == "people":
            found = rows("SELECT first_name, last_name FROM people WHERE id = ?", [entity_id])
            if found:
                return f"{found[0]['first_name']} {found[0]['last_name']}".strip()
        if entity == "records":
            found = rows(
                "SELECT r.form_id, r.created_at, p.first_name, p.last_name FROM records r "
                "LEFT JOIN cases c ON c.id = r.case_id LEFT JOIN people p ON p.id = c.child_id "
                "WHERE r.id = ?",
                [entity_id],
            )
            if found:
                f = found[0]
                day = datetime.fromisoformat(f["created_at"][:10])
                child = f"{f['first_name'] or ''} {f['last_name'] or ''}".strip()
                form = f["form_id"].replace("_", " ").capitalize()
                return f"{form} for {child}, started {day.day} {day:%B %Y}".replace(" for ,", ",")
        if entity == "users":
            found = rows("SELECT name FROM users WHERE id = ?", [entity_id])
            if found:
                return found[0]["name"]
        return f"{entity.replace('_', ' ')} {entity_id}"

    @verb(allowed=EVERYONE, says="Sign in to settle what sync left for a decision")
    def choose(self, decision: Decision, value: Any) -> Changes:
        """Settle ``decision`` with ``value`` (one of its values, or a new one typed in).

        The choice is the signed-in user's own logged change, based on every value
        it settles, so every laptop that syncs it sees the conflict settled. For a
        refused change, choosing the team's value drops this laptop's edit; choosing
        this laptop's value where an amendment is offered starts the amendment (a
        new draft version of the approved record holding the value).
        """
        store = self._store
        if decision.kind == "duplicate":
            return self._settle_duplicate(decision, value)
        if decision.kind == "after_merge":
            return self._settle_after_merge(decision, value)
        if decision.kind == "merged_both_ways":
            return self._settle_both_ways(decision, value)
        if decision.kind == "refused":
            seq = int(decision.key.split("\t")[1])
            changed = Changes()
            with store.transaction():
                mine = decision.values[0].value
                teams = decision.values[1].value if len(decision.values) > 1 else None
                if (
                    decision.offer == "amendment"
                    and decision.entity == "records"
                    and value == mine
                    and mine != teams
                ):
                    amendment = store.records.amend(
                        decision.entity_id,
                        reason="Made offline while the record was being approved.",
                    )
                    changed = self._set_field(
                        "records", amendment.id, decision.field, value, None
                    ) | Changes.of("records", decision.entity_id)
                store.db.execute(
                    "UPDATE local_sync_refused SET settled_at = ? WHERE device_seq = ?",
                    [_iso(datetime.now(UTC)), seq],
                )
            return changed
        with store.transaction():
            view = self._merge(decision.entity, decision.entity_id).view(
                decision.entity, decision.entity_id
            )
            fv = view.fields.get(decision.field)
            base = fv.settling_base() if fv is not None else None
            return self._set_field(decision.entity, decision.entity_id, decision.field, value, base)

    def _settle_duplicate(self, decision: Decision, value: Any) -> Changes:
        """Merge into the person chosen (a team manager's verb), or mark them different."""
        _, first, later = decision.key.split("\t")
        offered = [v.value for v in decision.values]
        if value not in offered:
            raise ValueError("Choose one of the answers offered.")
        chosen = offered.index(value)
        people = self._store.people
        if chosen == len(offered) - 1:
            return people.mark_not_duplicates(first, later, reason="Added on two laptops.")
        kept, merged = (first, later) if chosen == 0 else (later, first)
        return people.merge(kept, merged, reason="Added on two laptops while apart.")

    def _settle_both_ways(self, decision: Decision, value: Any) -> Changes:
        """Undo the merge of the person kept (a team manager's verb): what it moved comes
        back to them, and the other stays merged into them."""
        _, a_id, b_id = decision.key.split("\t")
        offered = [v.value for v in decision.values]
        if value not in offered:
            raise ValueError("Choose one of the answers offered.")
        kept = (a_id, b_id)[offered.index(value)]
        store = self._store
        with store.transaction():
            merge = store.db.execute(
                "SELECT id FROM person_merges WHERE merged_id = ? AND undone_at IS NULL "
                "ORDER BY merged_at DESC, id LIMIT 1",
                [kept],
            ).fetchone()
            if merge is None:
                raise ValueError("This was settled meanwhile.")
            return store.people.unmerge(
                merge[0], reason="Merged into each other on two laptops at once; kept this one."
            )

    def _settle_after_merge(self, decision: Decision, value: Any) -> Changes:
        """The first value: carried to the person kept (a field copied, a row moved);
        the other: left as it is. Either way noted, so no laptop lists it again."""
        from recorder.store.registry import check_family_editor

        check_family_editor(self._store)
        _, merge_id, entity, entity_id, field, hlc = decision.key.split("\t")
        offered = [v.value for v in decision.values]
        if value not in offered:
            raise ValueError("Choose one of the answers offered.")
        applied = offered.index(value) == 0
        store = self._store
        with store.transaction():
            kept_id = store.people.merge_record(merge_id).kept_id
            changed = Changes()
            if applied and entity == "people":
                changed = self._set_field("people", kept_id, field, value, None)
            elif applied:
                changed = self._set_field(entity, entity_id, field, kept_id, None)
            row_id = new_id()
            store.db.execute(
                "INSERT INTO merge_followups (id, merge_id, entity, entity_id, field, hlc, "
                "choice, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [row_id, merge_id, entity, entity_id, field, hlc,
                 "applied" if applied else "left", _iso(datetime.now(UTC))],
            )  # fmt: skip
        return changed | Changes.of("merge_followups", row_id) | Changes.of("people", kept_id)

    def _set_field(
        self, entity: str, entity_id: str, field: str, value: Any, base: str | None
    ) -> Changes:
        """Log the signed-in user's edit of one field on ``base`` (every head for a choice;
        the shown edit otherwise) and show what the merge makes of it."""
        store = self._store
        if base is None:
            where, params = log_entities_are([entity_id])
            base = store.db.execute(
                f"SELECT max(hlc) FROM change_log WHERE {where} AND field = ? AND entity = ?",
                [*params, field, entity],
            ).fetchone()[0]
        store.db.execute(
            "INSERT INTO change_log (hlc, at, tx, device_id, user_id, entity, entity_id, op, "
            "field, old_value, new_value, base_hlc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [store.clock.now(), _iso(datetime.now(UTC)), store._tx, store.device_id,
             store.user_id, entity, entity_id, "update", field, None, _stored(value), base],
        )  # fmt: skip
        changed = self._show([(entity, entity_id)])
        return Changes(changed.tables | {entity}, changed.ids | {entity_id}, "sync")


class _AfterMerge:
    """One merge's "Needs a decision" items (see ``SyncCopy._after_merges``)."""

    def __init__(self, copy: SyncCopy, names: dict[str, str], merge_id: str, kept_id: str,
                 merged_id: str, seen_json: str) -> None:  # fmt: skip
        self.copy, self.names, self.merge_id = copy, names, merge_id
        self.seen = json.loads(seen_json)
        store = copy._store
        self.kept, self.merged = store.people.get(kept_id), store.people.get(merged_id)
        self.label = f"{self.kept.display_name} (merged with {self.merged.display_name})"
        self.own = copy._own_ids()
        self.followed = {
            tuple(r)
            for r in store.db.execute(
                "SELECT entity, entity_id, field, hlc FROM merge_followups WHERE merge_id = ?",
                [merge_id],
            ).fetchall()
        }

    def items(self) -> list[tuple[str, Decision]]:
        return self._fields() + self._references()

    def _value(self, edit, value: Any = None, *, shown: bool = True) -> DecisionValue:
        user = edit.user_id if shown else None
        device = edit.device_id  # as other laptops know it: the id the service gave
        device = self.copy.device_id if device == self.copy._store.device_id else device
        return DecisionValue(
            edit.value if value is None else value, user, self.names.get(user or "", ""),
            device if shown else "", when(edit.hlc), edit.hlc if shown else "",
            shown and edit.device_id in self.own,
        )  # fmt: skip

    def _item(self, entity, entity_id, field, field_label, edit, values, reason):
        key = "\t".join(("after_merge", self.merge_id, entity, entity_id, field, edit.hlc))
        return (_iso(when(edit.hlc)), Decision(
            "after_merge", entity, entity_id, field, self.label, field_label, tuple(values),
            reason=reason, key=key,
        ))  # fmt: skip

    def _fields(self) -> list[tuple[str, Decision]]:
        """The merged person's fields changed since the merge, where the kept one differs."""
        copy, kept, merged = self.copy, self.kept, self.merged
        view = copy._merge("people", merged.id).view("people", merged.id)
        kept_view = copy._merge("people", kept.id).view("people", kept.id)
        out = []
        for field, fv in sorted(view.fields.items()):
            edit = fv.shown
            if (
                field == "merged_into"
                or edit is None
                or edit.hlc <= self.seen.get(field, "")
                or ("people", merged.id, field, edit.hlc) in self.followed
            ):
                continue
            theirs = kept_view.fields.get(field)
            shown = theirs.shown if theirs is not None else None
            if shown is not None and shown.value == edit.value:
                continue
            kept_value = self._value(shown) if shown else self._value(edit, "", shown=False)
            out.append(self._item(
                "people", merged.id, field, _field_label(field), edit,
                [self._value(edit), kept_value],
                f"Changed on a laptop that had not heard {merged.display_name} was merged into "
                f"{kept.display_name}: keep it for {kept.display_name}, or keep theirs.",
            ))  # fmt: skip
        return out

    def _references(self) -> list[tuple[str, Decision]]:
        """Rows still pointing at the merged person: the merge moved every one it knew."""
        copy, kept, merged = self.copy, self.kept, self.merged
        out = []
        for table, column, what in _PERSON_REFERENCES:
            other = {"person_id": "other_id", "other_id": "person_id"}.get(column)
            extra = f" AND {other} <> ?" if table == "relationships" else ""
            for (row_id,) in copy._store.db.execute(
                f"SELECT id FROM [{table}] WHERE {column} = ?{extra} ORDER BY id",
                [merged.id, kept.id] if extra else [merged.id],
            ).fetchall():
                fv = copy._merge(table, row_id).view(table, row_id).fields.get(column)
                edit = fv.shown if fv is not None else None
                if edit is None or (table, row_id, column, edit.hlc) in self.followed:
                    continue
                move = self._value(edit, f"Move it to {kept.display_name}, the person kept.")
                leave = self._value(edit, f"Leave it with {merged.display_name}.", shown=False)
                out.append(self._item(
                    table, row_id, column, what[2:], edit, [move, leave],
                    f"{what} of {merged.display_name} was added on a laptop that had not heard "
                    f"they were merged into {kept.display_name}.",
                ))  # fmt: skip
        return out


def _described(person: Person) -> str:
    """'Eliška Wójcik-Hale, born 29 February 2016, NHS number 943 476 5919'."""
    text = person.display_name
    born = person.date_of_birth
    if born is not None:
        text += f", born {born.day} {born:%B %Y}"
    if person.nhs_number:
        text += f", NHS number {person.nhs_number}"
    return text


def _field_label(field: str) -> str:
    """A field in words: ``values.home_conditions`` -> "home conditions"."""
    name = field.split(".", 1)[1] if "." in field else field
    return name.replace("_", " ")
