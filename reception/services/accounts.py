"""Desk accounts: the first start creates the administrator; clerks log in; repeated failures lock the account.

Passwords are hashed with scrypt from ``cryptography`` (already needed for backups, so no extra dependency), with
a random salt per password, and compared in constant time.  Nothing here logs a password.
"""

from __future__ import annotations

import base64
import os
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta

from reception.domain.inputs import InvalidInput
from reception.domain.roles import ROLE_LABELS, Account, Principal, Role, require
from reception.domain.text import account_name, clean_text, refuse_unprintable, visible
from reception.services.audit import AuditService
from reception.storage.accounts import ClerkRepository
from reception.storage.db import Store

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
WRONG = "用户名或密码不对"


class LoginFailed(InvalidInput):
    """Wrong user name or password, or a locked account; the message never says which of the first two."""


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    """``scrypt$n$r$p$salt$key`` for a new password, with a fresh random salt."""
    # Imported here: the desk opens (and the window shows) long before anyone types a password.
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    salt = os.urandom(16)
    key = Scrypt(salt=salt, length=32, n=n, r=SCRYPT_R, p=SCRYPT_P).derive(password.encode())
    enc = base64.b64encode
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${enc(salt).decode()}${enc(key).decode()}"


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a :func:`hash_password` result (in constant time; False if malformed)."""
    import hmac

    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        derived = Scrypt(salt=base64.b64decode(salt), length=32, n=int(n), r=int(r), p=int(p)).derive(password.encode())
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(derived, base64.b64decode(key))


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _names(username: str, display_name: str) -> tuple[str, str]:
    """The user name (NFKC) and the display name under the one input rule (:mod:`reception.domain.text`); the
    display name is the 接待人 on every document, so it must print."""
    from reception.printing.fonts import uncovered

    username = account_name(username)
    display_name = clean_text(display_name, "姓名", "display_name").strip()
    if display_name and not visible(display_name):
        raise InvalidInput("姓名须含有可见的字符", "display_name")
    refuse_unprintable([("display_name", "姓名", display_name)], uncovered)
    return username, display_name


def _lookup(username: str) -> str:
    """A typed user name as stored (NFKC, stripped); one that breaks the rule matches no account."""
    return unicodedata.normalize("NFKC", username).strip()


class AccountService:
    def __init__(
        self, store: Store, audit: AuditService, clock: Callable[[], datetime] = _now, scrypt_n: int = SCRYPT_N
    ) -> None:
        self.store = store
        self.audit = audit
        self.clock = clock
        self.scrypt_n = scrypt_n
        self._dummy_hash: str | None = None
        self.clerks = ClerkRepository(store)

    def has_accounts(self) -> bool:
        return self.clerks.any()

    def _waste_a_check(self, password: str) -> None:
        """Spend the time of one password check, so an unknown or inactive name answers as slowly as a real one
        (the response time must not tell whether a user name exists)."""
        if self._dummy_hash is None:
            self._dummy_hash = hash_password(os.urandom(16).hex(), n=self.scrypt_n)
        check_password(password, self._dummy_hash)

    def _validate(self, username: str, display_name: str, password: str) -> None:
        username, display_name = _names(username, display_name)
        if not username or len(username) > 50:
            raise InvalidInput("请填写用户名（最多 50 个字符）", "username")
        if not display_name or len(display_name) > 50:
            raise InvalidInput("请填写姓名（最多 50 个字）", "display_name")
        if len(password) < MIN_PASSWORD:
            raise InvalidInput(f"密码至少 {MIN_PASSWORD} 位", "password")

    def create_first_admin(self, username: str, display_name: str, password: str) -> Principal:
        """Only while there is no account at all: the first start of a new station."""
        self._validate(username, display_name, password)
        with self.store.write():
            if self.has_accounts():
                raise InvalidInput("已有账户，请由管理员登录后添加")
            witness = self.audit.witness(accounts=[_lookup(username)])
            self._insert(username, display_name, password, Role.ADMINISTRATOR)
            self.audit.record(
                display_name,
                "account-create",
                detail={"username": username, "role": "administrator", "first": True},
                witness=witness,
            )
        return Principal(display_name, Role.ADMINISTRATOR)

    def _insert(self, username: str, display_name: str, password: str, role: Role) -> None:
        username, display_name = _names(username, display_name)
        if self.clerks.by_username(username) is not None:
            raise InvalidInput(f"用户名 {username} 已存在", "username")
        # The display name is the identity everywhere else (首接人, audit actor, idle unlock): two accounts with
        # one name could act on each other's matters and unlock each other's desk.
        if self.clerks.by_display_name(display_name) is not None:
            raise InvalidInput(f"已有名为 {display_name} 的账户，请加以区分（如 王芳2）", "display_name")
        self.clerks.add(
            username=username,
            display_name=display_name,
            role=role.value,
            password_hash=hash_password(password, n=self.scrypt_n),
            created_at=self.clock(),
        )

    def create(self, by: Principal, username: str, display_name: str, password: str, role: Role | str) -> None:
        require(by, "accounts")
        self._validate(username, display_name, password)
        try:
            role = Role(role)
        except ValueError:
            raise InvalidInput(f"角色“{role}”无效", "role") from None
        with self.store.write():
            witness = self.audit.witness(accounts=[_lookup(username)])
            self._insert(username, display_name, password, role)
            self.audit.record(
                by.name, "account-create", detail={"username": username, "role": role.value}, witness=witness
            )

    def set_active(self, by: Principal, username: str, active: bool) -> None:
        require(by, "accounts")
        with self.store.write():
            witness = self.audit.witness(accounts=[username])
            if not self.clerks.set_active(username, active):
                raise InvalidInput(f"没有用户 {username}")
            self.audit.record(
                by.name,
                "account-activate" if active else "account-deactivate",
                detail={"username": username},
                witness=witness,
            )

    def set_role(self, by: Principal, username: str, role: Role | str) -> None:
        require(by, "accounts")
        try:
            role = Role(role)
        except ValueError:
            raise InvalidInput(f"角色“{role}”无效", "role") from None
        with self.store.write():
            witness = self.audit.witness(accounts=[username])
            if not self.clerks.set_role(username, role.value):
                raise InvalidInput(f"没有用户 {username}")
            self.audit.record(
                by.name, "account-role", detail={"username": username, "role": role.value}, witness=witness
            )

    def change_password(self, username: str, old: str, new: str) -> None:
        if len(new) < MIN_PASSWORD:
            raise InvalidInput(f"新密码至少 {MIN_PASSWORD} 位", "password")
        principal = self.login(username, old)
        with self.store.write():
            witness = self.audit.witness(accounts=[_lookup(username)])
            self.clerks.set_password_hash(_lookup(username), hash_password(new, n=self.scrypt_n))
            self.audit.record(principal.name, "password-change", witness=witness)

    def login(self, username: str, password: str, *, via: str = "desk") -> Principal:
        """Check a password; five failures in a row lock the account for 15 minutes, whichever door they came
        through (``via``: "desk" or "cli", the ``reception`` command).  A backup account opens no desk."""
        now = self.clock()
        row = self.clerks.by_username(_lookup(username))
        if row is None or not row.active:
            self._waste_a_check(password)
            # The typed name is not recorded: it is sometimes a password typed into the wrong field.
            self.audit.record("?", "login-failed", detail={"reason": "unknown-or-inactive"})
            raise LoginFailed(WRONG)
        locked_until = row.locked_until
        if locked_until and locked_until > now:
            self.audit.record(row.display_name, "login-refused", detail={"reason": "locked"})
            raise LoginFailed(f"连续输错密码，账户已锁定至 {locked_until:%H:%M}，请稍后再试或联系管理员")
        if not check_password(password, row.password_hash):
            with self.store.write():
                # Counted under the write lock: two desks failing at once must not both count "3 → 4".
                witness = self.audit.witness(accounts=[row.username])
                failures = self.clerks.failed_logins(row.id) + 1
                lock = now + timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
                self.clerks.set_failures(row.id, 0 if lock else failures, lock)
                self.audit.record(
                    row.display_name,
                    "login-failed",
                    detail={"failures": failures, "locked": bool(lock)},
                    witness=witness,
                )
            if lock:
                raise LoginFailed(f"连续 {MAX_FAILURES} 次输错密码，账户锁定 {LOCK_MINUTES} 分钟")
            # The same words as for an unknown name: a count of tries left would say that the name exists.
            raise LoginFailed(WRONG)
        role = Role(row.role)
        if role == Role.BACKUP and via != "cli":
            self.audit.record(row.display_name, "login-refused", detail={"reason": "backup-only", "via": via})
            raise LoginFailed("备份账户只能用于计划备份（reception backup），不能登录接待台")
        if via == "desk":
            with self.store.write():
                witness = self.audit.witness(accounts=[row.username])
                self.clerks.logged_in(row.id, now)
                self.audit.record(row.display_name, "login", witness=witness)
        elif self.clerks.failed_logins(row.id):
            # A command writes nothing of its own when it succeeds (its entries name the person) and nothing at
            # all when it is refused; the failures before it are cleared as a login at the desk clears them, and
            # that change of the account is an entry of its own (the chain covers every account row).
            with self.store.write():
                witness = self.audit.witness(accounts=[row.username])
                self.clerks.set_failures(row.id, 0, None)
                self.audit.record(row.display_name, "login-failures-cleared", witness=witness, detail={"via": via})
        return Principal(row.display_name, role, via=via)

    def unlock(self, principal: Principal, username: str, password: str) -> bool:
        """Idle-lock unlock: only the same clerk, with their password (the form behind stays as typed)."""
        row = self.clerks.by_username(_lookup(username))
        if row is None or row.display_name != principal.name:
            return False
        try:
            self.login(username, password)
        except LoginFailed:
            return False
        return True

    def list(self, by: Principal) -> list[Account]:
        require(by, "accounts")
        return [
            Account(
                username=c.username,
                display_name=c.display_name,
                role=c.role,
                role_label=ROLE_LABELS[Role(c.role)],
                active=c.active,
                locked_until=c.locked_until,
                last_login_at=c.last_login_at,
            )
            for c in self.clerks.all()
        ]

    def username_of(self, display_name: str) -> str | None:
        row = self.clerks.by_display_name(display_name)
        return row.username if row else None
