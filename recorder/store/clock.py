"""A hybrid logical clock: change times that sort the same on every device.

Wall clocks on laptops drift and jump; sync must still order one device's
changes as they happened, and an edit made after pulling another laptop's
edit must sort after it (that is how the merge tells a newer edit from one
made alongside). Each reading is the larger of the wall clock, the last
reading and every reading received, plus a counter when the milliseconds do
not move; a counter that would outgrow its four digits carries into the
next millisecond.

A reading carries the whole device id, so two laptops can never make the
same reading.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

_COUNTER_LIMIT = 9999


def parse(reading: str) -> tuple[int, int]:
    """(milliseconds, counter) of a reading such as ``0001795347958123-0004-3f2a...``."""
    ms, counter, _ = reading.split("-", 2)
    return int(ms), int(counter)


class HybridClock:
    def __init__(self, device_id: str, *, wall_ms: Callable[[], int] | None = None) -> None:
        self.device_id = device_id
        self._wall_ms = wall_ms or (lambda: time.time_ns() // 1_000_000)
        self._last_ms = 0
        self._counter = 0
        self._lock = threading.Lock()

    def now(self) -> str:
        """A reading such as ``0001795347958123-0000-3f2a9c1d-...``, sortable as text."""
        with self._lock:
            wall = self._wall_ms()
            if wall > self._last_ms:
                self._last_ms, self._counter = wall, 0
            elif self._counter >= _COUNTER_LIMIT:
                self._last_ms, self._counter = self._last_ms + 1, 0
            else:
                self._counter += 1
            return f"{self._last_ms:016d}-{self._counter:04d}-{self.device_id}"

    def receive(self, reading: str | None) -> None:
        """Take a reading made elsewhere (or found in the log at opening): every reading
        made from now on sorts after it, whatever this laptop's wall clock says."""
        if not reading:
            return
        try:
            ms, counter = parse(reading)
        except ValueError:
            return
        with self._lock:
            if (ms, counter) > (self._last_ms, self._counter):
                self._last_ms, self._counter = ms, counter
