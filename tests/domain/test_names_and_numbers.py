"""Names compare without accents in any script; NHS numbers carry a check digit."""

from __future__ import annotations

import pytest

from recorder.domain.names import fold
from recorder.domain.nhs_number import format_nhs_number, nhs_number_problem


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Wójcik", "wojcik"),
        ("Łucja", "lucja"),
        ("Yıldırım", "yildirim"),
        ("Søren", "soren"),
        ("Nguyễn", "nguyen"),
        ("Σοφία", "σοφια"),
        ("ŞULE", "sule"),
        ("Siân", "sian"),
    ],
)
def test_folded_names_match_what_people_type(written, typed):
    assert fold(written) == fold(typed)


def test_nhs_numbers_are_checked():
    assert nhs_number_problem("999 000 0018") is None
    assert "check digit" in nhs_number_problem("9990000019")
    assert nhs_number_problem("12345") == "An NHS number has 10 digits."
    assert nhs_number_problem("٩٩٩٠٠٠٠٠١٨") == "An NHS number has 10 digits."
    assert format_nhs_number("9990000018") == "999 000 0018"
