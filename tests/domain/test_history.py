"""A record's history in plain English, read from the real change log."""

from __future__ import annotations

from recorder.domain import Record, RecordStatus, Role, User
from recorder.domain.history import EMPTY, history_lines, who_wrote
from tests.conftest import add_user


def test_the_history_tells_who_changed_what_from_what_to_what(fresh_store, family, forms):
    store = fresh_store
    support = User("Ines Barros-Whitlock", Role.BUSINESS_SUPPORT)
    add_user(store, support)
    record = Record(family.case.id, "home_visit", 1, family.worker.id,
                    values={"visit_date": "2026-11-17", "child_seen": True,
                            "present": [family.mother.id]})  # fmt: skip
    store.records.add(record)
    store.records.move(record.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    store.sign_in(support.id)
    store.records.save_values(record.id, {**record.values, "visit_date": "2026-11-16"})
    store.records.move(record.id, RecordStatus.DRAFT, reason="Which school was it?")

    found = store.views.record_history(record.id)
    lines = history_lines(
        found.changes, form=forms.forms["home_visit"], names=found.names, reasons=found.reasons
    )
    told = [(line.who, line.what, line.old, line.new) for line in lines]
    assert told[0] == ("Anwen Treharne", "Created the record", "", "")
    assert ("Anwen Treharne", "Was the child seen?", EMPTY, "Yes") in told
    assert ("Anwen Treharne", "Who was present", EMPTY, "Zofía Wójcik-Hale") in told
    assert ("Anwen Treharne", "Status", "Draft", "With business support") in told
    assert ("Ines Barros-Whitlock", "Date of visit", "17/11/2026", "16/11/2026") in told
    assert (
        "Ines Barros-Whitlock",
        "Status",
        "With business support",
        "Draft (reason: Which school was it?)",
    ) in told
    assert not any(line.what.lower().startswith(("updated", "provenance")) for line in lines)
    assert [line.at for line in lines] == sorted(line.at for line in lines)

    writers = who_wrote(lines)
    assert writers["Date of visit"].who == "Ines Barros-Whitlock"
    assert writers["Was the child seen?"].who == "Anwen Treharne"
