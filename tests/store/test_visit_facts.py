"""The visit facts the store keeps beside each record give the same clocks as reading every record.

The caseload reads each case's latest visits from ``local_case_visits`` (kept by
triggers, migration ``0006``). Here a team's caseload is written through the
store's own verbs (drafts, sends, returns, take-backs, approvals, amendments,
children not seen, "No access" visits, dates typed wrongly or in the future) and
every clock is compared with the one worked out from every visit record read
whole, as the child view does.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recorder.caseload import caseload_entries, entry_timeliness, history_needed_since
from recorder.domain import Case, CaseType, Person, Record, RecordStatus, Role, User
from recorder.domain.placements import LegalStatus, Placement, PlacementKind
from recorder.domain.visit_clock import visit_fact
from recorder.store import Store
from recorder.store.views import CaseloadRow

VISIT_FORMS = ["home_visit", "cp_visit", "cic_visit"]
FORM_FOR = {
    CaseType.CHILD_IN_CARE: "cic_visit",
    CaseType.CHILD_PROTECTION: "cp_visit",
    CaseType.CHILD_IN_NEED: "home_visit",
    CaseType.EARLY_HELP: "home_visit",
}
DRAFT, WITH_BS, FINISHED, APPROVED = (
    RecordStatus.DRAFT,
    RecordStatus.WITH_BUSINESS_SUPPORT,
    RecordStatus.FINISHED,
    RecordStatus.APPROVED,
)


class Team:
    """A worker, business support and a manager, with children whose cases they record."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.worker = User("Nerys Penhallow", Role.SOCIAL_WORKER)
        self.support = User("Priya Venkataraman-Hughes", Role.BUSINESS_SUPPORT)
        self.manager = User("Gwilym Ashcroft", Role.TEAM_MANAGER)
        if store.user_id is None:  # a plain file (the SQL of these tests reads it directly)
            store.users.add_first_manager(self.manager, "manager-password")
            store.sign_in(self.manager.id)
            store.users.add_all([self.worker, self.support])
        else:
            store.users.add_all([self.worker, self.support, self.manager])
        store.sign_in(self.worker.id)
        self.cases: list[Case] = []

    def child(self, case_type: CaseType, start: date, name: str = "Tomos") -> Case:
        child = Person(name, "Ferreira-Lake", date_of_birth=date(2014, 4, 9))
        self.store.people.add(child)
        case = Case(child.id, case_type, self.worker.id, start)
        self.store.cases.add(case)
        if case_type is CaseType.CHILD_IN_CARE:
            self.store.placements.save(
                Placement(child.id, start, PlacementKind.FOSTER, LegalStatus.SECTION_20)
            )
        self.cases.append(case)
        return case

    def as_(self, user: User) -> Store:
        self.store.sign_in(user.id)
        return self.store

    def visit(self, case: Case, day: date | str, **values) -> str:
        """A draft visit record written by the worker."""
        record = Record(
            case.id,
            FORM_FOR[case.case_type],
            1,
            self.worker.id,
            values={"visit_date": day.isoformat() if isinstance(day, date) else day, **values},
        )
        self.as_(self.worker).records.add(record)
        return record.id

    def send(self, record_id: str) -> None:
        self.as_(self.worker).records.move(record_id, WITH_BS)

    def take_back(self, record_id: str) -> None:
        self.as_(self.worker).records.move(record_id, DRAFT)

    def finish(self, record_id: str) -> None:
        self.as_(self.support).records.move(record_id, FINISHED)

    def return_(self, record_id: str) -> None:
        self.as_(self.support).records.move(record_id, DRAFT, reason="Who was present?")

    def approve(self, record_id: str) -> None:
        self.as_(self.manager).records.move(record_id, APPROVED)

    def amend(self, record_id: str, **values) -> str:
        amendment = self.as_(self.worker).records.amend(record_id, reason="Wrong date.")
        self.store.records.save_values(amendment.id, {**amendment.values, **values})
        return amendment.id


def kept_clocks(store: Store, reference, today: date):
    """The caseload's clocks from what the store keeps (and the team view's history)."""
    rows = store.views.caseload(
        worker_id=None,
        visit_forms=VISIT_FORMS,
        history_since=history_needed_since(today),
        on=today,
    )
    return _clocks(rows, reference, today)


def clocks_from_every_record(store: Store, reference, today: date):
    """The same clocks from every visit record of each open case, read whole."""
    rows = store.views.caseload(worker_id=None, visit_forms=VISIT_FORMS, on=today)
    whole = []
    for row in rows:
        facts = [
            fact
            for record in store.records.for_case(row.case.id)
            if record.form_id in VISIT_FORMS and (fact := visit_fact(record)) is not None
        ]
        whole.append(CaseloadRow(row.case, row.child, row.worker_name, facts, row.placements))
    return _clocks(whole, reference, today)


def _clocks(rows, reference, today):
    entries = caseload_entries(
        rows, visits=reference.visits, calendar=reference.calendar, today=today
    )
    return {
        e.row.case.id: (
            e.clock,
            entry_timeliness(e, visits=reference.visits, calendar=reference.calendar),
        )
        for e in entries
    }


def assert_same_clocks(store: Store, reference, *days: date) -> None:
    for today in days:
        assert kept_clocks(store, reference, today) == clocks_from_every_record(
            store, reference, today
        ), f"the clocks differ on {today}"


def test_a_caseload_written_through_every_verb_reads_the_same_clocks(fresh_store, reference):
    team = Team(fresh_store)
    protection = team.child(CaseType.CHILD_PROTECTION, date(2026, 9, 1), "Tomos")
    in_need = team.child(CaseType.CHILD_IN_NEED, date(2026, 6, 1), "Eira")
    in_care = team.child(CaseType.CHILD_IN_CARE, date(2026, 3, 2), "Cai")

    # Sent, finished and approved: counts.
    approved = team.visit(protection, date(2026, 9, 10), child_seen=True)
    team.send(approved)
    team.finish(approved)
    team.approve(approved)
    # Sent, then returned by business support: a draft again, so it stops counting.
    returned = team.visit(protection, date(2026, 10, 1), child_seen=True)
    team.send(returned)
    team.return_(returned)
    # Sent and taken back before business support opened it.
    taken_back = team.visit(protection, date(2026, 10, 8), child_seen=True)
    team.send(taken_back)
    team.take_back(taken_back)
    # The child not seen, and a "No access" visit: never count, whatever their state.
    not_seen = team.visit(in_need, date(2026, 10, 2), child_seen=False)
    team.send(not_seen)
    no_access = team.visit(in_need, date(2026, 10, 3), child_seen=True, visit_outcome="No access")
    team.send(no_access)
    team.finish(no_access)
    counted = team.visit(in_need, date(2026, 7, 20), child_seen=True, visit_outcome="Completed")
    team.send(counted)
    # An approved visit amended: the correction is a draft until it is sent.
    first = team.visit(in_care, date(2026, 3, 5), child_seen=True)
    team.send(first)
    team.finish(first)
    team.approve(first)
    amended = team.amend(first, visit_date="2026-03-06")
    # A mistyped date, a date in the future, and a visit date changed in a draft.
    team.visit(in_care, "31/02/2026", child_seen=True)
    future = team.visit(in_care, date(2027, 4, 1), child_seen=True)
    team.send(future)
    changing = team.visit(in_need, date(2026, 10, 20), child_seen=True)
    team.as_(team.worker).records.save_values(
        changing, {"visit_date": "2026-10-21", "child_seen": True}
    )

    assert_same_clocks(
        fresh_store,
        reference,
        date(2026, 9, 5),
        date(2026, 10, 5),
        date(2026, 11, 20),
        date(2027, 4, 1),
        date(2027, 6, 1),
    )
    clocks = kept_clocks(fresh_store, reference, date(2026, 11, 20))
    assert clocks[protection.id][0].last_visit == date(2026, 9, 10)
    assert clocks[protection.id][0].not_sent == date(2026, 10, 8)
    assert clocks[in_need.id][0].last_visit == date(2026, 7, 20)
    assert clocks[in_care.id][0].last_visit == date(2026, 3, 5)  # the amendment is a draft
    team.send(amended)
    assert kept_clocks(fresh_store, reference, date(2026, 11, 20))[in_care.id][
        0
    ].last_visit == date(2026, 3, 6)
    assert_same_clocks(fresh_store, reference, date(2026, 11, 20), date(2027, 5, 1))


    # A long caseload's first screenful reads the same as those rows of the whole list.
    today = date(2026, 11, 20)
    whole = fresh_store.views.caseload(worker_id=None, visit_forms=VISIT_FORMS, on=today)
    for limit in (1, 2, 3, 10):
        first = fresh_store.views.caseload(
            worker_id=None, visit_forms=VISIT_FORMS, on=today, limit=limit
        )
        assert first == whole[:limit]
    assert fresh_store.views.open_cases(worker_id=None) == len(whole) == 3
    assert fresh_store.views.open_cases(worker_id=team.worker.id) == 3


def test_a_database_written_before_the_facts_were_kept_gets_them_when_it_opens(
    db_path: Path, reference
):
    store = Store.open(db_path)
    team = Team(store)
    case = team.child(CaseType.CHILD_IN_NEED, date(2026, 6, 1))
    record = team.visit(case, date(2026, 10, 2), child_seen=True)
    team.send(record)
    team.visit(case, date(2026, 10, 9), child_seen=True)
    store.close()
    # As a database made before migration 0006: no facts, no triggers, not applied.
    conn = sqlite3.connect(db_path)
    conn.executescript(
        """
        DROP TRIGGER records_visit_facts_insert;
        DROP TRIGGER records_visit_facts_update;
        DROP TABLE local_visit_facts;
        DROP TABLE local_case_visits;
        DROP TABLE local_visit_facts_version;
        DROP INDEX records_case_status;
        DELETE FROM _sqlite_migrations WHERE name = '0006_visit_facts';
        """
    )
    conn.commit()
    conn.close()
    store = Store.open(db_path)
    try:
        clock = kept_clocks(store, reference, date(2026, 11, 20))[case.id][0]
        assert (clock.last_visit, clock.not_sent) == (date(2026, 10, 2), date(2026, 10, 9))
        assert_same_clocks(store, reference, date(2026, 11, 20))
    finally:
        store.close()


# Values a visit form may hold, typed well or badly: the clock must read them one way.
_DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 3, 1))
_VISIT_DATE = st.one_of(
    _DAYS.map(date.isoformat),
    _DAYS.map(lambda d: d.strftime("%d/%m/%Y")),
    _DAYS.map(lambda d: d.strftime("%Y%m%d")),
    st.sampled_from(["2026-02-30", "0000-01-01", "2026-11-05T10:00", "", " 2026-11-05"]),
    st.none(),
    st.integers(),
)
_SEEN = st.one_of(st.booleans(), st.none(), st.sampled_from([1, 0, "yes", "true", []]))
_OUTCOME = st.one_of(
    st.none(),
    st.sampled_from(["Completed", "No access", "Child not seen", "completed", "", 0, 0.0, 1]),
    st.sampled_from([False, True, [], {}, ["Completed"], {"a": 1}]),
    st.text(max_size=3),
)
_MOVES = st.lists(
    st.sampled_from(["send", "take back", "finish", "return", "approve", "amend", "retype"]),
    max_size=5,
)


def _play(team: Team, record_id: str, moves: list[str], retyped: dict) -> None:
    """Each move the record's state allows, by the role that makes it; others are skipped."""
    store = team.store
    for move in moves:
        status = store.records.get(record_id).status
        if move == "send" and status is DRAFT:
            team.send(record_id)
        elif move == "take back" and status is WITH_BS:
            team.take_back(record_id)
        elif move == "finish" and status is WITH_BS:
            team.finish(record_id)
        elif move == "return" and status is WITH_BS:
            team.return_(record_id)
        elif move == "approve" and status is FINISHED:
            team.approve(record_id)
        elif move == "amend" and status is APPROVED:
            record_id = team.amend(record_id, **retyped)
        elif move == "retype" and status is DRAFT:
            values = {**store.records.get(record_id).values, **retyped}
            team.as_(team.worker).records.save_values(record_id, values)


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory) -> Path:
    """A new database, made once and copied for each example."""
    path = tmp_path_factory.mktemp("empty") / "case.db"
    Store.open(path).close()
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    visits=st.lists(
        st.tuples(
            st.integers(0, 2),
            st.fixed_dictionaries(
                {},
                optional={
                    "visit_date": _VISIT_DATE,
                    "child_seen": _SEEN,
                    "visit_outcome": _OUTCOME,
                },
            ),  # fmt: skip
            _MOVES,
            st.fixed_dictionaries({}, optional={"visit_date": _VISIT_DATE, "child_seen": _SEEN}),
        ),
        max_size=8,
    ),
    today=_DAYS,
)
def test_any_visits_and_moves_read_the_same_clocks(
    empty_database, tmp_path_factory, reference, visits, today
):
    path = tmp_path_factory.mktemp("facts") / "case.db"
    shutil.copy(empty_database, path)
    store = Store.open(path)
    try:
        team = Team(store)
        start = date(2026, 1, 5)
        cases = [
            team.child(CaseType.CHILD_PROTECTION, start, "Tomos"),
            team.child(CaseType.CHILD_IN_CARE, start, "Cai"),
            team.child(CaseType.CHILD_IN_NEED, start, "Eira"),
        ]
        for which, values, moves, retyped in visits:
            record = Record(cases[which].id, FORM_FOR[cases[which].case_type], 1, team.worker.id,
                            values=values)  # fmt: skip
            team.as_(team.worker).records.add(record)
            _play(team, record.id, moves, retyped)
        assert_same_clocks(store, reference, today, today + timedelta(days=200))
    finally:
        store.close()
