"""What the backup asks of storage: the snapshot held still or copied, SQLite's refusal as one storage error, the
backup register newest first, a server ledger's size."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reception.domain.views import BackupEntry
from reception.storage import backup_io
from reception.storage.db import StorageError, init_db


def _ledger(path: Path) -> Path:
    store = init_db(path)
    store.close()
    return path


@pytest.mark.sqlite_only
def test_snapshot_pinned_then_copied(tmp_path: Path) -> None:
    live = _ledger(tmp_path / "ledger.db")
    copy = tmp_path / "snap.db"
    pinned, info = backup_io.hold_snapshot(live, copy)
    try:
        assert pinned is not None and info is pinned.info and info.size == live.stat().st_size
        assert not copy.exists()
    finally:
        assert pinned is not None
        pinned.close()

    seen: list[tuple[int, int]] = []
    pinned, copied = backup_io.hold_snapshot(live, copy, pin=False, progress=lambda d, t: seen.append((d, t)))
    assert pinned is None and copy.stat().st_size == copied.size and copied.counts == info.counts
    assert seen and seen[-1][0] == seen[-1][1] == copied.size
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("pin", [True, False])
def test_unreadable_ledger_is_a_storage_error(tmp_path: Path, pin: bool) -> None:
    live = tmp_path / "ledger.db"
    live.write_bytes(b"not a ledger at all " * 400)
    with pytest.raises(backup_io.LedgerReadError) as info:
        backup_io.hold_snapshot(live, tmp_path / "snap.db", pin=pin)
    assert isinstance(info.value, StorageError) and "not a database" in str(info.value)


def test_register_newest_first(store: Any) -> None:
    assert backup_io.history(store) == []
    for n in range(3):
        with store.write():
            backup_io.record_backup(
                store,
                at=datetime(2026, 12, 1 + n, 9, 30),
                actor="王警官",
                path=f"/media/usb/reception-01-{n}.rcpbak",
                sha256=f"{n}" * 64,
                size=1000 + n,
                matters=10 * n,
            )
    rows = backup_io.history(store, limit=2)
    assert [r.path for r in rows] == ["/media/usb/reception-01-2.rcpbak", "/media/usb/reception-01-1.rcpbak"]
    assert rows[0] == BackupEntry(
        at=datetime(2026, 12, 3, 9, 30),
        actor="王警官",
        path="/media/usb/reception-01-2.rcpbak",
        sha256="2" * 64,
        size=1002,
        matters=20,
    )
    assert len(backup_io.history(store)) == 3


def test_server_size(store: Any) -> None:
    if store.is_sqlite:
        pytest.skip("a SQLite ledger's size is its file's")
    assert backup_io.database_size(store) > 0
