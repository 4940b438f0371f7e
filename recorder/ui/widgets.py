"""Small widget builders shared by the windows, so every table looks and reads alike."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from recorder.ui import table_sizing
from recorder.ui.table_model import SORT_ROLE, RowsTableModel


def table_view(
    model: RowsTableModel, *, name: str, description: str = "", parent: QWidget | None = None
) -> QTableView:
    """A sortable, read-only, keyboard-friendly table over ``model``."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTableView(parent)
    view.setModel(proxy)
    view.setAccessibleName(name)
    view.setAccessibleDescription(description or name)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(28)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    return view


def source_row(view: QTableView, proxy_row: int):
    """The plain row object under a row of a (sorted) table view."""
    proxy = view.model()
    source = proxy.mapToSource(proxy.index(proxy_row, 0))
    return proxy.sourceModel().row_at(source.row())


def fit_columns(view: QTableView) -> None:
    """Columns as wide as their titles and a sample of their cells (``table_sizing``)."""
    table_sizing.fit_columns(view)


def heading(text: str, *, level: int = 2, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(f"heading{level}")
    label.setAccessibleName(text)
    return label
