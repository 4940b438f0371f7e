"""A record being edited, without a window: suggestions, choices, saves that keep all work."""

from __future__ import annotations

from datetime import datetime

import pytest

from recorder.dictation.to_form import DICTATION_KEY
from recorder.domain import RecordStatus, Role, User
from recorder.domain.conflicts import SaveOutcome, Side
from recorder.domain.records import Record, unaccepted_suggestions
from recorder.forms.business_support import SUGGESTED_KEY
from recorder.forms.editing import KEPT_NOTE, Provenance, RecordEditor
from recorder.forms.prefill import prefill
from tests.conftest import DEMO_DAY, add_user


@pytest.fixture
def visit_form(forms):
    return forms.forms["home_visit"]


def _prefilled(store, family, form, forms, reference):
    facts = store.views.case_facts(family.case.id, on=DEMO_DAY)
    return prefill(
        form,
        facts,
        reference=reference,
        form_titles=forms.titles(),
        visit_forms=set(forms.visit_form_ids()),
        today=DEMO_DAY,
        now=datetime(2026, 11, 20, 14, 5),
    )


def _new_visit(store, family, form, forms, reference) -> RecordEditor:
    return RecordEditor(
        form,
        role=Role.SOCIAL_WORKER,
        user_id=family.worker.id,
        suggestions=_prefilled(store, family, form, forms, reference),
    )


def _save(store, editor: RecordEditor, *, case_id: str | None = None) -> list[str]:
    """Save as a window does: a new record whole, then only what changed."""
    values, provenance, _ = editor.record_values()
    if editor.record_id is None:
        record = editor.new_record(case_id, values, provenance)
        store.records.add(record)
        return editor.saved(SaveOutcome(now=values, provenance=provenance), values, provenance,
                            record_id=record.id)  # fmt: skip
    edits, new_provenance = editor.edits(values, provenance)
    outcome = store.records.save_changes(editor.record_id, edits, provenance=new_provenance)
    return editor.saved(outcome, values, provenance)


def _saved_visit(store, family, form, forms, reference) -> Record:
    editor = _new_visit(store, family, form, forms, reference)
    editor.type("child_voice", "Eli said school is fine.")
    editor.type("observations", "The flat was warm.")
    _save(store, editor, case_id=family.case.id)
    return store.records.get(editor.record_id)


def _open(store, record_id, form, user) -> RecordEditor:
    return RecordEditor(form, role=user.role, user_id=user.id, record=store.records.get(record_id))


# -- suggestions ---------------------------------------------------------------


def test_a_new_visit_is_filled_from_the_family_record_as_suggestions(
    fresh_store, family, visit_form, forms, reference
):
    editor = _new_visit(fresh_store, family, visit_form, forms, reference)
    nhs = editor.fields["nhs_number"]
    assert nhs.value == family.child.nhs_number
    assert nhs.provenance.source == "Family record" and nhs.provenance.is_suggestion
    assert "nhs_number" in editor.unaccepted()
    assert editor.fields["child_voice"].value is None  # never invented
    assert not editor.dirty


def test_accepting_a_suggestion_makes_it_the_workers_and_clearing_empties_the_field(
    fresh_store, family, visit_form, forms, reference
):
    editor = _new_visit(fresh_store, family, visit_form, forms, reference)
    assert editor.accept("nhs_number")
    assert editor.fields["nhs_number"].provenance.accepted
    assert not editor.clear("child_name")  # a plain clear, not a rejection
    assert editor.fields["child_name"].value is None
    assert editor.fields["child_name"].provenance is None
    assert "child_name" not in editor.values()
    assert editor.dirty


def test_changing_a_suggestion_makes_it_the_workers_own(
    fresh_store, family, visit_form, forms, reference
):
    editor = _new_visit(fresh_store, family, visit_form, forms, reference)
    editor.type("child_name", "Eli Wojcik-Hale")
    entry = editor.fields["child_name"].provenance
    assert entry.edited and entry.accepted and entry.suggested == family.child.full_name


def test_accept_all_leaves_nothing_waiting(fresh_store, family, visit_form, forms, reference):
    editor = _new_visit(fresh_store, family, visit_form, forms, reference)
    waiting = editor.unaccepted()
    assert waiting and editor.accept_all() == waiting
    assert editor.unaccepted() == []


def test_a_drafted_value_comes_in_as_a_suggestion_with_the_dictations_words(
    fresh_store, family, visit_form, forms, reference
):
    editor = _new_visit(fresh_store, family, visit_form, forms, reference)
    editor.set_dictation("Unannounced visit today.")
    editor.put_suggestion(
        "visit_type",
        "Unannounced",
        {
            "source": "Drafted from dictation",
            "binding": "dictation",
            "suggested": "Unannounced",
            "accepted": False,
            "evidence": [[0, 11, "Unannounced"]],
        },  # fmt: skip
    )
    entry = editor.fields["visit_type"].provenance
    assert isinstance(entry, Provenance) and entry.evidence == [[0, 11, "Unannounced"]]
    assert editor.values()[DICTATION_KEY] == "Unannounced visit today."
    assert editor.provenance()["visit_type"]["evidence"] == [[0, 11, "Unannounced"]]


def test_provenance_is_saved_in_the_shape_reports_read_and_read_back_unchanged():
    saved = {"source": "Family record", "binding": "child.nhs_number", "suggested": "1",
             "accepted": True, "record_id": "r", "some_later_key": 3}  # fmt: skip
    assert Provenance.from_saved(saved).as_saved() == saved


# -- write-back ----------------------------------------------------------------


def test_a_changed_fact_is_offered_to_the_family_record_until_declined(
    fresh_store, family, visit_form, forms, reference
):
    editor = _new_visit(fresh_store, family, visit_form, forms, reference)
    editor.type("first_language", "Czech")  # the family record had none
    offers = editor.write_back_offers()
    assert [o.field_id for o in offers] == ["first_language"]
    editor.declined_write_back(offers)
    assert editor.write_back_offers() == []
    editor.type("first_language", "English")  # a different new fact is offered again
    assert [o.new for o in editor.write_back_offers()] == ["English"]
    editor.written_back(editor.write_back_offers())
    assert editor.fields["first_language"].provenance.source.startswith("Family record (updated")


# -- business support -------------------------------------------------------------


def _sent_visit(store, family, form, forms, reference):
    record = _saved_visit(store, family, form, forms, reference)
    store.records.move(record.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    officer = User("Denise Harrop", Role.BUSINESS_SUPPORT)
    add_user(store, officer)
    return record, officer


def test_business_supports_wording_on_the_workers_field_is_kept_as_a_suggestion(
    fresh_store, family, visit_form, forms, reference
):
    record, officer = _sent_visit(fresh_store, family, visit_form, forms, reference)
    fresh_store.sign_in(officer.id)
    editor = _open(fresh_store, record.id, visit_form, officer)
    editor.type("observations", "The flat was warm and tidy.")
    values, _, suggested = editor.record_values()
    assert suggested == ["observations"]
    assert values["observations"] == "The flat was warm."  # still the worker's own
    assert values[SUGGESTED_KEY]["observations"]["value"] == "The flat was warm and tidy."
    _save(fresh_store, editor)
    assert editor.fields["observations"].note == KEPT_NOTE


def test_the_worker_rejects_a_suggestion_and_the_record_keeps_their_wording(
    fresh_store, family, visit_form, forms, reference
):
    record, officer = _sent_visit(fresh_store, family, visit_form, forms, reference)
    fresh_store.sign_in(officer.id)
    editor = _open(fresh_store, record.id, visit_form, officer)
    editor.type("observations", "Tidied wording.")
    editor.type("child_voice", "Eli said: school is fine.")
    _save(fresh_store, editor)
    fresh_store.records.move(record.id, RecordStatus.DRAFT, reason="Please check my wording.")
    fresh_store.sign_in(family.worker.id)

    worker = _open(fresh_store, record.id, visit_form, family.worker)
    worker.name_users({officer.id: officer.name})
    shown = worker.fields["observations"]
    assert shown.value == "Tidied wording."
    assert shown.provenance.source == "Suggested by Denise Harrop (business support)"
    assert worker.clear("observations")  # a rejection: back to what the record said
    assert worker.fields["observations"].value == "The flat was warm."
    assert worker.accept("child_voice")
    _save(fresh_store, worker)
    saved = fresh_store.records.get(record.id)
    assert saved.values["observations"] == "The flat was warm."
    assert saved.values["child_voice"] == "Eli said: school is fine."
    assert SUGGESTED_KEY not in saved.values
    assert worker.suggestions == {}


# -- saves that keep everyone's work -----------------------------------------------


def test_a_save_writes_only_the_fields_changed_since_the_record_was_read(
    fresh_store, family, visit_form, forms, reference
):
    record = _saved_visit(fresh_store, family, visit_form, forms, reference)
    editor = _open(fresh_store, record.id, visit_form, family.worker)
    assert editor.edits(*editor.record_values()[:2]) == ([], {})
    editor.type("analysis", "Things are improving.")
    edits, provenance = editor.edits(*editor.record_values()[:2])
    assert [e.field for e in edits] == ["analysis"]
    assert edits[0].base is None and provenance == {}


def test_two_editors_on_one_record_keep_both_edits_to_different_fields(
    fresh_store, family, visit_form, forms, reference
):
    record = _saved_visit(fresh_store, family, visit_form, forms, reference)
    morning = _open(fresh_store, record.id, visit_form, family.worker)
    laptop = _open(fresh_store, record.id, visit_form, family.worker)
    morning.type("analysis", "Things are improving.")
    laptop.type("worries", "Rent arrears.")
    _save(fresh_store, morning)
    taken_in = _save(fresh_store, laptop)

    saved = fresh_store.records.get(record.id)
    assert saved.values["analysis"] == "Things are improving."
    assert saved.values["worries"] == "Rent arrears."
    assert taken_in == ["analysis"]  # the second window now shows the first one's edit
    assert laptop.value("analysis") == "Things are improving."
    assert laptop.conflicts == [] and morning.conflicts == []
    # and its next save does not put the old value back
    laptop.type("observations", "The flat was warm and tidy.")
    _save(fresh_store, laptop)
    assert fresh_store.records.get(record.id).values["analysis"] == "Things are improving."


def test_the_same_field_changed_in_two_editors_is_a_choice_not_an_overwrite(
    fresh_store, family, visit_form, forms, reference
):
    record = _saved_visit(fresh_store, family, visit_form, forms, reference)
    first = _open(fresh_store, record.id, visit_form, family.worker)
    second = _open(fresh_store, record.id, visit_form, family.worker)
    first.type("observations", "Warm, tidy, food in the fridge.")
    second.type("observations", "Cold; the heating is broken.")
    second.type("analysis", "Worse than last time.")
    _save(fresh_store, first)
    _save(fresh_store, second)

    saved = fresh_store.records.get(record.id)
    assert saved.values["observations"] == "Warm, tidy, food in the fridge."  # not overwritten
    assert saved.values["analysis"] == "Worse than last time."  # the rest was saved
    [conflict] = second.conflicts
    assert conflict.field == "observations"
    assert conflict.base == "The flat was warm."
    assert conflict.mine == "Cold; the heating is broken."
    assert conflict.theirs == "Warm, tidy, food in the fridge."
    assert conflict.theirs_by == family.worker.id and conflict.theirs_at
    assert second.value("observations") == "Cold; the heating is broken."  # still on screen
    assert second.dirty

    second.settle(conflict, Side.MINE)
    _save(fresh_store, second)
    assert fresh_store.records.get(record.id).values["observations"] == (
        "Cold; the heating is broken."
    )
    assert second.conflicts == []


def test_choosing_their_value_shows_it_and_writes_nothing_more(
    fresh_store, family, visit_form, forms, reference
):
    record = _saved_visit(fresh_store, family, visit_form, forms, reference)
    first = _open(fresh_store, record.id, visit_form, family.worker)
    second = _open(fresh_store, record.id, visit_form, family.worker)
    first.type("observations", "Theirs.")
    second.type("observations", "Mine.")
    _save(fresh_store, first)
    _save(fresh_store, second)
    second.settle(second.conflicts[0], Side.THEIRS)
    assert second.value("observations") == "Theirs."
    values, provenance, _ = second.record_values()
    assert second.edits(values, provenance)[0] == []


def test_the_same_change_made_twice_is_no_conflict(
    fresh_store, family, visit_form, forms, reference
):
    record = _saved_visit(fresh_store, family, visit_form, forms, reference)
    first = _open(fresh_store, record.id, visit_form, family.worker)
    second = _open(fresh_store, record.id, visit_form, family.worker)
    for editor in (first, second):
        editor.type("analysis", "Agreed wording.")
        _save(fresh_store, editor)
    assert second.conflicts == []


def test_accepting_a_suggestion_saves_its_provenance_alone(
    fresh_store, family, visit_form, forms, reference
):
    record = _saved_visit(fresh_store, family, visit_form, forms, reference)
    assert "nhs_number" in unaccepted_suggestions(record)
    editor = _open(fresh_store, record.id, visit_form, family.worker)
    editor.accept("nhs_number")
    _save(fresh_store, editor)
    assert "nhs_number" not in unaccepted_suggestions(fresh_store.records.get(record.id))


def test_a_locked_record_cannot_be_edited(fresh_store, family, visit_form, forms, reference):
    record = _saved_visit(fresh_store, family, visit_form, forms, reference)
    fresh_store.records.move(record.id, RecordStatus.WITH_BUSINESS_SUPPORT)
    editor = _open(fresh_store, record.id, visit_form, family.worker)
    assert not editor.editable and editor.edit_problem
    editor.type("analysis", "Too late.")
    assert editor.record_values()[0] == fresh_store.records.get(record.id).values


# -- typing kept between saves ---------------------------------------------------


def test_typing_kept_in_a_working_copy_is_not_the_record_until_saved(
    fresh_store, family, visit_form, forms, reference
):
    record = _saved_visit(fresh_store, family, visit_form, forms, reference)
    logged = fresh_store.change_count()
    editor = _open(fresh_store, record.id, visit_form, family.worker)
    for words in ("Settled", "Settled and calm", "Settled and calm at home."):
        editor.type("analysis", words)
        fresh_store.records.keep_working_copy(editor.working_copy(family.worker.id))
    assert not editor.unkept and editor.dirty  # kept safe, not yet the record
    assert "analysis" not in fresh_store.records.get(record.id).values
    assert fresh_store.change_count() == logged  # three autosaves, nothing logged

    values, provenance, _ = editor.record_values()
    edits, new_provenance = editor.edits(values, provenance)
    fresh_store.records.save_changes(
        record.id, edits, provenance=new_provenance, drop_working_copy=True
    )
    assert fresh_store.records.get(record.id).values["analysis"] == "Settled and calm at home."
    assert [c.new_value for c in fresh_store.history(record.id)][-1] == "Settled and calm at home."
    assert fresh_store.records.working_copy(record.id) is None


def test_after_a_crash_the_working_copy_comes_back_and_still_meets_others_edits(
    fresh_store, family, visit_form, forms, reference
):
    record = _saved_visit(fresh_store, family, visit_form, forms, reference)
    editor = _open(fresh_store, record.id, visit_form, family.worker)
    editor.type("observations", "Cold: the heating is broken.")
    editor.type("analysis", "Worse than last time.")
    fresh_store.records.keep_working_copy(editor.working_copy(family.worker.id))
    # the laptop dies; meanwhile the same record is changed in another window
    other = _open(fresh_store, record.id, visit_form, family.worker)
    other.type("observations", "Warm and tidy.")
    _save(fresh_store, other)

    again = _open(fresh_store, record.id, visit_form, family.worker)
    again.restore(fresh_store.records.working_copy(record.id))
    assert again.value("analysis") == "Worse than last time." and again.dirty
    _save(fresh_store, again)
    saved = fresh_store.records.get(record.id)
    assert saved.values["analysis"] == "Worse than last time."
    assert saved.values["observations"] == "Warm and tidy."  # not overwritten by the old copy
    assert [c.field for c in again.conflicts] == ["observations"]
