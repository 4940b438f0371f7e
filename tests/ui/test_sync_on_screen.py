"""Sync as a worker sees it: the status bar, Sync now, an open form taking what another
laptop changed, and a field two laptops changed settled in "Needs a decision".

Laptop A is the demo caseload in a real main window; laptop B is another encrypted
working copy. Both sync through the real service on loopback and a throwaway
PostgreSQL (``tests/sync/conftest.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from recorder.domain.sync_status import ServiceSettings
from recorder.store.chain import load_or_create_key
from recorder.store.verify import verify_file
from recorder.ui import form_window as form_window_module
from recorder.ui.main_window import MainWindow
from recorder.ui.sync_menu import show_decisions
from recorder.ui.sync_status import PENDING_COUNTED_UP_TO, SyncFacts, status_line, when_synced
from tests.conftest import DEMO_DAY
from tests.sync.conftest import database_url, postgres, service  # noqa: F401
from tests.sync.laptops import Laptop
from tests.sync.running_service import enrol_here

SET_UP = ServiceSettings("https://sync.example.gov.uk", "token", "device")
NOON = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_the_line_says_when_it_last_synced_what_waits_and_whether_the_service_answers():
    facts = SyncFacts(SET_UP, 3, NOON - timedelta(minutes=20), 0)
    assert status_line(facts, True, NOON) == (
        f"{when_synced(facts.last_synced, NOON)} · 3 changes waiting to go · service reachable"
    )
    offline = status_line(SyncFacts(SET_UP, 1, None, 2), False, NOON)
    assert offline == (
        "Never synced · 1 change waiting to go · service cannot be reached (working offline)"
        " · 2 need a decision"
    )
    assert "nothing waiting to go" in status_line(SyncFacts(SET_UP, 0, NOON, 0), None, NOON)
    assert status_line(SyncFacts(None, 40, None, 0), None, NOON).startswith("Not set up for sync")


def test_a_laptop_with_a_great_deal_waiting_says_so_without_counting_it_all():
    """Regression: before its first sync a laptop at 50,000 people counted every change it
    had ever made, 9 seconds in which every list and child waited to be read."""
    said = status_line(SyncFacts(SET_UP, PENDING_COUNTED_UP_TO, None, 0), None, NOON)
    assert "10,000 or more changes waiting to go" in said
    said = status_line(SyncFacts(SET_UP, PENDING_COUNTED_UP_TO - 1, None, 0), None, NOON)
    assert "9,999 changes waiting to go" in said


def test_a_sync_on_an_earlier_day_gives_the_date_in_words():
    earlier = datetime(2026, 11, 3, 9, 5, tzinfo=UTC)
    said = when_synced(earlier, NOON)
    assert said.startswith("Last synced 3 November 2026, ")
    assert when_synced(NOON - timedelta(minutes=1), NOON).startswith("Last synced ")
    assert "2026" not in when_synced(NOON - timedelta(minutes=1), NOON)


def test_a_laptop_not_set_up_says_so_and_sync_now_explains_who_sets_it_up(qtbot, window):
    status = window.sync_status
    qtbot.waitUntil(lambda: status.facts is not None)
    assert status.label.text().startswith("Not set up for sync")
    assert not status.button.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert "a team manager sets it up" in window.statusBar().currentMessage()


@pytest.fixture
def team(qtbot, runner, reference, forms, worker, service, database_url, tmp_path, monkeypatch):  # noqa: F811
    """Laptop A (the demo, in a main window as Bethan Lowry) and laptop B."""
    monkeypatch.setattr(form_window_module, "ask_write_back", lambda parent, items: False)
    device, token = enrol_here(database_url, team="north", name="LAPTOP-A")
    runner.store.sync.enrol(service.url, token, device)  # the demo's manager sets it up
    runner.store.sign_in(worker.id)
    window = MainWindow(runner, reference=reference, forms=forms, user=worker, today=DEMO_DAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.caseload_model.rowCount() > 0)
    b = Laptop(tmp_path, "b", "Osian Test-Manager", service, database_url)
    yield window, b
    b.store.close()


def _sync_now(qtbot, window):
    status = window.sync_status
    qtbot.waitUntil(lambda: status.facts is not None and status.button.isEnabled())
    with qtbot.waitSignal(status.synced, timeout=120_000) as done:
        qtbot.mouseClick(status.button, Qt.MouseButton.LeftButton)
    window.runner.wait()
    qtbot.waitUntil(lambda: "waiting to go" in status.label.text())
    return done.args[0]


def _type(qtbot, form, field_id, text):
    widget = form.rows[field_id].editor.focus_widget()
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_an_open_form_takes_the_other_laptops_edit_and_a_clash_is_decided_once(qtbot, team, worker):
    window, b = team
    status = window.sync_status
    qtbot.waitUntil(lambda: status.reachable is True)
    assert "changes waiting to go" in status.label.text()  # the demo itself, never sent
    assert "Never synced" in status.label.text()

    # A sends the caseload; B receives it.
    _sync_now(qtbot, window)
    assert "nothing waiting to go" in status.label.text()
    assert "Last synced" in status.label.text()
    b.sync()
    window.runner.wait()
    draft_id = next(
        r["id"]
        for r in window.runner.store.rows(
            "SELECT id FROM records WHERE status = 'draft' AND author_id = ? "
            "AND form_id = 'home_visit' ORDER BY id",
            [worker.id],
        )
    )
    window.open_record(draft_id)
    qtbot.waitUntil(lambda: any(w.record_id == draft_id for w in window.form_windows))
    form = next(w for w in window.form_windows if w.record_id == draft_id)
    qtbot.waitUntil(lambda: form.record_state is not None)

    # On B the same worker adds their analysis; on A they are still typing observations.
    b.store.sign_in(worker.id)
    values = b.store.records.get(draft_id).values
    b.store.records.save_values(draft_id, {**values, "analysis": "Written in the office."})
    b.sync()
    _type(qtbot, form, "observations", "Warm and tidy.")
    assert form.dirty

    _sync_now(qtbot, window)
    qtbot.waitUntil(
        lambda: form.rows["analysis"].editor.value() == "Written in the office.", timeout=10_000
    )
    assert form.rows["observations"].editor.value() == "Warm and tidy."
    qtbot.waitUntil(lambda: not form.dirty and not form._saving)
    window.runner.wait()
    saved = window.runner.store.records.get(draft_id).values
    assert (saved["analysis"], saved["observations"]) == (
        "Written in the office.",
        "Warm and tidy.",
    )

    # Both laptops change the same field before either hears of the other's change.
    _sync_now(qtbot, window)
    b.store.records.save_values(
        draft_id, {**b.store.records.get(draft_id).values, "worries": "Rent arrears (B)."}
    )
    _type(qtbot, form, "worries", "Rent arrears (A).")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save_draft()
    window.runner.wait()
    b.sync()
    _sync_now(qtbot, window)
    qtbot.waitUntil(lambda: "1 needs a decision" in status.label.text())
    assert window.sync_decide_action.text() == "Needs a &decision (1)…"

    dialog = show_decisions(window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: len(dialog.decisions) == 1)
    [decision] = dialog.decisions
    assert decision.field == "values.worries"
    assert {v.value for v in decision.values} == {"Rent arrears (A).", "Rent arrears (B)."}
    assert all(v.user_name == "Bethan Lowry" for v in decision.values)
    texts = [b_.text() for b_ in dialog.group.buttons()]
    assert any("on this laptop" in t for t in texts) and any("on laptop " in t for t in texts)
    keep_b = next(i for i, v in enumerate(decision.values) if v.value == "Rent arrears (B).")
    dialog.group.button(keep_b).click()
    qtbot.mouseClick(dialog.keep, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.decisions == [] and dialog.items.count() == 0)
    window.runner.wait()
    assert window.runner.store.records.get(draft_id).values["worries"] == "Rent arrears (B)."
    qtbot.waitUntil(lambda: form.rows["worries"].editor.value() == "Rent arrears (B).")

    # The choice is a change like any other: it reaches B and settles it there too.
    _sync_now(qtbot, window)
    b.sync()
    assert b.store.sync.needs_decision() == []
    assert b.store.records.get(draft_id).values == window.runner.store.records.get(draft_id).values
    dialog.close()
    for store in (window.runner.store, b.store):
        findings = verify_file(store.path, load_or_create_key(), database_key=store.db_key)
        assert not findings.problems, findings.problems


def test_a_service_that_cannot_be_reached_is_said_plainly_and_nothing_is_lost(qtbot, team):
    window, _b = team
    status = window.sync_status
    qtbot.waitUntil(lambda: status.reachable is True)
    waiting = window.runner.store.sync.pending_count()
    status.facts = SyncFacts(
        ServiceSettings("http://127.0.0.1:9", "token", status.facts.settings.device_id),
        status.facts.pending,
        status.facts.last_synced,
        status.facts.decisions,
    )  # nothing listens on port 9: as in a family's front room with no signal
    with qtbot.waitSignal(status.button.clicked):
        qtbot.mouseClick(status.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.running is None, timeout=60_000)
    assert status.reachable is False
    # The line is redrawn once the pending count is read again, on the database lane.
    qtbot.waitUntil(lambda: "cannot be reached" in status.label.text())
    assert "Traceback" not in status.label.text()
    assert status.button.text() == "Sync now" and status.button.isEnabled()
    assert window.runner.store.sync.pending_count() == waiting
