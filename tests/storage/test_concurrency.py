"""Two desks numbering into one ledger file at the same time (two processes, as on a shared folder).

Both processes open the *fresh* file themselves (so opening and migrating race too), wait at a barrier, then
register 500 matters each through the service.  Every matter must get its own number, nothing may fail with
"database is locked", and the counts must add up.
"""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
import time
import traceback
from datetime import datetime, timedelta
from pathlib import Path

from tests.actors import ADMIN

PER_PROCESS = 500
TIME_BUDGET_S = 60


def _registration(worker: int, i: int) -> dict:
    from reception.domain.identity import check_digit

    # Distinct valid ID numbers: the worker picks the birth year, i the birth day and order code.
    birth = datetime(1960 + worker, 1, 1) + timedelta(days=i // 100)
    first17 = f"110101{birth:%Y%m%d}{i % 100:03d}"
    return {
        "channel": "visit",
        "received_at": (datetime.now() - timedelta(days=1)).replace(microsecond=0).isoformat(),
        "persons": [
            {"name": f"测试{worker}号{i}", "id_number": first17 + check_digit(first17), "phone": f"13{worker}{i:08d}"}
        ],
        "summary": f"第 {worker} 号窗口登记的第 {i} 件事项，反映噪音扰民。",
        "clerk": f"窗口{worker}",
    }


def _worker(path: str, worker: int, barrier, results) -> None:  # runs in a spawned process
    try:
        from reception.services.context import open_services

        services = open_services(path)
        barrier.wait(timeout=60)
        started = time.perf_counter()
        numbers = [services.ledger.register(_registration(worker, i), actor=ADMIN).number for i in range(PER_PROCESS)]
        results.put((worker, numbers, time.perf_counter() - started, None))
        services.close()
    except BaseException:
        barrier.abort()  # do not leave the other process waiting
        results.put((worker, [], 0.0, traceback.format_exc()))


def test_two_processes_register_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    started = time.perf_counter()
    procs = [ctx.Process(target=_worker, args=(str(path), w, barrier, results)) for w in (1, 2)]
    for p in procs:
        p.start()
    got = [results.get(timeout=TIME_BUDGET_S * 2) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    elapsed = time.perf_counter() - started

    errors = [err for _w, _n, _t, err in got if err]
    assert not errors, "\n".join(errors)
    numbers = [n for _w, ns, _t, _e in got for n in ns]
    assert len(numbers) == 2 * PER_PROCESS
    assert len(set(numbers)) == 2 * PER_PROCESS, "a number was given twice"
    # Each process saw its own numbers in increasing order.
    for _w, ns, _t, _e in got:
        assert ns == sorted(ns)

    con = sqlite3.connect(path)
    try:
        count = lambda table: con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: E731
        assert count("matter") == 2 * PER_PROCESS
        assert count("person") == 2 * PER_PROCESS
        assert count("matter_party") == 2 * PER_PROCESS
        assert count("event") == 2 * PER_PROCESS
        assert count("matter_fts") == 2 * PER_PROCESS
        assert con.execute("SELECT COUNT(DISTINCT number) FROM matter").fetchone()[0] == 2 * PER_PROCESS
        year = (datetime.now() - timedelta(days=1)).year  # the received_at of every registration
        assert con.execute("SELECT SUM(value) FROM counter WHERE name LIKE 'matter:%'").fetchone()[0] == 2 * PER_PROCESS
        seqs = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
        assert seqs == list(range(1, 2 * PER_PROCESS + 1)), "no gaps when nothing failed"
        assert all(n.startswith(f"{year}-") for n in numbers)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()

    timings = {w: round(t, 2) for w, _n, t, _e in got}
    print(f"\ntwo-process numbering: total {elapsed:.1f} s, register loops {timings}")
    assert elapsed < TIME_BUDGET_S, f"took {elapsed:.1f} s"
