"""The live ledger's file held still as a snapshot (pin_ledger), and reading it as plain bytes (read_chunks)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reception.storage import snapshot as sn


def _ledger(path: Path, rows: int = 2000) -> Path:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE matter (id INTEGER PRIMARY KEY, summary TEXT NOT NULL)")
    conn.execute("CREATE INDEX matter_summary ON matter (summary)")
    conn.execute("CREATE TABLE person (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO setting VALUES ('station_code', '05')")
    with conn:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO matter (summary) VALUES (?)", [(f"反映事项 {i} " * 5,) for i in range(rows)])
    conn.close()
    return path


def _writer(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # only the checkpoints a test asks for
    return conn


def _copy_out(pinned: sn.PinnedLedger, target: Path) -> Path:
    with open(target, "wb") as f:
        for block in pinned.read_chunks(64 << 10):
            f.write(block)
    return target


def _count(path: Path) -> int:
    conn = sqlite3.connect(str(path))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute("SELECT COUNT(*) FROM matter").fetchone()[0])
    finally:
        conn.close()


def test_pinned_file_is_the_snapshot_while_others_write_and_checkpoint(tmp_path: Path) -> None:
    live = _ledger(tmp_path / "live.db")
    writer = _writer(live)
    writer.execute("INSERT INTO matter (summary) VALUES ('还在 WAL 里的一件')")  # unfolded frames before pinning
    pinned = sn.pin_ledger(live)
    assert pinned is not None
    with pinned:
        assert pinned.info.counts["matter"] == 2001 and pinned.info.settings == {"station_code": "05"}
        # The desk goes on: commits, and checkpoints that would overwrite the main file if they could.
        for i in range(300):
            writer.execute("INSERT INTO matter (summary) VALUES (?)", (f"之后登记的 {i}" * 20,))
        writer.execute("DELETE FROM matter WHERE id < 500")
        writer.execute("PRAGMA wal_checkpoint(PASSIVE)")
        check = pinned.check(full=True)
        copy = _copy_out(pinned, tmp_path / "copy.db")
    assert check.ok and check.counts["matter"] == 2001
    assert copy.stat().st_size == pinned.info.size
    assert _count(copy) == 2001  # exactly the pinned state: none of the later changes, all of the earlier
    # After unpinning the live ledger folds normally and holds everything.
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    writer.close()
    assert _count(live) == 2001 + 300 - 499


def test_not_pinned_when_an_older_reader_keeps_frames_unfolded(tmp_path: Path) -> None:
    live = _ledger(tmp_path / "live.db")
    writer = _writer(live)
    old_reader = sqlite3.connect(str(live), isolation_level=None)
    old_reader.execute("BEGIN")
    assert old_reader.execute("SELECT COUNT(*) FROM matter").fetchone()[0] == 2000
    writer.execute("INSERT INTO matter (summary) VALUES ('新的一件')")
    # Frames past the old reader's mark cannot reach the main file: the file is not our snapshot.
    assert sn.pin_ledger(live, attempts=2) is None
    old_reader.execute("COMMIT")
    old_reader.close()
    pinned = sn.pin_ledger(live)
    assert pinned is not None
    with pinned:
        assert _count(_copy_out(pinned, tmp_path / "copy.db")) == 2001
    writer.close()


def test_not_pinned_outside_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "rollback.db"
    conn = sqlite3.connect(str(path))
    conn.execute("CREATE TABLE matter (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    assert sn.pin_ledger(path) is None


def damage_index_leaf(path: Path, index: str, *, offset: int = 0) -> None:
    """Scribble over the page header of one leaf of ``index`` (folding the WAL first); skips the test where this
    SQLite has no dbstat table to find the page."""
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    try:
        leaf = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET ?",
            (index, offset),
        ).fetchone()[0]
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table")
    finally:
        conn.close()
    with open(path, "r+b") as f:
        f.seek((leaf - 1) * page_size)
        f.write(b"\x0a\x00\x00\xff\xff\xff\xff\xff")


def test_quick_check_on_the_pinned_snapshot_finds_damage(tmp_path: Path) -> None:
    live = _ledger(tmp_path / "live.db")
    damage_index_leaf(live, "matter_summary", offset=10)  # counting (through the table) never reads it
    pinned = sn.pin_ledger(live)
    assert pinned is not None
    with pinned:
        result = pinned.check(full=False)
    assert not result.ok and result.problems


def test_read_chunks_writes_zeros_for_the_lock_byte_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = 512
    monkeypatch.setattr(sn, "PENDING_BYTE", 3 * page)  # the real one sits at 1 GiB
    data = bytes((i * 7 + 3) % 251 for i in range(8 * page))
    path = tmp_path / "f.db"
    path.write_bytes(data)
    expected = data[: 3 * page] + bytes(page) + data[4 * page :]
    for chunk in (100, page, 3 * page, 1000, 8 * page):
        blocks = list(sn.read_chunks(path, len(data), page, chunk))
        assert b"".join(blocks) == expected, chunk
        assert all(len(b) == chunk for b in blocks[:-1])
    with pytest.raises(OSError):
        list(sn.read_chunks(path, len(data) + page, page, 1000))  # shorter than the snapshot says


def test_not_pinned_when_the_wal_cannot_be_folded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    live = _ledger(tmp_path / "live.db")
    real_connect = sqlite3.connect

    def no_write(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        if not str(database).startswith("file:"):  # the folding connection (the pinning one uses a ro URI)
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real_connect(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sn.sqlite3, "connect", no_write)
    assert sn.pin_ledger(live) is None
