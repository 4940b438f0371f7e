"""``python -m recorder transcribe`` and ``draft`` with cases that give audio instead of text."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from tests.speech.conftest import DATA

FAMILY = {
    "id": "pryce-1",
    "recorded_on": "2026-11-18",
    "worker": {"name": "Hester Quennell"},
    "people": [
        {"id": "p1", "first_name": "Sophie", "last_name": "Pryce",
         "date_of_birth": "2016-02-03", "relationship": "subject child"},
        {"id": "p2", "first_name": "Kieran", "last_name": "Pryce",
         "date_of_birth": "2013-06-30", "relationship": "sibling"},
    ],
    "professionals": [],
}


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "recorder", *args], capture_output=True, text=True, timeout=300
    )


def test_transcribe_prints_the_words_with_names_as_the_case_spells_them(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(FAMILY), encoding="utf-8")
    done = _run("transcribe", str(DATA / "visit.wav"), "--case", str(case))
    assert done.returncode == 0, done.stderr
    assert "Sophie" in done.stdout and "Kieran" in done.stdout


def test_transcribe_says_which_words_it_respelt_to_match_the_case(tmp_path):
    family = {**FAMILY, "people": [{**FAMILY["people"][0], "first_name": "Filip"}]}
    case = tmp_path / "case.json"
    case.write_text(json.dumps(family), encoding="utf-8")
    done = _run("transcribe", str(DATA / "school.wav"), "--case", str(case))
    assert done.returncode == 0, done.stderr
    # heard "Philip" even with the names as hints; matched to the record after
    assert "Filip met me at school" in done.stdout
    assert "Changed: Philip → Filip (name on the record)" in done.stderr


def test_transcribe_listens_for_the_names_in_the_case(tmp_path):
    from tests.speech.test_hints import WROBEL

    case = tmp_path / "case.json"
    case.write_text(json.dumps(WROBEL), encoding="utf-8")
    done = _run("transcribe", str(DATA / "door.wav"), "--case", str(case))
    assert done.returncode == 0, done.stderr
    assert "Wrobel" in done.stdout.split()  # heard "Robo" without the names


def test_transcribe_says_plainly_when_the_file_is_not_audio():
    done = _run("transcribe", str(DATA / "not-audio.wav"))
    assert done.returncode == 2
    assert "not a WAV audio file" in done.stderr and "Traceback" not in done.stderr


def test_draft_accepts_audio_beside_the_cases_file_instead_of_dictation(tmp_path):
    shutil.copy(DATA / "visit.wav", tmp_path / "visit.wav")
    cases = tmp_path / "cases.jsonl"
    lines = [
        {**FAMILY, "audio": "visit.wav"},
        {**FAMILY, "id": "pryce-2", "audio": "missing.wav"},
    ]
    cases.write_text("\n".join(json.dumps(c) for c in lines) + "\n", encoding="utf-8")
    done = _run("draft", str(cases), "--model", "none")
    assert done.returncode == 0, done.stderr
    [row] = [json.loads(line) for line in done.stdout.splitlines()]
    assert row["id"] == "pryce-1"
    assert set(row["predicted"]["people_present"]) >= {"p1"}
    assert "line 2 (pryce-2): There is no audio file" in done.stderr
