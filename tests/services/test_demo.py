"""The demo ledger is realistic and agrees with the desk's own rules: its clock columns are what the state machine
computes, its search tokens what the storage layer would write, its IDs valid."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reception.domain import workflow
from reception.domain.clocks import level_change_times
from reception.domain.identity import parse_id
from reception.services.demo import generate
from reception.storage import search

TODAY = datetime(2026, 11, 28, 12, 0)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = generate(str(path), 2500, seed=3, today=TODAY)
    from reception.services.context import open_services

    services = open_services(path)
    services.ledger.clock = lambda: TODAY
    raw = sqlite3.connect(path)
    yield result, services, raw
    raw.close()
    services.close()


def test_shape_of_the_ledger(demo: Any) -> None:
    result, _services, raw = demo
    assert result["matters"] == 2500
    lengths = [len(r[0]) for r in raw.execute("SELECT summary FROM matter")]
    assert min(lengths) >= 50 and max(lengths) <= 300
    statuses = {r[0] for r in raw.execute("SELECT DISTINCT status FROM matter")}
    assert {
        "registered",
        "accepted",
        "assigned",
        "supervised",
        "extended",
        "replied",
        "return_visited",
        "closed",
        "not_accepted",
        "referred",
    } <= statuses
    first, last = raw.execute("SELECT MIN(received_at), MAX(received_at) FROM matter").fetchone()
    assert first[:4] == "2023" and last[:10] <= "2026-11-28"
    assert raw.execute("SELECT COUNT(*) FROM matter WHERE is_repeat").fetchone()[0] > 100
    assert raw.execute("SELECT COUNT(*) FROM matter WHERE collective AND headcount >= 5").fetchone()[0] > 20
    assert raw.execute("SELECT COUNT(*) FROM matter WHERE level_overdue_at <= '2026-11-28 12:00:00'").fetchone()[0] > 20
    assert (
        raw.execute(
            "SELECT COUNT(*) FROM person WHERE name LIKE '%𠈌%' OR name LIKE '%喆%' OR name LIKE '%堃%'"
        ).fetchone()[0]
        > 0
    )
    for (number,) in raw.execute("SELECT id_number FROM person ORDER BY random() LIMIT 300"):
        parse_id(number)  # every demo ID passes the checksum


def test_clock_columns_are_what_the_state_machine_computes(demo: Any) -> None:
    _result, services, raw = demo
    ledger = services.ledger
    rows = raw.execute(
        "SELECT number, clock_kind, clock_start, clock_due, level_warn_at, level_overdue_at FROM matter"
    ).fetchall()
    for number, kind, start, due, warn_at, overdue_at in rows:
        matter = ledger.get(number)
        clock = workflow.current_clock(matter, ledger.calendar, ledger.rules)
        if clock is None:
            assert kind is None, number
            continue
        assert (kind, start, due) == (clock.kind.value, clock.start.isoformat(), clock.due.isoformat()), number
        times = level_change_times(clock.start, clock.due)
        assert (warn_at, overdue_at) == (times[0].isoformat(sep=" "), times[3].isoformat(sep=" ")), number


def test_search_tokens_find_what_a_scan_finds(demo: Any) -> None:
    _result, _services, raw = demo
    rng = random.Random(5)
    texts = raw.execute("SELECT summary, party_names, location FROM matter ORDER BY random() LIMIT 60").fetchall()
    for summary, names, location in texts:
        text = rng.choice([summary, names, location]).replace(" ", "")
        cut = rng.randrange(0, max(1, len(text) - 2))
        fragment = text[cut : cut + rng.choice([1, 2])]
        if not fragment or not fragment.isalpha():
            continue
        like = raw.execute(
            "SELECT COUNT(*) FROM matter WHERE summary LIKE ?1 OR party_names LIKE ?1 OR location LIKE ?1",
            (f"%{fragment}%",),
        ).fetchone()[0]
        everything = search.match_expression(fragment, complainants=True)  # a supervisor's search
        index = raw.execute("SELECT COUNT(*) FROM matter_fts WHERE matter_fts MATCH ?", (everything,)).fetchone()[0]
        assert index == like, fragment
        # Below supervisor a 检举控告 is found by its facts only, never by its complainant's name (条例 art 30).
        secret = search.confidential_sql()
        public = raw.execute(
            f"SELECT COUNT(*) FROM matter m WHERE ((summary LIKE ?1 OR location LIKE ?1) AND {secret})"
            f" OR ((summary LIKE ?1 OR party_names LIKE ?1 OR location LIKE ?1) AND NOT {secret})",
            (f"%{fragment}%",),
        ).fetchone()[0]
        plain = search.match_expression(fragment)
        index = raw.execute("SELECT COUNT(*) FROM matter_fts WHERE matter_fts MATCH ?", (plain,)).fetchone()[0]
        assert index == public, fragment


def test_refuses_a_ledger_that_has_matters(demo: Any, tmp_path: Path) -> None:
    from reception.domain.matter import InvalidInput

    _result, services, _raw = demo
    with pytest.raises(InvalidInput, match="已有事项"):
        generate(str(services.store.path), 10)


@pytest.mark.parametrize(
    "statuses", [("accepted", "assigned", "supervised"), ("closed",), ("returned",), ("registered", "extended")]
)
def test_status_pages_by_primary_key_scan_equal_the_index_plan(demo: Any, statuses: tuple[str, ...]) -> None:
    """The count hint only changes the plan (a primary-key walk for dense statuses), never the rows."""
    from reception.domain.ledger import LedgerFilter
    from reception.storage.ledger import LedgerQuery

    _result, services, _raw = demo
    query = LedgerQuery(services.store)
    f = LedgerFilter(statuses=statuses)
    count = query.count(f, TODAY)
    for offset in (0, 200, max(0, count - 50)):
        hinted = query.page(f, offset=offset, limit=200, now=TODAY, count=count)
        plain = query.page(f, offset=offset, limit=200, now=TODAY)
        assert hinted == plain
