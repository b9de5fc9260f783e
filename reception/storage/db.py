"""Opening the ledger: one ``init_db(url)`` for a SQLite file or a PostgreSQL URL.

SQLite gets WAL (readers never block the clerk's writes), foreign keys, ``synchronous=NORMAL`` (durable across an
application crash, fast enough for a million rows) and a busy timeout so two processes writing at once wait for
each other instead of failing.  Migrations are numbered and run atomically, after a copy of the file is taken.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import peewee as pw

from reception.storage.ledgerfile import LedgerLock, private_dir, sweep
from reception.storage.models import MODELS, Matter, Person
from reception.storage.numbering import HighWaterMarks, marks_path

log = logging.getLogger(__name__)

POSTGRES_SCHEMES = ("postgresql", "postgres")
# Advisory lock keys (per database): every write transaction, and the migrations of a desk that opens the ledger.
WRITE_LOCK_KEY = 0x7265_6365_7074_0001
MIGRATE_LOCK_KEY = 0x7265_6365_7074_0002

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 1,  # NORMAL
    "busy_timeout": 30_000,
    "cache_size": -65536,  # 64 MiB
    "temp_store": 2,  # memory
}


class StorageError(RuntimeError):
    """The ledger file cannot be opened or migrated; the message is for the station administrator."""


class LedgerMissingError(StorageError):
    """No ledger at that path: only a deliberate new ledger (the desk's first start, ``reception init``) makes one."""


class LedgerExistsError(StorageError):
    """A new ledger was asked for where one already is."""


class LedgerInUseError(StorageError):
    """A whole-file operation needs the ledger alone, and a desk or command has it open."""


@dataclass
class Store:
    """An open ledger.  Passed down from the composition root; never a module-level global."""

    db: pw.Database
    url: str = field(repr=False)  # may hold a PostgreSQL password: show ``redact_url(url)`` instead
    path: Path | None  # the SQLite file, None for PostgreSQL
    lock: LedgerLock | None = field(default=None, repr=False)  # shared while open (storage/ledgerfile.py)
    # The floor of the file's counters, kept beside it (storage/numbering.py); None for PostgreSQL and memory.
    numbers: HighWaterMarks | None = field(default=None, repr=False)
    _issued: threading.local = field(default_factory=threading.local, repr=False)
    _floor_synced: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        if self.numbers is None and self.path is not None and str(self.path) != ":memory:":
            self.numbers = HighWaterMarks(marks_path(self.path))

    @property
    def is_sqlite(self) -> bool:
        return isinstance(self.db, pw.SqliteDatabase)

    @property
    def ph(self) -> str:
        """The driver's parameter placeholder for raw SQL: ``?`` (sqlite3) or ``%s`` (psycopg2)."""
        return "?" if self.is_sqlite else "%s"

    def bind_models(self) -> None:
        """Point the peewee models at this ledger, on the calling thread only.

        The models' database is per thread (``ThreadSafeDatabaseMetadata``, models.BaseModel): a second ledger
        opened on another thread (a restore, a verify) cannot move what this thread's models query.  On one
        thread, models follow one ledger at a time, so the repositories call this before their model queries
        (and ``write`` before each transaction); it costs one comparison when nothing changed.
        """
        if MODELS[0]._meta.database is not self.db:
            self.db.bind(MODELS, bind_refs=False, bind_backrefs=False)

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction.

        On SQLite it starts IMMEDIATE: the write lock is taken up front, so two processes that both read before
        writing (numbering) queue on the busy timeout instead of failing with "database is locked".

        On PostgreSQL the outermost transaction takes one advisory lock per ledger (``pg_advisory_xact_lock``,
        released at commit or rollback), so the desks of a hall write one at a time exactly as on SQLite: the
        services' checks "under the write lock" (one person file per ID number, seeding the agency directory, the
        first administrator, the audit chain) hold there too, and ids are handed out in commit order, which
        :meth:`LedgerService.change_token` relies on.  Readers never wait (MVCC); numbering itself is also safe
        without it (``next_sequence`` is one upsert holding the counter row's lock).
        """
        self.bind_models()
        if self.is_sqlite:
            outermost = self.db.transaction_depth() == 0
            try:
                with self.db.atomic(lock_type="IMMEDIATE"):
                    yield
            except BaseException:
                if outermost:
                    self._issued.values = {}
                raise
            if outermost:
                self._record_issued()
        else:
            with self.db.atomic():
                if self.db.transaction_depth() == 1:
                    self.db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
                yield

    def counter_floor(self, name: str, year: int) -> int:
        """The value ``name``/``year`` must stay above: the highest this file's counter ever reached, though the
        file itself may have been put back to an older copy since (storage/numbering.py)."""
        if self.numbers is None:
            return 0
        if not self._floor_synced:
            # Once per open ledger: the floor follows whatever the ledger holds (it lags after a kill between a
            # commit and the floor's write; the ledger then still has the value).
            rows = self.db.execute_sql("SELECT name, year, value FROM counter").fetchall()
            self.numbers.raise_to({(str(n), int(y)): int(v) for n, y, v in rows})
            self._floor_synced = True
        return self.numbers.floor(name, year)

    def note_issued(self, name: str, year: int, value: int) -> None:
        """A counter value drawn in the current write transaction; recorded in the floor once it commits."""
        if self.numbers is not None:
            pending = getattr(self._issued, "values", None)
            if pending is None:
                pending = self._issued.values = {}
            pending[(name, year)] = max(value, pending.get((name, year), 0))

    def _record_issued(self) -> None:
        pending = getattr(self._issued, "values", None)
        if pending and self.numbers is not None:
            self._issued.values = {}
            self.numbers.raise_to(pending)

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        """Run raw SQL; the driver's DB-API cursor (``fetchone``, ``fetchall``, iteration)."""
        return self.db.execute_sql(sql, params)

    @contextlib.contextmanager
    def exclusive(self, what: str) -> Iterator[None]:
        """This process alone has the ledger open for the block (a migration, demo data), else
        :class:`LedgerInUseError`.

        The shared lock this store holds is turned exclusive, and back to shared afterwards."""
        if self.lock is None:
            yield
            return
        if not self.lock.acquire(exclusive=True):
            raise LedgerInUseError(in_use_message(self.lock.ledger, what))
        try:
            yield
        finally:
            self.lock.acquire(exclusive=False, wait=SQLITE_PRAGMAS["busy_timeout"] / 1000)

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
        if self.lock is not None:
            self.lock.release()  # after SQLite let go of the file


def _sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :])
    if "://" in url:
        return None
    return Path(url)


def is_postgres_url(url: str) -> bool:
    try:
        return urlsplit(str(url)).scheme in POSTGRES_SCHEMES
    except ValueError:  # "postgresql://[::1": no valid URL at all
        return str(url).split(":", 1)[0].lower() in POSTGRES_SCHEMES


_QUERY_SECRET = re.compile(r"(?i)([?&](?:password|passfile|sslpassword)=)[^&#]*")
_NETLOC_SECRET = re.compile(r"^([a-z]+://[^:/@?#]*:)[^@/?#]*@", re.IGNORECASE)


def redact_url(url: str) -> str:
    """``url`` without its password (in the user part or as ``?password=``), for messages and logs; works on
    malformed URLs too, which are the ones shown in error messages."""
    url = str(url)
    if not is_postgres_url(url):
        return url
    url = _QUERY_SECRET.sub(r"\1***", url)
    return _NETLOC_SECRET.sub(r"\1***@", url)


def in_use_message(ledger: Path, what: str) -> str:
    return f"台账 {ledger} 正被接待台或另一条命令打开，{what}需要独占台账：请先关闭所有接待台和正在运行的命令再试"


@contextlib.contextmanager
def exclusive_file(ledger: Path, what: str) -> Iterator[LedgerLock]:
    """The ledger file held exclusively for a block (a restore replacing it): no desk or command has it open,
    and none can open it until the block ends.  :class:`LedgerInUseError` at once otherwise."""
    lock = LedgerLock(Path(ledger))
    try:
        if not lock.acquire(exclusive=True):
            raise LedgerInUseError(in_use_message(Path(ledger), what))
    except OSError as exc:
        lock.release()
        raise StorageError(f"无法锁定台账 {ledger}：{exc.strerror or exc}") from None
    try:
        yield lock
    finally:
        lock.release()


def sqlite_file(url: str | os.PathLike[str]) -> Path | None:
    """The SQLite file ``url`` names (expanded), or None for a PostgreSQL URL or ``:memory:``."""
    url = str(url)
    if url.strip() in ("", "None") or is_postgres_url(url):
        return None
    path = _sqlite_path(url)
    if path is None or str(path) == ":memory:":
        return None
    return path.expanduser()


def open_database(url: str, *, create: bool | None = None) -> tuple[pw.Database, Path | None]:
    """The peewee database for ``url`` (a path, ``sqlite:///path`` or ``postgresql://...``).

    ``create``: False opens an existing ledger only (:class:`LedgerMissingError` otherwise), True makes a new one only
    (:class:`LedgerExistsError` when the file is there), None opens or makes (the desk's first start)."""
    if url.strip() in ("", "None"):
        raise StorageError("未指定台账文件")
    if is_postgres_url(url):
        try:
            _ = urlsplit(url).port  # reading it validates it
        except ValueError as exc:
            raise StorageError(f"PostgreSQL 地址有误：{redact_url(url)}（{exc}）") from None
        return _postgres_database(url), None
    path = _sqlite_path(url)
    if path is None:
        raise StorageError(f"无法识别的数据库地址：{redact_url(url)}")
    if str(path) != ":memory:":
        path = path.expanduser()
        if path.exists() and path.is_dir():
            raise StorageError(f"{path} 是一个文件夹，不是台账文件")
        if path.exists() and create:
            raise LedgerExistsError(f"{path} 已存在；新建台账不会覆盖已有文件")
        if not path.exists() and create is False:
            raise LedgerMissingError(f"台账 {path} 不存在；请检查 --db，新台账请用 reception --db 文件 init 建立")
        if create is False and path.stat().st_size == 0:
            raise LedgerMissingError(f"{path} 不是台账（空文件）；新台账请用 reception --db 文件 init 建立")
        try:
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                # Sensitive personal data: readable by the owner only (个人信息保护法 art 51).  O_EXCL: of two
                # processes making the same new ledger, one creates it and the other opens it.
                with contextlib.suppress(FileExistsError):
                    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except OSError as exc:  # a path below a plain file, a read-only drive
            raise StorageError(f"无法创建台账 {path}：{exc.strerror or exc}") from exc
    db = pw.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, check_same_thread=False)
    return db, path


# -- PostgreSQL ---------------------------------------------------------------------------------------------------

# Errors after which a statement outside a transaction is retried once on a new connection (the server was
# restarted, or a firewall dropped the idle connection of a desk left open overnight).
_RECONNECT_ERRORS = (
    (pw.OperationalError, "server closed the connection"),
    (pw.OperationalError, "terminating connection"),
    (pw.OperationalError, "could not receive data"),
    (pw.OperationalError, "could not send data"),
    (pw.OperationalError, "ssl connection has been closed"),
    (pw.OperationalError, "no connection to the server"),
    (pw.InterfaceError, "connection already closed"),
)


@functools.cache
def _postgres_class() -> type[pw.PostgresqlDatabase]:
    """peewee's PostgreSQL database on a psycopg2 imported now (peewee itself was imported without it)."""
    try:
        import psycopg2
        import psycopg2.extensions as ext
        import psycopg2.extras
    except ImportError as exc:
        raise StorageError("连接 PostgreSQL 需要安装 postgres 扩展：pip install 'reception[postgres]'") from exc
    from playhouse.shortcuts import ReconnectMixin  # pyright: ignore[reportMissingImports]  (peewee-stubs has no playhouse)

    class Adapter(pw.Psycopg2Adapter):  # type: ignore[misc,name-defined]
        txn_idle = ext.TRANSACTION_STATUS_IDLE
        txn_inerror = ext.TRANSACTION_STATUS_INERROR
        txn_unknown = ext.TRANSACTION_STATUS_UNKNOWN

        def __init__(self) -> None:
            super().__init__()
            self.json_type = self.jsonb_type = psycopg2.extras.Json

        def check_driver(self) -> None:
            pass

        def get_binary_type(self) -> Any:
            return psycopg2.Binary

        def connect(self, db: pw.Database, **params: Any) -> Any:
            conn = psycopg2.connect(dsn=db.database, **params)
            ext.register_type(ext.UNICODE, conn)
            ext.register_type(ext.UNICODEARRAY, conn)
            return conn

    class Database(ReconnectMixin, pw.PostgresqlDatabase):  # type: ignore[misc]
        psycopg2_adapter = Adapter
        reconnect_errors = _RECONNECT_ERRORS

    return Database


def _postgres_database(url: str) -> pw.PostgresqlDatabase:
    """The URL goes to libpq as it is (user, password, host or socket directory, port, ``?sslmode=…``); a
    password is better kept in ``~/.pgpass`` or ``PGPASSWORD`` than in the URL."""
    cls = _postgres_class()
    from psycopg2.extensions import parse_dsn

    try:
        given = parse_dsn(url)
    except Exception as exc:
        raise StorageError(f"PostgreSQL 地址有误：{redact_url(url)}（{str(exc).strip()}）") from None
    params: dict[str, Any] = {"client_encoding": "UTF8"}
    # A desk must not hang when the server is unreachable, nor wait for another desk's write longer than it would
    # on SQLite (busy_timeout); a desk that froze inside a transaction lets go of its locks; the DBA sees which
    # program holds a connection.
    options = f"-c lock_timeout={SQLITE_PRAGMAS['busy_timeout']} -c idle_in_transaction_session_timeout=600000"
    for key, default in (("connect_timeout", 10), ("application_name", "reception"), ("options", options)):
        if key not in given:
            params[key] = default
    return cls(url.replace("postgres://", "postgresql://", 1), **params)


# How long an open waits for a whole-file operation (a restore's swap, a migration) to let go of the ledger.
OPEN_WAIT = 5.0


def _take_shared(path: Path) -> LedgerLock | None:
    """The shared lock every open holds (None where the folder cannot be made: a read-only medium)."""
    lock = LedgerLock(path)
    try:
        ok = lock.acquire(exclusive=False, wait=OPEN_WAIT)
    except OSError:
        lock.release()
        return None
    if not ok:
        lock.release()
        raise LedgerInUseError(f"台账 {path} 正在被独占处理（恢复、升级或生成模拟数据），请稍后再试")
    sweep(private_dir(path))
    return lock


def init_db(url: str | os.PathLike[str], *, migrate: bool = True, create: bool | None = None) -> Store:
    """Open and migrate the ledger at ``url``.

    ``create``: False an existing ledger only (every command but ``init``), True a new one only (``init``), None
    either (the desk's first start, the self-test, the benchmark).  The one place where a ledger comes to exist.
    """
    url = str(url)
    db, path = open_database(url, create=create)
    lock = _take_shared(path) if path is not None and str(path) != ":memory:" else None
    try:
        return _connect(url, db, path, lock, migrate=migrate, create=create)
    except BaseException:
        if not db.is_closed():
            db.close()
        if lock is not None:
            lock.release()
        raise


def _connect(
    url: str, db: pw.Database, path: Path | None, lock: LedgerLock | None, *, migrate: bool, create: bool | None
) -> Store:
    # Switching a new file to WAL needs an exclusive lock, and SQLite does not wait on the busy timeout for it:
    # a second desk opening the same new ledger at that moment gets "database is locked" at once.  Retry.
    deadline = time.monotonic() + SQLITE_PRAGMAS["busy_timeout"] / 1000
    while True:
        try:
            db.connect(reuse_if_open=True)
            break
        except pw.OperationalError as exc:
            if path is not None and "locked" in str(exc) and time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            raise StorageError(f"无法打开台账 {redact_url(url)}：{str(exc).strip()}") from exc
        except pw.DatabaseError as exc:  # "file is not a database": some other file at that path
            raise StorageError(f"无法打开台账 {redact_url(url)}：{str(exc).strip()}") from exc
    store = Store(db=db, url=url, path=path, lock=lock)
    store.bind_models()
    if create is False and path is not None and schema_version(store) == 0 and not store.db.get_tables():
        raise LedgerMissingError(f"{path} 不是台账（空文件）；新台账请用 reception --db 文件 init 建立")
    if migrate:
        run_migrations(store)
    return store


# -- migrations ---------------------------------------------------------------------------------------------------


def _m0001_initial(store: Store) -> None:
    store.db.create_tables(MODELS)
    if store.is_sqlite:
        # CJK unigram+bigram tokens written by the storage layer (see search.py).  Contentless and detail=none
        # keep it small: the text lives in the matter row, and every long hit is verified against it.
        # tokenize='ascii': every non-ASCII character is a token character, so each space-separated token we write
        # is exactly one FTS token.  unicode61 drops symbols (× ※ ★ emoji), which lost "××区" and let "×市"
        # match every "市".  search.py already splits at every ASCII separator.
        store.execute("CREATE VIRTUAL TABLE matter_fts USING fts5(tokens, content='', detail=none, tokenize='ascii')")
    else:
        # The same tokens as an array: to_tsvector('simple', …) would run them through the text-search parser,
        # which drops symbols (×, ※, ★) and splits at hyphens, so "××区" would be lost.  ``tokens @> ARRAY[…]``
        # over a GIN index is exact, like the FTS5 table.
        store.execute(
            "CREATE TABLE matter_fts (matter_id INTEGER PRIMARY KEY REFERENCES matter(id) "
            "ON DELETE CASCADE, tokens TEXT[] NOT NULL)"
        )
        store.execute("CREATE INDEX matter_fts_tokens ON matter_fts USING GIN (tokens)")
        # Prefix searches (matter number, last digits of an ID or phone) are range scans ``>= p AND < p || U+FFFF``:
        # they need code-point order whatever locale the server's database was created with.
        for model, column in ((Matter, "number"), (Person, "id_rev"), (Person, "phone_rev")):
            length = getattr(model, column).max_length
            store.execute(
                f'ALTER TABLE {model._meta.table_name} ALTER COLUMN {column} TYPE VARCHAR({length}) COLLATE "C"'
            )
        # The ledger sorts by due date, then id, with SQLite's NULL order (no clock first when ascending): index it
        # so (SQLite's index entries are in rowid order within a key by themselves; PostgreSQL's are not).
        store.execute("DROP INDEX IF EXISTS matter_clock_due")
        store.execute("CREATE INDEX matter_clock_due ON matter (clock_due NULLS FIRST, id)")
        # The same for the ledger's other sort keys (domain.ledger.SORT_KEYS): many rows share a status, a unit or
        # a clerk, and without the id in the index every page would sort a whole group.
        for column in ("received_at", "channel", "petitioner_name", "headcount", "status", "handling_unit", "clerk"):
            store.execute(f"DROP INDEX IF EXISTS matter_{column}")
            store.execute(f"CREATE INDEX matter_{column} ON matter ({column}, id)")
    store.execute("CREATE INDEX matter_status_due ON matter (status, clock_due)")
    store.execute("CREATE INDEX person_phone ON person (phone)")
    store.execute("CREATE INDEX matter_petitioner_id ON matter (petitioner_id)")


def _columns(store: Store, table: str) -> set[str]:
    return {c.name for c in store.db.get_columns(table)}


# The tables the desks may only append to on PostgreSQL (issue 17): a trigger refuses every UPDATE and DELETE,
# whoever connects; the README's grants keep TRUNCATE to the owner.
APPEND_ONLY_TABLES = ("audit_entry", "event")


def _m0002_audit_rows(store: Store) -> None:
    """The audit chain covers the record: each entry carries the digests of the rows it changed (``rows``), a
    backup keeps the chain's head it was anchored to (``anchor``).  The existing chain is sealed and the rows
    already in the ledger are entered into it by the service on the first open (``audit_seal`` pending)."""
    for table, column, kind in (("audit_entry", "rows", "TEXT"), ("backup", "anchor", "VARCHAR(100)")):
        if column not in _columns(store, table):
            store.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind} NOT NULL DEFAULT ''")
    if not store.is_sqlite:
        store.execute(
            "CREATE OR REPLACE FUNCTION reception_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION '%% is append-only: %% refused', TG_TABLE_NAME, TG_OP "  # %% : the driver's escape
            "USING ERRCODE = 'insufficient_privilege'; END $$"
        )
        for table in APPEND_ONLY_TABLES:
            store.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            store.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION reception_append_only()"
            )
    ph = store.ph
    store.execute(
        f"INSERT INTO setting (key, value) VALUES ({ph}, {ph}) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        ("audit_seal", "pending"),
    )


def _m0003_confidential_tokens(store: Store) -> None:
    """检举控告 (条例 art 30): a confidential matter's complainant leaves the plain search tokens (search.py).

    SQLite's contentless FTS5 table cannot rewrite a row, so it is rebuilt from the matter rows; PostgreSQL's
    rows are rewritten in place, the confidential ones only.  Skipped when the ledger holds no such matter.
    """
    from reception.storage import search

    condition = search.confidential_sql("m")
    if not store.execute(f"SELECT EXISTS (SELECT 1 FROM matter m WHERE {condition})").fetchone()[0]:
        return
    columns = "m.id, m.summary, m.party_names, m.location, m.category, m.purpose, m.petitioner_id, m.petitioner_phone"
    if store.is_sqlite:
        store.execute("DROP TABLE matter_fts")
        store.execute("CREATE VIRTUAL TABLE matter_fts USING fts5(tokens, content='', detail=none, tokenize='ascii')")
        where = ""
    else:
        where = f" AND {condition}"
    last = 0
    while True:
        rows = store.execute(
            f"SELECT {columns} FROM matter m WHERE m.id > {store.ph}{where} ORDER BY m.id LIMIT 5000", (last,)
        ).fetchall()
        if not rows:
            return
        if store.is_sqlite:
            insert_rows(store, "matter_fts", ("rowid", "tokens"), [(r[0], search.row_tokens(*r[1:])) for r in rows])
        else:
            for r in rows:
                store.execute(
                    "UPDATE matter_fts SET tokens = string_to_array(%s, ' ') WHERE matter_id = %s",
                    (search.row_tokens(*r[1:]), r[0]),
                )
        last = rows[-1][0]


Migration = tuple[int, str, Callable[[Store], None]]
MIGRATIONS: list[Migration] = [
    (1, "initial schema", _m0001_initial),
    (2, "audit chain covers the record", _m0002_audit_rows),
    (3, "confidential complainants out of the plain search tokens", _m0003_confidential_tokens),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


@functools.cache
def expected_indexes() -> frozenset[str]:
    """The names of the indexes a SQLite ledger of :data:`SCHEMA_VERSION` has: those of a new one in memory.

    Built on a thread of its own: opening a ledger binds the calling thread's models to it."""
    names: list[str] = []

    def build() -> None:
        store = init_db(":memory:")
        try:
            names.extend(r[0] for r in store.execute("SELECT name FROM sqlite_master WHERE type = 'index'"))
        finally:
            store.close()

    worker = threading.Thread(target=build, name="expected-indexes")
    worker.start()
    worker.join()
    return frozenset(names)


def schema_version(store: Store) -> int:
    if "schema_version" not in store.db.get_tables():
        return 0
    row = store.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def snapshot(store: Store, target: Path) -> Path:
    """A consistent copy of the live SQLite file through the online backup API (safe while others write)."""
    if store.path is None:
        raise StorageError("PostgreSQL 台账请使用备份功能")
    raw = store.db.connection()
    if not target.exists():
        os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))  # never readable by others, not even briefly
    dst = sqlite3.connect(str(target))
    try:
        raw.backup(dst)
    finally:
        dst.close()
    os.chmod(target, 0o600)
    return target


def run_migrations(store: Store) -> list[int]:
    """Apply pending migrations, each in its own transaction; copy the file first if it already holds data.

    On PostgreSQL the desks of a hall starting at once take turns (a session advisory lock): even ``CREATE TABLE
    IF NOT EXISTS`` fails when two sessions run it on a new database at the same moment.
    """
    if store.is_sqlite:
        return _run_migrations(store)
    encoding = store.execute("SHOW server_encoding").fetchone()[0]
    if encoding.upper() not in ("UTF8", "UTF-8"):
        raise StorageError(
            f"PostgreSQL 数据库的编码是 {encoding}，台账需要 UTF8：CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0"
        )
    store.execute("SELECT pg_advisory_lock(%s)", (MIGRATE_LOCK_KEY,))
    try:
        return _run_migrations(store)
    finally:
        store.execute("SELECT pg_advisory_unlock(%s)", (MIGRATE_LOCK_KEY,))


def _run_migrations(store: Store) -> list[int]:
    if "schema_version" not in store.db.get_tables():
        # Only when missing: a desks' role on PostgreSQL may not create tables at all (README: the roles).
        store.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"
        )
    current = schema_version(store)
    pending = [m for m in MIGRATIONS if m[0] > current]
    if current > SCHEMA_VERSION:
        raise StorageError(f"台账的结构版本 {current} 比本程序支持的 {SCHEMA_VERSION} 新，请升级程序")
    if pending and current > 0 and store.path is not None:
        # Changing the structure of a ledger in use: every other desk and command must have let go of it.
        with store.exclusive("升级台账结构"):
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            snapshot(store, store.path.with_name(f"{store.path.name}.v{current}-{stamp}.bak"))
            return _apply(store, pending)
    return _apply(store, pending)


def _apply(store: Store, pending: list[Migration]) -> list[int]:
    applied = []
    for version, name, fn in pending:
        with store.write():
            if schema_version(store) >= version:
                # Another process (a second desk started at the same time) applied it while we waited for the
                # write lock; running it again would fail on "table already exists".
                continue
            fn(store)
            ph = store.ph
            store.execute(
                f"INSERT INTO schema_version (version, name, applied_at) VALUES ({ph}, {ph}, {ph})",
                (version, name, datetime.now().isoformat(timespec="seconds")),
            )
        applied.append(version)
    return applied


def next_sequence(store: Store, name: str, year: int) -> int:
    """The next value of a per-year sequence, incremented in place inside the caller's write transaction.

    One UPDATE…RETURNING holds the row lock (PostgreSQL) or the write lock (SQLite): two desks can never read
    the same value.  The increment is part of the caller's transaction: if that transaction rolls back, so does
    the increment, and the next caller gets the same value again — no committed row ever carries a number twice,
    and no gap is left.  So a number must not leave the transaction (be printed, shown) before it commits.
    """
    ph = store.ph
    floor = store.counter_floor(name, year)  # read before the increment: the floor first follows the ledger
    row = store.execute(
        f"INSERT INTO counter (name, year, value) VALUES ({ph}, {ph}, 1) "
        f"ON CONFLICT (name, year) DO UPDATE SET value = counter.value + 1 RETURNING value",
        (name, year),
    ).fetchone()
    value = int(row[0])
    if value <= floor:
        # The file was put back to an older copy: its counter is behind numbers already handed out. Carry on
        # above them, never reissue one (and say so in the log for the administrator).
        log.warning(
            "台账计数器 %s/%s 落后于已发出的编号 %s（台账文件可能被恢复为旧副本），从 %s 继续",
            name,
            year,
            floor,
            floor + 1,
        )
        value = floor + 1
        store.execute(f"UPDATE counter SET value = {ph} WHERE name = {ph} AND year = {ph}", (value, name, year))
    store.note_issued(name, year, value)
    return value


def insert_rows(
    store: Store,
    table: str,
    columns: tuple[str, ...] | list[str],
    rows: list[tuple[Any, ...]],
    *,
    page_size: int = 1000,
) -> None:
    """Many rows at once, inside the caller's transaction (bulk loads: demo data, copying a ledger).

    SQLite: ``executemany`` of one prepared statement.  PostgreSQL: multi-row ``VALUES`` pages
    (``psycopg2.extras.execute_values``); row-by-row ``executemany`` would pay one round trip per row.
    ``matter_fts`` rows are (matter id, space-separated tokens) on both: PostgreSQL splits the text into its
    ``TEXT[]`` itself (``string_to_array``), far cheaper than adapting a Python list of ~200 tokens per row.
    """
    if not rows:
        return
    cursor = store.db.cursor()
    names = ", ".join(f'"{c}"' for c in columns)  # quoted: "window" is a keyword on PostgreSQL
    if store.is_sqlite:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in columns)})", rows)
        return
    from psycopg2.extras import execute_values

    template = None
    if table == "matter_fts":
        template = "(" + ", ".join("string_to_array(%s, ' ')" if c == "tokens" else "%s" for c in columns) + ")"
    execute_values(cursor, f"INSERT INTO {table} ({names}) VALUES %s", rows, template=template, page_size=page_size)
