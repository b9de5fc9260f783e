"""Idle lock: the desk hides its pages after the set minutes and only the same clerk's password unlocks it; what
was being typed is still there afterwards (issue 6)."""

from __future__ import annotations

import os
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QDialog

from tests.actors import admin
from tests.ui.conftest import type_chinese


def _clerk(services: Any) -> Any:
    services.accounts.create_first_admin("admin", "张管理", "admin-password-1")
    admin = services.accounts.login("admin", "admin-password-1")
    services.accounts.create(admin, "wang", "王警官", "wang-password-1", "clerk")
    return services.accounts.login("wang", "wang-password-1")


def test_idle_lock_hides_pages_and_keeps_the_typed_form(
    qtbot: Any, make_window: Any, desk_services: Any, monkeypatch: Any
) -> None:
    from reception.ui.dialogs.idle_lock import UnlockDialog

    principal = _clerk(desk_services)
    window = make_window(actor=principal)
    assert window.idle_watcher is not None and window.idle_watcher.minutes == 10
    form = window.registration
    form.id_number.setText("11010519491231002X")
    type_chinese(form.name, "王𠈌")
    type_chinese(form.summary, "邻里纠纷多次报警未解决")

    seen: dict[str, Any] = {}
    attempts = iter(["wrong-password", "wang-password-1"])

    def unlock(cls: Any, services: Any, who: Any, parent: Any = None) -> tuple[None, bool]:
        seen.setdefault("hidden", not window.centralWidget().isVisible())
        seen.setdefault("menu", window.menuBar().isEnabled())
        dialog = UnlockDialog(services, who, parent)
        dialog.password.setText(next(attempts))
        dialog._on_unlock()
        return None, dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(UnlockDialog, "run", classmethod(unlock))
    window.idle_watcher.last_input -= 11 * 60
    window.idle_watcher._on_tick()
    assert seen == {"hidden": True, "menu": False}
    assert window.centralWidget().isVisible() and not window.locked
    assert form.id_number.text() == "11010519491231002X"
    assert form.name.text() == "王𠈌"
    assert form.summary.toPlainText() == "邻里纠纷多次报警未解决"
    actions = [e.action for e in desk_services.audit.entries(limit=10)]
    assert actions[:2] == ["login", "login-failed"]


def test_unlock_needs_the_same_clerks_password(qtbot: Any, desk_services: Any) -> None:
    from reception.ui.dialogs.idle_lock import UnlockDialog

    principal = _clerk(desk_services)
    dialog = UnlockDialog(desk_services, principal)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText("admin-password-1")  # another account's password does not unlock this desk
    dialog._on_unlock()
    assert dialog.isVisible() and dialog.message.isVisible() and dialog.password.text() == ""
    dialog.reject()  # Esc does not close the lock
    assert dialog.isVisible()
    dialog.password.setText("wang-password-1")
    dialog._on_unlock()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_no_lock_without_a_logged_in_clerk(make_window: Any) -> None:
    window = make_window(actor=admin("王警官"))
    assert window.idle_watcher is None


def test_watcher_listens_only_until_it_sees_input_and_never_locks_early(qtbot: Any) -> None:
    """A Python filter on the whole application runs for every event: the watcher keeps it only while no input
    has been seen since the last check, and counts that blind span as input so the lock is never early."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QLineEdit

    from reception.ui.dialogs.idle_lock import IdleWatcher

    watcher = IdleWatcher(10, check_ms=5000)
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    assert not watcher.is_listening(), "a start counts as input: no filter while the desk starts"
    watcher._on_tick()
    assert watcher.is_listening()
    edit = QLineEdit()
    qtbot.addWidget(edit)
    watcher.last_input -= 100
    typed = time.monotonic()
    QApplication.sendEvent(edit, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
    assert not watcher.is_listening() and watcher.last_input >= typed
    watcher.last_input -= 10 * 60 + 4  # 10 min 4 s after the last key seen: within one check of it
    watcher._on_tick()
    assert not fired and watcher.is_listening()
    watcher.last_input -= 2
    watcher._on_tick()
    assert fired == [True]
    watcher.stop()
    assert not watcher.is_listening()
