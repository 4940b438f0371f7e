"""Draw the family record's screenshots: ``python docs/make_family_screenshots.py``.

The child view with its family-record buttons, the person dialog offering a
possible duplicate, a move in to a new address, opening and closing a case, the
merge dialog and the family's history; each at normal size and at 150% scaling
(``QT_SCALE_FACTOR=1.5``), each scale in its own process. Runs offscreen.
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


def draw(suffix: str) -> None:
    from PySide6.QtWidgets import QApplication

    from recorder.demo import create_demo_database
    from recorder.domain.people import Person
    from recorder.forms.definitions import load_forms
    from recorder.reference import load_reference_data
    from recorder.ui.app import apply_style
    from recorder.ui.collector import collect_on_gui_thread
    from recorder.ui.main_window import MainWindow
    from recorder.ui.tasks import TaskRunner

    app = QApplication(sys.argv[:1])
    collect_on_gui_thread(app)
    apply_style(app)
    reference = load_reference_data()

    def settle() -> None:
        for _ in range(8):
            runner.wait()
            app.processEvents()

    def window_for(role: str) -> MainWindow:
        user = next(u for u in runner.store.users.all() if u.role.value == role)
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
        window = window_for("team_manager")
        row = window.caseload_model.rows()[0].row if window.caseload_model.rowCount() else None
        child = row.child if row else store.people.get(store.rows("SELECT id FROM cases")[0]["id"])
        window.open_person(child.id)
        settle()
        view = window.person_view
        view.tabs.setCurrentIndex(1)
        settle()
        save(window, "family-child-view")
        actions = view.family_actions

        dialog = actions.add_to_family()
        dialog.first_name.setText(child.first_name.upper())
        dialog.last_name.setText(child.last_name)
        if child.date_of_birth:
            dialog.date_of_birth.setText(child.date_of_birth.strftime("%d/%m/%Y"))
        dialog.accept()
        settle()
        save(dialog, "family-person-duplicate")
        dialog.reject()
        settle()

        actions.move_in()
        settle()
        dialog = actions.dialog
        dialog.where.setCurrentIndex(dialog.where.count() - 1)
        dialog.on.setText("3/13/2026")
        dialog.accept()
        settle()
        save(dialog, "family-move-in")
        dialog.reject()

        actions.open_case()
        settle()
        save(actions.dialog, "family-open-case")
        actions.dialog.reject()
        case = next(c for c in store.cases.for_child(child.id) if c.is_open)
        actions.close_case(case)
        settle()
        save(actions.dialog, "family-close-case")
        actions.dialog.reject()

        copy = Person(child.first_name, child.last_name, known_as="", gender=child.gender)
        store.people.record_new(copy, not_a_duplicate=True)
        actions.merge()
        settle()
        dialog = actions.dialog
        dialog.find.setText(child.first_name)
        settle()
        dialog.reason.setText("The same child, added twice at the front door")
        save(dialog, "family-merge")
        dialog.accept()
        settle()
        history = actions.show_history()
        settle()
        save(history, "family-history")
        history.close()
        window.close()
        settle()
        runner.close()


def main() -> None:
    if len(sys.argv) > 1:
        draw("" if sys.argv[1] == "normal" else sys.argv[1])
        return
    for scale, suffix in SCALES.items():
        env = {**os.environ, "QT_SCALE_FACTOR": scale}
        subprocess.run([sys.executable, __file__, suffix or "normal"], env=env, check=True)


if __name__ == "__main__":
    main()
