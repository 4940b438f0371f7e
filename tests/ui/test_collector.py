"""Reference cycles are collected on the GUI thread only, however much a worker allocates."""

from __future__ import annotations

import gc
import threading

import srsly
from PySide6.QtCore import QObject

from recorder.ui.collector import collect_on_gui_thread


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_busy_worker_thread_never_starts_a_collection(qtbot, gui_thread_collector):
    started_on = []

    def note(phase, info):
        if phase == "start":
            started_on.append(threading.get_ident())

    def busy():
        for n in range(200_000):
            _Cycle()
            if n == 1_000:
                # spaCy reads its model through srsly, which turns gc back on when done.
                srsly.msgpack_loads(srsly.msgpack_dumps({"words": list(range(100))}))

    worker = threading.Thread(target=busy)
    gc.callbacks.append(note)
    try:
        worker.start()
        worker.join()
        assert worker.ident not in started_on
        gone = []
        canary = QObject()
        canary.cycle = canary
        canary.destroyed.connect(lambda: gone.append(threading.get_ident()))
        del canary
        qtbot.waitUntil(lambda: bool(gone), timeout=10_000)  # the GUI thread's timer
    finally:
        gc.callbacks.remove(note)
    assert started_on and set(started_on) == {threading.main_thread().ident}
    assert gone == [threading.main_thread().ident]
    assert gc.get_threshold()[0] == 0


def test_there_is_one_collector(gui_thread_collector):
    assert collect_on_gui_thread() is gui_thread_collector


def test_a_full_collection_waits_as_python_would_for_enough_long_lived_objects(
    gui_thread_collector,
):
    """Regression: every tenth collection of the middle generation was a full one, and at
    50,000 people each full collection stopped the window for 300-800 ms. Python waits
    until the objects that reached the oldest generation since its last full collection
    number a quarter of those it held then; so does the collector."""
    full = []

    def note(phase, info):
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    kept = []
    gc.callbacks.append(note)
    try:
        gui_thread_collector.long_lived = 10_000_000  # as after loading a great deal
        gui_thread_collector.long_lived_pending = 0
        for _ in range(2_000):
            if gc.get_count()[2] > gui_thread_collector.thresholds[2] + 2:
                break
            kept.append([[n] for n in range(1_000)])  # young objects that live on
            gui_thread_collector.collect()
        assert gc.get_count()[2] > gui_thread_collector.thresholds[2]  # Python's 10 passed
        assert full == []
        assert gui_thread_collector.long_lived_pending >= 1_000
        gui_thread_collector.long_lived = 1_000  # now a quarter is reached
        assert gui_thread_collector.collect() == 2
        assert full == [1] and gui_thread_collector.long_lived_pending == 0
    finally:
        gc.callbacks.remove(note)
