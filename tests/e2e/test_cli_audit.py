"""``reception audit verify|list`` and ``reception account add|list``, run in-process on the test's ledger.

Acceptance (issue 6): the chain verifies on a busy ledger (exit 0), and after one audit row is edited directly in
SQLite the command fails with exit 1 and names the entry.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reception.cli import main
from reception.domain.roles import CLERK_ACTIONS, Principal, Role
from reception.domain.workflow import allowed_actions
from tests.actors import ACCOUNTS, AS_ADMIN, admin, seed_accounts

# the command's ledger has the accounts of tests/actors.py, their password in RECEPTION_AUTH_FILE
pytestmark = pytest.mark.usefixtures("cli_login")

CLERKS = [Principal("李四", Role.CLERK), Principal("王五", Role.CLERK)]
SUPERVISOR = Principal("赵科长", Role.SUPERVISOR)
PARAMS: dict[str, dict[str, Any]] = {
    "accept": {},
    "reject": {"reason_code": 5},
    "refer": {"to": "12337"},
    "answer": {"text": "已当场答复。"},
    "object": {"reason": "退回上级。"},
    "assign": {"to": "12345", "due": (date.today() + timedelta(days=20)).isoformat()},
    "supervise": {"note": "督办。"},
    "extend": {"days": 30, "reason": "需要调查", "approver": "赵科长"},
    "reply": {"outcome": "support", "text": "予以支持。"},
    "return-visit": {"satisfaction": "dissatisfied", "note": "仍不满意"},
    "request-review": {},
    "review-reply": {"outcome": "explain", "text": "复查意见。"},
    "close": {},
    "unit-report": {"text": "承办单位报告已办结。"},
    "inform-route": {"text": "请向人民法院提起诉讼。"},
    "hearing": {"start": date.today().isoformat(), "end": date.today().isoformat()},
}


def _run(capsys, argv: list[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(argv if "--as" in argv else [*AS_ADMIN, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _registration(i: int, received: str, source: dict[str, str], category: str) -> dict[str, Any]:
    from reception.domain.identity import check_digit

    first17 = f"440305{1960 + i // 100}0101{i % 100:03d}"
    return {
        "channel": "visit",
        "received_at": received,
        "source": source,
        "category": category,
        "purpose": "demand",
        "persons": [{"name": f"来访人{i}", "id_number": first17 + check_digit(first17), "phone": f"1380000{i:04d}"}],
        "summary": f"第 {i} 件：反映小区噪音扰民。",
        "clerk": "李四",
    }


@pytest.fixture(scope="module")
def _busy_template(tmp_path_factory) -> dict[str, Any]:
    """300 registrations and random valid steps, through the services (built once, copied for each test)."""
    from reception.services.context import open_services

    path = tmp_path_factory.mktemp("busy") / "ledger.db"
    seed_accounts(path)  # the command's accounts (tests/actors.py): the commands below log in
    services = open_services(path)
    rng = random.Random(11)
    received = (datetime.now() - timedelta(hours=3)).replace(microsecond=0).isoformat()
    numbers = []
    try:
        for i in range(300):
            clerk = CLERKS[i % 2]
            source = {"kind": "assigned", "agency": "××省信访局"} if rng.random() < 0.2 else {"kind": "own"}
            category = "complaint" if rng.random() < 0.3 else "grievance"
            matter = services.ledger.register(_registration(i, received, source, category), actor=clerk)
            numbers.append(matter.number)
            for _ in range(rng.randint(0, 3)):
                options = allowed_actions(matter)
                if not options:
                    break
                action = rng.choice(options)
                actor = clerk if action in CLERK_ACTIONS else SUPERVISOR
                matter = services.ledger.act(matter.number, action, PARAMS[action], actor=actor)
            if i % 50 == 0:
                services.ledger.show(matter.number, reveal=True, actor=SUPERVISOR)
        result = services.audit.verify()
        assert result.ok, result.message
    finally:
        services.close()
    assert not path.with_name(path.name + "-wal").exists() or path.with_name(path.name + "-wal").stat().st_size == 0
    return {"path": path, "numbers": numbers, "entries": result.entries}


@pytest.fixture
def busy_ledger(env_db: Path, _busy_template: dict[str, Any], copy_ledger: Any) -> dict[str, Any]:
    """The busy ledger as the command's ledger file (``RECEPTION_DB``) of this test."""
    copy_ledger(_busy_template["path"], env_db)
    return {**_busy_template, "path": env_db}


def _middle_id(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        ids = [r[0] for r in con.execute("SELECT id FROM audit_entry ORDER BY id")]
    finally:
        con.close()
    return ids[len(ids) // 3]


def test_verify_passes_on_a_busy_ledger(capsys, busy_ledger) -> None:
    assert busy_ledger["entries"] > 400
    code, out, err = _run(capsys, ["audit", "verify"])
    assert code == 0, err
    assert f"共 {busy_ledger['entries']} 条" in out
    assert err == ""
    code, out, _ = _run(capsys, ["audit", "verify", "--json"])
    assert code == 0
    doc = json.loads(out)
    # The document also says how many ledger rows the chain re-derived and the head (issue 17).
    assert {k: doc[k] for k in ("ok", "entries", "first_bad_id", "problems", "anchor")} == {
        "ok": True,
        "entries": busy_ledger["entries"],
        "first_bad_id": None,
        "problems": [],
        "anchor": None,
    }
    assert doc["message"].startswith(f"审计链完整，共 {busy_ledger['entries']} 条；台账 ")
    assert doc["rows_checked"] > 300 * 4 and doc["head"]["entries"] == busy_ledger["entries"]


def test_verify_fails_and_names_the_edited_entry(capsys, busy_ledger) -> None:
    k = _middle_id(busy_ledger["path"])
    con = sqlite3.connect(busy_ledger["path"])
    con.execute("UPDATE audit_entry SET detail = ? WHERE id = ?", ('{"status": "closed"}', k))
    con.commit()
    con.close()
    code, out, err = _run(capsys, ["audit", "verify"])
    assert code == 1
    assert f"第 {k} 条" in out and f"第 {k} 条" in err
    assert err.startswith("reception: ")
    code, out, _ = _run(capsys, ["audit", "verify", "--json"])
    assert code == 1
    result = json.loads(out)
    assert (result["ok"], result["first_bad_id"]) == (False, k)


def test_verify_fails_when_the_last_entry_is_deleted(capsys, busy_ledger) -> None:
    total = busy_ledger["entries"]
    con = sqlite3.connect(busy_ledger["path"])
    con.execute("DELETE FROM audit_entry WHERE id = (SELECT MAX(id) FROM audit_entry)")
    con.commit()
    con.close()
    code, _, err = _run(capsys, ["audit", "verify"])
    assert code == 1
    assert f"应有 {total} 条，实有 {total - 1} 条" in err


def test_verify_fails_when_a_row_is_forged(capsys, busy_ledger) -> None:
    con = sqlite3.connect(busy_ledger["path"])
    prev = con.execute("SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()[0]
    cur = con.execute(
        "INSERT INTO audit_entry (at, actor, action, matter_number, detail, prev_hash, hash) "
        "VALUES ('2025-01-01 00:00:00', '伪造', 'reveal', '', '{}', ?, ?)",
        (prev, "0" * 64),
    )
    forged = cur.lastrowid
    con.commit()
    con.close()
    code, out, _ = _run(capsys, ["audit", "verify", "--json"])
    assert code == 1
    assert json.loads(out)["first_bad_id"] == forged


def test_verify_on_a_new_ledger(capsys, env_db: Path) -> None:
    """A new ledger holds its accounts' creation and nothing else (the command's login adds no entry)."""
    code, out, _ = _run(capsys, ["audit", "verify"])
    assert code == 0
    assert f"共 {len(ACCOUNTS)} 条" in out


def test_audit_list(capsys, busy_ledger) -> None:
    code, out, _ = _run(capsys, ["audit", "list", "--limit", "5", "--json"])
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 5
    assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), reverse=True)
    number = busy_ledger["numbers"][0]
    code, out, _ = _run(capsys, ["audit", "list", "--number", number])
    assert code == 0
    lines = out.strip().splitlines()
    assert lines and all(number in line for line in lines)
    assert lines[-1].split()[-2:] == ["register", number]


def test_account_add_and_list_are_audited(capsys, env_db: Path, tmp_path: Path) -> None:
    """Only an administrator adds accounts from the command line; the audit names the one who logged in."""
    from reception.services.context import open_services

    services = open_services(env_db)
    try:  # a second administrator, with a password file of their own
        services.accounts.create(admin(), "站长", "站长", "station-master-1", "administrator")
    finally:
        services.close()
    boss_password = tmp_path / "boss.txt"
    boss_password.write_text("station-master-1\n", encoding="utf-8")
    secret = tmp_path / "pw.txt"
    secret.write_text("Very-Secret-Pass\nsecond line ignored\n", encoding="utf-8")
    code, out, err = _run(
        capsys,
        [
            "account",
            "add",
            "--username",
            "lisi",
            "--name",
            "孙六",
            "--role",
            "clerk",
            "--password-file",
            str(secret),
            "--as",
            "站长",
            "--auth-file",
            str(boss_password),
        ],
    )
    assert code == 0, err
    code, _, err = _run(
        capsys,
        [
            "account",
            "add",
            "--username",
            "zhao",
            "--name",
            "赵科长",
            "--role",
            "supervisor",
            "--password-file",
            str(secret),
        ],
    )
    assert code == 0, err
    code, _, err = _run(
        capsys, ["account", "add", "--username", "lisi", "--name", "李四二", "--password-file", str(secret)]
    )
    assert code == 2 and "已存在" in err
    code, out, _ = _run(capsys, ["account", "list", "--json"])
    assert code == 0
    listed = [(r["username"], r["role"]) for r in json.loads(out)]
    seeded = [(username, role.value) for username, _name, role in ACCOUNTS]
    assert sorted(listed) == sorted([*seeded, ("站长", "administrator"), ("lisi", "clerk"), ("zhao", "supervisor")])

    code, out, _ = _run(capsys, ["audit", "list", "--limit", "2", "--json"])
    rows = json.loads(out)
    assert [(r["action"], r["actor"]) for r in rows] == [("account-create", "测试员"), ("account-create", "站长")]
    assert "Very-Secret-Pass" not in out
    code, _, _ = _run(capsys, ["audit", "verify"])
    assert code == 0

    # The password works at the desk, at the default scrypt cost the command uses.
    services = open_services(env_db)
    try:
        assert services.accounts.login("lisi", "Very-Secret-Pass") == Principal("孙六", Role.CLERK)
    finally:
        services.close()
    raw = env_db.read_bytes()
    assert b"Very-Secret-Pass" not in raw


def test_account_add_with_a_short_password_writes_nothing(capsys, env_db: Path, tmp_path: Path) -> None:
    secret = tmp_path / "pw.txt"
    secret.write_text("short\n", encoding="utf-8")
    code, _, err = _run(
        capsys, ["account", "add", "--username", "lisi", "--name", "李四", "--password-file", str(secret)]
    )
    assert code == 2 and "密码" in err
    code, out, _ = _run(capsys, ["audit", "verify", "--json"])
    assert json.loads(out)["entries"] == len(ACCOUNTS)  # their creation, nothing more
