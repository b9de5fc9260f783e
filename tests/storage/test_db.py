"""Opening, migrating and numbering the ledger (reception.storage.db) on real SQLite files."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from reception.storage import db as dbmod
from reception.storage.db import (
    SCHEMA_VERSION,
    StorageError,
    init_db,
    next_sequence,
    run_migrations,
    schema_version,
)

# The file, its pragmas and the sqlite3 module's view of it: SQLite only, also when RECEPTION_TEST_PG is set.
pytestmark = pytest.mark.sqlite_only


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _pragma(store, name: str):
    return store.execute(f"PRAGMA {name}").fetchone()[0]


def _tables(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")}
    finally:
        con.close()


# -- opening -----------------------------------------------------------------------------------------------------


def test_init_db_creates_owner_only_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "ledger.db"
    store = init_db(path)
    try:
        assert path.is_file()
        assert _mode(path) == 0o600
        # The write-ahead log holds the same personal data: SQLite gives it the database file's permissions.
        with store.write():
            store.execute("INSERT INTO setting (key, value) VALUES ('k', 'v')")
        for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            if extra.exists():
                assert _mode(extra) == 0o600, extra
    finally:
        store.close()


def test_pragmas(store) -> None:
    assert _pragma(store, "journal_mode").lower() == "wal"
    assert _pragma(store, "foreign_keys") == 1
    assert _pragma(store, "synchronous") == 1  # NORMAL
    assert _pragma(store, "busy_timeout") >= 5000
    assert store.is_sqlite
    assert store.path is not None and store.path.name == "ledger.db"


def test_sqlite_url_form(tmp_path: Path) -> None:
    path = tmp_path / "url.db"
    store = init_db(f"sqlite:///{path}")
    try:
        assert store.path == path
        assert schema_version(store) == SCHEMA_VERSION
    finally:
        store.close()


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError):
        init_db(tmp_path)


def test_unknown_url_is_refused() -> None:
    with pytest.raises(StorageError):
        init_db("mysql://localhost/ledger")


def test_foreign_keys_are_enforced(store) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), store.write():
        store.execute(
            "INSERT INTO event (matter_id, kind, at, actor, payload) VALUES (999, 'x', '2026-01-01', 'a', '{}')"
        )


# -- schema and migrations ---------------------------------------------------------------------------------------


def test_schema_version_after_init(store) -> None:
    assert schema_version(store) == SCHEMA_VERSION
    rows = store.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
    assert [r[0] for r in rows] == [m[0] for m in dbmod.MIGRATIONS]
    tables = set(store.db.get_tables())
    assert {"matter", "person", "matter_party", "event", "counter", "agency", "setting", "matter_fts"} <= tables


def test_reopening_runs_no_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ledger.db"
    init_db(path).close()
    calls: list[int] = []
    monkeypatch.setattr(dbmod, "MIGRATIONS", [(v, n, lambda s, v=v: calls.append(v)) for v, n, _ in dbmod.MIGRATIONS])
    store = init_db(path)
    try:
        assert run_migrations(store) == []
        assert calls == []
        assert schema_version(store) == SCHEMA_VERSION
    finally:
        store.close()
    assert not list(tmp_path.glob("*.bak")), "no copy is taken when nothing is migrated"


def test_newer_ledger_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    store = init_db(path)
    with store.write():
        store.execute(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (?, 'future', '2030-01-01')",
            (SCHEMA_VERSION + 1,),
        )
    store.close()
    with pytest.raises(StorageError, match="升级"):
        init_db(path)


def _add_migration(monkeypatch: pytest.MonkeyPatch, fn) -> int:
    version = SCHEMA_VERSION + 1
    monkeypatch.setattr(dbmod, "MIGRATIONS", [*dbmod.MIGRATIONS, (version, "test migration", fn)])
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", version)
    return version


def test_second_migration_takes_a_copy_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ledger.db"
    store = init_db(path)
    with store.write():
        store.execute("INSERT INTO setting (key, value) VALUES ('station_code', '07')")
    store.close()

    seen_copies: list[Path] = []

    def migration(s) -> None:
        # The copy exists before the migration touches anything, and holds the data as it was.
        seen_copies.extend(tmp_path.glob("ledger.db.v*.bak"))
        s.execute("ALTER TABLE setting ADD COLUMN note TEXT DEFAULT ''")
        s.execute("CREATE TABLE extra_table (id INTEGER PRIMARY KEY)")

    version = _add_migration(monkeypatch, migration)
    store = init_db(path)
    try:
        assert schema_version(store) == version
        assert "extra_table" in store.db.get_tables()
    finally:
        store.close()

    assert len(seen_copies) == 1
    bak = seen_copies[0]
    assert bak.name.startswith(f"ledger.db.v{version - 1}-")
    assert _mode(bak) == 0o600
    con = sqlite3.connect(bak)
    try:
        assert con.execute("SELECT value FROM setting WHERE key = 'station_code'").fetchone() == ("07",)
        assert con.execute("SELECT MAX(version) FROM schema_version").fetchone() == (version - 1,)
        assert "extra_table" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()


def test_failing_migration_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ledger.db"
    store = init_db(path)
    with store.write():
        store.execute("INSERT INTO setting (key, value) VALUES ('station_code', '07')")
    store.close()
    before = _tables(path)

    def migration(s) -> None:
        s.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        s.execute("ALTER TABLE setting ADD COLUMN note TEXT")
        s.execute("UPDATE setting SET value = 'changed'")
        raise RuntimeError("migration failed half-way")

    _add_migration(monkeypatch, migration)
    with pytest.raises(RuntimeError, match="half-way"):
        init_db(path)

    assert _tables(path) == before
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == dbmod.MIGRATIONS[-2][0]
        # (migration 2 leaves the audit seal pending for the service: a setting of its own)
        assert con.execute("SELECT value FROM setting WHERE key <> 'audit_seal'").fetchall() == [("07",)]
        assert [r[1] for r in con.execute("PRAGMA table_info(setting)")] == ["key", "value"]
    finally:
        con.close()
    assert len(list(tmp_path.glob("ledger.db.v*.bak"))) == 1, "the copy was taken before the attempt"

    # A fixed migration then runs normally on the untouched file.
    monkeypatch.setattr(dbmod, "MIGRATIONS", [*dbmod.MIGRATIONS[:-1], (dbmod.SCHEMA_VERSION, "fixed", lambda s: None)])
    store = init_db(path)
    try:
        assert schema_version(store) == dbmod.SCHEMA_VERSION
    finally:
        store.close()


def test_fresh_ledger_takes_no_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _add_migration(monkeypatch, lambda s: None)
    init_db(tmp_path / "ledger.db").close()
    assert not list(tmp_path.glob("*.bak"))


# -- numbering ---------------------------------------------------------------------------------------------------


def test_next_sequence_increments_per_name_and_year(store) -> None:
    with store.write():
        assert [next_sequence(store, "matter:01", 2026) for _ in range(3)] == [1, 2, 3]
        assert next_sequence(store, "matter:01", 2027) == 1
        assert next_sequence(store, "matter:02", 2026) == 1
    with store.write():
        assert next_sequence(store, "matter:01", 2026) == 4


def test_next_sequence_after_rollback_never_duplicates(store) -> None:
    """A rolled-back transaction takes its increment with it: no committed row ever holds a number twice.

    The counter is part of the caller's transaction (that is what makes it safe between processes), so the value
    a rolled-back transaction saw is handed out again; it was never committed anywhere, so nothing carries it.
    """
    store.execute("CREATE TABLE issued (number INTEGER PRIMARY KEY)")  # PRIMARY KEY: a duplicate would fail
    with store.write():
        store.execute("INSERT INTO issued VALUES (?)", (next_sequence(store, "doc", 2026),))

    class BoomError(Exception):
        pass

    drawn: list[int] = []

    def draw_then_fail() -> None:
        with store.write():
            drawn.append(next_sequence(store, "doc", 2026))
            store.execute("INSERT INTO issued VALUES (?)", (drawn[-1],))
            raise BoomError

    with pytest.raises(BoomError):
        draw_then_fail()
    assert drawn == [2]
    assert store.execute("SELECT value FROM counter WHERE name = 'doc'").fetchone()[0] == 1

    with store.write():
        store.execute("INSERT INTO issued VALUES (?)", (next_sequence(store, "doc", 2026),))
        store.execute("INSERT INTO issued VALUES (?)", (next_sequence(store, "doc", 2026),))
    assert [r[0] for r in store.execute("SELECT number FROM issued ORDER BY number")] == [1, 2, 3]
    # The counter never falls behind what was committed.
    assert store.execute("SELECT value FROM counter WHERE name = 'doc'").fetchone()[0] == 3


def test_next_sequence_is_shared_between_connections(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    a = init_db(path)
    b_db, _ = dbmod.open_database(str(path))
    b = dbmod.Store(db=b_db, url=str(path), path=path)
    try:
        got = []
        for i in range(20):
            s = a if i % 2 else b
            with s.write():
                got.append(next_sequence(s, "matter:01", 2026))
        assert got == list(range(1, 21))
    finally:
        b.close()
        a.close()


def test_snapshot_is_consistent_copy(store, tmp_path: Path) -> None:
    with store.write():
        store.execute("INSERT INTO setting (key, value) VALUES ('a', 'b')")
    target = dbmod.snapshot(store, tmp_path / "copy.db")
    assert _mode(target) == 0o600
    con = sqlite3.connect(target)
    try:
        assert con.execute("SELECT value FROM setting WHERE key = 'a'").fetchone() == ("b",)
    finally:
        con.close()


def test_migration_applied_meanwhile_by_another_process_is_skipped(tmp_path: Path, monkeypatch) -> None:
    """Two desks opening a new ledger at once: the second must not run migration 1 again after the lock wait."""
    path = tmp_path / "ledger.db"
    first = init_db(path)  # the other process, which won the race
    second = init_db(path, migrate=False)
    real = dbmod.schema_version
    calls = {"n": 0}

    def stale_then_real(store):
        calls["n"] += 1
        return 0 if calls["n"] == 1 else real(store)  # what the second desk read before it got the lock

    monkeypatch.setattr(dbmod, "schema_version", stale_then_real)
    try:
        assert run_migrations(second) == []
        assert real(second) == SCHEMA_VERSION
        rows = second.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0]
        assert rows == len(dbmod.MIGRATIONS)
    finally:
        second.close()
        first.close()


def test_path_below_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    with pytest.raises(StorageError):
        init_db(tmp_path / "plain" / "ledger.db")


def test_file_that_is_not_a_ledger_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库文件" * 200, encoding="utf-8")
    with pytest.raises(StorageError):
        init_db(path)
    assert path.read_text(encoding="utf-8").startswith("这不是数据库文件"), "left untouched"


def test_opening_waits_while_another_desk_holds_the_new_file(tmp_path: Path) -> None:
    """Switching a new file to WAL while another connection writes fails at once, without the busy timeout."""
    import threading

    path = tmp_path / "ledger.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE other_desk (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO other_desk VALUES (1)")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    try:
        store = init_db(path)
        try:
            assert _pragma(store, "journal_mode").lower() == "wal"
            assert schema_version(store) == SCHEMA_VERSION
        finally:
            store.close()
    finally:
        release.join()
        other.close()
