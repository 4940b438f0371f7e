"""A record exported to Word and read back: what a conference chair or a court would see."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from docx.oxml.ns import qn

from recorder.domain import Case, CaseType, Household, Person, RecordStatus, Relationship
from recorder.domain.records import Record
from recorder.export import EmptyFields, export_document
from recorder.export.outline import MARKING, NOT_RECORDED
from recorder.export.template import STYLES
from tests.conftest import add_user, as_manager
from tests.export.conftest import open_document, pairs_of, rows_of, styled, table_starting


def _export(material, forms, settings, tmp_path, name="record.docx"):
    return open_document(export_document(material, tmp_path / name, forms=forms, settings=settings))


def test_every_header_and_footer_carries_the_protective_marking(
    visit, material_of, forms, settings, tmp_path
):
    document = _export(material_of(visit.id), forms, settings, tmp_path)
    assert document.sections
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            assert not part.is_linked_to_previous
            assert part.paragraphs[0].text == MARKING
            assert part.paragraphs[0].style.name == STYLES.marking


def test_the_title_names_the_form_and_the_child(visit, material_of, forms, settings, tmp_path):
    document = _export(material_of(visit.id), forms, settings, tmp_path)
    assert styled(document, "Title") == ["Home visit"]
    assert styled(document, "Subtitle") == ["Eliška Wójcik-Hale, 17 November 2026"]
    council = document.tables[0].rows[0].cells[1].paragraphs
    assert [(p.text, p.style.name) for p in council] == [
        ("Northbridge City Council", STYLES.council),
        ("Children's Services", STYLES.department),
    ]
    assert document.inline_shapes, "the council's logo is in the document"


def test_sections_are_headings_in_the_forms_order_then_the_sign_off(
    visit, material_of, forms, settings, tmp_path
):
    document = _export(material_of(visit.id), forms, settings, tmp_path)
    expected = [s.title for s in forms.forms["home_visit"].sections] + ["Sign-off"]
    assert styled(document, "Heading 1") == expected


def test_the_details_table_says_who_the_child_is_and_when_the_visit_was(
    visit, material_of, forms, settings, tmp_path
):
    document = _export(material_of(visit.id), forms, settings, tmp_path)
    details = pairs_of(table_starting(document, "Child's name"))
    assert details == {
        "Child's name": "Eliška Wójcik-Hale",
        "Date of birth": "29 February 2016 (aged 10)",
        "NHS number": "999 000 0018",
        "Address": "3 Quarry Lane, Northbridge, NB2 4LT",
        "Case type": "Child in need",
        "Allocated social worker": "Anwen Treharne",
        "Date of visit": "17 November 2026 at 16:15",
    }
    # Shown once: the visit section does not repeat the date the details table gives.
    visit_section = pairs_of(table_starting(document, "Planned or unannounced"))
    assert "Date of visit" not in visit_section and "Time of visit" not in visit_section


def test_actions_are_a_real_table_whose_header_row_repeats_on_every_page(
    visit, material_of, forms, settings, tmp_path
):
    document = _export(material_of(visit.id), forms, settings, tmp_path)
    table = table_starting(document, "What needs to happen")
    rows = rows_of(table)
    assert rows[0] == ["What needs to happen", "Who", "By when"]
    assert rows[1:] == [
        ["Ring the school about the lunch club.", "Anwen Treharne (social worker)", "24/11/2026"],
        ["Book the GP appointment.", "Zofía Wójcik-Hale (mother)", "28/11/2026"],
        [
            "Share the attendance figures.",
            "Imogen Tarrant (DSL, Hillcrest Primary School)",
            "01/12/2026",
        ],
    ]
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
    assert table.style.name == STYLES.grid_table


def test_people_are_named_with_how_they_are_related_to_the_child(
    visit, material_of, forms, settings, tmp_path
):
    document = _export(material_of(visit.id), forms, settings, tmp_path)
    seen = pairs_of(table_starting(document, "Planned or unannounced"))
    assert seen["Who was present"].split("\n") == [
        "Zofía Wójcik-Hale (mother)",
        "Eliška Wójcik-Hale (the child)",
        "Tomasz Hale (half-brother)",
    ]
    assert seen["Who was not there"] == "Darragh O'Sullivan (stepfather)"
    assert seen["Was the child seen alone?"] == "Yes"
    assert seen["Was the child's bedroom seen?"] == "No"


def test_the_childs_voice_is_set_apart_in_its_own_style(
    visit, material_of, forms, settings, tmp_path
):
    document = _export(material_of(visit.id), forms, settings, tmp_path)
    assert styled(document, STYLES.voice_label) == ["The child's voice: wishes and feelings"]
    assert styled(document, STYLES.voice) == [
        "Eli said: 'I like it when Mama reads to me.'",
        "She wants Tomasz to stop taking her pens.",
    ]


def test_long_text_keeps_its_paragraphs_and_working_notes_stay_out(
    visit, material_of, forms, settings, tmp_path
):
    document = _export(material_of(visit.id), forms, settings, tmp_path)
    text = styled(document, STYLES.text)
    assert text[:3] == [
        "The house was warm and tidy.",
        "Eli showed me her drawings of the cat.",
        "Zofía made tea and talked about the school run.",
    ]
    everything = "\n".join(p.text for p in document.paragraphs)
    assert "raw dictation" not in everything


def test_the_sign_off_says_who_wrote_it_its_status_and_who_approved_it(
    fresh_store, visit, family, material_of, forms, settings, tmp_path
):
    sign_off = pairs_of(table_starting(_export(material_of(visit.id), forms, settings, tmp_path),
                                       "Written by"))  # fmt: skip
    assert sign_off == {
        "Written by": "Anwen Treharne, social worker",
        "Date written": "17 November 2026",
        "Last changed": "18 November 2026",
        "Status": "Finished",
        "Approved by": "Not yet approved",
        "Date approved": "Not yet approved",
    }
    from recorder.domain import Role, User

    manager = User("Cerys Ap Rhys", Role.TEAM_MANAGER)
    add_user(fresh_store, manager)
    as_manager(fresh_store).records.update(
        visit.id,
        status=RecordStatus.APPROVED,
        approved_by=manager.id,
        approved_at=datetime(2026, 11, 19, 10, 0, tzinfo=UTC),
    )
    approved = _export(material_of(visit.id), forms, settings, tmp_path, name="approved.docx")
    sign_off = pairs_of(table_starting(approved, "Written by"))
    assert sign_off["Status"] == "Approved"
    assert sign_off["Approved by"] == "Cerys Ap Rhys, team manager"
    assert sign_off["Date approved"] == "19 November 2026"


def test_the_footer_gives_the_record_its_version_and_page_x_of_y_as_word_fields(
    visit, material_of, forms, settings, tmp_path
):
    document = _export(material_of(visit.id), forms, settings, tmp_path)
    footer = document.sections[0].footer
    line = footer.paragraphs[1]
    assert line.text.startswith(f"Record {visit.id} · Version 1\tPage ")
    codes = [i.text.split()[0] for i in line._p.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    kinds = [c.get(qn("w:fldCharType")) for c in line._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"] * 2


def test_a_draft_says_plainly_that_it_is_not_finished(
    fresh_store, visit, material_of, forms, settings, tmp_path
):
    as_manager(fresh_store).records.update(visit.id, status=RecordStatus.DRAFT)
    document = _export(material_of(visit.id), forms, settings, tmp_path)
    assert styled(document, STYLES.notice) == [
        "This record is a draft: it is not finished and has not been approved."
    ]


def test_names_in_any_script_print_as_written(fresh_store, family, reference, forms, settings,
                                              tmp_path, material_of):  # fmt: skip
    names = [
        ("Νικόλαος", "Παπαδόπουλος"),
        ("يوسف", "الحسيني"),
        ("Trần", "Bảo Ngọc"),
        ("美玲", "王"),
        ("Şükrü", "Çelik"),
    ]
    for first, last in names:
        child = Person(first, last, date_of_birth=date(2015, 6, 1))
        fresh_store.people.add(child)
        fresh_store.relationships.add(Relationship(family.mother.id, "mother", child.id))
        case = Case(child.id, CaseType.CHILD_PROTECTION, family.worker.id, date(2026, 10, 1))
        fresh_store.cases.add(case)
        record = Record(
            case_id=case.id,
            form_id="cp_visit",
            form_version=1,
            author_id=family.worker.id,
            values={"visit_date": "2026-11-10", "child_voice": f"{first} said: «Καλά είμαι» 🙂"},
        )
        fresh_store.records.add(record)
        material = material_of(record.id)
        from recorder.export import document_name

        path = export_document(
            material, tmp_path / document_name(material, forms), forms=forms, settings=settings
        )
        assert first in path.name and last in path.name
        document = open_document(path)
        assert styled(document, "Subtitle") == [f"{first} {last}, 10 November 2026"]
        assert pairs_of(table_starting(document, "Child's name"))["Child's name"] == (
            f"{first} {last}"
        )
        assert styled(document, STYLES.voice) == [f"{first} said: «Καλά είμαι» 🙂"]


def test_empty_fields_say_not_recorded_when_the_council_wants_them_shown(
    fresh_store, family, material_of, forms, settings, tmp_path
):
    values = {"visit_date": "2026-11-17", "observations": "Brief visit.", "absent": []}
    record = Record(family.case.id, "home_visit", 1, family.worker.id, values=values)
    fresh_store.records.add(record)
    shown = settings.with_empty_fields(EmptyFields.NOT_RECORDED)
    document = _export(material_of(record.id), forms, shown, tmp_path)
    assert styled(document, "Heading 1") == [
        s.title for s in forms.forms["home_visit"].sections
    ] + ["Sign-off"]
    visit_rows = pairs_of(table_starting(document, "Time of visit"))
    assert visit_rows["Time of visit"] == NOT_RECORDED
    assert visit_rows["Who was present"] == NOT_RECORDED
    assert visit_rows["Who was not there"] == "Nobody"  # left empty on purpose: an answer
    assert styled(document, STYLES.voice) == [NOT_RECORDED]
    assert "Brief visit." in styled(document, STYLES.text)
    labels = styled(document, STYLES.label)
    assert "Analysis" in labels and "Actions" not in labels  # an empty table is one row
    assert pairs_of(table_starting(document, "Actions from the last visit")) == {
        "Actions from the last visit": NOT_RECORDED,
        "Actions": NOT_RECORDED,
        "Next visit due": NOT_RECORDED,
    }


def test_empty_fields_and_empty_sections_are_left_out_when_the_council_wants_them_gone(
    fresh_store, family, material_of, forms, settings, tmp_path
):
    record = Record(family.case.id, "home_visit", 1, family.worker.id,
                    values={"visit_date": "2026-11-17", "observations": "Brief visit.",
                            "child_seen": True, "worries": "  "})  # fmt: skip
    fresh_store.records.add(record)
    hidden = settings.with_empty_fields(EmptyFields.LEAVE_OUT)
    document = _export(material_of(record.id), forms, hidden, tmp_path)
    assert styled(document, "Heading 1") == [
        "The visit",
        "The child's voice and what you saw",
        "Sign-off",
    ]
    assert pairs_of(table_starting(document, "Was the child seen?")) == {
        "Was the child seen?": "Yes"
    }
    assert styled(document, STYLES.label) == ["Observations"]
    everything = [p.text for p in document.paragraphs] + [
        c.text for t in document.tables for r in t.rows for c in r.cells
    ]
    assert NOT_RECORDED not in everything
    assert "Case reference" not in pairs_of(table_starting(document, "Child's name"))


def test_a_record_of_a_form_this_computer_lacks_still_exports_everything_it_holds(
    fresh_store, family, material_of, forms, settings, tmp_path
):
    record = Record(family.case.id, "family_group_conference", 3, family.worker.id,
                    values={"meeting_date": "2026-11-02", "attended": [family.mother.id],
                            "agreed": "Nan will do Tuesdays.\nMum will ring school.",
                            "plan": [{"task": "Tuesday pick-up", "owner": "family"}]})  # fmt: skip
    fresh_store.records.add(record)
    document = _export(material_of(record.id), forms, settings, tmp_path)
    assert styled(document, "Title") == ["Family group conference"]
    assert "not installed on this computer" in styled(document, STYLES.notice)[-1]
    rows = pairs_of(table_starting(document, "Attended"))
    assert rows == {"Meeting date": "2 November 2026", "Attended": "Zofía Wójcik-Hale (mother)"}
    assert styled(document, STYLES.text) == ["Nan will do Tuesdays.", "Mum will ring school."]
    assert rows_of(table_starting(document, "Owner")) == [
        ["Owner", "Task"],
        ["The family", "Tuesday pick-up"],
    ]


def test_text_word_cannot_hold_is_dropped_not_a_crash(
    fresh_store, visit, material_of, forms, settings, tmp_path
):
    values = {**visit.values, "observations": "Bell\x07 rang\x00 twice\x1b.\ufffe"}
    as_manager(fresh_store).records.update(visit.id, values=values)
    document = _export(material_of(visit.id), forms, settings, tmp_path)
    assert "Bell rang twice." in styled(document, STYLES.text)


def test_a_date_kept_as_typed_prints_as_typed(
    fresh_store, visit, material_of, forms, settings, tmp_path
):
    as_manager(fresh_store).records.update(
        visit.id, values={**visit.values, "next_visit_due": "31/02/2026"}
    )
    document = _export(material_of(visit.id), forms, settings, tmp_path)
    assert pairs_of(table_starting(document, "Next visit due")) == {"Next visit due": "31/02/2026"}


def test_the_documents_properties_are_the_records_own(
    visit, material_of, forms, settings, tmp_path
):
    props = _export(material_of(visit.id), forms, settings, tmp_path).core_properties
    assert props.title == "Home visit: Eliška Wójcik-Hale"
    assert props.author == "Anwen Treharne"
    assert props.keywords == MARKING
    every = " ".join(
        str(getattr(props, f)) for f in ("title", "subject", "author", "last_modified_by",
                                         "comments", "category", "keywords", "identifier")
    )  # fmt: skip
    assert "python-docx" not in every


def test_a_child_with_no_home_or_worker_recorded_still_exports(
    fresh_store, family, material_of, forms, settings, tmp_path
):
    child = Person("Ffion", "Lloyd")
    fresh_store.people.add(child)
    case = Case(child.id, CaseType.EARLY_HELP, None, date(2026, 11, 1))
    fresh_store.cases.add(case)
    record = Record(case.id, "home_visit", 1, None, values={})
    fresh_store.records.add(record)
    document = _export(material_of(record.id), forms, settings, tmp_path)
    details = pairs_of(table_starting(document, "Child's name"))
    assert details["Address"] == NOT_RECORDED
    assert details["Allocated social worker"] == NOT_RECORDED
    assert details["Date of visit"] == NOT_RECORDED
    assert pairs_of(table_starting(document, "Written by"))["Written by"] == NOT_RECORDED


def test_the_household_shown_is_the_one_on_the_day_of_the_visit(
    fresh_store, family, visit, material_of, forms, settings, tmp_path
):
    """A family that moved after the visit: the document shows where the child lived then."""
    new_home = Household("New flat", address_line1="Flat 2, 9 Mill Street", postcode="NB1 1AA")
    fresh_store.households.add(new_home)
    member = fresh_store.rows(
        "SELECT id FROM household_members WHERE person_id = ?", [family.child.id]
    )[0]["id"]
    fresh_store.households.end_membership(member, on=date(2026, 11, 19))
    fresh_store.households.add_member(new_home.id, family.child.id, since=date(2026, 11, 19))
    assert material_of(visit.id).address == "3 Quarry Lane, Northbridge, NB2 4LT"
    later = dataclasses.replace(visit, values={**visit.values, "visit_date": "2026-11-20"})
    as_manager(fresh_store).records.update(visit.id, values=later.values)
    assert material_of(visit.id).address == "Flat 2, 9 Mill Street, NB1 1AA"


def test_an_amendment_and_its_original_both_export_and_say_which_is_which(
    fresh_store, family, visit, material_of, forms, settings, tmp_path
):
    from recorder.domain import Role, User
    from recorder.export import document_name

    manager = User("Cerys Ap Rhys", Role.TEAM_MANAGER)
    add_user(fresh_store, manager)
    fresh_store.sign_in(manager.id)
    fresh_store.records.move(visit.id, RecordStatus.APPROVED)
    fresh_store.sign_in(family.worker.id)
    amendment = fresh_store.records.amend(visit.id, reason="The visit was unannounced.")
    original_doc = _export(material_of(visit.id), forms, settings, tmp_path, name="v1.docx")
    amended = material_of(amendment.id)
    amended_doc = _export(amended, forms, settings, tmp_path, name="v2.docx")
    assert styled(original_doc, STYLES.notice) == []
    assert styled(amended_doc, STYLES.notice)[-1] == (
        "This is an amendment (version 2) of an approved record. "
        "What it corrects: The visit was unannounced."
    )
    assert (
        amended_doc.sections[0]
        .footer.paragraphs[1]
        .text.startswith(f"Record {amendment.id} · Version 2")
    )
    assert " - version 2 - " in document_name(amended, forms)
    assert "raw dictation" not in "\n".join(p.text for p in amended_doc.paragraphs)


def test_a_draft_prints_only_what_a_person_accepted_or_typed(
    fresh_store, family, visit, material_of, forms, settings, tmp_path
):
    """Regression: a draft's document printed unaccepted suggestions as recorded, the visit
    time among them (the time the form was opened)."""
    prefilled = {"source": "The time the form was opened", "binding": "now", "accepted": False}
    provenance = {
        "visit_time": {**prefilled, "suggested": "16:15"},
        "worries": {"source": "Home visit of 01/10/2026", "binding": "previous.worries",
                    "suggested": visit.values["worries"], "accepted": False},
        "observations": {"source": "Home visit of 01/10/2026", "binding": "previous.x",
                         "suggested": "Old words", "accepted": True},
    }  # fmt: skip
    draft = dataclasses.replace(
        visit, id="d" * 36, status=RecordStatus.DRAFT, provenance=provenance
    )
    fresh_store.records.add(draft)
    document = _export(material_of(draft.id), forms, settings, tmp_path, "draft.docx")
    details = pairs_of(table_starting(document, "Child's name"))
    assert details["Date of visit"] == "17 November 2026"  # no time: nobody recorded one
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "Not yet recorded (suggested, not accepted)" in text
    assert visit.values["worries"] not in text
    assert "The house was warm and tidy." in text  # accepted: the worker's own now
