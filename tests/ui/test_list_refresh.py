"""A team manager's lists read the store again only for the changes that concern them.

Another window's autosave (a draft's words saved) leaves the team caseload, the
team view and the list waiting for approval as they are; a visit date changed,
or a record on the approval list saved, reads the list it concerns again.
"""

from __future__ import annotations

import pytest

from recorder.domain.records import RecordStatus
from recorder.ui.main_window import MainWindow
from tests.conftest import DEMO_DAY


@pytest.fixture
def manager_window(qtbot, runner, reference, forms, monkeypatch):
    monkeypatch.setattr("recorder.ui.main_window.ask_to_report", lambda parent, message: None)
    manager = next(u for u in runner.store.users.all() if u.name == "Rhiannon Tull")
    runner.store.sign_in(manager.id)
    window = MainWindow(runner, reference=reference, forms=forms, user=manager, today=DEMO_DAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(
        lambda: (
            window.team_view.complete
            and window.approval_view.loaded
            and window.caseload_model.rowCount() > 0
        )
    )
    return window


class Reloads:
    """Which lists were filled again, by name."""

    def __init__(self, window: MainWindow) -> None:
        self.names: list[str] = []
        for name, model in (
            ("caseload", window.caseload_model),
            ("team", window.team_view.model),
            ("approvals", window.approval_view.model),
        ):
            model.modelReset.connect(lambda name=name: self.names.append(name))


def settle(qtbot, runner) -> None:
    """Wait until every task queued so far, and any task those queue, has reported back."""
    rounds: list[int] = []

    def again(_result=None) -> None:
        rounds.append(1)
        if len(rounds) < 3:
            runner.query(lambda store: None, again)

    runner.query(lambda store: None, again)
    qtbot.waitUntil(lambda: len(rounds) == 3)


def save(qtbot, runner, record_id: str, **values) -> None:
    """Another window saves these values into a record, as its autosave does."""
    done: list[object] = []

    def work(store):
        record = store.records.get(record_id)
        return store.records.save_values(record_id, {**record.values, **values})

    runner.write(work, done.append)
    qtbot.waitUntil(lambda: bool(done))


def _draft_visit(runner, forms) -> str:
    visit_forms = forms.visit_form_ids()
    return next(
        r["id"]
        for r in runner.store.rows(
            "SELECT r.id, r.form_id FROM records r JOIN cases c ON c.id = r.case_id "
            "WHERE r.status = 'draft' AND c.end_date IS NULL "
            "AND json_extract(r.values_json, '$.visit_date') IS NOT NULL"
        )
        if r["form_id"] in visit_forms
    )


def test_another_windows_autosave_reloads_no_list(qtbot, runner, forms, manager_window):
    reloads = Reloads(manager_window)
    draft = _draft_visit(runner, forms)
    for n in range(3):
        save(qtbot, runner, draft, observations=f"Typed on, save {n}.")
    settle(qtbot, runner)
    assert reloads.names == []


def test_a_visit_date_changed_reloads_the_caseload_and_the_team(
    qtbot, runner, forms, manager_window
):
    reloads = Reloads(manager_window)
    draft = _draft_visit(runner, forms)
    save(qtbot, runner, draft, visit_date="2026-11-19")
    qtbot.waitUntil(lambda: {"caseload", "team"} <= set(reloads.names))
    settle(qtbot, runner)
    assert "approvals" not in reloads.names
    shown = {e.row.case.id: e for e in manager_window.caseload_model.rows()}
    case_id = runner.store.records.get(draft).case_id
    assert shown[case_id].clock.not_sent == DEMO_DAY.replace(day=19)


def test_a_record_on_the_approval_list_saved_reloads_that_list(qtbot, runner, manager_window):
    reloads = Reloads(manager_window)
    waiting = manager_window.approval_view.model.row_at(0).row.record
    assert waiting.status is RecordStatus.FINISHED
    save(qtbot, runner, waiting.id, observations="A manager's correction.")
    qtbot.waitUntil(lambda: "approvals" in reloads.names)
    settle(qtbot, runner)
    assert "caseload" not in reloads.names


def _open_child(qtbot, window, child_id: str) -> list[str]:
    """Show a child; the list grows by the child's id each time their view is read again."""
    shown: list[str] = []
    window.open_person(child_id)
    qtbot.waitUntil(lambda: window.person_view.records_model.rowCount() > 0)
    settle(qtbot, window.runner)
    original = window.person_view.show_view

    def show_view(view) -> None:
        shown.append(view.person.id)
        original(view)

    window.person_view.show_view = show_view
    return shown


def _child_of(runner, record_id: str) -> str:
    return runner.store.rows(
        "SELECT c.child_id FROM records r JOIN cases c ON c.id = r.case_id WHERE r.id = ?",
        [record_id],
    )[0]["child_id"]


def test_the_child_shown_is_read_again_only_for_a_change_that_concerns_them(
    qtbot, runner, forms, manager_window
):
    draft = _draft_visit(runner, forms)
    child = _child_of(runner, draft)
    other = next(
        r["id"]
        for r in runner.store.rows(
            "SELECT r.id, c.child_id FROM records r JOIN cases c ON c.id = r.case_id "
            "WHERE r.status = 'draft'"
        )
        if r["child_id"] != child
    )
    shown = _open_child(qtbot, manager_window, child)

    save(qtbot, runner, other, observations="Another child's visit, saved elsewhere.")
    settle(qtbot, runner)
    assert shown == []

    save(qtbot, runner, draft, observations="This child's visit, saved elsewhere.")
    qtbot.waitUntil(lambda: shown == [child])


def test_a_new_record_on_the_childs_case_reads_the_child_again(
    qtbot, runner, forms, manager_window
):
    from recorder.domain import Record

    draft = runner.store.records.get(_draft_visit(runner, forms))
    child = _child_of(runner, draft.id)
    shown = _open_child(qtbot, manager_window, child)
    done: list[object] = []
    record = Record(draft.case_id, draft.form_id, draft.form_version, draft.author_id)
    runner.write(lambda store: store.records.add(record), done.append)
    qtbot.waitUntil(lambda: shown == [child])


def test_a_team_manager_sees_every_column_of_the_team_caseload(qtbot, manager_window):
    """Six columns and the child's view beside them: the pane widens, nothing scrolls sideways."""
    table = manager_window.caseload_table
    manager_window.lists.setCurrentWidget(manager_window.caseload_page)
    qtbot.waitUntil(lambda: table.isVisible())
    manager_window._give_list_in_view_its_width()
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    assert manager_window.splitter.sizes()[1] >= manager_window.PERSON_VIEW_LEAST
