"""A social worker records where a child in care lives, and the caseload's clock follows.

The placements section of the child view and its dialog, driven with the
keyboard over the real demo store, the save running on the real worker thread.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from recorder.domain.placements import LegalStatus, Placement, PlacementKind
from recorder.ui.main_window import MainWindow
from recorder.ui.placements_section import PlacementsModel
from tests.conftest import DEMO_DAY

DUE = 4  # the caseload's "Next visit due" column


def _entry(window, first_name):
    return next(e for e in window.caseload_model.rows() if e.row.child.first_name == first_name)


def _due_text(window, first_name) -> str:
    rows = window.caseload_model.rows()
    row = next(i for i, e in enumerate(rows) if e.row.child.first_name == first_name)
    return window.caseload_model.index(row, DUE).data()


def _open_visits(qtbot, window, first_name):
    child_id = _entry(window, first_name).row.child.id
    window.open_person(child_id)
    view = window.person_view
    section = view.visits_section
    qtbot.waitUntil(lambda: section.visits is not None and section.visits.child_id == child_id)
    view.tabs.setCurrentIndex(view.visits_tab)
    return section


def _press(qtbot, widget, key):
    qtbot.keyClick(widget, key)


def _add_dialog(qtbot, section):
    section.add_button.setFocus()
    _press(qtbot, section.add_button, Qt.Key.Key_Space)
    dialog = section.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _placements(window, first_name) -> list[Placement]:
    return window.runner.store.placements.for_child(_entry(window, first_name).row.child.id)


def test_a_move_typed_with_the_keyboard_restarts_the_clock_on_the_caseload(qtbot, window):
    assert _due_text(window, "Jasmine") == "22/03/2027"  # 6-monthly, long-term foster
    section = _open_visits(qtbot, window, "Jasmine")
    assert "Every 6 months" in section.clock_labels[0].text()
    dialog = _add_dialog(qtbot, section)
    assert dialog.legal_status.currentData() == LegalStatus.SECTION_20.value  # kept from now
    qtbot.keyClicks(dialog.start, "16/11/2026")
    qtbot.keyClicks(dialog.carers, "Morwenna and Piran Hollis")
    qtbot.keyClicks(dialog.address, "12 Tide Street, Northbridge NB8 1AA")
    with qtbot.waitSignal(dialog.saved):
        _press(qtbot, dialog.address, Qt.Key.Key_Return)
    # No visit yet in the new placement: one is owed within a week of the move.
    qtbot.waitUntil(lambda: _due_text(window, "Jasmine") == "23/11/2026")
    old, new = _placements(window, "Jasmine")
    assert old.end_date == date(2026, 11, 16) and new.end_date is None
    assert new.carers == "Morwenna and Piran Hollis"
    qtbot.waitUntil(lambda: section.model.rowCount() == 2)
    clock_text = section.clock_labels[0].text()
    assert "Within a week of the placement starting on 16/11/2026" in clock_text
    assert section.model.current_id == new.id
    assert not window.reported


def test_an_overlapping_placement_is_refused_in_words_and_the_typing_kept(qtbot, window):
    section = _open_visits(qtbot, window, "Jasmine")
    dialog = _add_dialog(qtbot, section)
    qtbot.keyClicks(dialog.start, "01/01/2025")
    qtbot.keyClicks(dialog.end, "01/02/2026")
    qtbot.keyClicks(dialog.carers, "Emergency carers")
    _press(qtbot, dialog.carers, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.problem.isVisibleTo(dialog))
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.problem.text() == (
        "Not saved. The dates overlap the placement from 09/06/2025: a child is in one "
        "placement at a time. Change that one's dates first."
    )
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert (dialog.start.text(), dialog.end.text(), dialog.carers.text()) == (
        "01/01/2025",
        "01/02/2026",
        "Emergency carers",
    )
    assert len(_placements(window, "Jasmine")) == 1
    assert not window.reported  # said in the dialog, not in a box over the window


def test_an_impossible_date_is_said_before_anything_is_written(qtbot, window):
    section = _open_visits(qtbot, window, "Jasmine")
    dialog = _add_dialog(qtbot, section)
    qtbot.keyClicks(dialog.start, "31/02/2026")
    _press(qtbot, dialog.start, Qt.Key.Key_Return)
    assert dialog.problem.text() == (
        "There is no such date as 31/02/2026 (start date): check the day and the month."
    )
    assert not dialog.saving and dialog.isVisible()
    assert dialog.start.text() == "31/02/2026"
    assert len(_placements(window, "Jasmine")) == 1


def test_the_check_boxes_and_legal_status_follow_the_kind_chosen(qtbot, window):
    section = _open_visits(qtbot, window, "Jasmine")
    dialog = _add_dialog(qtbot, section)
    assert dialog.until_18.isEnabled() and dialog.long_term.isEnabled()
    assert not dialog.agreed.isEnabled()  # until it is a long-term foster placement
    _press(qtbot, dialog.long_term, Qt.Key.Key_Space)
    assert dialog.long_term.isChecked() and dialog.agreed.isEnabled()
    kinds = [PlacementKind(dialog.kind.itemData(i)) for i in range(dialog.kind.count())]
    for _ in range(kinds.index(PlacementKind.KINSHIP_TEMPORARY_APPROVAL)):
        _press(qtbot, dialog.kind, Qt.Key.Key_Down)
    assert dialog.kind.currentData() == PlacementKind.KINSHIP_TEMPORARY_APPROVAL.value
    assert not dialog.long_term.isEnabled() and not dialog.agreed.isEnabled()
    assert not dialog.until_18.isEnabled() and dialog.legal_status.isEnabled()
    while dialog.kind.currentData() != PlacementKind.HOME_UNDER_CARE_ORDER.value:
        _press(qtbot, dialog.kind, Qt.Key.Key_Down)
    assert dialog.legal_status.currentData() == LegalStatus.CARE_ORDER.value
    assert not dialog.legal_status.isEnabled()
    assert "always goes with a Care order" in dialog.legal_status.toolTip()


def test_correcting_a_placement_opens_it_filled_in(qtbot, window):
    section = _open_visits(qtbot, window, "Jasmine")
    section.table.setFocus()
    _press(qtbot, section.table, Qt.Key.Key_Return)  # Enter on the chosen placement
    dialog = section.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.start.text() == "09/06/2025" and dialog.end.text() == ""
    assert dialog.long_term.isChecked() and dialog.agreed.isChecked()
    assert dialog.carers.text() == "Lorna and Everton Gayle"
    dialog.carers.selectAll()
    qtbot.keyClicks(dialog.carers, "Lorna Gayle and Everton Gayle")
    with qtbot.waitSignal(dialog.saved):
        _press(qtbot, dialog.carers, Qt.Key.Key_Return)
    (placement,) = _placements(window, "Jasmine")
    assert placement.carers == "Lorna Gayle and Everton Gayle"
    history = window.runner.store.history(placement.id)
    assert history[-1].field == "carers" and history[-1].user_id == window.user.id


def test_a_plans_own_frequency_brings_the_next_visit_forward(qtbot, window):
    assert _due_text(window, "Oliwia") == "26/11/2026"  # 10 working days after 12/11
    section = _open_visits(qtbot, window, "Oliwia")
    assert not section.placements_box.isVisibleTo(section)  # no placements on a CP case
    (button,) = section.plan_buttons.values()
    button.setFocus()
    _press(qtbot, button, Qt.Key.Key_Space)
    dialog = section.dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.every, "five")
    _press(qtbot, dialog.every, Qt.Key.Key_Return)
    assert "whole number of working days" in dialog.problem.text()
    dialog.every.selectAll()
    qtbot.keyClicks(dialog.every, "5")
    with qtbot.waitSignal(dialog.saved):
        _press(qtbot, dialog.every, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _due_text(window, "Oliwia") == "19/11/2026 (overdue)")


def test_a_team_manager_reads_placements_and_cannot_change_them(
    qtbot, runner, reference, forms, monkeypatch
):
    monkeypatch.setattr("recorder.ui.main_window.ask_to_report", lambda parent, message: None)
    manager = next(u for u in runner.store.users.all() if u.name == "Rhiannon Tull")
    runner.store.sign_in(manager.id)
    window = MainWindow(runner, reference=reference, forms=forms, user=manager, today=DEMO_DAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.caseload_model.rowCount() > 0)
    section = _open_visits(qtbot, window, "Lacey")
    assert section.model.rowCount() == 1
    assert not section.add_button.isEnabled() and not section.edit_button.isEnabled()
    assert "team manager can read them" in section.add_button.toolTip()
    assert section.add_placement() is None


def test_the_placements_model_passes_the_model_tester(qtmodeltester):
    model = PlacementsModel()
    qtmodeltester.check(model)
    first = Placement("c", date(2025, 6, 9), PlacementKind.FOSTER, LegalStatus.SECTION_20)
    moved = Placement(
        "c",
        date(2026, 11, 9),
        PlacementKind.KINSHIP_TEMPORARY_APPROVAL,
        LegalStatus.INTERIM_CARE_ORDER,
    )
    model.show([first, moved], moved)
    qtmodeltester.check(model)
    assert model.index(0, 1).data() == "Current"
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole) is None


def _tab_chain(dialog, first, last):
    """The widgets Tab visits from ``first`` to ``last``, in order."""
    chain, widget = [first], first
    while widget is not last:
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled():
            if widget.isVisibleTo(dialog):
                chain.append(widget)
    return chain


def test_tab_goes_through_the_dialog_in_the_order_it_reads(qtbot, window):
    section = _open_visits(qtbot, window, "Jasmine")
    dialog = _add_dialog(qtbot, section)
    assert _tab_chain(dialog, dialog.start, dialog.address) == [
        dialog.start,
        dialog.end,
        dialog.kind,
        dialog.legal_status,
        dialog.until_18,
        dialog.long_term,
        dialog.first_review,  # the agreement box is skipped until long-term is ticked
        dialog.carers,
        dialog.address,
    ]
    assert dialog.save_button.isDefault()  # Enter anywhere saves


def test_nothing_of_the_last_child_can_be_changed_while_the_next_is_read(qtbot, window):
    """A placement added in that moment would have gone to the child shown before."""
    section = _open_visits(qtbot, window, "Jasmine")
    assert section.add_button.isEnabled()
    oliwia = _entry(window, "Oliwia").row.child.id
    window.person_view.show_view(window.runner.store.views.person(oliwia, on=DEMO_DAY))
    assert section.visits is None and not section.add_button.isEnabled()
    assert section.add_placement() is None and section.model.rowCount() == 0
