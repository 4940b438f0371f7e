"""The caseload never takes a draft for a visit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from recorder.domain.dates import uk_date
from recorder.ui import form_window as form_window_module
from tests.conftest import DEMO_DAY

DUE_COLUMN = 4


def _due_text(window, child_id):
    model = window.caseload_model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).row.child.id == child_id)
    return model.row_at(row), model.data(model.index(row, DUE_COLUMN))


def test_a_one_letter_draft_leaves_an_overdue_child_overdue(qtbot, window, monkeypatch):
    """Regression: typing one letter into a new visit made the child's overdue visit vanish."""
    monkeypatch.setattr(form_window_module, "ask_write_back", lambda parent, items: False)
    late = next(
        e
        for e in window.caseload_model.rows()
        if e.overdue
        and any(window.forms.forms[f].counts_as_visit for f in window.forms.forms)
        and e.row.case.case_type.value in ("child_in_need", "child_protection")
    )
    child_id = late.row.child.id
    before, text = _due_text(window, child_id)
    assert "(overdue)" in text

    form_id = "cp_visit" if late.row.case.case_type.value == "child_protection" else "home_visit"
    window.open_person(child_id)
    qtbot.waitUntil(lambda: window.person_view.view is not None)
    window.new_record(late.row.case.id, form_id)
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    form = window.form_windows[0]
    field = form.rows["observations"].editor.focus_widget()
    field.setFocus()
    qtbot.keyClicks(field, "a")
    form.runner.wait()
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save_now()
    form.runner.wait()
    QApplication.processEvents()
    assert form.record_id is not None

    def shown():
        entry, text = _due_text(window, child_id)
        return entry.clock.not_sent == DEMO_DAY and text

    qtbot.waitUntil(lambda: bool(shown()))
    after, text = _due_text(window, child_id)
    assert after.overdue and after.next_due == before.next_due
    assert after.last_visit == before.last_visit
    assert (
        text == f"{uk_date(before.next_due)} (overdue); visit on {uk_date(DEMO_DAY)} not yet sent"
    )
    assert (
        window.caseload_model.data(
            window.caseload_model.index(window.caseload_model.rows().index(after), DUE_COLUMN),
            Qt.ItemDataRole.BackgroundRole,
        )
        is not None
    )
    form.close()
