"""How a form window saves: autosave timers, field-level saves, and their answer.

Typing is never lost: the draft saves a few seconds after a change (at most
``AUTOSAVE_MAX_WAIT_MS`` after the first unsaved one however steadily someone
types), when focus leaves a field, and when the window closes. A save writes
only the fields changed since the record was read
(:meth:`~recorder.store.casework.Records.save_changes`); a field someone else
changed meanwhile comes back as a conflict that the window asks about.
Mixed into :class:`~recorder.ui.form_window.FormWindow`; the rules are the
record editor's (``forms/editing.py``), not this module's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from recorder.domain.conflicts import SaveOutcome
from recorder.domain.forms import FormSpec
from recorder.domain.ids import utc_now
from recorder.domain.records import RecordStatus
from recorder.forms.checks import field_problem, form_problems
from recorder.forms.write_back import FactChange
from recorder.store import Store
from recorder.ui.unsaved import keep_unsaved

if TYPE_CHECKING:
    from recorder.forms.editing import RecordEditor
    from recorder.ui.field_row import FieldRow

AUTOSAVE_MS = 3000
AUTOSAVE_MAX_WAIT_MS = 3500
"""However steadily someone types, a save starts this long after the first unsaved change
(and reaches the disk well inside 5 seconds): the idle timer alone restarts on each key."""
IDLE_SAVE_MS = 3 * 60_000
"""After this long with no change, the record itself takes the typing kept so far."""
KEEP_RETRY_MS = 250


class FormSaving:
    """The saving half of a form window (a mixin: it uses the window's widgets)."""

    editor: RecordEditor
    rows: dict[str, FieldRow]

    def _save_bar(self, *, show_export: bool) -> QHBoxLayout:
        """The line under the form: what was last saved, and the buttons."""
        self.save_button = QPushButton("&Save")
        self.save_button.setAccessibleName("Save the record")
        self.save_button.clicked.connect(self.save_now)
        self.accept_all_button = QPushButton("Accept &all suggestions")
        self.accept_all_button.setAccessibleName("Accept all suggestions")
        self.accept_all_button.clicked.connect(self.accept_all)
        self.export_button = QPushButton("Export to &Word…")
        self.export_button.setAccessibleName("Export this record to Word")
        self.export_button.clicked.connect(self.export_to_word)
        self.export_button.setVisible(show_export)
        self.close_button = QPushButton("&Close")
        self.close_button.setAccessibleName("Close the form")
        self.close_button.clicked.connect(self.close)
        self.state = QLabel("")
        self.state.setObjectName("note")
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Save status")
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.accept_all_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        return buttons

    def _start_autosave(self) -> None:
        self.save_problem = ""  # why the last save was refused, in words
        self._saving = False
        self._save_waiting: list[Callable[[], None]] | None = None
        """Saves asked for while one is on its way: run once it has answered."""
        self._keeping = False
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.keep_typing)
        self.autosave_deadline = QTimer(self)
        self.autosave_deadline.setSingleShot(True)
        self.autosave_deadline.setInterval(AUTOSAVE_MAX_WAIT_MS)
        self.autosave_deadline.timeout.connect(self.keep_typing)
        self.idle_save = QTimer(self)
        self.idle_save.setSingleShot(True)
        self.idle_save.setInterval(IDLE_SAVE_MS)
        self.idle_save.timeout.connect(self.save_draft)

    @property
    def origin(self) -> str:
        """How this window's writes are named in ``changes_applied``."""
        return f"form:{self.record_id}"

    @property
    def dirty(self) -> bool:
        """Something on the form is not yet in the store."""
        return self.editor.dirty

    @dirty.setter
    def dirty(self, value: bool) -> None:
        self.editor.dirty = self.editor.unkept = value

    def changed_elsewhere(self) -> None:
        """Something to save that no field's editor reported (the dictation, a draft)."""
        self.editor.touch()
        self.state.setText("Changes not yet saved")
        self.autosave.start()
        if not self.autosave_deadline.isActive():  # not restarted by later keys
            self.autosave_deadline.start()
        self.idle_save.start()

    def _left(self, row: FieldRow) -> None:
        row.show_problem(field_problem(row.spec, row.editor.value(), today=self.today))
        self.keep_typing()

    def keep_typing(self) -> None:
        """Autosave: keep what is on screen in the working copy, not yet the record.

        A record not yet written is written whole instead (its first save), so there
        is a record for the copy to belong to.
        """
        if not self.editable or not self.editor.unkept:
            return
        if self.record_id is None:
            self.save_draft()
            return
        if self._saving or self._keeping:  # one on its way: keep again once it answers
            QTimer.singleShot(KEEP_RETRY_MS, self.keep_typing)
            return
        self.autosave.stop()
        self.autosave_deadline.stop()
        self._read_screen()
        copy = self.editor.working_copy(self.user.id)
        self._keeping = True

        def kept(_changes) -> None:
            self._keeping = False
            self.save_problem = ""
            when = copy.kept_at.astimezone().strftime("%H:%M:%S")
            self.state.setText(f"Kept safe at {when}; saved to the record when you close it.")
            self.saved.emit(self.record_id)

        def failed(message: str) -> None:
            self._keeping = False
            self.save_problem = message
            self.editor.unkept = True
            self.state.setText(f"Not saved: {message}")

        self.runner.write(
            lambda store: store.records.keep_working_copy(copy), kept, on_error=failed, quiet=True
        )

    def save_draft(self, *, then: Callable[[], None] | None = None) -> None:
        """Save what is on screen now; quiet, no questions (autosave).

        :param then: run once the save has reached the store (at once when there is
            nothing to save); not run when the save fails
        """
        if self._saving and self.editable:
            # One save at a time: the next starts from what this one wrote.
            self._save_waiting = self._save_waiting or []
            if then is not None:
                self._save_waiting.append(then)
            return
        if not self.editable or not self.dirty:
            if then is not None:
                then()
            return
        self.autosave.stop()
        self.autosave_deadline.stop()
        self.idle_save.stop()
        values, provenance, suggested = self.record_values()
        self.editor.sending()
        outcome: list[SaveOutcome] = []
        added = self.record_id is None
        if added:
            record = self.editor.new_record(self.facts.case.id, values, provenance)
            record_id = record.id

            def work(store: Store):
                changes = store.records.add(record)
                outcome.append(SaveOutcome(changes, now=values, provenance=provenance))
                return changes
        else:
            record_id = self.record_id
            edits, new_provenance = self.editor.edits(values, provenance)

            def work(store: Store):
                outcome.append(
                    store.records.save_changes(
                        record_id, edits, provenance=new_provenance, drop_working_copy=True
                    )
                )
                return outcome[0].changes

        self.record_id = record_id
        self._saving = True

        def done(_changes) -> None:
            self._saving = False
            self.save_problem = ""
            for field_id in self.editor.saved(outcome[0], values, provenance, record_id=record_id):
                self._show_field(field_id)
            for row in self.rows.values():
                if row.state.note != row.note.text():
                    row.show_note(row.state.note)
            when = utc_now().astimezone().strftime("%H:%M:%S")
            saved = "Draft saved" if self.status is RecordStatus.DRAFT else "Saved"
            self.state.setText(f"{saved} at {when}." + _kept_as_suggestions(self.form, suggested))
            self.saved.emit(self.record_id)
            waiting, self._save_waiting = self._save_waiting, None
            if self.editor.conflicts:
                QTimer.singleShot(0, self.settle_conflicts)
            if then is not None:
                then()
            if waiting is not None:  # typed into while this save was on its way
                self.save_draft(then=lambda: [later() for later in waiting])

        def failed(message: str) -> None:
            self._saving = False
            if added:
                self.record_id = None
            self.save_problem = message
            self.editor.unsent()  # keep it: the next save tries again
            self.state.setText(f"Not saved: {message}")
            self._show_steps()
            waiting, self._save_waiting = self._save_waiting, None
            if waiting is not None:
                self.changed_elsewhere()  # try again in a few seconds, not in a loop

        self.runner.write(work, done, on_error=failed, origin=self.origin)

    def save_now(self) -> None:
        """The Save button: save, show every problem, offer new facts to the family record."""
        if not self.editable:
            return
        self.editor.touch()
        self.save_draft()
        problems = form_problems(self.form, self.values(), today=self.today)
        for field_id, row in self.rows.items():
            row.show_problem(problems.get(field_id))
        self._offer_write_back()
        if problems:
            self.state.setText(
                f"Draft saved. {len(problems)} field{'s' if len(problems) != 1 else ''} "
                "still need attention before it can be finished."
            )
            first = next(iter(problems))
            self.rows[first].editor.focus_widget().setFocus()
            self.scroll.ensureWidgetVisible(self.rows[first])

    def pending_fact_changes(self) -> list[FactChange]:
        self._read_screen()
        return self.editor.write_back_offers()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.dictation_pane:
            self.dictation_pane.stop()
        if self.editable:
            if self.pending_fact_changes():
                self._offer_write_back()
            if self.autosave.isActive():
                self.editor.touch()
            # Until nothing is on its way: a save answered may start one typed meanwhile.
            while True:
                self.save_draft()
                self.runner.wait()  # the draft is on disk before the window goes
                # The save's answer, now: a refused save (full disk, read-only) keeps the
                # form open unless the typing is kept in a file.
                QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)
                if not self._saving:
                    break
            if self.dirty and not keep_unsaved(self, self.form, self.values(), self.save_problem):
                event.ignore()
                return
        super().closeEvent(event)


def _kept_as_suggestions(form: FormSpec, field_ids: list[str]) -> str:
    """ " Your change to Analysis is kept as a suggestion for the social worker." """
    if not field_ids:
        return ""
    labels = [form.field(f).label if form.field(f) else f for f in field_ids]
    if len(labels) == 1:
        return f" Your change to {labels[0]} is kept as a suggestion for the social worker."
    listed = ", ".join(labels[:-1]) + f" and {labels[-1]}"
    return f" Your changes to {listed} are kept as suggestions for the social worker."
