"""Random interleavings of offline edits, syncs and network faults against the real
service: once everyone has synced, every copy shows what the service holds, and every
edit made on any laptop is there (as the value, in a conflict, or seen and replaced)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recorder.sync.client import Service, ServiceUnreachable, sync
from tests.sync.faulty_link import FaultyLink
from tests.sync.running_service import enrol_here
from tests.sync.sqlite_copy import SqliteCopy
from tests.sync.test_client import server_view

_teams = itertools.count(1)

steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("edit"), st.integers(0, 2), st.integers(0, 1), st.integers(0, 2), st.booleans()
        ),  # fmt: skip
        st.tuples(
            st.just("sync"),
            st.integers(0, 2),
            st.sampled_from([None, "lose_answer", "deliver_twice"]),
        ),  # fmt: skip
    ),
    min_size=1,
    max_size=14,
)


@pytest.fixture
def link(service):
    faulty = FaultyLink(service.port)
    yield faulty
    faulty.close()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(plan=steps)
def test_any_interleaving_converges_and_loses_no_edit(plan, service, link, database_url, tmp_path):
    team = f"team-{next(_teams)}"
    copies = []
    for d, skew in enumerate((0, -86_400_000, 3_600_000)):
        device, token = enrol_here(database_url, team=team, name=f"LAPTOP-{d}")
        copies.append((SqliteCopy(tmp_path / f"{team}-{d}.db", device, skew_ms=skew), token))
    made = []
    for step in plan:
        if step[0] == "edit":
            _, d, entity, value, settle = step
            copy = copies[d][0]
            made.append(copy.edit(f"{team}-r{entity}", "values.notes", f"v{value}", settle=settle))
        else:
            _, d, fault = step
            if fault:
                link.queue(fault, "/v1/push")
            try:
                sync(Service(link.url, copies[d][1]), copies[d][0])
            except ServiceUnreachable:
                pass  # the answer was lost; the next sync carries on
            link.faults.clear()
    for _ in range(2):
        for copy, token in copies:
            sync(Service(service.url, token), copy)
    expected = server_view(database_url, team=team)
    for copy, _ in copies:
        assert copy.shown() == expected
        assert {(c.device_id, c.device_seq) for c in made} <= copy.keys()
    for copy, _ in copies:
        copy.close()
