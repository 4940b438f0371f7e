"""NHS numbers: ten digits, the last a modulus 11 check digit."""

from __future__ import annotations


def normalise_nhs_number(text: str) -> str:
    """Digits only, so "999 123 4560" and "9991234560" compare equal."""
    return "".join(ch for ch in text if not ch.isspace() and ch != "-")


def nhs_number_problem(text: str) -> str | None:
    """Why ``text`` is not a valid NHS number, in a sentence; None when it is valid."""
    digits = normalise_nhs_number(text)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return "An NHS number has 10 digits."
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        return "This NHS number's check digit is wrong: please check it for a mistyped digit."
    return None


def format_nhs_number(text: str) -> str:
    """``999 123 4560``: the 3-3-4 grouping printed on NHS letters."""
    d = normalise_nhs_number(text)
    return f"{d[:3]} {d[3:6]} {d[6:]}" if len(d) == 10 else text
