"""Statistics on a million matters: one month with 同比/环比 within 200 ms (DESIGN/issue 7).

Not part of the default run: set ``RECEPTION_PERF_DB`` to a demo ledger made with this schema
(``reception --db /tmp/perf1m.db demo-data --cases 1000000``); the test opens it read-only in spirit (it only
reads) and reports the median of five runs after a warm-up.
"""

from __future__ import annotations

import os
import statistics
import time
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


def test_one_month_with_comparisons_within_200_ms(big):
    last = big.store.execute("SELECT MAX(received_at) FROM matter").fetchone()[0]
    end = date.fromisoformat(str(last)[:10]).replace(day=1) - timedelta(days=1)
    start = end.replace(day=1)
    big.stats.report(start, end)  # warm-up: the first run reads the index from disk
    times = []
    for _ in range(5):
        t = time.perf_counter()
        report = big.stats.report(start, end)
        times.append((time.perf_counter() - t) * 1000)
    median = statistics.median(times)
    print(f"\n{start:%Y-%m}: {report['matters']} matters; median {median:.1f} ms, runs {[round(x) for x in times]}")
    assert report["matters"] > 10_000
    assert median <= 200
