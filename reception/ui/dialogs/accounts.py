"""设置 › 账户: the administrator adds clerks, changes roles, and stops or restores an account.

Each change is made by the accounts service off the GUI thread (:func:`~reception.ui.workers.run_mutation`; the
service checks the administrator's role and writes the audit entry); refusals show under the form.  Accounts are
never deleted: a stopped account keeps its name on the matters and audit entries it made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reception.domain.roles import ROLE_LABELS, Account, Principal, Role
from reception.ui import labels
from reception.ui.widgets.common import FieldMessage
from reception.ui.workers import LedgerChanges, run_mutation

if TYPE_CHECKING:
    from reception.services.context import Services

__all__ = ["AccountsPanel"]


class AccountsPanel(QWidget):
    def __init__(
        self,
        services: Services,
        actor: Principal,
        parent: QWidget | None = None,
        *,
        changes: LedgerChanges | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.changes = changes
        self.allowed = actor.role == Role.ADMINISTRATOR
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("accounts")
        self.table.setHorizontalHeaderLabels([self.tr("用户名"), self.tr("姓名"), self.tr("角色"), self.tr("状态")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)

        form = QFormLayout()
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(labels.label(ROLE_LABELS[role]), role.value)
        for text, widget in (
            (self.tr("用户名(&U)"), self.username),
            (self.tr("姓名(&N)"), self.display_name),
            (self.tr("初始密码(&W)"), self.password),
            (self.tr("角色(&R)"), self.role),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("添加账户(&A)"))
        self.toggle_button = QPushButton(self.tr("停用/启用所选账户(&T)"))
        self.role_button = QPushButton(self.tr("所选账户改为上面的角色(&G)"))
        for button in (self.add_button, self.toggle_button, self.role_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        hint = QLabel(
            self.tr("账户的改动立即生效（不需要点“保存”），并记入审计。账户不删除：停用后不能登录，其经办记录保留。")
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.message = FieldMessage()
        self.message.setObjectName("accounts_message")
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self._on_add)
        self.toggle_button.clicked.connect(self._on_toggle)
        self.role_button.clicked.connect(self._on_role)
        if not self.allowed:
            for widget in (
                self.username,
                self.display_name,
                self.password,
                self.role,
                self.add_button,
                self.toggle_button,
                self.role_button,
            ):
                widget.setEnabled(False)
            self.message.show_error(self.tr("只有系统管理员可以管理账户"))
        self.reload()

    def reload(self) -> None:
        self.rows: list[Account] = []
        if self.allowed:
            self.rows = self.services.accounts.list(self._admin())
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            values = (
                row.username,
                row.display_name,
                labels.label(row.role_label),
                self.tr("在用") if row.active else self.tr("已停用"),
            )
            for j, value in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(str(value)))

    def _selected(self) -> Account | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _admin(self) -> Principal:
        """The logged-in account; the service refuses it unless it is an administrator (``allowed``)."""
        return self.actor

    def _attempt(self, op: Callable[[Principal], object], done: str, after: Callable[[], None] | None = None) -> None:
        """Run the change off the GUI thread; a refusal (InvalidInput, roles.Forbidden) shows under the form."""
        admin = self._admin()

        def succeeded(_result: object) -> None:
            self.reload()
            self.message.show_ok(done)
            if after is not None:
                after()

        def failed(exc: BaseException) -> None:
            self.message.show_error(getattr(exc, "message", None) or str(exc))

        run_mutation(self, lambda: op(admin), succeeded, failed, changes=self.changes)

    @Slot()
    def _on_add(self) -> None:
        username = self.username.text().strip()
        accounts = self.services.accounts
        name, password, role = self.display_name.text(), self.password.text(), self.role.currentData()

        def added() -> None:
            if username in {r.username for r in self.rows}:
                for edit in (self.username, self.display_name, self.password):
                    edit.clear()

        self._attempt(
            lambda admin: accounts.create(admin, username, name, password, role),
            self.tr("已添加账户 {0}").format(username),
            added,
        )

    @Slot()
    def _on_toggle(self) -> None:
        row = self._selected()
        if row is None:
            self.message.show_error(self.tr("请先在表中选择一个账户"))
            return
        accounts = self.services.accounts
        self._attempt(
            lambda admin: accounts.set_active(admin, row.username, not row.active),
            self.tr("已更新账户 {0}").format(row.username),
        )

    @Slot()
    def _on_role(self) -> None:
        row = self._selected()
        if row is None:
            self.message.show_error(self.tr("请先在表中选择一个账户"))
            return
        accounts, role = self.services.accounts, self.role.currentData()
        self._attempt(
            lambda admin: accounts.set_role(admin, row.username, role),
            self.tr("已更新账户 {0}").format(row.username),
        )
