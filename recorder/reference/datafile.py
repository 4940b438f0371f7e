"""Reading data files so that every mistake in one names the file and the line."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from recorder.resources import shown_path


class DataFileError(ValueError):
    """A data file is missing, unreadable or says something that cannot be right."""

    def __init__(self, path: Path, problem: str, *, line: int | None = None) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        where = shown_path(path) + (f", line {line}" if line else "")
        super().__init__(f"{where}: {problem}")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(path, "the file is missing") from None
    except UnicodeDecodeError:
        raise DataFileError(path, "the file is not UTF-8 text") from None
    except OSError as e:
        raise DataFileError(path, f"the file cannot be read ({e.strerror})") from None


def read_toml(path: Path) -> dict[str, Any]:
    text = _read_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(found.group(1)) if found else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise DataFileError(path, f"not valid TOML: {message}", line=line) from None
    except RecursionError:
        raise DataFileError(path, "not valid TOML: brackets nested too deeply") from None


def read_json(path: Path) -> Any:
    text = _read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise DataFileError(path, f"not valid JSON: {e.msg}", line=e.lineno) from None
    except RecursionError:
        raise DataFileError(path, "not valid JSON: brackets nested too deeply") from None


def line_of(path: Path, needle: str) -> int | None:
    """The first line holding ``needle``: lets a validation error point at a line."""
    try:
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in text:
                return number
    except OSError:
        return None
    return None
