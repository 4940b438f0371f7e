"""The demo caseload: fictional families read from ``resources/demo/`` into a store.

The files are data, validated like any other: a mistake names the file, the
line where it can be found and the problem. Dates in the files are written
as of the manifest's ``as_of`` day and moved forward by whole weeks to today,
so the demo always shows recent visits, overdue ones and the right weekdays.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from recorder.domain.cases import Case, CaseType
from recorder.domain.nhs_number import nhs_number_problem
from recorder.domain.people import Household, HouseholdMember, Person, Relationship
from recorder.domain.placements import (
    LegalStatus,
    Placement,
    PlacementKind,
    overlapping,
    placement_problems,
)
from recorder.domain.professionals import Involvement, Professional
from recorder.domain.records import Record, RecordStatus
from recorder.domain.users import Role, User
from recorder.reference.datafile import DataFileError, line_of, read_json
from recorder.reference.relationships import RelationshipVocabulary
from recorder.resources import resource

E = TypeVar("E", bound=Enum)

_NAMESPACE = uuid.UUID("6f1c2a52-5d1e-4c3e-9a51-0d5c3e0b7a11")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LAST_YEAR = 2999  # later dates overflow when the demo is moved forward to today


@dataclass
class DemoCaseload:
    """Everything the demo files hold, as domain objects ready for the store."""

    users: list[User] = field(default_factory=list)
    professionals: list[Professional] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    members: list[HouseholdMember] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)


def read_demo(
    *,
    relationships: RelationshipVocabulary,
    today: date | None = None,
    folder: Path | None = None,
) -> DemoCaseload:
    """Read and validate every demo file.

    :raises DataFileError: naming the file, the line and the problem
    """
    folder = folder or resource("demo")
    manifest_path = folder / "demo.json"
    manifest = _object(_read(manifest_path), manifest_path, "the manifest")
    as_of = _date(manifest.get("as_of"), manifest_path, "as_of")
    today = today or date.today()
    shift = timedelta(days=max(0, (today - as_of).days) // 7 * 7)

    reader = _Reader(shift=shift, vocabulary=relationships)
    team_path = _demo_file(
        folder, _text(manifest.get("team"), manifest_path, "team"), manifest_path
    )
    reader.read_team(team_path)
    families = manifest.get("families")
    if not isinstance(families, list) or not families:
        raise DataFileError(manifest_path, "'families' must list one or more family files")
    for name in families:
        reader.read_family(
            _demo_file(folder, _text(name, manifest_path, "families"), manifest_path)
        )
    return reader.caseload


def _demo_file(folder: Path, name: str, manifest_path: Path) -> Path:
    """A file the manifest names, which must lie in the demo folder (or below it)."""
    path = folder / name
    if Path(name).is_absolute() or ".." in Path(name).parts or path == folder:
        raise DataFileError(
            manifest_path,
            f"{name!r} must be the name of a file in the demo folder",
            line=line_of(manifest_path, name) if name else None,
        )
    return path


# A demo record approved this long after it was written.
_APPROVAL_TAKES = timedelta(days=2, hours=3)


class _Reader:
    def __init__(self, *, shift: timedelta, vocabulary: RelationshipVocabulary) -> None:
        self.shift = shift
        self.vocabulary = vocabulary
        self.caseload = DemoCaseload()
        self.users: dict[str, User] = {}
        self.professionals: dict[str, Professional] = {}

    def read_team(self, path: Path) -> None:
        team = _object(_read(path), path, "the team file")
        for entry in _list(team, "users", path):
            where = _Where(path, entry, "users")
            user = User(
                name=where.text("name"),
                role=where.choice("role", Role),
                email=where.text("email", ""),
                id=_id(path, where.key),
            )
            self.users[where.key] = user
            self.caseload.users.append(user)
        for entry in _list(team, "professionals", path):
            where = _Where(path, entry, "professionals")
            professional = Professional(
                name=where.text("name"),
                role=where.text("role"),
                agency=where.text("agency", ""),
                phone=where.text("phone", ""),
                email=where.text("email", ""),
                id=_id(path, where.key),
            )
            self.professionals[where.key] = professional
            self.caseload.professionals.append(professional)

    def read_family(self, path: Path) -> None:
        family = _object(_read(path), path, "a family file")
        out = self.caseload
        households: dict[str, Household] = {}
        for entry in _list(family, "households", path):
            where = _Where(path, entry, "households")
            address = entry.get("address") or {}
            if not isinstance(address, dict):
                raise where.error("address must be an object with line1, line2, town, postcode")
            households[where.key] = Household(
                name=where.text("name"),
                address_line1=str(address.get("line1", "")),
                address_line2=str(address.get("line2", "")),
                town=str(address.get("town", "")),
                postcode=str(address.get("postcode", "")),
                phone=where.text("phone", ""),
                id=_id(path, where.key),
            )
        out.households.extend(households.values())

        people: dict[str, Person] = {}
        for entry in _list(family, "people", path):
            where = _Where(path, entry, "people")
            nhs = where.text("nhs_number", "")
            if nhs and (problem := nhs_number_problem(nhs)):
                raise where.error(f"nhs_number {nhs!r}: {problem}")
            person = Person(
                first_name=where.text("first_name"),
                middle_names=where.text("middle_names", ""),
                last_name=where.text("last_name"),
                known_as=where.text("known_as", ""),
                date_of_birth=self._shifted(where.optional_date("date_of_birth")),
                gender=where.text("gender", ""),
                ethnicity=where.text("ethnicity", ""),
                first_language=where.text("first_language", ""),
                interpreter_needed=bool(entry.get("interpreter_needed", False)),
                religion=where.text("religion", ""),
                nhs_number=nhs,
                phone=where.text("phone", ""),
                email=where.text("email", ""),
                id=_id(path, where.key),
            )
            people[where.key] = person
            home = entry.get("household")
            if home is not None:
                if not isinstance(home, str) or home not in households:
                    raise where.error(f"household {home!r} is not a household in this file")
                out.members.append(
                    HouseholdMember(
                        household_id=households[home].id,
                        person_id=person.id,
                        id=_id(path, f"{where.key}@{home}"),
                    )
                )
        out.people.extend(people.values())

        def person_id(where: _Where, name: str) -> str:
            key = where.text(name)
            if key not in people:
                raise where.error(f"{name} {key!r} is not a person in this file")
            return people[key].id

        for index, entry in enumerate(_list(family, "relationships", path)):
            where = _Where(path, entry, "relationships", fallback_key=f"#{index + 1}")
            kind = where.text("kind")
            if kind not in self.vocabulary:
                raise where.error(f"relationship kind {kind!r} is not in relationships.toml")
            out.relationships.append(
                Relationship(
                    person_id=person_id(where, "person"),
                    kind=kind,
                    other_id=person_id(where, "of"),
                    id=_id(path, f"rel{index}"),
                )
            )
        for index, entry in enumerate(_list(family, "involvements", path)):
            where = _Where(path, entry, "involvements", fallback_key=f"#{index + 1}")
            out.involvements.append(
                Involvement(
                    professional_id=self._professional(where).id,
                    child_id=person_id(where, "child"),
                    role=where.text("role", ""),
                    id=_id(path, f"inv{index}"),
                )
            )
        cases: dict[str, Case] = {}
        for entry in _list(family, "cases", path):
            child_key = entry.get("child") if isinstance(entry, dict) else None
            where = _Where(path, entry, "cases", fallback_key=str(child_key or "?"))
            child = where.text("child")
            case = Case(
                child_id=person_id(where, "child"),
                case_type=where.choice("type", CaseType, what="case type"),
                worker_id=self._user(where, "worker").id,
                start_date=self._shifted(where.date("start_date")),
                reference=where.text("reference", ""),
                id=_id(path, f"case:{child}"),
            )
            cases[child] = case
        out.cases.extend(cases.values())
        self._read_placements(path, family, cases, person_id)

        keys = {key: p.id for key, p in people.items()} | {
            key: p.id for key, p in self.professionals.items()
        }
        for index, entry in enumerate(_list(family, "records", path)):
            where = _Where(path, entry, "records", fallback_key=f"#{index + 1}")
            child = where.text("child")
            if child not in cases:
                raise where.error(f"child {child!r} has no case in this file")
            status = where.choice("status", RecordStatus)
            created = where.moment("created") + self.shift
            values = entry.get("values")
            if not isinstance(values, dict):
                raise where.error("values must be an object of field ids and values")
            approved_by, approved_at = None, None
            if status is RecordStatus.APPROVED:
                approved_by = self._approver(where).id
                approved_at = created + _APPROVAL_TAKES
            out.records.append(
                Record(
                    case_id=cases[child].id,
                    form_id=where.text("form"),
                    form_version=where.whole_number("form_version", 1),
                    author_id=self._user(where, "author").id,
                    status=status,
                    values=self._values(values, keys, where),
                    created_at=created,
                    updated_at=approved_at or created,
                    approved_by=approved_by,
                    approved_at=approved_at,
                    id=_id(path, f"record{index}"),
                )
            )

    def _read_placements(self, path: Path, family: dict, cases: dict[str, Case], person_id) -> None:
        """Placements of the file's children in care, checked as the store checks them."""
        by_child: dict[str, list[Placement]] = {}
        for index, entry in enumerate(_list(family, "placements", path)):
            where = _Where(path, entry, "placements", fallback_key=f"#{index + 1}")
            child = where.text("child")
            case = cases.get(child)
            if case is None or case.case_type is not CaseType.CHILD_IN_CARE:
                raise where.error(f"child {child!r} has no child in care case in this file")
            placement = Placement(
                child_id=person_id(where, "child"),
                start_date=self._shifted(where.date("start")),
                end_date=self._shifted(where.optional_date("end")),
                kind=where.choice("kind", PlacementKind, what="placement kind"),
                legal_status=where.choice("legal_status", LegalStatus, what="legal status"),
                intended_until_18=where.flag("intended_until_18"),
                long_term_foster=where.flag("long_term_foster"),
                child_agreed_six_monthly=where.flag("child_agreed_six_monthly"),
                first_review=self._shifted(where.optional_date("first_review")),
                carers=where.text("carers", ""),
                address=where.text("address", ""),
                id=_id(path, f"placement:{where.key}"),
            )
            problems = placement_problems(placement)
            if problems:
                raise where.error(" ".join(problems))
            earlier = by_child.setdefault(child, [])
            clash = overlapping(earlier, placement)
            if clash is not None:
                raise where.error(
                    f"its dates overlap the placement from {clash.start_date.isoformat()}: "
                    "a child is in one placement at a time"
                )
            earlier.append(placement)
            self.caseload.placements.append(placement)

    def _approver(self, where: _Where) -> User:
        """An approved record names its approver, or the team's manager approved it."""
        if "approved_by" in where.entry:
            return self._user(where, "approved_by")
        managers = [u for u in self.users.values() if u.role is Role.TEAM_MANAGER]
        if not managers:
            raise where.error("an approved record needs approved_by, and the team has no manager")
        return managers[0]

    def _values(self, values: dict[str, Any], keys: dict[str, str], where: _Where) -> dict:
        """Every date moves with the rest of the demo; person keys become ids.

        Dates are found by shape (``YYYY-MM-DD``) wherever they are, so a new
        date field or table column in a form needs no change here. People are
        named by key in ``present``, ``absent`` and any table's ``who`` column.
        """

        def walk(value: Any, name: str) -> Any:
            if isinstance(value, dict):
                return {k: walk(v, k) for k, v in value.items()}
            if isinstance(value, list):
                return [walk(v, name) for v in value]
            if isinstance(value, str) and _ISO_DATE.fullmatch(value):
                return self._shifted(where.value_date(value, name)).isoformat()
            if name in ("present", "absent", "who") and isinstance(value, str):
                if value in ("worker", "family"):
                    return value
                if value not in keys:
                    raise where.error(f"{name} names {value!r}, not a person or professional")
                return keys[value]
            return value

        return walk(values, "")

    def _shifted(self, d: date | None) -> date | None:
        return d + self.shift if d else None

    def _user(self, where: _Where, name: str) -> User:
        key = where.text(name)
        if key not in self.users:
            raise where.error(f"{name} {key!r} is not a user in the team file")
        return self.users[key]

    def _professional(self, where: _Where) -> Professional:
        key = where.text("professional")
        if key not in self.professionals:
            raise where.error(f"professional {key!r} is not in the team file")
        return self.professionals[key]


class _Where:
    """One entry of a data file, and how to blame it when something is wrong."""

    def __init__(self, path: Path, entry: Any, section: str, *, fallback_key: str = "") -> None:
        if not isinstance(entry, dict):
            raise DataFileError(path, f"each entry in '{section}' must be an object")
        self.path, self.entry, self.section = path, entry, section
        self.key = str(entry.get("key") or fallback_key)
        if not self.key:
            raise self.error("every entry needs a 'key'")

    def error(self, problem: str) -> DataFileError:
        line = line_of(self.path, f'"key": "{self.key}"') if self.entry.get("key") else None
        return DataFileError(self.path, f"{self.section} {self.key!r}: {problem}", line=line)

    def text(self, name: str, default: str | None = None) -> str:
        value = self.entry.get(name, default)
        if value is None:
            raise self.error(f"'{name}' is missing")
        if not isinstance(value, str):
            raise self.error(f"'{name}' must be text")
        return value

    def choice(self, name: str, options: type[E], *, what: str = "") -> E:
        """One of an enumeration's values, or an error listing the allowed ones."""
        value = self.text(name)
        try:
            return options(value)
        except ValueError:
            allowed = ", ".join(o.value for o in options)
            raise self.error(f"{what or name} {value!r} is not one of {allowed}") from None

    def date(self, name: str) -> date:
        return self.value_date(self.text(name), name)

    def flag(self, name: str) -> bool:
        value = self.entry.get(name, False)
        if not isinstance(value, bool):
            raise self.error(f"'{name}' must be true or false")
        return value

    def optional_date(self, name: str) -> date | None:
        value = self.entry.get(name)
        return self.value_date(value, name) if value else None

    def value_date(self, value: Any, name: str) -> date:
        try:
            day = date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.error(f"{name} {value!r} is not a date written as YYYY-MM-DD") from None
        if day.year > _LAST_YEAR:
            raise self.error(f"{name} {value!r} is too far ahead (after {_LAST_YEAR})")
        return day

    def whole_number(self, name: str, default: int) -> int:
        value = self.entry.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 10_000:
            raise self.error(f"'{name}' must be a whole number from 1 to 10000")
        return value

    def moment(self, name: str) -> datetime:
        value = self.text(name)
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise self.error(f"{name} {value!r} is not a time like 2026-11-03T14:05:00Z") from None
        if moment.tzinfo is None:
            raise self.error(f"{name} {value!r} needs a time zone (end it with Z for UTC)")
        if moment.year > _LAST_YEAR:
            raise self.error(f"{name} {value!r} is too far ahead (after {_LAST_YEAR})")
        return moment


def _id(path: Path, key: str) -> str:
    """The same demo file gives the same ids every time, so screenshots and tests agree."""
    return str(uuid.uuid5(_NAMESPACE, f"{path.stem}:{key}"))


def _read(path: Path) -> Any:
    """A demo file's JSON, refusing text no database can hold (a lone surrogate, say)."""
    data = read_json(path)
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                found = re.search(r"\\u[dD][89a-fA-F]", path.read_text(encoding="utf-8"))
                line = None
                if found:
                    line = path.read_text(encoding="utf-8").count("\n", 0, found.start()) + 1
                raise DataFileError(
                    path,
                    f"{ascii(value[:40])} holds a character that is not text (a lone surrogate, "
                    "written \\ud800 to \\udfff)",
                    line=line,
                ) from None
    return data


def _object(data: Any, path: Path, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise DataFileError(path, f"{what} must be a JSON object")
    return data


def _list(data: dict[str, Any], name: str, path: Path) -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise DataFileError(path, f"'{name}' must be a list", line=line_of(path, f'"{name}"'))
    return value


def _text(value: Any, path: Path, name: str) -> str:
    if not isinstance(value, str) or not value or "\x00" in value:
        raise DataFileError(path, f"'{name}' must name a file")
    return value


def _date(value: Any, path: Path, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DataFileError(
            path, f"{name} {value!r} is not a date written as YYYY-MM-DD", line=line_of(path, name)
        ) from None


def load_demo(store: Any, caseload: DemoCaseload) -> None:
    """Write a read caseload into ``store`` in one transaction (all or nothing).

    Users already in the store (the demo's team manager, made first) are not added again.
    """
    with store.transaction():
        present = {u.id for u in store.users.all()}
        store.users.add_all([u for u in caseload.users if u.id not in present])
        store.professionals.add_all(caseload.professionals)
        store.people.add_all(caseload.people)
        store.households.add_all(caseload.households)
        store.household_members.add_all(caseload.members)
        store.relationships.add_all(caseload.relationships)
        store.involvements.add_all(caseload.involvements)
        store.cases.add_all(caseload.cases)
        store.placements.add_all(caseload.placements)
        store.records.add_all(caseload.records)


@dataclass(frozen=True)
class DemoAccounts:
    """The demo's users' passwords (fictional, in the README) and their team."""

    team: str
    passwords: dict[str, str]

    @property
    def manager(self) -> str:
        return next(iter(self.passwords))


def read_demo_accounts() -> DemoAccounts:
    """``resources/demo/accounts.json``: the first account listed is the team manager's."""
    path = resource("demo") / "accounts.json"
    data = _object(read_json(path), path, "the demo accounts file")
    passwords: dict[str, str] = {}
    for entry in _list(data, "accounts", path):
        where = _Where(path, entry, "accounts", fallback_key=str(len(passwords)))
        passwords[where.text("name")] = where.text("password")
    if not passwords:
        raise DataFileError(path, "lists no accounts")
    team = data.get("team", "")
    if not isinstance(team, str):
        raise DataFileError(path, "'team' must be text", line=line_of(path, "team"))
    return DemoAccounts(team, passwords)


def create_demo_database(path: Path, *, today: date | None = None) -> Any:
    """A new encrypted database at ``path`` holding the demo caseload; returns the open store.

    The demo's team manager is its first account and is signed in; every demo user
    gets the password in ``resources/demo/accounts.json`` (written in the README).
    Refuses a path that already holds something. If the demo cannot be written,
    the half-made files are removed so nothing misleading is left.

    :raises FileExistsError: when ``path`` exists and is not empty
    :raises DataFileError: when a demo file is broken
    """
    from recorder.reference import load_reference_data
    from recorder.store.keys import keys_path
    from recorder.store.signing_in import create_database

    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        raise FileExistsError(
            f"{path} already exists. The demo caseload is only written into a new database: "
            "choose another path or move that file away first."
        )
    reference = load_reference_data()
    caseload = read_demo(relationships=reference.relationships, today=today)
    accounts = read_demo_accounts()
    by_name = {u.name: u for u in caseload.users}
    unknown = sorted(set(accounts.passwords) - set(by_name))
    if unknown:
        raise DataFileError(
            resource("demo") / "accounts.json",
            f"names {', '.join(unknown)}, who is not in the demo team",
        )
    caseload.users = [dataclasses.replace(u, team=accounts.team) for u in caseload.users]
    manager = next(u for u in caseload.users if u.name == accounts.manager)
    keys_path(path).unlink(missing_ok=True)
    store = create_database(
        path, manager.name, accounts.passwords[manager.name], team=accounts.team, id=manager.id
    )
    try:
        load_demo(store, caseload)
        for name, password in accounts.passwords.items():
            if name != manager.name:
                store.users.reset_password(by_name[name].id, password)
    except BaseException:
        store.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), keys_path(path)):
            leftover.unlink(missing_ok=True)
        raise
    return store

