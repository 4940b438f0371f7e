"""Long tables are sized from a sample of their rows, and rows fitted a slice at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt

from recorder.ui.table_model import Column, RowsTableModel
from recorder.ui.table_sizing import SAMPLE_ROWS, RowFitter, fit_columns, sample_rows
from recorder.ui.widgets import table_view


def test_a_sample_is_every_row_of_a_short_table_and_a_spread_of_a_long_one():
    assert sample_rows(12) == list(range(12))
    rows = sample_rows(20_000, first=500)
    assert len(rows) <= SAMPLE_ROWS
    assert rows[0] == 0 and rows[-1] == 19_999  # the first and the last rows are read
    assert set(range(500, 520)) <= set(rows)  # and the rows in sight
    assert rows == sorted(set(rows))


def _table(qtbot, rows: list[tuple[str, str]]):
    model = RowsTableModel(
        [Column("Child", lambda r: r[0]), Column("What is missing", lambda r: r[1])]
    )
    model.set_rows(rows)
    view = table_view(model, name="Waiting")
    view.setWordWrap(True)
    view.resize(500, 300)
    qtbot.addWidget(view)
    view.show()
    return view


def test_columns_fit_their_title_and_their_cells_but_no_wider_than_the_cap(qtbot):
    view = _table(qtbot, [("Tomos Ferreira-Lake", "Nothing")] * 5000 + [("W" * 200, "x")])
    fit_columns(view)
    header = view.horizontalHeader()
    name_width = view.fontMetrics().horizontalAdvance("Tomos Ferreira-Lake")
    assert name_width < header.sectionSize(0) <= 300
    # the one very long name is the last row, which a sample always reads: capped at 300
    assert header.sectionSize(0) == 300


def test_rows_grow_to_their_wrapped_text_the_rows_in_sight_first_the_rest_when_near(qtbot):
    long = "; ".join(["Who was present", "The child's views", "Next visit date"] * 3)
    view = _table(qtbot, [("Eira", long)] * 400)
    fit_columns(view)
    fitter = RowFitter(view)
    default = view.rowHeight(0)
    fitter.start()
    qtbot.waitUntil(lambda: view.rowHeight(0) > default)  # in sight: fitted first
    qtbot.waitUntil(lambda: not fitter.busy)
    # Rows far out of sight wait until they are scrolled near: measuring each asks the
    # model for every cell, and a list of 7,700 records took seconds of the window.
    assert view.rowHeight(399) == default
    view.scrollToBottom()
    qtbot.waitUntil(lambda: view.rowHeight(399) == view.rowHeight(0) > default)
    fitter.finish()  # before a screenshot, say: every row
    assert {view.rowHeight(r) for r in range(400)} == {view.rowHeight(0)}


def test_only_the_rows_asked_for_are_fitted(qtbot):
    view = _table(qtbot, [("Eira", "one line"), ("Cai", "first line\nsecond line")] * 50)
    fitter = RowFitter(view, wanted=lambda: [1, 3])
    default = view.rowHeight(0)
    fitter.start()
    fitter.finish()
    assert view.rowHeight(1) == view.rowHeight(3) > default
    assert view.rowHeight(0) == view.rowHeight(5) == default
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # a model still answers after a sort
    assert view.model().rowCount() == 100


def test_rows_of_one_height_are_measured_once_and_set_alike(qtbot):
    view = _table(qtbot, [("Eira", "one line"), ("Cai", "first line\nsecond line")] * 50)
    fitter = RowFitter(view, wanted=lambda: list(range(1, 100, 2)), same_height=True)
    default = view.rowHeight(0)
    fitter.start()
    fitter.finish()
    two_lines = view.rowHeight(1)
    assert two_lines > default
    assert {view.rowHeight(r) for r in range(1, 100, 2)} == {two_lines}
    assert {view.rowHeight(r) for r in range(0, 100, 2)} == {default}


def test_the_rows_to_fit_are_chosen_in_the_fitters_own_time(qtbot):
    """Regression: choosing which of a 13,000-row caseload's rows need two lines was done
    at once, inside the work of showing the list, and made that stop the window longer."""
    view = _table(qtbot, [("Eira", "one line"), ("Cai", "first line\nsecond line")] * 50)
    asked = []
    fitter = RowFitter(view, wanted=lambda: asked.append(1) or [1, 3], same_height=True)
    default = view.rowHeight(0)
    fitter.start()
    assert asked == [] and fitter.busy
    qtbot.waitUntil(lambda: not fitter.busy)
    assert asked == [1]
    assert view.rowHeight(1) == view.rowHeight(3) > default == view.rowHeight(5)
