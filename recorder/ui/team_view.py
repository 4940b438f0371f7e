"""A team manager's view: each worker's load, and the records waiting for approval.

The numbers come from ``recorder.caseload.team_summary`` (plain Python); this
widget only fetches through the runner, shows, and forwards a record to open.
It refreshes itself on ``changes_applied`` and never writes.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from recorder.caseload import TeamRow, caseload_entries, team_summary
from recorder.domain.changes import Changes
from recorder.forms.definitions import FormLibrary
from recorder.reference import ReferenceData
from recorder.ui.queue_view import WATCHED_TABLES, QueueView, approval_queue
from recorder.ui.table_model import Column, RowsTableModel
from recorder.ui.tasks import TaskRunner
from recorder.ui.widgets import fit_columns, heading, table_view

MOST_ROWS_SHOWN = 8
"""The team table grows to this many workers before it scrolls."""


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def team_columns() -> list[Column[TeamRow]]:
    # Two-line titles: five columns fit the caseload's half of the window.
    return [
        Column("Worker", lambda t: t.worker_name),
        Column("Children\nallocated", lambda t: str(t.cases), lambda t: t.cases),
        Column(
            "Visits\noverdue",
            lambda t: str(t.visits_overdue),
            lambda t: t.visits_overdue,
            tooltip=lambda t: (
                f"{_plural(t.visits_overdue, 'child is', 'children are')} past the date "
                "of their next statutory visit"
                if t.visits_overdue
                else "Every statutory visit is in time"
            ),
            warning=lambda t: t.visits_overdue > 0,
        ),
        Column(
            "Waiting for\napproval",
            lambda t: str(t.waiting_for_approval),
            lambda t: t.waiting_for_approval,
        ),
        Column(
            "With business\nsupport",
            lambda t: str(t.with_business_support),
            lambda t: t.with_business_support,
        ),
    ]


def team_note(rows: list[TeamRow]) -> str:
    """The line under the team table: "2 workers · 14 children allocated · 5 visits overdue"."""
    if not rows:
        return "No one in the team holds cases yet."
    children = sum(r.cases for r in rows)
    overdue = sum(r.visits_overdue for r in rows)
    return (
        f"{_plural(len(rows), 'worker', 'workers')} · "
        f"{_plural(children, 'child', 'children')} allocated · "
        f"{_plural(overdue, 'visit', 'visits')} overdue"
    )


class TeamView(QWidget):
    """The team's load in a table, and below it the records waiting for approval."""

    record_opened = Signal(str)
    record_chosen = Signal(str, str)
    """(record id, child id): a record waiting for approval became the current one."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        forms: FormLibrary,
        reference: ReferenceData,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.forms = forms
        self.reference = reference
        self.today = today

        self.heading = heading("Team", level=1)
        self.note = QLabel("")
        self.note.setObjectName("note")
        self.note.setAccessibleName("Team summary")
        self.model = RowsTableModel(team_columns())
        self.table = table_view(
            self.model,
            name="Team",
            description="Each worker's children, overdue visits and records in hand",
        )
        self.approvals = QueueView(runner, kind=approval_queue(), forms=forms, today=today, level=2)
        self.approvals.record_opened.connect(self.record_opened)
        self.approvals.record_chosen.connect(self.record_chosen)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addWidget(self.approvals, 1)

        runner.changes_applied.connect(self._on_changes)
        self.refresh()

    def refresh(self) -> None:
        visit_forms = self.forms.visit_form_ids()
        reference, today = self.reference, self.today

        def work(store):
            rows = store.views.caseload(worker_id=None, visit_forms=visit_forms)
            entries = caseload_entries(
                rows, visits=reference.visits, calendar=reference.calendar, today=today
            )
            return team_summary(store.users.all(), entries, store.views.record_counts_by_worker())

        self.runner.query(work, self._show)

    def focus_list(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(max(self.table.currentIndex().row(), 0))

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(*WATCHED_TABLES):
            self.refresh()

    def _show(self, rows: list[TeamRow]) -> None:
        self.model.set_rows(rows)
        fit_columns(self.table)
        self.note.setText(team_note(rows))
        self._fit_height(len(rows))

    def _fit_height(self, rows: int) -> None:
        # A team is a handful of people: the table is as tall as its rows, so the
        # records waiting for approval get the rest of the height.
        shown = max(1, min(rows, MOST_ROWS_SHOWN))
        header = self.table.horizontalHeader().sizeHint().height()
        row = self.table.verticalHeader().defaultSectionSize()
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(header + shown * row + frame + 2)
