"""What a long piece of background work reports while it runs, and how it is asked to stop.

A ``run(..., state)`` function (drafting, an export batch, later a sync) takes
a :class:`TaskState`: it reports progress and partial results through it and
checks ``cancelled`` between steps. Plain Python: the task runner in
``recorder/ui/tasks.py`` carries what it reports to the GUI thread, and a test
calls ``run`` with a state of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    text: str = ""


class TaskState:
    """Progress, partial results and cancelling for one task.

    :param on_progress: called (on the worker's thread) with each :class:`Progress`
    :param on_partial: called (on the worker's thread) with each partial result
    """

    def __init__(
        self,
        *,
        on_progress: Callable[[Progress], None] | None = None,
        on_partial: Callable[[Any], None] | None = None,
    ) -> None:
        self._cancel = threading.Event()
        self._on_progress = on_progress
        self._on_partial = on_partial
        self.progress: Progress | None = None
        self.partial: list[Any] = []
        """Every partial result so far, in the order reported."""

    def set_progress(self, done: int, total: int, text: str = "") -> None:
        self.progress = Progress(done, total, text)
        if self._on_progress is not None:
            self._on_progress(self.progress)

    def add_partial_result(self, value: Any) -> None:
        self.partial.append(value)
        if self._on_partial is not None:
            self._on_partial(value)

    def cancel(self) -> None:
        """Ask the task to stop at its next check; what it finished stays finished."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()
