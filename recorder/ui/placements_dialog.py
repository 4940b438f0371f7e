"""The dialogs that record a child's placement and their plan's visiting frequency.

Each dialog reads its fields only in ``accept()``, turns them into a placement
(or a number) with the plain rules in ``recorder.domain.placement_entry``, and
runs a named operation through the window's task runner. A refusal from the
store is shown in the dialog, in its own words, and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from recorder.domain.cases import Case
from recorder.domain.changes import Changes
from recorder.domain.dates import uk_date
from recorder.domain.placement_entry import (
    PlacementEntry,
    agreement_applies,
    legal_statuses_for,
    long_term_foster_applies,
    placement_from_entry,
    until_18_applies,
)
from recorder.domain.placements import LegalStatus, Placement, PlacementKind
from recorder.store import Store
from recorder.ui.dialog_saving import SavesThroughRunner
from recorder.ui.tasks import TaskRunner

DATE_HINT = "dd/mm/yyyy"


# -- the operations (run on the task runner's thread; they never touch widgets) ---------


def save_placement(*, placement: Placement) -> Callable[[Store], Changes]:
    """Record a new placement, or correct one, as the signed-in user."""

    def save_placement(store: Store) -> Changes:
        return store.placements.save(placement)

    return save_placement


def set_plan_frequency(*, case_id: str, every_working_days: int | None) -> Callable:
    """Record how often the child's plan asks for visits (None: the plan sets no frequency)."""

    def set_plan_frequency(store: Store) -> Changes:
        return store.cases.set_plan_visits(case_id, every_working_days)

    return set_plan_frequency


# -- the dialogs ----------------------------------------------------------------------


def _problem_label() -> QLabel:
    label = QLabel("")
    label.setObjectName("problem")
    label.setWordWrap(True)
    label.setAccessibleName("What stops this being saved")
    label.setVisible(False)
    return label


def _date_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(DATE_HINT)
    edit.setAccessibleName(name)
    edit.setMaxLength(10)
    edit.setMaximumWidth(150)
    return edit


class PlacementDialog(SavesThroughRunner, QDialog):
    """Add a placement, or correct one; ``saved`` fires once the store has kept it.

    :param placement: the placement to correct; None to add one
    :param current: the child's current placement, whose legal status a move
        usually keeps (offered as the starting choice for a new one)
    """

    saved = Signal(object)
    """The :class:`Changes` the save made."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        child_id: str,
        child_name: str,
        placement: Placement | None = None,
        current: Placement | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.child_id = child_id
        self.placement = placement
        self.saving = False
        adding = placement is None
        what = "New placement" if adding else "Correct a placement"
        self.setWindowTitle(f"{what}: {child_name}")
        self.setAccessibleName(self.windowTitle())

        intro = QLabel(
            f"Where {child_name} lives from the start date, and under what order. "
            + (
                "Saving ends the current placement on the day this one starts."
                if adding and current is not None
                else "Dates are day/month/year."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("note")

        self.start = _date_edit("Placement start date")
        self.end = _date_edit("Placement end date")
        self.end.setToolTip("Leave empty while the child still lives here.")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of placement")
        for kind in PlacementKind:
            self.kind.addItem(kind.label, kind.value)
        self.legal_status = QComboBox()
        self.legal_status.setAccessibleName("Legal status")
        self.until_18 = QCheckBox("Intended to last until the child is &18")
        self.long_term = QCheckBox(
            "&Long-term foster placement (care plan, carer and council agree)"
        )
        self.agreed = QCheckBox("The child has agreed to be visited up to every &6 months")
        self.first_review = _date_edit("First review date")
        self.first_review.setToolTip(
            "The first review of the child's case held after this placement began; "
            "empty while none has been held."
        )
        self.carers = QLineEdit()
        self.carers.setAccessibleName("Carers")
        self.carers.setPlaceholderText("For example: Lorna and Everton Gayle")
        self.address = QLineEdit()
        self.address.setAccessibleName("Address")
        self.address.setMinimumWidth(360)
        self.problem = _problem_label()

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(8)
        rows: list[tuple[str, QWidget]] = [
            ("&Starts:", self.start),
            ("E&nded:", self.end),
            ("&Kind:", self.kind),
            ("Legal s&tatus:", self.legal_status),
            ("", self.until_18),
            ("", self.long_term),
            ("", self.agreed),
            ("&First review:", self.first_review),
            ("&Carers:", self.carers),
            ("&Address:", self.address),
        ]
        for label, widget in rows:
            if label:
                title = QLabel(label)
                title.setBuddy(widget)
                form.addRow(title, widget)
            else:
                form.addRow("", widget)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save placement" if adding else "Save correction")
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.long_term.toggled.connect(self._flags_apply)
        self._fill(placement, current)

    # What applies follows the kind; only accept() reads the values to save.
    def _fill(self, placement: Placement | None, current: Placement | None) -> None:
        if placement is None:
            status = current.legal_status if current else LegalStatus.CARE_ORDER
            self.kind.setCurrentIndex(0)
            self._kind_changed(preferred=status)
            return
        self.start.setText(uk_date(placement.start_date))
        self.end.setText(uk_date(placement.end_date))
        self.kind.setCurrentIndex(self.kind.findData(placement.kind.value))
        self._kind_changed(preferred=placement.legal_status)
        self.until_18.setChecked(placement.intended_until_18)
        self.long_term.setChecked(placement.long_term_foster)
        self.agreed.setChecked(placement.child_agreed_six_monthly)
        self.first_review.setText(uk_date(placement.first_review))
        self.carers.setText(placement.carers)
        self.address.setText(placement.address)
        self._flags_apply()

    def _kind_changed(self, _index: int = 0, *, preferred: LegalStatus | None = None) -> None:
        kind = self._kind()
        keep = preferred or self._status()
        statuses = legal_statuses_for(kind)
        self.legal_status.clear()
        for status in statuses:
            self.legal_status.addItem(status.label, status.value)
        self.legal_status.setCurrentIndex(statuses.index(keep) if keep in statuses else 0)
        self.legal_status.setEnabled(len(statuses) > 1)
        self.legal_status.setToolTip(
            "" if len(statuses) > 1 else f"{kind.label} always goes with a {statuses[0].label}."
        )
        self._flags_apply()

    def _flags_apply(self) -> None:
        kind = self._kind()
        self.until_18.setEnabled(until_18_applies(kind))
        self.long_term.setEnabled(long_term_foster_applies(kind))
        self.agreed.setEnabled(
            agreement_applies(kind, self.long_term.isChecked() and self.long_term.isEnabled())
        )
        for box, why in (
            (
                self.until_18,
                "Applies to foster care, children's homes and supported accommodation.",
            ),
            (self.long_term, "Only foster care can be a long-term foster placement."),
            (self.agreed, "Applies only to a long-term foster placement."),
        ):
            box.setToolTip("" if box.isEnabled() else why)

    def _kind(self) -> PlacementKind:
        return PlacementKind(self.kind.currentData())  # Qt hands enum values back as text

    def _status(self) -> LegalStatus | None:
        data = self.legal_status.currentData()
        return LegalStatus(data) if data else None

    def entry(self) -> PlacementEntry:
        """What the dialog holds now, as typed."""
        return PlacementEntry(
            child_id=self.child_id,
            start=self.start.text(),
            end=self.end.text(),
            kind=self._kind(),
            legal_status=self._status(),
            intended_until_18=self.until_18.isEnabled() and self.until_18.isChecked(),
            long_term_foster=self.long_term.isEnabled() and self.long_term.isChecked(),
            child_agreed_six_monthly=self.agreed.isEnabled() and self.agreed.isChecked(),
            first_review=self.first_review.text(),
            carers=self.carers.text(),
            address=self.address.text(),
            id=self.placement.id if self.placement else None,
        )

    def accept(self) -> None:
        if self.saving:
            return
        placement, problems = placement_from_entry(self.entry())
        if placement is None:
            self.show_problem(" ".join(problems))
            return
        self.run(save_placement(placement=placement))


class PlanFrequencyDialog(SavesThroughRunner, QDialog):
    """How often the child's plan asks for visits, in working days; empty: no frequency."""

    saved = Signal(object)

    def __init__(
        self, runner: TaskRunner, *, case: Case, child_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.case = case
        self.saving = False
        self.setWindowTitle(f"Visits the plan asks for: {child_name}")
        intro = QLabel(
            f"If {child_name}'s {case.case_type.label.lower()} plan sets its own visiting "
            "frequency, type it here. It can only bring visits forward: the statutory "
            "timescale still applies when it is sooner. Leave it empty if the plan sets none."
        )
        intro.setWordWrap(True)
        intro.setObjectName("note")
        self.every = QLineEdit(
            str(case.plan_visit_every_working_days) if case.plan_visit_every_working_days else ""
        )
        self.every.setAccessibleName("Working days between visits, as the plan sets")
        self.every.setMaximumWidth(90)
        label = QLabel("&Every")
        label.setBuddy(self.every)
        row = QFormLayout()
        row.addRow(label, self.every)
        row.addRow("", QLabel("working days (empty: the plan sets no frequency)"))
        self.problem = _problem_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

    def accept(self) -> None:
        if self.saving:
            return
        text = self.every.text().strip()
        if text and not (text.isdigit() and int(text) >= 1):
            self.show_problem("Type a whole number of working days, such as 10, or leave it empty.")
            return
        self.run(
            set_plan_frequency(case_id=self.case.id, every_working_days=int(text) if text else None)
        )
