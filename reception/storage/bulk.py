"""Bulk loading an empty ledger (demo data for training and benchmarks): rows straight into the tables, the
secondary indexes dropped while loading and rebuilt once at the end."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from reception.storage.db import Store, insert_rows

# The bulk-loaded tables (the counter is set at the end).
_TABLES = ("person", "matter", "matter_party", "matter_link", "event")


def has_matters(store: Store) -> bool:
    return bool(store.execute("SELECT EXISTS (SELECT 1 FROM matter)").fetchone()[0])


def _secondary_indexes(store: Store) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the explicit indexes of the bulk-loaded tables."""
    tables: tuple[str, ...] = _TABLES
    if not store.is_sqlite:
        tables += ("matter_fts",)  # its GIN index: built once at the end is many times faster than row by row
    if store.is_sqlite:
        rows = store.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
            f"({', '.join('?' for _ in tables)})",
            tables,
        ).fetchall()
    else:
        rows = store.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            "AND i.tablename = ANY(%s) AND i.indexname NOT IN (SELECT conname FROM pg_constraint)",
            (list(tables),),
        ).fetchall()
    return [(r[0], r[1]) for r in rows]


def fts_columns(store: Store) -> tuple[str, str]:
    """The search index's columns as :func:`insert` takes them: the matter's id and its token text (SQLite's
    FTS5 table keys it by rowid; PostgreSQL: see ``insert_rows``)."""
    return ("rowid", "tokens") if store.is_sqlite else ("matter_id", "tokens")


@contextlib.contextmanager
def loading(store: Store) -> Iterator[None]:
    """Around a bulk load into an empty ledger: secondary indexes are dropped and rebuilt once at the end, which
    is several times faster than keeping a dozen random-key B-trees up to date row by row."""
    if store.is_sqlite:
        store.execute("PRAGMA synchronous = OFF")
    # One transaction from the first DROP INDEX to the last CREATE INDEX: a load killed at any moment leaves the
    # ledger as it was, indexes and all (the caller's writes inside are savepoints of it).
    with store.write():
        indexes = _secondary_indexes(store)
        for name, _sql in indexes:
            store.execute(f"DROP INDEX {name}")
        yield
        for _name, sql in indexes:
            store.execute(sql)
    if store.is_sqlite:
        store.execute("PRAGMA synchronous = NORMAL")
        store.execute("PRAGMA optimize")
    else:
        # Ids were written explicitly: move the sequences past them, or the next registration collides.
        for table in ("matter", "person"):
            store.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )
        store.execute("ANALYZE")


def insert(store: Store, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Rows of one table, inside the caller's write transaction."""
    insert_rows(store, table, columns, rows)


def set_counter(store: Store, name: str, year: int, value: int) -> None:
    """A sequence the load used up (matter numbers of a year), for a ledger whose counter has no such row yet."""
    ph = store.ph
    store.execute(f"INSERT INTO counter (name, year, value) VALUES ({ph}, {ph}, {ph})", (name, year, value))
