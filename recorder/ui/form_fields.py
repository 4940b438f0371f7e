"""One editor per field type, each reading and writing the value a record keeps.

Editors keep whatever the user typed: a date that cannot be read stays as
typed (and is reported beside the field) rather than being thrown away.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recorder.domain.dates import uk_date
from recorder.domain.forms import FieldSpec, FieldType


def parse_uk_date(text: str) -> str | None:
    """``3/11/2026`` or ``03/11/2026`` (or ISO) as ``2026-11-03``; None if it is not a date."""
    text = text.strip()
    for separator in ("/", ".", "-"):
        parts = text.split(separator)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            if len(parts[0]) == 4:
                year, month, day = parts
            else:
                day, month, year = parts
            if len(year) == 2:
                year = "20" + year
            try:
                return date(int(year), int(month), int(day)).isoformat()
            except ValueError:
                return None
    return None


def show_date(value: Any) -> str:
    try:
        return uk_date(date.fromisoformat(value))
    except (TypeError, ValueError):
        return "" if value is None else str(value)


class Choices:
    """The people and professionals a person, people, professional or owner field offers."""

    def __init__(self, people: list[tuple[str, str]], professionals: list[tuple[str, str]]):
        self.people = people
        self.professionals = professionals

    def owners(self) -> list[tuple[str, str]]:
        return [
            ("worker", "The social worker"),
            ("family", "The family"),
            *self.people,
            *self.professionals,
        ]

    def name(self, key: str) -> str:
        for value, label in self.owners():
            if value == key:
                return label
        return key


class FieldEditor(QObject):
    """A field's widget, with ``changed`` on every edit and ``left`` when focus moves on."""

    changed = Signal()
    left = Signal()

    def __init__(self, spec: FieldSpec, choices: Choices, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.choices = choices
        self.widget = self._build()
        self.widget.setAccessibleName(spec.label)
        if spec.help:
            self.widget.setAccessibleDescription(spec.help)
            self.widget.setToolTip(spec.help)

    # Each type overrides these three.
    def _build(self) -> QWidget:
        edit = QLineEdit()
        edit.textEdited.connect(self.changed)
        edit.editingFinished.connect(self.left)
        self._edit = edit
        return edit

    def value(self) -> Any:
        text = self._edit.text()
        if self.spec.type is FieldType.DATE:
            return parse_uk_date(text) or (text.strip() or None)
        if self.spec.type in (FieldType.NUMBER, FieldType.SCALE):
            stripped = text.strip()
            if not stripped:
                return None
            try:
                return int(stripped)
            except ValueError:
                return stripped
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        if self.spec.type is FieldType.DATE:
            self._edit.setText(show_date(value))
        else:
            self._edit.setText("" if value is None else str(value))

    def focus_widget(self) -> QWidget:
        return self.widget


class _LineEditor(FieldEditor):
    def _build(self) -> QWidget:
        widget = super()._build()
        if self.spec.type is FieldType.DATE:
            self._edit.setPlaceholderText("dd/mm/yyyy")
            self._edit.setMaximumWidth(160)
        elif self.spec.type is FieldType.TIME:
            self._edit.setPlaceholderText("hh:mm")
            self._edit.setMaximumWidth(110)
        elif self.spec.type in (FieldType.NUMBER, FieldType.SCALE):
            low = self.spec.minimum if self.spec.minimum is not None else 0
            high = self.spec.maximum if self.spec.maximum is not None else 10
            if self.spec.type is FieldType.SCALE:
                self._edit.setPlaceholderText(f"{low} to {high}")
            self._edit.setMaximumWidth(110)
        return widget


class _LongTextEditor(FieldEditor):
    def _build(self) -> QWidget:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(90)
        edit.textChanged.connect(self._text_changed)
        edit.installEventFilter(self)
        self._edit = edit
        self._loading = False
        return edit

    def _text_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == event.Type.FocusOut:
            self.left.emit()
        return False

    def value(self) -> Any:
        text = self._edit.toPlainText()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        self._loading = True
        self._edit.setPlainText("" if value is None else str(value))
        self._loading = False


class _ComboEditor(FieldEditor):
    """yes/no, choice, person and professional: one of a list, or not answered."""

    def _build(self) -> QWidget:
        box = QComboBox()
        box.addItem("Not answered" if self.spec.type is FieldType.YES_NO else "Choose…", None)
        for value, label in self._options():
            box.addItem(label, value)
        box.activated.connect(lambda _i: (self.changed.emit(), self.left.emit()))
        box.setMinimumWidth(220)
        box.setMaximumWidth(420)
        self._box = box
        return box

    def _options(self) -> list[tuple[Any, str]]:
        kind = self.spec.type
        if kind is FieldType.YES_NO:
            return [(True, "Yes"), (False, "No")]
        if kind is FieldType.PERSON:
            return list(self.choices.people)
        if kind is FieldType.PROFESSIONAL:
            return list(self.choices.professionals)
        return [(o, o) for o in self.spec.options]

    def value(self) -> Any:
        return self._box.currentData()

    def set_value(self, value: Any) -> None:
        index = next(
            (
                i
                for i in range(self._box.count())
                if self._box.itemData(i) == value and value is not None
            ),
            0,
        )
        if value is not None and index == 0:
            self._box.addItem(str(value), value)  # a value no longer offered is kept, not lost
            index = self._box.count() - 1
        self._box.setCurrentIndex(index)


class _ChecklistEditor(FieldEditor):
    """people and choices: tick any number."""

    def _build(self) -> QWidget:
        box = QListWidget()
        options = (
            self.choices.people
            if self.spec.type is FieldType.PEOPLE
            else [(o, o) for o in self.spec.options]
        )
        for value, label in options:
            self._add(box, value, label)
        box.itemChanged.connect(lambda _item: self._loading or self.changed.emit())
        box.setMaximumHeight(24 * max(2, min(len(options), 6)) + 8)
        box.installEventFilter(self)
        self._box = box
        self._loading = False
        return box

    @staticmethod
    def _add(box: QListWidget, value: str, label: str) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        box.addItem(item)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == event.Type.FocusOut:
            self.left.emit()
        return False

    def value(self) -> Any:
        ticked = [
            self._box.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self._box.count())
            if self._box.item(i).checkState() == Qt.CheckState.Checked
        ]
        return ticked or None

    def set_value(self, value: Any) -> None:
        self._loading = True
        wanted = list(value or [])
        known = {self._box.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self._box.count())}
        for missing in wanted:
            if missing not in known:
                self._add(self._box, missing, self.choices.name(missing))
        for i in range(self._box.count()):
            item = self._box.item(i)
            ticked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self._loading = False


class _AddressEditor(FieldEditor):
    PARTS = (
        ("line1", "Address line 1"),
        ("line2", "Address line 2"),
        ("town", "Town"),
        ("postcode", "Postcode"),
    )

    def _build(self) -> QWidget:
        widget = QWidget()
        layout = QFormLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        self._edits: dict[str, QLineEdit] = {}
        for key, label in self.PARTS:
            edit = QLineEdit()
            edit.setAccessibleName(f"{self.spec.label}: {label.lower()}")
            edit.textEdited.connect(self.changed)
            edit.editingFinished.connect(self.left)
            if key == "postcode":
                edit.setMaximumWidth(140)
            layout.addRow(label + ":", edit)
            self._edits[key] = edit
        return widget

    def value(self) -> Any:
        parts = {key: edit.text().strip() for key, edit in self._edits.items()}
        return parts if any(parts.values()) else None

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {"line1": value or ""}
        for key, edit in self._edits.items():
            edit.setText(str(value.get(key, "") or ""))

    def focus_widget(self) -> QWidget:
        return self._edits["line1"]


# Table columns picked from a list rather than typed.
_COMBO_COLUMNS = {FieldType.OWNER, FieldType.CHOICE, FieldType.PERSON, FieldType.YES_NO}


class _TableEditor(FieldEditor):
    """Rows of columns (actions: what, who, by when); dates typed the UK way."""

    def _build(self) -> QWidget:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        columns = self.spec.columns
        table = QTableWidget(0, len(columns))
        table.setHorizontalHeaderLabels([c.label for c in columns])
        table.setAccessibleName(self.spec.label)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for c, column in enumerate(columns):
            if column.type is FieldType.YES_NO:  # a short answer: room for the others
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().hide()
        table.setTabKeyNavigation(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        table.itemChanged.connect(lambda _item: self._loading or self.changed.emit())
        table.installEventFilter(self)
        self._table = table
        self._loading = False
        buttons = QHBoxLayout()
        add = QPushButton(f"Add a row to {self.spec.label.lower()}")
        add.setAccessibleName(f"Add a row: {self.spec.label}")
        add.clicked.connect(self.add_row)
        remove = QPushButton("Remove the selected row")
        remove.setAccessibleName(f"Remove a row: {self.spec.label}")
        remove.clicked.connect(self._remove_row)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout.addWidget(table)
        layout.addLayout(buttons)
        self._resize()
        return widget

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == event.Type.FocusOut:
            self.left.emit()
        return False

    def _resize(self) -> None:
        rows = self._table.rowCount()
        self._table.setMinimumHeight(34 + 30 * max(1, rows))
        self._table.setMaximumHeight(34 + 30 * max(1, rows))

    def add_row(self, row: dict[str, Any] | None = None) -> None:
        self._loading = True
        r = self._table.rowCount()
        self._table.insertRow(r)
        for c, column in enumerate(self.spec.columns):
            cell = (row or {}).get(column.id)
            if column.type in _COMBO_COLUMNS:
                box = QComboBox()
                box.setAccessibleName(f"{self.spec.label}, row {r + 1}: {column.label}")
                box.addItem("Choose…", None)
                options = self._column_options(column)
                for value, label in options:
                    box.addItem(label, value)
                index = box.findData(cell) if cell is not None else 0
                if cell is not None and index < 0:
                    box.addItem(self.choices.name(str(cell)), cell)
                    index = box.count() - 1
                box.setCurrentIndex(max(index, 0))
                box.activated.connect(lambda _i: self.changed.emit())
                self._table.setCellWidget(r, c, box)
            else:
                text = show_date(cell) if column.type is FieldType.DATE else (cell or "")
                self._table.setItem(r, c, QTableWidgetItem(str(text)))
        self._loading = False
        self._resize()
        if row is None:
            self._table.setCurrentCell(r, 0)
            self._table.setFocus()
            self.changed.emit()

    def _column_options(self, column: FieldSpec) -> list[tuple[Any, str]]:
        if column.type is FieldType.OWNER:
            return self.choices.owners()
        if column.type is FieldType.PERSON:
            return list(self.choices.people)
        if column.type is FieldType.YES_NO:
            return [(True, "Yes"), (False, "No")]
        return [(o, o) for o in column.options]

    def _remove_row(self) -> None:
        row = self._table.currentRow()
        if row >= 0:
            self._table.removeRow(row)
            self._resize()
            self.changed.emit()

    def value(self) -> Any:
        rows = []
        for r in range(self._table.rowCount()):
            row = {}
            for c, column in enumerate(self.spec.columns):
                widget = self._table.cellWidget(r, c)
                if isinstance(widget, QComboBox):
                    row[column.id] = widget.currentData()
                    continue
                if isinstance(widget, QLineEdit):
                    # A cell being typed in: its open editor is the cell's widget meanwhile,
                    # and what is typed so far is what an autosave must keep.
                    text = widget.text().strip()
                else:
                    item = self._table.item(r, c)
                    text = item.text().strip() if item else ""
                if column.type is FieldType.DATE:
                    row[column.id] = parse_uk_date(text) or (text or None)
                else:
                    row[column.id] = text or None
            if any(v not in (None, "") for v in row.values()):
                rows.append(row)
        return rows or None

    def set_value(self, value: Any) -> None:
        self._loading = True
        self._table.setRowCount(0)
        self._loading = False
        for row in value or []:
            if isinstance(row, dict):
                self.add_row(row)
        self._resize()

    def focus_widget(self) -> QWidget:
        return self._table


def editor_for(spec: FieldSpec, choices: Choices, parent: QWidget | None = None) -> FieldEditor:
    kind = spec.type
    if kind is FieldType.LONG_TEXT:
        return _LongTextEditor(spec, choices, parent)
    if kind in (FieldType.YES_NO, FieldType.CHOICE, FieldType.PERSON, FieldType.PROFESSIONAL):
        return _ComboEditor(spec, choices, parent)
    if kind in (FieldType.PEOPLE, FieldType.CHOICES):
        return _ChecklistEditor(spec, choices, parent)
    if kind is FieldType.ADDRESS:
        return _AddressEditor(spec, choices, parent)
    if kind is FieldType.TABLE:
        return _TableEditor(spec, choices, parent)
    return _LineEditor(spec, choices, parent)
