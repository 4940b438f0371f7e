"""Exporting many records: one bad record is reported and the rest still go out whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from recorder.export import (
    ExportError,
    NotGathered,
    document_name,
    export_document,
    gather_materials,
    write_documents,
)
from tests.export.conftest import open_document


def _materials(store, reference, ids):
    return list(gather_materials(store, ids, vocabulary=reference.relationships))


def test_a_case_batch_exports_every_record_and_reports_the_one_that_failed(
    demo_store, reference, forms, settings, tmp_path
):
    case_id = demo_store.rows(
        "SELECT case_id FROM records GROUP BY case_id ORDER BY count(*) DESC LIMIT 1"
    )[0]["case_id"]
    ids = demo_store.records.ids(case_id=case_id)
    assert len(ids) >= 3
    materials = _materials(demo_store, reference, [*ids, "no-such-record"])
    folder = tmp_path / "out"
    # A folder already sits where the second record's document should go.
    blocked = folder / document_name(materials[1], forms)
    blocked.mkdir(parents=True)
    seen = []

    result = write_documents(
        materials,
        folder,
        forms=forms,
        settings=settings,
        total=len(materials),
        progress=lambda done, total, what: seen.append((done, total)),
    )

    assert [e.record_id for e in result.written] == [ids[0], *ids[2:]]
    assert {p.record_id for p in result.problems} == {ids[1], "no-such-record"}
    messages = {p.record_id: p.message for p in result.problems}
    assert messages["no-such-record"] == "There is no record with id no-such-record."
    assert "is a folder" in messages[ids[1]]
    assert seen == [(n, len(materials)) for n in range(1, len(materials) + 1)]
    for exported in result.written:
        assert open_document(exported.path).paragraphs  # every file opens in Word's format
    assert not list(folder.glob(".*.part")), "no half-written files are left behind"
    assert result.summary() == (
        f"Exported {len(ids) - 1} records to {folder}. 2 could not be exported."
    )


def test_cancelling_a_batch_stops_between_records_and_leaves_only_whole_documents(
    demo_store, reference, forms, settings, tmp_path
):
    ids = demo_store.records.ids()[:6]
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 2

    folder = tmp_path / "out"
    result = write_documents(
        _materials(demo_store, reference, ids),
        folder,
        forms=forms,
        settings=settings,
        total=len(ids),
        cancelled=cancelled,
    )
    assert result.cancelled
    assert len(result.written) == 2
    assert sorted(p.name for p in folder.iterdir()) == sorted(e.path.name for e in result.written)
    assert "Stopped before the end" in result.summary()


def test_finished_only_leaves_out_drafts_and_records_with_business_support(demo_store):
    every = demo_store.records.ids()
    finished = demo_store.records.ids(finished_only=True)
    statuses = {r.id: r.status for r in demo_store.records.many(every).values()}
    assert set(finished) == {i for i in every if statuses[i].is_finished}
    assert len(finished) < len(every)


def test_a_case_that_does_not_exist_is_refused_by_name(demo_store):
    from recorder.store import NotFoundError

    with pytest.raises(NotFoundError, match="no case with id nope"):
        demo_store.records.ids(case_id="nope")


def test_a_document_replaces_an_older_copy_whole(visit, material_of, forms, settings, tmp_path):
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "visit.docx"
    path.write_bytes(b"an older export")
    export_document(material_of(visit.id), path, forms=forms, settings=settings)
    assert open_document(path).paragraphs
    assert [p.name for p in path.parent.iterdir()] == ["visit.docx"]


def test_a_missing_folder_or_a_file_in_the_way_is_said_plainly(
    visit, material_of, forms, settings, tmp_path
):
    material = material_of(visit.id)
    with pytest.raises(ExportError, match="The folder .* does not exist"):
        export_document(material, tmp_path / "nowhere" / "a.docx", forms=forms, settings=settings)
    with pytest.raises(ExportError, match="is a folder"):
        export_document(material, tmp_path, forms=forms, settings=settings)
    in_the_way = tmp_path / "notes.txt"
    in_the_way.write_text("mine")
    with pytest.raises(ExportError, match="is a file, not a folder"):
        write_documents([material], in_the_way, forms=forms, settings=settings, total=1)
    assert in_the_way.read_text() == "mine"


def test_file_names_are_readable_safe_on_any_computer_and_unique(
    fresh_store, family, visit, material_of, forms
):
    name = document_name(material_of(visit.id), forms)
    assert name == f"Wójcik-Hale, Eliška - Home visit - 2026-11-17 - {visit.id[:8]}.docx"
    fresh_store.people.update(family.child.id, last_name='Wójcik/Hale: "the" <second>?')
    awkward = document_name(material_of(visit.id), forms)
    assert not set('/\\:*?"<>|') & set(awkward)
    assert Path(awkward).suffix == ".docx"


def test_a_record_that_cannot_be_read_is_reported_in_its_own_words(demo_store, reference):
    found = _materials(demo_store, reference, ["missing"])
    assert found == [NotGathered("missing", "There is no record with id missing.")]
