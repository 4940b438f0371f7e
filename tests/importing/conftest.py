"""An import folder to spoil: the template's fictional example files, copied."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from recorder.importing import run_import
from recorder.resources import resource

TODAY = __import__("datetime").date(2026, 11, 20)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "export"
    shutil.copytree(resource("import-template"), copy)
    (copy / "README.md").unlink()
    return copy


@pytest.fixture
def do_import(reference, forms):
    """Run an import the way the command does, lines said kept for the test to read."""
    form = forms.forms["home_visit"]

    def run(store, folder: Path, *, dry_run: bool = False, said: list[str] | None = None):
        return run_import(
            store,
            folder,
            vocabulary=reference.relationships,
            ethnicities=reference.ethnicities,
            visit_form=(form.id, form.version),
            dry_run=dry_run,
            today=TODAY,
            say=(said.append if said is not None else None),
        )

    return run
