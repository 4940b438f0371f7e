"""Two people found to be one: a team manager merges them, or undoes a merge.

The merge keeps everything: the merged person's homes, relationships,
professionals, cases and records move to the person kept, and both change
histories stay. Undoing it moves exactly those back.
"""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from recorder.domain.dates import uk_date
from recorder.domain.people import Person
from recorder.store.registry import PersonMerge
from recorder.ui.family_dialog import FamilyDialog, line_edit
from recorder.ui.family_ops import Operation, merge_people, unmerge_people
from recorder.ui.tasks import TaskRunner

ID_ROLE = 256


class MergeDialog(FamilyDialog):
    """Find the duplicate by name; it is merged into ``kept`` (the person in view)."""

    def __init__(self, runner: TaskRunner, *, kept: Person, parent: QWidget | None = None) -> None:
        super().__init__(
            runner,
            title=f"Merge a duplicate into {kept.display_name}",
            intro=(
                f"Find the other record of {kept.display_name}. Their homes, relationships, "
                "professionals, cases and records move here; both histories are kept, and "
                "the merge can be undone."
            ),
            parent=parent,
        )
        self.kept = kept
        self.find = self.add_row("&Find:", line_edit("Find the duplicate by name"))
        self.find.setPlaceholderText("Type a name")
        self.hits = QListWidget()
        self.hits.setAccessibleName("People found")
        self.hits.setMinimumHeight(120)
        self.add_row("&Duplicate:", self.hits)
        self.reason = self.add_row("&Reason:", line_edit("Why they are one person"))
        self.save_button.setText("&Merge")
        self.find.textChanged.connect(self.search)
        self.find.returnPressed.connect(lambda: self.hits.setFocus())

    def search(self, text: str = "") -> None:
        text = text or self.find.text()
        kept_id = self.kept.id
        self.runner.query(
            lambda store: [
                h.person for h in store.search.people(text, limit=30)
                if h.person.id != kept_id and not h.person.merged_into
            ],
            self._show_hits,
        )

    def _show_hits(self, people: list[Person]) -> None:
        self.hits.clear()
        for p in people:
            born = f", born {uk_date(p.date_of_birth)}" if p.date_of_birth else ""
            nhs = f", NHS {p.nhs_number}" if p.nhs_number else ""
            item = QListWidgetItem(f"{p.display_name}{born}{nhs}")
            item.setData(ID_ROLE, p.id)
            self.hits.addItem(item)
        if people:
            self.hits.setCurrentRow(0)

    def operation(self) -> tuple[Operation | None, list[str]]:
        item = self.hits.currentItem()
        if item is None:
            return None, ["Find and choose the other record of this person."]
        if not self.reason.text().strip():
            return None, ["Say why they are one person (how you know)."]
        return merge_people(
            kept_id=self.kept.id, merged_id=item.data(ID_ROLE), reason=self.reason.text()
        ), []


class UnmergeDialog(FamilyDialog):
    """Undo a merge found to be wrong: each goes back to being their own person."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        merges: list[tuple[PersonMerge, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner,
            title="Undo a merge",
            intro="What the merge moved goes back; the merge and its undoing stay in history.",
            parent=parent,
        )
        self.merges = QListWidget()
        self.merges.setAccessibleName("Merges")
        for merge, words in merges:
            item = QListWidgetItem(words)
            item.setData(ID_ROLE, merge.id)
            self.merges.addItem(item)
        self.merges.setCurrentRow(0)
        self.add_row("&Merge:", self.merges)
        self.reason = self.add_row("&Reason:", line_edit("Why they are two people"))
        self.save_button.setText("&Undo the merge")

    def operation(self) -> tuple[Operation | None, list[str]]:
        item = self.merges.currentItem()
        if item is None:
            return None, ["There is no merge to undo."]
        if not self.reason.text().strip():
            return None, ["Say why they are two people after all."]
        return unmerge_people(merge_id=item.data(ID_ROLE), reason=self.reason.text()), []
