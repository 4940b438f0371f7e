"""The census ethnicity categories, read from ``resources/ethnicity.toml``."""

from __future__ import annotations

from pathlib import Path

from recorder.domain.ethnicity import EthnicityCategories
from recorder.reference.datafile import DataFileError, line_of, read_toml


def load_ethnicities(path: Path) -> EthnicityCategories:
    """Every group and category; an empty name, a repeated category or a wrong type is
    refused naming the file and line."""
    data = read_toml(path)
    groups = data.get("group")
    if not isinstance(groups, list) or not groups:
        raise DataFileError(path, "expected one or more [[group]] tables")
    found: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for number, group in enumerate(groups, start=1):
        name = group.get("name") if isinstance(group, dict) else None
        line = line_of(path, f'"{name}"') if isinstance(name, str) else None
        if not isinstance(name, str) or not name.strip():
            raise DataFileError(path, f"group {number} needs a name", line=line)
        categories = group.get("categories")
        if (
            not isinstance(categories, list)
            or not categories
            or not all(isinstance(c, str) and c.strip() for c in categories)
        ):
            raise DataFileError(
                path, f"group {name!r} needs a list of category names", line=line
            )
        for category in categories:
            full = f"{name} - {category}"
            if full in seen:
                raise DataFileError(path, f"{full!r} is listed twice", line=line)
            seen.add(full)
        found.append((name, tuple(categories)))
    earlier = data.get("earlier", {}).get("wordings", [])
    if not isinstance(earlier, list) or not all(isinstance(w, str) for w in earlier):
        raise DataFileError(
            path, "earlier.wordings must be a list of words", line=line_of(path, "[earlier]")
        )
    return EthnicityCategories(groups=tuple(found), earlier=frozenset(earlier))
