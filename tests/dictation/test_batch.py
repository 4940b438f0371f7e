"""Drafting a file of cases: ``python -m recorder draft CASES.jsonl`` and ``draft_cases``."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recorder.dictation.batch import LineProblem, case_lines, draft_cases

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


# -- bad input never stops the batch (issue 12) ---------------------------------------------


def _bad_lines() -> dict[str, bytes]:
    """One line of each kind that used to stop ``python -m recorder draft`` with a traceback."""
    return {
        "surrogate": json.dumps({**GOOD, "id": "surrogate", "dictation": "mum said \ud800 hi"},
                                ensure_ascii=True).encode(),
        "people-5": json.dumps({**GOOD, "id": "people-5", "people": 5}).encode(),
        "year-9999": json.dumps({**GOOD, "id": "year-9999", "recorded_on": "9999-12-31"}).encode(),
        "deep": b"[" * 100_000 + b"]" * 100_000,
        "not-utf8": b'{"id": "not-utf8", "dictation": "caf\xe9"}',
        "huge": json.dumps({**GOOD, "id": "huge", "dictation": "word " * 250_000}).encode(),
    }


def test_each_bad_line_is_named_and_the_good_ones_still_run(drafter):
    """Regression (issue 12): lone surrogates, "people": 5, the year 9999, brackets nested
    100,000 deep, bytes that are not UTF-8 and a 1,250,000-character dictation each raised."""
    bad = _bad_lines()
    u2028 = {**GOOD, "id": "u2028", "dictation": GOOD["dictation"] + "\u2028Mum was home."}
    data = b"\n".join([*bad.values(), json.dumps(u2028, ensure_ascii=False).encode(),
                       json.dumps(GOOD).encode()])

    results = list(draft_cases(drafter, case_lines(data)))

    problems = {r.line: str(r) for r in results if isinstance(r, LineProblem)}
    assert sorted(problems) == [1, 2, 3, 4, 5, 6]
    assert "lone surrogate" in problems[1]
    assert '"people" must be a list' in problems[2]
    assert "1901 and 8999" in problems[3]
    assert "nested too deep" in problems[4]
    assert "not UTF-8" in problems[5]
    assert "too long" in problems[6]
    drafted = [r["id"] for r in results if isinstance(r, dict)]
    assert drafted == ["u2028", "kowalczyk-1"]  # U+2028 did not split its case in two


def test_the_draft_command_never_shows_a_traceback(tmp_path):
    cases = tmp_path / "bad.jsonl"
    cases.write_bytes(b"\n".join([*_bad_lines().values(), json.dumps(GOOD).encode()]))

    done = run_command(str(cases), "--model", "none")

    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["kowalczyk-1"]
    assert len([ln for ln in done.stderr.splitlines() if ln.startswith("bad.jsonl, line")]) == 6


_text = st.text(st.characters(codec=None), max_size=120)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=12,
)
_case = st.fixed_dictionaries(
    {
        "id": st.one_of(_text, st.integers(), st.just("k-1")),
        "recorded_on": st.one_of(st.dates().map(date.isoformat), _text),
        "dictation": st.one_of(_text, st.lists(
            st.sampled_from(["Mum was home", "full stop", "open quote", "close quote", "I will",
                             "ring", "tmrw", "a week on Monday", "1600", "Pawel", "said", "'",
                             "\u2028", "no concerns about", "drugs", "if", ",", "\ud83d"]),
            max_size=30).map(" ".join)),
    },
    optional={"people": st.one_of(_json, st.just(GOOD["people"])),
              "professionals": _json, "worker": _json},
)
_line = st.one_of(
    _case.map(lambda c: json.dumps(c, ensure_ascii=True).encode()),
    _json.map(lambda v: json.dumps(v, ensure_ascii=True).encode()),
    st.binary(max_size=80),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line, min_size=1, max_size=4))
def test_any_lines_give_a_prediction_or_a_named_problem_never_an_error(drafter, lines):
    results = list(draft_cases(drafter, case_lines(b"\n".join(lines))))

    for result in results:
        if isinstance(result, LineProblem):
            assert str(result).startswith(f"line {result.line}")
        else:
            assert set(result) == {"id", "predicted"}
            json.dumps(result, ensure_ascii=False).encode("utf-8")
