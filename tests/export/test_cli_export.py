"""``python -m recorder export``: one record, a case, everything; plain errors, whole files."""

from __future__ import annotations

import subprocess
import sys

import docx
import pytest

from tests.conftest import DEMO_MANAGER, DEMO_PASSWORDS, reopen


@pytest.fixture(autouse=True)
def _password_file(tmp_path_factory):
    global SIGN_IN
    path = tmp_path_factory.mktemp("password") / "password.txt"
    path.write_text(DEMO_PASSWORDS[DEMO_MANAGER] + "\n")
    SIGN_IN = ["--user", DEMO_MANAGER, "--password-file", str(path)]


SIGN_IN: list[str] = []


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "recorder", "export", *args, *SIGN_IN],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def ids(demo_db):
    store = reopen(demo_db, DEMO_MANAGER, DEMO_PASSWORDS[DEMO_MANAGER])
    try:
        record = store.records.ids()[0]
        case = store.records.get(record).case_id
        return {
            "record": record,
            "case": case,
            "case_records": store.records.ids(case_id=case),
            "all": store.records.ids(),
        }
    finally:
        store.close()


def test_one_record_to_a_named_file(demo_db, ids, tmp_path):
    out = tmp_path / "visit.docx"
    result = _run("--db", str(demo_db), "--record", ids["record"], "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Exported the record to {out}."
    document = docx.Document(str(out))
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"


def test_every_record_of_a_case_into_a_folder_made_for_it(demo_db, ids, tmp_path):
    out = tmp_path / "case" / "exports"
    result = _run("--db", str(demo_db), "--case", ids["case"], "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert len(list(out.glob("*.docx"))) == len(ids["case_records"])
    assert f"[{len(ids['case_records'])}/{len(ids['case_records'])}]" in result.stderr
    assert result.stdout.startswith(f"Exported {len(ids['case_records'])} records to {out}.")


def test_every_record_in_the_database(demo_db, ids, tmp_path):
    result = _run("--db", str(demo_db), "--all", "--out", str(tmp_path / "all"))
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "all").glob("*.docx"))) == len(ids["all"])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["--record", "no-such-id", "--out", "{tmp}/a.docx"],
            "There is no record with id no-such-id.",
        ),
        (
            ["--case", "no-such-case", "--out", "{tmp}/out"],
            "There is no case with id no-such-case.",
        ),
        (["--record", "{record}", "--out", "{tmp}/missing/a.docx"], "does not exist"),
        (["--record", "{record}", "--out", "{tmp}/a.pdf"], "should end in .docx"),
        (["--all", "--out", "{tmp}/a-file.txt"], "is a file, not a folder"),
    ],
)
def test_mistakes_are_one_sentence_and_leave_nothing_behind(demo_db, ids, tmp_path, args, words):
    (tmp_path / "a-file.txt").write_text("mine")
    before = sorted(p.name for p in tmp_path.iterdir())
    args = [a.format(tmp=tmp_path, record=ids["record"]) for a in args]
    result = _run("--db", str(demo_db), *args)
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_database_that_is_not_there_is_not_created(tmp_path):
    missing = tmp_path / "typo.db"
    result = _run("--db", str(missing), "--all", "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"There is no database at {missing}."
    assert not missing.exists()


def test_one_of_record_case_or_all_is_needed(demo_db, tmp_path):
    result = _run("--db", str(demo_db), "--out", str(tmp_path))
    assert result.returncode == 2
    assert "one of the arguments --record --case --all is required" in result.stderr
