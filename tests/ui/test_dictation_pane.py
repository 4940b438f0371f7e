"""A social worker dictates a home visit, drafts it, reviews each suggestion, saves, reopens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from recorder.dictation.to_form import NEW_PEOPLE
from recorder.ui import dictation_pane as pane_module
from recorder.ui import form_window as form_window_module
from recorder.ui.dictation_pane import ACCEPTED, ADDED, BackgroundDrafter, DraftedItemsModel
from recorder.ui.main_window import MainWindow
from tests.conftest import DEMO_DAY

# A fictional visit to the demo's Alusine Conteh, who lives with his mother Fatmata,
# his grandmother Isatu and his sister Mariama.
DICTATION = (
    "Unannounced home visit to Alusine today at 4pm full stop Fatmata and Alusine were home "
    "comma Isatu was at the market full stop I saw Alusine on his own in his bedroom full stop "
    'He said "I like my new teacher" full stop Fatmata told me her brother Kelvin has been '
    "staying on the sofa full stop I will ring Castlegate school by Friday full stop"
)


@pytest.fixture(scope="session")
def drafter():
    from recorder.dictation.pipeline import Drafter

    return Drafter.load("none")


@pytest.fixture
def drafting(qtbot, drafter):
    drafting = BackgroundDrafter()
    drafting.use(drafter)
    yield drafting
    drafting.wait()


@pytest.fixture
def window(qtbot, runner, reference, forms, worker, drafting, monkeypatch):
    reported = []
    monkeypatch.setattr(
        "recorder.ui.main_window.ask_to_report", lambda parent, message: reported.append(message)
    )
    monkeypatch.setattr(form_window_module, "ask_write_back", lambda parent, items: False)
    # No test waits on a real dialog; a test that answers it sets its own answer.
    monkeypatch.setattr(pane_module, "ask_new_people", lambda parent, offers, vocabulary: [])
    runner.store.sign_in(worker.id)
    window = MainWindow(
        runner,
        reference=reference,
        forms=forms,
        user=worker,
        today=DEMO_DAY,
        drafting=drafting,
    )
    window.reported = reported
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.caseload_model.rowCount() > 0)
    return window


def _child(window, first_name):
    return next(e for e in window.caseload_model.rows() if e.row.child.first_name == first_name)


def _new_visit(qtbot, window, first_name="Alusine", form_id="home_visit"):
    entry = _child(window, first_name)
    window.new_record(entry.row.case.id, form_id)
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    form = window.form_windows[0]
    qtbot.addWidget(form)
    return entry, form


def _draft(qtbot, pane):
    with qtbot.waitSignal(pane.drafted, timeout=30_000):
        pane.draft()


def _row(pane, field_id, contains=""):
    for number, row in enumerate(pane.model.rows()):
        if row.suggestion.field_id == field_id and contains in row.suggestion.words:
            return number
    raise AssertionError(f"no suggestion for {field_id} {contains!r}: {pane.model.rows()}")


def _people(window, entry):
    facts = window.runner.store.views.case_facts(entry.row.case.id, on=DEMO_DAY)
    people = {facts.child.first_name: facts.child.id}
    people.update({link.person.first_name: link.person.id for link in facts.links})
    return people


def test_dictate_draft_review_save_and_reopen(qtbot, window):
    entry, form = _new_visit(qtbot, window)
    people = _people(window, entry)
    pane = form.dictation_pane
    assert pane is not None and pane.draft_button.isEnabled()
    form.activateWindow()
    pane.dictation.setFocus()
    qtbot.keyClicks(pane.dictation, DICTATION)

    with qtbot.waitSignal(pane.drafted, timeout=30_000):
        qtbot.keyClick(pane.dictation, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert pane.text() == DICTATION  # Ctrl+Enter drafts; it types no new line

    # The draft is in the form as suggestions, each with the words it came from.
    assert pane.model.rowCount() >= 5
    present = form.rows["present"]
    assert set(present.editor.value()) >= {people["Fatmata"], people["Alusine"]}
    assert present.provenance["source"] == "Drafted from dictation"
    assert "Suggested from: Drafted from dictation" in present.badge.text.text()
    row = _row(pane, "present", "Fatmata")
    pane.table.selectRow(row)
    evidence = pane.model.row_at(row).suggestion.evidence
    assert evidence and pane.highlighted() == [e.words for e in evidence]
    assert "Fatmata" in pane.highlighted()[0]
    assert "From the dictation" in pane.source.text()
    assert form.values()["visit_type"] == "Unannounced"
    assert form.values()["child_seen_alone"] is True

    # Accept some, reject one.
    for field_id, words in (("visit_type", ""), ("present", "Fatmata"), ("present", "Alusine")):
        number = _row(pane, field_id, words)
        pane.table.selectRow(number)
        qtbot.mouseClick(pane.accept_button, Qt.MouseButton.LeftButton)
        assert pane.model.row_at(number).state == ACCEPTED
    assert present.provenance["accepted"] is True
    assert "Accepted" in present.badge.text.text()
    absent = _row(pane, "absent", "Isatu")
    before = pane.model.rowCount()
    pane.table.selectRow(absent)
    qtbot.mouseClick(pane.reject_button, Qt.MouseButton.LeftButton)
    assert pane.model.rowCount() == before - 1
    assert form.values().get("absent") is None
    assert form.rows["absent"].provenance is None

    # Save, close, reopen: the accepted values and the dictation are kept.
    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    window.runner.wait()
    kept_values, kept_provenance = form.values(), form.provenance()
    record_id = form.record_id
    form.close()
    qtbot.waitUntil(lambda: window.form_windows == [])

    saved = window.runner.store.records.get(record_id)
    assert saved.dictation == DICTATION and "dictation" not in saved.values  # its own field
    assert saved.values["visit_type"] == "Unannounced"
    assert "absent" not in saved.values
    assert saved.provenance["present"]["accepted"] is True
    assert saved.provenance["present"]["evidence"]

    window.open_record(record_id)
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    again = window.form_windows[0]
    qtbot.addWidget(again)
    assert again.dictation_pane.text() == DICTATION
    assert again.values() == kept_values
    assert again.provenance() == kept_provenance
    assert set(again.values()["present"]) >= {people["Fatmata"], people["Alusine"]}
    assert "Accepted" in again.rows["present"].badge.text.text()
    again.close()


def test_an_empty_dictation_is_explained_and_nothing_is_lost(qtbot, window):
    _, form = _new_visit(qtbot, window)
    pane = form.dictation_pane
    values = form.values()
    pane.dictation.setPlainText("   \n ")
    pane.draft()
    assert "nothing to draft" in pane.status.text()
    assert pane.model.rowCount() == 0 and not pane.busy
    assert form.values() == values
    assert pane.text() == "   \n "


def test_drafting_runs_in_the_background_and_the_button_shows_it(qtbot, window):
    _, form = _new_visit(qtbot, window)
    pane = form.dictation_pane
    pane.dictation.setPlainText(DICTATION)
    with qtbot.waitSignal(pane.drafted, timeout=30_000):
        pane.draft()
        # The draft arrives through the event loop: until then the form is usable and
        # the button says the work is going on.
        assert pane.busy and not pane.draft_button.isEnabled()
        assert pane.draft_button.text() == "Drafting…"
        form.rows["observations"].editor.set_value("Typed while drafting.")
    assert not pane.busy and pane.draft_button.isEnabled()
    assert form.values()["observations"] == "Typed while drafting."


def test_the_draft_button_waits_for_the_language_model(qtbot, window, drafter):
    entry = _child(window, "Alusine")
    loading = BackgroundDrafter()
    window.drafting = loading
    window.new_record(entry.row.case.id, "home_visit")
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    form = window.form_windows[0]
    qtbot.addWidget(form)
    pane = form.dictation_pane
    assert not pane.draft_button.isEnabled()
    assert "getting ready" in pane.draft_button.text()
    assert "loading" in pane.status.text()
    qtbot.keyClicks(pane.dictation, "Typed before the model was ready.")  # usable meanwhile
    loading.use(drafter)
    assert pane.draft_button.isEnabled() and pane.draft_button.text() == "&Draft"
    assert pane.text() == "Typed before the model was ready."


def test_a_model_that_will_not_load_falls_back_to_the_rules(qtbot):
    drafting = BackgroundDrafter()
    with qtbot.waitSignal(drafting.ready, timeout=60_000):
        drafting.load("json")  # installed, but not a language pipeline
    drafting.wait()
    assert drafting.is_ready
    assert "basic rules" in drafting.problem


def test_someone_new_is_offered_for_the_family_network(qtbot, window, monkeypatch):
    offered = []

    def ask(parent, offers, vocabulary):
        offered.append(offers)
        return offers

    monkeypatch.setattr(pane_module, "ask_new_people", ask)
    entry, form = _new_visit(qtbot, window)
    pane = form.dictation_pane
    pane.dictation.setPlainText(DICTATION)
    _draft(qtbot, pane)
    number = _row(pane, NEW_PEOPLE, "Kelvin")
    pane.table.selectRow(number)
    pane.accept_selected()
    window.runner.wait()
    qtbot.waitUntil(lambda: pane.model.row_at(number).state == ADDED)
    assert offered and offered[0][0].first_name == "Kelvin"
    view = window.runner.store.views.person(entry.row.child.id, on=DEMO_DAY)
    kelvin = next(link for link in view.links if link.person.first_name == "Kelvin")
    assert kelvin.relationship.kind == "uncle"  # "her brother", said of his mother
    assert "Added to the family network" in pane.status.text()


def test_declining_to_add_someone_new_adds_no_one(qtbot, window, monkeypatch):
    monkeypatch.setattr(pane_module, "ask_new_people", lambda parent, offers, vocabulary: [])
    entry, form = _new_visit(qtbot, window)
    pane = form.dictation_pane
    pane.dictation.setPlainText(DICTATION)
    _draft(qtbot, pane)
    people_before = len(window.runner.store.search.people("Kelvin"))
    pane.accept_all()
    window.runner.wait()
    assert len(window.runner.store.search.people("Kelvin")) == people_before
    assert all(
        r.state == ACCEPTED for r in pane.model.rows() if r.suggestion.field_id != NEW_PEOPLE
    )
    assert all(
        form.rows[f].provenance["accepted"]
        for f in {r.suggestion.field_id for r in pane.model.rows()}
        if f != NEW_PEOPLE
    )


def test_rejecting_a_drafted_field_puts_back_what_was_there(qtbot, window):
    _, form = _new_visit(qtbot, window)
    pane = form.dictation_pane
    present = form.rows["present"]
    prefilled, prefilled_source = present.editor.value(), present.provenance["source"]
    pane.dictation.setPlainText(DICTATION)
    _draft(qtbot, pane)
    assert present.provenance["source"] == "Drafted from dictation"
    while any(r.suggestion.field_id == "present" for r in pane.model.rows()):
        pane.reject_row(_row(pane, "present"))
    assert present.editor.value() == prefilled
    assert present.provenance["source"] == prefilled_source


def test_drafting_again_keeps_what_was_accepted_and_replaces_the_rest(qtbot, window):
    entry, form = _new_visit(qtbot, window)
    people = _people(window, entry)
    pane = form.dictation_pane
    pane.dictation.setPlainText(DICTATION)
    _draft(qtbot, pane)
    pane.accept_row(_row(pane, "present", "Fatmata"))
    pane.dictation.setPlainText(DICTATION.replace("Isatu was at the market", "Isatu was out"))
    _draft(qtbot, pane)
    present = [r for r in pane.model.rows() if r.suggestion.field_id == "present"]
    assert len({r.suggestion.value for r in present}) == len(present)  # nothing twice
    assert people["Fatmata"] in form.values()["present"]
    assert form.values()["child_voice"].count("I like my new teacher") == 1


def test_the_forms_own_accept_and_clear_reach_the_list(qtbot, window):
    _, form = _new_visit(qtbot, window)
    pane = form.dictation_pane
    pane.dictation.setPlainText(DICTATION)
    _draft(qtbot, pane)
    form.rows["visit_type"].badge.accept_button.click()
    assert pane.model.row_at(_row(pane, "visit_type")).state == ACCEPTED
    form.rows["child_voice"].badge.clear_button.click()
    assert not any(r.suggestion.field_id == "child_voice" for r in pane.model.rows())


def test_a_changed_dictation_no_longer_highlights_old_words(qtbot, window):
    _, form = _new_visit(qtbot, window)
    pane = form.dictation_pane
    pane.dictation.setPlainText(DICTATION)
    _draft(qtbot, pane)
    pane.table.selectRow(_row(pane, "present", "Fatmata"))
    assert pane.highlighted()
    pane.dictation.setPlainText("Completely different words. " + DICTATION)
    pane.table.selectRow(_row(pane, "visit_type"))
    pane.table.selectRow(_row(pane, "present", "Fatmata"))
    assert pane.highlighted() == []
    assert "press Draft again" in pane.source.text()


def test_only_visit_forms_have_a_dictation_pane(qtbot, window):
    _, form = _new_visit(qtbot, window, "Alusine", "assessment")
    assert form.dictation_pane is None
    form.close()


def test_a_dictation_in_words_that_need_two_code_units_highlights_the_right_words(qtbot, window):
    _, form = _new_visit(qtbot, window)
    pane = form.dictation_pane
    text = "🙂 Note first. " + DICTATION
    pane.dictation.setPlainText(text)
    _draft(qtbot, pane)
    number = _row(pane, "present", "Fatmata")
    pane.table.selectRow(number)
    assert pane.highlighted() == [e.words for e in pane.model.row_at(number).suggestion.evidence]


def test_the_suggestions_model_is_a_sound_item_model(qtmodeltester, qtbot, window):
    _, form = _new_visit(qtbot, window)
    pane = form.dictation_pane
    qtmodeltester.check(DraftedItemsModel())
    pane.dictation.setPlainText(DICTATION)
    _draft(qtbot, pane)
    qtmodeltester.check(pane.model)
    assert QApplication.instance() is not None


def test_the_new_people_dialog_reads_its_fields_only_on_accept(qtbot, reference):
    from recorder.dictation.to_form import NewPersonOffer
    from recorder.ui.dictation_pane import NewPeopleDialog

    offers = [
        NewPersonOffer("Kelvin", "", "uncle", "Kelvin (mother's brother)"),
        NewPersonOffer("", "Okafor", None, "Mrs Okafor"),
    ]
    dialog = NewPeopleDialog(offers, reference.relationships)
    qtbot.addWidget(dialog)
    (tick1, first1, last1, kind1), (tick2, first2, last2, kind2) = dialog._rows
    assert kind1.currentData() == "uncle" and kind2.currentData() is None
    qtbot.keyClicks(last1, "Conteh")
    tick2.setChecked(False)
    dialog.accept()
    assert dialog.chosen == [NewPersonOffer("Kelvin", "Conteh", "uncle", offers[0].words)]

    nameless = NewPeopleDialog([NewPersonOffer("", "", None, "someone")], reference.relationships)
    qtbot.addWidget(nameless)
    nameless.accept()
    assert nameless.chosen == [] and "Give someone a name" in nameless.problem.text()


def test_the_app_loads_the_language_model_in_the_background_at_start(
    qtbot, monkeypatch, tmp_path, demo_db
):
    from PySide6.QtCore import QSettings

    from recorder.ui import app as app_module
    from recorder.ui.app import Startup, parse_args

    monkeypatch.setattr(
        app_module, "ask_to_sign_in", lambda **_screen: ("Bethan Lowry", "bethan-demo")
    )
    qapp = QApplication.instance()
    qapp.setQuitOnLastWindowClosed(False)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    startup = Startup(
        qapp,
        parse_args(["--db", str(demo_db)]),
        app_module.load_reference_data(),
        settings=settings,
    )
    assert startup.drafting.loading or startup.drafting.is_ready  # begun before any window
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
    qtbot.addWidget(startup.window)
    assert startup.window.drafting is startup.drafting
    if not startup.drafting.is_ready:
        with qtbot.waitSignal(startup.drafting.ready, timeout=120_000):
            pass
    assert startup.drafting.is_ready and startup.drafting.drafter.model_name
    startup.drafting.wait()
    startup.runner.close()


def test_every_input_of_the_pane_has_an_accessible_name(qtbot, window):
    from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit, QPushButton

    _, form = _new_visit(qtbot, window)
    pane = form.dictation_pane
    inputs = [
        w
        for kind in (QPlainTextEdit, QAbstractItemView, QPushButton)
        for w in pane.findChildren(kind)
        if type(w).__name__ not in ("QHeaderView",)
    ]
    assert inputs and [type(w).__name__ for w in inputs if not w.accessibleName()] == []


def test_leaving_the_dictation_saves_it(qtbot, window):
    _, form = _new_visit(qtbot, window)
    pane = form.dictation_pane
    form.activateWindow()
    pane.dictation.setFocus()
    qtbot.keyClicks(pane.dictation, "Mariama was at school.")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.rows["observations"].editor.focus_widget().setFocus()
    window.runner.wait()
    saved = window.runner.store.records.get(form.record_id)
    assert saved.dictation == "Mariama was at school." and "dictation" not in saved.values


def test_drafted_actions_and_worries_fill_the_form_in_its_own_formats(qtbot, window, monkeypatch):
    from recorder.forms.checks import field_problem

    monkeypatch.setattr(pane_module, "ask_new_people", lambda parent, offers, vocabulary: [])

    _, form = _new_visit(qtbot, window)
    pane = form.dictation_pane
    pane.dictation.setPlainText(
        DICTATION + " Fatmata said the police came after a domestic incident last week."
    )
    _draft(qtbot, pane)
    pane.accept_all()
    actions = form.values()["actions"]
    assert {"who": "worker", "by_when": "2026-11-27"}.items() <= actions[0].items()
    assert "Castlegate" in actions[0]["what"]
    # Regression (issue 16): accepting worries used to replace what the last visit said.
    before, drafted = form.values()["worries"].split("\n")
    assert before.startswith("Alusine is carrying a worry about his mother's health")
    assert drafted == "Domestic abuse: “domestic incident”"
    for field_id in ("actions", "worries", "child_voice", "present", "visit_type"):
        spec = form.rows[field_id].spec
        assert field_problem(spec, form.values()[field_id], today=DEMO_DAY) is None


def test_what_is_mentioned_but_not_asserted_is_listed_and_not_filed(qtbot, window):
    _, form = _new_visit(qtbot, window)
    pane = form.dictation_pane
    before = form.values()["worries"]
    pane.dictation.setPlainText(
        DICTATION + " Fatmata denied any drinking. I offered a referral to the food project."
    )
    _draft(qtbot, pane)
    pane.accept_all()

    assert pane.mentioned.isVisibleTo(pane)
    text = pane.mentioned.text()
    assert "Alcohol misuse (denied or ruled out): “denied … drinking”" in text
    assert "only offered; not drafted" in text
    assert form.values()["worries"] == before
    assert not any("food project" in (row.get("what") or "") for row in form.values()["actions"])


def test_a_finished_record_shows_its_dictation_but_cannot_be_drafted(qtbot, window):
    from recorder.domain import Record, RecordStatus

    entry = _child(window, "Alusine")
    done = Record(
        entry.row.case.id,
        "home_visit",
        1,
        window.user.id,
        status=RecordStatus.FINISHED,
        values={"visit_date": "2026-11-18"},
        dictation="Alusine was at home with his nan.",
    )
    window.runner.write(lambda store: store.records.add(done))
    window.runner.wait()
    window.open_record(done.id)
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    form = window.form_windows[0]
    qtbot.addWidget(form)
    pane = form.dictation_pane
    assert pane.text() == "Alusine was at home with his nan."
    assert pane.dictation.isReadOnly() and not pane.draft_button.isEnabled()
    pane.draft()
    assert not pane.busy and pane.model.rowCount() == 0
