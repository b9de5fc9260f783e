"""Inputs that gave a traceback, hung, or were taken wrongly: each exits 2 with one line (or, the BOM, is taken)."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reception.cli import main
from tests.actors import AS_ADMIN

# the command's ledger has the accounts of tests/actors.py, their password in RECEPTION_AUTH_FILE
pytestmark = pytest.mark.usefixtures("cli_login")


def _run(capsys, monkeypatch, argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        rc = main(argv if "--as" in argv else [*AS_ADMIN, *argv])
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return rc, out, err


def _refused(capsys, monkeypatch, argv: list[str], stdin: str | None = None) -> str:
    rc, out, err = _run(capsys, monkeypatch, argv, stdin)
    assert rc == 2, (out, err)
    assert err.endswith("\n") and err.count("\n") == 1 and "Traceback" not in err, repr(err)
    return err.strip()


def _matters(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT COUNT(*) FROM matter").fetchone()[0]
    finally:
        con.close()


def test_invalid_utf8_in_an_argument(capsys, monkeypatch) -> None:
    arg = b"\xff\xfe\xe5\xbc".decode("utf-8", "surrogateescape")  # what Python makes of such bytes in argv
    assert "UTF-8" in _refused(capsys, monkeypatch, ["search", arg])


@pytest.mark.parametrize(
    "argv",
    [
        ["stats", "--from", "0001-01-01", "--to", "0001-12-31"],
        ["stats", "--from", "9999-01-01", "--to", "9999-12-31"],
        ["print", "ledger", "--from", "0001-01-01", "--to", "9999-12-31", "-o", "OUT"],
        ["export-csv", "--from", "0001-01-01", "--to", "9999-12-31", "-o", "OUT"],
        ["leader-day", "list", "--from", "0001-01-01", "--to", "9999-12-31"],
    ],
)
def test_year_1_and_9999_date_ranges(capsys, monkeypatch, tmp_path: Path, argv: list[str]) -> None:
    argv = [str(tmp_path / "out.file") if a == "OUT" else a for a in argv]
    assert "日期范围" in _refused(capsys, monkeypatch, argv)
    assert not (tmp_path / "out.file").exists()


def test_a_password_file_that_is_not_utf8(capsys, monkeypatch, tmp_path: Path) -> None:
    pw = tmp_path / "pw.txt"
    pw.write_bytes(b"\xb9\xdc\xc0\xed\xd4\xb1-2026\n")  # GBK
    line = _refused(
        capsys, monkeypatch, ["account", "add", "--username", "u1", "--name", "王一", "--password-file", str(pw)]
    )
    assert "UTF-8" in line


@pytest.mark.parametrize(
    "url", ["postgresql://[::1", "postgresql://user@host:port/db", "postgresql://u:pw@[fe80::1/db"]
)
def test_a_malformed_postgresql_url(capsys, monkeypatch, url: str) -> None:
    line = _refused(capsys, monkeypatch, ["--db", url, "search", "张"])
    assert ":pw@" not in line


def test_a_malformed_postgresql_url_with_a_password_in_its_query(capsys, monkeypatch) -> None:
    url = "postgresql://u@host:port/db?password=s3cret-value"
    line = _refused(capsys, monkeypatch, ["--db", url, "search", "张"])
    assert "s3cret-value" not in line and "password=***" in line


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://reception@127.0.0.1:1/none?password=s3cret-value&connect_timeout=1",
        "postgresql://reception:s3cret-value@127.0.0.1:1/none?connect_timeout=1",
        "postgresql://127.0.0.1:1/none?sslmode=bogus&password=s3cret-value",
    ],
)
def test_a_postgresql_password_is_never_shown(capsys, monkeypatch, url: str) -> None:
    pytest.importorskip("psycopg2")
    line = _refused(capsys, monkeypatch, ["--db", url, "search", "张"])
    assert "s3cret-value" not in line


def test_redact_url_masks_a_password_in_the_query() -> None:
    from reception.storage.db import redact_url

    assert (
        redact_url("postgresql://h/db?password=abc&sslmode=require") == "postgresql://h/db?password=***&sslmode=require"
    )
    assert redact_url("postgresql://u:abc@h/db") == "postgresql://u:***@h/db"
    assert "abc" not in redact_url("postgresql://u:abc@[::1/db?PassWord=abc")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize(
    "argv",
    [
        ["register", "/dev/zero"],
        ["backup", "--to", "DIR", "--passphrase-file", "/dev/zero"],
        ["verify", "x.rcpbak", "--passphrase-file", "/dev/zero"],
        ["account", "add", "--username", "u1", "--name", "王一", "--password-file", "/dev/zero"],
    ],
)
def test_dev_zero_as_input(capsys, monkeypatch, tmp_path: Path, argv: list[str]) -> None:
    argv = [str(tmp_path) if a == "DIR" else a for a in argv]
    assert "不是普通文件" in _refused(capsys, monkeypatch, argv)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("command", ["backup", "account", "register"])
def test_a_fifo_as_passphrase_or_input_file_does_not_hang(tmp_path: Path, env_db: Path, command: str) -> None:
    fifo = tmp_path / "pass.fifo"
    os.mkfifo(fifo)
    argv = {
        "backup": ["backup", "--to", str(tmp_path), "--passphrase-file", str(fifo)],
        "account": ["account", "add", "--username", "u1", "--name", "王一", "--password-file", str(fifo)],
        "register": ["register", str(fifo)],
    }[command]
    done = subprocess.run(
        [sys.executable, "-m", "reception.cli", *AS_ADMIN, *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 2 and "不是普通文件" in done.stderr and done.stderr.count("\n") == 1, done.stderr


@pytest.mark.parametrize(
    ("received_at", "why"),
    [
        ("0001-01-01T09:00:00", "日期范围"),
        ("1900-05-01T09:00:00", "日期范围"),
        ("9999-12-31T09:00:00", "日期范围"),
        ("2026-01-01T09:00:00+08:00", "时区"),
        ("2026-01-01T01:00:00Z", "时区"),
        ("2026-01-01garbage", "不是有效时间"),
    ],
)
def test_received_at_out_of_range_zoned_or_garbled(
    capsys, monkeypatch, env_db: Path, sample_registration, received_at: str, why: str
) -> None:
    data = sample_registration(received_at=received_at)
    assert why in _refused(capsys, monkeypatch, ["register", "-"], json.dumps(data, ensure_ascii=False))
    assert _matters(env_db) == 0


@pytest.mark.parametrize("value", ["2026-01-01garbage", "2026-01-01 junk", "2026-01-0"])
def test_a_date_with_trailing_garbage(capsys, monkeypatch, value: str) -> None:
    argv = ["print", "ledger", "--from", value, "--to", "2026-01-31", "-o", "out.pdf"]
    assert "不是有效日期" in _refused(capsys, monkeypatch, argv)


def test_a_source_due_date_with_garbage(capsys, monkeypatch, env_db: Path, sample_registration) -> None:
    data: dict[str, Any] = sample_registration(
        source={
            "kind": "forwarded",
            "agency": "市信访局",
            "document_number": "市信转〔2026〕1号",
            "due": "2026-12-10xx",
        }
    )
    assert "不是有效日期" in _refused(capsys, monkeypatch, ["register", "-"], json.dumps(data, ensure_ascii=False))


def test_a_register_file_with_a_utf8_bom_is_taken(
    capsys, monkeypatch, tmp_path: Path, env_db: Path, sample_registration
) -> None:
    src = tmp_path / "notepad.json"
    src.write_bytes(b"\xef\xbb\xbf" + json.dumps(sample_registration(), ensure_ascii=False).encode("utf-8"))
    rc, out, err = _run(capsys, monkeypatch, ["register", str(src)])
    assert rc == 0, err
    assert json.loads(out)["number"] and _matters(env_db) == 1


def test_a_date_at_the_edges_of_the_range_is_taken() -> None:
    from datetime import date

    from reception.domain.matter import DATE_MAX, DATE_MIN, parse_date, parse_datetime

    assert parse_date("1949-10-01", "日期", "d") == DATE_MIN
    assert parse_date(DATE_MAX.isoformat(), "日期", "d") == DATE_MAX
    assert parse_date("2026-01-01T08:30", "日期", "d") == date(2026, 1, 1)
    assert parse_datetime("2026-01-01 08:30:15.5", "时间", "t") is not None
