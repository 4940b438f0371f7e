"""The dictation and business support's suggestions, saved through the record editor, land
in the record's own fields: its values hold only what the form's fields hold."""

from __future__ import annotations

from recorder.domain import RecordStatus
from recorder.domain.history import history_lines
from tests.forms.test_editing import _new_visit, _open, _save, _sent_visit

RESERVED = ("dictation", "suggested")


def _fields_logged(store, record_id: str) -> list[str]:
    return [c.field for c in store.history(record_id)]


def test_dictation_typed_on_a_new_visit_and_changed_later_is_never_among_the_values(
    fresh_store, family, forms, reference
):
    form = forms.forms["home_visit"]
    editor = _new_visit(fresh_store, family, form, forms, reference)
    editor.set_dictation("Visited Eli at home, mum was there.")
    editor.type("observations", "The flat was warm.")
    _save(fresh_store, editor, case_id=family.case.id)
    record = fresh_store.records.get(editor.record_id)
    assert record.dictation == "Visited Eli at home, mum was there."
    assert not any(key in record.values for key in RESERVED)
    assert record.values["observations"] == "The flat was warm."

    again = _open(fresh_store, record.id, form, family.worker)
    assert again.dictation == "Visited Eli at home, mum was there."  # read back to the pane
    again.set_dictation("Visited Eli at home; mum and her brother were there.")
    _save(fresh_store, again)
    record = fresh_store.records.get(record.id)
    assert record.dictation == "Visited Eli at home; mum and her brother were there."
    assert not any(key in record.values for key in RESERVED)
    logged = _fields_logged(fresh_store, record.id)
    assert logged.count("dictation") == 2 and "values.dictation" not in logged
    lines = history_lines(fresh_store.history(record.id), form=form, names={})
    assert [(ln.old, ln.new) for ln in lines if ln.what == "Dictation"][-1] == (
        "Visited Eli at home, mum was there.",
        "Visited Eli at home; mum and her brother were there.",
    )


def test_business_supports_suggestion_is_the_records_own_field_until_accepted(
    fresh_store, family, forms, reference
):
    form = forms.forms["home_visit"]
    record, officer = _sent_visit(fresh_store, family, form, forms, reference)
    fresh_store.sign_in(officer.id)
    editor = _open(fresh_store, record.id, form, officer)
    editor.type("observations", "The flat was warm and tidy.")
    _save(fresh_store, editor)
    saved = fresh_store.records.get(record.id)
    assert not any(key in saved.values for key in RESERVED)
    assert saved.values["observations"] == "The flat was warm."  # the worker's own, still
    assert saved.suggested["observations"]["value"] == "The flat was warm and tidy."
    assert saved.suggested["observations"]["by"] == officer.id
    logged = _fields_logged(fresh_store, record.id)
    assert "suggested.observations" in logged and "values.suggested" not in logged
    lines = history_lines(fresh_store.history(record.id), form=form, names={})
    told = [ln for ln in lines if ln.field == "suggested.observations"]
    assert [(t.what, t.new) for t in told] == [
        ("Suggestion from business support: Observations", "The flat was warm and tidy.")
    ]

    fresh_store.records.move(record.id, RecordStatus.DRAFT, reason="Please check my wording.")
    fresh_store.sign_in(family.worker.id)
    worker = _open(fresh_store, record.id, form, family.worker)
    assert worker.fields["observations"].value == "The flat was warm and tidy."
    assert worker.accept("observations")
    _save(fresh_store, worker)
    taken = fresh_store.records.get(record.id)
    assert taken.values["observations"] == "The flat was warm and tidy."
    assert taken.suggested == {} and not any(key in taken.values for key in RESERVED)


def test_two_windows_changing_the_dictation_raise_a_choice_not_an_overwrite(
    fresh_store, family, forms, reference
):
    form = forms.forms["home_visit"]
    editor = _new_visit(fresh_store, family, form, forms, reference)
    editor.set_dictation("First words.")
    _save(fresh_store, editor, case_id=family.case.id)
    one = _open(fresh_store, editor.record_id, form, family.worker)
    two = _open(fresh_store, editor.record_id, form, family.worker)
    one.set_dictation("First words, then more.")
    _save(fresh_store, one)
    two.set_dictation("First words, said differently.")
    _save(fresh_store, two)
    [conflict] = two.conflicts
    assert conflict.field == "dictation" and conflict.theirs == "First words, then more."
    assert conflict.theirs_by == family.worker.id  # read from the log's own field name
    record = fresh_store.records.get(editor.record_id)
    assert record.dictation == "First words, then more." and "dictation" not in record.values


def test_business_supports_suggestions_changed_meanwhile_come_back_as_a_choice(
    fresh_store, family, forms, reference
):
    form = forms.forms["home_visit"]
    record, officer = _sent_visit(fresh_store, family, form, forms, reference)
    fresh_store.sign_in(officer.id)
    first = _open(fresh_store, record.id, form, officer)
    second = _open(fresh_store, record.id, form, officer)
    first.type("observations", "Warm and tidy.")
    _save(fresh_store, first)
    second.type("observations", "Warm, tidy and quiet.")
    _save(fresh_store, second)
    [conflict] = second.conflicts
    assert conflict.field == "suggested" and conflict.theirs_by == officer.id
    assert conflict.theirs["observations"]["value"] == "Warm and tidy."
    kept = fresh_store.records.get(record.id)
    assert kept.suggested["observations"]["value"] == "Warm and tidy."
    assert "suggested" not in kept.values
