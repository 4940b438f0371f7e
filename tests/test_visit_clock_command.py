"""``python -m recorder visit-clock``: the caseload's own clock, run over a file of cases."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from recorder.cli import main


@pytest.fixture
def run(capsys):
    """The command as a user runs it, in this process: exit status and what it printed."""

    def run(*args):
        code = main(["visit-clock", *args])
        out, err = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out, stderr=err)

    return run


def _placement(start, kind="foster", order="section_20", **flags):
    return {
        "start": start, "end": None, "kind": kind, "order": order,
        "intended_until_18": False, "long_term_foster": False,
        "child_agreed_six_monthly": False, "first_review": None, **flags,
    }  # fmt: skip


CASES = [
    {  # a long-term foster placement into its second year, the child agreed
        "id": "own-ltf",
        "on": "2027-03-01",
        "case": {"type": "child_in_care", "start": "2025-06-02"},
        "placements": [
            _placement("2025-06-02", long_term_foster=True, child_agreed_six_monthly=True)
        ],
        "plan": None,
        "visits": [
            {"date": "2026-09-14", "status": "approved", "child_seen": True},
            {"date": "2026-12-01", "status": "draft", "child_seen": True},
        ],
    },
    {  # child protection with a plan of 5 working days, the last visit not seen
        "id": "own-cp-plan",
        "on": "2026-12-10",
        "case": {"type": "child_protection", "start": "2026-10-05"},
        "placements": [],
        "plan": {"visit_every_working_days": 5},
        "visits": [
            {"date": "2026-11-30", "status": "finished", "child_seen": True},
            {"date": "2026-12-04", "status": "finished", "child_seen": False},
        ],
    },
]


def test_each_case_gets_its_last_visit_next_due_date_and_whether_overdue(tmp_path, run):
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in CASES) + "\n", encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 0, result.stderr
    predicted = {p["id"]: p["predicted"] for p in map(json.loads, result.stdout.splitlines())}
    assert predicted == {
        "own-ltf": {"last_visit": "2026-09-14", "next_due": "2027-03-14", "overdue": False},
        # 1, 2, 3, 4, 7 December
        "own-cp-plan": {"last_visit": "2026-11-30", "next_due": "2026-12-07", "overdue": True},
    }


def test_bad_lines_are_named_and_the_rest_still_run(tmp_path, run):
    bad_kind = {**CASES[0], "id": "bad-kind", "placements": [_placement("2025-06-02", "tent")]}
    bad_date = {**CASES[1], "id": "bad-date", "on": "2026-02-31"}
    lines = [
        json.dumps(CASES[0]),
        "{not json",
        json.dumps(bad_kind),
        json.dumps(bad_date),
        json.dumps([1, 2]),
        "[" * 50_000,
        json.dumps({**CASES[1], "visits": [{"date": "2026-11-30", "status": "sent"}]}),
        json.dumps(CASES[1]),
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["own-ltf", "own-cp-plan"]
    errors = result.stderr.splitlines()
    assert errors[0].startswith("cases.jsonl, line 2: not valid JSON")
    assert "line 3: placements[0].kind 'tent' is not one of foster" in errors[1]
    assert "line 4: on '2026-02-31' is not a real date" in errors[2]
    assert "line 5: the line must be a JSON object" in errors[3]
    assert errors[4].startswith("cases.jsonl, line 6:")
    assert "line 7: visits[0].status 'sent' is not one of draft" in errors[5]


def test_a_missing_file_is_a_sentence(tmp_path, run):
    result = run(str(tmp_path / "nowhere.jsonl"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"There is no file {tmp_path / 'nowhere.jsonl'}."


HELDOUT = Path(__file__).parent / "data" / "visit-clock-heldout.jsonl"


def test_forty_held_out_cases_written_from_the_rules_alone_all_come_out_right(run):
    """Cases worked out by hand from the published rules, without reading the clock's code:
    bank holidays and Easter, leap days, month ends, a visit on its due day, moves, reg 19
    placements, plans more frequent than the regulations. Each case says what it tests."""
    run_out = run(str(HELDOUT))
    assert run_out.returncode == 0 and run_out.stderr == ""
    got = {c["id"]: c["predicted"] for c in map(json.loads, run_out.stdout.splitlines())}
    cases = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines()]
    wrong = [(c["id"], c["note"]) for c in cases if got.get(c["id"]) != c["expected"]]
    assert len(cases) == 40 and wrong == []
