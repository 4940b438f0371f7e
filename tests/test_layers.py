"""The layers hold: nothing outside ``recorder/ui`` imports Qt, and the domain imports nothing."""

from __future__ import annotations

import ast
from pathlib import Path

import recorder

PACKAGE = Path(recorder.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _modules(exclude: str | None = None):
    for path in PACKAGE.rglob("*.py"):
        if exclude and exclude in path.relative_to(PACKAGE).parts:
            continue
        yield path


def test_nothing_outside_the_ui_imports_qt():
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m
            for m in _imports(path)
            if m.startswith(("PySide6", "PyQt", "shiboken", "qtpy", "recorder.ui"))
        )
        for path in _modules(exclude="ui")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_domain_uses_nothing_of_the_project_but_itself():
    for path in (PACKAGE / "domain").rglob("*.py"):
        outside = [
            m
            for m in _imports(path)
            if m.startswith("recorder.") and not m.startswith("recorder.domain")
        ]
        assert outside == [], path.name
        assert not any(m.startswith(("sqlite", "sqlite_utils")) for m in _imports(path)), path.name
