"""Where documents go: file names a person can read, written whole or not at all.

A document is saved to a hidden temporary file beside its destination and
renamed into place, so a crash, a full disk or a cancelled batch never
leaves half a document where someone might send it.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

from docx.document import Document

from recorder.domain.records import event_day
from recorder.export.material import RecordMaterial

# Characters Windows, macOS or a council's file share refuse in a file name.
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_LONGEST_NAME = 150


class ExportError(Exception):
    """A document could not be written; ``str()`` says why, in a sentence."""


def file_name(material: RecordMaterial, form_title: str) -> str:
    """ "Szymańska, Oliwia - Home visit - 2026-09-10 - 1a2b3c4d.docx": sorts by child, then form.

    The short id keeps two records of the same day apart; the child's name is
    kept in its own script.
    """
    child = material.child
    values = material.record.values
    day = (event_day(values) or material.record.created_at.astimezone().date()).isoformat()
    who = ", ".join(p for p in (child.last_name, child.first_name) if p) or "Child"
    version = material.record.version
    parts = [who, form_title, day] + ([f"version {version}"] if version > 1 else [])
    parts.append(material.record.id[:8])
    name = " - ".join(_NOT_IN_NAMES.sub("-", p).strip(" .") for p in parts)
    if len(name) > _LONGEST_NAME:
        name = name[: _LONGEST_NAME - 12].rstrip(" .-") + " - " + material.record.id[:8]
    return name + ".docx"


def save_whole(doc: Document, path: Path) -> Path:
    """Write ``doc`` to ``path`` through a temporary file and a rename.

    :raises ExportError: saying what is wrong with the path, in words
    """
    folder = path.parent
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name ending in .docx.")
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist.")
    temporary = folder / f".{path.stem[:40]}.{uuid.uuid4().hex[:8]}.part"
    try:
        with open(temporary, "wb") as out:
            doc.save(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except PermissionError:
        raise ExportError(
            f"{path} cannot be written: permission denied. If the document is open in Word, "
            "close it and try again; otherwise choose a folder you can save to."
        ) from None
    except OSError as e:
        raise ExportError(f"{path} could not be written: {e.strerror or e}.") from None
    finally:
        temporary.unlink(missing_ok=True)
    return path


def writable_folder(folder: Path) -> Path:
    """Make the folder if it is missing; say plainly when it cannot be used.

    :raises ExportError: the folder is a file, or cannot be made or written to
    """
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file, not a folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"The folder {folder} cannot be made: {e.strerror or e}.") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"The folder {folder} cannot be written to: permission denied.")
    return folder
