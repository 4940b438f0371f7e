"""The demo caseload: fictional, varied, and validated like any other data file."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from recorder.caseload import caseload_entries
from recorder.demo import create_demo_database, read_demo
from recorder.domain import CaseType
from recorder.domain.nhs_number import nhs_number_problem
from recorder.domain.placements import PlacementKind
from recorder.reference import DataFileError
from recorder.resources import resource
from tests.conftest import DEMO_DAY


def test_the_demo_is_one_workers_caseload_of_about_twelve_children(demo_store, reference, forms):
    rows = demo_store.views.caseload(worker_id=None, visit_forms=forms.visit_form_ids())
    assert 10 <= len(rows) <= 14
    households = demo_store.rows("SELECT count(*) AS n FROM households")[0]["n"]
    assert 6 <= households <= 12  # children in care live apart from their parents
    assert {r.case.case_type for r in rows} == set(CaseType)
    workers = {r.worker_name for r in rows}
    assert len(workers) >= 1


def test_the_demo_shows_overdue_and_upcoming_visits(demo_store, reference, forms):
    rows = demo_store.views.caseload(worker_id=None, visit_forms=forms.visit_form_ids())
    entries = caseload_entries(
        rows, visits=reference.visits, calendar=reference.calendar, today=DEMO_DAY
    )
    assert sum(e.overdue for e in entries) >= 2
    assert sum(1 for e in entries if e.next_due and not e.overdue) >= 4
    assert any(e.last_visit is None for e in entries)


def test_the_demo_family_shapes_are_realistic(demo_store, reference, forms):
    kinds = {r["kind"] for r in demo_store.rows("SELECT kind FROM relationships")}
    assert {"stepfather", "half_sibling", "foster_carer", "grandmother", "sibling"} <= kinds
    people = demo_store.rows("SELECT * FROM people")
    assert any(p["interpreter_needed"] for p in people)
    assert any(p["known_as"] for p in people)
    assert sum(any(ord(ch) > 127 for ch in p["first_name"] + p["last_name"]) for p in people) >= 4
    roles = {r["role"] for r in demo_store.rows("SELECT role FROM professionals")}
    assert {"GP", "Health Visitor", "Designated Safeguarding Lead"} <= roles
    assert all(nhs_number_problem(p["nhs_number"]) is None for p in people if p["nhs_number"])
    assert all(p["nhs_number"].startswith("999") for p in people if p["nhs_number"])


def test_the_demo_has_a_history_of_visits(demo_store):
    statuses = {r["status"] for r in demo_store.rows("SELECT status FROM records")}
    assert {"approved", "finished"} <= statuses
    assert demo_store.rows("SELECT count(*) AS n FROM records")[0]["n"] >= 10


def test_demo_dates_move_forward_by_whole_weeks(reference, forms):
    as_written = read_demo(relationships=reference.relationships, today=DEMO_DAY)
    later = read_demo(relationships=reference.relationships, today=date(2027, 2, 3))
    first, moved = as_written.cases[0].start_date, later.cases[0].start_date
    assert (moved - first).days % 7 == 0 and moved > first
    assert moved.weekday() == first.weekday()


def test_loading_is_repeatable_with_the_same_ids(reference, forms):
    one = read_demo(relationships=reference.relationships, today=DEMO_DAY)
    two = read_demo(relationships=reference.relationships, today=DEMO_DAY)
    assert [p.id for p in one.people] == [p.id for p in two.people]


@pytest.fixture
def demo_copy(tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(resource("demo"), folder)
    return folder


def _first_family(folder):
    manifest = json.loads((folder / "demo.json").read_text(encoding="utf-8"))
    return folder / manifest["families"][0]


def test_a_broken_file_names_the_file_and_the_line(demo_copy, reference, forms):
    family = _first_family(demo_copy)
    text = family.read_text(encoding="utf-8").splitlines()
    text[3] = text[3] + ","  # a stray comma
    family.write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        read_demo(relationships=reference.relationships, folder=demo_copy, today=DEMO_DAY)
    assert family.name in str(error.value)
    assert "line" in str(error.value) and "not valid JSON" in str(error.value)


@pytest.mark.parametrize(
    ("section", "field", "value", "message"),
    [
        ("relationships", "kind", "second cousin twice removed", "not in relationships.toml"),
        ("involvements", "professional", "nobody", "not in the team file"),
        ("cases", "type", "adoption", "is not one of"),
        ("people", "date_of_birth", "31/02/2016", "not a date written as YYYY-MM-DD"),
        ("people", "nhs_number", "9990000019", "check digit"),
    ],
)
def test_a_wrong_value_is_named_with_its_file(
    demo_copy, reference, forms, section, field, value, message
):
    family = _first_family(demo_copy)
    data = json.loads(family.read_text(encoding="utf-8"))
    data[section][0][field] = value
    family.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as error:
        read_demo(relationships=reference.relationships, folder=demo_copy, today=DEMO_DAY)
    assert str(error.value).startswith(str(family)) or family.name in str(error.value)


def test_a_missing_family_file_is_named(demo_copy, reference, forms):
    _first_family(demo_copy).unlink()
    with pytest.raises(DataFileError, match="the file is missing"):
        read_demo(relationships=reference.relationships, folder=demo_copy, today=DEMO_DAY)


def test_the_demo_is_never_written_over_an_existing_database(demo_db):
    before = demo_db.read_bytes()
    with pytest.raises(FileExistsError, match="already exists"):
        create_demo_database(demo_db)
    assert demo_db.read_bytes() == before


def test_every_date_and_every_owner_in_a_record_moves_and_resolves(reference):
    later = read_demo(relationships=reference.relationships, today=date(2027, 2, 5))
    as_written = read_demo(relationships=reference.relationships, today=DEMO_DAY)
    ids = {p.id for p in later.people} | {p.id for p in later.professionals}
    assessments = [r for r in later.records if r.form_id == "assessment"]
    assert assessments
    for record in assessments:
        for row in record.values.get("plan", []):
            assert row["who"] in ids | {"worker", "family"}
    before = next(r for r in as_written.records if r.form_id == "assessment")
    after = next(r for r in later.records if r.id == before.id)
    moved = date.fromisoformat(after.values["assessment_start"]) - date.fromisoformat(
        before.values["assessment_start"]
    )
    assert moved.days > 0 and moved.days % 7 == 0


def _demo_entries(store, reference, forms):
    rows = store.views.caseload(worker_id=None, visit_forms=forms.visit_form_ids())
    entries = caseload_entries(
        rows, visits=reference.visits, calendar=reference.calendar, today=DEMO_DAY
    )
    return {e.row.child.first_name: e for e in entries}


def test_the_demos_children_in_care_have_the_placements_the_law_times_visits_by(
    demo_store, reference, forms
):
    entries = _demo_entries(demo_store, reference, forms)
    placements = {
        name: demo_store.placements.for_child(e.row.child.id) for name, e in entries.items()
    }
    moved = [ps for ps in placements.values() if len(ps) >= 2]
    assert moved, "a child in care who has moved at least once"
    long_term = [
        p
        for ps in placements.values()
        for p in ps
        if p.end_date is None
        and p.long_term_foster
        and p.child_agreed_six_monthly
        and (DEMO_DAY - p.start_date).days > 365
    ]
    assert long_term, "a child more than a year into a long-term foster placement"
    assert any(
        p.kind is PlacementKind.KINSHIP_TEMPORARY_APPROVAL and p.end_date is None
        for ps in placements.values()
        for p in ps
    ), "a child placed with a connected person on temporary approval"
    in_care = [e for e in entries.values() if e.row.case.case_type is CaseType.CHILD_IN_CARE]
    assert all(placements[e.row.child.first_name] for e in in_care)


def test_the_demo_caseload_shows_a_sensible_mix_of_visit_clocks(demo_store, reference, forms):
    entries = list(_demo_entries(demo_store, reference, forms).values())
    statutory = [e for e in entries if e.next_due is not None]
    assert sum(e.overdue for e in statutory) >= 2
    assert sum(not e.overdue for e in statutory) >= 4
    not_sent = [e for e in statutory if e.clock.not_sent]
    assert not_sent, "a statutory case showing 'visit on ... not yet sent'"
    rules = {e.clock.rule.split(" (")[0].split(":")[0] for e in entries}
    assert {"every 6 months", "weekly until the first review"} <= rules


def test_every_demo_visit_that_left_draft_says_whether_the_child_was_seen(demo_store, forms):
    visits = [
        r
        for r in demo_store.records.many(
            [r["id"] for r in demo_store.rows("SELECT id FROM records")]
        ).values()
        if r.form_id in forms.visit_form_ids() and r.status.value != "draft"
    ]
    assert visits and all(r.values.get("child_seen") is True for r in visits)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "boarding school", "placement kind 'boarding school' is not one of"),
        ("start", "2026-11-31", "not a date written as YYYY-MM-DD"),
        ("long_term_foster", "yes", "'long_term_foster' must be true or false"),
        ("end", "2020-01-01", "cannot end before it starts"),
    ],
)
def test_a_wrong_placement_in_the_demo_names_its_file_and_line(
    demo_copy, reference, field, value, message
):
    family = demo_copy / "families" / "pryce.json"
    data = json.loads(family.read_text(encoding="utf-8"))
    data["placements"][1][field] = value
    family.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as error:
        read_demo(relationships=reference.relationships, folder=demo_copy, today=DEMO_DAY)
    assert family.name in str(error.value) and "line" in str(error.value)


def test_overlapping_placements_in_the_demo_are_refused(demo_copy, reference):
    family = demo_copy / "families" / "pryce.json"
    data = json.loads(family.read_text(encoding="utf-8"))
    data["placements"][1]["start"] = "2026-05-01"  # before the children's home placement ended
    family.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataFileError, match="overlap the placement from"):
        read_demo(relationships=reference.relationships, folder=demo_copy, today=DEMO_DAY)
