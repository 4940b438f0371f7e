"""Typing kept safe between saves: a working copy of a record being edited, not yet the record.

Autosave writes here every few seconds, so a power cut loses seconds, not
minutes; the record itself (and its audited change log) takes the result only
when the user saves, leaves the form, hands the record on, or stops typing for
a few minutes. A copy holds the form as the user left it and the values their
edits started from (``base``), so when it reaches the record it is saved field
by field like any other edit, and a field someone else changed meanwhile is a
conflict, not an overwrite. One copy per record and user; never synced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from recorder.domain.ids import utc_now


@dataclass(frozen=True)
class WorkingCopy:
    record_id: str
    user_id: str
    """The user typing; '' when no one is signed in (tests, tools)."""
    values: dict[str, Any] = field(default_factory=dict)
    """The form as the user left it: every field, the dictation, values of retired fields."""
    provenance: dict[str, Any] = field(default_factory=dict)
    base: dict[str, Any] = field(default_factory=dict)
    """The record's values the user's edits started from."""
    base_provenance: dict[str, Any] = field(default_factory=dict)
    kept_at: datetime = field(default_factory=utc_now)
