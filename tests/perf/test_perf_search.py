"""Search on a million-matter ledger gives what a plain LIKE scan gives (issue 2's acceptance).

Not part of the default run (a million-matter ledger takes minutes to build): set ``RECEPTION_PERF_DB`` to a demo
ledger made with ``reception --db /tmp/perf1m.db demo-data --cases 1000000``.  Correctness only; the speed of the
same queries is measured by ``reception bench``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# 2-character name fragments and 2-character summary terms, common and rare.
NAME_FRAGMENTS = ["王芳", "张伟", "子涵", "雨桐", "王𠈌", "刘喆"]
SUMMARY_TERMS = ["滋扰", "落户", "暂扣", "砂石", "噪音", "回执"]


@pytest.fixture(scope="module")
def ledger():
    path = os.environ.get("RECEPTION_PERF_DB")
    if not path or not Path(path).exists():
        pytest.skip("set RECEPTION_PERF_DB to a large demo ledger")
    from reception.domain.roles import Principal, Role
    from reception.services.context import open_services

    services = open_services(path)
    raw = sqlite3.connect(path)
    yield services, raw, Principal("督办员", Role.SUPERVISOR)
    raw.close()
    services.close()


@pytest.mark.parametrize("fragment", NAME_FRAGMENTS + SUMMARY_TERMS)
def test_search_matches_a_like_scan(ledger, fragment: str) -> None:
    services, raw, viewer = ledger
    expected = [
        row[0]
        for row in raw.execute(
            "SELECT number FROM matter WHERE summary LIKE ?1 OR party_names LIKE ?1 OR location LIKE ?1 "
            "ORDER BY id DESC LIMIT 50",
            (f"%{fragment}%",),
        )
    ]
    got = [row["number"] for row in services.ledger.search(fragment, 50, viewer=viewer)]
    assert got == expected
    total_like = raw.execute(
        "SELECT COUNT(*) FROM matter WHERE summary LIKE ?1 OR party_names LIKE ?1 OR location LIKE ?1",
        (f"%{fragment}%",),
    ).fetchone()[0]
    total_index = raw.execute(
        "SELECT COUNT(*) FROM matter_fts WHERE matter_fts MATCH ?", (f'"{fragment}"',)
    ).fetchone()[0]
    assert total_index == total_like
