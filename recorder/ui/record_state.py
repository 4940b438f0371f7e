"""Where a record is in its life, in words: the bar above a form.

``record_state`` is read on the worker thread; the rest turns it into the
sentences the bar shows. No widget here changes a record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from recorder.domain.dates import uk_date
from recorder.domain.lifecycle import Handoff
from recorder.domain.records import Record, RecordStatus
from recorder.store import Store


@dataclass(frozen=True)
class RecordState:
    """Where a record is in its life: its hand-offs, its versions, and users' names."""

    record: Record
    handoffs: list[Handoff]
    versions: list[Record]
    names: dict[str, str]
    """Users by id."""


def record_state(store: Store, record_id: str) -> RecordState:
    """Read on the worker thread: everything the form's state bar says."""
    return RecordState(
        record=store.records.get(record_id),
        handoffs=store.handoffs.for_record(record_id),
        versions=store.records.versions(record_id),
        names={u.id: u.name for u in store.users.all()},
    )


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%d/%m/%Y at %H:%M")


def handoff_words(handoff: Handoff, names: dict[str, str]) -> str:
    """One hand-off as a sentence: "Returned to the social worker by ... on ...: why"."""
    who = names.get(handoff.user_id or "", "someone not signed in")
    when = _when(handoff.at)
    if handoff.to_status is RecordStatus.DRAFT and not handoff.reason:
        # Returns always carry a reason; a move back without one is the sender's take-back.
        return f"Taken back by {who} on {when}."
    if handoff.to_status is RecordStatus.DRAFT:
        words = f"Returned to the social worker by {who} on {when}"
        return words + (f": “{handoff.reason}”" if handoff.reason else ".")
    doing = {
        RecordStatus.WITH_BUSINESS_SUPPORT: "Sent to business support",
        RecordStatus.FINISHED: "Marked finished",
        RecordStatus.APPROVED: "Approved",
    }[handoff.to_status]
    return f"{doing} by {who} on {when}."


def state_words(state: RecordState) -> list[str]:
    """What the bar above the form says about where the record is, line by line (plain text)."""
    record = state.record
    lines = []
    if record.amends_id:
        original = next((v for v in state.versions if v.id == record.amends_id), None)
        approved = (
            uk_date(original.approved_at.astimezone().date())
            if original is not None and original.approved_at
            else "an unknown date"
        )
        lines.append(
            f"Amendment (version {record.version}) of the record approved on {approved}: "
            f"{record.amendment_reason}"
        )
    if state.handoffs:
        lines.append(handoff_words(state.handoffs[-1], state.names))
    if record.status is RecordStatus.WITH_BUSINESS_SUPPORT:
        if record.picked_up_at is not None:
            who = state.names.get(record.picked_up_by or "", "business support")
            lines.append(f"Opened by {who} on {_when(record.picked_up_at)}.")
        else:
            lines.append("Not opened by business support yet: the sender can still take it back.")
    newer = [v for v in state.versions if v.version > record.version]
    if newer:
        lines.append(
            f"Version {newer[-1].version} corrects this record: open it to read the correction."
        )
    return lines
