"""A home visit's whole life, as three people see it in their own windows.

Bethan Lowry (social worker) writes it and sends it; Denise Harrop (business
support) fills the admin fields, tidies the analysis (which stays a suggestion),
finishes it once nothing is missing and exports it; Rhiannon Tull (team
manager) returns it with a reason, then approves it. An approved record is
locked; a correction is an amendment, version 2. Every dialog is replaced
(the ``ask_*`` and ``tell_*`` functions); the store is the real demo store on
its worker thread, acting as whoever is signed in.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from recorder.domain.lifecycle import LOCKED, STEPS
from recorder.domain.records import RecordStatus
from recorder.forms.business_support import SUGGESTED_KEY
from recorder.store import RefusedWriteError
from recorder.ui import form_window as form_window_module
from recorder.ui.main_window import MainWindow
from recorder.ui.record_preview import record_html
from tests.conftest import DEMO_DAY

WORKER, SUPPORT, MANAGER = "Bethan Lowry", "Denise Harrop", "Rhiannon Tull"
ANALYSIS = "Mum is coping better. the school are happy"
TIDIED = "Mum is coping better. The school are happy with Mariama's attendance."
RETURN_REASON = "Please read business support's wording of the analysis and the worries."
AMEND_REASON = "The visit was on Wednesday 18/11/2026, not the 19th."


class People:
    """Stands in for the person at each dialog and remembers what they were told."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.reasons: list[str | None] = []
        """Answers to the next "why?" questions, in order (None: Cancel)."""
        self.asked: list[str] = []
        self.missing: list[list[str]] = []
        self.problems: list[str] = []
        self.exported: list[Path] = []
        self.save_as = folder / "record.docx"

    def ask_reason(self, parent, title: str, prompt: str) -> str | None:
        self.asked.append(title)
        return self.reasons.pop(0)

    def tell_missing(self, parent, missing: list[str]) -> None:
        self.missing.append(missing)

    def tell_problem(self, parent, message: str) -> None:
        self.problems.append(message)

    def ask_save_path(self, parent, suggested: Path) -> Path:
        return self.save_as

    def tell_exported(self, parent, message: str, *, document, folder) -> None:
        self.exported.append(document)


@pytest.fixture
def people(monkeypatch, tmp_path):
    people = People(tmp_path)
    for name in ("ask_reason", "tell_missing", "tell_problem"):
        monkeypatch.setattr(form_window_module, name, getattr(people, name))
    monkeypatch.setattr(form_window_module, "ask_write_back", lambda parent, items: False)
    for name in ("ask_save_path", "tell_exported"):
        monkeypatch.setattr(f"recorder.ui.word_export.{name}", getattr(people, name))
    monkeypatch.setattr("recorder.ui.main_window.ask_to_report", lambda parent, message: None)
    return people


@pytest.fixture
def sign_in(qtbot, runner, reference, forms, tmp_path):
    """A main window for one of the demo team, with the store acting as them."""

    def open_as(name: str) -> MainWindow:
        runner.wait()
        user = next(u for u in runner.store.users.all() if u.name == name)
        runner.store.sign_in(user.id)
        window = MainWindow(
            runner, reference=reference, forms=forms, user=user, today=DEMO_DAY,
            export_folder=tmp_path,
        )  # fmt: skip
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.caseload_model.rowCount() > 0)
        return window

    return open_as


def user_id(runner, name: str) -> str:
    return next(u.id for u in runner.store.users.all() if u.name == name)


def open_form(qtbot, window, record_id):
    window.open_record(record_id)

    def shown():  # not one closed a moment ago and not yet gone
        return [w for w in window.form_windows if w.record_id == record_id and w.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()))
    form = shown()[0]
    qtbot.waitUntil(lambda: form.record_state is not None)
    return form


def new_visit(qtbot, window, first_name):
    entry = next(e for e in window.caseload_model.rows() if e.row.child.first_name == first_name)
    window.open_person(entry.row.child.id)
    qtbot.waitUntil(lambda: window.person_view.view is not None)
    window.new_record(entry.row.case.id, "home_visit")
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    return window.form_windows[0]  # the main window closes it, if the test does not


def type_into(qtbot, form, field_id, text):
    """Replace what a text field holds by typing, as a person would."""
    widget = form.rows[field_id].editor.focus_widget()
    widget.setFocus()
    widget.selectAll()
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Delete)


def choose_first(qtbot, form, field_id):
    box = form.rows[field_id].editor.focus_widget()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)


def settle(form):
    """Let saves already on their way (leaving a field saves) report back first."""
    form.runner.wait()
    QApplication.processEvents()


def save(qtbot, form):
    settle(form)
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save_now()
    settle(form)


def click_step(qtbot, form, label, then: RecordStatus | None = None):
    button = next(b for b in form.step_buttons if b.text().rstrip("…") == label)
    settle(form)
    button.click()
    if then is not None:
        qtbot.waitUntil(
            lambda: form.record_state is not None and form.record_state.record.status is then
        )
    form.runner.wait()


def export(qtbot, window, form, people, name) -> str:
    people.save_as = people.folder / name
    with qtbot.waitSignal(window.word_export.exported, timeout=20_000):
        form.export_to_word()
    assert people.exported[-1] == people.save_as
    return document_text(people.save_as)


def document_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def read_only(form) -> bool:
    editors = [row.editor.widget.isEnabled() for row in form.rows.values()]
    return not form.editable and not any(editors) and not form.save_button.isEnabled()


def draft_and_send(qtbot, window, people) -> str:
    """Bethan writes up her visit to Mariama, leaves the date for business support, sends it."""
    form = new_visit(qtbot, window, "Mariama")
    assert form.step_labels() == ["Send to business support", "Mark finished"]
    choose_first(qtbot, form, "visit_type")  # Planned
    choose_first(qtbot, form, "visit_outcome")  # Completed
    choose_first(qtbot, form, "child_seen")  # Yes
    choose_first(qtbot, form, "child_seen_alone")  # Yes
    type_into(qtbot, form, "child_voice", "Mariama said she likes her new teacher.")
    type_into(qtbot, form, "observations", "The flat was warm; Mariama showed me her room.")
    type_into(qtbot, form, "analysis", ANALYSIS)
    type_into(qtbot, form, "worries", "Rent arrears.")
    type_into(qtbot, form, "visit_date", "")  # she will check the diary: business support do
    form.rows["actions_review"].editor.set_value(None)
    others = form.rows["children_seen"].editor.value() or []
    form.rows["children_seen"].editor.set_value(
        [{**row, "seen": True, "seen_alone": True, "bedroom_seen": True} for row in others]
    )
    form.changed_elsewhere()
    save(qtbot, form)
    record_id = form.record_id

    click_step(qtbot, form, "Send to business support", RecordStatus.WITH_BUSINESS_SUPPORT)
    assert read_only(form)
    assert form.step_labels() == ["Take back"]
    assert "With business support" in form.record_status.text()
    assert "Not opened by business support yet" in form.record_status.text()
    assert "Sent to business support by Bethan Lowry" in form.record_status.text()
    assert form.state.text().startswith("Sent to business support.")
    assert "changed by business support, not a social worker" in form.state.text()
    form.close()
    return record_id


def test_a_visit_goes_from_the_social_worker_to_approval_and_an_amendment(
    qtbot, runner, sign_in, people
):
    store = runner.store
    worker = sign_in(WORKER)
    record_id = draft_and_send(qtbot, worker, people)
    written = store.records.get(record_id)
    assert written.status is RecordStatus.WITH_BUSINESS_SUPPORT
    assert "visit_date" not in written.values

    # -- business support: admin fields, a tidied analysis, finished once nothing is missing
    support = sign_in(SUPPORT)
    form = open_form(qtbot, support, record_id)
    assert form.editable
    assert form.step_labels() == ["Mark finished", "Return to the social worker…"]
    assert "Approve" not in form.step_labels()
    type_into(qtbot, form, "visit_time", "10:30")
    type_into(qtbot, form, "analysis", TIDIED)
    type_into(qtbot, form, "worries", "Rent arrears (about £600).")
    save(qtbot, form)
    assert (
        "Your changes to What we are worried about and Analysis are kept as suggestions "
        "for the social worker." in form.state.text()
    )
    assert form.rows["analysis"].note.isVisibleTo(form)
    record = store.records.get(record_id)
    saved = record.values
    assert saved["visit_time"] == "10:30"  # an admin field: saved as typed
    assert saved["analysis"] == ANALYSIS  # the social worker's judgement: untouched
    assert SUGGESTED_KEY not in saved  # the record's own field, never among its values
    suggestion = record.suggested["analysis"]
    assert suggestion["value"] == TIDIED and suggestion["by"] == user_id(runner, SUPPORT)
    assert SUGGESTED_KEY not in form.rows  # never a field of its own

    click_step(qtbot, form, "Mark finished")
    assert people.missing == [["Not filled in: Date of visit"]]
    assert form.status is RecordStatus.WITH_BUSINESS_SUPPORT
    assert "not finished" in form.state.text()
    assert form.rows["visit_date"].problem.isVisibleTo(form)

    type_into(qtbot, form, "visit_date", "19/11/2026")
    click_step(qtbot, form, "Mark finished", RecordStatus.FINISHED)
    assert read_only(form) and form.step_labels() == []
    assert "Marked finished by Denise Harrop" in form.record_status.text()
    finished = store.records.get(record_id)
    assert finished.values["visit_date"] == "2026-11-19"
    assert finished.suggested["analysis"]["at"] == suggestion["at"]  # not re-made

    text = export(qtbot, support, form, people, "finished.docx")
    assert "19 November 2026 at 10:30" in text
    assert ANALYSIS in text and "Mariama said she likes her new teacher." in text
    assert TIDIED not in text  # a suggestion is not the record
    preview = record_html(finished, title="Home visit", author=WORKER, names={})
    assert TIDIED not in preview and SUGGESTED_KEY not in preview.replace("suggested new", "")
    assert "Business support have suggested new wording for: analysis, worries." in preview
    assert "not finished" not in text
    assert f"Record {record_id} · Version 1" in text

    with pytest.raises(RefusedWriteError) as refused:  # no button for it, nor a way round
        store.records.move(record_id, RecordStatus.APPROVED)
    assert str(refused.value) == (
        "Business support cannot make a record that is finished approved: a team manager can."
    )
    form.close()

    # -- the team manager sends it back with a reason
    manager = sign_in(MANAGER)
    form = open_form(qtbot, manager, record_id)
    assert form.step_labels() == ["Approve", "Return to the social worker…"]
    people.reasons = [None]  # thinks better of it: nothing moves
    click_step(qtbot, form, "Return to the social worker")
    assert form.status is RecordStatus.FINISHED and people.asked == ["Return to the social worker"]
    people.reasons = [RETURN_REASON]
    click_step(qtbot, form, "Return to the social worker", RecordStatus.DRAFT)
    assert "Returned to the social worker by Rhiannon Tull on " in form.record_status.text()
    assert RETURN_REASON.replace("'", "&#x27;") in form.record_status.text()
    form.close()

    # -- the social worker reads why, takes one suggestion, keeps her own worries, finishes
    worker.runner.wait()
    store.sign_in(worker.user.id)
    form = open_form(qtbot, worker, record_id)
    bar = form.record_status.text()
    assert "Draft" in bar and "Returned to the social worker by Rhiannon Tull" in bar
    assert "Please read business support" in bar
    analysis = form.rows["analysis"]
    assert analysis.editor.value() == TIDIED
    assert analysis.badge.isVisibleTo(form)
    assert analysis.badge.text.text().startswith("Suggested by Denise Harrop (business support)")
    assert ANALYSIS in analysis.badge.toolTip()
    assert analysis.badge.clear_button.text() == "Reject"
    analysis.badge.accept_button.click()
    worries = form.rows["worries"]
    worries.badge.clear_button.click()  # reject: back to her own words, not emptied
    assert worries.editor.value() == "Rent arrears."
    save(qtbot, form)
    kept = store.records.get(record_id)
    assert kept.values["analysis"] == TIDIED and kept.values["worries"] == "Rent arrears."
    assert SUGGESTED_KEY not in kept.values and kept.suggested == {}
    assert kept.provenance["analysis"]["accepted"] is True
    assert "Denise Harrop" in kept.provenance["analysis"]["source"]
    click_step(qtbot, form, "Mark finished", RecordStatus.FINISHED)
    form.close()

    # -- approved and locked
    store.sign_in(manager.user.id)
    form = open_form(qtbot, manager, record_id)
    click_step(qtbot, form, "Approve", RecordStatus.APPROVED)
    assert read_only(form) and form.step_labels() == []
    assert "Approved by Rhiannon Tull" in form.record_status.text()
    assert form.state.text().startswith("Approved: the record is now locked.")
    assert LOCKED in form.state.text()
    assert form.amend_button.isVisibleTo(form)
    with pytest.raises(RefusedWriteError, match=re.escape(LOCKED)):
        store.records.save_values(record_id, {**kept.values, "analysis": "Changed."})
    form.close()

    # -- an amendment, version 2, opened as a draft by the social worker who wrote it
    store.sign_in(worker.user.id)
    original = open_form(qtbot, worker, record_id)
    assert read_only(original) and original.amend_button.text() == "A&mend…"
    people.reasons = [AMEND_REASON]
    original.amend_button.click()
    qtbot.waitUntil(lambda: len(worker.form_windows) == 2)
    amendment = worker.form_windows[1]
    qtbot.waitUntil(lambda: amendment.record_state is not None)
    assert amendment.editable and amendment.status is RecordStatus.DRAFT
    assert amendment.record.version == 2 and amendment.record.amends_id == record_id
    approved_on = store.records.get(record_id).approved_at.astimezone().strftime("%d/%m/%Y")
    assert (
        f"Amendment (version 2) of the record approved on {approved_on}: "
        "The visit was on Wednesday 18/11/2026, not the 19th."
    ) in amendment.record_status.text()
    assert [v.version for v in store.records.versions(record_id)] == [1, 2]
    assert store.records.versions(amendment.record_id)[0].id == record_id
    qtbot.waitUntil(lambda: original.amend_button.text() == "Open version 2")

    type_into(qtbot, amendment, "visit_date", "18/11/2026")
    save(qtbot, amendment)
    assert store.records.get(record_id).values["visit_date"] == "2026-11-19"  # kept as approved
    first = export(qtbot, worker, original, people, "version-1.docx")
    second = export(qtbot, worker, amendment, people, "version-2.docx")
    assert "19 November 2026" in first and "Version 1" in first
    assert "18 November 2026" in second and f"Record {amendment.record_id} · Version 2" in second
    assert "it is not finished" in second  # a draft says so on paper
    original.close()
    amendment.close()


def test_business_support_are_offered_no_approval_and_are_told_why_not(
    qtbot, runner, sign_in, people
):
    worker = sign_in(WORKER)
    record_id = draft_and_send(qtbot, worker, people)
    runner.wait()
    runner.store.sign_in(user_id(runner, SUPPORT))
    runner.store.records.save_values(
        record_id, {**runner.store.records.get(record_id).values, "visit_date": "2026-11-19"}
    )
    runner.store.records.move(record_id, RecordStatus.FINISHED)

    support = sign_in(SUPPORT)
    form = open_form(qtbot, support, record_id)
    assert form.step_labels() == [] and not form.amend_button.isVisibleTo(form)
    assert read_only(form)
    assert form.state.text() == (
        "A record that is finished is changed by a team manager, not business support."
    )
    # a move asked for anyway (an old window, a script) is refused in words
    approve = next(s for s in STEPS if s.label == "Approve")
    form.take_step(approve)
    qtbot.waitUntil(lambda: bool(people.problems))
    assert people.problems == [
        "Business support cannot make a record that is finished approved: a team manager can."
    ]
    assert form.state.text().startswith("Not done: Business support cannot")
    assert runner.store.records.get(record_id).status is RecordStatus.FINISHED
    form.close()


def test_a_return_needs_a_reason_and_the_reason_reaches_the_social_worker(
    qtbot, runner, sign_in, people
):
    worker = sign_in(WORKER)
    record_id = draft_and_send(qtbot, worker, people)

    support = sign_in(SUPPORT)
    form = open_form(qtbot, support, record_id)
    people.reasons = ["   "]
    click_step(qtbot, form, "Return to the social worker")
    qtbot.waitUntil(lambda: bool(people.problems))
    assert people.problems == [
        "Say why the record is going back, so the social worker knows what to do."
    ]
    assert form.status is RecordStatus.WITH_BUSINESS_SUPPORT
    assert form.step_labels() == ["Mark finished", "Return to the social worker…"]
    people.reasons = ["Which school does Mariama go to now?"]
    click_step(qtbot, form, "Return to the social worker", RecordStatus.DRAFT)
    assert read_only(form)  # a draft is the social worker's again
    form.close()

    store = runner.store
    runner.wait()
    store.sign_in(worker.user.id)
    form = open_form(qtbot, worker, record_id)
    assert form.editable
    assert form.step_labels() == ["Send to business support", "Mark finished"]
    assert "“Which school does Mariama go to now?”" in form.record_status.text()
    assert "Returned to the social worker by Denise Harrop" in form.record_status.text()
    form.history_button.click()
    dialog = form.history_dialog
    qtbot.waitUntil(lambda: dialog.view is not None)
    told = [(line.who, line.what, line.old, line.new) for line in dialog.view.lines]
    assert (
        "Denise Harrop",
        "Status",
        "With business support",
        "Draft (reason: Which school does Mariama go to now?)",
    ) in told
    dialog.close()
    form.close()


def test_a_suggestion_taken_back_by_business_support_is_withdrawn(qtbot, runner, sign_in, people):
    """Regression: putting a field back as the record has it used to leave the suggestion."""
    worker = sign_in(WORKER)
    record_id = draft_and_send(qtbot, worker, people)
    support = sign_in(SUPPORT)
    form = open_form(qtbot, support, record_id)
    type_into(qtbot, form, "analysis", TIDIED)
    save(qtbot, form)
    assert "analysis" in runner.store.records.get(record_id).suggested
    form.close()

    again = open_form(qtbot, support, record_id)
    assert again.rows["analysis"].editor.value() == TIDIED  # her wording, to go on with
    assert again.rows["analysis"].note.isVisibleTo(again)
    type_into(qtbot, again, "analysis", ANALYSIS)
    save(qtbot, again)
    assert runner.store.records.get(record_id).suggested == {}
    assert "kept as a suggestion" not in again.state.text()
    again.close()


def test_a_suggestion_not_yet_decided_survives_saving_and_reopening(qtbot, runner, sign_in, people):
    worker = sign_in(WORKER)
    record_id = draft_and_send(qtbot, worker, people)
    support = sign_in(SUPPORT)
    form = open_form(qtbot, support, record_id)
    type_into(qtbot, form, "analysis", TIDIED)
    people.reasons = ["Please look at the analysis."]
    click_step(qtbot, form, "Return to the social worker", RecordStatus.DRAFT)
    form.close()
    suggested = runner.store.records.get(record_id).suggested
    assert suggested and SUGGESTED_KEY not in runner.store.records.get(record_id).values

    runner.store.sign_in(worker.user.id)
    form = open_form(qtbot, worker, record_id)
    type_into(qtbot, form, "observations", "Seen again on the doorstep.")
    save(qtbot, form)  # the analysis is left for later
    record = runner.store.records.get(record_id)
    kept = record.values
    assert kept["analysis"] == ANALYSIS and record.suggested == suggested
    assert kept["observations"] == "Seen again on the doorstep."
    form.close()

    again = open_form(qtbot, worker, record_id)
    assert again.rows["analysis"].editor.value() == TIDIED
    assert again.rows["analysis"].badge.isVisibleTo(again)
    assert SUGGESTED_KEY not in again.rows and SUGGESTED_KEY not in again.values()
    again.close()


def test_a_sender_takes_a_record_back_until_business_support_open_it(
    qtbot, runner, sign_in, people, send_answers
):
    store = runner.store
    worker = sign_in(WORKER)
    record_id = draft_and_send(qtbot, worker, people)
    assert send_answers.checks and send_answers.checks[-1].must_fix == []
    form = open_form(qtbot, worker, record_id)
    click_step(qtbot, form, "Take back", RecordStatus.DRAFT)
    assert form.editable and form.state.text().startswith("Taken back: it is your draft again.")
    assert "Taken back by Bethan Lowry" in form.record_status.text()
    click_step(qtbot, form, "Send to business support", RecordStatus.WITH_BUSINESS_SUPPORT)
    form.close()

    support = sign_in(SUPPORT)
    opened = open_form(qtbot, support, record_id)
    qtbot.waitUntil(lambda: store.records.get(record_id).picked_up_at is not None)
    opened.close()

    worker = sign_in(WORKER)
    form = open_form(qtbot, worker, record_id)
    assert "Opened by Denise Harrop" in form.record_status.text()
    click_step(qtbot, form, "Take back")
    qtbot.waitUntil(lambda: bool(people.problems))
    assert "can no longer be taken back: ask them to return it to you" in people.problems[-1]
    assert store.records.get(record_id).status is RecordStatus.WITH_BUSINESS_SUPPORT


def test_an_impossible_date_stops_the_send_and_the_typing_is_kept(
    qtbot, runner, sign_in, people, send_answers
):
    """Regression: "31/02/2026" went to business support unchecked, with no way back."""
    worker = sign_in(WORKER)
    form = new_visit(qtbot, worker, "Mariama")
    type_into(qtbot, form, "visit_date", "31/02/2026")
    type_into(qtbot, form, "child_voice", "Mariama said she likes her new teacher.")
    save(qtbot, form)
    button = next(b for b in form.step_buttons if b.text() == "Send to business support")
    settle(form)
    button.click()
    form.runner.wait()
    check = send_answers.checks[-1]
    assert check.must_fix == [
        "Date of visit: There is no such date as 31/02/2026: check the day and the month."
    ]
    assert "Not filled in: Was the child seen?" in check.gaps
    assert form.state.text() == "Not sent: put right what is listed first."
    assert form.rows["visit_date"].problem.isVisibleTo(form)
    record = runner.store.records.get(form.record_id)
    assert record.status is RecordStatus.DRAFT
    assert record.values["child_voice"] == "Mariama said she likes her new teacher."
