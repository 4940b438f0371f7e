"""Business support work through their queue; a team manager sees the team and what waits.

Each window is signed in as one of the demo's users over the real demo store,
its database work on the real worker thread.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from recorder.caseload import caseload_entries, read_team, team_summary
from recorder.domain.records import RecordStatus
from recorder.forms.business_support import business_support_edit
from recorder.ui.main_window import MainWindow
from recorder.ui.queue_view import (
    approval_queue,
    business_support_queue,
    came_back_queue,
    queue_columns,
    queue_entries,
)
from recorder.ui.table_model import RowsTableModel
from recorder.ui.team_view import team_columns
from tests.conftest import DEMO_DAY

WITH_BS = RecordStatus.WITH_BUSINESS_SUPPORT


def _user(runner, name):
    return next(u for u in runner.store.users.all() if u.name == name)


@pytest.fixture
def open_as(qtbot, runner, reference, forms, monkeypatch):
    """A main window signed in as the demo user with this name, once its lists have loaded."""
    reported: list[str] = []
    monkeypatch.setattr(
        "recorder.ui.main_window.ask_to_report", lambda parent, message: reported.append(message)
    )

    def open_window(name: str) -> MainWindow:
        user = _user(runner, name)
        runner.store.sign_in(user.id)
        window = MainWindow(runner, reference=reference, forms=forms, user=user, today=DEMO_DAY)
        window.reported = reported
        qtbot.addWidget(window)
        window.show()
        lists = [window.queue_view, window.approval_view, window.came_back_view]
        team = window.team_view
        qtbot.waitUntil(
            lambda: (
                all(v.loaded for v in lists if v is not None) and (team is None or team.complete)
            )
        )
        return window

    return open_window


def _text(view, row, column):
    model = view.model()
    return model.data(model.index(row, column))


def _row_texts(view):
    model = view.model()
    return [
        [_text(view, r, c) for c in range(model.columnCount())] for r in range(model.rowCount())
    ]


def _headers(view):
    model = view.model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def _as(user_id, then_id, work):
    """Store work done as one user, the store signed back in as another afterwards."""

    def run(store):
        store.sign_in(user_id)
        try:
            return work(store)
        finally:
            store.sign_in(then_id)

    return run


def test_business_support_start_on_their_queue_and_see_what_is_missing(open_as):
    window = open_as("Denise Harrop")
    queue = window.queue_view
    assert window.lists.currentWidget() is queue
    assert window.lists.tabText(0) == "&Queue (1)"
    [row] = _row_texts(queue.table)
    sent, child, record, author, missing = row
    assert sent == "27/10/2026, 24 days ago"
    assert (child, record, author) == ("Bảo Trần", "Home visit", "Tendai Moyo")
    assert missing == "Nothing: ready to finish"
    assert queue.note.text() == "1 record waiting · sent 27/10/2026"
    headers = [
        queue.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(queue.model.columnCount())
    ]
    assert headers == ["Sent", "Child", "Record", "Written by", "What is missing"]


def test_a_draft_sent_to_business_support_joins_the_end_of_the_queue(qtbot, open_as, runner):
    window = open_as("Denise Harrop")
    denise = window.user
    bethan = _user(runner, "Bethan Lowry")
    [draft] = runner.store.views.records_in(RecordStatus.DRAFT, author_id=bethan.id)
    unfinished = {**draft.record.values, "child_voice": "", "observations": ""}

    def send(store):
        saved = store.records.save_values(draft.record.id, unfinished)
        return saved | store.records.move(draft.record.id, WITH_BS)

    with qtbot.waitSignal(runner.changes_applied):
        runner.write(_as(bethan.id, denise.id, send))
    queue = window.queue_view
    qtbot.waitUntil(lambda: queue.count == 2)
    assert queue.model.row_at(1).row.record.id == draft.record.id  # oldest first
    rows = _row_texts(queue.table)
    assert rows[1][1] == draft.child.display_name
    assert rows[1][3] == "Bethan Lowry"
    missing = rows[1][4].split("; ")
    assert "Not filled in: Observations" in missing
    assert "Not filled in: The child's voice: wishes and feelings" in missing
    assert window.lists.tabText(0) == "&Queue (2)"
    assert queue.note.text() == "2 records waiting · oldest sent 27/10/2026"
    assert window.reported == []


def test_an_empty_queue_says_so_in_words(qtbot, open_as, runner):
    window = open_as("Denise Harrop")
    [waiting] = runner.store.views.records_in(WITH_BS)
    with qtbot.waitSignal(runner.changes_applied):
        runner.write(lambda s: s.records.move(waiting.record.id, RecordStatus.FINISHED))
    queue = window.queue_view
    qtbot.waitUntil(lambda: queue.count == 0)
    assert queue.stack.currentWidget() is queue.empty
    assert queue.empty.text() == "Nothing is waiting for business support."
    assert window.lists.tabText(0) == "&Queue (0)"


def test_enter_on_a_queued_record_opens_it_and_choosing_it_shows_the_child(qtbot, open_as):
    window = open_as("Denise Harrop")
    queue = window.queue_view
    waiting = queue.model.row_at(0).row
    window.activateWindow()
    window.show_list(queue)
    assert QApplication.focusWidget() is queue.table
    # choosing the row shows the child on the right, with the record chosen on their Records tab
    person = window.person_view
    qtbot.waitUntil(lambda: person.view is not None and person.view.person.id == waiting.child.id)
    qtbot.waitUntil(lambda: person.selected_record_ids() == [waiting.record.id])
    assert person.tabs.currentWidget().isAncestorOf(person.records_table)
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    form = window.form_windows[0]
    qtbot.addWidget(form)
    assert form.record_id == waiting.record.id
    assert window.reported == []
    form.close()


def test_a_social_worker_sees_what_came_back_to_them(qtbot, open_as, runner, forms):
    window = open_as("Bethan Lowry")
    came_back = window.came_back_view
    assert window.lists.currentWidget() is window.caseload_page  # a worker starts on the caseload
    assert came_back.count == 0  # her one draft was never sent: it is still being written
    assert came_back.stack.currentWidget() is came_back.empty
    assert window.lists.tabText(1) == "Came &back to me (0)"

    bethan, denise = window.user, _user(runner, "Denise Harrop")
    [draft] = runner.store.views.records_in(RecordStatus.DRAFT, author_id=bethan.id)
    form = forms.forms[draft.record.form_id]
    runner.write(_as(bethan.id, bethan.id, lambda s: s.records.move(draft.record.id, WITH_BS)))

    def suggest_and_return(store):
        saved = store.records.get(draft.record.id).values
        edited = {**saved, "analysis": "Tiago seems settled; school report positive."}
        edit = business_support_edit(form, saved, edited, user_id=denise.id)
        changes = store.records.save_values(
            draft.record.id, edit.values, suggested=edit.suggestions
        )
        reason = "Please check the analysis wording and add who was present."
        return changes | store.records.move(draft.record.id, RecordStatus.DRAFT, reason=reason)

    with qtbot.waitSignal(runner.changes_applied):
        runner.write(_as(denise.id, bethan.id, suggest_and_return))
    qtbot.waitUntil(lambda: came_back.count == 1)
    assert _headers(came_back) == [
        "Came back",
        "Child",
        "Record",
        "Suggestions",
        "What is missing",
        "Why it came back",
    ]
    [row] = _row_texts(came_back.table)
    assert row[1] == draft.child.display_name
    assert row[3] == "Analysis"  # where business support left a suggestion
    assert row[5] == "Please check the analysis wording and add who was present."
    assert window.lists.tabText(1) == "Came &back to me (1)"
    assert came_back.note.text().startswith("1 record came back to you · returned ")


def test_the_team_view_counts_match_the_store(open_as, runner, reference, forms):
    window = open_as("Rhiannon Tull")
    team = window.team_view
    assert window.lists.currentWidget() is team
    store = runner.store
    picture = read_team(
        store,
        visit_forms=forms.visit_form_ids(),
        visits=reference.visits,
        calendar=reference.calendar,
        caps=reference.caps,
        today=DEMO_DAY,
    )
    entries = picture.entries
    assert team.model.rows() == picture.workers
    shown = {r[0]: r for r in _row_texts(team.table)}
    finished = store.views.records_in(RecordStatus.FINISHED)
    with_bs_rows = store.views.records_in(WITH_BS)
    assert set(shown) == {"Bethan Lowry", "Tendai Moyo"}  # business support hold no cases
    for name, (_, cases, timely, overdue, approval, with_bs) in shown.items():
        mine = [e for e in entries if e.row.worker_name == name]
        assert int(cases.split()[0]) == len(mine)
        assert f"of {reference.caps.cap:g}" in cases
        assert timely.endswith("%") or timely == "None due"
        assert int(overdue) == sum(e.overdue for e in mine)
        assert int(approval) == sum(1 for r in finished if r.author_name == name)
        assert int(with_bs) == sum(1 for r in with_bs_rows if r.author_name == name)
    assert sum(int(r[3]) for r in shown.values()) > 0
    # an overdue count is drawn as a warning; a nought is not
    for row in range(team.model.rowCount()):
        overdue = team.model.row_at(row).visits_overdue
        background = team.model.data(team.model.index(row, 3), Qt.ItemDataRole.BackgroundRole)
        assert (background is not None) == (overdue > 0)
    waiting = len(finished)
    assert team.approvals.count == waiting == window.approval_view.count
    assert window.lists.tabText(1) == f"Waiting for &approval ({waiting})"
    assert team.note.text().startswith("2 workers · ")
    assert "in timescale over the last 3 months" in team.note.text()
    # the overdue list comes from the first, quicker picture: the same children and clocks
    assert [(e.row.case.id, e.clock) for e in team.overdue_model.rows()] == [
        (e.row.case.id, e.clock) for e in picture.overdue
    ]
    assert picture.overdue


def test_a_team_manager_opens_a_record_waiting_for_approval(qtbot, open_as):
    window = open_as("Rhiannon Tull")
    approvals = window.team_view.approvals
    oldest = approvals.model.row_at(0).row
    assert approvals.note.text().startswith(f"{approvals.count} records waiting for approval · ")
    approvals.table.selectRow(0)
    approvals.table.activated.emit(approvals.table.model().index(0, 1))  # as a double-click does
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    form = window.form_windows[0]
    qtbot.addWidget(form)
    assert form.record_id == oldest.record.id
    form.close()


def test_the_go_menu_reaches_every_list(qtbot, open_as):
    window = open_as("Rhiannon Tull")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    go = window.menuBar().actions()[1].menu()
    keys = {a.text(): [k.toString() for k in a.shortcuts()] for a in go.actions()}
    assert keys["&Team"] == ["Ctrl+1"]
    assert keys["Waiting for &approval"] == ["Ctrl+2"]
    assert keys["&Caseload"] == ["Ctrl+L", "Ctrl+3"]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.lists.currentWidget() is window.approval_view
    assert QApplication.focusWidget() is window.approval_view.table
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.lists.currentWidget() is window.caseload_page
    assert QApplication.focusWidget() is window.caseload_table
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.lists.currentWidget() is window.team_view
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.lists.currentWidget() is window.caseload_page
    assert QApplication.focusWidget() is window.search


def test_queue_and_team_models(qtmodeltester, demo_store, reference, forms):
    bethan = next(u for u in demo_store.users.all() if u.name == "Bethan Lowry")
    for kind in (business_support_queue(), approval_queue(), came_back_queue(bethan.id)):
        model = RowsTableModel(queue_columns(kind))
        qtmodeltester.check(model)
        rows = demo_store.views.records_in(kind.status, author_id=kind.author_id)
        model.set_rows(queue_entries(rows, kind=kind, forms=forms, today=DEMO_DAY))
        qtmodeltester.check(model)
    entries = caseload_entries(
        demo_store.views.caseload(worker_id=None, visit_forms=forms.visit_form_ids()),
        visits=reference.visits,
        calendar=reference.calendar,
        today=DEMO_DAY,
    )
    model = RowsTableModel(team_columns())
    model.set_rows(
        team_summary(
            demo_store.users.all(),
            entries,
            demo_store.views.record_counts_by_worker(),
            caps=reference.caps,
            visits=reference.visits,
            calendar=reference.calendar,
        )
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 2
