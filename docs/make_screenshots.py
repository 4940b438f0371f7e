"""Draw the README's screenshots from the demo caseload: ``python docs/make_screenshots.py``.

Runs offscreen unless a display is set, so it works on a build machine too.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from recorder.demo import create_demo_database  # noqa: E402
from recorder.dictation.pipeline import Drafter  # noqa: E402
from recorder.forms.definitions import load_forms  # noqa: E402
from recorder.reference import load_reference_data  # noqa: E402
from recorder.ui.app import apply_style  # noqa: E402
from recorder.ui.collector import collect_on_gui_thread  # noqa: E402
from recorder.ui.dictation_pane import BackgroundDrafter  # noqa: E402
from recorder.ui.main_window import MainWindow  # noqa: E402
from recorder.ui.tasks import TaskRunner  # noqa: E402

OUT = Path(__file__).resolve().parent
DAY = date(2026, 11, 20)

# A fictional visit to the demo's Alusine Conteh, as a worker might dictate it in the car.
DICTATION = (
    "Planned home visit to Alusine today, I arrived at 3.45pm. Fatmata let me in and Isatu "
    "and Mariama were home too. I saw Alusine on his own in his bedroom and he showed me his "
    'football medals. He said "I like it when nan walks me to school" and "I get scared when '
    'mum and dad shout on the phone". Fatmata told me her cousin Aminata Kamara has been '
    "staying on the sofa since last week. Fatmata said money is very tight and the gas is on "
    "emergency credit, so I will refer Fatmata to the family hub for help with debt by "
    "4 December. Fatmata agreed to take Alusine to the GP about his sleep by next Friday."
)


def settle(app: QApplication, runner: TaskRunner) -> None:
    for _ in range(5):
        runner.wait()
        app.processEvents()


def signed_in(app: QApplication, runner: TaskRunner, reference, role: str) -> MainWindow:
    """A main window for the demo's first user with this role, its lists loaded."""
    user = next(u for u in runner.store.users.all() if u.role == role)
    runner.store.sign_in(user.id)
    window = MainWindow(runner, reference=reference, forms=load_forms(), user=user, today=DAY)
    window.resize(1400, 780)
    window.show()
    settle(app, runner)
    return window


def main() -> None:
    app = QApplication(sys.argv[:1])
    collect_on_gui_thread(app)  # as main() does: no collection on a worker thread
    apply_style(app)
    reference = load_reference_data()
    with tempfile.TemporaryDirectory() as folder:
        store = create_demo_database(Path(folder) / "demo.db", today=DAY)
        runner = TaskRunner(store)
        user = next(u for u in store.users.all() if u.role == "social_worker")
        store.sign_in(user.id)
        window = MainWindow(runner, reference=reference, forms=load_forms(), user=user, today=DAY)
        window.resize(1400, 780)
        window.show()
        settle(app, runner)
        child = next(e.row.child for e in window.caseload_model.rows() if e.overdue)
        window.open_person(child.id)
        settle(app, runner)
        window.grab().save(str(OUT / "main-window.png"))
        window.person_view.tabs.setCurrentIndex(1)
        settle(app, runner)
        window.grab().save(str(OUT / "child-view-family.png"))
        window.person_view.tabs.setCurrentIndex(3)
        window.person_view.records_table.selectRow(0)
        settle(app, runner)
        window.grab().save(str(OUT / "child-view-records.png"))
        window.search.setText("szyma")
        window.run_search()
        settle(app, runner)
        window.grab().save(str(OUT / "search.png"))
        window.search.clear()
        settle(app, runner)
        cp = next(
            e for e in window.caseload_model.rows() if e.row.case.case_type == "child_protection"
        )
        window.open_person(cp.row.child.id)
        settle(app, runner)
        window.new_record(cp.row.case.id, "cp_visit")
        settle(app, runner)
        form = window.form_windows[0]
        form.resize(1100, 860)
        form.sections.setCurrentRow(1)
        settle(app, runner)
        form.grab().save(str(OUT / "form.png"))
        form.dirty = False  # a picture, not a record: nothing to keep
        form.close()
        settle(app, runner)

        drafting = BackgroundDrafter()
        drafting.use(Drafter.load())
        window.drafting = drafting
        cin = next(e for e in window.caseload_model.rows() if e.row.child.first_name == "Alusine")
        window.open_person(cin.row.child.id)
        settle(app, runner)
        window.new_record(cin.row.case.id, "home_visit")
        settle(app, runner)
        form = window.form_windows[-1]
        form.resize(1500, 900)
        pane = form.dictation_pane
        pane.dictation.setPlainText(DICTATION)
        pane.draft()
        drafting.wait()
        settle(app, runner)
        for field_id in ("visit_date", "visit_time", "visit_type"):
            pane.accept_row(
                next(
                    i for i, r in enumerate(pane.model.rows()) if r.suggestion.field_id == field_id
                )
            )
        voice = next(
            i for i, r in enumerate(pane.model.rows()) if r.suggestion.field_id == "child_voice"
        )
        pane.table.selectRow(voice + 1)
        settle(app, runner)
        form.grab().save(str(OUT / "dictation.png"))
        form.autosave.stop()
        form.dirty = False
        form.close()
        window.close()
        settle(app, runner)

        for role, picture in (("business_support", "queue.png"), ("team_manager", "team.png")):
            window = signed_in(app, runner, reference, role)
            first_list = window.queue_view or window.team_view.approvals
            first_list.table.selectRow(0)  # its child and the record itself show on the right
            settle(app, runner)
            window.grab().save(str(OUT / picture))
            window.close()
            settle(app, runner)
        runner.close()
    print("Wrote", ", ".join(p.name for p in sorted(OUT.glob("*.png"))))


if __name__ == "__main__":
    main()
