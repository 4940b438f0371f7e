"""Drafting a file of cases in the evaluation format, one JSON object per line.

A line that cannot be read, or a case that cannot be drafted, is reported by
its number (and id) and skipped; the rest still run, whatever the input:
bytes that are not UTF-8, lone surrogates, brackets nested thousands deep,
dates no calendar holds, text over the size limit. Lines end at a line feed
only, so a dictation holding U+2028 stays one case. Nothing here prints: the
caller says where output and problems go.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from recorder.dictation.context import ContextError, context_from_case
from recorder.dictation.pipeline import Drafter
from recorder.dictation.recognised import record_names


@dataclass(frozen=True)
class LineProblem:
    line: int
    case_id: str
    problem: str

    def __str__(self) -> str:
        named = f" ({self.case_id})" if self.case_id else ""
        return f"line {self.line}{named}: {self.problem}"


MAX_LINE = 5_000_000
"""Characters in one case line; a longer line is reported, not read."""
MAX_DICTATION = 200_000
"""Characters in one dictation (about 30,000 words); a longer one is reported, not drafted."""


def case_lines(data: bytes) -> list[str | LineProblem]:
    """A cases file's lines, split at line feeds only; a line that is not UTF-8 is a problem."""
    lines: list[str | LineProblem] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.removesuffix(b"\r").decode("utf-8"))
        except UnicodeDecodeError as e:
            lines.append(LineProblem(number, "", f"not UTF-8 text (byte {e.start + 1})"))
    return lines


def draft_cases(
    drafter: Drafter,
    lines: Iterable[str | LineProblem],
    *,
    hear: Callable[[str, tuple[str, ...]], str] | None = None,
) -> Iterator[dict | LineProblem]:
    """For each case line, its prediction ``{"id": ..., "predicted": {...}}`` or its problem.

    :param hear: turns a case's ``"audio"`` (a WAV path as the case gives it) into its
        dictation, given the names on the case's family record to listen for; it raises
        ``ValueError`` with a plain message for audio it cannot use.
        Without it, a case with audio and no dictation is a problem.
    """
    for number, line in enumerate(lines, start=1):
        if isinstance(line, LineProblem):
            yield line
            continue
        if not line.strip():
            continue
        if len(line) > MAX_LINE:
            yield LineProblem(number, "", f"the line is too long to read ({len(line):,} "
                              f"characters; the most is {MAX_LINE:,})")
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as e:
            yield LineProblem(number, "", f"not valid JSON ({e.msg}, column {e.colno})")
            continue
        except (RecursionError, ValueError):
            yield LineProblem(number, "", "not valid JSON (brackets nested too deep to read)")
            continue
        problem = _unwritable(case)
        if problem:
            yield LineProblem(number, "", problem)
            continue
        case_id = str(case.get("id", "")) if isinstance(case, dict) else ""
        if not case_id:
            yield LineProblem(number, "", 'the case has no "id"')
            continue
        try:
            context, context_problem = context_from_case(case), ""
        except ContextError as e:  # said below, after the dictation's own problems
            context, context_problem = None, str(e)
        dictation = case.get("dictation")
        audio = case.get("audio")
        if not isinstance(dictation, str) and isinstance(audio, str) and audio:
            if hear is None:
                yield LineProblem(number, case_id, '"audio" cannot be transcribed here')
                continue
            try:
                dictation = hear(audio, record_names(context) if context is not None else ())
            except ValueError as e:
                yield LineProblem(number, case_id, str(e))
                continue
        if not isinstance(dictation, str):
            yield LineProblem(number, case_id, 'the case has no "dictation" text')
            continue
        if len(dictation) > MAX_DICTATION:
            yield LineProblem(number, case_id, f"the dictation is too long to draft "
                              f"({len(dictation):,} characters; the most is {MAX_DICTATION:,})")
            continue
        if context is None:
            yield LineProblem(number, case_id, context_problem)
            continue
        try:
            draft = drafter.draft(dictation, context)
            prediction = draft.prediction()
        except (OverflowError, RecursionError, ValueError) as e:
            # dates past the calendar's end (year 9999) and the like: this case only
            yield LineProblem(number, case_id, f"could not be drafted ({_plain(e)})")
            continue
        for problem in draft.problems:
            yield LineProblem(number, case_id, problem)
        yield {"id": case_id, "predicted": prediction}


def _unwritable(case) -> str:
    """A problem when the case holds text that cannot be written out (a lone surrogate)."""
    try:
        json.dumps(case, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as e:
        return f"holds characters that are not text (a lone surrogate, character {e.start + 1})"
    except (RecursionError, ValueError):
        return "nested too deep to read"
    return ""


def _plain(error: Exception) -> str:
    if isinstance(error, OverflowError):
        return "a date in it falls outside the calendar"
    if isinstance(error, RecursionError):
        return "it is nested too deep"
    return str(error) or type(error).__name__
