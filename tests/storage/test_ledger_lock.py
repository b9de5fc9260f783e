"""The lock every open of a SQLite ledger holds, and the whole-file work it keeps from a ledger in use (issue 19).

Measured on Linux with WAL (SQLite 3.40): ``BEGIN EXCLUSIVE`` is granted while another process has the ledger open
and idle (in WAL mode it is only the write lock); a fresh connection with ``locking_mode=EXCLUSIVE`` is refused
("database is locked", the other process's shared lock on the -shm), but only at the instant of the probe: it
cannot keep a desk from opening the ledger a moment later, in the middle of the restore.  A POSIX lock on the
ledger itself is out of the question (any ``close()`` of the file in the process drops SQLite's own).  So each
open holds a shared ``flock`` (Windows: ``LockFileEx``, the same shared/exclusive semantics) on
``ledger.db.private/lock`` for as long as it is open, and whole-file operations hold it exclusively throughout.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reception.storage import db as storage
from reception.storage.db import LedgerInUseError, exclusive_file, init_db

pytestmark = pytest.mark.sqlite_only

HOLDER = """
import sys
from reception.storage.db import init_db
store = init_db(sys.argv[1], create=False)
print("open", flush=True)
sys.stdin.read()
store.close()
"""


def _held_elsewhere(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
    return proc


def _release(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(30)


def test_begin_exclusive_does_not_see_an_idle_reader_but_the_lock_does(tmp_path: Path) -> None:
    """Why the lock file exists: SQLite's exclusive transaction is granted while another process has the ledger
    open; the lock refuses, and is granted once that process let go."""
    path = tmp_path / "ledger.db"
    init_db(path, create=True).close()
    proc = _held_elsewhere(path)
    try:
        con = sqlite3.connect(path, isolation_level=None, timeout=0)
        try:
            con.execute("BEGIN EXCLUSIVE")  # granted: in WAL mode it is the write lock only
            con.execute("COMMIT")
        finally:
            con.close()
        with pytest.raises(LedgerInUseError, match="恢复台账需要独占台账"), exclusive_file(path, "恢复台账"):
            pass
    finally:
        _release(proc)
    with exclusive_file(path, "恢复台账"):
        pass


def test_opens_share_and_the_lock_file_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    first = init_db(path, create=True)
    second = init_db(path, create=False)
    try:
        folder = path.with_name("ledger.db.private")
        assert (folder.stat().st_mode & 0o777) == 0o700 and (folder / "lock").exists()
    finally:
        first.close()
        second.close()


def test_a_migration_of_a_ledger_open_elsewhere_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ledger.db"
    init_db(path, create=True).close()
    proc = _held_elsewhere(path)
    ran: list[int] = []
    monkeypatch.setattr(
        storage, "MIGRATIONS", [*storage.MIGRATIONS, (storage.SCHEMA_VERSION + 1, "next", lambda s: ran.append(1))]
    )
    monkeypatch.setattr(storage, "SCHEMA_VERSION", storage.SCHEMA_VERSION + 1)
    try:
        with pytest.raises(LedgerInUseError, match="升级台账结构需要独占台账"):
            init_db(path, create=False)
        assert ran == []
    finally:
        _release(proc)
    init_db(path, create=False).close()  # alone now: migrated
    assert ran == [1]


def test_a_killed_bulk_load_cannot_leave_a_ledger_without_its_indexes(tmp_path: Path) -> None:
    """The integrity check names a missing index (integrity_check alone calls such a file fine)."""
    from reception.storage.snapshot import check_database

    path = tmp_path / "ledger.db"
    init_db(path, create=True).close()
    assert check_database(path).ok
    con = sqlite3.connect(path)
    con.execute("DROP INDEX matter_number")
    con.commit()
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    result = check_database(path)
    assert not result.ok and "matter_number" in result.problems[0]
