"""Laying an outline out as a Word document, in the template's named styles.

Every paragraph and table takes a named style from the template, and nothing
is formatted by hand, so a council restyles its documents in Word alone. The
protective marking goes into every header and footer the document can show
(first page, odd and even pages), so no page ever prints without it.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from docx.table import Table

from recorder.export.outline import MARKING, Grid, Outline, Pairs, Text, Voice
from recorder.export.settings import ExportSettings

_TEXT_WIDTH_CM = 17.0
_LABEL_WIDTH_CM = 5.2
_LOGO_HEIGHT_CM = 1.7


@dataclass(frozen=True)
class StyleNames:
    """The template's style names, one place for the exporter and the template maker."""

    council: str = "Council Name"
    department: str = "Council Department"
    notice: str = "Record Notice"
    label: str = "Field Label"
    text: str = "Field Text"
    voice_label: str = "Voice Label"
    voice: str = "Child's Voice"
    table_text: str = "Table Text"
    table_heading: str = "Table Heading"
    marking: str = "Protective Marking"
    footer: str = "Record Footer"
    grid_table: str = "Record Table"
    pairs_table: str = "Record Details"


STYLES = StyleNames()


def build_document(outline: Outline, settings: ExportSettings) -> Document:
    """A complete document for one record, not yet saved."""
    doc = docx.Document(io.BytesIO(_file_bytes(settings.template)))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _headers_and_footers(doc, outline.reference)
    _council(doc, settings)
    doc.add_paragraph(outline.title, style="Title")
    doc.add_paragraph(outline.subtitle, style="Subtitle")
    for notice in outline.notices:
        doc.add_paragraph(notice, style=STYLES.notice)
    _pairs(doc, outline.details)
    for section in outline.sections:
        doc.add_heading(section.title, level=1)
        for block in section.blocks:
            if isinstance(block, Pairs):
                _pairs(doc, block.rows)
            elif isinstance(block, Grid):
                doc.add_paragraph(block.label, style=STYLES.label)
                _grid(doc, block)
            elif isinstance(block, Voice):
                doc.add_paragraph(block.label, style=STYLES.voice_label)
                for text in block.paragraphs:
                    doc.add_paragraph(text, style=STYLES.voice)
            elif isinstance(block, Text):
                doc.add_paragraph(block.label, style=STYLES.label)
                for text in block.paragraphs:
                    doc.add_paragraph(text, style=STYLES.text)
    doc.add_heading("Sign-off", level=1)
    _pairs(doc, outline.sign_off)
    _properties(doc, outline)
    return doc


def _headers_and_footers(doc: Document, reference: str) -> None:
    for section in doc.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            header.is_linked_to_previous = False
            _empty(header._element)
            header.add_paragraph(MARKING, style=STYLES.marking)
        for footer in (section.footer, section.first_page_footer, section.even_page_footer):
            footer.is_linked_to_previous = False
            _empty(footer._element)
            footer.add_paragraph(MARKING, style=STYLES.marking)
            line = footer.add_paragraph(f"{reference}\tPage ", style=STYLES.footer)
            _field(line, "PAGE")
            line.add_run(" of ")
            _field(line, "NUMPAGES")


def _empty(element) -> None:
    for child in list(element):
        element.remove(child)


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice work out as they print."""
    for part in ("begin", "code", "separate", "result", "end"):
        run = paragraph.add_run()
        if part == "code":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = f" {code} \\* MERGEFORMAT "
            run._r.append(instruction)
        elif part == "result":
            run.text = "1"
        else:
            run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="{part}"/>'))


def _council(doc: Document, settings: ExportSettings) -> None:
    if settings.logo is None:
        doc.add_paragraph(settings.council_name, style=STYLES.council)
        if settings.department:
            doc.add_paragraph(settings.department, style=STYLES.department)
        return
    table = doc.add_table(rows=1, cols=2)
    _widths(table, [_LOGO_HEIGHT_CM + 0.5, _TEXT_WIDTH_CM - _LOGO_HEIGHT_CM - 0.5])
    logo, words = table.rows[0].cells
    logo.paragraphs[0].add_run().add_picture(
        io.BytesIO(_file_bytes(settings.logo)), height=Cm(_LOGO_HEIGHT_CM)
    )
    words.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    words.paragraphs[0].text = settings.council_name
    words.paragraphs[0].style = doc.styles[STYLES.council]
    if settings.department:
        words.add_paragraph(settings.department, style=STYLES.department)
    doc.add_paragraph()


def _pairs(doc: Document, rows: tuple[tuple[str, str], ...]) -> None:
    if not rows:
        return
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = doc.styles[STYLES.pairs_table]
    _widths(table, [_LABEL_WIDTH_CM, _TEXT_WIDTH_CM - _LABEL_WIDTH_CM])
    for row, (label, value) in zip(table.rows, rows, strict=True):
        label_cell, value_cell = row.cells
        _cell_text(label_cell, label, STYLES.table_heading)
        _cell_text(value_cell, value, STYLES.table_text)
        _keep_row_together(row)
    doc.add_paragraph()


def _grid(doc: Document, grid: Grid) -> None:
    table = doc.add_table(rows=1 + len(grid.rows), cols=len(grid.header))
    table.style = doc.styles[STYLES.grid_table]
    total = sum(grid.weights)
    _widths(table, [_TEXT_WIDTH_CM * w / total for w in grid.weights])
    header = table.rows[0]
    for cell, text in zip(header.cells, grid.header, strict=True):
        _cell_text(cell, text, STYLES.table_heading)
    header._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    _keep_row_together(header)
    for row, values in zip(table.rows[1:], grid.rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            _cell_text(cell, text, STYLES.table_text)
        _keep_row_together(row)
    doc.add_paragraph()


def _cell_text(cell, text: str, style: str) -> None:
    lines = text.split("\n") or [""]
    first = cell.paragraphs[0]
    first.text = lines[0]
    first.style = style
    for line in lines[1:]:
        cell.add_paragraph(line, style=style)


def _keep_row_together(row) -> None:
    row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))


def _widths(table: Table, centimetres: list[float]) -> None:
    """Fixed column widths, set where Word reads them (cells) and LibreOffice does (grid)."""
    table.autofit = False
    for column, width in zip(table.columns, centimetres, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _properties(doc: Document, outline: Outline) -> None:
    """What Word shows under File > Info: the record's, and nothing left from the template."""
    props = doc.core_properties
    props.title = f"{outline.title}: {outline.child_name}"
    props.subject = outline.subtitle
    props.author = outline.author
    props.last_modified_by = outline.author
    props.keywords = MARKING
    props.category = outline.title
    props.comments = ""
    props.identifier = outline.reference
    props.created = outline.created.replace(tzinfo=None)


@functools.lru_cache(maxsize=8)
def _cached_bytes(path: Path, modified: int) -> bytes:
    return path.read_bytes()


def _file_bytes(path: Path) -> bytes:
    """The template and logo are read once per change, not once per document."""
    return _cached_bytes(path, path.stat().st_mtime_ns)
