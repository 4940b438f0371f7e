"""Draw the visit form's children section: ``python docs/make_visit_form_screenshot.py``.

Saves ``docs/visit-form-children.png`` (and ``-150.png`` at 150% scaling when run
with ``QT_SCALE_FACTOR=1.5``). Runs offscreen unless a display is set.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from docs.make_screenshots import DAY, OUT, settle  # noqa: E402
from recorder.demo import create_demo_database  # noqa: E402
from recorder.forms.definitions import load_forms  # noqa: E402
from recorder.reference import load_reference_data  # noqa: E402
from recorder.ui.app import apply_style  # noqa: E402
from recorder.ui.collector import collect_on_gui_thread  # noqa: E402
from recorder.ui.main_window import MainWindow  # noqa: E402
from recorder.ui.tasks import TaskRunner  # noqa: E402


def main() -> None:
    app = QApplication(sys.argv[:1])
    collect_on_gui_thread(app)
    apply_style(app)
    reference = load_reference_data()
    scaled = os.environ.get("QT_SCALE_FACTOR", "1") not in ("", "1")
    with tempfile.TemporaryDirectory() as folder:
        store = create_demo_database(Path(folder) / "demo.db", today=DAY)
        runner = TaskRunner(store)
        user = next(u for u in store.users.all() if u.role == "social_worker")
        store.sign_in(user.id)
        window = MainWindow(runner, reference=reference, forms=load_forms(), user=user, today=DAY)
        window.resize(1400, 780)
        window.show()
        settle(app, runner)
        entry = next(e for e in window.caseload_model.rows() if e.row.child.first_name == "Alusine")
        window.open_person(entry.row.child.id)
        settle(app, runner)
        window.new_record(entry.row.case.id, "home_visit")
        settle(app, runner)
        form = window.form_windows[0]
        form.resize(1100, 900)
        form.sections.setCurrentRow(1)
        settle(app, runner)
        table = form.rows["children_seen"]
        table.editor.focus_widget().setFocus()
        form.scroll.ensureWidgetVisible(table.editor.widget, 0, 40)
        settle(app, runner)
        name = "visit-form-children-150.png" if scaled else "visit-form-children.png"
        form.grab().save(str(OUT / name))
        form.autosave.stop()
        form.dirty = False  # a picture, not a record: nothing to keep
        form.close()
        settle(app, runner)
        window.close()
        runner.close()


if __name__ == "__main__":
    main()
