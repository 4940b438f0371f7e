"""The language pipeline, loaded once and run on one background thread.

spaCy is loaded and used on a single thread; the GUI thread only starts work
and receives drafts through queued signals. Nothing here reads or writes the
record.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal

from recorder.dictation.draft import Draft
from recorder.ui.tasks import Job, Relay

log = logging.getLogger(__name__)


def _plain(error: Exception) -> str:
    return str(error) or type(error).__name__


class BackgroundDrafter(QObject):
    """Loads the drafting pipeline once, then drafts, all on one background thread.

    ``ready`` fires once the pipeline can draft. If the full English model
    cannot be loaded, the basic rules are loaded instead and ``problem`` says so.
    """

    ready = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # spaCy is loaded and used on one thread
        self._pool.setExpiryTimeout(-1)
        self._relays: set[Relay] = set()
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
        return self._pool.waitForDone(msecs)

    def _start(self, work, on_done, on_error) -> None:
        relay = Relay()
        self._relays.add(relay)

        def finish() -> None:
            self._relays.discard(relay)
            relay.deleteLater()

        relay.done.connect(lambda result: (finish(), on_done(result)))
        relay.failed.connect(lambda message: (finish(), on_error(message)))
        self._pool.start(Job(work, relay, expected=(), explain=_plain))
