"""Random interleavings of offline edits, choices and syncs over a faulty link, on three
laptops' real stores: once everyone has synced, every laptop shows what the service
holds, lists the same open conflicts, holds every edit any laptop made, and verifies."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from recorder.domain import Case, CaseType, Person, Record, Role, User
from recorder.store.chain import load_or_create_key
from recorder.store.signing_in import create_database
from recorder.store.verify import verify_file
from recorder.sync.client import Service, ServiceUnreachable, sync
from tests.conftest import add_user
from tests.sync.faulty_link import FaultyLink
from tests.sync.running_service import enrol_here
from tests.sync.test_client import server_view

_teams = itertools.count(1)

steps = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.integers(0, 2), st.integers(0, 1), st.integers(0, 3)),
        st.tuples(st.just("choose"), st.integers(0, 2), st.integers(0, 3)),
        st.tuples(
            st.just("sync"),
            st.integers(0, 2),
            st.sampled_from([None, "lose_answer", "deliver_twice"]),
        ),
    ),
    min_size=1,
    max_size=12,
)


@pytest.fixture
def link(service):
    faulty = FaultyLink(service.port)
    yield faulty
    faulty.close()


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(plan=steps)
def test_any_interleaving_on_real_stores_converges_and_loses_no_edit(
    plan, service, link, database_url, tmp_path
):
    team = f"team-{next(_teams)}"
    laptops = []
    for d in range(3):
        store = create_database(
            tmp_path / f"{team}-{d}.db", f"Manager {team} {d}", "long-password-1"
        )
        device, token = enrol_here(database_url, team=team, name=f"LAPTOP-{d}")
        store.sync.enrol(service.url, token, device)
        laptops.append((store, token))
    try:
        first = laptops[0][0]
        worker = User(f"Worker {team}", Role.SOCIAL_WORKER)
        add_user(first, worker)
        first.sign_in(worker.id)
        child = Person("Fictional", f"Child {team}", date_of_birth=date(2016, 1, 1))
        first.people.add(child)
        case = Case(child.id, CaseType.CHILD_IN_NEED, worker.id, date(2026, 9, 1))
        first.cases.add(case)
        records = [Record(case.id, "home_visit", 1, worker.id, values={"notes": "first"})
                   for _ in range(2)]  # fmt: skip
        first.records.add_all(records)
        for store, token in laptops:
            sync(Service(service.url, token), store.sync)
            store.sign_in(worker.id)

        for step in plan:
            store, token = laptops[step[1]]
            if step[0] == "edit":
                _, _, r, value = step
                record = store.records.get(records[r].id)
                store.records.save_values(record.id, {**record.values, "notes": f"v{value}"})
            elif step[0] == "choose":
                items = store.sync.needs_decision()
                if items:
                    store.sync.choose(items[0], f"chosen {step[2]}")
                    event("a conflict chosen")
            else:
                if step[2]:
                    link.queue(step[2], "/v1/push")
                try:
                    sync(Service(link.url, token), store.sync)
                except ServiceUnreachable:
                    pass  # the answer was lost; the next sync carries on
                link.faults.clear()
        for _ in range(2):
            for store, token in laptops:
                sync(Service(service.url, token), store.sync)

        expected = server_view(database_url, team=team)
        every_edit = set()
        for store, _ in laptops:
            every_edit |= _edits(store)
        for d, (store, _) in enumerate(laptops):
            for record in records:
                shown = store.records.get(record.id).values.get("notes")
                value, conflicted, _ = expected[("records", record.id, "values.notes")]
                assert f'"{shown}"' == value, f"laptop {d}"
                listed = [i for i in store.sync.needs_decision() if i.entity_id == record.id]
                assert bool(listed) == conflicted, f"laptop {d}"
                event("a conflict left open" if conflicted else "no conflict left open")
            assert _edits(store) == every_edit, f"laptop {d} is missing an edit"
            findings = verify_file(store.path, load_or_create_key(), database_key=store.db_key)
            assert not findings.problems, (d, findings.problems)
    finally:
        for store, _ in laptops:
            store.close()


def _edits(store) -> set[str]:
    return {
        r["hlc"]
        for r in store.rows(
            "SELECT hlc FROM change_log WHERE entity = 'records' AND field = 'values.notes'"
        )
    }
