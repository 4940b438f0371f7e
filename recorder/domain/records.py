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


@dataclass(frozen=True)
class Record:
    """A record's values are keyed by the form's field ids.

    ``provenance`` is keyed the same way and says where a value came from
    (the family record, an earlier visit, the dictation) so a reader can check it.
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
