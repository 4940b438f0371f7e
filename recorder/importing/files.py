"""The CSV files an import reads, their columns, and reading them as Excel writes them.

Every file and column is declared here once: the reader checks headers
against it, the planner reads cells by it, and a test holds the template's
README to it. A cell is always read with the file, line and column it came
from, so any problem can be named exactly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from recorder.importing.problems import ImportProblem


@dataclass(frozen=True)
class FileSpec:
    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    needed: bool = False
    """The import cannot run without this file (people.csv)."""

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


PEOPLE = FileSpec(
    "people.csv",
    ("person_id", "first_name", "last_name"),
    (
        "middle_names", "known_as", "date_of_birth", "date_of_birth_estimated", "gender",
        "ethnicity",
        "first_language", "interpreter_needed", "religion", "nhs_number", "phone", "email",
    ),
    needed=True,
)  # fmt: skip
HOUSEHOLDS = FileSpec(
    "households.csv",
    ("household_id",),
    ("name", "address_line1", "address_line2", "town", "postcode", "phone"),
)
MEMBERS = FileSpec(
    "household_members.csv", ("household_id", "person_id"), ("moved_in", "moved_out")
)
RELATIONSHIPS = FileSpec("relationships.csv", ("person_id", "relationship", "other_person_id"))
PROFESSIONALS = FileSpec(
    "professionals.csv", ("professional_id", "name", "role"), ("agency", "phone", "email")
)
INVOLVEMENTS = FileSpec(
    "involvements.csv",
    ("professional_id", "child_id"),
    ("role", "start_date", "end_date"),
)
WORKERS = FileSpec("workers.csv", ("worker_id", "name", "role"), ("email",))
CASES = FileSpec(
    "cases.csv",
    ("case_id", "child_id", "case_type", "start_date"),
    ("end_date", "closure_reason", "worker_id", "reference", "plan_visit_every_working_days"),
)
VISITS = FileSpec(
    "visits.csv", ("case_id", "visit_date", "child_seen"), ("visit_id", "outcome", "seen_alone")
)

FILES = (
    PEOPLE, HOUSEHOLDS, MEMBERS, RELATIONSHIPS, PROFESSIONALS, INVOLVEMENTS, WORKERS, CASES,
    VISITS,
)  # fmt: skip
"""In the order they are read: each file's ids can be used by the files after it."""


@dataclass(frozen=True)
class Row:
    """One line of a CSV file: its cells by column, and where it is, to blame it."""

    file: str
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def has(self, column: str) -> bool:
        return column in self.cells

    def problem(self, column: str, text: str) -> ImportProblem:
        return ImportProblem(self.file, self.line, column, text)


@dataclass
class CsvFile:
    spec: FileSpec
    rows: list[Row]
    encoding: str


def decode(data: bytes, file: str) -> tuple[str, str]:
    """The text of a file and the encoding it was in: UTF-8 (with or without a byte
    order mark), or else Windows-1252, which Excel's "CSV" (not "CSV UTF-8") writes.

    :raises ImportProblem: naming the line of a byte neither can read
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as e:
            raise _bad_byte(data[3:], e, file, "UTF-8") from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as e:
        raise _bad_byte(data, e, file, "UTF-8 or Windows-1252") from None


def _bad_byte(data: bytes, error: UnicodeDecodeError, file: str, what: str) -> ImportProblem:
    line = data.count(b"\n", 0, error.start) + 1
    return ImportProblem(
        file, line, "",
        f"holds a character that is not {what} text (byte {data[error.start]:#04x}); "
        "save the file again from Excel as \"CSV UTF-8\"",
    )  # fmt: skip


def header_name(text: str) -> str:
    """``First name`` and ``first_name`` are the same column; so is ``FIRST NAME``."""
    return "_".join(text.strip().lower().replace("-", " ").split())


def read_csv(path: Path, spec: FileSpec, problems: list[ImportProblem]) -> CsvFile | None:
    """Read one file's rows, adding to ``problems`` whatever is wrong with its shape.

    Only problems of the file as a whole (encoding, header) stop its rows being read.
    """
    name = spec.name
    try:
        data = path.read_bytes()
    except OSError as e:
        problems.append(ImportProblem(name, 0, "", f"cannot be read ({e.strerror or e})"))
        return None
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        problems.append(
            ImportProblem(name, 0, "", "is an Excel workbook, not a CSV file: open it in Excel "
                          "and save it as \"CSV UTF-8 (Comma delimited)\"")
        )  # fmt: skip
        return None
    try:
        text, encoding = decode(data, name)
    except ImportProblem as p:
        problems.append(p)
        return None
    lines = _records(text)
    try:
        first = next(lines)
    except StopIteration:
        problems.append(ImportProblem(name, 1, "", "is empty: it needs a header line of columns"))
        return None
    except csv.Error as e:
        problems.append(ImportProblem(name, 1, "", f"cannot be read as CSV ({e})"))
        return None
    _, header_cells = first
    header = [header_name(h) for h in header_cells]
    shape_problems = _header_problems(spec, header)
    if shape_problems:
        problems.extend(shape_problems)
        return None
    rows = []
    line = 1
    try:
        for line, cells in lines:
            if not any(c.strip() for c in cells):
                continue  # blank lines, and Excel's rows of empty commas
            if len(cells) != len(header):
                problems.append(
                    ImportProblem(
                        name, line, "",
                        f"has {len(cells)} cells but the header has {len(header)} columns "
                        "(a comma inside a value needs the value in double quotes)",
                    )
                )  # fmt: skip
                continue
            damaged = [c for c, v in zip(header, cells, strict=True) if "\x00" in v]
            if damaged:
                problems.append(
                    ImportProblem(name, line, damaged[0], "holds a NUL character, which no text "
                                  "has: the file may be damaged; export it again")
                )  # fmt: skip
                continue
            rows.append(Row(name, line, dict(zip(header, cells, strict=True))))
    except csv.Error as e:
        problems.append(ImportProblem(name, line + 1, "", f"cannot be read as CSV ({e})"))
    return CsvFile(spec, rows, encoding)


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells): a quoted value may run over several lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _header_problems(spec: FileSpec, header: list[str]) -> list[ImportProblem]:
    found = []
    known = set(spec.columns)
    seen: set[str] = set()
    for column in header:
        if column in seen:
            found.append(ImportProblem(spec.name, 1, column, "this column is in the header twice"))
        seen.add(column)
        if column and column not in known:
            found.append(
                ImportProblem(
                    spec.name, 1, column,
                    f"is not a column of {spec.name} (its columns are: {', '.join(spec.columns)})",
                )
            )  # fmt: skip
        elif not column:
            found.append(ImportProblem(spec.name, 1, "", "a column in the header has no name"))
    for column in spec.required:
        if column not in seen:
            found.append(ImportProblem(spec.name, 1, column, "this column is needed but missing"))
    return found
