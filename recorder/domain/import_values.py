"""Values as a council's spreadsheet writes them: UK or ISO dates, yes or no, case types.

Each reader returns the value or raises :class:`ValueProblem` whose text says
what is wrong in words a data officer can act on; the importer adds the file,
line and column. Kept in the domain so a form or dialog can read the same way.
"""

from __future__ import annotations

import re
from datetime import date

from recorder.domain.cases import CaseType


class ValueProblem(ValueError):
    """One cell that cannot be read; ``str()`` is the problem in a sentence."""


_UK = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Excel sometimes adds a midnight time to a date cell ("03/11/2026 00:00").
_MIDNIGHT = re.compile(r"\s+(00:00(:00)?|0:00)$")


def read_date(text: str) -> date:
    """``03/11/2026`` (day first, as in England), ``3/11/2026`` or ``2026-11-03``.

    :raises ValueProblem: for a two-digit year, a month-first date that cannot
        be a UK one, or a day the calendar does not have
    """
    text = _MIDNIGHT.sub("", text.strip())
    found = _ISO.fullmatch(text)
    if found:
        year, month, day = (int(g) for g in found.groups())
    else:
        found = _UK.fullmatch(text)
        if not found:
            raise ValueProblem(f"{text!r} is not a date (write 03/11/2026 or 2026-11-03)")
        day, month, year = (int(g) for g in found.groups())
        if len(found.group(3)) != 4:
            raise ValueProblem(f"{text!r} has a two-digit year: write the year in full")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueProblem(
            f"{text!r} is not a real date (day first, as 03/11/2026 is 3 November 2026)"
        ) from None


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
