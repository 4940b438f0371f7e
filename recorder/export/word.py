"""Laying an outline out as a Word document, in the template's named styles.

Every paragraph and table takes a named style from the template, and nothing
is formatted by hand, so a council restyles its documents in Word alone. The
protective marking goes into every header and footer the document can show
(first page, odd and even pages), so no page ever prints without it.
"""

from __future__ import annotations

import functools
import io
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
from recorder.export.template import STYLES

_TEXT_WIDTH_CM = 17.0
_LABEL_WIDTH_CM = 5.9
_LOGO_HEIGHT_CM = 1.7


def build_document(outline: Outline, settings: ExportSettings) -> Document:
    """A complete document for one record, not yet saved."""
    doc = docx.Document(io.BytesIO(_file_bytes(settings.template)))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    write = _Writer(doc)
    _headers_and_footers(write, outline.reference)
    _council(write, settings)
    write.paragraph(doc, outline.title, "Title")
    write.paragraph(doc, outline.subtitle, "Subtitle")
    for notice in outline.notices:
        write.paragraph(doc, notice, STYLES.notice)
    _pairs(write, outline.details)
    for section in outline.sections:
        write.paragraph(doc, section.title, "Heading 1")
        for block in section.blocks:
            if isinstance(block, Pairs):
                _pairs(write, block.rows)
            elif isinstance(block, Grid):
                write.paragraph(doc, block.label, STYLES.label)
                _grid(write, block)
            elif isinstance(block, Voice):
                write.paragraph(doc, block.label, STYLES.voice_label)
                for text in block.paragraphs:
                    write.paragraph(doc, text, STYLES.voice)
            elif isinstance(block, Text):
                write.paragraph(doc, block.label, STYLES.label)
                for text in block.paragraphs:
                    write.paragraph(doc, text, STYLES.text)
    write.paragraph(doc, "Sign-off", "Heading 1")
    _pairs(write, outline.sign_off)
    _properties(doc, outline)
    return doc


class _Writer:
    """Adds styled paragraphs, looking each style up once per document.

    python-docx looks a style up by name on every paragraph, scanning the whole
    style sheet each time; by id it is a single attribute.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.ids = {style.name: style.style_id for style in doc.styles}

    def paragraph(self, container, text: str, style: str):
        paragraph = container.add_paragraph(text)
        paragraph._p.style = self.ids[style]
        return paragraph

    def cell(self, cell, text: str, style: str) -> None:
        """A cell's text, one paragraph per line."""
        lines = text.split("\n")
        first = cell.paragraphs[0]
        first.text = lines[0]
        first._p.style = self.ids[style]
        for line in lines[1:]:
            self.paragraph(cell, line, style)

    def table(self, rows: int, cols: int, style: str | None) -> Table:
        table = self.doc.add_table(rows=rows, cols=cols)
        if style is not None:
            table._tbl.tblPr.style = self.ids[style]
        return table


def _headers_and_footers(write: _Writer, reference: str) -> None:
    for section in write.doc.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            header.is_linked_to_previous = False
            _empty(header._element)
            write.paragraph(header, MARKING, STYLES.marking)
        for footer in (section.footer, section.first_page_footer, section.even_page_footer):
            footer.is_linked_to_previous = False
            _empty(footer._element)
            write.paragraph(footer, MARKING, STYLES.marking)
            line = write.paragraph(footer, f"{reference}\tPage ", STYLES.footer)
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


def _council(write: _Writer, settings: ExportSettings) -> None:
    doc = write.doc
    if settings.logo is None:
        write.paragraph(doc, settings.council_name, STYLES.council)
        if settings.department:
            write.paragraph(doc, settings.department, STYLES.department)
        return
    table = write.table(1, 2, None)
    _widths(table, [_LOGO_HEIGHT_CM + 0.5, _TEXT_WIDTH_CM - _LOGO_HEIGHT_CM - 0.5])
    table._tbl.tblPr.append(  # the logo starts at the margin, like the text under it
        parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/></w:tblCellMar>')
    )
    logo, words = table.rows[0].cells
    logo.paragraphs[0].add_run().add_picture(
        io.BytesIO(_file_bytes(settings.logo)), height=Cm(_LOGO_HEIGHT_CM)
    )
    words.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    write.cell(words, settings.council_name, STYLES.council)
    if settings.department:
        write.paragraph(words, settings.department, STYLES.department)
    write.paragraph(doc, "", STYLES.spacer)


def _pairs(write: _Writer, rows: tuple[tuple[str, str], ...]) -> None:
    if not rows:
        return
    table = write.table(len(rows), 2, STYLES.pairs_table)
    _widths(table, [_LABEL_WIDTH_CM, _TEXT_WIDTH_CM - _LABEL_WIDTH_CM])
    for row, (label, value) in zip(table.rows, rows, strict=True):
        label_cell, value_cell = row.cells
        write.cell(label_cell, label, STYLES.table_heading)
        write.cell(value_cell, value, STYLES.table_text)
        _keep_row_together(row)
    write.paragraph(write.doc, "", STYLES.spacer)


def _grid(write: _Writer, grid: Grid) -> None:
    table = write.table(1 + len(grid.rows), len(grid.header), STYLES.grid_table)
    total = sum(grid.weights)
    _widths(table, [_TEXT_WIDTH_CM * w / total for w in grid.weights])
    header = table.rows[0]
    for cell, text in zip(header.cells, grid.header, strict=True):
        write.cell(cell, text, STYLES.table_heading)
    header._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    _keep_row_together(header)
    for row, values in zip(table.rows[1:], grid.rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            write.cell(cell, text, STYLES.table_text)
        _keep_row_together(row)
    write.paragraph(write.doc, "", STYLES.spacer)


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
