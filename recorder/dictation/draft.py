"""A draft visit note: every item with the words of the dictation it came from.

This module holds the result and how it reads in the evaluation format. The
pipeline that makes it is in ``pipeline.py``; nothing here decides anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

FIELDS = (
    "visit_date",
    "visit_time",
    "visit_type",
    "present",
    "absent",
    "seen_alone",
    "professionals",
    "new_people",
    "child_voice",
    "worries",
    "actions",
)


@dataclass(frozen=True)
class Evidence:
    """Where in the dictation, as the worker typed or pasted it, an item comes from."""

    start: int
    end: int
    words: str


@dataclass(frozen=True)
class Action:
    owner: str
    """``worker``, ``family``, or the id of a known person or professional."""
    due: date | None
    text: str


@dataclass(frozen=True)
class NewPerson:
    name: str
    relationship: str | None = None


@dataclass(frozen=True)
class DraftItem:
    field: str
    """One of ``FIELDS``."""
    value: Any
    """A date, ``HH:MM``, a person or professional id, a snippet, a worry tag,
    a ``NewPerson`` or an ``Action``, by field."""
    label: str
    """The item in plain English, as the worker reviews it."""
    evidence: tuple[Evidence, ...] = ()
    status: str = ""
    """Empty for a drafted item. For one only mentioned, not drafted, why: a worry
    "negated", "historical", "hypothetical", "possible", "disproved", "other" or
    "one_sign" (tears alone: a sign that needs another beside it); an
    action "offered", "considered", "conditional", "withdrawn", "done" or "routine"."""
    inferred: bool = False
    """Drafted from less than words saying so (a child present because the visit names
    them): never enough to answer a yes-or-no question such as whether the child was seen."""


@dataclass(frozen=True)
class Draft:
    dictation: str
    cleaned: str
    """The dictation with spoken punctuation applied, fillers and retracted words removed."""
    items: tuple[DraftItem, ...] = ()
    problems: tuple[str, ...] = field(default=())
    """Plain-English notes for the worker, e.g. that the dictation was empty."""
    set_aside: tuple[DraftItem, ...] = ()
    """Worries and actions the dictation mentions but does not assert or agree (each with
    its ``status`` and words): listed for the worker, never filed."""
    respelt: tuple = ()
    """Words spelt differently before drafting (``recognised.Change``: a heard name put as the
    record spells it, "Mom" as "Mum"), so the worker can see what was changed."""

    def of(self, field_name: str) -> list[DraftItem]:
        return [item for item in self.items if item.field == field_name]

    def values(self, field_name: str) -> list[Any]:
        return [item.value for item in self.of(field_name)]

    def prediction(self) -> dict[str, Any]:
        """The draft in the evaluation format of ``../shared/eval/README.md``."""
        first = {name: (self.values(name) or [None])[0] for name in ("visit_date", "visit_time")}
        return {
            "visit_date": first["visit_date"].isoformat() if first["visit_date"] else None,
            "visit_time": first["visit_time"],
            "people_present": self.values("present"),
            "seen_alone": self.values("seen_alone"),
            "new_people": [
                {"name": p.name, "relationship": p.relationship} for p in self.values("new_people")
            ],
            "professionals_mentioned": self.values("professionals"),
            "actions": [
                {
                    "owner": a.owner,
                    "due": a.due.isoformat() if a.due else None,
                    "text": a.text,
                }
                for a in self.values("actions")
            ],
            "child_voice": self.values("child_voice"),
            "worries": self.values("worries"),
        }
