"""How often children on a plan must be visited: the council's local standards.

Which forms count as a visit is said by each form (``counts_as_visit``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from recorder.domain.cases import CaseType
from recorder.domain.visits import RhythmUnit, VisitRhythm
from recorder.reference.datafile import DataFileError, line_of, read_toml


@dataclass(frozen=True)
class VisitSettings:
    rhythms: dict[CaseType, VisitRhythm | None]

    def rhythm_for(self, case_type: CaseType) -> VisitRhythm | None:
        return self.rhythms.get(case_type)


def load_visit_settings(path: Path) -> VisitSettings:
    data = read_toml(path)
    rhythms: dict[CaseType, VisitRhythm | None] = {}
    table = data.get("rhythm")
    if not isinstance(table, dict):
        raise DataFileError(path, "expected a [rhythm.<case type>] table for each case type")
    known = ", ".join(t.value for t in CaseType)
    units = ", ".join(repr(u.value) for u in RhythmUnit)
    for key, entry in table.items():
        line = line_of(path, f"[rhythm.{key}]")
        try:
            case_type = CaseType(key)
        except ValueError:
            raise DataFileError(
                path, f"{key!r} is not a case type (expected one of {known})", line=line
            ) from None
        if case_type is CaseType.CHILD_IN_CARE:
            raise DataFileError(
                path,
                "children in care are visited as regulation 28 sets from their placement, "
                "not by a rhythm in this file: remove [rhythm.child_in_care]",
                line=line,
            )
        if not entry.get("statutory", True):
            rhythms[case_type] = None
            continue
        every, unit = entry.get("every"), entry.get("unit")
        if not isinstance(every, int) or isinstance(every, bool) or every < 1:
            raise DataFileError(
                path, f"rhythm.{key}: 'every' must be a whole number of 1 or more", line=line
            )
        try:
            rhythms[case_type] = VisitRhythm(every, RhythmUnit(unit))
        except ValueError:
            raise DataFileError(
                path, f"rhythm.{key}: unit {unit!r} is not one of {units}", line=line
            ) from None
    missing = [t.value for t in CaseType if t not in rhythms and t is not CaseType.CHILD_IN_CARE]
    if missing:
        raise DataFileError(path, "no rhythm given for " + ", ".join(missing))
    return VisitSettings(rhythms=rhythms)
