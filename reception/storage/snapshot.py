"""A consistent copy of the live SQLite ledger, and the checks a copy must pass before anyone relies on it.

Why one long read transaction: SQLite's online backup API restarts whenever another *connection* changes the
source between two steps, so a stepped backup (needed for a progress bar and a cancel button) of a desk that keeps
registering could restart forever, and a one-step backup cannot be cancelled.  The copy is therefore taken through
a private read-only connection that first opens a read transaction: in WAL mode that pins one snapshot of the
ledger (writers go on appending to the WAL and never wait for us), every ``backup_step`` reads from that same
snapshot, and the counts taken inside the same transaction describe exactly the pages copied.

Nothing here writes to the live ledger; the connection is opened ``mode=ro``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

# The tables whose row counts a backup's manifest carries and a restore must reproduce.
COUNTED_TABLES = ("matter", "person", "matter_party", "event", "document")
# Settings copied into the (plaintext) manifest: no personal data.
MANIFEST_SETTINGS = ("station_code",)


class SnapshotCancelled(Exception):
    """Raised out of a snapshot or a check when the caller's ``should_stop`` said so."""


@dataclass
class SnapshotInfo:
    page_size: int
    page_count: int
    counts: dict[str, int]
    schema_version: int
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return self.page_size * self.page_count


def _ro_uri(path: Path) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro"


def create_private(path: Path) -> None:
    """An empty file readable by its owner only; fails if ``path`` exists (never overwrite)."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
    os.close(fd)


def remove_database_file(path: Path) -> None:
    """Delete a database file together with its ``-wal``/``-shm`` companions; missing files are fine."""
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
              path.with_name(path.name + "-journal")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {t: int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) if t in tables else 0
            for t in COUNTED_TABLES}


def _describe(conn: sqlite3.Connection) -> tuple[int, dict[str, str]]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    version = 0
    if "schema_version" in tables:
        version = int(conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)
    settings: dict[str, str] = {}
    if "setting" in tables:
        marks = ", ".join("?" for _ in MANIFEST_SETTINGS)
        settings = dict(conn.execute(f"SELECT key, value FROM setting WHERE key IN ({marks})", MANIFEST_SETTINGS))
    return version, settings


def snapshot_sqlite(
    source: Path,
    target: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    step_bytes: int = 32 << 20,
) -> SnapshotInfo:
    """Copy the ledger at ``source`` to the new file ``target`` (0600) as one consistent snapshot.

    ``progress(done_bytes, total_bytes)`` is called after every step; an exception it raises (the caller's
    cancel) aborts the copy and propagates, leaving ``target`` for the caller to delete.
    """
    src = sqlite3.connect(_ro_uri(source), uri=True, isolation_level=None, check_same_thread=False)
    try:
        src.execute("PRAGMA busy_timeout = 30000")
        src.execute("BEGIN")
        # The first read fixes the snapshot every later statement and backup step sees.
        page_size = int(src.execute("PRAGMA page_size").fetchone()[0])
        page_count = int(src.execute("PRAGMA page_count").fetchone()[0])
        counts = _counts(src)
        version, settings = _describe(src)
        create_private(target)
        dst = sqlite3.connect(str(target), isolation_level=None, check_same_thread=False)
        try:
            step = max(1, step_bytes // page_size)

            def on_step(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress((total - remaining) * page_size, total * page_size)

            if progress is not None:
                progress(0, page_count * page_size)
            src.backup(dst, pages=step, progress=on_step)
        finally:
            dst.close()
        src.execute("COMMIT")
    finally:
        src.close()
    return SnapshotInfo(page_size, page_count, counts, version, settings)


@dataclass
class CheckResult:
    ok: bool
    problems: list[str]
    counts: dict[str, int]
    schema_version: int
    settings: dict[str, str]


def check_database(path: Path, *, full: bool = True, stop: threading.Event | None = None) -> CheckResult:
    """``PRAGMA integrity_check`` (or ``quick_check``) and the row counts of a database copy.

    ``stop`` interrupts a long check from another thread (the desk's cancel button): SQLite's progress handler
    looks at it every few thousand virtual-machine steps, and :class:`SnapshotCancelled` is raised.
    """
    # Not ``mode=ro``: a read-only connection to a WAL-mode file leaves its -wal/-shm behind, and a restored
    # file must arrive alone.  query_only keeps the check from writing; the empty WAL goes away on close.
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA query_only = 1")
    except sqlite3.Error as exc:
        return CheckResult(False, [f"无法打开：{exc}"], {}, 0, {})
    try:
        if stop is not None:
            conn.set_progress_handler(lambda: 1 if stop.is_set() else 0, 20_000)
        try:
            pragma = "integrity_check(20)" if full else "quick_check(20)"
            rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}")]
            problems = [] if rows == ["ok"] else rows
            counts = _counts(conn)
            version, settings = _describe(conn)
        except sqlite3.OperationalError as exc:
            if stop is not None and stop.is_set():
                raise SnapshotCancelled() from None
            return CheckResult(False, [str(exc)], {}, 0, {})
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
            return CheckResult(False, [str(exc)], {}, 0, {})
    finally:
        conn.close()
    return CheckResult(not problems, problems, counts, version, settings)


def checkpoint(path: Path) -> None:
    """Fold a ledger's WAL into its main file, so the file alone holds everything (before moving it aside)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
