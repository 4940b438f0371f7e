"""The child view: who the child is, where and with whom they live, who is involved.

Shows a :class:`~recorder.store.views.PersonView` fetched by the main window;
it holds no store and runs no queries of its own. The History dialog it opens
for a record reads through the window's task runner.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recorder.child_visits import STATUTORY, ChildVisits
from recorder.domain.dates import age_text, uk_date
from recorder.domain.forms import form_title
from recorder.domain.nhs_number import format_nhs_number
from recorder.forms.definitions import FormLibrary
from recorder.reference import ReferenceData
from recorder.store.views import PersonView
from recorder.ui.chronology_view import ChronologySection
from recorder.ui.columns import (
    member_columns,
    network_columns,
    professional_columns,
    record_columns,
    relation_to_subject,
)
from recorder.ui.family_actions import FamilyActions
from recorder.ui.flow_layout import FlowLayout
from recorder.ui.history_dialog import HistoryDialog, show_history
from recorder.ui.placements_section import VisitsSection
from recorder.ui.record_preview import RecordPreview
from recorder.ui.table_model import RowsTableModel
from recorder.ui.tasks import TaskRunner
from recorder.ui.widgets import fit_columns, heading, source_row, table_view

_DETAILS = [
    ("Legal name", lambda p: p.full_name),
    ("Known as", lambda p: p.known_as),
    ("Date of birth", lambda p: uk_date(p.date_of_birth)),
    ("Gender", lambda p: p.gender),
    ("Ethnicity", lambda p: p.ethnicity),
    ("First language", lambda p: p.first_language),
    ("Interpreter needed", lambda p: "Yes" if p.interpreter_needed else "No"),
    ("Religion", lambda p: p.religion),
    ("NHS number", lambda p: format_nhs_number(p.nhs_number) if p.nhs_number else ""),
    ("Phone", lambda p: p.phone),
    ("Email", lambda p: p.email),
]


class PersonViewWidget(QWidget):
    """Header and tabs for one person; ``record_chosen`` carries a record id."""

    record_chosen = Signal(str)
    record_opened = Signal(str)
    """Enter on a record: open it as a form."""
    new_record = Signal(str, str)
    """(case id, form id): start a new record of that form."""
    export_records = Signal(list)
    """Record ids chosen in the records list, to export to Word."""
    export_case = Signal(str, str)
    """(case id, words for it): export every finished record of that case to Word."""

    def __init__(
        self,
        reference: ReferenceData,
        forms: FormLibrary,
        today: date,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._reference = reference
        self._forms = forms
        self._today = today
        self.view: PersonView | None = None
        self.runner: TaskRunner | None = None
        """What the History dialog reads through; None: the runner of the window this is in."""
        self.history_dialog: HistoryDialog | None = None

        self.title = QLabel("Choose a child from the caseload, or find anyone by name.")
        self.title.setObjectName("personTitle")
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Person in view")
        self.summary = QLabel("")
        self.summary.setObjectName("personSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName("Summary")

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Child's record")
        self.tabs.setDocumentMode(True)
        # Five tabs share half the window: a little less padding keeps them all in view.
        self.tabs.setStyleSheet("QTabBar::tab { padding: 7px 9px; margin-right: 2px; }")

        details = QWidget()
        self._details_form = QFormLayout(details)
        self._details_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self._details_form.setHorizontalSpacing(18)
        self._details_form.setVerticalSpacing(8)
        self.detail_values: dict[str, QLabel] = {}
        for label, _ in _DETAILS:
            value = QLabel("")
            value.setWordWrap(True)  # a long ethnicity on one line held the view 560 wide
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            self._details_form.addRow(f"{label}:", value)
            self.detail_values[label] = value
        # Scrolls, as the family tab does: on a short screen (150% on a laptop) the rows
        # were squeezed instead, and a wrapped value lost its second line.
        details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        details_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        details_scroll.setWidget(details)
        self.tabs.addTab(details_scroll, "&Details")

        family = QWidget()
        self._family_layout = QVBoxLayout(family)
        self._family_layout.setSpacing(6)
        self._household_widgets: list[QWidget] = []
        self.network_heading = heading("Family network")
        self.network_model = RowsTableModel([])
        self.network_table = table_view(self.network_model, name="Family network")
        self._family_layout.addWidget(self.network_heading)
        self._family_layout.addWidget(self.network_table, 1)
        family_scroll = QScrollArea()
        family_scroll.setWidgetResizable(True)
        family_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        family_scroll.setWidget(family)
        self.tabs.addTab(family_scroll, "&Family and household")

        self.professionals_model = RowsTableModel(professional_columns())
        self.professionals_table = table_view(
            self.professionals_model, name="Professionals involved"
        )
        self.tabs.addTab(self.professionals_table, "&Professionals")

        self.records_model = RowsTableModel(record_columns(forms.titles()))
        self.records_table = table_view(self.records_model, name="Records")
        self.records_table.activated.connect(
            lambda index: self.record_opened.emit(source_row(self.records_table, index.row()).id)
        )
        self.records_table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: (
                current.isValid()
                and self.record_chosen.emit(source_row(self.records_table, current.row()).id)
            )
        )
        self.record_preview = RecordPreview()
        self.new_record_button = QPushButton("&New record…")
        self.new_record_button.setAccessibleName("Start a new record for this child")
        self.new_record_menu = QMenu(self.new_record_button)
        self.new_record_button.setMenu(self.new_record_menu)
        self.open_record_button = QPushButton("&Open record")
        self.open_record_button.setAccessibleName("Open the selected record")
        self.open_record_button.clicked.connect(self._open_selected)
        self.history_button = QPushButton("&History…")
        self.history_button.setAccessibleName("Show the history of the selected record")
        self.history_button.clicked.connect(self.show_history)
        self.history_button.setEnabled(False)  # until a record is chosen
        self.records_table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.history_button.setEnabled(current.isValid())
        )
        self.records_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.export_button = QPushButton("Export to &Word…")
        self.export_button.setAccessibleName("Export records to Word")
        self.export_menu = QMenu(self.export_button)
        self.export_button.setMenu(self.export_menu)
        self.export_selected_action = self.export_menu.addAction("The selected records…")
        self.export_selected_action.triggered.connect(self.export_selected)
        self._case_export_actions: list = []
        self.records_table.selectionModel().selectionChanged.connect(self._count_selected)
        self._count_selected()
        record_buttons = QWidget()
        record_buttons_layout = FlowLayout(record_buttons)  # wraps when the pane is narrow
        record_buttons_layout.setContentsMargins(0, 4, 0, 4)
        record_buttons_layout.addWidget(self.new_record_button)
        record_buttons_layout.addWidget(self.open_record_button)
        record_buttons_layout.addWidget(self.history_button)
        record_buttons_layout.addWidget(self.export_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(record_buttons)
        top_layout.addWidget(self.records_table)
        records = QSplitter(Qt.Orientation.Vertical)
        records.addWidget(top)
        records.addWidget(self.record_preview)
        records.setSizes([260, 340])
        self.tabs.addTab(records, "&Records")

        self.visits_section = VisitsSection()
        visits_scroll = QScrollArea()
        visits_scroll.setWidgetResizable(True)
        visits_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        visits_scroll.setWidget(self.visits_section)
        self.visits_tab = self.tabs.addTab(visits_scroll, "&Visits")
        self.tabs.setTabVisible(self.visits_tab, False)
        self.chronology = ChronologySection(forms, today)
        self.tabs.addTab(self.chronology, "C&hronology")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        self.family_actions = FamilyActions(reference, today)
        self.family_actions.setVisible(False)
        layout.addWidget(self.family_actions)
        layout.addWidget(self.tabs, 1)
        self.tabs.setVisible(False)

    def show_view(self, view: PersonView) -> None:
        if self.view is None or self.view.person.id != view.person.id:
            self.visits_section.clear()  # until this child's own visits arrive
        self.view = view
        person = view.person
        self.title.setText(person.display_name)
        self.summary.setText(self._summary(view))
        for label, value in _DETAILS:
            self.detail_values[label].setText(value(person) or "Not recorded")
        self._show_family(view)
        self.professionals_model.set_rows(view.professionals)
        fit_columns(self.professionals_table)
        self.records_model.set_rows(view.records)
        fit_columns(self.records_table)
        self.history_button.setEnabled(self.records_table.currentIndex().isValid())
        self.record_preview.clear()
        self._fill_new_record_menu(view)
        self._fill_export_menu(view)
        self.chronology.show_child(person.id)
        self.tabs.setTabText(2, f"&Professionals ({len(view.professionals)})")
        self.tabs.setTabText(3, f"&Records ({len(view.records)})")
        self._show_visits_tab(view)
        self.family_actions.show_view(view)
        self.family_actions.setVisible(True)
        self.tabs.setVisible(True)

    def _show_visits_tab(self, view: PersonView) -> None:
        """The Visits tab (with placements for a child in care), for a child with an open
        case that has statutory visits; its contents come a moment later (:meth:`show_visits`)."""
        open_types = {c.case_type for c in view.cases if c.is_open}
        self.tabs.setTabVisible(self.visits_tab, bool(open_types & STATUTORY))

    def show_visits(self, visits: ChildVisits) -> None:
        """A child's visit clocks and placements, read after the view itself."""
        if self.view is None or self.view.person.id != visits.child_id:
            return
        self.visits_section.show_visits(visits, child_name=self.view.person.display_name)
        if visits.placements:  # a child who has left care keeps their placements in view
            self.tabs.setTabVisible(self.visits_tab, True)

    def _open_selected(self) -> None:
        index = self.records_table.currentIndex()
        if index.isValid():
            self.record_opened.emit(source_row(self.records_table, index.row()).id)

    def show_history(self) -> bool:
        """Open the history of the record in focus on the Records tab; False when none is."""
        index = self.records_table.currentIndex()
        runner = self.runner or getattr(self.window(), "runner", None)
        if not index.isValid() or runner is None or self.view is None:
            return False
        summary = source_row(self.records_table, index.row())
        title = form_title(self._forms.titles(), summary.form_id)
        self.history_dialog = show_history(
            self,
            runner,
            summary.id,
            forms=self._forms,
            subject=f"{title}: {self.view.person.display_name}",
        )
        return True

    def selected_record_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.records_table.selectionModel().selectedRows()})
        return [source_row(self.records_table, r).id for r in rows]

    def export_selected(self) -> bool:
        """Export the records chosen on the Records tab; False when none is chosen."""
        ids = self.selected_record_ids()
        if not ids and self.records_table.currentIndex().isValid():
            ids = [source_row(self.records_table, self.records_table.currentIndex().row()).id]
        if ids:
            self.export_records.emit(ids)
        return bool(ids)

    def _count_selected(self) -> None:
        count = len(self.selected_record_ids())
        self.export_selected_action.setText(
            "The selected record…" if count <= 1 else f"The {count} selected records…"
        )
        self.export_selected_action.setEnabled(count > 0)

    def _fill_export_menu(self, view: PersonView) -> None:
        for action in self._case_export_actions:
            self.export_menu.removeAction(action)
        self._case_export_actions = []
        name = view.person.first_name
        for case in view.cases:
            kind = case.case_type.label.lower()
            what = f"finished records of {name}'s {kind} case"
            label = f"Finished records of case {case.reference or kind}"
            action = self.export_menu.addAction(label + "…")
            action.triggered.connect(lambda _=False, c=case.id, w=what: self.export_case.emit(c, w))
            self._case_export_actions.append(action)
        self.export_button.setEnabled(bool(view.records))
        self.export_button.setToolTip("" if view.records else "This person has no records yet.")

    def _fill_new_record_menu(self, view: PersonView) -> None:
        self.new_record_menu.clear()
        open_cases = [c for c in view.cases if c.is_open]
        for case in open_cases:
            for form in self._forms.offered_for(case.case_type.value):
                action = self.new_record_menu.addAction(form.title)
                action.triggered.connect(
                    lambda _=False, c=case.id, f=form.id: self.new_record.emit(c, f)
                )
        self.new_record_button.setEnabled(bool(open_cases))
        self.new_record_button.setToolTip(
            "" if open_cases else "Records are written for a child with an open case."
        )

    def show_record(self, record, *, names: dict[str, str]) -> None:
        summary = (
            next((r for r in self.view.records if r.id == record.id), None) if self.view else None
        )
        titles = self._forms.titles()
        self.record_preview.show_record(
            record,
            title=form_title(titles, record.form_id),
            author=summary.author_name if summary else "",
            names=names,
        )

    def _summary(self, view: PersonView) -> str:
        person = view.person
        parts = []
        if person.date_of_birth:
            parts.append(
                f"Age {age_text(person.date_of_birth, self._today)} "
                f"(born {uk_date(person.date_of_birth)})"
            )
        open_cases = [c for c in view.cases if c.is_open]
        for case in open_cases:
            text = f"<b>{escape(case.case_type.label)}</b> since {uk_date(case.start_date)}"
            if case.reference:
                text += f" · ref. {escape(case.reference)}"
            parts.append(text)
        for household in view.households:
            parts.append(escape(household.household.address))
        if person.interpreter_needed:
            parts.append(f"<b>Interpreter needed</b> ({escape(person.first_language)})")
        return "<br>".join(parts)

    def _show_family(self, view: PersonView) -> None:
        for widget in self._household_widgets:
            self._family_layout.removeWidget(widget)
            widget.deleteLater()
        self._household_widgets = []
        vocabulary = self._reference.relationships
        relation = {link.person.id: relation_to_subject(link, vocabulary) for link in view.links}
        relation[view.person.id] = "This person"
        position = 0
        living_with: set[str] = set()
        for household in view.households:
            members = household.members
            living_with.update(m.id for m in members)
            h = household.household
            title = heading(h.name)
            where = QLabel(h.address + (f" · phone {h.phone}" if h.phone else ""))
            where.setWordWrap(True)
            where.setAccessibleName(f"Address of {h.name}")
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            model = RowsTableModel(member_columns(self._today, relation))
            model.set_rows(members)
            table = table_view(model, name=f"Who lives at {h.name}")
            table.setMinimumHeight(40 + 28 * max(1, len(members)))
            table.setMaximumHeight(40 + 28 * max(1, len(members)))
            fit_columns(table)
            for widget in (title, where, table):
                self._family_layout.insertWidget(position, widget)
                self._household_widgets.append(widget)
                position += 1
        if not view.households:
            note = QLabel("No current household is recorded.")
            self._family_layout.insertWidget(0, note)
            self._household_widgets.append(note)
        self.network_model = RowsTableModel(
            network_columns(self._today, vocabulary, living_with - {view.person.id})
        )
        self.network_model.set_rows(view.links)
        self.network_table.model().setSourceModel(self.network_model)
        fit_columns(self.network_table)
        self.network_heading.setText(
            f"Family network ({len(view.links)})" if view.links else "No relationships recorded"
        )
