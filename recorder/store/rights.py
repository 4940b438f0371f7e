"""Who may call which store verb: checked in the store, never only in the window.

Every public method of a store table class carries one declaration:

- ``@verb(allowed=..., says=...)``: a write. Refused when nobody is signed in,
  and for a role not in ``allowed``, with ``says`` (who can) in the message.
  ``allowed=WRITERS`` means the table's own ``writers`` and ``writers_say``.
- ``@reads``: a read. Reading needs the database key, which only signing in
  gives, so reads are declared rather than checked again.
- ``@first_account``: allowed only while the database has no users at all.

A verb called from inside another verb is not checked again: the outer verb
was checked, and its own rules (allocation, team) were applied there.
``tests/store/test_rights.py`` fails for any public method left undeclared.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from recorder.domain.users import Role
from recorder.store.errors import RefusedWriteError

F = TypeVar("F", bound=Callable[..., Any])

WRITERS = "writers"  # the table's own writers (see Repository.writers)
BULK = "bulk"  # the table's writers and a team manager loading in bulk (demo, import)
EVERYONE = frozenset(Role)
SIGN_IN_FIRST = "Sign in first: nothing is changed without knowing who changes it."


@dataclass(frozen=True)
class Rights:
    kind: str  # "verb", "reads" or "first_account"
    allowed: frozenset[Role] | str | None = None
    says: str = ""

    def roles_for(self, table: Any) -> frozenset[Role]:
        if self.allowed == WRITERS:
            return frozenset(table.writers)
        if self.allowed == BULK:
            return frozenset(table.writers) | {Role.TEAM_MANAGER}
        return frozenset(self.allowed or ())

    def says_for(self, table: Any) -> str:
        if self.allowed == BULK:
            return f"{table.writers_say}; a team manager loads many at once"
        return table.writers_say if self.allowed == WRITERS else self.says


def rights_of(method: Any) -> Rights | None:
    return getattr(method, "__rights__", None)


def verb(*, allowed: Iterable[Role] | str = WRITERS, says: str = "") -> Callable[[F], F]:
    """Declare and check a write verb; see the module's docstring."""
    named = allowed in (WRITERS, BULK)
    rights = Rights("verb", allowed if named else frozenset(allowed), says)  # type: ignore[arg-type]

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def checked(self, *args: Any, **kwargs: Any) -> Any:
            store = self._store
            with store.in_use:  # the depth and the user are the store's, not this thread's
                if store._verb_depth:
                    return fn(self, *args, **kwargs)
                user = store.signed_in_user()
                if user is None:
                    raise RefusedWriteError(SIGN_IN_FIRST)
                if user.role not in rights.roles_for(self):
                    raise RefusedWriteError(
                        f"{rights.says_for(self)} "
                        f"(you are signed in as a {user.role.label.lower()})."
                    )
                store._verb_depth += 1
                try:
                    return fn(self, *args, **kwargs)
                finally:
                    store._verb_depth -= 1

        checked.__rights__ = rights  # type: ignore[attr-defined]
        return checked  # type: ignore[return-value]

    return wrap


def reads(fn: F) -> F:
    """Declare a read (no write, so no role check beyond holding the key)."""
    fn.__rights__ = Rights("reads")  # type: ignore[attr-defined]
    return fn


def first_account(fn: F) -> F:
    """Allowed only while the database has no users: how a new database gets its manager."""

    @functools.wraps(fn)
    def checked(self, *args: Any, **kwargs: Any) -> Any:
        store = self._store
        with store.in_use:
            if store.rows("SELECT 1 FROM users LIMIT 1"):
                raise RefusedWriteError(
                    "This database already has its team manager; ask them to add you."
                )
            store._verb_depth += 1
            try:
                return fn(self, *args, **kwargs)
            finally:
                store._verb_depth -= 1

    checked.__rights__ = Rights("first_account")  # type: ignore[attr-defined]
    return checked  # type: ignore[return-value]
