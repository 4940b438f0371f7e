"""Where the data files live: ``resources/`` and ``forms/`` beside the package."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESOURCES = PROJECT_ROOT / "resources"
FORMS = PROJECT_ROOT / "forms"


def resource(*parts: str) -> Path:
    return RESOURCES.joinpath(*parts)


def shown_path(path: Path) -> str:
    """A path as an error message names it: relative to the project where it can be."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
