"""A read-only view of a saved record, so a child's history can be read in place."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtWidgets import QTextBrowser

from recorder.domain.consent import recording_consent_sentence
from recorder.domain.dates import uk_date, uk_date_long
from recorder.domain.records import Record

# The order fields are shown in when a record has no form definition to follow.
_FIRST = (
    "visit_date",
    "visit_time",
    "visit_type",
    "present",
    "absent",
    "child_seen",
    "child_seen_alone",
    "bedroom_seen",
    "child_voice",
)


def field_label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def value_html(value: Any, names: dict[str, str]) -> str:
    """A value as a reader wants it: names not ids, UK dates, paragraphs kept."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return _table(value, names)
        return escape(", ".join(names.get(str(v), str(v)) for v in value)) or "None"
    if isinstance(value, str):
        if value in names:
            return escape(names[value])
        try:
            return uk_date(date.fromisoformat(value))
        except ValueError:
            pass
        return "<br>".join(escape(p) for p in value.split("\n") if p.strip()) or "Not recorded"
    return escape(str(value))


def _table(rows: list[dict[str, Any]], names: dict[str, str]) -> str:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    head = "".join(f"<th align='left'>{escape(field_label(c))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{value_html(row.get(c, ''), names)}</td>" for c in columns) + "</tr>"
        for row in rows
    )
    return f"<table cellpadding='4' cellspacing='0' border='1'><tr>{head}</tr>{body}</table>"


def record_html(record: Record, *, title: str, author: str, names: dict[str, str]) -> str:
    values = record.values
    when = values.get("visit_date") or values.get("assessment_date")
    try:
        heading = f"{escape(title)}, {uk_date_long(date.fromisoformat(when))}"
    except (TypeError, ValueError):  # no date, or one kept as the user typed it
        heading = escape(title)
    # Business support's suggestions are not the record (nor among its values); only that
    # they wait is said.
    keys = [k for k in _FIRST if k in values] + [k for k in values if k not in _FIRST]
    rows = "".join(
        f"<p><b>{escape(field_label(k))}</b><br>{value_html(values[k], names)}</p>" for k in keys
    )
    if record.dictation:
        rows += f"<p><b>Dictation</b><br>{value_html(record.dictation, names)}</p>"
    consent = recording_consent_sentence(values)
    if consent:
        rows = f"<p><i>{escape(consent)}</i></p>" + rows
    if record.dictation_removed_at is not None:
        rows += (
            "<p style='color:#4a5a6a'>The dictation was removed on "
            f"{uk_date(record.dictation_removed_at.date())}, as the council's retention "
            "setting says.</p>"
        )
    waiting = record.suggested
    if waiting:
        fields = ", ".join(field_label(k).lower() for k in waiting)
        rows += (
            "<p style='color:#4a5a6a'>Business support have suggested new wording for: "
            f"{escape(fields)}.</p>"
        )
    return (
        f"<h3>{heading}</h3><p style='color:#4a5a6a'>{escape(record.status.label)} · "
        f"by {escape(author or 'unknown')} · last saved {uk_date(record.updated_at.date())}</p>"
        + rows
    )


class RecordPreview(QTextBrowser):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Record")
        self.setOpenLinks(False)
        self.setPlaceholderText("Choose a record above to read it here.")

    def show_record(
        self, record: Record, *, title: str, author: str, names: dict[str, str]
    ) -> None:
        self.setHtml(record_html(record, title=title, author=author, names=names))
