"""``python -m recorder import``: a caseload from a council's CSV files, all or nothing.

:func:`run_import` reads every file, checks every row and works out what is
new, what is already on the record and what has changed, before anything is
written. Any problem and nothing is written; otherwise the store writes it all
in one transaction, logged like every other change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from recorder.domain.duplicates import folded_name
from recorder.domain.people import Person
from recorder.importing import files as F
from recorder.importing.plan import Existing, ImportPlan, Planner
from recorder.importing.problems import ImportProblem

Say = Callable[[str], None]


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    written: bool

    @property
    def problems(self) -> list[ImportProblem]:
        return self.plan.problems


def relationship_kinds(vocabulary) -> dict[str, str]:
    """Words a file may use for a relationship (its key or label, any case) -> its key."""
    kinds: dict[str, str] = {}
    for key in vocabulary.kinds:
        kinds[" ".join(key.replace("_", " ").split())] = key
        kinds[" ".join(vocabulary.label(key).lower().split())] = key
    return kinds


def _by_birth(people: list[Person]) -> dict[tuple[str, str], list[Person]]:
    found: dict[tuple[str, str], list[Person]] = {}
    for p in people:
        key = (p.date_of_birth.isoformat(), folded_name(p.last_name))  # type: ignore[union-attr]
        found.setdefault(key, []).append(p)
    return found


def read_folder(folder: Path, problems: list[ImportProblem]) -> dict[str, F.CsvFile]:
    """Every import file present in ``folder``, read and checked for shape."""
    read = {}
    present = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    known = {spec.name for spec in F.FILES}
    for spec in F.FILES:
        path = present.get(spec.name)
        if path is None:
            if spec.needed:
                problems.append(ImportProblem(spec.name, 0, "", f"is missing from {folder}"))
            continue
        found = F.read_csv(path, spec, problems)
        if found is not None:
            read[spec.name] = found
    for name in sorted(present):
        if name.endswith(".csv") and name not in known:
            problems.append(
                ImportProblem(
                    name, 0, "",
                    f"is not a file the import reads (it reads {', '.join(sorted(known))})",
                )
            )  # fmt: skip
    return read


def run_import(
    store,
    folder: Path,
    *,
    vocabulary,
    visit_form: tuple[str, int],
    ethnicities=None,
    dry_run: bool = False,
    today: date | None = None,
    say: Say | None = None,
) -> ImportResult:
    """Import the CSV files in ``folder`` into ``store``, or say why not.

    :param vocabulary: the relationship vocabulary the relationships file is checked against
    :param visit_form: (form id, version) the past visits in visits.csv are recorded as
    :param ethnicities: the census categories (``ReferenceData.ethnicities``); None
        takes an ethnicity as written
    :param dry_run: check and count only; nothing is written
    :param say: told each step of a long import, one line at a time
    """
    say = say or (lambda line: None)
    problems: list[ImportProblem] = []
    read = read_folder(folder, problems)
    for name, found in read.items():
        say(f"Read {name}: {len(found.rows):,} rows ({found.encoding}).")
    lookups = store.external_refs.lookups
    repositories = {
        "people": store.people, "households": store.households, "users": store.users,
        "professionals": store.professionals, "cases": store.cases,
    }  # fmt: skip
    existing = Existing(
        refs={t: store.external_refs.known(t) for t in (*repositories, "records")},
        people_by_nhs_number=lookups.people_by_nhs_number(),
        people_by_birth=_by_birth(lookups.people_with_birth_dates()),
        users_by_email=lookups.users_by_email(),
        memberships=lookups.memberships(),
        relationships=lookups.relationships(),
        involvements=lookups.involvements(),
        visit_days=lookups.visit_days(),
        fetch=lambda table, ids: repositories[table].many(ids),
    )
    planner = Planner(
        existing,
        relationship_kinds=relationship_kinds(vocabulary),
        symmetric_kinds=frozenset(k for k, kind in vocabulary.kinds.items() if kind.symmetric),
        visit_form=visit_form,
        ethnicities=ethnicities,
        today=today or date.today(),
    )
    plan = planner.build(read, say=say)
    plan.problems[:0] = problems
    say(f"Checked every row: {plan.batch.additions():,} to add, {len(plan.batch.updates):,} "
        f"to change, {len(plan.problems):,} problems.")  # fmt: skip
    if plan.problems or dry_run or plan.batch.is_empty:
        return ImportResult(plan, written=False)

    def progress(table: str, done: int, total: int) -> None:
        say(f"Writing {table.replace('_', ' ')}: {done:,} of {total:,}.")

    store.external_refs.import_caseload(plan.batch, progress=progress)
    return ImportResult(plan, written=True)


def summary_lines(result: ImportResult, *, dry_run: bool) -> list[str]:
    """What was (or would be) added, matched, changed and refused, file by file."""
    lines = []
    for name, t in result.plan.tallies.items():
        parts = [f"{t.added:,} added", f"{t.matched:,} matched"]
        if t.updated:
            parts.append(f"{t.updated:,} changed")
        if t.refused:
            parts.append(f"{t.refused:,} refused")
        lines.append(f"{name}: {', '.join(parts)}")
    notes = result.plan.notes
    if notes:
        lines.append(
            f"{len(notes):,} possible duplicate{'s' if len(notes) != 1 else ''} of people "
            "already on the record (listed on standard error)"
        )
    if dry_run:
        lines.insert(0, "Dry run: nothing was written. What the import would do:")
    return lines
