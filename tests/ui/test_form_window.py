"""A social worker records a home visit: pre-filled, finished by keyboard, saved, reopened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from recorder.ui import form_window as form_window_module
from tests.ui.conftest import read_on_lane


def _open_child(qtbot, window, first_name):
    entry = next(e for e in window.caseload_model.rows() if e.row.child.first_name == first_name)
    window.open_person(entry.row.child.id)
    qtbot.waitUntil(
        lambda: (
            window.person_view.view is not None
            and window.person_view.view.person.first_name == first_name
        )
    )
    return entry


def _new_form(qtbot, window, first_name, form_id):
    entry = _open_child(qtbot, window, first_name)
    window.new_record(entry.row.case.id, form_id)
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    form = window.form_windows[0]
    qtbot.addWidget(form)
    return entry, form


def _type(qtbot, row, text):
    widget = row.editor.focus_widget()
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_a_new_visit_arrives_filled_with_what_is_known(qtbot, window):
    entry, form = _new_form(qtbot, window, "Mariama", "home_visit")
    values = form.values()
    child = entry.row.child
    assert values["child_name"] == child.full_name
    assert values["nhs_number"] == child.nhs_number
    assert values["visit_date"] == "2026-11-20"
    assert values["address"]["postcode"]
    assert set(values["present"]) >= {child.id}
    badge = form.rows["nhs_number"].badge
    assert badge.isVisibleTo(form) and "Family record" in badge.text.text()
    carried = form.rows["worries"].provenance
    assert carried and carried["source"].startswith("Home visit of ")
    assert form.rows["actions_review"].editor.value()  # last visit's actions, to review
    assert form.rows["child_voice"].editor.value() is None  # never invented
    assert not form.rows["child_voice"].badge.isVisibleTo(form)


def test_complete_by_keyboard_save_reopen_identical(qtbot, window, monkeypatch):
    monkeypatch.setattr(form_window_module, "ask_write_back", lambda parent, items: False)
    entry, form = _new_form(qtbot, window, "Mariama", "home_visit")
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)

    visit_type = form.rows["visit_type"].editor.focus_widget()
    visit_type.setFocus()
    qtbot.keyClick(visit_type, Qt.Key.Key_Down)  # "Planned"
    for field_id in ("child_seen", "child_seen_alone"):
        box = form.rows[field_id].editor.focus_widget()
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Down)  # "Yes"
    _type(qtbot, form.rows["child_voice"], "Mariama said she feels calmer at home.")
    form.rows["child_voice"].editor.focus_widget().insertPlainText(" “Café on Saturday”, Zoë.")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    _type(qtbot, form.rows["observations"], "The flat was warm and tidy.")
    form.rows["nhs_number"].badge.accept_button.setFocus()
    qtbot.keyClick(form.rows["nhs_number"].badge.accept_button, Qt.Key.Key_Space)
    assert form.rows["nhs_number"].provenance["accepted"] is True

    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    window.runner.wait()
    assert form.values()["visit_type"] == "Planned"
    assert form.values()["child_seen"] is True
    before_values, before_provenance = form.values(), form.provenance()
    record_id = form.record_id
    form.close()
    qtbot.waitUntil(lambda: window.form_windows == [])

    saved = window.runner.store.records.get(record_id)
    assert saved.values == before_values
    assert saved.provenance == before_provenance
    assert saved.author_id == window.user.id

    window.open_record(record_id)
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    again = window.form_windows[0]
    qtbot.addWidget(again)
    assert again.values() == before_values
    assert again.provenance() == before_provenance
    assert "Accepted" in again.rows["nhs_number"].badge.text.text()
    again.close()


def test_a_crash_mid_edit_loses_at_most_the_last_few_seconds(qtbot, window):
    _, form = _new_form(qtbot, window, "Alusine", "home_visit")
    form.autosave.setInterval(100)
    _type(qtbot, form.rows["observations"], "Alusine showed me his football medals.")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        pass  # the autosave timer fires on its own
    window.runner.wait()
    record_id = form.record_id
    _type(qtbot, form.rows["analysis"], " typed in the last second")
    # the window dies without closing properly: no closeEvent, no final save
    form.autosave.stop()
    window.form_windows.clear()
    form.hide()
    form.deleteLater()
    QApplication.processEvents()
    kept = read_on_lane(qtbot, window.runner, lambda store: store.records.get(record_id))
    assert kept.values["observations"] == "Alusine showed me his football medals."


def test_leaving_a_field_saves_and_explains_a_bad_date(qtbot, window):
    _, form = _new_form(qtbot, window, "Alusine", "home_visit")
    form.activateWindow()
    row = form.rows["visit_date"]
    edit = row.editor.focus_widget()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "31/02/2026")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert "no such date as 31/02/2026" in row.problem.text() and row.problem.isVisibleTo(form)
    saved = read_on_lane(qtbot, window.runner, lambda store: store.records.get(form.record_id))
    assert saved.values["visit_date"] == "31/02/2026"  # typing kept, not thrown away
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "21/11/2026")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert "after today" in row.problem.text()


def test_required_fields_are_named_on_save(qtbot, window, monkeypatch):
    monkeypatch.setattr(form_window_module, "ask_write_back", lambda parent, items: False)
    _, form = _new_form(qtbot, window, "Alusine", "home_visit")
    form.save_now()
    assert "need attention" in form.state.text()
    assert form.rows["child_voice"].problem.text() == (
        f"{form.rows['child_voice'].spec.label} is required."
    )


def test_a_new_address_on_the_form_updates_the_family_record_when_confirmed(
    qtbot, window, monkeypatch
):
    asked = []
    monkeypatch.setattr(
        form_window_module, "ask_write_back", lambda parent, items: asked.append(items) or True
    )
    entry, form = _new_form(qtbot, window, "Alusine", "home_visit")
    postcode = form.rows["address"].editor._edits["postcode"]
    postcode.setFocus()
    postcode.selectAll()
    qtbot.keyClicks(postcode, "NB9 1ZZ")
    line1 = form.rows["address"].editor._edits["line1"]
    line1.selectAll()
    qtbot.keyClicks(line1, "2 Kiln Row")
    form.save_now()
    window.runner.wait()
    assert asked and "address" in asked[0][0].lower() and "NB9 1ZZ" in asked[0][0]
    store = window.runner.store
    home = store.households.current_for(entry.row.child.id, on=window.today)[0]
    assert (home.address_line1, home.postcode) == ("2 Kiln Row", "NB9 1ZZ")
    change = store.history(home.id)[-1]
    assert change.field in ("postcode", "address_line1") and change.user_id == window.user.id
    form.save_now()
    assert len(asked) == 1  # asked once, not on every save
    form.close()


def test_declining_keeps_the_family_record_as_it_was(qtbot, window, monkeypatch):
    monkeypatch.setattr(form_window_module, "ask_write_back", lambda parent, items: False)
    entry, form = _new_form(qtbot, window, "Alusine", "home_visit")
    row = form.rows["first_language"]
    edit = row.editor.focus_widget()
    edit.selectAll()
    qtbot.keyClicks(edit, "Krio")
    form.save_now()
    window.runner.wait()
    assert window.runner.store.people.get(entry.row.child.id).first_language == "English"
    assert "Changed from the suggestion" in row.badge.text.text()
    form.close()


def test_every_form_input_has_an_accessible_name(qtbot, window):
    from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit

    _, form = _new_form(qtbot, window, "Jasmine", "cic_visit")
    inputs = [
        w
        for kind in (QLineEdit, QComboBox, QPlainTextEdit, QAbstractItemView)
        for w in form.findChildren(kind)
        if type(w).__name__ not in ("QHeaderView", "QListView", "QComboBoxListView")
    ]
    unnamed = [type(w).__name__ for w in inputs if not w.accessibleName()]
    assert inputs and unnamed == []
    form.close()


def test_a_phone_number_the_record_did_not_have_is_offered_once(qtbot, window, monkeypatch):
    asked = []
    monkeypatch.setattr(
        form_window_module, "ask_write_back", lambda parent, items: asked.append(items) or False
    )
    entry, form = _new_form(qtbot, window, "Alusine", "home_visit")
    row = form.rows["interpreter_needed"]
    assert row.provenance is not None  # filled from the record: not a new fact
    language = form.rows["first_language"]
    language.editor.set_value(None)
    form.clear(language)
    _type(qtbot, language, "Krio and English")
    form.save_now()
    form.save_now()
    assert len(asked) == 1 and "Krio and English" in asked[0][0]
    assert not language.badge.isVisibleTo(form)
    window.runner.wait()
    assert window.runner.store.people.get(entry.row.child.id).first_language == "English"
    form.close()


def test_a_record_from_an_older_form_keeps_the_fields_the_form_has_since_lost(qtbot, window):
    from recorder.domain import Record

    entry = _open_child(qtbot, window, "Alusine")
    old = Record(
        entry.row.case.id,
        "home_visit",
        0,
        window.user.id,
        values={"visit_date": "2026-11-19", "school_transport": "Walks with his sister"},
    )
    window.runner.write(lambda store: store.records.add(old))
    window.runner.wait()
    window.open_record(old.id)
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    form = window.form_windows[0]
    qtbot.addWidget(form)
    _type(qtbot, form.rows["observations"], "Quiet visit.")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save_draft()
    window.runner.wait()
    saved = window.runner.store.records.get(old.id)
    assert saved.values["school_transport"] == "Walks with his sister"
    assert saved.values["observations"] == "Quiet visit."
    form.close()


def test_typing_in_an_action_cell_is_kept_and_raises_nothing(qtbot, window):
    """Regression: with a cell's editor open, reading the table raised
    AttributeError: 'QLineEdit' object has no attribute 'currentData' (in the log only)."""
    _, form = _new_form(qtbot, window, "Alusine", "home_visit")
    form.activateWindow()
    editor = form.rows["actions"].editor
    editor.add_row()
    table = editor.focus_widget()
    table.editItem(table.item(0, 0))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not table)
    qtbot.keyClicks(QApplication.focusWidget(), "Ring the school about Alusine's trip")
    table.setFocus()  # leaving the cell's editor: the table reads every cell
    assert editor.value()[0]["what"] == "Ring the school about Alusine's trip"
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save_draft()
    window.runner.wait()
    saved = window.runner.store.records.get(form.record_id)
    assert saved.values["actions"][0]["what"] == "Ring the school about Alusine's trip"


def test_steady_typing_is_saved_within_five_seconds_of_the_first_key(qtbot, window):
    """Regression: the 3-second idle timer restarted on every key, so a worker typing
    steadily was never saved until they paused (a power cut lost everything)."""
    from PySide6.QtCore import QTimer

    _, form = _new_form(qtbot, window, "Alusine", "home_visit")
    assert form_window_module.AUTOSAVE_MAX_WAIT_MS < 5000
    box = form.rows["observations"].editor.focus_widget()
    box.setFocus()
    keys_before_save: list[int] = []
    typed: list[str] = []
    form.saved.connect(lambda _record_id: keys_before_save.append(len(typed)))

    def one_key() -> None:  # a key every quarter second: faster than the idle timer
        qtbot.keyClick(box, "a")
        typed.append("a")

    typist = QTimer(form)
    typist.setInterval(250)
    typist.timeout.connect(one_key)
    typist.start()
    qtbot.waitUntil(lambda: bool(keys_before_save) or len(typed) >= 32, timeout=30_000)
    typist.stop()
    assert keys_before_save, "eight seconds of steady typing were never saved"
    # 20 keys a quarter second apart: 5 seconds after the first
    assert keys_before_save[0] <= 20
    window.runner.wait()
    saved = window.runner.store.records.get(form.record_id).values["observations"]
    assert saved.startswith("a" * (keys_before_save[0] - 1))


def _refuse_writes(window, pragma: str) -> None:
    window.runner.query(lambda store: store.db.execute(pragma), lambda _r: None)
    window.runner.wait()


@pytest.mark.parametrize(
    ("pragma", "said"),
    [
        ("PRAGMA max_page_count = 1", "is full, so this change was not saved"),
        ("PRAGMA query_only = 1", "is in a read-only place, so this change was not saved"),
    ],
    ids=["full-disk", "read-only"],
)
def test_closing_when_the_save_is_refused_says_why_and_keeps_the_typing(
    qtbot, window, monkeypatch, tmp_path, pragma, said
):
    from recorder.ui import unsaved

    monkeypatch.setattr(form_window_module, "ask_write_back", lambda parent, items: False)
    _, form = _new_form(qtbot, window, "Alusine", "home_visit")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.changed_elsewhere()
        form.save_draft()
    window.runner.wait()
    if "max_page_count" in pragma:  # the file may not grow by a page more
        pages = window.runner.store.rows("PRAGMA page_count")[0]["page_count"]
        pragma = f"PRAGMA max_page_count = {pages}"
    _refuse_writes(window, pragma)
    note = "Alusine showed me his football medals. " * 200
    form.rows["observations"].editor.set_value(note)
    form.changed_elsewhere()

    asked, chosen = [], tmp_path / "kept.txt"
    answers = iter([unsaved.STAY, unsaved.KEEP])
    monkeypatch.setattr(
        unsaved, "ask_keep_typing",
        lambda parent, problem: asked.append(problem) or next(answers),
    )  # fmt: skip
    monkeypatch.setattr(unsaved, "choose_file", lambda parent, suggested: chosen)
    monkeypatch.setattr(unsaved.QMessageBox, "information", lambda *args: None)

    assert not form.close()  # "Stay on the form": nothing is thrown away
    assert form.isVisible() and form.rows["observations"].editor.value() == note
    assert said in asked[0] and "Something went wrong" not in asked[0]
    assert form.close()  # "Keep it in a file…"
    kept = chosen.read_text(encoding="utf-8")
    assert note.strip() in kept and said in kept
