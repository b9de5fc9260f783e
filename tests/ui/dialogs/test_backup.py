"""The backup and restore dialogs: drives listed, mismatched passphrases refused inline, progress to 100 %,
cancel leaves nothing, restore shows the manifest and returns the new file."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from reception.ui.dialogs import backup as bd
from reception.ui.dialogs.backup import BackupDialog, Drive, RestoreDialog
from reception.ui.workers import wait_for_background
from tests.actors import admin

PASS = "correct horse battery"


@pytest.fixture
def sticks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Two "USB sticks" (folders) reported by the drive scan."""
    paths = [tmp_path / "E", tmp_path / "F"]
    for p in paths:
        p.mkdir()
    monkeypatch.setattr(
        bd,
        "removable_drives",
        lambda: [
            Drive(str(paths[0]), "KINGSTON", 12 << 30, 16 << 30),
            Drive(str(paths[1]), "办公室U盘", 3 << 30, 8 << 30),
        ],
    )
    return paths


@pytest.fixture
def dialog(qtbot: Any, desk_services: Any, sticks: list[Path]) -> Any:
    dlg = BackupDialog(desk_services, admin("王警官"))
    qtbot.addWidget(dlg)
    dlg.show()
    yield dlg
    wait_for_background()


def test_drives_listed_with_label_and_free_space(dialog: Any, sticks: list[Path]) -> None:
    assert dialog.drives() == [str(p) for p in sticks]
    assert "KINGSTON" in dialog.drive_combo.itemText(0) and "12.0 GB" in dialog.drive_combo.itemText(0)
    assert "办公室U盘" in dialog.drive_combo.itemText(1)
    assert dialog.target() == str(sticks[0])
    assert "需要约" in dialog.space_label.text() and "可用" in dialog.space_label.text()


def test_real_drive_scan(qtbot: Any) -> None:
    from types import SimpleNamespace as P

    assert all(isinstance(d, Drive) and d.free >= 0 for d in bd.removable_drives())
    assert bd._removable(P(opts="rw,removable", mountpoint="E:\\"))
    assert not bd._removable(P(opts="rw,fixed", mountpoint="C:\\"))
    assert not bd._removable(P(opts="ro,cdrom,removable", mountpoint="D:\\"))
    assert bd._removable(P(opts="rw,nosuid", mountpoint="/media/clerk/KINGSTON"))
    assert not bd._removable(P(opts="rw", mountpoint="/"))


def test_passphrase_mismatch_refused_inline(dialog: Any, qtbot: Any, sticks: list[Path]) -> None:
    qtbot.keyClicks(dialog.passphrase, PASS)
    qtbot.keyClicks(dialog.confirm, PASS + "x")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.message.is_error() and "不一致" in dialog.message.text()
    assert not dialog._running and dialog.start_button.isEnabled()
    assert os.listdir(sticks[0]) == []
    dialog.passphrase.setText("short")
    dialog.confirm.setText("short")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.message.is_error() and "至少" in dialog.message.text()
    dialog.passphrase.setText(PASS)
    dialog.confirm.setText(PASS)
    dialog.hint.setText("提示：" + PASS)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.message.is_error() and "提示" in dialog.message.text()
    assert os.listdir(sticks[0]) == []


def test_progress_reaches_100_and_backup_recorded(
    dialog: Any, qtbot: Any, desk_services: Any, sticks: list[Path]
) -> None:
    seen: list[int] = []
    dialog.progress_bar.valueChanged.connect(seen.append)
    dialog.drive_combo.setCurrentIndex(1)
    dialog.passphrase.setText(PASS)
    dialog.confirm.setText(PASS)
    dialog.hint.setText("马的名字加电池")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog._running and not dialog.passphrase.isEnabled()
    qtbot.waitUntil(lambda: dialog.result_value is not None or dialog.message.is_error(), timeout=60_000)
    assert dialog.result_value is not None, dialog.message.text()
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()
    assert dialog.progress_bar.text() == "100%"
    # forward in steps, never back: this ledger is one 4 MiB piece, written (50%) then read back (100%)
    assert seen == sorted(seen) and len(seen) >= 2 and seen[0] < dialog.progress_bar.maximum()
    files = os.listdir(sticks[1])
    assert files == [dialog.result_value.path.name]
    assert dialog.passphrase.text() == "" and dialog.confirm.text() == ""
    assert desk_services.backup.passphrase_hint() == "马的名字加电池"
    assert desk_services.backup.last_backup_at() is not None
    assert not desk_services.backup.backup_overdue()
    # the passphrase itself is stored nowhere in the ledger
    conn_text = (Path(desk_services.store.path)).read_bytes()
    assert PASS.encode() not in conn_text


def test_cancel_leaves_nothing(dialog: Any, qtbot: Any, desk_services: Any, sticks: list[Path]) -> None:
    dialog.passphrase.setText(PASS)
    dialog.confirm.setText(PASS)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.text() == "取消"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog._running, timeout=60_000)
    assert dialog.result_value is None
    assert "已取消" in dialog.message.text()
    assert os.listdir(sticks[0]) == []
    assert desk_services.backup.history() == [] and desk_services.backup.last_backup_at() is None
    assert dialog.isVisible() and dialog.start_button.isEnabled()


def test_closing_while_running_cancels_first(dialog: Any, qtbot: Any, sticks: list[Path]) -> None:
    dialog.passphrase.setText(PASS)
    dialog.confirm.setText(PASS)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    dialog.reject()  # Esc / the window's close button
    assert dialog.isVisible()  # waits for the worker
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=60_000)
    assert os.listdir(sticks[0]) == []


def test_reminder_when_last_backup_is_old(qtbot: Any, desk_services: Any, sticks: list[Path]) -> None:
    dlg = BackupDialog(desk_services, admin("王警官"))
    qtbot.addWidget(dlg)
    assert "还没有备份" in dlg.reminder.text()
    from reception.storage.repo import Repository

    with desk_services.store.write():
        Repository(desk_services.store).set_setting("last_backup_at", (datetime.now() - timedelta(days=9)).isoformat())
    dlg2 = BackupDialog(desk_services, admin("王警官"))
    qtbot.addWidget(dlg2)
    assert dlg2.reminder.property("role") == "warning" and "9 天" in dlg2.reminder.text()
    with desk_services.store.write():
        Repository(desk_services.store).set_setting("backup_reminder_days", "14")
    dlg3 = BackupDialog(desk_services, admin("王警官"))
    qtbot.addWidget(dlg3)
    assert dlg3.reminder.property("role") == "hint"


def test_no_drive_found_asks_for_a_folder(
    qtbot: Any, desk_services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bd, "removable_drives", list)
    dlg = BackupDialog(desk_services, admin("王警官"))
    qtbot.addWidget(dlg)
    assert dlg.target() == "" and dlg.space_label.is_error()
    dlg.passphrase.setText(PASS)
    dlg.confirm.setText(PASS)
    qtbot.mouseClick(dlg.start_button, Qt.MouseButton.LeftButton)
    assert dlg.message.is_error()
    dlg.set_target(str(tmp_path))
    assert dlg.target() == str(tmp_path) and not dlg.space_label.is_error()


# -- restore -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def archive(desk_services: Any, sample_registration: Any, tmp_path: Path) -> Path:
    desk_services.ledger.register(sample_registration(), actor=admin("李四"))
    out = tmp_path / "backups"
    out.mkdir()
    return desk_services.backup.backup(out, PASS, actor=admin("王警官")).path


def test_restore_dialog_shows_manifest_and_returns_new_file(qtbot: Any, desk_services: Any, archive: Path) -> None:
    from reception.services.backup import swap_in

    dlg = RestoreDialog(desk_services, admin("管理员"))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.archive.setText(str(archive))
    dlg.passphrase.setText("wrong passphrase")
    qtbot.mouseClick(dlg.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dlg.message.is_error, timeout=30_000)
    assert "口令不正确" in dlg.message.text() and not dlg.confirm_box.isEnabled()
    dlg.passphrase.setText(PASS)
    qtbot.mouseClick(dlg.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.manifest is not None, timeout=30_000)
    assert "事项 1 件" in dlg.contents.text() and "王警官" in dlg.contents.text()
    assert not dlg.restore_button.isEnabled()
    dlg.confirm_box.setChecked(True)
    assert dlg.restore_button.isEnabled()
    with qtbot.waitSignal(dlg.accepted, timeout=60_000):
        qtbot.mouseClick(dlg.restore_button, Qt.MouseButton.LeftButton)
    restored = dlg.restored_path
    live = Path(desk_services.store.path)
    # checked in the ledger's owner-only folder, never beside it in the open
    assert restored is not None and restored.exists() and restored.parent == live.with_name(live.name + ".private")
    wait_for_background()
    # what the main window does next: close, swap in, reopen
    desk_services.store.close()
    kept = swap_in(restored, live)
    assert kept is not None and kept.name.startswith(live.name + ".before-restore-")
    assert kept.exists() and live.exists()


def _restore_until_done(qtbot: Any, desk_services: Any, archive: Path) -> RestoreDialog:
    dlg = RestoreDialog(desk_services, admin("管理员"))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.archive, str(archive))
    qtbot.keyClicks(dlg.passphrase, PASS)
    qtbot.mouseClick(dlg.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dlg.confirm_box.isEnabled, timeout=30_000)
    qtbot.mouseClick(dlg.confirm_box, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dlg.restore_button, Qt.MouseButton.LeftButton)
    return dlg


def test_the_desk_says_what_a_restore_loses_before_it_is_put_in_place(
    qtbot: Any, desk_services: Any, archive: Path, sample_registration: Any
) -> None:
    """Issue 19: a restore of an archive older than the ledger names the matters it lacks and the numbers it will
    never reissue, and the clerk confirms once more before the swap."""
    later = desk_services.ledger.register(sample_registration(), actor=admin("李四")).number
    dlg = _restore_until_done(qtbot, desk_services, archive)
    qtbot.waitUntil(lambda: dlg.restore_button.text() == "仍然恢复(&R)", timeout=60_000)
    assert dlg.isVisible() and dlg.restored_path is not None and dlg.restored_path.exists()
    said = dlg.message.text()
    assert "备份之后登记的 1 件事项不在这份备份中" in said and later in said
    assert "第 2–2 号已经发出，恢复的台账不会再用" in said
    with qtbot.waitSignal(dlg.accepted, timeout=10_000):
        qtbot.mouseClick(dlg.restore_button, Qt.MouseButton.LeftButton)
    wait_for_background()


def test_a_restore_the_clerk_declines_after_reading_its_losses_leaves_nothing(
    qtbot: Any, desk_services: Any, archive: Path, sample_registration: Any
) -> None:
    desk_services.ledger.register(sample_registration(), actor=admin("李四"))
    dlg = _restore_until_done(qtbot, desk_services, archive)
    qtbot.waitUntil(lambda: dlg.restore_button.text() == "仍然恢复(&R)", timeout=60_000)
    restored = dlg.restored_path
    assert restored is not None and restored.exists()
    with qtbot.waitSignal(dlg.rejected, timeout=10_000):
        qtbot.mouseClick(dlg.cancel_button, Qt.MouseButton.LeftButton)
    wait_for_background()
    assert not restored.exists()
    assert not list(restored.parent.glob(restored.name + "*"))
    assert dlg.restored_path is None


def test_a_rewritten_history_is_refused_loudly_by_the_dialog(
    dialog: Any, qtbot: Any, desk_services: Any, sticks: list[Path]
) -> None:
    """Issue 17: the desk checks the history against the previous backup's anchor before each backup."""
    import sqlite3

    from reception.services.audit import GENESIS, entry_mac

    desk_services.audit.record("王警官", "login")
    desk_services.audit.record("王警官", "print")
    first = desk_services.backup.backup(sticks[0], PASS, actor=admin("王警官"))
    # The insider's script, with the key file beside the ledger: who logged in, and every MAC recomputed.
    key, path = desk_services.audit.key, desk_services.store.path
    con = sqlite3.connect(path)
    con.execute("UPDATE audit_entry SET actor = '别人' WHERE id = 1")
    prev = GENESIS
    for entry_id, at, actor, action, number, detail, rows in con.execute(
        "SELECT id, at, actor, action, matter_number, detail, rows FROM audit_entry ORDER BY id"
    ).fetchall():
        mac = entry_mac(key, prev, at.replace(" ", "T"), actor, action, number, detail, rows)
        con.execute("UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?", (prev, mac, entry_id))
        prev = mac
    con.commit()
    con.close()
    dialog.passphrase.setText(PASS)
    dialog.confirm.setText(PASS)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_value is not None or dialog.message.is_error(), timeout=60_000)
    assert dialog.result_value is None
    assert dialog.message.is_error() and "已拒绝备份" in dialog.message.text()
    assert "与锚点不符" in dialog.message.text()
    assert os.listdir(sticks[0]) == [first.path.name]
