"""A record's dictation and business support's suggestions travel between two laptops in
their own fields, as any other field does (pages passed by hand, as in test_sync_copy)."""

from __future__ import annotations

from datetime import date

from recorder.domain import Case, CaseType, Person, Record, RecordStatus, Role, User
from recorder.domain.conflicts import FieldEdit
from recorder.store.chain import load_or_create_key
from recorder.store.verify import verify_file
from tests.conftest import add_user
from tests.store.test_sync_copy import _laptop, _send

SUGGESTION = {"value": "Eli is settled.", "by": "", "at": "2026-11-18T10:00:00Z"}


def _verified(store) -> None:
    findings = verify_file(store.path, load_or_create_key(), database_key=store.db_key)
    assert not findings.problems, findings.problems


def test_the_dictation_and_suggestions_reach_the_other_laptop_and_come_back(tmp_path):
    a = _laptop(tmp_path, "a", "Ffion Test-Manager")
    b = _laptop(tmp_path, "b", "Osian Test-Manager")
    try:
        worker = User("Anwen Treharne", Role.SOCIAL_WORKER)
        officer = User("Denise Harrop", Role.BUSINESS_SUPPORT)
        add_user(a, worker)
        add_user(a, officer)
        a.sign_in(worker.id)
        child = Person("Eliška", "Wójcik-Hale", date_of_birth=date(2016, 2, 29))
        a.people.add(child)
        case = Case(child.id, CaseType.CHILD_IN_NEED, worker.id, date(2026, 9, 1))
        a.cases.add(case)
        visit = Record(case.id, "home_visit", 1, worker.id, values={"analysis": "Settled."},
                       dictation="eli settled, mum well")  # fmt: skip
        a.records.add(visit)
        a.records.move(visit.id, RecordStatus.WITH_BUSINESS_SUPPORT)
        a.sign_in(officer.id)
        suggestion = {**SUGGESTION, "by": officer.id}
        a.records.save_changes(visit.id, [FieldEdit("suggested", None, {"analysis": suggestion})])
        _send(a, b)

        there = b.records.get(visit.id)
        assert there.dictation == "eli settled, mum well"
        assert there.suggested == {"analysis": suggestion}
        assert there.values == {"analysis": "Settled."}
        _verified(b)

        # On the other laptop the officer changes the dictation and withdraws the suggestion.
        b.sign_in(officer.id)
        outcome = b.records.save_changes(visit.id, [
            FieldEdit("dictation", "eli settled, mum well", "Eli settled; mum well."),
            FieldEdit("suggested", {"analysis": suggestion}, None),
        ])  # fmt: skip
        assert outcome.written == ("dictation", "suggested") and not outcome.conflicts
        _send(b, a)
        back = a.records.get(visit.id)
        assert back.dictation == "Eli settled; mum well."
        assert back.suggested == {} and back.values == {"analysis": "Settled."}
        assert a.sync.needs_decision() == []
        _verified(a)
        _verified(b)
    finally:
        a.close()
        b.close()
