"""What a write changed, so each window can refresh itself from one announcement."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """The tables and ids a store verb touched. Windows refresh on this, never on each other."""

    tables: frozenset[str] = field(default_factory=frozenset)
    ids: frozenset[str] = field(default_factory=frozenset)
    origin: str | None = None
    """Which window's action made them (``form:<record id>``, ``placements``...), when said:
    a window ignores its own announcement, a view what does not concern it."""

    @classmethod
    def of(cls, table: str, *ids: str) -> Changes:
        return cls(frozenset({table}), frozenset(ids))

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.tables | other.tables, self.ids | other.ids, self.origin or other.origin
        )

    def touches(self, *tables: str) -> bool:
        return bool(self.tables.intersection(tables))


@dataclass(frozen=True)
class Change:
    """One line of the change log: one field of one entity, before and after."""

    seq: int
    hlc: str
    at: str
    tx: str
    device_id: str
    user_id: str | None
    entity: str
    entity_id: str
    op: str
    field: str
    old_value: object
    new_value: object
