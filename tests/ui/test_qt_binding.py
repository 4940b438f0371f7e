"""The Qt binding keeps Python's own objects alive: a regression test of a dependency.

PySide6-Essentials 6.12.0 under Python 3.11 dropped one reference to None for every
Qt call that returns nothing (``label.setText``, ``header.resizeSection``,
``processEvents``). Python 3.12 made None immortal, which hides the fault there;
under 3.11 the count reaches zero and the process aborts ("Fatal Python error:
none_dealloc: deallocating None"): 10,000 calls did it in a bare script, and
fitting a team caseload's 13,000 rows makes thousands. ``pyproject.toml`` keeps
that version out; this test fails if one like it comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QTableWidget

CALLS = 2_000


def test_qt_calls_that_return_nothing_leave_none_as_they_found_it(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    table = QTableWidget(10, 2)
    qtbot.addWidget(table)
    header = table.verticalHeader()
    before = sys.getrefcount(None)
    for n in range(CALLS):
        label.setText("Visit on 3 November 2026 not yet sent")
        header.resizeSection(n % 10, 30 + n % 7)
    # Other threads may take or drop a few references meanwhile; the fault took 4,000.
    assert sys.getrefcount(None) - before > -CALLS // 4

