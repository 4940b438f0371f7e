"""What sync leaves a person to see and decide: plain data for the status bar and the
"Needs a decision" screen (no Qt, no SQL).

A decision is a field two people changed without seeing each other's edit
(every value kept, with who and when), one of this laptop's changes that the
team's service refused (an edit to a record approved meanwhile, which offers an
amendment instead), two people added on two laptops apart who may be one, or a
change made to a person on a laptop that had not heard they were merged.
Nothing here decides which value wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ServiceSettings:
    """Where this laptop syncs: the service's address and its enrolment token.

    Kept in the encrypted database's ``local_settings``, never synced.
    ``device_id`` is the id the service gave this laptop at enrolment.
    """

    url: str
    token: str
    device_id: str | None = None


@dataclass(frozen=True)
class DecisionValue:
    """One of the values a person chooses between.

    :param value: the value as stored (text, a number, or None for empty)
    :param user_id: who set it (None when the change log does not say)
    :param user_name: their name as this laptop knows it ("" when unknown)
    :param device_id: the laptop it was set on
    :param at: when (UTC), from its clock reading
    :param hlc: its clock reading: what a choice names as its base
    :param mine: True when it was set on this laptop
    """

    value: Any
    user_id: str | None
    user_name: str
    device_id: str
    at: datetime
    hlc: str
    mine: bool


@dataclass(frozen=True)
class Decision:
    """One item of the "Needs a decision" list.

    :param kind: ``"conflict"`` (a field changed on two laptops), ``"refused"``
        (the service refused one of this laptop's changes) or ``"duplicate"`` (two
        people added on two laptops apart who match: ``values`` offers keeping the
        one added first, keeping the one added later, each with who added it and
        when, and "Different people: keep both"; ``entity_id`` is the one added first)
        or ``"after_merge"`` (a merged person's field changed, or a row added for
        them, on a laptop that had not heard of the merge: the first value carries
        it to the person kept, the second leaves it)
    :param entity: the table, e.g. ``records`` or ``people``
    :param entity_id: the record's or person's id
    :param field: the field, e.g. ``values.analysis`` or ``last_name``
    :param label: how a person knows the record or person ("Home visit, 3 November 2026")
    :param field_label: the field in words ("analysis")
    :param values: the values to choose between, highest clock first (for
        ``refused``: this laptop's refused value, then the value the team has)
    :param reason: for ``refused``, the service's reason in words
    :param offer: for ``refused``, what may be done instead (``"amendment"``)
    :param key: names the item for :meth:`recorder.store.sync_copy.SyncCopy.choose`
    """

    kind: str
    entity: str
    entity_id: str
    field: str
    label: str
    field_label: str
    values: tuple[DecisionValue, ...]
    reason: str = ""
    offer: str | None = None
    key: str = ""
