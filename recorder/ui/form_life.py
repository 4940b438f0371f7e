"""Where a form's record is in its life: the bar above the form and the steps it offers.

The record's state decides who may change it (``domain/lifecycle.py``): the
bar says where the record is (status, last hand-off, version) and offers the
next steps for the signed-in role. Mixed into
:class:`~recorder.ui.form_window.FormWindow`; the moves themselves, which ask
the user questions, are the window's.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from recorder.domain.lifecycle import steps_for
from recorder.domain.records import Record, RecordStatus
from recorder.domain.users import Role
from recorder.ui.history_dialog import show_history
from recorder.ui.record_state import RecordState, record_state, state_words

if TYPE_CHECKING:
    from recorder.forms.editing import RecordEditor


_MOVED = {
    RecordStatus.WITH_BUSINESS_SUPPORT: "Sent to business support.",
    RecordStatus.FINISHED: "Marked finished.",
    RecordStatus.APPROVED: "Approved: the record is now locked.",
    RecordStatus.DRAFT: "Returned to the social worker.",
}


class FormRecordLife:
    """The record-bar half of a form window (a mixin: it uses the window's widgets)."""

    editor: RecordEditor

    def _record_bar(self) -> QFrame:
        """Where the record is (status, last hand-off, version) and what can be done next."""
        self.record_status = QLabel("")
        self.record_status.setObjectName("recordStatus")
        self.record_status.setWordWrap(True)
        self.record_status.setTextFormat(Qt.TextFormat.RichText)
        self.record_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.record_status.setAccessibleName("Where the record is")
        self.history_button = QPushButton("&History…")
        self.history_button.setAccessibleName("Show the history of this record")
        self.history_button.clicked.connect(self.show_history)
        self.amend_button = QPushButton("A&mend…")
        self.amend_button.setAccessibleName("Amend this approved record")
        self.amend_button.clicked.connect(self.amend)
        self._steps_layout = QHBoxLayout()
        self._steps_layout.setContentsMargins(0, 0, 0, 0)
        bar = QFrame()
        bar.setObjectName("recordBar")
        bar.setStyleSheet(
            "QFrame#recordBar { background: #f3f5f8; border: 1px solid #c9d1da; "
            "border-radius: 4px; }"
        )
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(12, 6, 8, 6)
        layout.addWidget(self.record_status, 1)
        layout.addLayout(self._steps_layout)
        layout.addWidget(self.amend_button)
        layout.addWidget(self.history_button)
        return bar

    # -- the record's life: steps, amendments, history ---------------------------

    def refresh_state(self, *, reload: bool = False) -> None:
        """Read where the record is now; with ``reload``, show its values afresh too."""
        record_id = self.record_id
        if record_id is None:
            return
        self.runner.query(
            lambda store: record_state(store, record_id),
            lambda state: self._state_read(state, reload=reload),
            on_error=lambda message: self.state.setText(f"Could not read the record: {message}"),
        )

    def _state_read(self, state: RecordState, *, reload: bool) -> None:
        if state.record.id != self.record_id:
            return
        self.record_state = state
        self.record = state.record
        self.status = state.record.status
        if (
            self.user.role is Role.BUSINESS_SUPPORT
            and self.status is RecordStatus.WITH_BUSINESS_SUPPORT
            and state.record.picked_up_at is None
        ):
            record_id = self.record_id
            self.runner.write(lambda store: store.records.pick_up(record_id), lambda _changes: None)
        self.editor.names = dict(state.names)
        if reload and not self.dirty:
            self._load(state.record, {})
        else:  # names have arrived: say whose suggestion each one is
            for field_id in self.editor.name_users(state.names):
                self.rows[field_id].show_badge()
        self._apply_editable(self._step_note if reload else "")
        self._step_note = ""
        self._show_record_state()
        self.state_shown.emit()

    def _apply_editable(self, note: str = "") -> None:
        """Let the user change the record or not, as its state and their role say."""
        problem = self.editor.edit_problem
        for row in self.rows.values():
            row.editor.widget.setEnabled(self.editable)
            row.badge.setEnabled(self.editable)
        for button in (self.save_button, self.accept_all_button):
            button.setEnabled(self.editable)
        if self.dictation_pane:
            self.dictation_pane.set_editable(self.editable)
        if not self.editable:
            self.autosave.stop()
            self.dirty = False
            self.state.setText(" ".join(part for part in (note, problem) if part))
        elif note:
            self.state.setText(note)

    def _show_record_state(self) -> None:
        """The bar above the form: status, last hand-off, version; and the next steps."""
        record = self.record
        head = f"<b>{escape(self.status.label)}</b>"
        if record is not None and record.version > 1:
            head += f" · version {record.version}"
        lines = [head]
        if self.record_state is not None:
            lines += [escape(line) for line in state_words(self.record_state)]
        self.record_status.setText("<br>".join(lines))
        self.history_button.setEnabled(self.record_id is not None)
        newer = self._newer_version()
        self.amend_button.setText(f"Open version {newer.version}" if newer else "A&mend…")
        self.amend_button.setVisible(
            self.status is RecordStatus.APPROVED and self.user.role is not Role.BUSINESS_SUPPORT
        )
        self._show_steps()

    def _newer_version(self) -> Record | None:
        if self.record_state is None or self.record is None:
            return None
        newer = [v for v in self.record_state.versions if v.version > self.record.version]
        return newer[-1] if newer else None

    def _show_steps(self) -> None:
        for button in self.step_buttons:
            self._steps_layout.removeWidget(button)
            button.deleteLater()
        self.step_buttons = []
        for step in steps_for(self.user.role, self.status):
            button = QPushButton(step.label + ("…" if step.needs_reason else ""))
            button.setAccessibleName(step.label)
            button.clicked.connect(lambda _=False, step=step: self.take_step(step))
            self._steps_layout.addWidget(button)
            self.step_buttons.append(button)

    def step_labels(self) -> list[str]:
        """The steps offered now, in the words on their buttons."""
        return [button.text() for button in self.step_buttons]

    def _moved(self, target: RecordStatus) -> None:
        taken_back = target is RecordStatus.DRAFT and self.user.role is Role.SOCIAL_WORKER
        self.status = target
        self._step_note = "Taken back: it is your draft again." if taken_back else _MOVED[target]
        self._apply_editable(self._step_note)
        self._show_record_state()
        self.refresh_state(reload=True)

    def show_history(self) -> None:
        """Every change to this record: who, when, from what, to what."""
        if self.record_id is None:
            return
        self.save_draft()  # the history includes what is on screen
        self.history_dialog = show_history(
            self,
            self.runner,
            self.record_id,
            form=self.form,
            subject=f"{self.form.title}: {self.facts.child.display_name}",
        )

    def export_to_word(self) -> None:
        """Save what is on screen, then export the record as it now stands."""
        if self.word_export is None:
            return
        if self.record_id is None and not self.dirty:
            self.state.setText("Nothing is written yet, so there is nothing to export.")
            return
        self.save_draft()  # queued before the export reads the record, so it is included
        self.word_export.export_record(self.record_id, parent=self)
