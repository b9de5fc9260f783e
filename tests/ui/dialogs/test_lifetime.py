"""Every dialog of the desk is gone once closed: its classmethod deletes it after ``exec`` (deleteLater), so a day
of opened dialogs does not pile up as hidden children of the window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QPageSize, QPdfWriter
from PySide6.QtWidgets import QDialog

from reception.domain.roles import Principal, Role
from tests.actors import admin

CLERK = "王警官"


def _pdf(path: Path) -> Path:
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.newPage()
    del writer  # written when the writer goes away
    return path


def _openers(services: Any, tmp_path: Path) -> dict[str, tuple[type[QDialog], Callable[[], object]]]:
    from reception.ui.dialogs.actions import dialog_for
    from reception.ui.dialogs.backup import BackupDialog, RestoreDialog
    from reception.ui.dialogs.idle_lock import UnlockDialog
    from reception.ui.dialogs.login import FirstAdminDialog, LoginDialog
    from reception.ui.dialogs.print_preview import PrintPreviewDialog
    from reception.ui.dialogs.settings import SettingsDialog
    from reception.ui.main_window import OpenMatterDialog
    from reception.ui.pages.leaders import LeaderDayDialog
    from reception.ui.pages.ledger import DateRangeDialog
    from reception.ui.pages.supervision import SuperviseNoteDialog

    accept = dialog_for("accept")
    clerk = Principal(CLERK, Role.CLERK)
    return {
        "open-matter": (OpenMatterDialog, OpenMatterDialog.get_number),
        "login": (LoginDialog, lambda: LoginDialog.login(services.accounts.login)),
        "first-admin": (FirstAdminDialog, lambda: FirstAdminDialog.set_up(services)),
        "backup": (BackupDialog, lambda: BackupDialog.run(services, admin(CLERK))),
        "restore": (RestoreDialog, lambda: RestoreDialog.run(services, admin(CLERK))),
        "settings": (SettingsDialog, lambda: SettingsDialog.edit(services, actor=admin(CLERK))),
        "unlock": (UnlockDialog, lambda: UnlockDialog.run(services, clerk)),
        "preview": (
            PrintPreviewDialog,
            lambda: PrintPreviewDialog.preview(_pdf(tmp_path / "blank.pdf"), kind="receipt", title="回执"),
        ),
        "leader-day": (LeaderDayDialog, lambda: LeaderDayDialog.get_day(None, None, date(2026, 7, 1))),
        "date-range": (DateRangeDialog, lambda: DateRangeDialog.get_range(None, None)),
        "supervise-note": (SuperviseNoteDialog, lambda: SuperviseNoteDialog.get_note("2026-01-000001")),
        "action": (accept, lambda: accept.run(services, "2026-01-000001", admin(CLERK))),
    }


NAMES = (
    "open-matter",
    "login",
    "first-admin",
    "backup",
    "restore",
    "settings",
    "unlock",
    "preview",
    "leader-day",
    "date-range",
    "supervise-note",
    "action",
)


@pytest.mark.parametrize("name", NAMES)
def test_a_closed_dialog_is_deleted(
    name: str, qtbot: Any, desk_services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    del qtbot  # the QApplication
    dialog_class, open_it = _openers(desk_services, tmp_path)[name]
    opened: list[QDialog] = []

    def fake_exec(dialog: QDialog) -> int:
        opened.append(dialog)
        dialog.reject()  # the clerk presses Esc
        return dialog.result()

    monkeypatch.setattr(dialog_class, "exec", fake_exec)
    open_it()
    assert len(opened) == 1
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(opened[0]), f"{type(opened[0]).__name__} outlived its exec"


def test_every_dialog_is_covered() -> None:
    """A new dialog class gets a line above."""
    import reception.ui.dialogs.actions as actions
    import reception.ui.dialogs.backup as backup
    import reception.ui.dialogs.idle_lock as idle_lock
    import reception.ui.dialogs.login as login
    import reception.ui.dialogs.print_preview as print_preview
    import reception.ui.dialogs.settings as settings
    import reception.ui.main_window as main_window
    import reception.ui.pages.leaders as leaders
    import reception.ui.pages.ledger as ledger
    import reception.ui.pages.supervision as supervision

    found = {
        cls.__name__
        for module in (
            actions,
            backup,
            idle_lock,
            login,
            print_preview,
            settings,
            main_window,
            leaders,
            ledger,
            supervision,
        )
        for cls in vars(module).values()
        if isinstance(cls, type) and issubclass(cls, QDialog) and cls.__module__ == module.__name__
    }
    found -= {
        cls.__name__
        for cls in vars(actions).values()
        if isinstance(cls, type)
        and cls.__module__ == actions.__name__
        and issubclass(cls, actions.ActionDialog)
        and cls is not actions.ActionDialog
    }
    assert len(found) == len(NAMES), sorted(found)
