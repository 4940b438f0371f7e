"""Reading one person's family-record history: every change-log line about them.

Gathers the entities a person's history is made of (the person, anyone merged
into them, their memberships, relationships, involvements, cases and merges,
including ones since moved or removed) from the change log itself, so what was
true once is found even after a merge moved it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from recorder.domain.changes import Change

if TYPE_CHECKING:
    from recorder.store.store import Store

_LINKED = ("household_members", "relationships", "involvements", "cases")


@dataclass(frozen=True)
class FamilyHistory:
    person_id: str
    changes: list[Change]
    names: dict[str, str]
    """People, users, professionals and households by id."""


def read_family_history(store: Store, person_id: str) -> FamilyHistory:
    """Every change about ``person_id`` (and anyone ever merged into them), in log order."""
    store.people.get(person_id)
    people = {person_id}
    people |= {
        r["entity_id"]
        for r in store.rows(
            "SELECT DISTINCT entity_id FROM change_log WHERE entity = 'people' "
            "AND field = 'merged_into' AND new_value = ?",
            [person_id],
        )
    }
    marks = ", ".join("?" for _ in people)
    tables = ", ".join(f"'{t}'" for t in _LINKED)
    linked = {
        r["entity_id"]
        for r in store.rows(
            f"SELECT DISTINCT entity_id FROM change_log WHERE entity IN ({tables}) "
            "AND field IN ('person_id', 'other_id', 'child_id') "
            f"AND (new_value IN ({marks}) OR old_value IN ({marks}))",
            [*people, *people],
        )
    }
    merges = {
        r["id"]
        for r in store.rows(
            f"SELECT id FROM person_merges WHERE kept_id IN ({marks}) OR merged_id IN ({marks})",
            [*people, *people],
        )
    }
    households = {
        r["household_id"]
        for r in store.rows(
            f"SELECT household_id FROM household_members WHERE person_id IN ({marks})",
            list(people),
        )
    }
    # Who else moved in to or out of the person's homes is part of their story too.
    if households:
        homes = ", ".join("?" for _ in households)
        linked |= {
            r["id"]
            for r in store.rows(
                f"SELECT id FROM household_members WHERE household_id IN ({homes})",
                sorted(households),
            )
        }
    ids = sorted(people | linked | merges | households)
    changes: list[Change] = []
    for entity_id in ids:
        changes += store.history(entity_id)
    changes.sort(key=lambda c: c.seq)
    return FamilyHistory(person_id, changes, _names(store, changes))


def _names(store: Store, changes: list[Change]) -> dict[str, str]:
    mentioned = {c.user_id for c in changes if c.user_id} | {c.entity_id for c in changes}
    for c in changes:
        for value in (c.old_value, c.new_value):
            if isinstance(value, str) and len(value) == 36:
                mentioned.add(value)
    names = {u.id: u.name for u in store.users.many(sorted(mentioned)).values()}
    names |= {p.id: p.display_name for p in store.people.many(sorted(mentioned)).values()}
    names |= {p.id: p.name for p in store.professionals.many(sorted(mentioned)).values()}
    names |= {h.id: h.name for h in store.households.many(sorted(mentioned)).values()}
    return names
