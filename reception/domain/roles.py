"""Who may do what at the desk.

Enforced by the services (hiding a button is a courtesy, not a control).  Every door asks who acts: the desk acts
as the clerk who logged in, the ``reception`` command as the account it authenticated (``--as`` with its password),
each with that account's role.  The backup role (备份) exists for scheduled backups: it makes and checks archives
and nothing else, so the password a scheduled task keeps on disk opens no matter, no person and no setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"
    BACKUP = "backup"


ROLE_LABELS = {
    Role.CLERK: "接待员",
    Role.SUPERVISOR: "科长（审批）",
    Role.ADMINISTRATOR: "系统管理员",
    Role.BACKUP: "备份账户",
}

# The backup role ranks below a clerk: every capability but ``backup`` needs at least a clerk.
_RANK = {Role.BACKUP: -1, Role.CLERK: 0, Role.SUPERVISOR: 1, Role.ADMINISTRATOR: 2}

# Actions a clerk may take only on matters they first received (首接负责制); supervisors act on any matter.
CLERK_ACTIONS = frozenset(
    {
        "accept",
        "reject",
        "refer",
        "answer",
        "object",
        "supervise",
        "reply",
        "return-visit",
        "request-review",
        "review-reply",
        "unit-report",
        "inform-route",
        "hearing",
    }
)
# Actions that need a supervisor's authority (approval of extensions, assignment, closing).
SUPERVISOR_ACTIONS = frozenset({"assign", "extend", "close"})

# Capabilities beyond matter actions.
CAPABILITIES = {
    "register": Role.CLERK,
    "act": Role.CLERK,
    "print": Role.CLERK,
    "search": Role.CLERK,
    "backup": Role.BACKUP,
    "reveal": Role.SUPERVISOR,
    "export_full": Role.SUPERVISOR,
    "statistics": Role.CLERK,
    "settings": Role.ADMINISTRATOR,
    "accounts": Role.ADMINISTRATOR,
    "restore": Role.ADMINISTRATOR,
    "audit": Role.CLERK,
}

CAPABILITY_LABELS = {
    "register": "登记",
    "act": "办理事项",
    "print": "打印",
    "search": "查询",
    "backup": "备份",
    "reveal": "查看完整证件号和电话",
    "export_full": "导出完整证件号和电话",
    "statistics": "统计",
    "settings": "修改设置",
    "accounts": "管理账户",
    "restore": "恢复备份",
    "audit": "查看审计记录",
}


class Forbidden(PermissionError):  # noqa: N818  (an answer to the clerk, named so by every layer and the tests)
    """The actor's role does not allow this; the message says which role does."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Principal:
    name: str
    role: Role
    via: str = "desk"  # the door the account logged in at: "desk" or "cli" (the ``reception`` command)

    def at_least(self, role: Role) -> bool:
        return _RANK[self.role] >= _RANK[role]


@dataclass(frozen=True)
class Account:
    """A desk account as the administrator sees it (never its password hash)."""

    username: str
    display_name: str
    role: str
    role_label: str
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None


def require(principal: Principal, capability: str) -> None:
    needed = CAPABILITIES[capability]
    if not principal.at_least(needed):
        raise Forbidden(
            f"{principal.name}（{ROLE_LABELS[principal.role]}）无权{CAPABILITY_LABELS[capability]}，"
            f"需要{ROLE_LABELS[needed]}"
        )


def check_action(principal: Principal, action: str, first_receiver: str) -> None:
    """Raise :class:`Forbidden` unless ``principal`` may take ``action`` on a matter first received by
    ``first_receiver``."""
    if not principal.at_least(Role.CLERK):
        raise Forbidden(f"{principal.name}（{ROLE_LABELS[principal.role]}）只能备份，不能办理事项")
    if action in SUPERVISOR_ACTIONS and not principal.at_least(Role.SUPERVISOR):
        raise Forbidden(f"“{action}”需要科长审批权限，{principal.name} 是{ROLE_LABELS[principal.role]}")
    # Every other action is a first receiver's (fail closed: an action added to the workflow but not listed here
    # must not let a clerk act on another clerk's matter).
    if principal.role == Role.CLERK and first_receiver and first_receiver != principal.name:
        raise Forbidden(
            f"该事项的首接人是 {first_receiver}，{principal.name} 不能办理（首接负责制）；请由首接人或科长办理"
        )
