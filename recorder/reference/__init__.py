"""Reference data a council edits: visit standards, closure days, caseload caps, relationships,
ethnicity categories.

Each file is read and validated at start-up; a broken file raises
:class:`DataFileError` naming the file, the line where known, and the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from recorder.domain.dates import WorkingCalendar
from recorder.domain.ethnicity import EthnicityCategories
from recorder.reference.bank_holidays import load_closure_days, working_calendar
from recorder.reference.caseload_caps import CaseloadCaps, load_caseload_caps
from recorder.reference.datafile import DataFileError
from recorder.reference.ethnicity import load_ethnicities
from recorder.reference.relationships import RelationshipVocabulary, load_relationships
from recorder.reference.visit_rhythms import VisitSettings, load_visit_settings
from recorder.resources import resource

__all__ = ["DataFileError", "ReferenceData", "load_reference_data"]


@dataclass(frozen=True)
class ReferenceData:
    visits: VisitSettings
    calendar: WorkingCalendar
    relationships: RelationshipVocabulary
    caps: CaseloadCaps
    ethnicities: EthnicityCategories


def load_reference_data(folder: Path | None = None) -> ReferenceData:
    """Read every reference file from ``folder`` (``resources/`` by default)."""
    folder = folder or resource()
    return ReferenceData(
        visits=load_visit_settings(folder / "visit_rhythms.toml"),
        calendar=working_calendar(load_closure_days(folder / "closure_days.toml")),
        relationships=load_relationships(folder / "relationships.toml"),
        caps=load_caseload_caps(folder / "caseload.toml"),
        ethnicities=load_ethnicities(folder / "ethnicity.toml"),
    )
