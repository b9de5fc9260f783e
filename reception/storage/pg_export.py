"""A PostgreSQL ledger as a SQLite ledger file, and back: backups of a hall's shared ledger without pg_dump.

The backup archive holds one SQLite ledger file whichever database the desks use, so one archive format, one
verify, and a restore into either.  :func:`export_to_sqlite` copies every table of the PostgreSQL ledger into a
new file that :func:`~reception.storage.db.init_db` created (the same schema), table by table in primary-key
order, streamed through a server-side cursor in batches, all from one REPEATABLE READ snapshot (desks may go on
registering meanwhile; the copy is the ledger as it was at one instant).  :func:`import_from_sqlite` does the
reverse into a PostgreSQL ledger, in one transaction.

Both are driven by the two schemas as they are (every table of the SQLite file, every column), not by a list kept
here, so a table a later migration adds is copied too; a table or column that exists on one side only stops the
copy rather than losing it.  The search table is the exception: SQLite's FTS5 table is contentless (its tokens
cannot be read back), so the PostgreSQL side's tokens are recomputed from the matter rows on import.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from reception.storage import search
from reception.storage.db import SCHEMA_VERSION, StorageError, Store, init_db, insert_rows, schema_version

BATCH = 5000
FTS = "matter_fts"
Progress = Callable[[int, int], None]  # (rows copied so far, rows in all)


# -- the two schemas ----------------------------------------------------------------------------------------------


def _sqlite_tables(con: sqlite3.Connection) -> dict[str, list[str]]:
    """Each table of the ledger file (FTS5 shadow tables left out) → its columns, in dependency order."""
    rows = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    names: list[str] = []
    virtual: list[str] = []
    for name, sql in rows:
        (virtual if (sql or "").upper().startswith("CREATE VIRTUAL TABLE") else names).append(name)
    names = [n for n in names if not any(n.startswith(f"{v}_") for v in virtual)]
    deps = {n: {r[2] for r in con.execute(f'PRAGMA foreign_key_list("{n}")') if r[2] != n} for n in names}
    ordered: list[str] = []
    while deps:
        ready = sorted(n for n, d in deps.items() if not d - set(ordered))
        if not ready:
            raise StorageError(f"台账的外键关系有环：{sorted(deps)}")
        ordered.extend(ready)
        for n in ready:
            del deps[n]
    tables = {n: [r[1] for r in con.execute(f'PRAGMA table_info("{n}")')] for n in ordered}
    if FTS in virtual:
        tables[FTS] = ["rowid", "tokens"]
    return tables


def _sqlite_key(con: sqlite3.Connection, table: str) -> list[str]:
    if table == FTS:
        return ["rowid"]
    info = sorted((r[5], r[1]) for r in con.execute(f'PRAGMA table_info("{table}")') if r[5])
    return [name for _pk, name in info] or ["rowid"]


def _pg_columns(store: Store) -> dict[str, dict[str, str]]:
    """Each table of the PostgreSQL ledger (the current schema) → {column: data type}."""
    result: dict[str, dict[str, str]] = {}
    for table, column, data_type in store.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
    ).fetchall():
        result.setdefault(table, {})[column] = data_type
    return result


def _pg_name(table: str, column: str) -> str:
    return "matter_id" if (table, column) == (FTS, "rowid") else column


def _check_same_schema(sqlite_tables: dict[str, list[str]], pg: dict[str, dict[str, str]]) -> None:
    problems = []
    for table in sorted(set(sqlite_tables) ^ set(pg)):
        problems.append(f"表 {table} 只在{'SQLite' if table in sqlite_tables else ' PostgreSQL '}一侧")
    for table, columns in sqlite_tables.items():
        if table in pg:
            names = {_pg_name(table, c) for c in columns}
            for column in sorted(names ^ set(pg[table])):
                problems.append(f"{table}.{column} 只在{'SQLite' if column in names else ' PostgreSQL '}一侧")
    if problems:
        raise StorageError("两个台账的结构不同，无法复制：" + "；".join(problems))


def _quoted(columns: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


# -- values ---------------------------------------------------------------------------------------------------------


# Column types the server turns into SQLite's values itself (no per-value Python work on a million rows).
_PLAIN = {"text", "character varying", "character", "integer", "bigint", "smallint", "real", "double precision"}


# Stamps written on SQLite as text with a "T" (the audit trail hashes its stamps in that form).
_T_STAMPS = {("audit_entry", "at")}


def _select_for_sqlite(table: str, column: str, data_type: str) -> tuple[str, bool]:
    """(SQL expression, whether Python must still convert it) for one column read from the server.

    Dates and times become the ISO text peewee writes on SQLite (``YYYY-MM-DD HH:MM:SS``, with ``.ffffff`` only
    when there are microseconds, as ``datetime.isoformat(" ")``), booleans 0/1, the token array its text.
    """
    q = f'"{column}"'
    if data_type in _PLAIN:
        return q, False
    if data_type == "timestamp without time zone":
        sep = '"T"' if (table, column) in _T_STAMPS else " "
        return (
            f"to_char({q}, 'YYYY-MM-DD{sep}HH24:MI:SS') || CASE WHEN date_part('microseconds', {q})::bigint "
            f"% 1000000 <> 0 THEN to_char({q}, '.US') ELSE '' END"
        ), False
    if data_type == "date":
        return f"to_char({q}, 'YYYY-MM-DD')", False
    if data_type == "boolean":
        return f"{q}::int", False
    if data_type == "ARRAY":
        return f"array_to_string({q}, ' ')", False
    return q, True


def _to_sqlite(value: Any) -> Any:
    """A PostgreSQL value as the SQLite ledger holds it (peewee writes dates and times there as ISO text)."""
    if value is None or isinstance(value, (str, int, float, bytes)):
        return int(value) if isinstance(value, bool) else value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, list):  # the search tokens
        return " ".join(value)
    if isinstance(value, memoryview):
        return value.tobytes()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _from_sqlite(data_type: str) -> Callable[[Any], Any]:
    """How a SQLite value goes into a PostgreSQL column of ``data_type``."""
    if data_type == "boolean":
        return lambda v: None if v is None else bool(int(v))
    if data_type.startswith(("timestamp", "date", "time")):
        return lambda v: None if v is None or v == "" else v  # ISO text: PostgreSQL parses it, "T" or " " alike
    if data_type == "bytea":
        import psycopg2

        return lambda v: None if v is None else psycopg2.Binary(v)
    return lambda v: v


# -- PostgreSQL → SQLite --------------------------------------------------------------------------------------------


def _pg_batches(store: Store, sql: str, batch: int) -> Iterator[list[tuple[Any, ...]]]:
    """Rows of ``sql`` through a server-side cursor, ``batch`` at a time (never the whole table in memory)."""
    cursor = store.db.connection().cursor(name=f"export_{uuid.uuid4().hex[:12]}", withhold=True)
    cursor.itersize = batch
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(batch):
            yield rows
    finally:
        cursor.close()


def export_to_sqlite(
    store: Store, path: str | os.PathLike[str], progress: Progress | None = None, *, batch: int = BATCH
) -> dict[str, int]:
    """Copy the PostgreSQL ledger ``store`` into a new SQLite ledger file at ``path``; returns rows per table.

    ``path`` must not exist yet (a temporary file of the backup; it is created readable by its owner only).  The
    copy is one snapshot of the server's ledger, taken while desks may go on working; the file is checked
    (``integrity_check``, foreign keys) and checkpointed into one file before this returns.  Call it outside a
    transaction.
    """
    if store.is_sqlite:
        raise StorageError("export_to_sqlite 用于 PostgreSQL 台账；SQLite 台账请直接复制快照")
    target_path = Path(path)
    if target_path.exists() and target_path.stat().st_size:
        raise StorageError(f"{target_path} 已存在")
    target = init_db(target_path)  # binds this thread's models to the file: the repositories bind them back
    counts: dict[str, int] = {}
    try:
        con = target.db.connection()
        tables = _sqlite_tables(con)
        target.execute("PRAGMA foreign_keys = OFF")  # rows arrive table by table; checked as a whole below
        target.execute("PRAGMA synchronous = OFF")  # a new file: if this fails half-way it is thrown away
        with store.db.atomic(isolation_level="REPEATABLE READ"):
            store.execute("SET TRANSACTION READ ONLY")
            pg = _pg_columns(store)
            _check_same_schema(tables, pg)
            version = int(store.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)
            if version != schema_version(target):
                raise StorageError(f"PostgreSQL 台账的结构版本 {version} 与本程序的 {SCHEMA_VERSION} 不同")
            total = sum(int(store.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]) for t in tables)
            done = 0
            with target.db.atomic():  # not target.write(): that would bind the models to the file
                for table in tables:
                    if table != FTS:
                        target.execute(f'DELETE FROM "{table}"')  # schema_version: the server's rows instead
                for table, columns in tables.items():
                    key = _quoted([_pg_name(table, c) for c in _sqlite_key(con, table)])
                    exprs = [
                        _select_for_sqlite(table, _pg_name(table, c), pg[table][_pg_name(table, c)]) for c in columns
                    ]
                    select = f'SELECT {", ".join(e for e, _ in exprs)} FROM "{table}" ORDER BY {key}'
                    convert = [i for i, (_e, python) in enumerate(exprs) if python]
                    n = 0
                    for batch_rows in _pg_batches(store, select, batch):
                        rows = batch_rows
                        if convert:
                            rows = [
                                tuple(_to_sqlite(v) if i in convert else v for i, v in enumerate(row)) for row in rows
                            ]
                        insert_rows(target, table, columns, rows)
                        n += len(rows)
                        done += len(rows)
                        if progress:
                            progress(done, total)
                    counts[table] = n
        target.execute("PRAGMA synchronous = NORMAL")
        target.execute("PRAGMA foreign_keys = ON")
        bad = target.execute("PRAGMA foreign_key_check").fetchall()
        if bad:
            raise StorageError(f"导出的台账外键不一致：{bad[:5]}")
        if target.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StorageError("导出的台账未通过完整性检查")
        for table, n in counts.items():
            if table != FTS and int(target.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]) != n:
                raise StorageError(f"导出的台账 {table} 表行数不符")
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the one file
    finally:
        target.close()
    return counts


# -- SQLite → PostgreSQL --------------------------------------------------------------------------------------------


def _sqlite_batches(con: sqlite3.Connection, sql: str, batch: int) -> Iterator[list[tuple[Any, ...]]]:
    cursor = con.execute(sql)
    while rows := cursor.fetchmany(batch):
        yield rows


def import_from_sqlite(
    store: Store,
    path: str | os.PathLike[str],
    progress: Progress | None = None,
    *,
    replace: bool = False,
    batch: int = BATCH,
) -> dict[str, int]:
    """Copy the SQLite ledger file at ``path`` (e.g. a decrypted backup) into the PostgreSQL ledger ``store``.

    One transaction: the server's ledger is either entirely the file's afterwards or unchanged.  It must be
    empty (a new database that :func:`init_db` set up; the agency directory may be seeded) unless ``replace``,
    which first empties every table.  The file must be at this program's schema version (open it once with
    ``init_db`` to migrate an older one).  Id sequences are moved past the copied ids.
    """
    if store.is_sqlite:
        raise StorageError("import_from_sqlite 用于 PostgreSQL 台账")
    source = Path(path)
    if not source.is_file():
        raise StorageError(f"{source} 不存在")
    con = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    counts: dict[str, int] = {}
    try:
        version = int(con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)
        if version != SCHEMA_VERSION:
            raise StorageError(f"台账文件的结构版本 {version} 与本程序的 {SCHEMA_VERSION} 不同：请先用本程序打开它")
        con.execute("BEGIN")  # one read snapshot of the file
        tables = _sqlite_tables(con)
        total = sum(int(con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]) for t in tables if t != FTS) + int(
            con.execute("SELECT COUNT(*) FROM matter").fetchone()[0]
        )
        done = 0
        with store.write():
            pg = _pg_columns(store)
            _check_same_schema(tables, pg)
            names = ", ".join(f'"{t}"' for t in tables)
            if replace:
                store.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            else:
                # A new ledger already holds its migrations, the shipped directory and the audit seal its
                # migration leaves pending: none of that is data, and the copy brings its own.
                new_ledger = {"schema_version": "", "agency": "", "setting": " WHERE key <> 'audit_seal'"}
                used = [
                    t
                    for t in tables
                    if store.execute(f'SELECT EXISTS (SELECT 1 FROM "{t}"{new_ledger.get(t, "")})').fetchone()[0]
                    and new_ledger.get(t) != ""
                ]
                if used:
                    raise StorageError(f"PostgreSQL 台账不是空的（{', '.join(used)}）；恢复到它需要先清空")
                store.execute('TRUNCATE "schema_version", "agency", "setting" RESTART IDENTITY CASCADE')
            for table, columns in tables.items():
                n = 0
                if table == FTS:
                    # Contentless FTS5: the tokens are recomputed from the matter rows, as registration wrote them.
                    select = (
                        "SELECT id, summary, party_names, location, category, purpose, petitioner_id, "
                        "petitioner_phone FROM matter ORDER BY id"
                    )
                    for rows in _sqlite_batches(con, select, batch):
                        insert_rows(
                            store, FTS, ["matter_id", "tokens"], [(r[0], search.row_tokens(*r[1:])) for r in rows]
                        )
                        n += len(rows)
                        done += len(rows)
                        if progress:
                            progress(done, total)
                    counts[table] = n
                    continue
                convert = [_from_sqlite(pg[table][c]) for c in columns]
                select = f'SELECT {_quoted(columns)} FROM "{table}" ORDER BY {_quoted(_sqlite_key(con, table))}'
                for rows in _sqlite_batches(con, select, batch):
                    converted = [tuple(f(v) for f, v in zip(convert, row, strict=False)) for row in rows]
                    insert_rows(store, table, columns, converted)
                    n += len(rows)
                    done += len(rows)
                    if progress:
                        progress(done, total)
                counts[table] = n
            for table in tables:
                sequence = (
                    store.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,)).fetchone()[0]
                    if "id" in pg[table]
                    else None
                )
                if sequence:
                    store.execute(
                        f'SELECT setval(%s, (SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"), false)', (sequence,)
                    )
        con.rollback()
    finally:
        con.close()
    store.execute("ANALYZE")
    return counts
