"""Python's cycle collector, run on the GUI thread only.

Left to itself, Python collects reference cycles on whichever thread happens
to allocate when a threshold is crossed: in this app usually the background
thread loading the language model or running a query. That is not safe beside
Qt. When the GUI thread deletes a widget whose wrapper keeps a Python object
(``setModel`` keeps the model, for one), PySide frees that object's wrapper
and then runs its C++ destructor with the GIL released, while the view's
wrapper still lists the freed object. A collection that starts on another
thread in that moment walks the view's wrapper, reaches freed memory and
crashes the process ("Fatal Python error: Segmentation fault", the stack in a
background thread, "Garbage-collecting"). Collecting cycles only from a timer
on the GUI thread means no collection can run while the GUI thread is part way
through deleting widgets. It also means objects caught in cycles are destroyed
on the GUI thread, which Qt requires of widgets.

Automatic collection is turned off by setting the first threshold to zero, not
by ``gc.disable()``: srsly, which spaCy uses to read its model, calls
``gc.enable()`` after every file it reads.

A full collection walks every object the process holds, and each one it runs
stops the window: at 50,000 people (a team manager's 13,000-row caseload and
7,700 records waiting for approval) each took 300-800 ms. So, as Python itself
does, the oldest generation is collected only once the objects that reached it
since the last full collection number a quarter of those it held then (at first,
of what was loaded when the collector started); and what is loaded by then (the
modules, the reference data) is moved out of every collection's way
(``gc.freeze``): it lives as long as the app. The timer runs every 100 ms, so the
young objects a long query leaves are collected in small batches, not large ones.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

log = logging.getLogger(__name__)

INTERVAL_MS = 100

_installed: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    """Collects reference cycles from a timer on the GUI thread, as often as Python would.

    Use :func:`collect_on_gui_thread` rather than making one directly.
    """

    def __init__(self, app: QCoreApplication, interval_ms: int = INTERVAL_MS) -> None:
        if QThread.currentThread() is not app.thread():
            raise RuntimeError("the garbage collector must be set up on the GUI thread")
        thresholds = gc.get_threshold()
        if thresholds[0] == 0:
            raise RuntimeError("automatic garbage collection is already off")
        super().__init__(app)
        self.thresholds = thresholds
        gc.set_threshold(0)
        gc.collect()
        gc.freeze()
        self.long_lived = gc.get_freeze_count()
        """Objects in the oldest generation after the last full collection."""
        self.long_lived_pending = 0
        """Objects that reached the oldest generation since (Python's own measure)."""
        self.running = True
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> int | None:
        """Collect the oldest generation Python would have collected by now; return it, or None."""
        if not self.running:
            return None
        if gc.get_threshold()[0] != 0:
            log.warning("automatic garbage collection was turned back on; turning it off again")
            gc.set_threshold(0)
        counts = gc.get_count()
        if counts[2] > self.thresholds[2] and self.long_lived_pending > self.long_lived // 4:
            gc.collect(2)
            self.long_lived = len(gc.get_objects(generation=2))
            self.long_lived_pending = 0
            return 2
        if counts[1] > self.thresholds[1]:
            young = len(gc.get_objects(generation=0)) + len(gc.get_objects(generation=1))
            self.long_lived_pending += max(0, young - gc.collect(1))
            return 1
        if counts[0] > self.thresholds[0]:
            gc.collect(0)
            return 0
        return None

    def stop(self) -> None:
        """Hand collection back to Python (as the UI tests do when they end)."""
        global _installed
        if not self.running:
            return
        self.running = False
        self._timer.stop()
        gc.unfreeze()
        gc.set_threshold(*self.thresholds)
        if _installed is self:
            _installed = None


def collect_on_gui_thread(app: QCoreApplication | None = None) -> GuiThreadCollector:
    """Collect reference cycles on the GUI thread only, from now on; call before any thread starts.

    Calling it again returns the collector already running.
    """
    global _installed
    if _installed is None:
        app = app or QCoreApplication.instance()
        if app is None:
            raise RuntimeError("make the QApplication first")
        _installed = GuiThreadCollector(app)
    return _installed
