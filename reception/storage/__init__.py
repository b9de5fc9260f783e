"""Storage: the ledger's tables, queries and search (SQLite by default, PostgreSQL with the ``postgres`` extra).

peewee imports psycopg2 (and psycopg) eagerly whenever they are installed.  A desk on a SQLite file never needs
them, so the first import of peewee here hides them; :mod:`reception.storage.db` imports psycopg2 itself, and only
when a ``postgresql://`` URL is opened (tests/storage/test_postgres.py checks both).
"""

from __future__ import annotations

import sys

if "peewee" not in sys.modules:
    _hidden = [name for name in ("psycopg2", "psycopg") if name not in sys.modules]
    for _name in _hidden:
        sys.modules[_name] = None  # type: ignore[assignment]  # "import psycopg2" raises ImportError
    try:
        import peewee  # noqa: F401
    finally:
        for _name in _hidden:
            if sys.modules.get(_name, False) is None:
                del sys.modules[_name]
