"""Who acts in the tests: principals for the services, accounts with passwords for the ``reception`` command.

The services take one :class:`~reception.domain.roles.Principal`; tests that are not about roles act as an
administrator at the command line (:func:`admin`), as the station's administrator would.  The command line
authenticates: :func:`seed_accounts` gives a ledger the accounts of :data:`ACCOUNTS`, all with :data:`PASSWORD`
(the ``cli_login`` fixture of tests/conftest.py writes it to the file ``RECEPTION_AUTH_FILE`` names).
"""

from __future__ import annotations

from pathlib import Path

from reception.domain.roles import Principal, Role

PASSWORD = "test-password-1"

#: (user name, display name, role): the user name is the display name, so ``--as 王科长`` reads as before
ACCOUNTS = (
    ("测试员", "测试员", Role.ADMINISTRATOR),
    ("王科长", "王科长", Role.SUPERVISOR),
    ("李四", "李四", Role.CLERK),
    ("王堃", "王堃", Role.CLERK),
    ("备份员", "备份员", Role.BACKUP),
)

#: the administrator's ``--as`` for a command line that does not test roles
AS_ADMIN = ["--as", "测试员"]


def admin(name: str = "测试员") -> Principal:
    return Principal(name, Role.ADMINISTRATOR, via="cli")


def clerk(name: str = "李四") -> Principal:
    return Principal(name, Role.CLERK)


def supervisor(name: str = "王科长") -> Principal:
    return Principal(name, Role.SUPERVISOR)


ADMIN = admin()


def seed_accounts(db: str | Path, accounts: tuple[tuple[str, str, Role], ...] = ACCOUNTS) -> None:
    """The accounts of ``accounts`` on the ledger ``db`` (created if new), the first one its first administrator;
    hashed with a small scrypt cost so a test spends no second on them (the cost is stored with each hash)."""
    from reception.services.accounts import AccountService
    from reception.services.context import open_services

    services = open_services(db)
    try:
        fast = AccountService(services.store, services.audit, scrypt_n=2**10)
        (username, name, _role), *rest = accounts
        first = fast.create_first_admin(username, name, PASSWORD)
        for username, name, role in rest:
            fast.create(first, username, name, PASSWORD, role)
    finally:
        services.close()


def ensure_accounts(db: str | Path) -> None:
    """:func:`seed_accounts` on ``db`` unless it has accounts already (helpers that run the command on a ledger
    a fixture made through the services)."""
    from reception.services.context import open_services

    services = open_services(db)
    try:
        has = services.accounts.has_accounts()
    finally:
        services.close()
    if not has:
        seed_accounts(db)


def password_file(folder: Path) -> Path:
    """:data:`PASSWORD` in ``folder / "auth.txt"``, readable by its owner only."""
    path = folder / "auth.txt"
    path.write_text(PASSWORD + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path
