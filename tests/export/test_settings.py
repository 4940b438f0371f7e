"""The council's export settings: read at start-up, every mistake named by file and line."""

from __future__ import annotations

import shutil

import pytest

from recorder.export import EmptyFields, load_export_settings
from recorder.reference import DataFileError
from recorder.resources import resource


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "templates").mkdir()
    shutil.copy(resource("templates", "record.docx"), tmp_path / "templates" / "record.docx")
    shutil.copy(resource("templates", "logo.png"), tmp_path / "templates" / "logo.png")
    return tmp_path


def _write(folder, text):
    path = folder / "export.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
council_name = "Kingsmere Borough Council"
department = "Children and Families"
logo = "templates/logo.png"
template = "templates/record.docx"
empty_fields = "leave_out"
"""


def test_the_shipped_settings_load():
    settings = load_export_settings()
    assert settings.council_name
    assert settings.template.is_file() and settings.logo and settings.logo.is_file()


def test_a_councils_own_settings_are_read_relative_to_their_file(folder):
    settings = load_export_settings(_write(folder, GOOD))
    assert settings.council_name == "Kingsmere Borough Council"
    assert settings.department == "Children and Families"
    assert settings.logo == folder / "templates" / "logo.png"
    assert settings.empty_fields is EmptyFields.LEAVE_OUT
    assert settings.with_empty_fields("not_recorded").empty_fields is EmptyFields.NOT_RECORDED


def test_no_logo_is_allowed(folder):
    settings = load_export_settings(_write(folder, GOOD.replace('"templates/logo.png"', '""')))
    assert settings.logo is None


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('empty_fields = "leave_out"', 'empty_fields = "hide"'), 5, '"not_recorded" or'),
        (("templates/logo.png", "templates/crest.png"), 3, "'templates/crest.png' is not there"),
        (("templates/logo.png", "templates/logo.gif"), 3, "must be a .png or .jpg or .jpeg"),
        (('department = "Children and Families"', "department = 3"), 2, "written in quotes"),
        (('department = "Children and Families"', 'deparment = "x"'), 2, "unknown setting"),
        (('council_name = "Kingsmere Borough Council"', 'council_name = ""'), 1, "is needed"),
        (('template = "templates/record.docx"', 'template = "record.dotx"'), 4, ".docx file"),
    ],
)
def test_a_mistake_names_the_file_the_line_and_the_problem(folder, change, line, words):
    path = _write(folder, GOOD.replace(*change))
    with pytest.raises(DataFileError) as caught:
        load_export_settings(path)
    assert caught.value.line == line
    assert words in str(caught.value)
    assert "export.toml" in str(caught.value)


def test_broken_toml_is_reported_with_its_line(folder):
    with pytest.raises(DataFileError, match="line 2"):
        load_export_settings(_write(folder, 'council_name = "A"\nlogo = \n'))


def test_a_template_missing_a_style_the_documents_need_is_named(folder):
    import docx

    from recorder.export.template import STYLES

    template = folder / "templates" / "record.docx"
    document = docx.Document(str(template))
    document.styles[STYLES.voice].name = "Voice of the child"  # renamed in Word
    document.save(str(template))
    with pytest.raises(DataFileError) as caught:
        load_export_settings(_write(folder, GOOD))
    assert caught.value.path == template
    assert "no style called \"Child's Voice\"" in str(caught.value)


def test_a_template_that_is_not_a_word_document_is_said_plainly(folder):
    (folder / "templates" / "record.docx").write_text("not a zip")
    with pytest.raises(DataFileError, match="not a Word document"):
        load_export_settings(_write(folder, GOOD))
