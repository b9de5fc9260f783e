"""Opening the ledger: one ``init_db(url)`` for a SQLite file or a PostgreSQL URL.

SQLite gets WAL (readers never block the clerk's writes), foreign keys, ``synchronous=NORMAL`` (durable across an
application crash, fast enough for a million rows) and a busy timeout so two processes writing at once wait for
each other instead of failing.  Migrations are numbered and run atomically, after a copy of the file is taken.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import peewee as pw

from reception.storage.models import MODELS

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


@dataclass
class Store:
    """An open ledger.  Passed down from the composition root; never a module-level global."""

    db: pw.Database
    url: str
    path: Path | None  # the SQLite file, None for PostgreSQL

    @property
    def is_sqlite(self) -> bool:
        return isinstance(self.db, pw.SqliteDatabase)

    def bind_models(self) -> None:
        """Point the peewee models at this ledger.

        Models are classes, so they follow one database at a time: when a second ledger is opened in the same
        process (restore, verify, tests), the first one's model queries would silently go to the second file.
        Every entry point that uses models calls this first; it costs one comparison when nothing changed.
        (Two ledgers used from two threads at the same moment are still not supported.)
        """
        if MODELS[0]._meta.database is not self.db:
            self.db.bind(MODELS, bind_refs=False, bind_backrefs=False)

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction.

        On SQLite it starts IMMEDIATE: the write lock is taken up front, so two processes that both read before
        writing (numbering) queue on the busy timeout instead of failing with "database is locked".
        """
        self.bind_models()
        if self.is_sqlite:
            with self.db.atomic(lock_type="IMMEDIATE"):
                yield
        else:
            with self.db.atomic():
                yield

    def execute(self, sql: str, params: tuple | list = ()) -> pw.Database:
        return self.db.execute_sql(sql, params)

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()


def _sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :])
    if "://" in url:
        return None
    return Path(url)


def open_database(url: str) -> tuple[pw.Database, Path | None]:
    """The peewee database for ``url`` (a path, ``sqlite:///path`` or ``postgresql://...``)."""
    path = _sqlite_path(url)
    if path is not None:
        if str(path) != ":memory:":
            path = path.expanduser()
            if path.exists() and path.is_dir():
                raise StorageError(f"{path} 是一个文件夹，不是台账文件")
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                # Sensitive personal data: readable by the owner only (个人信息保护法 art 51).
                fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
                os.close(fd)
        db = pw.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, check_same_thread=False)
        return db, path
    parsed = urlparse(url)
    if parsed.scheme in ("postgres", "postgresql"):
        try:
            import psycopg2  # noqa: F401  (the optional "postgres" extra, imported only for such URLs)
        except ImportError as exc:
            raise StorageError("连接 PostgreSQL 需要安装 postgres 扩展：pip install 'reception[postgres]'") from exc
        db = pw.PostgresqlDatabase(
            parsed.path.lstrip("/"),
            user=parsed.username,
            password=parsed.password,
            host=parsed.hostname,
            port=parsed.port or 5432,
            autorollback=True,
        )
        return db, None
    raise StorageError(f"无法识别的数据库地址：{url}")


def init_db(url: str | os.PathLike[str], *, migrate: bool = True) -> Store:
    """Open (creating if needed) and migrate the ledger at ``url``."""
    url = str(url)
    db, path = open_database(url)
    try:
        db.connect(reuse_if_open=True)
    except pw.OperationalError as exc:
        raise StorageError(f"无法打开台账 {url}：{exc}") from exc
    store = Store(db=db, url=url, path=path)
    store.bind_models()
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
        store.execute(
            "CREATE VIRTUAL TABLE matter_fts USING fts5(tokens, content='', detail=none, tokenize='ascii')"
        )
    else:
        store.execute("CREATE TABLE matter_fts (matter_id INTEGER PRIMARY KEY REFERENCES matter(id) "
                      "ON DELETE CASCADE, tokens TSVECTOR NOT NULL)")
        store.execute("CREATE INDEX matter_fts_tokens ON matter_fts USING GIN (tokens)")
    store.execute("CREATE INDEX matter_status_due ON matter (status, clock_due)")
    store.execute("CREATE INDEX person_phone ON person (phone)")
    store.execute("CREATE INDEX matter_petitioner_id ON matter (petitioner_id)")


Migration = tuple[int, str, Callable[[Store], None]]
MIGRATIONS: list[Migration] = [
    (1, "initial schema", _m0001_initial),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


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
    dst = sqlite3.connect(str(target))
    try:
        raw.backup(dst)
    finally:
        dst.close()
    os.chmod(target, 0o600)
    return target


def run_migrations(store: Store) -> list[int]:
    """Apply pending migrations, each in its own transaction; copy the file first if it already holds data."""
    store.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"
    )
    current = schema_version(store)
    pending = [m for m in MIGRATIONS if m[0] > current]
    if current > SCHEMA_VERSION:
        raise StorageError(f"台账的结构版本 {current} 比本程序支持的 {SCHEMA_VERSION} 新，请升级程序")
    if pending and current > 0 and store.path is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        snapshot(store, store.path.with_name(f"{store.path.name}.v{current}-{stamp}.bak"))
    applied = []
    for version, name, fn in pending:
        with store.write():
            if schema_version(store) >= version:
                # Another process (a second desk started at the same time) applied it while we waited for the
                # write lock; running it again would fail on "table already exists".
                continue
            fn(store)
            store.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)".replace(
                    "?", "%s" if not store.is_sqlite else "?"
                ),
                (version, name, datetime.now().isoformat(timespec="seconds")),
            )
        applied.append(version)
    return applied


def next_sequence(store: Store, name: str, year: int) -> int:
    """The next value of a per-year sequence, incremented in place inside the caller's write transaction.

    One UPDATE…RETURNING holds the row lock (PostgreSQL) or the write lock (SQLite): two desks can never read
    the same value, and a rolled-back registration leaves a gap rather than a reused number.
    """
    ph = "?" if store.is_sqlite else "%s"
    row = store.execute(
        f"INSERT INTO counter (name, year, value) VALUES ({ph}, {ph}, 1) "
        f"ON CONFLICT (name, year) DO UPDATE SET value = counter.value + 1 RETURNING value",
        (name, year),
    ).fetchone()
    return int(row[0])
