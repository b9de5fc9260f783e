"""Every writing command refuses the ledger, its companions, backups and non-regular files, and replaces an
existing file only with ``--force`` (reception/services/output_paths.py).  A refusal exits 2 with one line on
stderr and writes nothing: the ledger's bytes, the target and the folder are as they were."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from reception.cli import main
from tests.actors import AS_ADMIN

# the command's ledger has the accounts of tests/actors.py, their password in RECEPTION_AUTH_FILE
pytestmark = pytest.mark.usefixtures("cli_login")


def _run(capsys: Any, argv: list[str]) -> tuple[int, str, str]:
    try:
        rc = main(argv if "--as" in argv else [*AS_ADMIN, *argv])
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def number(env_db: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, sample_registration: Any) -> str:
    monkeypatch.setattr(sys, "stdin", StringIO(json.dumps(sample_registration(), ensure_ascii=False)))
    rc, out, err = _run(capsys, ["register", "-"])
    assert rc == 0, err
    return json.loads(out)["number"]


def _commands(number: str, out: str) -> dict[str, list[str]]:
    return {
        "print": ["print", "receipt", number, "-o", out],
        "export-xlsx": ["export-xlsx", "-o", out],
        "stats": ["stats", "--from", "2025-01-01", "--to", "2030-12-31", "-o", out],
    }


def _state(folder: Path, ledger: Path) -> tuple[list[str], str]:
    con = sqlite3.connect(ledger)  # fold the WAL in, so the hash covers every committed page
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return sorted(p.name for p in folder.iterdir()), hashlib.sha256(ledger.read_bytes()).hexdigest()


def _refused(capsys: Any, argv: list[str], folder: Path, ledger: Path, words: str) -> None:
    before = _state(folder, ledger)
    rc, out, err = _run(capsys, argv)
    assert rc == 2, (argv, out, err)
    assert err.count("\n") == 1 and err.startswith("reception: ") and words in err, err
    assert _state(folder, ledger) == before


@pytest.mark.parametrize("command", ["print", "export-xlsx", "stats"])
def test_the_ledger_and_its_wal_are_refused(capsys: Any, env_db: Path, number: str, command: str) -> None:
    for target in (env_db, env_db.with_name(env_db.name + "-wal")):
        argv = _commands(number, str(target))[command]
        _refused(capsys, argv, env_db.parent, env_db, "台账文件")
        _refused(capsys, [*argv, "--force"], env_db.parent, env_db, "台账文件")
    rc, out, err = _run(capsys, ["--json", "search", number])
    assert rc == 0 and [r["number"] for r in json.loads(out)] == [number], err


@pytest.mark.parametrize("command", ["print", "export-xlsx", "stats"])
def test_backups_devices_and_folders_are_refused(
    capsys: Any, env_db: Path, number: str, command: str, tmp_path: Path
) -> None:
    archive = tmp_path / "reception-站-20260101-120000.rcpbak"
    archive.write_bytes(b"RCPBAK")
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    for target, words in ((archive, "备份文件"), (fifo, "不是普通文件"), (Path(os.devnull), "不是普通文件")):
        _refused(capsys, [*_commands(number, str(target))[command], "--force"], tmp_path, env_db, words)
    _refused(capsys, [*_commands(number, str(folder))[command], "--force"], tmp_path, env_db, "文件夹")
    assert archive.read_bytes() == b"RCPBAK"


@pytest.mark.parametrize(("command", "suffix"), [("print", ".pdf"), ("export-xlsx", ".xlsx"), ("stats", ".xlsx")])
def test_an_existing_file_is_replaced_only_with_force(
    capsys: Any, env_db: Path, number: str, command: str, suffix: str, tmp_path: Path
) -> None:
    target = tmp_path / f"out{suffix}"
    target.write_bytes(b"keep me")
    argv = _commands(number, str(target))[command]
    _refused(capsys, argv, tmp_path, env_db, "--force")
    assert target.read_bytes() == b"keep me"

    rc, _out, err = _run(capsys, [*argv, "--force"])
    assert rc == 0, err
    assert target.read_bytes()[:4] in (b"%PDF", b"PK\x03\x04")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary file left
