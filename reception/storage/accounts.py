"""Desk accounts (the ``clerk`` table): who may log in, with which role, and their failed attempts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reception.storage import models as m
from reception.storage.db import Store
from reception.storage.values import as_datetime


@dataclass(frozen=True)
class ClerkRecord:
    id: int
    username: str
    display_name: str
    role: str
    password_hash: str
    active: bool
    failed_logins: int
    locked_until: datetime | None
    last_login_at: datetime | None


def _record(row: Any) -> ClerkRecord:
    return ClerkRecord(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=row.role,
        password_hash=row.password_hash,
        active=bool(row.active),
        failed_logins=int(row.failed_logins),
        locked_until=as_datetime(row.locked_until),
        last_login_at=as_datetime(row.last_login_at),
    )


class ClerkRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def any(self) -> bool:
        self.store.bind_models()
        return bool(m.Clerk.select().exists())

    def by_username(self, username: str) -> ClerkRecord | None:
        self.store.bind_models()
        row = m.Clerk.get_or_none(m.Clerk.username == username)
        return _record(row) if row is not None else None

    def by_display_name(self, display_name: str) -> ClerkRecord | None:
        self.store.bind_models()
        row = m.Clerk.get_or_none(m.Clerk.display_name == display_name)
        return _record(row) if row is not None else None

    def failed_logins(self, clerk_id: int) -> int:
        self.store.bind_models()
        return int(m.Clerk.get_by_id(clerk_id).failed_logins)

    def all(self) -> list[ClerkRecord]:
        self.store.bind_models()
        return [_record(c) for c in m.Clerk.select().order_by(m.Clerk.username)]

    def add(self, *, username: str, display_name: str, role: str, password_hash: str, created_at: datetime) -> None:
        self.store.bind_models()
        m.Clerk.create(
            username=username,
            display_name=display_name,
            role=role,
            password_hash=password_hash,
            created_at=created_at,
        )

    def set_active(self, username: str, active: bool) -> bool:
        """Activate or deactivate (clearing failures and any lock); False when there is no such user."""
        self.store.bind_models()
        query = m.Clerk.update(active=active, failed_logins=0, locked_until=None).where(m.Clerk.username == username)
        return bool(query.execute())

    def set_role(self, username: str, role: str) -> bool:
        self.store.bind_models()
        return bool(m.Clerk.update(role=role).where(m.Clerk.username == username).execute())

    def set_password_hash(self, username: str, password_hash: str) -> None:
        self.store.bind_models()
        m.Clerk.update(password_hash=password_hash).where(m.Clerk.username == username).execute()

    def set_failures(self, clerk_id: int, failures: int, locked_until: datetime | None) -> None:
        self.store.bind_models()
        m.Clerk.update(failed_logins=failures, locked_until=locked_until).where(m.Clerk.id == clerk_id).execute()

    def logged_in(self, clerk_id: int, at: datetime) -> None:
        self.store.bind_models()
        m.Clerk.update(failed_logins=0, locked_until=None, last_login_at=at).where(m.Clerk.id == clerk_id).execute()
