"""A consistent copy of the live SQLite ledger, and the checks a copy must pass before anyone relies on it.

Why one long read transaction: SQLite's online backup API restarts whenever another *connection* changes the
source between two steps, so a stepped backup (needed for a progress bar and a cancel button) of a desk that keeps
registering could restart forever, and a one-step backup cannot be cancelled.  The copy is therefore taken through
a private read-only connection that first opens a read transaction: in WAL mode that pins one snapshot of the
ledger (writers go on appending to the WAL and never wait for us), every ``backup_step`` reads from that same
snapshot, and the counts taken inside the same transaction describe exactly the pages copied.

Nothing here changes the live ledger's contents; the copying connection is opened ``mode=ro``.

A large ledger need not be copied at all (:func:`pin_ledger`): once the WAL has been folded into the main file
up to our snapshot, a read transaction keeps every later change in the WAL (a checkpoint never copies frames past
the oldest reader's mark into the file), so the main file itself *is* the snapshot for as long as the
transaction stays open, and can be read as plain bytes.  Folding is an ordinary passive checkpoint, the same one
SQLite runs by itself every 1,000 pages.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

# The tables whose row counts a backup's manifest carries and a restore must reproduce.
COUNTED_TABLES = ("matter", "person", "matter_party", "event", "document")
# Settings copied into the (plaintext) manifest: no personal data.
MANIFEST_SETTINGS = ("station_code",)
# Checks read the file through a memory map: PRAGMA quick_check on a 3 GB ledger takes 2.6 s this way, 8.6 s
# through read() calls.  Address space only; the OS pages it in and out as it likes.
MMAP_SIZE = 1 << 40
# SQLite never stores data in the page that holds the locking bytes (at 1 GiB); Windows refuses to read the
# locked range, so a raw copy writes zeros there, which is what SQLite's own backup leaves in that page.
PENDING_BYTE = 0x40000000


class SnapshotCancelled(Exception):  # noqa: N818  (a stop the caller asked for, not an error; a public name)
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
    for p in (
        path,
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-shm"),
        path.with_name(path.name + "-journal"),
    ):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {
        t: int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) if t in tables else 0 for t in COUNTED_TABLES
    }


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


def _missing_indexes(conn: sqlite3.Connection, version: int) -> list[str]:
    """integrity_check calls a ledger fine whose indexes were dropped (a bulk load killed half-way before the load
    was one transaction): its unique rules no longer hold.  Name every index the schema has and the file lacks."""
    from reception.storage.db import SCHEMA_VERSION, expected_indexes

    if version != SCHEMA_VERSION:
        return []
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    missing = sorted(expected_indexes() - present)
    return [f"缺少索引（唯一性和查询不再受保护）：{', '.join(missing)}"] if missing else []


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


class PinnedLedger:
    """The live ledger's main file, held still as one snapshot by an open read transaction (see the module note).

    Use as a context manager: leaving it ends the transaction and the file may change again.  ``read_chunks``
    yields the snapshot's bytes; ``check`` runs ``integrity_check``/``quick_check`` on the same snapshot through
    the pinning connection (from any one thread).
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, info: SnapshotInfo) -> None:
        self._conn, self.path, self.info = conn, path, info

    def __enter__(self) -> PinnedLedger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.execute("ROLLBACK")
        self._conn.close()

    def read_chunks(self, chunk_size: int) -> Iterator[bytes]:
        """The snapshot's ``info.size`` bytes in ``chunk_size`` pieces (the lock-byte page as zeros)."""
        yield from read_chunks(self.path, self.info.size, self.info.page_size, chunk_size, live=True)

    def check(self, *, full: bool, stop: threading.Event | None = None) -> CheckResult:
        return _check_connection(self._conn, full=full, stop=stop)


class _PositionalReader:
    """``read``/``seek`` over a descriptor with ``pread``: the descriptor's own offset is never used."""

    def __init__(self, fd: int) -> None:
        self.fd, self.pos = fd, 0

    def read(self, n: int) -> bytes:
        data = os.pread(self.fd, n, self.pos)
        self.pos += len(data)
        return data

    def seek(self, pos: int) -> None:
        self.pos = pos


_HELD: dict[tuple[int, int], int] = {}  # (st_dev, st_ino) -> a read-only descriptor, never closed
_HELD_LOCK = threading.Lock()


@contextlib.contextmanager
def _open_for_reading(path: Path, live: bool) -> Iterator[Any]:
    """The file to read; for the live ledger on POSIX, a descriptor this process keeps open until it ends.

    POSIX advisory locks belong to the process: closing *any* descriptor of the ledger releases every lock SQLite
    holds on it, and another ``reception`` process then takes itself for the last connection and deletes the
    desk's WAL.  SQLite itself never closes such a descriptor while a connection lives (its unused-fd list); this
    process-wide table is the same answer for our one reader (one descriptor per ledger file, looked up by
    ``stat``, which opens nothing).  Not on Windows, where an open descriptor would stop a restore replacing
    the file, and locks are not lost this way."""
    if not live or os.name != "posix":
        with open(path, "rb", buffering=0) as f:
            yield f
        return
    info = os.stat(path)
    with _HELD_LOCK:
        fd = _HELD.get((info.st_dev, info.st_ino))
        if fd is None:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            opened = os.fstat(fd)
            _HELD[(opened.st_dev, opened.st_ino)] = fd
    yield _PositionalReader(fd)


def read_chunks(path: Path, size: int, page_size: int, chunk_size: int, *, live: bool = False) -> Iterator[bytes]:
    """The first ``size`` bytes of the database file ``path`` in ``chunk_size`` pieces, the lock-byte page
    (never used by SQLite) as zeros; raises OSError if the file is shorter.  ``live``: ``path`` is a ledger
    SQLite has open in this process (see :func:`_open_for_reading`)."""
    lock_page = range(PENDING_BYTE, PENDING_BYTE + page_size)
    with _open_for_reading(path, live) as f:
        done = 0
        while done < size:
            n = min(chunk_size, size - done)
            if done < lock_page.stop and done + n > lock_page.start:
                head = lock_page.start - done
                parts = [f.read(head) if head > 0 else b""]
                f.seek(lock_page.stop)
                skip = min(done + n, lock_page.stop) - max(done, lock_page.start)
                parts.append(bytes(skip))
                tail = done + n - lock_page.stop
                parts.append(f.read(tail) if tail > 0 else b"")
                data = b"".join(parts)
            else:
                data = f.read(n)
            if len(data) != n:
                raise OSError(errno.EIO, f"台账文件比预期短：{path}")
            yield data
            done += n


def _fold_wal(source: Path) -> bool:
    """A passive checkpoint of the live ledger; True if afterwards every WAL frame is in the main file."""
    try:
        conn = sqlite3.connect(str(source), isolation_level=None)
        try:
            _busy, frames, folded = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:  # a read-only ledger file, a lock held by another checkpoint: copy instead
        return False
    return frames >= 0 and frames == folded


def pin_ledger(source: Path, *, attempts: int = 3) -> PinnedLedger | None:
    """Hold the live ledger's main file still as one snapshot, or None where that cannot be arranged now (not in
    WAL mode, or other connections kept the WAL from being folded ``attempts`` times): copy it then.

    Why this is sound: our read transaction has a WAL read mark at its snapshot; a checkpoint after that copies
    frames only up to the oldest reader's mark, so when one reports every frame folded, the main file holds
    exactly our snapshot, and stays so (later commits stay in the WAL) until the transaction ends.
    """
    conn = sqlite3.connect(_ro_uri(source), uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute(f"PRAGMA mmap_size = {MMAP_SIZE}")
        if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            conn.close()
            return None
        for _ in range(attempts):
            conn.execute("BEGIN")
            page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])  # fixes the snapshot
            page_count = int(conn.execute("PRAGMA page_count").fetchone()[0])
            if _fold_wal(source):
                counts = _counts(conn)
                version, settings = _describe(conn)
                return PinnedLedger(conn, source, SnapshotInfo(page_size, page_count, counts, version, settings))
            conn.execute("ROLLBACK")
    except BaseException:
        conn.close()
        raise
    conn.close()
    return None


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
        conn.execute(f"PRAGMA mmap_size = {MMAP_SIZE}")
    except sqlite3.Error as exc:
        return CheckResult(False, [f"无法打开：{exc}"], {}, 0, {})
    try:
        return _check_connection(conn, full=full, stop=stop)
    finally:
        conn.close()


def _check_connection(conn: sqlite3.Connection, *, full: bool, stop: threading.Event | None) -> CheckResult:
    if stop is not None:
        conn.set_progress_handler(lambda: 1 if stop.is_set() else 0, 20_000)
    try:
        pragma = "integrity_check(20)" if full else "quick_check(20)"
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}")]
        problems = [] if rows == ["ok"] else rows
        counts = _counts(conn)
        version, settings = _describe(conn)
        problems += _missing_indexes(conn, version)
    except sqlite3.OperationalError as exc:
        if stop is not None and stop.is_set():
            raise SnapshotCancelled() from None
        return CheckResult(False, [str(exc)], {}, 0, {})
    except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
        return CheckResult(False, [str(exc)], {}, 0, {})
    finally:
        if stop is not None:
            conn.set_progress_handler(None, 0)
    return CheckResult(not problems, problems, counts, version, settings)


def checkpoint(path: Path) -> None:
    """Fold a ledger's WAL into its main file, so the file alone holds everything (before moving it aside)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
