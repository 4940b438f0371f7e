"""A record's change log told in plain English: who, when, what, from what, to what.

Read only from the change log, which the database itself refuses to rewrite,
so what this tells is what happened.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from recorder.domain.changes import Change
from recorder.domain.dates import uk_date
from recorder.domain.forms import FieldType, FormSpec
from recorder.domain.ids import from_utc_iso
from recorder.domain.kept_audio import AUDIO_ENTITY, duration_words
from recorder.domain.records import MOVED_OUT_OF_VALUES

EMPTY = "(empty)"
# Bookkeeping every save touches: told by the time of the line, not as a change.
_QUIET = {"updated_at"}
_QUIET_PREFIXES = ("provenance.",)
_RECORD_FIELDS = {
    "status": "Status",
    "approved_by": "Approved by",
    "approved_at": "Approved on",
    "amends_id": "Amends the record",
    "amendment_reason": "Reason for the amendment",
    "author_id": "Written by",
    "version": "Version",
    "form_version": "Form version",
    "dictation": "Dictation",
    # Before migration 0014 both were kept among the values; their old log rows still say so.
    "values.dictation": "Dictation",
    "values.suggested": "Suggestions from business support",
}
_CREATION = {"case_id", "form_id", "created_at", "id"}
# What every new record starts with; said by "Created the record", not line by line.
_CREATION_QUIET = {"author_id", "form_version", "status"}
_SUGGESTED = "values.suggested"
# Business support's suggestions since migration 0014: one log row per field suggested.
_SUGGESTION_PREFIX = "suggested."


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    what: str
    old: str
    new: str
    field: str
    """The change log's own name for the field, e.g. ``values.observations``."""


def history_lines(
    changes: Iterable[Change],
    *,
    form: FormSpec | None,
    names: dict[str, str],
    reasons: dict[str, str] | None = None,
) -> list[HistoryLine]:
    """Each change of a record as a line a person can read, oldest first.

    :param names: users, people and professionals by id, to show names not ids
    :param reasons: a hand-off's reason by the change log transaction it was made in,
        added to the status line it explains
    """
    reasons = reasons or {}
    lines: list[HistoryLine] = []
    created: set[str] = set()
    for change in changes:
        if change.field in _QUIET or change.field.startswith(_QUIET_PREFIXES):
            continue
        if (change.tx or "").startswith(MOVED_OUT_OF_VALUES):
            continue  # the dictation and suggestions moved to their own fields: no one's edit
        at = from_utc_iso(change.at).astimezone()
        who = names.get(change.user_id or "", "Someone not signed in")
        if change.entity == AUDIO_ENTITY:
            line = _audio_line(change, at, who)
            if line is not None:
                lines.append(line)
            continue
        if change.op == "insert" and change.field in _CREATION:
            if change.tx not in created:
                created.add(change.tx)
                lines.append(HistoryLine(at, who, "Created the record", "", "", "created"))
            continue
        if change.op == "insert" and _unremarkable_at_creation(change):
            continue
        what = _label(change.field, form)
        old = _words(change.field, change.old_value, form, names)
        new = _words(change.field, change.new_value, form, names)
        if change.field == "status" and change.tx in reasons and reasons[change.tx]:
            new += f" (reason: {reasons[change.tx]})"
        lines.append(HistoryLine(at, who, what, old, new, change.field))
    return lines


def _audio_line(change: Change, at: datetime, who: str) -> HistoryLine | None:
    """A recording's audio kept, or deleted when the council's days were up: one line each."""
    if change.op == "insert" and change.field == "seconds":
        try:
            length = duration_words(float(change.new_value))
        except (TypeError, ValueError):
            length = "a recording"
        kept = f"{length} kept, encrypted, on the laptop that recorded it"
        return HistoryLine(at, who, "Recording's audio kept", "", kept, "audio.kept")
    if change.field == "removed_at" and change.new_value:
        said = "Deleted: the council's time for keeping audio was up"
        return HistoryLine(at, who, "Recording's audio deleted", "", said, "audio.removed")
    return None


def who_wrote(lines: Iterable[HistoryLine]) -> dict[str, HistoryLine]:
    """For each field, the line that last set it: who wrote what the record says now."""
    last: dict[str, HistoryLine] = {}
    for line in lines:
        if line.field.startswith("values.") and line.field != _SUGGESTED:  # not the record's
            last[line.what] = line
    return last


def _label(field: str, form: FormSpec | None) -> str:
    if field in _RECORD_FIELDS:
        return _RECORD_FIELDS[field]
    if field.startswith(_SUGGESTION_PREFIX):
        of = _label("values." + field.removeprefix(_SUGGESTION_PREFIX), form)
        return f"Suggestion from business support: {of}"
    if field.startswith("values."):
        key = field.removeprefix("values.")
        spec = form.field(key) if form else None
        return spec.label if spec else key.replace("_", " ").capitalize()
    return field.replace("_", " ").capitalize()


def _unremarkable_at_creation(change: Change) -> bool:
    """A new record's bookkeeping and empty fields: nothing a reader needs a line for."""
    if change.field in _CREATION_QUIET or change.new_value in (None, "", "[]", "{}"):
        return True
    return change.field == "version" and str(change.new_value) == "1"


def _words(field: str, value: Any, form: FormSpec | None, names: dict[str, str]) -> str:
    if value is None or value == "":
        return EMPTY
    spec = (
        form.field(field.removeprefix("values.")) if form and field.startswith("values.") else None
    )
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = json.loads(value)
        except ValueError:
            pass
    if spec is not None and spec.type is FieldType.YES_NO and value in (0, 1, True, False):
        return "Yes" if value else "No"
    if field == "status" and isinstance(value, str):
        return value.capitalize()
    if field == _SUGGESTED and isinstance(value, dict):
        return _suggestions(value, form, names) or EMPTY
    if field.startswith(_SUGGESTION_PREFIX) and isinstance(value, dict):
        spec = form.field(field.removeprefix(_SUGGESTION_PREFIX)) if form else None
        wording = _words("values." + spec.id, value.get("value"), form, names) if spec else None
        return wording or _plain(value.get("value"), names) or EMPTY
    return _plain(value, names) or EMPTY


def _suggestions(value: dict[str, Any], form: FormSpec | None, names: dict[str, str]) -> str:
    """Business support's suggestions as "Analysis: their wording", field by field."""
    told = []
    for key, suggestion in value.items():
        wording = suggestion.get("value") if isinstance(suggestion, dict) else suggestion
        told.append(f"{_label('values.' + key, form)}: {_plain(wording, names) or EMPTY}")
    return "; ".join(told)


def _plain(value: Any, names: dict[str, str]) -> str:
    if isinstance(value, list):
        return "; ".join(_plain(v, names) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')}: {_plain(v, names)}" for k, v in value.items())
    text = str(value)
    if text in names:
        return names[text]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return uk_date(date.fromisoformat(text))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d\d:\d\d)?", text):
        moment = from_utc_iso(text).astimezone()
        return moment.strftime("%d/%m/%Y %H:%M")
    return text
