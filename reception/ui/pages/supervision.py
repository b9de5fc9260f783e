"""The supervision board (督办): what to push today, and one key to record the push.

Four lists, each with its count: matters by warning level of their running clock (预警/警告/严重警告/超期, the
level chips filter), clocks due this week, matters awaiting a return visit (已答复), and matters assigned to a unit
awaiting its feedback (已交办/督办中 with a feedback date).  Enter opens a matter; Ctrl+D records a 督办 on the
selected one (``services.ledger.act(number, "supervise", {"note": …})``) without leaving the board.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reception.domain.clocks import WARNING_LABELS, WarningLevel
from reception.services.supervision import BOARD_LEVELS, SECTIONS
from reception.ui import labels
from reception.ui.theme import ACCENT, BORDER, LEVEL_COLOURS, MUTED, level_colours
from reception.ui.workers import LedgerChanges, run_in_background, run_mutation

if TYPE_CHECKING:
    from reception.domain.roles import Principal
    from reception.domain.views import BoardCounts, BoardRow, LevelCounts
    from reception.services.context import Services

__all__ = ["SuperviseNoteDialog", "SupervisionBoard"]

COL_NUMBER, COL_RECEIVED, COL_NAME, COL_SUMMARY, COL_STATUS, COL_UNIT, COL_DUE, COL_LEFT, COL_LEVEL, COL_COUNT = range(
    10
)
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1

_STYLE = f"""
QToolButton[levelchip="true"] {{ border: 1px solid {BORDER}; border-radius: 13px; padding: 3px 12px; }}
QToolButton[levelchip="true"]:!checked {{ background: #ffffff; color: {MUTED}; }}
QToolButton[levelchip="true"]:focus {{ border: 2px solid {ACCENT}; }}
QListWidget#BoardSections {{ background: #ffffff; }}
QListWidget#BoardSections::item {{ padding: 8px 10px; }}
QListWidget#BoardSections::item:selected {{ background: {ACCENT}; color: #ffffff; }}
QTableWidget#BoardTable {{ background: #ffffff; alternate-background-color: #f7f9fa; }}
"""


def _actor_principal(actor: Principal) -> Principal | None:
    """The viewer for row masking: the logged-in Principal, or None before sign-in (rows as a clerk sees them)."""
    return actor if actor.name else None


class SuperviseNoteDialog(QDialog):
    """督办意见 for one matter; :meth:`get_note` returns ``(text, accepted)`` (tests patch ``exec``)."""

    def __init__(self, number: str, summary: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("督办 — {0}").format(number))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("督办　{0}").format(number), self)
        heading.setProperty("role", "page-title")
        layout.addWidget(heading)
        if summary:
            line = QLabel(summary[:120], self)
            line.setProperty("role", "hint")
            line.setWordWrap(True)
            layout.addWidget(line)
        layout.addWidget(QLabel(self.tr("督办意见"), self))
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("催办内容、要求的反馈时间"))
        self.note.setTabChangesFocus(True)
        layout.addWidget(self.note)
        self.message = QLabel("", self)
        self.message.setProperty("role", "error")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("督办 (Ctrl+Enter)"))
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self._on_ok)

    def text(self) -> str:
        return self.note.toPlainText().strip()

    @Slot()
    def _on_ok(self) -> None:
        if not self.text():
            self.message.setText(self.tr("请填写督办意见"))
            return
        self.accept()

    @classmethod
    def get_note(cls, number: str, summary: str = "", parent: QWidget | None = None) -> tuple[str, bool]:
        dialog = cls(number, summary, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        text = dialog.text() if accepted else ""
        dialog.deleteLater()
        return text, accepted


class SupervisionBoard(QWidget):
    """督办: lists by warning level, due this week, awaiting return visit, awaiting a unit's feedback."""

    #: a matter number to open (Enter or double-click on a row)
    matter_activated = Signal(str)
    #: a matter number after a 督办 was recorded on it
    supervised = Signal(str)
    #: the counts once the board is on screen (tests, the main window's badge)
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
        # the desk's one "ledger changed" signal, emitted after a 督办 is recorded (run_mutation)
        self.changes = changes if changes is not None else LedgerChanges(self)
        self.section = "levels"
        self.counts: BoardCounts | None = None
        self.level_counts: LevelCounts | None = None
        self.rows: list[BoardRow] = []
        self._generation = 0
        self._chips: dict[str, QToolButton] = {}
        self.setStyleSheet(_STYLE)
        self._build()
        self._connect()

    # -- building ----------------------------------------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(12, 8, 12, 8)
        root.setSpacing(8)
        head = QHBoxLayout()
        title = QLabel(self.tr("督办"), self)
        title.setProperty("role", "page-title")
        head.addWidget(title)
        head.addSpacing(12)
        for level in BOARD_LEVELS:
            chip = QToolButton(self)
            chip.setCheckable(True)
            chip.setChecked(True)
            chip.setProperty("levelchip", True)
            bg, fg = LEVEL_COLOURS[level]
            chip.setStyleSheet(f"QToolButton:checked {{ background: {bg}; color: {fg}; border-color: {bg}; }}")
            chip.setText(labels.label(WARNING_LABELS[WarningLevel(level)]))
            chip.setToolTip(self.tr("只看或不看此等级（按预警等级一栏）"))
            self._chips[level] = chip
            head.addWidget(chip)
        head.addStretch(1)
        hint = QLabel(self.tr("Enter 打开事项　Ctrl+D 督办"), self)
        hint.setProperty("role", "hint")
        head.addWidget(hint)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        head.addWidget(self.refresh_button)
        root.addLayout(head)

        body = QHBoxLayout()
        body.setSpacing(8)
        self.sections = QListWidget(self)
        self.sections.setObjectName("BoardSections")
        self.sections.setFixedWidth(190)
        for key, text in SECTIONS.items():
            item = QListWidgetItem(labels.label(text))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sections.addItem(item)
        self.sections.setCurrentRow(0)
        body.addWidget(self.sections)
        self.table = QTableWidget(0, 10, self)
        self.table.setObjectName("BoardTable")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        for col in range(10):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_SUMMARY, QHeaderView.ResizeMode.Stretch)
        self._set_headers()
        body.addWidget(self.table, 1)
        root.addLayout(body, 1)
        foot = QHBoxLayout()
        self.message = QLabel("", self)
        self.message.setProperty("role", "ok")
        foot.addWidget(self.message, 1)
        self.shown_label = QLabel("", self)
        self.shown_label.setProperty("role", "hint")
        foot.addWidget(self.shown_label)
        root.addLayout(foot)
        self.supervise_shortcut = QShortcut(QKeySequence("Ctrl+D"), self)
        self.supervise_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _set_headers(self) -> None:
        due, left = self.tr("当前时限"), self.tr("剩余")
        if self.section == "feedback":
            due, left = self.tr("反馈期限"), self.tr("剩余")
        elif self.section == "return_visit":
            due, left = self.tr("答复时间"), ""
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("编号"),
                self.tr("登记日期"),
                self.tr("信访人"),
                self.tr("摘要"),
                self.tr("状态"),
                self.tr("承办单位"),
                due,
                left,
                self.tr("等级"),
                self.tr("督办"),
            ]
        )

    def _connect(self) -> None:
        self.refresh_button.clicked.connect(self.refresh)
        self.sections.currentRowChanged.connect(self._on_section)
        for chip in self._chips.values():
            chip.toggled.connect(self._on_chip)
        self.table.itemActivated.connect(self._on_activated)
        self.supervise_shortcut.activated.connect(self.record_supervision)

    # -- data --------------------------------------------------------------------------------------------------

    def selected_levels(self) -> tuple[str, ...]:
        return tuple(level for level in BOARD_LEVELS if self._chips[level].isChecked())

    def set_section(self, key: str) -> None:
        keys = list(SECTIONS)
        self.sections.setCurrentRow(keys.index(key))

    @Slot()
    def refresh(self) -> None:
        """Reload the counts and the current list off the GUI thread; :attr:`updated` fires when shown."""
        self._generation += 1
        generation = self._generation
        section, levels = self.section, self.selected_levels()
        supervision = self.services.supervision
        viewer = _actor_principal(self.actor)

        def work() -> tuple[BoardCounts, LevelCounts, list[BoardRow]]:
            counts = supervision.counts()
            level_counts = supervision.level_counts()
            if section == "levels" and not levels:
                return counts, level_counts, []
            return counts, level_counts, supervision.rows(section, levels=levels, viewer=viewer)

        run_in_background(
            self, work, lambda result: self._on_loaded(generation, result), lambda exc: self._on_failed(generation, exc)
        )

    def _on_loaded(self, generation: int, result: tuple[BoardCounts, LevelCounts, list[BoardRow]]) -> None:
        if generation != self._generation:
            return
        counts, level_counts, rows = result
        self.counts, self.level_counts = counts, level_counts
        keep = self.current_number()
        self._show_counts()
        self._fill(rows)
        if keep:
            self.select_number(keep)
        elif self.table.rowCount():
            self.table.selectRow(0)
        self.updated.emit({"counts": asdict(counts), "levels": asdict(level_counts), "rows": [r.number for r in rows]})

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._message(self.tr("读取失败：{0}").format(getattr(exc, "message", None) or str(exc)), error=True)

    def _show_counts(self) -> None:
        for level, chip in self._chips.items():
            chip.setText(
                self.tr("{0} {1}").format(
                    labels.label(WARNING_LABELS[WarningLevel(level)]),
                    self.level_counts.of(level) if self.level_counts else 0,
                )
            )
        for i, (key, text) in enumerate(SECTIONS.items()):
            count = self.counts.of(key) if self.counts else 0
            self.sections.item(i).setText(self.tr("{0}　{1}").format(labels.label(text), count))

    def _fill(self, rows: list[BoardRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, row in enumerate(rows):
            if self.section == "feedback":
                due, left = row.unit_due or "", row.unit_days_left
            elif self.section == "return_visit":
                due, left = row.replied_at or "", None
            else:
                due, left = row.due or "", row.days_left
            left_text = (
                ""
                if left is None
                else (self.tr("逾期 {0} 天").format(-left) if left < 0 else self.tr("{0} 天").format(left))
            )
            cells = [
                row.number,
                row.received_at[:10],
                row.name,
                " ".join(row.summary.split())[:60],
                labels.label(row.status_label),
                row.handling_unit,
                due,
                left_text,
                labels.label(row.level_label),
                str(row.supervision_count or ""),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                item.setData(NUMBER_ROLE, row.number)
                if c in (COL_LEFT, COL_COUNT):
                    item.setTextAlignment(right)
                if c == COL_LEVEL:
                    colours = level_colours(row.level)
                    if colours and row.level != WarningLevel.NORMAL.value:
                        item.setBackground(colours[0])
                        item.setForeground(colours[1])
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if c == COL_LEFT and left is not None and left < 0:
                    item.setForeground(QColor(LEVEL_COLOURS["overdue"][0]))
                self.table.setItem(r, c, item)
        limit_note = ""
        total = self.counts.of(self.section) if self.counts else len(rows)
        if (total > len(rows) and self.section != "levels") or (self.section == "levels" and len(rows) >= 500):
            limit_note = self.tr("显示前 {0} 件，共 {1} 件").format(len(rows), total)
        else:
            limit_note = self.tr("共 {0} 件").format(len(rows))
        self.shown_label.setText(limit_note)

    # -- selection and actions -----------------------------------------------------------------------------------

    def current_number(self) -> str:
        row = self.table.currentRow()
        if row < 0:
            return ""
        item = self.table.item(row, COL_NUMBER)
        return item.data(NUMBER_ROLE) if item is not None else ""

    def select_number(self, number: str) -> bool:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, COL_NUMBER)
            if item is not None and item.data(NUMBER_ROLE) == number:
                self.table.selectRow(r)
                return True
        return False

    def _message(self, text: str, *, error: bool = False) -> None:
        self.message.setProperty("role", "error" if error else "ok")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    @Slot()
    def record_supervision(self) -> None:
        """Ctrl+D: ask for the 督办意见 and record it on the selected matter."""
        number = self.current_number()
        if not number:
            self._message(self.tr("请先选中一件事项"), error=True)
            return
        row = next((r for r in self.rows if r.number == number), None)
        note, accepted = SuperviseNoteDialog.get_note(number, row.summary if row else "", self)
        if not accepted:
            return
        ledger, actor = self.services.ledger, self.actor
        run_mutation(
            self,
            lambda: ledger.act(number, "supervise", {"note": note}, actor=actor),
            lambda matter: self._on_supervised(number, matter),
            self._on_supervise_refused,
            changes=self.changes,
        )

    def _on_supervised(self, number: str, matter: Any) -> None:
        self._message(self.tr("已督办 {0}（第 {1} 次）").format(number, matter.supervision_count))
        self.supervised.emit(number)
        self.refresh()

    def _on_supervise_refused(self, exc: BaseException) -> None:
        """InvalidInput says why the step is not allowed now; roles.Forbidden which role may."""
        self._message(getattr(exc, "message", None) or str(exc), error=True)

    @Slot(int)
    def _on_section(self, row: int) -> None:
        if row < 0:
            return
        self.section = self.sections.item(row).data(Qt.ItemDataRole.UserRole)
        self._set_headers()
        self.refresh()

    @Slot(bool)
    def _on_chip(self, _checked: bool) -> None:
        if self.section != "levels":
            self.set_section("levels")  # refreshes
        else:
            self.refresh()

    @Slot(QTableWidgetItem)
    def _on_activated(self, item: QTableWidgetItem) -> None:
        number = item.data(NUMBER_ROLE)
        if number:
            self.matter_activated.emit(number)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_number():
            self.matter_activated.emit(self.current_number())
            return
        super().keyPressEvent(event)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.counts is None:
            self.refresh()
