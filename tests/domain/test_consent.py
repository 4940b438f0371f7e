"""The access log read back in plain English, as a team manager sees it."""

from __future__ import annotations

from datetime import UTC, datetime

from recorder.domain.consent import AccessAction, AccessEvent


def test_listening_to_kept_audio_reads_as_opening_the_record_and_says_so():
    event = AccessEvent(
        at=datetime(2026, 12, 3, 14, 5, tzinfo=UTC),
        user_name="Bethan Lowry",
        device_id="abcdef0123456789",
        action=AccessAction.OPENED,
        child_id="c1",
        record_id="r1",
        detail="listened to the audio of a recording of 4 minutes 12 seconds",
    )
    said = event.sentence("Ava Lowe")
    assert said.startswith("Bethan Lowry opened Ava Lowe's record (listened to the audio")
    assert said.endswith("(device abcdef01).")


def test_a_file_name_exported_stays_out_of_the_sentence():
    event = AccessEvent(
        at=datetime(2026, 12, 3, 14, 5, tzinfo=UTC),
        user_name="Bethan Lowry",
        device_id="",
        action=AccessAction.EXPORTED,
        child_id="c1",
        detail="home-visit.docx",
    )
    assert "docx" not in event.sentence("Ava Lowe")
