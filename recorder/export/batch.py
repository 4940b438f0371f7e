"""Exporting one record or many, with progress and a way to stop.

``write_documents`` is a plain function that reports progress and checks for
cancellation through the callables it is given, so the window runs it on a
background thread with a progress bar and the command line runs it as it
is. One record that cannot be written is reported and the rest go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from recorder.domain.forms import form_title
from recorder.export.files import ExportError, file_name, save_whole, writable_folder
from recorder.export.material import NotGathered, RecordMaterial
from recorder.export.outline import outline_record
from recorder.export.settings import ExportSettings
from recorder.export.word import build_document
from recorder.forms.definitions import FormLibrary


@dataclass(frozen=True)
class Exported:
    record_id: str
    path: Path


@dataclass(frozen=True)
class NotExported:
    record_id: str
    message: str


@dataclass
class BatchResult:
    written: list[Exported] = field(default_factory=list)
    problems: list[NotExported] = field(default_factory=list)
    cancelled: bool = False
    folder: Path | None = None

    def summary(self) -> str:
        """ "Exported 29 records to …; 1 could not be exported." in plain words."""
        done = len(self.written)
        text = f"Exported {done} record{'s' if done != 1 else ''}"
        if self.folder is not None:
            text += f" to {self.folder}"
        text += "."
        if self.problems:
            bad = len(self.problems)
            text += f" {bad} could not be exported."
        if self.cancelled:
            text += " Stopped before the end, as asked."
        return text


def export_document(
    material: RecordMaterial, path: Path, *, forms: FormLibrary, settings: ExportSettings
) -> Path:
    """Write one record's document to ``path`` (whole, or not at all).

    :raises ExportError: when the file cannot be written
    """
    record = material.record
    form = forms.forms.get(record.form_id)
    title = form_title(forms.titles(), record.form_id)
    outline = outline_record(material, form, empty=settings.empty_fields, form_title=title)
    return save_whole(build_document(outline, settings), path)


def document_name(material: RecordMaterial, forms: FormLibrary) -> str:
    return file_name(material, form_title(forms.titles(), material.record.form_id))


def write_documents(
    materials: Iterable[RecordMaterial | NotGathered],
    folder: Path,
    *,
    forms: FormLibrary,
    settings: ExportSettings,
    total: int,
    progress: Callable[[int, int, str], None] = lambda done, total, name: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> BatchResult:
    """Write each record's document into ``folder``.

    :param progress: told ``(done, total, what)`` after each record
    :param cancelled: asked before each record; True stops the batch cleanly, with
        every document written so far complete and nothing half-written
    :raises ExportError: only when the folder itself cannot be used
    """
    result = BatchResult(folder=writable_folder(folder))
    for done, material in enumerate(materials, 1):
        if cancelled():
            result.cancelled = True
            break
        if isinstance(material, NotGathered):
            result.problems.append(NotExported(material.record_id, material.message))
            progress(done, total, material.message)
            continue
        name = document_name(material, forms)
        try:
            path = export_document(material, folder / name, forms=forms, settings=settings)
        except ExportError as e:
            result.problems.append(NotExported(material.record.id, str(e)))
        except Exception as e:  # noqa: BLE001 - one bad record must not stop the rest
            result.problems.append(
                NotExported(material.record.id, f"Something went wrong writing {name}: {e}")
            )
        else:
            result.written.append(Exported(material.record.id, path))
        progress(done, total, name)
    return result
