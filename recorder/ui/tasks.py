"""Background work in named lanes, results delivered to the GUI thread.

One runner, several lanes (:class:`Lane`): the database, the language
pipeline, documents and, later, the network. Each lane runs its tasks one at
a time on a thread of its own, so a slow draft never holds up a save, and the
store's connection belongs to the database lane alone: every call that
touches it goes through :meth:`TaskRunner.query` or :meth:`TaskRunner.write`.
A longer task is a ``work(state)`` function given a
:class:`~recorder.domain.task_state.TaskState`: its progress and partial
results arrive on the GUI thread as it runs, and ``state.cancel()`` asks it to
stop. A failure arrives as a :class:`TaskFailure` holding the exception whole
(with its traceback) and the words to show for it. After a write,
``changes_applied`` announces what changed and which window's action made it
(:attr:`Changes.origin`); each window refreshes itself, and windows never call
each other.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from recorder.domain.changes import Changes
from recorder.domain.task_state import TaskState
from recorder.reference import DataFileError
from recorder.store import Store, StoreError

log = logging.getLogger(__name__)


EXPECTED_ERRORS = (StoreError, DataFileError, ValueError, FileExistsError)


class Lane(StrEnum):
    """Where a task runs: one thread each, tasks in a lane one after another."""

    DATABASE = "database"
    LANGUAGE = "language"
    DOCUMENTS = "documents"
    NETWORK = "network"


@dataclass(frozen=True)
class TaskFailure:
    """A task's exception, whole, and the plain words to show a user for it."""

    error: BaseException
    message: str
    expected: bool
    """The error's own message is already plain English (a refused write, a full disk)."""

    def __str__(self) -> str:
        return self.message


class Relay(QObject):
    """Lives on the GUI thread; the worker emits through it to cross threads."""

    done = Signal(object)
    failed = Signal(object)
    """Carries a :class:`TaskFailure`."""
    progress = Signal(object)
    partial = Signal(object)


def _something_went_wrong(error: Exception) -> str:
    return f"Something went wrong: {error}"


class Job(QRunnable):
    """One piece of background work; its result or its :class:`TaskFailure` goes to ``relay``.

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
            self._send("failed", TaskFailure(e, str(e), expected=True))
        except Exception as e:  # noqa: BLE001 - a bug must reach the user as a message
            log.error("background task failed:\n%s", traceback.format_exc())
            self._send("failed", TaskFailure(e, self._explain(e), expected=False))
        else:
            self._send("done", result)

    def _send(self, signal: str, value: Any) -> None:
        try:
            getattr(self._relay, signal).emit(value)
        except RuntimeError:  # the app closed while this ran: no one is waiting for it
            log.info("a background result arrived after its window had gone")


class _Waited(QRunnable):
    """Work whose caller, on another worker thread, waits for the answer itself."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._work = work
        self.finished = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self._work()
        except BaseException as e:  # noqa: BLE001 - handed whole to the waiting thread
            self.error = e
        finally:
            self.finished.set()


class TaskRunner(QObject):
    """Runs work off the GUI thread, in lanes; store work in the database lane.

    :param store: the open store, or None until :meth:`open` has run (a runner for
        other lanes only needs none)
    """

    changes_applied = Signal(object)
    """A write finished: carries the :class:`Changes` it made."""
    failed = Signal(str)
    """A task failed and had no error callback of its own: carries the message."""

    def __init__(self, store: Store | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._closed = False
        self._pools: dict[Lane, QThreadPool] = {}
        self._relays: set[Relay] = set()

    def _pool(self, lane: Lane) -> QThreadPool:
        if lane not in self._pools:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)  # one thread a lane: the database's owns the connection
            pool.setExpiryTimeout(-1)
            self._pools[lane] = pool
        return self._pools[lane]

    def run(
        self,
        lane: Lane,
        work: Callable[[TaskState], Any],
        on_done: Callable[[Any], None],
        *,
        on_error: Callable[[str], None] | None = None,
        on_failure: Callable[[TaskFailure], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        on_partial: Callable[[Any], None] | None = None,
        expected: tuple[type[Exception], ...] = EXPECTED_ERRORS,
        explain: Callable[[Exception], str] = _something_went_wrong,
    ) -> TaskState:
        """Run ``work(state)`` in ``lane``; what it reports reaches the callbacks on this thread.

        :param on_failure: receives the :class:`TaskFailure` whole; otherwise ``on_error``
            its words, otherwise :attr:`failed` announces them
        :returns: the task's state, whose ``cancel()`` asks it to stop
        """
        relay = Relay()
        if on_progress is not None:
            relay.progress.connect(on_progress)
        if on_partial is not None:
            relay.partial.connect(on_partial)
        state = TaskState(
            on_progress=relay.progress.emit if on_progress else None,
            on_partial=relay.partial.emit if on_partial else None,
        )
        self._start(
            lambda: work(state),
            on_done,
            on_error,
            lane=lane,
            relay=relay,
            on_failure=on_failure,
            expected=expected,
            explain=explain,
        )
        return state

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
        """Run ``work(store)`` in the background and hand its result to ``on_done``.

        A read asked for once the runner has closed (a selection signal fired while the
        window is shutting down) is dropped: nobody is left to show its answer.
        """
        if self._closed:
            return
        store = self._require_store()
        self._start(lambda: work(store), on_done, on_error)

    def write(
        self,
        work: Callable[[Store], Changes],
        on_done: Callable[[Changes], None] | None = None,
        *,
        on_error: Callable[[str], None] | None = None,
        quiet: bool = False,
        origin: str | None = None,
    ) -> None:
        """Run a store verb; its :class:`Changes` are announced once it has committed.

        :param quiet: announce nothing: a write no other window has to know of (typing
            kept in a working copy), so no view refreshes for another window's autosave
        :param origin: which window's action this is (``Changes.origin``), so that
            window can tell its own changes from others'
        """
        store = self._require_store()

        def finished(changes: Changes) -> None:
            if origin is not None and isinstance(changes, Changes):
                changes = replace(changes, origin=origin)
            if on_done:
                on_done(changes)
            if not quiet:
                self.changes_applied.emit(changes)

        self._start(lambda: work(store), finished, on_error)

    def query_first_then_whole(
        self,
        read: Callable[[Store, int | None], Any],
        show: Callable[[Any], None],
        *,
        first: int | None,
        current: Callable[[], bool],
        more: Callable[[Any], bool],
    ) -> None:
        """Read a long list's first ``first`` rows and show them, then read and show it whole.

        :param read: ``read(store, limit)``, the list (``limit`` None: all of it)
        :param current: False once a newer read of the same list was asked for: this
            one's answers are then dropped
        :param more: True when what the first read found is only part of the list
        """

        def whole(found: Any) -> None:
            if current():
                show(found)

        def part(found: Any) -> None:
            if not current():
                return  # a newer read is on its way
            show(found)
            if more(found) and self.store is not None:
                self.query(lambda store: read(store, None), whole)

        self.query(lambda store: read(store, first), part)

    def let_go(self, things: list) -> None:
        """Empty ``things`` (a list's old rows) on the database lane, not here.

        A list the GUI thread lets go of is freed on the GUI thread, object by object:
        a team's 13,000 caseload rows, each a handful of objects, stopped the window for
        80 ms. Emptied on the lane, they are freed there.
        """
        if things and not self._closed:
            self.run(Lane.DATABASE, lambda _state: things.clear(), lambda _none: None)

    def call_from_lane(self, work: Callable[[Store], Any]) -> Any:
        """Run ``work(store)`` in the database lane and wait for its answer.

        For a task already running in another lane (a sync on the network lane) that
        needs the store between its requests: the connection stays the database
        lane's, and the task waits its turn behind saves instead of racing them.
        Never call it from the GUI thread (it blocks) or the database lane (deadlock).
        """
        store = self._require_store()
        job = _Waited(lambda: work(store))
        self._pool(Lane.DATABASE).start(job)
        job.finished.wait()
        if job.error is not None:
            raise job.error
        return job.result

    def wait(self, msecs: int = 30_000, *, lane: Lane = Lane.DATABASE) -> bool:
        """Block until a lane's queued work is done (shutting down, and in tests)."""
        return self._pool(lane).waitForDone(msecs)

    def close(self) -> None:
        self._closed = True
        for lane in list(self._pools):
            self.wait(lane=lane)
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
        *,
        lane: Lane = Lane.DATABASE,
        relay: Relay | None = None,
        on_failure: Callable[[TaskFailure], None] | None = None,
        expected: tuple[type[Exception], ...] = EXPECTED_ERRORS,
        explain: Callable[[Exception], str] = _something_went_wrong,
    ) -> None:
        relay = relay or Relay()
        self._relays.add(relay)

        def finish() -> None:
            self._relays.discard(relay)
            relay.deleteLater()

        def done(result: Any) -> None:
            finish()
            try:
                on_done(result)
            except Exception as e:  # noqa: BLE001 - a display bug must not vanish silently
                if isinstance(e, RuntimeError) and "already deleted" in str(e):
                    # The window the result was for was closed while it was on its way:
                    # it is no longer wanted (Qt has deleted the widgets that would show it).
                    log.debug("a result arrived for a closed window: %s", e)
                    return
                log.error("showing a result failed:\n%s", traceback.format_exc())
                self.failed.emit(f"Something went wrong showing this: {e}")

        def failed(failure: TaskFailure) -> None:
            finish()
            if on_failure is not None:
                on_failure(failure)
            else:
                (on_error or self.failed.emit)(failure.message)

        relay.done.connect(done)
        relay.failed.connect(failed)
        self._pool(lane).start(Job(work, relay, expected=expected, explain=explain))
