"""Whatever a form file holds, loading forms names the file (and line) and never crashes.

Property-based: real form files with text cut, pasted and retyped, values
swapped for other TOML types, and deep brackets. Bounded so the suite runs in
seconds.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recorder.forms.definitions import RESERVED_FIELD_IDS, load_forms
from recorder.resources import FORMS

_FILES = sorted(FORMS.glob("*.toml"))
_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in _FILES}
_BOUNDED = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_TOML_VALUES = st.one_of(
    st.sampled_from(
        ['5', '-1', 'true', '[]', '[[1]]', '[{}]', '{}', '{a = 1}', '""', '1.5', 'inf', 'nan',
         '1979-05-27', '9999-12-31T23:59:59Z', '07:32:00', '"\\ud7ff"', '[1, "a"]', '["x"]',
         '"child."', '"."', '"table"', '"owner"', '"choice"', '"dictation"', '"suggested"',
         '"\u2028"', "[" * 300 + "]" * 300]
    ),
    st.text(max_size=30).map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'),
)  # fmt: skip


def _load(name: str, text: str):
    folder = Path(tempfile.mkdtemp(prefix="forms-"))
    (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    return load_forms(folder), folder / name


def _each_problem_names_the_file(library, name: str) -> None:
    for problem in library.problems:
        message = str(problem)
        assert name in message
        assert "Traceback" not in message


@_BOUNDED
@given(
    name=st.sampled_from(sorted(_TEXTS)),
    cuts=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 40), st.text(max_size=12)), min_size=1, max_size=4
    ),
)
def test_cut_and_pasted_form_files_are_reported_not_raised(name, cuts):
    text = _TEXTS[name]
    for where, length, pasted in cuts:
        at = int(where * len(text))
        text = text[:at] + pasted + text[at + length :]
    library, _ = _load(name, text)
    _each_problem_names_the_file(library, name)


@_BOUNDED
@given(
    name=st.sampled_from(sorted(_TEXTS)),
    swaps=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(["", "id", "type", "options", "bind", "column",
                  "case_types", "version", "label", "validate", "min", "field", "title"]),
                  _TOML_VALUES),
        min_size=1, max_size=3,
    ),
)  # fmt: skip
def test_values_of_the_wrong_kind_are_reported_not_raised(name, swaps):
    lines = _TEXTS[name].split("\n")
    settings_lines = [i for i, line in enumerate(lines) if re.match(r"^\s*\w+\s*=", line)]
    for where, key, value in swaps:
        i = settings_lines[int(where * (len(settings_lines) - 1))]
        lines[i] = (key or lines[i].split("=")[0].strip()) + " = " + value
    library, _ = _load(name, "\n".join(lines))
    _each_problem_names_the_file(library, name)


@settings(max_examples=len(RESERVED_FIELD_IDS) * 2, deadline=None)
@given(reserved=st.sampled_from(sorted(RESERVED_FIELD_IDS)), name=st.sampled_from(sorted(_TEXTS)))
def test_a_field_may_not_take_a_name_the_app_keeps_in_a_record(reserved, name):
    text = _TEXTS[name]
    first_field = re.search(r'(\[\[section\.field\]\]\s*\n\s*id\s*=\s*)"(\w+)"', text)
    text = text[: first_field.start(2) - 1] + f'"{reserved}"' + text[first_field.end(2) + 1 :]
    library, path = _load(name, text)
    assert not library.forms
    (problem,) = library.problems
    line = text[: text.index(f'"{reserved}"')].count("\n") + 1
    assert problem.line == line
    assert f"field {reserved!r}" in str(problem) and "keeps for its own use" in str(problem)


def test_the_reserved_names_are_the_keys_the_app_writes_into_values():
    from recorder.dictation.to_form import DICTATION_KEY
    from recorder.forms.business_support import SUGGESTED_KEY

    assert {DICTATION_KEY, SUGGESTED_KEY} <= RESERVED_FIELD_IDS


def test_brackets_nested_a_hundred_thousand_deep_are_reported():
    library, path = _load("deep.toml", "x = " + "[" * 100_000 + "]" * 100_000)
    assert [str(p) for p in library.problems] == [
        f"{path}: not valid TOML: brackets nested too deeply"
    ]
