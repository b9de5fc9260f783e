"""Idle lock: after some minutes without keyboard or mouse the desk hides its pages and asks for the same clerk's
password.  Nothing behind the lock is closed or cleared, so a half-typed registration is there after unlocking;
personal data is not on screen while the clerk is away from the window (个人信息保护法 art 51).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reception.ui.widgets.common import FieldMessage

if TYPE_CHECKING:
    from reception.domain.roles import Principal
    from reception.services.context import Services

__all__ = ["IdleWatcher", "UnlockDialog"]

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` once when no input reached the application for ``minutes``; ``reset`` re-arms it.

    Seeing input takes an event filter on the whole application, and a filter written in Python is called for
    every event of every widget (paints, layouts, timers…): that made the desk's start and every keystroke
    slower.  So the watcher only listens while it has seen no input since the last check: the first input event
    removes the filter, the next check (``check_ms`` later) puts it back.  Input in that blind span is not seen,
    so the lock waits one check longer than ``minutes`` and never comes early.  The desk starts blind (a start
    counts as input) and begins listening at the first check.
    """

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None, *, check_ms: int = 5000) -> None:
        super().__init__(parent)
        self.minutes = minutes
        self.last_input = time.monotonic()
        self.fired = False
        self._check_s = check_ms / 1000
        self._listening = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.last_input = time.monotonic()
            self._listen(False)  # seen: no need to look at every event until the next check
        return False

    def is_listening(self) -> bool:
        return self._listening

    def reset(self) -> None:
        self.last_input = time.monotonic()
        self.fired = False

    def stop(self) -> None:
        self._timer.stop()
        self._listen(False)

    def _listen(self, on: bool) -> None:
        app = QApplication.instance()
        if on == self._listening or app is None:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)  # safe from inside eventFilter (QObject::removeEventFilter)
        self._listening = on

    @Slot()
    def _on_tick(self) -> None:
        # Unseen input can only lie in the blind span after the last input seen, at most one check long.
        quiet = time.monotonic() - self.last_input - self._check_s
        if not self.fired and quiet >= self.minutes * 60:
            self.fired = True
            self.idle.emit()
        self._listen(True)


class UnlockDialog(QDialog):
    """Only the clerk who is logged in can unlock; there is no cancel (closing the program is the way out)."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.principal = principal
        self.username = services.accounts.username_of(principal.name) or ""
        self.setWindowTitle(self.tr("接待台已锁定"))
        layout = QVBoxLayout(self)
        text = QLabel(
            self.tr("接待台已锁定（{0}）。请输入 {0} 的密码解锁，正在填写的内容都已保留。").format(principal.name)
        )
        text.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        self.message = FieldMessage()
        # Imported here: the watcher is built at every start of the desk, this dialog only when it locks.
        from PySide6.QtWidgets import QDialogButtonBox

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("解锁"))
        layout.addWidget(text)
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        buttons.accepted.connect(self._on_unlock)
        self.setMinimumWidth(400)

    def reject(self) -> None:  # Esc and the window's close button do not unlock
        self.password.setFocus()

    @Slot()
    def _on_unlock(self) -> None:
        if self.services.accounts.unlock(self.principal, self.username, self.password.text()):
            self.accept()
            return
        self.password.clear()
        self.message.show_error(self.tr("密码不对，请再试一次"))

    @classmethod
    def run(cls, services: Services, principal: Principal, parent: QWidget | None = None) -> tuple[None, bool]:
        dialog = cls(services, principal, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        return None, accepted
