"""Read models: everything one screen needs, fetched in one go.

A screen asks for its whole view at once so the worker thread makes a few
indexed queries and the GUI thread never waits on a chain of small ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from recorder.domain.cases import Case, CaseType
from recorder.domain.changes import Change
from recorder.domain.people import Household, Person, Relationship
from recorder.domain.placements import Placement
from recorder.domain.professionals import Involvement, Professional
from recorder.domain.records import Record, RecordStatus, ids_in
from recorder.domain.visit_clock import VisitFact
from recorder.store.rows import from_row
from recorder.store.schema import log_entities_are

if TYPE_CHECKING:
    from recorder.store.store import Store


@dataclass(frozen=True)
class CaseloadRow:
    case: Case
    child: Person
    worker_name: str
    visits: list[VisitFact]
    """What the visit clock needs: the last visit that counts and any later draft; with
    ``history_since``, every visit that counts from then on as well."""
    placements: list[Placement]
    """The child's placements, earliest first (children in care only)."""


@dataclass(frozen=True)
class RecordSummary:
    id: str
    case_id: str
    form_id: str
    status: RecordStatus
    author_name: str
    event_date: date | None
    """The visit or assessment date where the record has one, else the day it was made."""
    updated_at: datetime


@dataclass(frozen=True)
class QueueRow:
    record: Record
    child: Person
    author_name: str
    since: datetime
    """When it reached its present state (sent to business support, returned ...)."""
    reason: str
    """The reason given at its latest hand-off, if any (why it was returned)."""


@dataclass(frozen=True)
class RecordHistory:
    record: Record
    changes: list[Change]
    reasons: dict[str, str]
    """Hand-off reasons by the change-log transaction they were given in."""
    names: dict[str, str]


@dataclass(frozen=True)
class Link:
    """Someone related to the person in view, and how, read from that person's side."""

    person: Person
    relationship: Relationship
    other_is_subject: bool
    """True when the relationship reads "<person> is <kind> of <subject>"."""


@dataclass(frozen=True)
class HouseholdView:
    household: Household
    members: list[Person]


@dataclass(frozen=True)
class PersonView:
    person: Person
    households: list[HouseholdView]
    links: list[Link]
    professionals: list[tuple[Involvement, Professional]]
    cases: list[Case]
    records: list[RecordSummary]

    def shown_ids(self) -> frozenset[str]:
        """Every id this view shows, for :meth:`Views.concerns`."""
        ids = {self.person.id}
        for home in self.households:
            ids.add(home.household.id)
            ids.update(p.id for p in home.members)
        for link in self.links:
            ids.update((link.person.id, link.relationship.id))
        for involvement, professional in self.professionals:
            ids.update((involvement.id, professional.id))
        ids.update(c.id for c in self.cases)
        ids.update(r.id for r in self.records)
        return frozenset(ids)


class Views:
    every_method_reads = True  # a rights declaration: see recorder.store.rights

    def __init__(self, store: Store) -> None:
        self._store = store

    def caseload(
        self,
        *,
        worker_id: str | None,
        visit_forms: list[str],
        history_since: date | None = None,
        on: date | None = None,
        limit: int | None = None,
    ) -> list[CaseloadRow]:
        """Open cases, a worker's own or (``worker_id=None``) the whole team's, with what
        the visit clock needs for each.

        :param visit_forms: ids of forms whose records are visits
        :param history_since: also every visit that counts from this day on (the team
            view's timeliness); otherwise only the last one and any later draft
        :param on: the day the clock is read on: visits dated after it are left out, as
            the clock leaves them out (without it, every visit is read)
        :param limit: only the first this many by name (a long list's first screenful)
        """
        own = "AND c.worker_id = ?" if worker_id else ""
        # One worker's cases come through the worker index; "? IS NULL OR ..."
        # would hide it from the planner and scan every case.
        mine = [worker_id] if worker_id else []
        rows = self._store.rows(
            f"""
            SELECT c.id AS case__id, c.child_id, c.case_type, c.worker_id, c.start_date,
                c.end_date, c.reference, c.plan_visit_every_working_days,
                p.*, coalesce(u.name, '') AS worker_name
            FROM cases c
            JOIN people p ON p.id = c.child_id
            LEFT JOIN users u ON u.id = c.worker_id
            WHERE c.end_date IS NULL {own}
            ORDER BY p.last_name, p.first_name {"LIMIT ?" if limit is not None else ""}
            """,
            [*mine, *([limit] if limit is not None else [])],
        )
        only = [r["case__id"] for r in rows] if limit is not None else None
        visits = self._visit_facts(mine, visit_forms, history_since, on, only)
        in_care = [r["child_id"] for r in rows if r["case_type"] == CaseType.CHILD_IN_CARE]
        placements = self._store.placements.for_children(in_care) if in_care else {}
        result = []
        for r in rows:
            case = from_row(Case, {**r, "id": r["case__id"]})
            result.append(
                CaseloadRow(
                    case=case,
                    child=from_row(Person, r),
                    worker_name=r["worker_name"],
                    visits=visits.get(case.id, []),
                    placements=placements.get(case.child_id, []),
                )
            )
        return result

    def open_cases(self, *, worker_id: str | None) -> int:
        """How many open cases ``caseload`` lists (without reading them)."""
        own = "AND worker_id = ?" if worker_id else ""
        return self._store.first(
            f"SELECT count(*) FROM cases WHERE end_date IS NULL {own}",
            [worker_id] if worker_id else [],
        )[0]

    def _visit_facts(
        self,
        mine: list[str],
        visit_forms: list[str],
        history_since: date | None,
        on: date | None,
        only: list[str] | None = None,
    ) -> dict[str, list[VisitFact]]:
        """Per open case: the last visit that counts, the latest draft, and the history asked.

        Read from what the store keeps beside the records (migration ``0006``): each
        case's latest counting and draft visit per form, so no record's JSON is parsed.
        A latest visit dated after ``on`` (a mistyped year) is looked up again among
        that case's visits up to ``on``, as the clock would read them; a test holds the
        two to the same answers.
        """
        own = "AND c.worker_id = :worker" if mine else ""
        marks = ", ".join(f":form{i}" for i in range(len(visit_forms))) or "NULL"
        params: dict[str, str] = {f"form{i}": f for i, f in enumerate(visit_forms)}
        params |= {"worker": mine[0]} if mine else {}
        if only is not None:
            own += " AND c.id IN (" + (", ".join(f":case{i}" for i in range(len(only))) or "NULL")
            own += ")"
            params |= {f"case{i}": case_id for i, case_id in enumerate(only)}
        upto = on.isoformat() if on else "9999-12-31"
        latest = (
            "(SELECT max(f.day) FROM local_visit_facts f WHERE f.case_id = s.case_id "
            "AND f.form_id = s.form_id AND f.{flag} = 1 AND f.day <= :upto)"
        )
        facts: dict[str, list[VisitFact]] = {}
        # Plain tuples with named parameters: a team's history is tens of thousands of rows.
        # Read whole while holding the store (Store.first says why).
        with self._store.in_use:
            execute = self._store.db.execute
            for case_id, counted, drafted in execute(
                f"""
                SELECT s.case_id,
                    max(CASE WHEN s.last_counted <= :upto THEN s.last_counted
                        WHEN s.last_counted IS NOT NULL THEN {latest.format(flag="counts")} END)
                        AS counted,
                    max(CASE WHEN s.last_draft <= :upto THEN s.last_draft
                        WHEN s.last_draft IS NOT NULL THEN {latest.format(flag="draft")} END)
                        AS drafted
                FROM cases c JOIN local_case_visits s ON s.case_id = c.id
                WHERE c.end_date IS NULL {own} AND s.form_id IN ({marks})
                GROUP BY s.case_id
                """,
                {**params, "upto": upto},
            ):
                found = facts.setdefault(case_id, [])
                if counted:
                    found.append(_counted(counted))
                if drafted:
                    found.append(VisitFact(date.fromisoformat(drafted), RecordStatus.DRAFT, None))
            if history_since is not None:
                for case_id, day in execute(
                    f"""
                    SELECT DISTINCT f.case_id, f.day
                    FROM local_visit_facts f JOIN cases c ON c.id = f.case_id
                    WHERE f.counts = 1 AND f.day >= :since AND f.day <= :upto
                        AND c.end_date IS NULL {own} AND f.form_id IN ({marks})
                    """,
                    {**params, "upto": upto, "since": history_since.isoformat()},
                ):
                    facts.setdefault(case_id, []).append(_counted(day))
        return facts

    def visit_facts_version(self) -> int:
        """A number that moves whenever any record's visit facts change (migration ``0006``).

        A caseload read with one number is still right while the number stays: a save
        of a visit's words, say, leaves it.
        """
        return self._store.first("SELECT n FROM local_visit_facts_version")[0]

    def concerns(self, changed_ids: Iterable[str], shown_ids: Iterable[str]) -> bool:
        """True when any changed row is, or was ever logged pointing at, a row shown.

        A view showing a child lists the ids it shows (the child, their cases, records,
        homes, family...). A change to one of those concerns it; so does a change to a
        row whose log once named one of them: a new record's case, a placement's child,
        a hand-off's record. A change to anything else (another child's record, say)
        does not, so the view need not read the child again.
        """
        changed, shown = sorted(set(changed_ids)), sorted(set(shown_ids))
        if set(changed) & set(shown):
            return True
        if not changed or not shown:
            return False
        where, params = log_entities_are(changed)
        found = self._store.first(
            f"SELECT 1 FROM change_log WHERE {where} "
            f"AND new_value IN ({', '.join('?' * len(shown))}) LIMIT 1",
            params + shown,
        )
        return found is not None

    def any_in(self, status: RecordStatus, record_ids: Iterable[str]) -> bool:
        """True when any of these records is now in ``status`` (a list of that state
        must then be read again)."""
        ids = list(record_ids)
        if not ids:
            return False
        marks = ", ".join("?" for _ in ids)
        return bool(
            self._store.first(
                f"SELECT 1 FROM records WHERE status = ? AND id IN ({marks}) LIMIT 1",
                [RecordStatus(status).value, *ids],
            )
        )

    def person(self, person_id: str, *, on: date) -> PersonView:
        """A child (or adult) with their homes, family network, professionals and records."""
        store = self._store
        person = store.people.get(person_id)
        households = [
            HouseholdView(h, self._people(store.households.current_member_ids(h.id, on=on)))
            for h in store.households.current_for(person_id, on=on)
        ]
        relationships = store.relationships.involving(person_id)
        others = store.people.many(
            [r.other_id if r.person_id == person_id else r.person_id for r in relationships]
        )
        links = [
            Link(
                person=others[r.person_id if r.other_id == person_id else r.other_id],
                relationship=r,
                other_is_subject=r.other_id == person_id,
            )
            for r in relationships
        ]
        links.sort(key=lambda link: (link.person.date_of_birth or date.min, link.person.last_name))
        professionals = [
            (i, store.professionals.get(i.professional_id))
            for i in store.involvements.for_child(person_id)
            if i.end_date is None or i.end_date > on
        ]
        cases = store.cases.for_child(person_id)
        return PersonView(
            person=person,
            households=households,
            links=links,
            professionals=professionals,
            cases=cases,
            records=self.records_for_child(person_id),
        )

    def records_for_child(self, child_id: str) -> list[RecordSummary]:
        rows = self._store.rows(
            """
            SELECT r.id, r.case_id, r.form_id, r.status, r.updated_at, r.created_at,
                coalesce(u.name, '') AS author_name,
                coalesce(json_extract(r.values_json, '$.visit_date'),
                         json_extract(r.values_json, '$.assessment_date'),
                         substr(r.created_at, 1, 10)) AS event_date
            FROM cases c JOIN records r ON r.case_id = c.id
            LEFT JOIN users u ON u.id = r.author_id
            WHERE c.child_id = ?
            ORDER BY event_date DESC, r.created_at DESC
            """,
            [child_id],
        )
        return [
            RecordSummary(
                id=r["id"],
                case_id=r["case_id"],
                form_id=r["form_id"],
                status=RecordStatus(r["status"]),
                author_name=r["author_name"],
                event_date=_date_or_none(r["event_date"]),
                updated_at=datetime.fromisoformat(r["updated_at"]),
            )
            for r in rows
        ]

    def case_facts(self, case_id: str, *, on: date, excluding: str | None = None) -> CaseFacts:
        """What is known about a case's child, for a form to fill itself from.

        :param excluding: a record to leave out of the history (the one being edited)
        """
        return _case_facts(self._store, case_id, on=on, excluding=excluding)

    def record_with_names(self, record_id: str) -> tuple[Record, dict[str, str]]:
        """A record and the names of everyone its values mention by id, to show it."""
        store = self._store
        record = store.records.get(record_id)
        names = {p.id: p.display_name for p in store.people.many(ids_in(record.values)).values()}
        for row in store.rows(
            "SELECT id, name FROM professionals UNION ALL SELECT id, name FROM users"
        ):
            names[row["id"]] = row["name"]
        names.update({"worker": "Social worker", "family": "The family"})
        return record, names

    def records_in(
        self, status: RecordStatus, *, author_id: str | None = None, limit: int | None = None
    ) -> list[QueueRow]:
        """Records in one state across the team (or one author's), oldest hand-over first.

        Business support's queue is ``records_in(WITH_BUSINESS_SUPPORT)``; what came back
        to a social worker is their drafts that were returned.

        :param limit: only the oldest this many (a long list's first screenful)
        """
        rows = self._store.rows(
            f"""
            SELECT r.id, c.child_id, coalesce(u.name, '') AS author_name,
                coalesce((SELECT max(h.at) FROM record_handoffs h
                          WHERE h.record_id = r.id AND h.to_status = r.status),
                         r.updated_at) AS since,
                coalesce((SELECT h.reason FROM record_handoffs h WHERE h.record_id = r.id
                          ORDER BY h.at DESC, h.rowid DESC LIMIT 1), '') AS reason
            FROM records r JOIN cases c ON c.id = r.case_id
            LEFT JOIN users u ON u.id = r.author_id
            WHERE r.status = ? {"AND r.author_id = ?" if author_id else ""}
            ORDER BY since, r.created_at {"LIMIT ?" if limit is not None else ""}
            """,
            [
                RecordStatus(status).value,
                *([author_id] if author_id else []),
                *([limit] if limit is not None else []),
            ],
        )
        records = self._store.records.many([r["id"] for r in rows])
        children = self._store.people.many([r["child_id"] for r in rows])
        return [
            QueueRow(
                record=records[r["id"]],
                child=children[r["child_id"]],
                author_name=r["author_name"],
                since=datetime.fromisoformat(r["since"]),
                reason=r["reason"],
            )
            for r in rows
        ]

    def count_in(self, status: RecordStatus, *, author_id: str | None = None) -> int:
        """How many records are in one state (``records_in`` without reading them)."""
        return self._store.first(
            f"""SELECT count(*) FROM records
            WHERE status = ? {"AND author_id = ?" if author_id else ""}""",
            [RecordStatus(status).value, *([author_id] if author_id else [])],
        )[0]

    def record_counts_by_worker(
        self, statuses: Iterable[RecordStatus] | None = None
    ) -> dict[str, dict[RecordStatus, int]]:
        """For each allocated worker, how many of their cases' records are in each state.

        :param statuses: only these states. Most of a team's records are approved: at
            50,000 people counting every state took half a second, and the team view
            asks for two.
        """
        wanted = [RecordStatus(s).value for s in statuses] if statuses is not None else None
        only = ""
        if wanted is not None:
            only = f"AND r.status IN ({', '.join('?' * len(wanted)) or 'NULL'})"
        counts: dict[str, dict[RecordStatus, int]] = {}
        # Case by case through (case_id, status), an index that holds all it needs: led
        # by the state instead, SQLite read each record's row, text and all (0.4 s).
        for r in self._store.rows(
            f"""
            SELECT c.worker_id, r.status, count(*) AS n FROM cases c
            CROSS JOIN records r ON r.case_id = c.id {only}
            WHERE c.worker_id IS NOT NULL
            GROUP BY c.worker_id, r.status
            """,
            wanted or [],
        ):
            counts.setdefault(r["worker_id"], {})[RecordStatus(r["status"])] = r["n"]
        return counts

    def record_history(self, record_id: str) -> RecordHistory:
        """A record's change log, the reasons given for its hand-offs, and everyone's names."""
        store = self._store
        record, names = self.record_with_names(record_id)
        handoffs = store.handoffs.for_record(record_id)
        reasons: dict[str, str] = {}
        if handoffs:
            where, params = log_entities_are([h.id for h in handoffs])
            for row in store.rows(
                f"SELECT DISTINCT tx, entity_id FROM change_log WHERE {where}", params
            ):
                reason = next(h.reason for h in handoffs if h.id == row["entity_id"])
                reasons[row["tx"]] = reason
        changes = store.history(record_id)
        for kept in store.kept_audio.for_record(record_id):  # kept and deleted, logged
            changes += store.history(kept.id)
        changes.sort(key=lambda c: c.seq)
        return RecordHistory(record, changes, reasons, names)

    def _people(self, ids: list[str]) -> list[Person]:
        found = self._store.people.many(ids)
        return sorted(found.values(), key=lambda p: (p.date_of_birth or date.min, p.last_name))


def _counted(day: str) -> VisitFact:
    """A visit that counts, as the grouped query found it (its record's state left draft)."""
    return VisitFact(date.fromisoformat(day), RecordStatus.FINISHED, True)


def _date_or_none(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


__all__ = ["CaseType", "CaseloadRow", "HouseholdView", "Link", "PersonView", "RecordSummary"]


@dataclass(frozen=True)
class PastRecord:
    record: Record
    author_name: str


@dataclass(frozen=True)
class CaseFacts:
    """Everything already known about a case: what forms fill themselves from."""

    case: Case
    child: Person
    worker_name: str
    households: list[HouseholdView]
    links: list[Link]
    professionals: list[tuple[Involvement, Professional]]
    past_records: list[PastRecord]
    """The child's earlier records (every case), newest first."""
    placements: list[Placement]
    """The child's placements, earliest first."""


def _case_facts(store: Store, case_id: str, *, on: date, excluding: str | None) -> CaseFacts:
    case = store.cases.get(case_id)
    view = store.views.person(case.child_id, on=on)
    worker = store.users.find(case.worker_id) if case.worker_id else None
    rows = store.rows(
        """
        SELECT r.*, coalesce(u.name, '') AS author_name FROM records r
        JOIN cases c ON c.id = r.case_id LEFT JOIN users u ON u.id = r.author_id
        WHERE c.child_id = ? AND r.id IS NOT ?
        ORDER BY coalesce(json_extract(r.values_json, '$.visit_date'),
                          json_extract(r.values_json, '$.assessment_date'),
                          substr(r.created_at, 1, 10)) DESC, r.created_at DESC
        """,
        [case.child_id, excluding],
    )
    return CaseFacts(
        case=case,
        child=view.person,
        worker_name=worker.name if worker else "",
        households=view.households,
        links=view.links,
        professionals=view.professionals,
        past_records=[PastRecord(from_row(Record, r), r["author_name"]) for r in rows],
        placements=store.placements.for_child(case.child_id),
    )
