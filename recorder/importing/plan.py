"""Checking an import's rows and deciding, row by row, what to add, match or change.

Each file is read in turn; an id one file gives (``person_id`` in people.csv)
can be used by the files after it, and an id a previous import gave is found
through the external references the store keeps. Every problem found is kept,
not just the first, so one run lists everything to put right.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from recorder.domain.cases import Case
from recorder.domain.duplicates import folded_name, match_reason
from recorder.domain.ethnicity import EthnicityCategories
from recorder.domain.family_entry import PersonEntry, person_from_entry
from recorder.domain.import_values import (
    MIDNIGHT as _MIDNIGHT,
)
from recorder.domain.import_values import (
    ValueProblem,
    read_case_type,
    read_date,
    read_yes_no,
    two_digit_year_problem,
)
from recorder.domain.imports import ExternalRef, FieldUpdate, ImportBatch
from recorder.domain.people import Household, HouseholdMember, Person, Relationship
from recorder.domain.professionals import Involvement, Professional
from recorder.domain.records import Record, RecordStatus
from recorder.domain.users import Role, User
from recorder.domain.visit_clock import VisitOutcome
from recorder.importing import files as F
from recorder.importing.files import CsvFile, Row
from recorder.importing.problems import ImportProblem

T = TypeVar("T")


@dataclass
class Tally:
    added: int = 0
    matched: int = 0
    updated: int = 0
    refused: int = 0


@dataclass
class ImportPlan:
    batch: ImportBatch = field(default_factory=ImportBatch)
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[ImportProblem] = field(default_factory=list)
    """Worth a look but no reason to refuse (a possible duplicate)."""
    tallies: dict[str, Tally] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Existing:
    """What the record already holds, as far as matching needs it."""

    refs: dict[str, dict[str, str]]
    """entity table -> reference -> our id"""
    people_by_nhs_number: dict[str, str] = field(default_factory=dict)
    people_by_birth: dict[tuple[str, str], list[Person]] = field(default_factory=dict)
    """(date of birth, folded last name) -> people on the record, for possible duplicates."""
    users_by_email: dict[str, str] = field(default_factory=dict)
    memberships: dict = field(default_factory=dict)
    relationships: set = field(default_factory=set)
    involvements: dict = field(default_factory=dict)
    visit_days: set = field(default_factory=set)
    fetch: Callable[[str, list[str]], dict[str, Any]] = lambda table, ids: {}
    """Entities already on the record by table and ids, to compare with the files."""


_FOLLOWS = object()
"""Marks a row refused because a row it names was refused."""

_ROLES = {r.label.lower(): r for r in Role} | {r.value.replace("_", " "): r for r in Role}
_OUTCOMES = {o.value.lower(): o for o in VisitOutcome}


class Planner:
    """Builds an :class:`ImportPlan` from the read files and what already exists.

    :param relationship_kinds: the vocabulary's keys and, folded, their labels
    :param visit_form: (form id, version) imported visits are recorded as
    :param ethnicities: the census categories people's ethnicity is checked against
    """

    def __init__(
        self,
        existing: Existing,
        *,
        relationship_kinds: dict[str, str],
        symmetric_kinds: frozenset[str] = frozenset(),
        visit_form: tuple[str, int],
        ethnicities: EthnicityCategories | None,
        today: date,
    ) -> None:
        self.existing = existing
        self.ethnicities = ethnicities
        self.kinds = relationship_kinds
        self.symmetric = symmetric_kinds
        self.visit_form = visit_form
        self.today = today
        self.plan = ImportPlan()
        # Ids by the council's reference: this import's own, then earlier imports'.
        self.ids: dict[str, dict[str, str]] = {
            t: dict(existing.refs.get(t, {}))
            for t in ("people", "households", "professionals", "users", "cases", "records")
        }
        self.case_types: dict[str, Any] = {}

    # -- helpers ---------------------------------------------------------------------

    def _tally(self, spec: F.FileSpec) -> Tally:
        return self.plan.tallies.setdefault(spec.name, Tally())

    def _refuse(self, spec: F.FileSpec, problems: list, *, table: str = "", ref: str = "") -> None:
        # A row refused only because a row it names was refused adds no problem of its own:
        # the cause is already listed once.
        self.plan.problems.extend(p for p in problems if p is not _FOLLOWS)
        self._tally(spec).refused += 1
        if table and ref:
            self._seen(f"refused_{table}").add(ref)

    @staticmethod
    def _required(row: Row, column: str, bad: list[ImportProblem]) -> str:
        value = row.get(column)
        if not value:
            bad.append(row.problem(column, "is empty, and a value is needed"))
        return value

    @staticmethod
    def _date(row: Row, column: str, bad: list[ImportProblem]) -> date | None:
        text = row.get(column)
        if not text:
            return None
        try:
            return read_date(text, what=column.replace("_", " "))
        except ValueProblem as e:
            bad.append(row.problem(column, str(e)))
            return None

    @staticmethod
    def _read(row: Row, column: str, reader: Callable[[str], T], bad: list) -> T | None:
        try:
            return reader(row.get(column))
        except ValueProblem as e:
            bad.append(row.problem(column, str(e)))
            return None

    def _ref(self, row: Row, column: str, table: str, where: str, bad: list) -> str | None:
        ref = row.get(column)
        if not ref:
            bad.append(row.problem(column, "is empty, and a value is needed"))
            return None
        found = self.ids[table].get(ref)
        if found is None and ref in self._seen(f"refused_{table}"):
            bad.append(_FOLLOWS)
        elif found is None:
            bad.append(row.problem(column, f"{ref!r} is not in {where} or an earlier import"))
        return found

    @staticmethod
    def _order(row: Row, first: str, a: date | None, last: str, b: date | None, bad: list) -> None:
        if a and b and b < a:
            bad.append(row.problem(last, f"{b:%d/%m/%Y} is before {first} ({a:%d/%m/%Y})"))

    def _own_id(self, row: Row, column: str, seen: set[str], bad: list) -> str:
        ref = self._required(row, column, bad)
        if ref and ref in seen:
            bad.append(row.problem(column, f"{ref!r} is on an earlier line of this file too"))
        seen.add(ref)
        return ref

    def _keep(
        self,
        spec: F.FileSpec,
        table: str,
        ref: str,
        obj: Any,
        new: list,
        row: Row,
        *,
        also_match: str | None = None,
    ) -> str:
        """Add ``obj``, or match the entity its reference (or ``also_match``) names and
        note the fields the file changes. Returns the id the entity has on the record."""
        tally = self._tally(spec)
        batch = self.plan.batch
        known = self.existing.refs.get(table, {}).get(ref) or also_match
        if known is None:
            new.append(obj)
            batch.refs.append(ExternalRef(table, obj.id, ref))
            tally.added += 1
            return obj.id
        if ref not in self.existing.refs.get(table, {}):
            batch.refs.append(ExternalRef(table, known, ref))  # matched by NHS number, say
        self._pending.setdefault(table, []).append((known, obj, row, spec))
        tally.matched += 1
        return known

    def _compare_matched(self) -> None:
        """Fields the files change on entities already on the record, found in bulk."""
        for table, pending in self._pending.items():
            if table == "users":
                continue  # a user's name and role are the app's to change, never an import's
            current: dict[str, Any] = {}
            ids = [p[0] for p in pending]
            for start in range(0, len(ids), 500):
                current.update(self.existing.fetch(table, ids[start : start + 500]))
            for known, obj, row, spec in pending:
                now = current.get(known)
                if now is None:
                    continue
                changed = {
                    f.name: getattr(obj, f.name)
                    for f in dataclasses.fields(obj)
                    if f.name != "id"
                    # An empty cell never clears what the record holds.
                    and row.get(f.name)
                    and getattr(obj, f.name) != getattr(now, f.name)
                }
                if changed:
                    self.plan.batch.updates.append(FieldUpdate(table, known, changed))
                    tally = self._tally(spec)
                    tally.matched -= 1
                    tally.updated += 1

    # -- the files -------------------------------------------------------------------

    def build(
        self, read: dict[str, CsvFile], *, say: Callable[[str], None] | None = None
    ) -> ImportPlan:
        """Check every row of every file read, in order.

        :param say: told every 20,000 rows of a long file, so a long check shows it moves
        """
        self._pending: dict[str, list] = {}
        for spec, step in (
            (F.PEOPLE, self._people),
            (F.HOUSEHOLDS, self._households),
            (F.MEMBERS, self._members),
            (F.RELATIONSHIPS, self._relationships),
            (F.PROFESSIONALS, self._professionals),
            (F.INVOLVEMENTS, self._involvements),
            (F.WORKERS, self._workers),
            (F.CASES, self._cases),
            (F.VISITS, self._visits),
        ):
            found = read.get(spec.name)
            if found is None:
                continue
            self.plan.encodings[spec.name] = found.encoding
            self._tally(spec)
            total = len(found.rows)
            for done, row in enumerate(found.rows, 1):
                step(spec, row)
                if say and done % 20_000 == 0 and done < total:
                    say(f"Checked {done:,} of {total:,} rows of {spec.name}.")
        if not self.plan.problems:
            self._compare_matched()
        return self.plan

    def _people(self, spec: F.FileSpec, row: Row) -> None:
        bad: list[ImportProblem] = []
        ref = self._own_id(row, "person_id", self._seen("people"), bad)
        nhs = row.get("nhs_number")
        if "e+" in nhs.lower():
            bad.append(
                row.problem(
                    "nhs_number",
                    f"{nhs!r} looks like a number Excel "
                    "shortened: format the column as Text and export again",
                )
            )
            nhs = ""  # fmt: skip
        interpreter = self._read(row, "interpreter_needed", read_yes_no, bad)
        estimated = self._read(row, "date_of_birth_estimated", read_yes_no, bad)
        born = _MIDNIGHT.sub("", row.get("date_of_birth"))
        if two_digit := two_digit_year_problem(born):
            bad.append(row.problem("date_of_birth", two_digit))
            born = ""
        # The person dialog's own rules, so a row and a typed-in person are held alike.
        person, problems = person_from_entry(
            PersonEntry(
                first_name=row.get("first_name"), last_name=row.get("last_name"),
                middle_names=row.get("middle_names"), known_as=row.get("known_as"),
                date_of_birth=born,
                date_of_birth_estimated=bool(estimated), gender=row.get("gender"),
                ethnicity=row.get("ethnicity"), first_language=row.get("first_language"),
                interpreter_needed=bool(interpreter), religion=row.get("religion"),
                nhs_number=nhs, phone=row.get("phone"), email=row.get("email"),
            ),
            ethnicities=self.ethnicities,
            today=self.today,
        )  # fmt: skip
        for problem in problems:
            column = _person_column(problem)
            if column == "nhs_number":
                problem = f"{nhs!r}: {problem}"
            bad.append(row.problem(column, problem))
        if bad or person is None:
            return self._refuse(spec, bad, table="people", ref=ref)
        by_nhs = self.existing.people_by_nhs_number.get(person.nhs_number) if nhs else None
        known = ref in self.existing.refs.get("people", {}) or by_nhs
        self.ids["people"][ref] = self._keep(
            spec, "people", ref, person, self.plan.batch.people, row, also_match=by_nhs
        )
        if not known and person.date_of_birth:
            self._note_possible_duplicate(row, person)

    def _note_possible_duplicate(self, row: Row, person: Person) -> None:
        """A new person with the name and birth date of someone on the record is added (two
        people can share both), but said, so a manager can look and merge them."""
        key = (person.date_of_birth.isoformat(), folded_name(person.last_name))  # type: ignore[union-attr]
        for existing in self.existing.people_by_birth.get(key, []):
            reason = match_reason(person, existing)
            if reason:
                self.plan.notes.append(
                    row.problem("person_id", f"{row.get('person_id')!r} has {reason} as "
                                f"{existing.display_name}, already on the record: added as a "
                                "new person; if they are one, a team manager can merge them")
                )  # fmt: skip
                return

    def _households(self, spec: F.FileSpec, row: Row) -> None:
        bad: list[ImportProblem] = []
        ref = self._own_id(row, "household_id", self._seen("households"), bad)
        name = row.get("name") or row.get("address_line1")
        if not name:
            bad.append(row.problem("name", "is empty: give a name or at least address_line1"))
        if bad:
            return self._refuse(spec, bad, table="households", ref=ref)
        household = Household(
            name=name, address_line1=row.get("address_line1"),
            address_line2=row.get("address_line2"), town=row.get("town"),
            postcode=row.get("postcode").upper(), phone=row.get("phone"),
        )  # fmt: skip
        self.ids["households"][ref] = self._keep(
            spec, "households", ref, household, self.plan.batch.households, row
        )

    def _members(self, spec: F.FileSpec, row: Row) -> None:
        bad: list[ImportProblem] = []
        household = self._ref(row, "household_id", "households", "households.csv", bad)
        person = self._ref(row, "person_id", "people", "people.csv", bad)
        moved_in = self._date(row, "moved_in", bad)
        moved_out = self._date(row, "moved_out", bad)
        self._order(row, "moved_in", moved_in, "moved_out", moved_out, bad)
        if bad:
            return self._refuse(spec, bad)
        key = (household, person, moved_in.isoformat() if moved_in else None)
        tally = self._tally(spec)
        if key in self._seen("members"):
            tally.matched += 1
            return
        self._seen("members").add(key)
        found = self.existing.memberships.get(key)
        if found is None:
            self.plan.batch.members.append(
                HouseholdMember(household, person, start_date=moved_in, end_date=moved_out)
            )
            tally.added += 1
        elif moved_out and found[1] != moved_out.isoformat():
            self.plan.batch.updates.append(
                FieldUpdate("household_members", found[0], {"end_date": moved_out})
            )
            tally.updated += 1
        else:
            tally.matched += 1

    def _relationships(self, spec: F.FileSpec, row: Row) -> None:
        bad: list[ImportProblem] = []
        person = self._ref(row, "person_id", "people", "people.csv", bad)
        other = self._ref(row, "other_person_id", "people", "people.csv", bad)
        said = row.get("relationship")
        kind = self.kinds.get(" ".join(said.lower().replace("_", " ").split()))
        if not said:
            bad.append(row.problem("relationship", "is empty, and a value is needed"))
        elif kind is None:
            bad.append(
                row.problem(
                    "relationship",
                    f"{said!r} is not a relationship in "
                    "resources/relationships.toml (e.g. mother, father, sibling)",
                )
            )
        if person and person == other:
            bad.append(row.problem("other_person_id", "is the same person as person_id"))
        if bad:
            return self._refuse(spec, bad)
        key = (person, kind, other)
        keys = {key, (other, kind, person)} if kind in self.symmetric else {key}
        tally = self._tally(spec)
        if keys & self.existing.relationships or keys & self._seen("relationships"):
            tally.matched += 1  # a sibling recorded the other way round is the same fact
            return
        self._seen("relationships").add(key)
        self.plan.batch.relationships.append(Relationship(person, kind, other))
        tally.added += 1

    def _professionals(self, spec: F.FileSpec, row: Row) -> None:
        bad: list[ImportProblem] = []
        ref = self._own_id(row, "professional_id", self._seen("professionals"), bad)
        name = self._required(row, "name", bad)
        role = self._required(row, "role", bad)
        if bad:
            return self._refuse(spec, bad, table="professionals", ref=ref)
        professional = Professional(
            name=name, role=role, agency=row.get("agency"), phone=row.get("phone"),
            email=row.get("email"),
        )  # fmt: skip
        self.ids["professionals"][ref] = self._keep(
            spec, "professionals", ref, professional, self.plan.batch.professionals, row
        )

    def _involvements(self, spec: F.FileSpec, row: Row) -> None:
        bad: list[ImportProblem] = []
        professional = self._ref(row, "professional_id", "professionals", "professionals.csv", bad)
        child = self._ref(row, "child_id", "people", "people.csv", bad)
        start = self._date(row, "start_date", bad)
        end = self._date(row, "end_date", bad)
        self._order(row, "start_date", start, "end_date", end, bad)
        if bad:
            return self._refuse(spec, bad)
        role = row.get("role")
        key = (professional, child, role, start.isoformat() if start else None)
        tally = self._tally(spec)
        if key in self._seen("involvements"):
            tally.matched += 1
            return
        self._seen("involvements").add(key)
        found = self.existing.involvements.get(key)
        if found is None:
            self.plan.batch.involvements.append(
                Involvement(professional, child, role=role, start_date=start, end_date=end)
            )
            tally.added += 1
        elif end and found[1] != end.isoformat():
            self.plan.batch.updates.append(FieldUpdate("involvements", found[0], {"end_date": end}))
            tally.updated += 1
        else:
            tally.matched += 1

    def _workers(self, spec: F.FileSpec, row: Row) -> None:
        bad: list[ImportProblem] = []
        ref = self._own_id(row, "worker_id", self._seen("users"), bad)
        name = self._required(row, "name", bad)
        said = row.get("role")
        role = _ROLES.get(" ".join(said.lower().replace("_", " ").split()))
        if said and role is None:
            allowed = ", ".join(r.label for r in Role)
            bad.append(row.problem("role", f"{said!r} is not a role ({allowed})"))
        elif not said:
            bad.append(row.problem("role", "is empty, and a value is needed"))
        if bad:
            return self._refuse(spec, bad, table="users", ref=ref)
        email = row.get("email")
        user = User(name=name, role=role, email=email)  # type: ignore[arg-type]
        by_email = self.existing.users_by_email.get(email.lower()) if email else None
        self.ids["users"][ref] = self._keep(
            spec, "users", ref, user, self.plan.batch.users, row, also_match=by_email
        )

    def _cases(self, spec: F.FileSpec, row: Row) -> None:
        bad: list[ImportProblem] = []
        ref = self._own_id(row, "case_id", self._seen("cases"), bad)
        child = self._ref(row, "child_id", "people", "people.csv", bad)
        case_type = None
        if self._required(row, "case_type", bad):
            case_type = self._read(row, "case_type", read_case_type, bad)
        start = self._date(row, "start_date", bad)
        if not row.get("start_date"):
            bad.append(row.problem("start_date", "is empty, and a value is needed"))
        if start and start > self.today:
            bad.append(row.problem("start_date", f"{start:%d/%m/%Y} is in the future: a case "
                                   "is opened on or before today"))  # fmt: skip
        end = self._date(row, "end_date", bad)
        self._order(row, "start_date", start, "end_date", end, bad)
        if row.get("closure_reason") and not end:
            bad.append(row.problem("closure_reason", "a case with a closure reason needs its "
                                   "end_date"))  # fmt: skip
        worker = None
        if row.get("worker_id"):
            worker = self._ref(row, "worker_id", "users", "workers.csv", bad)
        every = None
        if row.get("plan_visit_every_working_days"):
            text = row.get("plan_visit_every_working_days")
            if not text.isdigit() or int(text) < 1:
                bad.append(row.problem("plan_visit_every_working_days",
                                       f"{text!r} should be a whole number of working days, 1 "
                                       "or more"))  # fmt: skip
            else:
                every = int(text)
        if bad:
            return self._refuse(spec, bad, table="cases", ref=ref)
        case = Case(
            child_id=child, case_type=case_type, worker_id=worker, start_date=start,  # type: ignore[arg-type]
            end_date=end, reference=row.get("reference") or ref,
            plan_visit_every_working_days=every, closure_reason=row.get("closure_reason"),
        )  # fmt: skip
        case_id = self._keep(spec, "cases", ref, case, self.plan.batch.cases, row)
        self.ids["cases"][ref] = case_id
        self.case_types[case_id] = (case_type, start)

    def _visits(self, spec: F.FileSpec, row: Row) -> None:
        bad: list[ImportProblem] = []
        case_id = self._ref(row, "case_id", "cases", "cases.csv", bad)
        day = self._date(row, "visit_date", bad)
        if not row.get("visit_date"):
            bad.append(row.problem("visit_date", "is empty, and a value is needed"))
        elif day and day > self.today:
            bad.append(row.problem("visit_date", f"{day:%d/%m/%Y} is in the future"))
        seen = self._read(row, "child_seen", read_yes_no, bad)
        alone = self._read(row, "seen_alone", read_yes_no, bad) if row.get("seen_alone") else None
        said = row.get("outcome")
        outcome = _OUTCOMES.get(said.lower()) if said else VisitOutcome.COMPLETED
        if outcome is None:
            allowed = ", ".join(o.value for o in VisitOutcome)
            bad.append(row.problem("outcome", f"{said!r} is not a visit outcome ({allowed})"))
        ref = row.get("visit_id")
        if ref and ref in self._seen("visits"):
            bad.append(row.problem("visit_id", f"{ref!r} is on an earlier line of this file too"))
        self._seen("visits").add(ref)
        if bad:
            return self._refuse(spec, bad)
        tally = self._tally(spec)
        key = (case_id, day.isoformat())  # type: ignore[union-attr]
        if (ref and ref in self.ids["records"]) or key in self.existing.visit_days \
                or key in self._seen("visit_days"):  # fmt: skip
            tally.matched += 1
            return
        self._seen("visit_days").add(key)
        form_id, version = self.visit_form
        values: dict[str, Any] = {
            "visit_date": day.isoformat(),  # type: ignore[union-attr]
            "child_seen": bool(seen),
            "visit_outcome": outcome.value,  # type: ignore[union-attr]
        }
        if alone is not None:
            values["child_seen_alone"] = alone
        record = Record(
            case_id=case_id, form_id=form_id, form_version=version, author_id=None,  # type: ignore[arg-type]
            status=RecordStatus.FINISHED, values=values,
        )  # fmt: skip
        self.plan.batch.visits.append(record)
        if ref:
            self.plan.batch.refs.append(ExternalRef("records", record.id, ref))
            self.ids["records"][ref] = record.id
        tally.added += 1

    def _seen(self, what: str) -> set:
        return self.__dict__.setdefault(f"_seen_{what}", set())


# Which column a person rule's sentence is about, by the words it uses.
_PERSON_COLUMNS = (
    ("NHS number", "nhs_number"), ("estimated date of birth", "date_of_birth_estimated"),
    ("date of birth", "date_of_birth"), ("first name", "first_name"),
    ("last name", "last_name"), ("ethnicity", "ethnicity"), ("email", "email"),
    ("interpreter", "interpreter_needed"),
)  # fmt: skip


def _person_column(problem: str) -> str:
    for words, column in _PERSON_COLUMNS:
        if words.lower() in problem.lower():
            return column
    return ""
