"""The desk's file dialogs never cost the ledger its SQLite locks (reception/ui/widgets/file_dialogs.py).

A Qt file dialog that lists the ledger's folder used to sniff ``ledger.db``, ``-wal`` and ``-shm`` through
QMimeDatabase (open + close); POSIX locks are per process, so that dropped the desk's SQLite locks, and the next
``reception`` command deleted the desk's WAL on exit.  These tests run the real thing: a real ledger file in WAL
mode, a real dialog listing its folder, a real second ``reception`` process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from reception.ui.widgets.file_dialogs import Mode, make_dialog, start_folder
from tests.actors import ADMIN, AS_ADMIN, seed_accounts


def _list_folder_in_dialog(qtbot: Any, folder: Path) -> None:
    dialog = make_dialog(None, "导出台账", mode=Mode.SAVE, folder=folder, file_name="台账.xlsx", filters="(*.xlsx)")
    qtbot.addWidget(dialog)
    dialog.setModal(False)
    dialog.show()
    qtbot.waitExposed(dialog)
    deadline = time.monotonic() + 1.5  # the file-info gatherer thread lists the folder, the view asks for icons
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    dialog.close()
    QApplication.processEvents()


def test_a_dialog_on_the_ledgers_folder_leaves_the_desks_locks(
    qtbot: Any, tmp_path: Path, sample_registration, auth_file: Path
) -> None:
    from reception.services.context import open_services

    ledger = tmp_path / "data" / "ledger.db"
    ledger.parent.mkdir()
    seed_accounts(ledger)
    services = open_services(ledger)
    try:
        number = services.ledger.register(sample_registration(summary="锁不丢"), actor=ADMIN).number
        wal = ledger.with_name(ledger.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0, "the registration sits in the desk's WAL"

        _list_folder_in_dialog(qtbot, ledger.parent)

        env = {
            **os.environ,
            "RECEPTION_DB": str(ledger),
            "PYTHONIOENCODING": "utf-8",
            "RECEPTION_AUTH_FILE": str(auth_file),
        }
        done = subprocess.run(
            [sys.executable, "-m", "reception", *AS_ADMIN, "search", "锁不丢", "--json"],
            check=False,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert [r["number"] for r in json.loads(done.stdout)] == [number]

        assert wal.exists(), "the other process deleted the running desk's WAL"
        assert [r.number for r in services.ledger.search("锁不丢")] == [number]
    finally:
        services.close()


def test_dialogs_never_start_in_a_data_folder(qapp: Any, tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("RECEPTION_DB", str(data / "ledger.db"))
    settings = QSettings(str(tmp_path / "dialogs.ini"), QSettings.Format.IniFormat)
    settings.setValue("file_dialogs/export", str(data))  # remembered from before: forgotten
    assert start_folder("export", settings=settings) != data
    other = tmp_path / "exports"
    other.mkdir()
    settings.setValue("file_dialogs/export", str(other))
    assert start_folder("export", settings=settings) == other
    assert start_folder("export", avoid=[other], settings=settings) != other
