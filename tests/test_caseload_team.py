"""A team manager's view of the team: each worker's cases against the cap, overdue visits,
visits in timescale and records waiting."""

from __future__ import annotations

from datetime import date

from recorder.caseload import COUNTED_STATES, overdue_oldest_first, read_team
from recorder.domain import CaseType, RecordStatus
from recorder.domain.visit_clock import ClockCase, VisitFact, timeliness
from recorder.reference.caseload_caps import CaseloadCaps
from tests.conftest import DEMO_DAY


def _team(store, reference, forms, today, caps=None):
    picture = read_team(
        store,
        visit_forms=forms.visit_form_ids(),
        visits=reference.visits,
        calendar=reference.calendar,
        caps=caps or reference.caps,
        today=today,
    )
    return picture.workers, picture.entries


def test_each_social_worker_has_their_load_counted(demo_store, reference, forms):
    team, entries = _team(demo_store, reference, forms, DEMO_DAY)
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
    assert bethan.in_timescale.due > 0


def test_cases_count_against_the_cap_by_their_weight(demo_store, reference, forms):
    caps = CaseloadCaps(cap=3, weights={CaseType.CHILD_PROTECTION: 1.0, CaseType.EARLY_HELP: 0.5})
    team, entries = _team(demo_store, reference, forms, DEMO_DAY, caps)
    bethan = next(t for t in team if t.worker_name == "Bethan Lowry")
    own = [e for e in entries if e.row.case.worker_id == bethan.worker_id]
    early_help = sum(1 for e in own if e.row.case.case_type is CaseType.EARLY_HELP)
    assert bethan.weighted_cases == len(own) - 0.5 * early_help
    assert bethan.cap == 3 and bethan.over_cap


def test_the_overdue_list_puts_the_longest_overdue_first(demo_store, reference, forms):
    _, entries = _team(demo_store, reference, forms, DEMO_DAY)
    late = overdue_oldest_first(entries)
    assert late and all(e.overdue for e in late)
    assert [e.overdue_days for e in late] == sorted((e.overdue_days for e in late), reverse=True)


def test_visits_in_timescale_count_each_due_date_once(reference):
    """Child in need, 20 working days: one late visit and two in time in the last 3 months."""
    visits = [
        VisitFact(date(2026, m, d), RecordStatus.FINISHED, True)
        for m, d in ((6, 26), (7, 24), (9, 15), (10, 9), (11, 6))
    ]
    visits.append(VisitFact(date(2026, 8, 14), RecordStatus.DRAFT, True))  # never sent
    case = ClockCase(CaseType.CHILD_IN_NEED, date(2026, 6, 1), visits=visits)
    found = timeliness(
        case,
        since=date(2026, 8, 20),
        on=date(2026, 11, 20),
        local=reference.visits.rhythm_for(CaseType.CHILD_IN_NEED),
        calendar=reference.calendar,
    )
    # due 21/08 missed (seen 15/09), due 13/10 met on 09/10, due 06/11 met on 06/11
    assert (found.due, found.in_time) == (3, 2)
    assert round(found.percent) == 67


def test_the_team_view_counts_only_the_states_it_shows_and_as_counting_all_would(demo_store):
    """Regression: at 50,000 people counting every record's state took 0.4 s of the
    team view's first read; it asks for the two it shows, through an index that holds
    them."""
    every = demo_store.views.record_counts_by_worker()
    shown = demo_store.views.record_counts_by_worker(COUNTED_STATES)
    expected = {
        worker: {state: n for state, n in counts.items() if state in COUNTED_STATES}
        for worker, counts in every.items()
    }
    assert shown == {worker: counts for worker, counts in expected.items() if counts}
    assert any(shown.values())  # the demo has records waiting
    assert demo_store.views.record_counts_by_worker([]) == {}
