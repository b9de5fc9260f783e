"""The aggregate queries behind the statistics; what they mean is defined in :mod:`reception.services.statistics`.

Every figure of a period comes from a handful of GROUP BY queries over one ``received_at`` range of the
``matter_stats`` covering index (see models.py), never from a loop over rows in Python.  Python only adds up the
few hundred groups that come back.  On SQLite the queries of the three periods a report needs (本期, 同比, 环比) run
on a few read-only connections in parallel, since SQLite gives one query one core; on PostgreSQL they run one after
another on the ledger's connection.

Two details keep the SQL exact without a calendar in the database:

* 及时受理: the caller passes, for every received day of the period, the day after its 15-day due (holidays
  rolled by the domain's ``due_date``).  The query joins those days to the index range, so "answered before
  that day" is a plain comparison.
* 按期办结 of route-(6) matters (due counted from acceptance, + the extension): the query returns how many days
  after "acceptance + limit" each reply came, clipped to 0..64, with the acceptance day and the extension.  The
  caller settles the few groups between 1 and 63 with the calendar (0 is certainly in time, 64 certainly late:
  no run of statutory holidays lasts two months).
"""

from __future__ import annotations

import os
import queue
import sqlite3
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from reception.storage.db import Store
from reception.storage.values import required_date

__all__ = ["BUCKET_LATE", "PeriodAggregates", "PeriodQuery", "StatsQuery"]

#: Clip of the "days past acceptance + limit" of a route-(6) reply: 0 = in time whatever the calendar,
#: BUCKET_LATE = late whatever the calendar; the groups between need the calendar.
BUCKET_LATE = 64

#: Text dimensions counted in pairs with a short code list (one scan and one sort per pair); content categories
#: alone, and the three categories as filtered counts of the main pass.
DIMENSION_PAIRS = (("channel", "clerk"), ("purpose", "location"))
CATEGORY_CODES = ("suggestion", "complaint", "grievance")

#: Relative cost of each query of a period (CPU on a million matters), for ordering the parallel work.
TASK_WEIGHT = {"status": 15, "pair": 14, "main": 14, "closure": 11, "content_category": 9}

#: 回访 results counted (the codes of domain.codes.Satisfaction)
SATISFACTION_CODES = ("satisfied", "basic", "dissatisfied")

#: Size bands of collective visits: (key, lowest headcount); a band runs up to the next one's lowest minus one.
SIZE_BANDS = (("1-4", 1), ("5-9", 5), ("10-19", 10), ("20-49", 20), ("50-99", 50), ("100+", 100))


@dataclass(frozen=True)
class PeriodQuery:
    """One period to aggregate, with what the SQL cannot know: the rules' numbers and the calendar's dues."""

    start: date
    end: date  # inclusive
    #: received day → the first day that is too late for the first answer (the day after the 15-day due)
    notify_too_late: dict[date, date]
    finished_statuses: tuple[str, ...]
    #: days from acceptance to the route-(6) due before any holiday roll (60, or 59 when the first day counts)
    handle_base_days: int


@dataclass
class PeriodAggregates:
    """What the queries found for one period (plain numbers; the service turns them into figures)."""

    start: date
    end: date
    #: dimension → value → [matters, persons]; dimensions: channel, clerk, category, content_category,
    #: purpose, location, status, handling_unit
    dims: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    matters: int = 0
    persons: int = 0
    #: satisfaction code → matters rated so
    satisfaction: dict[str, int] = field(default_factory=dict)
    replied: int = 0  # matters with a reply or an on-the-spot answer (replied_at set)
    bands: dict[str, list[int]] = field(default_factory=dict)  # collective visits: band → [matters, persons]
    repeat: list[int] = field(default_factory=lambda: [0, 0])
    skip_level: list[int] = field(default_factory=lambda: [0, 0])
    leader_assigned: list[int] = field(default_factory=lambda: [0, 0])
    answered: int = 0
    answered_in_time: int = 0
    finished: int = 0
    finished_in_time: int = 0
    #: route-(6) finished matters the calendar must settle: (acceptance day, extension days, days past, matters)
    closure_to_settle: list[tuple[date, int, int, int]] = field(default_factory=list)
    #: leader action kind (receive, assign, instruction) → [matters, persons]
    leader_actions: dict[str, list[int]] = field(default_factory=dict)
    leader_days: int = 0


class StatsQuery:
    """The statistics' SQL for one ledger; ``workers`` > 1 runs a report's queries on parallel readers (SQLite)."""

    def __init__(self, store: Store, *, workers: int | None = None) -> None:
        self.store = store
        self.ph = "?" if store.is_sqlite else "%s"
        cpus = os.cpu_count() or 1
        self.workers = max(1, min(4, cpus) if workers is None else workers)
        self._has_leader_tables: bool | None = None

    # -- dialect ---------------------------------------------------------------------------------------------

    def _dayno(self, column: str) -> str:
        """The day of a timestamp as a whole number (differences are days)."""
        if self.store.is_sqlite:
            return f"CAST(julianday({column}) + 0.5 AS INTEGER)"
        return f"(CAST({column} AS DATE) - DATE '2000-01-01')"

    def _day(self, column: str) -> str:
        return f"substr({column}, 1, 10)" if self.store.is_sqlite else f"CAST({column} AS DATE)"

    def _clip(self, expr: str, low: int, high: int) -> str:
        if self.store.is_sqlite:
            return f"min(max({expr}, {low}), {high})"
        return f"LEAST(GREATEST({expr}, {low}), {high})"

    def _stamp(self, d: date) -> str:
        """A date as an SQL literal comparable with the timestamp columns (dates come from ``date`` objects)."""
        text = date.isoformat(d)
        return f"'{text}'" if self.store.is_sqlite else f"TIMESTAMP '{text}'"

    @staticmethod
    def _range(alias: str = "m") -> str:
        return f"{alias}.received_at >= {{ph}} AND {alias}.received_at < {{ph}}"

    def _bounds(self, start: date, end: date) -> tuple[str, str]:
        return start.isoformat(), (end + timedelta(days=1)).isoformat()

    # -- the queries of one period -------------------------------------------------------------------------------

    def _tasks(self, p: PeriodQuery, index: int) -> list[tuple[tuple[int, str], str, tuple[Any, ...]]]:
        ph = self.ph
        where = self._range().format(ph=ph)
        bounds = self._bounds(p.start, p.end)
        tasks: list[tuple[tuple[int, str], str, tuple[Any, ...]]] = []
        for first, second in DIMENSION_PAIRS:
            sql = (
                f"SELECT m.{first}, m.{second}, COUNT(*), SUM(m.headcount) FROM matter m WHERE {where} "
                f"GROUP BY m.{first}, m.{second}"
            )
            tasks.append(((index, f"pair:{first}:{second}"), sql, bounds))
        sql = (
            f"SELECT m.status, m.handling_unit, COUNT(*), SUM(m.headcount) FROM matter m WHERE {where} "
            "GROUP BY m.status, m.handling_unit"
        )
        tasks.append(((index, "status"), sql, bounds))
        sql = (
            f"SELECT m.content_category, COUNT(*), SUM(m.headcount) FROM matter m WHERE {where} "
            "GROUP BY m.content_category"
        )
        tasks.append(((index, "content_category"), sql, bounds))
        tasks.append(((index, "main"), self._main_sql(p), ()))
        tasks.append(((index, "closure"), self._closure_sql(p), bounds))
        if self._leader_tables():
            # Leader actions are few (a handful a day): they drive, each finds its matter by primary key.
            sql = (
                "SELECT x.kind, COUNT(*), SUM(x.headcount) FROM (SELECT DISTINCT la.kind, m.id, m.headcount "
                f"FROM leader_action la CROSS JOIN matter m WHERE m.id = la.matter_id AND {where}) x "
                "GROUP BY x.kind"
            )
            tasks.append(((index, "leaders"), sql, bounds))
            tasks.append(
                (
                    (index, "leader_days"),
                    f"SELECT COUNT(*) FROM leader_day WHERE day >= {ph} AND day <= {ph}",
                    (p.start.isoformat(), p.end.isoformat()),
                )
            )
        return tasks

    def _main_sql(self, p: PeriodQuery) -> str:
        """One pass over the period's days without any sorting: first answers in time, collective visits by size,
        the flags, the 回访 results and the categories, each a filtered count (see MAIN_COLUMNS)."""
        rows = []
        day = p.start
        while day <= p.end:
            too_late = p.notify_too_late[day]
            rows.append(f"({self._stamp(day)}, {self._stamp(day + timedelta(days=1))}, {self._stamp(too_late)})")
            day += timedelta(days=1)
        # The first answer is notified_at (受理/不予受理/转送/当场答复 set it); an 异议退回 does not, so a returned
        # matter's answer is its object event (few rows: the subquery runs for them only).
        answer = (
            "COALESCE(m.notified_at, CASE WHEN m.status = 'returned' THEN (SELECT MIN(e.at) FROM event e "
            "WHERE e.matter_id = m.id AND e.kind = 'object') END)"
        )
        finished = ", ".join(f"'{s}'" for s in p.finished_statuses)
        unaccepted = f"m.accepted_at IS NULL AND m.status IN ({finished})"
        columns = [
            "COUNT(*)",
            "SUM(m.headcount)",
            f"COUNT(*) FILTER (WHERE {answer} IS NOT NULL)",
            f"COUNT(*) FILTER (WHERE {answer} < d.too_late)",
            f"COUNT(*) FILTER (WHERE {unaccepted})",
            f"COUNT(*) FILTER (WHERE {unaccepted} AND {answer} < d.too_late)",
        ]
        for (_, low), (_, nxt) in pairwise((*SIZE_BANDS, ("", 0))):
            band = f"m.collective AND m.headcount >= {low}" + (f" AND m.headcount < {nxt}" if nxt else "")
            columns += [f"COUNT(*) FILTER (WHERE {band})", f"SUM(m.headcount) FILTER (WHERE {band})"]
        for flag in ("m.is_repeat", "m.skip_level", "m.leader <> ''"):
            columns += [f"COUNT(*) FILTER (WHERE {flag})", f"SUM(m.headcount) FILTER (WHERE {flag})"]
        columns += [f"COUNT(*) FILTER (WHERE m.satisfaction = '{s}')" for s in SATISFACTION_CODES]
        columns.append("COUNT(*) FILTER (WHERE m.replied_at IS NOT NULL)")
        for code in CATEGORY_CODES:
            columns += [
                f"COUNT(*) FILTER (WHERE m.category = '{code}')",
                f"SUM(m.headcount) FILTER (WHERE m.category = '{code}')",
            ]
        # FILTER costs about half of SUM(CASE …) per row on SQLite, and is standard SQL (PostgreSQL too).
        return (
            f"WITH days (day_first, day_next, too_late) AS (VALUES {', '.join(rows)}) "
            f"SELECT {', '.join(columns)} "
            "FROM days d JOIN matter m ON m.received_at >= d.day_first AND m.received_at < d.day_next"
        )

    def _closure_sql(self, p: PeriodQuery) -> str:
        """Finished matters that were accepted: route (1)-(5) leave the petition clock (in time); route (6) as
        days past "acceptance + limit + extension", clipped, with what the calendar needs to settle the middle."""
        finished = ", ".join(f"'{s}'" for s in p.finished_statuses)
        past = (
            f"{self._dayno('m.replied_at')} - {self._dayno('m.accepted_at')} - m.extension_days "
            f"- {int(p.handle_base_days)}"
        )
        route6 = "(m.route IS NULL OR m.route = 6)"
        # (status || '') keeps SQLite's planner on the covering index instead of the status index.
        return (
            f"SELECT CASE WHEN {route6} THEN {self._clip(past, 0, BUCKET_LATE)} ELSE 0 END, "
            f"CASE WHEN {route6} THEN {self._day('m.accepted_at')} END, "
            f"CASE WHEN {route6} THEN m.extension_days END, COUNT(*) "
            f"FROM matter m WHERE {self._range().format(ph=self.ph)} AND m.accepted_at IS NOT NULL "
            f"AND (m.status || '') IN ({finished}) GROUP BY 1, 2, 3"
        )

    # -- running --------------------------------------------------------------------------------------------

    def _leader_tables(self) -> bool:
        """Ledgers made before the leader tables existed have no leader data: their counts are simply zero."""
        if self._has_leader_tables is None:
            if self.store.is_sqlite:
                sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('leader_action', 'leader_day')"
            else:
                sql = (
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                    "AND table_name IN ('leader_action', 'leader_day')"
                )
            rows = self.run([("tables", sql, ())])["tables"]
            self._has_leader_tables = len(rows) == 2
        return self._has_leader_tables

    def _parallel(self) -> bool:
        """Readers of its own for a SQLite file: parallel queries, and safe from any thread (the dashboard's
        worker) without opening a peewee connection there."""
        path = self.store.path
        return self.store.is_sqlite and path is not None and str(path) != ":memory:"

    def _reader(self) -> sqlite3.Connection:
        conn = sqlite3.connect(str(self.store.path), timeout=30, check_same_thread=False)
        conn.execute("PRAGMA query_only = 1")
        conn.execute("PRAGMA cache_size = -32768")
        conn.execute("PRAGMA mmap_size = 268435456")
        return conn

    def run(self, tasks: Sequence[tuple[Any, str, tuple[Any, ...]]]) -> dict[Any, list[tuple[Any, ...]]]:
        """Execute ``(key, sql, params)`` tasks; returns key → rows.  Parallel on readers when it pays."""
        tasks = [(key, sql.replace("{ph}", self.ph), params) for key, sql, params in tasks]
        if not self._parallel():
            return {key: list(self.store.execute(sql, params).fetchall()) for key, sql, params in tasks}
        workers = max(1, min(self.workers, len(tasks)))
        if workers == 1:
            conn = self._reader()
            try:
                return {key: conn.execute(sql, params).fetchall() for key, sql, params in tasks}
            finally:
                conn.close()
        readers: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        opened = [self._reader() for _ in range(workers)]
        for conn in opened:
            readers.put(conn)

        def one(task: tuple[Any, str, tuple[Any, ...]]) -> tuple[Any, list[tuple[Any, ...]]]:
            key, sql, params = task
            conn = readers.get()
            try:
                return key, conn.execute(sql, params).fetchall()
            finally:
                readers.put(conn)

        try:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="stats") as pool:
                return dict(pool.map(one, tasks))
        finally:
            for conn in opened:
                conn.close()

    def periods(self, periods: Sequence[PeriodQuery]) -> list[PeriodAggregates]:
        """Aggregates of each period (a report's 本期, 同比 and 环比 in one call, so they run side by side)."""
        tasks = []
        for i, p in enumerate(periods):
            tasks.extend(self._tasks(p, i))
        # Longest first (measured on a million matters), so the readers finish together.
        tasks.sort(key=lambda t: -TASK_WEIGHT.get(t[0][1].split(":")[0], 1))
        results = self.run(tasks)
        return [self._collect(p, i, results) for i, p in enumerate(periods)]

    def _collect(self, p: PeriodQuery, i: int, results: dict[Any, list[tuple[Any, ...]]]) -> PeriodAggregates:
        agg = PeriodAggregates(start=p.start, end=p.end)
        dims = agg.dims

        def add(dim: str, value: Any, matters: int, persons: int) -> None:
            slot = dims.setdefault(dim, {}).setdefault("" if value is None else str(value), [0, 0])
            slot[0] += int(matters)
            slot[1] += int(persons or 0)

        for first, second in DIMENSION_PAIRS:
            for a, b, n, persons in results[(i, f"pair:{first}:{second}")]:
                add(first, a, n, persons)
                add(second, b, n, persons)
        for status, unit, n, persons in results[(i, "status")]:
            add("status", status, n, persons)
            add("handling_unit", unit, n, persons)
        for value, n, persons in results[(i, "content_category")]:
            add("content_category", value, n, persons)
        (row,) = results[(i, "main")]
        values = iter(int(v or 0) for v in row)
        agg.matters, agg.persons = next(values), next(values)
        agg.answered, agg.answered_in_time = next(values), next(values)
        agg.finished, agg.finished_in_time = next(values), next(values)  # finished without acceptance
        agg.bands = {key: [next(values), next(values)] for key, _ in SIZE_BANDS}
        agg.repeat = [next(values), next(values)]
        agg.skip_level = [next(values), next(values)]
        agg.leader_assigned = [next(values), next(values)]
        agg.satisfaction = {code: next(values) for code in SATISFACTION_CODES}
        agg.replied = next(values)
        for code in CATEGORY_CODES:
            add("category", code, next(values), next(values))
        for past_days, accept_day, ext, count in results[(i, "closure")]:
            n = int(count)
            agg.finished += n
            past = 0 if past_days is None else int(past_days)
            if past <= 0:
                agg.finished_in_time += n
            elif past < BUCKET_LATE:
                agg.closure_to_settle.append((required_date(accept_day), int(ext or 0), past, n))
        for kind, n, persons in results.get((i, "leaders"), []):
            agg.leader_actions[str(kind)] = [int(n), int(persons or 0)]
        rows = results.get((i, "leader_days"))
        agg.leader_days = int(rows[0][0]) if rows else 0
        return agg

    # -- the dashboard's trend line ----------------------------------------------------------------------------

    def daily(self, start: date, end: date) -> list[tuple[date, int, int]]:
        """(day, matters, persons) for each received day of the period that has matters, in order."""
        sql = (
            f"SELECT {self._day('m.received_at')}, COUNT(*), SUM(m.headcount) FROM matter m "
            f"WHERE {self._range().format(ph=self.ph)} GROUP BY 1 ORDER BY 1"
        )
        rows = self.run([("daily", sql, self._bounds(start, end))])["daily"]
        return [(required_date(d), int(n), int(persons or 0)) for d, n, persons in rows]
