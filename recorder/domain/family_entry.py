"""The family record as a person types it: people, dates, cases, and who may change them.

Shared by the family dialogs and the caseload import, so a person typed in and a
person read from a council's spreadsheet are held to the same rules. Nothing here
writes: the store's registry verbs check again before anything is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from recorder.domain.cases import Case, CaseType
from recorder.domain.ethnicity import EthnicityCategories
from recorder.domain.nhs_number import nhs_number_problem, normalise_nhs_number
from recorder.domain.people import Person
from recorder.domain.users import Role

FAMILY_EDITORS = frozenset({Role.SOCIAL_WORKER, Role.BUSINESS_SUPPORT, Role.TEAM_MANAGER})
"""Who keeps the family record (people, households, relationships, professionals)."""
CASE_EDITORS = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
"""Who opens, transfers, re-types and closes cases; business support reads them."""
MERGERS = frozenset({Role.TEAM_MANAGER})
"""Who decides two people on the record are one (and undoes it)."""

GENDERS = ("Female", "Male", "Other", "Not known")
CLOSURE_REASONS = (
    "Needs met: no further involvement",
    "Stepped down to early help",
    "Moved to another local authority",
    "Transferred to adult services",
    "Child has died",
    "Other (say in the note)",
)

_UK = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def read_entered_date(text: str, *, what: str, required: bool = False) -> tuple[date | None, str]:
    """A date typed as 03/11/2026 (day first, as in England) or 2026-11-03.

    :returns: the date (None when the box is empty or wrong) and, when wrong, the
        sentence to show, naming ``what`` the date is
    """
    text = text.strip()
    if not text:
        return None, (f"Type the {what} as day/month/year." if required else "")
    found = _UK.fullmatch(text)
    if found:
        day, month, year = (int(g) for g in found.groups())
    elif found := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in found.groups())
    else:
        return None, f"Write the {what} as day/month/year, for example 03/11/2026."
    try:
        return date(year, month, day), ""
    except ValueError:
        return None, f"There is no such date as {text} ({what}): check the day and the month."


def period_problem(start: date | None, end: date | None, *, what: str) -> str | None:
    """An end before its start, said for ``what`` ("the household membership")."""
    if start and end and end < start:
        return f"The end of {what} ({end:%d/%m/%Y}) is before its start ({start:%d/%m/%Y})."
    return None


def _role_problem(role: Role, allowed: frozenset[Role], doing: str, who: str) -> str | None:
    if role in allowed:
        return None
    return f"{doing} is done by {who}; a {role.label.lower()} can read it."


def family_edit_problem(role: Role) -> str | None:
    """Why someone in ``role`` may not change the family record; None when they may."""
    return _role_problem(role, FAMILY_EDITORS, "Keeping the family record", "the team")


def case_edit_problem(role: Role) -> str | None:
    """Why someone in ``role`` may not open, transfer, re-type or close a case."""
    return _role_problem(
        role, CASE_EDITORS, "Opening, transferring and closing cases",
        "a social worker or team manager",
    )


def merge_problem(role: Role) -> str | None:
    """Why someone in ``role`` may not merge two people (or undo a merge)."""
    return _role_problem(role, MERGERS, "Merging two people into one", "a team manager")


def person_problems(
    person: Person, *, ethnicities: EthnicityCategories | None, today: date
) -> list[str]:
    """Everything wrong with a person's registry facts, each in a sentence.

    :param ethnicities: the census categories; None skips that check (a caller that
        has already matched the value to the list)
    """
    problems = []
    if not person.first_name.strip() and not person.known_as.strip():
        problems.append("Give the person's first name (or the name they are known by).")
    if not person.last_name.strip():
        problems.append("Give the person's last name (family name).")
    if person.nhs_number.strip():
        problem = nhs_number_problem(person.nhs_number)
        if problem:
            problems.append(problem)
    if person.date_of_birth and person.date_of_birth.year < 1900:
        problems.append("The date of birth is before 1900: check the year.")
    if (
        person.date_of_birth
        and person.date_of_birth > today
        and (person.date_of_birth - today).days > 280
    ):
        problems.append(
            "The date of birth is more than 40 weeks from today: an unborn child's is "
            "the expected date of delivery."
        )
    if ethnicities is not None:
        problem = ethnicities.problem(person.ethnicity)
        if problem:
            problems.append(problem)
    if person.email.strip() and not _EMAIL.fullmatch(person.email.strip()):
        problems.append(f"{person.email.strip()!r} is not an email address.")
    if person.interpreter_needed and not person.first_language.strip():
        problems.append("Say which language the interpreter is needed for (first language).")
    return problems


@dataclass(frozen=True)
class PersonEntry:
    """What was typed into the person dialog, before it is checked."""

    first_name: str
    last_name: str
    middle_names: str = ""
    known_as: str = ""
    date_of_birth: str = ""
    date_of_birth_estimated: bool = False
    gender: str = ""
    ethnicity: str = ""
    first_language: str = ""
    interpreter_needed: bool = False
    religion: str = ""
    nhs_number: str = ""
    phone: str = ""
    email: str = ""
    id: str | None = None
    """The person being corrected; None for someone new."""


def person_from_entry(
    entry: PersonEntry, *, ethnicities: EthnicityCategories, today: date
) -> tuple[Person | None, list[str]]:
    """The person the dialog describes (spaces trimmed, NHS number as digits, ethnicity
    as the list writes it), or None and every problem in plain English."""
    born, problem = read_entered_date(entry.date_of_birth, what="date of birth")
    problems = [problem] if problem else []
    if entry.date_of_birth_estimated and not entry.date_of_birth.strip():
        problems.append("An estimated date of birth still needs a date: give your best estimate.")
    ethnicity = ethnicities.canonical(entry.ethnicity)
    fields = dict(
        first_name=entry.first_name.strip(),
        middle_names=" ".join(entry.middle_names.split()),
        last_name=entry.last_name.strip(),
        known_as=entry.known_as.strip(),
        date_of_birth=born,
        date_of_birth_estimated=bool(born) and entry.date_of_birth_estimated,
        gender=entry.gender.strip(),
        ethnicity=ethnicity if ethnicity is not None else entry.ethnicity.strip(),
        first_language=entry.first_language.strip(),
        interpreter_needed=entry.interpreter_needed,
        religion=entry.religion.strip(),
        nhs_number=normalise_nhs_number(entry.nhs_number),
        phone=entry.phone.strip(),
        email=entry.email.strip(),
    )
    person = Person(**fields, id=entry.id) if entry.id else Person(**fields)
    problems += person_problems(person, ethnicities=ethnicities, today=today)
    return (None, problems) if problems else (person, [])


def entry_from_person(person: Person) -> PersonEntry:
    """The dialog's boxes filled from a person already on the record, for correcting."""
    return PersonEntry(
        first_name=person.first_name,
        last_name=person.last_name,
        middle_names=person.middle_names,
        known_as=person.known_as,
        date_of_birth=person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else "",
        date_of_birth_estimated=person.date_of_birth_estimated,
        gender=person.gender,
        ethnicity=person.ethnicity,
        first_language=person.first_language,
        interpreter_needed=person.interpreter_needed,
        religion=person.religion,
        nhs_number=person.nhs_number,
        phone=person.phone,
        email=person.email,
        id=person.id,
    )


@dataclass(frozen=True)
class CaseEntry:
    """A case being opened, as typed: the child, its type, start, worker and reference."""

    child_id: str
    case_type: CaseType
    start: str
    worker_id: str | None
    reference: str = ""


def case_from_entry(entry: CaseEntry, *, today: date) -> tuple[Case | None, list[str]]:
    """The case to open, or None and every problem in plain English."""
    start, problem = read_entered_date(entry.start, what="start date", required=True)
    problems = [problem] if problem else []
    if start and start > today:
        problems.append("A case is opened on or before today; the start date is in the future.")
    if not entry.worker_id:
        problems.append("Choose the allocated worker.")
    if problems or start is None:
        return None, problems
    return Case(
        child_id=entry.child_id,
        case_type=CaseType(entry.case_type),
        worker_id=entry.worker_id,
        start_date=start,
        reference=entry.reference.strip(),
    ), []


def closing_problem(case: Case, on: date | None, reason: str) -> str | None:
    """Why a case cannot be closed like this; None when it can."""
    if not case.is_open:
        return f"This case was already closed on {case.end_date:%d/%m/%Y}."
    if on is None:
        return "Give the date the case closed."
    if on < case.start_date:
        return f"A case closes on or after the day it opened ({case.start_date:%d/%m/%Y})."
    if not reason.strip():
        return "Say why the case is closing."
    return None


def retype_problem(case: Case, new_type: CaseType) -> str | None:
    """Why a case cannot change to ``new_type`` (child in need to child protection plan
    and back, early help stepped up); None when it can."""
    if not case.is_open:
        return "A closed case keeps its type; open a new case instead."
    if case.case_type is new_type:
        return f"The case is already {new_type.label.lower()}."
    if CaseType.CHILD_IN_CARE in (case.case_type, new_type):
        return (
            "A child coming into care or leaving it is recorded by closing this case and "
            "opening a new one, with the placement."
        )
    return None


def same_person_facts(a: Person, b: Person) -> Person:
    """``b`` with ``a``'s id: for comparing an edited person with the one on record."""
    return replace(b, id=a.id)
