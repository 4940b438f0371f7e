"""A main window over the demo caseload, its database work on the real worker thread."""

from __future__ import annotations

import pytest

from recorder.store import Store
from recorder.ui.main_window import MainWindow
from recorder.ui.tasks import TaskRunner
from tests.conftest import DEMO_DAY


@pytest.fixture
def runner(demo_db):
    runner = TaskRunner(Store.open(demo_db))
    yield runner
    runner.close()


@pytest.fixture
def worker(runner):
    return next(u for u in runner.store.users.all() if u.name == "Bethan Lowry")


@pytest.fixture
def window(qtbot, runner, reference, forms, worker, monkeypatch):
    reported = []
    monkeypatch.setattr(
        "recorder.ui.main_window.ask_to_report", lambda parent, message: reported.append(message)
    )
    runner.store.sign_in(worker.id)
    window = MainWindow(runner, reference=reference, forms=forms, user=worker, today=DEMO_DAY)
    window.reported = reported
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.caseload_model.rowCount() > 0)
    return window
