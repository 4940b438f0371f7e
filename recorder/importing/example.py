"""A made-up caseload of any size, written as the import's CSV files.

For the import tests, ``benchmarks/import_speed.py`` and anyone trying an
import out on a spare database. Every name is drawn from short fictional
lists and every NHS number from the 999 range, which the NHS never issues.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from recorder.importing import files as F

_FIRST = (
    "Amira", "Tobias", "Grace", "Kwame", "Dariusz", "Lena", "Oskar", "Priya", "Mateo",
    "Ffion", "Idris", "Nadia", "Rory", "Sana", "Theo", "Wiktoria", "Yusuf", "Zofia",
    "Callum", "Esme", "Jonah", "Maryam", "Niamh", "Soren",
)  # fmt: skip
_LAST = (
    "Achterberg", "Brannigan", "Castellano", "Dunmore", "Eskildsen", "Fenwick",
    "Gallacher", "Halloran", "Ibekwe", "Jankowski", "Kettering", "Lindqvist", "Marwood",
    "Nwachukwu", "Ostrowska", "Pellew", "Quenby", "Rasmussen", "Szabo", "Threlfall",
)  # fmt: skip
_STREETS = ("Larkspur Close", "Mill Lane", "Quarry Road", "Orchard Rise", "Tanner Street")
_CASE_TYPES = ("Child in need", "Child protection plan", "Child in care", "Early help")


def nhs_number(n: int) -> str:
    """The ``n``-th valid NHS number in the 999 range (never issued to anyone)."""
    for candidate in range(9_990_000_000 + n * 11, 9_999_999_999):
        digits = str(candidate)[:9]
        total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            return digits + str(check)
    raise ValueError("out of test NHS numbers")


def write_example_caseload(
    folder: Path, *, people: int, households: int, seed: int = 14, today: date | None = None
) -> dict[str, int]:
    """Write people.csv ... visits.csv for ``people`` people in ``households`` homes.

    Each home has one or two adults and children; every child has a case and
    one or two past visits. Returns how many rows each file holds.
    """
    if households < 1 or people < households:
        raise ValueError("every household needs at least one person")
    rng = random.Random(seed)
    today = today or date(2026, 11, 20)
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list] = {spec.name: [] for spec in F.FILES}
    workers = [f"W{i}" for i in range(1, 21)]
    for i, worker in enumerate(workers):
        role = "Team manager" if i == 0 else "Social worker"
        rows["workers.csv"].append([worker, f"{_FIRST[i % 24]} {_LAST[i % 20]}", role, ""])
    rows["professionals.csv"].append(["PR1", "Dr Ravi Menon", "GP", "Mill Lane Surgery", "", ""])
    base, extra = divmod(people, households)
    person = 0
    for h in range(households):
        size = base + (1 if h < extra else 0)
        household = f"H{h + 1}"
        surname = _LAST[h % len(_LAST)]
        rows["households.csv"].append(
            [household, f"{surname} household", f"{h % 200 + 1} {_STREETS[h % 5]}", "",
             "Northby", f"NB{h % 9 + 1} {h % 10}QT", ""]
        )  # fmt: skip
        adults = 1 if size < 3 or h % 2 else 2
        adults = min(adults, size)
        members = []
        for m in range(size):
            person += 1
            pid = f"P{person}"
            adult = m < adults
            born = today - timedelta(days=rng.randint(25 * 365, 45 * 365) if adult
                                     else rng.randint(30, 17 * 365))  # fmt: skip
            gender = "Female" if (m == 0) or rng.random() < 0.5 else "Male"
            if m == 1 and adult:
                gender = "Male"
            first = _FIRST[rng.randrange(len(_FIRST))]
            rows["people.csv"].append(
                {"person_id": pid, "first_name": first, "last_name": surname,
                 "date_of_birth": f"{born:%d/%m/%Y}", "gender": gender,
                 "first_language": "English", "interpreter_needed": "No",
                 "nhs_number": "" if adult else nhs_number(person)}
            )  # fmt: skip
            moved_in = born if not adult else born + timedelta(days=20 * 365)
            rows["household_members.csv"].append([household, pid, f"{moved_in:%d/%m/%Y}", ""])
            members.append((pid, adult, gender))
        parents = [m for m in members if m[1]]
        children = [m for m in members if not m[1]]
        for parent in parents:
            for child in children:
                kind = "mother" if parent[2] == "Female" else "father"
                rows["relationships.csv"].append([parent[0], kind, child[0]])
        for a, b in zip(children, children[1:], strict=False):
            rows["relationships.csv"].append([a[0], "sibling", b[0]])
        for child in children:
            case = f"C{child[0][1:]}"
            start = today - timedelta(days=rng.randint(20, 400))
            rows["cases.csv"].append(
                {"case_id": case, "child_id": child[0], "case_type": _CASE_TYPES[person % 4],
                 "start_date": f"{start:%d/%m/%Y}", "worker_id": workers[1 + person % 19]}
            )  # fmt: skip
            rows["involvements.csv"].append(["PR1", child[0], "GP", "", ""])
            for v in range(1 + person % 2):
                day = start + timedelta(days=7 + 10 * v)
                if day <= today:
                    rows["visits.csv"].append(
                        [f"V{child[0][1:]}-{v}", case, f"{day:%d/%m/%Y}", "Yes", "", ""]
                    )
    headers = {
        "visits.csv": ["visit_id", "case_id", "visit_date", "child_seen", "seen_alone", "outcome"],
    }
    for spec in F.FILES:
        with open(folder / spec.name, "w", encoding="utf-8", newline="") as out:
            columns = headers.get(spec.name, list(spec.columns))
            writer = csv.writer(out)
            writer.writerow(columns)
            for row in rows[spec.name]:
                # People and cases are written by column name: their files grow columns.
                writer.writerow([row.get(c, "") for c in columns] if isinstance(row, dict) else row)
    return {name: len(found) for name, found in rows.items()}
