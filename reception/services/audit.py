"""The tamper-evident audit trail (个人信息保护法 art 51: logging), which covers the record itself (issue 17).

Every create, change, print, export, backup, restore, login, and every reveal of a full ID or phone number is one
entry.  Entries form a keyed chain: ``mac = HMAC-SHA256(key, prev ‖ at ‖ actor ‖ action ‖ number ‖ detail ‖
rows)``; the key comes from the composition root (:func:`reception.services.context.chain_key`), so a copy of
the ledger file alone cannot extend or rewrite the chain.  ``rows`` holds, for every ledger row the entry changed
(a matter, its party list, an event, a person file, an account, a setting), its digest before and after
(reception.storage.audit), so ``verify`` re-derives the current matters, parties, events and persons from the
chain and names any row that differs, is missing, or the chain never saw.

The chain's head (entry count + MAC) is an *anchor*: written into every backup, export and printed report, it lets
``verify --against`` prove later that the history up to it is unchanged, even by someone who holds the key.

Entries written before the chain was keyed (plain ``sha256(prev ‖ entry)``) stay as they were; the first keyed
entry after them is the seal (``audit-seal``) that names their count and last hash, followed by the rows already in
the ledger (``audit-baseline``).  Details never hold full ID numbers, phones, passwords or passphrases.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from reception.storage.audit import BUCKET_BITS, REDERIVED, AuditRecord, AuditRepository, split_key
from reception.storage.db import Store

GENESIS = "0" * 64
SEAL = "audit-seal"
BASELINE = "audit-baseline"
SYSTEM_ACTOR = "系统"
# How an anchor is written into files (CSV's last line, the xlsx keywords, the PDF keywords): ASCII, one token.
ANCHOR_TOKEN = "reception-audit-head"
_ANCHOR_RE = re.compile(ANCHOR_TOKEN + r"\s+(\d+):([0-9a-f]{64})")


def _canonical(at: str, actor: str, action: str, matter_number: str, detail: str) -> str:
    return json.dumps([at, actor, action, matter_number, detail], ensure_ascii=False, separators=(",", ":"))


def entry_hash(prev_hash: str, at: str, actor: str, action: str, matter_number: str, detail: str) -> str:
    """The unkeyed hash of an entry written before the chain was keyed (kept only to check those entries)."""
    return hashlib.sha256((prev_hash + _canonical(at, actor, action, matter_number, detail)).encode()).hexdigest()


def entry_mac(
    key: bytes, prev_hash: str, at: str, actor: str, action: str, matter_number: str, detail: str, rows: str = ""
) -> str:
    """The keyed MAC of one entry (the fields never hold U+001F: the input rule refuses controls, JSON escapes)."""
    msg = "\x1f".join((prev_hash, at, actor, action, matter_number, detail, rows)).encode()
    return hmac.digest(key, msg, "sha256").hex()


@dataclass(frozen=True)
class Head:
    """The chain's head: how many entries, and the MAC of the last one (an anchor once it is written elsewhere)."""

    entries: int
    mac: str

    @property
    def token(self) -> str:
        return f"{ANCHOR_TOKEN} {self.entries}:{self.mac}"

    @property
    def text(self) -> str:
        """As printed in small type on reports."""
        return f"审计链锚点 {self.entries}:{self.mac}"

    def as_dict(self) -> dict[str, Any]:
        return {"entries": self.entries, "mac": self.mac}


def parse_anchor(text: str) -> Head | None:
    """An anchor from text: ``N:MAC``, or any text holding ``reception-audit-head N:MAC``."""
    found = _ANCHOR_RE.search(text)
    if found is None:
        found = re.fullmatch(r"\s*(\d+):([0-9a-f]{64})\s*", text)
    return Head(int(found.group(1)), found.group(2)) if found else None


def read_anchor(path: Path) -> Head | None:
    """The anchor written into an export (xlsx keywords, CSV's last line) or a printed report (PDF keywords)."""
    if path.suffix.lower() == ".xlsx":
        import zipfile

        with zipfile.ZipFile(path) as z:
            return parse_anchor(z.read("docProps/core.xml").decode("utf-8", "replace"))
    data = path.read_bytes()
    tail = data[-4096:] if path.suffix.lower() == ".csv" else data
    return parse_anchor(tail.decode("utf-8", "replace"))


@dataclass(frozen=True)
class Witness:
    """The digests of the rows a use case is about to change, taken before it changes them (inside its
    transaction), and what to look up again afterwards."""

    before: dict[str, str]
    matter_number: str = ""
    id_numbers: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    message: str = ""
    problems: tuple[str, ...] = ()
    rows_checked: int = 0
    head: Head | None = None
    anchor: Head | None = None


@dataclass(frozen=True)
class _Chain:
    ok: bool
    entries: int
    first_bad_id: int | None
    message: str
    head: Head


@dataclass
class _Last:
    digest: str
    entry: int
    number: str


@dataclass
class AuditService:
    store: Store
    key: bytes = field(repr=False)
    rows: AuditRepository = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.key) < 16:
            raise ValueError("audit chain key too short")
        self.rows = AuditRepository(self.store)

    # -- writing ---------------------------------------------------------------------------------------------------

    def witness(
        self,
        *,
        matter_number: str = "",
        id_numbers: Iterable[str] = (),
        accounts: Iterable[str] = (),
        settings: Iterable[str] = (),
    ) -> Witness:
        """The rows' digests before a change (call inside the write transaction, before changing anything)."""
        w = Witness({}, matter_number, tuple(id_numbers), tuple(accounts), tuple(settings))
        return Witness(self._digests_of(w), w.matter_number, w.id_numbers, w.accounts, w.settings)

    def _digests_of(self, w: Witness) -> dict[str, str]:
        """The current digests of a witness's scope (a matter's rows and person files in few queries)."""
        out: dict[str, str] = {}
        if w.matter_number:
            out.update(self.rows.matter_digests(w.matter_number))
        if w.id_numbers:
            out.update(self.rows.person_digests(w.id_numbers))
        rest = [k for k in w.before if k not in out]
        rest += [k for k in (self.rows.clerk_key(u) for u in w.accounts) if k]
        rest += [f"s:{s}" for s in w.settings]
        if rest:
            out.update(self.rows.digests(rest))
        return out

    def record(
        self,
        actor: str,
        action: str,
        *,
        matter_number: str = "",
        detail: dict[str, Any] | None = None,
        at: datetime | None = None,
        witness: Witness | None = None,
    ) -> None:
        """Append one entry inside the caller's transaction (or a new one).

        With ``witness`` (taken before the change), the entry also covers every row in its scope whose digest the
        change altered: before and after."""
        stamp = (at or datetime.now()).replace(microsecond=0).isoformat()
        text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
        # Inside the caller's transaction as it is (a nested one would cost a savepoint in every write).
        with contextlib.nullcontext() if self.store.db.in_transaction() else self.store.write():
            rows = ""
            if witness is not None:
                number = witness.matter_number or matter_number
                # A matter's scope already holds its parties' person files: no second look-up by ID number.
                ids = () if number else witness.id_numbers
                after = self._digests_of(Witness(witness.before, number, ids, witness.accounts, witness.settings))
                before = witness.before
                scope = sorted(set(before) | set(after))
                changed = {
                    k: [before.get(k, ""), after.get(k, "")] for k in scope if before.get(k, "") != after.get(k, "")
                }
                rows = json.dumps(changed, separators=(",", ":"), sort_keys=True) if changed else ""
            key = self.key
            self.rows.append(
                at=stamp,
                actor=actor,
                action=action,
                matter_number=matter_number,
                detail=text,
                rows=rows,
                hash_of=lambda prev: entry_mac(key, prev, stamp, actor, action, matter_number, text, rows),
            )

    def head(self) -> Head:
        """The chain's head now (the anchor to write into a backup, an export or a report)."""
        with self.rows.snapshot():
            return Head(self.rows.counted(), self.rows.last_hash())

    # -- sealing and the baseline ----------------------------------------------------------------------------------

    def seal_if_pending(self) -> bool:
        """Seal an old ledger's unkeyed chain (the first anchor) and enter its rows into the keyed chain.

        Runs once, on the first open after migration 2; a new, empty ledger has nothing to seal.  Returns whether
        a seal was written."""
        if self.rows.setting("audit_seal") != "pending":
            return False
        with self.store.write():
            if self.rows.setting("audit_seal") != "pending":
                return False
            if not self.rows.has_rows():
                self.rows.set_setting("audit_seal", "done")
                return False
            old = self._walk([], allow_unkeyed=True)
            detail = {
                "migration": 2,
                "sealed_entries": old.entries,
                "sealed_head": old.head.mac,
                "unkeyed_chain_intact": old.ok,
            }
            self.record(SYSTEM_ACTOR, SEAL, detail=detail)
            self.baseline(SYSTEM_ACTOR, BASELINE)
            self.rows.set_setting("audit_seal", "done")
        return True

    def baseline(self, actor: str, action: str) -> int:
        """Enter every matter (with its parties and events) and every person file into the chain, one entry per
        matter and one per thousand persons: an old ledger's rows at the seal, the demo data's bulk load."""
        key = self.key
        prev = self.rows.last_hash()
        stamp = datetime.now().replace(microsecond=0).isoformat()
        pending: list[tuple[str, str, str, str, str, str, str, str]] = []
        written = 0

        def add(number: str, digests: dict[str, str]) -> None:
            nonlocal prev
            rows = json.dumps({k: ["", d] for k, d in digests.items()}, separators=(",", ":"), sort_keys=True)
            mac = entry_mac(key, prev, stamp, actor, action, number, "{}", rows)
            pending.append((stamp, actor, action, number, "{}", rows, prev, mac))
            prev = mac
            if len(pending) >= 10_000:
                flush()

        def flush() -> None:
            nonlocal written
            self.rows.append_many(pending)
            written += len(pending)
            pending.clear()

        with self.store.write():
            for number, digests in self.rows.matter_scopes():
                add(number, digests)
            persons: dict[str, str] = {}
            for pid, d in self.rows.all_digests("p"):
                persons[f"p:{pid}"] = d
                if len(persons) >= 1000:
                    add("", persons)
                    persons = {}
            if persons:
                add("", persons)
            flush()
        return written

    # -- verifying -------------------------------------------------------------------------------------------------

    def verify(self, against: Head | Iterable[Head] | None = None, *, rows: bool = True) -> VerifyResult:
        """Walk the chain (at each anchor of ``against`` it must hold that anchor's MAC), then re-derive the rows
        from it."""
        anchors = [] if against is None else [against] if isinstance(against, Head) else list(against)
        latest = max(anchors, key=lambda h: h.entries) if anchors else None
        # One read transaction: the rows and the count come from the same snapshot, so a desk appending while
        # this runs cannot look like an inserted row.
        with self.rows.snapshot():
            chain = self._walk(anchors)
            if not chain.ok:
                return VerifyResult(
                    False, chain.entries, chain.first_bad_id, chain.message, head=chain.head, anchor=latest
                )
            expected = self.rows.counted()
            if expected != chain.entries:
                return VerifyResult(
                    False,
                    chain.entries,
                    None,
                    f"审计记录应有 {expected} 条，实有 {chain.entries} 条：有记录被删除或插入",
                    head=chain.head,
                    anchor=latest,
                )
            if not rows:
                return VerifyResult(True, chain.entries, None, chain.message, head=chain.head, anchor=latest)
            problems, first, checked = self._verify_rows()
        if problems:
            more = f"（另有 {len(problems) - 1} 处）" if len(problems) > 1 else ""
            return VerifyResult(
                False, chain.entries, first, problems[0] + more, tuple(problems), checked, chain.head, latest
            )
        message = chain.message + f"；台账 {checked} 行与审计链一致"
        return VerifyResult(True, chain.entries, None, message, (), checked, chain.head, latest)

    def verify_chain(self, against: Head | Iterable[Head] | None = None) -> VerifyResult:
        """The chain alone (the MACs and the anchor), without re-deriving the rows: what a backup checks."""
        return self.verify(against, rows=False)

    def _walk(self, anchors: list[Head], *, allow_unkeyed: bool = False) -> _Chain:
        key = self.key
        digest = hmac.digest
        prev = GENESIS
        n = 0
        keyed = False
        unkeyed = 0
        marks = {h.entries: h for h in anchors}
        last_mark = max(marks, default=-1)
        against = marks.get(last_mark)
        for entry_id, at, actor, action, number, detail, rows, prev_hash, stored in self.rows.raw_chain():
            n += 1
            if prev_hash != prev:
                return _Chain(
                    False,
                    n,
                    entry_id,
                    f"第 {entry_id} 条审计记录的前序哈希不符：其前一条记录被修改或删除",
                    Head(n - 1, prev),
                )
            stamp = at.replace(" ", "T") if type(at) is str else at.isoformat()
            mac = digest(key, "\x1f".join((prev, stamp, actor, action, number, detail, rows)).encode(), "sha256").hex()
            if mac != stored:
                if keyed or rows or entry_hash(prev, stamp, actor, action, number, detail) != stored:
                    return _Chain(
                        False,
                        n,
                        entry_id,
                        f"第 {entry_id} 条审计记录的内容被修改，或不是本台写入（{action}，{actor}）",
                        Head(n - 1, prev),
                    )
                unkeyed += 1
            elif not keyed:
                keyed = True
                if unkeyed and action != SEAL:
                    return _Chain(
                        False,
                        n,
                        entry_id,
                        f"第 {entry_id} 条审计记录之前的旧记录没有封存记录：其后的记录被改写",
                        Head(n - 1, prev),
                    )
            mark = marks.get(n) if n <= last_mark else None
            if mark is not None and stored != mark.mac:
                return _Chain(
                    False,
                    n,
                    entry_id,
                    f"第 {n} 条审计记录与锚点不符：锚点之前的审计记录被改写（锚点 {mark.mac[:12]}…）",
                    Head(n, stored),
                )
            prev = stored
        head = Head(n, prev)
        if against is not None and n < against.entries:
            return _Chain(
                False,
                n,
                None,
                f"审计链只有 {n} 条，少于锚点的 {against.entries} 条：锚点之前的审计记录被删除",
                head,
            )
        if unkeyed and not keyed and not allow_unkeyed:
            return _Chain(False, n, None, f"审计链的 {n} 条旧记录没有封存记录：请用本程序打开台账以封存", head)
        where = f"，与锚点（第 {against.entries} 条）一致" if against is not None else ""
        return _Chain(True, n, None, f"审计链完整，共 {n} 条{where}", head)

    def _verify_rows(self) -> tuple[list[str], int | None, int]:
        """Compare the ledger's rows with the chain: first per bucket of ids (XOR of digests), then row by row
        in the buckets that differ."""
        acc: dict[tuple[str, int], int] = {}
        for _entry_id, _number, text in self.rows.entry_rows():
            for k, pair in json.loads(text).items():
                kind, ident = split_key(k)
                if kind not in REDERIVED:
                    continue
                b = (kind, int(ident) >> BUCKET_BITS)
                acc[b] = acc.get(b, 0) ^ int(pair[0] or "0", 16) ^ int(pair[1] or "0", 16)
        checked = 0
        for kind in REDERIVED:
            for ident, d in self.rows.all_digests(kind):
                checked += 1
                b = (kind, ident >> BUCKET_BITS)
                acc[b] = acc.get(b, 0) ^ int(d, 16)
        bad = {b for b, v in acc.items() if v}
        if not bad:
            return [], None, checked
        return (*self._name_rows(bad), checked)

    def _name_rows(self, bad: set[tuple[str, int]]) -> tuple[list[str], int | None]:
        problems: list[str] = []
        first: int | None = None
        last: dict[str, _Last] = {}
        for entry_id, number, text in self.rows.entry_rows():
            for k, (before, after) in json.loads(text).items():
                kind, ident = split_key(k)
                if kind not in REDERIVED or (kind, int(ident) >> BUCKET_BITS) not in bad:
                    continue
                seen = last.get(k)
                if before != (seen.digest if seen else ""):
                    where = f"第 {seen.entry} 条" if seen else "任何一条"
                    label = self._label(k, number)
                    problems.append(f"第 {entry_id} 条审计记录之前，{label}已在本台以外被改动（与{where}审计记录不符）")
                    first = entry_id if first is None else first
                last[k] = _Last(after, entry_id, number)
        current: dict[str, str] = {}
        for kind, bucket in sorted(bad):
            lo = bucket << BUCKET_BITS
            for ident, d in self.rows.all_digests(kind, lo=lo, hi=lo + (1 << BUCKET_BITS)):
                current[f"{kind}:{ident}"] = d
        unseen = sorted(k for k in current if k not in last)
        numbers = self._numbers_of(unseen)
        for k, seen in sorted(last.items(), key=lambda kv: (REDERIVED.index(split_key(kv[0])[0]), kv[1].entry)):
            now = current.get(k, "")
            if now == seen.digest:
                continue
            if not now:
                problems.append(
                    f"{self._label(k, seen.number)}已被删除，审计链中没有删除记录（最后记于第 {seen.entry} 条）"
                )
            else:
                problems.append(f"{self._label(k, seen.number)}与审计链不符：在第 {seen.entry} 条审计记录之后被改动")
            first = seen.entry if first is None else first
        for k in unseen:
            problems.append(f"{self._label(k, numbers.get(k, ''))}不在审计链中：未经本台写入")
        if not problems:
            problems.append("台账与审计链的摘要不符")
        return problems, first

    def _numbers_of(self, keys: list[str]) -> dict[str, str]:
        matter_ids = {k: int(split_key(k)[1]) for k in keys if split_key(k)[0] in ("m", "pt")}
        event_ids = {k: int(split_key(k)[1]) for k in keys if split_key(k)[0] == "e"}
        of_event = self.rows.event_matters(event_ids.values())
        numbers = self.rows.matter_numbers([*matter_ids.values(), *of_event.values()])
        out = {k: numbers.get(i, "") for k, i in matter_ids.items()}
        out.update({k: numbers.get(of_event.get(i, 0), "") for k, i in event_ids.items()})
        return out

    @staticmethod
    def _label(key: str, number: str) -> str:
        kind, ident = split_key(key)
        matter = f"事项 {number}" if number else f"事项（#{ident}）"
        return {
            "m": matter,
            "pt": f"{matter}的当事人",
            "e": f"{'事项 ' + number + ' 的' if number else ''}办理记录（#{ident}）",
            "p": f"人员档案（#{ident}）",
        }.get(kind, key)

    def entries(self, *, matter_number: str = "", limit: int = 200) -> list[AuditRecord]:
        """The newest entries first (of one matter when ``matter_number`` is given)."""
        return [
            AuditRecord(e.id, e.at, e.actor, e.action, e.matter_number, e.detail_dict())
            for e in self.rows.latest(matter_number=matter_number, limit=limit)
        ]
