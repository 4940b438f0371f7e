"""The language pipeline, loaded once and run in the task runner's language lane.

spaCy is loaded and used on a single thread (the lane's); the GUI thread only
starts work and receives drafts through queued signals. Nothing here reads or
writes the record.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from recorder.dictation.draft import Draft
from recorder.ui.tasks import Lane, TaskRunner

log = logging.getLogger(__name__)


def _plain(error: Exception) -> str:
    return str(error) or type(error).__name__


class BackgroundDrafter(QObject):
    """Loads the drafting pipeline once, then drafts, all on one background thread.

    ``ready`` fires once the pipeline can draft. If the full English model
    cannot be loaded, the basic rules are loaded instead and ``problem`` says so.
    """

    ready = Signal()

    def __init__(self, parent: QObject | None = None, *, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        # spaCy is loaded and used on one thread: the runner's language lane.
        self.runner = runner or TaskRunner(parent=self)
        self.drafter = None
        self.problem = ""
        self.loading = False

    @property
    def is_ready(self) -> bool:
        return self.drafter is not None

    def load(self, statistical: str = "auto") -> None:
        """Start loading; the app stays usable, and ``ready`` fires when it is done."""
        if self.loading or self.drafter is not None:
            return
        self.loading = True

        def work():
            from recorder.dictation.pipeline import Drafter

            try:
                return Drafter.load(statistical), ""
            except Exception as e:  # noqa: BLE001 - fall back to the rules alone
                log.warning("the language model did not load:\n%s", traceback.format_exc())
                return Drafter.load("none"), str(e) or type(e).__name__

        def loaded(result) -> None:
            self.loading = False
            self.drafter, problem = result
            if problem:
                self.problem = (
                    "The full English language model could not be loaded, so drafting uses "
                    f"its basic rules only and may miss more than usual ({problem})."
                )
            self.ready.emit()

        def failed(message: str) -> None:
            self.loading = False
            self.problem = f"Drafting is not available on this computer: {message}"
            self.ready.emit()

        self._start(work, loaded, failed)

    def use(self, drafter) -> None:
        """Use a pipeline already loaded (tests, and a second window)."""
        self.drafter = drafter
        self.ready.emit()

    def draft(
        self,
        text: str,
        context,
        on_done: Callable[[Draft], None],
        on_error: Callable[[str], None],
    ) -> None:
        drafter = self.drafter
        if drafter is None:
            on_error("the language model is not ready yet")
            return
        self._start(lambda: drafter.draft(text, context), on_done, on_error)

    def wait(self, msecs: int = 60_000) -> bool:
        return self.runner.wait(msecs, lane=Lane.LANGUAGE)

    def _start(self, work, on_done, on_error) -> None:
        self.runner.run(
            Lane.LANGUAGE,
            lambda _state: work(),
            on_done,
            on_error=on_error,
            expected=(),
            explain=_plain,
        )
