"""A backup from the desk reads the live ledger without dropping the desk's SQLite locks.

Reading the pinned ledger with ``open()`` + ``close()`` released every POSIX lock the process held on it; the next
``reception`` command then took itself for the last connection and deleted the running desk's WAL.  Real file,
real second process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.actors import ADMIN, AS_ADMIN, seed_accounts


@pytest.mark.skipif(os.name != "posix", reason="POSIX advisory locks")
def test_a_pinned_backup_leaves_the_desks_wal_alone(tmp_path: Path, sample_registration: Any, auth_file: Path) -> None:
    from reception.services.context import open_services

    ledger = tmp_path / "data" / "ledger.db"
    ledger.parent.mkdir()
    (tmp_path / "stick").mkdir()
    seed_accounts(ledger)
    services = open_services(ledger)
    try:
        services.ledger.register(sample_registration(summary="备份后锁仍在"), actor=ADMIN)
        result = services.backup.backup(str(tmp_path / "stick"), "correct horse battery staple", actor=ADMIN)
        assert result.snapshot == "pinned"  # the live file was read, the case that lost the locks
        number = services.ledger.register(sample_registration(summary="备份后锁仍在"), actor=ADMIN).number
        wal = ledger.with_name(ledger.name + "-wal")
        assert wal.exists()

        env = {
            **os.environ,
            "RECEPTION_DB": str(ledger),
            "PYTHONIOENCODING": "utf-8",
            "RECEPTION_AUTH_FILE": str(auth_file),
        }
        done = subprocess.run(
            [sys.executable, "-m", "reception", *AS_ADMIN, "search", "备份后锁仍在", "--json"],
            check=False,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert number in [r["number"] for r in json.loads(done.stdout)]
        assert wal.exists(), "the other process deleted the running desk's WAL"
        assert number in [r.number for r in services.ledger.search("备份后锁仍在")]
    finally:
        services.close()
