"""A home visit for the hand-built family, and ways to read an exported document back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest

from recorder.domain import RecordStatus
from recorder.domain.records import Record
from recorder.export import gather_material, load_export_settings

VISIT_VALUES = {
    "visit_date": "2026-11-17",
    "visit_time": "16:15",
    "visit_type": "Unannounced",
    "child_seen": True,
    "child_seen_alone": True,
    "bedroom_seen": False,
    "child_voice": "Eli said: 'I like it when Mama reads to me.'\nShe wants Tomasz to stop "
    "taking her pens.",
    "observations": "The house was warm and tidy.\n\nEli showed me her drawings of the cat.\n"
    "Zofía made tea and talked about the school run.",
    "worries": "Zofía has been low since the summer.",
    "actions": [
        {"what": "Ring the school about the lunch club.", "who": "worker", "by_when": "2026-11-24"},
        {"what": "Book the GP appointment.", "who": "<mother>", "by_when": "2026-11-28"},
        {"what": "Share the attendance figures.", "who": "<school>", "by_when": "2026-12-01"},
    ],
    "dictation": "the raw dictation, never printed",
}


@pytest.fixture(scope="session")
def settings():
    return load_export_settings()


@pytest.fixture
def visit(fresh_store, family):
    """A finished home visit about Eli, with people, actions and the child's voice."""
    values = dict(VISIT_VALUES)
    values["present"] = [family.mother.id, family.child.id, family.brother.id]
    values["absent"] = [family.stepfather.id]
    who = {"<mother>": family.mother.id, "<school>": family.school.id}
    values["actions"] = [
        {**row, "who": who.get(row["who"], row["who"])} for row in VISIT_VALUES["actions"]
    ]
    record = Record(
        case_id=family.case.id,
        form_id="home_visit",
        form_version=1,
        author_id=family.worker.id,
        status=RecordStatus.FINISHED,
        values=values,
        created_at=datetime(2026, 11, 17, 18, 30, tzinfo=UTC),
        updated_at=datetime(2026, 11, 18, 9, 0, tzinfo=UTC),
    )
    fresh_store.records.add(record)
    return record


@pytest.fixture
def material_of(fresh_store, reference):
    def read(record_id: str):
        return gather_material(fresh_store, record_id, vocabulary=reference.relationships)

    return read


def paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def table_starting(document, first_cell: str):
    """The table whose top-left cell reads ``first_cell``."""
    for table in document.tables:
        if table.rows and table.rows[0].cells[0].text == first_cell:
            return table
    raise AssertionError(f"no table starts with {first_cell!r}")


def rows_of(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def pairs_of(table) -> dict[str, str]:
    return {row[0]: row[1] for row in rows_of(table)}


def open_document(path: Path):
    return docx.Document(str(path))
