"""Professionals and their involvement with a child, by keyboard: from a date, until one."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from recorder.domain.family_entry import period_problem, read_entered_date
from recorder.domain.people import Person
from recorder.domain.professionals import Involvement, Professional
from recorder.ui.family_dialog import FamilyDialog, choice_box, date_edit, line_edit
from recorder.ui.family_ops import Operation, end_involvement, involve_professional
from recorder.ui.tasks import TaskRunner

NEW_PROFESSIONAL = "__new__"


class InvolvementDialog(FamilyDialog):
    """A professional (known to the team, or new) becomes involved with the child."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        child: Person,
        professionals: list[Professional],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner,
            title=f"A professional involved with {child.display_name}",
            intro="Choose someone the team already knows, or add them.",
            parent=parent,
        )
        self.child = child
        choices = [("Someone new…", NEW_PROFESSIONAL)] + [
            (f"{p.name}, {p.role}" + (f" ({p.agency})" if p.agency else ""), p.id)
            for p in professionals
        ]
        self.who: QComboBox = self.add_row("&Professional:", choice_box("Professional", choices))
        self.name = self.add_row("&Name:", line_edit("Professional's name"))
        self.role = self.add_row("&Role:", line_edit("Professional's role"))
        self.role.setPlaceholderText("e.g. GP, health visitor, class teacher")
        self.agency = self.add_row("&Agency:", line_edit("Agency"))
        self.phone = self.add_row("P&hone:", line_edit("Professional's phone"))
        self.email = self.add_row("E&mail:", line_edit("Professional's email"))
        self.part = self.add_row("Their par&t:", line_edit("Their part in the child's life"))
        self.part.setPlaceholderText("e.g. designated safeguarding lead")
        self.start = self.add_row("&From:", date_edit("Involved from"))
        self.who.currentIndexChanged.connect(self._who_changed)
        self._who_changed()

    def _who_changed(self, _index: int = 0) -> None:
        new = self.who.currentData() == NEW_PROFESSIONAL
        for widget in (self.name, self.role, self.agency, self.phone, self.email):
            widget.setEnabled(new)

    def operation(self) -> tuple[Operation | None, list[str]]:
        start, problem = read_entered_date(self.start.text(), what="date they became involved")
        problems = [problem] if problem else []
        new = None
        professional_id = self.who.currentData()
        if professional_id == NEW_PROFESSIONAL:
            if not self.name.text().strip() or not self.role.text().strip():
                problems.append("Give the professional's name and their role.")
            new = Professional(
                name=self.name.text().strip(),
                role=self.role.text().strip(),
                agency=self.agency.text().strip(),
                phone=self.phone.text().strip(),
                email=self.email.text().strip(),
            )
            professional_id = new.id
        if problems:
            return None, problems
        involvement = Involvement(
            professional_id, self.child.id, role=self.part.text().strip(), start_date=start
        )
        return involve_professional(involvement=involvement, new_professional=new), []


class EndInvolvementDialog(FamilyDialog):
    """A professional's involvement ended on a date; it stays in the child's history."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        involvements: list[tuple[Involvement, Professional]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, title="A professional's involvement ended", parent=parent)
        self.who = self.add_row(
            "&Professional:",
            choice_box(
                "Professional", [(f"{p.name}, {p.role}", i.id) for i, p in involvements]
            ),
        )
        self.starts = {i.id: i.start_date for i, _ in involvements}
        self.on = self.add_row("&Ended on:", date_edit("Date the involvement ended"))

    def operation(self) -> tuple[Operation | None, list[str]]:
        on, problem = read_entered_date(self.on.text(), what="date it ended", required=True)
        chosen = self.who.currentData()
        if on is None or chosen is None:
            return None, [problem or "Choose whose involvement ended."]
        problem = period_problem(self.starts.get(chosen), on, what="the involvement")
        if problem:
            return None, [problem]
        return end_involvement(involvement_id=chosen, on=on), []
