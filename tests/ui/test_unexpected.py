"""A bug raised in a slot reaches the user as a sentence, once, and the log in full."""

from __future__ import annotations

import logging

from recorder.ui.unexpected import unexpected_error_hook


def _raise(error: Exception):
    try:
        raise error
    except Exception as e:  # noqa: BLE001 - what PySide hands to sys.excepthook
        return type(e), e, e.__traceback__


def test_each_kind_of_bug_is_told_once_and_logged_every_time(caplog):
    shown: list[str] = []
    hook = unexpected_error_hook(shown.append)
    bug = AttributeError("'QLineEdit' object has no attribute 'currentData'")
    logger = logging.getLogger("recorder")
    handlers, logger.handlers = logger.handlers, []  # this test's errors are expected
    try:
        with caplog.at_level(logging.ERROR, logger="recorder.ui.unexpected"):
            for _ in range(3):
                hook(*_raise(bug))
    finally:
        logger.handlers = handlers
    assert len(shown) == 1
    assert "AttributeError: 'QLineEdit' object has no attribute 'currentData'" in shown[0]
    assert "still on the form" in shown[0]
    assert len([r for r in caplog.records if "Traceback" in r.getMessage()]) == 3
