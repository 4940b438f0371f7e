"""What a council decides about its documents, read from ``resources/export.toml``.

Checked once at start-up: a missing logo or template, or an unknown choice,
is reported with the file and the line, before anyone presses Export.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from recorder.export.template import check_template
from recorder.reference.datafile import DataFileError, line_of, read_toml
from recorder.resources import resource

_KNOWN = {"council_name", "department", "logo", "template", "empty_fields"}


class EmptyFields(StrEnum):
    NOT_RECORDED = "not_recorded"
    """Print the field with the words "Not recorded"."""
    LEAVE_OUT = "leave_out"
    """Leave the field out, and a section with nothing in it."""


@dataclass(frozen=True)
class ExportSettings:
    council_name: str
    template: Path
    department: str = ""
    logo: Path | None = None
    empty_fields: EmptyFields = EmptyFields.NOT_RECORDED

    def with_empty_fields(self, choice: EmptyFields | str) -> ExportSettings:
        return replace(self, empty_fields=EmptyFields(choice))


def load_export_settings(path: Path | None = None) -> ExportSettings:
    """Read and check the export settings; paths in the file are relative to its folder.

    :raises DataFileError: naming the file, the line and what is wrong
    """
    path = path or resource("export.toml")
    data = read_toml(path)

    def fail(key: str, problem: str) -> DataFileError:
        return DataFileError(path, problem, line=line_of(path, f"{key} =") or line_of(path, key))

    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise fail(unknown[0], f"unknown setting {', '.join(unknown)} (check the spelling)")
    for key in _KNOWN:
        if key in data and not isinstance(data[key], str):
            raise fail(key, f'{key} must be written in quotes, e.g. {key} = "..."')
    council = data.get("council_name", "").strip()
    if not council:
        raise fail("council_name", "council_name is needed: it heads every document")
    try:
        empty = EmptyFields(data.get("empty_fields", EmptyFields.NOT_RECORDED.value))
    except ValueError:
        raise fail("empty_fields", 'empty_fields must be "not_recorded" or "leave_out"') from None

    def existing(key: str, suffixes: tuple[str, ...]) -> Path | None:
        name = data.get(key, "").strip()
        if not name:
            return None
        found = path.parent / name
        if found.suffix.lower() not in suffixes:
            raise fail(key, f"{key} {name!r} must be a {' or '.join(suffixes)} file")
        if not found.is_file():
            raise fail(key, f"{key} {name!r} is not there (looked for {found})")
        return found

    template = existing("template", (".docx",))
    if template is None:
        raise fail("template", "template is needed: the Word file documents start from")
    check_template(template)
    return ExportSettings(
        council_name=council,
        department=data.get("department", "").strip(),
        logo=existing("logo", (".png", ".jpg", ".jpeg")),
        template=template,
        empty_fields=empty,
    )
