"""The tamper-evident audit trail (个人信息保护法 art 51: logging).

Every create, change, print, export, backup, restore, login, and every reveal of a full ID or phone number is one
entry.  Entries form a hash chain: ``hash = sha256(prev_hash ‖ canonical entry)``, and the number of entries is
kept in the ``audit`` sequence, so an edited, deleted or inserted row breaks the chain at a point ``verify`` can
name.  The application never updates or deletes an entry.  Details never hold full ID numbers, phones,
passwords or passphrases: callers pass what happened, not the data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reception.storage import models as m
from reception.storage.db import Store, next_sequence

GENESIS = "0" * 64


def _canonical(at: str, actor: str, action: str, matter_number: str, detail: str) -> str:
    return json.dumps([at, actor, action, matter_number, detail], ensure_ascii=False, separators=(",", ":"))


def entry_hash(prev_hash: str, at: str, actor: str, action: str, matter_number: str, detail: str) -> str:
    return hashlib.sha256((prev_hash + _canonical(at, actor, action, matter_number, detail)).encode()).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    message: str = ""


class AuditService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def record(
        self,
        actor: str,
        action: str,
        *,
        matter_number: str = "",
        detail: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> None:
        """Append one entry inside the caller's transaction (or a new one)."""
        with self.store.write():
            # The sequence row serialises appenders (row lock on PostgreSQL, write lock on SQLite).
            count = next_sequence(self.store, "audit", 0)
            last = m.AuditEntry.select(m.AuditEntry.hash).order_by(m.AuditEntry.id.desc()).first()
            prev = last.hash if last else GENESIS
            stamp = (at or datetime.now()).replace(microsecond=0).isoformat()
            text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
            m.AuditEntry.create(
                at=stamp,
                actor=actor,
                action=action,
                matter_number=matter_number,
                detail=text,
                prev_hash=prev,
                hash=entry_hash(prev, stamp, actor, action, matter_number, text),
            )
            del count

    def verify(self) -> VerifyResult:
        """Walk the chain; report the first entry whose link or content does not check out."""
        # One read transaction: the rows and the count come from the same snapshot, so a desk appending while
        # this runs cannot look like an inserted row.
        with self.store.db.atomic():
            if not self.store.is_sqlite:
                self.store.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            return self._verify()

    def _verify(self) -> VerifyResult:
        prev = GENESIS
        n = 0
        cursor = self.store.execute(
            "SELECT id, at, actor, action, matter_number, detail, prev_hash, hash FROM audit_entry ORDER BY id"
        )
        for row in cursor:
            n += 1
            entry_id, at, actor, action, number, detail, prev_hash, stored = row
            at = at.isoformat() if isinstance(at, datetime) else str(at).replace(" ", "T")
            if prev_hash != prev:
                return VerifyResult(
                    False, n, entry_id, f"第 {entry_id} 条审计记录的前序哈希不符：其前一条记录被修改或删除"
                )
            if entry_hash(prev, at, actor, action, number, detail) != stored:
                return VerifyResult(False, n, entry_id, f"第 {entry_id} 条审计记录的内容被修改（{action}，{actor}）")
            prev = stored
        row = self.store.execute("SELECT value FROM counter WHERE name = 'audit' AND year = 0").fetchone()
        expected = int(row[0]) if row else 0
        if expected != n:
            return VerifyResult(False, n, None, f"审计记录应有 {expected} 条，实有 {n} 条：有记录被删除或插入")
        return VerifyResult(True, n, None, f"审计链完整，共 {n} 条")

    def entries(self, *, matter_number: str = "", limit: int = 200) -> list[dict[str, Any]]:
        self.store.bind_models()
        query = m.AuditEntry.select().order_by(m.AuditEntry.id.desc()).limit(limit)
        if matter_number:
            query = query.where(m.AuditEntry.matter_number == matter_number)
        return [
            # The stored stamp's own text: SQLite keeps it as written, PostgreSQL gives a timestamp back.
            {
                "id": e.id,
                "at": e.at.isoformat() if isinstance(e.at, datetime) else str(e.at),
                "actor": e.actor,
                "action": e.action,
                "matter_number": e.matter_number,
                "detail": json.loads(e.detail),
            }
            for e in query
        ]
