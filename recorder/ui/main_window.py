"""The main window: the caseload, name search, and the child in view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recorder import APP_NAME
from recorder.caseload import CaseloadEntry, caseload_entries
from recorder.child_visits import child_visits
from recorder.domain.changes import Changes
from recorder.domain.consent import AccessAction
from recorder.domain.placement_entry import placement_edit_problem
from recorder.domain.users import Role, User
from recorder.export import ExportSettings, load_export_settings
from recorder.forms.definitions import FormLibrary
from recorder.forms.prefill import prefill
from recorder.reference import DataFileError, ReferenceData
from recorder.ui.account_menu import add_account_menu
from recorder.ui.columns import (
    caseload_columns,
    caseload_note,
    due_has_second_line,
    search_columns,
)
from recorder.ui.dictation_pane import BackgroundDrafter
from recorder.ui.form_window import FormWindow
from recorder.ui.person_view import PersonViewWidget
from recorder.ui.queue_view import (
    QueueView,
    approval_queue,
    business_support_queue,
    came_back_queue,
)
from recorder.ui.sync_menu import add_sync_menu
from recorder.ui.table_model import RowsTableModel
from recorder.ui.table_sizing import RowFitter
from recorder.ui.tasks import TaskRunner
from recorder.ui.team_view import TeamView
from recorder.ui.widgets import fit_columns, heading, source_row, table_view
from recorder.ui.word_export import WordExport

SEARCH_DELAY_MS = 120
PAGE_TOP_MARGIN = 8
CASELOAD_FIRST_ROWS = 200
"""A long caseload shows this many first (a screenful and more), then the whole."""


@dataclass(frozen=True)
class CaseloadRead:
    """A caseload as read on the database lane, ready to show."""

    version: int
    """The visit facts' version it was read at."""
    entries: list[CaseloadEntry]
    total: int | None
    """How many cases there are in all, when ``entries`` are only the first (else None)."""
    overdue: int


def ask_to_report(parent: QWidget, message: str) -> None:
    """Tell the user something went wrong (tests replace this)."""
    QMessageBox.warning(parent, APP_NAME, message)


class MainWindow(QMainWindow):
    sign_out_requested = Signal()
    """The user chose Sign out: the app closes this window and shows the sign-in screen."""
    lock_requested = Signal()
    """Lock now (Ctrl+Shift+L): the idle lock covers every window."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        reference: ReferenceData,
        forms: FormLibrary,
        user: User,
        today: date | None = None,
        drafting: BackgroundDrafter | None = None,
        export_settings: ExportSettings | None = None,
        export_problem: str = "",
        export_folder: Path | None = None,
        keep_audio_days: int = 0,
    ) -> None:
        """:param drafting: the dictation pipeline loading in the background; without it,
            visit forms open with no dictation pane.
        :param export_settings: the council's Word settings; None with ``export_problem``
            when the settings file is broken
        :param export_folder: where Export to Word first offers to save
        :param keep_audio_days: the council's setting: days a recording's audio is kept
        """
        super().__init__()
        self.runner = runner
        self.keep_audio_days = keep_audio_days
        self.drafting = drafting
        self.reference = reference
        self.forms = forms
        self.form_windows: list[FormWindow] = []
        self.user = user
        self.today = today or date.today()
        self.current_person_id: str | None = None
        self._person_shown_ids: frozenset[str] = frozenset()  # what the child's view shows
        self._record_to_show: str | None = None
        self._search_generation = 0
        self._caseload_generation = 0
        self.caseload_first_rows = CASELOAD_FIRST_ROWS
        path = runner.store.path if runner.store else None
        self.setWindowTitle(f"{APP_NAME} — {user.name}" + (f" — {path.name}" if path else ""))

        own = user.role is Role.SOCIAL_WORKER
        self._caseload_title = "My caseload" if own else "Team caseload"
        self.caseload_heading = heading(self._caseload_title, level=1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a person by any part of their name (Ctrl+F)")
        self.search.setAccessibleName("Find a person by name")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_later)
        self.search.returnPressed.connect(self._open_first_hit)
        self.search.installEventFilter(self)

        self.caseload_model = RowsTableModel(caseload_columns(self.today, show_worker=not own))
        self.caseload_table = table_view(
            self.caseload_model,
            name="My caseload" if own else "Team caseload",
            description="Children allocated, with last and next statutory visit",
        )
        self._visit_facts_version: int | None = None
        self.caseload_rows = RowFitter(
            self.caseload_table, wanted=self._rows_not_sent, same_height=True
        )
        self.caseload_table.model().layoutChanged.connect(lambda *_: self.caseload_rows.start())
        self.caseload_table.activated.connect(
            lambda i: self.open_person(
                source_row(self.caseload_table, i.row()).row.child.id, focus=True
            )
        )
        self.hits_model = RowsTableModel(search_columns(self.today))
        self.hits_table = table_view(self.hits_model, name="People found")
        self.hits_table.activated.connect(
            lambda i: self.open_person(source_row(self.hits_table, i.row()).person.id, focus=True)
        )
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.caseload_table)
        self.list_stack.addWidget(self.hits_table)
        self.list_note = QLabel("")
        self.list_note.setObjectName("note")
        self.list_note.setAccessibleName("Caseload summary")

        self.caseload_page = QWidget()
        caseload_layout = QVBoxLayout(self.caseload_page)
        caseload_layout.setContentsMargins(0, PAGE_TOP_MARGIN, 0, 0)
        caseload_layout.addWidget(self.caseload_heading)
        caseload_layout.addWidget(self.search)
        caseload_layout.addWidget(self.list_stack, 1)
        caseload_layout.addWidget(self.list_note)
        self.lists = QTabWidget()
        self.lists.setAccessibleName("Lists")
        self.lists.setDocumentMode(True)
        # The caseload's read goes first: the lists added next queue their own after it.
        self.refresh_caseload()
        self._add_lists()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(16, 8, 8, 12)
        left_layout.addWidget(self.lists)

        self.person_view = PersonViewWidget(reference, forms, self.today)
        self.person_view.visits_section.set_editing(
            placement_edit_problem(user.role) is None, placement_edit_problem(user.role) or ""
        )
        self.person_view.family_actions.set_user(user.id, user.role)
        self.person_view.family_actions.person_saved.connect(
            lambda person_id: self.open_person(person_id, focus=True)
        )
        self.person_view.record_chosen.connect(self.show_record)
        self.person_view.record_opened.connect(self.open_record)
        self.person_view.new_record.connect(self.new_record)
        if export_settings is None and not export_problem:
            try:
                export_settings = load_export_settings()
            except DataFileError as e:
                export_problem = str(e)
        self.word_export = WordExport(
            runner,
            forms=forms,
            vocabulary=reference.relationships,
            settings=export_settings,
            problem=export_problem,
            start_folder=export_folder,
            parent=self,
        )
        self.person_view.export_records.connect(
            lambda ids: self.word_export.export_records(ids, parent=self, what="records")
        )
        self.person_view.export_case.connect(
            lambda case_id, what: self.word_export.export_case(case_id, parent=self, what=what)
        )
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.person_view)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([710, 690])  # the caseload then widens to what its table needs
        self._divider_moved = False
        splitter.splitterMoved.connect(lambda *_: setattr(self, "_divider_moved", True))
        self.splitter = splitter
        self.setCentralWidget(splitter)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)

        self._build_menu()
        self.statusBar().showMessage(
            f"Signed in as {user.name} ({user.role.label}) · Working copy: {path or 'in memory'}"
        )
        runner.changes_applied.connect(self._on_changes)
        runner.failed.connect(lambda message: ask_to_report(self, message))
        self.resize(1400, 820)
        # The keyboard starts where the work is: the queue, the team, or the name search.
        first = self.lists.widget(0)
        (self.search if first is self.caseload_page else first.table).setFocus()

    # -- the lists on the left ----------------------------------------------

    def _add_lists(self) -> None:
        """The caseload, and the lists this user's role works through, most used first.

        Business support start on their queue, a team manager on the team; a social
        worker on their caseload, with what came back to them beside it.
        """
        self.queue_view: QueueView | None = None
        self.team_view: TeamView | None = None
        self.approval_view: QueueView | None = None
        self.came_back_view: QueueView | None = None
        caseload = (self.caseload_page, self._caseload_title.replace("caseload", "&caseload"))
        role = self.user.role
        if role is Role.BUSINESS_SUPPORT:
            self.queue_view = self._queue(business_support_queue())
            pages = [(self.queue_view, "&Queue"), caseload]
        elif role is Role.TEAM_MANAGER:
            self.team_view = TeamView(
                self.runner, forms=self.forms, reference=self.reference, today=self.today
            )
            self.team_view.record_opened.connect(self.open_record)
            self.team_view.record_chosen.connect(self.show_queued_record)
            self.team_view.child_opened.connect(
                lambda child_id: self.open_person(child_id, focus=True)
            )
            self.team_view.shown.connect(lambda: self._give_list_in_view_its_width())
            self.approval_view = self._queue(approval_queue())
            pages = [
                (self.team_view, "&Team"),
                (self.approval_view, "Waiting for &approval"),
                caseload,
            ]
        else:
            self.came_back_view = self._queue(came_back_queue(self.user.id))
            pages = [caseload, (self.came_back_view, "Came &back to me")]
        for page, tab in pages:
            self.lists.addTab(page, tab)
            if isinstance(page, QueueView):
                page.count_changed.connect(
                    lambda n, page=page, tab=tab: self.lists.setTabText(
                        self.lists.indexOf(page), f"{tab} ({n})"
                    )
                )
                page.count_changed.connect(lambda *_: self._give_list_in_view_its_width())
        self.lists.currentChanged.connect(lambda *_: self._give_list_in_view_its_width())
        self._pages = pages

    def _queue(self, kind) -> QueueView:
        view = QueueView(self.runner, kind=kind, forms=self.forms, today=self.today)
        view.record_opened.connect(self.open_record)
        view.record_chosen.connect(self.show_queued_record)
        return view

    def show_list(self, page: QWidget) -> None:
        """Bring a list to the front with the keyboard on it."""
        if page is self.caseload_page:
            self.show_caseload()
            return
        self.lists.setCurrentWidget(page)
        page.focus_list()

    def show_queued_record(self, record_id: str, child_id: str) -> None:
        """A record chosen in a list: its child on the right, that record chosen and shown."""
        self._record_to_show = record_id
        self.open_person(child_id)

    # -- menus and keys -------------------------------------------------

    def _build_menu(self) -> None:

        menu = self.menuBar().addMenu("&File")
        export = QAction("&Export the selected records to Word…", self)
        export.setShortcut(QKeySequence("Ctrl+E"))
        export.triggered.connect(self.export_selected)
        menu.addAction(export)
        new_person = QAction("&New person…", self)
        new_person.setShortcut(QKeySequence("Ctrl+N"))
        new_person.triggered.connect(self.person_view.family_actions.add_person)
        menu.addAction(new_person)
        menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)

        go = self.menuBar().addMenu("&Go")
        find = QAction("&Find a person", self)
        find.setShortcut(QKeySequence("Ctrl+F"))
        find.triggered.connect(self.focus_search)
        go.addAction(find)
        for number, (page, tab) in enumerate(self._pages, 1):  # Ctrl+1 ... in the tabs' order
            is_caseload = page is self.caseload_page
            action = QAction("&Caseload" if is_caseload else tab, self)
            keys = [QKeySequence(f"Ctrl+{number}")]
            if is_caseload:
                keys.insert(0, QKeySequence("Ctrl+L"))
            action.setShortcuts(keys)
            action.triggered.connect(lambda _=False, page=page: self.show_list(page))
            go.addAction(action)
        child = QAction("Child &view", self)
        child.setShortcut(QKeySequence("Ctrl+K"))
        child.triggered.connect(lambda: self.person_view.tabs.setFocus())
        go.addAction(child)
        add_account_menu(self)
        add_sync_menu(self)

    def export_selected(self) -> None:
        if not self.person_view.export_selected():
            self.statusBar().showMessage(
                "Choose one or more records on a child's Records tab, then export them.", 8000
            )

    def focus_search(self) -> None:
        self.lists.setCurrentWidget(self.caseload_page)
        self.search.setFocus()
        self.search.selectAll()

    def show_caseload(self) -> None:
        self.lists.setCurrentWidget(self.caseload_page)
        self.search.clear()
        self.list_stack.setCurrentWidget(self.caseload_table)
        self.caseload_table.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.search and event.type() == event.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down:
                table = self.list_stack.currentWidget()
                table.setFocus()
                if table.model().rowCount() and not table.currentIndex().isValid():
                    table.selectRow(0)
                return True
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.show_caseload()
                return True
        return super().eventFilter(watched, event)

    # -- caseload ---------------------------------------------------------

    def refresh_caseload(self) -> None:
        """Read the caseload: a long one first its first screenful by name, then the whole.

        A team's caseload at 50,000 people is 13,000 cases, each with its visit clock
        worked out: about a second's work, and the lists after it wait their turn.
        """
        worker_id = self.user.id if self.user.role is Role.SOCIAL_WORKER else None
        visit_forms = self.forms.visit_form_ids()
        reference, today = self.reference, self.today
        self._caseload_generation += 1
        generation = self._caseload_generation

        def read(store, limit: int | None) -> CaseloadRead:
            # The clocks (and the note's count) are worked out here, off the GUI thread.
            version = store.views.visit_facts_version()
            rows = store.views.caseload(
                worker_id=worker_id, visit_forms=visit_forms, on=today, limit=limit
            )
            entries = caseload_entries(
                rows, visits=reference.visits, calendar=reference.calendar, today=today
            )
            whole = limit is None or len(rows) < limit
            total = None if whole else store.views.open_cases(worker_id=worker_id)
            return CaseloadRead(version, entries, total, sum(e.overdue for e in entries))

        self.runner.query_first_then_whole(
            read,
            self._show_caseload,
            first=self.caseload_first_rows,
            current=lambda: generation == self._caseload_generation,
            more=lambda found: found.total is not None and found.total > len(found.entries),
        )

    def _show_caseload(self, found: CaseloadRead) -> None:
        self._visit_facts_version, entries = found.version, found.entries
        proxy = self.caseload_table.model()
        current = self.caseload_table.currentIndex()
        chosen = None
        if current.isValid():
            chosen = source_row(self.caseload_table, current.row()).row.case.id
        self.runner.let_go(self.caseload_model.set_rows(entries))
        fit_columns(self.caseload_table)
        self._give_list_its_width(self.caseload_table)
        self.caseload_rows.start()  # two-line due dates need taller rows
        # A reread (the rest of a long list, a visit saved) keeps the row the user was on.
        if chosen is not None:
            place = next((i for i, e in enumerate(entries) if e.row.case.id == chosen), None)
            if place is not None:
                source = self.caseload_model.index(place, 0)
                self.caseload_table.setCurrentIndex(proxy.mapFromSource(source))
        self.list_note.setText(caseload_note(len(entries), found.overdue, total=found.total))

    # The child's view keeps at least this much when the caseload takes what it needs.
    PERSON_VIEW_LEAST = 380

    def _give_list_in_view_its_width(self) -> None:
        page = self.lists.currentWidget()
        if page is self.caseload_page:
            self._give_list_its_width(self.caseload_table)
        elif page is not None and isinstance(getattr(page, "table", None), QTableView):
            # A queue and the team view know the width their columns need before any was
            # narrowed or stretched to fit; a plain list's header says it.
            self._give_list_its_width(page.table, length=getattr(page, "natural_length", None))

    def _give_list_its_width(self, table: QTableView, *, length: int | None = None) -> None:
        """Widen the lists' pane so the list in view shows every column, no sideways scroll.

        The child's view beside it keeps at least :attr:`PERSON_VIEW_LEAST` (its tabs
        then scroll). Done only until the user moves the divider themselves; a list
        never narrows the pane another one widened.

        :param length: the columns' widths before the list narrowed any to fit (a
            queue narrows its widest columns when short of room)
        """
        splitter = self.splitter
        sizes = splitter.sizes()
        if self._divider_moved or len(sizes) != 2 or sum(sizes) <= 0 or not table.isVisible():
            return
        frame = 2 * table.frameWidth()
        vertical = table.verticalHeader().width() if table.verticalHeader().isVisible() else 0
        if length is None:
            length = table.horizontalHeader().length()
        needed = length + frame + vertical
        needed += table.verticalScrollBar().sizeHint().width()
        around = splitter.widget(0).width() - table.width()  # the pane's margins
        wanted = needed + max(around, 0)
        total = sum(sizes)
        left = min(wanted, total - self.PERSON_VIEW_LEAST)
        if left > sizes[0]:
            splitter.setSizes([left, total - left])

    def _rows_not_sent(self) -> list[int]:
        """The caseload's rows (as sorted on screen) whose due date has a second line."""
        proxy = self.caseload_table.model()
        return [
            proxy.mapFromSource(self.caseload_model.index(i, 0)).row()
            for i, entry in enumerate(self.caseload_model.rows())
            if due_has_second_line(entry)
        ]

    # -- search -------------------------------------------------------------

    def _search_later(self, text: str) -> None:
        if not text.strip():
            self._search_timer.stop()
            self._search_generation += 1
            self.list_stack.setCurrentWidget(self.caseload_table)
            self.caseload_heading.setText(self._caseload_title)
            self.refresh_caseload()
            return
        self._search_timer.start()

    def run_search(self) -> None:
        text = self.search.text()
        self._search_generation += 1
        generation = self._search_generation
        self.runner.query(
            lambda store: store.search.people(text),
            lambda hits: self._show_hits(hits, generation),
        )

    def _show_hits(self, hits, generation: int) -> None:
        if generation != self._search_generation:
            return  # the user has typed more since; a newer search is on its way
        self.hits_model.set_rows(hits)
        fit_columns(self.hits_table)
        self.list_stack.setCurrentWidget(self.hits_table)
        self.caseload_heading.setText("People found")
        count = len(hits)
        self.list_note.setText(
            f"{count} {'person' if count == 1 else 'people'} found"
            if hits
            else f"No one on the record has a name starting “{self.search.text().strip()}”."
        )

    def _open_first_hit(self) -> None:
        self._search_timer.stop()
        if self.hits_model.rowCount() and self.list_stack.currentWidget() is self.hits_table:
            self.open_person(source_row(self.hits_table, 0).person.id, focus=True)

    # -- the person in view -------------------------------------------------

    def open_person(self, person_id: str, *, focus: bool = False) -> None:
        """Show a person; with ``focus``, the keyboard moves to their record once shown."""
        if self.runner.store is None:  # closing down (or signed out): nothing to show
            return
        if person_id != self.current_person_id:  # who opened which child's record is logged
            self._person_shown_ids = frozenset()
            # A query, not a write: the log line changes nothing any window shows.
            self.runner.query(
                lambda store: store.access.record(AccessAction.OPENED, child_id=person_id),
                lambda _changes: None,
            )
        self.current_person_id = person_id
        self._focus_on_show = focus
        today = self.today
        self.runner.query(lambda store: store.views.person(person_id, on=today), self._show_person)
        reference, visit_forms = self.reference, self.forms.visit_form_ids()
        self.runner.query(
            lambda store: child_visits(
                store, person_id, visit_forms=visit_forms, reference=reference, today=today
            ),
            self.person_view.show_visits,
        )

    def _show_person(self, view) -> None:
        if view.person.id != self.current_person_id:
            return
        self._person_shown_ids = view.shown_ids()
        self.person_view.show_view(view)
        if getattr(self, "_focus_on_show", False):
            self._focus_on_show = False
            self.person_view.tabs.tabBar().setFocus()
        record_id, self._record_to_show = self._record_to_show, None
        if record_id:
            self._choose_in_person_view(record_id)

    def _choose_in_person_view(self, record_id: str) -> None:
        """Select a record on the person's Records tab, which shows it below the list."""
        view = self.person_view
        rows = view.records_model.rows()
        place = next((i for i, r in enumerate(rows) if r.id == record_id), None)
        if place is None:
            return
        tabs = view.tabs
        records_tab = next(
            (i for i in range(tabs.count()) if tabs.widget(i).isAncestorOf(view.records_table)),
            None,
        )
        if records_tab is not None:
            tabs.setCurrentIndex(records_tab)
        proxy = view.records_table.model()
        view.records_table.selectRow(proxy.mapFromSource(view.records_model.index(place, 0)).row())

    def show_record(self, record_id: str) -> None:
        self.runner.query(
            lambda store: store.views.record_with_names(record_id),
            lambda found: self.person_view.show_record(found[0], names=found[1]),
        )

    # -- records as forms -----------------------------------------------------

    def new_record(self, case_id: str, form_id: str) -> None:
        """Start a record of ``form_id``, filled from what the store knows."""
        form = self.forms.forms[form_id]
        today, reference = self.today, self.reference
        titles, visits = self.forms.titles(), set(self.forms.visit_form_ids())

        def work(store):
            facts = store.views.case_facts(case_id, on=today)
            suggestions = prefill(
                form,
                facts,
                reference=reference,
                form_titles=titles,
                visit_forms=visits,
                today=today,
            )
            return facts, suggestions

        self.runner.query(work, lambda found: self._show_form(form, found[0], None, found[1]))

    def open_record(self, record_id: str) -> None:
        today = self.today

        def work(store):
            record = store.records.get(record_id)
            return record, store.views.case_facts(record.case_id, on=today, excluding=record_id)

        def show(found) -> None:
            record, facts = found
            form = self.forms.forms.get(record.form_id)
            if form is None:
                ask_to_report(
                    self,
                    f"This record was written on the form “{record.form_id}”, "
                    "which is not installed here, so it can only be read, not opened.",
                )
                return
            self._show_form(form, facts, record, None)

        self.runner.query(work, show)

    def _show_form(self, form, facts, record, suggestions) -> FormWindow:
        existing = next(
            (
                w
                for w in self.form_windows
                # a window closed a moment ago is not yet forgotten; it is not the one to show
                if record is not None and w.record_id == record.id and w.isVisible()
            ),
            None,
        )
        if existing:
            existing.raise_()
            existing.activateWindow()
            return existing
        window = FormWindow(
            self.runner,
            form=form,
            facts=facts,
            user=self.user,
            record=record,
            suggestions=suggestions,
            today=self.today,
            drafting=self.drafting,
            vocabulary=self.reference.relationships,
            word_export=self.word_export,
            keep_audio_days=self.keep_audio_days,
        )
        self.form_windows.append(window)
        window.destroyed.connect(lambda _=None, w=window: self._forget(w))
        window.open_record_requested.connect(self.open_record)  # an amendment, once made
        window.show()
        return window

    def _forget(self, window) -> None:
        if window in self.form_windows:
            self.form_windows.remove(window)

    def closeEvent(self, event) -> None:  # noqa: N802
        for window in list(self.form_windows):
            window.close()  # each saves its draft before it goes
        super().closeEvent(event)

    def _on_changes(self, changes: Changes) -> None:
        if self.runner.store is None:  # closed while a write was finishing
            return
        if changes.touches("cases", "people", "users", "placements"):
            self.refresh_caseload()
        elif changes.touches("records"):  # only when a visit the clocks read changed
            known = self._visit_facts_version
            self.runner.query(
                lambda store: store.views.visit_facts_version(),
                lambda version: (
                    self.refresh_caseload() if version != known and self.runner.store else None
                ),
            )
        if self.current_person_id:
            self._refresh_person_for(changes)

    # Past this many changed rows (an import, a merge) the child is simply read again.
    _MANY_CHANGED = 200

    def _refresh_person_for(self, changes: Changes) -> None:
        """Read the child shown again only when the change concerns them.

        Their own rows changed, or a row that points at them (a new record on their
        case, a placement, a hand-off of their record) came or moved; another child's
        record saved elsewhere does not. A change that names no rows, or a user (whose
        name the child's records show), always does.
        """
        person_id = self.current_person_id
        shown = self._person_shown_ids | {person_id}
        ids = changes.ids
        if not ids or len(ids) > self._MANY_CHANGED or changes.touches("users") or ids & shown:
            self.open_person(person_id)
            return

        def concerned(yes: bool) -> None:
            if yes and self.runner.store is not None and self.current_person_id == person_id:
                self.open_person(person_id)

        self.runner.query(lambda store: store.views.concerns(ids, shown), concerned)
