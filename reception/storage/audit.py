"""The audit trail's table: append-only rows of a keyed chain (the chain itself is reception.services.audit's),
and the digests of the ledger rows the chain covers.

A row digest names a row by a key — ``m:ID`` (a matter), ``pt:MATTER_ID`` (the matter's parties, as one list),
``e:ID`` (an event), ``p:ID`` (a person file), ``c:ID`` (an account), ``s:KEY`` (a setting) — and covers every
column of it: SHA-256 (first 128 bits) over ``name=repr(value)`` pairs in column-name order, empty values
(NULL, "", 0, false: the falsy ones) left out, so a column added later with an empty default does not change any digest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reception.storage import models as m
from reception.storage.db import Store

# The kinds ``audit verify`` re-derives from the chain: every current row of these tables must be the one the
# chain last recorded.  (Accounts and settings are covered entry by entry, not re-derived: the desk writes some
# settings of its own, such as the last backup time, without an entry.)
REDERIVED = ("m", "pt", "e", "p")
_TABLES = {"m": "matter", "e": "event", "p": "person", "c": "clerk"}
# Digest buckets: the chain side and the ledger side are compared per (kind, id >> BUCKET_BITS), so a ledger of
# millions of rows is checked in memory proportional to its buckets, and only a differing bucket is read again.
BUCKET_BITS = 12


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
    rows: str = ""

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


def _canonical(value: Any) -> Any:
    """A column's value as SQLite hands it back, whichever database it came from: PostgreSQL's booleans, dates
    and timestamps are the integers and texts SQLite stores, so a ledger copied between the two (a server's
    backup restored on a desk) keeps every row's digest."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class _Shape:
    """How a query's rows turn into digest text: the ``name=`` prefixes in column-name order and a getter that
    picks the values in that order (worked out once per query)."""

    kind: str
    prefixes: tuple[str, ...]
    pick: Callable[[Any], tuple[Any, ...]]
    names: tuple[str, ...]

    def text(self, row: Any) -> str:
        # Empty values (None, "", 0, false: exactly the falsy ones) are left out.
        return "\x1f".join(
            [self.kind, *[p + repr(_canonical(v)) for p, v in zip(self.prefixes, self.pick(row), strict=True) if v]]
        )

    def index(self, name: str) -> int:
        return self.names.index(name)


def _shape(kind: str, description: Any) -> _Shape:
    names = tuple(d[0] for d in description)
    order = sorted(range(len(names)), key=names.__getitem__)
    getter = operator.itemgetter(*order)
    pick: Callable[[Any], tuple[Any, ...]] = getter if len(order) > 1 else lambda row: (getter(row),)
    return _Shape(kind, tuple(f"{names[i]}=" for i in order), pick, names)


def _pairs(kind: str, names: list[str], order: list[int], values: Any) -> str:
    """The digest text of one row given its column names and their order (the rule :class:`_Shape` applies)."""
    return "\x1f".join([kind, *[f"{names[i]}={values[i]!r}" for i in order if values[i]]])


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def split_key(key: str) -> tuple[str, str]:
    kind, _, ident = key.partition(":")
    return kind, ident


class AuditRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def append(
        self, *, at: str, actor: str, action: str, matter_number: str, detail: str, rows: str = "", hash_of: Any
    ) -> int:
        """Append one entry after the last one (inside the caller's write transaction); returns its position.

        ``hash_of(prev_hash)`` gives the new entry's hash; the ``audit`` counter counts the entries, and its row
        serialises appenders (row lock on PostgreSQL, write lock on SQLite)."""
        # Raw SQL, three statements: this runs in every write of the desk.  Not ``next_sequence``: that keeps
        # numbers above a floor beside the file, so that a restored older copy never reissues a document number;
        # the count of entries is the file's own and must follow the file.
        ph = self.store.ph
        count = int(
            self.store.execute(
                "INSERT INTO counter (name, year, value) VALUES ('audit', 0, 1) "
                "ON CONFLICT (name, year) DO UPDATE SET value = counter.value + 1 RETURNING value"
            ).fetchone()[0]
        )
        prev = self.last_hash()
        self.store.execute(
            "INSERT INTO audit_entry (at, actor, action, matter_number, detail, rows, prev_hash, hash) "
            f"VALUES ({', '.join(ph for _ in range(8))})",
            (at, actor, action, matter_number, detail, rows, prev, hash_of(prev)),
        )
        return count

    def append_many(self, entries: list[tuple[str, str, str, str, str, str, str, str]]) -> None:
        """Entries already chained by the caller (at, actor, action, number, detail, rows, prev, hash), appended
        in one statement with the counter moved past them: the seal of an old ledger, the demo data's trail."""
        if not entries:
            return
        ph = self.store.ph
        self.store.db.cursor().executemany(
            "INSERT INTO audit_entry (at, actor, action, matter_number, detail, rows, prev_hash, hash) "
            f"VALUES ({', '.join(ph for _ in range(8))})",
            entries,
        )
        self.store.execute(
            f"INSERT INTO counter (name, year, value) VALUES ('audit', 0, {ph}) "
            "ON CONFLICT (name, year) DO UPDATE SET value = counter.value + excluded.value",
            (len(entries),),
        )

    def last_hash(self) -> str:
        row = self.store.execute("SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
        return str(row[0]) if row else "0" * 64

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: rows and the count come from the same snapshot."""
        with self.store.db.atomic():
            if not self.store.is_sqlite:
                self.store.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield

    def chain(self) -> Iterator[AuditRow]:
        """Every entry in id order, with ``at`` as the ISO text the hash covers (``T`` between date and time)."""
        for entry_id, at, actor, action, number, detail, rows, prev_hash, stored in self.raw_chain():
            stamp = at.isoformat() if isinstance(at, datetime) else str(at).replace(" ", "T")
            yield AuditRow(entry_id, stamp, actor, action, number, detail, prev_hash, stored, rows)

    def raw_chain(self, *, batch: int = 20_000) -> Iterator[tuple[Any, ...]]:
        """Every entry as the driver gives it (id, at, actor, action, number, detail, rows, prev_hash, hash)."""
        cursor = self.store.db.cursor()
        cursor.execute(
            "SELECT id, at, actor, action, matter_number, detail, rows, prev_hash, hash FROM audit_entry ORDER BY id"
        )
        while True:
            chunk = cursor.fetchmany(batch)
            if not chunk:
                return
            yield from chunk

    def entry_rows(self) -> Iterator[tuple[int, str, str]]:
        """(id, matter number, rows) of every entry that changed ledger rows, in id order."""
        cursor = self.store.execute(
            "SELECT id, matter_number, rows FROM audit_entry WHERE rows <> '' AND rows <> '{}' ORDER BY id"
        )
        yield from cursor

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
            AuditRow(e.id, _stamp(e.at), e.actor, e.action, e.matter_number, e.detail, e.prev_hash, e.hash, e.rows)
            for e in query
        ]

    def setting(self, key: str) -> str:
        ph = self.store.ph
        row = self.store.execute(f"SELECT value FROM setting WHERE key = {ph}", (key,)).fetchone()
        return str(row[0]) if row else ""

    def set_setting(self, key: str, value: str) -> None:
        ph = self.store.ph
        self.store.execute(
            f"INSERT INTO setting (key, value) VALUES ({ph}, {ph}) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- row digests -----------------------------------------------------------------------------------------------

    def matter_keys(self, number: str) -> list[str]:
        """The keys of a matter's rows: the matter, its party list, its events, its parties' person files."""
        ph = self.store.ph
        row = self.store.execute(f"SELECT id FROM matter WHERE number = {ph}", (number,)).fetchone()
        if row is None:
            return []
        mid = int(row[0])
        cursor = self.store.execute(
            f"SELECT 'e', id FROM event WHERE matter_id = {ph} "
            f"UNION ALL SELECT 'p', person_id FROM matter_party WHERE matter_id = {ph}",
            (mid, mid),
        )
        return [f"m:{mid}", f"pt:{mid}", *(f"{kind}:{ident}" for kind, ident in cursor)]

    def matter_digests(self, number: str) -> dict[str, str]:
        """The digests of a matter's rows by key (as :meth:`matter_keys` then :meth:`digests`, in four queries)."""
        ph = self.store.ph
        cursor = self.store.execute(f"SELECT * FROM matter WHERE number = {ph}", (number,))
        shape = _shape("m", cursor.description)
        row = cursor.fetchone()
        if row is None:
            return {}
        mid = int(row[shape.index("id")])
        out = {f"m:{mid}": _digest(shape.text(row)), f"pt:{mid}": ""}
        cursor = self.store.execute(f"SELECT * FROM event WHERE matter_id = {ph}", (mid,))
        shape = _shape("e", cursor.description)
        at = shape.index("id")
        out.update({f"e:{r[at]}": _digest(shape.text(r)) for r in cursor})
        cursor = self.store.execute(f"SELECT * FROM matter_party WHERE matter_id = {ph} ORDER BY id", (mid,))
        parties = cursor.fetchall()
        if parties:
            (_mid, digest), *_ = self._party_lists(_Rows(cursor.description, parties))
            out[f"pt:{mid}"] = digest
            at = [d[0] for d in cursor.description].index("person_id")
            out.update(self.digests(f"p:{r[at]}" for r in parties))
        return out

    def person_digests(self, id_numbers: Iterable[str]) -> dict[str, str]:
        """The digests of the person files with these ID numbers, by key (one query)."""
        wanted = [n for n in id_numbers if n]
        if not wanted:
            return {}
        ph = self.store.ph
        cursor = self.store.execute(
            f"SELECT * FROM person WHERE id_number IN ({', '.join(ph for _ in wanted)})", tuple(wanted)
        )
        shape = _shape("p", cursor.description)
        at = shape.index("id")
        return {f"p:{r[at]}": _digest(shape.text(r)) for r in cursor}

    def person_keys(self, id_numbers: Iterable[str]) -> list[str]:
        wanted = [n for n in id_numbers if n]
        if not wanted:
            return []
        ph = self.store.ph
        cursor = self.store.execute(
            f"SELECT id FROM person WHERE id_number IN ({', '.join(ph for _ in wanted)})", tuple(wanted)
        )
        return [f"p:{r[0]}" for r in cursor]

    def clerk_key(self, username: str) -> str:
        ph = self.store.ph
        row = self.store.execute(f"SELECT id FROM clerk WHERE username = {ph}", (username,)).fetchone()
        return f"c:{row[0]}" if row else ""

    def digests(self, keys: Iterable[str]) -> dict[str, str]:
        """The current digest of each keyed row ("" where there is no such row)."""
        by_kind: dict[str, list[str]] = {}
        for key in keys:
            kind, ident = split_key(key)
            by_kind.setdefault(kind, []).append(ident)
        out: dict[str, str] = {}
        ph = self.store.ph
        for kind, idents in by_kind.items():
            found: dict[str, str] = {}
            marks = ", ".join(ph for _ in idents)
            if kind == "s":
                cursor = self.store.execute(f"SELECT key, value FROM setting WHERE key IN ({marks})", tuple(idents))
                found = {str(k): _digest(f"s\x1f{k}\x1f{v!r}") for k, v in cursor}
            elif kind == "pt":
                ids = tuple(int(i) for i in idents)
                cursor = self.store.execute(
                    f"SELECT * FROM matter_party WHERE matter_id IN ({marks}) ORDER BY matter_id, id", ids
                )
                found = {str(mid): d for mid, d in self._party_lists(cursor)}
            elif kind in _TABLES:
                ids = tuple(int(i) for i in idents)
                cursor = self.store.execute(f"SELECT * FROM {_TABLES[kind]} WHERE id IN ({marks})", ids)
                shape = _shape(kind, cursor.description)
                at = shape.index("id")
                found = {str(r[at]): _digest(shape.text(r)) for r in cursor}
            for ident in idents:
                out[f"{kind}:{ident}"] = found.get(ident, "")
        return out

    @staticmethod
    def _party_lists(cursor: Any) -> Iterator[tuple[int, str]]:
        shape = _shape("pt", cursor.description)
        at = shape.index("matter_id")
        current: int | None = None
        parts: list[str] = []
        for r in cursor:
            if r[at] != current:
                if current is not None:
                    yield current, _digest("\x1e".join(parts))
                current, parts = r[at], []
            parts.append(shape.text(r))
        if current is not None:
            yield current, _digest("\x1e".join(parts))

    def all_digests(self, kind: str, *, lo: int | None = None, hi: int | None = None) -> Iterator[tuple[int, str]]:
        """(id, digest) of every row of a re-derived kind, optionally of ids in [lo, hi) only."""
        where = "" if lo is None else f" WHERE {'matter_id' if kind == 'pt' else 'id'} >= {int(lo)}"
        if hi is not None:
            where += f" AND {'matter_id' if kind == 'pt' else 'id'} < {int(hi)}"
        cursor = self.store.db.cursor()
        if kind == "pt":
            cursor.execute(f"SELECT * FROM matter_party{where} ORDER BY matter_id, id")
            yield from self._party_lists(_Batched(cursor))
            return
        cursor.execute(f"SELECT * FROM {_TABLES[kind]}{where}")
        shape = _shape(kind, cursor.description)
        at = shape.index("id")
        sha = hashlib.sha256
        for r in _Batched(cursor):
            yield r[at], sha(shape.text(r).encode()).hexdigest()[:32]

    def matter_numbers(self, ids: Iterable[int]) -> dict[int, str]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        ph = self.store.ph
        cursor = self.store.execute(
            f"SELECT id, number FROM matter WHERE id IN ({', '.join(ph for _ in wanted)})", tuple(wanted)
        )
        return {int(i): str(n) for i, n in cursor}

    def event_matters(self, ids: Iterable[int]) -> dict[int, int]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        ph = self.store.ph
        cursor = self.store.execute(
            f"SELECT id, matter_id FROM event WHERE id IN ({', '.join(ph for _ in wanted)})", tuple(wanted)
        )
        return {int(i): int(mid) for i, mid in cursor}

    def has_rows(self) -> bool:
        row = self.store.execute(
            "SELECT EXISTS (SELECT 1 FROM matter) OR EXISTS (SELECT 1 FROM person) "
            "OR EXISTS (SELECT 1 FROM audit_entry)"
        ).fetchone()
        return bool(row[0])

    def matter_scopes(self, *, batch: int = 5_000) -> Iterator[tuple[str, dict[str, str]]]:
        """(number, {key: digest}) of every matter with its party list and events, in id order (the seal)."""
        last = 0
        ph = self.store.ph
        while True:
            rows = self.store.execute(
                f"SELECT id, number FROM matter WHERE id > {ph} ORDER BY id LIMIT {batch}", (last,)
            ).fetchall()
            if not rows:
                return
            lo, hi = int(rows[0][0]), int(rows[-1][0]) + 1
            scopes: dict[int, dict[str, str]] = {int(r[0]): {} for r in rows}
            for mid, d in self.all_digests("m", lo=lo, hi=hi):
                scopes[mid][f"m:{mid}"] = d
            for mid, d in self.all_digests("pt", lo=lo, hi=hi):
                scopes[mid][f"pt:{mid}"] = d
            cursor = self.store.execute(
                f"SELECT * FROM event WHERE matter_id >= {ph} AND matter_id < {ph} ORDER BY id", (lo, hi)
            )
            shape = _shape("e", cursor.description)
            at, of = shape.index("id"), shape.index("matter_id")
            for r in cursor:
                scopes[int(r[of])][f"e:{r[at]}"] = _digest(shape.text(r))
            for mid, number in rows:
                yield str(number), scopes[int(mid)]
            last = hi - 1


class _Rows(list[Any]):
    """Rows already fetched, with their cursor's description (for :meth:`AuditRepository._party_lists`)."""

    def __init__(self, description: Any, rows: list[Any]) -> None:
        super().__init__(rows)
        self.description = description


class _Batched:
    """A cursor read in batches (``fetchmany``), so a million rows never sit in memory at once."""

    def __init__(self, cursor: Any, size: int = 20_000) -> None:
        self.cursor, self.size = cursor, size
        self.description = cursor.description

    def __iter__(self) -> Iterator[Any]:
        while True:
            chunk = self.cursor.fetchmany(self.size)
            if not chunk:
                return
            yield from chunk
