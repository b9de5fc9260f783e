"""What a backup needs from the ledger's storage: one snapshot held still, the backup register, a server's size.

The backup use case (:mod:`reception.services.backup`) calls these and sees neither ``sqlite3`` nor a model.  The
snapshot itself is :mod:`reception.storage.snapshot`'s (the live file pinned by a read transaction, or a copy
through SQLite's backup API); here SQLite's refusal to read the ledger becomes one storage error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from reception.domain.views import BackupEntry
from reception.storage import models as m
from reception.storage.db import StorageError, Store
from reception.storage.snapshot import PinnedLedger, SnapshotInfo, pin_ledger, snapshot_sqlite


class LedgerReadError(StorageError):
    """SQLite could not read the ledger for a snapshot; the message is SQLite's own."""


def hold_snapshot(
    source: Path,
    copy_to: Path,
    *,
    pin: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[PinnedLedger | None, SnapshotInfo]:
    """One consistent snapshot of the ledger at ``source``: the live file held still (:func:`pin_ledger`, the
    caller closes it), or — with ``pin`` false, or where pinning cannot be arranged — a copy written to the new
    file ``copy_to`` (the caller deletes it; ``progress(done, total)`` follows the copy).

    Raises :class:`LedgerReadError` for whatever SQLite raises; file-system errors and the caller's own
    exceptions from ``progress`` pass through unchanged.
    """
    try:
        pinned = pin_ledger(source) if pin else None
        if pinned is not None:
            return pinned, pinned.info
        return None, snapshot_sqlite(source, copy_to, progress=progress)
    except sqlite3.Error as exc:
        raise LedgerReadError(str(exc)) from None


def record_backup(
    store: Store, *, at: datetime, actor: str, path: str, sha256: str, size: int, matters: int, anchor: str = ""
) -> None:
    """One row of the backup register; inside the caller's ``store.write()``."""
    store.bind_models()
    m.Backup.create(at=at, actor=actor, path=path, sha256=sha256, size=size, matters=matters, anchor=anchor)


def last_anchor(store: Store) -> str:
    """The audit chain's head the newest backup was anchored to ("" when none was)."""
    row = store.execute("SELECT anchor FROM backup WHERE anchor <> '' ORDER BY id DESC LIMIT 1").fetchone()
    return str(row[0]) if row else ""


def history(store: Store, limit: int = 20) -> list[BackupEntry]:
    """The register's latest ``limit`` rows, newest first."""
    store.bind_models()
    # ``id`` is the primary key peewee adds when the class is made, out of the type checker's sight.
    newest_first = cast(Any, m.Backup).id.desc()
    return [
        BackupEntry(at=b.at, actor=b.actor, path=b.path, sha256=b.sha256, size=b.size, matters=b.matters)
        for b in m.Backup.select().order_by(newest_first).limit(limit)
    ]


def database_size(store: Store) -> int:
    """The bytes a PostgreSQL ledger occupies on its server (what a backup of it may need, at most)."""
    cursor: Any = store.execute("SELECT pg_database_size(current_database())")
    return int(cursor.fetchone()[0])
