"""How long exporting to Word takes: one full assessment, and a batch of 100 records.

Run: python benchmarks/export_speed.py [--runs N]

Prints the median and 95th percentile time, after warm-up, to export one
child and family assessment with every field of its form filled and a plan of
eight rows: gathering it from the store, building the document, saving it,
and the three together. Then the time to export a batch of 100 records of
every form (the demo's 30 and copies of them) into a folder, as the window
and ``python -m recorder export --all`` do. Everything is written in a
temporary folder, from the fictional demo caseload, and removed afterwards.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from recorder.demo import create_demo_database
from recorder.domain.forms import FieldType, FormSpec
from recorder.domain.records import Record, RecordStatus
from recorder.domain.users import Role
from recorder.export import (
    export_document,
    gather_material,
    gather_materials,
    load_export_settings,
    write_documents,
)
from recorder.export.files import save_whole
from recorder.export.outline import outline_record
from recorder.export.word import build_document
from recorder.forms.definitions import FormLibrary, load_forms
from recorder.forms.prefill import prefill
from recorder.reference import ReferenceData, load_reference_data
from recorder.store import Store

DEMO_DAY = date(2026, 11, 20)
BATCH = 100
PLAN_ROWS = 8
AIM_ONE_S = 0.3
AIM_BATCH_S = 20.0

EXTRA_PLAN = [
    ("Review the written safety plan with Magda and Lewis at the core group.", "worker"),
    ("Keep the children's dental check-ups and the school nurse's review.", "family"),
    ("Share attendance and punctuality figures with the social worker every fortnight.", None),
    ("Arrange for Oliwia to meet her trusted adult at school once a week.", None),
]


def _filled(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return True


def full_assessment(store: Store, forms: FormLibrary, reference: ReferenceData) -> Record:
    """The demo's fullest assessment, with every field of its form filled, added to the store.

    Fields bound to the family record are filled from it, as a new form would
    be; anything still empty gets a plausible value; the plan gets eight rows.
    """
    form: FormSpec = forms.forms["assessment"]
    records = [store.records.get(i) for i in store.records.ids()]
    assessments = [r for r in records if r.form_id == "assessment"]
    base = max(
        assessments,
        key=lambda r: (
            sum(_filled(v) for v in r.values.values()),
            sum(len(v) for v in r.values.values() if isinstance(v, str)),
        ),
    )
    values = dict(base.values)
    on = date.fromisoformat(values.get("assessment_date") or DEMO_DAY.isoformat())
    facts = store.views.case_facts(base.case_id, on=on, excluding=base.id)
    suggestions = prefill(
        form,
        facts,
        reference=reference,
        form_titles=forms.titles(),
        visit_forms=set(forms.visit_form_ids()),
        today=on,
    )
    for field_id, suggestion in suggestions.items():
        if not _filled(values.get(field_id)):
            values[field_id] = suggestion.value

    case = store.cases.get(base.case_id)
    professionals = store.professionals.all()
    people = [p.id for p in store.people.many(values.get("household_members") or []).values()]
    for spec in form.fields:
        if _filled(values.get(spec.id)) or spec.type is FieldType.TABLE:
            continue
        if spec.type is FieldType.PROFESSIONAL:
            words = spec.label.lower()
            fits = [p for p in professionals if words in p.role.lower()] or professionals
            values[spec.id] = fits[0].id
        elif spec.type in (FieldType.PEOPLE, FieldType.PERSON):
            found = people or [case.child_id]
            values[spec.id] = found if spec.type is FieldType.PEOPLE else found[0]
        elif spec.type is FieldType.LONG_TEXT:
            values[spec.id] = (
                f"{spec.help or spec.label}\n\nWhat the family, the child and the professionals "
                "told me, and what I saw on my visits, is set out here in full."
            )
        elif spec.type is FieldType.DATE:
            values[spec.id] = on.isoformat()
        elif spec.type is FieldType.YES_NO:
            values[spec.id] = False
        elif spec.type in (FieldType.SCALE, FieldType.NUMBER):
            values[spec.id] = 4
        elif spec.type in (FieldType.CHOICE, FieldType.CHOICES):
            values[spec.id] = (
                spec.options[0] if spec.type is FieldType.CHOICE else [spec.options[0]]
            )
        else:
            values[spec.id] = spec.label

    plan = [dict(row) for row in values.get("plan") or []]
    school = values.get("school_contact") or "worker"
    for k, (what, who) in enumerate(EXTRA_PLAN * 2):
        if len(plan) >= PLAN_ROWS:
            break
        when = (on + timedelta(weeks=2 + k)).isoformat()
        plan.append({"what": what, "who": who or school, "by_when": when})
    values["plan"] = plan

    missing = [f.id for f in form.fields if not _filled(values.get(f.id))]
    if missing:
        raise SystemExit(f"the benchmark's assessment still has empty fields: {missing}")
    record = Record(
        case_id=base.case_id,
        form_id="assessment",
        form_version=form.version,
        author_id=base.author_id,
        status=RecordStatus.APPROVED,
        values=values,
        provenance=dict(base.provenance),
        created_at=base.created_at,
        updated_at=base.updated_at,
        approved_by=base.approved_by,
        approved_at=base.approved_at,
    )
    store.records.add(record)
    return record


def add_copies(store: Store, wanted: int) -> list[str]:
    """Copies of the demo's records, every form in turn, until the store holds ``wanted``."""
    ids = store.records.ids()
    originals = [store.records.get(i) for i in ids]
    by_form: dict[str, list[Record]] = {}
    for record in originals:
        by_form.setdefault(record.form_id, []).append(record)
    queues = list(by_form.values())
    k = 0
    while len(ids) < wanted:
        queue = queues[k % len(queues)]
        original = queue[(k // len(queues)) % len(queue)]
        k += 1
        copy = Record(
            case_id=original.case_id,
            form_id=original.form_id,
            form_version=original.form_version,
            author_id=original.author_id,
            status=original.status,
            values=dict(original.values),
            provenance=dict(original.provenance),
            created_at=original.created_at + timedelta(minutes=k),
            updated_at=original.updated_at + timedelta(minutes=k),
            approved_by=original.approved_by,
            approved_at=original.approved_at,
        )
        store.records.add(copy)
        ids.append(copy.id)
    return ids


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)]


def time_one(store, record, forms, settings, vocabulary, folder: Path, runs: int) -> dict:
    form = forms.forms[record.form_id]
    title = forms.titles()[record.form_id]
    path = folder / "assessment.docx"
    for _ in range(5):
        export_document(
            gather_material(store, record.id, vocabulary=vocabulary),
            path,
            forms=forms,
            settings=settings,
        )
    phases: dict[str, list[float]] = {"gather": [], "build": [], "save": [], "total": []}
    for _ in range(runs):
        start = time.perf_counter()
        material = gather_material(store, record.id, vocabulary=vocabulary)
        gathered = time.perf_counter()
        outline = outline_record(material, form, empty=settings.empty_fields, form_title=title)
        doc = build_document(outline, settings)
        built = time.perf_counter()
        save_whole(doc, path)
        saved = time.perf_counter()
        phases["gather"].append((gathered - start) * 1000)
        phases["build"].append((built - gathered) * 1000)
        phases["save"].append((saved - built) * 1000)
        phases["total"].append((saved - start) * 1000)
    phases["size_kb"] = [path.stat().st_size / 1024]
    return phases


def time_batch(store, forms, settings, vocabulary, folder: Path) -> tuple[float, int, int]:
    ids = store.records.ids()
    start = time.perf_counter()
    result = write_documents(
        gather_materials(store, ids, vocabulary=vocabulary),
        folder,
        forms=forms,
        settings=settings,
        total=len(ids),
    )
    seconds = time.perf_counter() - start
    return seconds, len(result.written), len(result.problems)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    forms = load_forms()
    reference = load_reference_data()
    vocabulary = reference.relationships
    settings = load_export_settings()
    with tempfile.TemporaryDirectory(prefix="export-speed-") as temporary:
        folder = Path(temporary)
        store = create_demo_database(folder / "demo.db", today=DEMO_DAY)
        try:
            manager = next(u for u in store.users.all() if u.role == Role.TEAM_MANAGER)
            store.sign_in(manager.id)
            record = full_assessment(store, forms, reference)
            filled = sum(_filled(v) for v in record.values.values())
            print(
                f"assessment: {filled} values, plan of {len(record.values['plan'])} rows, "
                f"child {store.people.get(store.cases.get(record.case_id).child_id).full_name}"
            )
            phases = time_one(store, record, forms, settings, vocabulary, folder, args.runs)
            print(f"  document: {phases['size_kb'][0]:.0f} KB, {args.runs} runs after warm-up")
            for phase in ("gather", "build", "save"):
                median, p95 = percentiles(phases[phase])
                print(f"  one_assessment_{phase}_ms: median {median:.1f}, p95 {p95:.1f}")
            one_median, one_p95 = percentiles(phases["total"])
            print(f"one_assessment_ms: median {one_median:.1f}, p95 {one_p95:.1f}")

            ids = add_copies(store, BATCH)
            kinds = sorted({store.records.get(i).form_id for i in ids})
            print(f"batch: {len(ids)} records of {', '.join(kinds)}")
            batch_s, written, problems = time_batch(
                store, forms, settings, vocabulary, folder / "batch"
            )
            print(f"  written: {written}, not written: {problems}")
            print(f"  batch_{BATCH}_per_record_ms: {batch_s * 1000 / len(ids):.1f}")
            print(f"batch_{BATCH}_s: {batch_s:.2f}")
        finally:
            store.close()

    print()
    verdict_one = "meets" if one_p95 / 1000 < AIM_ONE_S else "misses"
    verdict_batch = "meets" if batch_s < AIM_BATCH_S else "misses"
    print(
        f"One full assessment: {one_median / 1000:.3f} s typically, {one_p95 / 1000:.3f} s at "
        f"the 95th percentile; aim under {AIM_ONE_S} s ({verdict_one} it)."
    )
    print(
        f"A batch of {BATCH} records: {batch_s:.1f} s; aim under {AIM_BATCH_S:.0f} s "
        f"({verdict_batch} it)."
    )


if __name__ == "__main__":
    main()
