"""Every table model on screen passes Qt's own model checks, filled with the demo."""

from __future__ import annotations

from recorder.caseload import caseload_entries
from recorder.ui.columns import (
    caseload_columns,
    member_columns,
    network_columns,
    professional_columns,
    record_columns,
    search_columns,
)
from recorder.ui.table_model import RowsTableModel
from tests.conftest import DEMO_DAY


def _checked(qtmodeltester, columns, rows):
    model = RowsTableModel(columns)
    qtmodeltester.check(model)  # empty
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == len(rows)
    return model


def test_caseload_model(qtmodeltester, demo_store, reference, forms):
    rows = demo_store.views.caseload(worker_id=None, visit_forms=forms.visit_form_ids())
    entries = caseload_entries(
        rows, visits=reference.visits, calendar=reference.calendar, today=DEMO_DAY
    )
    _checked(qtmodeltester, caseload_columns(DEMO_DAY), entries)


def test_search_model(qtmodeltester, demo_store):
    _checked(qtmodeltester, search_columns(DEMO_DAY), demo_store.search.people("a"))


def test_child_view_models(qtmodeltester, demo_store, reference, forms):
    child_id = demo_store.rows("SELECT child_id FROM cases LIMIT 1")[0]["child_id"]
    view = demo_store.views.person(child_id, on=DEMO_DAY)
    _checked(qtmodeltester, network_columns(DEMO_DAY, reference.relationships, set()), view.links)
    _checked(qtmodeltester, member_columns(DEMO_DAY, {}), view.households[0].members)
    _checked(qtmodeltester, professional_columns(), view.professionals)
    _checked(qtmodeltester, record_columns(forms.titles()), view.records)
