"""When a form cannot be saved as it closes: say why in words and keep the typing in a file.

Closing never throws typing away. If the database refuses the last save (a
full disk, a read-only place, a long lock), the user is told so and offered
to keep what is on the form in a text file of their choosing; otherwise the
form stays open.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from recorder import APP_NAME
from recorder.domain.forms import FormSpec

KEEP, STAY = "keep", "stay"


def ask_keep_typing(parent: QWidget, problem: str) -> str:
    """KEEP (write it to a file) or STAY (leave the form open); never "discard"."""
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, "", parent=parent)
    box.setText(f"What you typed could not be saved.\n\n{problem}")
    box.setInformativeText(
        "Keep it in a file so nothing is lost, or stay on the form and try again later."
    )
    keep = box.addButton("Keep it in a file…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Stay on the form", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return KEEP if box.clickedButton() is keep else STAY


def choose_file(parent: QWidget, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, "Keep what you typed", str(suggested), "Text files (*.txt)"
    )
    return Path(name) if name else None


def unsaved_text(form: FormSpec, values: dict[str, Any], *, problem: str) -> str:
    """What was on the form, readable, and whole at the end so it can be put back."""
    lines = [
        f"{form.title}: not saved ({datetime.now().strftime('%d/%m/%Y %H:%M')})",
        problem,
        "",
    ]
    for spec in form.fields:
        value = values.get(spec.id)
        if value in (None, "", [], {}):
            continue
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        lines += [f"{spec.label}:", shown, ""]
    lines += ["Everything on the form, as data:", json.dumps(values, ensure_ascii=False, indent=2)]
    return "\n".join(lines) + "\n"


def keep_unsaved(parent: QWidget, form: FormSpec, values: dict[str, Any], problem: str) -> bool:
    """Ask, and keep the typing in a file; True once it is safely written (the form may close)."""
    while ask_keep_typing(parent, problem) == KEEP:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        stamp = datetime.now().strftime("%Y-%m-%d %H%M")
        path = choose_file(parent, Path(folder or Path.home()) / f"{form.title} {stamp}.txt")
        if path is None:
            continue
        try:
            path.write_text(unsaved_text(form, values, problem=problem), encoding="utf-8")
        except OSError as e:
            problem = f"It could not be kept in {path} either ({e.strerror or e})."
            continue
        QMessageBox.information(
            parent, APP_NAME, f"What you typed is kept in {path}. The form will now close."
        )
        return True
    return False
