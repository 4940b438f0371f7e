"""A child's case by keyboard: opened, transferred, its type changed, closed with a reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QWidget

from recorder.domain.cases import Case, CaseType
from recorder.domain.family_entry import (
    CLOSURE_REASONS,
    CaseEntry,
    case_from_entry,
    closing_problem,
    read_entered_date,
    retype_problem,
)
from recorder.domain.people import Person
from recorder.domain.users import User
from recorder.ui.family_dialog import FamilyDialog, choice_box, date_edit, line_edit
from recorder.ui.family_ops import Operation, change_case_type, close_case, open_case, transfer_case
from recorder.ui.tasks import TaskRunner


def case_words(case: Case) -> str:
    return f"{case.case_type.label} from {case.start_date:%d/%m/%Y}" + (
        f" (ref. {case.reference})" if case.reference else ""
    )


def _workers(users: list[User]) -> list[tuple[str, str]]:
    return [(f"{u.name} ({u.role.label.lower()})", u.id) for u in users
            if u.role.value != "business_support"]


class OpenCaseDialog(FamilyDialog):
    def __init__(
        self, runner: TaskRunner, *, child: Person, users: list[User], today: date,
        worker_id: str | None = None, parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, title=f"Open a case for {child.display_name}", parent=parent)
        self.child, self.today = child, today
        self.case_type = self.add_row(
            "&Type:", choice_box("Case type", [(t.label, t) for t in CaseType])
        )
        self.case_type.setCurrentIndex(list(CaseType).index(CaseType.CHILD_IN_NEED))
        self.start = self.add_row("&Start date:", date_edit("Start date"))
        self.start.setText(today.strftime("%d/%m/%Y"))
        self.worker: QComboBox = self.add_row(
            "Allocated &worker:", choice_box("Allocated worker", _workers(users))
        )
        if worker_id and self.worker.findData(worker_id) >= 0:
            self.worker.setCurrentIndex(self.worker.findData(worker_id))
        self.reference = self.add_row("&Reference:", line_edit("Case reference"))

    def operation(self) -> tuple[Operation | None, list[str]]:
        case, problems = case_from_entry(
            CaseEntry(self.child.id, self.case_type.currentData(), self.start.text(),
                      self.worker.currentData(), self.reference.text()),
            today=self.today,
        )
        return (open_case(case=case), []) if case else (None, problems)


class TransferCaseDialog(FamilyDialog):
    def __init__(
        self, runner: TaskRunner, *, case: Case, users: list[User], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            runner, title="Transfer a case",
            intro=f"{case_words(case)}: it leaves the present worker's caseload and joins "
            "the new one's.",
            parent=parent,
        )
        self.case = case
        others = [(text, uid) for text, uid in _workers(users) if uid != case.worker_id]
        self.worker = self.add_row("&New worker:", choice_box("New allocated worker", others))

    def operation(self) -> tuple[Operation | None, list[str]]:
        worker = self.worker.currentData()
        if worker is None:
            return None, ["There is no other worker to transfer the case to."]
        return transfer_case(case_id=self.case.id, worker_id=worker), []


class ChangeCaseTypeDialog(FamilyDialog):
    def __init__(self, runner: TaskRunner, *, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(
            runner, title="Change a case's type",
            intro=f"{case_words(case)}. For example, child in need to a child protection "
            "plan, or back.",
            parent=parent,
        )
        self.case = case
        types = [(t.label, t) for t in CaseType if retype_problem(case, t) is None]
        self.case_type = self.add_row("&New type:", choice_box("New case type", types))

    def operation(self) -> tuple[Operation | None, list[str]]:
        new = self.case_type.currentData()
        if new is None:
            return None, [retype_problem(self.case, self.case.case_type) or ""]
        return change_case_type(case_id=self.case.id, case_type=new), []


class CloseCaseDialog(FamilyDialog):
    def __init__(
        self, runner: TaskRunner, *, case: Case, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            runner, title="Close a case",
            intro=f"{case_words(case)}. It leaves the caseload; its records stay.",
            parent=parent,
        )
        self.case = case
        self.on = self.add_row("&Date closed:", date_edit("Date closed"))
        self.on.setText(today.strftime("%d/%m/%Y"))
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setAccessibleName("Reason for closing")
        self.reason.addItems(["", *CLOSURE_REASONS])
        self.add_row("&Reason:", self.reason)
        self.note = self.add_row("&Note:", line_edit("A note on the closure"))

    def operation(self) -> tuple[Operation | None, list[str]]:
        on, problem = read_entered_date(self.on.text(), what="date closed", required=True)
        if problem:
            return None, [problem]
        reason = self.reason.currentText().strip()
        if self.note.text().strip():
            reason = f"{reason}: {self.note.text().strip()}" if reason else self.note.text().strip()
        refused = closing_problem(self.case, on, reason)
        if refused:
            return None, [refused]
        return close_case(case_id=self.case.id, on=on, reason=reason), []
