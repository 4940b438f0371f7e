"""An estimate of how much typing prefill and carry-forward save on the demo caseload.

    python benchmarks/prefill_savings.py

For every shipped form and every demo child with an open case the form is
offered for, the script builds the demo database in a temporary folder (as of
20/11/2026), opens the form as a worker would at 10:30 that day, and compares
what :func:`recorder.forms.prefill.prefill` fills in with what the worker
would have to enter into the same form left empty.

What is counted
---------------
Characters of each value as a worker would enter it:

* text, long text and a choice: its characters; several choices joined with ", ";
* a date: 10 (03/11/2026); a time: 5 (16:30); yes or no: 3 or 2 ("Yes", "No");
  a number or scale: its digits;
* a person, people or professional: the names chosen (people joined with
  ", "); names are looked up in the case facts (the child, the household
  members, the family network, the professionals), and only ids missing
  from those are looked up in the whole demo registry;
* an address: the characters of its lines, town and postcode;
* a table: the characters of all its cells, counted by column type, with an
  owner cell counted as the name ("Social worker" and "The family" for the
  worker and the family).

The cost of a field (the denominator) is the length of a typical complete
value for this child, taken in this order:

1. the child's most recent earlier record that holds that field id (the
   child's own last answer, even an empty one: a visit where nobody was
   absent costs nothing for "Who was not there");
2. otherwise the prefilled value, if there is one;
3. otherwise the median length of that field id across every demo record of
   every child;
4. otherwise a default per field type: text 20, long text 400, date 10,
   time 5, yes/no 3, choice 10, choices 20, person 15, people 40,
   professional 20, address 45, table 150, number or scale 2.

A field saves min(prefilled length, cost), so no field saves more than it
costs. A field counts as "prefilled" when its cost is above nothing and
prefill gave it a value; fields that cost nothing are left out of the field
count altogether. A row's figure is characters saved over characters to
type; the overall figure adds up every row, so forms with long narratives
weigh more than short ones.

What it does not count, and where it flatters or understates
------------------------------------------------------------
* It is an estimate of characters, not of time. Reading and checking a
  suggestion, accepting it, moving between fields and choosing from a list
  (rather than typing a name) are not measured.
* Carried-forward text (``previous.*``) counts as saved up to its cost, yet
  workers are expected to read it and bring it up to date; for those fields
  the figure is an upper bound. Edits made to any suggestion are not
  subtracted.
* The demo records hold only what a worker writes at a visit, not the "About
  the child" fields a form fills from the family record. Those fields fall
  to rule 2, so they count as fully saved by construction.
* "Actions from the last visit" is carried forward from the last record's
  actions; no demo record holds the progress column the worker adds, so the
  cost of that table is the carried-forward table itself and the progress
  notes are not counted.
* No demo record is an assessment, so most assessment narratives cost the
  400-character default; that default, like the other defaults, is an
  assumption, not a measurement.
* The demo caseload is small and fictional (one worker's view of a few
  families); the figure describes it, not a real authority's records.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recorder.demo import create_demo_database  # noqa: E402
from recorder.domain.forms import FieldSpec, FieldType, FormSpec  # noqa: E402
from recorder.domain.people import Person  # noqa: E402
from recorder.domain.records import Record  # noqa: E402
from recorder.forms.definitions import load_forms  # noqa: E402
from recorder.forms.prefill import prefill  # noqa: E402
from recorder.reference import load_reference_data  # noqa: E402
from recorder.store.rows import from_row  # noqa: E402
from recorder.store.views import CaseFacts  # noqa: E402

DAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 10, 30)

TYPE_DEFAULTS = {
    FieldType.TEXT: 20,
    FieldType.LONG_TEXT: 400,
    FieldType.DATE: 10,
    FieldType.TIME: 5,
    FieldType.YES_NO: 3,
    FieldType.CHOICE: 10,
    FieldType.CHOICES: 20,
    FieldType.PERSON: 15,
    FieldType.PEOPLE: 40,
    FieldType.PROFESSIONAL: 20,
    FieldType.ADDRESS: 45,
    FieldType.TABLE: 150,
    FieldType.NUMBER: 2,
    FieldType.SCALE: 2,
    FieldType.OWNER: 15,
}
OWNER_WORDS = {"worker": "Social worker", "family": "The family"}
ADDRESS_PARTS = ("line1", "line2", "town", "postcode")


class Names:
    """Names for ids: the case facts first, then the whole registry as a fallback."""

    def __init__(self, primary: dict[str, str], fallback: dict[str, str]) -> None:
        self.primary = primary
        self.fallback = fallback
        self.from_fallback: set[str] = set()
        self.unknown: set[str] = set()

    def name(self, key: Any) -> str:
        key = str(key)
        if key in OWNER_WORDS:
            return OWNER_WORDS[key]
        if key in self.primary:
            return self.primary[key]
        if key in self.fallback:
            self.from_fallback.add(key)
            return self.fallback[key]
        self.unknown.add(key)
        return ""


def facts_names(facts: CaseFacts) -> dict[str, str]:
    names = {facts.child.id: facts.child.display_name}
    for home in facts.households:
        names.update({p.id: p.display_name for p in home.members})
    names.update({link.person.id: link.person.display_name for link in facts.links})
    names.update({p.id: p.name for _, p in facts.professionals})
    return names


def empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


def typed_length(
    value: Any, kind: FieldType, names: Names, columns: Iterable[FieldSpec] = ()
) -> int:
    """The characters a worker would enter for ``value`` in a field of type ``kind``."""
    if empty(value):
        return 0
    if kind is FieldType.DATE:
        return 10
    if kind is FieldType.TIME:
        return 5
    if kind is FieldType.YES_NO:
        return len("Yes" if value else "No")
    if kind in (FieldType.PERSON, FieldType.PROFESSIONAL, FieldType.OWNER):
        return len(names.name(value))
    if kind is FieldType.PEOPLE:
        ids = value if isinstance(value, list) else [value]
        return len(", ".join(names.name(i) for i in ids))
    if kind is FieldType.CHOICES and isinstance(value, list):
        return len(", ".join(str(v) for v in value))
    if kind is FieldType.ADDRESS and isinstance(value, dict):
        return sum(len(str(value.get(part) or "")) for part in ADDRESS_PARTS)
    if kind is FieldType.TABLE and isinstance(value, list):
        columns = list(columns)
        return sum(
            typed_length(row.get(col.id), col.type, names)
            for row in value
            if isinstance(row, dict)
            for col in columns
        )
    if isinstance(value, list):
        return len(", ".join(str(v) for v in value))
    return len(str(value))


@dataclass
class FieldCount:
    field_id: str
    kind: FieldType
    cost: int
    saved: int
    prefilled: bool
    basis: str


@dataclass
class Row:
    form_id: str
    child: str
    fields: list[FieldCount] = field(default_factory=list)

    @property
    def to_type(self) -> int:
        return sum(f.cost for f in self.fields)

    @property
    def saved(self) -> int:
        return sum(f.saved for f in self.fields)

    @property
    def fields_counted(self) -> int:
        return sum(1 for f in self.fields if f.cost > 0)

    @property
    def fields_prefilled(self) -> int:
        return sum(1 for f in self.fields if f.cost > 0 and f.prefilled)


def percent(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole else 0.0


class DemoMedians:
    """Median length of each field id's values across every demo record."""

    def __init__(self, records: list[Record], names: Names) -> None:
        self.records = records
        self.names = names
        self._cache: dict[tuple[str, str], int | None] = {}

    def of(self, spec: FieldSpec) -> int | None:
        key = (spec.id, spec.type.value)
        if key not in self._cache:
            lengths = [
                typed_length(r.values[spec.id], spec.type, self.names, spec.columns)
                for r in self.records
                if spec.id in r.values
            ]
            self._cache[key] = round(statistics.median(lengths)) if lengths else None
        return self._cache[key]


def measure(
    form: FormSpec,
    facts: CaseFacts,
    suggestions: dict[str, Any],
    names: Names,
    medians: DemoMedians,
) -> Row:
    row = Row(form.id, facts.child.first_name)
    for spec in form.fields:
        suggestion = suggestions.get(spec.id)
        filled = 0
        if suggestion is not None:
            filled = typed_length(suggestion.value, spec.type, names, spec.columns)
        earlier = next((p.record for p in facts.past_records if spec.id in p.record.values), None)
        if earlier is not None:
            cost = typed_length(earlier.values[spec.id], spec.type, names, spec.columns)
            basis = "child's last record"
        elif filled:
            cost, basis = filled, "prefilled value"
        elif (median := medians.of(spec)) is not None:
            cost, basis = median, "demo median"
        else:
            cost, basis = TYPE_DEFAULTS[spec.type], "type default"
        row.fields.append(
            FieldCount(spec.id, spec.type, cost, min(filled, cost), filled > 0, basis)
        )
    return row


def registry_names(store: Any) -> dict[str, str]:
    names = {r["id"]: from_row(Person, r).display_name for r in store.rows("SELECT * FROM people")}
    names.update({p.id: p.name for p in store.professionals.all()})
    names.update({r["id"]: r["name"] for r in store.rows("SELECT id, name FROM users")})
    return names


def run() -> list[Row]:
    reference = load_reference_data()
    library = load_forms()
    for problem in library.problems:
        print(f"form not loaded: {problem}", file=sys.stderr)
    titles = library.titles()
    visit_forms = set(library.visit_form_ids())
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        store = create_demo_database(Path(folder) / "demo.db", today=DAY)
        try:
            everyone = registry_names(store)
            all_records = [from_row(Record, r) for r in store.rows("SELECT * FROM records")]
            medians = DemoMedians(all_records, Names({}, everyone))
            caseload = store.views.caseload(worker_id=None, visit_forms=sorted(visit_forms))
            fallback_ids: set[str] = set()
            unknown_ids: set[str] = set()
            for form in library.forms.values():
                for entry in caseload:
                    case = entry.case
                    if form.id not in {f.id for f in library.offered_for(case.case_type.value)}:
                        continue
                    facts = store.views.case_facts(case.id, on=DAY)
                    suggestions = prefill(
                        form,
                        facts,
                        reference=reference,
                        form_titles=titles,
                        visit_forms=visit_forms,
                        today=DAY,
                        now=NOW,
                    )
                    names = Names(facts_names(facts), everyone)
                    rows.append(measure(form, facts, suggestions, names, medians))
                    fallback_ids |= names.from_fallback
                    unknown_ids |= names.unknown
            unknown_ids |= medians.names.unknown
        finally:
            store.close()
    if fallback_ids:
        print(f"note: {len(fallback_ids)} id(s) named from the registry, not the case facts")
    if unknown_ids:
        print(f"note: {len(unknown_ids)} id(s) had no name and counted as 0 characters")
    return rows


def report(rows: list[Row]) -> None:
    header = (
        f"{'form':<12} {'child':<10} {'fields prefilled':>16} "
        f"{'chars saved / to type':>22} {'saved':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        fields = f"{row.fields_prefilled}/{row.fields_counted}"
        chars = f"{row.saved:,}/{row.to_type:,}"
        print(
            f"{row.form_id:<12} {row.child:<10} {fields:>16} {chars:>22} "
            f"{percent(row.saved, row.to_type):>6.1f}%"
        )
    print()
    by_form: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_form[row.form_id].append(row)
    for form_id, group in by_form.items():
        saved = sum(r.saved for r in group)
        to_type = sum(r.to_type for r in group)
        prefilled = sum(r.fields_prefilled for r in group)
        counted = sum(r.fields_counted for r in group)
        print(
            f"{form_id}: {len(group)} rows, fields {prefilled}/{counted} "
            f"({percent(prefilled, counted):.1f}%), chars {saved:,}/{to_type:,} "
            f"({percent(saved, to_type):.1f}% saved)"
        )
    print()
    left: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        for f in row.fields:
            totals = left[f"{f.field_id} ({f.kind.value})"]
            totals[0] += f.cost
            totals[1] += f.saved
            totals[2] += 1
    print("Most typing left (all forms, summed over rows):")
    ranked = sorted(left.items(), key=lambda item: item[1][0] - item[1][1], reverse=True)
    for name, (cost, saved, count) in ranked[:12]:
        print(f"  {name:<40} {cost - saved:>7,} chars left of {cost:>7,} in {count} rows")
    print()
    total_saved = sum(r.saved for r in rows)
    total_to_type = sum(r.to_type for r in rows)
    total_prefilled = sum(r.fields_prefilled for r in rows)
    total_counted = sum(r.fields_counted for r in rows)
    print(f"fields_prefilled_percent: {percent(total_prefilled, total_counted):.1f}")
    print(f"typing_saved_percent: {percent(total_saved, total_to_type):.1f}")


def main() -> None:
    report(run())


if __name__ == "__main__":
    main()
