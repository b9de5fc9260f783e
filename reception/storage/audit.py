"""The audit trail's table: append-only rows of a hash chain (the chain itself is reception.services.audit's)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reception.storage import models as m
from reception.storage.db import Store, next_sequence


@dataclass(frozen=True)
class AuditRow:
    """One entry as stored; ``at`` is the stamp's own text (SQLite keeps it as written, PostgreSQL gives back a
    timestamp, turned into the same ISO text)."""

    id: int
    at: str
    actor: str
    action: str
    matter_number: str
    detail: str
    prev_hash: str
    hash: str

    def detail_dict(self) -> dict[str, Any]:
        return json.loads(self.detail)


@dataclass(frozen=True)
class AuditRecord:
    """One entry as the desk and the ``reception audit list`` command show it (``detail`` decoded)."""

    id: int
    at: str
    actor: str
    action: str
    matter_number: str
    detail: dict[str, Any]


def _stamp(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


class AuditRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def append(self, *, at: str, actor: str, action: str, matter_number: str, detail: str, hash_of: Any) -> None:
        """Append one entry after the last one (inside the caller's write transaction).

        ``hash_of(prev_hash)`` gives the new entry's hash; the ``audit`` sequence counts the entries, and its row
        serialises appenders (row lock on PostgreSQL, write lock on SQLite)."""
        self.store.bind_models()
        next_sequence(self.store, "audit", 0)
        last = m.AuditEntry.select(m.AuditEntry.hash).order_by(m.AuditEntry.id.desc()).first()
        prev = last.hash if last else "0" * 64
        m.AuditEntry.create(
            at=at,
            actor=actor,
            action=action,
            matter_number=matter_number,
            detail=detail,
            prev_hash=prev,
            hash=hash_of(prev),
        )

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: rows and the count come from the same snapshot."""
        with self.store.db.atomic():
            if not self.store.is_sqlite:
                self.store.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield

    def chain(self) -> Iterator[AuditRow]:
        """Every entry in id order, with ``at`` as the ISO text the hash covers (``T`` between date and time)."""
        cursor = self.store.execute(
            "SELECT id, at, actor, action, matter_number, detail, prev_hash, hash FROM audit_entry ORDER BY id"
        )
        for entry_id, at, actor, action, number, detail, prev_hash, stored in cursor:
            stamp = at.isoformat() if isinstance(at, datetime) else str(at).replace(" ", "T")
            yield AuditRow(entry_id, stamp, actor, action, number, detail, prev_hash, stored)

    def counted(self) -> int:
        """How many entries the ``audit`` sequence says were appended."""
        row = self.store.execute("SELECT value FROM counter WHERE name = 'audit' AND year = 0").fetchone()
        return int(row[0]) if row else 0

    def latest(self, *, matter_number: str = "", limit: int = 200) -> list[AuditRow]:
        self.store.bind_models()
        query = m.AuditEntry.select().order_by(m.AuditEntry.id.desc()).limit(limit)
        if matter_number:
            query = query.where(m.AuditEntry.matter_number == matter_number)
        return [
            AuditRow(e.id, _stamp(e.at), e.actor, e.action, e.matter_number, e.detail, e.prev_hash, e.hash)
            for e in query
        ]
