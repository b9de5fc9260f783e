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

from reception.storage.audit import AuditRecord, AuditRepository
from reception.storage.db import Store

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
        self.rows = AuditRepository(store)

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
        stamp = (at or datetime.now()).replace(microsecond=0).isoformat()
        text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
        with self.store.write():
            self.rows.append(
                at=stamp,
                actor=actor,
                action=action,
                matter_number=matter_number,
                detail=text,
                hash_of=lambda prev: entry_hash(prev, stamp, actor, action, matter_number, text),
            )

    def verify(self) -> VerifyResult:
        """Walk the chain; report the first entry whose link or content does not check out."""
        # One read transaction: the rows and the count come from the same snapshot, so a desk appending while
        # this runs cannot look like an inserted row.
        with self.rows.snapshot():
            return self._verify()

    def _verify(self) -> VerifyResult:
        prev = GENESIS
        n = 0
        for row in self.rows.chain():
            n += 1
            entry_id, actor, action = row.id, row.actor, row.action
            if row.prev_hash != prev:
                return VerifyResult(
                    False, n, entry_id, f"第 {entry_id} 条审计记录的前序哈希不符：其前一条记录被修改或删除"
                )
            if entry_hash(prev, row.at, actor, action, row.matter_number, row.detail) != row.hash:
                return VerifyResult(False, n, entry_id, f"第 {entry_id} 条审计记录的内容被修改（{action}，{actor}）")
            prev = row.hash
        expected = self.rows.counted()
        if expected != n:
            return VerifyResult(False, n, None, f"审计记录应有 {expected} 条，实有 {n} 条：有记录被删除或插入")
        return VerifyResult(True, n, None, f"审计链完整，共 {n} 条")

    def entries(self, *, matter_number: str = "", limit: int = 200) -> list[AuditRecord]:
        """The newest entries first (of one matter when ``matter_number`` is given)."""
        return [
            AuditRecord(e.id, e.at, e.actor, e.action, e.matter_number, e.detail_dict())
            for e in self.rows.latest(matter_number=matter_number, limit=limit)
        ]
