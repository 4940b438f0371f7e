"""Draw a chronology page in Word for the README: ``python docs/make_chronology_example.py``.

Builds the demo caseload as of its own day, adds what a worker would add to
Kieran Pryce's chronology (a referral, a strategy discussion, a review) and
sends his latest visit to business support, exports his chronology as the
Chronology tab does, prints it to PDF with LibreOffice and draws the first
page with poppler: ``docs/chronology_word.png``. Needs LibreOffice and
poppler-utils on the PATH; everything else is made in a temporary folder.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docs.make_word_example import DAY, draw_page, to_pdf  # noqa: E402
from recorder.chronology import child_chronology  # noqa: E402
from recorder.demo import create_demo_database  # noqa: E402
from recorder.domain.records import RecordStatus  # noqa: E402
from recorder.export import load_export_settings  # noqa: E402
from recorder.export.chronology import export_chronology  # noqa: E402
from recorder.forms.definitions import load_forms  # noqa: E402

OUT = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="the folder for the PNG")
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm is not installed: install poppler-utils.")
    forms = load_forms()
    with tempfile.TemporaryDirectory(prefix="chronology-example-") as temporary:
        work = Path(temporary)
        store = create_demo_database(work / "demo.db", today=DAY)
        try:
            kieran = store.search.people("Kieran Pryce")[0].person
            case = store.cases.for_child(kieran.id)[0]
            store.sign_in(case.worker_id)
            worker = store.users.get(case.worker_id)
            for days, category, note in (
                (-3, "Referral", "Referral from the school's designated safeguarding lead: "
                 "Kieran said he had been left alone overnight"),
                (-1, "Strategy discussion", "Police, school and health agreed a section 47 "
                 "enquiry"),
                (180, "Review", "Child in care review: plan for Kieran to stay in foster care "
                 "until 18 agreed"),
            ):  # fmt: skip
                store.chronology.add_entry(
                    kieran.id, on=case.start_date + timedelta(days=days), category=category,
                    note=note, today=DAY,
                )  # fmt: skip
            drafts = [r for r in store.records.for_case(case.id) if r.status is RecordStatus.DRAFT]
            for draft in drafts:
                store.records.move(draft.id, RecordStatus.WITH_BUSINESS_SUPPORT)
            chronology = child_chronology(
                store, kieran.id, visit_forms=forms.visit_form_ids(), form_titles=forms.titles(),
                on=DAY,
            )  # fmt: skip
            document = export_chronology(
                chronology, work / "chronology.docx", settings=load_export_settings(),
                produced_by=worker.name, today=DAY,
            )  # fmt: skip
        finally:
            store.close()
        pdf = to_pdf(document, work)
        print(draw_page(pdf, 1, args.out / "chronology_word.png", work))


if __name__ == "__main__":
    main()
