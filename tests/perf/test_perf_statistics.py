"""Statistics on a million matters: one month with 同比/环比 (issue 7); its speed is measured by ``reception bench``.

Not part of the default run: set ``RECEPTION_PERF_DB`` to a demo ledger made with this schema
(``reception --db /tmp/perf1m.db demo-data --cases 1000000``); the test opens it read-only in spirit (it only
reads) and reports the median of five runs after a warm-up.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def big():
    path = os.environ.get("RECEPTION_PERF_DB")
    if not path or not Path(path).exists():
        pytest.skip("set RECEPTION_PERF_DB to a large demo ledger")
    from reception.services.context import open_services

    services = open_services(path)
    yield services
    services.close()


def test_one_month_with_comparisons_on_a_large_ledger(big):
    """The figures hang together at scale (the 200 ms target itself is measured by ``reception bench``)."""
    last = big.store.execute("SELECT MAX(received_at) FROM matter").fetchone()[0]
    end = date.fromisoformat(str(last)[:10]).replace(day=1) - timedelta(days=1)
    start = end.replace(day=1)
    report = big.stats.report(start, end)
    assert report.matters > 10_000
    assert sum(report.by_channel.values()) == report.matters
    assert sum(report.by_status.values()) == report.matters
    assert report.persons >= report.matters
    for key in ("previous_year", "previous_period"):
        assert report.part(key).matters > 10_000
