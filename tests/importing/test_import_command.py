"""``python -m recorder import`` as a data officer runs it, and the template's README."""

from __future__ import annotations

import subprocess
import sys

from recorder.importing.files import FILES
from recorder.resources import resource
from tests.conftest import MANAGER, MANAGER_PASSWORD, new_store, reopen


def _run(*args, sign_in=()):
    return subprocess.run(
        [sys.executable, "-m", "recorder", "import", *args, *sign_in],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_a_dry_run_then_the_import_then_the_same_again(tmp_path, folder):
    db = tmp_path / "team.db"
    new_store(db).close()
    password = tmp_path / "password"
    password.write_text(MANAGER_PASSWORD, encoding="utf-8")
    manager = ("--user", MANAGER, "--password-file", str(password))
    dry = _run("--db", str(db), str(folder), "--dry-run", sign_in=manager)
    assert dry.returncode == 0, dry.stderr
    assert "Dry run: nothing was written." in dry.stdout
    assert "people.csv: 5 added, 0 matched" in dry.stdout
    done = _run("--db", str(db), str(folder), sign_in=manager)
    assert done.returncode == 0, done.stderr
    assert f"Imported into {db}." in done.stdout
    assert "Writing people: 5 of 5." in done.stderr  # progress, line by line
    again = _run("--db", str(db), str(folder), sign_in=manager)
    assert "people.csv: 0 added, 5 matched" in again.stdout
    assert "Nothing new to import." in again.stdout


def test_a_problem_is_a_sentence_with_its_place_and_the_exit_status_says_so(tmp_path, folder):
    db = tmp_path / "team.db"
    new_store(db).close()
    password = tmp_path / "password"
    password.write_text(MANAGER_PASSWORD, encoding="utf-8")
    path = folder / "people.csv"
    path.write_text(path.read_text().replace("14/03/2015", "2015-13-14"), encoding="utf-8")
    result = _run(
        "--db", str(db), str(folder), sign_in=("--user", MANAGER, "--password-file", str(password))
    )
    assert result.returncode == 1
    assert (
        "people.csv, line 2, column date_of_birth: There is no such date as 2015-13-14"
        in result.stderr
    )
    assert "Nothing was imported" in result.stderr and "Traceback" not in result.stderr
    store = reopen(db)
    try:
        assert store.rows("SELECT count(*) AS n FROM people")[0]["n"] == 0
    finally:
        store.close()


def test_a_folder_that_is_not_there_is_said(tmp_path):
    result = _run("--db", str(tmp_path / "x.db"), str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "There is no folder" in result.stderr


def test_the_template_readme_describes_every_file_and_column():
    readme = resource("import-template", "README.md").read_text(encoding="utf-8")
    for spec in FILES:
        assert f"### {spec.name}" in readme
        section = readme.split(f"### {spec.name}", 1)[1].split("\n### ", 1)[0]
        for column in spec.columns:
            assert f"| {column} |" in section, (spec.name, column)
        for column in spec.required:
            assert f"| {column} | yes |" in section, (spec.name, column)
