"""A form's fields on screen: the list of sections, and every field's row under its heading.

Built from the form's definition over the record editor's field states; it
draws and scrolls, and hands each row to the window to connect. Nothing here
changes the record.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QScrollArea, QVBoxLayout, QWidget

from recorder.domain.forms import FormSpec
from recorder.forms.editing import RecordEditor
from recorder.store.views import CaseFacts
from recorder.ui.field_row import FieldRow, choices_from
from recorder.ui.form_fields import editor_for


class FormBody:
    """The sections list and the scrolling column of field rows, for one form."""

    def __init__(
        self, form: FormSpec, facts: CaseFacts, editor: RecordEditor, parent: QWidget
    ) -> None:
        self.form = form
        choices = choices_from(facts)
        self.rows: dict[str, FieldRow] = {}
        self.sections = QListWidget()
        self.sections.setAccessibleName("Sections of the form")
        self.sections.setMinimumWidth(230)
        self.sections.setMaximumWidth(300)
        self.sections.setWordWrap(True)
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("formBody")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(18, 12, 18, 24)
        self._headings: list[QLabel] = []
        intro = QLabel(
            f"<b>{facts.child.display_name}</b> · {facts.case.case_type.label} · "
            "fields marked <span style='color:#8a1c13'>*</span> are required"
        )
        intro.setWordWrap(True)
        body_layout.addWidget(intro)
        for section in form.sections:
            self.sections.addItem(section.title)
            heading = QLabel(section.title)
            heading.setObjectName("sectionHeading")
            self._headings.append(heading)
            body_layout.addWidget(heading)
            for spec in section.fields:
                row = FieldRow(editor.fields[spec.id], editor_for(spec, choices, parent))
                self.rows[spec.id] = row
                body_layout.addWidget(row)
        body_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(body)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.currentRowChanged.connect(self.go_to_section)
        self.sections.itemActivated.connect(lambda _item: self.focus_section_field())

    def go_to_section(self, index: int) -> None:
        if index == 0:
            self.scroll.verticalScrollBar().setValue(0)
        elif 0 < index < len(self._headings):
            self.scroll.verticalScrollBar().setValue(self._headings[index].y() - 8)

    def focus_section_field(self) -> None:
        section = self.form.sections[self.sections.currentRow()]
        self.rows[section.fields[0].id].editor.focus_widget().setFocus()

    def bring_into_view(self, field_id: str) -> None:
        if field_id in self.rows:
            self.scroll.ensureWidgetVisible(self.rows[field_id])
