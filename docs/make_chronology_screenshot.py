"""Draw the Chronology tab: ``python docs/make_chronology_screenshot.py``.

Kieran Pryce's chronology in the demo caseload, as his worker sees it, with a
strategy discussion added by hand and a note being typed: ``docs/chronology-tab.png``.
Runs offscreen unless a display is set.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

OUT = Path(__file__).resolve().parent
DAY = date(2026, 11, 20)


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from recorder.demo import create_demo_database
    from recorder.forms.definitions import load_forms
    from recorder.reference import load_reference_data
    from recorder.ui.app import apply_style
    from recorder.ui.collector import collect_on_gui_thread
    from recorder.ui.main_window import MainWindow
    from recorder.ui.tasks import TaskRunner

    app = QApplication(sys.argv[:1])
    collect_on_gui_thread(app)
    apply_style(app)
    with tempfile.TemporaryDirectory(prefix="chronology-shot-") as temporary:
        store = create_demo_database(Path(temporary) / "demo.db", today=DAY)
        kieran = store.search.people("Kieran Pryce")[0].person
        case = store.cases.for_child(kieran.id)[0]
        store.sign_in(case.worker_id)
        store.chronology.add_entry(
            kieran.id, on=case.start_date - timedelta(days=1), category="Strategy discussion",
            note="Police, school and health agreed a section 47 enquiry", today=DAY,
        )  # fmt: skip
        runner = TaskRunner(store)
        user = store.users.get(case.worker_id)
        window = MainWindow(
            runner, reference=load_reference_data(), forms=load_forms(), user=user, today=DAY
        )
        window.resize(1400, 820)
        window.show()

        def settle() -> None:
            for _ in range(6):
                runner.wait()
                app.processEvents()

        settle()
        window.open_person(kieran.id)
        settle()
        view = window.person_view
        view.tabs.setCurrentWidget(view.chronology)
        view.chronology.category.setCurrentText("Court")
        view.chronology.note.setText("Hearing listed for 4 December; the guardian has been told")
        settle()
        path = OUT / "chronology-tab.png"
        window.grab().save(str(path))
        print("Wrote", path.name)
        runner.close()


if __name__ == "__main__":
    main()
