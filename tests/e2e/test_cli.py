"""The ``reception`` command as scripts use it (DESIGN.md "The `reception` command" is the contract).

Run in-process through ``reception.cli.main`` (the ledger is the test's ``RECEPTION_DB``), plus one run of the
installed console script in a subprocess.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reception.cli import main
from tests.actors import AS_ADMIN, seed_accounts

# the command's ledger has the accounts of tests/actors.py, their password in RECEPTION_AUTH_FILE
pytestmark = pytest.mark.usefixtures("cli_login")


def _count(path: Path, table: str = "matter") -> int:
    if not path.exists():
        return 0
    con = sqlite3.connect(path)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] if table in names else 0
    finally:
        con.close()


def _run(capsys, monkeypatch, argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        rc = main(argv if "--as" in argv else [*AS_ADMIN, *argv])
    except SystemExit as exc:  # argparse usage errors
        rc = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return rc, out, err


def _register(capsys, monkeypatch, data: dict[str, Any]) -> dict[str, Any]:
    rc, out, err = _run(capsys, monkeypatch, ["register", "-"], json.dumps(data, ensure_ascii=False))
    assert rc == 0, err
    return json.loads(out)


def _one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, repr(err)
    assert "Traceback" not in err
    return err.strip()


# -- register -----------------------------------------------------------------------------------------------------


def test_register_from_stdin(capsys, monkeypatch, env_db: Path, sample_registration) -> None:
    result = _register(capsys, monkeypatch, sample_registration())
    year = (datetime.now() - timedelta(days=3)).year
    assert result["number"] == f"{year}-01-000001"
    assert len(result["uuid"]) == 36
    assert _count(env_db) == 1


def test_register_from_file_with_db_option(
    capsys, monkeypatch, tmp_path: Path, env_db: Path, sample_registration, make_ledger
) -> None:
    src = tmp_path / "matter.json"
    src.write_text(json.dumps(sample_registration(), ensure_ascii=False), encoding="utf-8")
    other = make_ledger(tmp_path / "other.db")
    seed_accounts(other)
    rc, out, err = _run(capsys, monkeypatch, ["--db", str(other), "register", str(src)])
    assert rc == 0, err
    assert "number" in json.loads(out)
    assert _count(other) == 1
    assert _count(env_db) == 0


def _bad_checksum(reg):
    data = reg()
    idn = data["persons"][0]["id_number"]
    data["persons"][0]["id_number"] = idn[:17] + ("0" if idn[17] != "0" else "1")
    return json.dumps(data, ensure_ascii=False)


def _six_representatives(reg):
    persons = [{"name": f"代表{i}", "role": "representative"} for i in range(6)]
    return json.dumps(reg(persons=persons, headcount=30), ensure_ascii=False)


def _missing_name(reg):
    data = reg()
    del data["persons"][0]["name"]
    return json.dumps(data, ensure_ascii=False)


BAD_INPUTS = {
    "bad checksum": _bad_checksum,
    "six representatives": _six_representatives,
    "missing name": _missing_name,
    "empty name": lambda reg: json.dumps(reg(name="  "), ensure_ascii=False),
    "unknown channel": lambda reg: json.dumps(reg(channel="pigeon"), ensure_ascii=False),
    "200000-character summary": lambda reg: json.dumps(reg(summary="字" * 200_000), ensure_ascii=False),
    "malformed json": lambda reg: '{"channel": "visit", "persons": [',
    "not an object": lambda reg: "[1, 2, 3]",
    "empty input": lambda reg: "",
    "no persons": lambda reg: json.dumps(reg(persons=[]), ensure_ascii=False),
    "received tomorrow": lambda reg: json.dumps(
        reg(received_at=(datetime.now() + timedelta(days=1)).isoformat(timespec="seconds")), ensure_ascii=False
    ),
    "headcount is text": lambda reg: json.dumps(reg(headcount="三"), ensure_ascii=False),
    "bad phone": lambda reg: json.dumps(reg(phone="1381234"), ensure_ascii=False),
    "link to unknown matter": lambda reg: json.dumps(reg(link_to=["2020-01-999999"]), ensure_ascii=False),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_register_invalid_input(capsys, monkeypatch, env_db: Path, sample_registration, case: str) -> None:
    rc, out, err = _run(capsys, monkeypatch, ["register", "-"], BAD_INPUTS[case](sample_registration))
    assert rc == 2
    line = _one_line(err)
    assert line.startswith("reception: ")
    assert len(line) < 300
    assert out == ""
    assert _count(env_db) == 0
    assert _count(env_db, "person") == 0


def test_register_reason_names_the_problem(capsys, monkeypatch, sample_registration) -> None:
    _, _, err = _run(capsys, monkeypatch, ["register", "-"], _six_representatives(sample_registration))
    assert "代表" in err and "5" in err
    _, _, err = _run(capsys, monkeypatch, ["register", "-"], _bad_checksum(sample_registration))
    assert "校验" in err
    _, _, err = _run(
        capsys, monkeypatch, ["register", "-"], json.dumps(sample_registration(channel="pigeon"), ensure_ascii=False)
    )
    assert "pigeon" in err


def test_register_missing_file(capsys, monkeypatch, tmp_path: Path, env_db: Path) -> None:
    rc, out, err = _run(capsys, monkeypatch, ["register", str(tmp_path / "nope.json")])
    assert rc == 2 and out == ""
    _one_line(err)
    assert _count(env_db) == 0


def test_register_deeply_nested_json(capsys, monkeypatch, env_db: Path) -> None:
    rc, _out, err = _run(capsys, monkeypatch, ["register", "-"], "[" * 100_000)
    assert rc == 2
    _one_line(err)


def test_register_file_not_utf8(capsys, monkeypatch, tmp_path: Path, env_db: Path) -> None:
    src = tmp_path / "gbk.json"
    src.write_bytes('{"channel": "visit", "summary": "反映"}'.encode("gbk"))
    rc, _out, err = _run(capsys, monkeypatch, ["register", str(src)])
    assert rc == 2
    _one_line(err)


def test_register_lone_surrogate(capsys, monkeypatch, env_db: Path, sample_registration) -> None:
    raw = json.dumps(sample_registration()).replace('"summary": "', '"summary": "\\ud800', 1)
    rc, _out, err = _run(capsys, monkeypatch, ["register", "-"], raw)
    assert rc == 2
    _one_line(err)
    assert _count(env_db) == 0


# -- act, show, search ---------------------------------------------------------------------------------------------


def test_act_show_and_search(capsys, monkeypatch, sample_registration, make_id) -> None:
    idn = make_id(42, birth="19770707")
    data = sample_registration(name="王𠈌", id_number=idn, phone="13899990000", summary="反映小区物业乱收费")
    received = datetime.fromisoformat(data["received_at"])
    number = _register(capsys, monkeypatch, data)["number"]

    at1 = (received + timedelta(hours=1)).isoformat(timespec="minutes")
    rc, out, err = _run(capsys, monkeypatch, ["act", number, "accept", "--as", "王科长", "--at", at1])
    assert rc == 0, err
    at2 = (received + timedelta(hours=2)).isoformat(timespec="minutes")
    rc, out, err = _run(
        capsys, monkeypatch, ["act", number, "assign", "--to", "psb-legal", "--as", "王科长", "--at", at2, "--json"]
    )
    assert rc == 0, err
    assert json.loads(out) == {"number": number, "status": "assigned"}
    rc, out, err = _run(capsys, monkeypatch, ["act", number, "supervise", "--note", "请尽快办理"])
    assert rc == 0, err

    rc, out, err = _run(capsys, monkeypatch, ["show", number, "--json"])
    assert rc == 0, err
    shown = json.loads(out)
    assert shown["number"] == number
    assert shown["status"] == "supervised"
    assert shown["handling_unit"] == "××市公安局法制支队"
    assert [e["kind"] for e in shown["events"]] == ["register", "accept", "assign", "supervise"]
    assert [e["at"][:16] for e in shown["events"][:3]] == [received.isoformat()[:16], at1, at2]
    assert [e["actor"] for e in shown["events"][1:3]] == ["王科长", "王科长"]
    assert shown["events"][3]["actor"] == "测试员"  # the account of --as (AS_ADMIN) when the test names no other
    times = [e["at"] for e in shown["events"]]
    assert times == sorted(times)
    assert shown["clocks"], "clocks with due dates and warning level"
    for clock in shown["clocks"]:
        datetime.fromisoformat(clock["due"])
        assert clock["level"] in {"normal", "warn", "alert", "severe", "overdue"}
    assert shown["current_clock"]["kind"] == "handle"
    assert idn not in out and "13899990000" not in out  # masked by default
    assert shown["parties"][0]["id_number"].endswith(idn[-4:])

    rc, out, err = _run(capsys, monkeypatch, ["show", number, "--json", "--reveal"])
    assert rc == 0 and idn in out

    rc, out, err = _run(capsys, monkeypatch, ["show", number])
    assert rc == 0 and number in out

    for query in ("王𠈌", "𠈌", "物业", idn, idn[-4:], "13899990000", number):
        rc, out, err = _run(capsys, monkeypatch, ["search", query, "--json"])
        assert rc == 0, err
        rows = json.loads(out)
        assert [r["number"] for r in rows] == [number], query
        assert idn not in out
    rc, out, err = _run(capsys, monkeypatch, ["search", "没有这个人", "--json", "--limit", "5"])
    assert rc == 0 and json.loads(out) == []


def test_refer_to_platform_by_code(capsys, monkeypatch, sample_registration) -> None:
    number = _register(capsys, monkeypatch, sample_registration())["number"]
    rc, out, err = _run(capsys, monkeypatch, ["act", number, "refer", "--to", "12337", "--json"])
    assert rc == 0, err
    rc, out, _ = _run(capsys, monkeypatch, ["show", number, "--json"])
    assert json.loads(out)["handling_unit"] == "12337政法干警违纪违法举报平台"


def test_illegal_transition(capsys, monkeypatch, sample_registration) -> None:
    number = _register(capsys, monkeypatch, sample_registration())["number"]
    rc, out, err = _run(capsys, monkeypatch, ["act", number, "close"])
    assert rc == 2 and out == ""
    assert "已登记" in _one_line(err)
    rc, out, err = _run(capsys, monkeypatch, ["act", number, "fly"])
    assert rc == 2
    _one_line(err)
    rc, out, err = _run(capsys, monkeypatch, ["act", number, "refer", "--to", "火星信访局"])
    assert rc == 2
    assert "火星信访局" in _one_line(err)
    rc, out, err = _run(capsys, monkeypatch, ["act", number, "accept", "--at", "not-a-time"])
    assert rc == 2
    _one_line(err)
    rc, out, _ = _run(capsys, monkeypatch, ["show", number, "--json"])
    assert [e["kind"] for e in json.loads(out)["events"]] == ["register"]


def test_unknown_number(capsys, monkeypatch, sample_registration) -> None:
    _register(capsys, monkeypatch, sample_registration())
    for argv in (["show", "2026-01-999999", "--json"], ["act", "2026-01-999999", "accept"], ["show", "x"]):
        rc, out, err = _run(capsys, monkeypatch, argv)
        assert rc == 2, argv
        assert out == ""
        _one_line(err)


def test_usage_errors_exit_2(capsys, monkeypatch) -> None:
    for argv in (["act"], ["search"], ["no-such-command"], ["search", "x", "--limit", "many"]):
        rc, _out, err = _run(capsys, monkeypatch, argv)
        assert rc == 2, argv
        assert "Traceback" not in err
    rc, _out, err = _run(capsys, monkeypatch, ["search", "   "])
    assert rc == 2
    _one_line(err)
    rc, _out, err = _run(capsys, monkeypatch, ["search", "x", "--limit", "0"])
    assert rc == 2
    _one_line(err)


def test_db_that_is_a_directory(capsys, monkeypatch, tmp_path: Path) -> None:
    rc, out, err = _run(capsys, monkeypatch, ["--db", str(tmp_path), "show", "2026-01-000001"])
    assert rc == 2 and out == ""
    _one_line(err)


# -- the installed console script ----------------------------------------------------------------------------------


def _console_script() -> str:
    script = Path(sys.executable).with_name("reception")
    if script.exists():
        return str(script)
    import shutil

    found = shutil.which("reception")
    if not found:
        pytest.skip("the reception console script is not installed")
    return found


def test_console_script(tmp_path: Path, sample_registration, make_ledger) -> None:
    exe = _console_script()
    db = make_ledger(tmp_path / "script.db")
    seed_accounts(db)
    env = {**os.environ, "RECEPTION_DB": str(db), "PYTHONIOENCODING": "utf-8"}
    data = json.dumps(sample_registration(summary="控制台脚本登记"), ensure_ascii=False)

    done = subprocess.run(
        [exe, *AS_ADMIN, "register", "-"],
        input=data,
        capture_output=True,
        text=True,
        env=env,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    number = json.loads(done.stdout)["number"]

    done = subprocess.run(
        [exe, *AS_ADMIN, "show", number, "--json"],
        capture_output=True,
        text=True,
        env=env,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"] == "控制台脚本登记"

    done = subprocess.run(
        [exe, *AS_ADMIN, "register", "-"],
        input="{not json",
        capture_output=True,
        text=True,
        env=env,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert _count(db) == 1


@pytest.mark.parametrize("kind", ["below a file", "not a ledger"])
def test_db_that_cannot_be_a_ledger(capsys, monkeypatch, tmp_path: Path, kind: str) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("不是台账" * 300, encoding="utf-8")
    db = plain / "ledger.db" if kind == "below a file" else plain
    rc, out, err = _run(capsys, monkeypatch, ["--db", str(db), "search", "王", "--json"])
    assert rc == 2 and out == ""
    _one_line(err)
