"""Every door asks who you are: the ``reception`` command authenticates an account of the ledger (``--as USERNAME
--auth-file F``, a prompt on a terminal, or ``RECEPTION_AUTH_FILE``), acts with its role and records its name.

Each hole of the window PC where clerks share one operating-system account is reproduced here: without a login the
command was an administrator under any name it was given.
"""

from __future__ import annotations

import csv
import getpass
import io
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from reception.cli import main
from tests.actors import ACCOUNTS, PASSWORD, admin

# the command's ledger has the accounts of tests/actors.py (测试员 administrator, 王科长 supervisor, 李四 and 王堃
# clerks, 备份员 backup); their one password is in the file ``cli_login`` returns
pytestmark = pytest.mark.usefixtures("cli_login")

BACKUP_PASS = "备份口令 correct horse battery"


def _run(capsys: Any, argv: list[str], *, stdin: str | None = None, monkeypatch: Any = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        rc = main(argv)
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return rc, out, err


def _one_line(err: str) -> str:
    assert err.startswith("reception: ") and err.count("\n") == 1, repr(err)
    assert "Traceback" not in err
    return err.strip()


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _audit(db: Path) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in _rows(db, "SELECT actor, action FROM audit_entry ORDER BY id")]


def _register(capsys: Any, monkeypatch: Any, sample_registration: Any, **fields: Any) -> str:
    data = json.dumps(sample_registration(**fields), ensure_ascii=False)
    rc, out, err = _run(capsys, ["--as", "测试员", "register", "-"], stdin=data, monkeypatch=monkeypatch)
    assert rc == 0, err
    return json.loads(out)["number"]


@pytest.fixture
def no_auth_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No password anywhere but where the test puts it (standard input is not a terminal under pytest)."""
    monkeypatch.delenv("RECEPTION_AUTH_FILE", raising=False)


# -- the holes -------------------------------------------------------------------------------------------------


def test_account_add_as_administrator_without_a_password_is_refused(
    capsys: Any, env_db: Path, tmp_path: Path, no_auth_env: None
) -> None:
    new_password = tmp_path / "new.txt"
    new_password.write_text("a-brand-new-password\n", encoding="utf-8")
    before = _rows(env_db, "SELECT username FROM clerk ORDER BY id")
    argv = ["account", "add", "--username", "mole", "--name", "内鬼", "--role", "administrator"]
    rc, _out, err = _run(capsys, [*argv, "--password-file", str(new_password)])
    assert rc == 2
    assert "--as" in _one_line(err)
    assert _rows(env_db, "SELECT username FROM clerk ORDER BY id") == before
    # --password-file stays the new account's password: it does not log anyone in
    rc, _out, err = _run(capsys, ["--as", "测试员", *argv, "--password-file", str(new_password)])
    assert rc == 2 and "密码" in _one_line(err)
    assert _rows(env_db, "SELECT username FROM clerk ORDER BY id") == before


def test_only_an_administrator_adds_accounts(capsys: Any, env_db: Path, tmp_path: Path, cli_login: Path) -> None:
    new_password = tmp_path / "new.txt"
    new_password.write_text("a-brand-new-password\n", encoding="utf-8")
    argv = ["account", "add", "--username", "mole", "--name", "内鬼", "--role", "administrator"]
    for who in ("王科长", "李四", "备份员"):
        rc, _out, err = _run(capsys, ["--as", who, *argv, "--password-file", str(new_password)])
        assert rc == 2 and "管理账户" in _one_line(err), (who, err)
    assert ("mole",) not in _rows(env_db, "SELECT username FROM clerk")
    rc, _out, err = _run(capsys, ["--as", "测试员", *argv, "--password-file", str(new_password)])
    assert rc == 0, err
    assert _audit(env_db)[-1] == ("测试员", "account-create")


def test_show_reveal_needs_a_supervisor_s_login(
    capsys: Any, monkeypatch: Any, env_db: Path, sample_registration: Any, cli_login: Path
) -> None:
    number = _register(capsys, monkeypatch, sample_registration, id_number="11010519491231002X")
    monkeypatch.delenv("RECEPTION_AUTH_FILE")
    rc, out, err = _run(capsys, ["show", number, "--reveal", "--json"])
    assert rc == 2 and out == "" and "--as" in _one_line(err)
    rc, out, err = _run(capsys, ["show", number, "--reveal", "--json", "--as", "王科长"])
    assert rc == 2 and "密码" in _one_line(err)  # no password: no way in
    monkeypatch.setenv("RECEPTION_AUTH_FILE", str(cli_login))
    rc, out, err = _run(capsys, ["show", number, "--reveal", "--json", "--as", "李四"])
    assert rc == 2 and out == "" and "科长" in _one_line(err)
    assert "11010519491231002X" not in out
    rc, out, err = _run(capsys, ["show", number, "--reveal", "--json", "--as", "王科长"])
    assert rc == 0, err
    assert json.loads(out)["parties"][0]["id_number"] == "11010519491231002X"
    assert _audit(env_db)[-1] == ("王科长", "reveal")


@pytest.mark.parametrize("command", ["export-csv", "export-xlsx"])
def test_full_export_needs_a_supervisor_s_login(
    capsys: Any, monkeypatch: Any, env_db: Path, tmp_path: Path, sample_registration: Any, command: str
) -> None:
    _register(capsys, monkeypatch, sample_registration, id_number="11010519491231002X")
    suffix = ".csv" if command == "export-csv" else ".xlsx"
    out_file = tmp_path / f"full{suffix}"
    rc, _out, err = _run(capsys, [command, "-o", str(out_file), "--full"])
    assert rc == 2 and "--as" in _one_line(err)
    rc, _out, err = _run(capsys, [command, "-o", str(out_file), "--full", "--as", "李四"])
    assert rc == 2 and "科长" in _one_line(err)
    assert not out_file.exists()
    rc, _out, err = _run(capsys, [command, "-o", str(out_file), "--full", "--as", "王科长"])
    assert rc == 0, err
    if command == "export-csv":
        text = out_file.read_text(encoding="utf-8-sig")
        assert "11010519491231002X" in text and next(csv.reader(io.StringIO(text)))
    assert ("王科长", "export") in _audit(env_db)


@pytest.mark.parametrize(
    ("action", "options"),
    [
        ("assign", ["--to", "psb-legal"]),
        ("extend", ["--days", "10", "--reason", "案情复杂", "--approver", "王科长"]),
        ("close", []),
    ],
)
def test_supervisor_actions_need_a_supervisor_s_login(
    capsys: Any, monkeypatch: Any, env_db: Path, sample_registration: Any, action: str, options: list[str]
) -> None:
    number = _register(capsys, monkeypatch, sample_registration)  # first receiver 李四
    rc, _out, err = _run(capsys, ["--as", "李四", "act", number, "accept", "--json"])
    assert rc == 0, err
    events = _rows(env_db, "SELECT COUNT(*) FROM event")
    rc, _out, err = _run(capsys, ["act", number, action, *options])
    assert rc == 2 and "--as" in _one_line(err)
    rc, _out, err = _run(capsys, ["act", number, action, *options, "--as", "李四"])
    assert rc == 2 and "科长" in _one_line(err)
    assert _rows(env_db, "SELECT COUNT(*) FROM event") == events
    if action == "close":
        return  # an accepted matter cannot close yet; the refusal above is the role's, before the state's
    rc, _out, err = _run(capsys, ["act", number, action, *options, "--as", "王科长"])
    assert rc == 0, err
    assert _audit(env_db)[-1] == ("王科长", f"act:{action}")


def test_a_clerk_acts_only_on_the_matters_they_received(
    capsys: Any, monkeypatch: Any, sample_registration: Any
) -> None:
    number = _register(capsys, monkeypatch, sample_registration)  # first receiver 李四
    rc, _out, err = _run(capsys, ["--as", "王堃", "act", number, "accept"])
    assert rc == 2 and "首接" in _one_line(err)


def test_restore_replace_needs_the_ledger_s_administrator(
    capsys: Any, monkeypatch: Any, env_db: Path, tmp_path: Path, sample_registration: Any, cli_login: Path
) -> None:
    from reception.services.backup import archive

    monkeypatch.setattr(archive, "KDF_DEFAULT", {"n": 1 << 14, "r": 8, "p": 1})
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text(BACKUP_PASS + "\n", encoding="utf-8")
    usb = tmp_path / "usb"
    usb.mkdir()
    _register(capsys, monkeypatch, sample_registration)
    rc, out, err = _run(
        capsys, ["--as", "备份员", "--json", "backup", "--to", str(usb), "--passphrase-file", str(passphrase)]
    )
    assert rc == 0, err
    archive_path = json.loads(out)["path"]
    _register(capsys, monkeypatch, sample_registration, summary="备份之后登记的事项")
    before = env_db.read_bytes()
    argv = ["restore", archive_path, "--db", str(env_db), "--passphrase-file", str(passphrase), "--replace"]
    monkeypatch.delenv("RECEPTION_AUTH_FILE")
    rc, _out, err = _run(capsys, argv)
    assert rc == 2 and "--as" in _one_line(err)
    monkeypatch.setenv("RECEPTION_AUTH_FILE", str(cli_login))
    for who in ("李四", "王科长", "备份员"):
        rc, _out, err = _run(capsys, [*argv, "--as", who])
        assert rc == 2 and "恢复备份" in _one_line(err), (who, err)
    assert env_db.read_bytes() == before
    assert sorted(p.name for p in env_db.parent.iterdir() if ".restored-" in p.name) == []
    rc, out, err = _run(capsys, [*argv, "--as", "测试员", "--json"])
    assert rc == 0, err
    assert _audit(env_db)[-1] == ("测试员", "restore")


def test_restore_into_a_new_file_needs_an_administrator_of_the_archive(
    capsys: Any, monkeypatch: Any, env_db: Path, tmp_path: Path, sample_registration: Any
) -> None:
    from reception.services.backup import archive

    monkeypatch.setattr(archive, "KDF_DEFAULT", {"n": 1 << 14, "r": 8, "p": 1})
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text(BACKUP_PASS + "\n", encoding="utf-8")
    usb = tmp_path / "usb"
    usb.mkdir()
    _register(capsys, monkeypatch, sample_registration)
    rc, out, err = _run(
        capsys, ["--as", "备份员", "--json", "backup", "--to", str(usb), "--passphrase-file", str(passphrase)]
    )
    assert rc == 0, err
    target = tmp_path / "elsewhere" / "ledger.db"
    target.parent.mkdir()
    argv = ["restore", json.loads(out)["path"], "--db", str(target), "--passphrase-file", str(passphrase)]
    rc, _out, err = _run(capsys, [*argv, "--as", "李四"])
    assert rc == 2 and "恢复备份" in _one_line(err)
    assert list(target.parent.iterdir()) == []  # the restored file is not left behind
    rc, _out, err = _run(capsys, [*argv, "--as", "测试员"])
    assert rc == 0, err
    assert _audit(target)[-1] == ("测试员", "restore")


def test_as_no_longer_chooses_the_audit_s_name(
    capsys: Any, monkeypatch: Any, env_db: Path, tmp_path: Path, sample_registration: Any
) -> None:
    """``--as`` names an account that must log in; ``RECEPTION_ACTOR`` and the operating-system user name decide
    nothing; the audit records the account's own name."""
    monkeypatch.setenv("RECEPTION_ACTOR", "站长")
    data = json.dumps(sample_registration(), ensure_ascii=False)
    rc, _out, err = _run(capsys, ["register", "-"], stdin=data, monkeypatch=monkeypatch)
    assert rc == 2 and "--as" in _one_line(err)
    rc, _out, err = _run(capsys, ["--as", "站长", "register", "-"], stdin=data, monkeypatch=monkeypatch)
    assert rc == 2 and "用户名或密码不对" in _one_line(err)  # no such account
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-the-password\n", encoding="utf-8")
    argv = ["--as", "王科长", "--auth-file", str(wrong), "register", "-"]
    rc, _out, err = _run(capsys, argv, stdin=data, monkeypatch=monkeypatch)
    assert rc == 2 and "用户名或密码不对" in _one_line(err)
    assert _rows(env_db, "SELECT COUNT(*) FROM matter") == [(0,)]
    rc, _out, err = _run(capsys, ["--as", "王科长", "register", "-"], stdin=data, monkeypatch=monkeypatch)
    assert rc == 0, err
    assert _audit(env_db)[-1] == ("王科长", "register")
    assert "站长" not in {actor for actor, _action in _audit(env_db)}
    assert getpass.getuser() not in {actor for actor, _action in _audit(env_db)}


# -- the login itself ------------------------------------------------------------------------------------------


def test_the_desk_s_lockout_holds_at_the_command_line(capsys: Any, env_db: Path, tmp_path: Path) -> None:
    from reception.services.accounts import MAX_FAILURES, LoginFailed
    from reception.services.context import open_services

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-the-password\n", encoding="utf-8")
    for _ in range(MAX_FAILURES):
        rc, _out, err = _run(capsys, ["--as", "李四", "--auth-file", str(wrong), "search", "张"])
        assert rc == 2
    rc, _out, err = _run(capsys, ["--as", "李四", "search", "张"])  # now the right password
    assert rc == 2 and "锁定" in _one_line(err)
    services = open_services(env_db)
    try:
        with pytest.raises(LoginFailed, match="锁定"):
            services.accounts.login("李四", PASSWORD)  # the desk refuses it too
    finally:
        services.close()
    assert [a for _actor, a in _audit(env_db)].count("login-failed") == MAX_FAILURES


def test_a_terminal_is_asked_for_the_password(capsys: Any, monkeypatch: Any, no_auth_env: None) -> None:
    asked: list[str] = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": asked.append(prompt) or PASSWORD)
    rc, out, err = _run(capsys, ["--as", "李四", "search", "没有这个人", "--json"])
    assert rc == 0, err
    assert json.loads(out) == [] and asked == ["李四 的密码："]


def test_auth_file_after_the_subcommand_and_in_the_environment(
    capsys: Any, monkeypatch: Any, cli_login: Path, no_auth_env: None
) -> None:
    rc, _out, err = _run(capsys, ["search", "张", "--as", "李四", "--auth-file", str(cli_login)])
    assert rc == 0, err
    monkeypatch.setenv("RECEPTION_AUTH_FILE", str(cli_login))
    rc, _out, err = _run(capsys, ["search", "张", "--as", "李四"])
    assert rc == 0, err


def test_a_ledger_without_accounts_is_opened_by_no_one(capsys: Any, tmp_path: Path) -> None:
    from reception.services.context import open_services

    bare = tmp_path / "bare.db"
    open_services(bare).close()
    before = bare.read_bytes()
    rc, _out, err = _run(capsys, ["--db", str(bare), "--as", "测试员", "search", "张"])
    assert rc == 2 and "init" in _one_line(err)
    assert bare.read_bytes() == before
    missing = tmp_path / "missing.db"
    rc, _out, err = _run(capsys, ["--db", str(missing), "--as", "测试员", "search", "张"])
    assert rc == 2 and "init" in _one_line(err)
    assert not missing.exists()


GUARDED = [
    ["register", "-"],
    ["act", "X-2026-000001", "accept"],
    ["show", "X-2026-000001"],
    ["search", "张"],
    ["print", "receipt", "X-2026-000001", "-o", "{tmp}/r.pdf"],
    ["print", "ledger", "--from", "2026-01-01", "--to", "2026-12-31", "-o", "{tmp}/l.pdf"],
    ["stats", "--from", "2026-01-01", "--to", "2026-12-31"],
    ["audit", "verify"],
    ["audit", "list"],
    ["account", "list"],
    ["export-csv", "-o", "{tmp}/e.csv"],
    ["export-xlsx", "-o", "{tmp}/e.xlsx"],
    ["backup", "--to", "{tmp}", "--passphrase-file", "{tmp}/pass.txt"],
    ["leader-day", "list"],
    ["settings", "list"],
    ["settings", "set", "window", "3"],
]


@pytest.mark.parametrize("argv", GUARDED, ids=lambda a: " ".join(a[:2]))
def test_every_command_on_the_ledger_asks_who_you_are(
    capsys: Any, monkeypatch: Any, env_db: Path, tmp_path: Path, argv: list[str]
) -> None:
    (tmp_path / "pass.txt").write_text(BACKUP_PASS + "\n", encoding="utf-8")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    before = env_db.read_bytes(), sorted(p.name for p in tmp_path.iterdir())
    rc, out, err = _run(capsys, argv, stdin="{}", monkeypatch=monkeypatch)
    assert rc == 2 and out == ""
    assert "--as" in _one_line(err)
    assert (env_db.read_bytes(), sorted(p.name for p in tmp_path.iterdir())) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["register", "-"],
        ["show", "X-2026-000001"],
        ["search", "张"],
        ["export-csv", "-o", "{tmp}/e.csv"],
        ["audit", "list"],
        ["stats", "--from", "2026-01-01", "--to", "2026-12-31"],
        ["print", "ledger", "--from", "2026-01-01", "--to", "2026-12-31", "-o", "{tmp}/l.pdf"],
        ["act", "X-2026-000001", "accept"],
    ],
    ids=lambda a: a[0],
)
def test_the_backup_account_makes_backups_and_nothing_else(
    capsys: Any, monkeypatch: Any, env_db: Path, tmp_path: Path, argv: list[str]
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    rc, out, err = _run(capsys, ["--as", "备份员", *argv], stdin="{}", monkeypatch=monkeypatch)
    assert rc == 2 and out == "", (argv, out)
    assert "备份" in _one_line(err)


def test_the_backup_account_opens_no_desk(env_db: Path) -> None:
    from reception.services.accounts import LoginFailed
    from reception.services.context import open_services

    services = open_services(env_db)
    try:
        with pytest.raises(LoginFailed, match="备份"):
            services.accounts.login("备份员", PASSWORD)
        assert services.accounts.login("备份员", PASSWORD, via="cli").role.value == "backup"
    finally:
        services.close()


def test_the_backup_account_backs_up_and_is_named_in_the_archive(
    capsys: Any, monkeypatch: Any, env_db: Path, tmp_path: Path, sample_registration: Any
) -> None:
    from reception.services.backup import archive

    monkeypatch.setattr(archive, "KDF_DEFAULT", {"n": 1 << 14, "r": 8, "p": 1})
    _register(capsys, monkeypatch, sample_registration)
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text(BACKUP_PASS + "\n", encoding="utf-8")
    usb = tmp_path / "usb"
    usb.mkdir()
    rc, out, err = _run(
        capsys, ["--as", "备份员", "--json", "backup", "--to", str(usb), "--passphrase-file", str(passphrase)]
    )
    assert rc == 0, err
    path = json.loads(out)["path"]
    rc, out, err = _run(capsys, ["--json", "verify", path, "--passphrase-file", str(passphrase)])
    assert rc == 0, err
    assert json.loads(out)["clerk"] == "备份员"
    assert _audit(env_db)[-1] == ("备份员", "backup")


def test_every_account_of_the_fixture_logs_in(env_db: Path) -> None:
    """The accounts the command-line tests rely on, each with its role (tests/actors.py)."""
    from reception.services.context import open_services

    services = open_services(env_db)
    try:
        for username, name, role in ACCOUNTS:
            principal = services.accounts.login(username, PASSWORD, via="cli")
            assert (principal.name, principal.role) == (name, role)
        assert admin().role == ACCOUNTS[0][2]
    finally:
        services.close()
