"""The History dialog reads back exactly what happened to a record, and no one can rewrite it.

The hand-off is made with the store's own verbs, each as the person signed in,
so the change log holds what the real tool writes; the dialog is opened the
way a person opens it, from the Records tab and from the form.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from recorder.domain import Record, RecordStatus
from recorder.domain.history import EMPTY
from recorder.forms.business_support import business_support_edit
from recorder.store import RefusedWriteError, engine
from recorder.ui.history_dialog import SHOWN_CHARACTERS, HistoryDialog, cell_text
from recorder.ui.table_model import ROW_ROLE

RECORDS_TAB = 3
LONG_ANALYSIS = (
    "Mariama is settled at home and at school. Mum has kept every appointment since the "
    "review, and the arrears are being paid off at £20 a week. The worry now is the "
    "overcrowding: four people in two rooms."
)
TIDIED = LONG_ANALYSIS.replace("four people in two rooms", "four people share two bedrooms")
REASON = "Which school does Mariama go to now? The address has changed."


def _user(store, name):
    return next(u for u in store.users.all() if u.name == name)


@pytest.fixture
def handed_back(window, forms):
    """Bethan writes a visit to Mariama and sends it; Denise adds the time, tidies the
    analysis (a suggestion) and hands it back with a question."""
    runner = window.runner
    runner.wait()
    store = runner.store
    bethan, denise = _user(store, "Bethan Lowry"), _user(store, "Denise Harrop")
    entry = next(e for e in window.caseload_model.rows() if e.row.child.first_name == "Mariama")
    record = Record(
        entry.row.case.id,
        "home_visit",
        1,
        bethan.id,
        values={"visit_date": "2026-11-19", "visit_type": "Planned", "analysis": LONG_ANALYSIS},
    )
    store.records.add(record)
    store.records.move(record.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    store.sign_in(denise.id)
    edited = {**record.values, "visit_time": "10:30", "analysis": TIDIED}
    edit = business_support_edit(
        forms.forms["home_visit"], record.values, edited, user_id=denise.id
    )
    store.records.save_values(record.id, edit.values, suggested=edit.suggestions)
    store.records.move(record.id, RecordStatus.DRAFT, reason=REASON)
    store.sign_in(bethan.id)
    return entry, record.id


def _open_from_records_tab(qtbot, window, entry, record_id) -> HistoryDialog:
    window.open_person(entry.row.child.id)
    view = window.person_view
    qtbot.waitUntil(lambda: view.view is not None and view.view.person.id == entry.row.child.id)
    view.tabs.setCurrentIndex(RECORDS_TAB)
    assert not view.history_button.isEnabled()  # nothing chosen yet
    proxy = view.records_table.model()
    row = next(
        r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(ROW_ROLE).id == record_id
    )
    view.records_table.selectRow(row)
    assert view.history_button.isEnabled()
    view.history_button.click()
    dialog = view.history_dialog
    qtbot.waitUntil(lambda: dialog.view is not None)
    return dialog


def _told(dialog):
    model = dialog.lines_model
    return [(line.who, line.what, line.old, line.new) for line in model.rows()]


def test_the_history_reads_back_who_changed_what_from_what_to_what(qtbot, window, handed_back):
    entry, record_id = handed_back
    dialog = _open_from_records_tab(qtbot, window, entry, record_id)
    assert dialog.windowTitle() == "History: Home visit: " + entry.row.child.display_name
    assert _told(dialog) == [
        ("Bethan Lowry", "Created the record", "", ""),
        ("Bethan Lowry", "Analysis", EMPTY, LONG_ANALYSIS),
        ("Bethan Lowry", "Date of visit", EMPTY, "19/11/2026"),
        ("Bethan Lowry", "Planned or unannounced", EMPTY, "Planned"),
        ("Bethan Lowry", "Status", "Draft", "With business support"),
        ("Denise Harrop", "Time of visit", EMPTY, "10:30"),
        ("Denise Harrop", "Suggestion from business support: Analysis", EMPTY, TIDIED),
        ("Denise Harrop", "Status", "With business support", f"Draft (reason: {REASON})"),
    ]
    assert dialog.summary.text().startswith("8 changes by Bethan Lowry and Denise Harrop")

    writers = [(line.what, line.who) for line in dialog.writers_model.rows()]
    assert writers == [  # in the form's order; a suggestion is not the record's wording
        ("Date of visit", "Bethan Lowry"),
        ("Time of visit", "Denise Harrop"),
        ("Planned or unannounced", "Bethan Lowry"),
        ("Analysis", "Bethan Lowry"),
    ]
    header = dialog.writers_model.headerData
    assert [header(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Field",
        "Written by",
        "When",
    ]
    dialog.close()


def test_long_values_are_cut_short_in_the_cell_and_whole_in_the_tooltip_and_below(
    qtbot, window, handed_back
):
    entry, record_id = handed_back
    dialog = _open_from_records_tab(qtbot, window, entry, record_id)
    table = dialog.lines_table
    proxy = table.model()
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["When", "Who", "What", "From", "To"]
    analysis = next(r for r in range(proxy.rowCount()) if proxy.index(r, 2).data() == "Analysis")
    cell = proxy.index(analysis, 4)
    assert cell.data().endswith("…") and len(cell.data()) <= SHOWN_CHARACTERS
    assert cell_text(LONG_ANALYSIS) == cell.data() != LONG_ANALYSIS
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "four people in two rooms" in tip and tip.startswith("<p>")
    assert proxy.index(analysis, 3).data() == EMPTY
    assert not proxy.index(analysis, 3).data(Qt.ItemDataRole.ToolTipRole)  # all of it is there
    when = proxy.index(analysis, 0).data()
    assert len(when) == 16 and when[2] == "/" and when[5] == "/" and when[10] == " "

    table.selectRow(analysis)
    assert LONG_ANALYSIS in dialog.detail.toPlainText()
    assert "Bethan Lowry" in dialog.detail.toPlainText()
    dialog.close()


def test_rows_sort_by_any_column_and_the_latest_change_can_come_first(qtbot, window, handed_back):
    entry, record_id = handed_back
    dialog = _open_from_records_tab(qtbot, window, entry, record_id)
    table = dialog.lines_table
    proxy = table.model()
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 4).data() == cell_text(f"Draft (reason: {REASON})")
    assert proxy.index(proxy.rowCount() - 1, 2).data() == "Created the record"
    table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    who = [proxy.index(r, 1).data() for r in range(proxy.rowCount())]
    assert who == sorted(who) and who[0] == "Bethan Lowry" and who[-1] == "Denise Harrop"
    table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    what = [proxy.index(r, 2).data() for r in range(proxy.rowCount())]
    assert what == sorted(what, key=str.casefold)
    dialog.close()


def test_the_dialog_reads_again_when_the_record_changes(qtbot, window, handed_back):
    entry, record_id = handed_back
    dialog = _open_from_records_tab(qtbot, window, entry, record_id)
    saved = window.runner.store.records.get(record_id).values
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        window.runner.write(
            lambda store: store.records.save_values(
                record_id, {**saved, "visit_type": "Unannounced"}
            )
        )
    assert _told(dialog)[-1] == ("Bethan Lowry", "Planned or unannounced", "Planned", "Unannounced")
    dialog.close()


def test_the_form_opens_the_same_history(qtbot, window, handed_back):
    entry, record_id = handed_back
    window.open_record(record_id)
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    form = window.form_windows[0]
    form.history_button.click()
    dialog = form.history_dialog
    qtbot.waitUntil(lambda: dialog.view is not None)
    assert ("Denise Harrop", "Status", "With business support", f"Draft (reason: {REASON})") in (
        _told(dialog)
    )
    dialog.close()
    form.close()


def test_a_new_form_has_no_history_yet(qtbot, window):
    entry = next(e for e in window.caseload_model.rows() if e.row.child.first_name == "Alusine")
    window.new_record(entry.row.case.id, "home_visit")
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    form = window.form_windows[0]
    assert not form.history_button.isEnabled()
    form.show_history()
    assert form.history_dialog is None
    form.close()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE change_log SET new_value = 'Nothing happened' WHERE entity_id = ?",
        "UPDATE change_log SET user_id = NULL WHERE entity_id = ?",
        "DELETE FROM change_log WHERE entity_id = ?",
    ],
)
def test_the_change_log_cannot_be_rewritten_even_inside_a_transaction(
    qtbot, window, handed_back, sql
):
    entry, record_id = handed_back
    store = window.runner.store
    window.runner.wait()
    before = store.history(record_id)
    with pytest.raises(engine.IntegrityError, match="The change log cannot be changed."):
        store.db.execute(sql, [record_id])
    with pytest.raises(RefusedWriteError, match="The change log cannot be changed."):
        with store.transaction():
            store.db.execute(sql, [record_id])
    assert store.history(record_id) == before

    dialog = _open_from_records_tab(qtbot, window, entry, record_id)
    assert ("Denise Harrop", "Time of visit", EMPTY, "10:30") in _told(dialog)
    dialog.close()


def test_the_time_of_a_change_is_never_cut_short(qtbot, window, handed_back):
    """Regression: the When column was held to 130 pixels, so in a wider font (or at 150%)
    every time read "06/12/2026 07:…"."""
    from PySide6.QtWidgets import QApplication

    entry, record_id = handed_back
    normal = QApplication.font()
    larger = QApplication.font()
    larger.setPointSizeF(normal.pointSizeF() * 1.5)  # as at 150%
    QApplication.setFont(larger)
    try:
        dialog = _open_from_records_tab(qtbot, window, entry, record_id)
        table = dialog.lines_table
        shown = str(table.model().index(0, 0).data())
        needed = table.fontMetrics().horizontalAdvance(shown)
        assert table.horizontalHeader().sectionSize(0) > needed
        dialog.close()
    finally:
        QApplication.setFont(normal)
