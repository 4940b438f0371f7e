"""Information-sharing consent for a child, and who opened a child's record.

Why recorded: sharing a family's information without consent is lawful when a
safeguarding concern makes asking unsafe, but the decision must be written
down (date and by whom). The access log answers the first question after a
data breach: who opened this child's record, when, and on which device.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from recorder.domain.ids import new_id, utc_now


class SharingConsent(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    NOT_NEEDED_SAFEGUARDING = "not_needed_safeguarding"

    @property
    def label(self) -> str:
        return {
            SharingConsent.GIVEN: "Consent to share information given",
            SharingConsent.REFUSED: "Consent to share information refused",
            SharingConsent.NOT_NEEDED_SAFEGUARDING: (
                "Consent not sought: sharing without it because of a safeguarding concern"
            ),
        }[self]


@dataclass(frozen=True)
class ConsentDecision:
    """One decision about sharing a child's information; the latest one stands."""

    child_id: str
    status: SharingConsent
    decided_on: date
    decided_by: str
    """Who gave or refused consent, or who decided it was not needed."""
    note: str = ""
    recorded_by: str | None = None
    recorded_at: datetime = field(default_factory=utc_now)
    id: str = field(default_factory=new_id)

    def sentence(self) -> str:
        by = f" by {self.decided_by}" if self.decided_by else ""
        return f"{self.status.label}{by} on {self.decided_on:%-d %B %Y}."


class AccessAction(StrEnum):
    OPENED = "opened"
    EXPORTED = "exported"
    PRINTED = "printed"
    LISTENED = "listened"  # to a recording's kept audio; the detail says how long it is


@dataclass(frozen=True)
class AccessEvent:
    """One line of the access log, as read back."""

    at: datetime
    user_name: str
    device_id: str
    action: AccessAction
    child_id: str | None
    record_id: str | None = None
    detail: str = ""

    def sentence(self, child_name: str = "this child") -> str:
        """``Bethan Lowry opened Ava Lowe's record on 3 November 2026 at 14:05.``"""
        local = self.at.astimezone()
        when = f"on {local:%-d %B %Y} at {local:%H:%M}"
        what = {
            AccessAction.OPENED: f"opened {child_name}'s record",
            AccessAction.EXPORTED: f"exported a Word document of {child_name}'s record",
            AccessAction.PRINTED: f"printed {child_name}'s record",
            AccessAction.LISTENED: (
                f"listened to the kept audio of a visit in {child_name}'s record"
            ),
        }[self.action]
        if self.detail and self.action in (AccessAction.OPENED, AccessAction.LISTENED):
            what += f" ({self.detail})"  # a listen logged before 0017 was an opening
        device = f" (device {self.device_id[:8]})" if self.device_id else ""
        return f"{self.user_name} {what} {when}{device}."


RECORDING_CONSENT_KEY = "recording_consent"


def recording_consent_sentence(values: dict) -> str | None:
    """What a visit record says about telling the family it was dictated; None if no such field."""
    if RECORDING_CONSENT_KEY not in values:
        return None
    told = values[RECORDING_CONSENT_KEY]
    if told is True:
        return "The family were told this visit would be dictated and recorded."
    if told is False:
        return "The family were not told this visit would be dictated and recorded."
    return "Not recorded whether the family were told this visit would be dictated and recorded."
