"""A team manager's view: each worker's load, and the records waiting for approval.

The numbers come from ``recorder.caseload.team_summary`` (plain Python); this
widget only fetches through the runner, shows, and forwards a record to open.
It refreshes itself on ``changes_applied`` and never writes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from recorder.caseload import TIMELINESS_MONTHS, CaseloadEntry, TeamPicture, TeamRow, read_team
from recorder.domain.changes import Changes
from recorder.domain.dates import uk_date
from recorder.forms.definitions import FormLibrary
from recorder.reference import ReferenceData
from recorder.ui.queue_view import LIST_TABLES, QueueView, approval_queue
from recorder.ui.table_model import Column, RowsTableModel
from recorder.ui.tasks import TaskRunner
from recorder.ui.widgets import fit_columns, heading, source_row, table_view

WORKING_OUT = "Working out…"
"""Shown in a figure still being worked out in the background."""
MOST_ROWS_SHOWN = 8
"""The team table grows to this many workers before it scrolls."""
MOST_OVERDUE_SHOWN = 6
"""The overdue list grows to this many children before it scrolls."""


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _load_text(t: TeamRow) -> str:
    weighted = f"{t.weighted_cases:g}"
    return (
        f"{t.cases} ({weighted} of {t.cap:g})"
        if weighted != str(t.cases)
        else (f"{t.cases} of {t.cap:g}")
    )


def _timeliness_text(t: TeamRow) -> str:
    if t.in_timescale is None:
        return WORKING_OUT
    percent = t.in_timescale.percent
    return "None due" if percent is None else f"{percent:.0f}%"


def _timeliness_key(t: TeamRow) -> float:
    percent = t.in_timescale.percent if t.in_timescale else None
    return 101.0 if percent is None else percent


def _timeliness_tooltip(t: TeamRow) -> str:
    if t.in_timescale is None:
        return "Still being worked out from the last months' visits"
    return (
        f"{t.in_timescale.in_time} of "
        f"{_plural(t.in_timescale.due, 'statutory visit', 'statutory visits')} "
        f"due in the last {TIMELINESS_MONTHS} months made in time"
    )


def team_columns() -> list[Column[TeamRow]]:
    # Two-line titles: the columns fit the caseload's half of the window.
    return [
        Column("Worker", lambda t: t.worker_name),
        Column(
            "Children\n(load of cap)",
            _load_text,
            lambda t: t.weighted_cases,
            tooltip=lambda t: (
                f"{_plural(t.cases, 'child', 'children')} allocated, counting "
                f"{t.weighted_cases:g} against the council's cap of {t.cap:g}"
                + (" (over the cap)" if t.over_cap else "")
            ),
            warning=lambda t: t.over_cap,
        ),
        Column(
            "Visits in\ntimescale",
            _timeliness_text,
            _timeliness_key,
            tooltip=_timeliness_tooltip,
            warning=lambda t: _timeliness_key(t) < 100,
        ),
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
    """The line under the team table: "2 workers · 14 children · 5 visits overdue · 83% ..."."""
    if not rows:
        return "No one in the team holds cases yet."
    children = sum(r.cases for r in rows)
    overdue = sum(r.visits_overdue for r in rows)
    due = sum(r.in_timescale.due for r in rows if r.in_timescale)
    in_time = sum(r.in_timescale.in_time for r in rows if r.in_timescale)
    if any(r.in_timescale is None for r in rows):
        timeliness = f"visits in timescale over the last {TIMELINESS_MONTHS} months: {WORKING_OUT}"
    elif due:
        timeliness = (
            f"{100 * in_time / due:.0f}% of visits in timescale over the last "
            f"{TIMELINESS_MONTHS} months ({in_time} of {due})"
        )
    else:
        timeliness = f"no statutory visits fell due in the last {TIMELINESS_MONTHS} months"
    return (
        f"{_plural(len(rows), 'worker', 'workers')} · "
        f"{_plural(children, 'child', 'children')} allocated · "
        f"{_plural(overdue, 'visit', 'visits')} overdue · {timeliness}"
    )


def overdue_columns() -> list[Column[CaseloadEntry]]:
    return [
        Column("Child", lambda e: e.row.child.display_name, lambda e: e.row.child.last_name),
        Column("Case type", lambda e: e.row.case.case_type.label),
        Column("Worker", lambda e: e.row.worker_name),
        Column(
            "Visit was due",
            lambda e: uk_date(e.next_due),
            lambda e: e.next_due.isoformat() if e.next_due else "",
            tooltip=lambda e: e.clock.rule,
        ),
        Column(
            "Overdue by",
            lambda e: _plural(e.overdue_days, "day", "days"),
            lambda e: e.overdue_days,
            warning=lambda e: True,
        ),
        Column("Last visit", lambda e: uk_date(e.last_visit, missing="No visit yet")),
    ]


class TeamView(QWidget):
    """The team's load in a table, and below it the records waiting for approval."""

    record_opened = Signal(str)
    record_chosen = Signal(str, str)
    """(record id, child id): a record waiting for approval became the current one."""
    child_opened = Signal(str)
    """A child chosen from the overdue visits list (by id)."""
    shown = Signal()
    """The team's figures are on screen: the window may now give them the width they need."""

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
        self.note.setWordWrap(True)
        self.model = RowsTableModel(team_columns())
        self.table = table_view(
            self.model,
            name="Team",
            description="Each worker's children, overdue visits and records in hand",
        )
        # The columns share the list's width: six figures side by side need no scrolling.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.overdue_heading = heading("Overdue visits, oldest first", level=2)
        self.overdue_model = RowsTableModel(overdue_columns())
        self.overdue_table = table_view(
            self.overdue_model,
            name="Overdue visits",
            description="Children whose statutory visit is overdue, the longest overdue first",
        )
        self.overdue_table.activated.connect(self._open_overdue_child)
        # The names take what they need (from a sample: the list can be long); the short
        # columns share the rest of the width.
        overdue_header = self.overdue_table.horizontalHeader()
        overdue_header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        overdue_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self._visit_facts_version: int | None = None
        self._generation = 0
        self._complete = False
        self.approvals = QueueView(runner, kind=approval_queue(), forms=forms, today=today, level=2)
        self.approvals.record_opened.connect(self.record_opened)
        self.approvals.record_chosen.connect(self.record_chosen)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addWidget(self.overdue_heading)
        layout.addWidget(self.overdue_table)
        layout.addWidget(self.approvals, 1)

        runner.changes_applied.connect(self._on_changes)
        # The team's figures are the longest read: the lists built beside this view (the
        # caseload, the approval tab) queue theirs first, so they show without waiting.
        QTimer.singleShot(0, self, self.refresh)

    def refresh(self) -> None:
        """Read the team again: first each worker's load and the overdue visits, then (a
        second task, so other lists are not kept waiting) the visits in timescale."""
        if self.runner.store is None:  # the window closed before its first read
            return
        self._generation += 1
        generation = self._generation
        self._complete = False
        visit_forms = self.forms.visit_form_ids()
        reference, today = self.reference, self.today

        def work(store, timeliness: bool) -> tuple[int, TeamPicture]:
            version = store.views.visit_facts_version()
            picture = read_team(
                store,
                visit_forms=visit_forms,
                visits=reference.visits,
                calendar=reference.calendar,
                caps=reference.caps,
                today=today,
                timeliness=timeliness,
            )
            # What is not shown is freed on this thread, not the GUI's: the whole caseload,
            # and on the second pass (which shows only the workers' rows) the overdue list.
            overdue = [] if timeliness else picture.overdue
            return version, replace(picture, entries=[], overdue=overdue)

        def first(found: tuple[int, TeamPicture]) -> None:
            if generation != self._generation:
                return  # a newer refresh is on its way
            self._show(found)
            if self.runner.store is not None:  # not closed meanwhile
                self.runner.query(lambda store: work(store, True), then)

        def then(found: tuple[int, TeamPicture]) -> None:
            if generation == self._generation:
                self._show_workers(found[1].workers)
                self._complete = True

        self.runner.query(lambda store: work(store, False), first)

    @property
    def complete(self) -> bool:
        """True once every figure, visits in timescale too, has arrived from the store."""
        return self._complete

    def _open_overdue_child(self, index) -> None:
        self.child_opened.emit(source_row(self.overdue_table, index.row()).row.child.id)

    def focus_list(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(max(self.table.currentIndex().row(), 0))

    def _on_changes(self, changes: Changes) -> None:
        if self.runner.store is None:  # closed while a write was finishing
            return
        if changes.touches(*LIST_TABLES):
            self.refresh()
        elif changes.touches("records"):
            # A record saved concerns the team only when a visit it holds changed (a new
            # record, a visit date, the child seen ...); an autosave of its words does not.
            known = self._visit_facts_version
            self.runner.query(
                lambda store: store.views.visit_facts_version(),
                lambda version: self.refresh() if version != known and self.runner.store else None,
            )

    def _show(self, found: tuple[int, TeamPicture]) -> None:
        self._visit_facts_version, picture = found
        overdue = picture.overdue
        self.overdue_model.set_rows(overdue)
        fit_columns(self.overdue_table)
        self.overdue_heading.setText(
            f"Overdue visits, oldest first ({len(overdue)})" if overdue else "No visit is overdue"
        )
        _fit_height(self.overdue_table, len(overdue), MOST_OVERDUE_SHOWN)
        self.overdue_table.setVisible(bool(overdue))
        self._show_workers(picture.workers)

    def _show_workers(self, rows: list[TeamRow]) -> None:
        self.model.set_rows(rows)
        self.note.setText(team_note(rows))
        _fit_height(self.table, len(rows), MOST_ROWS_SHOWN)
        self.shown.emit()

    @property
    def natural_length(self) -> int:
        """The width the widest of the view's three lists needs to show every column whole.

        Its two tables share out whatever width they are given (their columns stretch),
        so their header's length is no measure: each column's own is.
        """
        widest = self.approvals.natural_length or 0
        for table in (self.table, self.overdue_table):
            header = table.horizontalHeader()
            length = sum(
                max(header.sectionSizeHint(c), table.sizeHintForColumn(c))
                for c in range(header.count())
            )
            widest = max(widest, length)
        return widest


def _fit_height(table, rows: int, most: int) -> None:
    # A team is a handful of people and a few late visits: each table is as tall as its
    # rows, so the records waiting for approval get the rest of the height.
    shown = max(1, min(rows, most))
    header = table.horizontalHeader().sizeHint().height()
    row = table.verticalHeader().defaultSectionSize()
    frame = 2 * table.frameWidth()
    scroll = (
        table.horizontalScrollBar().sizeHint().height()
        if table.horizontalHeader().length() > table.viewport().width()
        else 0
    )
    table.setFixedHeight(header + shown * row + frame + scroll + 2)
