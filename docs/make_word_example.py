"""Draw the README's picture of an exported Word document: ``python docs/make_word_example.py``.

Exports one demo record (a child protection visit to Oliwia Szymańska, with the
child's voice and actions) as the exporter does, prints it to PDF with
LibreOffice and draws pages with poppler's ``pdftoppm``:

- ``docs/word_export.png``: the first page
- ``docs/word_export_2.png``: the page with the actions table, when that is another page

Needs LibreOffice (``libreoffice`` or ``soffice``) and poppler-utils on the PATH.
Everything else is written in a temporary folder and removed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recorder.demo import create_demo_database  # noqa: E402
from recorder.domain.records import Record, RecordStatus  # noqa: E402
from recorder.export import export_document, gather_material, load_export_settings  # noqa: E402
from recorder.forms.definitions import load_forms  # noqa: E402
from recorder.reference import load_reference_data  # noqa: E402
from recorder.store import Store  # noqa: E402

OUT = Path(__file__).resolve().parent
DAY = date(2026, 11, 20)
DPI = 80
ACTIONS_HEADER = "By when"
"""A column heading only an actions table has, to find its page."""


def pick_record(store: Store) -> Record:
    """An approved child protection visit to Oliwia Szymańska with the most actions."""
    records = [store.records.get(i) for i in store.records.ids()]

    def child_surname(record: Record) -> str:
        return store.people.get(store.cases.get(record.case_id).child_id).last_name

    visits = [
        r
        for r in records
        if r.form_id == "cp_visit"
        and r.status is RecordStatus.APPROVED
        and child_surname(r) == "Szymańska"
        and r.values.get("child_voice")
        and r.values.get("actions")
    ]
    if not visits:
        raise SystemExit("The demo caseload has no approved child protection visit to Oliwia.")
    return max(
        visits,
        key=lambda r: (
            len(r.values.get("actions") or []) + len(r.values.get("actions_review") or []),
            r.values.get("visit_date") or "",
        ),
    )


def run(command: list[str], *, timeout: float) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed (exit {done.returncode}): {done.stderr.strip()}")
    return done.stdout


def to_pdf(document: Path, work: Path) -> Path:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        raise SystemExit("LibreOffice is not installed: install it to draw the example.")
    profile = work / "lo-profile"
    run(
        [
            office,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(document),
        ],
        timeout=300,
    )
    pdf = work / f"{document.stem}.pdf"
    if not pdf.is_file():
        raise SystemExit(f"LibreOffice did not make a PDF of {document.name}.")
    return pdf


def page_count(pdf: Path) -> int:
    for line in run(["pdfinfo", str(pdf)], timeout=60).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise SystemExit(f"pdfinfo did not say how many pages {pdf.name} has.")


def page_text(pdf: Path, page: int) -> str:
    return run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], timeout=60)


def draw_page(pdf: Path, page: int, out: Path, work: Path) -> Path:
    stem = work / f"page{page}"
    run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(stem)],
        timeout=120,
    )  # fmt: skip
    shutil.move(f"{stem}.png", out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="the folder for the PNGs")
    args = parser.parse_args()
    for tool in ("pdftoppm", "pdfinfo", "pdftotext"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed: install poppler-utils.")
    reference = load_reference_data()
    forms = load_forms()
    with tempfile.TemporaryDirectory(prefix="word-example-") as temporary:
        work = Path(temporary)
        store = create_demo_database(work / "demo.db", today=DAY)
        try:
            record = pick_record(store)
            material = gather_material(store, record.id, vocabulary=reference.relationships)
            document = export_document(
                material, work / "visit.docx", forms=forms, settings=load_export_settings()
            )
        finally:
            store.close()
        pdf = to_pdf(document, work)
        pages = page_count(pdf)
        first = draw_page(pdf, 1, args.out / "word_export.png", work)
        print(f"Wrote {first} (page 1 of {pages}: {material.child.full_name}, record {record.id})")
        second = args.out / "word_export_2.png"
        actions = next(
            (p for p in range(1, pages + 1) if ACTIONS_HEADER in page_text(pdf, p)), None
        )
        if actions is not None and actions != 1:
            draw_page(pdf, actions, second, work)
            print(f"Wrote {second} (page {actions} of {pages}, with the actions)")
        else:
            second.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
