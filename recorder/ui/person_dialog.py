"""Adding a person to the family record, or correcting one, by keyboard.

Every registry fact in one form (names in any script, known-as, date of birth or
an estimate, gender, census ethnicity, language and interpreter, religion, NHS
number, contact details). A new person is first checked against the record:
anyone who may be them (the same NHS number, or the same name and date of birth)
is offered before a second copy is made. The rules are in
``recorder.domain.family_entry``; this only renders and forwards.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from recorder.domain.changes import Changes
from recorder.domain.dates import uk_date
from recorder.domain.family_entry import (
    GENDERS,
    PersonEntry,
    entry_from_person,
    person_from_entry,
    read_entered_date,
)
from recorder.domain.people import Household, Person, Relationship
from recorder.reference import ReferenceData
from recorder.store.registry import PossibleDuplicate
from recorder.ui.family_dialog import FamilyDialog, date_edit, line_edit
from recorder.ui.family_ops import Operation, add_to_family, correct_person
from recorder.ui.tasks import TaskRunner


def relationship_choices(
    reference: ReferenceData, child: Person
) -> list[tuple[str, tuple[str, bool] | None]]:
    """How a new person can be related to ``child``, both ways round: (words, (kind,
    new person is the subject)). "is Mia's mother" stores "new is mother of Mia"; "is
    Mia's child (Mia is their mother)" stores "Mia is mother of new"."""
    name = child.known_as or child.first_name
    choices: list[tuple[str, tuple[str, bool] | None]] = [("Not related / not yet known", None)]
    kinds = reference.relationships.kinds.values()
    for kind in kinds:
        choices.append((f"is {name}'s {kind.label}", (kind.key, True)))
    for kind in kinds:
        if not kind.symmetric:
            choices.append(
                (f"is {name}'s {kind.inverse['any']} ({name} is their {kind.label})",
                 (kind.key, False))
            )
    return choices


class PersonDialog(FamilyDialog):
    """Add someone (to a child's family, when ``child`` is given) or correct ``person``.

    :param child: the person in view, whom a new person may be related to
    :param household: the child's home, which a new person may live in
    """

    def __init__(
        self,
        runner: TaskRunner,
        *,
        reference: ReferenceData,
        today: date,
        person: Person | None = None,
        child: Person | None = None,
        household: Household | None = None,
        parent: QWidget | None = None,
    ) -> None:
        adding = person is None
        if adding and child is not None:
            title = f"Add someone to {child.display_name}'s family"
        elif adding:
            title = "Add a person"
        else:
            title = f"Correct the details of {person.display_name}"
        super().__init__(
            runner,
            title=title,
            intro=(
                "Names may be written in any script. Dates are day/month/year. "
                "Only the first and last names are needed now; the rest can follow."
            ),
            parent=parent,
        )
        self.setMinimumWidth(680)
        self.reference = reference
        self.today = today
        self.person = person
        self.child = child
        self.household = household
        self.matches: list[PossibleDuplicate] = []
        self.person_id: str | None = person.id if person else None
        """Who was saved (or chosen instead): the window opens them."""

        self.first_name = self.add_row("&First name:", line_edit("First name"))
        self.middle_names = self.add_row("Mi&ddle names:", line_edit("Middle names"))
        self.last_name = self.add_row("&Last name:", line_edit("Last name"))
        self.known_as = self.add_row("Known &as:", line_edit("Known as"))
        self.date_of_birth = date_edit("Date of birth")
        self.estimated = QCheckBox("&Estimated")
        self.estimated.setToolTip("The date of birth is a best estimate.")
        born = QWidget()
        born_row = QHBoxLayout(born)
        born_row.setContentsMargins(0, 0, 0, 0)
        born_row.addWidget(self.date_of_birth)
        born_row.addWidget(self.estimated)
        born_row.addStretch(1)
        self.add_row("Date of &birth:", born)
        self.gender = QComboBox()  # not editable, so Enter saves: type a letter to choose
        self.gender.setAccessibleName("Gender")
        self.gender.setMinimumWidth(180)
        self.gender.addItems(["", *GENDERS])
        self.add_row("&Gender:", self.gender)
        self.ethnicity = QComboBox()
        self.ethnicity.setAccessibleName("Ethnicity")
        self.ethnicity.addItem("Not yet recorded", "")
        for choice in reference.ethnicities.choices():
            self.ethnicity.addItem(choice, choice)
        self.add_row("E&thnicity:", self.ethnicity)
        self.first_language = self.add_row("First lang&uage:", line_edit("First language"))
        self.interpreter = QCheckBox("An &interpreter is needed")
        self.add_row("", self.interpreter)
        self.religion = self.add_row("&Religion:", line_edit("Religion"))
        self.nhs_number = self.add_row("&NHS number:", line_edit("NHS number"))
        self.nhs_number.setPlaceholderText("10 digits, e.g. 943 476 5919")
        self.phone = self.add_row("&Phone:", line_edit("Phone"))
        self.email = self.add_row("E&mail:", line_edit("Email"))

        self.relation: QComboBox | None = None
        self.lives_here: QCheckBox | None = None
        self.moved_in: QWidget | None = None
        if adding and child is not None:
            self.relation = QComboBox()
            self.relation.setAccessibleName(f"How they are related to {child.display_name}")
            for text, value in relationship_choices(reference, child):
                self.relation.addItem(text, value)
            self.add_row("Relations&hip:", self.relation)
            if household is not None:
                where = (household.address or household.name).replace("&", "&&")
                self.lives_here = QCheckBox(f"Li&ves at {where}")
                self.lives_here.setAccessibleName(f"Lives at {household.name}")
                self.moved_in = date_edit("Date moved in")
                self.add_row("Home:", self.lives_here)
                self.add_row("M&oved in on:", self.moved_in)

        self.duplicates_note = QLabel("")
        self.duplicates_note.setWordWrap(True)
        self.duplicates_note.setObjectName("problem")
        self.duplicates = QListWidget()
        self.duplicates.setAccessibleName("People already on the record who may be this person")
        self.duplicates.setMaximumHeight(110)
        self.duplicates.setWordWrap(True)
        self.use_existing = QPushButton("Use the person &chosen")
        self.use_existing.clicked.connect(self.choose_existing)
        self.add_anyway = QPushButton("Add as a ne&w person")
        self.add_anyway.clicked.connect(self.add_as_new)
        for button in (self.use_existing, self.add_anyway):
            button.setAutoDefault(False)
        self.duplicate_box = QWidget()
        box = QHBoxLayout(self.duplicate_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.use_existing)
        box.addWidget(self.add_anyway)
        box.addStretch(1)
        for widget in (self.duplicates_note, self.duplicates, self.duplicate_box):
            widget.setVisible(False)
            self.body.insertWidget(self.body.count() - 1, widget)

        if person is not None:
            self._fill(entry_from_person(person))
        self.first_name.setFocus()

    def _fill(self, entry: PersonEntry) -> None:
        self.first_name.setText(entry.first_name)
        self.middle_names.setText(entry.middle_names)
        self.last_name.setText(entry.last_name)
        self.known_as.setText(entry.known_as)
        self.date_of_birth.setText(entry.date_of_birth)
        self.estimated.setChecked(entry.date_of_birth_estimated)
        if entry.gender and self.gender.findText(entry.gender) < 0:
            self.gender.addItem(entry.gender)
        self.gender.setCurrentText(entry.gender)
        if entry.ethnicity and self.ethnicity.findData(entry.ethnicity) < 0:
            self.ethnicity.addItem(f"{entry.ethnicity} (earlier wording)", entry.ethnicity)
        self.ethnicity.setCurrentIndex(max(0, self.ethnicity.findData(entry.ethnicity)))
        self.first_language.setText(entry.first_language)
        self.interpreter.setChecked(entry.interpreter_needed)
        self.religion.setText(entry.religion)
        self.nhs_number.setText(entry.nhs_number)
        self.phone.setText(entry.phone)
        self.email.setText(entry.email)

    def entry(self) -> PersonEntry:
        return PersonEntry(
            first_name=self.first_name.text(),
            middle_names=self.middle_names.text(),
            last_name=self.last_name.text(),
            known_as=self.known_as.text(),
            date_of_birth=self.date_of_birth.text(),
            date_of_birth_estimated=self.estimated.isChecked(),
            gender=self.gender.currentText(),
            ethnicity=self.ethnicity.currentData() or "",
            first_language=self.first_language.text(),
            interpreter_needed=self.interpreter.isChecked(),
            religion=self.religion.text(),
            nhs_number=self.nhs_number.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            id=self.person.id if self.person else None,
        )

    def _links(self, person_id: str) -> tuple[Relationship | None, str | None, date | None, list]:
        """How the person joins the child's family, from the last two rows."""
        relationship = None
        if self.relation is not None and self.relation.currentData():
            kind, subject = self.relation.currentData()
            a, b = (person_id, self.child.id) if subject else (self.child.id, person_id)
            relationship = Relationship(a, kind, b)
        if self.lives_here is None or not self.lives_here.isChecked():
            return relationship, None, None, []
        moved, problem = read_entered_date(self.moved_in.text(), what="date they moved in")
        return relationship, self.household.id, moved, [problem] if problem else []

    def operation(self) -> tuple[Operation | None, list[str]]:
        person, problems = person_from_entry(
            self.entry(), ethnicities=self.reference.ethnicities, today=self.today
        )
        if person is None:
            return None, problems
        if self.person is not None:
            self.person_id = person.id
            return correct_person(person=person), []
        relationship, household_id, moved, problems = self._links(person.id)
        if problems:
            return None, problems
        self._new = person
        self.person_id = person.id
        if not self.matches:  # first ask who may already be on the record
            self.runner.query(
                lambda store: store.people.possible_duplicates(person),
                self._offer,
                on_error=self.show_problem,
            )
            return None, []
        return None, []

    def _offer(self, matches: list[PossibleDuplicate]) -> None:
        if not matches:
            self._save_new(not_a_duplicate=False)
            return
        self.matches = matches
        self.duplicates.clear()
        for match in matches:
            p = match.person
            born = f", born {uk_date(p.date_of_birth)}" if p.date_of_birth else ""
            item = QListWidgetItem(f"{p.display_name}{born}: {match.reason}")
            item.setData(256, p.id)
            self.duplicates.addItem(item)
        self.duplicates.setCurrentRow(0)
        count = len(matches)
        self.duplicates_note.setText(
            ("This person may already be on the record" if count == 1 else
             f"{count} people on the record may be this person")
            + ". Use the one already there, or add this person as someone new."
        )
        for widget in (self.duplicates_note, self.duplicates, self.duplicate_box):
            widget.setVisible(True)
        self.save_button.setEnabled(False)
        self.duplicates.setFocus()

    def choose_existing(self) -> None:
        """The person chosen in the list is this person: link them, add no one."""
        item = self.duplicates.currentItem()
        if item is None:
            return
        existing = next(m.person for m in self.matches if m.person.id == item.data(256))
        self.person_id = existing.id
        relationship, household_id, moved, problems = self._links(existing.id)
        if problems:
            self.show_problem(" ".join(problems))
            return
        if relationship is None and household_id is None:
            self.saved.emit(Changes())
            super(FamilyDialog, self).accept()
            return
        self.run(add_to_family(person=existing, is_new=False, relationship=relationship,
                               household_id=household_id, moved_in=moved))

    def add_as_new(self) -> None:
        """The user looked at who may be this person and said: someone else."""
        self._save_new(not_a_duplicate=True)

    def _save_new(self, *, not_a_duplicate: bool) -> None:
        person = self._new
        relationship, household_id, moved, _ = self._links(person.id)
        self.run(
            add_to_family(
                person=person, is_new=True, not_a_duplicate=not_a_duplicate,
                relationship=relationship, household_id=household_id, moved_in=moved,
            )
        )
