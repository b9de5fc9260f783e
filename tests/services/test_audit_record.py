"""The audit chain covers the record and is anchored outside the PC (issue 17).

Each test drives a real ledger file through the services as the desk does, takes the chain's head as an anchor
(as a backup, an export or a printed report would), then tampers the way the issue's insider did: a short script
with ``sqlite3`` on the file.  The ledger is then opened again and verified against the anchor.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reception.domain.roles import Principal, Role
from reception.services.audit import GENESIS, Head, entry_hash, entry_mac
from reception.services.context import chain_key, key_file, open_services
from reception.storage.db import init_db

CLERK = Principal("李四", Role.CLERK)
CHIEF = Principal("赵科长", Role.SUPERVISOR)
ADMIN = Principal("管理员", Role.ADMINISTRATOR)


@pytest.fixture
def ledger(tmp_path: Path, sample_registration: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """A ledger with registrations (one a complaint with an accused), steps, a reveal, an export and an account;
    returns its path, the anchor taken at the end, and the numbers."""
    path = tmp_path / "ledger.db"
    services = open_services(path)
    try:
        numbers = []
        for i in range(4):
            extra: dict[str, Any] = {}
            if i == 1:
                extra = {"category": "complaint", "accused": "××派出所民警王某"}
            matter = services.ledger.register(sample_registration(name=f"张三{i}", **extra), actor=CLERK)
            numbers.append(matter.number)
        services.ledger.act(numbers[0], "accept", {}, actor=CLERK)
        services.ledger.act(numbers[1], "accept", {}, actor=CLERK)
        services.ledger.show(numbers[1], reveal=True, actor=CHIEF)
        services.export.export(tmp_path / "out.csv", actor=ADMIN)
        services.accounts.create(ADMIN, "wangwu", "王五", "password-123", "clerk")
        services.ledger.act(numbers[2], "accept", {}, actor=CLERK)
        anchor = services.audit.head()
        assert services.audit.verify(anchor).ok
    finally:
        services.close()
    return {"path": path, "anchor": anchor, "numbers": numbers}


def _verify(path: Path, anchor: Head | None) -> Any:
    services = open_services(path)
    try:
        return services.audit.verify(anchor)
    finally:
        services.close()


def _script(path: Path, *statements: tuple[str, tuple[Any, ...]] | str) -> None:
    con = sqlite3.connect(path)
    for s in statements:
        sql, params = (s, ()) if isinstance(s, str) else s
        con.execute(sql, params)
    con.commit()
    con.close()


def _rechain_plain(path: Path) -> None:
    """What the insider's script does after editing entries: recompute every hash with the public algorithm and
    set the counter to the number of rows."""
    con = sqlite3.connect(path)
    prev = GENESIS
    for entry_id, at, actor, action, number, detail in con.execute(
        "SELECT id, at, actor, action, matter_number, detail FROM audit_entry ORDER BY id"
    ).fetchall():
        h = entry_hash(prev, at.replace(" ", "T"), actor, action, number, detail)
        con.execute("UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h, entry_id))
        prev = h
    con.execute("UPDATE counter SET value = (SELECT COUNT(*) FROM audit_entry) WHERE name = 'audit'")
    con.commit()
    con.close()


def _rechain_with_key(path: Path) -> None:
    """The same with the key file beside the ledger (an insider who can read both): only an anchor catches it."""
    store = init_db(path)
    key = chain_key(store)
    store.close()
    con = sqlite3.connect(path)
    prev = GENESIS
    for entry_id, at, actor, action, number, detail, rows in con.execute(
        "SELECT id, at, actor, action, matter_number, detail, rows FROM audit_entry ORDER BY id"
    ).fetchall():
        h = entry_mac(key, prev, at.replace(" ", "T"), actor, action, number, detail, rows)
        con.execute("UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h, entry_id))
        prev = h
    con.execute("UPDATE counter SET value = (SELECT COUNT(*) FROM audit_entry) WHERE name = 'audit'")
    con.commit()
    con.close()


def _first_id(path: Path, where: str) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute(f"SELECT MIN(id) FROM audit_entry WHERE {where}").fetchone()[0])
    finally:
        con.close()


# -- the untouched ledger -------------------------------------------------------------------------------------------


def test_an_untouched_ledger_verifies_against_its_anchor_and_covers_every_row(ledger) -> None:
    result = _verify(ledger["path"], ledger["anchor"])
    assert result.ok, result.message
    assert result.rows_checked >= 4 + 4 + 7 + 4  # matters, party lists, events, persons
    assert "与锚点" in result.message


def test_the_key_lives_outside_the_ledger_file_owner_only(ledger) -> None:
    store = init_db(ledger["path"])
    path = key_file(store)
    store.close()
    assert path.parent == ledger["path"].parent and path.name == "ledger.db.auditkey"
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_bytes() not in ledger["path"].read_bytes()


def test_a_copy_of_the_file_without_its_key_cannot_extend_the_chain(ledger, tmp_path: Path) -> None:
    copy = tmp_path / "copy" / "ledger.db"
    copy.parent.mkdir()
    copy.write_bytes(ledger["path"].read_bytes())
    services = open_services(copy)  # a new key file is made beside the copy: not the ledger's
    try:
        services.audit.record("伪造者", "reveal", matter_number=ledger["numbers"][1])
        result = services.audit.verify()
    finally:
        services.close()
    assert not result.ok and result.first_bad_id == 1


# -- the chain ------------------------------------------------------------------------------------------------------


def test_deleting_the_last_entries_and_lowering_the_counter(ledger) -> None:
    path, anchor = ledger["path"], ledger["anchor"]
    _script(
        path,
        "DELETE FROM audit_entry WHERE id > (SELECT MAX(id) - 3 FROM audit_entry)",
        "UPDATE counter SET value = value - 3 WHERE name = 'audit'",
    )
    result = _verify(path, anchor)
    assert not result.ok
    assert f"少于锚点的 {anchor.entries} 条" in result.message


def test_appending_a_forged_chief_reveal_with_a_correct_plain_hash(ledger) -> None:
    path = ledger["path"]
    con = sqlite3.connect(path)
    last = con.execute("SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()[0]
    at, detail = "2026-12-01T10:00:00", json.dumps({"fields": ["id_number", "phone"]})
    forged = entry_hash(last, at, "赵科长", "reveal", ledger["numbers"][3], detail)
    con.execute(
        "INSERT INTO audit_entry (at, actor, action, matter_number, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?)",
        (at, "赵科长", "reveal", ledger["numbers"][3], detail, last, forged),
    )
    forged_id = con.execute("SELECT MAX(id) FROM audit_entry").fetchone()[0]
    con.execute("UPDATE counter SET value = value + 1 WHERE name = 'audit'")
    con.commit()
    con.close()
    result = _verify(path, ledger["anchor"])
    assert (result.ok, result.first_bad_id) == (False, forged_id)
    assert f"第 {forged_id} 条" in result.message


@pytest.mark.parametrize("rechain", [_rechain_plain, _rechain_with_key], ids=["public-algorithm", "with-key"])
def test_deleting_every_reveal_export_and_account_entry_and_recomputing(ledger, rechain) -> None:
    path = ledger["path"]
    first = _first_id(path, "action IN ('reveal', 'export') OR action LIKE 'account-%'")
    _script(path, "DELETE FROM audit_entry WHERE action IN ('reveal', 'export') OR action LIKE 'account-%'")
    rechain(path)
    result = _verify(path, ledger["anchor"])
    assert not result.ok
    if rechain is _rechain_plain:
        assert result.first_bad_id == 1  # the first recomputed entry: no key, no valid MAC
    else:
        assert first <= ledger["anchor"].entries
        assert "锚点" in result.message


@pytest.mark.parametrize("rechain", [_rechain_plain, _rechain_with_key], ids=["public-algorithm", "with-key"])
def test_changing_actor_and_time_of_every_action_and_recomputing(ledger, rechain) -> None:
    path = ledger["path"]
    _script(path, "UPDATE audit_entry SET actor = '王五', at = '2026-01-05T08:00:00' WHERE action LIKE 'act:%'")
    rechain(path)
    result = _verify(path, ledger["anchor"])
    assert not result.ok
    first_act = _first_id(path, "action LIKE 'act:%'")
    if rechain is _rechain_plain:
        assert result.first_bad_id == 1
    else:
        assert result.first_bad_id == ledger["anchor"].entries and first_act < ledger["anchor"].entries
        assert f"第 {ledger['anchor'].entries} 条审计记录与锚点不符" in result.message


def test_wiping_the_audit_table(ledger) -> None:
    path = ledger["path"]
    _script(path, "DELETE FROM audit_entry", "DELETE FROM counter WHERE name = 'audit'")
    result = _verify(path, ledger["anchor"])
    assert not result.ok
    assert f"审计链只有 0 条，少于锚点的 {ledger['anchor'].entries} 条" in result.message


# -- the record -----------------------------------------------------------------------------------------------------


def _matter_id(path: Path, number: str) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT id FROM matter WHERE number = ?", (number,)).fetchone()[0])
    finally:
        con.close()


@pytest.mark.parametrize(
    ("column", "value"),
    [("summary", "反映问题已解决，无诉求。"), ("accused", ""), ("status", "closed")],
)
def test_an_edited_matter_is_named(ledger, column: str, value: str) -> None:
    path, number = ledger["path"], ledger["numbers"][1]  # the complaint, with its accused
    _script(path, (f"UPDATE matter SET {column} = ? WHERE number = ?", (value, number)))
    for anchor in (ledger["anchor"], None):
        result = _verify(path, anchor)
        assert not result.ok
        assert f"事项 {number}与审计链不符" in result.message


@pytest.mark.parametrize(("column", "value"), [("name", "李鬼"), ("id_number", "110101199001011234")])
def test_an_edited_complainant_is_named(ledger, column: str, value: str) -> None:
    path, number = ledger["path"], ledger["numbers"][1]
    mid = _matter_id(path, number)
    con = sqlite3.connect(path)
    pid = con.execute("SELECT person_id FROM matter_party WHERE matter_id = ?", (mid,)).fetchone()[0]
    con.close()
    _script(path, (f"UPDATE person SET {column} = ? WHERE id = ?", (value, pid)))
    result = _verify(path, ledger["anchor"])
    assert not result.ok
    assert f"人员档案（#{pid}）与审计链不符" in result.message


def test_a_deleted_complaint_matter_with_its_parties_and_events_is_named(ledger) -> None:
    path, number = ledger["path"], ledger["numbers"][1]
    mid = _matter_id(path, number)
    _script(
        path,
        ("DELETE FROM event WHERE matter_id = ?", (mid,)),
        ("DELETE FROM matter_party WHERE matter_id = ?", (mid,)),
        ("DELETE FROM matter WHERE id = ?", (mid,)),
    )
    result = _verify(path, ledger["anchor"])
    assert not result.ok
    assert f"事项 {number}已被删除，审计链中没有删除记录" in result.message
    assert any("当事人已被删除" in p for p in result.problems)
    assert any("办理记录" in p and "已被删除" in p for p in result.problems)


def test_an_edited_event_is_named(ledger) -> None:
    path, number = ledger["path"], ledger["numbers"][0]
    mid = _matter_id(path, number)
    con = sqlite3.connect(path)
    eid = con.execute("SELECT MAX(id) FROM event WHERE matter_id = ?", (mid,)).fetchone()[0]
    con.close()
    _script(path, ("UPDATE event SET actor = '王五', at = '2026-01-01 08:00:00' WHERE id = ?", (eid,)))
    result = _verify(path, ledger["anchor"])
    assert not result.ok
    assert f"事项 {number} 的办理记录（#{eid}）与审计链不符" in result.message


def test_a_row_the_chain_never_saw_is_named(ledger) -> None:
    path = ledger["path"]
    now = datetime.now().isoformat(sep=" ")
    _script(
        path,
        (
            (
                "INSERT INTO person (name, doc_type, phone, address, ethnicity, hukou, occupation, employer, "
                "created_at, updated_at) VALUES ('无名', 'none', '', '', '', '', '', '', ?, ?)"
            ),
            (now, now),
        ),
    )
    result = _verify(path, ledger["anchor"])
    assert not result.ok and "不在审计链中" in result.message


def test_a_tampered_row_is_not_laundered_by_the_next_step(ledger) -> None:
    """The desk's next step on the matter covers the row before and after: the edit made before it is named."""
    path, number = ledger["path"], ledger["numbers"][0]
    _script(path, ("UPDATE matter SET summary = '改过的摘要' WHERE number = ?", (number,)))
    services = open_services(path)
    try:
        services.ledger.act(number, "assign", {"to": "12345"}, actor=CHIEF)
        last = services.audit.head().entries
        result = services.audit.verify(ledger["anchor"])
    finally:
        services.close()
    assert not result.ok
    assert result.first_bad_id == last
    assert f"第 {last} 条审计记录之前，事项 {number}已在本台以外被改动" in result.message


def test_the_digest_covers_every_column() -> None:
    """Sanity of the digest rule: an empty value and a missing column digest alike, any other change differs."""
    from reception.storage.audit import _digest, _pairs

    names = ["id", "a", "b"]
    order = [1, 2, 0]
    base = _digest(_pairs("m", names, order, (1, "x", None)))
    assert base == _digest(_pairs("m", names, order, (1, "x", "")))
    assert base != _digest(_pairs("m", names, order, (1, "y", None)))
    assert base != _digest(_pairs("m", names, order, (2, "x", None)))
    assert hashlib.sha256(b"").hexdigest()[:32] != base
