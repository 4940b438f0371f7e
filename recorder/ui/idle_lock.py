"""Lock when idle: every window's contents hidden behind a cover until the password is typed.

Nothing is closed or cleared: open forms keep their typing under the cover.
The time comes from the council's ``resources/security.toml``; Ctrl+Shift+L
locks at once. Checking the password is :class:`recorder.store.keys.KeyFile`'s
(the same wrapped key that opens the database), so a lock needs no database call.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recorder.ui.collector import USER_INPUT


class LockCover(QWidget):
    """Fills a window and hides what is in it; asks for the password."""

    unlock_requested = Signal(str)

    def __init__(self, window: QWidget, *, user_name: str) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockCover { background: #e9edf1; }")
        # What is under the cover cannot take the keyboard either (Tab, typing), but
        # keeps everything in it: disabled, not cleared.
        self.disabled = [
            w
            for w in window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w is not self and w.isEnabled()
        ]
        for w in self.disabled:
            w.setEnabled(False)
        title = QLabel(f"Locked. {user_name}, type your password to carry on.")
        title.setWordWrap(True)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setMinimumWidth(360)
        self.message = QLabel("Nothing you typed has been lost.")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAccessibleName("Lock message")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password.setMaximumWidth(320)
        self.password.returnPressed.connect(self._submit)
        self.button = QPushButton("Unlock")
        self.button.clicked.connect(self._submit)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (title, self.message, self.password, self.button):
            layout.addWidget(w, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()
        self.password.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and watched is self.parent():
            self.setGeometry(self.parent().rect())
        return False

    def _submit(self) -> None:
        self.unlock_requested.emit(self.password.text())

    def remove(self) -> None:
        for w in self.disabled:
            w.setEnabled(True)
        self.hide()
        self.deleteLater()


class IdleLock(QObject):
    """Watches for key presses and mouse use anywhere in the app; locks after ``minutes``.

    :param check_password: True when the typed password is the signed-in user's
    """

    locked_changed = Signal(bool)

    def __init__(
        self,
        *,
        minutes: int,
        user_name: str,
        check_password: Callable[[str], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.user_name = user_name
        self.check_password = check_password
        self.covers: list[LockCover] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    @property
    def locked(self) -> bool:
        return bool(self.covers)

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() in USER_INPUT and not self.locked:
            self.timer.start()
        return False

    def lock(self) -> None:
        """Cover every visible window of the app now."""
        if self.locked:
            return
        self.timer.stop()
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and window.isWindow() and not isinstance(window, LockCover):
                cover = LockCover(window, user_name=self.user_name)
                cover.unlock_requested.connect(lambda text, c=cover: self._try(text, c))
                self.covers.append(cover)
        self.locked_changed.emit(True)

    def _try(self, password: str, cover: LockCover) -> None:
        if not self.check_password(password):
            cover.message.setText("That is not your password. Nothing you typed has been lost.")
            cover.password.clear()
            return
        for c in self.covers:
            c.remove()
        self.covers = []
        self.timer.start()
        self.locked_changed.emit(False)
