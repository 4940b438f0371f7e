"""Whatever the demo files hold, the demo loader names the file and never crashes.

Property-based: one value anywhere in a demo file swapped for another JSON
value (lone surrogates, a year 9999, the wrong type, deep nesting), or a key
removed. What the reader accepts must also go into a database. Bounded so the
suite runs in seconds.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recorder.demo import load_demo, read_demo
from recorder.reference import DataFileError, load_reference_data
from recorder.resources import resource
from recorder.store import Store, StoreError
from tests.conftest import DEMO_DAY

_DEMO = resource("demo")
_FILES = sorted(p.relative_to(_DEMO) for p in _DEMO.rglob("*.json"))
_DATA = {name: json.loads((_DEMO / name).read_text(encoding="utf-8")) for name in _FILES}
_RELATIONSHIPS = load_reference_data().relationships

_ODD_VALUES = st.one_of(
    st.sampled_from(
        [None, True, 0, -1, 1.5, 10**30, "", "x" * 5000, [], {}, [[1]], {"a": [1]},
         "\ud800", "a\u2028b", "9999-12-31", "0001-01-01", "2026-02-30",
         "9999-12-31T23:59:59Z", "2026-11-03T14:05:00", "approved", "draft", "child_in_care",
         "team_manager", "worker", "../demo.json", "a\x00b"]
    ),
    st.text(max_size=20),
    st.recursive(
        st.integers() | st.text(max_size=5), lambda c: st.lists(c, max_size=3), max_leaves=5
    ),
)  # fmt: skip


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*path, index))


def _mutated(name, where: float, replacement, remove: bool):
    data = json.loads(json.dumps(_DATA[name]))
    paths = [p for p in _paths(data) if p]
    path = paths[int(where * (len(paths) - 1))]
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    if remove and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    folder = Path(tempfile.mkdtemp(prefix="demo-")) / "demo"
    shutil.copytree(_DEMO, folder)
    (folder / name).write_text(json.dumps(data), encoding="utf-8")
    return folder


def _read(folder: Path):
    try:
        return read_demo(relationships=_RELATIONSHIPS, today=DEMO_DAY, folder=folder)
    except DataFileError as e:
        message = str(e)
        # The file named is in the demo folder or below it (a manifest may name
        # 'families/x.json'; a generated '0/0' is missing, and said to be).
        assert e.path.is_relative_to(folder)
        assert e.path.name in message
        message.encode("utf-8")  # printable as it stands, even when the file was not
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(_FILES),
    where=st.floats(0, 1),
    replacement=_ODD_VALUES,
    remove=st.booleans(),
)
def test_any_one_value_changed_is_read_or_reported_not_raised(name, where, replacement, remove):
    _read(_mutated(name, where, replacement, remove))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from([n for n in _FILES if n.parent.name == "families"]),
    where=st.floats(0, 1),
    replacement=_ODD_VALUES,
)
def test_what_the_reader_accepts_goes_into_a_database(name, where, replacement):
    caseload = _read(_mutated(name, where, replacement, remove=False))
    if caseload is None:
        return
    store = Store.open(Path(tempfile.mkdtemp(prefix="demo-db-")) / "demo.db")
    try:
        load_demo(store, caseload)
    except StoreError as e:
        assert "Traceback" not in str(e)
    finally:
        store.close()


def test_a_lone_surrogate_is_named_with_its_file_and_line(tmp_path):
    """Regression: '\\ud800' in a family file stopped the app with UnicodeEncodeError."""
    folder = tmp_path / "demo"
    shutil.copytree(_DEMO, folder)
    family = next(folder.glob("families/*.json"))
    text = family.read_text(encoding="utf-8")
    first_name = json.loads(text)["people"][0]["first_name"]
    family.write_text(text.replace(f'"{first_name}"', '"Ma\\ud800x"', 1), encoding="utf-8")
    try:
        read_demo(relationships=_RELATIONSHIPS, today=DEMO_DAY, folder=folder)
    except DataFileError as e:
        assert e.path == family
        assert e.line == text[: text.index(f'"{first_name}"')].count("\n") + 1
        assert "lone surrogate" in str(e)
    else:
        raise AssertionError("a lone surrogate was accepted")
