"""Matter and document numbers are never handed out twice: not by two windows with their own ledgers, not after
the ledger file is put back to an older copy (a restore, a copy from a USB stick)."""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from reception.domain.roles import Principal, Role
from reception.services.context import open_services
from reception.storage.numbering import marks_path
from tests.actors import admin

ADMIN = Principal(name="admin", role=Role.ADMINISTRATOR)


def _station(path: Path, code: str) -> Any:
    svc = open_services(path)
    svc.ledger.save_settings({"station_code": code}, actor=ADMIN)
    return svc


def _accept_and_print(svc: Any, registration: dict[str, Any]) -> tuple[str, str]:
    number = svc.ledger.register(registration, actor=admin()).number
    svc.ledger.act(number, "accept", {}, actor=admin("刘喆"))
    record = svc.documents.print_document(number, "acceptance", io.BytesIO(), actor=admin("刘喆"))
    return number, record.number


def test_two_windows_with_their_own_ledgers_never_issue_the_same_number(tmp_path, sample_registration):
    first = _station(tmp_path / "window1.db", "01")
    second = _station(tmp_path / "window2.db", "02")
    try:
        issued = [_accept_and_print(svc, sample_registration()) for svc in (first, second, first, second)]
    finally:
        first.close()
        second.close()
    matters = [m for m, _ in issued]
    documents = [d for _, d in issued]
    assert len(set(matters)) == 4, matters
    assert len(set(documents)) == 4, documents
    assert re.fullmatch(r"××公（信）受〔\d{4}〕01-1号", documents[0]), documents[0]
    assert documents[1].endswith("〕02-1号")


def _copy_ledger(src: Path, dst: Path) -> None:
    """A consistent copy of a closed ledger file (as a backup would hold it)."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def _put_back(copy: Path, ledger: Path) -> None:
    for companion in (ledger.with_name(ledger.name + "-wal"), ledger.with_name(ledger.name + "-shm")):
        companion.unlink(missing_ok=True)
    shutil.copyfile(copy, ledger)


def test_a_ledger_put_back_to_an_older_copy_never_reissues_a_number(tmp_path, sample_registration):
    ledger = tmp_path / "ledger.db"
    svc = open_services(ledger)
    _accept_and_print(svc, sample_registration())
    svc.close()
    _copy_ledger(ledger, tmp_path / "monday.db")

    svc = open_services(ledger)
    after_copy = [_accept_and_print(svc, sample_registration()) for _ in range(3)]
    svc.close()

    _put_back(tmp_path / "monday.db", ledger)
    svc = open_services(ledger)
    try:
        again = _accept_and_print(svc, sample_registration())
    finally:
        svc.close()
    assert again[0] not in {m for m, _ in after_copy}
    assert again[1] not in {d for _, d in after_copy}
    assert again[1].endswith("〕01-5号"), again  # above every number issued before the put-back


def test_the_floor_survives_a_damaged_or_missing_marks_file(tmp_path, sample_registration):
    """The marks file is a floor, not the source: without it the ledger's own counters still number on."""
    ledger = tmp_path / "ledger.db"
    svc = open_services(ledger)
    first = _accept_and_print(svc, sample_registration())
    svc.close()
    marks = marks_path(ledger)
    assert marks.exists()
    assert marks.stat().st_mode & 0o077 == 0  # owner-only
    assert "张三丰" not in marks.read_text(encoding="utf-8")
    marks.write_text("{not json", encoding="utf-8")
    svc = open_services(ledger)
    try:
        second = _accept_and_print(svc, sample_registration())
    finally:
        svc.close()
    assert first[1].endswith("01-1号")
    assert second[1].endswith("01-2号")
    assert '"value": 2' in marks.read_text(encoding="utf-8")  # rebuilt from the ledger


def test_a_killed_writers_temporary_copy_is_swept(tmp_path, sample_registration):
    import os
    import time

    ledger = tmp_path / "ledger.db"
    svc = open_services(ledger)
    _accept_and_print(svc, sample_registration())
    svc.close()
    left = marks_path(ledger).with_name(marks_path(ledger).name + ".tmp-4242-1")
    left.write_text("{}", encoding="utf-8")
    old = time.time() - 3600
    os.utime(left, (old, old))
    svc = open_services(ledger)
    try:
        _accept_and_print(svc, sample_registration())
    finally:
        svc.close()
    assert not left.exists()
    assert not list(tmp_path.glob("ledger.db.numbers.tmp*"))
