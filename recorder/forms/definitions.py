"""Reading form definitions from ``forms/*.toml``, checking every part of them.

A bad definition raises :class:`DataFileError` naming the file, the field and
the problem; :func:`load_forms` collects those and carries on, so one broken
file never stops the good forms from opening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recorder.domain.cases import CaseType
from recorder.domain.forms import FieldSpec, FieldType, FormSpec, SectionSpec
from recorder.domain.records import RESERVED
from recorder.forms.bindings import binding_problem
from recorder.forms.checks import CHECKS
from recorder.reference.datafile import DataFileError, line_of, read_toml
from recorder.resources import FORMS

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_KNOWN_FIELD_KEYS = {
    "id", "label", "type", "required", "help", "validate", "bind", "options", "min", "max",
    "max_length", "admin", "voice", "column",
}  # fmt: skip
# Names of a record's own fields beside the form's: the dictation (``Record.dictation``)
# and business support's suggestions (``Record.suggested``). They are kept in columns of
# their own, not among the values, but a save, the change log and the record editor name
# them beside the form's fields, so a field with one of these ids would be taken for them.
RESERVED_FIELD_IDS = frozenset(RESERVED)
_TYPES = ", ".join(t.value for t in FieldType if t is not FieldType.OWNER)


@dataclass(frozen=True)
class FormLibrary:
    forms: dict[str, FormSpec]
    problems: list[DataFileError]

    def offered_for(self, case_type: str) -> list[FormSpec]:
        return [f for f in self.forms.values() if f.offered_for(case_type)]

    def visit_form_ids(self) -> list[str]:
        return [f.id for f in self.forms.values() if f.counts_as_visit]

    def titles(self) -> dict[str, str]:
        return {f.id: f.title for f in self.forms.values()}


def load_forms(folder: Path | None = None) -> FormLibrary:
    """Every form in ``folder``; broken files are reported in ``problems``, not raised."""
    folder = folder or FORMS
    forms: dict[str, FormSpec] = {}
    problems: list[DataFileError] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            form = load_form(path)
        except DataFileError as e:
            problems.append(e)
            continue
        except (RecursionError, MemoryError):
            problems.append(DataFileError(path, "the file is nested too deeply to be a form"))
            continue
        if form.id in forms:
            problems.append(
                DataFileError(
                    path, f"form id {form.id!r} is already used by {forms[form.id].source}"
                )
            )
            continue
        forms[form.id] = form
    return FormLibrary(forms, problems)


def load_form(path: Path) -> FormSpec:
    data = read_toml(path)
    head = data.get("form")
    if not isinstance(head, dict):
        raise DataFileError(path, "the file needs a [form] table with id, title and version")
    form_id = head.get("id")
    if not isinstance(form_id, str) or not _ID.match(form_id):
        raise DataFileError(
            path,
            "[form] id must be lower-case letters, digits and _ (for example home_visit)",
            line=line_of(path, "id"),
        )
    title = head.get("title")
    if not isinstance(title, str) or not title.strip():
        raise DataFileError(path, "[form] needs a title", line=line_of(path, "[form]"))
    version = head.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DataFileError(
            path,
            "[form] version must be a whole number of 1 or more",
            line=line_of(path, "version"),
        )
    case_types = head.get("case_types", [])
    known_types = {t.value for t in CaseType}
    if (
        not isinstance(case_types, list)
        or not all(isinstance(t, str) for t in case_types)
        or not set(case_types) <= known_types
    ):
        raise DataFileError(
            path,
            f"[form] case_types must list some of: {', '.join(sorted(known_types))}",
            line=line_of(path, "case_types"),
        )
    raw_sections = data.get("section")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise DataFileError(path, "the form needs at least one [[section]]")
    seen: set[str] = set()
    sections = []
    for number, raw in enumerate(raw_sections, 1):
        sections.append(_section(path, raw, number, seen))
    return FormSpec(
        id=form_id,
        title=title.strip(),
        version=version,
        sections=tuple(sections),
        description=str(head.get("description", "")),
        case_types=tuple(case_types),
        counts_as_visit=bool(head.get("counts_as_visit", False)),
        source=path.name,
    )


def _section(path: Path, raw: Any, number: int, seen: set[str]) -> SectionSpec:
    if not isinstance(raw, dict) or not isinstance(raw.get("title"), str):
        raise DataFileError(path, f"section {number} needs a title")
    raw_fields = raw.get("field")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise DataFileError(
            path,
            f"section {raw['title']!r} has no [[section.field]] entries",
            line=line_of(path, raw["title"]),
        )
    fields = tuple(_field(path, f, seen, where=f"section {raw['title']!r}") for f in raw_fields)
    section_id = raw.get("id") or f"section_{number}"
    return SectionSpec(id=str(section_id), title=raw["title"], fields=fields)


def _field_line(path: Path, field_id: str, *, column: bool) -> int | None:
    """The line of ``id = "<field_id>"`` under a field (or column) header, not a section's."""
    header = "[[section.field.column]]" if column else "[[section.field]]"
    wanted = re.compile(rf'^\s*id\s*=\s*"{re.escape(field_id)}"')
    current = None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, text in enumerate(lines, 1):
        stripped = text.strip()
        if stripped.startswith("["):
            current = stripped
        elif current == header and wanted.match(text):
            return number
    return line_of(path, f'"{field_id}"')


def _field(path: Path, raw: Any, seen: set[str], *, where: str, column: bool = False) -> FieldSpec:
    if not isinstance(raw, dict):
        raise DataFileError(path, f"{where}: each field must be a table")
    field_id = raw.get("id")
    if not isinstance(field_id, str) or not _ID.match(field_id):
        raise DataFileError(
            path,
            f"{where}: a field has a missing or badly written id "
            f"({field_id!r}); use lower-case letters, digits and _",
        )
    line = _field_line(path, field_id, column=column)

    def fail(problem: str) -> DataFileError:
        return DataFileError(path, f"field {field_id!r}: {problem}", line=line)

    if field_id in seen:
        raise fail("this id is used twice in the form")
    if field_id in RESERVED_FIELD_IDS and not column:
        raise fail(
            f"{field_id!r} is a name the app keeps for its own use in a record; "
            "choose another id"
        )
    seen.add(field_id)
    unknown = sorted(set(raw) - _KNOWN_FIELD_KEYS)
    if unknown:
        raise fail(f"unknown setting {', '.join(unknown)} (check the spelling)")
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        raise fail("a label is needed")
    try:
        kind = FieldType(raw.get("type"))
    except ValueError:
        raise fail(f"type {raw.get('type')!r} is not one of {_TYPES}") from None
    if kind is FieldType.OWNER and not column:
        raise fail("type 'owner' is for table columns only")
    options = raw.get("options", [])
    if kind in (FieldType.CHOICE, FieldType.CHOICES):
        if (
            not isinstance(options, list)
            or not options
            or not all(isinstance(o, str) for o in options)
        ):
            raise fail("a choice needs options, a list of words")
    elif not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        raise fail('options must be a list of words, e.g. options = ["Yes", "No"]')
    validate = raw.get("validate", [])
    if isinstance(validate, str):
        validate = [validate]
    if not isinstance(validate, list) or not all(isinstance(c, str) for c in validate):
        raise fail('validate must be a check or a list of checks, e.g. validate = ["postcode"]')
    for check in validate:
        if check not in CHECKS:
            raise fail(f"check {check!r} is not one of {', '.join(CHECKS)}")
    bind = raw.get("bind")
    if bind is not None and not isinstance(bind, str):
        raise fail('bind must be written in quotes, e.g. bind = "child.nhs_number"')
    if bind is not None:
        problem = binding_problem(bind, kind)
        if problem:
            raise fail(problem)
    for key in ("min", "max", "max_length"):
        if key in raw and (not isinstance(raw[key], int) or isinstance(raw[key], bool)):
            raise fail(f"{key} must be a whole number")
    columns: tuple[FieldSpec, ...] = ()
    if kind is FieldType.TABLE:
        raw_columns = raw.get("column")
        if not isinstance(raw_columns, list) or not raw_columns:
            raise fail("a table needs [[section.field.column]] entries")
        column_ids: set[str] = set()
        columns = tuple(
            _field(path, c, column_ids, where=f"table {field_id!r}", column=True)
            for c in raw_columns
        )
    if bind == "household.other_children" and not any(
        c.id == "child" and c.type is FieldType.PERSON for c in columns
    ):
        raise fail(
            'binding "household.other_children" needs a column with id = "child" of type "person"'
        )
    for key in ("required", "admin", "voice"):
        if not isinstance(raw.get(key, False), bool):
            raise fail(f"{key} must be true or false")
    if raw.get("voice") and kind not in (FieldType.TEXT, FieldType.LONG_TEXT):
        raise fail("voice = true is for text fields: the child's own words")
    return FieldSpec(
        id=field_id,
        label=label.strip(),
        type=kind,
        required=bool(raw.get("required", False)),
        help=str(raw.get("help", "")),
        validate=tuple(validate),
        bind=bind,
        options=tuple(options),
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        max_length=raw.get("max_length"),
        admin=bool(raw.get("admin", False)),
        voice=bool(raw.get("voice", False)),
        columns=columns,
    )
