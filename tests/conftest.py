"""Fixtures shared by every test: an isolated ledger per test, Qt without a display, valid registrations.

Every test gets its own ``RECEPTION_DB`` (autouse), so nothing ever touches the per-user data folder, and the
``reception`` command run in-process or as a subprocess writes into the test's temporary folder.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

# Before anything imports Qt: no display on CI machines (DESIGN.md "Known traps").
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def _ledger_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One new, migrated, empty ledger made once per run as ``reception init`` makes it (without its
    administrator: the tests of accounts make their own), copied for each test."""
    from reception.storage.db import init_db

    path = tmp_path_factory.mktemp("template") / "ledger.db"
    init_db(path, create=True).close()
    return path


@pytest.fixture(autouse=True)
def _isolated_ledger(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The ledger of the ``reception`` command in this test (env ``RECEPTION_DB``): a new empty ledger, as a
    deliberate ``init`` leaves it (commands never create one); ``@pytest.mark.no_env_ledger``: the path only."""
    path = tmp_path / "env-ledger.db"
    monkeypatch.setenv("RECEPTION_DB", str(path))
    monkeypatch.delenv("RECEPTION_AUTH_FILE", raising=False)
    if request.node.get_closest_marker("no_env_ledger") is None:
        shutil.copyfile(request.getfixturevalue("_ledger_template"), path)
        os.chmod(path, 0o600)
    return path


@pytest.fixture(scope="session", autouse=True)
def _reportlab_patched() -> None:
    """reportlab as the desk and the ``reception`` command print with it: their entries install
    reception.printing.patches, and so does every test run (services and widgets print in-process here)."""
    from reception.printing import patches

    patches.install()


def _copy_ledger(src: Path | str, dst: Path | str) -> None:
    import shutil

    shutil.copyfile(src, dst)
    key = Path(f"{src}.auditkey")
    if key.exists():
        shutil.copyfile(key, f"{dst}.auditkey")


@pytest.fixture(scope="session")
def copy_ledger() -> Callable[[Path | str, Path | str], None]:
    """``copy_ledger(src, dst)``: copy a ledger file as an administrator does, with its audit key file beside it
    (issue 17: the chain's key is not in the ledger file)."""
    return _copy_ledger


@pytest.fixture
def make_ledger(_ledger_template: Path) -> Callable[[Path], Path]:
    """``make_ledger(path)``: a new empty ledger at ``path``, as ``reception init`` leaves it (without its
    administrator), for a command run on a ``--db`` of its own; returns ``path``."""

    def make(path: Path) -> Path:
        shutil.copyfile(_ledger_template, path)
        os.chmod(path, 0o600)
        return path

    return make


@pytest.fixture
def env_db(_isolated_ledger: Path) -> Path:
    """The ledger file the ``reception`` command uses in this test (``RECEPTION_DB``)."""
    return _isolated_ledger


@pytest.fixture
def auth_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A password file holding tests/actors.py's PASSWORD, readable by its owner only (in a folder of its own:
    tests compare what their ``tmp_path`` holds)."""
    from tests.actors import PASSWORD

    path = tmp_path_factory.mktemp("auth") / "auth.txt"
    path.write_text(PASSWORD + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def cli_login(env_db: Path, auth_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The ``reception`` command's ledger (``RECEPTION_DB``) with the accounts of tests/actors.py, and their
    password in ``RECEPTION_AUTH_FILE``: a command then needs only ``--as`` (``AS_ADMIN`` for the administrator).
    Returns the password file."""
    from tests.actors import seed_accounts

    if env_db.exists():  # not for @pytest.mark.no_env_ledger: no ledger until the test makes one
        seed_accounts(env_db)
    monkeypatch.setenv("RECEPTION_AUTH_FILE", str(auth_file))
    return auth_file


# -- the ledger's database: SQLite, and PostgreSQL as well when RECEPTION_TEST_PG names a server -------------------
#
# RECEPTION_TEST_PG=postgresql://reception@127.0.0.1:54329/postgres (a role allowed to CREATE DATABASE; .ci/run
# starts such a server): every test of tests/storage and tests/services that uses ``db_url`` (and so ``store`` or
# ``services``) runs twice, [sqlite] and [postgresql], each time on a database of its own.  Unset: SQLite only,
# with the test names unchanged.  A test that is about SQLite itself (its file, pragmas, sqlite3 tampering) takes
# ``@pytest.mark.sqlite_only``.  The UI, printing and command-line tests stay on SQLite: they test the desk, not
# the database, and would double the run.

PG_SERVER = os.environ.get("RECEPTION_TEST_PG", "").strip()
_BOTH_BACKENDS = {"storage", "services"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: runs on SQLite only, also when RECEPTION_TEST_PG is set")
    config.addinivalue_line("markers", "no_env_ledger: RECEPTION_DB names a path where no ledger exists yet")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if (
        PG_SERVER
        and "db_url" in metafunc.fixturenames
        and metafunc.definition.path.parent.name in _BOTH_BACKENDS
        and metafunc.definition.get_closest_marker("sqlite_only") is None
    ):
        metafunc.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)


def pg_url(database: str) -> str:
    """RECEPTION_TEST_PG with its database replaced."""
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(PG_SERVER)._replace(path="/" + database))


@pytest.fixture(scope="session")
def _pg_admin() -> Iterator[Any]:
    import psycopg2

    con = psycopg2.connect(PG_SERVER)
    con.autocommit = True
    yield con
    con.close()


@pytest.fixture
def pg_database(request: pytest.FixtureRequest) -> Iterator[Callable[[], str]]:
    """``pg_database()``: the URL of a new, empty UTF8 database on RECEPTION_TEST_PG, dropped after the test."""
    import secrets

    if not PG_SERVER:
        pytest.skip("RECEPTION_TEST_PG is not set (a PostgreSQL server URL, e.g. from .ci/run)")
    admin = request.getfixturevalue("_pg_admin")
    made: list[str] = []

    def create() -> str:
        name = f"reception_test_{secrets.token_hex(6)}"
        with admin.cursor() as cur:
            cur.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
        made.append(name)
        return pg_url(name)

    yield create
    with admin.cursor() as cur:
        for name in made:
            cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where this test's ledger lives: ``tmp_path / 'ledger.db'``, or a new PostgreSQL database ([postgresql])."""
    if getattr(request, "param", "sqlite") == "sqlite":
        return str(tmp_path / "ledger.db")
    return request.getfixturevalue("pg_database")()


@pytest.fixture
def store(db_url: str) -> Iterator[Any]:
    """An initialised, migrated ledger at ``db_url`` (SQLite: ``tmp_path / 'ledger.db'``)."""
    from reception.storage.db import init_db

    s = init_db(db_url)
    yield s
    s.close()


@pytest.fixture
def services(db_url: str, tmp_path: Path) -> Iterator[Any]:
    """The desk's services on a fresh ledger (agency directory seeded); SQLite: ``tmp_path / 'services.db'``."""
    from reception.services.context import open_services

    svc = open_services(db_url if "://" in db_url else tmp_path / "services.db")
    yield svc
    svc.close()


def make_id_number(seq: int, *, region: str = "110101", birth: str = "19800101") -> str:
    """A valid 18-digit resident ID number; ``seq`` (0-999) picks the order code, so numbers differ."""
    from reception.domain.identity import check_digit

    first17 = f"{region}{birth}{seq % 1000:03d}"
    return first17 + check_digit(first17)


@pytest.fixture
def make_id() -> Callable[..., str]:
    """``make_id(seq, region=..., birth=...)``: a valid resident ID number."""
    return make_id_number


@pytest.fixture
def sample_registration() -> Callable[..., dict[str, Any]]:
    """Factory for a valid ``reception register`` document.

    Each call gets a different petitioner (new ID number and phone) unless told otherwise.  Keyword arguments
    ``name``, ``id_number``, ``phone`` and ``role`` change the first person; any other keyword replaces the
    top-level field of that name (``persons=[...]`` replaces the whole list).  ``received_at`` defaults to
    three days ago at 09:30, so actions taken "now" come after it.
    """
    counter = itertools.count(1)

    def factory(**overrides: Any) -> dict[str, Any]:
        n = next(counter)
        person = {
            "name": overrides.pop("name", "张三丰"),
            "id_number": overrides.pop("id_number", make_id_number(n, birth=f"{1950 + n // 1000 % 50}0101")),
            "phone": overrides.pop("phone", f"139{n:08d}"),
            "address": "××市××区人民路1号",
            "role": overrides.pop("role", "petitioner"),
        }
        received = (datetime.now() - timedelta(days=3)).replace(hour=9, minute=30, second=0, microsecond=0)
        data: dict[str, Any] = {
            "channel": "visit",
            "received_at": received.isoformat(),
            "source": {"kind": "own"},
            "persons": [person],
            "headcount": 1,
            "purpose": "demand",
            "category": "grievance",
            "content_category": "劳动社保",
            "location": "××区",
            "summary": "反映单位拖欠工资三个月，要求依法处理。",
            "demands": "要求支付拖欠工资",
            "clerk": "李四",
        }
        data.update(overrides)
        return data

    return factory
