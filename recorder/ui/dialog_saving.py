"""How an editing dialog saves: through the task runner, the dialog waiting and saying why not.

Shared by the family record's dialogs and the placement dialogs. The dialog
has ``runner``, ``saving``, ``save_button``, ``problem`` (a label) and a
``saved`` signal; it stays open with the typing kept when the store refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from recorder.domain.changes import Changes


class SavesThroughRunner:
    """Mix in before ``QDialog``: ``run`` saves, and the dialog closes once saved."""

    def run(self, operation: Callable[[Any], Changes]) -> None:
        self.saving = True
        self.save_button.setEnabled(False)
        self.problem.setVisible(False)
        self.runner.write(operation, self._saved, on_error=self._refused)

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(True)

    def _saved(self, changes: Changes) -> None:
        self.saving = False
        self.saved.emit(changes)
        super().accept()  # the dialog's own close, not its accept (which saves)

    def _refused(self, message: str) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.show_problem(f"Not saved. {message}")
