"""Several windows, one ledger: the PostgreSQL acceptance of issue 10.

Needs a server: RECEPTION_TEST_PG=postgresql://USER@HOST:PORT/postgres (a role that may CREATE DATABASE; .ci/run
starts one on a private port).  Without it these tests skip, except the first, which checks that a desk on
SQLite never loads the PostgreSQL driver.  Most checks compare the two backends: the same registrations and
actions on a SQLite file and on a PostgreSQL database must read back the same (search, ledger filters, clocks).
"""

from __future__ import annotations

import dataclasses
import functools
import multiprocessing as mp
import os
import queue
import random
import shutil
import subprocess
import sys
import textwrap
import time
import traceback
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reception.domain.identity import check_digit
from tests.actors import ADMIN, AS_ADMIN, admin, seed_accounts


def make_id_number(seq: int, *, birth: str) -> str:
    first17 = f"110101{birth}{seq % 1000:03d}"
    return first17 + check_digit(first17)


PG_SERVER = os.environ.get("RECEPTION_TEST_PG", "")
RARE = "𠈌"
FOUR_BY = 250
POOL = [make_id_number(i, birth="19700101") for i in range(40)]  # the persons every window keeps seeing
TIME_BUDGET_S = 120


# -- the driver stays out of a SQLite desk ------------------------------------------------------------------------


def test_sqlite_desk_never_imports_the_postgres_driver(tmp_path: Path, auth_file: Path) -> None:
    """``import reception.cli`` and whole commands on a SQLite file: psycopg2 is never imported (issue 10)."""
    registration = tmp_path / "r.json"
    registration.write_text(
        '{"channel": "visit", "persons": [{"name": "王五"}], "summary": "噪音扰民", "clerk": "李四"}', encoding="utf-8"
    )
    seed_accounts(tmp_path / "desk.db")
    code = textwrap.dedent(f"""
        import contextlib, io, sys
        import reception.cli
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("psycopg2", "psycopg"))
        assert not loaded, ("import reception.cli", loaded)
        db = {str(tmp_path / "desk.db")!r}
        for argv in (["demo-data", "--cases", "30", "--json"], ["register", {str(registration)!r}],
                     ["search", "王"], ["show", "2026-01-000001", "--json"], ["audit", "verify"]):
            with contextlib.redirect_stdout(io.StringIO()):
                reception.cli.main(["--db", db, "--as", "测试员", *argv])
        import peewee
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("psycopg2", "psycopg"))
        assert not loaded, ("a SQLite run", loaded)
        print("ok")
    """)
    env = {**os.environ, "RECEPTION_AUTH_FILE": str(auth_file)}
    done = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("ok")


def test_postgres_url_without_the_extra_says_what_to_install(tmp_path: Path) -> None:
    code = textwrap.dedent("""
        import sys
        sys.modules["psycopg2"] = None  # as if the "postgres" extra were not installed
        from reception.storage.db import StorageError, init_db
        try:
            init_db("postgresql://reception@127.0.0.1:1/none")
        except StorageError as exc:
            print(exc)
    """)
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert "reception[postgres]" in done.stdout, done.stdout + done.stderr


def test_password_never_shows_in_messages() -> None:
    from reception.storage.db import redact_url

    assert redact_url("postgresql://desk:s3cr%40t@10.0.0.5:5432/ledger") == "postgresql://desk:***@10.0.0.5:5432/ledger"
    assert redact_url("postgresql://desk@host/ledger") == "postgresql://desk@host/ledger"
    assert redact_url("/home/x/ledger.db") == "/home/x/ledger.db"


# -- four windows registering at once ----------------------------------------------------------------------------


def _registration(worker: int, i: int, rng: random.Random) -> dict[str, Any]:
    first = rng.randrange(len(POOL))
    persons = [{"name": f"张{first}", "id_number": POOL[first], "phone": f"139{first:08d}", "role": "petitioner"}]
    if rng.random() < 0.3:  # a companion: another known person, or one without any ID
        second = rng.randrange(len(POOL))
        if second != first:
            persons.append({"name": f"张{second}", "id_number": POOL[second], "role": "companion"})
        else:
            persons.append({"name": f"无证{worker}-{i}", "role": "companion"})
    return {
        "channel": "visit",
        "received_at": (datetime.now() - timedelta(days=1)).replace(microsecond=0).isoformat(),
        "persons": persons,
        "headcount": len(persons),
        "summary": f"第 {worker} 号窗口登记的第 {i} 件，反映噪音扰民。",
        "clerk": f"窗口{worker}",
    }


def _register_worker(url: str, worker: int, barrier: Any, results: Any) -> None:  # a spawned process
    try:
        from reception.services.context import open_services

        barrier.wait(timeout=60)  # all four open (and migrate) the new database at the same moment
        services = open_services(url)
        rng = random.Random(worker)
        started = time.perf_counter()
        numbers = [services.ledger.register(_registration(worker, i, rng), actor=ADMIN).number for i in range(FOUR_BY)]
        results.put((worker, numbers, time.perf_counter() - started, None))
        services.close()
    except BaseException:
        barrier.abort()
        results.put((worker, [], 0.0, traceback.format_exc()))


def _run_four(target: Any, url: str) -> list[tuple[int, list[Any], float, str | None]]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(4)
    results = ctx.Queue()
    procs = [ctx.Process(target=target, args=(url, w, barrier, results)) for w in range(1, 5)]
    for p in procs:
        p.start()
    got: list[Any] = []
    deadline = time.monotonic() + TIME_BUDGET_S * 2
    while len(got) < len(procs):
        try:
            got.append(results.get(timeout=1))
        except queue.Empty:
            dead = [p.exitcode for p in procs if p.exitcode not in (None, 0)]
            assert not dead, f"a window's process died without reporting (exit codes {dead})"
            assert time.monotonic() < deadline, "the windows did not finish in time"
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    errors = [err for _w, _n, _t, err in got if err]
    assert not errors, "\n".join(errors)
    return got


def test_four_windows_register_250_each_at_once(pg_database) -> None:
    from reception.services.context import open_services

    url = pg_database()
    started = time.perf_counter()
    got = _run_four(_register_worker, url)
    elapsed = time.perf_counter() - started
    numbers = [n for _w, ns, _t, _e in got for n in ns]
    assert len(numbers) == 4 * FOUR_BY
    assert len(set(numbers)) == 4 * FOUR_BY, "a number was given twice"
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, 4 * FOUR_BY + 1)), "no gaps"
    for _w, ns, _t, _e in got:
        assert ns == sorted(ns), "each window sees its numbers increase"

    services = open_services(url)
    try:
        q = services.store.execute
        assert q("SELECT COUNT(*) FROM matter").fetchone()[0] == 4 * FOUR_BY
        assert q("SELECT SUM(value) FROM counter WHERE name LIKE 'matter:%%'").fetchone()[0] == 4 * FOUR_BY
        # One person file per ID number, however many windows registered that person at the same moment.
        assert (
            q(
                "SELECT COUNT(*) FROM (SELECT id_number FROM person WHERE id_number IS NOT NULL "
                "GROUP BY id_number HAVING COUNT(*) > 1) d"
            ).fetchone()[0]
            == 0
        )
        used = {
            r[0]
            for r in q(
                "SELECT DISTINCT p.id_number FROM person p JOIN matter_party mp "
                "ON mp.person_id = p.id WHERE p.id_number IS NOT NULL"
            ).fetchall()
        }
        assert q("SELECT COUNT(*) FROM person WHERE id_number IS NOT NULL").fetchone()[0] == len(used)
        assert used <= set(POOL) and len(used) > 30
        # 重件: a matter is a repeat exactly when one of its ID'd persons came in an earlier (committed) matter.
        seen: set[str] = set()
        rows = q(
            "SELECT m.id, m.is_repeat, p.id_number FROM matter m JOIN matter_party mp ON mp.matter_id = m.id "
            "JOIN person p ON p.id = mp.person_id ORDER BY m.id, mp.position"
        ).fetchall()
        by_matter: dict[int, tuple[bool, list[str]]] = {}
        for mid, repeat, idn in rows:
            by_matter.setdefault(mid, (repeat, []))[1].append(idn)
        for mid, (repeat, ids) in sorted(by_matter.items()):
            known = [i for i in ids if i]
            assert repeat == any(i in seen for i in known), mid
            seen.update(known)
        result = services.audit.verify()
        assert result.ok, result.message
        assert result.entries >= 4 * FOUR_BY
    finally:
        services.close()
    timings = {w: round(t, 2) for w, _n, t, _e in got}
    print(f"\nfour windows on PostgreSQL: {elapsed:.1f} s, register loops {timings}")
    assert elapsed < TIME_BUDGET_S


def _sequence_worker(url: str, worker: int, barrier: Any, results: Any) -> None:  # a spawned process
    try:
        from reception.storage.db import init_db, next_sequence

        store = init_db(url)
        barrier.wait(timeout=60)
        values = []
        for _ in range(FOUR_BY):
            with store.db.atomic():  # a bare transaction: no write lock, only the counter row's own lock
                values.append(next_sequence(store, "doc:receipt", 2026))
        results.put((worker, values, 0.0, None))
        store.close()
    except BaseException:
        barrier.abort()
        results.put((worker, [], 0.0, traceback.format_exc()))


def test_numbering_is_safe_by_the_counter_row_lock_alone(pg_database) -> None:
    """``next_sequence`` is one INSERT … ON CONFLICT DO UPDATE … RETURNING: safe without any other lock."""
    from reception.storage.db import init_db

    url = pg_database()
    init_db(url).close()
    got = _run_four(_sequence_worker, url)
    values = sorted(v for _w, vs, _t, _e in got for v in vs)
    assert values == list(range(1, 4 * FOUR_BY + 1))


# -- the same answers on both backends ---------------------------------------------------------------------------

NOW = datetime(2026, 11, 20, 10, 0, 0)


def _script(services: Any, sample_registration: Any) -> list[str]:
    """The same registrations and steps on a ledger; returns the numbers."""
    lg = services.ledger
    lg.clock = lambda: NOW
    numbers = []
    texts = [
        (f"王{RARE}", "反映小区物业乱收费问题", "××区"),
        ("李建国", "反映邻居装修噪音扰民", "城关镇"),
        ("张伟", "咨询户口迁移的办理流程", "×市东城街道"),
        (f"王{RARE}", "再次反映物业乱收费，要求退款", "××区"),
        ("赵钱孙", "二〇二六年①号楼漏水★无人处理", "ＡＢＣ小区"),
    ]
    for k in range(25):
        name, summary, location = texts[k % len(texts)]
        received = NOW - timedelta(days=3 + 4 * k, hours=k % 5)
        data = sample_registration(
            name=name,
            summary=summary,
            location=location,
            received_at=received.isoformat(),
            id_number=make_id_number(100 + k % 7, birth="19660606"),
            phone=f"1390000{k:04d}",
            channel=["visit", "letter", "phone", "online"][k % 4],
        )
        number = lg.register(data, actor=ADMIN).number
        numbers.append(number)
        at = received + timedelta(hours=2)
        if k % 3 == 0:
            lg.act(number, "accept", actor=admin("王科长"), at=at)
            if k % 2 == 0:
                lg.act(
                    number,
                    "assign",
                    {"to": "psb-legal", "due": (at + timedelta(days=20)).date().isoformat()},
                    actor=admin("王科长"),
                    at=at + timedelta(hours=1),
                )
        elif k % 3 == 1 and k % 2:
            lg.act(number, "refer", {"to": "12345"}, actor=admin("李四"), at=at)
    return numbers


QUERIES = [
    "王",
    RARE,
    f"王{RARE}",
    "物业",
    "物业乱收费",
    "噪",
    "建国",
    "李建国",
    "伟",
    "李伟",
    "××",
    "×",
    "×区",
    "×市",
    "①",
    "★",
    "二〇",
    "〇",
    "abc",
    "ＡＢＣ",
    "物业 退款",
    "收费，要求",
    "户口迁出",
    "漏水",
    "1966",
    "0606",
    "2026-01",
    "13900000",
    "城关",
]


def _answers(services: Any, numbers: list[str]) -> dict[str, Any]:
    from reception.domain.ledger import LedgerFilter

    lg = services.ledger
    answers: dict[str, Any] = {}
    for query in QUERIES:
        answers[f"search {query}"] = [r.number for r in lg.search(query)]
        f = LedgerFilter(text=query)
        answers[f"filter {query}"] = (lg.ledger_count(f), [r.number for r in lg.ledger_page(f, offset=0, limit=50)])
    filters = {
        "all": LedgerFilter(),
        "statuses": LedgerFilter(statuses=("accepted", "assigned")),
        "channels": LedgerFilter(channels=("letter", "online")),
        "dates": LedgerFilter(date_from=date(2026, 9, 1), date_to=date(2026, 10, 15)),
        "one day": LedgerFilter(date_from=(NOW - timedelta(days=7)).date(), date_to=(NOW - timedelta(days=7)).date()),
        "unit": LedgerFilter(handling_unit="××市公安局法制支队"),
        "clerk": LedgerFilter(clerk="李四"),
        "category": LedgerFilter(category="grievance"),
        **{f"level {lv}": LedgerFilter(levels=(lv,)) for lv in ("normal", "warn", "alert", "severe", "overdue")},
        "levels": LedgerFilter(levels=("severe", "overdue"), statuses=("registered",)),
    }
    for name, f in filters.items():
        answers[f"count {name}"] = lg.ledger_count(f)
        for sort in ("id", "number", "received_at", "due", "status", "headcount"):
            for descending in (True, False):
                page = lg.ledger_page(f, offset=2, limit=7, sort=sort, descending=descending)
                answers[f"page {name} {sort} {descending}"] = [r.number for r in page]
    answers["pages"] = [[r.number for r in lg.ledger_page(LedgerFilter(), offset=o, limit=10)] for o in (0, 10, 20)]
    from reception.services.supervision import SECTIONS, SupervisionService

    board = SupervisionService(services.store, lg)
    answers["board"] = (
        board.level_counts(),
        board.counts(),
        {s: [r.number for r in board.rows(s)] for s in sorted(SECTIONS)},
    )
    answers["distinct"] = (lg.distinct("handling_unit"), lg.distinct("clerk"))
    shown = [dataclasses.asdict(lg.show(n)) for n in numbers]
    answers["shown"] = [{k: v for k, v in s.items() if k != "uuid"} for s in shown]  # uuid: random
    answers["rows"] = lg.rows([services.ledger.repo.matter_id(n) for n in numbers])
    answers["persons"] = lg.lookup_persons(id_number=make_id_number(101, birth="19660606"), name="李建国")
    answers["audit"] = [
        (e.at, e.actor, e.action, e.matter_number, e.detail) for e in services.audit.entries(limit=1000)
    ]
    return answers


def test_same_answers_on_sqlite_and_postgresql(pg_database, tmp_path: Path, sample_registration) -> None:
    """Search (1-2 character Chinese included), every ledger filter and sort, clocks and levels, show: equal."""
    from reception.services.context import open_services

    results = []
    for url in (str(tmp_path / "same.db"), pg_database()):
        services = open_services(url)
        try:
            numbers = _script(services, sample_registration)
            results.append(_answers(services, numbers))
        finally:
            services.close()
    sqlite, postgres = results
    for answers in results:  # the audit trail stamps real time, not the ledger's clock
        answers["audit"] = [entry[1:] for entry in answers["audit"]]
    assert sqlite["search 王"] and sqlite["search 𠈌"] and sqlite["search ××"] and sqlite["search ★"]
    assert sqlite["count level overdue"] and sqlite["count level normal"]
    for key in sqlite:
        if key == "shown":
            for mine, theirs in zip(postgres[key], sqlite[key], strict=True):
                for field in theirs:
                    assert mine[field] == theirs[field], (theirs["number"], field)
        assert postgres[key] == sqlite[key], key


def test_prefix_searches_in_a_chinese_collation_database(pg_database, sample_registration) -> None:
    """A server whose databases sort in Chinese (ICU zh): number, ID-tail and phone-tail searches still work."""
    from reception.services.context import open_services

    url = pg_database()
    name = url.rsplit("/", 1)[1]
    import psycopg2

    admin = psycopg2.connect(PG_SERVER)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE {name}")
        cur.execute(
            f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0 LOCALE_PROVIDER icu "
            "ICU_LOCALE 'zh-Hans-CN' LOCALE 'C.UTF-8'"
        )
    admin.close()
    services = open_services(url)
    try:
        idn = make_id_number(321, birth="19880808")
        m = services.ledger.register(sample_registration(name="周七", id_number=idn, phone="13712345678"), actor=ADMIN)
        assert [r.number for r in services.ledger.search(m.number[:8])] == [m.number]
        assert [r.number for r in services.ledger.search(idn[-6:])] == [m.number]
        assert [r.number for r in services.ledger.search("5678")] == [m.number]
        assert [r.number for r in services.ledger.search("周")] == [m.number]
    finally:
        services.close()


def test_every_ledger_sort_key_has_an_index_ending_in_id(pg_database) -> None:
    """Pages sorted by any column walk an index (SQLite's index entries are in rowid order by themselves)."""
    from reception.storage.db import init_db
    from reception.storage.ledger import SORT_COLUMNS

    store = init_db(pg_database())
    try:
        defs = [r[0] for r in store.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'matter'").fetchall()]
        for key in set(SORT_COLUMNS.values()) - {"m.id", "m.number"}:
            column = key.removeprefix("m.")
            assert any(f"({column}, id)" in d or f"({column} NULLS FIRST, id)" in d for d in defs), column
    finally:
        store.close()


def test_a_database_not_in_utf8_is_refused(pg_database) -> None:
    import psycopg2

    from reception.storage.db import StorageError, init_db

    url = pg_database()
    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(PG_SERVER)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE {name}")
        cur.execute(f"CREATE DATABASE {name} ENCODING 'LATIN1' LOCALE 'C' TEMPLATE template0")
    admin.close()
    with pytest.raises(StorageError, match="UTF8"):
        init_db(url)


# -- another window's changes ----------------------------------------------------------------------------------


def test_change_token_sees_other_windows(services, sample_registration) -> None:
    """Runs on both backends: the ledger view's poll notices a registration or a step done at another window."""
    from reception.services.context import open_services

    other = open_services(services.store.url)
    try:
        first = services.ledger.change_token()
        assert services.ledger.change_token() == first  # nothing happened: no reload
        m = other.ledger.register(sample_registration(), actor=ADMIN)
        second = services.ledger.change_token()
        assert second != first
        other.ledger.act(m.number, "accept", actor=admin("王科长"))
        third = services.ledger.change_token()
        assert third not in (first, second)
        services.ledger.search("张")  # reading changes nothing
        assert services.ledger.change_token() == third
    finally:
        other.close()


# -- backup through the application: the ledger as a SQLite file, and back --------------------------------------


def _counts(store: Any, tables: list[str]) -> dict[str, int]:
    return {t: int(store.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]) for t in tables}


def test_export_to_sqlite_and_back(pg_database, tmp_path: Path, sample_registration) -> None:
    from reception.domain.roles import Principal, Role
    from reception.services.context import open_services
    from reception.storage.db import StorageError, init_db
    from reception.storage.pg_export import export_to_sqlite, import_from_sqlite

    url = pg_database()
    services = open_services(url)
    services.accounts.scrypt_n = 2**10
    admin = services.accounts.create_first_admin("admin", "管理员", "admin-password")
    services.accounts.create(admin, "lisi", "李四", "lisi-password", Role.CLERK)
    services.accounts.login("lisi", "lisi-password")
    numbers = _script(services, sample_registration)
    services.ledger.show(numbers[0], reveal=True, actor=Principal("赵科长", Role.SUPERVISOR))
    before = _answers(services, numbers)
    tables = services.store.db.get_tables()
    pg_counts = _counts(services.store, tables)
    assert pg_counts["matter"] == 25 and pg_counts["audit_entry"] > 25 and pg_counts["clerk"] == 2

    progress: list[tuple[int, int]] = []
    copy = tmp_path / "export.db"
    counts = export_to_sqlite(services.store, copy, progress=lambda d, t: progress.append((d, t)), batch=7)
    assert counts == pg_counts
    assert progress[-1][0] == progress[-1][1] == sum(pg_counts.values())
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    assert not Path(f"{copy}-wal").exists() or Path(f"{copy}-wal").stat().st_size == 0
    # The desk's models still point at the server after the copy.
    assert services.accounts.has_accounts() and services.ledger.agencies()
    later = (NOW - timedelta(days=1)).isoformat()
    services.ledger.register(sample_registration(summary="导出之后登记", received_at=later), actor=ADMIN)
    with pytest.raises(StorageError):
        export_to_sqlite(services.store, copy)  # never over an existing file
    # The audit chain is keyed (services/context.chain_key): a copy of a ledger goes with its key file, as the
    # README says of moving a ledger.
    from reception.services.context import KEY_FILE_SUFFIX, key_file

    shutil.copyfile(key_file(services.store), copy.with_name(copy.name + KEY_FILE_SUFFIX))
    services.close()

    restored = open_services(copy)  # the SQLite ledger a restore would put on a desk
    restored.ledger.clock = lambda: NOW
    try:
        assert _counts(restored.store, tables) == pg_counts
        after = _answers(restored, numbers)
        for key in before:
            assert after[key] == before[key], key
        assert restored.audit.verify().ok
        assert restored.accounts.login("lisi", "lisi-password").name == "李四"
        assert restored.ledger.register(sample_registration(received_at=later), actor=ADMIN).number.endswith("000026")
        after = _answers(restored, numbers)  # what the file holds now, to compare the server's copy of it with
    finally:
        restored.close()

    # And back into a new database on the server (restore of an archive made at a hall).
    back_url = pg_database()
    back = init_db(back_url)
    copied = import_from_sqlite(back, copy)
    assert copied["matter"] == 26 and copied["matter_fts"] == 26
    with pytest.raises(StorageError, match="不是空的"):
        import_from_sqlite(back, copy)
    assert import_from_sqlite(back, copy, replace=True) == copied
    shutil.copyfile(copy.with_name(copy.name + KEY_FILE_SUFFIX), key_file(back))  # the ledger moves with its key
    back.close()
    services = open_services(back_url)
    services.ledger.clock = lambda: NOW
    try:
        assert services.audit.verify().ok
        again = _answers(services, numbers)
        for key in after:
            assert again[key] == after[key], key
        # The sequences moved past the copied ids, the counters past the copied numbers.
        assert services.ledger.register(sample_registration(received_at=later), actor=ADMIN).number.endswith("000027")
        assert services.accounts.login("admin", "admin-password").name == "管理员"
    finally:
        services.close()


# -- every command on a server ---------------------------------------------------------------------------------


def _as_admin(main: Any, argv: list[str]) -> int:
    return main(argv if "--as" in argv else [*AS_ADMIN, *argv])


def test_commands_on_a_postgresql_url(
    pg_database, tmp_path: Path, monkeypatch, capsys, sample_registration, auth_file: Path
) -> None:
    import json

    from reception.cli import main

    url = pg_database()
    monkeypatch.setenv("RECEPTION_DB", url)
    monkeypatch.setenv("RECEPTION_AUTH_FILE", str(auth_file))
    assert main(["demo-data", "--cases", "40", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["matters"] == 40
    seed_accounts(url)
    main = functools.partial(_as_admin, main)
    source = tmp_path / "r.json"
    source.write_text(json.dumps(sample_registration(name="王五", summary="服务器上登记")), encoding="utf-8")
    assert main(["register", str(source), "--json"]) == 0
    number = json.loads(capsys.readouterr().out)["number"]
    assert main(["act", number, "accept", "--as", "王科长", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "accepted"
    assert main(["show", number, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"] == "服务器上登记"
    assert main(["search", "王五", "--json"]) == 0
    assert number in capsys.readouterr().out
    assert main(["audit", "verify"]) == 0
    password = tmp_path / "pw"
    password.write_text("a-long-password\n", encoding="utf-8")
    assert main(["account", "add", "--username", "zs", "--name", "张三", "--password-file", str(password)]) == 0
    assert main(["account", "list", "--json"]) == 0
    assert "zs" in capsys.readouterr().out
    assert main(["print", "receipt", number, "-o", str(tmp_path / "r.pdf")]) == 0
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_backup_of_a_server_ledger_restores_on_a_single_pc(pg_database, tmp_path: Path, sample_registration) -> None:
    """The desk backs up a PostgreSQL ledger through the application (no pg_dump): the archive verifies and
    restores into a SQLite ledger with the same matters, persons and events."""
    from reception.services.context import open_services

    services = open_services(pg_database())
    numbers = _script(services, sample_registration)
    usb = tmp_path / "usb"
    usb.mkdir()
    result = services.backup.backup(usb, "hall-backup-passphrase", actor=admin("赵科长"))
    manifest = services.backup.verify(result.path, "hall-backup-passphrase")
    assert manifest.counts["matter"] == len(numbers)
    assert services.ledger.setting("last_backup_at")
    tables = ["matter", "person", "event"]
    before = _counts(services.store, tables)
    services.close()
    target = tmp_path / "restored.db"
    single = open_services(tmp_path / "scratch.db")
    single.backup.restore_into(result.path, target, "hall-backup-passphrase", actor=admin("赵科长"))
    single.close()
    restored = open_services(target)
    assert _counts(restored.store, tables) == before
    assert restored.ledger.show(numbers[0]).number == numbers[0]
    restored.close()
