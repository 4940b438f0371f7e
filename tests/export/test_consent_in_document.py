"""Whether the family were told the visit would be dictated: on the record and in its document."""

from __future__ import annotations

import dataclasses

from recorder.export import export_document
from recorder.ui.record_preview import record_html
from tests.export.conftest import open_document


def test_recording_consent_is_shown_on_the_record_and_in_its_word_document(
    visit, material_of, forms, settings, tmp_path
):
    told = dataclasses.replace(visit, values={**visit.values, "recording_consent": True})
    html = record_html(told, title="Home visit", author="Anwen Treharne", names={})
    assert "The family were told this visit would be dictated and recorded." in html
    not_told = dataclasses.replace(visit, values={**visit.values, "recording_consent": False})
    html = record_html(not_told, title="Home visit", author="", names={})
    assert "The family were not told this visit would be dictated and recorded." in html

    path = export_document(
        dataclasses.replace(material_of(visit.id), record=told),
        tmp_path / "told.docx",
        forms=forms,
        settings=settings,
    )
    rows = [
        [c.text for c in row.cells] for table in open_document(path).tables for row in table.rows
    ]
    assert ["Family told the visit would be dictated and recorded", "Yes"] in rows
