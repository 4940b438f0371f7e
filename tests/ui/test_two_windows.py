"""One record open in two windows: both edits kept, and the same field asked about, never lost."""

from __future__ import annotations

import pytest

from recorder.domain.conflicts import Side
from recorder.ui import form_window as form_window_module
from recorder.ui.form_window import FormWindow
from tests.conftest import DEMO_DAY


class Chooser:
    """Stands in for the worker at the conflict dialog."""

    def __init__(self, side: Side) -> None:
        self.side = side
        self.shown = []

    def __call__(self, parent, conflict, *, label, who):
        self.shown.append((conflict, label, who))
        return self.side


@pytest.fixture
def two_windows(qtbot, runner, forms, worker, monkeypatch):
    monkeypatch.setattr(form_window_module, "ask_write_back", lambda parent, items: False)
    store = runner.store
    store.sign_in(worker.id)
    record_id = next(
        r["id"]
        for r in store.rows(
            "SELECT id FROM records WHERE status = 'draft' AND author_id = ? ORDER BY id",
            [worker.id],
        )
        if store.records.get(r["id"]).form_id == "home_visit"
    )

    def open_window() -> FormWindow:
        record = store.records.get(record_id)
        facts = store.views.case_facts(record.case_id, on=DEMO_DAY, excluding=record_id)
        window = FormWindow(
            runner,
            form=forms.forms[record.form_id],
            facts=facts,
            user=worker,
            record=record,
            today=DEMO_DAY,
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.record_state is not None)
        return window

    return record_id, open_window(), open_window()


def _type(qtbot, window, field_id, text):
    widget = window.rows[field_id].editor.focus_widget()
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def _save(qtbot, window):
    with qtbot.waitSignal(window.saved, timeout=10_000):
        window.save_draft()
    window.runner.wait()


def test_two_windows_keep_both_edits_to_different_fields(qtbot, runner, two_windows):
    record_id, first, second = two_windows
    _type(qtbot, first, "observations", "Warm and tidy.")
    _type(qtbot, second, "analysis", "Things are improving.")
    _save(qtbot, first)
    _save(qtbot, second)

    saved = runner.store.records.get(record_id)
    assert saved.values["observations"] == "Warm and tidy."
    assert saved.values["analysis"] == "Things are improving."
    # the second window shows what the first one saved, and will not put the old text back
    assert second.rows["observations"].editor.value() == "Warm and tidy."
    _type(qtbot, second, "worries", "Rent arrears.")
    _save(qtbot, second)
    assert runner.store.records.get(record_id).values["observations"] == "Warm and tidy."


@pytest.mark.parametrize("side", [Side.MINE, Side.THEIRS])
def test_the_same_field_in_two_windows_is_a_choice_with_both_values(
    qtbot, runner, two_windows, monkeypatch, side
):
    chooser = Chooser(side)
    monkeypatch.setattr(form_window_module, "ask_conflict", chooser)
    record_id, first, second = two_windows
    _type(qtbot, first, "observations", "Warm and tidy.")
    _type(qtbot, second, "observations", "Cold: the heating is broken.")
    _save(qtbot, first)
    _save(qtbot, second)
    assert runner.store.records.get(record_id).values["observations"] == "Warm and tidy."

    qtbot.waitUntil(lambda: bool(chooser.shown))
    [(conflict, label, who)] = chooser.shown
    assert label == "Observations"
    assert who == "You (in another window)"
    assert (conflict.mine, conflict.theirs) == ("Cold: the heating is broken.", "Warm and tidy.")
    kept = conflict.kept(side)
    qtbot.waitUntil(lambda: not second.dirty and not second._saving)
    runner.wait()
    assert second.rows["observations"].editor.value() == kept
    assert runner.store.records.get(record_id).values["observations"] == kept


def test_the_conflict_dialog_shows_both_values_and_keeps_the_one_clicked(qtbot):
    from recorder.domain.conflicts import FieldConflict
    from recorder.ui.form_questions import ConflictDialog

    conflict = FieldConflict("records", "r", "observations", "Old.", "Mine.", "Theirs.")
    dialog = ConflictDialog(conflict, label="Observations", who="Denise Harrop")
    qtbot.addWidget(dialog)
    shown = [t.toPlainText() for t in dialog.findChildren(type(dialog.text_boxes[0]))]
    assert shown == ["Theirs.", "Mine."]
    assert dialog.chosen is Side.MINE  # closed unanswered: theirs is in the history already
    dialog.theirs_button.click()
    assert dialog.chosen is Side.THEIRS
