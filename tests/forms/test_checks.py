"""Checking values: each check refuses what it should, in a sentence a worker can act on."""

from __future__ import annotations

from datetime import date

import pytest

from recorder.domain.forms import FieldSpec, FieldType
from recorder.forms.checks import field_problem, form_problems, is_empty

TODAY = date(2026, 11, 20)  # a Friday


def _field(kind=FieldType.TEXT, *, label="Answer", checks=(), **settings) -> FieldSpec:
    return FieldSpec("answer", label, kind, validate=tuple(checks), **settings)


def _problem(spec: FieldSpec, value) -> str | None:
    return field_problem(spec, value, today=TODAY)


# -- postcodes -----------------------------------------------------------------


@pytest.mark.parametrize("postcode", ["NB4 7QT", "nb47qt", "EC1A 1BB", "GIR 0AA", " M1 1AE "])
def test_a_uk_postcode_is_accepted_however_it_is_typed(postcode):
    assert _problem(_field(checks=["postcode"]), postcode) is None


@pytest.mark.parametrize("postcode", ["12345", "NB4 7Q", "NB4  7QT", "NB47 QT7", "Northbridge"])
def test_something_that_is_not_a_uk_postcode_is_refused_by_name(postcode):
    assert _problem(_field(checks=["postcode"]), postcode) == (
        f"“{postcode}” is not a UK postcode (for example NB4 7QT)."
    )


def test_the_postcode_of_an_address_is_checked():
    spec = _field(FieldType.ADDRESS, checks=["postcode"])
    home = {"line1": "3 Quarry Lane", "line2": "", "town": "Northbridge", "postcode": "NB2 4LT"}
    assert _problem(spec, home) is None
    assert _problem(spec, {**home, "postcode": "NB2 4L"}) == (
        "“NB2 4L” is not a UK postcode (for example NB4 7QT)."
    )
    assert _problem(spec, {**home, "postcode": ""}) is None, "a postcode not yet known"


# -- NHS numbers ---------------------------------------------------------------


@pytest.mark.parametrize("number", ["999 000 0018", "9990000018", "999-000-0018"])
def test_an_nhs_number_with_a_good_check_digit_is_accepted(number):
    assert _problem(_field(checks=["nhs_number"]), number) is None


def test_an_nhs_number_with_a_wrong_check_digit_is_refused():
    assert _problem(_field(checks=["nhs_number"]), "9990000019") == (
        "This NHS number's check digit is wrong: please check it for a mistyped digit."
    )


@pytest.mark.parametrize("number", ["999000001", "99900000181", "999 000 001X"])
def test_an_nhs_number_without_ten_digits_is_refused(number):
    assert _problem(_field(checks=["nhs_number"]), number) == "An NHS number has 10 digits."


# -- dates ---------------------------------------------------------------------


def test_a_date_of_birth_in_the_future_is_refused_with_a_word_about_unborn_children():
    spec = _field(FieldType.DATE, checks=["date_of_birth"])
    assert _problem(spec, "2026-11-21") == (
        "A date of birth cannot be in the future. For an unborn child, leave it empty."
    )
    assert _problem(spec, "2026-11-20") is None, "a baby born today"
    assert _problem(spec, "2016-02-29") is None


def test_a_date_of_birth_far_more_than_120_years_ago_is_refused():
    spec = _field(FieldType.DATE, checks=["date_of_birth"])
    assert _problem(spec, "1900-01-01") == (
        "This date of birth is more than 120 years ago: please check the year."
    )
    assert _problem(spec, "1926-11-20") is None, "a great-grandmother of 100"


def test_a_date_of_birth_a_month_more_than_120_years_ago_is_refused():
    spec = _field(FieldType.DATE, checks=["date_of_birth"])
    assert _problem(spec, "1906-11-20") is None, "exactly 120 years ago"
    assert _problem(spec, "1906-10-20") == (
        "This date of birth is more than 120 years ago: please check the year."
    )


def test_a_visit_dated_after_today_is_refused_as_not_yet_happened():
    spec = _field(FieldType.DATE, label="Date of visit", checks=["not_future"])
    assert _problem(spec, "2026-11-21") == (
        "This date is after today (20/11/2026). A visit is recorded once it has happened."
    )
    assert _problem(spec, "2026-11-20") is None
    assert _problem(spec, "2026-10-01") is None


def test_a_due_date_already_passed_is_refused():
    spec = _field(FieldType.DATE, label="Next visit due", checks=["not_past"])
    assert _problem(spec, "2026-11-19") == "This date has already passed (today is 20/11/2026)."
    assert _problem(spec, "2026-11-20") is None
    assert _problem(spec, "2026-12-18") is None


def test_a_date_typed_the_wrong_way_is_explained_in_plain_english():
    spec = _field(FieldType.DATE, label="Date of visit", checks=["not_future"])
    for typed in ("2026-02-31", "next Tuesday", "20.11.26x"):
        problem = _problem(spec, typed)
        assert problem == "Write the date as day/month/year, for example 03/11/2026.", typed
    assert _problem(spec, "31/02/2026") == (
        "There is no such date as 31/02/2026: check the day and the month."
    )


# -- phone numbers and email ---------------------------------------------------


@pytest.mark.parametrize(
    "phone", ["01632 960123", "07700 900123", "07700900123", "+44 7700 900123", "+447700900123"]
)
def test_a_uk_phone_number_is_accepted(phone):
    assert _problem(_field(checks=["phone"]), phone) is None


@pytest.mark.parametrize("phone", ["12345", "ring the school", "7700 900123", "+33 1 42 68 53 00"])
def test_something_that_is_not_a_uk_phone_number_is_refused(phone):
    assert _problem(_field(checks=["phone"]), phone) == (
        "This is not a UK phone number (for example 01632 960123 or 07700 900123)."
    )


@pytest.mark.parametrize("phone", ["0770 090 01", "01 2 3 4 5 6"])
def test_a_phone_number_with_digits_missing_is_refused(phone):
    assert _problem(_field(checks=["phone"]), phone) is not None


@pytest.mark.parametrize("email", ["name@example.org", "g.talbot@fernhill.example.org"])
def test_an_email_address_is_accepted(email):
    assert _problem(_field(checks=["email"]), email) is None


@pytest.mark.parametrize("email", ["name@example", "name example.org", "a@b@c.org", "@x.org"])
def test_something_that_is_not_an_email_address_is_refused(email):
    assert _problem(_field(checks=["email"]), email) == (
        "This is not an email address (for example name@example.org)."
    )


# -- required and empty --------------------------------------------------------


@pytest.mark.parametrize(
    "empty", [None, "", "   ", [], {"line1": ""}, {"line1": " ", "postcode": ""}]
)
def test_an_empty_answer_to_a_required_question_is_named_by_its_label(empty):
    spec = _field(label="Who was present", required=True)
    assert is_empty(empty)
    assert _problem(spec, empty) == "Who was present is required."


@pytest.mark.parametrize("empty", [None, "", "   ", [], {"line1": ""}])
def test_an_empty_answer_to_an_optional_question_is_fine(empty):
    assert _problem(_field(checks=["postcode"]), empty) is None


def test_no_is_an_answer_not_an_empty_one():
    spec = _field(FieldType.YES_NO, label="Was the child seen alone?", required=True)
    assert _problem(spec, False) is None
    assert _problem(spec, None) == "Was the child seen alone? is required."


def test_checks_on_an_empty_optional_field_do_not_run():
    for check in ("postcode", "nhs_number", "phone", "email", "not_future", "date_of_birth"):
        assert _problem(_field(checks=[check]), "") is None


# -- types ---------------------------------------------------------------------


@pytest.mark.parametrize("time", ["16:30", "09:05", "00:00", "23:59"])
def test_a_time_on_the_24_hour_clock_is_accepted(time):
    assert _problem(_field(FieldType.TIME), time) is None


@pytest.mark.parametrize("time", ["24:00", "16:60", "4.30pm", "9:30", "1630", "16:30:00"])
def test_a_time_written_another_way_is_refused(time):
    assert _problem(_field(FieldType.TIME), time) == (
        "Write the time as hours and minutes, for example 16:30."
    )


@pytest.mark.parametrize("value", [0, 5, 10])
def test_a_scale_takes_whole_numbers_from_0_to_10(value):
    assert _problem(_field(FieldType.SCALE), value) is None


@pytest.mark.parametrize("value", [-1, 11])
def test_a_scale_outside_0_to_10_is_refused(value):
    assert _problem(_field(FieldType.SCALE), value) == "Choose a number from 0 to 10."


@pytest.mark.parametrize("value", ["7", 7.5, True])
def test_a_scale_that_is_not_a_whole_number_is_refused(value):
    assert _problem(_field(FieldType.SCALE), value) == "This must be a whole number."


def test_a_scale_with_its_own_range_keeps_to_it():
    spec = _field(FieldType.SCALE, minimum=1, maximum=5)
    assert _problem(spec, 1) is None and _problem(spec, 5) is None
    assert _problem(spec, 0) == "Choose a number from 1 to 5."
    assert _problem(spec, 6) == "Choose a number from 1 to 5."


def test_a_number_with_a_range_keeps_to_it_and_one_without_takes_any():
    assert _problem(_field(FieldType.NUMBER, minimum=0, maximum=20), 21) == (
        "Choose a number from 0 to 20."
    )
    assert _problem(_field(FieldType.NUMBER), -40) is None
    assert _problem(_field(FieldType.NUMBER), "three") == "This must be a whole number."


def test_a_number_with_only_a_minimum_says_so_in_plain_english():
    problem = _problem(_field(FieldType.NUMBER, label="Number of children", minimum=1), 0)
    assert problem is not None
    assert "None" not in problem


def test_a_choice_not_among_the_options_is_refused_with_the_options():
    spec = _field(FieldType.CHOICE, options=("Planned", "Unannounced"))
    assert _problem(spec, "Planned") is None
    assert _problem(spec, "planned") == "Choose one of: Planned, Unannounced."
    assert _problem(spec, "Sometimes") == "Choose one of: Planned, Unannounced."


def test_choices_not_among_the_options_are_refused():
    spec = _field(FieldType.CHOICES, options=("Mother", "Father", "Grandmother"))
    assert _problem(spec, ["Mother", "Father"]) is None
    assert _problem(spec, ["Mother", "Uncle"]) is not None


def test_text_longer_than_its_limit_is_refused_with_the_count():
    spec = _field(FieldType.TEXT, max_length=10)
    assert _problem(spec, "Short note") is None
    assert _problem(spec, "A longer note") == ("Keep this to 10 characters or fewer (it has 13).")


# -- tables --------------------------------------------------------------------


def _actions(forms) -> FieldSpec:
    return forms.forms["home_visit"].field("actions")


def test_a_bad_date_in_a_table_row_names_the_row_and_the_column(forms):
    rows = [
        {"what": "Book a dentist appointment", "who": "family", "by_when": "2026-12-04"},
        {"what": "Share the plan with school", "who": "worker", "by_when": "31/02/2026"},
    ]
    assert _problem(_actions(forms), rows) == (
        "Row 2, by when: There is no such date as 31/02/2026: check the day and the month."
    )


def test_a_missing_required_cell_names_the_row_and_the_column(forms):
    rows = [{"what": "", "who": "family", "by_when": "2026-12-04"}]
    assert _problem(_actions(forms), rows) == (
        "Row 1, what needs to happen: What needs to happen is required."
    )


def test_a_table_of_good_rows_has_no_problem(forms):
    rows = [{"what": "Book a dentist appointment", "who": "family", "by_when": "2026-12-04"}]
    assert _problem(_actions(forms), rows) is None
    assert _problem(_actions(forms), []) is None, "no actions is allowed"


def test_a_column_check_runs_inside_a_table():
    column = FieldSpec("by_when", "By when", FieldType.DATE, validate=("not_past",))
    spec = FieldSpec("plan", "Plan", FieldType.TABLE, columns=(column,))
    assert _problem(spec, [{"by_when": "2026-12-01"}, {"by_when": "2026-11-01"}]) == (
        "Row 2, by when: This date has already passed (today is 20/11/2026)."
    )


# -- whole forms ---------------------------------------------------------------


def _a_good_home_visit() -> dict:
    return {
        "visit_date": "2026-11-20",
        "visit_time": "15:30",
        "visit_type": "Unannounced",
        "child_seen": True,
        "child_seen_alone": False,
        "child_voice": "Eli said she likes her new teacher.",
        "observations": "The home was warm and tidy.",
        "nhs_number": "999 000 0018",
        "address": {"line1": "3 Quarry Lane", "town": "Northbridge", "postcode": "NB2 4LT"},
        "actions": [{"what": "Call school", "who": "worker", "by_when": "2026-11-27"}],
        "next_visit_due": "2026-12-18",
    }


def test_a_complete_home_visit_has_no_problems(forms):
    assert form_problems(forms.forms["home_visit"], _a_good_home_visit(), today=TODAY) == {}


def test_an_empty_home_visit_lists_every_required_question(forms):
    problems = form_problems(forms.forms["home_visit"], {}, today=TODAY)
    assert problems == {
        "visit_date": "Date of visit is required.",
        "visit_type": "Planned or unannounced is required.",
        "child_seen": "Was the child seen? is required.",
        "child_seen_alone": "Was the child seen alone? is required.",
        "child_voice": "The child's voice: wishes and feelings is required.",
        "observations": "Observations is required.",
    }


def test_every_problem_on_a_form_is_keyed_by_its_field(forms):
    values = {
        **_a_good_home_visit(),
        "visit_date": "2026-11-23",
        "nhs_number": "9990000019",
        "address": {"line1": "3 Quarry Lane", "postcode": "NB2 4L"},
        "visit_time": "3pm",
        "visit_type": "Sometimes",
        "next_visit_due": "2026-11-02",
    }
    problems = form_problems(forms.forms["home_visit"], values, today=TODAY)
    assert set(problems) == {
        "visit_date",
        "nhs_number",
        "address",
        "visit_time",
        "visit_type",
        "next_visit_due",
    }
    assert problems["visit_date"].startswith("This date is after today")
    assert "check digit" in problems["nhs_number"]
    assert problems["next_visit_due"].startswith("This date has already passed")
