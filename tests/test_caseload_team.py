"""A team manager's view of the team: each worker's cases, overdue visits and records waiting."""

from __future__ import annotations

from recorder.caseload import caseload_entries, team_summary
from recorder.domain import RecordStatus
from tests.conftest import DEMO_DAY


def test_each_social_worker_has_their_load_counted(demo_store, reference, forms):
    rows = demo_store.views.caseload(worker_id=None, visit_forms=forms.visit_form_ids())
    entries = caseload_entries(
        rows, visits=reference.visits, calendar=reference.calendar, today=DEMO_DAY
    )
    team = team_summary(demo_store.users.all(), entries, demo_store.views.record_counts_by_worker())
    names = [t.worker_name for t in team]
    assert names == sorted(names) and "Denise Harrop" not in names
    assert sum(t.cases for t in team) == len(entries)
    assert sum(t.visits_overdue for t in team) == sum(1 for e in entries if e.overdue)
    finished = demo_store.rows(
        "SELECT count(*) AS n FROM records WHERE status = ?", [RecordStatus.FINISHED.value]
    )[0]["n"]
    assert sum(t.waiting_for_approval for t in team) == finished
    bethan = next(t for t in team if t.worker_name == "Bethan Lowry")
    assert bethan.cases > 0 and bethan.visits_overdue > 0
