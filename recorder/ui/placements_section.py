"""The child view's Visits tab: each case's visit clock in words, and the child's placements.

Shows a :class:`~recorder.child_visits.ChildVisits` the main window fetched;
it runs no queries. Its buttons open the placement and plan-frequency dialogs,
which save through the window's task runner; the window refreshes from the
changes announced, as after any other write.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recorder.child_visits import ChildVisits, clock_lines
from recorder.domain.cases import Case, CaseType
from recorder.domain.dates import uk_date
from recorder.domain.placement_entry import flags_text
from recorder.domain.placements import Placement
from recorder.ui.placements_dialog import PlacementDialog, PlanFrequencyDialog
from recorder.ui.table_model import AnyIndex, Column, RowsTableModel
from recorder.ui.tasks import TaskRunner
from recorder.ui.widgets import fit_columns, heading, source_row, table_view

CURRENT = "Current"


def placement_details(p: Placement, *, current: bool) -> list[tuple[str, str]]:
    """Every fact of one placement, labelled, as the details under the list show them."""
    return [
        ("From", uk_date(p.start_date)),
        ("To", "Current placement" if current else uk_date(p.end_date, missing="Not recorded")),
        ("Placement", p.kind.label),
        ("Legal status", p.legal_status.label),
        ("Carers", p.carers or "Not recorded"),
        ("Address", p.address or "Not recorded"),
        ("Intended until 18", "Yes" if p.intended_until_18 else "No"),
        ("Long-term foster placement", "Yes" if p.long_term_foster else "No"),
        ("Child agreed to 6-monthly visits", "Yes" if p.child_agreed_six_monthly else "No"),
        ("First review", uk_date(p.first_review, missing="None held yet")),
    ]


def _details_tip(p: Placement, current_id: str | None) -> str:
    return "\n".join(f"{k}: {v}" for k, v in placement_details(p, current=p.id == current_id))


def placement_columns(current_id: str | None) -> list[Column[Placement]]:
    """The list's columns; every other fact is in each row's tooltip and the details below."""

    def until(p: Placement) -> str:
        if p.id == current_id:
            return CURRENT
        return uk_date(p.end_date, missing="Not recorded")

    def tip(p: Placement) -> str:
        return _details_tip(p, current_id)

    return [
        Column("From", lambda p: uk_date(p.start_date), lambda p: p.start_date.isoformat(), tip),
        Column("To", until, lambda p: p.end_date.isoformat() if p.end_date else "9999", tip),
        Column("Placement", lambda p: p.kind.label, tooltip=tip),
        Column("Carers", lambda p: p.carers, tooltip=tip),
        Column("Legal status", lambda p: p.legal_status.label, tooltip=tip),
        Column("Address", lambda p: p.address, tooltip=tip),
        Column("Long-term plan", flags_text, tooltip=tip),
        Column(
            "First review",
            lambda p: uk_date(p.first_review, missing="None yet"),
            lambda p: p.first_review.isoformat() if p.first_review else "",
            tip,
        ),
    ]


def _html_rows(rows: list[tuple[str, str, bool]]) -> str:
    cells = []
    for label, text, warning in rows:
        style = " style='color:#8a1c13; font-weight:600'" if warning else ""
        cells.append(
            "<tr><td width=235 style='padding:1px 12px 1px 0; white-space:nowrap; color:#34495e'>"
            f"{escape(label)}:</td><td{style}>{escape(text)}</td></tr>"
        )
    return "<table cellspacing=0>" + "".join(cells) + "</table>"


class PlacementsModel(RowsTableModel[Placement]):
    """The child's placements, newest first; the current one in bold."""

    def __init__(self, parent=None) -> None:
        super().__init__(placement_columns(None), parent)
        self.current_id: str | None = None

    def show(self, placements: list[Placement], current: Placement | None) -> None:
        self.current_id = current.id if current else None
        self._columns = placement_columns(self.current_id)
        self.set_rows(sorted(placements, key=lambda p: p.start_date, reverse=True))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.FontRole
            and index.isValid()
            and 0 <= index.row() < self.rowCount()
            and self.row_at(index.row()).id == self.current_id
        ):
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


class VisitsSection(QWidget):
    """Statutory visits for the child in view: the clock of each case, and the placements."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner: TaskRunner | None = None
        """What the dialogs save through; None: the runner of the window this is in."""
        self.can_edit = True
        self.read_only_reason = ""
        self.visits: ChildVisits | None = None
        self.child_name = ""
        self.dialog: PlacementDialog | PlanFrequencyDialog | None = None
        self._case_widgets: list[QWidget] = []
        self.plan_buttons: dict[str, QPushButton] = {}
        self.clock_labels: list[QLabel] = []
        """Each open case's clock in words, as shown."""

        self.clock_heading = heading("Statutory visits")
        self._cases = QVBoxLayout()
        self._cases.setSpacing(4)

        self.placements_heading = heading("Placements")
        self.add_button = QPushButton("&Add placement…")
        self.add_button.setAccessibleName("Add a placement: a move, or the first placement")
        self.add_button.clicked.connect(self.add_placement)
        self.edit_button = QPushButton("&Edit placement…")
        self.edit_button.setAccessibleName("Correct the selected placement")
        self.edit_button.clicked.connect(self.edit_placement)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 4, 0, 4)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        self.model = PlacementsModel()
        self.table = table_view(
            self.model,
            name="Placements",
            description="Every placement of the child, newest first; the current one in bold",
        )
        self.table.activated.connect(lambda _index: self.edit_placement())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._chosen())
        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("The chosen placement in full")
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.note = QLabel(
            "The current placement is in bold; choose one to read it in full. A new placement "
            "ends the current one on the day it starts. Every change is kept in the change log."
        )
        self.note.setObjectName("note")
        self.note.setWordWrap(True)

        self.placements_box = QWidget()
        box = QVBoxLayout(self.placements_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.placements_heading)
        box.addLayout(buttons)
        box.addWidget(self.table)
        box.addWidget(self.details)
        box.addWidget(self.note)
        box.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.clock_heading)
        layout.addLayout(self._cases)
        layout.addWidget(self.placements_box, 1)
        self.empty = QLabel("")
        self.empty.setObjectName("note")
        layout.addWidget(self.empty)
        layout.addStretch(0)

    # -- showing ------------------------------------------------------------------

    def set_editing(self, allowed: bool, reason: str = "") -> None:
        """Whether this user records placements and plan frequencies (a manager reads them)."""
        self.can_edit = allowed
        self.read_only_reason = reason
        self._enable()

    def clear(self) -> None:
        """Another child is on the way: nothing of the last one stays to be acted on."""
        self.visits = None
        self.child_name = ""
        self.model.show([], None)
        self.details.setText("")
        self._show_cases(ChildVisits("", [], [], date.min))
        self.empty.setText("Reading the visits…")
        self.placements_box.setVisible(False)
        self._enable()

    def show_visits(self, visits: ChildVisits, *, child_name: str) -> None:
        same_child = self.visits is not None and self.visits.child_id == visits.child_id
        chosen = self.selected_placement() if same_child else None
        self.visits = visits
        self.child_name = child_name
        self._show_cases(visits)
        in_care = visits.in_care
        self.placements_box.setVisible(in_care)
        self.model.show(visits.placements, visits.current)
        fit_columns(self.table)
        count = len(visits.placements)
        self.placements_heading.setText(
            f"Placements ({count})" if count else "No placement is recorded yet"
        )
        shown = max(1, min(count, 5))  # as tall as its rows: the details get the rest
        header = self.table.horizontalHeader().sizeHint().height()
        row = self.table.verticalHeader().defaultSectionSize()
        scroll = self.table.horizontalScrollBar().sizeHint().height()  # many columns, narrow pane
        self.table.setFixedHeight(header + shown * row + scroll + 2 * self.table.frameWidth() + 2)
        place = next(
            (i for i, p in enumerate(self.model.rows()) if chosen and p.id == chosen.id), 0
        )
        if count:  # the same placement stays chosen when the list is read again
            proxy = self.table.model()
            self.table.selectRow(proxy.mapFromSource(self.model.index(place, 0)).row())
        self._chosen()

    def _show_cases(self, visits: ChildVisits) -> None:
        for widget in self._case_widgets:
            self._cases.removeWidget(widget)
            widget.deleteLater()
        self._case_widgets = []
        self.plan_buttons = {}
        self.clock_labels = []
        for entry in visits.entries:
            case = entry.row.case
            frame = QFrame()
            frame.setObjectName("caseClock")
            inner = QVBoxLayout(frame)
            inner.setContentsMargins(0, 0, 0, 6)
            title = f"<b>{escape(case.case_type.label)}</b> since {uk_date(case.start_date)}"
            if case.reference:
                title += f" · ref. {escape(case.reference)}"
            lines = [(line.label, line.text, line.warning) for line in clock_lines(entry)]
            text = QLabel(f"<p style='margin-bottom:4px'>{title}</p>" + _html_rows(lines))
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setAccessibleName(f"Visits for the {case.case_type.label.lower()} case")
            inner.addWidget(text)
            self.clock_labels.append(text)
            button = QPushButton("Plan's visiting fre&quency…")
            button.setAccessibleName(
                f"Record how often the {case.case_type.label.lower()} plan asks for visits"
            )
            button.clicked.connect(lambda _=False, c=case: self.edit_plan(c))
            row = QHBoxLayout()
            row.addWidget(button)
            row.addStretch(1)
            inner.addLayout(row)
            self.plan_buttons[case.id] = button
            self._cases.addWidget(frame)
            self._case_widgets.append(frame)
        self.empty.setText(
            ""
            if visits.entries
            else "No open case with statutory visits: early help and closed cases have none."
        )
        self.empty.setVisible(not visits.entries)

    def _chosen(self) -> None:
        chosen = self.selected_placement()
        if chosen is None:
            self.details.setText("")
        else:
            current = chosen.id == self.model.current_id
            self.details.setText(
                _html_rows([(k, v, False) for k, v in placement_details(chosen, current=current)])
            )
        self._enable()

    def _enable(self) -> None:
        tip = "" if self.can_edit else self.read_only_reason
        chosen = self.selected_placement() is not None
        self.add_button.setEnabled(self.can_edit and self.visits is not None)
        self.edit_button.setEnabled(self.can_edit and chosen)
        for button in [self.add_button, self.edit_button, *self.plan_buttons.values()]:
            button.setToolTip(tip)
        for button in self.plan_buttons.values():
            button.setEnabled(self.can_edit and self.visits is not None)

    def selected_placement(self) -> Placement | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return source_row(self.table, index.row())

    # -- acting -------------------------------------------------------------------

    def _runner(self) -> TaskRunner | None:
        return self.runner or getattr(self.window(), "runner", None)

    def add_placement(self) -> PlacementDialog | None:
        """Open the dialog for a new placement (a move, or the first one)."""
        return self._open_placement(None)

    def edit_placement(self) -> PlacementDialog | None:
        """Open the selected placement to correct it."""
        chosen = self.selected_placement()
        return self._open_placement(chosen) if chosen is not None else None

    def _open_placement(self, placement: Placement | None) -> PlacementDialog | None:
        runner = self._runner()
        if not self.can_edit or runner is None or self.visits is None:
            return None
        dialog = PlacementDialog(
            runner,
            child_id=self.visits.child_id,
            child_name=self.child_name,
            placement=placement,
            current=self.visits.current,
            parent=self,
        )
        return self._show_dialog(dialog)

    def edit_plan(self, case: Case) -> PlanFrequencyDialog | None:
        runner = self._runner()
        if not self.can_edit or runner is None or case.case_type is CaseType.EARLY_HELP:
            return None
        return self._show_dialog(
            PlanFrequencyDialog(runner, case=case, child_name=self.child_name, parent=self)
        )

    def _show_dialog(self, dialog):
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog
