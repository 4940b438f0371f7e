"""Make the Word template and demo logo afresh: ``python docs/make_template.py``.

The template (``resources/templates/record.docx``) is kept in the repository
as a real Word file: a council restyles it in Word and never runs this again.
This script is how the first one was made, and how to get back to it. Every
style the exporter uses is defined here and shown once in the template's body,
so opening the template in Word shows what each style is for.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docx import Document  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402
from docx.shared import Cm, Pt, RGBColor  # noqa: E402

from recorder.export.template import STYLES  # noqa: E402
from recorder.resources import resource  # noqa: E402

FONT = "Arial"
NAVY = RGBColor(0x1F, 0x38, 0x64)
BLUE = RGBColor(0x2E, 0x5C, 0x8A)
GREY = RGBColor(0x59, 0x59, 0x59)
TEXT_WIDTH = Cm(17)  # A4 less two 2 cm margins


def _font(style, *, size: float | None = None, bold: bool | None = None, colour=None,
          italic: bool | None = None) -> None:  # fmt: skip
    """One explicit font, with the theme's fonts taken out so Word cannot swap it back."""
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(
        0,
        parse_xml(
            f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" '
            f'w:eastAsia="{FONT}"/>'
        ),
    )
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if colour is not None:
        style.font.color.rgb = colour


def _spacing(style, *, before: float = 0, after: float = 6, keep_with_next: bool = False,
             line: float | None = None) -> None:  # fmt: skip
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = keep_with_next
    if line is not None:
        fmt.line_spacing = line


def _plain(style) -> None:
    """Take out what Word's stock style carries and ours does not want: list numbering,
    letter-spacing, kerning, the theme's italic, and the link to a character twin
    that still holds the theme's blue."""
    element = style.element
    for tag in ("w:link",):
        for old in element.findall(qn(tag)):
            element.remove(old)
    ppr = element.pPr
    if ppr is not None:
        for old in ppr.findall(qn("w:numPr")) + ppr.findall(qn("w:pBdr")):
            ppr.remove(old)
    rpr = element.rPr
    if rpr is not None:
        for tag in ("w:spacing", "w:kern", "w:iCs", "w:i", "w:caps"):
            for old in rpr.findall(qn(tag)):
                rpr.remove(old)


def _word_2013_layout(doc) -> None:
    """Compatibility mode 15: tables line up with the text margin by their borders."""
    compat = doc.settings.element.find(qn("w:compat"))
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _paragraph_style(doc, name: str, base: str = "Normal"):
    styles = doc.styles
    style = (
        styles[name]
        if name in [s.name for s in styles]
        else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    )
    style.base_style = styles[base] if name != base else None
    style.quick_style = True
    return style


def _border(style, where: str, *, size: int, colour: str, space: int = 4) -> None:
    ppr = style.element.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = parse_xml(f"<w:pBdr {nsdecls('w')}/>")
        ppr.append(borders)
    borders.append(
        parse_xml(
            f'<w:{where} {nsdecls("w")} w:val="single" w:sz="{size}" w:space="{space}" '
            f'w:color="{colour}"/>'
        )
    )


def _shading(style, fill: str) -> None:
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    )


def _table_style(doc, name: str, style_id: str, *, emphasis: str, fill: str) -> None:
    """A table style a council can restyle: grid, cell padding, and a shaded first row
    (or first column) through Word's own conditional formatting."""
    edges = "".join(
        f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    xml = (
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/>'
        "<w:qFormat/>"
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
        '<w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'
        f"<w:tblPr><w:tblBorders>{edges}</w:tblBorders>"
        '<w:tblCellMar><w:top w:w="60" w:type="dxa"/><w:left w:w="115" w:type="dxa"/>'
        '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="115" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr>"
        f'<w:tblStylePr w:type="{emphasis}"><w:rPr><w:b/><w:bCs/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr></w:tblStylePr>'
        "</w:style>"
    )
    styles = doc.styles.element
    for old in styles.findall(qn("w:style")):
        if old.get(qn("w:styleId")) == style_id:
            styles.remove(old)
    styles.append(parse_xml(xml))


def make_template(path: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    section.header_distance = section.footer_distance = Cm(1)

    # British English for spelling, everywhere by default.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(
        parse_xml(f'<w:lang {nsdecls("w")} w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>')
    )

    s = STYLES
    normal = doc.styles["Normal"]
    _font(normal, size=11, colour=RGBColor(0, 0, 0))
    _spacing(normal, after=6, line=1.15)

    style = _paragraph_style(doc, s.council)
    _font(style, size=13, bold=True, colour=NAVY)
    _spacing(style, after=0)
    style = _paragraph_style(doc, s.department)
    _font(style, size=10, colour=GREY)
    _spacing(style, after=0)

    style = _paragraph_style(doc, "Title")
    _plain(style)
    _font(style, size=22, bold=True, colour=NAVY)
    _spacing(style, before=12, after=2, keep_with_next=True, line=1.0)
    style = _paragraph_style(doc, "Subtitle")
    _plain(style)
    _font(style, size=14, colour=GREY)
    _spacing(style, after=12, keep_with_next=True)
    style = _paragraph_style(doc, s.spacer)
    _font(style, size=4)
    _spacing(style, after=0, line=1.0)

    style = _paragraph_style(doc, s.notice)
    _font(style, size=10, bold=True, colour=RGBColor(0x9C, 0x00, 0x06))
    _spacing(style, before=0, after=8)
    _shading(style, "FDECEA")
    _border(style, "left", size=24, colour="C00000", space=6)
    style.paragraph_format.left_indent = Cm(0.25)

    style = _paragraph_style(doc, "Heading 1")
    _plain(style)
    _font(style, size=14, bold=True, colour=NAVY)
    _spacing(style, before=16, after=8, keep_with_next=True, line=1.0)
    _border(style, "bottom", size=6, colour="1F3864", space=2)

    style = _paragraph_style(doc, s.label)
    _font(style, size=11, bold=True, colour=NAVY)
    _spacing(style, before=10, after=3, keep_with_next=True)
    style = _paragraph_style(doc, s.text)
    _spacing(style, after=6)

    # The label and the words share one box: the same borders make Word (and
    # LibreOffice) draw them as one group, padded above and below in the fill colour.
    for name, bold, before in ((s.voice_label, True, 12), (s.voice, False, 0)):
        style = _paragraph_style(doc, name)
        _font(style, size=11, bold=bold, colour=BLUE if bold else RGBColor(0x1A, 0x1A, 0x1A))
        _spacing(style, before=before, after=0, keep_with_next=bold)
        _shading(style, "EAF1FB")
        _border(style, "top", size=4, colour="EAF1FB", space=4)
        _border(style, "left", size=24, colour="2E5C8A", space=8)
        _border(style, "bottom", size=4, colour="EAF1FB", space=4)
        _border(style, "right", size=4, colour="EAF1FB", space=4)
        style.paragraph_format.left_indent = Cm(0.3)
        style.paragraph_format.right_indent = Cm(0.15)

    style = _paragraph_style(doc, s.table_text)
    _font(style, size=10)
    _spacing(style, after=0, line=1.0)
    style = _paragraph_style(doc, s.table_heading, base=s.table_text)
    _font(style, size=10, bold=True)

    style = _paragraph_style(doc, s.marking)
    _font(style, size=10, bold=True, colour=RGBColor(0, 0, 0))
    _spacing(style, after=0, line=1.0)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style = _paragraph_style(doc, s.footer)
    _font(style, size=8, colour=GREY)
    _spacing(style, after=0, line=1.0)
    style.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)

    _table_style(doc, s.grid_table, "RecordTable", emphasis="firstRow", fill="D9E2F3")
    _table_style(doc, s.pairs_table, "RecordDetails", emphasis="firstCol", fill="F2F2F2")

    section.header.paragraphs[0].text = "OFFICIAL-SENSITIVE"
    section.header.paragraphs[0].style = doc.styles[s.marking]
    footer = section.footer.paragraphs[0]
    footer.text = "OFFICIAL-SENSITIVE"
    footer.style = doc.styles[s.marking]
    section.footer.add_paragraph("Record id and version\tPage numbers", style=doc.styles[s.footer])

    _word_2013_layout(doc)
    _sample_body(doc)
    props = doc.core_properties
    props.author = props.last_modified_by = ""
    props.title = "Case record template"
    props.comments = (
        "Every exported record starts from this file's styles and page set-up. Change a "
        "style here and save; the body below is replaced when a record is exported."
    )
    props.keywords = "OFFICIAL-SENSITIVE"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)


def _sample_body(doc) -> None:
    """One paragraph in each style, saying where the exporter uses it."""
    s = STYLES
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    doc.add_paragraph("Council name (style: Council Name)", style=s.council)
    doc.add_paragraph("Department (style: Council Department)", style=s.department)
    doc.add_paragraph("Form title (style: Title)", style="Title")
    doc.add_paragraph("Child's name and the date (style: Subtitle)", style="Subtitle")
    doc.add_paragraph(
        "A warning, for a record that is not yet finished (style: Record Notice)", style=s.notice
    )
    table = doc.add_table(rows=2, cols=2)
    table.style = doc.styles[s.pairs_table]
    samples = [("Label", "Value (table style: Record Details)"), ("Date of birth", "3 May 2015")]
    for row, (label, value) in zip(table.rows, samples, strict=True):
        row.cells[0].paragraphs[0].text, row.cells[1].paragraphs[0].text = label, value
        row.cells[0].paragraphs[0].style = doc.styles[s.table_heading]
        row.cells[1].paragraphs[0].style = doc.styles[s.table_text]
    doc.add_paragraph("A section of the form (style: Heading 1)", style="Heading 1")
    doc.add_paragraph("A field's label (style: Field Label)", style=s.label)
    doc.add_paragraph(
        "A long answer, one paragraph at a time, as the practitioner wrote it (style: Field Text).",
        style=s.text,
    )
    doc.add_paragraph("The child's voice: its label (style: Voice Label)", style=s.voice_label)
    doc.add_paragraph(
        "The child's own words, set apart from the practitioner's (style: Child's Voice).",
        style=s.voice,
    )
    doc.add_paragraph("Actions (style: Field Label)", style=s.label)
    table = doc.add_table(rows=2, cols=3)
    table.style = doc.styles[s.grid_table]
    for cell, text in zip(table.rows[0].cells, ["What", "Who", "By when"], strict=True):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = doc.styles[s.table_heading]
    for cell, text in zip(
        table.rows[1].cells,
        ["Table text (table style: Record Table)", "The family", "03/11/2026"],
        strict=True,
    ):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = doc.styles[s.table_text]


def make_logo(path: Path) -> None:
    """A plain mark for the fictional demo council: a bridge over water."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - painting needs it
    image = QImage(240, 240, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#1f3864"))
    painter.drawRoundedRect(QRectF(0, 0, 240, 240), 36, 36)
    white = QPen(QColor("white"), 14, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(white)
    arch = QPainterPath(QPointF(36, 150))
    arch.quadTo(QPointF(120, 40), QPointF(204, 150))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(arch)
    painter.drawLine(QPointF(30, 150), QPointF(210, 150))
    for x in (78, 120, 162):
        painter.drawLine(QPointF(x, 150), QPointF(x, 100 if x != 120 else 92))
    water = QPen(QColor("#9dc3e6"), 10, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(water)
    for y in (182, 206):
        wave = QPainterPath(QPointF(46, y))
        wave.cubicTo(QPointF(86, y - 12), QPointF(112, y + 12), QPointF(150, y))
        wave.cubicTo(QPointF(170, y - 8), QPointF(184, y - 6), QPointF(196, y))
        painter.drawPath(wave)
    painter.end()
    image.save(str(path))


if __name__ == "__main__":
    make_template(resource("templates", "record.docx"))
    make_logo(resource("templates", "logo.png"))
    print("Wrote resources/templates/record.docx and resources/templates/logo.png")
