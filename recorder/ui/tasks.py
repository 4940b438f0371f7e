"""Database work on one background thread, results delivered to the GUI thread.

The store's connection belongs to this runner: every call that touches it
goes through :meth:`TaskRunner.query` or :meth:`TaskRunner.write`, which run
one at a time on a single worker thread. Results come back through queued
signals, so callbacks run on the GUI thread and may touch widgets. After a
write, ``changes_applied`` announces what changed and each window refreshes
itself; windows never call each other.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from recorder.domain.changes import Changes
from recorder.reference import DataFileError
from recorder.store import Store, StoreError

log = logging.getLogger(__name__)


EXPECTED_ERRORS = (StoreError, DataFileError, ValueError, FileExistsError)


class Relay(QObject):
    """Lives on the GUI thread; the worker emits through it to cross threads."""

    done = Signal(object)
    failed = Signal(str)


def _something_went_wrong(error: Exception) -> str:
    return f"Something went wrong: {error}"


class Job(QRunnable):
    """One piece of background work; its result or its failure, in words, goes to ``relay``.

    :param expected: errors whose message is already plain English for the user
    :param explain: the words for any other error, which is also logged in full
    """

    def __init__(
        self,
        work: Callable[[], Any],
        relay: Relay,
        *,
        expected: tuple[type[Exception], ...] = EXPECTED_ERRORS,
        explain: Callable[[Exception], str] = _something_went_wrong,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._relay = relay
        self._expected = expected
        self._explain = explain

    def run(self) -> None:
        try:
            result = self._work()
        except self._expected as e:
            self._send("failed", str(e))
        except Exception as e:  # noqa: BLE001 - a bug must reach the user as a message
            log.error("background task failed:\n%s", traceback.format_exc())
            self._send("failed", self._explain(e))
        else:
            self._send("done", result)

    def _send(self, signal: str, value: Any) -> None:
        try:
            getattr(self._relay, signal).emit(value)
        except RuntimeError:  # the app closed while this ran: no one is waiting for it
            log.info("a background result arrived after its window had gone")


class TaskRunner(QObject):
    """Runs store work serially off the GUI thread.

    :param store: the open store, or None until :meth:`open` has run
    """

    changes_applied = Signal(object)
    """A write finished: carries the :class:`Changes` it made."""
    failed = Signal(str)
    """A task failed and had no error callback of its own: carries the message."""

    def __init__(self, store: Store | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one thread owns the connection
        self._pool.setExpiryTimeout(-1)
        self._relays: set[Relay] = set()

    def open(
        self,
        opener: Callable[[], Store],
        *,
        on_done: Callable[[Store], None],
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """Open (create, migrate) the database on the worker thread with ``opener``."""

        def opened(store: Store) -> None:
            self.store = store
            on_done(store)

        self._start(opener, opened, on_error)

    def query(
        self,
        work: Callable[[Store], Any],
        on_done: Callable[[Any], None],
        *,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """Run ``work(store)`` in the background and hand its result to ``on_done``."""
        store = self._require_store()
        self._start(lambda: work(store), on_done, on_error)

    def write(
        self,
        work: Callable[[Store], Changes],
        on_done: Callable[[Changes], None] | None = None,
        *,
        on_error: Callable[[str], None] | None = None,
        quiet: bool = False,
    ) -> None:
        """Run a store verb; its :class:`Changes` are announced once it has committed.

        :param quiet: announce nothing: a write no other window has to know of (typing
            kept in a working copy), so no view refreshes for another window's autosave
        """
        store = self._require_store()

        def finished(changes: Changes) -> None:
            if on_done:
                on_done(changes)
            if not quiet:
                self.changes_applied.emit(changes)

        self._start(lambda: work(store), finished, on_error)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work is done (shutting down, and in tests)."""
        return self._pool.waitForDone(msecs)

    def close(self) -> None:
        self.wait()
        if self.store is not None:
            self.store.close()
            self.store = None

    def _require_store(self) -> Store:
        if self.store is None:
            raise RuntimeError("the database is not open yet")
        return self.store

    def _start(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None] | None,
    ) -> None:
        relay = Relay()
        self._relays.add(relay)

        def finish() -> None:
            self._relays.discard(relay)
            relay.deleteLater()

        def done(result: Any) -> None:
            finish()
            try:
                on_done(result)
            except Exception as e:  # noqa: BLE001 - a display bug must not vanish silently
                log.error("showing a result failed:\n%s", traceback.format_exc())
                self.failed.emit(f"Something went wrong showing this: {e}")

        def failed(message: str) -> None:
            finish()
            (on_error or self.failed.emit)(message)

        relay.done.connect(done)
        relay.failed.connect(failed)
        self._pool.start(Job(work, relay))
