"""How many children a practitioner should hold: the council's cap and each case type's weight."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from recorder.domain.cases import CaseType
from recorder.reference.datafile import DataFileError, line_of, read_toml


@dataclass(frozen=True)
class CaseloadCaps:
    cap: float
    weights: dict[CaseType, float]

    def weight(self, case_type: CaseType) -> float:
        return self.weights.get(case_type, 1.0)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def load_caseload_caps(path: Path) -> CaseloadCaps:
    data = read_toml(path)
    cap = _number(data.get("cap"))
    if cap is None or cap <= 0:
        raise DataFileError(
            path,
            "'cap' must be a number above 0 (cases a practitioner should hold)",
            line=line_of(path, "cap"),
        )
    table = data.get("weight", {})
    if not isinstance(table, dict):
        raise DataFileError(
            path, "weights are given in a [weight] table", line=line_of(path, "weight")
        )
    weights: dict[CaseType, float] = {}
    known = ", ".join(t.value for t in CaseType)
    for key, value in table.items():
        line = line_of(path, key)
        try:
            case_type = CaseType(key)
        except ValueError:
            raise DataFileError(
                path, f"{key!r} is not a case type (expected one of {known})", line=line
            ) from None
        weight = _number(value)
        if weight is None or weight < 0:
            raise DataFileError(path, f"weight.{key} must be a number of 0 or more", line=line)
        weights[case_type] = weight
    return CaseloadCaps(cap=cap, weights=weights)
