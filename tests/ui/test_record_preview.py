"""Reading a saved record in place, whatever state its values are in."""

from __future__ import annotations

from recorder.domain import Record
from recorder.ui.record_preview import record_html


def test_a_draft_with_a_date_kept_as_typed_still_reads(qtbot):
    """Regression: a visit date kept as typed ("31/02/2026") broke the preview."""
    record = Record(
        "case", "home_visit", 1, None, values={"visit_date": "31/02/2026", "observations": "Calm."}
    )
    html = record_html(record, title="Home visit", author="Anwen Treharne", names={})
    assert "<h3>Home visit</h3>" in html
    assert "31/02/2026" in html and "Calm." in html


def test_a_dated_record_is_headed_with_its_date_in_words(qtbot):
    record = Record("case", "home_visit", 1, None, values={"visit_date": "2026-11-03"})
    html = record_html(record, title="Home visit", author="", names={})
    assert "<h3>Home visit, 3 November 2026</h3>" in html
