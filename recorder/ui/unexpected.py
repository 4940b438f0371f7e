"""What the user sees when a bug raises in a Qt slot: a sentence, not silence.

PySide hands an exception raised in a slot to ``sys.excepthook`` and carries
on; by default that only prints to the terminal, which a worker never sees.
The hook here logs the whole traceback and tells the user once per kind of
problem (a bug in a slot often fires on every key). The tests replace
``sys.excepthook`` with pytest-qt's, which fails the test instead.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox

from recorder import APP_NAME

log = logging.getLogger(__name__)


def tell_user(message: str) -> None:
    QMessageBox.warning(None, APP_NAME, message)


def unexpected_error_hook(show: Callable[[str], None] = tell_user) -> Callable:
    """An excepthook that logs every unexpected error and says each kind once."""
    told: set[tuple[str, str]] = set()

    def hook(kind, value, tb) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        key = (kind.__name__, str(value))
        if key in told:
            return
        told.add(key)
        show(
            f"Something went wrong inside Case Recorder ({kind.__name__}: {value}). "
            "What you have typed is still on the form; save it, and tell your IT team."
        )

    return hook
