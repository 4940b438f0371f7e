"""Fixtures for drafting: the blank English pipeline, loaded once, and a small fictional family.

The family's names are written in four scripts and with letters that lose
their accents when typed in a hurry (Paweł, Işık, Ελένη, يوسف, Gülşen), so
every story can say them the way a worker or dictation software would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from recorder.dictation.context import DictationContext, KnownPerson, KnownProfessional
from recorder.dictation.draft import Draft
from recorder.dictation.pipeline import Drafter

# A Wednesday.
RECORDED_ON = date(2026, 11, 18)


@pytest.fixture(scope="session")
def drafter() -> Drafter:
    """The pipeline every component is tested on: ``spacy.blank("en")`` and our components."""
    return Drafter.load("none")


@pytest.fixture(scope="session")
def family() -> DictationContext:
    """Paweł (11), the subject child; his half-sister Işık (7); their mother Ελένη; their
    stepfather يوسف; Işık's grandmother Gülşen; a health visitor, a DSL and a school nurse.

    No genders are given, as in the evaluation format: the dictation's pronouns tell.
    """
    return DictationContext(
        recorded_on=RECORDED_ON,
        worker_name="Hester Quennell",
        people=(
            KnownPerson("c1", "Paweł", "Kowalczyk", "subject child",
                        date_of_birth=date(2015, 4, 12)),
            KnownPerson("c2", "Işık", "Demir", "half-sibling", date_of_birth=date(2019, 9, 1)),
            KnownPerson("a1", "Ελένη", "Παπαδοπούλου", "mother"),
            KnownPerson("a2", "يوسف", "منصور", "stepfather"),
            KnownPerson("a3", "Gülşen", "Demir", "paternal grandmother"),
        ),
        professionals=(
            KnownProfessional("x1", "Mererid Llywelyn", "Health Visitor", "Eastbank 0-19 Service"),
            KnownProfessional("x2", "Tobias Hargreave", "Designated Safeguarding Lead",
                              "Brookfield Primary"),
            KnownProfessional("x3", "Annwen Probert", "School Nurse", "Brookfield Primary"),
        ),
    )


def assert_evidence_is_the_workers_words(result: Draft) -> None:
    """Every item points at characters of the dictation exactly as typed or dictated."""
    for item in result.items:
        for e in item.evidence:
            assert 0 <= e.start < e.end <= len(result.dictation), item
            assert result.dictation[e.start : e.end] == e.words, item


@pytest.fixture
def draft(drafter: Drafter, family: DictationContext) -> Callable[..., Draft]:
    """Draft ``text`` for the family (or ``context``), recorded on ``on`` if given.

    Every draft made this way is also checked to point at the worker's own words.
    """

    def run(text: str, *, on: date | None = None, context: DictationContext | None = None) -> Draft:
        known = context if context is not None else family
        if on is not None:
            known = replace(known, recorded_on=on)
        result = drafter.draft(text, known)
        assert_evidence_is_the_workers_words(result)
        return result

    return run
