"""设置: the station (agency names, station code, window, backup reminder), the agency directory, the holiday
calendar, and this PC's clerk, window number and language.

``SettingsDialog.edit(...)`` returns ``(result, accepted)``; tests patch only ``exec``.  Saving happens in
``accept()`` so a refusal (an empty name, a duplicate agency) is shown beside its field and the dialog stays open
with everything typed.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reception.domain.calendar import CalendarError
from reception.domain.clocks import COUNTING_SETTINGS
from reception.domain.matter import InvalidInput
from reception.ui.labels import label as code_label
from reception.ui.widgets.common import FieldMessage, set_invalid, with_message
from reception.ui.widgets.file_dialogs import Mode, choose
from reception.ui.workers import LedgerChanges, run_mutation

if TYPE_CHECKING:
    from reception.domain.roles import Principal
    from reception.domain.views import AgencyEntry
    from reception.services.context import Services
    from reception.ui.prefs import DeskPrefs

__all__ = ["SettingsDialog"]

AGENCY_COLUMNS = ("code", "name", "kind", "address", "phone")
_ORIGINAL = Qt.ItemDataRole.UserRole


class _AgencyRowError(Exception):
    """A directory row the ledger refused, after ``saved_rows`` were saved (the worker's report to the dialog)."""

    def __init__(self, row: int, saved_rows: list[int], cause: BaseException) -> None:
        super().__init__(str(cause))
        self.row = row
        self.saved_rows = saved_rows
        self.cause = cause


class SettingsDialog(QDialog):
    def __init__(
        self,
        services: Services,
        *,
        data_dir: Path | None = None,
        prefs: DeskPrefs | None = None,
        actor: Principal,
        changes: LedgerChanges | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.data_dir = data_dir
        self.prefs = prefs
        self.actor = actor
        self.changes = changes
        # True while the settings are being saved on a worker thread
        self.busy = False
        self.result_value: dict[str, Any] = {}
        self.setWindowTitle(self.tr("设置"))
        self.setMinimumWidth(760)
        self._build()
        self._connect()
        self._load()

    # -- labels ------------------------------------------------------------------------------------------------

    def kind_labels(self) -> dict[str, str]:
        return {
            "police": self.tr("公安机关"),
            "platform": self.tr("服务平台"),
            "court": self.tr("法院"),
            "procuratorate": self.tr("检察院"),
            "discipline": self.tr("纪委监委"),
            "department": self.tr("政府部门"),
        }

    # -- building ----------------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        station = QWidget()
        form = QFormLayout(station)
        form.setVerticalSpacing(8)
        self.fields: dict[str, QLineEdit] = {}
        self.messages: dict[str, FieldMessage] = {}
        for key, text in (
            ("agency_name", self.tr("单位名称(&A)")),
            ("agency_short_name", self.tr("单位简称(&S)")),
            ("station_code", self.tr("工作站代码(&C)")),
            ("window", self.tr("默认窗口号(&W)")),
            ("agency_address", self.tr("本机关地址(&D)")),
            ("agency_phone", self.tr("本机关电话(&P)")),
            ("review_agency", self.tr("上一级机关(&U)")),
        ):
            edit = QLineEdit()
            edit.setObjectName(key)
            message = FieldMessage()
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, with_message(edit, message))
            self.fields[key] = edit
            self.messages[key] = message
        self.fields["agency_short_name"].setPlaceholderText(self.tr("文书编号用，如 ××公"))
        self.fields["station_code"].setPlaceholderText(self.tr("事项编号中间一段，如 01"))
        self.fields["window"].setPlaceholderText(self.tr("本机未设窗口号时使用，命令行登记也用它"))
        self.fields["agency_address"].setPlaceholderText(self.tr("印在告知书附注和回执上，可不填"))
        self.fields["agency_phone"].setPlaceholderText(self.tr("印在告知书附注和回执上，可不填"))
        self.fields["review_agency"].setPlaceholderText(self.tr("答复意见书写明向谁请求复查，如 ××省公安厅"))
        self.backup_days = QSpinBox()
        self.backup_days.setObjectName("backup_reminder_days")
        self.backup_days.setRange(1, 365)
        self.backup_days.setSuffix(self.tr(" 天"))
        self.messages["backup_reminder_days"] = FieldMessage()
        label = QLabel(self.tr("备份提醒(&B)"))
        label.setBuddy(self.backup_days)
        hint = QLabel(self.tr("超过这么多天未备份，状态栏的备份时间显示为红色"))
        hint.setProperty("role", "hint")
        form.addRow(label, with_message(self.backup_days, self.messages["backup_reminder_days"], hint))
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setObjectName("idle_lock_minutes")
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setSuffix(self.tr(" 分钟"))
        self.messages["idle_lock_minutes"] = FieldMessage()
        label = QLabel(self.tr("闲置锁定(&K)"))
        label.setBuddy(self.idle_minutes)
        hint = QLabel(self.tr("无人操作这么久后锁定接待台，凭本人密码解锁，正在填写的内容保留"))
        hint.setProperty("role", "hint")
        form.addRow(label, with_message(self.idle_minutes, self.messages["idle_lock_minutes"], hint))

        self.clerk = QLineEdit()
        self.clerk.setObjectName("clerk")
        self.clerk_message = FieldMessage()
        label = QLabel(self.tr("本机接待人(&R)"))
        label.setBuddy(self.clerk)
        form.addRow(label, with_message(self.clerk, self.clerk_message))
        self.desk_window = QLineEdit()
        self.desk_window.setObjectName("desk_window")
        self.desk_window.setMaxLength(20)
        self.desk_window.setPlaceholderText(self.tr("空着则用默认窗口号"))
        self.desk_window_message = FieldMessage()
        label = QLabel(self.tr("本机窗口号(&N)"))
        label.setBuddy(self.desk_window)
        hint = QLabel(self.tr("几个窗口共用一个台账时，每台电脑填自己的窗口号，登记和回执上用它"))
        hint.setProperty("role", "hint")
        form.addRow(label, with_message(self.desk_window, self.desk_window_message, hint))
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        label = QLabel(self.tr("界面语言(&L)"))
        label.setBuddy(self.language)
        language_hint = QLabel(self.tr("重新打开接待台后生效"))
        language_hint.setProperty("role", "hint")
        form.addRow(label, with_message(self.language, FieldMessage(), language_hint))
        self.tabs.addTab(station, self.tr("本单位与本机"))

        directory = QWidget()
        directory_layout = QVBoxLayout(directory)
        self.agencies = QTableWidget(0, len(AGENCY_COLUMNS))
        self.agencies.setObjectName("agencies")
        self.agencies.setHorizontalHeaderLabels(
            [self.tr("代码"), self.tr("名称"), self.tr("类别"), self.tr("地址"), self.tr("电话")]
        )
        header = self.agencies.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.agencies.verticalHeader().setVisible(False)
        self.agencies.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.agencies.setMinimumHeight(280)
        self.add_agency_button = QPushButton(self.tr("添加机构(&N)"))
        self.agency_message = FieldMessage()
        hint = QLabel(self.tr("转送、交办、告知去向时从这里选择。双击或按 F2 修改；已有机构的代码不能改。"))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(self.add_agency_button)
        directory_layout.addLayout(row)
        directory_layout.addWidget(self.agencies, 1)
        directory_layout.addWidget(self.agency_message)
        self.tabs.addTab(directory, self.tr("机构目录"))

        calendar = QWidget()
        calendar_layout = QVBoxLayout(calendar)
        self.calendar_years = QLabel()
        self.calendar_years.setObjectName("calendar_years")
        self.calendar_years.setWordWrap(True)
        self.import_calendar_button = QPushButton(self.tr("导入节假日文件…(&I)"))
        self.calendar_message = FieldMessage()
        self.calendar_message.setObjectName("calendar_message")
        about = QLabel(
            self.tr(
                "法定节假日和调休上班日按国务院办公厅每年的通知填写（格式见软件附带的节假日文件说明）。"
                "导入的文件经检查后保存在台账中，代替以前导入的同一年份；使用本台账的各接待台和命令行都按它计算，"
                "已登记事项的期限随即重新计算。"
            )
        )
        about.setWordWrap(True)
        about.setProperty("role", "hint")
        calendar_layout.addWidget(self.calendar_years)
        calendar_layout.addWidget(about)
        button_row = QHBoxLayout()
        button_row.addWidget(self.import_calendar_button)
        button_row.addStretch(1)
        calendar_layout.addLayout(button_row)
        calendar_layout.addWidget(self.calendar_message)
        rules_box = QGroupBox(self.tr("期限计算"))
        rules_layout = QVBoxLayout(rules_box)
        self.counting: dict[str, QCheckBox] = {}
        for key, text in (
            ("count_first_day", self.tr("开始之日不计入期间，从次日起算(&F)")),
            ("count_holiday_roll", self.tr("届满日遇法定节假日，顺延至节假日后的第一日(&H)")),
            ("count_weekend_roll", self.tr("届满日遇周末，顺延至下一个工作日(&E)")),
        ):
            box = QCheckBox(text)
            box.setObjectName(key)
            source = QLabel(code_label(COUNTING_SETTINGS[key][2]))
            source.setWordWrap(True)
            source.setProperty("role", "hint")
            rules_layout.addWidget(box)
            rules_layout.addWidget(source)
            self.counting[key] = box
        changed_hint = QLabel(self.tr("保存后，已登记事项的期限按新的规则重新计算。"))
        changed_hint.setWordWrap(True)
        changed_hint.setProperty("role", "hint")
        rules_layout.addWidget(changed_hint)
        calendar_layout.addWidget(rules_box)
        calendar_layout.addStretch(1)
        self.tabs.addTab(calendar, self.tr("节假日与期限"))
        if getattr(self.services, "accounts", None) is not None:
            from reception.ui.dialogs.accounts import AccountsPanel

            self.accounts_panel = AccountsPanel(self.services, self.actor, changes=self.changes)
            self.tabs.addTab(self.accounts_panel, self.tr("账户"))

        self.form_message = FieldMessage()
        layout.addWidget(self.form_message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.add_agency_button.clicked.connect(self._on_add_agency)
        self.import_calendar_button.clicked.connect(self._on_import_calendar)

    def _load(self) -> None:
        ledger = self.services.ledger
        for key, edit in self.fields.items():
            edit.setText(ledger.setting(key))
        try:
            self.backup_days.setValue(int(ledger.setting("backup_reminder_days") or 7))
        except ValueError:
            self.backup_days.setValue(7)
        try:
            self.idle_minutes.setValue(int(ledger.setting("idle_lock_minutes") or 10))
        except ValueError:
            self.idle_minutes.setValue(10)
        for key, box in self.counting.items():
            box.setChecked(ledger.setting(key) == "1")
        self.clerk.setText(self.actor.name)
        if self.prefs is not None:
            self.language.setCurrentIndex(max(0, self.language.findData(self.prefs.language)))
            self.desk_window.setText(self.prefs.window)
        self.desk_window.setEnabled(self.prefs is not None)  # nowhere to keep it without this PC's data folder
        self.clerk.setEnabled(False)  # the logged-in account keeps its own name
        self.agencies.setRowCount(0)
        for agency in ledger.agencies():
            self._append_agency(agency)
        self._show_years()

    def _show_years(self) -> None:
        years = self.services.ledger.calendar_years()
        if years:
            self.calendar_years.setText(self.tr("已有节假日安排的年份：{0}").format("、".join(map(str, years))))
        else:
            self.calendar_years.setText(self.tr("还没有节假日安排：工作日按周一至周五计算"))

    def _append_agency(self, agency: AgencyEntry | None) -> int:
        """A row of the directory table: an entry the directory has (its code fixed), or a new empty one."""
        row = self.agencies.rowCount()
        self.agencies.insertRow(row)
        existing = agency is not None
        values = asdict(agency) if agency is not None else {"kind": "department"}
        for column, key in enumerate(AGENCY_COLUMNS):
            text = str(values.get(key, ""))
            if key == "kind":
                text = self.kind_labels().get(text, text)
            item = QTableWidgetItem(text)
            if key == "code":
                item.setData(_ORIGINAL, values if existing else None)
                if existing:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.agencies.setItem(row, column, item)
        return row

    # -- values ------------------------------------------------------------------------------------------------

    def station_values(self) -> dict[str, str]:
        values = {key: edit.text().strip() for key, edit in self.fields.items()}
        values["backup_reminder_days"] = str(self.backup_days.value())
        values["idle_lock_minutes"] = str(self.idle_minutes.value())
        for key, box in self.counting.items():
            values[key] = "1" if box.isChecked() else "0"
        return values

    def agency_rows(self) -> list[tuple[int, dict[str, str], dict[str, Any] | None]]:
        rows = []
        for row in range(self.agencies.rowCount()):
            values = {key: self._agency_text(row, c) for c, key in enumerate(AGENCY_COLUMNS)}
            labels = self.kind_labels()
            reverse = {v: k for k, v in labels.items()}
            values["kind"] = reverse.get(values["kind"], values["kind"])
            first = self.agencies.item(row, 0)
            original = first.data(_ORIGINAL) if first is not None else None
            rows.append((row, values, original))
        return rows

    def _agency_text(self, row: int, column: int) -> str:
        item = self.agencies.item(row, column)
        return item.text().strip() if item is not None else ""

    def accept(self) -> None:
        """Save everything off the GUI thread (run_mutation); on a refusal show it beside the field and stay open."""
        if self.busy:
            return
        for message in self.findChildren(FieldMessage):
            message.clear_message()
        for edit in self.fields.values():
            set_invalid(edit, False)
        clerk = self.clerk.text().strip()
        station = self.station_values()
        changed = [
            (row, values)
            for row, values, original in self.agency_rows()
            if any(values.values())
            and not (original is not None and all(str(original.get(k, "")) == values[k] for k in AGENCY_COLUMNS))
        ]
        ledger, actor = self.services.ledger, self.actor

        def save() -> tuple[dict[str, str], list[int]]:
            stored = asdict(ledger.save_settings(station, actor=actor))
            saved = {key: stored[key] for key in station}
            done: list[int] = []
            for row, values in changed:
                try:
                    ledger.save_agency(values, actor=actor)
                except (InvalidInput, PermissionError) as exc:
                    raise _AgencyRowError(row, done, exc) from exc
                done.append(row)
            return saved, done

        self._set_busy(True)
        run_mutation(
            self, save, lambda result: self._on_saved(*result, clerk=clerk), self._on_refused, changes=self.changes
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.buttons.setEnabled(not busy)

    def _mark_saved(self, rows: list[int]) -> None:
        values_of = {row: values for row, values, _original in self.agency_rows()}
        for row in rows:
            item = self.agencies.item(row, 0)
            if item is None:
                continue
            item.setData(_ORIGINAL, dict(values_of[row]))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)

    def _on_saved(self, saved: dict[str, str], rows: list[int], *, clerk: str) -> None:
        self._set_busy(False)
        self._mark_saved(rows)
        if self.clerk.isEnabled() and not clerk:
            self.tabs.setCurrentIndex(0)
            self.clerk_message.show_error(self.tr("接待人不能为空"))
            return
        desk_window = self.desk_window.text().strip()
        language = str(self.language.currentData())
        language_changed = False
        if self.prefs is not None:
            language_changed = language != self.prefs.language
            self.prefs.set("language", language)
            self.prefs.set("window", desk_window)
            self.prefs.save()
        self.result_value = {
            **saved,
            "clerk": self.actor.name,
            "language": language,
            "language_changed": language_changed,
            "desk_window": desk_window,
            "agencies_saved": len(rows),
        }
        super().accept()

    def _on_refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, _AgencyRowError):
            self._mark_saved(exc.saved_rows)
            cause = exc.cause
            if isinstance(cause, InvalidInput):
                self.tabs.setCurrentIndex(1)
                column = AGENCY_COLUMNS.index(cause.field) if cause.field in AGENCY_COLUMNS else 1
                self.agencies.setCurrentCell(exc.row, column)
                self.agency_message.show_error(self.tr("第 {0} 行：{1}").format(exc.row + 1, cause.message))
            else:
                self.agency_message.show_error(getattr(cause, "message", None) or str(cause))
        elif isinstance(exc, InvalidInput):
            self._show_station_error(exc)
        else:  # a clerk's account may not change the station's settings; or the database failed
            self.form_message.show_error(getattr(exc, "message", None) or str(exc))

    def reject(self) -> None:
        if not self.busy:  # a save under way finishes first: the clerk then sees whether it was
            super().reject()

    def _show_station_error(self, exc: InvalidInput) -> None:
        self.tabs.setCurrentIndex(0)
        message = self.messages.get(exc.field)
        edit = self.fields.get(exc.field)
        if message is None:
            self.form_message.show_error(exc.message)
            return
        message.show_error(exc.message)
        if edit is not None:
            set_invalid(edit, True)
            edit.setFocus()

    # -- slots -------------------------------------------------------------------------------------------------

    @Slot()
    def _on_add_agency(self) -> None:
        row = self._append_agency(None)
        self.tabs.setCurrentIndex(1)
        self.agencies.setCurrentCell(row, 0)
        self.agencies.setFocus()
        item = self.agencies.item(row, 0)
        if item is not None:
            self.agencies.editItem(item)

    @Slot()
    def _on_import_calendar(self) -> None:
        path, _ = choose(
            self,
            self.tr("选择节假日文件"),
            mode=Mode.OPEN,
            purpose="calendar",
            filters=self.tr("节假日文件 (*.json)"),
            avoid=[self.data_dir],
        )
        if path:
            self.import_calendar(Path(path))

    def import_calendar(self, source: Path) -> bool:
        """Check ``source`` and use it; the reason for a refusal is shown in the dialog."""
        self.calendar_message.clear_message()
        if self.data_dir is None:
            self.calendar_message.show_error(self.tr("没有本机数据目录，无法保存节假日文件"))
            return False
        try:
            years = self.services.ledger.import_calendar(source, self.data_dir / "holidays.json", actor=self.actor)
        except CalendarError as exc:
            self.calendar_message.show_error(str(exc))
            return False
        except PermissionError as exc:
            self.calendar_message.show_error(getattr(exc, "message", str(exc)))
            return False
        except OSError as exc:
            self.calendar_message.show_error(self.tr("无法复制节假日文件：{0}").format(exc))
            return False
        self.calendar_message.show_ok(self.tr("已导入 {0} 年的节假日安排").format("、".join(map(str, years))))
        self._show_years()
        return True

    @classmethod
    def edit(
        cls,
        services: Services,
        *,
        parent: QWidget | None = None,
        data_dir: Path | None = None,
        prefs: DeskPrefs | None = None,
        actor: Principal,
        changes: LedgerChanges | None = None,
    ) -> tuple[dict[str, Any], bool]:
        dialog = cls(services, data_dir=data_dir, prefs=prefs, actor=actor, changes=changes, parent=parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        value = dialog.result_value
        dialog.deleteLater()
        return value, accepted
