"""Reference cycles are collected on the GUI thread only, however much a worker allocates."""

from __future__ import annotations

import gc
import threading

import srsly
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit

from recorder.ui.collector import IDLE_S, MAX_WAIT_S, YOUNG_LIMIT, collect_on_gui_thread


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


def test_the_young_are_collected_in_batches_and_what_survives_is_frozen(gui_thread_collector):
    """Regression: a worker loading a 13,000-row caseload left 116,000 young objects, and
    the one pass over them (Python's count of passes was not yet reached) stopped the
    window for 144 ms. A pass now comes once about ``YOUNG_LIMIT`` objects are waiting."""
    chunk = 5_000
    kept = []
    batches = []
    for _ in range(40):  # 200,000 objects that live on, as a loaded list's rows do
        kept.append([[n] for n in range(chunk)])
        young = len(gc.get_objects(generation=0)) + len(gc.get_objects(generation=1))
        if gui_thread_collector.collect() == 1:
            batches.append(young)
            assert gc.get_objects(generation=2) == []  # survivors go out of every pass's way
    assert len(batches) >= 200_000 // (YOUNG_LIMIT + 2 * chunk)
    assert max(batches) <= YOUNG_LIMIT + 2 * chunk
    assert gui_thread_collector.long_lived_pending >= 150_000


def test_a_full_walk_waits_for_a_pause_in_the_work(qtbot, gui_thread_collector):
    """Regression: at 50,000 people each full collection stopped the window for 150-800 ms,
    several times while a team manager's lists loaded. Python walks everything once a
    quarter more has reached the oldest generation since its last walk; the collector
    waits, besides, until nobody has touched the keyboard or mouse for ``IDLE_S``."""
    full = []

    def note(phase, info):
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    field = QLineEdit()
    qtbot.addWidget(field)
    gc.callbacks.append(note)
    try:
        gui_thread_collector.long_lived = 1_000
        gui_thread_collector.long_lived_pending = 10_000  # a great deal loaded: a walk is due
        qtbot.keyClicks(field, "typing")
        assert gui_thread_collector.idle_s() < IDLE_S
        assert gui_thread_collector.collect() != 2
        assert full == []

        gui_thread_collector.last_input -= IDLE_S  # the worker pauses
        assert gui_thread_collector.collect() == 2
        assert full == [1] and gui_thread_collector.long_lived_pending == 0
        assert abs(gui_thread_collector.long_lived - gc.get_freeze_count()) < 100  # all frozen
    finally:
        gc.callbacks.remove(note)


def test_a_walk_that_has_waited_long_enough_comes_even_while_someone_works(
    qtbot, gui_thread_collector
):
    """Garbage caught in what is frozen stays until a walk: it may wait, not for ever."""
    field = QLineEdit()
    qtbot.addWidget(field)
    gui_thread_collector.long_lived = 1_000
    gui_thread_collector.long_lived_pending = 10_000
    qtbot.keyClicks(field, "typing")
    assert gui_thread_collector.collect() != 2
    assert gui_thread_collector.due_since is not None
    gui_thread_collector.due_since -= MAX_WAIT_S
    qtbot.keyClicks(field, " on")
    walks = gui_thread_collector.walks
    assert gui_thread_collector.collect() == 2
    assert gui_thread_collector.walks == walks + 1 and gui_thread_collector.due_since is None


def test_a_cycle_frozen_while_alive_is_freed_by_the_next_walk(gui_thread_collector):
    gone = []
    canary = QObject()
    canary.cycle = canary
    canary.destroyed.connect(lambda: gone.append(1))
    gc.collect(1)
    gc.freeze()  # as a pass does with what survives it
    del canary
    gui_thread_collector.collect()
    assert gone == []  # frozen: no young pass sees it
    gui_thread_collector.compact()
    assert gone == [1]
