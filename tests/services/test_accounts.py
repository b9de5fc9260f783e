"""Desk accounts (issue 6): first start, accounts by the administrator only, login, lockout, idle unlock, passwords.

A cheap scrypt cost (``scrypt_n=2**10``) keeps these fast; one test uses the default cost.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reception.domain.matter import InvalidInput
from reception.domain.roles import Forbidden, Principal, Role
from reception.services import accounts as accounts_module
from reception.services.accounts import (
    LOCK_MINUTES,
    MAX_FAILURES,
    SCRYPT_N,
    AccountService,
    LoginFailed,
    check_password,
    hash_password,
)
from tests.actors import admin as cli_admin

CHEAP = 2**10
START = datetime(2025, 3, 3, 9, 0, 0)
ADMIN_PW = "admin-pass-1"
CLERK_PW = "clerk-pass-1"


class Clock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: Any) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(services, clock) -> AccountService:
    return AccountService(services.store, services.audit, clock=clock, scrypt_n=CHEAP)


@pytest.fixture
def admin(accounts) -> Principal:
    return accounts.create_first_admin("admin", "钱管理", ADMIN_PW)


@pytest.fixture
def clerk(accounts, admin) -> Principal:
    accounts.create(admin, "lisi", "李四", CLERK_PW, Role.CLERK)
    return Principal("李四", Role.CLERK)


def _entries(services) -> list[dict[str, Any]]:
    return list(reversed(services.audit.entries(limit=10_000)))


def _clerk_row(services, username: str) -> tuple[Any, ...]:
    return services.store.execute(
        "SELECT failed_logins, locked_until, active, password_hash, role FROM clerk WHERE username = "
        + services.store.ph,
        (username,),
    ).fetchone()


# -- first start -----------------------------------------------------------------------------------------------


def test_first_start_creates_the_administrator_once(services, accounts) -> None:
    assert accounts.has_accounts() is False
    admin = accounts.create_first_admin("admin", "钱管理", ADMIN_PW)
    assert admin == Principal("钱管理", Role.ADMINISTRATOR)
    assert accounts.has_accounts() is True
    with pytest.raises(InvalidInput):
        accounts.create_first_admin("admin2", "孙管理", "another-pass")
    assert services.store.execute("SELECT COUNT(*) FROM clerk").fetchone()[0] == 1
    entries = [e for e in _entries(services) if e.action == "account-create"]
    assert len(entries) == 1
    assert entries[0].actor == "钱管理"
    assert entries[0].detail == {"username": "admin", "role": "administrator", "first": True}
    assert accounts.login("admin", ADMIN_PW) == Principal("钱管理", Role.ADMINISTRATOR)


@pytest.mark.parametrize(
    "username, name, password",
    [("", "钱管理", ADMIN_PW), ("admin", " ", ADMIN_PW), ("admin", "钱管理", "short"), ("a" * 51, "钱管理", ADMIN_PW)],
)
def test_first_admin_invalid_input_creates_nothing(services, accounts, username, name, password) -> None:
    with pytest.raises(InvalidInput):
        accounts.create_first_admin(username, name, password)
    assert accounts.has_accounts() is False
    assert services.audit.entries() == []


# -- creating accounts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_administrator_creates_accounts(services, accounts, admin, role: Role) -> None:
    accounts.create(admin, "newbie", "新同事", "newbie-pass", role)
    if role == Role.BACKUP:  # made for scheduled backups: the command line only, never the desk
        assert accounts.login("newbie", "newbie-pass", via="cli") == Principal("新同事", role, via="cli")
    else:
        assert accounts.login("newbie", "newbie-pass") == Principal("新同事", role)
    entry = [e for e in _entries(services) if e.action == "account-create"][-1]
    assert entry.actor == admin.name
    assert entry.detail == {"username": "newbie", "role": role.value}


def test_the_administrators_tool_creates_accounts(accounts) -> None:
    accounts.create(cli_admin("root"), "lisi", "李四", CLERK_PW, "clerk")
    assert accounts.login("lisi", CLERK_PW).role == Role.CLERK


@pytest.mark.parametrize("role", [Role.CLERK, Role.SUPERVISOR])
def test_clerk_and_supervisor_cannot_create_or_manage_accounts(services, accounts, admin, clerk, role) -> None:
    by = Principal("某人", role)
    audit_before = len(_entries(services))
    with pytest.raises(Forbidden):
        accounts.create(by, "sneaky", "偷偷", "sneaky-pass", Role.ADMINISTRATOR)
    with pytest.raises(Forbidden):
        accounts.set_role(by, "lisi", Role.ADMINISTRATOR)
    with pytest.raises(Forbidden):
        accounts.set_active(by, "admin", False)
    with pytest.raises(Forbidden):
        accounts.list(by)
    assert services.store.execute("SELECT COUNT(*) FROM clerk WHERE username = 'sneaky'").fetchone()[0] == 0
    assert _clerk_row(services, "lisi")[4] == "clerk"
    assert _clerk_row(services, "admin")[2] == 1
    assert len(_entries(services)) == audit_before


def test_duplicate_and_invalid_accounts(services, accounts, admin, clerk) -> None:
    with pytest.raises(InvalidInput):
        accounts.create(admin, "lisi", "另一个李四", CLERK_PW, Role.CLERK)
    with pytest.raises(InvalidInput):  # the same name after trimming (not an IntegrityError)
        accounts.create(admin, " lisi ", "另一个李四", CLERK_PW, Role.CLERK)
    with pytest.raises(InvalidInput):  # the display name is who acts (首接人, audit actor, idle unlock)
        accounts.create(admin, "lisi2", "李四", CLERK_PW, Role.CLERK)
    with pytest.raises(InvalidInput):
        accounts.create(admin, "x", "某某", CLERK_PW, "boss")
    with pytest.raises(InvalidInput):
        accounts.create(admin, "x", "某某", "1234567", Role.CLERK)
    with pytest.raises(InvalidInput):
        accounts.set_role(admin, "lisi", "boss")
    with pytest.raises(InvalidInput):
        accounts.set_role(admin, "nobody", Role.CLERK)
    with pytest.raises(InvalidInput):
        accounts.set_active(admin, "nobody", False)
    assert services.store.execute("SELECT COUNT(*) FROM clerk").fetchone()[0] == 2


def test_list_and_set_role(services, accounts, admin, clerk) -> None:
    rows = accounts.list(admin)
    assert [r.username for r in rows] == ["admin", "lisi"]
    assert all(not hasattr(r, "password_hash") and not hasattr(r, "password") for r in rows)
    assert rows[1].role == "clerk" and rows[1].active is True
    accounts.set_role(admin, "lisi", Role.SUPERVISOR)
    assert accounts.login("lisi", CLERK_PW) == Principal("李四", Role.SUPERVISOR)
    assert [e for e in _entries(services) if e.action == "account-role"][-1].detail == {
        "username": "lisi",
        "role": "supervisor",
    }
    assert accounts.username_of("李四") == "lisi"
    assert accounts.username_of("无此人") is None


# -- login -----------------------------------------------------------------------------------------------------


def test_login_success(services, accounts, clerk, clock) -> None:
    principal = accounts.login("lisi", CLERK_PW)
    assert principal == Principal("李四", Role.CLERK)
    assert principal.via == "desk"
    assert accounts.login("  lisi ", CLERK_PW) == principal  # stray spaces around the name
    last = services.store.execute("SELECT last_login_at FROM clerk WHERE username = 'lisi'").fetchone()[0]
    assert str(last).startswith(START.strftime("%Y-%m-%d %H:%M"))
    entry = _entries(services)[-1]
    assert (entry.action, entry.actor, entry.detail) == ("login", "李四", {})


def test_wrong_password_does_not_say_whether_the_user_exists(services, accounts, clerk) -> None:
    with pytest.raises(LoginFailed) as wrong_password:
        accounts.login("lisi", "not-the-password")
    with pytest.raises(LoginFailed) as unknown_user:
        accounts.login("nobody", "not-the-password")
    assert wrong_password.value.message == unknown_user.value.message
    assert "lisi" not in wrong_password.value.message and "nobody" not in unknown_user.value.message
    failed = [e for e in _entries(services) if e.action == "login-failed"]
    assert failed[0].actor == "李四" and failed[0].detail == {"failures": 1, "locked": False}
    # The typed name of an unknown user is not recorded (it may be a password typed into the wrong field).
    assert failed[1].actor == "?" and failed[1].detail == {"reason": "unknown-or-inactive"}


def test_unknown_user_costs_a_password_check(accounts, clerk, monkeypatch) -> None:
    """The time to answer must not tell a name that exists from one that does not."""
    calls = []
    real = accounts_module.check_password
    monkeypatch.setattr(accounts_module, "check_password", lambda pw, stored: calls.append(1) or real(pw, stored))
    for name in ("lisi", "nobody"):
        calls.clear()
        with pytest.raises(LoginFailed):
            accounts.login(name, "not-the-password")
        assert len(calls) == 1, name


def test_lockout_after_five_failures_for_fifteen_minutes(services, accounts, clerk, clock) -> None:
    assert (MAX_FAILURES, LOCK_MINUTES) == (5, 15)
    for i in range(MAX_FAILURES - 1):
        with pytest.raises(LoginFailed):
            accounts.login("lisi", f"wrong-{i}")
        assert _clerk_row(services, "lisi")[0] == i + 1
    with pytest.raises(LoginFailed) as fifth:
        accounts.login("lisi", "wrong-5")
    assert "锁定" in fifth.value.message
    assert _clerk_row(services, "lisi")[1] is not None
    assert _entries(services)[-1].detail == {"failures": 5, "locked": True}

    # Locked: even the right password is refused, for 15 minutes.
    clock.advance(minutes=1)
    with pytest.raises(LoginFailed) as locked:
        accounts.login("lisi", CLERK_PW)
    assert "锁定" in locked.value.message
    assert _entries(services)[-1].action == "login-refused"
    clock.advance(minutes=LOCK_MINUTES - 2, seconds=59)  # 14:59 after the lock
    with pytest.raises(LoginFailed):
        accounts.login("lisi", CLERK_PW)
    # Another account is not affected.
    assert accounts.login("admin", ADMIN_PW).role == Role.ADMINISTRATOR

    clock.advance(seconds=2)  # 15:01 after the lock
    assert accounts.login("lisi", CLERK_PW) == Principal("李四", Role.CLERK)
    assert _clerk_row(services, "lisi")[:2] == (0, None)
    # A fresh five tries after the lock.
    for i in range(MAX_FAILURES - 1):
        with pytest.raises(LoginFailed):
            accounts.login("lisi", f"wrong-{i}")
    assert accounts.login("lisi", CLERK_PW).name == "李四"


def test_success_resets_the_failure_count(services, accounts, clerk) -> None:
    for _ in range(2):
        for _ in range(MAX_FAILURES - 1):
            with pytest.raises(LoginFailed):
                accounts.login("lisi", "wrong-password")
        accounts.login("lisi", CLERK_PW)
        assert _clerk_row(services, "lisi")[0] == 0


def test_administrator_reactivation_clears_a_lock(services, accounts, admin, clerk) -> None:
    for _ in range(MAX_FAILURES):
        with pytest.raises(LoginFailed):
            accounts.login("lisi", "wrong-password")
    accounts.set_active(admin, "lisi", True)
    assert accounts.login("lisi", CLERK_PW).name == "李四"


def test_inactive_account_is_refused(services, accounts, admin, clerk) -> None:
    accounts.set_active(admin, "lisi", False)
    with pytest.raises(LoginFailed) as inactive:
        accounts.login("lisi", CLERK_PW)
    with pytest.raises(LoginFailed) as unknown:
        accounts.login("nobody", CLERK_PW)
    assert inactive.value.message == unknown.value.message
    assert accounts.list(admin)[1].active is False
    assert [e.action for e in _entries(services)][-3:] == ["account-deactivate", "login-failed", "login-failed"]
    accounts.set_active(admin, "lisi", True)
    assert accounts.login("lisi", CLERK_PW).name == "李四"


# -- idle unlock -----------------------------------------------------------------------------------------------


def test_unlock_only_with_the_same_clerks_password(services, accounts, admin, clerk) -> None:
    accounts.create(admin, "wangwu", "王五", "wangwu-pass", Role.CLERK)
    assert accounts.unlock(clerk, "lisi", CLERK_PW) is True
    assert accounts.unlock(clerk, "lisi", "wrong-password") is False
    # Another clerk's own, correct credentials do not unlock 李四's desk.
    assert accounts.unlock(clerk, "wangwu", "wangwu-pass") is False
    assert accounts.unlock(clerk, "admin", ADMIN_PW) is False
    assert accounts.unlock(clerk, "nobody", CLERK_PW) is False
    assert accounts.unlock(Principal("王五", Role.CLERK), "lisi", CLERK_PW) is False
    assert accounts.unlock(Principal("王五", Role.CLERK), "wangwu", "wangwu-pass") is True


def test_unlock_attempts_count_towards_the_lockout(services, accounts, clerk) -> None:
    for _ in range(MAX_FAILURES):
        assert accounts.unlock(clerk, "lisi", "wrong-password") is False
    assert accounts.unlock(clerk, "lisi", CLERK_PW) is False  # locked now
    assert _clerk_row(services, "lisi")[1] is not None


# -- passwords -------------------------------------------------------------------------------------------------


def test_change_password(services, accounts, clerk) -> None:
    accounts.change_password("lisi", CLERK_PW, "brand-new-pass")
    with pytest.raises(LoginFailed):
        accounts.login("lisi", CLERK_PW)
    assert accounts.login("lisi", "brand-new-pass").name == "李四"
    entry = [e for e in _entries(services) if e.action == "password-change"][-1]
    assert entry.actor == "李四" and entry.detail == {}


def test_change_password_needs_the_old_one_and_a_long_new_one(services, accounts, clerk) -> None:
    stored = _clerk_row(services, "lisi")[3]
    with pytest.raises(LoginFailed):
        accounts.change_password("lisi", "wrong-old-pass", "brand-new-pass")
    with pytest.raises(InvalidInput):
        accounts.change_password("lisi", CLERK_PW, "short")
    assert _clerk_row(services, "lisi")[3] == stored
    assert accounts.login("lisi", CLERK_PW).name == "李四"
    assert not [e for e in _entries(services) if e.action == "password-change"]


def test_passwords_are_stored_as_salted_scrypt_hashes(services, accounts, admin) -> None:
    accounts.create(admin, "a1", "甲", "same-password", Role.CLERK)
    accounts.create(admin, "a2", "乙", "same-password", Role.CLERK)
    h1, h2 = _clerk_row(services, "a1")[3], _clerk_row(services, "a2")[3]
    assert h1.startswith(f"scrypt${CHEAP}$8$1$") and h2.startswith(f"scrypt${CHEAP}$8$1$")
    assert h1 != h2  # a salt per password
    assert "same-password" not in h1
    if services.store.path is not None:  # SQLite: nowhere in the file (PostgreSQL: the column above is all there is)
        raw = Path(services.store.path).read_bytes()
        assert b"same-password" not in raw and ADMIN_PW.encode() not in raw


def test_default_cost(services) -> None:
    """The real cost (2**15) end to end, once."""
    accounts = AccountService(services.store, services.audit)
    assert accounts.scrypt_n == SCRYPT_N == 2**15
    accounts.create_first_admin("admin", "钱管理", ADMIN_PW)
    stored = _clerk_row(services, "admin")[3]
    assert stored.startswith(f"scrypt${2**15}$8$1$")
    assert accounts.login("admin", ADMIN_PW).role == Role.ADMINISTRATOR
    with pytest.raises(LoginFailed):
        accounts.login("admin", "wrong-password")


@pytest.mark.parametrize(
    "stored", ["", "plain", "bcrypt$1$2$3$4$5", "scrypt$x$8$1$AAAA$AAAA", "scrypt$1024$8$1$!!!$AAAA"]
)
def test_check_password_rejects_malformed_hashes(stored: str) -> None:
    assert check_password("anything", stored) is False


@settings(max_examples=25, deadline=None)
@given(password=st.text(min_size=1, max_size=40), other=st.text(min_size=1, max_size=40))
def test_hash_round_trip(password: str, other: str) -> None:
    try:
        password.encode()
    except UnicodeEncodeError:
        return  # lone surrogates cannot be typed
    stored = hash_password(password, n=2**4)
    assert check_password(password, stored)
    if other != password:
        assert not check_password(other, stored)


def test_accounts_follow_their_own_ledger_when_another_is_opened(services, accounts, clerk, tmp_path) -> None:
    """Opening a second ledger in the same process (restore, verify, the command run in-process) must not send
    logins to the wrong file."""
    from reception.services.context import open_services

    other = open_services(tmp_path / "other.db")
    try:
        other_accounts = AccountService(other.store, other.audit, scrypt_n=CHEAP)
        assert other_accounts.has_accounts() is False
        assert accounts.has_accounts() is True
        assert accounts.login("lisi", CLERK_PW).name == "李四"
        assert other.audit.entries() == []
        assert [e.action for e in accounts.audit.entries(limit=1)] == ["login"]
    finally:
        other.close()
    con = sqlite3.connect(tmp_path / "other.db")
    try:
        assert con.execute("SELECT COUNT(*) FROM audit_entry").fetchone()[0] == 0
    finally:
        con.close()
