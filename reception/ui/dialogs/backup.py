"""备份 and 恢复: the clerk's way to put the ledger on a USB stick, encrypted and verified, and to get it back.

The dialogs only collect choices and show progress; the work is ``services.backup`` on the thread pool
(``run_in_background``).  Progress comes back through a queued signal, and cancel is cooperative: the worker's
progress callback raises :class:`~reception.services.backup.Cancelled`, and the service removes whatever it had
written.  The passphrase lives in the line edits and the worker's closure only: never stored, never logged; the
hint (which must not contain it) is remembered in the setting ``backup_passphrase_hint``.

Restoring never touches the open ledger: :class:`RestoreDialog` restores into a new file beside it and returns
that path; the main window closes its services, calls :func:`reception.services.backup.swap_in` (the current
file is kept as ``….before-restore-YYYYmmdd-HHMMSS``) and reopens.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reception.services.backup import MIN_PASSPHRASE, SUFFIX, Cancelled
from reception.ui.widgets.common import FieldMessage
from reception.ui.widgets.file_dialogs import Mode, choose
from reception.ui.workers import run_in_background

if TYPE_CHECKING:
    from reception.domain.roles import Principal
    from reception.services.context import Services

__all__ = ["BackupDialog", "Drive", "RestoreDialog", "removable_drives"]

_BAR = 1000  # the progress bar counts in tenths of a percent (byte counts overflow Qt's int)


@dataclass(frozen=True)
class Drive:
    path: str
    label: str
    free: int
    total: int
    removable: bool = True


def _removable(part: Any) -> bool:
    opts = set(str(part.opts).split(","))
    if "cdrom" in opts:
        return False
    if "removable" in opts:  # Windows reports USB sticks so
        return True
    mount = str(part.mountpoint)
    return mount.startswith(("/media/", "/run/media/", "/mnt/", "/Volumes/"))


def removable_drives() -> list[Drive]:
    """USB sticks and other removable volumes (psutil finds them, QStorageInfo names them and tells free space)."""
    import psutil
    from PySide6.QtCore import QStorageInfo

    drives = []
    for part in psutil.disk_partitions(all=False):
        if not _removable(part):
            continue
        info = QStorageInfo(part.mountpoint)
        if info.isValid() and info.isReady():
            if info.isReadOnly():
                continue
            label = info.displayName() or info.name() or part.mountpoint
            free, total = int(info.bytesAvailable()), int(info.bytesTotal())
        else:
            try:
                usage = psutil.disk_usage(part.mountpoint)
            except OSError:
                continue
            label, free, total = part.mountpoint, int(usage.free), int(usage.total)
        drives.append(Drive(part.mountpoint, label, free, total))
    return drives


def human_size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def _free(path: str) -> int:
    import shutil

    try:
        return shutil.disk_usage(path).free
    except OSError:
        return 0


class BackupDialog(QDialog):
    """Choose a drive, type the passphrase twice, watch it being written and read back."""

    _progress = Signal(int)

    def __init__(self, services: Services, actor: Principal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.result_value: Any = None
        self._cancel = threading.Event()
        self._running = False
        self._close_when_stopped = False
        self.setWindowTitle(self.tr("备份台账"))
        self.setMinimumWidth(520)

        layout = QVBoxLayout(self)
        self.reminder = FieldMessage()
        layout.addWidget(self.reminder)

        form = QFormLayout()
        self.drive_combo = QComboBox()
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.folder_button = QPushButton(self.tr("其他文件夹…"))
        drive_row = QHBoxLayout()
        drive_row.addWidget(self.drive_combo, 1)
        drive_row.addWidget(self.refresh_button)
        drive_row.addWidget(self.folder_button)
        drive_label = QLabel(self.tr("备份到(&D)"))
        drive_label.setBuddy(self.drive_combo)
        form.addRow(drive_label, drive_row)
        self.space_label = FieldMessage()
        form.addRow("", self.space_label)

        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLineEdit()
        self.hint.setPlaceholderText(self.tr("帮助回忆口令的提示（不要写口令本身）"))
        for text, widget in (
            (self.tr("口令(&P)"), self.passphrase),
            (self.tr("再输一遍(&C)"), self.confirm),
            (self.tr("口令提示(&H)"), self.hint),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        layout.addLayout(form)
        self.message = FieldMessage()
        layout.addWidget(self.message)

        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, _BAR)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat("%p%")
        layout.addWidget(self.progress_bar)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.start_button = QPushButton(self.tr("开始备份"))
        self.start_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("关闭"))
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

        self.start_button.clicked.connect(self._on_start)
        self.cancel_button.clicked.connect(self._on_cancel)
        self.refresh_button.clicked.connect(self.refresh_drives)
        self.folder_button.clicked.connect(self._on_choose_folder)
        self.drive_combo.currentIndexChanged.connect(self._on_drive_changed)
        self.confirm.textEdited.connect(self._on_confirm_edited)
        self._progress.connect(self._on_progress)

        backup = services.backup
        self.needed = backup.estimate_size()
        self.hint.setText(backup.passphrase_hint())
        self._show_reminder()
        self.refresh_drives()

    # -- state -------------------------------------------------------------------------------------------------

    def _show_reminder(self) -> None:
        backup = self.services.backup
        last = backup.last_backup_at()
        if last is None:
            self.reminder.show_warning(self.tr("本台账还没有备份过。"))
        elif backup.backup_overdue():
            days = (datetime.now() - last).days
            self.reminder.show_warning(
                self.tr("上次备份在 {0}，已经 {1} 天（超过 {2} 天提醒）。").format(
                    f"{last:%Y-%m-%d %H:%M}", days, backup.reminder_days()
                )
            )
        else:
            self.reminder.show_hint(self.tr("上次备份：{0}").format(f"{last:%Y-%m-%d %H:%M}"))

    @Slot()
    def refresh_drives(self) -> None:
        current = self.target()
        self.drive_combo.blockSignals(True)
        self.drive_combo.clear()
        for drive in removable_drives():
            self.drive_combo.addItem(
                self.tr("{0}（{1}）可用 {2}").format(drive.label, drive.path, human_size(drive.free)), drive.path
            )
        if self.drive_combo.count() == 0:
            self.drive_combo.addItem(self.tr("未发现 U 盘：请插入后点“刷新”，或选择其他文件夹"), "")
        index = self.drive_combo.findData(current) if current else -1
        self.drive_combo.setCurrentIndex(max(index, 0))
        self.drive_combo.blockSignals(False)
        self._on_drive_changed()

    def drives(self) -> list[str]:
        return [self.drive_combo.itemData(i) for i in range(self.drive_combo.count()) if self.drive_combo.itemData(i)]

    def target(self) -> str:
        data = self.drive_combo.currentData()
        return str(data) if data else ""

    def set_target(self, path: str) -> None:
        index = self.drive_combo.findData(path)
        if index < 0:
            self.drive_combo.addItem(self.tr("{0}  可用 {1}").format(path, human_size(_free(path))), path)
            index = self.drive_combo.count() - 1
        self.drive_combo.setCurrentIndex(index)
        self._on_drive_changed()

    @Slot()
    def _on_choose_folder(self) -> None:
        path, _ = choose(self, self.tr("选择备份文件夹"), mode=Mode.FOLDER, purpose="backup")
        if path:
            self.set_target(path)

    @Slot()
    def _on_drive_changed(self) -> None:
        target = self.target()
        if not target:
            self.space_label.show_error(self.tr("请选择备份位置"))
            return
        free = _free(target)
        text = self.tr("需要约 {0}（压缩后通常小得多），可用 {1}").format(human_size(self.needed), human_size(free))
        if free < self.needed // 3:
            self.space_label.show_error(text + self.tr("：空间不足"))
        elif free < self.needed:
            self.space_label.show_warning(text + self.tr("：空间可能不够"))
        else:
            self.space_label.show_hint(text)

    @Slot()
    def _on_confirm_edited(self) -> None:
        if self.message.is_error():
            self.message.clear_message()

    def _validate(self) -> str | None:
        """The passphrase if everything is in order, else None with the reason shown inline."""
        passphrase, confirm = self.passphrase.text(), self.confirm.text()
        if not self.target():
            self.message.show_error(self.tr("请选择备份位置（插入 U 盘后点“刷新”）"))
            return None
        if not os.path.isdir(self.target()):
            self.message.show_error(self.tr("备份位置 {0} 不存在").format(self.target()))
            return None
        if len(passphrase) < MIN_PASSPHRASE:
            self.message.show_error(self.tr("口令至少 {0} 个字符").format(MIN_PASSPHRASE))
            self.passphrase.setFocus()
            return None
        if passphrase != confirm:
            self.message.show_error(self.tr("两次输入的口令不一致"))
            self.confirm.clear()
            self.confirm.setFocus()
            return None
        hint = self.hint.text().strip()
        if hint and (passphrase in hint or hint == passphrase):
            self.message.show_error(self.tr("口令提示里不能包含口令本身"))
            self.hint.setFocus()
            return None
        return passphrase

    def _set_running(self, running: bool) -> None:
        self._running = running
        for widget in (
            self.drive_combo,
            self.refresh_button,
            self.folder_button,
            self.passphrase,
            self.confirm,
            self.hint,
            self.start_button,
        ):
            widget.setEnabled(not running)
        self.cancel_button.setText(self.tr("取消") if running else self.tr("关闭"))

    # -- the backup ---------------------------------------------------------------------------------------------

    @Slot()
    def _on_start(self) -> None:
        passphrase = self._validate()
        if passphrase is None:
            return
        self.message.clear_message()
        hint = self.hint.text().strip()
        backup = self.services.backup
        if hint != backup.passphrase_hint():
            backup.set_passphrase_hint(hint)
        self._cancel.clear()
        self.progress_bar.setValue(0)
        self._set_running(True)
        target, actor = self.target(), self.actor

        def report(done: int, total: int) -> None:  # on the worker thread: no widgets here
            if self._cancel.is_set():
                raise Cancelled()
            self._progress.emit(int(done * _BAR / total) if total else _BAR)

        run_in_background(
            self,
            lambda: backup.backup(target, passphrase, actor=actor, progress=report),
            self._on_done,
            self._on_failed,
        )

    @Slot(int)
    def _on_progress(self, value: int) -> None:
        self.progress_bar.setValue(max(self.progress_bar.value(), min(value, _BAR)))

    def _on_done(self, result: Any) -> None:
        self._set_running(False)
        self.result_value = result
        self.passphrase.clear()
        self.confirm.clear()
        self.progress_bar.setValue(_BAR)
        self.message.show_ok(
            self.tr("备份完成并已读回校验：{0}（{1}，SHA-256 {2}…）").format(
                result.path, human_size(result.size), result.sha256[:16]
            )
        )
        self._show_reminder()
        self.start_button.setEnabled(False)
        if self._close_when_stopped:
            self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_running(False)
        self.progress_bar.setValue(0)
        if isinstance(exc, Cancelled):
            self.message.show_warning(self.tr("已取消，没有留下备份文件"))
        else:
            self.message.show_error(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        self._on_drive_changed()
        if self._close_when_stopped:
            self.reject()

    @Slot()
    def _on_cancel(self) -> None:
        if self._running:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.message.show_hint(self.tr("正在取消…"))
            return
        if self.result_value is not None:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        if self._running:  # Esc or the window's close button: cancel first, close when the worker stopped
            self._close_when_stopped = True
            self._on_cancel()
            return
        super().reject()

    def done(self, code: int) -> None:
        self.cancel_button.setEnabled(True)
        super().done(code)

    @classmethod
    def run(cls, services: Services, actor: Principal, parent: QWidget | None = None) -> tuple[Any, bool]:
        """Show the dialog; returns (BackupResult or None, whether a backup was made)."""
        dialog = cls(services, actor, parent)
        dialog.exec()
        result = dialog.result_value
        dialog.deleteLater()
        return result, result is not None


class RestoreDialog(QDialog):
    """Choose an archive, unlock its manifest, look at what it holds, confirm, restore into a new file."""

    _progress = Signal(int)

    def __init__(self, services: Services, actor: Principal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.manifest: Any = None
        self.restored_path: Path | None = None
        self._confirm_loss = False  # the restore is done and what it loses is shown: 恢复 again puts it in place
        self._cancel = threading.Event()
        self._running = False
        self.setWindowTitle(self.tr("从备份恢复台账"))
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.archive = QLineEdit()
        self.browse_button = QPushButton(self.tr("选择…"))
        row = QHBoxLayout()
        row.addWidget(self.archive, 1)
        row.addWidget(self.browse_button)
        archive_label = QLabel(self.tr("备份文件(&F)"))
        archive_label.setBuddy(self.archive)
        form.addRow(archive_label, row)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        pass_label = QLabel(self.tr("口令(&P)"))
        pass_label.setBuddy(self.passphrase)
        form.addRow(pass_label, self.passphrase)
        hint = services.backup.passphrase_hint()
        if hint:
            form.addRow(self.tr("口令提示"), QLabel(hint))
        layout.addLayout(form)
        self.read_button = QPushButton(self.tr("读取备份内容"))
        layout.addWidget(self.read_button)
        self.contents = QLabel()
        self.contents.setWordWrap(True)
        layout.addWidget(self.contents)
        self.confirm_box = QCheckBox(self.tr("我确认用这份备份替换当前台账（当前台账会保留为 …before-restore-时间）"))
        self.confirm_box.setEnabled(False)
        layout.addWidget(self.confirm_box)
        self.message = FieldMessage()
        layout.addWidget(self.message)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, _BAR)
        layout.addWidget(self.progress_bar)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.restore_button = QPushButton(self.tr("恢复"))
        self.restore_button.setEnabled(False)
        self.cancel_button = QPushButton(self.tr("关闭"))
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

        self.browse_button.clicked.connect(self._on_browse)
        self.read_button.clicked.connect(self._on_read)
        self.archive.textEdited.connect(self._on_changed)
        self.passphrase.textEdited.connect(self._on_changed)
        self.confirm_box.toggled.connect(self._on_confirm_toggled)
        self.restore_button.clicked.connect(self._on_restore)
        self.cancel_button.clicked.connect(self._on_cancel)
        self._progress.connect(lambda v: self.progress_bar.setValue(min(v, _BAR)))

    @Slot()
    def _on_browse(self) -> None:
        path, _ = choose(
            self,
            self.tr("选择备份文件"),
            mode=Mode.OPEN,
            purpose="backup",
            filters=self.tr("接待台备份 (*{0})").format(SUFFIX),
        )
        if path:
            self.archive.setText(path)
            self._on_changed()

    @Slot()
    def _on_changed(self) -> None:
        self.manifest = None
        self.contents.clear()
        self.confirm_box.setChecked(False)
        self.confirm_box.setEnabled(False)
        self.restore_button.setEnabled(False)

    @Slot(bool)
    def _on_confirm_toggled(self, checked: bool) -> None:
        self.restore_button.setEnabled(checked and self.manifest is not None and not self._running)

    @Slot()
    def _on_read(self) -> None:
        archive, passphrase = self.archive.text().strip(), self.passphrase.text()
        if not archive or not passphrase:
            self.message.show_error(self.tr("请选择备份文件并输入口令"))
            return
        self.message.show_hint(self.tr("正在读取…"))
        self.read_button.setEnabled(False)
        backup = self.services.backup
        run_in_background(
            self, lambda: backup.read_manifest(archive, passphrase), self._on_manifest, self._on_read_failed
        )

    def _on_manifest(self, manifest: Any) -> None:
        self.read_button.setEnabled(True)
        self.manifest = manifest
        c = manifest.counts
        self.contents.setText(
            self.tr(
                "站点 {0}；备份时间 {1}；备份人 {2}\n事项 {3} 件，人员 {4} 人，事件 {5} 条，文书 {6} 份；"
                "台账 {7}；程序版本 {8}，结构版本 {9}"
            ).format(
                manifest.station,
                f"{manifest.created_at:%Y-%m-%d %H:%M:%S}",
                manifest.clerk or "—",
                c.get("matter", 0),
                c.get("person", 0),
                c.get("event", 0),
                c.get("document", 0),
                human_size(manifest.db_size),
                manifest.data.get("app_version", ""),
                manifest.schema_version,
            )
        )
        self.message.show_hint(self.tr("口令正确。恢复时会完整解密并校验全部数据。"))
        self.confirm_box.setEnabled(True)

    def _on_read_failed(self, exc: BaseException) -> None:
        self.read_button.setEnabled(True)
        self.message.show_error(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    @Slot()
    def _on_restore(self) -> None:
        if self._confirm_loss:  # the clerk read what the restore loses and confirms it
            self.accept()
            return
        if self.manifest is None or not self.confirm_box.isChecked():
            return
        archive, passphrase = self.archive.text().strip(), self.passphrase.text()
        backup = self.services.backup
        target = backup.restore_target()
        actor = self.actor
        self._cancel.clear()
        self._running = True
        for widget in (
            self.archive,
            self.passphrase,
            self.browse_button,
            self.read_button,
            self.confirm_box,
            self.restore_button,
        ):
            widget.setEnabled(False)
        self.cancel_button.setText(self.tr("取消"))
        self.message.show_hint(self.tr("正在恢复并校验…"))

        def report(done: int, total: int) -> None:
            if self._cancel.is_set():
                raise Cancelled()
            self._progress.emit(int(done * _BAR / total) if total else _BAR)

        run_in_background(
            self,
            lambda: backup.restore_into(archive, target, passphrase, progress=report, actor=actor),
            self._on_restored,
            self._on_restore_failed,
        )

    def _on_restored(self, result: Any) -> None:
        self.restored_path = Path(result.path)
        self.progress_bar.setValue(_BAR)
        self.passphrase.clear()
        self.message.show_hint(self.tr("正在对照当前台账…"))
        backup, restored = self.services.backup, self.restored_path
        run_in_background(self, lambda: backup.restore_preview(restored), self._on_previewed, self._on_restore_failed)

    def _on_previewed(self, carried: Any) -> None:
        """Before the swap: what the restored ledger lacks, and the numbers it will never reissue; the clerk
        confirms once more (恢复 again) or cancels (the restored file is removed, the ledger is as it was)."""
        self._running = False
        lines = self.loss_lines(carried)
        if not lines:
            self.accept()
            return
        self._confirm_loss = True
        self.message.show_warning("\n".join(lines))
        self.restore_button.setText(self.tr("仍然恢复(&R)"))
        self.restore_button.setEnabled(True)
        self.cancel_button.setText(self.tr("取消"))
        self.cancel_button.setEnabled(True)
        self.restore_button.setFocus()

    def loss_lines(self, carried: Any) -> list[str]:
        lines: list[str] = []
        if carried.lost_matters:
            shown = "、".join(carried.lost_matters[:10]) + (self.tr("等") if len(carried.lost_matters) > 10 else "")
            lines.append(
                self.tr("备份之后登记的 {0} 件事项不在这份备份中（恢复后仍保留在原台账文件里）：{1}").format(
                    len(carried.lost_matters), shown
                )
            )
        if carried.lost_documents:
            lines.append(self.tr("备份之后打印的 {0} 份文书的记录不在这份备份中").format(carried.lost_documents))
        for r in carried.reserved:
            what = self.tr("事项编号") if r.series.startswith("matter") else self.tr("文书编号")
            lines.append(
                self.tr("{0}（{1}）{2} 年第 {3}–{4} 号已经发出，恢复的台账不会再用").format(
                    what, r.series, r.year, r.first, r.last
                )
            )
        return lines

    def _on_restore_failed(self, exc: BaseException) -> None:
        self._running = False
        self.progress_bar.setValue(0)
        for widget in (self.archive, self.passphrase, self.browse_button, self.read_button, self.confirm_box):
            widget.setEnabled(True)
        self.restore_button.setEnabled(self.confirm_box.isChecked())
        self.cancel_button.setText(self.tr("关闭"))
        self.cancel_button.setEnabled(True)
        if isinstance(exc, Cancelled):
            self.message.show_warning(self.tr("已取消，当前台账未改动"))
        else:
            self.message.show_error(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    @Slot()
    def _on_cancel(self) -> None:
        if self._running:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            return
        self.reject()

    def reject(self) -> None:
        if self._running:
            self._on_cancel()
            return
        if self._confirm_loss and self.restored_path is not None:
            # not put in place: the restored file goes, the ledger stays exactly as it was
            for leftover in self.restored_path.parent.glob(self.restored_path.name + "*"):
                with contextlib.suppress(OSError):  # its -wal/-shm, its key file and its own private folder too
                    if leftover.is_dir():
                        shutil.rmtree(leftover)
                    else:
                        leftover.unlink()
            self.restored_path = None
            self._confirm_loss = False
        super().reject()

    @classmethod
    def run(cls, services: Services, actor: Principal, parent: QWidget | None = None) -> tuple[Path | None, bool]:
        """Show the dialog; returns (the restored file to swap in, accepted)."""
        dialog = cls(services, actor, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        restored = dialog.restored_path
        dialog.deleteLater()
        return restored, accepted and restored is not None
