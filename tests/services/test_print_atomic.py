"""A document number and its PDF are committed together: a print killed at any moment either issued the number and
the file carries it under its final name, or issued nothing and no file carries it (issue 19)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reception.services.context import open_services
from tests.actors import ADMIN, admin

pytestmark = pytest.mark.sqlite_only

CHILD = """
import os, sys
from reception.printing import patches
patches.install()
from reception.services.context import open_services
where = sys.argv[3]
if where == "before-commit":  # the PDF is rendered, the transaction not committed
    from reception.storage.repo import Repository
    Repository.insert_event = lambda *a, **k: os._exit(9)
else:  # committed, not yet renamed
    from reception.services.pending_prints import Pending
    Pending.finish = lambda self: os._exit(9)
from reception.domain.roles import Principal, Role
services = open_services(sys.argv[1], create=False)
services.documents.print_document(sys.argv[2], "acceptance", sys.argv[4], actor=Principal("刘喆", Role.ADMINISTRATOR))
"""


def _accepted(path: Path, registration: dict[str, Any]) -> str:
    svc = open_services(path)
    try:
        number = svc.ledger.register(registration, actor=ADMIN).number
        svc.ledger.act(number, "accept", {}, actor=admin("刘喆"))
        return number
    finally:
        svc.close()


def _killed_print(path: Path, number: str, out: Path, where: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), number, where, str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 9, done.stderr


def _documents(path: Path) -> list[tuple[str, int, str]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT number, seq, sha256 FROM document WHERE kind = 'acceptance' ORDER BY id").fetchall()
    finally:
        con.close()


def test_a_print_killed_before_its_commit_leaves_no_file_and_no_number(tmp_path: Path, sample_registration) -> None:
    ledger = tmp_path / "ledger.db"
    number = _accepted(ledger, sample_registration())
    out = tmp_path / "out"
    out.mkdir()
    _killed_print(ledger, number, out / "acceptance.pdf", "before-commit")
    assert not (out / "acceptance.pdf").exists()  # no file carries a number the ledger never issued
    assert _documents(ledger) == []
    svc = open_services(ledger)  # the next start sweeps the temporary PDF
    try:
        assert list(out.iterdir()) == []
        record = svc.documents.print_document(number, "acceptance", str(out / "again.pdf"), actor=admin("刘喆"))
    finally:
        svc.close()
    assert [d[1] for d in _documents(ledger)] == [1] and record.number.endswith("1号")
    assert sorted(p.name for p in out.iterdir()) == ["again.pdf"]


def test_a_print_killed_after_its_commit_gets_its_file_under_the_final_name(
    tmp_path: Path, sample_registration
) -> None:
    ledger = tmp_path / "ledger.db"
    number = _accepted(ledger, sample_registration())
    out = tmp_path / "out"
    out.mkdir()
    _killed_print(ledger, number, out / "acceptance.pdf", "after-commit")
    [(doc_number, seq, digest)] = _documents(ledger)
    assert seq == 1
    svc = open_services(ledger)  # the next start finishes the rename
    svc.close()
    assert sorted(p.name for p in out.iterdir()) == ["acceptance.pdf"]
    assert hashlib.sha256((out / "acceptance.pdf").read_bytes()).hexdigest() == digest
    journal = ledger.with_name(ledger.name + ".private")
    assert not [p for p in journal.iterdir() if p.suffix == ".print"]
    assert json.dumps(doc_number)  # the number stays the matter's: a reprint keeps it


def test_a_committed_print_whose_file_vanished_is_reported(
    tmp_path: Path, sample_registration, caplog: pytest.LogCaptureFixture
) -> None:
    ledger = tmp_path / "ledger.db"
    number = _accepted(ledger, sample_registration())
    out = tmp_path / "out"
    out.mkdir()
    _killed_print(ledger, number, out / "acceptance.pdf", "after-commit")
    for p in out.iterdir():
        p.unlink()
    with caplog.at_level("WARNING"):
        open_services(ledger).close()
    assert any("文书已登记但文件不在" in r.getMessage() and "补打" in r.getMessage() for r in caplog.records)
