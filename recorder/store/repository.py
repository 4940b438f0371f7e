"""The shared shape of a table of one kind of domain object: add, get, update."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from recorder.domain.changes import Changes
from recorder.domain.users import Role
from recorder.store.errors import NotFoundError
from recorder.store.rights import BULK, EVERYONE, reads, verb
from recorder.store.rows import column_name, from_row, to_column, to_row

if TYPE_CHECKING:
    from recorder.store.store import Store

T = TypeVar("T")


class Repository(Generic[T]):
    """One table, one data class. Subclasses add the verbs particular to them."""

    table: str
    item: type[T]
    noun: str = "item"  # how an error names one of these to a user
    # Who may add and change these (the generic verbs below); subclasses narrow it.
    writers: frozenset[Role] = EVERYONE
    writers_say: str = "Anyone signed in can change this"

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def _db(self):
        return self._store.db

    @verb()
    def add(self, obj: T) -> Changes:
        """Insert ``obj``; its id is already set by the data class.

        :param obj: a data class of this repository's type
        """
        if not isinstance(obj, self.item):
            raise TypeError(f"expected a {self.item.__name__}, got {type(obj).__name__}")
        return self.add_all([obj])

    @verb(allowed=BULK)
    def add_all(self, objs: Iterable[T]) -> Changes:
        """Insert many in one transaction (the demo loader and imports use this).

        The table's writers, and a team manager loading the demo or an import.
        """
        rows = [to_row(o) for o in objs]
        if not rows:
            return Changes()
        columns = list(rows[0])
        sql = (
            f"INSERT INTO {self.table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        with self._store.transaction():
            self._db.conn.executemany(sql, [[r[c] for c in columns] for r in rows])
        return Changes(frozenset({self.table}), frozenset(r["id"] for r in rows))

    @reads
    def get(self, id: str) -> T:
        row = self._one(f"SELECT * FROM {self.table} WHERE id = ?", [id])
        if row is None:
            raise NotFoundError(f"There is no {self.noun} with id {id}.")
        return row

    @reads
    def find(self, id: str) -> T | None:
        return self._one(f"SELECT * FROM {self.table} WHERE id = ?", [id])

    @reads
    def many(self, ids: list[str]) -> dict[str, T]:
        """Those of ``ids`` that exist, by id; unknown ids are simply absent."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        found = self._many(f"SELECT * FROM {self.table} WHERE id IN ({marks})", ids)
        return {item.id: item for item in found}  # type: ignore[attr-defined]

    @verb()
    def update(self, id: str, **changes: Any) -> Changes:
        """Change some fields of one item; only fields that really differ reach the log.

        :param id: the item's id
        :param changes: field names of the data class and their new values
        """
        return self._update(id, **changes)

    def _update(self, id: str, **changes: Any) -> Changes:
        """:meth:`update` without its rights check, for verbs that made their own."""
        known = {f.name for f in dataclasses.fields(self.item)} - {"id"}  # type: ignore[arg-type]
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValueError(f"A {self.noun} has no field called {', '.join(unknown)}.")
        current = self.get(id)
        dataclasses.replace(current, **changes)  # type-checks the names once more
        if not changes:
            return Changes()
        assignments = ", ".join(f"{column_name(self.item, k)} = ?" for k in changes)
        with self._store.transaction():
            self._db.execute(
                f"UPDATE {self.table} SET {assignments} WHERE id = ?",
                [to_column(v) for v in changes.values()] + [id],
            )
        return Changes.of(self.table, id)

    def _one(self, sql: str, params: list[Any]) -> T | None:
        found = self._many(sql, params)
        return found[0] if found else None

    def _many(self, sql: str, params: Iterable[Any] = ()) -> list[T]:
        return [from_row(self.item, r) for r in self._store.rows(sql, params)]
