"""Reference data a council edits: visit rhythms, bank holidays, relationship words.

Each file is read and validated at start-up; a broken file raises
:class:`DataFileError` naming the file, the line where known, and the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from recorder.domain.dates import WorkingCalendar
from recorder.reference.bank_holidays import load_bank_holidays
from recorder.reference.datafile import DataFileError
from recorder.reference.relationships import RelationshipVocabulary, load_relationships
from recorder.reference.visit_rhythms import VisitSettings, load_visit_settings
from recorder.resources import resource

__all__ = ["DataFileError", "ReferenceData", "load_reference_data"]


@dataclass(frozen=True)
class ReferenceData:
    visits: VisitSettings
    calendar: WorkingCalendar
    relationships: RelationshipVocabulary


def load_reference_data(folder: Path | None = None) -> ReferenceData:
    """Read every reference file from ``folder`` (``resources/`` by default)."""
    folder = folder or resource()
    return ReferenceData(
        visits=load_visit_settings(folder / "visit_rhythms.toml"),
        calendar=WorkingCalendar(load_bank_holidays(folder / "bank_holidays.toml")),
        relationships=load_relationships(folder / "relationships.toml"),
    )
