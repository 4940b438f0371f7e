"""Draw docs/history.png: the History dialog of a visit that went through a hand-off.

``python docs/make_history_screenshot.py [--out PATH]``. Runs offscreen unless a
display is set. The hand-off is made with the store's own verbs, each as the
person signed in, so the dialog shows what the tool really records: Bethan
Lowry writes the visit and sends it, Denise Harrop (business support) adds the
time and tidies the analysis (kept as a suggestion) and hands it back with a
question, Bethan accepts the wording and finishes it, Rhiannon Tull approves it.

Made in a second, the steps would all read the same minute; so this script, and
only this script, sets the clock of its own throwaway database to the demo's
Thursday and Friday (see ``ScriptedTime``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from recorder.demo import create_demo_database  # noqa: E402
from recorder.domain import Record, RecordStatus  # noqa: E402
from recorder.forms.business_support import accept_suggestion, business_support_edit  # noqa: E402
from recorder.forms.definitions import load_forms  # noqa: E402
from recorder.store import Store, casework  # noqa: E402
from recorder.ui.app import apply_style  # noqa: E402
from recorder.ui.collector import collect_on_gui_thread  # noqa: E402
from recorder.ui.history_dialog import HistoryDialog  # noqa: E402
from recorder.ui.tasks import TaskRunner  # noqa: E402

OUT = Path(__file__).resolve().parent
DAY = date(2026, 11, 20)
ANALYSIS = (
    "mum is coping better since the review. the arrears are being paid off at £20 a week. "
    "the worry now is the overcrowding, four people in two rooms"
)
TIDIED = (
    "Mum is coping better since the review. The arrears are being paid off at £20 a week. "
    "The worry now is the overcrowding: four people share two bedrooms."
)


class ScriptedTime:
    """The time each step of the story happens, for a throwaway screenshot database.

    The change log is stamped by SQLite's ``strftime(..., 'now')`` in the store's
    triggers and hand-offs by ``utc_now``; both are pointed here. The tool itself never
    does this: a record's times are the computer's.
    """

    def __init__(self, store: Store) -> None:
        self.now = datetime(2026, 11, 19, 16, 52, tzinfo=UTC)
        store.db.conn.create_function("strftime", 2, self._strftime)
        casework.utc_now = lambda: self.now

    def at(self, day: int, hour: int, minute: int) -> None:
        self.now = datetime(2026, 11, day, hour, minute, tzinfo=UTC)

    def _strftime(self, form: str, when: str) -> str | None:
        if when != "now":
            return None  # the store asks for nothing else; say so rather than guess
        return self.now.strftime(form.replace("%f", "%S.000"))


def hand_off(store: Store, forms) -> tuple[Record, str]:
    """A home visit to Mariama from draft to approval, each step as the person who takes it.

    :return: the approved record and what it is ("Home visit: Mariama ...")
    """
    clock = ScriptedTime(store)
    users = {u.name: u for u in store.users.all()}
    bethan, denise, rhiannon = (
        users[n] for n in ("Bethan Lowry", "Denise Harrop", "Rhiannon Tull")
    )
    form = forms.forms["home_visit"]
    case = next(c for c in store.views.caseload(worker_id=bethan.id, visit_forms=["home_visit"])
                if c.child.first_name == "Mariama").case  # fmt: skip
    store.sign_in(bethan.id)
    record = Record(case.id, "home_visit", 1, bethan.id, values={
        "visit_date": "2026-11-19", "visit_type": "Planned", "child_seen": True,
        "child_seen_alone": True, "child_voice": "Mariama said she likes her new teacher.",
        "observations": "The flat was warm and tidy; Mariama showed me her drawings.",
        "analysis": ANALYSIS,
    })  # fmt: skip
    store.records.add(record)
    clock.at(19, 17, 5)
    store.records.move(record.id, RecordStatus.WITH_BUSINESS_SUPPORT)

    clock.at(20, 9, 14)
    store.sign_in(denise.id)
    saved = store.records.get(record.id).values
    edited = {**saved, "visit_time": "10:30", "school": "Castlegate Primary", "analysis": TIDIED}
    edit = business_support_edit(form, saved, edited, user_id=denise.id)
    store.records.save_values(record.id, edit.values, suggested=edit.suggestions)
    clock.at(20, 9, 21)
    store.records.move(
        record.id,
        RecordStatus.DRAFT,
        reason="Please check my wording of the analysis. Is the school still Castlegate?",
    )

    clock.at(20, 11, 2)
    store.sign_in(bethan.id)
    saved = store.records.get(record.id)
    values, suggested = accept_suggestion(saved.values, saved.suggested, "analysis")
    store.records.save_values(record.id, values, suggested=suggested)
    clock.at(20, 11, 4)
    store.records.move(record.id, RecordStatus.FINISHED)

    clock.at(20, 15, 30)
    store.sign_in(rhiannon.id)
    store.records.move(record.id, RecordStatus.APPROVED)
    child = store.people.get(case.child_id)
    return store.records.get(record.id), f"{form.title}: {child.display_name}"


def settle(app: QApplication, runner: TaskRunner) -> None:
    for _ in range(5):
        runner.wait()
        app.processEvents()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT / "history.png")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    collect_on_gui_thread(app)  # as main() does: no collection on a worker thread
    apply_style(app)
    forms = load_forms()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.db"
        store = create_demo_database(path, today=DAY)  # encrypted, as the app makes it
        record, subject = hand_off(store, forms)
        runner = TaskRunner(store)
        dialog = HistoryDialog(runner, record.id, forms=forms, subject=subject)
        dialog.show()
        settle(app, runner)
        proxy = dialog.lines_table.model()
        returned = next(
            r for r in range(proxy.rowCount()) if "(reason:" in str(proxy.index(r, 4).data())
        )
        dialog.lines_table.selectRow(returned)
        settle(app, runner)
        dialog.grab().save(str(args.out))
        dialog.close()
        runner.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
