"""Two people changed one field from the same starting point: both values, for a person to choose.

A save writes only the fields its writer changed, each checked against the
value that writer started from (its base). When the stored value is neither
that base nor the writer's own new value, someone else changed the field
meanwhile: the field is not written, and a :class:`FieldConflict` says both
sides. The record editor shows it and a person chooses; sync raises the same
type for an edit pulled from another device. Nothing here may decide for the
user which value wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from recorder.domain.changes import Changes


class Side(StrEnum):
    """Which value a person kept when settling a conflict."""

    MINE = "mine"
    THEIRS = "theirs"


@dataclass(frozen=True)
class FieldConflict:
    """One field of one entity changed by two writers from the same base.

    :param entity: the table, e.g. ``records``
    :param field: the key, e.g. ``analysis`` (a record's value)
    :param base: the value both writers started from
    :param mine: what this writer wanted it to be
    :param theirs: what it is now, written by the other
    :param theirs_by: the other writer's user id, where the change log says
    :param theirs_at: when they wrote it (UTC ISO), where the change log says
    """

    entity: str
    entity_id: str
    field: str
    base: Any
    mine: Any
    theirs: Any
    theirs_by: str | None = None
    theirs_at: str | None = None

    def kept(self, side: Side) -> Any:
        """The value a person chose."""
        return self.mine if Side(side) is Side.MINE else self.theirs


@dataclass(frozen=True)
class FieldEdit:
    """One field a save writes: the value it had when the writer read it, and the new one.

    ``None`` as a value means the field is empty (the key is removed).
    """

    field: str
    base: Any
    value: Any


def is_conflict(base: Any, mine: Any, now: Any) -> bool:
    """Whether writing ``mine`` over ``now`` would lose someone else's change.

    It would not when the field is still as the writer read it, or already holds
    what the writer wants (two people made the same change).
    """
    return not (_same(now, base) or _same(now, mine))


@dataclass(frozen=True)
class SaveOutcome:
    """What a field-level save did: the fields written, and those left for a person to choose."""

    changes: Changes = field(default_factory=Changes)
    written: tuple[str, ...] = ()
    conflicts: tuple[FieldConflict, ...] = ()
    now: dict[str, Any] = field(default_factory=dict)
    """The stored values after the save, every field: the editor's new starting point."""
    provenance: dict[str, Any] = field(default_factory=dict)
    """The stored provenance after the save, every field."""


def _same(a: Any, b: Any) -> bool:
    """Empty is empty whether missing, None, "" or []: a cleared field matches a missing one."""
    empty = (None, "", [], {})
    return (a in empty and b in empty) if (a in empty or b in empty) else a == b
