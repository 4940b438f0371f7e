"""Pushing this laptop's changes to the team's service and pulling the team's back.

A sync can be cut off anywhere and simply run again: the push mark is the
service's (asked for at the start of every push), so an answer lost after
the service committed costs one skipped resend; the pull cursor is saved by
the working copy in the same SQLite transaction as the page it applied. The
client holds no state between runs and never writes SQL: the store does, through
:class:`recorder.sync.protocol.WorkingCopy`.

Plain Python over ``urllib`` (no Qt): the UI runs :func:`sync` on its network
lane with a :class:`SyncState` for progress and cancel.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from recorder.sync.protocol import (
    MAX_PUSH_ROWS,
    PULL_PAGE_ROWS,
    PUSH_BATCH_ROWS,
    Change,
    ChangeError,
    WorkingCopy,
    whole_transactions,
)


class SyncError(Exception):
    """A sync that could not finish, said in a sentence for the status bar."""


class ServiceUnreachable(SyncError):
    """The service did not answer; nothing is lost, the next sync carries on."""


class NotEnrolled(SyncError):
    """The service does not know this laptop's token, or it was revoked."""


@dataclass
class SyncState:
    """Progress and cancel between the UI and a running sync (set from any thread)."""

    on_progress: Callable[[str], None] | None = None
    _cancel: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, message: str) -> None:
        if self.on_progress:
            self.on_progress(message)


@dataclass
class SyncResult:
    pushed: int = 0
    skipped: int = 0
    pulled: int = 0
    cursor: int = 0
    refused: list[dict[str, Any]] = field(default_factory=list)
    cancelled: bool = False
    changed: Any = None
    """What the pulled pages changed, as the copy's ``apply_remote_page`` said (for the
    store, its ``Changes``, so windows refresh); None when nothing was applied."""


class Service:
    """The service at ``url`` as this device (its token): one JSON request at a time."""

    def __init__(self, url: str, token: str, *, timeout: float = 60.0) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as e:
            try:
                payload = json.loads(e.read())
            except ValueError:
                payload = {}
            if e.code == 401:
                raise NotEnrolled(
                    "This laptop is not enrolled with the sync service, or its enrolment "
                    "was revoked. Ask your administrator."
                ) from None
            if e.code in (409,):
                return e.code, payload
            if e.code >= 500:
                raise ServiceUnreachable(
                    "The sync service could not take the changes just now; they will go later."
                ) from None
            raise SyncError(
                payload.get("error") or f"The sync service answered {e.code}."
            ) from None
        except (OSError, ValueError) as e:  # refused, reset, timed out, a cut-off answer
            raise ServiceUnreachable(
                "The sync service cannot be reached; changes wait on this laptop."
            ) from e

    def reachable(self) -> bool:
        try:
            status, answer = self.request("GET", "/health")
        except SyncError:
            return False
        return status == 200 and answer.get("database") == "reachable"


def push(
    service: Service,
    copy: WorkingCopy,
    *,
    state: SyncState | None = None,
    batch_rows: int = PUSH_BATCH_ROWS,
) -> SyncResult:
    """Send this device's changes the service has not got, whole transactions a batch.

    A transaction longer than a push (a caseload import) goes in parts the service
    holds until the last; cut off half-way, the next push resumes after the last part
    the service holds (its ``held_seq``), and nothing of it is filed until it is whole.
    """
    state = state or SyncState()
    result = SyncResult()
    _, me = service.request("GET", "/v1/device")
    mark = int(me["last_seq"])
    held = max(mark, int(me.get("held_seq") or mark))
    most = max(1, int(me.get("max_push_rows") or MAX_PUSH_ROWS))  # the service's limit
    batch_rows = min(batch_rows, most)
    while not state.cancelled:
        rows = copy.local_changes_since(mark, batch_rows)
        if not rows:
            break
        batch = whole_transactions(rows, batch_rows)  # one transaction, up to `most`, whole
        todo = [c.to_wire() for c in batch if c.device_seq > held]  # held: already there
        parts = [todo[i : i + most] for i in range(0, len(todo), most)] or [[]]
        for number, part in enumerate(parts, 1):
            if state.cancelled:
                break
            last = number == len(parts)
            body = {"after": held, "changes": part}
            if not last:
                body["more"] = True
            status, answer = service.request("POST", "/v1/push", body)
            if status == 409:
                # The service lacks rows before these (a batch went missing): resend from there.
                resume = int(answer["resume_after"])
                if resume >= held:
                    raise SyncError(
                        "The sync service and this laptop disagree about what was sent."
                    )
                held, mark = resume, min(mark, resume)
                break
            if not last:
                held = int(answer["held_seq"])
                state.progress(f"Sent {result.pushed} changes and part of a large change.")
                continue
            result.pushed += answer["stored"]
            result.skipped += answer["skipped"]
            result.refused += answer["refused"]
            if int(answer["last_seq"]) <= mark:
                raise SyncError("The sync service did not take this laptop's changes; try again.")
            mark = held = int(answer["last_seq"])
            state.progress(f"Sent {result.pushed} changes.")
    result.cancelled = state.cancelled
    return result


def pull(
    service: Service,
    copy: WorkingCopy,
    *,
    state: SyncState | None = None,
    page_rows: int = PULL_PAGE_ROWS,
) -> SyncResult:
    """Apply the team's changes after the copy's cursor, page by page."""
    state = state or SyncState()
    result = SyncResult(cursor=copy.pull_cursor())
    while not state.cancelled:
        _, page = service.request("GET", f"/v1/pull?after={result.cursor}&limit={page_rows}")
        try:
            changes = [Change.from_wire(c) for c in page["changes"]]
        except (ChangeError, KeyError, TypeError) as e:
            raise SyncError(f"The sync service sent a change this laptop cannot read: {e}") from e
        if changes:
            said = copy.apply_remote_page(changes, int(page["cursor"]))
            if said is not None:
                result.changed = said if result.changed is None else result.changed | said
            result.pulled += len(changes)
            result.cursor = int(page["cursor"])
            state.progress(f"Received {result.pulled} changes.")
        if not page["more"]:
            break
    result.cancelled = state.cancelled
    return result


def sync(service: Service, copy: WorkingCopy, *, state: SyncState | None = None) -> SyncResult:
    """Push, then pull (so this laptop's own rows come back and confirm the push)."""
    state = state or SyncState()
    sent = push(service, copy, state=state)
    got = pull(service, copy, state=state)
    return SyncResult(
        pushed=sent.pushed, skipped=sent.skipped, refused=sent.refused, pulled=got.pulled,
        cursor=got.cursor, cancelled=state.cancelled, changed=got.changed,
    )  # fmt: skip
