"""The access log read back in plain English, as a team manager sees it."""

from __future__ import annotations

from datetime import UTC, datetime

from recorder.domain.consent import AccessAction, AccessEvent


def test_listening_to_kept_audio_says_so_and_how_long_the_recording_was():
    event = AccessEvent(
        at=datetime(2026, 12, 3, 14, 5, tzinfo=UTC),
        user_name="Bethan Lowry",
        device_id="abcdef0123456789",
        action=AccessAction.LISTENED,
        child_id="c1",
        record_id="r1",
        detail="a recording of 4 minutes 12 seconds",
    )
    said = event.sentence("Ava Lowe")
    assert said.startswith(
        "Bethan Lowry listened to the kept audio of a visit in Ava Lowe's record "
        "(a recording of 4 minutes 12 seconds) on 3 December 2026 at "
    )
    assert said.endswith("(device abcdef01).")


def test_a_listen_logged_before_it_had_its_own_line_still_says_what_was_heard():
    event = AccessEvent(
        at=datetime(2026, 12, 3, 14, 5, tzinfo=UTC),
        user_name="Bethan Lowry",
        device_id="",
        action=AccessAction.OPENED,
        child_id="c1",
        detail="listened to the audio of a recording of 4 minutes 12 seconds",
    )
    assert event.sentence("Ava Lowe").startswith(
        "Bethan Lowry opened Ava Lowe's record (listened to the audio"
    )


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
