"""登录: when the ledger has accounts, the desk acts as the clerk who logged in (首接负责制 needs a real name).

Without accounts the desk runs single-user under the name in 设置; with them, a plain name would be treated by
the services as the administrator's command-line tool, so the desk must log in.

The login dialog knows nothing of the ledger: it is given one call, ``verify(username, password) -> Principal``,
which it runs off the GUI thread (a password check is a deliberately slow key derivation, and the desk may still
be opening the ledger behind the dialog), so the dialog appears before the ledger's code is even imported and
keeps taking keystrokes while the password is checked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from reception.domain.inputs import InvalidInput

if TYPE_CHECKING:
    from reception.domain.roles import Principal
    from reception.services.context import Services

__all__ = ["FirstAdminDialog", "LoginDialog", "Verify"]

#: the login's one call: the principal the user name and password belong to, or InvalidInput (the clerk's words)
Verify = Callable[[str, str], "Principal"]

_log = logging.getLogger(__name__)


class _Refusal(QLabel):
    """The red line under the fields (as FieldMessage's error, reception.ui.widgets.common, styled by the theme's
    ``role`` property).  Not FieldMessage itself: its module makes PySide build the form's Qt types (combo boxes,
    completers, item models: some 35 ms) before the login dialog can appear."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setProperty("role", "error")
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()


class LoginDialog(QDialog):
    def __init__(self, verify: Verify, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verify = verify
        self.principal: Principal | None = None
        self._checking = False  # a password is being checked: a second 登录 waits for its answer
        self.setWindowTitle(self.tr("登录信访接待台"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        user_label = QLabel(self.tr("用户名(&U)"))
        user_label.setBuddy(self.username)
        password_label = QLabel(self.tr("密码(&P)"))
        password_label.setBuddy(self.password)
        form.addRow(user_label, self.username)
        form.addRow(password_label, self.password)
        self.message = _Refusal()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_login)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(380)

    def is_checking(self) -> bool:
        """Whether a password is being checked (the answer comes back to the GUI thread)."""
        return self._checking

    @Slot()
    def _on_login(self) -> None:
        if self._checking:
            return
        from reception.ui.workers import run_in_background

        self._checking = True
        verify, username, password = self.verify, self.username.text(), self.password.text()
        run_in_background(self, lambda: verify(username, password), self._on_verified, self._on_refused)

    def _on_verified(self, principal: Principal) -> None:
        self._checking = False
        if self.isVisible():  # not cancelled meanwhile
            self.principal = principal
            self.accept()

    def _on_refused(self, exc: BaseException) -> None:
        self._checking = False
        if isinstance(exc, InvalidInput):
            self.message.show_error(exc.message)
        else:  # the ledger could not be read: say so where the refusal goes; the log keeps the details
            _log.error("login failed", exc_info=exc)
            self.message.show_error(str(exc))
        self.password.clear()
        self.password.setFocus()

    @classmethod
    def login(cls, verify: Verify, parent: QWidget | None = None) -> tuple[Principal | None, bool]:
        """``(principal, accepted)``: the clerk who logged in through ``verify`` (see :data:`Verify`)."""
        dialog = cls(verify, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        principal = dialog.principal
        dialog.deleteLater()
        return principal, accepted and principal is not None


class FirstAdminDialog(QDialog):
    """The first start of a new station: create the administrator who then adds the clerks."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.principal: Principal | None = None
        self.setWindowTitle(self.tr("首次使用：创建管理员账户"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("这台接待台还没有账户。请先创建系统管理员，再由管理员在 设置 › 账户 中添加接待员。"))
        intro.setWordWrap(True)
        form = QFormLayout()
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.password = QLineEdit()
        self.confirm = QLineEdit()
        for edit in (self.password, self.confirm):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        for text, edit in (
            (self.tr("用户名(&U)"), self.username),
            (self.tr("姓名(&N)"), self.display_name),
            (self.tr("密码(&P)"), self.password),
            (self.tr("确认密码(&C)"), self.confirm),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
        self.message = _Refusal()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("创建并登录"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_create)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(420)

    @Slot()
    def _on_create(self) -> None:
        if self.password.text() != self.confirm.text():
            self.message.show_error(self.tr("两次输入的密码不一致"))
            self.confirm.clear()
            self.confirm.setFocus()
            return
        try:
            self.principal = self.services.accounts.create_first_admin(
                self.username.text(), self.display_name.text(), self.password.text()
            )
        except InvalidInput as exc:
            self.message.show_error(exc.message)
            return
        self.accept()

    @classmethod
    def set_up(cls, services: Services, parent: QWidget | None = None) -> tuple[Principal | None, bool]:
        """Create the first administrator (not ``create``: that name is QWidget's and would be shadowed)."""
        dialog = cls(services, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        principal = dialog.principal
        dialog.deleteLater()
        return principal, accepted and principal is not None
