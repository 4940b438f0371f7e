"""The Word template and an exported record open in LibreOffice and print as pages.

LibreOffice converts each file to PDF; poppler's ``pdftoppm`` draws the pages
and ``pdftotext`` reads them back, which proves the marking is on the page and
that the footer's page-number fields are worked out ("Page 1 of 3"). Skipped,
with the reason, on a computer without LibreOffice or poppler.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from recorder.export import export_document, gather_material, load_export_settings
from recorder.export.outline import MARKING
from recorder.resources import resource

SKIPPED = "the check that documents open in LibreOffice was skipped"
CONVERT_SECONDS = 240  # a first start with a new profile can be slow on a busy machine
DRAW_SECONDS = 120


def _office() -> str:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip(f"LibreOffice is not installed: {SKIPPED}")
    if shutil.which("pdftoppm") is None:
        pytest.skip(f"poppler-utils (pdftoppm) is not installed: {SKIPPED}")
    return office


def _to_pdf(office: str, document: Path, work: Path) -> Path:
    """Convert with a private LibreOffice profile, so parallel runs never share one."""
    out = work / "pdf"
    profile = work / "lo-profile"
    command = [
        office,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        str(document),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"LibreOffice took more than {CONVERT_SECONDS} s to convert {document.name}")
    pdf = out / f"{document.stem}.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 0, (
        f"LibreOffice did not make a PDF of {document.name} (exit {done.returncode}).\n"
        f"stdout: {done.stdout}\nstderr: {done.stderr}"
    )
    return pdf


def _pages(pdf: Path, work: Path) -> list[Path]:
    """Each page drawn as a PNG at 50 dpi, in page order."""
    folder = work / "png"
    folder.mkdir()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(pdf), str(folder / "page")],
        check=True,
        capture_output=True,
        timeout=DRAW_SECONDS,
    )
    return sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def _page_count(pdf: Path) -> int | None:
    if shutil.which("pdfinfo") is None:
        return None
    info = subprocess.run(
        ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=DRAW_SECONDS
    ).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(found.group(1)) if found else None


def _text(pdf: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=DRAW_SECONDS,
    ).stdout


def _assert_drawn(png: Path) -> None:
    """A real A4 portrait page with something on it, not a blank or broken image."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{png.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    assert 380 <= width <= 450 and 550 <= height <= 620, (
        f"{png.name} is {width}x{height} pixels; an A4 page at 50 dpi is about 414x585"
    )
    pixels = bytearray()
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        if kind == b"IDAT":
            pixels += data[at + 8 : at + 8 + length]
        at += 12 + length
    shades = set(zlib.decompress(bytes(pixels)))
    assert len(shades) > 32, f"{png.name} looks blank ({len(shades)} distinct byte values)"


def _open_in_libreoffice(document: Path, work: Path) -> tuple[int, str | None]:
    office = _office()
    pdf = _to_pdf(office, document, work)
    pngs = _pages(pdf, work)
    assert len(pngs) >= 1, f"{pdf.name} has no pages"
    for png in pngs:
        _assert_drawn(png)
    counted = _page_count(pdf)
    if counted is not None:
        assert counted == len(pngs)
    return len(pngs), _text(pdf)


def test_the_word_template_opens_in_libreoffice(tmp_path):
    template = resource("templates", "record.docx")
    pages, text = _open_in_libreoffice(template, tmp_path)
    assert pages >= 1
    if text is not None:
        assert text.count(MARKING) >= 2 * pages, "the marking heads and foots every page"


def test_an_exported_record_opens_in_libreoffice_with_its_marking_and_page_numbers(
    demo_store, reference, forms, tmp_path
):
    _office()
    visit = next(
        record
        for record in (demo_store.records.get(i) for i in demo_store.records.ids())
        if record.form_id == "cp_visit"
        and demo_store.people.get(demo_store.cases.get(record.case_id).child_id).last_name
        == "Szymańska"
        and record.values.get("actions")
    )
    material = gather_material(demo_store, visit.id, vocabulary=reference.relationships)
    document = export_document(
        material, tmp_path / "Szymańska visit.docx", forms=forms, settings=load_export_settings()
    )

    pages, text = _open_in_libreoffice(document, tmp_path)

    assert pages >= 1
    if text is None:
        return
    assert MARKING in text
    assert material.child.full_name in text, "the child's name, in its own script"
    assert "Page 1 of" in text, "the page-number fields are worked out"
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert text.count(MARKING) >= 2 * pages, "the marking heads and foots every page"
    assert f"Record {visit.id}" in text
