"""Is this new person someone the record already holds? Matching rules, without SQL.

Two people match on the same NHS number, or on the same name and date of birth
with accents, case, spaces, hyphens and apostrophes folded away ("Zoë O'Neill"
and "zoe oneill"), the first name also matched against a known-as name. The
store finds the candidates; the rule of what counts as a match lives here, so
the person dialog and the import agree.
"""

from __future__ import annotations

from recorder.domain.names import fold
from recorder.domain.nhs_number import normalise_nhs_number
from recorder.domain.people import Person

SAME_NHS_NUMBER = "the same NHS number"
SAME_NAME_AND_BIRTH = "the same name and date of birth"


def folded_name(text: str) -> str:
    """A name reduced to what spelling variants share: no accents, case or punctuation."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def match_reason(new: Person, existing: Person) -> str | None:
    """Why ``existing`` may be ``new`` (one of the phrases above), or None."""
    if new.id == existing.id:
        return None
    nhs = normalise_nhs_number(new.nhs_number)
    if nhs and nhs == normalise_nhs_number(existing.nhs_number):
        return SAME_NHS_NUMBER
    if new.date_of_birth is None or new.date_of_birth != existing.date_of_birth:
        return None
    if folded_name(new.last_name) != folded_name(existing.last_name):
        return None
    new_firsts = {folded_name(new.first_name), folded_name(new.known_as)} - {""}
    old_firsts = {folded_name(existing.first_name), folded_name(existing.known_as)} - {""}
    return SAME_NAME_AND_BIRTH if new_firsts & old_firsts else None
