"""Export to Word from the window: one record to a file, or several into a folder.

What a document says is read on the store's thread; the document is built and
written on a thread of its own, so neither the window nor the database waits
on Word files. A batch shows its progress and can be cancelled between two
records; what was written by then is complete. Dialogs sit behind the small
``ask_*`` and ``tell_*`` functions, which tests replace.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressBar, QProgressDialog, QWidget

from recorder import APP_NAME
from recorder.domain.consent import AccessAction
from recorder.domain.task_state import Progress, TaskState
from recorder.export import (
    BatchResult,
    ExportError,
    ExportSettings,
    document_name,
    export_document,
    gather_material,
    gather_materials,
    write_documents,
)
from recorder.forms.definitions import FormLibrary
from recorder.reference.relationships import RelationshipVocabulary
from recorder.store import StoreError
from recorder.ui.tasks import EXPECTED_ERRORS, Lane, TaskRunner

_EXPECTED = (*EXPECTED_ERRORS, ExportError)
_SHOWN_PROBLEMS = 8


def ask_save_path(parent: QWidget, suggested: Path) -> Path | None:
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, "Export to Word", str(suggested), "Word documents (*.docx)"
    )
    return Path(chosen) if chosen else None


def ask_folder(parent: QWidget, start: Path) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, "Export to Word: choose a folder", str(start))
    return Path(chosen) if chosen else None


def tell_exported(parent: QWidget, message: str, *, document: Path | None, folder: Path) -> None:
    """Say what was written and offer to open it."""
    box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, message, parent=parent)
    open_document = (
        box.addButton("Open document", QMessageBox.ButtonRole.AcceptRole) if document else None
    )
    open_folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if open_document is not None and box.clickedButton() is open_document:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(document)))
    elif box.clickedButton() is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def tell_problem(parent: QWidget, message: str) -> None:
    QMessageBox.warning(parent, APP_NAME, message)


class WordExport(QObject):
    """Starts exports and reports them; knows nothing of which window asked.

    :param settings: the council's export settings, or None when the settings
        file is broken (``problem`` then says why, whenever export is asked for)
    """

    exported = Signal(object)
    """An export ended: carries the document's path, or a :class:`BatchResult`."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        forms: FormLibrary,
        vocabulary: RelationshipVocabulary,
        settings: ExportSettings | None,
        problem: str = "",
        start_folder: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.forms = forms
        self.vocabulary = vocabulary
        self.settings = settings
        self.problem = problem
        documents = QStandardPaths.StandardLocation.DocumentsLocation
        self.folder = start_folder or Path(QStandardPaths.writableLocation(documents))
        self.progress_dialog: QProgressDialog | None = None
        self.task: TaskState | None = None
        """The batch being written, whose ``cancel()`` stops it after the current record."""

    # -- one record ---------------------------------------------------------

    def export_record(self, record_id: str, *, parent: QWidget) -> None:
        """Ask where to save one record's document, then write it in the background."""
        if not self._ready(parent):
            return
        vocabulary = self.vocabulary
        self.runner.query(
            lambda store: gather_material(store, record_id, vocabulary=vocabulary),
            lambda material: self._save_one(material, parent),
            on_error=lambda message: tell_problem(parent, message),
        )

    def _save_one(self, material, parent: QWidget) -> None:
        path = ask_save_path(parent, self.folder / document_name(material, self.forms))
        if path is None:
            return
        if path.suffix.lower() != ".docx":
            path = path.with_name(path.name + ".docx")
        self.folder = path.parent
        forms, settings = self.forms, self.settings

        def done(written: Path) -> None:
            record_id = material.record.id
            self.runner.query(  # the access log: who exported which child's record
                lambda store: store.access.record(
                    AccessAction.EXPORTED, record_id=record_id, detail=written.name
                ),
                lambda _changes: None,
            )
            tell_exported(
                parent,
                f"The record is saved as a Word document:\n{written}",
                document=written,
                folder=written.parent,
            )
            self.exported.emit(written)

        self._start(
            lambda _state: export_document(material, path, forms=forms, settings=settings),
            done,
            lambda message: tell_problem(parent, message),
        )

    # -- several records ------------------------------------------------------

    def export_records(self, record_ids: list[str], *, parent: QWidget, what: str) -> None:
        """Several chosen records into a folder, with progress and a Cancel button."""
        if not self._ready(parent):
            return
        if len(record_ids) == 1:
            self.export_record(record_ids[0], parent=parent)
            return
        self._batch(lambda store: record_ids, parent=parent, what=what)

    def export_case(self, case_id: str, *, parent: QWidget, what: str) -> None:
        """Every finished (or approved) record of a case into a folder."""
        if not self._ready(parent):
            return
        self._batch(
            lambda store: store.records.ids(case_id=case_id, finished_only=True),
            parent=parent,
            what=what,
        )

    def _batch(self, which, *, parent: QWidget, what: str) -> None:
        folder = ask_folder(parent, self.folder)
        if folder is None:
            return
        self.folder = folder
        vocabulary, forms, settings = self.vocabulary, self.forms, self.settings

        def gather(store):
            ids = which(store)
            return ids, list(gather_materials(store, ids, vocabulary=vocabulary))

        def write(found) -> None:
            ids, materials = found
            if not ids:
                tell_problem(parent, f"There are no {what} to export.")
                return
            heading = f"Exporting {len(ids)} {what} to {folder}"
            dialog = QProgressDialog(f"{heading}…", "Cancel", 0, len(ids), parent)
            bar = QProgressBar(dialog)
            bar.setFormat("%v of %m")
            dialog.setBar(bar)
            dialog.setWindowTitle("Export to Word")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setValue(0)
            self.progress_dialog = dialog

            showing = [True]

            def show_progress(progress: Progress) -> None:
                # After Cancel, setValue would show the hidden dialog again; after the
                # end, an update still on its way would find the dialog gone.
                if not showing[0] or dialog.wasCanceled():
                    return
                dialog.setValue(progress.done)
                dialog.setLabelText(f"{heading}…\n{progress.done} of {progress.total} done.")

            def work(state: TaskState) -> BatchResult:
                return write_documents(
                    materials,
                    folder,
                    forms=forms,
                    settings=settings,
                    total=len(ids),
                    progress=state.set_progress,
                    cancelled=lambda: state.cancelled,
                )

            def done(result: BatchResult) -> None:
                showing[0] = False
                dialog.close()
                dialog.deleteLater()
                self.progress_dialog = None
                written = [(w.record_id, w.path.name) for w in result.written]

                def log(store) -> None:  # the access log: who exported which child's record
                    for record_id, name in written:
                        store.access.record(AccessAction.EXPORTED, record_id=record_id, detail=name)

                self.runner.query(log, lambda _none: None)
                tell_exported(parent, _batch_words(result), document=None, folder=folder)
                self.exported.emit(result)

            def failed(message: str) -> None:
                showing[0] = False
                dialog.close()
                dialog.deleteLater()
                self.progress_dialog = None
                tell_problem(parent, message)

            self.task = self._start(work, done, failed, on_progress=show_progress)
            dialog.canceled.connect(self.task.cancel)

        self.runner.query(gather, write, on_error=lambda message: tell_problem(parent, message))

    # -- shared ---------------------------------------------------------------

    def _ready(self, parent: QWidget) -> bool:
        if self.settings is None:
            tell_problem(
                parent,
                "Export to Word is off until its settings file is mended:\n\n" + self.problem,
            )
            return False
        return True

    def _start(self, work, on_done, on_failed, *, on_progress=None) -> TaskState:
        return self.runner.run(
            Lane.DOCUMENTS,
            work,
            on_done,
            on_error=on_failed,
            on_progress=on_progress,
            expected=_EXPECTED,
            explain=_explain,
        )

    def wait(self, msecs: int = 30_000) -> bool:
        return self.runner.wait(msecs, lane=Lane.DOCUMENTS)


def _explain(error: Exception) -> str:
    if isinstance(error, StoreError):
        return str(error)
    return f"The Word document could not be made: {error}"


def _batch_words(result: BatchResult) -> str:
    text = result.summary()
    if result.problems:
        lines = [f"• {p.message}" for p in result.problems[:_SHOWN_PROBLEMS]]
        more = len(result.problems) - _SHOWN_PROBLEMS
        if more > 0:
            lines.append(f"• and {more} more")
        text += "\n\nNot exported:\n" + "\n".join(lines)
    return text
