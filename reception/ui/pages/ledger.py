"""The ledger page (台账): filter chips, the one search box, the count, and the windowed table.

Every filter runs in SQL through :class:`~reception.domain.ledger.LedgerFilter`.  The count and the first page of
a new filter or order are fetched off the GUI thread (a text filter over a million matters can take a moment) and
applied together, so the table never shows a count that does not match its rows; later pages load on demand in
the model.  A busy bar appears only when a query is slow enough to notice.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QLocale, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent, QShortcut
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
    QMenu,
    QProgressBar,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reception.domain.clocks import WARNING_LABELS
from reception.domain.codes import CHANNEL_LABELS, STATUS_LABELS
from reception.domain.ledger import DrillDown, LedgerFilter
from reception.ui import labels
from reception.ui.models.ledger import (
    COL_CHANNEL,
    COL_CLERK,
    COL_CLOCK,
    COL_HEADCOUNT,
    COL_NUMBER,
    COL_PETITIONER,
    COL_RECEIVED,
    COL_STATUS,
    COL_SUMMARY,
    COL_UNIT,
    COLUMNS,
    NUMBER_ROLE,
    FirstPage,
    FirstPageAnswer,
    LedgerModel,
    query_first_page,
)
from reception.ui.theme import ACCENT, ACCENT_SOFT, BORDER, ERROR, MUTED
from reception.ui.widgets.common import python_date
from reception.ui.workers import run_in_background

if TYPE_CHECKING:
    from reception.domain.roles import Principal
    from reception.services.context import Services

__all__ = ["DateRangeDialog", "FilterChip", "LedgerView"]

# A query that answers within this time never shows the busy bar (no flicker on a small ledger).
BUSY_DELAY_MS = 250
SEARCH_DEBOUNCE_MS = 350

_CHIP_STYLE = f"""
QToolButton[chip="true"] {{
    border: 1px solid {BORDER}; border-radius: 13px; padding: 3px 12px; background: #ffffff;
}}
QToolButton[chip="true"]:hover {{ border-color: {ACCENT}; }}
QToolButton[chip="true"]:focus {{ border: 2px solid {ACCENT}; }}
QToolButton[chip="true"][active="true"] {{
    background: {ACCENT_SOFT}; border-color: {ACCENT}; color: {ACCENT}; font-weight: bold;
}}
QToolButton[chip="true"]::menu-indicator {{ image: none; width: 0; }}
QTableView#LedgerTable {{
    background: #ffffff; border: 1px solid {BORDER}; border-radius: 4px; gridline-color: #eceff1;
    selection-background-color: {ACCENT}; selection-color: #ffffff; alternate-background-color: #f7f9fa;
}}
QTableView#LedgerTable:focus {{ border: 1px solid {ACCENT}; }}
QLabel#LedgerCount {{ color: #1f2933; font-weight: bold; padding: 0 4px; }}
QLabel#LedgerError {{ color: {ERROR}; }}
QLabel#LedgerBusy {{ color: {MUTED}; }}
"""


def _restyle(widget: QWidget) -> None:
    """Apply the style sheet again after a property it selects on (``active``) changed.

    Only once the widget has been polished: before that its first polish reads the property anyway, and asking
    for ``style()`` from Python at start-up makes PySide build its QStyle type with all of its enums (~4 ms).
    """
    if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)


class _StayOpenMenu(QMenu):
    """A menu whose checkable entries toggle without closing it (multi-select chips)."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.activeAction()
        if action is not None and action.isEnabled() and action.isCheckable() and action.property("multi"):
            action.trigger()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        action = self.activeAction()
        if event.key() == Qt.Key.Key_Space and action is not None and action.isCheckable() and action.property("multi"):
            action.trigger()
            return
        super().keyPressEvent(event)


# A chip is never wider than this many 信 widths, eliding what it says (the tooltip has it all): with the usual
# filters set (status, time limit, channel, dates), the chip row must still fit the 1366 px screens reception PCs have.
CHIP_MAX_EM = 12
SEARCH_MIN_EM = 12


def _set_chip_text(chip: QToolButton, text: str) -> None:
    """``text`` on ``chip``, its middle elided to fit CHIP_MAX_EM 信 widths; the menu mark " ▾" always shows."""
    metrics = chip.fontMetrics()
    mark = " ▾" if text.endswith(" ▾") else ""
    body = text[: len(text) - len(mark)]
    room = metrics.horizontalAdvance("信") * CHIP_MAX_EM - metrics.horizontalAdvance(mark)
    chip.setText(metrics.elidedText(body, Qt.TextElideMode.ElideMiddle, room) + mark)


class FilterChip(QToolButton):
    """A rounded button with a drop-down of choices; highlighted while it filters anything.

    ``multi``: any number of the choices (状态、时限、形式); otherwise one choice or 全部 (承办单位、接待人).
    """

    changed = Signal()

    def __init__(self, title: str, choices: list[tuple[str, str]], *, multi: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self._title = title
        self._multi = multi
        self._labels: dict[str, str] = {}
        self.setProperty("chip", True)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._menu = _StayOpenMenu(self)
        self.setMenu(self._menu)
        self._all = QAction(self.tr("全部"), self)  # owned by the chip: QMenu.clear() must not delete it
        self._all.setCheckable(True)
        self._all.setChecked(True)
        self._all.triggered.connect(self._on_all)
        self.set_choices(choices)

    # -- choices -----------------------------------------------------------------------------------------------

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        """(code, label) pairs; keeps the current selection where its codes are still offered."""
        selected = set(self.selected())
        self._menu.clear()
        self._menu.addAction(self._all)
        self._menu.addSeparator()
        self._labels = {}
        for code, label in choices:
            action = QAction(label, self._menu)
            action.setCheckable(True)
            action.setData(code)
            action.setProperty("multi", self._multi)
            action.setChecked(code in selected)
            action.toggled.connect(self._on_toggled)
            self._menu.addAction(action)
            self._labels[code] = label
        self._sync()

    def _actions(self) -> list[QAction]:
        return [a for a in self._menu.actions() if a.isCheckable() and a is not self._all]

    def selected(self) -> tuple[str, ...]:
        return tuple(a.data() for a in self._actions() if a.isChecked())

    def set_selected(self, codes: tuple[str, ...] | list[str], *, notify: bool = True) -> None:
        wanted = set(codes)
        for action in self._actions():
            action.blockSignals(True)
            action.setChecked(action.data() in wanted)
            action.blockSignals(False)
        self._sync()
        if notify:
            self.changed.emit()

    # -- slots -------------------------------------------------------------------------------------------------

    @Slot()
    def _on_all(self) -> None:
        self.set_selected(())

    @Slot(bool)
    def _on_toggled(self, checked: bool) -> None:
        sender = self.sender()
        if not self._multi and checked:
            for action in self._actions():
                if action is not sender and action.isChecked():
                    action.blockSignals(True)
                    action.setChecked(False)
                    action.blockSignals(False)
        self._sync()
        self.changed.emit()

    def _sync(self) -> None:
        chosen = [self._labels.get(c, c) for c in self.selected()]
        self._all.blockSignals(True)
        self._all.setChecked(not chosen)
        self._all.blockSignals(False)
        if not chosen:
            text = self.tr("{0} ▾").format(self._title)
        elif len(chosen) <= 2:
            text = self.tr("{0}：{1} ▾").format(self._title, "、".join(chosen))
        else:
            text = self.tr("{0}：{1} 等 {2} 项 ▾").format(self._title, "、".join(chosen[:2]), len(chosen))
        _set_chip_text(self, text)
        self.setToolTip("、".join(chosen) if chosen else self.tr("{0}：全部").format(self._title))
        self.setProperty("active", bool(chosen))
        _restyle(self)


class DateRangeDialog(QDialog):
    """登记日期 from … to …; ``get_range`` returns ((from, to), accepted) so tests patch only ``exec``."""

    def __init__(self, start: date | None, end: date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("登记日期范围"))
        today = date.today()
        self.start = QDateEdit(self)
        self.end = QDateEdit(self)
        for edit, value in ((self.start, start or today - timedelta(days=30)), (self.end, end or today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(value.year, value.month, value.day))
        form = QFormLayout()
        form.addRow(self.tr("从"), self.start)
        form.addRow(self.tr("到"), self.end)
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)

    def value(self) -> tuple[date, date]:
        return python_date(self.start.date()), python_date(self.end.date())

    @Slot()
    def _on_ok(self) -> None:
        start, end = self.value()
        if end < start:
            self.error.setText(self.tr("结束日期早于开始日期"))
            return
        self.accept()

    @classmethod
    def get_range(
        cls, start: date | None, end: date | None, parent: QWidget | None = None
    ) -> tuple[tuple[date, date] | None, bool]:
        dialog = cls(start, end, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        value = dialog.value() if accepted else None
        dialog.deleteLater()
        return value, accepted


class _DateChip(QToolButton):
    """登记日期: presets (today, 7 / 30 days, this month, this year) or a custom range."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start: date | None = None
        self.end: date | None = None
        self.setProperty("chip", True)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        menu = QMenu(self)
        for label, days in (
            (self.tr("不限"), None),
            (self.tr("今天"), 0),
            (self.tr("近 7 天"), 6),
            (self.tr("近 30 天"), 29),
            (self.tr("本月"), "month"),
            (self.tr("今年"), "year"),
        ):
            action = menu.addAction(label)
            action.setData(days)
            action.triggered.connect(self._on_preset)
        menu.addSeparator()
        custom = menu.addAction(self.tr("自定义…"))
        custom.triggered.connect(self._on_custom)
        self.setMenu(menu)
        self._sync()

    def set_range(self, start: date | None, end: date | None, *, notify: bool = True) -> None:
        self.start, self.end = start, end
        self._sync()
        if notify:
            self.changed.emit()

    @Slot()
    def _on_preset(self) -> None:
        spec = self.sender().data()  # type: ignore[union-attr]
        today = date.today()
        if spec is None:
            self.set_range(None, None)
        elif spec == "month":
            self.set_range(today.replace(day=1), today)
        elif spec == "year":
            self.set_range(today.replace(month=1, day=1), today)
        else:
            self.set_range(today - timedelta(days=int(spec)), today)

    @Slot()
    def _on_custom(self) -> None:
        value, accepted = DateRangeDialog.get_range(self.start, self.end, self)
        if accepted and value is not None:
            self.set_range(*value)

    def _sync(self) -> None:
        if self.start is None and self.end is None:
            self.setText(self.tr("登记日期 ▾"))
            self.setToolTip("")
        else:
            a = self.start.isoformat() if self.start else "…"
            b = self.end.isoformat() if self.end else "…"
            full = self.tr("登记日期：{0} 至 {1} ▾").format(a, b)
            this_year = date.today().year
            if all(d is None or d.year == this_year for d in (self.start, self.end)):  # this year's: month-day
                a, b = a.removeprefix(f"{this_year}-"), b.removeprefix(f"{this_year}-")
            self.setText(self.tr("登记日期：{0} 至 {1} ▾").format(a, b))  # bounded: two dates, month-day this year
            self.setToolTip(full.removesuffix(" ▾"))
        self.setProperty("active", self.start is not None or self.end is not None)
        _restyle(self)


class LedgerView(QWidget):
    """台账: chips + search above the table; Enter or double-click opens the matter."""

    matter_activated = Signal(str)
    #: emitted after each count/first page has been applied (tests and the main window's status bar wait on it)
    loaded = Signal()

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        *,
        viewer: Principal | None = None,
        first_page: FirstPage | None = None,
    ) -> None:
        """``viewer``: the logged-in principal (None hides 检举控告 complainants); set before the first query runs.
        ``first_page``: that first query, already under way or answered (:class:`FirstPage`, the desk's start);
        the view shows the rows in its model."""
        super().__init__(parent)
        self._services = services
        self._ledger = services.ledger
        self._first_page = first_page
        self._choices_due = False
        self._generation = 0
        self._pending = 0
        self._total: int | None = None
        self._keep_number: str | None = None
        self._keep_row: int | None = None
        self._sort_key = "id"  # registration order, newest first, until a header is clicked
        # Conditions with no chip of their own (a dashboard drill-down: category, purpose, 集体访 …), kept until
        # 清除筛选 so the ledger lists exactly the matters behind the number that was clicked.
        self._carried: tuple[str, DrillDown] = ("", DrillDown())
        self._descending = True
        self.setStyleSheet(_CHIP_STYLE)

        # -- widgets -------------------------------------------------------------------------------------------
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("在台账中筛选：姓名 / 证件号 / 电话 / 编号 / 摘要"))
        self.search.setClearButtonEnabled(True)
        # wide enough for a name or a number; it grows into the room the chips leave (see CHIP_MAX_EM)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance("信") * SEARCH_MIN_EM)
        self.status_chip = FilterChip(
            self.tr("状态"), [(s.value, labels.label(lbl)) for s, lbl in STATUS_LABELS.items()], multi=True, parent=self
        )
        self.level_chip = FilterChip(
            self.tr("时限"),
            [(lv.value, labels.label(lbl)) for lv, lbl in WARNING_LABELS.items()],
            multi=True,
            parent=self,
        )
        self.channel_chip = FilterChip(
            self.tr("形式"),
            [(c.value, labels.label(lbl)) for c, lbl in CHANNEL_LABELS.items()],
            multi=True,
            parent=self,
        )
        self.date_chip = _DateChip(self)
        self.unit_chip = FilterChip(self.tr("承办单位"), [], multi=False, parent=self)
        self.clerk_chip = FilterChip(self.tr("接待人"), [], multi=False, parent=self)
        self.clear_button = QPushButton(self.tr("清除筛选"), self)
        self.clear_button.setFlat(True)
        policy = self.clear_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the chips do not jump when a filter is set or cleared
        self.clear_button.setSizePolicy(policy)
        self.clear_button.setVisible(False)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("LedgerCount")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("LedgerError")
        self.error_label.setVisible(False)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setFixedWidth(90)
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)

        self.model = first_page.model if first_page is not None else LedgerModel(self._ledger, self)
        self.model.viewer = viewer
        self.table = QTableView(self)
        self.table.setObjectName("LedgerTable")
        self.table.setModel(self.model)
        self._setup_table()

        # -- layout --------------------------------------------------------------------------------------------
        chips = QHBoxLayout()
        chips.setSpacing(6)
        chips.addWidget(self.search, 2)
        for chip in (
            self.status_chip,
            self.level_chip,
            self.channel_chip,
            self.date_chip,
            self.unit_chip,
            self.clerk_chip,
        ):
            chips.addWidget(chip)
        chips.addWidget(self.clear_button)
        chips.addStretch(1)
        counts = QHBoxLayout()
        counts.addWidget(self.count_label)
        counts.addWidget(self.busy)
        counts.addWidget(self.error_label, 1)
        counts.addStretch(0)
        hint = QLabel(self.tr("Enter 打开事项 · 点击表头排序"), self)
        hint.setProperty("role", "hint")
        counts.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(8)
        layout.addLayout(chips)
        layout.addLayout(counts)
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._focus_search = QShortcut(QKeySequence.StandardKey.Find, self)
        self._focus_search.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        # -- signals -------------------------------------------------------------------------------------------
        self.search.textEdited.connect(self._on_search_edited)
        self.search.returnPressed.connect(self._on_search_return)
        for chip in (self.status_chip, self.level_chip, self.channel_chip, self.unit_chip, self.clerk_chip):
            chip.changed.connect(self._on_filter_changed)
        self.date_chip.changed.connect(self._on_filter_changed)
        self.clear_button.clicked.connect(self._on_clear)
        self.table.activated.connect(self._on_activated)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_changed)
        self._debounce.timeout.connect(self._on_filter_changed)
        self._busy_timer.timeout.connect(self._on_busy_timeout)
        self._focus_search.activated.connect(self._on_focus_search)

        self._update_count_label()
        self.refresh()

    def _setup_table(self) -> None:
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        fm = table.fontMetrics()
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure a million rows
        vertical.setDefaultSectionSize(int(fm.height() * 1.9))
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        pad = fm.horizontalAdvance("M") * 2
        samples = {
            COL_NUMBER: "2026-01-000000",
            COL_RECEIVED: "2026-11-27 12:39",
            COL_CHANNEL: "形式",
            COL_PETITIONER: "欧阳小红",
            COL_HEADCOUNT: "人数",
            COL_STATUS: "严重警告中",
            COL_UNIT: "××市公安局交通警察支队",
            COL_CLOCK: "2026-12-12 超 30 天 严重警告",
            COL_CLERK: "王警官",
        }
        titles = header.fontMetrics()
        for column, sample in samples.items():  # wide enough for a typical value and for the (translated) title
            title = str(table.model().headerData(column, Qt.Orientation.Horizontal) or "") if table.model() else ""
            table.setColumnWidth(column, max(fm.horizontalAdvance(sample), titles.horizontalAdvance(title)) + pad)
        table.setColumnWidth(COL_SUMMARY, fm.horizontalAdvance("摘" * 22))
        header.setSectionResizeMode(COL_SUMMARY, QHeaderView.ResizeMode.Stretch)
        assert len(COLUMNS) == COL_CLERK + 1

    # -- public API --------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-count and reload (after registration or an action elsewhere); keeps the filter, order and row."""
        index = self.table.currentIndex()
        self._keep_number = index.data(NUMBER_ROLE) if index.isValid() else None
        self._keep_row = index.row() if index.isValid() else None
        self._total = None
        # The chips' units and clerks (two DISTINCT passes over the ledger) follow the rows rather than compete
        # with them: the count and first page are what the clerk is waiting for.
        self._choices_due = True
        self._query(keep_position=True)

    def set_levels(self, levels: tuple[str, ...]) -> None:
        """Show only matters whose running clock is at one of ``levels`` (the 督办 page's board)."""
        self.level_chip.set_selected(tuple(levels), notify=False)
        self._on_filter_changed()

    def current_filter(self) -> LedgerFilter:
        return LedgerFilter(
            statuses=self.status_chip.selected(),
            levels=self.level_chip.selected(),
            channels=self.channel_chip.selected(),
            date_from=self.date_chip.start,
            date_to=self.date_chip.end,
            handling_unit=(self.unit_chip.selected() or ("",))[0],
            clerk=(self.clerk_chip.selected() or ("",))[0],
            text=self.search.text().strip(),
            category=self._carried[0],
            drill=self._carried[1],
        )

    def set_filter(self, f: LedgerFilter) -> None:
        """Put ``f`` into the chips and run it (the main window's shortcuts and tests)."""
        self.status_chip.set_selected(f.statuses, notify=False)
        self.level_chip.set_selected(f.levels, notify=False)
        self.channel_chip.set_selected(f.channels, notify=False)
        self.date_chip.set_range(f.date_from, f.date_to, notify=False)
        self.unit_chip.set_selected((f.handling_unit,) if f.handling_unit else (), notify=False)
        self.clerk_chip.set_selected((f.clerk,) if f.clerk else (), notify=False)
        self._carried = (f.category, f.drill)
        self.search.setText(f.text)
        self._on_filter_changed()

    def is_busy(self) -> bool:
        return self._pending > 0

    def count_text(self) -> str:
        return self.count_label.text()

    # -- queries -----------------------------------------------------------------------------------------------

    def _query(self, *, keep_position: bool = False) -> None:
        self._run(self.current_filter(), self._sort_key, self._descending, keep_position=keep_position)

    def _run(self, f: LedgerFilter, key: str, descending: bool, *, keep_position: bool = False) -> None:
        self._generation += 1
        generation = self._generation
        self._pending += 1
        need_total = self._total is None
        ledger = self._ledger
        page_size = self.model.PAGE_SIZE
        self.error_label.setVisible(False)
        if not self._busy_timer.isActive() and not self.busy.isVisible():
            self._busy_timer.start()

        viewer = self.model.viewer

        def work() -> FirstPageAnswer:
            return query_first_page(
                ledger, f, sort=key, descending=descending, viewer=viewer, page_size=page_size, need_total=need_total
            )

        def done(result: FirstPageAnswer) -> None:
            self._on_query_done(generation, f, key, descending, keep_position, result)

        def failed(exc: BaseException) -> None:
            self._on_query_failed(generation, exc)

        first_page, self._first_page = self._first_page, None
        if first_page is not None and first_page.answers(f, key, descending, viewer, need_total):
            # Asked for before this view existed (the desk's start); when the answer is already in, the view shows
            # it from its first paint instead of "正在统计…" for a moment.
            first_page.take(self, done, failed, at_once=True)
        else:
            run_in_background(self, work, done, failed)

    def _finish_one(self) -> None:
        self._pending = max(0, self._pending - 1)
        if self._pending == 0:
            self._busy_timer.stop()
            self.busy.setVisible(False)
        if self._choices_due:
            self._choices_due = False
            self._load_choices()

    def _on_query_done(
        self, generation: int, f: LedgerFilter, key: str, descending: bool, keep_position: bool, result: FirstPageAnswer
    ) -> None:
        self._finish_one()
        if generation != self._generation:
            return  # a newer filter was chosen while this one ran
        if result.total is not None:
            self._total = result.total
        scroll = self.table.verticalScrollBar().value()
        self.model.set_filter(f, count=result.count, first_page=result.first, sort=(key, descending))
        self._update_count_label()
        if keep_position:
            self._restore_position(scroll)
        elif self.model.rowCount() > 0:
            self.table.scrollToTop()
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.loaded.emit()

    def _restore_position(self, scroll: int) -> None:
        rows = self.model.rowCount()
        if rows == 0:
            return
        row = None
        if self._keep_number:
            row = self.model.row_of(self._keep_number)
        if row is None and self._keep_row is not None:
            row = min(self._keep_row, rows - 1)
        self.table.verticalScrollBar().setValue(scroll)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def _on_query_failed(self, generation: int, exc: BaseException) -> None:
        self._finish_one()
        if generation != self._generation:
            return
        message = getattr(exc, "message", None) or str(exc) or exc.__class__.__name__
        self.error_label.setText(self.tr("查询失败：{0}").format(message))
        self.error_label.setVisible(True)
        self.loaded.emit()

    def _update_count_label(self) -> None:
        locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
        total = self._total
        filtered = self.model.filtered_count()
        f = self.model.ledger_filter
        if total is None:
            self.count_label.setText(self.tr("正在统计…"))
        elif f.is_empty():
            self.count_label.setText(self.tr("共 {0} 件").format(locale.toString(total)))
        else:
            self.count_label.setText(
                self.tr("共 {0} 件，筛选后 {1} 件").format(locale.toString(total), locale.toString(filtered))
            )
        self.clear_button.setVisible(not self.current_filter().is_empty())

    def _load_choices(self) -> None:
        ledger = self._ledger

        def work() -> tuple[list[str], list[str]]:
            return ledger.distinct("handling_unit"), ledger.distinct("clerk")

        run_in_background(self, work, self._on_choices)

    @Slot(object)
    def _on_choices(self, result: tuple[list[str], list[str]]) -> None:
        units, clerks = result
        self.unit_chip.set_choices([(u, u) for u in units])
        self.clerk_chip.set_choices([(c, c) for c in clerks])

    # -- slots -------------------------------------------------------------------------------------------------

    @Slot()
    def _on_filter_changed(self) -> None:
        self._debounce.stop()
        self._update_count_label()
        self._query()

    @Slot(str)
    def _on_search_edited(self, _text: str) -> None:
        self._debounce.start()

    @Slot()
    def _on_search_return(self) -> None:
        self._on_filter_changed()

    @Slot()
    def _on_clear(self) -> None:
        for chip in (self.status_chip, self.level_chip, self.channel_chip, self.unit_chip, self.clerk_chip):
            chip.set_selected((), notify=False)
        self.date_chip.set_range(None, None, notify=False)
        self._carried = ("", DrillDown())
        self.search.clear()
        self._on_filter_changed()

    @Slot(int, Qt.SortOrder)
    def _on_sort_changed(self, section: int, order: Qt.SortOrder) -> None:
        if 0 <= section < len(COLUMNS):
            key, descending = COLUMNS[section][1], order == Qt.SortOrder.DescendingOrder
        else:
            key, descending = "id", True
        self._sort_key, self._descending = key, descending
        self._query()

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        number = index.data(NUMBER_ROLE)
        if number:
            self.matter_activated.emit(str(number))

    @Slot()
    def _on_busy_timeout(self) -> None:
        if self._pending:
            self.busy.setVisible(True)

    @Slot()
    def _on_focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
