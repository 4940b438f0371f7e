"""Drafting a file of cases in the evaluation format, one JSON object per line.

A line that cannot be read is reported by its number and skipped; the rest
still run. Nothing here prints: the caller says where output and problems go.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from recorder.dictation.context import ContextError, context_from_case
from recorder.dictation.pipeline import Drafter


@dataclass(frozen=True)
class LineProblem:
    line: int
    case_id: str
    problem: str

    def __str__(self) -> str:
        named = f" ({self.case_id})" if self.case_id else ""
        return f"line {self.line}{named}: {self.problem}"


def draft_cases(drafter: Drafter, lines: Iterable[str]) -> Iterator[dict | LineProblem]:
    """For each case line, its prediction ``{"id": ..., "predicted": {...}}`` or its problem."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as e:
            yield LineProblem(number, "", f"not valid JSON ({e.msg}, column {e.colno})")
            continue
        case_id = str(case.get("id", "")) if isinstance(case, dict) else ""
        if not case_id:
            yield LineProblem(number, "", 'the case has no "id"')
            continue
        dictation = case.get("dictation")
        if not isinstance(dictation, str):
            yield LineProblem(number, case_id, 'the case has no "dictation" text')
            continue
        try:
            context = context_from_case(case)
        except ContextError as e:
            yield LineProblem(number, case_id, str(e))
            continue
        draft = drafter.draft(dictation, context)
        for problem in draft.problems:
            yield LineProblem(number, case_id, problem)
        yield {"id": case_id, "predicted": draft.prediction()}
