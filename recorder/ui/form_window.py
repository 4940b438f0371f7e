"""A form on screen: drawn from its definition, filled from what is known, saved as you go.

The record being edited is a plain :class:`~recorder.forms.editing.RecordEditor`:
each field's value and provenance, suggestions from prefill, the dictation and
business support, write-back offers and what changed since it was read. This
window draws it (``field_row.py``), forwards what the user does to it, and
saves it field by field (``form_saving.py``): a field someone else changed
meanwhile is shown with both values for the user to choose. Pre-filled values
carry a badge naming their source until accepted or cleared; changed family
facts are offered back to the family record on saving. A visit form has a
dictation pane beside it (``dictation_pane.py``), which works on the same
record editor and never on this window.

The bar at the top (``form_life.py``) says where the record is and offers the
next steps for the signed-in role; moving it on asks its questions here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from recorder import APP_NAME
from recorder.domain.changes import Changes
from recorder.domain.forms import FormSpec
from recorder.domain.lifecycle import Step
from recorder.domain.records import Record, RecordStatus
from recorder.domain.users import User
from recorder.domain.working_copy import WorkingCopy
from recorder.forms.business_support import what_is_missing
from recorder.forms.checks import form_problems
from recorder.forms.editing import RecordEditor
from recorder.forms.prefill import Suggestion
from recorder.forms.sending import send_check
from recorder.forms.write_back import apply_fact_changes
from recorder.reference.relationships import RelationshipVocabulary
from recorder.store import Store
from recorder.store.views import CaseFacts
from recorder.ui.background_drafter import BackgroundDrafter
from recorder.ui.dictation_pane import DictationPane
from recorder.ui.field_row import FieldRow, choices_from
from recorder.ui.form_body import FormBody
from recorder.ui.form_life import FormRecordLife
from recorder.ui.form_questions import (
    ask_conflict,
    ask_reason,
    ask_send,
    ask_write_back,
    tell_missing,
    tell_problem,
)
from recorder.ui.form_saving import AUTOSAVE_MAX_WAIT_MS, AUTOSAVE_MS, FormSaving
from recorder.ui.history_dialog import HistoryDialog
from recorder.ui.record_state import RecordState, handoff_words, record_state, state_words
from recorder.ui.tasks import TaskRunner
from recorder.ui.word_export import WordExport

__all__ = [
    "AUTOSAVE_MAX_WAIT_MS", "AUTOSAVE_MS", "FormWindow", "RecordState", "ask_conflict",
    "ask_reason", "ask_send", "ask_write_back", "handoff_words", "record_state",
    "state_words", "tell_missing", "tell_problem",
]  # fmt: skip


class FormWindow(FormRecordLife, FormSaving, QMainWindow):
    """One record being written. ``saved`` fires after each save reaches the store."""

    saved = Signal(str)
    suggestion_accepted = Signal(str)
    """A field's suggestion was accepted on the form: carries the field id."""
    suggestion_cleared = Signal(str)
    """A field's suggestion was cleared on the form: carries the field id."""
    open_record_requested = Signal(str)
    """Another record should open as a form (an amendment just made): carries its id."""
    state_shown = Signal()
    """The bar above the form has been brought up to date from the store."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        form: FormSpec,
        facts: CaseFacts,
        user: User,
        record: Record | None = None,
        suggestions: dict[str, Suggestion] | None = None,
        today: date | None = None,
        drafting: BackgroundDrafter | None = None,
        vocabulary: RelationshipVocabulary | None = None,
        word_export: WordExport | None = None,
        keep_audio_days: int = 0,
    ) -> None:
        super().__init__()
        self.word_export = word_export
        self.runner = runner
        self.form = form
        self.facts = facts
        self.user = user
        self.today = today or date.today()
        self.record = record
        self.editor = RecordEditor(
            form, role=user.role, user_id=user.id, record=record, suggestions=suggestions
        )
        """The record being edited: every rule about its fields lives there, not here."""
        self._start_autosave()
        self.record_state: RecordState | None = None
        self.history_dialog: HistoryDialog | None = None
        self.step_buttons: list[QPushButton] = []
        self._step_note = ""
        """What the last step did, said again once the record is read back."""
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"{form.title}: {facts.child.display_name} — {APP_NAME}")

        self.body = FormBody(form, facts, self.editor, self)
        self.rows, self.sections, self.scroll = self.body.rows, self.body.sections, self.body.scroll
        for row in self.rows.values():
            row.editor.changed.connect(lambda row=row: self._edited(row))
            row.editor.left.connect(lambda row=row: self._left(row))
            row.badge.accept_button.clicked.connect(lambda _=False, row=row: self.accept(row))
            row.badge.clear_button.clicked.connect(lambda _=False, row=row: self.clear(row))

        buttons = self._save_bar(show_export=word_export is not None)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.sections)
        splitter.addWidget(self.scroll)
        splitter.setStretchFactor(1, 1)
        self.dictation_pane: DictationPane | None = None
        if drafting is not None and vocabulary is not None and form.counts_as_visit:
            self.dictation_pane = DictationPane(
                self.editor, drafting, vocabulary, runner, facts=facts, today=self.today,
                keep_audio_days=keep_audio_days,
            )
            self.dictation_pane.form = self  # the recording bar asks for and sets consent here
            self._connect_pane(self.dictation_pane)
            splitter.addWidget(self.dictation_pane)
            splitter.setStretchFactor(2, 1)
            splitter.setChildrenCollapsible(False)
            splitter.setSizes([230, 700, 560])
        self.splitter = splitter
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self._record_bar())
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.setCentralWidget(central)

        save = QAction("Save", self)
        save.setShortcut(QKeySequence.StandardKey.Save)
        save.triggered.connect(self.save_now)
        self.addAction(save)
        sections = QAction("Sections", self)
        sections.setShortcut(QKeySequence("Ctrl+Shift+S"))
        sections.triggered.connect(self.sections.setFocus)
        self.addAction(sections)

        runner.changes_applied.connect(self._changed_by_sync)
        self._show_all()
        self.resize(1500 if self.dictation_pane else 1100, 860)
        self._apply_editable()
        self._show_record_state()
        if self.record_id is not None:
            self.refresh_state()
            self._offer_kept_typing()

    # -- the record editor's state, as the window reads it ----------------------

    @property
    def record_id(self) -> str | None:
        return self.editor.record_id

    @record_id.setter
    def record_id(self, value: str | None) -> None:
        self.editor.record_id = value

    @property
    def status(self) -> RecordStatus:
        return self.editor.status

    @status.setter
    def status(self, value: RecordStatus) -> None:
        self.editor.status = value

    @property
    def editable(self) -> bool:
        return self.editor.editable

    def _changed_by_sync(self, changes: Changes) -> None:
        """A pull (or a choice in "Needs a decision") wrote this record.

        Typing not yet saved is saved first: a field typed into that the team changed
        meanwhile becomes a choice, the rest merge. Then the record is read again:
        fields not typed into show the team's values, and a record approved meanwhile
        turns read only (the typing stays kept)."""
        if changes.origin not in ("sync", "decisions") or self.record_id not in changes.ids:
            return
        if self.editable and self.dirty:
            self.save_draft()
            self.refresh_state()
        else:
            self.refresh_state(reload=True)

    # -- showing ------------------------------------------------------------

    def _load(self, record: Record | None, suggestions: dict[str, Suggestion]) -> None:
        self.editor.load(record, suggestions)
        self._show_all()

    def _show_all(self) -> None:
        for field_id in self.rows:
            self._show_field(field_id)
        if self.dictation_pane:
            self.dictation_pane.set_text(self.editor.dictation)
        self.sections.setCurrentRow(0)

    def _show_field(self, field_id: str) -> None:
        """Draw one field as the editor holds it; the editor learns how the widget holds it."""
        if field_id not in self.rows:
            if field_id == "dictation" and self.dictation_pane:
                self.dictation_pane.set_text(self.editor.dictation)
            return
        row = self.rows[field_id]
        row.show()
        self.editor.shown_as(field_id, row.editor.value())

    def _offer_kept_typing(self) -> None:
        """Typing kept but never saved to the record (the app ended suddenly) comes back."""
        record_id = self.record_id
        self.runner.query(lambda store: store.records.working_copy(record_id), self._restore)

    def _restore(self, copy: WorkingCopy | None) -> None:
        if copy is None or not self.editable or copy.record_id != self.record_id:
            return
        self.editor.restore(copy)
        self._show_all()
        self.idle_save.start()
        when = copy.kept_at.astimezone()
        self.state.setText(
            f"Your typing from {when:%d/%m/%Y at %H:%M}, kept when this form last closed "
            "without saving it, is back on the form; it is saved to the record when you close it."
        )

    def _connect_pane(self, pane: DictationPane) -> None:
        """The pane changes the record editor; the window draws what it changed."""
        pane.field_changed.connect(self._pane_changed_field)
        pane.field_accepted.connect(lambda field_id: self.accept(self.rows[field_id]))
        pane.dictation_changed.connect(self._dictation_typed)
        pane.dictation_left.connect(self.keep_typing)
        pane.show_field.connect(self.body.bring_into_view)
        pane.read_screen.connect(self._read_screen)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            action = QAction("Draft", self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(pane.draft)
            self.addAction(action)
        self.suggestion_accepted.connect(pane.field_accepted_on_form)
        self.suggestion_cleared.connect(pane.field_cleared_on_form)

    # -- reading back -------------------------------------------------------

    def _read_screen(self) -> None:
        """What a field shows that no edit reported (set by program) is what the editor holds."""
        for row in self.rows.values():
            shown = row.editor.value()
            if shown != row.state.value:
                row.state.value = shown
        if self.dictation_pane:
            self.editor.dictation = self.dictation_pane.text()

    def values(self) -> dict[str, Any]:
        self._read_screen()
        return self.editor.values()

    def provenance(self) -> dict[str, Any]:
        return self.editor.provenance()

    def record_values(self) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
        """What saving now writes: values, provenance, and the fields that became suggestions."""
        self._read_screen()
        return self.editor.record_values()

    # -- suggestions ----------------------------------------------------------

    def accept(self, row: FieldRow) -> None:
        if self.editor.accept(row.spec.id):
            row.show_badge()
            self.changed_elsewhere()
            self.suggestion_accepted.emit(row.spec.id)

    def accept_all(self) -> None:
        for field_id in self.editor.unaccepted():
            self.accept(self.rows[field_id])

    def clear(self, row: FieldRow) -> None:
        field_id = row.spec.id
        rejected = self.editor.clear(field_id)
        self._show_field(field_id)
        self.changed_elsewhere()
        if not rejected:
            row.editor.focus_widget().setFocus()
        self.suggestion_cleared.emit(field_id)

    def _pane_changed_field(self, field_id: str) -> None:
        self._show_field(field_id)
        self.changed_elsewhere()

    # -- editing ------------------------------------------------------------

    def _edited(self, row: FieldRow) -> None:
        self.editor.type(row.spec.id, row.editor.value())
        row.show_badge()
        self.changed_elsewhere()

    def _dictation_typed(self, text: str) -> None:
        self.editor.set_dictation(text)
        self.changed_elsewhere()

    # -- conflicts ----------------------------------------------------------------

    def settle_conflicts(self) -> None:
        """Someone else changed fields this user changed too: show both values, one by one."""
        while self.editor.conflicts:
            conflict = self.editor.conflicts[0]
            spec = self.form.field(conflict.field)
            label = spec.label if spec else conflict.field.replace("_", " ").capitalize()
            who = self.editor.names.get(conflict.theirs_by or "", "Someone else")
            if conflict.theirs_by == self.user.id:
                who = "You (in another window)"
            side = ask_conflict(self, conflict, label=label, who=who)
            self.editor.settle(conflict, side)
            self._show_field(conflict.field)
        self.changed_elsewhere()
        self.save_draft()

    def take_step(self, step: Step) -> None:
        """Move the record on (send, finish, return, approve), saving what is on screen first."""
        if self.record_id is None and not self.dirty:
            self.state.setText("Nothing is written yet, so there is nothing to send on.")
            return
        reason = ""
        if step.needs_reason:
            answer = ask_reason(
                self,
                step.label,
                "Say why the record is going back, so the social worker knows what to do:",
            )
            if answer is None:
                return
            reason = answer
        if step.target is RecordStatus.WITH_BUSINESS_SUPPORT:
            values = self.record_values()[0]
            check = send_check(self.form, values, today=self.today)
            problems = form_problems(self.form, values, today=self.today)
            for field_id, row in self.rows.items():
                row.show_problem(problems.get(field_id))
            if not ask_send(self, check):
                if self.dirty:
                    self.save_draft()
                self.state.setText(
                    "Not sent: put right what is listed first."
                    if check.must_fix
                    else "Not sent: the record stays a draft."
                )
                return
        if step.target is RecordStatus.FINISHED:
            values = self.record_values()[0]
            missing = what_is_missing(self.form, values, today=self.today)
            if missing:
                self.save_draft()
                problems = form_problems(self.form, values, today=self.today)
                for field_id, row in self.rows.items():
                    row.show_problem(problems.get(field_id))
                count = len(missing)
                self.state.setText(
                    f"Saved, but not finished: {count} thing{'s' if count != 1 else ''} "
                    "to do first."
                )
                tell_missing(self, missing)
                return
        for button in self.step_buttons:
            button.setEnabled(False)  # one move at a time
        target = step.target

        def move() -> None:
            record_id = self.record_id
            self.runner.write(
                lambda store: store.records.move(record_id, target, reason=reason),
                lambda _changes: self._moved(target),
                on_error=self._refused,
                origin=self.origin,
            )

        self.save_draft(then=move)

    def _refused(self, message: str) -> None:
        self.state.setText(f"Not done: {message}")
        self._show_steps()
        tell_problem(self, message)

    def amend(self) -> None:
        """Correct an approved record: a new version, with a reason, opened as a form."""
        newer = self._newer_version()
        if newer is not None:
            self.open_record_requested.emit(newer.id)
            return
        if self.record_id is None:
            return
        reason = ask_reason(
            self,
            "Amend the record",
            "Say what the amendment corrects; the approved record is kept as it is:",
        )
        if reason is None:
            return
        record_id = self.record_id
        made: list[Record] = []

        def work(store: Store) -> Changes:
            amendment = store.records.amend(record_id, reason=reason)
            made.append(amendment)
            return Changes.of("records", amendment.id, record_id)

        def done(_changes: Changes) -> None:
            self.state.setText(f"Version {made[0].version} started: it opens as a draft.")
            self.refresh_state()
            self.open_record_requested.emit(made[0].id)

        self.runner.write(work, done, on_error=self._refused, origin=self.origin)

    def _offer_write_back(self) -> None:
        changes = self.pending_fact_changes()
        if not changes:
            return
        names = dict(choices_from(self.facts).people)
        self.editor.prepare_write_back(changes)
        if ask_write_back(self, [c.describe(names) for c in changes]):
            facts = self.facts
            self.runner.write(
                lambda store: apply_fact_changes(store, facts, changes), origin=self.origin
            )
            self.editor.written_back(changes)
        else:
            self.editor.declined_write_back(changes)
        for change in changes:
            self.rows[change.field_id].show_badge()
        self.changed_elsewhere()
        self.save_draft()
