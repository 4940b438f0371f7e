"""Professionals outside the family and their involvement with a child."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from recorder.domain.ids import new_id


@dataclass(frozen=True)
class Professional:
    """A teacher, GP, health visitor, police officer ... known to the team."""

    name: str
    role: str
    agency: str = ""
    phone: str = ""
    email: str = ""
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Involvement:
    """A professional's part in one child's life, e.g. their school's safeguarding lead."""

    professional_id: str
    child_id: str
    role: str = ""
    start_date: date | None = None
    end_date: date | None = None
    id: str = field(default_factory=new_id)
