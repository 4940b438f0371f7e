"""Records waiting in one state across the team, oldest first.

Business support's queue (records sent to them), a team manager's list of
records waiting for approval, and a social worker's drafts that came back to
them are one widget over ``store.views.records_in``, told apart by a
:class:`QueueKind`. The widget shows and forwards: it reads through the
runner and refreshes itself on ``changes_applied``; opening a record is the
main window's job (``record_opened``). It never writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from recorder.domain.changes import Changes
from recorder.domain.dates import uk_date
from recorder.domain.forms import form_title
from recorder.domain.records import RecordStatus
from recorder.forms.business_support import what_is_missing
from recorder.forms.definitions import FormLibrary
from recorder.store.views import QueueRow
from recorder.ui.table_model import Column, RowsTableModel
from recorder.ui.table_sizing import RowFitter
from recorder.ui.tasks import TaskRunner
from recorder.ui.widgets import fit_columns, heading, source_row, table_view

FIRST_ROWS = 200
"""A long list shows its oldest this many first, then the rest once read."""
LAST_COLUMN_ROOM = 190
"""At least this much width is kept for the last column (what is missing, or why a record
came back) by narrowing the others; text wraps, and tooltips have it whole."""

# A list changes with a record, a hand-off, a child's name, a user's name or an allocation.
WATCHED_TABLES = ("records", "record_handoffs", "people", "users", "cases", "placements")
LIST_TABLES = tuple(t for t in WATCHED_TABLES if t != "records")
"""A change to any of these reads the list again; a record's own save may not need to."""


@dataclass(frozen=True)
class QueueKind:
    """Which records a queue lists, and the words it uses for them."""

    status: RecordStatus
    heading: str
    since_title: str
    """The first column's title: when the record reached this state ("Sent")."""
    since_verb: str
    """For the note under the heading: "oldest sent 27/10/2026"."""
    waiting: str
    """For the note: "3 records waiting"."""
    ready: str
    """What the "What is missing" column says when nothing is."""
    empty: str
    author_id: str | None = None
    returned_only: bool = False
    """Only drafts that came back: returned with a reason, or carrying suggestions."""


def business_support_queue() -> QueueKind:
    return QueueKind(
        status=RecordStatus.WITH_BUSINESS_SUPPORT,
        heading="Waiting for business support",
        since_title="Sent",
        since_verb="sent",
        waiting="waiting",
        ready="Nothing: ready to finish",
        empty="Nothing is waiting for business support.",
    )


def approval_queue() -> QueueKind:
    return QueueKind(
        status=RecordStatus.FINISHED,
        heading="Waiting for approval",
        since_title="Finished",
        since_verb="finished",
        waiting="waiting for approval",
        ready="Nothing missing",
        empty="Nothing is waiting for approval.",
    )


def came_back_queue(author_id: str) -> QueueKind:
    return QueueKind(
        status=RecordStatus.DRAFT,
        heading="Came back to me",
        since_title="Came back",
        since_verb="returned",
        waiting="came back to you",
        ready="Nothing missing",
        empty="Nothing has come back to you.",
        author_id=author_id,
        returned_only=True,
    )


@dataclass(frozen=True)
class QueueEntry:
    row: QueueRow
    title: str
    """The form's title: "Home visit"."""
    missing: list[str] | None
    """What stops the record being finished; None when its form is not installed here."""
    suggested: list[str]
    """The labels of fields where business support left a suggestion."""
    today: date

    @property
    def since(self) -> date:
        return self.row.since.astimezone().date()

    @property
    def days_waiting(self) -> int:
        return max(0, (self.today - self.since).days)


def queue_entries(
    rows: list[QueueRow], *, kind: QueueKind, forms: FormLibrary, today: date
) -> list[QueueEntry]:
    """The rows a queue shows, with what each record still lacks (no Qt: runs off the GUI)."""
    titles = forms.titles()
    entries = []
    for row in rows:
        values = row.record.values
        suggestions = row.record.suggested
        if kind.returned_only and not (row.reason or suggestions):
            continue  # a draft still being written, not one that came back
        form = forms.forms.get(row.record.form_id)
        suggested = [
            (form.field(f).label if form and form.field(f) else f.replace("_", " ").capitalize())
            for f in suggestions
        ]
        entries.append(
            QueueEntry(
                row=row,
                title=form_title(titles, row.record.form_id),
                missing=what_is_missing(form, values, today=today) if form else None,
                suggested=suggested,
                today=today,
            )
        )
    return entries


def waiting_text(entry: QueueEntry) -> str:
    """``27/10/2026, 24 days ago``: the day, and how long it has waited."""
    return f"{uk_date(entry.since)}, {_ago(entry.days_waiting)}"


def _ago(days: int) -> str:
    return {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")


def _missing_text(entry: QueueEntry, ready: str) -> str:
    if entry.missing is None:
        return "Its form is not installed here"
    return "; ".join(entry.missing) if entry.missing else ready


def _missing_tooltip(entry: QueueEntry) -> str:
    if entry.missing is None:
        return "This record's form is not installed on this computer, so it can only be read."
    return "\n".join(f"• {m}" for m in entry.missing) if entry.missing else ""


def queue_columns(kind: QueueKind) -> list[Column[QueueEntry]]:
    if kind.returned_only:  # the date alone, so the reason and what is missing have the room
        since = Column(
            kind.since_title,
            lambda e: uk_date(e.since),
            lambda e: e.row.since.isoformat(),
            tooltip=lambda e: f"Came back {_ago(e.days_waiting)}",
        )
    else:
        since = Column(kind.since_title, waiting_text, lambda e: e.row.since.isoformat())
    child = Column(
        "Child", lambda e: e.row.child.display_name, lambda e: e.row.child.last_name.casefold()
    )
    record = Column("Record", lambda e: e.title)
    missing = Column(
        "What is missing", lambda e: _missing_text(e, kind.ready), tooltip=_missing_tooltip
    )
    if not kind.returned_only:
        return [since, child, record, Column("Written by", lambda e: e.row.author_name), missing]
    suggestions = Column(
        "Suggestions",
        lambda e: ", ".join(e.suggested) if e.suggested else "None",
        lambda e: len(e.suggested),
        tooltip=lambda e: (
            "Business support suggested new wording for: " + ", ".join(e.suggested)
            if e.suggested
            else "Business support left no suggestions"
        ),
    )
    reason = Column(
        "Why it came back",
        lambda e: e.row.reason or "No reason given",
        tooltip=lambda e: e.row.reason,
    )
    # What the social worker is asked to do reads last, with the room to be read.
    return [since, child, record, suggestions, missing, reason]


def queue_note(kind: QueueKind, entries: list[QueueEntry], *, total: int | None = None) -> str:
    """The line under the heading ("3 records waiting · oldest sent 27/10/2026"), or the
    empty state in words.

    :param total: how many wait in all, when ``entries`` are only the oldest of them
    """
    if not entries:
        return kind.empty
    # The earliest moment is the earliest day: one conversion, not one for each record.
    oldest = uk_date(min(entries, key=lambda e: e.row.since).since)
    count = len(entries) if total is None else total
    if count == 1:
        return f"1 record {kind.waiting} · {kind.since_verb} {oldest}"
    return f"{count:,} records {kind.waiting} · oldest {kind.since_verb} {oldest}"


class QueueView(QWidget):
    """A heading, a one-line note and the table of records waiting, oldest first."""

    record_opened = Signal(str)
    """Enter or a double-click on a row: open that record as a form."""
    record_chosen = Signal(str, str)
    """(record id, child id): a row became the current one."""
    count_changed = Signal(int)

    def __init__(
        self,
        runner: TaskRunner,
        *,
        kind: QueueKind,
        forms: FormLibrary,
        today: date,
        level: int = 1,
        parent: QWidget | None = None,
    ) -> None:
        """:param level: the heading's level: 1 on a tab of its own, 2 inside another view"""
        super().__init__(parent)
        self.runner = runner
        self.kind = kind
        self.forms = forms
        self.today = today
        self._chosen_id: str | None = None
        self._loaded = False
        self._total = 0
        self.natural_length: int | None = None
        """What the columns take before any is narrowed to fit (the window may widen)."""
        self._generation = 0

        self.heading = heading(kind.heading, level=level)
        self.note = QLabel("")
        self.note.setObjectName("note")
        self.note.setWordWrap(True)  # on one line it held the lists' pane 430 pixels wide
        self.note.setAccessibleName(f"{kind.heading}: summary")
        self.model = RowsTableModel(queue_columns(kind))
        self.table = table_view(
            self.model,
            name=kind.heading,
            description=f"Records {kind.waiting}, oldest first. Enter opens the record.",
        )
        self.table.setWordWrap(True)  # a reason or a list of what is missing, read whole
        # Rows grow to their wrapped text once the columns (the stretched last one too) settle,
        # a slice at a time so a long list never freezes the window.
        self.row_heights = RowFitter(self.table)
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self.row_heights.start)
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self._fit_rows.start())
        self.table.model().layoutChanged.connect(lambda *_: self._fit_rows.start())
        self.table.activated.connect(
            lambda i: self.record_opened.emit(source_row(self.table, i.row()).row.record.id)
        )
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.empty = QLabel(kind.empty)
        self.empty.setObjectName("note")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(self.stack, 1)

        runner.changes_applied.connect(self._on_changes)
        self.refresh()

    @property
    def count(self) -> int:
        """How many records wait, the whole list's count while only its first rows show."""
        return self._total

    @property
    def loaded(self) -> bool:
        """True once the first list has arrived from the store."""
        return self._loaded

    def refresh(self) -> None:
        """Read the list: a long one first its oldest screenful, then the whole of it (what
        each record lacks is worked out record by record, which takes a while for
        thousands)."""
        self._generation += 1
        generation = self._generation
        kind, forms, today = self.kind, self.forms, self.today
        # Only records that came back are filtered after reading: that list is read whole.
        first_rows = None if kind.returned_only else FIRST_ROWS

        def read(store, limit: int | None) -> tuple[list[QueueEntry], int | None]:
            rows = store.views.records_in(kind.status, author_id=kind.author_id, limit=limit)
            entries = queue_entries(rows, kind=kind, forms=forms, today=today)
            if limit is None or len(rows) < limit:
                return entries, None
            return entries, store.views.count_in(kind.status, author_id=kind.author_id)

        self.runner.query_first_then_whole(
            read,
            lambda found: self._show(found[0], total=found[1]),
            first=first_rows,
            current=lambda: generation == self._generation,
            more=lambda found: found[1] is not None and found[1] > len(found[0]),
        )

    def focus_list(self) -> None:
        """Put the keyboard on the first record (or keep it on the one chosen)."""
        if not self.count:
            return
        self.table.setFocus()  # which makes the first row current, but not chosen
        if not self.table.selectionModel().hasSelection():
            self.table.selectRow(max(self.table.currentIndex().row(), 0))

    def _on_changes(self, changes: Changes) -> None:
        if self.runner.store is None:  # closed while a write was finishing
            return
        if changes.touches(*LIST_TABLES):
            self.refresh()
        elif changes.touches("records"):
            # A record saved (an autosave in another window, say) concerns this list only
            # when it is on it or has just come into this state.
            shown = {e.row.record.id for e in self.model.rows()}
            if changes.ids & shown:
                self.refresh()
                return
            status, ids = self.kind.status, list(changes.ids)
            self.runner.query(
                lambda store: store.views.any_in(status, ids),
                lambda arrived: self.refresh() if arrived and self.runner.store else None,
            )

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        fit_columns(self.table)
        header = self.table.horizontalHeader()
        self.natural_length = header.length()
        last = header.count() - 1
        others = range(last)
        # The last column keeps what its words need (most say "Nothing missing"), up to
        # LAST_COLUMN_ROOM: a fixed room took names down to their title's width, on
        # three lines.
        room = min(LAST_COLUMN_ROOM, max(header.sectionSize(last), header.sectionSizeHint(last)))
        short = room - (self.table.viewport().width() - sum(header.sectionSize(c) for c in others))
        # Each column gives up the same share of what it has beyond its title (the text
        # wraps): narrowing the widest first put a child's name on three lines.
        spare = {c: max(0, header.sectionSize(c) - header.sectionSizeHint(c)) for c in others}
        total = sum(spare.values())
        if short > 0 and total > 0:
            share = min(short, total) / total
            for column, room_over in spare.items():
                header.resizeSection(column, header.sectionSize(column) - round(room_over * share))

    def _show(self, entries: list[QueueEntry], *, total: int | None = None) -> None:
        """:param total: how many records the whole list holds, when these are its first"""
        chosen = self._chosen_id
        self._total = len(entries) if total is None else total
        self.runner.let_go(self.model.set_rows(entries))
        self._fit_columns()
        self.stack.setCurrentWidget(self.table if entries else self.empty)
        self.note.setText(queue_note(self.kind, entries, total=self._total))
        self.note.setVisible(bool(entries))  # the empty state says it once, in its place
        # A refresh (an autosave elsewhere, say) keeps the record the user was on.
        place = None
        if chosen is not None:
            place = next((i for i, e in enumerate(entries) if e.row.record.id == chosen), None)
        if place is None:
            self._chosen_id = None
        else:
            proxy = self.table.model()
            self.table.setCurrentIndex(proxy.mapFromSource(self.model.index(place, 0)))
        self._loaded = True
        self.count_changed.emit(self._total)

    def _current_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        entry = source_row(self.table, current.row())
        if entry.row.record.id != self._chosen_id:
            self._chosen_id = entry.row.record.id
            self.record_chosen.emit(entry.row.record.id, entry.row.child.id)
