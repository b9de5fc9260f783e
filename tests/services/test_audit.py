"""The tamper-evident audit trail (issue 6): what is recorded, the hash chain, tampering, concurrency, secrets.

The ledger here is driven only through the services, as the desk drives it, so every entry is one the application
wrote.  Tampering is done the way an intruder would: with the ``sqlite3`` module on the file (on PostgreSQL, with
a psycopg2 connection of its own).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing as mp
import random
import re
import sqlite3
import traceback
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reception.domain.matter import InvalidInput
from reception.domain.roles import CLERK_ACTIONS, Forbidden, Principal, Role
from reception.domain.workflow import allowed_actions
from reception.services.accounts import AccountService, LoginFailed
from reception.services.audit import GENESIS, AuditService, entry_hash, entry_mac

CHEAP = 2**10
CLERKS = [Principal("李四", Role.CLERK), Principal("王五", Role.CLERK), Principal("周六", Role.CLERK)]
SUPERVISOR = Principal("赵科长", Role.SUPERVISOR)


# -- a busy ledger through the services ----------------------------------------------------------------------------


def _params(action: str) -> dict[str, Any]:
    return {
        "accept": {},
        "reject": {"reason_code": 5},
        "refer": {"to": "12345"},
        "answer": {"text": "已当场解释有关政策。"},
        "object": {"reason": "不属于本级管辖。"},
        "assign": {"to": "12345", "due": (date.today() + timedelta(days=15)).isoformat()},
        "supervise": {"note": "请抓紧办理。"},
        "extend": {"days": 10, "reason": "情况复杂", "approver": "赵科长"},
        "reply": {"outcome": "explain", "text": "经调查，答复如下。"},
        "return-visit": {"satisfaction": "basic"},
        "request-review": {},
        "review-reply": {"outcome": "deny", "text": "维持原处理意见。"},
        "close": {"note": ""},
        "unit-report": {"text": "承办单位报告已办结。"},
        "inform-route": {"text": "请向人民法院提起诉讼。"},
        "hearing": {"start": date.today().isoformat(), "end": date.today().isoformat()},
    }[action]


def run_workload(services, sample_registration, matters: int, *, seed: int = 7) -> dict[str, Any]:
    """Register ``matters`` matters at the desk and take random valid steps on them; returns what was done."""
    rng = random.Random(seed)
    received = (datetime.now() - timedelta(hours=3)).replace(microsecond=0).isoformat()
    done: dict[str, Any] = {"register": 0, "act": 0, "numbers": [], "ids": [], "phones": [], "expected": []}
    for i in range(matters):
        clerk = CLERKS[i % len(CLERKS)]
        overrides: dict[str, Any] = {"received_at": received}
        if rng.random() < 0.3:
            overrides["category"] = "complaint"
        if rng.random() < 0.2:
            overrides["source"] = {"kind": "forwarded", "agency": "××市信访局"}
        data = sample_registration(**overrides)
        matter = services.ledger.register(data, actor=clerk)
        done["register"] += 1
        done["numbers"].append(matter.number)
        done["ids"].append(data["persons"][0]["id_number"])
        done["phones"].append(data["persons"][0]["phone"])
        done["expected"].append(("register", clerk.name, matter.number))
        for _ in range(rng.randint(0, 4)):
            options = allowed_actions(matter)
            if not options:
                break
            action = rng.choice(options)
            actor = clerk if action in CLERK_ACTIONS and rng.random() < 0.7 else SUPERVISOR
            matter = services.ledger.act(matter.number, action, _params(action), actor=actor)
            done["act"] += 1
            done["expected"].append((f"act:{action}", actor.name, matter.number))
    return done


def _all(services) -> list[dict[str, Any]]:
    return list(reversed(services.audit.entries(limit=1_000_000)))


class _PgCon:
    """The few sqlite3.Connection calls used here, on a psycopg2 connection; timestamps come back as SQLite's text."""

    def __init__(self, url: str) -> None:
        import psycopg2

        self.con = psycopg2.connect(url)
        # The intruder here is the server's superuser: it switches off the triggers that refuse UPDATE and DELETE
        # of audit entries (a desks' role cannot; tests/storage/test_pg_append_only.py).
        self.con.cursor().execute("SET session_replication_role = replica")

    def execute(self, sql: str, params: tuple = ()) -> Any:
        cur = self.con.cursor()
        cur.execute(sql.replace("?", "%s"), params)
        if cur.description is None:
            return cur
        rows = [tuple(v.isoformat(sep=" ") if isinstance(v, datetime) else v for v in row) for row in cur]

        class Rows(list):
            def fetchone(self) -> Any:
                return self[0] if self else None

            def fetchall(self) -> list:
                return list(self)

        return Rows(rows)

    def commit(self) -> None:
        self.con.commit()

    def close(self) -> None:
        self.con.close()


def _con(services) -> Any:
    if services.store.is_sqlite:
        return sqlite3.connect(services.store.path)
    return _PgCon(services.store.url)


def _tamper(services, sql: str, params: tuple = ()) -> None:
    con = _con(services)
    try:
        con.execute(sql, params)
        con.commit()
    finally:
        con.close()


@pytest.fixture
def busy(services, sample_registration) -> dict[str, Any]:
    return run_workload(services, sample_registration, 40)


# -- recording ---------------------------------------------------------------------------------------------------


def test_record_links_each_entry_to_the_one_before(services) -> None:
    services.audit.record("甲", "backup", detail={"path": "x.bak"}, at=datetime(2025, 1, 2, 3, 4, 5, 678))
    services.audit.record("乙", "print", matter_number="2025-01-000001", detail={"kind": "receipt"})
    rows = (
        _con(services)
        .execute("SELECT id, at, actor, action, matter_number, detail, prev_hash, hash FROM audit_entry ORDER BY id")
        .fetchall()
    )
    assert rows[0][6] == GENESIS
    assert rows[1][6] == rows[0][7]
    assert rows[0][1].replace(" ", "T") == "2025-01-02T03:04:05"  # seconds only
    # Keyed: the unkeyed hash of the same entry is not what the chain holds (issue 17).
    assert rows[0][7] == entry_mac(
        services.audit.key, GENESIS, "2025-01-02T03:04:05", "甲", "backup", "", '{"path": "x.bak"}'
    )
    assert rows[0][7] != entry_hash(GENESIS, "2025-01-02T03:04:05", "甲", "backup", "", '{"path": "x.bak"}')
    result = services.audit.verify()
    assert (result.ok, result.entries, result.first_bad_id) == (True, 2, None)
    entries = services.audit.entries()
    assert [e.action for e in entries] == ["print", "backup"]  # newest first
    assert entries[0].detail == {"kind": "receipt"} and entries[0].matter_number == "2025-01-000001"
    assert [e.action for e in services.audit.entries(matter_number="2025-01-000001")] == ["print"]
    assert len(services.audit.entries(limit=1)) == 1


def test_empty_ledger_verifies(services) -> None:
    result = services.audit.verify()
    assert (result.ok, result.entries) == (True, 0)


def test_every_register_act_reveal_login_and_account_create_is_an_entry(services, sample_registration) -> None:
    accounts = AccountService(services.store, services.audit, scrypt_n=CHEAP)
    admin = accounts.create_first_admin("admin", "钱管理", "admin-pass-1")
    accounts.create(admin, "lisi", "李四", "clerk-pass-1", Role.CLERK)
    accounts.create(admin, "zhao", "赵科长", "super-pass-1", Role.SUPERVISOR)
    clerk = accounts.login("lisi", "clerk-pass-1")
    with pytest.raises(LoginFailed):
        accounts.login("lisi", "wrong-pass-1")
    with pytest.raises(LoginFailed):
        accounts.login("nobody", "wrong-pass-1")
    supervisor = accounts.login("zhao", "super-pass-1")
    done = run_workload(services, sample_registration, 15)
    number = services.ledger.register(sample_registration(), actor=clerk).number
    services.ledger.act(number, "accept", {}, actor=clerk)
    services.ledger.show(number, reveal=True, actor=supervisor)

    got = [(e.action, e.actor, e.matter_number) for e in _all(services)]
    assert got == [
        ("account-create", "钱管理", ""),
        ("account-create", "钱管理", ""),
        ("account-create", "钱管理", ""),
        ("login", "李四", ""),
        ("login-failed", "李四", ""),
        ("login-failed", "?", ""),
        ("login", "赵科长", ""),
        *done["expected"],
        ("register", "李四", number),
        ("act:accept", "李四", number),
        ("reveal", "赵科长", number),
    ]
    assert services.audit.verify().ok


def test_refused_and_failed_operations_leave_a_valid_chain(services, sample_registration) -> None:
    """A rolled-back transaction takes its audit entry and its count with it."""
    number = services.ledger.register(sample_registration(), actor=CLERKS[0]).number
    with pytest.raises(Forbidden):
        services.ledger.act(number, "accept", {}, actor=CLERKS[1])
    with pytest.raises(InvalidInput):
        services.ledger.act(number, "reply", _params("reply"), actor=CLERKS[0])  # not accepted yet
    with pytest.raises(InvalidInput):
        services.ledger.register(sample_registration(link_to=["2000-01-999999"]), actor=CLERKS[0])
    with pytest.raises(Forbidden):
        services.ledger.show(number, reveal=True, actor=CLERKS[0])
    result = services.audit.verify()
    assert (result.ok, result.entries) == (True, 1)


def test_busy_ledger_verifies(services, sample_registration) -> None:
    done = run_workload(services, sample_registration, 300)
    assert done["register"] == 300 and done["act"] > 300
    result = services.audit.verify()
    assert result.ok, result.message
    assert result.entries == done["register"] + done["act"] == len(done["expected"])
    assert str(result.entries) in result.message
    counter = services.store.execute("SELECT value FROM counter WHERE name = 'audit' AND year = 0").fetchone()[0]
    assert counter == result.entries


# -- tampering ----------------------------------------------------------------------------------------------------


def _middle_id(services) -> int:
    ids = [r[0] for r in _con(services).execute("SELECT id FROM audit_entry ORDER BY id")]
    return ids[len(ids) // 2]


@pytest.mark.parametrize(
    "column, value",
    [
        ("detail", '{"channel": "visit", "persons": 9, "repeat": false}'),
        ("actor", "别人"),
        ("action", "print"),
        ("matter_number", "2000-01-000001"),
        ("at", "2000-01-01 00:00:00"),
        ("hash", "f" * 64),
    ],
)
def test_one_edited_row_is_named(services, busy, column: str, value: str) -> None:
    k = _middle_id(services)
    _tamper(services, f"UPDATE audit_entry SET {column} = ? WHERE id = ?", (value, k))
    result = services.audit.verify()
    assert result.ok is False
    assert result.first_bad_id == k
    assert f"第 {k} 条" in result.message


def test_edited_link_is_named(services, busy) -> None:
    k = _middle_id(services)
    _tamper(services, "UPDATE audit_entry SET prev_hash = ? WHERE id = ?", ("0" * 64, k))
    result = services.audit.verify()
    assert (result.ok, result.first_bad_id) == (False, k)


def test_rewritten_entry_with_recomputed_hash_is_named(services, busy) -> None:
    """An intruder who recomputes the edited entry's hash with the public algorithm is caught at that entry: the
    chain is keyed (issue 17; before, the entry after it was named)."""
    k = _middle_id(services)
    con = _con(services)
    at, actor, action, number, prev = con.execute(
        "SELECT at, actor, action, matter_number, prev_hash FROM audit_entry WHERE id = ?", (k,)
    ).fetchone()
    detail = json.dumps({"forged": True})
    forged = entry_hash(prev, at.replace(" ", "T"), actor, action, number, detail)
    con.execute("UPDATE audit_entry SET detail = ?, hash = ? WHERE id = ?", (detail, forged, k))
    con.commit()
    con.close()
    result = services.audit.verify()
    assert (result.ok, result.first_bad_id) == (False, k)


def test_deleted_last_row_is_detected(services, busy) -> None:
    total = services.audit.verify().entries
    _tamper(services, "DELETE FROM audit_entry WHERE id = (SELECT MAX(id) FROM audit_entry)")
    result = services.audit.verify()
    assert result.ok is False
    assert result.entries == total - 1
    assert str(total) in result.message and str(total - 1) in result.message


def test_deleted_middle_row_names_the_next(services, busy) -> None:
    k = _middle_id(services)
    _tamper(services, "DELETE FROM audit_entry WHERE id = ?", (k,))
    result = services.audit.verify()
    assert (result.ok, result.first_bad_id) == (False, k + 1)


def test_inserted_forged_row_is_detected(services, busy) -> None:
    con = _con(services)
    con.execute(
        "INSERT INTO audit_entry (at, actor, action, matter_number, detail, prev_hash, hash) "
        "VALUES ('2025-01-01 00:00:00', '伪造', 'login', '', '{}', ?, ?)",
        ("a" * 64, "b" * 64),
    )
    forged_id = con.execute("SELECT MAX(id) FROM audit_entry").fetchone()[0]
    con.commit()
    con.close()
    result = services.audit.verify()
    assert (result.ok, result.first_bad_id) == (False, forged_id)


def test_inserted_row_with_a_correct_link_is_caught(services, busy) -> None:
    """A forger who links the row properly with the public algorithm is caught at that row: without the key its
    MAC is wrong (issue 17; before, only the count caught it)."""
    con = _con(services)
    last = con.execute("SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()[0]
    at = "2025-01-01T00:00:00"
    forged = entry_hash(last, at, "伪造", "login", "", "{}")
    con.execute(
        "INSERT INTO audit_entry (at, actor, action, matter_number, detail, prev_hash, hash) "
        "VALUES (?, '伪造', 'login', '', '{}', ?, ?)",
        (at, last, forged),
    )
    forged_id = con.execute("SELECT MAX(id) FROM audit_entry").fetchone()[0]
    con.commit()
    con.close()
    result = services.audit.verify()
    assert (result.ok, result.first_bad_id) == (False, forged_id)


def test_the_application_never_updates_or_deletes_audit_entries() -> None:
    root = Path(__file__).resolve().parents[2] / "reception"
    offenders = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"AuditEntry\.(update|delete|delete_by_id|replace|insert_many)\b", text) or re.search(
            r"(UPDATE|DELETE FROM)\s+audit_entry", text, re.IGNORECASE
        ):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


# -- two desks appending at once -----------------------------------------------------------------------------------

PER_PROCESS = 100


def _registration(worker: int, i: int) -> dict[str, Any]:
    from reception.domain.identity import check_digit

    first17 = f"3301{worker:02d}19900101{i:03d}"
    return {
        "channel": "visit",
        "received_at": (datetime.now() - timedelta(hours=1)).replace(microsecond=0).isoformat(),
        "persons": [
            {"name": f"测试{worker}号{i}", "id_number": first17 + check_digit(first17), "phone": f"13{worker}{i:08d}"}
        ],
        "summary": f"第 {worker} 号窗口登记的第 {i} 件事项。",
        "clerk": f"窗口{worker}",
    }


def _desk(path: str, worker: int, barrier, results) -> None:  # runs in a spawned process
    try:
        from reception.domain.roles import Principal, Role
        from reception.services.context import open_services

        services = open_services(path)
        who = Principal(f"窗口{worker}", Role.CLERK)
        barrier.wait(timeout=120)
        numbers = []
        for i in range(PER_PROCESS):
            number = services.ledger.register(_registration(worker, i), actor=who).number
            if i % 10 == 0:
                services.ledger.act(number, "accept", {}, actor=who)
            numbers.append(number)
        services.close()
        results.put((worker, numbers, None))
    except BaseException:
        barrier.abort()
        results.put((worker, [], traceback.format_exc()))


def test_two_processes_append_and_the_chain_holds(tmp_path: Path) -> None:
    import queue
    import time

    from reception.services.context import open_services

    path = tmp_path / "shared.db"
    watcher = open_services(path)  # created first, so both desks open a migrated file
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [ctx.Process(target=_desk, args=(str(path), w, barrier, results)) for w in (1, 2)]
    for p in procs:
        p.start()
    got: list[Any] = []
    checks = 0
    try:
        # Verifying while the desks write must never report a false break (rows and count from one snapshot).
        deadline = time.monotonic() + 300
        while len(got) < 2:
            assert time.monotonic() < deadline, "the desks did not finish in 5 minutes"
            result = watcher.audit.verify()
            assert result.ok, result.message
            checks += 1
            with contextlib.suppress(queue.Empty):
                got.append(results.get(timeout=0.02))
    finally:
        for p in procs:
            p.join(timeout=10 if len(got) == 2 else 1)
            if p.is_alive():
                p.terminate()
                p.join(timeout=10)
    errors = [err for _w, _n, err in got if err]
    assert not errors, "\n".join(errors)
    assert all(p.exitcode == 0 for p in procs)
    numbers = [n for _w, ns, _e in got for n in ns]
    assert len(set(numbers)) == 2 * PER_PROCESS
    accepts = 2 * (PER_PROCESS // 10)
    result = watcher.audit.verify()
    assert result.ok, result.message
    assert result.entries == 2 * PER_PROCESS + accepts
    entries = _all(watcher)
    assert {e.actor for e in entries} == {"窗口1", "窗口2"}
    assert sorted(e.matter_number for e in entries if e.action == "register") == sorted(numbers)
    assert checks >= 1
    watcher.close()


# -- no secrets in the trail -------------------------------------------------------------------------------------


def test_no_password_id_number_or_phone_in_any_entry(services, sample_registration) -> None:
    accounts = AccountService(services.store, services.audit, scrypt_n=CHEAP)
    passwords = ["Admin-Secret-1", "Clerk-Secret-2", "Super-Secret-3", "New-Secret-44", "Typo-Secret-5"]
    admin = accounts.create_first_admin("admin", "钱管理", passwords[0])
    accounts.create(admin, "lisi", "李四", passwords[1], Role.CLERK)
    accounts.create(admin, "zhao", "赵科长", passwords[2], "supervisor")
    # Passwords typed into the user-name field, and wrong passwords for real users.
    for pw in passwords:
        with pytest.raises(LoginFailed):
            accounts.login(pw, pw)
    for _ in range(6):
        with pytest.raises(LoginFailed):
            accounts.login("lisi", passwords[4])
    accounts.login("zhao", passwords[2])
    accounts.change_password("zhao", passwords[2], passwords[3])
    assert accounts.unlock(Principal("赵科长", Role.SUPERVISOR), "zhao", passwords[3]) is True
    assert accounts.unlock(Principal("赵科长", Role.SUPERVISOR), "zhao", passwords[4]) is False

    done = run_workload(services, sample_registration, 60, seed=3)
    supervisor = Principal("赵科长", Role.SUPERVISOR)
    for number in done["numbers"]:
        shown = services.ledger.show(number, reveal=True, actor=supervisor)  # unmasked values on screen
        assert shown.parties[0].id_number in done["ids"]
        services.ledger.search(shown.parties[0].id_number, viewer=supervisor)
        services.ledger.search(shown.parties[0].phone, viewer=supervisor)
    services.audit.record("甲", "backup", detail={"path": "ledger.bak", "matters": 60})

    con = _con(services)
    rows = con.execute("SELECT * FROM audit_entry").fetchall()
    con.close()
    assert len(rows) > 200
    assert sum(1 for r in rows if r[3] == "reveal") == 60
    text = "\n".join(" ".join(str(v) for v in row) for row in rows)
    for secret in passwords:
        assert secret not in text
    for idn in done["ids"]:
        assert idn not in text and idn[:17] not in text
    for phone in done["phones"]:
        assert phone not in text
    # Nothing that even looks like a full ID number or mobile number (outside the hex hashes).
    plain = "\n".join(" ".join(str(v) for v in row[:6]) for row in rows)
    assert not re.search(r"\d{17}[\dXx]", plain)
    assert not re.search(r"1[3-9]\d{9}", plain)
    assert services.audit.verify().ok


def test_audit_service_needs_only_the_store_and_its_key(store) -> None:
    audit = AuditService(store, b"k" * 32)
    audit.record("甲", "login")
    assert audit.verify().ok and audit.entries()[0].actor == "甲"
