"""Every file the desk writes that holds personal data is readable by its owner only on Linux, whatever the
process's umask (the clerks of a window PC often share one OS account, but the PC has other accounts and the
files travel): the registration draft, printed PDFs, exports, backups and the log (tests/services/test_logs.py)."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reception.cli import main
from tests.actors import AS_ADMIN

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="POSIX file modes"),
    pytest.mark.usefixtures("cli_login"),
]


@pytest.fixture(autouse=True)
def _world_readable_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual default: a new file is readable by every account of the PC
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _run(capsys: Any, argv: list[str]) -> str:
    rc = main([*AS_ADMIN, *argv])
    out, err = capsys.readouterr()
    assert rc == 0, err
    return out


@pytest.fixture
def number(capsys: Any, monkeypatch: pytest.MonkeyPatch, sample_registration: Any) -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(sample_registration(), ensure_ascii=False)))
    return json.loads(_run(capsys, ["register", "-"]))["number"]


def test_the_draft_is_owner_only(tmp_path: Path) -> None:
    from reception.ui.pages.registration.draft import write_draft

    path = write_draft(tmp_path / "data" / "draft.json", {"id_number": "11010519491231002X"}, clerk="李四")
    assert _mode(path) == 0o600
    write_draft(path, {"id_number": "11010519491231002X", "phone": "13807130001"}, clerk="李四")  # saved again
    assert _mode(path) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["draft.json"]


def test_printed_documents_are_owner_only(capsys: Any, tmp_path: Path, number: str) -> None:
    receipt = tmp_path / "receipt.pdf"
    _run(capsys, ["print", "receipt", number, "-o", str(receipt)])
    ledger = tmp_path / "ledger.pdf"
    _run(capsys, ["print", "ledger", "--from", "2000-01-01", "--to", "2100-12-31", "-o", str(ledger)])
    assert (_mode(receipt), _mode(ledger)) == (0o600, 0o600)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_exports_are_owner_only(capsys: Any, tmp_path: Path, number: str, suffix: str) -> None:
    out = tmp_path / f"ledger{suffix}"
    _run(capsys, ["export-csv" if suffix == ".csv" else "export-xlsx", "-o", str(out)])
    assert _mode(out) == 0o600
    _run(capsys, ["export-csv" if suffix == ".csv" else "export-xlsx", "-o", str(out), "--force", "--full"])
    assert _mode(out) == 0o600


def test_statistics_reports_are_owner_only(capsys: Any, tmp_path: Path, number: str) -> None:
    for name in ("report.pdf", "report.xlsx"):
        _run(capsys, ["stats", "--from", "2020-01-01", "--to", "2029-12-31", "-o", str(tmp_path / name)])
        assert _mode(tmp_path / name) == 0o600


def test_backups_are_owner_only(capsys: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, number: str) -> None:
    from reception.services.backup import archive

    monkeypatch.setattr(archive, "KDF_DEFAULT", {"n": 1 << 14, "r": 8, "p": 1})
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text("备份口令 correct horse battery\n", encoding="utf-8")
    usb = tmp_path / "usb"
    usb.mkdir()
    path = Path(
        json.loads(_run(capsys, ["--json", "backup", "--to", str(usb), "--passphrase-file", str(passphrase)]))["path"]
    )
    assert _mode(path) == 0o600
    restored = tmp_path / "restored.db"
    _run(capsys, ["restore", str(path), "--db", str(restored), "--passphrase-file", str(passphrase)])
    assert _mode(restored) == 0o600


def test_the_ledger_is_owner_only(env_db: Path, number: str) -> None:
    assert _mode(env_db) == 0o600
