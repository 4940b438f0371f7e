"""Sync on screen: the status bar's line about the team's service, Sync now, and syncing
in the background while the service can be reached.

The sync itself (``recorder.sync.client.sync``) runs on the network lane, so
waiting for the service never holds up a save; each time it needs the working
copy it asks the database lane (:class:`LaneCopy`), which keeps the store's
connection to itself. Each page pulled is announced as soon as it is applied,
so lists and open forms refresh in place while the rest is still arriving.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from recorder.domain.changes import Changes
from recorder.domain.sync_status import ServiceSettings
from recorder.domain.task_state import TaskState
from recorder.sync.client import Service, ServiceUnreachable, SyncError, SyncResult, SyncState, sync
from recorder.sync.protocol import Change
from recorder.ui.tasks import Lane, TaskFailure, TaskRunner

BACKGROUND_EVERY_MS = 5 * 60 * 1000
"""How often a sync starts by itself while the service can be reached."""
PENDING_RECOUNT_MS = 1500
"""After a save, how long to wait before counting what waits to go (saves come in runs)."""


class LaneCopy:
    """The working copy as the sync client sees it, reached through the database lane.

    :param announce: called on the sync's thread with what each applied page changed
    """

    def __init__(self, runner: TaskRunner, announce: Callable[[Changes], None]) -> None:
        self._runner = runner
        self._announce = announce

    @property
    def device_id(self) -> str:
        return self._runner.call_from_lane(lambda store: store.sync.device_id)

    def local_changes_since(self, device_seq: int, limit: int) -> list[Change]:
        return self._runner.call_from_lane(
            lambda store: store.sync.local_changes_since(device_seq, limit)
        )

    def pull_cursor(self) -> int:
        return self._runner.call_from_lane(lambda store: store.sync.pull_cursor())

    def apply_remote_page(self, changes: Sequence[Change], cursor: int) -> Changes:
        applied = self._runner.call_from_lane(
            lambda store: store.sync.apply_remote_page(changes, cursor)
        )
        if isinstance(applied, Changes) and applied.tables:
            self._announce(applied)
        return applied


@dataclass(frozen=True)
class SyncFacts:
    """What the status line says: read from the store in one go."""

    settings: ServiceSettings | None
    pending: int
    last_synced: datetime | None
    decisions: int


PENDING_COUNTED_UP_TO = 10_000
"""The status line counts changes waiting to go up to this; past it, "10,000 or more"."""


def read_sync_facts(store) -> SyncFacts:
    copy = store.sync
    settings = copy.service_settings()
    return SyncFacts(
        settings,
        # Not said on a laptop that is not set up for sync: not counted either.
        copy.pending_count(at_most=PENDING_COUNTED_UP_TO) if settings else 0,
        copy.last_synced(),
        len(copy.needs_decision()),
    )


def when_synced(at: datetime | None, now: datetime) -> str:
    """'Last synced 14:05' today, 'Last synced 3 December 2026, 14:05' before, or never."""
    if at is None:
        return "Never synced"
    local, today = at.astimezone(), now.astimezone()
    if local.date() == today.date():
        return f"Last synced {local:%H:%M}"
    return f"Last synced {local.day} {local:%B %Y, %H:%M}"


def status_line(facts: SyncFacts, reachable: bool | None, now: datetime) -> str:
    """The status bar's words about sync, in the order a worker asks: is my work safe?"""
    if facts.settings is None:
        return "Not set up for sync: this laptop's record stays on this laptop"
    waiting = {0: "nothing waiting to go", 1: "1 change waiting to go"}.get(
        facts.pending, f"{facts.pending:,} changes waiting to go"
    )
    if facts.pending >= PENDING_COUNTED_UP_TO:
        waiting = f"{PENDING_COUNTED_UP_TO:,} or more changes waiting to go"
    parts = [when_synced(facts.last_synced, now), waiting]
    if reachable is True:
        parts.append("service reachable")
    elif reachable is False:
        parts.append("service cannot be reached (working offline)")
    if facts.decisions:
        parts.append(
            "1 needs a decision" if facts.decisions == 1 else f"{facts.decisions} need a decision"
        )
    return " · ".join(parts)


class _CancelledWith(SyncState):
    """The client's sync state, cancelled when the screen cancels the task."""

    def __init__(self, task: TaskState) -> None:
        super().__init__(on_progress=lambda text: task.set_progress(0, 0, text))
        self._task = task

    @property
    def cancelled(self) -> bool:
        return self._task.cancelled or super().cancelled


def run_sync(runner: TaskRunner, settings: ServiceSettings, state: TaskState) -> SyncResult:
    """The network lane's work: push then pull, each page announced as it lands."""
    copy = LaneCopy(runner, state.add_partial_result)
    service = Service(settings.url, settings.token, timeout=30.0)
    result = sync(service, copy, state=_CancelledWith(state))
    if not result.cancelled:
        runner.call_from_lane(lambda store: store.sync.mark_synced())
    return result


class SyncStatus(QWidget):
    """The status bar's sync line and its Sync now button (which cancels while running).

    :signal decisions_changed: how many items now need a decision
    """

    decisions_changed = Signal(int)
    synced = Signal(object)
    """A sync finished: carries its :class:`SyncResult`."""

    def __init__(self, runner: TaskRunner, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.facts: SyncFacts | None = None
        self.reachable: bool | None = None
        self.running: TaskState | None = None
        self.last_problem = ""
        self.label = QLabel("")
        self.label.setAccessibleName("Sync")
        self.button = QPushButton("Sync now")
        self.button.setAccessibleName("Sync now")
        self.button.setToolTip("Send this laptop's changes and receive the team's (F9)")
        self.button.clicked.connect(self.toggle)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 4, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(PENDING_RECOUNT_MS)
        self._recount.timeout.connect(self.refresh)
        self._background = QTimer(self)
        self._background.setInterval(BACKGROUND_EVERY_MS)
        self._background.timeout.connect(self.sync_in_background)
        self._background.start()
        runner.changes_applied.connect(self._on_changes)
        self.refresh()

    # -- what the line says ---------------------------------------------------

    def refresh(self) -> None:
        """Read the counts again (off the GUI thread) and redraw the line."""
        if self.runner.store is None:
            return
        self.runner.query(read_sync_facts, self._show_facts, on_error=self._say_problem)

    def check_service(self) -> None:
        """Ask the service whether it answers, on the network lane."""
        settings = self.facts.settings if self.facts else None
        if settings is None:
            return
        self.runner.run(
            Lane.NETWORK,
            lambda _state: Service(settings.url, settings.token, timeout=5.0).reachable(),
            self._show_reachable,
            on_error=lambda _message: self._show_reachable(False),
        )

    def _show_facts(self, facts: SyncFacts) -> None:
        first = self.facts is None
        changed = self.facts is None or self.facts.decisions != facts.decisions
        self.facts = facts
        self.button.setEnabled(facts.settings is not None)
        self._redraw()
        if changed:
            self.decisions_changed.emit(facts.decisions)
        if first:
            self.check_service()

    def _show_reachable(self, reachable: bool) -> None:
        self.reachable = bool(reachable)
        self._redraw()

    def _redraw(self, progress: str = "") -> None:
        if self.facts is None:
            return
        line = status_line(self.facts, self.reachable, datetime.now(UTC))
        if progress:
            line = f"Syncing: {progress}"
        elif self.last_problem:
            line = f"{line} · {self.last_problem}"
        self.label.setText(line)

    def _say_problem(self, message: str) -> None:
        self.last_problem = message
        self._redraw()

    def _on_changes(self, changes: Changes) -> None:
        if changes.origin != "sync" and self.running is None:
            self._recount.start()

    # -- syncing --------------------------------------------------------------

    def toggle(self) -> None:
        if self.running is not None:
            self.running.cancel()
            self.button.setText("Cancelling…")
            self.button.setEnabled(False)
        else:
            self.sync_now()

    def sync_now(self) -> bool:
        """Start a sync unless one is running or this laptop is not set up; say which."""
        settings = self.facts.settings if self.facts else None
        if self.running is not None or settings is None:
            return False
        self.last_problem = ""
        self.button.setText("Cancel sync")
        self._redraw("starting…")
        self.running = self.runner.run(
            Lane.NETWORK,
            lambda state: run_sync(self.runner, settings, state),
            self._finished,
            on_failure=self._failed,
            on_progress=lambda p: self._redraw(p.text),
            on_partial=self._page_applied,
            expected=(SyncError,),
            explain=lambda e: f"The sync stopped: {e}. Nothing is lost; try again.",
        )
        return True

    def sync_in_background(self) -> None:
        """The timer's sync: only when set up, idle, and the service answered last time."""
        if self.running is None and self.reachable is not False:
            self.sync_now()
        elif self.running is None:
            self.check_service()

    def _page_applied(self, changes: Changes) -> None:
        self.runner.changes_applied.emit(Changes(changes.tables, changes.ids, origin="sync"))

    def _finished(self, result: SyncResult) -> None:
        self.running = None
        self.reachable = True
        self.button.setText("Sync now")
        self.button.setEnabled(True)
        if result.cancelled:
            self.last_problem = "sync cancelled; what was sent or received is kept"
        self.synced.emit(result)
        self.refresh()

    def _failed(self, failure: TaskFailure) -> None:
        self.running = None
        self.button.setText("Sync now")
        self.button.setEnabled(True)
        if isinstance(failure.error, ServiceUnreachable):
            self.reachable = False
        self.last_problem = failure.message
        self.refresh()
