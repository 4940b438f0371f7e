"""A council's data officer imports a caseload exported from the main case system."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from recorder.domain.cases import CaseType
from recorder.store import Store
from tests.conftest import as_manager

TABLES = (
    "people", "households", "household_members", "relationships", "professionals",
    "involvements", "users", "cases", "records", "external_refs",
)  # fmt: skip


def _counts(store: Store) -> dict[str, int]:
    counts = {t: store.rows(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in TABLES}
    return counts | {"change_log": store.change_count()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_template_imports_whole_and_every_row_is_in_the_change_log(
    fresh_store, folder, do_import
):
    said: list[str] = []
    result = do_import(fresh_store, folder, said=said)
    assert result.problems == [] and result.written
    counts = _counts(fresh_store)
    assert counts["people"] == 5 and counts["households"] == 2 and counts["cases"] == 3
    assert counts["records"] == 3 and counts["relationships"] == 7
    amira = fresh_store.rows("SELECT * FROM people WHERE first_name = 'Amira'")[0]
    assert amira["date_of_birth"] == "2015-03-14"  # 14/03/2015, day first
    assert amira["nhs_number"] == "9990000018"
    logged = {c.field for c in fresh_store.history(amira["id"])}
    assert {"first_name", "last_name", "date_of_birth", "nhs_number"} <= logged
    # The case is allocated to the imported worker and starts the visit clock from the visits.
    case = next(c for c in fresh_store.cases.for_child(amira["id"]) if c.is_open)
    assert case.case_type is CaseType.CHILD_PROTECTION and case.reference == "CP-3001"
    assert fresh_store.users.get(case.worker_id).name == "Jo Castellano"
    row = next(
        r
        for r in fresh_store.views.caseload(worker_id=None, visit_forms=["home_visit"])
        if r.case.id == case.id
    )
    # The no-access visit of 22/10/2026 does not count.
    assert max(v.day for v in row.visits) == date(2026, 10, 13)
    assert any("Writing people: 5 of 5" in line for line in said)


def test_importing_the_same_files_again_adds_nothing(fresh_store, folder, do_import):
    do_import(fresh_store, folder)
    before = _counts(fresh_store)
    again = do_import(fresh_store, folder)
    assert again.problems == [] and not again.written
    assert _counts(fresh_store) == before
    assert again.plan.tallies["people.csv"].matched == 5
    assert all(t.added == 0 for t in again.plan.tallies.values())


def test_a_dry_run_counts_what_would_happen_and_writes_nothing(fresh_store, folder, do_import):
    before = _counts(fresh_store)
    result = do_import(fresh_store, folder, dry_run=True)
    assert not result.written and _counts(fresh_store) == before
    assert result.plan.tallies["people.csv"].added == 5
    assert result.plan.tallies["visits.csv"].added == 3


def test_a_later_export_transfers_a_case_and_records_a_move_out(fresh_store, folder, do_import):
    do_import(fresh_store, folder)
    _edit(folder / "cases.csv", "C3002,P1002,Child in need,06/10/2026,,,W7", "C3002,P1002,"
          "Child in need,06/10/2026,,,W8")  # fmt: skip
    _edit(folder / "household_members.csv", "H501,P1005,12/10/2026,", "H501,P1005,12/10/2026,"
          "15/11/2026")  # fmt: skip
    result = do_import(fresh_store, folder)
    assert result.problems == [] and result.written
    assert result.plan.tallies["cases.csv"].updated == 1
    assert result.plan.tallies["household_members.csv"].updated == 1
    assert _counts(fresh_store)["cases"] == 3  # changed, not added
    toby = fresh_store.rows("SELECT id FROM people WHERE known_as = 'Toby'")[0]["id"]
    case = fresh_store.cases.for_child(toby)[0]
    assert fresh_store.users.get(case.worker_id).name == "Sam Whitlock"
    assert [c.field for c in fresh_store.history(case.id) if c.op == "update"] == ["worker_id"]


def test_an_empty_cell_never_clears_what_the_record_holds(fresh_store, folder, do_import):
    do_import(fresh_store, folder)
    _edit(folder / "people.csv", "07700 900123", "")
    result = do_import(fresh_store, folder)
    assert result.plan.batch.updates == []
    assert fresh_store.rows("SELECT phone FROM people WHERE first_name = 'Grace'")[0]["phone"]


def test_a_person_already_on_the_record_is_matched_by_nhs_number(
    fresh_store, family, folder, do_import
):
    # The family's child, entered by hand, has NHS number 999 000 0018, as Amira's row does.
    as_manager(fresh_store)  # a caseload is a team manager's to import
    result = do_import(fresh_store, folder)
    assert result.problems == []
    assert result.plan.tallies["people.csv"].added == 4
    assert fresh_store.people.get(family.child.id).first_name == "Amira"
    assert fresh_store.people.get(family.child.id).known_as == "Eli"  # empty cell: kept


# ---- every error kind: named by file, line and column, and nothing written --------------

ERRORS = [
    # (file, text to replace, replacement, expected message)
    (
        "people.csv",
        "P1002,Tobias",
        "P1001,Tobias",
        "people.csv, line 3, column person_id: 'P1001' is on an earlier line of this file too",
    ),
    (
        "people.csv",
        "P1003,Grace",
        ",Grace",
        "people.csv, line 4, column person_id: is empty, and a value is needed",
    ),
    (
        "people.csv",
        "14/03/2015",
        "31/02/2015",
        "people.csv, line 2, column date_of_birth: There is no such date as 31/02/2015 (date of "
        "birth)",
    ),
    (
        "people.csv",
        "14/03/2015",
        "14/03/15",
        "people.csv, line 2, column date_of_birth: '14/03/15' has a two-digit year",
    ),
    (
        "people.csv",
        "9990000018",
        "9990000017",
        "people.csv, line 2, column nhs_number: '9990000017': This NHS number's check digit",
    ),
    (
        "people.csv",
        "9990000018",
        "9.99E+09",
        "people.csv, line 2, column nhs_number: '9.99E+09' looks like a number Excel shortened",
    ),
    (
        "people.csv",
        "Twi,Yes",
        "Twi,Perhaps",
        "people.csv, line 5, column interpreter_needed: 'Perhaps' should be Yes or No",
    ),
    (
        "people.csv",
        "first_name,",
        "firstname,",
        "people.csv, line 1, column firstname: is not a column of people.csv",
    ),
    (
        "people.csv",
        "P1005,Dariusz,,Wrona",
        "P1005,Dariusz,Wrona",
        "people.csv, line 6: has 14 cells but the header has 15 columns",
    ),
    (
        "people.csv",
        "White - Any other White background",
        "Martian",
        "people.csv, line 6, column ethnicity: 'Martian' is not one of the census ethnicity",
    ),
    (
        "people.csv",
        'African",Twi,Yes',
        'African",,Yes',
        "people.csv, line 5, column interpreter_needed: Say which language the interpreter",
    ),
    (
        "people.csv",
        "P1003,Grace,,Fenwick",
        "P1003,,,Fenwick",
        "people.csv, line 4, column first_name: Give the person's first name",
    ),
    (
        "cases.csv",
        "C3002,P1002,Child in need,06/10/2026",
        "C3002,P1002,Child in need,06/10/2027",
        "cases.csv, line 3, column start_date: 06/10/2027 is in the future",
    ),
    (
        "cases.csv",
        "C3002,P1002,Child in need,06/10/2026,,",
        "C3002,P1002,Child in need,06/10/2026,,Moved away",
        "cases.csv, line 3, column closure_reason: a case with a closure reason needs its end_date",
    ),
    (
        "household_members.csv",
        "H502,P1004",
        "H599,P1004",
        "household_members.csv, line 6, column household_id: 'H599' is not in households.csv",
    ),
    (
        "household_members.csv",
        "01/05/2014,31/08/2021",
        "01/05/2014,31/08/2013",
        "household_members.csv, line 5, column moved_out: 31/08/2013 is before moved_in",
    ),
    (
        "relationships.csv",
        "P1001,sibling",
        "P1001,cousin twice removed",
        "relationships.csv, line 6, column relationship: 'cousin twice removed' is not a "
        "relationship",
    ),
    (
        "relationships.csv",
        "P1001,sibling,P1002",
        "P1001,sibling,P1001",
        "relationships.csv, line 6, column other_person_id: is the same person as person_id",
    ),
    (
        "involvements.csv",
        "PR21,P1002",
        "PR99,P1002",
        "involvements.csv, line 4, column professional_id: 'PR99' is not in professionals.csv",
    ),
    (
        "workers.csv",
        "Team manager",
        "Chief executive",
        "workers.csv, line 3, column role: 'Chief executive' is not a role",
    ),
    (
        "cases.csv",
        "Child in need",
        "Child in bother",
        "cases.csv, line 3, column case_type: 'Child in bother' is not a case type",
    ),
    (
        "cases.csv",
        "C3002,P1002,Child in need,06/10/2026",
        "C3002,P1002,Child in need,",
        "cases.csv, line 3, column start_date: is empty, and a value is needed",
    ),
    (
        "cases.csv",
        ",W7,CIN-3002",
        ",W9,CIN-3002",
        "cases.csv, line 3, column worker_id: 'W9' is not in workers.csv",
    ),
    (
        "visits.csv",
        "22/10/2026",
        "22/12/2026",
        "visits.csv, line 3, column visit_date: 22/12/2026 is in the future",
    ),
    (
        "visits.csv",
        "No access",
        "Door shut",
        "visits.csv, line 3, column outcome: 'Door shut' is not a visit outcome",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), ERRORS, ids=[e[3][:60] for e in ERRORS])
def test_every_error_names_file_line_and_column_and_nothing_is_written(
    fresh_store, folder, do_import, file, old, new, message
):
    _edit(folder / file, old, new)
    before = _counts(fresh_store)
    result = do_import(fresh_store, folder)
    assert not result.written
    assert any(str(p).startswith(message) for p in result.problems), [
        str(p) for p in result.problems
    ]
    assert _counts(fresh_store) == before


def test_a_missing_people_file_an_empty_file_and_a_stray_file_are_each_said(
    fresh_store, folder, do_import
):
    (folder / "people.csv").unlink()
    (folder / "households.csv").write_bytes(b"")
    (folder / "peopel.csv").write_text("person_id\n", encoding="utf-8")
    before = _counts(fresh_store)
    problems = [str(p) for p in do_import(fresh_store, folder).problems]
    assert any(p.startswith("people.csv: is missing from") for p in problems)
    assert "households.csv, line 1: is empty: it needs a header line of columns" in problems
    assert any(p.startswith("peopel.csv: is not a file the import reads") for p in problems)
    assert _counts(fresh_store) == before


def test_a_missing_column_and_an_unreadable_byte_are_named(fresh_store, folder, do_import):
    _edit(folder / "cases.csv", "case_type,", "")
    (folder / "visits.csv").write_bytes(
        (folder / "visits.csv").read_bytes().replace(b"Completed\r\nV9002", b"Completed\nV9002")
        + b"V9004,C3001,01/11/2026,Yes,\x81,\n"
    )
    before = _counts(fresh_store)
    problems = [str(p) for p in do_import(fresh_store, folder).problems]
    assert "cases.csv, line 1, column case_type: this column is needed but missing" in problems
    assert any(
        p.startswith("visits.csv, line 5: holds a character that is not UTF-8 or Windows-1252")
        for p in problems
    ), problems
    assert _counts(fresh_store) == before


def test_every_problem_is_listed_at_once(fresh_store, folder, do_import):
    _edit(folder / "people.csv", "14/03/2015", "31/02/2015")
    _edit(folder / "cases.csv", "Child in need", "Child in bother")
    problems = do_import(fresh_store, folder).problems
    assert {p.file for p in problems} == {"people.csv", "cases.csv"}


# ---- encodings as Excel writes them ----------------------------------------------------


def test_a_windows_1252_file_from_excel_keeps_its_accents_and_curly_apostrophes(
    fresh_store, folder, do_import
):
    text = (folder / "people.csv").read_text(encoding="utf-8")
    text = text.replace("Grace,,Fenwick", "Zoë,,O’Brien-Fenwick").replace("Dariusz", "José")
    (folder / "people.csv").write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    result = do_import(fresh_store, folder)
    assert result.problems == [] and result.plan.encodings["people.csv"] == "Windows-1252"
    names = {r["first_name"]: r["last_name"] for r in fresh_store.rows("SELECT * FROM people")}
    assert names["Zoë"] == "O’Brien-Fenwick" and "José" in names
    assert fresh_store.search.people("obrien")  # the search index has them too


def test_utf8_with_a_byte_order_mark_and_headers_as_people_write_them(
    fresh_store, folder, do_import
):
    text = (folder / "people.csv").read_text(encoding="utf-8")
    text = text.replace("person_id,first_name", "Person ID,First Name").replace("Amira", "Ağça")
    (folder / "people.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = do_import(fresh_store, folder)
    assert result.problems == []
    assert fresh_store.rows("SELECT count(*) AS n FROM people WHERE first_name = 'Ağça'")[0]["n"]


# ---- size -------------------------------------------------------------------------------


def test_ten_thousand_people_import_and_a_second_run_matches_them_all(
    fresh_store, tmp_path, do_import
):
    from recorder.importing.example import write_example_caseload

    written = write_example_caseload(tmp_path / "big", people=10_000, households=4_000)
    said: list[str] = []
    result = do_import(fresh_store, tmp_path / "big", said=said)
    assert result.problems == [] and result.written
    counts = _counts(fresh_store)
    assert counts["people"] == 10_000 and counts["households"] == 4_000
    assert counts["cases"] == written["cases.csv"]
    assert counts["relationships"] == written["relationships.csv"]
    assert any(line == "Writing people: 5,000 of 10,000." for line in said)
    again = do_import(fresh_store, tmp_path / "big")
    assert not again.written and _counts(fresh_store) == counts
    assert again.plan.tallies["people.csv"].matched == 10_000


def test_a_sibling_already_recorded_the_other_way_round_is_matched(fresh_store, folder, do_import):
    do_import(fresh_store, folder)
    _edit(folder / "relationships.csv", "P1001,sibling,P1002", "P1002,sibling,P1001")
    result = do_import(fresh_store, folder)
    assert result.plan.tallies["relationships.csv"].added == 0
    assert result.plan.tallies["relationships.csv"].matched == 7


def test_someone_with_the_name_and_birth_date_of_a_person_on_record_is_added_and_noted(
    fresh_store, family, folder, do_import
):
    # Tomasz Hale, born 01/07/2021, was entered by hand; the export has him with no NHS number.
    path = folder / "people.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "P1006,Tomasz,,Hale,,01/07/2021,No,Male,,,No,,,,\n",
        encoding="utf-8",
    )
    as_manager(fresh_store)  # a caseload is a team manager's to import
    result = do_import(fresh_store, folder)
    assert result.problems == [] and result.written
    assert [str(n) for n in result.plan.notes] == [
        "people.csv, line 7, column person_id: 'P1006' has the same name and date of birth as "
        "Tomasz Hale, already on the record: added as a new person; if they are one, a team "
        "manager can merge them"
    ]


def test_an_import_never_changes_a_users_role(fresh_store, folder, do_import):
    do_import(fresh_store, folder)
    _edit(folder / "workers.csv", "W7,Jo Castellano,Social worker", "W7,Jo Castellano,Team manager")
    result = do_import(fresh_store, folder)
    assert result.plan.batch.updates == []
    jo = next(u for u in fresh_store.users.all() if u.name == "Jo Castellano")
    assert jo.role.value == "social_worker"


def test_a_workbook_saved_under_a_csv_name_and_a_nul_byte_are_said_plainly(
    fresh_store, folder, do_import
):
    (folder / "households.csv").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (folder / "workers.csv").write_bytes(b"worker_id,name,role,email\nW7,Jo\x00,Social worker,\n")
    problems = [str(p) for p in do_import(fresh_store, folder).problems]
    assert "households.csv: is an Excel workbook, not a CSV file: open it in Excel and save it " \
        'as "CSV UTF-8 (Comma delimited)"' in problems  # fmt: skip
    assert any(p.startswith("workers.csv, line 2, column name: holds a NUL") for p in problems)
