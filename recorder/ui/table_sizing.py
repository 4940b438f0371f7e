"""Column widths and row heights for long tables, without stalling the window.

A team's caseload or a list waiting for approval can hold thousands of rows.
Qt's own fitting (``resizeColumnsToContents``, ``resizeRowsToContents``) asks
every cell for its size on the GUI thread, which froze the window for seconds.
Here columns are sized from a sample of rows, and rows are fitted to their
wrapped text a slice at a time, those in sight first. Nothing here reads the
store.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QSortFilterProxyModel, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QTableView

from recorder.ui.table_model import RowsTableModel

SAMPLE_ROWS = 200
"""Rows a column's width is worked out from: those in sight, then spread over the rest."""
WIDEST_COLUMN = 300
SLICE_MS = 8
"""The most the GUI thread spends fitting rows before it lets the window breathe."""
HIDDEN_PAGE_ROWS = 50
"""Rows taken to be in sight of a list not yet shown (behind another tab)."""


def sample_rows(count: int, *, first: int = 0, sample: int = SAMPLE_ROWS) -> list[int]:
    """Row numbers to measure: ``sample`` at most, from ``first`` on, then spread evenly.

    >>> sample_rows(5)
    [0, 1, 2, 3, 4]
    >>> len(sample_rows(10_000)) <= 200
    True
    """
    if count <= sample:
        return list(range(count))
    near = list(range(first, min(count, first + sample // 4)))
    spread = sample - len(near)
    step = (count - 1) / max(1, spread - 1)
    return sorted(set(near) | {round(i * step) for i in range(spread)})


def fit_columns(
    view: QTableView, *, sample: int = SAMPLE_ROWS, widest: int = WIDEST_COLUMN
) -> None:
    """Each column but the last as wide as its title and the widest sampled cell, capped.

    The last column stretches to the rest of the width. Over a :class:`RowsTableModel`
    the cells' text is measured directly: asking Qt for each cell's size hint calls
    back into the model a dozen times a cell.
    """
    proxy = view.model()
    source = proxy.sourceModel() if isinstance(proxy, QSortFilterProxyModel) else proxy
    header = view.horizontalHeader()
    first = max(0, view.rowAt(0))
    grid = 1 if view.showGrid() else 0
    if isinstance(source, RowsTableModel):
        rows = [source.row_at(r) for r in sample_rows(source.rowCount(), sample=sample)]
        metrics = QFontMetrics(view.font())
        margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)

        def widest_cell(column: int) -> int:
            text = source.column(column).text
            lines = (line for row in rows for line in text(row).split("\n"))
            return max((metrics.horizontalAdvance(line) for line in lines), default=0) + margin
    else:
        numbers = sample_rows(proxy.rowCount(), first=first, sample=sample)

        def widest_cell(column: int) -> int:
            cells = (view.sizeHintForIndex(proxy.index(r, column)).width() for r in numbers)
            return max(cells, default=0)

    for column in range(header.count() - 1):
        if header.isSectionHidden(column):
            continue
        width = max(widest_cell(column) + grid, header.sectionSizeHint(column))
        header.resizeSection(column, min(width + 8, widest))


def _page_after(top: int, bottom: int) -> int:
    """The last row of the pageful after the rows in sight (``top`` to ``bottom``)."""
    return bottom + (bottom - top + 1)


class RowFitter(QObject):
    """Fits rows of a table to their contents a slice at a time: the rows in sight and the
    next pageful at once, the others as they are scrolled near (rows of one height, set
    without asking the model, all at once).

    :param wanted: which rows need fitting, by their row number in the view; all rows
        when not given (a row left out keeps the default height)
    :param same_height: the rows wanted all need one height (a second line in one
        column, say): it is measured on the first and set on the others directly, which
        asks the model nothing
    """

    def __init__(
        self,
        view: QTableView,
        *,
        wanted: Callable[[], list[int]] | None = None,
        same_height: bool = False,
    ) -> None:
        super().__init__(view)
        self._view = view
        self._wanted = wanted
        self._same_height = same_height
        self._height: int | None = None
        self._pending: list[int] = []
        self._later: set[int] = set()
        """Rows measured only once they come near sight (scrolled to)."""
        self._choose = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)
        view.verticalScrollBar().valueChanged.connect(self._scrolled)

    @property
    def busy(self) -> bool:
        return self._choose or bool(self._pending)

    def start(self) -> None:
        """Fit (again) from the rows in sight; any fitting under way starts over.

        Which rows is worked out in the first slice, not here: asking for a long
        list's rows (13,000 of them) took a slice's time of its own, added to the
        work of whatever started the fitting (a list just shown).
        """
        self._pending = []
        self._later = set()
        self._height = None
        self._choose = True
        self._timer.start()

    def _in_sight(self) -> tuple[int, int]:
        """The first and last rows in sight (of a list not yet shown: its first page)."""
        view = self._view
        count = view.model().rowCount()
        top = max(0, view.rowAt(0))
        if not view.isVisible():
            return top, min(count - 1, top + HIDDEN_PAGE_ROWS)
        bottom = view.rowAt(view.viewport().height() - 1)
        return top, count - 1 if bottom < 0 else bottom

    def _choose_rows(self) -> None:
        count = self._view.model().rowCount()
        rows = self._wanted() if self._wanted else range(count)
        top, bottom = self._in_sight()
        in_sight = [r for r in rows if top <= r <= bottom]
        rest = [r for r in rows if not top <= r <= bottom]
        if not self._same_height:
            # Measuring a row asks the model for every cell; a list of 7,700 records
            # took seconds of the GUI thread's time, for rows nobody had scrolled to.
            # Those in sight and the next pageful are measured now, the rest as they
            # come near.
            near = [r for r in rest if r <= _page_after(top, bottom)]
            self._later = set(rest) - set(near)
            rest = near
        # Popped from the end: the rows in sight first, then from the top down.
        self._pending = list(reversed(in_sight + rest))
        self._choose = False

    def _scrolled(self) -> None:
        """Rows coming near sight are measured (a list's later rows, lazily)."""
        if not self._later or self._choose:
            return
        top, bottom = self._in_sight()
        coming = [r for r in range(top, _page_after(top, bottom) + 1) if r in self._later]
        if coming:
            self._later.difference_update(coming)
            self._pending.extend(reversed(coming))
            self._timer.start()

    def finish(self) -> None:
        """Fit every row left now (tests, and before a screenshot)."""
        if self._choose:
            self._choose_rows()
        self._pending.extend(sorted(self._later, reverse=True))
        self._later = set()
        while self._pending:
            self._fit(self._pending.pop())
        self._timer.stop()

    def _step(self) -> None:
        if self._choose:
            self._choose_rows()
            if self._pending:
                self._timer.start()
            return
        end = time.perf_counter() + SLICE_MS / 1000
        while self._pending and time.perf_counter() < end:
            self._fit(self._pending.pop())
        if self._pending:
            self._timer.start()

    def _fit(self, row: int) -> None:
        if row >= self._view.model().rowCount():
            return
        if self._height is not None:
            self._view.verticalHeader().resizeSection(row, self._height)
            return
        self._view.resizeRowToContents(row)
        if self._same_height:
            self._height = self._view.rowHeight(row)
