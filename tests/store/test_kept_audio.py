"""A council keeps recordings' audio for a set number of days: kept encrypted on the laptop
that recorded it, deleted after those days, and both logged for the team to see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from recorder.domain import Record
from recorder.store.chain import read_key
from recorder.store.errors import RefusedWriteError
from recorder.store.verify import verify_file

# Two seconds of a made-up sound: a rising pattern no real recording would hold by chance.
PCM = bytes((i * 7 + i // 256) % 256 for i in range(64_000))


def _visit(store, family) -> Record:
    record = Record(family.case.id, "home_visit", 1, family.worker.id, values={})
    store.records.add(record)
    return record


def test_kept_audio_is_listed_with_its_visit_and_read_back_whole(fresh_store, family):
    visit = _visit(fresh_store, family)
    fresh_store.kept_audio.keep(visit.id, PCM, sample_rate=16_000)
    [kept] = fresh_store.kept_audio.for_record(visit.id)
    assert kept.seconds == 2.0 and kept.held_here and kept.removed_at is None
    assert kept.recorded_by == family.worker.name
    assert fresh_store.kept_audio.audio(kept.id) == (PCM, 16_000)
    sentence = kept.sentence(keep_days=7)
    assert sentence.startswith("Audio of 2 seconds recorded on ")
    assert "kept, encrypted, on this laptop until" in sentence


def test_the_audio_is_encrypted_on_disk_and_never_in_the_change_log(fresh_store, family):
    visit = _visit(fresh_store, family)
    fresh_store.kept_audio.keep(visit.id, PCM, sample_rate=16_000)
    fresh_store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    on_disk = b"".join(p.read_bytes() for p in fresh_store.path.parent.iterdir() if p.is_file())
    assert PCM[1000:1064] not in on_disk
    logged = fresh_store.rows(
        "SELECT entity, field, new_value FROM change_log WHERE entity = 'audio_recordings'"
    )
    assert {r["field"] for r in logged} >= {"record_id", "seconds", "device_id"}
    assert not fresh_store.rows("SELECT 1 FROM change_log WHERE entity = 'local_audio'")
    assert all(len(str(r["new_value"] or "")) < 100 for r in logged)


def test_audio_is_deleted_after_the_councils_days_and_the_deletion_logged(fresh_store, family):
    visit = _visit(fresh_store, family)
    fresh_store.kept_audio.keep(visit.id, PCM, sample_rate=16_000)
    [kept] = fresh_store.kept_audio.for_record(visit.id)
    # Within the 7 days nothing goes.
    assert not fresh_store.kept_audio.remove_old(keep_days=7).ids
    assert fresh_store.kept_audio.audio(kept.id) is not None
    later = datetime.now(UTC) + timedelta(days=8)
    changes = fresh_store.kept_audio.remove_old(keep_days=7, now=later)
    assert set(changes.ids) == {kept.id}
    assert fresh_store.kept_audio.audio(kept.id) is None
    [gone] = fresh_store.kept_audio.for_record(visit.id)
    assert gone.removed_at is not None and not gone.held_here
    assert gone.sentence(keep_days=7).endswith(f"deleted on {later.day} {later:%B %Y}.")
    removal = [c for c in fresh_store.history(kept.id) if c.field == "removed_at"]
    assert removal[-1].user_id == family.worker.id and removal[-1].new_value is not None
    # Nothing deleted twice, and the sealed log still checks out.
    assert not fresh_store.kept_audio.remove_old(keep_days=7, now=later).ids
    assert not verify_file(
        fresh_store.path, read_key(), database_key=fresh_store.db_key
    ).problems


def test_a_council_that_stops_keeping_audio_deletes_what_was_kept(fresh_store, family):
    visit = _visit(fresh_store, family)
    fresh_store.kept_audio.keep(visit.id, PCM, sample_rate=16_000)
    assert len(fresh_store.kept_audio.remove_old(keep_days=0).ids) == 1
    assert not fresh_store.rows("SELECT 1 FROM local_audio")


def test_audio_for_a_record_that_is_not_there_is_refused_in_words(fresh_store, family):
    with pytest.raises(Exception, match="There is no record"):
        fresh_store.kept_audio.keep("no-such-record", PCM, sample_rate=16_000)
    with pytest.raises(RefusedWriteError, match="16-bit"):
        fresh_store.kept_audio.keep(_visit(fresh_store, family).id, b"abc", sample_rate=16_000)
    assert not fresh_store.rows("SELECT 1 FROM audio_recordings")


def test_an_unencrypted_database_keeps_no_audio(fresh_store, family):
    visit = _visit(fresh_store, family)
    key, fresh_store.db_key = fresh_store.db_key, None
    try:
        with pytest.raises(RefusedWriteError, match="not encrypted"):
            fresh_store.kept_audio.keep(visit.id, PCM, sample_rate=16_000)
    finally:
        fresh_store.db_key = key


def test_the_records_history_shows_the_audio_kept_and_when_it_was_deleted(fresh_store, family):
    from recorder.domain.history import history_lines

    visit = _visit(fresh_store, family)
    fresh_store.kept_audio.keep(visit.id, PCM, sample_rate=16_000)
    fresh_store.kept_audio.remove_old(keep_days=7, now=datetime.now(UTC) + timedelta(days=8))
    seen = fresh_store.views.record_history(visit.id)
    lines = history_lines(seen.changes, form=None, names=seen.names)
    whats = [line.what for line in lines]
    assert whats[0] == "Created the record"
    assert whats[-2:] == ["Recording's audio kept", "Recording's audio deleted"]
    assert lines[-2].new.startswith("2 seconds kept, encrypted")
    assert lines[-1].who == family.worker.name
