"""What a record's document says, in order, before any Word formatting.

The outline follows the record's form definition, so a new form prints with
no new code: each section becomes a heading, short fields a two-column table,
long text its paragraphs, a table field a real table and the child's own
words a set-apart block. Nothing here knows about Word; ``word.py`` lays the
outline out, and tests can read the outline directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from recorder.domain.cases import CaseType
from recorder.domain.dates import age_in_years, uk_date, uk_date_long
from recorder.domain.forms import FieldSpec, FieldType, FormSpec
from recorder.domain.nhs_number import format_nhs_number
from recorder.domain.records import RecordStatus, event_day, unaccepted_suggestions
from recorder.export.material import RecordMaterial
from recorder.export.settings import EmptyFields

MARKING = "OFFICIAL-SENSITIVE"
"""The Government Security Classification every record about a child carries."""
NOT_RECORDED = "Not recorded"
NOT_YET_RECORDED = "Not yet recorded (suggested, not accepted)"

# Fields the details table already shows; their section leaves them out.
_DETAILS_FIELDS = ("child_name", "date_of_birth", "nhs_number", "address", "case_type", "worker")
_COLUMN_WEIGHTS = {
    FieldType.DATE: 1.0,
    FieldType.TIME: 0.8,
    FieldType.YES_NO: 0.8,
    FieldType.NUMBER: 0.8,
    FieldType.SCALE: 1.0,
    FieldType.CHOICE: 1.6,
    FieldType.OWNER: 1.8,
    FieldType.PERSON: 1.8,
    FieldType.PROFESSIONAL: 1.8,
}
# Characters XML 1.0 (and so Word) cannot hold: control characters and lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Pairs:
    """Short fields as a two-column table: label, then value (lines kept)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Text:
    """A long answer under its label, paragraph by paragraph."""

    label: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Voice:
    """The child's own words, set apart from the practitioner's."""

    label: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Grid:
    """A table field (actions: what, who, by when) with its header row."""

    label: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    weights: tuple[float, ...]
    """How wide each column is, relative to the others: dates narrow, text wide."""


Block = Pairs | Text | Voice | Grid


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Outline:
    title: str
    child_name: str
    subtitle: str
    notices: tuple[str, ...]
    details: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    sign_off: tuple[tuple[str, str], ...]
    reference: str
    """The footer's "Record <id> · Version <n>"."""
    author: str
    created: datetime


def clean(text: str) -> str:
    """Text as Word can hold it: any script kept, control characters dropped."""
    return _NOT_XML.sub("", text)


def outline_record(
    material: RecordMaterial, form: FormSpec | None, *, empty: EmptyFields, form_title: str
) -> Outline:
    """The document for one record.

    :param form: the record's form definition; None when this computer does not
        have it, in which case every saved field is printed, in alphabetical order
    :param form_title: the form's title, or a readable stand-in for a missing form
    """
    record = material.record
    # A prefilled or drafted value no one accepted is not what anyone recorded.
    unconfirmed = unaccepted_suggestions(record)
    # The dictation and business support's suggestions are not among the values: not printed.
    values = {k: v for k, v in record.values.items() if k not in unconfirmed}
    words = _Words(material.names, empty, unconfirmed)
    event_field = _event_date_field(form)
    event = _event_date(values, event_field)
    notices = []
    if record.status in (RecordStatus.DRAFT, RecordStatus.WITH_BUSINESS_SUPPORT):
        notices.append(
            f"This record is {_status_words(record.status)}: it is not finished and has not "
            "been approved."
        )
    if record.amends_id:
        notices.append(
            f"This is an amendment (version {record.version}) of an approved record. "
            f"What it corrects: {clean(record.amendment_reason) or NOT_RECORDED}"
        )
    if form is None:
        notices.append(
            f"The form this record was written on ({record.form_id}) is not installed on this "
            "computer, so its fields are printed in alphabetical order."
        )
    details = _details(material, values, event_field, event, words)
    shown_in_details = set(_DETAILS_FIELDS) | ({event_field.id} if event_field else set())
    if event and isinstance(values.get("visit_time"), str):
        shown_in_details.add("visit_time")  # printed with the date: "3 November 2026 at 16:10"
    if form is not None:
        sections = [
            _section(s.title, [f for f in s.fields if f.id not in shown_in_details], values, words)
            for s in form.sections
        ]
        leftover = [k for k in values if form.field(k) is None]
    else:
        sections = []
        leftover = [k for k in values if k not in shown_in_details]
    if leftover:
        title = "Recorded details" if form is None else "Other details saved with this record"
        sections.append(
            _section(title, [_guessed_spec(k, values[k]) for k in leftover], values, words)
        )
    child_name = clean(str(values.get("child_name") or material.child.full_name))
    subtitle = child_name + (f", {uk_date_long(event)}" if event else "")
    return Outline(
        title=clean(form_title),
        child_name=child_name,
        subtitle=subtitle,
        notices=tuple(notices),
        details=details,
        sections=tuple(s for s in sections if s.blocks),
        sign_off=_sign_off(material),
        reference=f"Record {record.id} · Version {record.version}",
        author=clean(material.author_name),
        created=record.created_at,
    )


class _Words:
    """Field values in the words a reader expects: names, UK dates, Yes and No."""

    def __init__(
        self, names: dict[str, str], empty: EmptyFields, unconfirmed: set[str] | None = None
    ) -> None:
        self.names = names
        self.unconfirmed = unconfirmed or set()
        """Fields holding only a suggestion no one accepted: printed as not yet recorded."""
        self.missing = NOT_RECORDED if empty is EmptyFields.NOT_RECORDED else ""

    def of(self, spec: FieldSpec, value: Any, *, short_dates: bool = False) -> str:
        """One value as text; lines within it separated by newlines. Empty gives ""."""
        if value == [] and spec.type is FieldType.PEOPLE and self.missing:
            return "Nobody"  # a list the practitioner left empty: an answer, not a gap
        if _is_empty(value):
            return ""
        kind = spec.type
        if isinstance(value, bool) or kind is FieldType.YES_NO:
            return "Yes" if value is True else "No" if value is False else clean(str(value))
        if kind is FieldType.DATE:
            return _date_words(value, short=short_dates)
        if kind is FieldType.SCALE and isinstance(value, int):
            top = spec.maximum if spec.maximum is not None else 10
            return f"{value} out of {top}"
        if kind is FieldType.ADDRESS and isinstance(value, dict):
            parts = ("line1", "line2", "town", "postcode")
            lines = [str(value.get(k) or "").strip() for k in parts]
            return clean("\n".join(line for line in lines if line))
        if kind in (FieldType.PERSON, FieldType.PROFESSIONAL, FieldType.OWNER):
            return self.name(value)
        if isinstance(value, list):
            return "\n".join(self.name(v) if isinstance(v, str) else self.loose(v) for v in value)
        return self.loose(value)

    def name(self, value: Any) -> str:
        text = str(value)
        if text in self.names:
            return clean(self.names[text])
        if len(text) == 36 and text.count("-") == 4:
            return "Someone no longer on the family record"
        return clean(text)

    def loose(self, value: Any) -> str:
        """A value whose field is unknown: shown plainly, never lost."""
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, str):
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return _date_words(value, short=False)
            return self.name(value) if value in self.names else clean(value.strip())
        if isinstance(value, dict):
            return "\n".join(
                f"{_label_for(k)}: {self.loose(v)}" for k, v in value.items() if not _is_empty(v)
            )
        if isinstance(value, list):
            return "\n".join(self.loose(v) for v in value)
        return clean(str(value))


def _section(title: str, fields: list[FieldSpec], values: dict, words: _Words) -> Section:
    blocks: list[Block] = []
    pairs: list[tuple[str, str]] = []

    def flush() -> None:
        if pairs:
            blocks.append(Pairs(tuple(pairs)))
            pairs.clear()

    for spec in fields:
        value = values.get(spec.id)
        if spec.id in words.unconfirmed:
            if words.missing:
                pairs.append((clean(spec.label), NOT_YET_RECORDED))
            continue
        if spec.type is FieldType.TABLE:
            grid = _grid(spec, value, words)
            if grid is not None:
                flush()
                blocks.append(grid)
            elif words.missing:
                pairs.append((clean(spec.label), words.missing))
            continue
        text = words.of(spec, value)
        if not text and not words.missing:
            continue
        if spec.voice or spec.type is FieldType.LONG_TEXT:
            flush()
            paragraphs = tuple(_paragraphs(text)) or (words.missing,)
            kind = Voice if spec.voice else Text
            blocks.append(kind(clean(spec.label), paragraphs))
        else:
            pairs.append((clean(spec.label), text or words.missing))
    flush()
    return Section(clean(title), tuple(blocks))


def _grid(spec: FieldSpec, value: Any, words: _Words) -> Grid | None:
    if not isinstance(value, list):
        return None
    rows = [r for r in value if isinstance(r, dict) and not _is_empty(r)]
    if not rows:
        return None
    columns = list(spec.columns)
    known = {c.id for c in columns}
    for row in rows:  # columns saved under an older version of the form are kept
        for key in row:
            if key not in known:
                known.add(key)
                columns.append(_guessed_spec(key, row[key]))
    return Grid(
        label=clean(spec.label),
        header=tuple(clean(c.label) for c in columns),
        rows=tuple(
            tuple(words.of(c, row.get(c.id), short_dates=True) or words.missing for c in columns)
            for row in rows
        ),
        weights=tuple(_COLUMN_WEIGHTS.get(c.type, 3.0) for c in columns),
    )


def _details(
    material: RecordMaterial,
    values: dict,
    event_field: FieldSpec | None,
    event: date | None,
    words: _Words,
) -> tuple[tuple[str, str], ...]:
    child, case = material.child, material.case

    def given(key: str) -> Any:
        value = values.get(key)
        return None if _is_empty(value) else value

    born = _as_date(given("date_of_birth")) or child.date_of_birth
    born_text = uk_date_long(born)
    if born and event and born <= event:
        born_text += f" (aged {age_in_years(born, event)})"
    nhs = given("nhs_number") or child.nhs_number
    address = given("address")
    if isinstance(address, dict):
        spec = FieldSpec(id="address", label="Address", type=FieldType.ADDRESS)
        address = words.of(spec, address).replace("\n", ", ")
    case_type = given("case_type") or CaseType(case.case_type).label
    when = uk_date_long(event)
    if when and isinstance(given("visit_time"), str):
        when += f" at {values['visit_time']}"
    if not when and event_field and event_field.id in words.unconfirmed:
        when = NOT_YET_RECORDED
    rows = [
        ("Child's name", clean(str(given("child_name") or child.full_name))),
        ("Date of birth", born_text),
        ("NHS number", format_nhs_number(str(nhs)) if nhs else ""),
        ("Address", clean(str(address or material.address))),
        ("Case type", clean(str(case_type))),
        ("Case reference", clean(case.reference)),
        ("Allocated social worker", clean(str(given("worker") or material.worker_name))),
        (event_field.label if event_field else "Date written", when),
    ]
    if not event_field:
        rows[-1] = ("Date written", uk_date_long(material.record.created_at.astimezone().date()))
    return tuple(
        (label, value or words.missing)
        for label, value in rows
        if value or (words.missing and label != "Case reference")
    )


def _sign_off(material: RecordMaterial) -> tuple[tuple[str, str], ...]:
    record = material.record
    author = material.author_name or "Not recorded"
    if material.author_role:
        author += f", {material.author_role}"
    approved = record.status is RecordStatus.APPROVED
    approver = material.approver_name or "Not recorded"
    if material.approver_name and material.approver_role:
        approver += f", {material.approver_role}"
    return (
        ("Written by", clean(author)),
        ("Date written", uk_date_long(record.created_at.astimezone().date())),
        ("Last changed", uk_date_long(record.updated_at.astimezone().date())),
        ("Status", record.status.label),
        ("Approved by", clean(approver) if approved else "Not yet approved"),
        ("Date approved", _approval_day(record) if approved else "Not yet approved"),
    )


def _approval_day(record) -> str:
    if record.approved_at is None:
        return NOT_RECORDED
    return uk_date_long(record.approved_at.astimezone().date())


def _status_words(status: RecordStatus) -> str:
    return "a draft" if status is RecordStatus.DRAFT else "with business support"


def _event_date_field(form: FormSpec | None) -> FieldSpec | None:
    """The date the record is about: the form's date field that fills in as today."""
    if form is None:
        return None
    for spec in form.fields:
        if spec.type is FieldType.DATE and spec.bind == "today":
            return spec
    return None


def _event_date(values: dict, spec: FieldSpec | None) -> date | None:
    return _as_date(values.get(spec.id)) if spec else event_day(values)


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _date_words(value: Any, *, short: bool) -> str:
    found = _as_date(value)
    if found is None:
        return clean(str(value))  # kept as the user typed it
    return uk_date(found) if short else uk_date_long(found)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple)):
        return all(_is_empty(v) for v in value)
    if isinstance(value, dict):
        return all(_is_empty(v) for v in value.values())
    return False


def _label_for(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _guessed_spec(key: str, value: Any) -> FieldSpec:
    """A field the form no longer (or never) defined: typed from what it holds."""
    kind = FieldType.TEXT
    if isinstance(value, str) and "\n" in value or isinstance(value, str) and len(value) > 120:
        kind = FieldType.LONG_TEXT
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        kind = FieldType.TABLE
    elif isinstance(value, bool):
        kind = FieldType.YES_NO
    elif _as_date(value):
        kind = FieldType.DATE
    return FieldSpec(id=key, label=_label_for(key), type=kind)
