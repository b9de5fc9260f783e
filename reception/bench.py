"""``reception bench``: every speed target of the desk, each measured beside its floor in the same run.

A floor is the same work done the plainest way on the same machine (plain ``sqlite3``, a bare reportlab canvas, a
bare ``QMainWindow``), so a ratio says what the desk's own code costs, whatever the machine.  Timings are medians
or percentiles of repeated runs after a warm-up; nothing here is a test and no test asserts a timing.
"""

from __future__ import annotations

import json
import os
import platform
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil

from reception.domain.roles import Principal, Role

BENCH = Principal("bench", Role.ADMINISTRATOR, via="cli")  # the administrator of its own synthetic ledger


def _ms(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    """Median wall time of ``fn`` in ms after one warm-up call, and its last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def figure(
    name: str, value: float | None, floor: float | None, target: str, met: bool | None, **detail: Any
) -> dict[str, Any]:
    ratio = round(value / floor, 3) if value is not None and floor else None
    return {
        "figure": name,
        "value_ms": None if value is None else round(value, 3),
        "floor_ms": None if floor is None else round(floor, 3),
        "ratio": ratio,
        "target": target,
        "met": met,
        **detail,
    }


def _failed(name: str, target: str, exc: BaseException) -> dict[str, Any]:
    return figure(name, None, None, target, False, error=f"{type(exc).__name__}: {exc}")


class Bench:
    def __init__(self, db: Path, cases: int, log: Callable[[str], None] | None = None) -> None:
        self.db = db
        self.cases = cases
        self.log = log or (lambda _msg: None)
        from reception.services.context import open_services

        self.services = open_services(str(db))
        self.raw = sqlite3.connect(str(db))
        self.rng = random.Random(7)

    # -- lookups -------------------------------------------------------------------------------------------

    def lookups(self) -> dict[str, Any]:
        raw, repo = self.raw, self.services.ledger.repo
        n = raw.execute("SELECT MAX(id) FROM matter").fetchone()[0]
        picks = [self.rng.randint(1, n) for _ in range(60)]
        samples = [
            raw.execute(
                "SELECT m.number, p.id_number, p.phone FROM matter m JOIN matter_party mp ON mp.matter_id = m.id "
                "JOIN person p ON p.id = mp.person_id WHERE m.id = ? LIMIT 1",
                (i,),
            ).fetchone()
            for i in picks
        ]
        samples = [s for s in samples if s]
        ours, floors = [], []
        plain = {
            "number": "SELECT id FROM matter WHERE number >= ? AND number < ? ORDER BY number DESC LIMIT 50",
            "id": "SELECT mp.matter_id FROM person p JOIN matter_party mp ON mp.person_id = p.id "
            "WHERE p.id_number = ? ORDER BY mp.matter_id DESC LIMIT 50",
            "phone": "SELECT mp.matter_id FROM person p JOIN matter_party mp ON mp.person_id = p.id "
            "WHERE p.phone = ? ORDER BY mp.matter_id DESC LIMIT 50",
        }
        for number, id_number, phone in samples:
            for kind, value in (("number", number), ("id", id_number), ("phone", phone)):
                args = (value, value + "\uffff") if kind == "number" else (value,)
                start = time.perf_counter()
                raw.execute(plain[kind], args).fetchall()
                floors.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                found = repo.search_ids(value, 50, complainants=True)  # a supervisor's: every matter is found
                ours.append((time.perf_counter() - start) * 1000)
                if not found:
                    raise AssertionError(f"lookup of {kind} {value} found nothing")
        value, floor = statistics.median(ours), statistics.median(floors)
        return figure(
            "lookup by matter number / ID number / phone",
            value,
            floor,
            "≤ 1 ms",
            value <= 1.0,
            p95_ms=round(_pct(ours, 95), 3),
            max_ms=round(max(ours), 3),
            queries=len(ours),
        )

    # -- search as you type ----------------------------------------------------------------------------------

    def queries(self) -> list[str]:
        """≥ 50 fixed fragments of 1–6 characters: common and rare name characters, summary terms."""
        return [
            "王",
            "李",
            "张",
            "刘",
            "陈",
            "𠈌",
            "喆",
            "堃",
            "昇",
            "犇",
            "淼",
            "垚",
            "燚",
            "赟",
            "玥",
            "彧",
            "翀",
            "王芳",
            "张伟",
            "李娜",
            "刘强",
            "陈静",
            "杨洋",
            "王𠈌",
            "赵喆",
            "滋扰",
            "派出所",
            "宅基地",
            "邻居",
            "交通事故",
            "责任认定",
            "落户",
            "网络购物",
            "骗取钱款",
            "噪音扰民",
            "态度生硬",
            "受案回执",
            "强行占用",
            "看守所",
            "驾驶证",
            "暂扣",
            "工资结算",
            "劳务费用",
            "身份证丢失",
            "娱乐场所",
            "治安管理处罚",
            "财物被盗",
            "砂石运输",
            "敢怒不敢言",
            "殴打致轻伤",
            "立案侦查",
            "武昌区",
            "洪山",
            "江夏区解放",
            "鱼",
            "龘",
            "武汉市",
            "社保缴纳",
        ]

    def search(self) -> dict[str, Any]:
        ledger, raw = self.services.ledger, self.raw
        ours, floors = [], []
        for q in self.queries():
            ledger.repo.search_ids(q, 50)
            start = time.perf_counter()
            ledger.search(q, 50)
            ours.append((time.perf_counter() - start) * 1000)
        for q in self.queries()[::5]:  # the LIKE floor is a full scan: a sample is enough
            start = time.perf_counter()
            raw.execute(
                "SELECT id FROM matter WHERE summary LIKE ? OR party_names LIKE ? ORDER BY id DESC LIMIT 50",
                (f"%{q}%", f"%{q}%"),
            ).fetchall()
            floors.append((time.perf_counter() - start) * 1000)
        p95 = _pct(ours, 95)
        return figure(
            "search-as-you-type (1–6 character Chinese fragments, first 50 results)",
            p95,
            _pct(floors, 95),
            "p95 ≤ 16 ms",
            p95 <= 16.0,
            p50_ms=round(_pct(ours, 50), 3),
            max_ms=round(max(ours), 3),
            queries=len(ours),
            floor_is="LIKE '%…%' scan, p95 of a sample",
        )

    # -- the ledger model --------------------------------------------------------------------------------------

    def ledger_model(self) -> list[dict[str, Any]]:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from reception.domain.ledger import LedgerFilter
        from reception.ui.models.ledger import LedgerModel

        app = QApplication.instance() or QApplication([])
        del app
        results = []
        start = time.perf_counter()
        model = LedgerModel(self.services.ledger)
        model.reload()  # what the ledger page does when it opens: count, then the first page
        rows = model.rowCount()
        model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole)
        first = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        model.data(model.index(rows - 1, 0), Qt.ItemDataRole.DisplayRole)
        jump = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        model.set_filter(LedgerFilter(statuses=("accepted", "assigned", "supervised")))
        filtered = model.rowCount()
        model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole)
        refilter = (time.perf_counter() - start) * 1000
        rss = psutil.Process().memory_info().rss / 2**20
        for name, value in (("first page", first), (f"jump to row {rows - 1:,}", jump), ("change a filter", refilter)):
            results.append(
                figure(
                    f"ledger model: {name}",
                    value,
                    None,
                    "≤ 100 ms; RSS ≤ 300 MB",
                    value <= 100 and rss <= 300,
                    rss_mb=round(rss, 1),
                    rows=rows,
                    filtered_rows=filtered,
                )
            )
        return results

    # -- statistics --------------------------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        stats = self.services.stats  # type: ignore[attr-defined]
        last = self.raw.execute("SELECT MAX(received_at) FROM matter").fetchone()[0]
        end = date.fromisoformat(str(last)[:10])
        month_start = end.replace(day=1) - timedelta(days=1)
        first = month_start.replace(day=1)
        value, _ = _ms(lambda: stats.report(first, month_start), repeat=5)
        return figure(f"statistics for one month with 同比/环比 ({first:%Y-%m})", value, None, "≤ 200 ms", value <= 200)

    # -- receipt -----------------------------------------------------------------------------------------------

    def receipt(self) -> dict[str, Any]:
        from reception.services.documents import bench_receipt

        ours, floor = bench_receipt(self.services)
        return figure(
            "receipt PDF, warm",
            ours,
            floor,
            "≤ 1.2× floor",
            ours <= 1.2 * floor,
            floor_is="bare reportlab canvas, same text, same fonts",
        )

    # -- backup ------------------------------------------------------------------------------------------------

    def backup(self, rounds: int = 3) -> dict[str, Any]:
        """Floor and ours alternately, ``rounds`` times each; the best of each (the least disturbed run)."""
        floors, ours = [], []
        result = None
        passphrase = "bench-passphrase-0123456789"
        for _ in range(rounds):
            with tempfile.TemporaryDirectory(prefix="reception-bench-") as tmp:
                target = Path(tmp)
                start = time.perf_counter()
                dst = sqlite3.connect(str(target / "floor.db"))
                self.raw.backup(dst)
                dst.close()
                floors.append((time.perf_counter() - start) * 1000)
                (target / "floor.db").unlink()
                start = time.perf_counter()
                result = self.services.backup.backup(
                    target, passphrase, actor=Principal("bench", Role.ADMINISTRATOR, via="cli")
                )  # type: ignore[attr-defined]
                ours.append((time.perf_counter() - start) * 1000)
        value, floor = min(ours), min(floors)
        assert result is not None
        return figure(
            "encrypted, verified backup",
            value,
            floor,
            "≤ 2× floor",
            value <= 2 * floor,
            floor_is="sqlite3.Connection.backup of the same file",
            runs_ms=[round(v) for v in ours],
            floor_runs_ms=[round(v) for v in floors],
            db_mb=round(self.db.stat().st_size / 2**20, 1),
            archive_mb=round(result.size / 2**20, 1),
            check=result.manifest.data.get("check", ""),
            snapshot=result.snapshot,
        )

    # -- start-up ----------------------------------------------------------------------------------------------

    def audit_verify(self, rounds: int = 3) -> dict[str, Any]:
        """The chain verified from its last anchor (every MAC, the anchor's) against the floor: the audit table read
        with plain ``sqlite3`` and hashed once (one SHA-256 over every row's fields)."""
        import hashlib

        audit = self.services.audit
        anchor = audit.head()

        def floor() -> int:
            h = hashlib.sha256()
            cur = self.raw.execute(
                "SELECT id, at, actor, action, matter_number, detail, rows, prev_hash, hash FROM audit_entry "
                "ORDER BY id"
            )
            n = 0
            while rows := cur.fetchmany(20_000):
                for r in rows:
                    h.update("\x1f".join(map(str, r)).encode())
                n += len(rows)
            return n

        def ours() -> Any:
            return audit.verify_chain(anchor)

        floors, values = [], []
        result: Any = None
        entries = 0
        for _ in range(rounds):  # interleaved, so a busy moment of the machine weighs on both alike
            start = time.perf_counter()
            entries = floor()
            floors.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            result = ours()
            values.append((time.perf_counter() - start) * 1000)
        value, base = statistics.median(values), statistics.median(floors)
        if not result.ok:
            raise RuntimeError(result.message)
        return figure(
            "audit chain verified from its last anchor",
            value,
            base,
            "≤ 2× floor",
            value <= 2 * base,
            floor_is="the audit table read with plain sqlite3 and hashed once (SHA-256 over every row)",
            entries=entries,
            runs_ms=[round(v, 1) for v in values],
            floor_runs_ms=[round(v, 1) for v in floors],
        )

    def audit_rows(self) -> dict[str, Any]:
        """The whole ``audit verify``: the chain, then every matter, party list, event and person file re-derived
        from it (measured once; reported, no target)."""
        start = time.perf_counter()
        full = self.services.audit.verify(self.services.audit.head())
        value = (time.perf_counter() - start) * 1000
        return figure(
            "ledger rows re-derived from the audit chain (the whole audit verify)",
            value,
            None,
            "reported",
            full.ok,
            rows=full.rows_checked,
            message=full.message[:200],
        )

    def audit_entry_cost(self, rounds: int = 200) -> dict[str, Any]:
        """What writing the audit entry (its row digests and MAC) adds to one registration: registrations with and
        without the trail, interleaved, each in a transaction rolled back (the bench ledger is left as it was)."""
        from reception.domain.identity import check_digit
        from reception.domain.roles import Principal, Role

        ledger, store = self.services.ledger, self.services.store
        clerk = Principal("李四", Role.CLERK)
        trail = ledger.audit
        received = datetime.now().replace(microsecond=0, second=0).isoformat()

        def data(i: int) -> dict[str, Any]:
            first17 = f"110101{1950 + i % 50}0101{i % 1000:03d}"
            return {
                "channel": "visit",
                "received_at": received,
                "source": {"kind": "own"},
                "persons": [{"name": "张三丰", "id_number": first17 + check_digit(first17), "phone": f"139{i:08d}"}],
                "headcount": 1,
                "purpose": "demand",
                "category": "grievance",
                "summary": "反映单位拖欠工资三个月，要求依法处理。",
            }

        def once(i: int, audited: bool) -> float:
            ledger.audit = trail if audited else None
            try:
                with store.db.atomic() as txn:
                    start = time.perf_counter()
                    ledger.register(data(i), actor=clerk)
                    elapsed = time.perf_counter() - start
                    txn.rollback()
            finally:
                ledger.audit = trail
            return elapsed * 1000

        for i in range(10):  # warm
            once(i, i % 2 == 0)
        with_trail, without = [], []
        for i in range(rounds):
            with_trail.append(once(i, True))
            without.append(once(i, False))
        a, b = statistics.median(with_trail), statistics.median(without)
        added = a - b
        return figure(
            "audit entry added to a registration",
            added,
            None,
            "≤ 1 ms",
            added <= 1.0,
            registration_with_trail_ms=round(a, 3),
            registration_without_trail_ms=round(b, 3),
            rounds=rounds,
        )

    def startup(self, runs: int = 5) -> dict[str, Any]:
        """Both processes timed by this process's clock from just before they are created to the moment they
        report being shown (reception/startprobe.py: ``main-floor`` and ``window``, so the bundle times itself the
        same way); the median of ``runs`` interleaved runs, after one unmeasured run of each (it fills the bytecode
        caches the installed desk ships with)."""
        from reception import startprobe

        runs_ms = startprobe.desk_start(self.db, runs, floor_kind="main-floor")
        ours, floors = runs_ms["shown"], runs_ms["floor"]
        value, floor = statistics.median(ours), statistics.median(floors)
        return figure(
            "start → main window shown with the ledger's first page",
            value,
            floor,
            "≤ 1.5× floor",
            value <= 1.5 * floor,
            floor_is="a bare QMainWindow shown and closed",
            runs_ms=[round(v, 1) for v in ours],
            floor_runs_ms=[round(v, 1) for v in floors],
        )

    def login_startup(self, runs: int = 5) -> list[dict[str, Any]]:
        """The clerk's start, as ``reception`` opens the desk (``run_desk``), on a copy of this ledger with one
        account (reception/startprobe.py): start → the login dialog takes keystrokes, beside a bare QWidget shown
        the same way; and password accepted → the registration form takes the ID.  The median of ``runs``
        interleaved runs after one unmeasured run of each."""
        from reception import startprobe

        with tempfile.TemporaryDirectory(prefix="reception-bench-login-") as tmp:
            ledger = Path(tmp) / "ledger.db"
            dst = sqlite3.connect(str(ledger))
            self.raw.backup(dst)
            dst.close()
            from reception.services.context import open_services

            services = open_services(str(ledger))
            try:
                services.accounts.create_first_admin(startprobe.USER, "测速管理员", startprobe.PASSWORD)
            finally:
                services.close()
            runs_ms = startprobe.clerk_start(ledger, Path(tmp), runs)
        return clerk_start_figures(runs_ms)

    def run(self, only: Sequence[str] = ()) -> list[dict[str, Any]]:
        """Every figure, or those whose name contains one of ``only`` (``reception bench --only audit``)."""
        steps: list[tuple[str, str, Callable[[], Any]]] = [
            ("start → main window shown with the ledger's first page", "≤ 1.5× floor", self.startup),
            (
                "the clerk's start: login dialog, then the registration form",
                "≤ 1.5× floor; ≤ 16 ms",
                self.login_startup,
            ),
            ("lookup by matter number / ID number / phone", "≤ 1 ms", self.lookups),
            ("search-as-you-type (1–6 character Chinese fragments, first 50 results)", "p95 ≤ 16 ms", self.search),
            ("ledger model", "≤ 100 ms; RSS ≤ 300 MB", self.ledger_model),
            ("statistics for one month with 同比/环比", "≤ 200 ms", self.stats),
            ("receipt PDF, warm", "≤ 1.2× floor", self.receipt),
            ("encrypted, verified backup", "≤ 2× floor", self.backup),
            ("audit chain verified from its last anchor", "≤ 2× floor", self.audit_verify),
            ("audit entry added to a registration", "≤ 1 ms", self.audit_entry_cost),
            ("ledger rows re-derived from the audit chain", "reported", self.audit_rows),
        ]
        if only:
            steps = [step for step in steps if any(word in step[0] for word in only)]
        results: list[dict[str, Any]] = []
        for name, target, step in steps:
            self.log(f"measuring: {name}")
            try:
                out = step()
            except Exception as exc:  # a missing part is reported, not hidden
                out = _failed(name, target, exc)
            results.extend(out if isinstance(out, list) else [out])
        machine = {
            "machine": f"{platform.machine()} · {psutil.cpu_count()} cores · "
            f"{psutil.virtual_memory().total / 2**30:.0f} GiB · Python {platform.python_version()}",
            "cases": self.cases,
            "at": datetime.now().isoformat(timespec="seconds"),
        }
        for r in results:
            r.setdefault("machine", machine["machine"])
        return results


def _median_or_none(values: list[float] | None) -> float | None:
    return round(statistics.median(values), 2) if values else None


def clerk_start_figures(runs_ms: dict[str, list[float]]) -> list[dict[str, Any]]:
    """The two figures of the clerk's start from :func:`reception.startprobe.clerk_start`'s runs; beside the wall
    times, ``cpu_ms`` (and ``floor_cpu_ms``): the CPU time spent, which a machine busy with other programs does
    not inflate as it does the wall time."""
    ready, floors, handovers = runs_ms["ready"], runs_ms["floor"], runs_ms["handover"]
    value, floor, handover = statistics.median(ready), statistics.median(floors), statistics.median(handovers)
    return [
        figure(
            "start → login dialog ready for keystrokes",
            value,
            floor,
            "≤ 1.5× floor",
            value <= 1.5 * floor,
            floor_is="a bare QWidget shown (QApplication + one widget)",
            runs_ms=[round(v, 1) for v in ready],
            floor_runs_ms=[round(v, 1) for v in floors],
            cpu_ms=_median_or_none(runs_ms.get("ready_cpu")),
            floor_cpu_ms=_median_or_none(runs_ms.get("floor_cpu")),
        ),
        figure(
            "password accepted → registration form ready for the ID",
            handover,
            None,
            "≤ 16 ms",
            handover <= 16.0,
            runs_ms=[round(v, 1) for v in handovers],
            measured_to="a key typed into the focused ID field is in it",
            cpu_ms=_median_or_none(runs_ms.get("handover_cpu")),
        ),
    ]


def bench_db(cases: int, directory: Path | None = None) -> Path:
    """The demo ledger of ``cases`` matters, built once and reused by later runs."""
    base = directory or Path(tempfile.gettempdir())
    path = base / f"reception-bench-{cases}.db"
    marker = path.with_suffix(".ok")
    if path.exists() and marker.exists():
        return path
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    from reception.services.demo import generate

    generate(str(path), cases, seed=1)
    marker.write_text(json.dumps({"cases": cases}))
    return path


def markdown_table(results: list[dict[str, Any]]) -> str:
    lines = ["| Figure | Value | Floor | Ratio | Target | Met |", "|---|---|---|---|---|---|"]
    for r in results:
        value = "—" if r["value_ms"] is None else f"{r['value_ms']:.2f} ms"
        floor = "—" if r["floor_ms"] is None else f"{r['floor_ms']:.2f} ms"
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.2f}×"
        met = "yes" if r["met"] else ("no: " + r["error"] if r.get("error") else "no")
        lines.append(f"| {r['figure']} | {value} | {floor} | {ratio} | {r['target']} | {met} |")
    machine = results[0].get("machine", "") if results else ""
    return "\n".join(lines) + f"\n\nMachine: {machine}."
