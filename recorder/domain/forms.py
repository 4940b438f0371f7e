"""What a form is: sections of typed fields, some bound to facts already known.

A form is data (a TOML file under ``forms/``); these classes are what it is
read into, shared by the screen, validation, prefill and export alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    TIME = "time"
    YES_NO = "yes_no"
    CHOICE = "choice"
    CHOICES = "choices"
    NUMBER = "number"
    SCALE = "scale"
    PERSON = "person"
    PEOPLE = "people"
    PROFESSIONAL = "professional"
    ADDRESS = "address"
    TABLE = "table"
    OWNER = "owner"
    """Table columns only: who owns an action (a person, a professional, the worker, the family)."""


def form_title(titles: dict[str, str], form_id: str) -> str:
    """A form's title, or a readable stand-in when the form is not installed here."""
    return titles.get(form_id, form_id.replace("_", " ").capitalize())


@dataclass(frozen=True)
class FieldSpec:
    id: str
    label: str
    type: FieldType
    required: bool = False
    help: str = ""
    validate: tuple[str, ...] = ()
    bind: str | None = None
    options: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    admin: bool = False
    """Business support may change it freely (dates, references, typing up)."""
    voice: bool = False
    """The child's own words: set apart in documents so a reader finds them at once."""
    columns: tuple[FieldSpec, ...] = ()


@dataclass(frozen=True)
class SectionSpec:
    id: str
    title: str
    fields: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class FormSpec:
    id: str
    title: str
    version: int
    sections: tuple[SectionSpec, ...]
    description: str = ""
    case_types: tuple[str, ...] = ()
    counts_as_visit: bool = False
    source: str = ""
    """The file it was read from, for messages."""
    _by_id: dict[str, FieldSpec] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for section in self.sections:
            for f in section.fields:
                self._by_id[f.id] = f

    @property
    def fields(self) -> list[FieldSpec]:
        return [f for s in self.sections for f in s.fields]

    def field(self, field_id: str) -> FieldSpec | None:
        return self._by_id.get(field_id)

    def offered_for(self, case_type: str) -> bool:
        return not self.case_types or case_type in self.case_types
