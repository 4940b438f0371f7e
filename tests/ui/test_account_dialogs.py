"""The account dialogs: users and roles by a manager, one's own password, sharing consent."""

from __future__ import annotations

from datetime import date

from recorder.domain.consent import ConsentDecision, SharingConsent
from recorder.domain.users import Role, User
from recorder.store import RefusedWriteError
from recorder.ui.accounts_dialog import AccountsDialog, ChangePasswordDialog
from recorder.ui.consent_dialog import ConsentDialog


def test_a_manager_adds_a_user_and_sets_a_role_through_the_dialog(qtbot, fresh_store):
    def run(work):
        work(fresh_store)
        dialog.show_users(fresh_store.users.all())

    dialog = AccountsDialog(fresh_store.users.all(), run=run)
    qtbot.addWidget(dialog)
    dialog.new_name.setText("Ifeoma Castellanos")
    dialog.new_role.setCurrentIndex(dialog.new_role.findData(Role.BUSINESS_SUPPORT.value))
    dialog.new_team.setText("Northbridge East")
    dialog.new_password.setText("short")
    dialog.add_user()
    assert "at least 8 characters" in dialog.message.text()
    dialog.new_password.setText("ifeoma-password")
    dialog.add_user()
    added = next(u for u in fresh_store.users.all() if u.name == "Ifeoma Castellanos")
    assert (added.role, added.team) == (Role.BUSINESS_SUPPORT, "Northbridge East")
    dialog.list.setCurrentRow(fresh_store.users.all().index(added))
    dialog.role.setCurrentIndex(dialog.role.findData(Role.SOCIAL_WORKER.value))
    dialog.save_role()
    assert fresh_store.users.get(added.id).role is Role.SOCIAL_WORKER


def test_a_social_worker_using_the_dialog_cannot_change_their_own_role(qtbot, fresh_store, family):
    refused = []

    def run(work):
        try:
            work(fresh_store)
        except RefusedWriteError as e:
            refused.append(str(e))

    dialog = AccountsDialog(fresh_store.users.all(), run=run)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow([u.id for u in fresh_store.users.all()].index(family.worker.id))
    dialog.role.setCurrentIndex(dialog.role.findData(Role.TEAM_MANAGER.value))
    dialog.save_role()
    assert refused and "set by a team manager" in refused[0]
    assert fresh_store.users.get(family.worker.id).role is Role.SOCIAL_WORKER


def test_changing_ones_own_password_checks_the_two_new_ones_agree(qtbot, fresh_store):
    dialog = ChangePasswordDialog()
    qtbot.addWidget(dialog)
    dialog.old.setText("manager-password")
    dialog.new.setText("a new password")
    dialog.again.setText("a new passwort")
    dialog.accept()
    assert dialog.message.text() == "The two new passwords differ."
    dialog.again.setText("a new password")
    dialog.accept()
    dialog.operation()(fresh_store)
    from recorder.store.keys import KeyFile

    assert KeyFile.load(fresh_store.path).unlock("Morwenna Test-Manager", "a new password")


def test_consent_is_recorded_with_date_and_by_whom(qtbot, fresh_store, family):
    current = ConsentDecision(family.child.id, SharingConsent.GIVEN, date(2026, 9, 2), "Zofía")
    dialog = ConsentDialog(family.child.id, "Eliška Wójcik-Hale", current)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert "Say who gave or refused" in dialog.problem.text() and dialog.decision is None
    dialog.status.setCurrentIndex(dialog.status.findData(SharingConsent.REFUSED.value))
    dialog.by.setText("Zofía Wójcik-Hale")
    dialog.accept()
    fresh_store.consents.decide(dialog.decision)
    stored = fresh_store.consents.current(family.child.id)
    assert stored.status is SharingConsent.REFUSED and stored.decided_by == "Zofía Wójcik-Hale"
    assert stored.decided_on == date.today()
    assert User  # the dialogs build domain objects only
