"""A main window over the demo caseload, its database work on the real worker thread.

Reference cycles are collected on the GUI thread only, as in the app: a
collection on a worker thread while the GUI thread deleted a widget crashed
the run now and then (see ``recorder.ui.collector``).
"""

from __future__ import annotations

import logging

import pytest

from recorder.ui.collector import collect_on_gui_thread
from recorder.ui.main_window import MainWindow
from recorder.ui.tasks import TaskRunner
from tests.conftest import DEMO_DAY


@pytest.fixture(scope="package", autouse=True)
def gui_thread_collector(qapp):
    collector = collect_on_gui_thread(qapp)
    yield collector
    collector.compact()  # what these tests left in cycles goes here, on the GUI thread
    collector.stop()


def read_on_lane(qtbot, runner, work):
    """What ``work(store)`` reads, on the database lane as every read the window makes.

    A test that reads ``runner.store`` from its own thread while the window's work
    still runs on the lane puts two threads on the one connection: it failed at
    teardown with "no such savepoint" now and then.
    """
    box: list[object] = []
    runner.query(work, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return box[0]


@pytest.fixture(autouse=True)
def _collect_after_each_test(gui_thread_collector):
    """Between tests too, not only while a test runs the event loop."""
    yield
    gui_thread_collector.collect()


class SendAnswers:
    """Stands in for the send-to-business-support question; sends unless told otherwise."""

    def __init__(self) -> None:
        self.checks = []
        self.answer = True

    def __call__(self, parent, check) -> bool:
        self.checks.append(check)
        return self.answer and not check.must_fix


@pytest.fixture(autouse=True)
def send_answers(monkeypatch):
    """No test waits on the real send question; a test that cares reads or sets the answer."""
    answers = SendAnswers()
    monkeypatch.setattr("recorder.ui.form_window.ask_send", answers)
    return answers


@pytest.fixture(autouse=True)
def no_real_message_boxes(monkeypatch):
    """A message box a test did not answer fails the test instead of waiting for a click."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(*args, **kwargs):
        raise AssertionError(f"a test opened a real message box: {args[1:3]}")

    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, refuse)


@pytest.fixture
def runner(demo_db):
    """The demo opened as its team manager; a test signs in as whom it needs."""
    from tests.conftest import DEMO_MANAGER, DEMO_PASSWORDS, reopen

    runner = TaskRunner(reopen(demo_db, DEMO_MANAGER, DEMO_PASSWORDS[DEMO_MANAGER]))
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


class _LoggedErrors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _no_error_hidden_in_the_log():
    """Fail a test on any error the app logs instead of raising.

    pytest-qt already fails a test on an exception a Qt slot raises (it hooks
    ``sys.excepthook``, which PySide calls). What it cannot see is an exception
    the app catches and only logs: the task runner catches whatever a
    background job or its result callback raises, logs it and shows "Something
    went wrong" (which the window fixture swallows). Those are bugs too.
    """
    handler = _LoggedErrors()
    logger = logging.getLogger("recorder")
    logger.addHandler(handler)
    yield
    logger.removeHandler(handler)
    if handler.records:
        pytest.fail(
            "Errors were logged while the user saw nothing:\n\n"
            + "\n\n".join(logging.Formatter().format(r) for r in handler.records)
        )
