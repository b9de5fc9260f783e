"""领导接访日: the calendar of leaders' reception days (add, edit, remove), with how many each received.

Recording that a leader received a matter, 包案 and 批示 happen on the matter (``services.leaders.receive``,
``assign``, ``instruct``); the detail view offers them.  This page keeps the schedule the desk publishes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reception.domain.leaders import LeaderDay
from reception.ui.workers import LedgerChanges, run_in_background, run_mutation

if TYPE_CHECKING:
    from reception.domain.roles import Principal
    from reception.services.context import Services

__all__ = ["LeaderDayDialog", "LeaderDaysView"]

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class LeaderDayDialog(QDialog):
    """One reception day; :meth:`get_day` returns ``(data, accepted)`` (tests patch ``exec``)."""

    def __init__(
        self, initial: dict[str, Any] | None = None, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        initial = initial or {}
        self.setWindowTitle(self.tr("编辑领导接访日") if initial.get("id") else self.tr("新增领导接访日"))
        self.setMinimumWidth(460)
        form = QFormLayout()
        self.leader = QLineEdit(initial.get("leader", ""), self)
        self.title = QLineEdit(initial.get("title", ""), self)
        self.title.setPlaceholderText(self.tr("如：副局长"))
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        start = date.fromisoformat(initial["date"]) if initial.get("date") else (today or date.today())
        self.date.setDate(_qdate(start))
        self.time = QLineEdit(initial.get("time", ""), self)
        self.time.setPlaceholderText(self.tr("如：09:00-11:30"))
        self.place = QLineEdit(initial.get("place", ""), self)
        self.note = QLineEdit(initial.get("note", ""), self)
        form.addRow(self.tr("领导姓名"), self.leader)
        form.addRow(self.tr("职务"), self.title)
        form.addRow(self.tr("接访日期"), self.date)
        form.addRow(self.tr("接访时间"), self.time)
        form.addRow(self.tr("接访地点"), self.place)
        form.addRow(self.tr("备注"), self.note)
        self.message = QLabel("", self)
        self.message.setProperty("role", "error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def value(self) -> dict[str, Any]:
        d = self.date.date()
        return {
            "leader": self.leader.text().strip(),
            "title": self.title.text().strip(),
            "date": date(d.year(), d.month(), d.day()).isoformat(),
            "time": self.time.text().strip(),
            "place": self.place.text().strip(),
            "note": self.note.text().strip(),
        }

    @Slot()
    def _on_ok(self) -> None:
        if not self.leader.text().strip():
            self.message.setText(self.tr("请填写领导姓名"))
            self.leader.setFocus()
            return
        self.accept()

    @classmethod
    def get_day(
        cls, initial: dict[str, Any] | None = None, parent: QWidget | None = None, today: date | None = None
    ) -> tuple[dict[str, Any] | None, bool]:
        dialog = cls(initial, parent, today)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        value = dialog.value() if accepted else None
        dialog.deleteLater()
        return value, accepted


class LeaderDaysView(QWidget):
    """The year's reception days in date order; Insert adds, Enter edits, Delete removes an unused day."""

    changed = Signal()
    updated = Signal(object)

    def __init__(
        self,
        services: Services,
        actor: Principal,
        parent: QWidget | None = None,
        *,
        changes: LedgerChanges | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        # the desk's one "ledger changed" signal, emitted after each saved day (run_mutation)
        self.changes = changes if changes is not None else LedgerChanges(self)
        self.days: list[LeaderDay] = []
        self._generation = 0
        root = QVBoxLayout(self)
        root.setContentsMargins(12, 8, 12, 8)
        head = QHBoxLayout()
        title = QLabel(self.tr("领导接访日"), self)
        title.setProperty("role", "page-title")
        head.addWidget(title)
        head.addSpacing(12)
        head.addWidget(QLabel(self.tr("年份"), self))
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2199)
        self.year.setValue(self.services.ledger.clock().year)
        head.addWidget(self.year)
        head.addStretch(1)
        self.add_button = QPushButton(self.tr("新增 (Ins)"), self)
        self.edit_button = QPushButton(self.tr("编辑 (Enter)"), self)
        self.delete_button = QPushButton(self.tr("删除 (Del)"), self)
        for b in (self.add_button, self.edit_button, self.delete_button):
            head.addWidget(b)
        root.addLayout(head)
        self.table = QTableWidget(0, 7, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("日期"),
                self.tr("时间"),
                self.tr("领导"),
                self.tr("职务"),
                self.tr("地点"),
                self.tr("接访件数"),
                self.tr("备注"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for col in range(7):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        root.addWidget(self.table, 1)
        self.message = QLabel("", self)
        self.message.setProperty("role", "error")
        root.addWidget(self.message)
        self.year.valueChanged.connect(self.refresh)
        self.add_button.clicked.connect(self.add_day)
        self.edit_button.clicked.connect(self.edit_day)
        self.delete_button.clicked.connect(self.delete_day)
        self.table.itemActivated.connect(lambda _item: self.edit_day())
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        year = self.year.value()
        leaders = self.services.leaders
        run_in_background(
            self,
            lambda: leaders.days(date(year, 1, 1), date(year, 12, 31)),
            lambda days: self._fill(generation, days),
            lambda exc: self.message.setText(str(exc)),
        )

    def _fill(self, generation: int, days: list[LeaderDay]) -> None:
        if generation != self._generation:
            return  # an older load finished after a newer one started
        self.days = days
        self.table.setRowCount(len(days))
        for r, d in enumerate(days):
            for c, text in enumerate((d.date, d.time, d.leader, d.title, d.place, str(d.receptions), d.note)):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, d.id)
                self.table.setItem(r, c, item)
        self.updated.emit(days)

    def current_day(self) -> LeaderDay | None:
        row = self.table.currentRow()
        return self.days[row] if 0 <= row < len(self.days) else None

    def _save(self, op: Callable[[], object]) -> None:
        """Write off the GUI thread; a refusal (InvalidInput, roles.Forbidden) shows in the message line."""
        run_mutation(self, op, self._on_saved, self._on_save_refused, changes=self.changes)

    def _on_saved(self, _result: object) -> None:
        self.message.setText("")
        self.changed.emit()
        self.refresh()

    def _on_save_refused(self, exc: BaseException) -> None:
        self.message.setText(getattr(exc, "message", None) or str(exc))

    @Slot()
    def add_day(self) -> None:
        data, ok = LeaderDayDialog.get_day(None, self, self.services.ledger.clock().date())
        if ok and data:
            leaders, actor = self.services.leaders, self.actor
            self._save(lambda: leaders.add_day(data, actor=actor))

    @Slot()
    def edit_day(self) -> None:
        day = self.current_day()
        if day is None:
            return
        data, ok = LeaderDayDialog.get_day(dataclasses.asdict(day), self)
        if ok and data:
            leaders, actor = self.services.leaders, self.actor
            self._save(lambda: leaders.update_day(day.id, data, actor=actor))

    @Slot()
    def delete_day(self) -> None:
        day = self.current_day()
        if day is not None:
            leaders, actor = self.services.leaders, self.actor
            self._save(lambda: leaders.delete_day(day.id, actor=actor))

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Insert:
            self.add_day()
            return
        if event.key() == Qt.Key.Key_Delete:
            self.delete_day()
            return
        super().keyPressEvent(event)
