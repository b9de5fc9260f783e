"""设置 › 账户: the administrator adds a clerk, changes a role and stops an account; a clerk cannot (issue 6)."""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from reception.domain.roles import Principal, Role


def test_administrator_manages_accounts(qtbot: Any, desk_services: Any) -> None:
    from reception.ui.dialogs.accounts import AccountsPanel

    admin = desk_services.accounts.create_first_admin("admin", "张管理", "admin-password-1")
    panel = AccountsPanel(desk_services, admin)
    qtbot.addWidget(panel)
    assert panel.table.rowCount() == 1
    panel.username.setText("wang")
    panel.display_name.setText("王警官")
    panel.password.setText("short")
    panel._on_add()
    qtbot.waitUntil(panel.message.is_error)  # written off the GUI thread
    assert panel.table.rowCount() == 1  # refused inline: password too short
    panel.password.setText("wang-password-1")
    panel.role.setCurrentIndex(panel.role.findData("clerk"))
    panel._on_add()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2)
    assert not panel.message.is_error()
    assert desk_services.accounts.login("wang", "wang-password-1") == Principal("王警官", Role.CLERK)
    row = next(i for i, r in enumerate(panel.rows) if r.username == "wang")
    panel.table.selectRow(row)
    panel.role.setCurrentIndex(panel.role.findData("supervisor"))
    panel._on_role()
    qtbot.waitUntil(lambda: "已更新" in panel.message.text())
    assert desk_services.accounts.login("wang", "wang-password-1").role == Role.SUPERVISOR
    panel.table.selectRow(row)
    panel._on_toggle()
    qtbot.waitUntil(lambda: not next(r for r in panel.rows if r.username == "wang").active)
    assert not next(r for r in panel.rows if r.username == "wang").active
    actions = [e.action for e in desk_services.audit.entries(limit=20)]
    assert {"account-create", "account-role", "account-deactivate"} <= set(actions)


def test_a_clerk_sees_no_accounts_and_cannot_add(qtbot: Any, desk_services: Any) -> None:
    from reception.ui.dialogs.accounts import AccountsPanel

    desk_services.accounts.create_first_admin("admin", "张管理", "admin-password-1")
    panel = AccountsPanel(desk_services, Principal("王警官", Role.CLERK))
    qtbot.addWidget(panel)
    assert panel.table.rowCount() == 0 and not panel.add_button.isEnabled() and panel.message.is_error()
