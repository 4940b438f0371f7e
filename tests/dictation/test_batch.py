"""Drafting a file of cases: ``python -m recorder draft CASES.jsonl`` and ``draft_cases``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from recorder.dictation.batch import LineProblem, draft_cases

ROOT = Path(__file__).resolve().parents[2]

GOOD = {
    "id": "kowalczyk-1",
    "recorded_on": "2026-12-30",
    "worker": {"name": "Hester Quennell"},
    "people": [
        {"id": "p1", "first_name": "Paweł", "last_name": "Kowalczyk",
         "date_of_birth": "2015-04-12", "relationship": "subject child"},
        {"id": "p2", "first_name": "Ελένη", "last_name": "Παπαδοπούλου", "relationship": "mother"},
    ],
    "professionals": [],
    "dictation": "I saw pawel alone in his room full stop ελενη was home full stop I will ring "
    "the school tomorrow full stop",
}


def lines_of(*rows) -> list[str]:
    return [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]


def test_each_case_line_gives_its_prediction_or_its_problem_by_line_number(drafter):
    lines = lines_of('{"id": "broken", ', "", {"recorded_on": "2026-12-30", "dictation": "x"}, GOOD)

    results = list(draft_cases(drafter, lines))

    problems = [r for r in results if isinstance(r, LineProblem)]
    assert [(p.line, p.problem.split(" (")[0]) for p in problems] == [
        (1, "not valid JSON"),
        (3, 'the case has no "id"'),
    ]
    [prediction] = [r for r in results if not isinstance(r, LineProblem)]
    assert prediction["id"] == "kowalczyk-1"
    assert sorted(prediction["predicted"]["people_present"]) == ["p1", "p2"]
    assert prediction["predicted"]["seen_alone"] == ["p1"]
    assert prediction["predicted"]["actions"] == [
        {"owner": "worker", "due": "2026-12-31", "text": "Ring the school tomorrow"}
    ]


def test_a_case_without_a_date_or_dictation_is_a_problem_not_a_crash(drafter):
    no_date = {**GOOD, "id": "no-date", "recorded_on": "30/12/2026"}
    no_text = {**GOOD, "id": "no-text"}
    del no_text["dictation"]

    results = list(draft_cases(drafter, lines_of(no_date, no_text)))

    assert [str(r) for r in results] == [
        'line 1 (no-date): "recorded_on" must be a date written as YYYY-MM-DD',
        'line 2 (no-text): the case has no "dictation" text',
    ]


def test_an_empty_dictation_still_gives_a_prediction_and_says_why_it_is_empty(drafter):
    results = list(draft_cases(drafter, lines_of({**GOOD, "id": "empty", "dictation": "  "})))

    assert isinstance(results[0], LineProblem) and "empty" in results[0].problem
    assert results[1]["id"] == "empty"
    assert results[1]["predicted"]["people_present"] == []


def run_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "recorder", "draft", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )


def test_the_draft_command_reports_bad_lines_and_still_drafts_the_good_one(tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        "\n".join(lines_of('{"id": "broken", "dictation": ', {"dictation": "hello"}, GOOD)) + "\n",
        encoding="utf-8",
    )

    done = run_command(str(cases))

    assert done.returncode == 0, done.stderr
    assert "cases.jsonl, line 1: not valid JSON" in done.stderr
    assert 'cases.jsonl, line 2: the case has no "id"' in done.stderr
    assert "line 3" not in done.stderr
    assert "Traceback" not in done.stderr
    [line] = done.stdout.splitlines()
    row = json.loads(line)
    assert row["id"] == "kowalczyk-1"
    assert set(row["predicted"]) == {
        "visit_date", "visit_time", "people_present", "seen_alone", "new_people",
        "professionals_mentioned", "actions", "child_voice", "worries",
    }
    assert row["predicted"]["seen_alone"] == ["p1"]


def test_the_draft_command_says_plainly_when_the_file_is_missing(tmp_path):
    done = run_command(str(tmp_path / "nowhere.jsonl"), "--model", "none")

    assert done.returncode == 2
    assert done.stdout == ""
    assert "nowhere.jsonl" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
