"""A social worker reads a child's chronology, adds an event by keyboard, and sends it to Word."""

from __future__ import annotations

from datetime import date

import docx
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from recorder.domain.chronology import CATEGORIES
from tests.conftest import DEMO_DAY

CHRONOLOGY_TAB = 5


def _open_child_in_care(qtbot, window):
    # Kieran Pryce, in care, is on another worker's caseload: found by name as anyone is.
    kieran = window.runner.store.search.people("Kieran Pryce")[0].person
    window.open_person(kieran.id)
    view = window.person_view
    qtbot.waitUntil(lambda: view.view is not None)
    section = view.chronology
    assert section.model.rowCount() == 0  # nothing read while the tab is out of view
    view.tabs.setCurrentWidget(section)
    qtbot.waitUntil(lambda: section.model.rowCount() > 0)
    return kieran, view, section


def test_the_chronology_tab_lists_the_childs_events_oldest_first(qtbot, window):
    _, view, section = _open_child_in_care(qtbot, window)
    assert view.tabs.tabText(CHRONOLOGY_TAB) == "C&hronology"
    events = section.model.rows()
    assert [e.day for e in events] == sorted(e.day for e in events)
    categories = {e.category for e in events}
    assert {"Case", "Placement", "Visit"} <= categories
    assert events[0].what.startswith("Case opened: child in care")
    assert "events, oldest first" in section.count.text()


def test_an_event_is_added_by_keyboard_and_shows_at_once(qtbot, window):
    kieran, view, section = _open_child_in_care(qtbot, window)
    before = section.model.rowCount()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.tabs.setCurrentIndex(CHRONOLOGY_TAB)
    section.category.setFocus()
    section.category.setCurrentIndex(CATEGORIES.index("Strategy discussion"))
    section.note.setFocus()
    qtbot.keyClicks(section.note, "Police and school agreed a single-agency response")
    qtbot.keyClick(section.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: section.model.rowCount() == before + 1)
    added = [e for e in section.model.rows() if e.category == "Strategy discussion"]
    assert added[0].what == "Police and school agreed a single-agency response"
    assert added[0].day == DEMO_DAY and added[0].by == "Bethan Lowry"
    assert section.note.text() == ""
    assert "Added to the chronology" in section.message.text()
    stored = window.runner.store.chronology.for_child(kieran.id)
    assert [e.note for e in stored] == ["Police and school agreed a single-agency response"]


def test_alt_h_moves_to_the_chronology_tab(qtbot, window):
    _, view, section = _open_child_in_care(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.tabs.setCurrentIndex(0)
    view.tabs.tabBar().setFocus()
    qtbot.keyClick(view.tabs.tabBar(), Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.tabs.currentWidget() is section)


def test_an_event_added_by_hand_is_corrected_by_keyboard(qtbot, window):
    kieran, view, section = _open_child_in_care(qtbot, window)
    with qtbot.waitSignal(window.runner.changes_applied):
        window.runner.write(
            lambda store: store.chronology.add_entry(
                kieran.id,
                on=date(2026, 10, 2),
                category="Court",
                note="Hearing listed",
                today=DEMO_DAY,
            )  # fmt: skip
        )
    section.show_child(kieran.id)
    qtbot.waitUntil(lambda: any(e.what == "Hearing listed" for e in section.model.rows()))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.tabs.setCurrentWidget(section)
    row = next(i for i, e in enumerate(section.model.rows()) if e.what == "Hearing listed")
    section.table.setFocus()
    section.table.selectRow(row)
    qtbot.keyClick(section.table, Qt.Key.Key_Return)
    assert section.note.text() == "Hearing listed" and section.cancel_button.isVisible()
    section.note.selectAll()
    qtbot.keyClicks(section.note, "Hearing adjourned to 4 December")
    qtbot.keyClick(section.note, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any(e.what == "Hearing adjourned to 4 December" for e in section.model.rows())
    )
    assert not any(e.what == "Hearing listed" for e in section.model.rows())
    assert section.add_button.text() == "Add to chronology"
    # A line that comes from the record itself is corrected where it comes from.
    section.table.setFocus()
    section.table.selectRow(0)
    qtbot.keyClick(section.table, Qt.Key.Key_Return)
    assert "Only an event added by hand is corrected here" in section.message.text()


def test_an_empty_note_is_said_and_nothing_is_added(qtbot, window):
    _, _, section = _open_child_in_care(qtbot, window)
    before = window.runner.store.change_count()
    section.note.setText("   ")
    section.add_event()
    assert section.message.text() == "Say in a short note what happened."
    assert window.runner.store.change_count() == before


def test_the_chronology_is_exported_to_word(qtbot, window, tmp_path, monkeypatch):
    kieran, _, section = _open_child_in_care(qtbot, window)
    suggested = []

    def ask(parent, path):
        suggested.append(path)
        return tmp_path / "chronology"  # no .docx: it is added

    monkeypatch.setattr("recorder.ui.chronology_view.ask_save_path", ask)
    assert section.export()
    written = tmp_path / "chronology.docx"
    qtbot.waitUntil(lambda: "saved as" in section.message.text())
    assert suggested[0].name == f"Pryce, Kieran - Chronology - {DEMO_DAY.isoformat()}.docx"
    document = docx.Document(str(written))
    grid = next(t for t in document.tables if t.rows[0].cells[0].text == "Date")
    assert len(document.tables) >= 2 and grid.rows[1].cells[1].text == "Case"
    assert date(2026, 1, 1) <= DEMO_DAY
