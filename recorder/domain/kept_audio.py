"""A recording's audio kept after it was transcribed, when the council says so.

Why kept at all: some councils want the words as said, for a while, to check a
transcript a family disputes. Why only for a set number of days, encrypted, and
with its deletion logged: audio of a family's home is more personal than the
typed record, and an information governance officer must be able to show when
each recording went. The audio itself never leaves the laptop that recorded it;
that it was kept, for how long and when it went is part of the team's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from recorder.domain.dates import uk_date_long

AUDIO_ENTITY = "audio_recordings"
"""The change log's name for a kept recording (migration 0016): its keeping and deletion."""
PCM_SAMPLE_BYTES = 2
"""Audio is kept as 16-bit samples: half the size of the recogniser's floats, the same sound."""


def keep_until(recorded_at: datetime, keep_days: int) -> date:
    """The last day the audio is kept: it is deleted at the first sign-in after it."""
    return (recorded_at + timedelta(days=keep_days)).date()


def kept_until_words(recorded_at: datetime, keep_days: int, *, held_here: bool = True) -> str:
    """'kept, encrypted, on this laptop until 5 January 2027, then deleted': said the same
    after a recording, beside a kept one and in its history."""
    until = uk_date_long(keep_until(recorded_at, keep_days))
    where = "on this laptop" if held_here else "on the laptop it was recorded on"
    return f"kept, encrypted, {where} until {until}, then deleted."


def duration_words(seconds: float) -> str:
    """'4 minutes 12 seconds', '40 seconds': how long a recording is, said plainly."""
    whole = max(0, round(seconds))
    minutes, rest = divmod(whole, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if rest or not minutes:
        parts.append(f"{rest} second{'s' if rest != 1 else ''}")
    return " ".join(parts)


@dataclass(frozen=True)
class KeptRecording:
    """One recording's audio, as the record knows it (the sound itself stays in the store)."""

    id: str
    record_id: str
    recorded_at: datetime
    recorded_by: str
    """The name of who recorded it."""
    seconds: float
    held_here: bool
    """Whether this laptop holds the audio (only the laptop that recorded it does)."""
    removed_at: datetime | None = None

    def sentence(self, keep_days: int) -> str:
        """What happened to the audio, in one sentence, for the record's history."""
        said = (
            f"Audio of {duration_words(self.seconds)} recorded on "
            f"{uk_date_long(self.recorded_at.date())} by {self.recorded_by}"
        )
        if self.removed_at is not None:
            return f"{said}: deleted on {uk_date_long(self.removed_at.date())}."
        return f"{said}: {kept_until_words(self.recorded_at, keep_days, held_here=self.held_here)}"
