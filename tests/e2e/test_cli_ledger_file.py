"""The ledger as a file: only ``init`` (or the desk's first start) makes one, whole-file operations take it alone,
and a restore over a newer ledger never hands out its numbers again (issue 19)."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reception.cli import main
from tests.actors import AS_ADMIN

# the command's ledger has the accounts of tests/actors.py, their password in RECEPTION_AUTH_FILE
pytestmark = pytest.mark.usefixtures("cli_login")

PASS = "正确的口令 correct horse"


def _run(capsys, monkeypatch, argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        rc = main(argv if "--as" in argv else [*AS_ADMIN, *argv])
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return rc, out, err


def _one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, repr(err)
    assert "Traceback" not in err
    return err.strip()


def _register(capsys, monkeypatch, data: dict[str, Any], *db: str) -> str:
    rc, out, err = _run(capsys, monkeypatch, [*db, "register", "-"], json.dumps(data, ensure_ascii=False))
    assert rc == 0, err
    return json.loads(out)["number"]


def _numbers(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT number FROM matter ORDER BY id")]
    finally:
        con.close()


@pytest.fixture
def passfile(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASS + "\n", encoding="utf-8")
    return path


HOLDER = """
import sys
from reception.services.context import open_services
services = open_services(sys.argv[1], create=False)
print("open", flush=True)
sys.stdin.read()
services.close()
"""


@pytest.fixture
def desk_open() -> Iterator[Any]:
    """``desk_open(path)``: another process (standing in for a desk) holding the ledger open until the test ends."""
    procs: list[subprocess.Popen[str]] = []

    def start(path: Path) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(30)


# -- only a deliberate new ledger makes a file ------------------------------------------------------------------


@pytest.mark.no_env_ledger
@pytest.mark.parametrize(
    "argv",
    [
        ["register", "-"],
        ["search", "张"],
        ["audit", "verify"],
        ["stats", "--from", "2026-01-01", "--to", "2026-01-31"],
        ["demo-data", "--cases", "5"],
        ["export-csv", "-o", "OUT"],
    ],
)
def test_a_command_on_a_missing_ledger_exits_2_and_creates_nothing(
    capsys, monkeypatch, env_db: Path, tmp_path: Path, argv: list[str], sample_registration
) -> None:
    argv = [str(tmp_path / "out.csv") if a == "OUT" else a for a in argv]
    rc, _out, err = _run(capsys, monkeypatch, argv, json.dumps(sample_registration(), ensure_ascii=False))
    assert rc == 2 and "不存在" in _one_line(err) and "init" in err
    assert not env_db.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("env-ledger")]


@pytest.mark.no_env_ledger
def test_backup_of_a_missing_ledger_exits_2(capsys, monkeypatch, env_db: Path, tmp_path: Path, passfile) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    rc, _out, err = _run(capsys, monkeypatch, ["backup", "--to", str(stick), "--passphrase-file", str(passfile)])
    assert rc == 2 and "不存在" in _one_line(err)
    assert not env_db.exists() and list(stick.iterdir()) == []


def test_an_empty_db_option_is_refused(capsys, monkeypatch) -> None:
    rc, _out, err = _run(capsys, monkeypatch, ["--db", "", "search", "张"])
    assert rc == 2 and "--db" in _one_line(err)
    rc, _out, err = _run(capsys, monkeypatch, ["restore", "x.rcpbak", "--db", "", "--passphrase-file", "p"])
    assert rc == 2 and "--db" in _one_line(err)


def test_an_empty_file_is_no_ledger(capsys, monkeypatch, tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    rc, _out, err = _run(capsys, monkeypatch, ["--db", str(empty), "search", "张"])
    assert rc == 2 and "不是台账" in _one_line(err)
    assert empty.stat().st_size == 0


def test_init_makes_the_ledger_and_its_administrator(capsys, monkeypatch, tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    pw = tmp_path / "pw.txt"
    pw.write_text("Zhang-2026-strong!\n", encoding="utf-8")
    rc, _out, err = _run(
        capsys,
        monkeypatch,
        ["--db", str(db), "init", "--admin", "admin", "--name", "王管理", "--password-file", str(pw)],
    )
    assert rc == 0, err
    assert db.exists() and (db.stat().st_mode & 0o077) == 0
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT username, display_name, role FROM clerk").fetchall() == [
            ("admin", "王管理", "administrator")
        ]
    finally:
        con.close()
    before = db.read_bytes()
    rc, _out, err = _run(
        capsys, monkeypatch, ["--db", str(db), "init", "--admin", "b", "--name", "李", "--password-file", str(pw)]
    )
    assert rc == 2 and "已存在" in _one_line(err)
    assert db.read_bytes() == before


@pytest.mark.no_env_ledger
def test_init_refused_leaves_no_file(capsys, monkeypatch, tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    pw = tmp_path / "pw.txt"
    pw.write_text("1\n", encoding="utf-8")  # too short for an administrator
    rc, _out, err = _run(
        capsys, monkeypatch, ["--db", str(db), "init", "--admin", "admin", "--name", "王", "--password-file", str(pw)]
    )
    assert rc == 2 and _one_line(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pw.txt"]


# -- whole-file operations take the ledger alone ----------------------------------------------------------------


def _backup(capsys, monkeypatch, tmp_path: Path, passfile: Path) -> Path:
    stick = tmp_path / "stick"
    stick.mkdir(exist_ok=True)
    rc, out, err = _run(
        capsys, monkeypatch, ["--json", "backup", "--to", str(stick), "--passphrase-file", str(passfile)]
    )
    assert rc == 0, err
    return Path(json.loads(out)["path"])


def test_restore_over_a_ledger_a_desk_has_open_is_refused(
    capsys, monkeypatch, env_db: Path, tmp_path: Path, passfile, sample_registration, desk_open
) -> None:
    _register(capsys, monkeypatch, sample_registration())
    archive = _backup(capsys, monkeypatch, tmp_path, passfile)
    _register(capsys, monkeypatch, sample_registration())
    desk_open(env_db)
    before = _numbers(env_db)
    rc, _out, err = _run(
        capsys, monkeypatch, ["restore", str(archive), "--replace", "--passphrase-file", str(passfile)]
    )
    line = _one_line(err)
    assert rc == 2 and "正被接待台或另一条命令打开" in line and "恢复台账需要独占台账" in line
    assert _numbers(env_db) == before
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name or "restored" in p.name]


def test_demo_data_on_a_ledger_a_desk_has_open_is_refused(capsys, monkeypatch, env_db: Path, desk_open) -> None:
    desk_open(env_db)
    rc, _out, err = _run(capsys, monkeypatch, ["demo-data", "--cases", "5"])
    assert rc == 2 and "生成模拟数据需要独占台账" in _one_line(err)
    assert _numbers(env_db) == []


def test_a_desk_cannot_open_the_ledger_while_it_is_restored(env_db: Path) -> None:
    from reception.services.context import open_services
    from reception.storage.db import LedgerInUseError, exclusive_file, init_db

    with exclusive_file(env_db, "恢复台账"):
        done = subprocess.run(
            [sys.executable, "-c", HOLDER, str(env_db)],
            input="",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode != 0 and "LedgerInUseError" in done.stderr
    store = init_db(env_db, create=False)
    try:
        with pytest.raises(LedgerInUseError), exclusive_file(env_db, "恢复台账"):
            pass
    finally:
        store.close()
    open_services(env_db, create=False).close()


def test_restore_of_an_older_archive_names_what_is_lost_and_never_reissues_its_numbers(
    capsys, monkeypatch, env_db: Path, tmp_path: Path, passfile, sample_registration
) -> None:
    kept = [_register(capsys, monkeypatch, sample_registration()) for _ in range(2)]
    archive = _backup(capsys, monkeypatch, tmp_path, passfile)
    later = [_register(capsys, monkeypatch, sample_registration()) for _ in range(3)]
    rc, out, err = _run(
        capsys,
        monkeypatch,
        ["--json", "restore", str(archive), "--replace", "--passphrase-file", str(passfile)],
    )
    assert rc == 0, err
    data = json.loads(out)
    assert data["lost_matters"] == later
    assert [(r["first"], r["last"]) for r in data["reserved"] if r["series"].startswith("matter:")] == [(3, 5)]
    assert _numbers(env_db) == kept
    again = _register(capsys, monkeypatch, sample_registration())
    assert again not in later and again.endswith("000006")
    # the text form names them for the operator
    rc, out, err = _run(capsys, monkeypatch, ["restore", str(archive), "--replace", "--passphrase-file", str(passfile)])
    assert rc == 0, err
    assert "1 件事项不在恢复的台账中" in out and again in out and "第 3–6 号已发出" in out
    assert not [p for p in env_db.with_name(env_db.name + ".private").iterdir() if p.name != "lock"]


def test_the_ledger_s_own_folder_and_floor_are_no_output_files(capsys, monkeypatch, env_db: Path) -> None:
    private = env_db.with_name(env_db.name + ".private")
    private.mkdir(exist_ok=True)
    for target in (private / "lock", private / "report.csv", env_db.with_name(env_db.name + ".numbers")):
        rc, _out, err = _run(capsys, monkeypatch, ["export-csv", "-o", str(target), "--force"])
        assert rc == 2 and "台账文件" in _one_line(err), target
