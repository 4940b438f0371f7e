"""Values as a council's spreadsheet writes them: UK or ISO dates, yes or no, case types.

Each reader returns the value or raises :class:`ValueProblem` whose text says
what is wrong in words a data officer can act on; the importer adds the file,
line and column. Kept in the domain so a form or dialog can read the same way.
"""

from __future__ import annotations

import re
from datetime import date

from recorder.domain.cases import CaseType
from recorder.domain.family_entry import read_entered_date


class ValueProblem(ValueError):
    """One cell that cannot be read; ``str()`` is the problem in a sentence."""


_TWO_DIGIT_YEAR = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}")
MIDNIGHT = re.compile(r"\s+(00:00(:00)?|0:00)$")
"""The midnight Excel sometimes adds to a date cell ("03/11/2026 00:00")."""


def two_digit_year_problem(text: str) -> str | None:
    """A date written with a two-digit year, which Excel's short date format produces."""
    text = MIDNIGHT.sub("", text.strip())
    if _TWO_DIGIT_YEAR.fullmatch(text):
        return f"{text!r} has a two-digit year: write the year in full"
    return None


def read_date(text: str, *, what: str = "date") -> date:
    """``03/11/2026`` (day first, as in England), ``3/11/2026`` or ``2026-11-03``: the
    person dialog's reading (:func:`recorder.domain.family_entry.read_entered_date`),
    with what a spreadsheet adds (a midnight time) taken off first.

    :raises ValueProblem: for a two-digit year, or a date that is not one
    """
    text = MIDNIGHT.sub("", text.strip())
    if two_digit := two_digit_year_problem(text):
        raise ValueProblem(two_digit)
    day, problem = read_entered_date(text, what=what, required=True)
    if day is None:
        raise ValueProblem(problem)
    return day


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


def read_yes_no(text: str) -> bool:
    """Yes/No as spreadsheets write it (Yes, Y, TRUE, 1; No, N, FALSE, 0 or empty)."""
    folded = text.strip().lower()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ValueProblem(f"{text!r} should be Yes or No")


def read_case_type(text: str) -> CaseType:
    """A case type by its label ("Child protection plan"), its code, or common short forms."""
    folded = " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
    for case_type in CaseType:
        if folded in (case_type.value.replace("_", " "), case_type.label.lower()):
            return case_type
    short = {
        "cin": CaseType.CHILD_IN_NEED,
        "cp": CaseType.CHILD_PROTECTION,
        "cpp": CaseType.CHILD_PROTECTION,
        "cla": CaseType.CHILD_IN_CARE,
        "looked after": CaseType.CHILD_IN_CARE,
        "eh": CaseType.EARLY_HELP,
    }
    if folded in short:
        return short[folded]
    allowed = ", ".join(c.label for c in CaseType)
    raise ValueProblem(f"{text!r} is not a case type ({allowed})")
