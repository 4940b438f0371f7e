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
def _plan(cls: type) -> tuple[tuple[str, str, Any], ...]:
    """(field, column, base type) for each field: worked out once per class, not per row."""
    return tuple(
        (f.name, column_name(cls, f.name), _base(_hints(cls)[f.name]))
        for f in dataclasses.fields(cls)
    )


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    return cls(**{name: _from_column(base, row.get(column)) for name, column, base in _plan(cls)})


def _from_column(base: Any, raw: Any) -> Any:
    if raw is None:
        return {} if base is dict else [] if base is list else None
    if base is bool:
        return bool(raw)
    if base in (dict, list):
        return json.loads(raw)
    if base is datetime:
        return datetime.fromisoformat(raw)
    if base is date:
        return date.fromisoformat(raw)
    if isinstance(base, type) and issubclass(base, Enum):
        return base(raw)
    return raw
