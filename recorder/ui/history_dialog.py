"""One record's history: every change the change log holds, and who wrote each field.

Reads only, and shows only what the change log says: the database refuses to
rewrite that log, so what the dialog shows is what happened. Its one query
runs through the task runner; it reads again when the record changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from recorder.domain.changes import Changes
from recorder.domain.family_history import family_history_lines
from recorder.domain.forms import FormSpec
from recorder.domain.history import HistoryLine, history_lines, who_wrote
from recorder.domain.records import Record
from recorder.forms.definitions import FormLibrary
from recorder.store import Store
from recorder.store.family_history import FamilyHistory, read_family_history
from recorder.store.views import RecordHistory
from recorder.ui.table_model import Column, RowsTableModel
from recorder.ui.tasks import TaskRunner
from recorder.ui.widgets import heading, source_row, table_view

SHOWN_CHARACTERS = 70
"""A value longer than this is cut short in its cell; the tooltip and the pane below show it all."""


def when_text(moment: datetime) -> str:
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def cell_text(text: str) -> str:
    """A value on one line, cut short with an ellipsis when it is long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= SHOWN_CHARACTERS else flat[: SHOWN_CHARACTERS - 1].rstrip() + "…"


def full_text_tip(text: str) -> str:
    """The whole value as a tooltip (rich text, so long values wrap), or "" if the cell has it."""
    if cell_text(text) == text:
        return ""
    return "<p>" + escape(text).replace("\n", "<br>") + "</p>"


def history_columns(position: Callable[[HistoryLine], int]) -> list[Column[HistoryLine]]:
    """:param position: a line's place in the log, so lines made together sort in log order
    both ways (a record's creation is many lines in one moment)"""
    return [
        Column("When", lambda line: when_text(line.at), position),
        Column("Who", lambda line: line.who),
        Column("What", lambda line: line.what),
        Column(
            "From", lambda line: cell_text(line.old), tooltip=lambda line: full_text_tip(line.old)
        ),
        Column(
            "To", lambda line: cell_text(line.new), tooltip=lambda line: full_text_tip(line.new)
        ),
    ]


def writer_columns() -> list[Column[HistoryLine]]:
    return [
        Column("Field", lambda line: line.what),
        Column("Written by", lambda line: line.who),
        Column("When", lambda line: when_text(line.at), lambda line: line.at.isoformat()),
    ]


@dataclass(frozen=True)
class HistoryView:
    """What the dialog shows: the record, its history lines, and each field's last writer."""

    record: Record
    lines: list[HistoryLine]
    writers: list[HistoryLine]
    """One line per field, in the form's order."""


def history_view(found: RecordHistory, form: FormSpec | None) -> HistoryView:
    lines = history_lines(found.changes, form=form, names=found.names, reasons=found.reasons)
    order = {f"values.{spec.id}": n for n, spec in enumerate(form.fields)} if form else {}
    writers = sorted(who_wrote(lines).values(), key=lambda line: order.get(line.field, len(order)))
    return HistoryView(found.record, lines, writers)


def read_history(store: Store, record_id: str) -> RecordHistory:
    """On the worker thread: the record's history, naming the version an amendment corrects."""
    found = store.views.record_history(record_id)
    amends = found.record.amends_id
    if amends:
        original = store.records.get(amends)
        return replace(found, names={**found.names, amends: f"Version {original.version}"})
    return found


class HistoryDialog(QDialog):
    """The history of one record. ``loaded`` fires each time it has been read and shown.

    :param form: the record's form, for field labels; else looked up in ``forms``
    :param subject: what the record is, for the heading ("Home visit: Mariama Bangura")
    """

    loaded = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        record_id: str,
        *,
        form: FormSpec | None = None,
        forms: FormLibrary | None = None,
        subject: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.record_id = record_id
        self.form = form
        self.forms = forms
        self.view: HistoryView | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"History: {subject}" if subject else "History of the record")

        self.title = heading(f"History of {subject}" if subject else "History of the record")
        self.summary = QLabel("Reading the history…")
        self.summary.setObjectName("note")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("About this history")

        self._positions: dict[int, int] = {}
        self.lines_model: RowsTableModel[HistoryLine] = RowsTableModel(
            history_columns(lambda line: self._positions.get(id(line), 0))
        )
        self.lines_table = table_view(
            self.lines_model,
            name="Changes to the record",
            description="Every change to the record, oldest first: when, who, what, from, to",
        )
        self.lines_table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_line(current.row())
        )
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("The chosen change in full")
        self.detail.setPlaceholderText("Choose a change above to read it in full here.")
        self.detail.setMinimumHeight(110)

        self.writers_model: RowsTableModel[HistoryLine] = RowsTableModel(writer_columns())
        self.writers_table = table_view(
            self.writers_model,
            name="Who wrote each field",
            description="For each field, who last wrote what the record says now, and when",
        )
        writers = QWidget()
        writers_layout = QVBoxLayout(writers)
        writers_layout.setContentsMargins(0, 8, 0, 0)
        writers_layout.addWidget(heading("Who wrote each field"))
        writers_layout.addWidget(self.writers_table, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.lines_table)
        splitter.addWidget(self.detail)
        splitter.addWidget(writers)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([330, 130, 220])

        kept = QLabel(
            "Read from the record's change log, which no one can change or delete. "
            "Times are shown on the 24-hour clock."
        )
        kept.setObjectName("note")
        kept.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(kept)
        layout.addWidget(buttons)
        self.resize(1080, 760)

        runner.changes_applied.connect(self._on_changes)
        self.refresh()

    def refresh(self) -> None:
        record_id = self.record_id
        self.runner.query(
            lambda store: read_history(store, record_id),
            self._show,
            on_error=lambda message: self.summary.setText(
                f"The history could not be read: {message}"
            ),
        )

    def _on_changes(self, changes: Changes) -> None:
        if self.record_id in changes.ids:
            self.refresh()

    def _show(self, found: RecordHistory) -> None:
        form = self.form
        if form is None and self.forms is not None:
            form = self.forms.forms.get(found.record.form_id)
        self.view = view = history_view(found, form)
        self._positions = {id(line): n for n, line in enumerate(view.lines)}
        self.lines_model.set_rows(view.lines)
        self.writers_model.set_rows(view.writers)
        self._fit()
        people = sorted({line.who for line in view.lines})
        count = len(view.lines)
        self.summary.setText(
            f"{count} change{'s' if count != 1 else ''} by {_people(people)}, oldest first. "
            "A long value is cut short: point at it, or choose its line, to read it all. "
            "Click a column's heading to sort by it."
        )
        self.detail.clear()
        self.loaded.emit()

    def _fit(self) -> None:
        self.lines_table.resizeColumnsToContents()
        # The time is never cut short (it was, at 130 pixels, in a wider font or at 150%):
        # its width is the text's own. Names and labels are cut only when very long.
        widths = {0: 10_000, 1: 150, 2: 290}
        header = self.lines_table.horizontalHeader()
        for column, most in widths.items():
            header.resizeSection(column, min(header.sectionSize(column) + 12, most))
        # From and To share what is left: the new value matters as much as the old
        used = sum(header.sectionSize(c) for c in widths)
        header.resizeSection(3, max(180, (self.lines_table.viewport().width() - used) // 2))
        self.writers_table.resizeColumnsToContents()
        header = self.writers_table.horizontalHeader()
        header.resizeSection(0, min(header.sectionSize(0) + 12, 360))
        header.resizeSection(1, max(header.sectionSize(1) + 12, 180))

    def _show_line(self, proxy_row: int) -> None:
        if proxy_row < 0:
            self.detail.clear()
            return
        line: HistoryLine = source_row(self.lines_table, proxy_row)

        def block(text: str) -> str:
            return escape(text).replace("\n", "<br>")

        self.detail.setHtml(
            f"<p><b>{escape(line.what)}</b> · {escape(line.who)} · {when_text(line.at)}</p>"
            + (f"<p><b>From:</b> {block(line.old)}</p>" if line.old else "")
            + (f"<p><b>To:</b> {block(line.new)}</p>" if line.new else "")
        )


class FamilyHistoryDialog(QDialog):
    """Every change to one person's family record, in plain English, oldest first.

    Who was added, moved in or out, how people are related, professionals, cases
    opened, transferred, re-typed and closed, and merges: read from the change log.
    """

    loaded = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        person_id: str,
        *,
        subject: str,
        relationship_label: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.person_id = person_id
        self.relationship_label = relationship_label
        self.lines: list[HistoryLine] = []
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"Family record history: {subject}")
        self.summary = QLabel("Reading the history…")
        self.summary.setObjectName("note")
        self.summary.setWordWrap(True)
        self._positions: dict[int, int] = {}
        self.lines_model: RowsTableModel[HistoryLine] = RowsTableModel(
            history_columns(lambda line: self._positions.get(id(line), 0))
        )
        self.lines_table = table_view(
            self.lines_model,
            name="Changes to the family record",
            description="Every change to the family record, oldest first",
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading(f"Family record history of {subject}"))
        layout.addWidget(self.summary)
        layout.addWidget(self.lines_table, 1)
        layout.addWidget(buttons)
        self.resize(1080, 640)
        runner.changes_applied.connect(self._on_changes)
        self.refresh()

    def refresh(self) -> None:
        person_id = self.person_id
        self.runner.query(
            lambda store: read_family_history(store, person_id),
            self._show,
            on_error=lambda message: self.summary.setText(
                f"The history could not be read: {message}"
            ),
        )

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("people", "cases", "households", "household_members",
                           "relationships", "involvements", "person_merges"):
            self.refresh()

    def _show(self, found: FamilyHistory) -> None:
        self.lines = family_history_lines(
            found.changes, names=found.names, relationship_label=self.relationship_label
        )
        self._positions = {id(line): n for n, line in enumerate(self.lines)}
        self.lines_model.set_rows(self.lines)
        self.lines_table.resizeColumnsToContents()
        header = self.lines_table.horizontalHeader()
        for column, most in {0: 180, 1: 220, 2: 320, 3: 220}.items():
            header.resizeSection(column, min(header.sectionSize(column) + 12, most))
        count = len(self.lines)
        self.summary.setText(
            f"{count} change{'s' if count != 1 else ''}, oldest first, read from the change "
            "log, which no one can change or delete. Times are on the 24-hour clock."
        )
        self.loaded.emit()


def show_history(
    parent: QWidget,
    runner: TaskRunner,
    record_id: str,
    *,
    form: FormSpec | None = None,
    forms: FormLibrary | None = None,
    subject: str = "",
) -> HistoryDialog:
    """Open the history of one record beside the window that asked; it reads in the background."""
    dialog = HistoryDialog(
        runner, record_id, form=form, forms=forms, subject=subject, parent=parent
    )
    dialog.show()
    dialog.raise_()
    return dialog


def _people(names: list[str]) -> str:
    if not names:
        return "no one"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" and {names[-1]}"
