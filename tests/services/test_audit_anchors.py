"""Anchors made as a side effect of ordinary work, and old ledgers sealed (issue 17).

The chain's head goes into every backup's manifest, every export (the xlsx keywords, the CSV's last line) and, in
small type and in the PDF keywords, onto the printed ledger and statistics reports.  ``verify --against`` each of
them proves the history up to it unchanged; a backup checks the previous backup's anchor and refuses a rewritten
history.  Real ledger files, tampered with ``sqlite3`` as the insider's script does.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from reception.cli import main
from reception.domain.roles import Principal, Role
from reception.services.audit import GENESIS, Head, entry_hash, entry_mac, read_anchor
from reception.services.backup import BackupError, read_manifest
from reception.services.context import chain_key, key_file, open_services
from reception.storage.db import init_db
from tests.actors import AS_ADMIN, seed_accounts

CLERK = Principal("李四", Role.CLERK)
ADMIN = Principal("管理员", Role.ADMINISTRATOR)
PASS = "correct horse battery staple 2026"


@pytest.fixture
def ledger(
    tmp_path: Path, sample_registration: Callable[..., dict[str, Any]], auth_file: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Three accepted matters, and the accounts the command logs in with (tests/actors.py)."""
    path = tmp_path / "ledger.db"
    monkeypatch.setenv("RECEPTION_AUTH_FILE", str(auth_file))
    services = open_services(path)
    try:
        for i in range(3):
            matter = services.ledger.register(sample_registration(name=f"王{i}"), actor=CLERK)
            services.ledger.act(matter.number, "accept", {}, actor=CLERK)
    finally:
        services.close()
    seed_accounts(path)
    return path


def _rewrite_history_with_key(path: Path) -> None:
    """An insider with the ledger and its key file: changes who registered the first matter and recomputes every
    MAC (the entry covers no row digest of its own to contradict it)."""
    store = init_db(path)
    key = chain_key(store)
    store.close()
    con = sqlite3.connect(path)
    con.execute("UPDATE audit_entry SET actor = '王五' WHERE id = 1")
    prev = GENESIS
    rows = con.execute("SELECT id, at, actor, action, matter_number, detail, rows FROM audit_entry ORDER BY id")
    for entry_id, at, actor, action, number, detail, covered in rows.fetchall():
        h = entry_mac(key, prev, at.replace(" ", "T"), actor, action, number, detail, covered)
        con.execute("UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h, entry_id))
        prev = h
    con.execute("UPDATE counter SET value = (SELECT COUNT(*) FROM audit_entry) WHERE name = 'audit'")
    con.commit()
    con.close()


def _head(path: Path) -> Head:
    services = open_services(path)
    try:
        return services.audit.head()
    finally:
        services.close()


# -- backups --------------------------------------------------------------------------------------------------------


def test_every_backup_carries_the_head_and_the_next_refuses_a_rewritten_history(ledger: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    services = open_services(ledger)
    try:
        head = services.audit.head()
        first = services.backup.backup(usb, PASS, actor=ADMIN)
        assert read_manifest(first.path, PASS).data["audit_head"] == head.as_dict()
        assert services.backup.previous_anchors(usb, PASS)[0] == head
        second = services.backup.backup(usb, PASS, actor=ADMIN)  # untouched: the check passes
        assert second.path != first.path
    finally:
        services.close()
    archives = sorted(usb.iterdir())
    _rewrite_history_with_key(ledger)
    services = open_services(ledger)
    try:
        assert services.audit.verify().ok  # consistent in itself: only the anchor can tell
        with pytest.raises(BackupError, match="审计记录与上次备份时不符，已拒绝备份"):
            services.backup.backup(usb, PASS, actor=ADMIN)
    finally:
        services.close()
    assert sorted(usb.iterdir()) == archives  # nothing written over the witness


def test_a_backup_to_another_drive_still_checks_the_last_anchor_of_the_register(ledger: Path, tmp_path: Path) -> None:
    first, other = tmp_path / "usb1", tmp_path / "usb2"
    first.mkdir()
    other.mkdir()
    services = open_services(ledger)
    try:
        services.backup.backup(first, PASS, actor=ADMIN)
    finally:
        services.close()
    _rewrite_history_with_key(ledger)
    services = open_services(ledger)
    try:
        with pytest.raises(BackupError, match="已拒绝备份"):
            services.backup.backup(other, PASS, actor=ADMIN)
    finally:
        services.close()


def test_the_command_refuses_the_backup_and_verifies_against_the_archive(
    ledger: Path, tmp_path: Path, capsys: Any
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASS + "\n", encoding="utf-8")
    assert main([*AS_ADMIN, "--db", str(ledger), "backup", "--to", str(usb), "--passphrase-file", str(passfile)]) == 0
    (archive,) = usb.iterdir()
    argv = [
        *AS_ADMIN,
        "--db",
        str(ledger),
        "audit",
        "verify",
        "--against",
        str(archive),
        "--passphrase-file",
        str(passfile),
    ]
    capsys.readouterr()
    assert main(argv) == 0
    _rewrite_history_with_key(ledger)
    capsys.readouterr()
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "与锚点不符" in err and len(err.strip().splitlines()) == 1
    code = main([*AS_ADMIN, "--db", str(ledger), "backup", "--to", str(usb), "--passphrase-file", str(passfile)])
    assert code == 1
    assert "已拒绝备份" in capsys.readouterr().err
    assert len(list(usb.iterdir())) == 1


# -- exports and printed reports ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["out.xlsx", "out.csv"])
def test_every_export_carries_the_head(ledger: Path, tmp_path: Path, name: str) -> None:
    services = open_services(ledger)
    try:
        head = services.audit.head()
        services.export.export(tmp_path / name, actor=ADMIN)
        anchor = read_anchor(tmp_path / name)
        assert anchor == head
        assert services.audit.verify(anchor).ok
    finally:
        services.close()
    if name.endswith(".csv"):
        last = (tmp_path / name).read_text(encoding="utf-8-sig").splitlines()[-1]
        assert last == f"# {head.token}"
    _rewrite_history_with_key(ledger)
    services = open_services(ledger)
    try:
        result = services.audit.verify(read_anchor(tmp_path / name))
    finally:
        services.close()
    assert not result.ok and "锚点" in result.message


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_printed_ledger_and_statistics_carry_the_head(ledger: Path, tmp_path: Path) -> None:
    services = open_services(ledger)
    heads = {}
    try:
        today = date.today()
        heads["ledger.pdf"] = services.audit.head()
        services.documents.print_ledger(
            tmp_path / "ledger.pdf", date_from=today - timedelta(days=10), date_to=today, actor=ADMIN
        )
        heads["stats.pdf"] = services.audit.head()
        report = services.stats.report(today - timedelta(days=10), today)
        services.stats.export(report, tmp_path / "stats.pdf")
    finally:
        services.close()
    for name, head in heads.items():
        pdf = tmp_path / name
        assert read_anchor(pdf) == head  # the PDF keywords
        assert f"审计链锚点 {head.entries}:{head.mac}" in _pdf_text(pdf).replace("\n", "")  # printed on the page


def test_verify_against_a_head_given_as_text(ledger: Path, capsys: Any) -> None:
    head = _head(ledger)
    capsys.readouterr()
    assert (
        main([*AS_ADMIN, "--db", str(ledger), "--json", "audit", "verify", "--against", f"{head.entries}:{head.mac}"])
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] and doc["anchor"] == head.as_dict() and doc["rows_checked"] > 0
    assert main([*AS_ADMIN, "--db", str(ledger), "audit", "verify", "--against", "12:xyz"]) == 2
    assert main([*AS_ADMIN, "--db", str(ledger), "audit", "verify", "--against", f"{head.entries + 5}:{head.mac}"]) == 1


# -- old ledgers ----------------------------------------------------------------------------------------------------


def _make_old_ledger(path: Path) -> int:
    """Turn a ledger into one written before issue 17: an unkeyed chain, schema 1, no key file."""
    con = sqlite3.connect(path)
    prev = GENESIS
    for entry_id, at, actor, action, number, detail in con.execute(
        "SELECT id, at, actor, action, matter_number, detail FROM audit_entry ORDER BY id"
    ).fetchall():
        h = entry_hash(prev, at.replace(" ", "T"), actor, action, number, detail)
        con.execute("UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h, entry_id))
        prev = h
    con.execute("ALTER TABLE audit_entry DROP COLUMN rows")
    con.execute("ALTER TABLE backup DROP COLUMN anchor")
    con.execute("DELETE FROM schema_version WHERE version > 1")
    con.execute("DELETE FROM setting WHERE key = 'audit_seal'")
    n = int(con.execute("SELECT COUNT(*) FROM audit_entry").fetchone()[0])
    con.commit()
    con.close()
    store = init_db(path, migrate=False)
    key_file(store).unlink()
    store.close()
    return n


def test_an_old_ledger_is_sealed_with_the_migration_in_the_trail(ledger: Path) -> None:
    old = _make_old_ledger(ledger)
    con = sqlite3.connect(ledger)
    old_head = con.execute("SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()[0]
    con.close()
    services = open_services(ledger)
    try:
        entries = list(reversed(services.audit.entries(limit=1000)))
        seal = entries[old]
        assert (seal.action, seal.actor) == ("audit-seal", "系统")
        assert seal.detail == {
            "migration": 2,
            "sealed_entries": old,
            "sealed_head": old_head,
            "unkeyed_chain_intact": True,
        }
        assert [e.action for e in entries[old + 1 :]] == ["audit-baseline"] * 4  # three matters, then the persons
        result = services.audit.verify(Head(old, old_head))  # the old head is the first anchor
        assert result.ok, result.message
        assert result.rows_checked > 0
    finally:
        services.close()
    assert list(ledger.parent.glob("ledger.db.v1-*.bak"))  # the copy taken before migrating
    services = open_services(ledger)  # sealed once only
    try:
        assert [e.action for e in services.audit.entries(limit=1000)].count("audit-seal") == 1
    finally:
        services.close()


def test_an_old_chain_rewritten_before_the_seal_is_caught_by_its_earlier_anchor(ledger: Path) -> None:
    old = _make_old_ledger(ledger)
    con = sqlite3.connect(ledger)
    earlier = Head(old, con.execute("SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()[0])
    con.execute("UPDATE audit_entry SET actor = '王五' WHERE id = 2")
    con.commit()
    con.close()
    services = open_services(ledger)
    try:
        result = services.audit.verify(earlier)
        seal = next(e for e in services.audit.entries(limit=1000) if e.action == "audit-seal")
    finally:
        services.close()
    assert not result.ok and result.first_bad_id == 2
    assert seal.detail["unkeyed_chain_intact"] is False


def test_unkeyed_entries_after_the_seal_are_refused(ledger: Path) -> None:
    con = sqlite3.connect(ledger)
    last = con.execute("SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()[0]
    forged = entry_hash(last, "2026-12-01T10:00:00", "赵科长", "reveal", "", "{}")
    con.execute(
        "INSERT INTO audit_entry (at, actor, action, matter_number, detail, prev_hash, hash) "
        "VALUES ('2026-12-01T10:00:00', '赵科长', 'reveal', '', '{}', ?, ?)",
        (last, forged),
    )
    con.commit()
    con.close()
    services = open_services(ledger)
    try:
        result = services.audit.verify()
    finally:
        services.close()
    assert not result.ok and "不是本台写入" in result.message
