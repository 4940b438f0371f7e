"""The Chronology tab: a child's significant events in date order, one added by hand, Word.

Renders a :class:`~recorder.chronology.ChildChronology` read through the
window's task runner and forwards the actions (add or correct an event,
export to Word) to store and export code; the rules are in
:mod:`recorder.domain.chronology`. The child view tells it each time it shows
a child (the window does after every change); it reads only while the tab is
in view, so opening a child costs nothing until the chronology is looked at.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recorder.chronology import ChildChronology, child_chronology
from recorder.domain.chronology import (
    CATEGORIES,
    NOTE_LIMIT,
    ChronologyEvent,
    Source,
    entry_problem,
)
from recorder.domain.dates import uk_date
from recorder.export import ExportError
from recorder.export.chronology import chronology_file_name, export_chronology
from recorder.export.settings import load_export_settings
from recorder.forms.definitions import FormLibrary
from recorder.ui.table_model import Column, RowsTableModel
from recorder.ui.tasks import TaskRunner
from recorder.ui.widgets import fit_columns, heading, source_row, table_view
from recorder.ui.word_export import ask_save_path


def chronology_columns() -> list[Column[ChronologyEvent]]:
    return [
        Column("Date", lambda e: uk_date(e.day), sort_key=lambda e: e.day),
        Column("Category", lambda e: e.category, tooltip=lambda e: f"From: {e.source.value}"),
        Column("What happened", lambda e: e.what, tooltip=lambda e: e.what),
        Column("By", lambda e: e.by, tooltip=lambda e: e.by),
    ]


class ChronologySection(QWidget):
    """The events table, a line to add one, and Export to Word."""

    def __init__(self, forms: FormLibrary, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._forms = forms
        self._today = today
        self.runner: TaskRunner | None = None
        """What this reads and writes through; None: the runner of the window it is in."""
        self.child_id: str | None = None
        self._stale = False
        """A child was chosen while the tab was out of view: read it when it comes in."""
        self.chronology: ChildChronology | None = None
        documents = QStandardPaths.StandardLocation.DocumentsLocation
        self.folder = Path(QStandardPaths.writableLocation(documents) or Path.home())

        self.title = heading("Chronology")
        self.count = QLabel("")
        self.model = RowsTableModel(chronology_columns())
        self.table = table_view(
            self.model,
            name="Chronology",
            description="The child's significant events, oldest first",
        )
        self.table.setWordWrap(True)
        # What happened takes the room; the other columns fit their text.
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_: self.table.resizeRowsToContents()
        )

        self.when = QDateEdit()
        self.when.setDisplayFormat("dd/MM/yyyy")
        self.when.setCalendarPopup(True)
        self.when.setMaximumDate(QDate(today.year, today.month, today.day))
        self.when.setDate(QDate(today.year, today.month, today.day))
        self.when.setAccessibleName("Date of the event")
        inner = self.when.findChild(QLineEdit)
        if inner is not None:  # what a screen reader lands on inside the date box
            inner.setAccessibleName("Date of the event")
        self.category = QComboBox()
        self.category.addItems(CATEGORIES)
        self.category.setAccessibleName("Category")
        # Sized by its longest category it held the child's view 540 pixels wide at least,
        # too wide beside a list at 150% on a laptop screen.
        self.category.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.category.setMinimumContentsLength(14)
        self.category.view().setAccessibleName("Categories")
        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_LIMIT)
        self.note.setPlaceholderText("What happened, in a short note (Enter adds it)")
        self.note.setAccessibleName("Note")
        self.note.returnPressed.connect(self.add_event)
        self.add_button = QPushButton("Add to chronology")
        self.add_button.clicked.connect(self.add_event)
        self.cancel_button = QPushButton("Leave it as it was")
        self.cancel_button.clicked.connect(self.stop_correcting)
        self.cancel_button.setVisible(False)
        self.correcting: ChronologyEvent | None = None
        """The event added by hand being corrected, if one is."""
        self.table.activated.connect(self._correct_chosen)
        self.export_button = QPushButton("Export chronology to Word…")
        self.export_button.clicked.connect(self.export)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Chronology message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.count, 1)
        top.addWidget(self.export_button)
        when_and_what = QHBoxLayout()
        when_and_what.addWidget(QLabel("Add an event on"))
        when_and_what.addWidget(self.when)
        when_and_what.addWidget(QLabel("under"))
        when_and_what.addWidget(self.category)
        when_and_what.addStretch(1)
        note = QHBoxLayout()
        note.addWidget(self.note, 1)
        note.addWidget(self.add_button)
        note.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(when_and_what)
        layout.addLayout(note)
        layout.addWidget(self.message)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """The chronology is read when the tab comes into view; rows then fit their text."""
        super().showEvent(event)
        if self._stale:
            self._load()
        self.table.resizeRowsToContents()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.table.resizeRowsToContents()

    def _runner(self) -> TaskRunner | None:
        return self.runner or getattr(self.window(), "runner", None)

    def show_child(self, child_id: str) -> None:
        """Show one child's chronology: read now if the tab is in view, else when it is."""
        if child_id != self.child_id:
            if self.correcting is not None:
                self.stop_correcting()
            self.model.set_rows([])
            self.count.setText("")
            self.message.setText("")
            self.chronology = None
        self.child_id = child_id
        self._stale = True
        if self.isVisible():
            self._load()

    def _load(self) -> None:
        """Read the chronology in the background (only for a tab someone is looking at)."""
        runner = self._runner()
        child_id = self.child_id
        if runner is None or runner.store is None or child_id is None:
            return
        self._stale = False
        forms, today = self._forms, self._today
        runner.query(
            lambda store: child_chronology(
                store,
                child_id,
                visit_forms=forms.visit_form_ids(),
                form_titles=forms.titles(),
                on=today,
            ),
            self._show,
            on_error=self.message.setText,
        )

    def _show(self, chronology: ChildChronology) -> None:
        if chronology.child.id != self.child_id:
            return  # another child was chosen meanwhile
        self.chronology = chronology
        self.model.set_rows(chronology.events)
        fit_columns(self.table)
        header = self.table.horizontalHeader()
        for column, widest in ((1, 130), (3, 120)):  # long ones wrap or show in full on hover
            header.resizeSection(column, min(header.sectionSize(column), widest))
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # The stretched column takes its width at the next layout: fit the rows after it.
        QTimer.singleShot(0, self.table, self.table.resizeRowsToContents)
        n = len(chronology.events)
        self.count.setText(f"{n} event{'s' if n != 1 else ''}, oldest first")

    def _correct_chosen(self, index) -> None:
        """Enter (or a double click) on an event added by hand puts it in the boxes to correct."""
        event = source_row(self.table, index.row())
        if event.source is not Source.ADDED:
            self.message.setText(
                "Only an event added by hand is corrected here; the others come from the "
                "record itself (the case, the placements, the records) and are corrected there."
            )
            return
        self.correcting = event
        self.when.setDate(QDate(event.day.year, event.day.month, event.day.day))
        self.category.setCurrentText(event.category)
        self.note.setText(event.what)
        self.add_button.setText("Save correction")
        self.cancel_button.setVisible(True)
        self.message.setText(
            f"Correcting the event of {uk_date(event.day)}: change it and press Enter. "
            "What it said before is kept in its history."
        )
        self.note.setFocus()

    def stop_correcting(self) -> None:
        self.correcting = None
        self.note.clear()
        self.add_button.setText("Add to chronology")
        self.cancel_button.setVisible(False)
        self.message.setText("")

    def add_event(self) -> None:
        """Add the typed event (or save the correction); a problem is said, typing kept."""
        runner = self._runner()
        if self.child_id is None or runner is None:
            return
        qd = self.when.date()
        on = date(qd.year(), qd.month(), qd.day())
        category, note = self.category.currentText(), self.note.text()
        problem = entry_problem(event_date=on, category=category, note=note, today=self._today)
        if problem:
            self.message.setText(problem)
            self.note.setFocus()
            return
        child_id, today = self.child_id, self._today
        correcting = self.correcting

        def added(_changes) -> None:
            if correcting is not None:
                self.stop_correcting()
            self.note.clear()
            done = "Corrected" if correcting is not None else "Added to the chronology"
            self.message.setText(f"{done}: {uk_date(on)}, {category}.")
            self.show_child(child_id)

        if correcting is not None:
            entry_id = correcting.entry_id
            runner.write(
                lambda store: store.chronology.correct_entry(
                    entry_id, on=on, category=category, note=note, today=today
                ),
                added,
                on_error=self.message.setText,
            )
            return
        runner.write(
            lambda store: store.chronology.add_entry(
                child_id, on=on, category=category, note=note, today=today
            ),
            added,
            on_error=self.message.setText,
        )

    def export(self) -> bool:
        """Ask where to save, then write the Word document; False when nothing is shown."""
        runner = self._runner()
        chronology = self.chronology
        if runner is None or chronology is None:
            return False
        path = ask_save_path(self, self.folder / chronology_file_name(chronology, self._today))
        if path is None:
            return False
        if path.suffix.lower() != ".docx":
            path = path.with_name(path.name + ".docx")
        self.folder = path.parent
        today = self._today

        def work(store) -> Path:
            user = store.users.find(store.user_id) if store.user_id else None
            try:
                return export_chronology(
                    chronology,
                    path,
                    settings=load_export_settings(),
                    produced_by=user.name if user else "",
                    today=today,
                )
            except ExportError as e:
                raise ValueError(str(e)) from None  # already a sentence for the user

        runner.query(
            work,
            lambda written: self.message.setText(f"The chronology is saved as {written}."),
            on_error=self.message.setText,
        )
        return True
