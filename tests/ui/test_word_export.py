"""Business support exports records to Word: one to a file, several to a folder, a whole case.

The save and folder dialogs and the "exported" message are the only things
replaced (the ``ask_*`` and ``tell_*`` functions); everything else is the real
window, the real store on its worker thread and real .docx files read back
with python-docx.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QProgressBar, QPushButton

from recorder.domain import Record
from recorder.domain.ids import new_id
from recorder.domain.records import RecordStatus
from recorder.export import BatchResult
from recorder.ui import form_window as form_window_module
from recorder.ui.main_window import MainWindow
from recorder.ui.widgets import source_row
from tests.conftest import DEMO_DAY
from tests.ui.conftest import read_on_lane

RECORDS_TAB = 3
BROKEN = "resources/export.toml, line 3: council_name is needed: it heads every document"


class Dialogs:
    """Stands in for the person at Export to Word's dialogs and remembers what they saw."""

    def __init__(self) -> None:
        self.save_as: Path | None = None
        """What the person picks in the save dialog (None: they press Cancel)."""
        self.folder: Path | None = None
        """What the person picks in the folder dialog (None: they press Cancel)."""
        self.suggested: list[Path] = []
        self.folders_asked: list[Path] = []
        self.exported: list[dict] = []
        self.problems: list[str] = []

    def ask_save_path(self, parent, suggested: Path) -> Path | None:
        self.suggested.append(suggested)
        return self.save_as

    def ask_folder(self, parent, start: Path) -> Path | None:
        self.folders_asked.append(start)
        return self.folder

    def tell_exported(self, parent, message: str, *, document, folder) -> None:
        # the window by weak reference: holding it would keep it past its deletion
        told = {"parent": weakref.ref(parent), "message": message}
        self.exported.append(told | {"document": document, "folder": folder})

    def tell_problem(self, parent, message: str) -> None:
        self.problems.append(message)


@pytest.fixture
def dialogs(monkeypatch):
    dialogs = Dialogs()
    for name in ("ask_save_path", "ask_folder", "tell_exported", "tell_problem"):
        monkeypatch.setattr(f"recorder.ui.word_export.{name}", getattr(dialogs, name))
    # closing a form may ask about family facts; no one is there to answer
    monkeypatch.setattr(form_window_module, "ask_write_back", lambda parent, items: False)
    return dialogs


@pytest.fixture
def broken_window(qtbot, runner, reference, forms, worker, monkeypatch, tmp_path):
    """The main window when resources/export.toml could not be read at start-up."""
    reported = []
    monkeypatch.setattr(
        "recorder.ui.main_window.ask_to_report", lambda parent, message: reported.append(message)
    )
    runner.store.sign_in(worker.id)
    window = MainWindow(
        runner,
        reference=reference,
        forms=forms,
        user=worker,
        today=DEMO_DAY,
        export_settings=None,
        export_problem=BROKEN,
        export_folder=tmp_path / "documents",
    )
    window.reported = reported
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.caseload_model.rowCount() > 0)
    return window


# -- helpers ---------------------------------------------------------------------


def _records_of(qtbot, window, first_name):
    """Open a child from the caseload and go to their Records tab."""
    entry = next(e for e in window.caseload_model.rows() if e.row.child.first_name == first_name)
    window.open_person(entry.row.child.id)
    view = window.person_view
    qtbot.waitUntil(
        lambda: (
            view.view is not None
            and view.view.person.first_name == first_name
            and view.records_model.rowCount() > 0
        )
    )
    view.tabs.setCurrentIndex(RECORDS_TAB)
    qtbot.waitUntil(lambda: view.records_table.isVisible())
    return entry, view


def _click_rows(qtbot, table, rows):
    """Click the first row, Ctrl+click the others, as a person picks several records."""
    for n, row in enumerate(rows):
        index = table.model().index(row, 0)
        table.scrollTo(index)
        modifier = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(
            table.viewport(), Qt.MouseButton.LeftButton, modifier, table.visualRect(index).center()
        )


def _record_at(view, row):
    return source_row(view.records_table, row)


def _text_of(path: Path) -> str:
    """Every paragraph and table cell of a Word document, in order, one per line."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def _add_records(qtbot, window, records):
    with qtbot.waitSignal(window.runner.changes_applied, timeout=10_000):
        window.runner.write(lambda store: [store.records.add(r) for r in records][-1])


def _read(qtbot, window, work):
    """Regression: read from the test's own thread right after an export, a read met the
    export's access-log write on the lane and failed at teardown ("no such savepoint")."""
    return read_on_lane(qtbot, window.runner, work)


def _files_in(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


class _Shows(QObject):
    """Counts the times a widget is shown from now on."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show:
            self.count += 1
        return False


def _export_action(window):
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.shortcut().toString() == "Ctrl+E")


# -- one record --------------------------------------------------------------------


def _as_manager_reading(window):
    """The window's store, read as the team manager (who may see the access log)."""
    from tests.conftest import as_manager

    return as_manager(window.runner.store)


def test_one_record_is_saved_where_the_person_chooses_named_for_the_child(
    qtbot, window, dialogs, tmp_path
):
    entry, view = _records_of(qtbot, window, "Mariama")
    child = entry.row.child
    _click_rows(qtbot, view.records_table, [0])
    record = _record_at(view, 0)
    title = window.forms.titles()[record.form_id]
    dialogs.save_as = tmp_path / "Mariama's visit.docx"

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert _export_action(window).text() == "&Export the selected records to Word…"
    with qtbot.waitSignal(window.word_export.exported, timeout=20_000) as exported:
        qtbot.keyClick(view.records_table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)

    assert len(dialogs.suggested) == 1
    suggested = dialogs.suggested[0].name
    assert child.last_name in suggested and title in suggested and suggested.endswith(".docx")
    path = dialogs.save_as
    assert exported.args == [path]
    assert path.is_file()
    assert dialogs.problems == []
    assert len(dialogs.exported) == 1
    told = dialogs.exported[0]
    assert told["document"] == path and told["folder"] == tmp_path and str(path) in told["message"]
    assert told["parent"]() is window

    document = docx.Document(str(path))
    opening = [p.text for p in document.paragraphs[:4]]
    assert title in opening
    assert any(child.full_name in line for line in opening)
    details = {row.cells[0].text: row.cells[1].text for row in document.tables[1].rows}
    assert details["Child's name"] == child.full_name
    assert [p.text for p in document.sections[0].header.paragraphs] == ["OFFICIAL-SENSITIVE"]
    assert [f.name for f in tmp_path.iterdir() if f.suffix == ".part"] == []
    window.runner.wait()  # the access log says who exported it
    exports = [
        e for e in _as_manager_reading(window).access.for_child(child.id) if e.action == "exported"
    ]
    assert [(e.user_name, e.record_id, e.detail) for e in exports] == [
        (window.user.name, record.id, path.name)
    ]


def test_a_file_name_typed_without_docx_still_makes_a_word_document(
    qtbot, window, dialogs, tmp_path
):
    _, view = _records_of(qtbot, window, "Alusine")
    _click_rows(qtbot, view.records_table, [0])
    dialogs.save_as = tmp_path / "for the conference"
    with qtbot.waitSignal(window.word_export.exported, timeout=20_000) as exported:
        view.export_selected_action.trigger()
    assert exported.args == [tmp_path / "for the conference.docx"]
    assert docx.Document(str(tmp_path / "for the conference.docx")).paragraphs
    assert not (tmp_path / "for the conference").exists()


def test_cancelling_the_save_dialog_writes_nothing_and_says_nothing(
    qtbot, window, dialogs, tmp_path
):
    _, view = _records_of(qtbot, window, "Mariama")
    _click_rows(qtbot, view.records_table, [0])
    dialogs.save_as = None
    exported = []
    window.word_export.exported.connect(exported.append)

    view.export_selected_action.trigger()
    qtbot.waitUntil(lambda: len(dialogs.suggested) == 1)
    window.word_export.wait()
    window.runner.wait()
    QApplication.processEvents()

    assert exported == []
    assert dialogs.exported == [] and dialogs.problems == []
    assert window.reported == []
    assert list(tmp_path.rglob("*.docx")) == []
    assert window.word_export.progress_dialog is None


# -- several records ------------------------------------------------------------------


def test_several_chosen_records_go_into_a_folder_one_document_each(
    qtbot, window, dialogs, tmp_path
):
    entry, view = _records_of(qtbot, window, "Oliwia")
    assert view.records_model.rowCount() >= 3
    _click_rows(qtbot, view.records_table, [0, 1, 2])
    chosen = [_record_at(view, r).id for r in (0, 1, 2)]
    assert sorted(view.selected_record_ids()) == sorted(chosen)
    out = tmp_path / "out"  # not there yet: the export makes it
    dialogs.folder = out

    with qtbot.waitSignal(window.word_export.exported, timeout=30_000) as exported:
        view.export_selected_action.trigger()

    result = exported.args[0]
    assert isinstance(result, BatchResult)
    assert not result.cancelled and result.problems == []
    assert sorted(e.record_id for e in result.written) == sorted(chosen)
    files = _files_in(out)
    assert files == sorted(e.path for e in result.written)
    assert len(files) == 3 and all(f.suffix == ".docx" for f in files)
    for f in files:
        assert entry.row.child.last_name in f.name
        assert entry.row.child.full_name in _text_of(f)
    assert len(dialogs.suggested) == 0 and len(dialogs.folders_asked) == 1
    told = dialogs.exported
    assert len(told) == 1 and told[0]["document"] is None and told[0]["folder"] == out
    assert told[0]["message"].startswith("Exported 3 records")
    window.runner.wait()
    logged = _as_manager_reading(window).access.for_child(entry.row.child.id)
    assert sorted(e.record_id for e in logged if e.action == "exported") == sorted(chosen)
    assert window.word_export.progress_dialog is None


def test_all_finished_records_of_a_case_leave_the_drafts_out(qtbot, window, dialogs, tmp_path):
    entry = next(e for e in window.caseload_model.rows() if e.row.child.first_name == "Oliwia")
    case = entry.row.case
    draft = Record(
        case.id,
        "cp_visit",
        window.forms.forms["cp_visit"].version,
        window.user.id,
        values={"visit_date": "2026-11-19", "observations": "Half written, not to go out."},
    )
    _add_records(qtbot, window, [draft])
    _, view = _records_of(qtbot, window, "Oliwia")
    assert draft.id in {_record_at(view, r).id for r in range(view.records_model.rowCount())}
    action = next(a for a in view.export_menu.actions() if a.text().startswith("Finished"))
    assert action.text() == f"Finished records of case {case.reference}…"
    dialogs.folder = tmp_path / "case"

    with qtbot.waitSignal(window.word_export.exported, timeout=30_000) as exported:
        action.trigger()

    finished = _read(
        qtbot, window, lambda store: store.records.ids(case_id=case.id, finished_only=True)
    )
    assert len(finished) >= 2 and draft.id not in finished
    result = exported.args[0]
    assert [e.record_id for e in result.written] == finished
    assert len(_files_in(tmp_path / "case")) == len(finished)
    assert not any("Half written" in _text_of(e.path) for e in result.written)
    assert dialogs.exported[0]["message"].startswith(f"Exported {len(finished)} records")
    assert dialogs.problems == []


def test_cancelling_a_batch_stops_between_records_and_leaves_only_whole_documents(
    qtbot, window, dialogs, tmp_path
):
    entry = next(e for e in window.caseload_model.rows() if e.row.child.first_name == "Oliwia")
    model = _read(qtbot, window, lambda store: store.records.for_case(entry.row.case.id)[0])
    copies = [
        replace(model, id=new_id(), status=RecordStatus.DRAFT, approved_by=None, approved_at=None)
        for _ in range(30)
    ]
    _add_records(qtbot, window, copies)
    _, view = _records_of(qtbot, window, "Oliwia")
    total = view.records_model.rowCount()
    assert total >= 30
    view.records_table.setFocus()
    qtbot.keyClick(view.records_table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(view.selected_record_ids()) == total
    folder = tmp_path / "batch"
    dialogs.folder = folder
    threads = []  # where each progress update the person sees was made

    exported = []
    window.word_export.exported.connect(exported.append)
    view.export_selected_action.trigger()
    qtbot.waitUntil(lambda: window.word_export.progress_dialog is not None, timeout=10_000)
    dialog = window.word_export.progress_dialog
    dialog.findChild(QProgressBar).valueChanged.connect(
        lambda _value: threads.append(threading.current_thread())
    )
    # At least one update seen after connecting: under load the first could come before
    # it, and the cancel click after none (regression: "assert threads" failed so).
    qtbot.waitUntil(lambda: bool(threads) and dialog.isVisible(), timeout=10_000)
    assert f"of {total} done." in dialog.labelText()
    cancel = dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    shows = _Shows(dialog)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert window.word_export.task.cancelled and not dialog.isVisible()
    qtbot.waitUntil(lambda: exported != [], timeout=30_000)

    result = exported[0]
    assert result.cancelled
    assert 1 <= len(result.written) < total
    files = _files_in(folder)
    assert [f for f in files if f.suffix != ".docx"] == []  # no half-written .part files
    assert files == sorted(e.path for e in result.written)
    for f in files:
        assert entry.row.child.full_name in _text_of(f)
    assert threads and all(thread is threading.main_thread() for thread in threads)
    # once Cancel is pressed the dialog stays gone, though the record being written ends
    assert shows.count == 0
    assert window.word_export.progress_dialog is None  # closed, and deleted once done
    message = dialogs.exported[0]["message"]
    assert message.startswith(f"Exported {len(result.written)} record")
    assert "Stopped before the end" in message


# -- from the form ---------------------------------------------------------------------


def test_exporting_from_the_form_saves_what_was_just_typed_first(qtbot, window, dialogs, tmp_path):
    entry = next(e for e in window.caseload_model.rows() if e.row.child.first_name == "Tiago")
    draft = next(
        r
        for r in _read(qtbot, window, lambda store: store.records.for_case(entry.row.case.id))
        if r.status is RecordStatus.DRAFT
    )
    window.open_record(draft.id)
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    form = window.form_windows[0]
    qtbot.addWidget(form)
    assert form.export_button.isVisible()
    field = form.rows["analysis"].editor.focus_widget()
    field.setFocus()
    typed = "Tiago is safer now the phone plan is kept; keep the visits monthly."
    qtbot.keyClicks(field, typed)
    assert form.dirty  # not yet saved: the autosave has seconds to go
    dialogs.save_as = tmp_path / "tiago.docx"

    with qtbot.waitSignal(window.word_export.exported, timeout=20_000):
        qtbot.mouseClick(form.export_button, Qt.MouseButton.LeftButton)

    assert typed in _text_of(tmp_path / "tiago.docx")
    stored = _read(qtbot, window, lambda store: store.records.get(draft.id))
    assert stored.values["analysis"] == typed
    assert dialogs.exported[0]["parent"]() is form
    assert entry.row.child.last_name in dialogs.suggested[0].name
    form.close()


def test_a_new_record_can_be_exported_before_it_was_ever_saved(qtbot, window, dialogs, tmp_path):
    entry = next(e for e in window.caseload_model.rows() if e.row.child.first_name == "Alusine")
    window.open_person(entry.row.child.id)
    window.new_record(entry.row.case.id, "home_visit")
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    form = window.form_windows[0]
    qtbot.addWidget(form)
    assert form.record_id is None
    field = form.rows["observations"].editor.focus_widget()
    field.setFocus()
    qtbot.keyClicks(field, "Alusine showed me his football medals.")
    dialogs.save_as = tmp_path / "new.docx"

    with qtbot.waitSignal(window.word_export.exported, timeout=20_000):
        qtbot.mouseClick(form.export_button, Qt.MouseButton.LeftButton)

    assert form.record_id is not None
    assert "Alusine showed me his football medals." in _text_of(tmp_path / "new.docx")
    assert dialogs.problems == []
    form.close()


# -- when export cannot work ------------------------------------------------------------


def test_broken_export_settings_are_explained_and_nothing_is_written(
    qtbot, broken_window, dialogs, tmp_path
):
    window = broken_window
    dialogs.save_as = tmp_path / "never.docx"
    dialogs.folder = tmp_path / "never"
    _, view = _records_of(qtbot, window, "Mariama")
    _click_rows(qtbot, view.records_table, [0, 1])

    view.export_selected_action.trigger()  # several records
    _click_rows(qtbot, view.records_table, [0])
    _export_action(window).trigger()  # one record, from the File menu
    next(a for a in view.export_menu.actions() if a.text().startswith("Finished")).trigger()
    window.open_record(_record_at(view, 0).id)
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    form = window.form_windows[0]
    qtbot.addWidget(form)
    qtbot.mouseClick(form.export_button, Qt.MouseButton.LeftButton)  # from the form
    window.word_export.wait()
    window.runner.wait()
    QApplication.processEvents()

    assert len(dialogs.problems) == 4
    for message in dialogs.problems:
        assert "settings file" in message and BROKEN in message
    assert dialogs.suggested == [] and dialogs.folders_asked == []
    assert dialogs.exported == []
    assert list(tmp_path.rglob("*.docx")) == [] and not (tmp_path / "never").exists()
    form.close()


def test_export_with_nothing_chosen_says_what_to_do(qtbot, window, dialogs):
    window.export_selected()
    assert "Choose one or more records" in window.statusBar().currentMessage()
    assert dialogs.suggested == [] and dialogs.folders_asked == []


def test_the_menu_says_how_many_records_are_chosen(qtbot, window, dialogs):
    _, view = _records_of(qtbot, window, "Oliwia")
    view.records_table.selectAll()
    count = view.records_model.rowCount()
    assert view.export_selected_action.text() == f"The {count} selected records…"
    view.records_table.clearSelection()
    assert not view.export_selected_action.isEnabled()
