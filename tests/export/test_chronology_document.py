"""A child's chronology in Word, read back as a reviewing officer or a court would see it."""

from __future__ import annotations

from datetime import date

from recorder.chronology import child_chronology
from recorder.export.chronology import export_chronology
from recorder.export.outline import MARKING
from recorder.export.template import STYLES
from tests.export.conftest import open_document, styled

TODAY = date(2026, 11, 20)


def _exported(store, family, settings, tmp_path):
    store.chronology.add_entry(
        family.child.id, on=date(2026, 10, 20), category="Strategy discussion",
        note="Police and school agreed a single-agency response", today=TODAY,
    )  # fmt: skip
    chronology = child_chronology(
        store, family.child.id, visit_forms=["home_visit"], form_titles={}, on=TODAY
    )
    path = export_chronology(
        chronology, tmp_path / "chronology.docx", settings=settings,
        produced_by="Anwen Treharne", today=TODAY,
    )  # fmt: skip
    return open_document(path)


def test_the_chronology_carries_the_marking_and_the_records_layout(
    fresh_store, family, settings, tmp_path
):
    document = _exported(fresh_store, family, settings, tmp_path)
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            assert part.paragraphs[0].text == MARKING
            assert part.paragraphs[0].style.name == STYLES.marking
        assert "Chronology · Eliška Wójcik-Hale · 20/11/2026" in section.footer.paragraphs[1].text
    assert styled(document, "Title") == ["Chronology"]
    assert styled(document, "Subtitle") == ["Eliška Wójcik-Hale, as at 20 November 2026"]
    assert styled(document, "Heading 1") == ["2026", "Sign-off"]
    assert document.core_properties.keywords == MARKING


def test_each_event_is_a_row_in_date_order_under_its_year(fresh_store, family, settings, tmp_path):
    document = _exported(fresh_store, family, settings, tmp_path)
    grid = next(t for t in document.tables if t.rows[0].cells[0].text == "Date")
    rows = [[c.text for c in r.cells] for r in grid.rows]
    assert rows[0] == ["Date", "Category", "What happened", "By"]
    assert rows[1] == [
        "01/09/2026", "Case", "Case opened: child in need; allocated to Anwen Treharne", ""
    ]  # fmt: skip
    assert rows[2] == [
        "20/10/2026", "Strategy discussion", "Police and school agreed a single-agency response",
        "Anwen Treharne",
    ]  # fmt: skip
    details = next(t for t in document.tables if t.rows[0].cells[0].text == "Child's name")
    pairs = {r.cells[0].text: r.cells[1].text for r in details.rows}
    assert pairs["NHS number"] == "999 000 0018"
    assert pairs["Allocated worker"] == "Anwen Treharne"
