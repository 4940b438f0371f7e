"""Events a worker adds to a child's chronology, and the facts a chronology is built from.

The chronology itself is worked out in :mod:`recorder.domain.chronology`;
this module only reads what it needs in a few queries and writes the one
kind of event no other table holds.
"""

from __future__ import annotations

from datetime import date

from recorder.domain.changes import Changes
from recorder.domain.chronology import (
    CaseChange,
    ChronologyEntry,
    ChronologyFacts,
    HandoffNote,
    Move,
    VisitNote,
    entry_problem,
)
from recorder.domain.dates import uk_date
from recorder.domain.ids import from_utc_iso
from recorder.domain.people import Person
from recorder.domain.records import Record, RecordStatus, event_day
from recorder.store.errors import RefusedWriteError
from recorder.store.repository import Repository
from recorder.store.rights import EVERYONE, reads, verb
from recorder.store.rows import from_row


class ChronologyEntries(Repository[ChronologyEntry]):
    table = "chronology_entries"
    item = ChronologyEntry
    noun = "chronology entry"

    @verb(allowed=EVERYONE)
    def add_entry(
        self, child_id: str, *, on: date, category: str, note: str, today: date | None = None
    ) -> Changes:
        """A worker adds a significant event to a child's chronology, as the signed-in user.

        :param on: the day it happened
        :raises RefusedWriteError: saying what is missing or wrong (no note, a date to come)
        """
        problem = entry_problem(
            event_date=on, category=category, note=note, today=today or date.today()
        )
        if problem:
            raise RefusedWriteError(problem)
        self._store.people.get(child_id)
        entry = ChronologyEntry(
            child_id=child_id,
            event_date=on,
            category=category,
            note=" ".join(note.split()),
            author_id=self._store.user_id,
        )
        return self.add(entry)

    @verb(allowed=EVERYONE)
    def correct_entry(
        self, entry_id: str, *, on: date, category: str, note: str, today: date | None = None
    ) -> Changes:
        """Correct an event added by hand; the change log keeps what it said before.

        :raises RefusedWriteError: as :meth:`add_entry` does, or when there is no such entry
        """
        problem = entry_problem(
            event_date=on, category=category, note=note, today=today or date.today()
        )
        if problem:
            raise RefusedWriteError(problem)
        current = self.get(entry_id)
        fields = {"event_date": on, "category": category, "note": " ".join(note.split())}
        changed = {k: v for k, v in fields.items() if getattr(current, k) != v}
        return self.update(entry_id, **changed) if changed else Changes()

    @reads
    def for_child(self, child_id: str) -> list[ChronologyEntry]:
        return self._many(
            "SELECT * FROM chronology_entries WHERE child_id = ? ORDER BY event_date, created_at",
            [child_id],
        )

    @reads
    def facts(
        self, child_id: str, *, visit_forms: list[str], form_titles: dict[str, str]
    ) -> ChronologyFacts:
        """Everything a child's chronology is built from, read in one go."""
        store = self._store
        child = store.people.get(child_id)
        names = {u.id: u.name for u in store.users.all()}
        cases = store.cases.for_child(child_id)
        case_changes = []
        for case in cases:
            for change in store.history(case.id):
                if change.op == "update" and change.field in ("case_type", "worker_id"):
                    case_changes.append(
                        CaseChange(
                            day=_local_day(change.at),
                            case_id=case.id,
                            field=change.field,
                            old=change.old_value,  # type: ignore[arg-type]
                            new=change.new_value,  # type: ignore[arg-type]
                            by=names.get(change.user_id or "", ""),
                        )
                    )
        return ChronologyFacts(
            child_name=child.display_name,
            cases=cases,
            case_changes=case_changes,
            placements=store.placements.for_child(child_id),
            moves=self._moves(child),
            visits=self._visits(child_id, visit_forms, form_titles, names),
            handoffs=self._handoffs(child_id, form_titles, names),
            entries=self.for_child(child_id),
            names=names,
        )

    def _moves(self, child: Person) -> list[Move]:
        """The child's own moves, and others moving in or out while the child lived there."""
        rows = self._store.rows(
            """
            SELECT m.person_id, m.start_date, m.end_date, h.name, h.address_line1, h.town,
                p.first_name, p.last_name, p.known_as,
                c.start_date AS child_in, c.end_date AS child_out
            FROM household_members c
            JOIN household_members m ON m.household_id = c.household_id
            JOIN households h ON h.id = c.household_id
            JOIN people p ON p.id = m.person_id
            WHERE c.person_id = ?
            """,
            [child.id],
        )
        moves = []
        for r in rows:
            is_child = r["person_id"] == child.id
            moved_in, moved_out = _day(r["start_date"]), _day(r["end_date"])
            child_in, child_out = _day(r["child_in"]), _day(r["child_out"])
            if not is_child:
                # Only what happened while the child lived there concerns the child.
                moved_in = moved_in if _within(moved_in, child_in, child_out) else None
                moved_out = moved_out if _within(moved_out, child_in, child_out) else None
                if moved_in is None and moved_out is None:
                    continue
            place = ", ".join(p for p in (r["address_line1"], r["town"]) if p) or r["name"]
            name = f"{r['first_name']} {r['last_name']}".strip()
            moves.append(Move(name, is_child, place, moved_in, moved_out))
        return moves

    def _visits(
        self, child_id: str, visit_forms: list[str], titles: dict[str, str], names: dict[str, str]
    ) -> list[VisitNote]:
        if not visit_forms:
            return []
        marks = ", ".join("?" for _ in visit_forms)
        visits = []
        for record in self._many_records(f"AND r.form_id IN ({marks})", [child_id, *visit_forms]):
            day = event_day(record.values) or record.created_at.date()
            seen_alone = record.values.get("child_seen_alone", record.values.get("seen_alone"))
            visits.append(
                VisitNote(
                    day=day,
                    form_title=titles.get(record.form_id, record.form_id),
                    status=record.status,
                    child_seen=_flag(record.values.get("child_seen")),
                    seen_alone=_flag(seen_alone),
                    outcome=str(record.values.get("visit_outcome") or ""),
                    author=names.get(record.author_id or "", ""),
                )
            )
        return visits

    def _many_records(self, where: str, params: list) -> list[Record]:
        rows = self._store.rows(
            "SELECT r.* FROM records r JOIN cases c ON c.id = r.case_id "
            f"WHERE c.child_id = ? {where}",
            params,
        )
        return [from_row(Record, r) for r in rows]

    def _handoffs(
        self, child_id: str, titles: dict[str, str], names: dict[str, str]
    ) -> list[HandoffNote]:
        records = {r.id: r for r in self._many_records("", [child_id])}
        if not records:
            return []
        notes = []
        marks = ", ".join("?" for _ in records)
        approved_by_handoff = set()
        for h in self._store.rows(
            f"SELECT * FROM record_handoffs WHERE record_id IN ({marks}) ORDER BY at",
            list(records),
        ):
            record = records[h["record_id"]]
            if h["to_status"] == RecordStatus.APPROVED:
                approved_by_handoff.add(record.id)
            notes.append(
                HandoffNote(
                    day=_local_day(h["at"]),
                    record_title=_title(record, titles),
                    to_status=RecordStatus(h["to_status"]),
                    by=names.get(h["user_id"] or "", ""),
                    reason=h["reason"],
                )
            )
        # A record approved before hand-offs were kept (or brought in) still says so.
        for record in records.values():
            if record.approved_at and record.id not in approved_by_handoff:
                notes.append(
                    HandoffNote(
                        day=record.approved_at.astimezone().date(),
                        record_title=_title(record, titles),
                        to_status=RecordStatus.APPROVED,
                        by=names.get(record.approved_by or "", ""),
                        reason="",
                    )
                )
        return notes


def _title(record: Record, titles: dict[str, str]) -> str:
    """ "Home visit of 12/10/2026": the record's form and the day it is about."""
    day = event_day(record.values)
    title = titles.get(record.form_id, record.form_id)
    return f"{title} of {uk_date(day)}" if day else title


def _local_day(moment: str) -> date:
    """The day, where the user is, of a UTC time the store kept."""
    return from_utc_iso(moment).astimezone().date()


def _within(d: date | None, start: date | None, end: date | None) -> bool:
    return d is not None and (start is None or d >= start) and (end is None or d <= end)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _flag(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if value in ("Yes", "yes"):
        return True
    if value in ("No", "no"):
        return False
    return None
