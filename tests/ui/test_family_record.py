"""A social worker enters a new family with the keyboard only, and keeps it up to date.

Driven over the real demo store; every save runs on the real worker thread.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from recorder.domain.cases import CaseType
from tests.conftest import DEMO_DAY


def _focused():
    return QApplication.focusWidget()


def _type(qtbot, text):
    """Type into the box with the keyboard focus. Letters outside ASCII arrive as a Greek
    keyboard layout sends them: a key event carrying the letter (QTest knows ASCII only)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(_focused(), ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                _focused(), QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
            )


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier, times=1):
    for _ in range(times):
        qtbot.keyClick(_focused(), key, modifier)


def _tab(qtbot, times=1):
    _key(qtbot, Qt.Key.Key_Tab, times=times)


def _dialog(qtbot, actions, before=None):
    qtbot.waitUntil(lambda: actions.dialog is not None and actions.dialog is not before
                    and actions.dialog.isVisible())
    dialog = actions.dialog
    qtbot.waitUntil(lambda: _focused() is not None and dialog.isAncestorOf(_focused()))
    return dialog


def _back_in(qtbot, window):
    """A closed dialog hands the keyboard back to the main window (the offscreen platform
    needs telling that the window is active again)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: _focused() is not None and _focused().window() is window)


def _from_menu(qtbot, widget, mnemonic, keys):
    """Alt+letter opens a button's menu; ``keys`` are pressed in the menu once it shows."""

    def in_menu():
        popup = QApplication.activePopupWidget()
        if popup is None:
            QTimer.singleShot(10, in_menu)
            return
        for key in keys:
            qtbot.keyClick(popup, key)
            popup = QApplication.activePopupWidget() or popup

    QTimer.singleShot(0, in_menu)
    _back_in(qtbot, widget.window())
    qtbot.keyClick(_focused(), mnemonic, Qt.KeyboardModifier.AltModifier)


def _saved(qtbot, dialog):
    """Enter saves; a refusal would show in the dialog, and fails the test in its words."""
    saved = []
    dialog.saved.connect(saved.append)
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(saved) or dialog.problem.isVisible(), timeout=10_000)
    assert saved, dialog.problem.text()


def test_a_new_family_entered_with_the_keyboard_only(qtbot, window):
    store = window.runner.store
    actions = window.person_view.family_actions
    window.activateWindow()
    qtbot.waitUntil(lambda: _focused() is not None)

    # Ctrl+N: a new child.
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(qtbot, actions)
    assert _focused() is dialog.first_name
    _type(qtbot, "Leilani")
    _tab(qtbot, 2)
    _type(qtbot, "Ashdown-Ruiz")
    _tab(qtbot, 2)
    _type(qtbot, "12/03/2019")
    _tab(qtbot, 2)  # past "Estimated", to gender
    _type(qtbot, "Female")
    _saved(qtbot, dialog)
    qtbot.waitUntil(lambda: window.person_view.view is not None
                    and window.person_view.view.person.first_name == "Leilani")
    child = window.person_view.view.person
    assert child.date_of_birth.isoformat() == "2019-03-12"

    # Alt+M, "Someone moved in": the child, to a new address.
    view = window.person_view
    before = actions.dialog
    _from_menu(qtbot, view, Qt.Key.Key_M, [Qt.Key.Key_I])
    dialog = _dialog(qtbot, actions, before)
    _tab(qtbot, 2)  # who (the child), where (a new address): to the household's name
    _type(qtbot, "Ashdown-Ruiz household")
    _tab(qtbot)
    _type(qtbot, "14 Linnet Close")
    _tab(qtbot, 2)
    _type(qtbot, "Northbridge")
    _tab(qtbot)
    _type(qtbot, "nb3 7qe")
    _tab(qtbot, 2)
    _type(qtbot, "01/10/2026")
    _saved(qtbot, dialog)
    qtbot.waitUntil(lambda: len(window.person_view.view.households) == 1)
    home = window.person_view.view.households[0].household
    assert (home.address_line1, home.postcode) == ("14 Linnet Close", "NB3 7QE")

    # Alt+Y: her mother, her name in Greek, living with her.
    before = actions.dialog
    _back_in(qtbot, window)
    _key(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    dialog = _dialog(qtbot, actions, before)
    _type(qtbot, "Ελένη")
    _tab(qtbot, 2)
    _type(qtbot, "Ashdown-Ruiz")
    _tab(qtbot, 12)  # past the other details, to "Related"
    assert _focused() is dialog.relation
    _key(qtbot, Qt.Key.Key_Down)  # "is Leilani's mother"
    _tab(qtbot)
    _key(qtbot, Qt.Key.Key_Space)  # lives at 14 Linnet Close
    _tab(qtbot)
    _type(qtbot, "01/10/2026")
    _saved(qtbot, dialog)
    qtbot.waitUntil(lambda: len(window.person_view.view.links) == 1)
    [link] = window.person_view.view.links
    assert link.person.first_name == "Ελένη"
    assert link.relationship.kind == "mother" and link.relationship.other_id == child.id
    members = {p.id for p in window.person_view.view.households[0].members}
    assert members == {child.id, link.person.id}

    # Alt+K, "Open a case…": child in need, today, allocated to the worker signed in.
    before = actions.dialog
    _from_menu(qtbot, view, Qt.Key.Key_K, [Qt.Key.Key_O])
    dialog = _dialog(qtbot, actions, before)
    _tab(qtbot, 3)
    _type(qtbot, "CIN-7741")
    _saved(qtbot, dialog)
    qtbot.waitUntil(lambda: any(c.is_open for c in window.person_view.view.cases))
    [case] = store.cases.for_child(child.id)
    assert (case.case_type, case.start_date, case.worker_id, case.reference) == (
        CaseType.CHILD_IN_NEED, DEMO_DAY, window.user.id, "CIN-7741"
    )
    # She is on the worker's caseload now.
    qtbot.waitUntil(
        lambda: any(e.row.child.id == child.id for e in window.caseload_model.rows())
    )


def _open_child(qtbot, window, index=0):
    entry = window.caseload_model.rows()[index]
    window.open_person(entry.row.child.id)
    qtbot.waitUntil(lambda: window.person_view.view is not None
                    and window.person_view.view.person.id == entry.row.child.id)
    return entry.row


def test_a_duplicate_is_offered_on_entry_and_chosen_instead_of_a_second_copy(qtbot, window):
    store = window.runner.store
    row = _open_child(qtbot, window)
    child = row.child
    actions = window.person_view.family_actions
    before = len(store.rows("SELECT id FROM people"))
    dialog = actions.add_person()
    qtbot.waitUntil(dialog.isVisible)
    # The same child typed again, accents left off and in capitals.
    dialog.first_name.setText(child.first_name.upper())
    dialog.last_name.setText(child.last_name.upper())
    dialog.date_of_birth.setText(child.date_of_birth.strftime("%d/%m/%Y"))
    dialog.accept()
    qtbot.waitUntil(dialog.duplicates.isVisible)
    assert dialog.duplicates.count() == 1
    assert "same name and date of birth" in dialog.duplicates.item(0).text()
    assert not dialog.save_button.isEnabled()
    with qtbot.waitSignal(actions.person_saved):
        dialog.use_existing.click()
    assert len(store.rows("SELECT id FROM people")) == before
    qtbot.waitUntil(lambda: window.person_view.view.person.id == child.id)


def test_someone_else_with_the_same_name_and_birthday_is_added_when_the_worker_says_so(
    qtbot, window
):
    store = window.runner.store
    child = _open_child(qtbot, window).child
    dialog = window.person_view.family_actions.add_person()
    dialog.first_name.setText(child.first_name)
    dialog.last_name.setText(child.last_name)
    dialog.date_of_birth.setText(child.date_of_birth.strftime("%d/%m/%Y"))
    dialog.accept()
    qtbot.waitUntil(dialog.duplicates.isVisible)
    with qtbot.waitSignal(dialog.saved):
        dialog.add_anyway.click()
    window.runner.wait()  # the store is the runner's: read it once the window's reads are done
    assert len(store.people.possible_duplicates(child)) == 1


def test_a_mistyped_nhs_number_is_said_and_the_typing_kept(qtbot, window):
    _open_child(qtbot, window)
    dialog = window.person_view.family_actions.edit_person()
    dialog.nhs_number.setText("943 476 5918")
    dialog.accept()
    assert dialog.problem.isVisible()
    assert "check digit" in dialog.problem.text()
    assert dialog.nhs_number.text() == "943 476 5918"


def test_a_case_transferred_and_closed_through_the_dialogs(qtbot, window, worker):
    store = window.runner.store
    row = _open_child(qtbot, window)
    actions = window.person_view.family_actions
    colleague = next(u for u in store.users.all() if u.id != worker.id
                     and u.role.value == "social_worker")
    actions.transfer(row.case)
    qtbot.waitUntil(lambda: actions.dialog is not None and actions.dialog.isVisible())
    dialog = actions.dialog
    dialog.worker.setCurrentIndex(dialog.worker.findData(colleague.id))
    with qtbot.waitSignal(dialog.saved):
        dialog.accept()
    qtbot.waitUntil(lambda: all(e.row.case.id != row.case.id
                                for e in window.caseload_model.rows()))
    assert store.cases.get(row.case.id).worker_id == colleague.id

    actions.close_case(store.cases.get(row.case.id))
    dialog = actions.dialog
    dialog.accept()
    assert "why" in dialog.problem.text()  # no reason given: nothing written
    dialog.reason.setCurrentText("Needs met: no further involvement")
    with qtbot.waitSignal(dialog.saved):
        dialog.accept()
    assert store.cases.get(row.case.id).end_date == DEMO_DAY


def test_business_support_keeps_the_family_record_but_opens_no_cases(
    qtbot, runner, reference, forms
):
    from recorder.ui.main_window import MainWindow

    officer = next(u for u in runner.store.users.all() if u.role.value == "business_support")
    runner.store.sign_in(officer.id)
    window = MainWindow(runner, reference=reference, forms=forms, user=officer, today=DEMO_DAY)
    qtbot.addWidget(window)
    actions = window.person_view.family_actions
    assert actions.add_button.isEnabled()
    assert not actions.case_button.isEnabled()
    assert "business support can read" in actions.case_button.toolTip()
    assert not actions.merge_button.isVisibleTo(window)


def test_a_team_manager_merges_a_duplicate_and_undoes_it_both_histories_kept(
    qtbot, runner, reference, forms
):
    from recorder.domain.people import Person
    from recorder.ui.main_window import MainWindow

    store = runner.store
    manager = next(u for u in store.users.all() if u.role.value == "team_manager")
    store.sign_in(manager.id)
    window = MainWindow(runner, reference=reference, forms=forms, user=manager, today=DEMO_DAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.caseload_model.rowCount() > 0)
    child = _open_child(qtbot, window).child
    copy = Person(child.first_name, child.last_name)
    store.people.record_new(copy, not_a_duplicate=True)
    store.people.correct(Person(**{**copy.__dict__, "religion": "Recorded on the copy"}))
    actions = window.person_view.family_actions
    assert actions.merge_button.isVisibleTo(window)
    actions.merge()
    dialog = actions.dialog
    dialog.find.setText(child.first_name)
    qtbot.waitUntil(lambda: dialog.hits.count() > 0)
    for row in range(dialog.hits.count()):
        if dialog.hits.item(row).data(256) == copy.id:
            dialog.hits.setCurrentRow(row)
    dialog.reason.setText("Typed twice at the front door")
    with qtbot.waitSignal(dialog.saved):
        dialog.accept()
    assert store.people.get(copy.id).merged_into == child.id

    history = actions.show_history()
    qtbot.waitUntil(lambda: any(line.what == "Two people found to be one"
                                for line in history.lines))
    # The copy's own history is part of the child's now.
    assert any(line.what.endswith("Religion") and line.new == "Recorded on the copy"
               for line in history.lines)
    history.close()
    qtbot.waitUntil(lambda: actions.dialog is None)  # the history window has gone

    actions.unmerge()
    qtbot.waitUntil(lambda: actions.dialog is not None and actions.dialog.isVisible()
                    and hasattr(actions.dialog, "merges"))
    dialog = actions.dialog
    dialog.reason.setText("Cousins of the same name")
    with qtbot.waitSignal(dialog.saved):
        dialog.accept()
    assert store.people.get(copy.id).merged_into is None
