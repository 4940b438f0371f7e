"""Turning domain data classes into table rows and back.

Conversion follows each field's type hint, so a new field on a data class
needs a column and nothing else: dates become ``YYYY-MM-DD``, datetimes UTC
ISO text, enums their value, dicts JSON text and booleans 0 or 1.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from recorder.domain.ids import utc_iso

T = TypeVar("T")

JSON_SUFFIX = "_json"


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _base(hint: Any) -> Any:
    """``date | None`` -> ``date``; other hints unchanged."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return typing.get_origin(hint) or hint


def column_name(cls: type, name: str) -> str:
    return name + JSON_SUFFIX if _base(_hints(cls)[name]) in (dict, list) else name


def to_row(obj: Any) -> dict[str, Any]:
    cls = type(obj)
    return {
        column_name(cls, f.name): to_column(getattr(obj, f.name)) for f in dataclasses.fields(obj)
    }


def to_column(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return utc_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


@cache
def _plan(cls: type) -> tuple[tuple[str, str, Any, Any], ...]:
    """(field, column, how to read a value, what None reads as) for each field.

    Worked out once per class, not per value: a team's caseload reads 26,000 rows,
    and choosing each value's conversion afresh took half of that read.
    """
    return tuple(
        (f.name, column_name(cls, f.name), *_reading(_base(_hints(cls)[f.name])))
        for f in dataclasses.fields(cls)
    )


def _reading(base: Any) -> tuple[Any, Any]:
    """How a column's value becomes the field's (None: as it is), and what NULL becomes."""
    if base is dict:
        return json.loads, dict
    if base is list:
        return json.loads, list
    if base is bool:
        return bool, None
    if base is datetime:
        return datetime.fromisoformat, None
    if base is date:
        return date.fromisoformat, None
    if isinstance(base, type) and issubclass(base, Enum):
        return base, None
    return None, None


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    values = {}
    for name, column, read, empty in _plan(cls):
        raw = row.get(column)
        if raw is None:
            values[name] = empty() if empty else None
        else:
            values[name] = read(raw) if read else raw
    return cls(**values)
