"""Moves in and out of a household, and how two people are related, by keyboard.

Leaving a household is an event with a date, never a deletion: the moved-out
dialog ends a membership and the family's history keeps it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from recorder.domain.family_entry import read_entered_date
from recorder.domain.people import Household, HouseholdMember, Person, Relationship
from recorder.reference import ReferenceData
from recorder.ui.family_dialog import FamilyDialog, choice_box, date_edit, line_edit
from recorder.ui.family_ops import Operation, move_in, move_out, record_relationship
from recorder.ui.person_dialog import relationship_choices
from recorder.ui.tasks import TaskRunner

NEW_ADDRESS = "__new__"


class MoveInDialog(FamilyDialog):
    """Someone moved in to one of the family's homes, or to a new address."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        people: list[Person],
        households: list[Household],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner,
            title="Record a move in",
            intro="Who moved in, where to, and when. A new address is added to the record.",
            parent=parent,
        )
        self.who = self.add_row(
            "&Who:", choice_box("Who moved in", [(p.display_name, p.id) for p in people])
        )
        choices = [(h.address or h.name, h.id) for h in households]
        choices.append(("A new address…", NEW_ADDRESS))
        self.where: QComboBox = self.add_row("W&here:", choice_box("Where they moved to", choices))
        self.household_name = self.add_row("Household &name:", line_edit("Household name"))
        self.household_name.setPlaceholderText("e.g. the family name")
        self.line1 = self.add_row("&Address:", line_edit("Address, first line"))
        self.line2 = self.add_row("", line_edit("Address, second line"))
        self.town = self.add_row("&Town:", line_edit("Town"))
        self.postcode = self.add_row("&Postcode:", line_edit("Postcode"))
        self.home_phone = self.add_row("Home phon&e:", line_edit("Home phone"))
        self.on = self.add_row("&Date moved in:", date_edit("Date moved in"))
        self.where.currentIndexChanged.connect(self._where_changed)
        self._where_changed()

    def _new_fields(self) -> list[QWidget]:
        return [self.household_name, self.line1, self.line2, self.town, self.postcode,
                self.home_phone]

    def _where_changed(self, _index: int = 0) -> None:
        new = self.where.currentData() == NEW_ADDRESS
        for widget in self._new_fields():
            widget.setEnabled(new)

    def operation(self) -> tuple[Operation | None, list[str]]:
        on, problem = read_entered_date(self.on.text(), what="date they moved in")
        problems = [problem] if problem else []
        new_household = None
        if self.where.currentData() == NEW_ADDRESS:
            if not self.household_name.text().strip():
                problems.append("Give the new household a name (for example the family name).")
            if not self.line1.text().strip() and not self.postcode.text().strip():
                problems.append("Give the new address (its first line or postcode).")
            new_household = Household(
                name=self.household_name.text().strip(),
                address_line1=self.line1.text().strip(),
                address_line2=self.line2.text().strip(),
                town=self.town.text().strip(),
                postcode=self.postcode.text().strip().upper(),
                phone=self.home_phone.text().strip(),
            )
        if problems:
            return None, problems
        return move_in(
            person_id=self.who.currentData(),
            household_id=None if new_household else self.where.currentData(),
            new_household=new_household,
            on=on,
        ), []


class MoveOutDialog(FamilyDialog):
    """Someone left a household on a date; who lived there stays in the history."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        memberships: list[tuple[HouseholdMember, Person, Household]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner,
            title="Record a move out",
            intro="Who left, and the day they left. They stay in the family's history.",
            parent=parent,
        )
        self.who = self.add_row(
            "&Who:",
            choice_box(
                "Who moved out",
                [(f"{p.display_name}, from {h.address or h.name}", m.id)
                 for m, p, h in memberships],
            ),
        )
        self.on = self.add_row("&Date moved out:", date_edit("Date moved out"))

    def operation(self) -> tuple[Operation | None, list[str]]:
        on, problem = read_entered_date(self.on.text(), what="date they moved out", required=True)
        if on is None or self.who.currentData() is None:
            return None, [problem or "Choose who moved out."]
        return move_out(member_id=self.who.currentData(), on=on), []


class RelationshipDialog(FamilyDialog):
    """How someone is related to the person in view; stored once, read both ways."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        reference: ReferenceData,
        subject: Person,
        people: list[Person],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner,
            title=f"Record a relationship with {subject.display_name}",
            intro="Recorded once; the other side reads the reverse (mother and daughter).",
            parent=parent,
        )
        self.subject = subject
        self.who = self.add_row(
            "&Who:", choice_box("Who", [(p.display_name, p.id) for p in people])
        )
        choices = relationship_choices(reference, subject)[1:]
        self.how = self.add_row("&How:", choice_box("How they are related", choices))

    def operation(self) -> tuple[Operation | None, list[str]]:
        other = self.who.currentData()
        if other is None:
            return None, ["Add the person to the family first."]
        kind, other_is_subject = self.how.currentData()
        a, b = (other, self.subject.id) if other_is_subject else (self.subject.id, other)
        return record_relationship(relationship=Relationship(a, kind, b)), []
