"""What a social worker is told before a visit record goes to business support."""

from __future__ import annotations

from datetime import date

from recorder.forms.business_support import what_is_missing
from recorder.forms.sending import send_check

TODAY = date(2026, 11, 20)

COMPLETE = {
    "visit_date": "2026-11-17",
    "visit_type": "Planned",
    "visit_outcome": "Completed",
    "child_seen": True,
    "child_seen_alone": True,
    "child_voice": "She said she likes her new bedroom.",
    "observations": "Warm and tidy.",
}


def test_a_complete_visit_goes_without_a_word(forms):
    assert send_check(forms.forms["home_visit"], COMPLETE, today=TODAY).clear


def test_an_impossible_date_stops_the_send(forms):
    """Regression: "31/02/2026" was sent to business support with no check."""
    check = send_check(
        forms.forms["home_visit"], {**COMPLETE, "visit_date": "31/02/2026"}, today=TODAY
    )
    assert check.must_fix == [
        "Date of visit: There is no such date as 31/02/2026: check the day and the month."
    ]


def test_empty_fields_the_worker_owns_are_listed_but_admin_ones_are_not(forms):
    values = {k: v for k, v in COMPLETE.items() if k not in ("child_voice", "visit_date")}
    check = send_check(forms.forms["home_visit"], values, today=TODAY)
    assert check.must_fix == []
    assert "Not filled in: The child's voice: wishes and feelings" in check.gaps
    assert not any("Date of visit" in gap for gap in check.gaps)  # business support may add it


def test_a_completed_visit_where_the_child_was_not_seen_must_be_put_right(forms):
    form = forms.forms["cp_visit"]
    check = send_check(form, {**COMPLETE, "child_seen": False}, today=TODAY)
    assert any("marked completed but the child was not seen" in m for m in check.must_fix)
    check = send_check(form, {**COMPLETE, "visit_outcome": "No access"}, today=TODAY)
    assert any("“No access” but “Was the child seen?” says Yes" in m for m in check.must_fix)


def test_a_child_not_seen_alone_needs_one_of_the_regulation_29_reasons(forms):
    form = forms.forms["cic_visit"]
    values = {**COMPLETE, "child_seen_alone": False}
    gaps = send_check(form, values, today=TODAY).gaps
    assert "Say why the child was not seen alone (If not seen alone, why)" in gaps
    reason = form.field("not_seen_alone_reason").options[0]
    assert not any(
        "not seen alone" in g
        for g in send_check(form, {**values, "not_seen_alone_reason": reason}, today=TODAY).gaps
    )


def test_each_other_child_of_the_household_is_accounted_for(forms):
    form = forms.forms["home_visit"]
    rows = [
        {"child": "c" * 36, "seen": True, "seen_alone": False, "bedroom_seen": True},
        {"child": "d" * 36},
    ]
    gaps = send_check(form, {**COMPLETE, "children_seen": rows}, today=TODAY).gaps
    assert "Other children in the household, row 1: say why they were not seen alone" in gaps
    assert "Other children in the household, row 2: say whether they were seen" in gaps
    # what only the worker knows is theirs to say when they send; it does not stop finishing
    assert what_is_missing(form, {**COMPLETE, "children_seen": rows}, today=TODAY) == []


def test_a_contradiction_stops_business_support_finishing_too(forms):
    form = forms.forms["home_visit"]
    missing = what_is_missing(form, {**COMPLETE, "child_seen": False}, today=TODAY)
    assert any("marked completed but the child was not seen" in m for m in missing)


def test_a_visit_without_an_outcome_is_a_gap_for_the_worker(forms):
    values = {k: v for k, v in COMPLETE.items() if k != "visit_outcome"}
    check = send_check(forms.forms["home_visit"], values, today=TODAY)
    assert check.gaps == ["Not filled in: Outcome of the visit"]
