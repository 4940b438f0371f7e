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


def _module_name(path: Path) -> str:
    parts = ["recorder", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_two_windows_or_widgets_import_each_other():
    """Regression: the form window and the dictation pane imported each other (issue 12).

    An import only for type checking counts too: it is the same dependency, hidden.
    """
    ui = {_module_name(p): p for p in (PACKAGE / "ui").glob("*.py")}
    graph = {
        name: {m for m in _imports(path) if m in ui and m != name} for name, path in ui.items()
    }

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph[start]:
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    circles = sorted(name for name in ui if reaches(name, name, {name}))
    assert circles == []
