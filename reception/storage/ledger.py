"""The ledger (台账) as pages of rows: filters and sorting run in SQL, never over the whole table in Python.

The desk's table model asks for a count and for pages of ~200 rows at any offset; at a million matters every
request must stay well inside a frame, so each filter maps to an indexed column and each sort key to an index.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from reception.domain.ledger import SORT_KEYS, DrillDown, LedgerFilter
from reception.storage import search as s
from reception.storage.db import Store
from reception.storage.models import Matter

_MATTER_COLUMNS = frozenset(Matter._meta.columns)  # type: ignore[attr-defined]  # peewee's metadata is untyped

# Each sort key (domain.ledger.SORT_KEYS) as the SQL expression it orders by (an index or the primary key).
SORT_COLUMNS = {
    "number": "m.number",
    "received_at": "m.received_at",
    "channel": "m.channel",
    "name": "m.petitioner_name",
    "headcount": "m.headcount",
    "summary": "m.id",
    "status": "m.status",
    "handling_unit": "m.handling_unit",
    "due": "m.clock_due",
    "clerk": "m.clerk",
    "id": "m.id",
}
assert tuple(SORT_COLUMNS) == SORT_KEYS

ROW_COLUMNS = (
    "id",
    "number",
    "received_at",
    "channel",
    "petitioner_name",
    "petitioner_id",
    "headcount",
    "summary",
    "status",
    "handling_unit",
    "clock_kind",
    "clock_start",
    "clock_due",
    "clerk",
    "category",
    "is_repeat",
    "collective",
    "petitioner_phone",
    "purpose",
    "party_names",
)


@dataclass(frozen=True, slots=True)
class LedgerRecord:
    """One matter's ledger columns as stored (:data:`ROW_COLUMNS`, in that order); the service labels and masks."""

    id: int
    number: str
    received_at: datetime | str
    channel: str
    petitioner_name: str
    petitioner_id: str
    headcount: int
    summary: str
    status: str
    handling_unit: str
    clock_kind: str | None
    clock_start: date | str | None
    clock_due: date | str | None
    clerk: str
    category: str
    is_repeat: bool | int
    collective: bool | int
    petitioner_phone: str
    purpose: str  # with category: whether the matter is a 检举控告 (domain.confidentiality)
    party_names: str


assert tuple(f.name for f in fields(LedgerRecord)) == ROW_COLUMNS

# Each warning level as the stored moments it starts and ends (see clocks.level_change_times).
LEVEL_BOUNDS = {
    "normal": (None, "level_warn_at"),
    "warn": ("level_warn_at", "level_alert_at"),
    "alert": ("level_alert_at", "level_severe_at"),
    "severe": ("level_severe_at", "level_overdue_at"),
    "overdue": ("level_overdue_at", None),
}


class LedgerQuery:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.ph = store.ph

    def _moment(self, value: date | datetime) -> Any:
        """A date or time as the column holds it: ISO text on SQLite, the value itself for PostgreSQL timestamps."""
        if not self.store.is_sqlite:
            return value
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()

    def _where(
        self, f: LedgerFilter, now: datetime, *, scan_by_id: bool = False, complainants: bool = False
    ) -> tuple[str, list[Any]]:
        """The filter as SQL; ``complainants``: the text may find a confidential matter by its complainant's name,
        ID or phone (a supervisor's view; see :mod:`reception.domain.confidentiality`)."""
        ph = self.ph
        clauses: list[str] = []
        args: list[Any] = []
        if f.statuses:
            # "+" keeps SQLite off the status index, so it walks the primary key in page order (see page()).
            plus = "+" if scan_by_id and self.store.is_sqlite else ""
            clauses.append(f"{plus}m.status IN ({', '.join(ph for _ in f.statuses)})")
            args.extend(f.statuses)
        if f.channels:
            clauses.append(f"m.channel IN ({', '.join(ph for _ in f.channels)})")
            args.extend(f.channels)
        if f.category:
            clauses.append(f"m.category = {ph}")
            args.append(f.category)
        if f.date_from:
            clauses.append(f"m.received_at >= {ph}")
            args.append(self._moment(f.date_from))
        if f.date_to:
            clauses.append(f"m.received_at < {ph}")
            args.append(self._moment(f.date_to + timedelta(days=1)))
        if f.handling_unit:
            clauses.append(f"m.handling_unit = {ph}")
            args.append(f.handling_unit)
        if f.clerk:
            clauses.append(f"m.clerk = {ph}")
            args.append(f.clerk)
        if not f.drill.is_empty():
            extra_sql, extra_args = self._drill_clauses(f.drill)
            clauses.extend(extra_sql)
            args.extend(extra_args)
        if f.levels:
            level_sql = []
            for level in f.levels:
                low_column, high_column = LEVEL_BOUNDS[level]
                sql, level_args = self._level_clause(low_column, high_column, now)
                level_sql.append(sql)
                args.extend(level_args)
            clauses.append("(" + " OR ".join(level_sql) + ")")
        if f.text.strip():
            text_sql, text_args = self._text_clause(f.text, complainants=complainants)
            clauses.append(text_sql)
            args.extend(text_args)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def _drill_clauses(self, drill: DrillDown) -> tuple[list[str], list[Any]]:
        """Filters without a chip, from the statistics' drill-down (StatisticsService.drill_filter)."""
        ph = self.ph
        clauses: list[str] = []
        args: list[Any] = []
        for key, text in (
            ("purpose", drill.purpose),
            ("content_category", drill.content_category),
            ("location", drill.location),
        ):
            if text is not None:
                clauses.append(f"m.{key} = {ph}")
                args.append(text)
        for key, flag in (
            ("collective", drill.collective),
            ("is_repeat", drill.is_repeat),
            ("skip_level", drill.skip_level),
        ):
            if flag is not None:
                clauses.append(f"m.{key} = {ph}")
                args.append(flag)
        if drill.leader_assigned is not None:
            clauses.append("m.leader <> ''" if drill.leader_assigned else "m.leader = ''")
        for op, bound in ((">=", drill.headcount_min), ("<=", drill.headcount_max)):
            if bound is not None:
                clauses.append(f"m.headcount {op} {ph}")
                args.append(bound)
        if drill.handling_unit_empty:
            clauses.append("m.handling_unit = ''")
        if drill.leader_action:
            clauses.append(f"m.id IN (SELECT la.matter_id FROM leader_action la WHERE la.kind = {ph})")
            args.append(drill.leader_action)
        if drill.satisfaction:
            clauses.append(f"m.satisfaction IN ({', '.join(ph for _ in drill.satisfaction)})")
            args.extend(drill.satisfaction)
        return clauses, args

    def _level_clause(self, low: str | None, high: str | None, now: datetime) -> tuple[str, list[Any]]:
        parts = ["m.clock_due IS NOT NULL"]
        args: list[Any] = []
        stamp = self._moment(now.replace(microsecond=0))
        if low is not None:
            parts.append(f"m.{low} <= {self.ph}")
            args.append(stamp)
        if high is not None:
            parts.append(f"m.{high} > {self.ph}")
            args.append(stamp)
        return "(" + " AND ".join(parts) + ")", args

    def _text_clause(self, text: str, *, complainants: bool = False) -> tuple[str, list[Any]]:
        """The one search box as a filter: identity/phone/number lookups or the CJK token index."""
        from reception.storage.repo import Repository

        ids = Repository(self.store).search_ids(text, limit=5000, complainants=complainants)
        wanted = s.query_tokens(text)
        if wanted and not any(len(t) > 2 for t in s.verify_terms(text)):
            # Short fragments: the token index is exact, so filter in SQL over every hit, not just 5,000.
            args: list[Any]
            if self.store.is_sqlite:
                base = "m.id IN (SELECT rowid FROM matter_fts WHERE matter_fts MATCH ?)"
                args = [s.match_expression(text, complainants=complainants)]
            elif complainants:
                base = "m.id IN (SELECT matter_id FROM matter_fts WHERE tokens @> %s::text[] OR tokens @> %s::text[])"
                args = [wanted, s.query_tokens(text, private=True)]
            else:
                base, args = "m.id IN (SELECT matter_id FROM matter_fts WHERE tokens @> %s::text[])", [wanted]
            if ids:
                return f"({base} OR m.id IN ({', '.join(self.ph for _ in ids)}))", [*args, *ids]
            return base, args
        if not ids:
            return "1 = 0", []
        return f"m.id IN ({', '.join(self.ph for _ in ids)})", list(ids)

    def count(self, f: LedgerFilter, now: datetime | None = None, *, complainants: bool = False) -> int:
        where, args = self._where(f, now or datetime.now(), complainants=complainants)
        return int(self.store.execute(f"SELECT COUNT(*) FROM matter m{where}", args).fetchone()[0])

    def page(
        self,
        f: LedgerFilter,
        *,
        offset: int,
        limit: int,
        sort: str = "id",
        descending: bool = True,
        now: datetime | None = None,
        count: int | None = None,
        complainants: bool = False,
    ) -> list[tuple[Any, ...]]:
        """Rows ``offset``..``offset+limit`` in the chosen order (ties broken by id, so pages never overlap).

        ``count`` (the filter's row count, which the desk has already asked for) lets a status filter in id order
        walk the primary key when matching rows are dense enough that a page is found within ~50,000 rows, instead
        of collecting and sorting every match (a million-row ledger: 1 ms against 65 ms).
        """
        key = SORT_COLUMNS.get(sort, "m.id")
        scan_by_id = False
        if key == "m.id" and f.statuses and count:
            low, high = self.store.execute(
                "SELECT (SELECT MIN(id) FROM matter), (SELECT MAX(id) FROM matter)"
            ).fetchone()
            span = (high or 0) - (low or 0) + 1
            scan_by_id = (offset + limit) * span / count <= 50_000
        where, args = self._where(f, now or datetime.now(), scan_by_id=scan_by_id, complainants=complainants)
        direction = "DESC" if descending else "ASC"
        nulls = ""
        if key == "m.clock_due" and not self.store.is_sqlite:
            # SQLite's order: empty (NULL) due dates are the smallest.  PostgreSQL's default is the opposite; its
            # clock_due index is built NULLS FIRST (db._m0001_initial), so both directions still walk the index.
            # (The other sort keys are NOT NULL: no clause there, which would keep their indexes from being used.)
            nulls = " NULLS LAST" if descending else " NULLS FIRST"
        order = f"{key} {direction}" if key == "m.id" else f"{key} {direction}{nulls}, m.id {direction}"
        cols = ", ".join(f"m.{c}" for c in ROW_COLUMNS)
        if not where and key == "m.id":
            # The unfiltered ledger by id: seek straight to the page (ids are dense) instead of skipping rows.
            return self._page_by_id(offset, limit, descending)
        sql = f"SELECT {cols} FROM matter m{where} ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)}"
        return self.store.execute(sql, args).fetchall()

    def page_rows(self, f: LedgerFilter, **kwargs: Any) -> list[LedgerRecord]:
        """:meth:`page` with each row as a :class:`LedgerRecord`."""
        return [LedgerRecord(*r) for r in self.page(f, **kwargs)]

    def rows(self, ids: list[int]) -> list[LedgerRecord]:
        """The ledger rows of these matters (any order)."""
        if not ids:
            return []
        marks = ", ".join(self.ph for _ in ids)
        sql = f"SELECT {', '.join(ROW_COLUMNS)} FROM matter WHERE id IN ({marks})"
        return [LedgerRecord(*r) for r in self.store.execute(sql, tuple(ids)).fetchall()]

    def scan(
        self, f: LedgerFilter, columns: Sequence[str], now: datetime, *, batch: int = 2000, complainants: bool = False
    ) -> Iterator[tuple[Any, ...]]:
        """Every matching row's ``columns`` (matter columns; the first must be ``id``) in id order, read one
        batch at a time with a keyset (never the whole result at once): the export."""
        assert columns[:1] == ("id",), columns
        assert all(c in _MATTER_COLUMNS for c in columns), columns
        where, args = self._where(f, now, complainants=complainants)
        cols = ", ".join(f"m.{c}" for c in columns)
        hint = " NOT INDEXED" if self.store.is_sqlite else ""
        joiner = " AND " if where else " WHERE "
        sql = f"SELECT {cols} FROM matter m{hint}{where}{joiner}m.id > {self.ph} ORDER BY m.id LIMIT {int(batch)}"
        last = 0
        while True:
            page = self.store.execute(sql, [*args, last]).fetchall()
            yield from page
            if len(page) < batch:
                return
            last = page[-1][0]

    def _page_by_id(self, offset: int, limit: int, descending: bool) -> list[tuple[Any, ...]]:
        cols = ", ".join(f"m.{c}" for c in ROW_COLUMNS)
        ph = self.ph
        # Find the id at position ``offset`` with a covering scan of the primary key only when ids have gaps.
        # Three subqueries: each is answered from the b-tree ends or the smallest index (0.2 ms at a million rows),
        # where one combined aggregate scans the table (~100 ms).
        row = self.store.execute(
            "SELECT (SELECT MIN(id) FROM matter), (SELECT MAX(id) FROM matter), (SELECT COUNT(*) FROM matter)"
        ).fetchone()
        low, high, total = row
        if total and high - low + 1 == total:
            if descending:
                top = high - offset
                sql = f"SELECT {cols} FROM matter m WHERE m.id <= {ph} ORDER BY m.id DESC LIMIT {int(limit)}"
            else:
                top = low + offset
                sql = f"SELECT {cols} FROM matter m WHERE m.id >= {ph} ORDER BY m.id ASC LIMIT {int(limit)}"
            return self.store.execute(sql, (top,)).fetchall()
        direction = "DESC" if descending else "ASC"
        sql = f"SELECT {cols} FROM matter m ORDER BY m.id {direction} LIMIT {int(limit)} OFFSET {int(offset)}"
        return self.store.execute(sql).fetchall()

    def change_token(self) -> str:
        """Changes whenever any desk registers or acts on a matter (two primary-key lookups, well under 1 ms).

        Every such write inserts a matter or an event row, and ids only grow; writes commit in id order (SQLite's
        single writer; on PostgreSQL ``Store.write`` serialises writers), so a change committed by another desk
        can never hide behind an id already seen.
        """
        row = self.store.execute("SELECT (SELECT MAX(id) FROM matter), (SELECT MAX(id) FROM event)").fetchone()
        return f"{row[0] or 0}.{row[1] or 0}"

    def distinct(self, column: str, limit: int = 500) -> list[str]:
        """Values for a filter chip's menu (handling units, clerks)."""
        assert column in {"handling_unit", "clerk"}
        rows = self.store.execute(
            f"SELECT DISTINCT {column} FROM matter WHERE {column} != '' ORDER BY {column} LIMIT {int(limit)}"
        ).fetchall()
        return [r[0] for r in rows]
