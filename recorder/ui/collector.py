"""Python's cycle collector: on the GUI thread only, and never walking everything as someone works.

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

Every pass stops the window for as long as it takes to walk the objects it
covers, about a microsecond each. At 50,000 people a team manager's lists hold
some 500,000 objects (13,000 caseload rows, 7,700 records waiting for
approval, each a handful of dataclasses), so:

- the young generations are collected in batches of about
  ``YOUNG_LIMIT`` objects, counted from ``gc.get_count()`` (free) rather than
  listed: left to Python's count of passes, one batch held 116,000 objects
  and took 144 ms;
- what survives the middle generation is moved straight out of every later
  pass's way (``gc.freeze``), as is everything loaded at start-up. A full
  collection walked all of it, 150-800 ms each time;
- what is frozen is walked again (``compact``), and the cycles in it that have
  since become garbage are freed, by Python's own rule (once a quarter more
  than after the last full walk has reached it) but only when nobody has
  touched the keyboard or mouse for ``IDLE_S`` seconds, or once it has waited
  ``MAX_WAIT_S`` for such a pause, so the garbage in it stays bounded. At 50,000
  people that walk takes 300-700 ms, where nobody is waiting on the window.
"""

from __future__ import annotations

import gc
import logging
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, QTimer

log = logging.getLogger(__name__)

INTERVAL_MS = 100
YOUNG_LIMIT = 10_000
IDLE_S = 10.0
MAX_WAIT_S = 300.0

USER_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }
)
"""What counts as someone at the keyboard (the idle lock counts the same)."""

_installed: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    """Collects reference cycles from a timer on the GUI thread, in short passes.

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
        """Objects frozen after the last full walk."""
        self.long_lived_pending = 0
        """Objects frozen since, from the middle generation (Python's own measure)."""
        self.young = 0
        """Objects in the middle generation (near enough)."""
        self.due_since: float | None = None
        """When a full walk fell due, while someone was working."""
        self.last_input = time.monotonic()
        self.walks = 0
        self.last_walk_ms = 0.0
        """How long the last full walk stopped the window (for the benchmarks)."""
        self.running = True
        app.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() in USER_INPUT:
            self.last_input = time.monotonic()
        return False

    def idle_s(self) -> float:
        """Seconds since the last key press, click, wheel turn or mouse move."""
        return time.monotonic() - self.last_input

    def collect(self) -> int | None:
        """Collect what is due; return the generation collected (2 for a full walk), or None."""
        if not self.running:
            return None
        if gc.get_threshold()[0] != 0:
            log.warning("automatic garbage collection was turned back on; turning it off again")
            gc.set_threshold(0)
        if self.long_lived_pending > self.long_lived // 4:
            now = time.monotonic()
            self.due_since = self.due_since or now
            if self.idle_s() >= IDLE_S or now - self.due_since >= MAX_WAIT_S:
                self.compact()
                return 2
        # gc.get_count()[0] is the objects made, and still alive, since the last pass (near
        # enough): counting them is free, where listing them (gc.get_objects) costs as
        # much as the pass.
        made = gc.get_count()
        if made[1] > self.thresholds[1] or self.young + made[0] > YOUNG_LIMIT:
            gc.collect(1)
            # The oldest generation holds only what this pass kept (the rest is frozen):
            # listing it costs a little against the pass, where the whole would not.
            self.long_lived_pending += len(gc.get_objects(generation=2))
            gc.freeze()
            self.young = 0
            return 1
        if made[0] > self.thresholds[0]:
            self.young += max(0, made[0] - gc.collect(0))
            return 0
        return None

    def compact(self) -> None:
        """Walk every object once, freeing the cycles that have become garbage; freeze the rest."""
        start = time.perf_counter()
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.long_lived = gc.get_freeze_count()
        self.long_lived_pending = 0
        self.young = 0
        self.due_since = None
        self.walks += 1
        self.last_walk_ms = (time.perf_counter() - start) * 1000

    def stop(self) -> None:
        """Hand collection back to Python (as the UI tests do when they end)."""
        global _installed
        if not self.running:
            return
        self.running = False
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
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
