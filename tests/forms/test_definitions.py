"""Form definitions: the shipped forms load, a council can add its own, and every
mistake in a file names the file, the field and the problem while the other
forms still open."""

from __future__ import annotations

import shutil
import tomllib

import pytest

from recorder.domain.forms import FieldType
from recorder.forms.definitions import load_form, load_forms
from recorder.reference import DataFileError
from recorder.resources import FORMS

SHIPPED = {"assessment", "cic_visit", "cp_visit", "home_visit"}

# A small, correct form a council might add: used as the base for every broken one.
FAMILY_TIME = """\
[form]
id = "family_time"
title = "Family time observation"
version = 2
description = "Notes of a supervised family time session."
case_types = ["child_in_care"]
counts_as_visit = false

[[section]]
id = "session"
title = "The session"

[[section.field]]
id = "session_date"
label = "Date of the session"
type = "date"
required = true
validate = ["not_future"]
bind = "today"

[[section.field]]
id = "attended"
label = "Who came"
type = "people"
bind = "household.present"

[[section.field]]
id = "went_ahead"
label = "Did the session go ahead?"
type = "yes_no"

[[section.field]]
id = "venue"
label = "Where it took place"
type = "choice"
options = ["Family centre", "Community", "Family home"]

[[section.field]]
id = "warmth"
label = "Warmth between parent and child"
type = "scale"
min = 0
max = 10

[[section]]
id = "next"
title = "What happens next"

[[section.field]]
id = "actions"
label = "Actions"
type = "table"

[[section.field.column]]
id = "what"
label = "What needs to happen"
type = "text"
required = true

[[section.field.column]]
id = "who"
label = "Who"
type = "owner"

[[section.field.column]]
id = "by_when"
label = "By when"
type = "date"

[[section.field]]
id = "notes"
label = "Notes"
type = "long_text"
bind = "previous.notes"
"""


@pytest.fixture
def folder(tmp_path):
    """A council's forms folder: a copy of the shipped forms."""
    target = tmp_path / "forms"
    target.mkdir()
    for path in FORMS.glob("*.toml"):
        shutil.copy(path, target / path.name)
    return target


def _edited(old: str, new: str, text: str = FAMILY_TIME) -> str:
    assert old in text, f"{old!r} is not in the form text"
    return text.replace(old, new, 1)


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def _only_problem(folder, text: str, name: str = "family_time.toml") -> DataFileError:
    """Drop ``text`` into the folder as one file; the shipped forms must still open."""
    (folder / name).write_text(text, encoding="utf-8")
    library = load_forms(folder)
    assert set(library.forms) == SHIPPED, "the good forms must still open"
    assert len(library.problems) == 1, library.problems
    problem = library.problems[0]
    assert isinstance(problem, DataFileError)
    assert problem.path.name == name
    assert name in str(problem)
    return problem


# -- the shipped forms ---------------------------------------------------------


def test_the_four_shipped_forms_load_with_no_problems(forms):
    assert forms.problems == []
    assert set(forms.forms) == SHIPPED


def test_the_shipped_forms_have_their_titles_versions_and_sources(forms):
    assert forms.titles() == {
        "assessment": "Child and family assessment",
        "cic_visit": "Child in care visit",
        "cp_visit": "Child protection visit",
        "home_visit": "Home visit",
    }
    for form_id, form in forms.forms.items():
        # visit forms gained the outcome, the place and the other children in version 2
        assert form.version == (2 if form.counts_as_visit else 1)
        assert form.source == f"{form_id}.toml"
        assert form.description


def test_the_shipped_visit_forms_count_as_visits_and_the_assessment_does_not(forms):
    assert set(forms.visit_form_ids()) == {"cic_visit", "cp_visit", "home_visit"}
    assert forms.forms["assessment"].counts_as_visit is False


def test_each_case_type_is_offered_the_forms_meant_for_it(forms):
    def offered(case_type):
        return {f.id for f in forms.offered_for(case_type)}

    assert offered("child_in_need") == {"assessment", "home_visit"}
    assert offered("child_protection") == {"assessment", "home_visit", "cp_visit"}
    assert offered("child_in_care") == {"assessment", "home_visit", "cic_visit"}
    assert offered("early_help") == {"assessment", "home_visit"}


@pytest.mark.parametrize("form_id", sorted(SHIPPED))
def test_sections_fields_and_columns_keep_the_order_of_the_file(forms, form_id):
    with (FORMS / f"{form_id}.toml").open("rb") as f:
        data = tomllib.load(f)
    form = forms.forms[form_id]
    assert [s.id for s in form.sections] == [s["id"] for s in data["section"]]
    assert [f.id for f in form.fields] == [f["id"] for s in data["section"] for f in s["field"]]
    for raw in (f for s in data["section"] for f in s["field"] if f["type"] == "table"):
        assert [c.id for c in form.field(raw["id"]).columns] == [c["id"] for c in raw["column"]]


def test_the_home_visit_reads_as_a_worker_fills_it_in(forms):
    home = forms.forms["home_visit"]
    assert [f.id for f in home.fields][:5] == [
        "child_name",
        "date_of_birth",
        "nhs_number",
        "address",
        "first_language",
    ]
    assert [s.title for s in home.sections][0] == "About the child"
    visit_date = home.field("visit_date")
    assert visit_date.type is FieldType.DATE
    assert visit_date.required and visit_date.validate == ("not_future",)
    assert visit_date.bind == "today"
    assert home.field("visit_type").options == ("Planned", "Unannounced")
    assert [c.type for c in home.field("actions").columns] == [
        FieldType.TEXT,
        FieldType.OWNER,
        FieldType.DATE,
    ]
    assert home.field("no_such_field") is None


# -- a council adds a form -----------------------------------------------------


def test_a_council_drops_a_new_form_into_the_folder_and_it_is_offered(folder):
    (folder / "family_time.toml").write_text(FAMILY_TIME, encoding="utf-8")
    library = load_forms(folder)
    assert library.problems == []
    assert set(library.forms) == SHIPPED | {"family_time"}
    form = library.forms["family_time"]
    assert form.title == "Family time observation"
    assert form.version == 2
    assert form.description == "Notes of a supervised family time session."
    assert form.source == "family_time.toml"
    assert [f.id for f in form.fields] == [
        "session_date",
        "attended",
        "went_ahead",
        "venue",
        "warmth",
        "actions",
        "notes",
    ]
    assert form.field("warmth").minimum == 0 and form.field("warmth").maximum == 10
    assert library.titles()["family_time"] == "Family time observation"
    assert "family_time" not in library.visit_form_ids()


def test_a_new_form_is_offered_only_for_its_case_types(folder):
    (folder / "family_time.toml").write_text(FAMILY_TIME, encoding="utf-8")
    library = load_forms(folder)
    assert "family_time" in {f.id for f in library.offered_for("child_in_care")}
    for case_type in ("child_in_need", "child_protection", "early_help"):
        assert "family_time" not in {f.id for f in library.offered_for(case_type)}


def test_a_new_form_without_case_types_is_offered_for_every_case(folder):
    text = _edited('case_types = ["child_in_care"]\n', "")
    text = _edited("counts_as_visit = false", "counts_as_visit = true", text)
    (folder / "family_time.toml").write_text(text, encoding="utf-8")
    library = load_forms(folder)
    for case_type in ("child_in_need", "child_protection", "child_in_care", "early_help"):
        assert "family_time" in {f.id for f in library.offered_for(case_type)}
    assert "family_time" in library.visit_form_ids()


def test_a_file_that_is_not_toml_is_not_read_as_a_form(folder):
    (folder / "notes.txt").write_text("not a form", encoding="utf-8")
    library = load_forms(folder)
    assert library.problems == [] and set(library.forms) == SHIPPED


# -- every kind of mistake is named --------------------------------------------


def test_invalid_toml_is_named_with_its_file_and_line(folder):
    text = _edited("version = 2", "version = = 2")
    problem = _only_problem(folder, text)
    assert problem.line == _line(text, "version = = 2") == 4
    assert "family_time.toml, line 4: not valid TOML" in str(problem)


def test_a_file_without_a_form_table_is_named(folder):
    text = _edited("[form]\n", "[from]\n")
    problem = _only_problem(folder, text)
    assert "needs a [form] table with id, title and version" in problem.problem


@pytest.mark.parametrize("bad_id", ["Family-Time", "2family", "family time", ""])
def test_a_badly_written_form_id_is_named(folder, bad_id):
    problem = _only_problem(folder, _edited('id = "family_time"', f'id = "{bad_id}"'))
    assert "[form] id must be lower-case letters, digits and _" in problem.problem
    assert problem.line == 2


def test_a_form_without_a_title_is_named(folder):
    problem = _only_problem(folder, _edited('title = "Family time observation"\n', ""))
    assert problem.problem == "[form] needs a title"


def test_a_blank_title_is_as_bad_as_none(folder):
    problem = _only_problem(folder, _edited('"Family time observation"', '"   "'))
    assert problem.problem == "[form] needs a title"


@pytest.mark.parametrize("version", ["0", "-1", '"2"', "1.5", "true"])
def test_a_version_that_is_not_a_whole_number_of_one_or_more_is_named(folder, version):
    problem = _only_problem(folder, _edited("version = 2", f"version = {version}"))
    assert "[form] version must be a whole number of 1 or more" in problem.problem
    assert problem.line == 4


def test_an_unknown_case_type_is_named_with_the_known_ones(folder):
    text = _edited('["child_in_care"]', '["child_in_care", "looked_after"]')
    problem = _only_problem(folder, text)
    assert "[form] case_types must list some of:" in problem.problem
    assert "child_in_care" in problem.problem and "child_protection" in problem.problem
    assert problem.line == _line(text, "case_types")


def test_case_types_written_as_one_word_not_a_list_is_named(folder):
    problem = _only_problem(folder, _edited('["child_in_care"]', '"child_in_care"'))
    assert "case_types must list some of" in problem.problem


def test_a_form_without_sections_is_named(folder):
    text = FAMILY_TIME.split("[[section]]")[0]
    problem = _only_problem(folder, text)
    assert problem.problem == "the form needs at least one [[section]]"


def test_a_section_without_fields_is_named_by_its_title(folder):
    text = FAMILY_TIME + '\n[[section]]\nid = "empty"\ntitle = "Nothing here yet"\n'
    problem = _only_problem(folder, text)
    assert problem.problem == "section 'Nothing here yet' has no [[section.field]] entries"
    assert problem.line == _line(text, "Nothing here yet")


def test_a_section_without_a_title_is_named_by_its_number(folder):
    problem = _only_problem(folder, _edited('title = "What happens next"\n', ""))
    assert problem.problem == "section 2 needs a title"


def test_a_field_without_a_label_is_named(folder):
    text = _edited('label = "Where it took place"\n', "")
    problem = _only_problem(folder, text)
    assert problem.problem == "field 'venue': a label is needed"
    assert problem.line == _line(text, 'id = "venue"')


def test_a_field_with_a_badly_written_id_is_named_with_its_section(folder):
    problem = _only_problem(folder, _edited('id = "venue"', 'id = "Venue"'))
    assert "section 'The session'" in problem.problem
    assert "'Venue'" in problem.problem and "badly written id" in problem.problem


def test_an_unknown_field_type_is_named_with_the_known_types(folder):
    text = _edited('type = "yes_no"', 'type = "yesno"')
    problem = _only_problem(folder, text)
    assert problem.problem.startswith("field 'went_ahead': type 'yesno' is not one of text,")
    assert "yes_no" in problem.problem
    assert "owner" not in problem.problem, "owner is for table columns only"
    assert problem.line == _line(text, 'id = "went_ahead"')


def test_a_field_without_a_type_is_named(folder):
    problem = _only_problem(folder, _edited('type = "yes_no"\n', ""))
    assert problem.problem.startswith("field 'went_ahead': type None is not one of")


def test_an_owner_field_outside_a_table_is_named(folder):
    problem = _only_problem(folder, _edited('type = "yes_no"', 'type = "owner"'))
    assert problem.problem == "field 'went_ahead': type 'owner' is for table columns only"


def test_an_owner_column_inside_a_table_is_accepted(folder):
    (folder / "family_time.toml").write_text(FAMILY_TIME, encoding="utf-8")
    form = load_forms(folder).forms["family_time"]
    assert form.field("actions").columns[1].type is FieldType.OWNER


@pytest.mark.parametrize("options", ["", "options = []\n"], ids=["missing", "empty"])
def test_a_choice_without_options_is_named(folder, options):
    text = _edited('options = ["Family centre", "Community", "Family home"]\n', options)
    problem = _only_problem(folder, text)
    assert problem.problem == "field 'venue': a choice needs options, a list of words"


def test_choices_with_options_that_are_not_words_are_named(folder):
    text = _edited('type = "choice"', 'type = "choices"')
    text = _edited('["Family centre", "Community", "Family home"]', '["Family centre", 2]', text)
    problem = _only_problem(folder, text)
    assert problem.problem == "field 'venue': a choice needs options, a list of words"


def test_an_unknown_check_is_named_with_the_known_checks(folder):
    problem = _only_problem(folder, _edited('["not_future"]', '["not_in_future"]'))
    assert problem.problem.startswith("field 'session_date': check 'not_in_future' is not one of")
    for check in ("not_future", "not_past", "date_of_birth", "postcode", "nhs_number"):
        assert check in problem.problem


def test_a_single_check_written_without_a_list_is_accepted(folder):
    (folder / "family_time.toml").write_text(
        _edited('validate = ["not_future"]', 'validate = "not_future"'), encoding="utf-8"
    )
    form = load_forms(folder).forms["family_time"]
    assert form.field("session_date").validate == ("not_future",)


def test_an_unknown_binding_is_named(folder):
    problem = _only_problem(folder, _edited('bind = "today"', 'bind = "child.shoe_size"'))
    assert problem.problem == (
        "field 'session_date': binding 'child.shoe_size' is not known "
        "(see forms/README.md for the list)"
    )


def test_an_unknown_professional_role_is_named_with_the_known_roles(folder):
    text = _edited('type = "yes_no"', 'type = "professional"\nbind = "professional.dentist"')
    problem = _only_problem(folder, text)
    assert "field 'went_ahead': binding 'professional.dentist': no professional role" in (
        problem.problem
    )
    assert "gp" in problem.problem and "health_visitor" in problem.problem


def test_a_binding_on_a_field_of_the_wrong_type_is_named(folder):
    text = _edited('type = "yes_no"', 'type = "yes_no"\nbind = "child.date_of_birth"')
    problem = _only_problem(folder, text)
    assert problem.problem == (
        "field 'went_ahead': binding 'child.date_of_birth' fills a date field, not yes_no"
    )


def test_a_professional_binding_on_a_date_field_is_named(folder):
    problem = _only_problem(folder, _edited('bind = "today"', 'bind = "professional.gp"'))
    assert problem.problem == (
        "field 'session_date': binding 'professional.gp' fills a professional or text field, "
        "not date"
    )


@pytest.mark.parametrize("kind", [t.value for t in FieldType if t is not FieldType.OWNER])
def test_a_previous_answer_can_be_carried_forward_into_any_type_of_field(folder, kind):
    extra = 'options = ["A", "B"]\n' if kind in ("choice", "choices") else ""
    columns = (
        '\n[[section.field.column]]\nid = "what"\nlabel = "What"\ntype = "text"\n'
        if kind == "table"
        else ""
    )
    text = FAMILY_TIME + (
        f'\n[[section]]\ntitle = "Carried"\n\n[[section.field]]\nid = "carried"\n'
        f'label = "Carried forward"\ntype = "{kind}"\nbind = "previous.carried"\n{extra}{columns}'
    )
    (folder / "family_time.toml").write_text(text, encoding="utf-8")
    library = load_forms(folder)
    assert library.problems == []
    assert library.forms["family_time"].field("carried").bind == "previous.carried"


def test_a_misspelt_setting_is_named(folder):
    text = _edited("required = true\nvalidate", "requred = true\nvalidate")
    problem = _only_problem(folder, text)
    assert problem.problem == "field 'session_date': unknown setting requred (check the spelling)"
    assert problem.line == _line(text, 'id = "session_date"')


def test_required_that_is_not_true_or_false_is_named(folder):
    text = _edited("required = true\nvalidate", 'required = "yes"\nvalidate')
    problem = _only_problem(folder, text)
    assert problem.problem == "field 'session_date': required must be true or false"


def test_a_field_id_used_twice_is_named(folder):
    problem = _only_problem(folder, _edited('id = "notes"', 'id = "venue"'))
    assert problem.problem == "field 'venue': this id is used twice in the form"


def test_a_column_may_share_an_id_with_a_field_but_not_with_another_column(folder):
    (folder / "family_time.toml").write_text(
        _edited('id = "by_when"', 'id = "notes"'), encoding="utf-8"
    )
    assert load_forms(folder).problems == []
    problem = _only_problem(folder, _edited('id = "by_when"', 'id = "what"'))
    assert problem.problem == "field 'what': this id is used twice in the form"


def test_a_table_without_columns_is_named(folder):
    start = FAMILY_TIME.index("[[section.field.column]]")
    end = FAMILY_TIME.index('[[section.field]]\nid = "notes"')
    problem = _only_problem(folder, FAMILY_TIME[:start] + FAMILY_TIME[end:])
    assert problem.problem == "field 'actions': a table needs [[section.field.column]] entries"


def test_a_bad_column_is_named(folder):
    problem = _only_problem(folder, _edited('type = "owner"', 'type = "ownr"'))
    assert problem.problem.startswith("field 'who': type 'ownr' is not one of")


@pytest.mark.parametrize("setting", ['min = "0"', "min = 0.5", "min = false"])
def test_a_minimum_that_is_not_a_whole_number_is_named(folder, setting):
    problem = _only_problem(folder, _edited("min = 0", setting))
    assert problem.problem == "field 'warmth': min must be a whole number"


def test_a_maximum_length_that_is_not_a_whole_number_is_named(folder):
    text = _edited('type = "long_text"', 'type = "text"\nmax_length = "short"')
    problem = _only_problem(folder, text)
    assert problem.problem == "field 'notes': max_length must be a whole number"


def test_a_form_id_used_by_two_files_is_named_and_the_first_file_wins(folder):
    (folder / "family_time.toml").write_text(FAMILY_TIME, encoding="utf-8")
    copy = _edited('title = "Family time observation"', 'title = "Contact notes"')
    (folder / "zz_contact.toml").write_text(copy, encoding="utf-8")
    library = load_forms(folder)
    assert set(library.forms) == SHIPPED | {"family_time"}
    assert library.forms["family_time"].title == "Family time observation"
    [problem] = library.problems
    assert problem.path.name == "zz_contact.toml"
    assert problem.problem == "form id 'family_time' is already used by family_time.toml"


def test_a_copy_of_a_shipped_form_under_a_new_name_is_refused(folder):
    shutil.copy(folder / "home_visit.toml", folder / "home_visit_v2.toml")
    library = load_forms(folder)
    assert set(library.forms) == SHIPPED
    assert [p.path.name for p in library.problems] == ["home_visit_v2.toml"]
    assert "already used by home_visit.toml" in library.problems[0].problem


def test_two_broken_files_are_both_reported_and_the_good_ones_still_open(folder):
    (folder / "a_broken.toml").write_text("[form\n", encoding="utf-8")
    (folder / "b_broken.toml").write_text(
        _edited('type = "yes_no"', 'type = "yesno"'), encoding="utf-8"
    )
    library = load_forms(folder)
    assert set(library.forms) == SHIPPED
    assert [p.path.name for p in library.problems] == ["a_broken.toml", "b_broken.toml"]


def test_load_form_raises_the_problem_for_one_file(tmp_path):
    path = tmp_path / "family_time.toml"
    path.write_text(_edited('type = "yes_no"', 'type = "yesno"'), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"family_time.toml, line \d+: field 'went_ahead'"):
        load_form(path)


# -- mistakes that are not yet reported as they should be ----------------------


def test_checks_written_as_true_are_named_and_do_not_stop_the_other_forms(folder):
    problem = _only_problem(folder, _edited('validate = ["not_future"]', "validate = true"))
    assert "session_date" in problem.problem


def test_a_binding_that_is_not_text_is_named_and_does_not_stop_the_other_forms(folder):
    problem = _only_problem(folder, _edited('bind = "today"', "bind = 5"))
    assert "session_date" in problem.problem


def test_a_mistake_in_a_field_points_at_that_fields_line(folder):
    text = _edited('id = "what"', 'id = "next"')  # the column shares its id with a section
    text = _edited('type = "text"\nrequired = true', 'type = "txt"\nrequired = true', text)
    problem = _only_problem(folder, text)
    assert problem.problem.startswith("field 'next': type 'txt'")
    assert problem.line == _line(text, 'type = "txt"') - 2


def test_the_childs_own_words_are_marked_for_documents_on_every_shipped_visit_form(forms):
    voiced = {form.id: [f.id for f in form.fields if f.voice] for form in forms.forms.values()}
    assert voiced == {
        "assessment": ["child_views"],
        "cic_visit": ["child_voice"],
        "cp_visit": ["child_voice"],
        "home_visit": ["child_voice"],
    }


def test_voice_is_for_text_fields_and_is_true_or_false(folder):
    problem = _only_problem(folder, _edited('type = "yes_no"', 'type = "yes_no"\nvoice = true'))
    assert problem.problem == (
        "field 'went_ahead': voice = true is for text fields: the child's own words"
    )
    problem_text = _edited('type = "yes_no"', 'type = "yes_no"\nadmin = "yes"')
    (folder / "family_time.toml").write_text(problem_text, encoding="utf-8")
    problems = load_forms(folder).problems
    assert [p.problem for p in problems] == ["field 'went_ahead': admin must be true or false"]
