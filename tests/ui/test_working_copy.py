"""Typing kept safe every few seconds without weighing down the record, and back after a crash."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from recorder.ui import form_window as form_window_module


def _open_draft(qtbot, window):
    store = window.runner.store
    draft = next(
        store.records.get(r["id"])
        for r in store.rows(
            "SELECT id FROM records WHERE status = 'draft' AND author_id = ? "
            "AND form_id = 'home_visit' ORDER BY id",
            [window.user.id],
        )
    )
    window.open_record(draft.id)
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    form = window.form_windows[0]
    qtbot.addWidget(form)
    qtbot.waitUntil(lambda: form.record_state is not None)
    return draft, form


def _type(qtbot, form, field_id, text):
    widget = form.rows[field_id].editor.focus_widget()
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_autosave_keeps_typing_safe_without_logging_each_save(qtbot, window):
    draft, form = _open_draft(qtbot, window)
    store = window.runner.store
    logged = store.change_count()
    form.autosave.setInterval(50)
    _type(qtbot, form, "analysis", " Settled at home.")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        pass  # the autosave timer fires on its own
    window.runner.wait()
    assert "Kept safe at" in form.state.text()
    assert store.change_count() == logged
    assert store.records.working_copy(draft.id).values["analysis"].endswith("Settled at home.")
    assert store.records.get(draft.id).values.get("analysis") == draft.values.get("analysis")

    form.close()  # leaving the form: the record takes it, once
    qtbot.waitUntil(lambda: window.form_windows == [])
    assert store.records.get(draft.id).values["analysis"].endswith("Settled at home.")
    assert store.records.working_copy(draft.id) is None
    fields = [c.field for c in store.history(draft.id)[-(store.change_count() - logged) :]]
    assert fields.count("values.analysis") == 1, fields


def test_typing_kept_before_a_crash_is_back_when_the_record_is_opened(qtbot, window, monkeypatch):
    monkeypatch.setattr(form_window_module, "ask_write_back", lambda parent, items: False)
    draft, form = _open_draft(qtbot, window)
    form.autosave.setInterval(50)
    _type(qtbot, form, "analysis", " Settled at home.")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        pass
    window.runner.wait()
    typed = form.values()["analysis"]
    # the window dies without closing properly: no closeEvent, no final save
    form.autosave.stop()
    form.idle_save.stop()
    window.form_windows.clear()
    form.hide()
    form.deleteLater()
    QApplication.processEvents()

    window.open_record(draft.id)
    qtbot.waitUntil(lambda: len(window.form_windows) == 1)
    again = window.form_windows[0]
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.rows["analysis"].editor.value() == typed)
    assert "is back on the form" in again.state.text()
    again.close()
    qtbot.waitUntil(lambda: window.form_windows == [])
    assert window.runner.store.records.get(draft.id).values["analysis"] == typed
