"""A child's chronology as a Word document, in the same template, marking and layout as records.

The chronology becomes an :class:`~recorder.export.outline.Outline` (details
table, one section per year with a table of events, a sign-off) and is laid
out by the same :func:`~recorder.export.word.build_document`, so a council's
restyled template, logo and protective marking apply to it unchanged.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import groupby
from pathlib import Path

from recorder.chronology import ChildChronology
from recorder.domain.dates import uk_date, uk_date_long
from recorder.domain.ids import utc_now
from recorder.domain.nhs_number import format_nhs_number
from recorder.export.files import save_whole
from recorder.export.outline import NOT_RECORDED, Grid, Outline, Section, clean
from recorder.export.settings import ExportSettings
from recorder.export.word import build_document

TITLE = "Chronology"
_HEADER = ("Date", "Category", "What happened", "By")
"""By: who recorded the event, was allocated, or moved the record on (sent, approved)."""
_WEIGHTS = (1.35, 1.35, 4.1, 1.4)  # a date fits on one line


def outline_chronology(
    chronology: ChildChronology, *, produced_by: str, today: date, created: datetime | None = None
) -> Outline:
    """What the document says: the child's details, then each year's events in a table."""
    child = chronology.child
    case = chronology.case
    details = (
        ("Child's name", child.full_name),
        ("Known as", child.known_as or NOT_RECORDED),
        ("Date of birth", uk_date(child.date_of_birth) or NOT_RECORDED),
        ("NHS number", format_nhs_number(child.nhs_number) if child.nhs_number else NOT_RECORDED),
        ("Address", chronology.address or NOT_RECORDED),
        ("Case", (case.case_type.label + ("" if case.is_open else " (closed)")) if case
         else "No case"),
        ("Case reference", (case.reference if case else "") or NOT_RECORDED),
        ("Allocated worker", chronology.worker_name or "Not allocated"),
    )  # fmt: skip
    sections = []
    for year, events in groupby(chronology.events, key=lambda e: e.day.year):
        rows = tuple(
            (uk_date(e.day), clean(e.category), clean(e.what), clean(e.by)) for e in events
        )
        sections.append(Section(str(year), (Grid(f"Events in {year}", _HEADER, rows, _WEIGHTS),)))
    notices = (
        "A chronology lists significant events in date order. Each is recorded in full "
        "elsewhere on the child's record; read it there before relying on a line here.",
    )
    if not sections:
        notices += ("No significant events are recorded yet.",)
    return Outline(
        title=TITLE,
        child_name=child.display_name,
        subtitle=f"{child.full_name}, as at {uk_date_long(today)}",
        notices=notices,
        details=details,
        sections=tuple(sections),
        sign_off=(
            ("Produced by", produced_by or NOT_RECORDED),
            ("Produced on", uk_date_long(today)),
            ("Events listed", str(len(chronology.events))),
        ),
        reference=f"Chronology · {child.full_name} · {uk_date(today)}",
        author=produced_by,
        created=created or utc_now(),
    )


def chronology_file_name(chronology: ChildChronology, today: date) -> str:
    """``Fenwick-Osei, Amira - Chronology - 2026-11-20.docx``, beside the child's records."""
    child = chronology.child
    who = ", ".join(p for p in (child.last_name, child.first_name) if p) or "Child"
    safe = "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in who)
    return f"{safe} - {TITLE} - {today.isoformat()}.docx"


def export_chronology(
    chronology: ChildChronology,
    path: Path,
    *,
    settings: ExportSettings,
    produced_by: str,
    today: date,
) -> Path:
    """Write the chronology to ``path`` (a .docx), whole or not at all.

    :raises ExportError: saying what is wrong with the path
    """
    outline = outline_chronology(chronology, produced_by=produced_by, today=today)
    return save_whole(build_document(outline, settings), path)
