"""The desk's saves follow the output-path rule (reception/services/output_paths.py) and say why in the clerk's
words: the file dialog already asked before replacing a file, the rule still refuses the ledger and non-files."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.actors import admin
from tests.ui.test_main_window import key, registration


def _ledger_digest(path: Path) -> str:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(PASSIVE)")
    con.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_onto_the_ledger_is_refused_with_a_message(
    qtbot: Any, window: Any, desk_services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from reception.ui.main_window import ExportFileChooser

    matter = desk_services.ledger.register(registration(11), actor=admin("李警官"))
    ledger = desk_services.store.path
    before = _ledger_digest(ledger)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: warnings.append(text))
    monkeypatch.setattr(
        ExportFileChooser, "choose", classmethod(lambda cls, suggested, parent=None: (str(ledger), True))
    )
    window.registration.id_number.setFocus()
    key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(warnings), timeout=15_000)
    assert "导出失败" in warnings[0] and "台账文件" in warnings[0] and "请另选文件名" in warnings[0]
    assert _ledger_digest(ledger) == before
    assert [r.number for r in desk_services.ledger.search(matter.number)] == [matter.number]


def test_save_as_onto_a_non_file_is_refused_with_a_message(
    qtbot: Any, desk_services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reception.ui.dialogs.print_preview import PrintPreviewDialog, SaveAsChooser, ledger_of

    matter = desk_services.ledger.register(registration(12), actor=admin("李警官"))
    pdf = tmp_path / "receipt.pdf"
    desk_services.documents.print_document(matter.number, "receipt", str(pdf), actor=admin("李警官"))
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    monkeypatch.setattr(SaveAsChooser, "choose", classmethod(lambda cls, suggested, parent=None: (str(fifo), True)))
    dialog = PrintPreviewDialog(pdf, kind="receipt", title="登记回执", ledger=ledger_of(desk_services))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    with qtbot.waitSignal(dialog.finished_printing, timeout=3000) as outcome:
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not outcome.args[0].ok
    assert "不能保存到这里" in dialog.message_text() and "不是普通文件" in dialog.message_text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
