"""The "Needs a decision" list: fields two people changed without seeing each other's
edit, and changes of this laptop the team's service refused.

Every value is shown whole, with who set it, on which laptop and when; nothing
is chosen for the user. The choice is the user's own change, logged and synced
like any other, so every laptop sees the item settled. A refused edit to a
record approved meanwhile offers an amendment instead of the lost words.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from recorder.domain.sync_status import Decision, DecisionValue
from recorder.ui.tasks import TaskRunner


def value_text(value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "(empty)"
    return str(value)


def who_and_when(value: DecisionValue, now: datetime | None = None) -> str:
    """'Bethan Lowry on this laptop, 3 December 2026 at 14:02'."""
    at = value.at.astimezone()
    where = "on this laptop" if value.mine else f"on laptop {value.device_id[:8]}"
    name = value.user_name or "Someone not known to this laptop"
    return f"{name} {where}, {at.day} {at:%B %Y} at {at:%H:%M}"


def decision_title(decision: Decision) -> str:
    what = "refused by the team's service" if decision.kind == "refused" else "changed twice"
    if decision.kind == "duplicate":
        what = "added on two laptops: the same person?"
    elif decision.kind == "after_merge":
        what = "changed on a laptop that had not heard of a merge"
    elif decision.kind == "merged_both_ways":
        what = "merged into each other on two laptops"
    return f"{decision.label}: {decision.field_label} ({what})"


class DecisionsDialog(QDialog):
    """Lists what needs a decision; choosing a value saves it through the runner.

    :signal amend_requested: a refused edit (its :class:`Decision`), for the main
        window to start an amendment with
    """

    amend_requested = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.decisions: list[Decision] = []
        self.setWindowTitle("Needs a decision")
        self.resize(900, 560)
        intro = QLabel(
            "Two people changed the same thing without seeing each other's change, or the "
            "team's service could not take one of this laptop's changes. Nothing has been "
            "thrown away: choose which to keep."
        )
        intro.setWordWrap(True)
        self.items = QListWidget()
        self.items.setAccessibleName("What needs a decision")
        self.items.setWordWrap(True)  # a record's label is long: shown whole, not cut off
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.setSpacing(2)
        self.items.currentRowChanged.connect(self._show)
        self.reason = QLabel("")
        self.reason.setWordWrap(True)
        self.choices = QVBoxLayout()
        choices_box = QWidget()
        choices_box.setLayout(self.choices)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(choices_box)
        self.group = QButtonGroup(self)
        self.keep = QPushButton("&Keep the chosen value")
        self.keep.setDefault(True)
        self.keep.clicked.connect(self.choose_selected)
        self.amend = QPushButton("Start an &amendment with my words")
        self.amend.clicked.connect(self._amend)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a4262c;")
        right = QVBoxLayout()
        right.addWidget(self.reason)
        right.addWidget(scroll, 1)
        right.addWidget(self.problem)
        act = QHBoxLayout()
        act.addStretch(1)
        act.addWidget(self.amend)
        act.addWidget(self.keep)
        right.addLayout(act)
        body = QHBoxLayout()
        body.addWidget(self.items, 2)
        body.addLayout(right, 3)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        self.runner.query(
            lambda store: store.sync.needs_decision(), self.show_decisions, on_error=self.say
        )

    def show_decisions(self, decisions: list[Decision]) -> None:
        self.decisions = list(decisions)
        self.items.clear()
        for decision in self.decisions:
            QListWidgetItem(decision_title(decision), self.items)
        if self.decisions:
            self.items.setCurrentRow(0)
            self.items.setFocus()
        else:
            self._show(-1)
            self.reason.setText("Nothing needs a decision.")

    def say(self, message: str) -> None:
        self.problem.setText(message)

    @property
    def current(self) -> Decision | None:
        row = self.items.currentRow()
        return self.decisions[row] if 0 <= row < len(self.decisions) else None

    def _show(self, row: int) -> None:
        while self.choices.count():
            widget = self.choices.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for button in self.group.buttons():
            self.group.removeButton(button)
        self.problem.setText("")
        decision = self.current
        self.keep.setEnabled(decision is not None)
        self.amend.setVisible(decision is not None and decision.offer == "amendment")
        if decision is None:
            return
        if decision.kind == "refused":
            self.reason.setText(
                f"The team's service did not take this laptop's change: {decision.reason}"
                + (
                    " Keep the team's value, or start an amendment with your words."
                    if decision.offer == "amendment"
                    else ""
                )
            )
        elif decision.kind == "duplicate":
            self.reason.setText(
                f"{decision.reason} Merge them (a team manager) or keep both as different people."
            )
        elif decision.kind in ("after_merge", "merged_both_ways"):
            self.reason.setText(decision.reason)
        else:
            self.reason.setText(
                f"{decision.field_label.capitalize()} was changed on more than one laptop. "
                "Choose the value to keep; the others stay in the record's history."
            )
        now = datetime.now(UTC)
        for number, value in enumerate(decision.values):
            said = who_and_when(value, now) if value.hlc else value_text(value.value)
            choice = QRadioButton(f"&{number + 1}  {said}")
            choice.setAccessibleName(f"Keep the value set by {said}" if value.hlc else said)
            words = QPlainTextEdit(value_text(value.value))
            words.setReadOnly(True)
            words.setTabChangesFocus(True)
            words.setMaximumHeight(120)
            words.setAccessibleName(f"Value {number + 1}")
            self.group.addButton(choice, number)
            self.choices.addWidget(choice)
            self.choices.addWidget(words)
        self.choices.addStretch(1)
        refused_mine = decision.kind == "refused"
        # For a refused edit the team's value is the safe default; otherwise the newest.
        default = 1 if refused_mine and len(decision.values) > 1 else 0
        if decision.kind == "duplicate":  # merging is never the default
            default = len(decision.values) - 1
        self.group.button(default).setChecked(True)

    def choose_selected(self) -> None:
        decision = self.current
        chosen = self.group.checkedId()
        if decision is None or chosen < 0:
            self.say("Choose one of the values first.")
            return
        value = decision.values[chosen].value
        self.keep.setEnabled(False)
        self.runner.write(
            lambda store: store.sync.choose(decision, value),
            lambda _changes: self.reload(),
            on_error=self._refused,
            origin="decisions",
        )

    def _refused(self, message: str) -> None:
        self.keep.setEnabled(True)
        self.say(message)

    def _amend(self) -> None:
        decision = self.current
        if decision is None or not decision.values:
            return
        self.amend_requested.emit(decision)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.keep.isEnabled():
            self.choose_selected()
            return
        super().keyPressEvent(event)
