"""A hybrid logical clock: change times that sort the same on every device.

Wall clocks on laptops drift and jump; sync must still order one device's
changes as they happened. Each reading is the larger of the wall clock and
the last reading, plus a counter when the milliseconds do not move.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class HybridClock:
    def __init__(self, device_id: str, *, wall_ms: Callable[[], int] | None = None) -> None:
        self.device_id = device_id
        self._wall_ms = wall_ms or (lambda: time.time_ns() // 1_000_000)
        self._last_ms = 0
        self._counter = 0
        self._lock = threading.Lock()

    def now(self) -> str:
        """A reading such as ``0001795347958123-0000-3f2a9c1d``, sortable as text."""
        with self._lock:
            wall = self._wall_ms()
            if wall > self._last_ms:
                self._last_ms, self._counter = wall, 0
            else:
                self._counter += 1
            return f"{self._last_ms:016d}-{self._counter:04d}-{self.device_id[:8]}"
