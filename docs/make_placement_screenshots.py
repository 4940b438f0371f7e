"""Draw the placements and visit clock screenshots: ``python docs/make_placement_screenshots.py``.

Draws each picture twice, at normal size and at 150% scaling (``QT_SCALE_FACTOR=1.5``,
as on a laptop set to 150%), each in its own process since Qt reads the scale
once. Runs offscreen unless a display is set.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

OUT = Path(__file__).resolve().parent
DAY = date(2026, 11, 20)
SCALES = {"1": "", "1.5": "-150"}
"""QT_SCALE_FACTOR and the suffix its pictures get."""


def draw(suffix: str) -> None:
    from PySide6.QtWidgets import QApplication

    from recorder.demo import create_demo_database
    from recorder.forms.definitions import load_forms
    from recorder.reference import load_reference_data
    from recorder.ui.app import apply_style
    from recorder.ui.collector import collect_on_gui_thread
    from recorder.ui.main_window import MainWindow
    from recorder.ui.tasks import TaskRunner

    app = QApplication(sys.argv[:1])
    collect_on_gui_thread(app)  # as main() does: no collection on a worker thread
    apply_style(app)
    reference = load_reference_data()

    def settle() -> None:
        for _ in range(6):
            runner.wait()
            app.processEvents()

    def window_for(name: str) -> MainWindow:
        user = next(u for u in runner.store.users.all() if u.name == name)
        runner.store.sign_in(user.id)
        window = MainWindow(runner, reference=reference, forms=load_forms(), user=user, today=DAY)
        window.resize(1400, 820)
        window.show()
        settle()
        return window

    def save(widget, name: str) -> None:
        path = OUT / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        print("Wrote", path.name)

    with tempfile.TemporaryDirectory() as folder:
        store = create_demo_database(Path(folder) / "demo.db", today=DAY)
        runner = TaskRunner(store)
        window = window_for("Tendai Moyo")  # the social worker of the Pryce children
        kieran = next(e for e in window.caseload_model.rows() if e.row.child.first_name == "Kieran")
        window.open_person(kieran.row.child.id)
        settle()
        view = window.person_view
        view.tabs.setCurrentIndex(view.visits_tab)
        settle()
        save(window, "child-view-placements")
        dialog = view.visits_section.add_placement()
        settle()
        save(dialog, "placement-dialog")
        dialog.reject()
        window.close()
        settle()

        window = window_for("Rhiannon Tull")  # the team manager
        window.team_view.overdue_table.selectRow(0)
        settle()
        save(window, "team-view")
        window.close()
        settle()
        runner.close()


def main() -> None:
    if len(sys.argv) > 1:  # one scale, in this process
        draw("" if sys.argv[1] == "normal" else sys.argv[1])
        return
    for scale, suffix in SCALES.items():
        env = {**os.environ, "QT_SCALE_FACTOR": scale}
        subprocess.run([sys.executable, __file__, suffix or "normal"], env=env, check=True)


if __name__ == "__main__":
    main()
