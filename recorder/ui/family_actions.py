"""The buttons on the child view that change the family record, and the dialogs they open.

Holds no store: what a dialog needs beyond the person in view (who else lives
in a home, the team's workers, the professionals known) is read through the
window's task runner just before the dialog opens. Saving is the dialog's;
the view refreshes from the runner's ``changes_applied`` like every window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from recorder.domain.family_entry import case_edit_problem, family_edit_problem, merge_problem
from recorder.domain.users import Role
from recorder.reference import ReferenceData
from recorder.store.views import PersonView
from recorder.ui.case_dialogs import (
    ChangeCaseTypeDialog,
    CloseCaseDialog,
    OpenCaseDialog,
    TransferCaseDialog,
    case_words,
)
from recorder.ui.flow_layout import FlowLayout
from recorder.ui.history_dialog import FamilyHistoryDialog
from recorder.ui.household_dialogs import MoveInDialog, MoveOutDialog, RelationshipDialog
from recorder.ui.merge_dialog import MergeDialog, UnmergeDialog
from recorder.ui.person_dialog import PersonDialog
from recorder.ui.professional_dialogs import EndInvolvementDialog, InvolvementDialog
from recorder.ui.tasks import TaskRunner


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    return button


class FamilyActions(QWidget):
    """A row of buttons: edit, add someone, moves, relationship, professionals, case,
    history and (for a team manager) merge. ``person_saved`` carries who was saved.

    Their Alt letters (S, Y, M, L, I, K, U) are ones no other part of the main window
    uses, so each opens at the first press.
    """

    person_saved = Signal(str)

    def __init__(
        self, reference: ReferenceData, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.reference = reference
        self.today = today
        self.view: PersonView | None = None
        self.runner: TaskRunner | None = None
        """None: the runner of the window this is in."""
        self.role: Role | None = None
        self.user_id: str | None = None
        self.dialog = None
        """The dialog open now (tests drive it)."""

        self.edit_button = _button("Edit detail&s…", "Correct this person's details")
        self.edit_button.clicked.connect(self.edit_person)
        self.add_button = _button("Add to famil&y…", "Add someone to this person's family")
        self.add_button.clicked.connect(self.add_to_family)
        self.moves_button = _button("&Moves…", "Record a move in or out")
        moves = QMenu(self.moves_button)
        moves.addAction("Someone moved &in…", self.move_in)
        moves.addAction("Someone moved &out…", self.move_out)
        self.moves_button.setMenu(moves)
        self.relationship_button = _button("Re&lationship…", "Record a relationship")
        self.relationship_button.clicked.connect(self.add_relationship)
        self.professional_button = _button("Profess&ionals…", "Professionals")
        professionals = QMenu(self.professional_button)
        professionals.addAction("A professional became &involved…", self.add_involvement)
        professionals.addAction("An involvement &ended…", self.end_involvement)
        self.professional_button.setMenu(professionals)
        self.case_button = _button("Casewor&k…", "Open, transfer, change or close a case")
        self.case_menu = QMenu(self.case_button)
        self.case_button.setMenu(self.case_menu)
        self.history_button = _button("Family history…", "The family record's history")
        self.history_button.clicked.connect(self.show_history)
        self.history_button.setToolTip("Every change to the family record (Ctrl+Shift+H)")
        history = QAction(self)
        history.setShortcut(QKeySequence("Ctrl+Shift+H"))
        history.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        history.triggered.connect(self.show_history)
        self.addAction(history)
        self.merge_button = _button("D&uplicates…", "Merge a duplicate, or undo a merge")
        merges = QMenu(self.merge_button)
        merges.addAction("&Merge a duplicate into this person…", self.merge)
        merges.addAction("&Undo a merge…", self.unmerge)
        self.merge_button.setMenu(merges)
        self.merge_button.setVisible(False)

        layout = FlowLayout(self)  # wraps onto a second row when the pane is narrow
        layout.setContentsMargins(0, 4, 0, 4)
        for button in (
            self.edit_button, self.add_button, self.moves_button, self.relationship_button,
            self.professional_button, self.case_button, self.history_button, self.merge_button,
        ):
            layout.addWidget(button)

    # -- who is signed in, and who is in view ---------------------------------------

    def set_user(self, user_id: str | None, role: Role | None) -> None:
        """What the signed-in user may change; buttons they may not use say why."""
        self.user_id, self.role = user_id, role
        family = family_edit_problem(role) if role else None
        for button in (self.edit_button, self.add_button, self.moves_button,
                       self.relationship_button, self.professional_button):
            button.setEnabled(family is None)
            button.setToolTip(family or "")
        cases = case_edit_problem(role) if role else None
        self.case_button.setEnabled(cases is None)
        self.case_button.setToolTip(cases or "")
        self.merge_button.setVisible(role is not None and merge_problem(role) is None)

    def show_view(self, view: PersonView) -> None:
        self.view = view
        self.case_menu.clear()
        self.case_menu.addAction("&Open a case…", self.open_case)
        for case in (c for c in view.cases if c.is_open):
            words = case_words(case)
            sub = self.case_menu.addMenu(words)
            sub.addAction("&Transfer to another worker…", lambda c=case: self.transfer(c))
            sub.addAction("Change its t&ype…", lambda c=case: self.change_type(c))
            sub.addAction("&Close…", lambda c=case: self.close_case(c))

    # -- opening dialogs -------------------------------------------------------------

    def _runner(self) -> TaskRunner | None:
        return self.runner or getattr(self.window(), "runner", None)

    def _open(self, dialog):
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._remember(dialog)
        dialog.open()
        return dialog

    def _remember(self, dialog) -> None:
        """``self.dialog`` is the dialog open now, and None once it has gone."""
        self.dialog = dialog
        dialog.destroyed.connect(
            lambda *_: self.dialog is dialog and setattr(self, "dialog", None)
        )

    def _after_reading(self, read: Callable, make: Callable) -> None:
        """Read what a dialog needs, then open it (if the person in view is the same)."""
        runner = self._runner()
        if runner is None or self.view is None:
            return
        person_id = self.view.person.id
        runner.query(
            read,
            lambda found: (
                self.view is not None and self.view.person.id == person_id
                and self._open(make(runner, found))
            ),
        )

    def add_person(self) -> PersonDialog | None:
        """Someone new to the record, not yet part of a family in view (a new child)."""
        runner = self._runner()
        if runner is None:
            return None
        dialog = PersonDialog(runner, reference=self.reference, today=self.today, parent=self)
        dialog.saved.connect(
            lambda _c, d=dialog: d.person_id and self.person_saved.emit(d.person_id)
        )
        return self._open(dialog)

    def edit_person(self) -> PersonDialog | None:
        runner = self._runner()
        if runner is None or self.view is None:
            return None
        return self._open(PersonDialog(runner, reference=self.reference, today=self.today,
                                       person=self.view.person, parent=self))

    def add_to_family(self) -> PersonDialog | None:
        runner = self._runner()
        if runner is None or self.view is None:
            return None
        homes = self.view.households
        return self._open(PersonDialog(
            runner, reference=self.reference, today=self.today, child=self.view.person,
            household=homes[0].household if homes else None, parent=self,
        ))

    def _family(self):
        """The person in view, then everyone they live with or are related to."""
        view = self.view
        people = {view.person.id: view.person}
        for home in view.households:
            people.update({p.id: p for p in home.members})
        people.update({link.person.id: link.person for link in view.links})
        return list(people.values())

    def move_in(self) -> None:
        if self.view is None or self._runner() is None:
            return
        self._open(MoveInDialog(self._runner(), people=self._family(),
                                households=[h.household for h in self.view.households],
                                parent=self))

    def move_out(self) -> None:
        homes = [h.household for h in (self.view.households if self.view else [])]
        today = self.today
        self._after_reading(
            lambda store: [
                (m, p, h) for h in homes for m, p in store.households.memberships(h.id, on=today)
            ],
            lambda runner, found: MoveOutDialog(runner, memberships=found, parent=self),
        )

    def add_relationship(self) -> None:
        if self.view is None or self._runner() is None:
            return
        subject = self.view.person
        others = [p for p in self._family() if p.id != subject.id]
        self._open(RelationshipDialog(self._runner(), reference=self.reference, subject=subject,
                                      people=others, parent=self))

    def add_involvement(self) -> None:
        child = self.view.person if self.view else None
        self._after_reading(
            lambda store: store.professionals.all(),
            lambda runner, found: InvolvementDialog(runner, child=child, professionals=found,
                                                    parent=self),
        )

    def end_involvement(self) -> None:
        if self.view is None or self._runner() is None:
            return
        self._open(EndInvolvementDialog(self._runner(), involvements=self.view.professionals,
                                        parent=self))

    def open_case(self) -> None:
        child, today, worker = (self.view.person if self.view else None), self.today, self.user_id
        self._after_reading(
            lambda store: store.users.all(),
            lambda runner, users: OpenCaseDialog(runner, child=child, users=users, today=today,
                                                 worker_id=worker, parent=self),
        )

    def transfer(self, case) -> None:
        self._after_reading(
            lambda store: store.users.all(),
            lambda runner, users: TransferCaseDialog(runner, case=case, users=users, parent=self),
        )

    def change_type(self, case) -> None:
        if self._runner() is not None:
            self._open(ChangeCaseTypeDialog(self._runner(), case=case, parent=self))

    def close_case(self, case) -> None:
        if self._runner() is not None:
            self._open(CloseCaseDialog(self._runner(), case=case, today=self.today, parent=self))

    def show_history(self) -> FamilyHistoryDialog | None:
        runner = self._runner()
        if runner is None or self.view is None:
            return None
        dialog = FamilyHistoryDialog(
            runner, self.view.person.id, subject=self.view.person.display_name,
            relationship_label=self.reference.relationships.label, parent=self,
        )
        self._remember(dialog)
        dialog.show()
        return dialog

    def merge(self) -> None:
        if self.view is not None and self._runner() is not None:
            self._open(MergeDialog(self._runner(), kept=self.view.person, parent=self))

    def unmerge(self) -> None:
        person_id = self.view.person.id if self.view else ""

        def read(store):
            merges = [m for m in store.people.merges_of(person_id) if not m.undone_at]
            people = store.people.many([p for m in merges for p in (m.kept_id, m.merged_id)])
            return [
                (m, f"{people[m.merged_id].display_name} merged into "
                    f"{people[m.kept_id].display_name}" + (f" ({m.reason})" if m.reason else ""))
                for m in merges
            ]

        self._after_reading(
            read, lambda runner, found: UnmergeDialog(runner, merges=found, parent=self)
        )
