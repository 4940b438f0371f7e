"""Business support's edits: admin fields saved, a practitioner's judgement only suggested."""

from __future__ import annotations

from datetime import date

from recorder.forms.business_support import (
    SUGGESTED_KEY,
    accept_suggestion,
    business_support_edit,
    reject_suggestion,
    what_is_missing,
)

TODAY = date(2026, 11, 20)
SAVED = {
    "visit_date": "2026-11-17",
    "analysis": "Mum is coping better. the school are happy",
    "worries": "",
    "dictation": "raw words",
}


def test_admin_fields_are_saved_and_judgement_becomes_a_suggestion(forms):
    form = forms.forms["home_visit"]
    edited = {
        **SAVED,
        "visit_date": "2026-11-16",  # admin: a date typed wrongly
        "visit_time": "10:30",  # admin
        "analysis": "Mum is coping better. The school are happy.",  # judgement: tidied
        "worries": "",
    }
    edit = business_support_edit(form, SAVED, edited, user_id="bs-1")
    assert edit.values["visit_date"] == "2026-11-16"
    assert edit.values["visit_time"] == "10:30"
    assert edit.values["analysis"] == SAVED["analysis"]
    assert edit.suggested == ["analysis"]
    assert SUGGESTED_KEY not in edit.values  # the record's own field, never among its values
    suggestion = edit.suggestions["analysis"]
    assert suggestion["value"] == "Mum is coping better. The school are happy."
    assert suggestion["by"] == "bs-1" and suggestion["at"].startswith("20")


def test_the_practitioner_accepts_one_suggestion_and_rejects_another(forms):
    form = forms.forms["home_visit"]
    edited = {**SAVED, "analysis": "Tidied.", "worries": "Added a worry."}
    edit = business_support_edit(form, SAVED, edited, user_id="bs-1")
    values, suggestions = edit.values, edit.suggestions
    assert sorted(suggestions) == ["analysis", "worries"]
    values, suggestions = accept_suggestion(values, suggestions, "analysis")
    assert values["analysis"] == "Tidied." and list(suggestions) == ["worries"]
    values, suggestions = reject_suggestion(values, suggestions, "worries")
    assert values["worries"] == "" and suggestions == {}
    assert SUGGESTED_KEY not in values


def test_an_unchanged_field_or_empty_for_empty_is_no_suggestion(forms):
    form = forms.forms["home_visit"]
    edit = business_support_edit(form, SAVED, {**SAVED, "worries": None}, user_id="bs-1")
    assert edit.suggested == [] and edit.suggestions == {} and SUGGESTED_KEY not in edit.values


def test_what_is_missing_names_required_fields_the_voice_and_actions_without_owner_or_date(
    forms,
):
    form = forms.forms["home_visit"]
    values = {
        "visit_date": "2026-11-17",
        "visit_type": "Planned",
        "child_seen": True,
        "child_seen_alone": False,
        "observations": "Tidy home.",
        "actions": [
            {"what": "Book the GP.", "who": "family", "by_when": "2026-11-30"},
            {"what": "Ring school.", "who": "", "by_when": ""},
            {"what": "", "who": "", "by_when": ""},
        ],
    }
    missing = what_is_missing(form, values, today=TODAY)
    assert "Not filled in: The child's voice: wishes and feelings" in missing
    assert "Actions, row 2: no who and no by when" in missing
    assert not any("row 1" in m or "row 3" in m for m in missing)
    complete = {
        **values,
        "child_voice": "She said she likes school.",
        "actions": values["actions"][:1],
    }
    assert what_is_missing(form, complete, today=TODAY) == []


def test_a_next_visit_date_is_judged_on_the_day_of_the_visit_not_today(forms):
    form = forms.forms["home_visit"]
    values = {"visit_date": "2026-09-10", "next_visit_due": "2026-10-08"}
    missing = what_is_missing(form, values, today=TODAY)
    assert not any(m.startswith("Next visit due") for m in missing)
    earlier = {**values, "next_visit_due": "2026-09-01"}  # before the visit: a real mistake
    assert any(m.startswith("Next visit due") for m in what_is_missing(form, earlier, today=TODAY))
