"""Per-field merge: what a copy shows for each field, and which edits are in conflict.

Each edit names the clock reading(s) of the edit(s) it was based on. A field's
*heads* are the edits no other edit was based on: what nobody has yet seen and
replaced. One head, or heads that agree, is no conflict. Heads that differ are
an open conflict, kept with every value, who and when; meanwhile the copy shows
the head with the highest (clock, device), so what it shows does not depend on
who synced first. A person settles a conflict with an edit based on every head.

A delete is a field (``deleted_at``). A delete that did not see an edit (the
edit is not among the readings the delete was based on) is in conflict with
it, like two edits of one field; restoring the entity, or deleting it again
based on what is now there, settles it.

The result depends only on the set of edits, never on the order they arrive
in or on duplicates: that is what lets every copy converge. Plain Python: no
SQL, no network, no Qt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from recorder.sync.protocol import Change, base_readings, join_bases

DELETED_FIELD = "deleted_at"


@dataclass(frozen=True, slots=True)
class Edit:
    """One edit of one field: its reading (which names it), author and value."""

    hlc: str
    device_id: str
    value: Any
    bases: frozenset[str] = frozenset()
    user_id: str | None = None

    @classmethod
    def from_change(cls, change: Change) -> Edit:
        return cls(
            hlc=change.hlc,
            device_id=change.device_id,
            value=change.value,
            bases=base_readings(change.base_hlc),
            user_id=change.user_id,
        )

    @property
    def order(self) -> tuple[str, str]:
        return (self.hlc, self.device_id)


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@dataclass(frozen=True)
class FieldView:
    """A field as a copy shows it.

    :param heads: the edits nobody has replaced, highest (clock, device) first.
    """

    value: Any
    heads: tuple[Edit, ...]

    @property
    def shown(self) -> Edit | None:
        return self.heads[0] if self.heads else None

    @property
    def in_conflict(self) -> bool:
        return any(not _same(h.value, self.heads[0].value) for h in self.heads[1:])

    def settling_base(self) -> str | None:
        """``base_hlc`` for an edit that settles this field (based on every head)."""
        return join_bases(h.hlc for h in self.heads)


class FieldHistory:
    """Every edit of one field a copy has seen."""

    def __init__(self) -> None:
        self._edits: dict[str, Edit] = {}
        self._replaced: set[str] = set()

    def add(self, edit: Edit) -> bool:
        """Take one edit; False when it was already here (a duplicate delivery)."""
        if edit.hlc in self._edits:
            return False
        self._edits[edit.hlc] = edit
        self._replaced |= edit.bases
        return True

    def heads(self) -> tuple[Edit, ...]:
        live = [e for e in self._edits.values() if e.hlc not in self._replaced]
        return tuple(sorted(live, key=lambda e: e.order, reverse=True))

    def view(self) -> FieldView:
        heads = self.heads()
        return FieldView(value=heads[0].value if heads else None, heads=heads)

    def replaced(self, hlc: str) -> bool:
        return hlc in self._replaced

    def __iter__(self):
        return iter(self._edits.values())


@dataclass(frozen=True)
class Conflict:
    """An open conflict: the edits a person must choose between (or combine)."""

    entity: str
    entity_id: str
    field: str
    heads: tuple[Edit, ...]


@dataclass
class EntityView:
    fields: dict[str, FieldView] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def deleted(self) -> bool:
        view = self.fields.get(DELETED_FIELD)
        return view is not None and view.value is not None

    def values(self) -> dict[str, Any]:
        return {name: v.value for name, v in self.fields.items() if name != DELETED_FIELD}


class Merge:
    """The merged state of every entity a copy has seen edits of."""

    def __init__(self) -> None:
        self._fields: dict[tuple[str, str], dict[str, FieldHistory]] = {}

    def add(self, change: Change) -> bool:
        """Take one change; False when it was a duplicate."""
        fields = self._fields.setdefault((change.entity, change.entity_id), {})
        return fields.setdefault(change.field, FieldHistory()).add(Edit.from_change(change))

    def add_all(self, changes: Iterable[Change]) -> None:
        for change in changes:
            self.add(change)

    def entities(self) -> list[tuple[str, str]]:
        return sorted(self._fields)

    def view(self, entity: str, entity_id: str) -> EntityView:
        histories = self._fields.get((entity, entity_id), {})
        result = EntityView(fields={name: h.view() for name, h in sorted(histories.items())})
        for name, view in result.fields.items():
            if view.in_conflict:
                result.conflicts.append(Conflict(entity, entity_id, name, view.heads))
        if result.deleted:
            delete = result.fields[DELETED_FIELD].shown
            unseen = tuple(
                head
                for name, view in result.fields.items()
                if name != DELETED_FIELD
                for head in view.heads
                if head.hlc not in delete.bases
            )
            if unseen:
                result.conflicts.append(
                    Conflict(entity, entity_id, DELETED_FIELD, (delete, *unseen))
                )
        return result

    def conflicts(self) -> list[Conflict]:
        return [c for key in self.entities() for c in self.view(*key).conflicts]

    def delete_base(self, entity: str, entity_id: str) -> str | None:
        """``base_hlc`` for deleting an entity: every head of every field, so an edit the
        delete did not see stays a conflict instead of vanishing with it."""
        histories = self._fields.get((entity, entity_id), {})
        return join_bases(h.hlc for history in histories.values() for h in history.heads())

    def snapshot(self) -> dict[tuple[str, str, str], tuple[str, bool, tuple[str, ...]]]:
        """Everything a copy shows, as comparable data: per field its value (as JSON),
        whether it is in conflict, and its heads."""
        out = {}
        for key in self.entities():
            view = self.view(*key)
            conflicted = {c.field for c in view.conflicts}
            for name, fv in view.fields.items():
                out[(*key, name)] = (
                    json.dumps(fv.value, sort_keys=True),
                    name in conflicted,
                    tuple(h.hlc for h in fv.heads),
                )
        return out
