"""A filled-in form: a visit, an assessment, with where each value came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from recorder.domain.ids import new_id, utc_now


class RecordStatus(StrEnum):
    DRAFT = "draft"
    WITH_BUSINESS_SUPPORT = "with business support"
    FINISHED = "finished"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def is_finished(self) -> bool:
        """Finished or approved: fit to send out of the team."""
        return self in (RecordStatus.FINISHED, RecordStatus.APPROVED)


DICTATION = "dictation"
"""The name of a record's dictation, where an edit or the change log names it."""
SUGGESTED = "suggested"
"""The name of business support's suggestions, where an edit or the change log names them."""
RESERVED = (DICTATION, SUGGESTED)
"""Names no form field may have (``recorder.forms.definitions.RESERVED_FIELD_IDS``)."""
MOVED_OUT_OF_VALUES = "moved-out-of-values:"
"""How the change-log ``tx`` of migration 0014 begins: the move of the dictation and
suggestions out of older records' values into their own fields. Logged, so the log
still replays to what the records hold; not told in a record's history, since nothing
a person wrote changed."""


@dataclass(frozen=True)
class Record:
    """A record's values are keyed by the form's field ids.

    ``provenance`` is keyed the same way and says where a value came from
    (the family record, an earlier visit, the dictation) so a reader can check it.
    The dictation and business support's suggestions are working material, not the
    record's words: they live in fields of their own, never among the values, so no
    reader of the values has to know to skip them.
    """

    case_id: str
    form_id: str
    form_version: int
    author_id: str | None
    status: RecordStatus = RecordStatus.DRAFT
    values: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    version: int = 1
    """1 for the record as first written; each amendment of an approved record adds one."""
    approved_by: str | None = None
    """The user who approved it (a team manager), once it is approved."""
    approved_at: datetime | None = None
    amends_id: str | None = None
    """The record this one corrects, when it is an amendment of an approved record."""
    amendment_reason: str = ""
    picked_up_by: str | None = None
    """The business support officer who opened it since it was last sent to them."""
    picked_up_at: datetime | None = None
    id: str = field(default_factory=new_id)
    # When the dictation was removed under the council's retention setting.
    dictation_removed_at: datetime | None = None
    dictation: str | None = None
    """What the worker dictated for this visit; None when there is none (or it was removed)."""
    suggested: dict[str, Any] = field(default_factory=dict)
    """Business support's suggested wording, {field id: {"value", "by", "at"}}, waiting for
    the practitioner to accept or reject it."""

    def __post_init__(self) -> None:
        # Values handed in with the dictation or suggestions among them (an older file, a
        # tool): they are moved to their own fields, so the values hold the record only.
        if any(key in self.values for key in RESERVED):
            values, dictation, suggested = split_reserved(self.values)
            object.__setattr__(self, "values", values)
            if self.dictation is None and dictation is not None:
                object.__setattr__(self, "dictation", dictation)
            if not self.suggested and suggested:
                object.__setattr__(self, "suggested", suggested)


def split_reserved(values: dict[str, Any]) -> tuple[dict[str, Any], str | None, dict[str, Any]]:
    """Values without the dictation and suggestions, and those two as found (None, {}: none)."""
    rest = {k: v for k, v in values.items() if k not in RESERVED}
    dictation = values.get(DICTATION)
    suggested = values.get(SUGGESTED)
    return (
        rest,
        dictation if isinstance(dictation, str) and dictation.strip() else None,
        dict(suggested) if isinstance(suggested, dict) else {},
    )


def editable_fields(record: Record) -> dict[str, Any]:
    """A record's values with its dictation and suggestions beside them, under their names.

    What a field-level save compares edits with, and what the record editor starts
    from: one name per thing a user can change. Never stored like this.
    """
    found = dict(record.values)
    if record.dictation is not None:
        found[DICTATION] = record.dictation
    if record.suggested:
        found[SUGGESTED] = dict(record.suggested)
    return found


BUSINESS_SUPPORT_BINDING = "business_support"
"""Provenance of a field business support suggested a change to: the value is still the
worker's own, so it is recorded whatever became of the suggestion."""


def unaccepted_suggestions(record: Record) -> set[str]:
    """Fields whose value is only a suggestion (prefilled or drafted) that no one accepted.

    Such a value is on the form to save typing, not because a person said it: a
    document or report must not present it as recorded.
    """
    found = set()
    for field_id, entry in record.provenance.items():
        if (
            field_id in record.values
            and isinstance(entry, dict)
            and not entry.get("accepted")
            and not entry.get("typed")
            and not entry.get("edited")
            and entry.get("binding") != BUSINESS_SUPPORT_BINDING
        ):
            found.add(field_id)
    return found


def ids_in(value: Any) -> list[str]:
    """Every string in a record's values that could be an id: people, professionals, users.

    Values hold people by id (who was present, who owns an action); whoever shows
    a record looks these up to print names instead.
    """
    if isinstance(value, dict):
        return [i for v in value.values() for i in ids_in(v)]
    if isinstance(value, list):
        return [i for v in value for i in ids_in(v)]
    return [value] if isinstance(value, str) and len(value) == 36 else []


def event_day(values: dict[str, Any]) -> date | None:
    """The day a record is about: its visit or assessment date, where it holds a real one."""
    for key in ("visit_date", "assessment_date"):
        value = values.get(key)
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                continue
    return None
