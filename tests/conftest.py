"""Fixtures shared by every test: an isolated ledger per test, Qt without a display, valid registrations.

Every test gets its own ``RECEPTION_DB`` (autouse), so nothing ever touches the per-user data folder, and the
``reception`` command run in-process or as a subprocess writes into the test's temporary folder.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

# Before anything imports Qt: no display on CI machines (DESIGN.md "Known traps").
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh ledger path for the ``reception`` command (env ``RECEPTION_DB``); the file is not created."""
    path = tmp_path / "env-ledger.db"
    monkeypatch.setenv("RECEPTION_DB", str(path))
    monkeypatch.setenv("RECEPTION_ACTOR", "测试员")
    return path


@pytest.fixture
def env_db(_isolated_ledger: Path) -> Path:
    """The ledger file the ``reception`` command uses in this test (``RECEPTION_DB``)."""
    return _isolated_ledger


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    """An initialised, migrated ledger at ``tmp_path / 'ledger.db'``."""
    from reception.storage.db import init_db

    s = init_db(tmp_path / "ledger.db")
    yield s
    s.close()


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Any]:
    """The desk's services on a fresh ledger (agency directory seeded) at ``tmp_path / 'services.db'``."""
    from reception.services.context import open_services

    svc = open_services(tmp_path / "services.db")
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
