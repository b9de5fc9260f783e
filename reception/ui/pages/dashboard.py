"""The statistics page (统计): the figures of a period with 同比 and 环比, two charts and the breakdowns.

Every number leads to the matters behind it: a tile, a bar, a point of the trend line or a table row emits
:attr:`Dashboard.matters_requested` with the ledger filter that lists them (the main window shows the ledger).
The figures are computed off the GUI thread (a month of a million-matter ledger with 同比/环比 takes a fraction
of a second, a year longer); the definitions are in ``reception/services/statistics.py``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QMargins,
    QPointF,
    Qt,
    QTime,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QCursor, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from reception.services.statistics import (
    DIMENSION_LABELS,
    DIMENSIONS,
    PRESETS,
    SIZE_BANDS,
    Period,
    StatisticsReport,
    change,
    format_change,
    format_value,
    period_of,
    preset_period,
)
from reception.ui import labels
from reception.ui.labels import QT_TRANSLATE_NOOP
from reception.ui.theme import ACCENT, BORDER, MUTED
from reception.ui.widgets.file_dialogs import Mode, choose
from reception.ui.workers import run_in_background

if TYPE_CHECKING:
    from reception.domain.views import DayCount
    from reception.services.context import Services

__all__ = ["Dashboard", "KpiTile"]

YEAR_COLOUR = "#9aa5b1"  # 同比: a quiet grey
PERIOD_COLOUR = "#c9a35b"  # 环比: a muted gold
CUSTOM = "custom"
#: trend points per day up to this many days, per month beyond
DAILY_LIMIT = 92

#: (figure key in the report, title, is a rate, drill-down key, tooltip: numerator key, denominator key)
TILES = (
    ("matters", QT_TRANSLATE_NOOP("Labels", "件次"), False, "matters", None, None),
    ("persons", QT_TRANSLATE_NOOP("Labels", "人次"), False, "matters", None, None),
    ("closure_rate", QT_TRANSLATE_NOOP("Labels", "办结率"), True, "finished", "finished_matters", "matters"),
    (
        "on_time_acceptance_rate",
        QT_TRANSLATE_NOOP("Labels", "及时受理率"),
        True,
        "answered",
        "answered_on_time",
        "answered_matters",
    ),
    (
        "on_time_closure_rate",
        QT_TRANSLATE_NOOP("Labels", "按期办结率"),
        True,
        "finished",
        "finished_on_time",
        "finished_matters",
    ),
    (
        "satisfaction_rate",
        QT_TRANSLATE_NOOP("Labels", "满意率"),
        True,
        "satisfied",
        "satisfied_matters",
        "rated_matters",
    ),
    ("rating_rate", QT_TRANSLATE_NOOP("Labels", "参评率"), True, "rated", "rated_matters", "reply_matters"),
    ("repeat_matters", QT_TRANSLATE_NOOP("Labels", "重复访"), False, "repeat", None, None),
    ("collective_matters", QT_TRANSLATE_NOOP("Labels", "集体访"), False, "collective", None, None),
    ("skip_level_matters", QT_TRANSLATE_NOOP("Labels", "越级访"), False, "skip_level", None, None),
    ("leader_received_matters", QT_TRANSLATE_NOOP("Labels", "领导接访"), False, "leader_received", None, None),
    ("leader_assigned_matters", QT_TRANSLATE_NOOP("Labels", "领导包案"), False, "leader_assigned", None, None),
)

#: breakdown tabs: (report key suffix, tab title); "collective_size" is the collective visits by size band
TABLE_TABS = (
    "status",
    "purpose",
    "category",
    "content_category",
    "location",
    "handling_unit",
    "clerk",
    "collective_size",
)
TAB_TITLES = {
    "status": QT_TRANSLATE_NOOP("Labels", "状态"),
    "purpose": QT_TRANSLATE_NOOP("Labels", "目的"),
    "category": QT_TRANSLATE_NOOP("Labels", "类别"),
    "content_category": QT_TRANSLATE_NOOP("Labels", "内容分类"),
    "location": QT_TRANSLATE_NOOP("Labels", "属地"),
    "handling_unit": QT_TRANSLATE_NOOP("Labels", "承办单位"),
    "clerk": QT_TRANSLATE_NOOP("Labels", "接待人"),
    "collective_size": QT_TRANSLATE_NOOP("Labels", "集体访规模"),
}

_STYLE = f"""
QFrame#KpiTile {{ background: #ffffff; border: 1px solid {BORDER}; border-radius: 6px; }}
QFrame#KpiTile:hover {{ border-color: {ACCENT}; }}
QFrame#KpiTile:focus {{ border: 2px solid {ACCENT}; }}
QLabel#KpiTitle {{ color: {MUTED}; }}
QLabel#KpiValue {{ font-size: 17pt; font-weight: bold; color: #1f2933; }}
QLabel#KpiFoot {{ color: {MUTED}; font-size: 10.5pt; }}
QTableWidget#StatsTable {{ background: #ffffff; alternate-background-color: #f7f9fa; }}
"""


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _msecs(d: date) -> float:
    """Noon of ``d`` in local time, as the date axis counts (noon keeps daylight-saving shifts off the day)."""
    return float(QDateTime(_qdate(d), QTime(12, 0)).toMSecsSinceEpoch())


def _change_text(label: str, value: float | None, rate: bool) -> str:
    text = format_change(value, rate)
    points = QCoreApplication.translate("Dashboard", "个百分点")
    return f"{label} {text.replace(' 个百分点', points)}"


class KpiTile(QFrame):
    """One headline figure with its 同比/环比 change; click or Enter lists the matters behind it."""

    clicked = Signal(str)

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("KpiTile")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.title = QLabel(title, self)
        self.title.setObjectName("KpiTitle")
        self.value = QLabel("—", self)
        self.value.setObjectName("KpiValue")
        self.foot = QLabel("", self)
        self.foot.setObjectName("KpiFoot")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.foot)
        self.setAccessibleName(title)

    def set_values(self, value: str, foot: str, tooltip: str = "") -> None:
        self.value.setText(value)
        self.foot.setText(foot)
        self.setToolTip(tooltip)
        self.setAccessibleDescription(f"{value} {foot}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.key)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.key)
            return
        super().keyPressEvent(event)


class Dashboard(QWidget):
    """统计: a period (本月/上月/本季度/本年/自定义), its figures with 同比 and 环比, charts, breakdowns."""

    #: a LedgerFilter listing the matters behind the number the clerk clicked
    matters_requested = Signal(object)
    #: the report dict once it is on screen (tests, the main window's status bar)
    updated = Signal(object)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.report: StatisticsReport | None = None
        self._generation = 0
        self._tiles: dict[str, KpiTile] = {}
        self._tile_drill: dict[str, str] = {}
        self._tables: dict[str, QTableWidget] = {}
        self._trend_days: list[date] = []
        self._trend_monthly = False
        self.setStyleSheet(_STYLE)
        self._build()
        self._connect()
        self.preset.setCurrentIndex(0)
        self._apply_preset()

    # -- building ----------------------------------------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(12, 8, 12, 8)
        root.setSpacing(6)

        head = QHBoxLayout()
        title = QLabel(self.tr("统计分析"), self)
        title.setProperty("role", "page-title")
        head.addWidget(title)
        head.addSpacing(16)
        head.addWidget(QLabel(self.tr("期间"), self))
        self.preset = QComboBox(self)
        for key, text in PRESETS.items():
            self.preset.addItem(labels.label(text), key)
        self.preset.addItem(self.tr("自定义"), CUSTOM)
        head.addWidget(self.preset)
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        head.addWidget(self.date_from)
        head.addWidget(QLabel(self.tr("至"), self))
        head.addWidget(self.date_to)
        self.run_button = QPushButton(self.tr("统计"), self)
        self.run_button.setProperty("primary", True)
        head.addWidget(self.run_button)
        head.addStretch(1)
        self.busy = QLabel("", self)
        self.busy.setProperty("role", "hint")
        head.addWidget(self.busy)
        self.export_button = QPushButton(self.tr("导出报表…"), self)
        self.export_button.setToolTip(self.tr("保存为 PDF 或 Excel（.xlsx）"))
        head.addWidget(self.export_button)
        root.addLayout(head)

        self.periods_label = QLabel("", self)
        self.periods_label.setProperty("role", "hint")
        self.periods_label.setWordWrap(True)
        root.addWidget(self.periods_label)
        self.error = QLabel("", self)
        self.error.setProperty("role", "error")
        self.error.hide()
        root.addWidget(self.error)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        for i, (key, label, _rate, drill, _num, _den) in enumerate(TILES):
            tile = KpiTile(key, labels.label(label), self)
            self._tiles[key] = tile
            self._tile_drill[key] = drill
            grid.addWidget(tile, i // 6, i % 6)
        root.addLayout(grid)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        charts = QWidget(splitter)
        charts_layout = QVBoxLayout(charts)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        charts_layout.setSpacing(6)
        self.bar_view = self._chart_view(charts)
        self.line_view = self._chart_view(charts)
        charts_layout.addWidget(self.bar_view, 1)
        charts_layout.addWidget(self.line_view, 1)
        self.tabs = QTabWidget(splitter)
        for key in TABLE_TABS:
            table = QTableWidget(0, 6, self.tabs)
            table.setObjectName("StatsTable")
            table.setHorizontalHeaderLabels(
                [
                    self.tr("项目"),
                    self.tr("本期"),
                    self.tr("同比期"),
                    self.tr("同比"),
                    self.tr("环比期"),
                    self.tr("环比"),
                ]
            )
            table.verticalHeader().setVisible(False)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.setAlternatingRowColors(True)
            table.setShowGrid(False)
            table.setWordWrap(False)
            table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
            header = table.horizontalHeader()
            header.setMinimumSectionSize(40)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for col in range(1, 6):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
            table.verticalHeader().setDefaultSectionSize(26)
            self.tabs.addTab(table, labels.label(TAB_TITLES[key]))
            self.tabs.setTabToolTip(
                self.tabs.count() - 1,
                self.tr("集体访规模（件次）")
                if key == "collective_size"
                else self.tr("{0}（件次）").format(labels.label(DIMENSION_LABELS[key])),
            )
            self._tables[key] = table
        splitter.addWidget(charts)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 11)
        splitter.setStretchFactor(1, 9)
        splitter.setSizes([1100, 900])  # proportions: the charts need the width more than the tables
        splitter.setChildrenCollapsible(False)
        root.addWidget(splitter, 1)

    def _chart_view(self, parent: QWidget) -> QChartView:
        chart = QChart()
        font = self.font()
        font.setPointSizeF(max(10.5, font.pointSizeF()))
        title_font = self.font()
        title_font.setPointSizeF(max(11.0, font.pointSizeF()))
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.legend().setFont(font)
        self._chart_font = font
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        view = QChartView(chart, parent)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(170)
        view.setFrameShape(QFrame.Shape.StyledPanel)
        return view

    def _connect(self) -> None:
        self.preset.currentIndexChanged.connect(self._on_preset)
        self.run_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self._on_export)
        for tile in self._tiles.values():
            tile.clicked.connect(self._on_tile)
        for table in self._tables.values():
            table.itemActivated.connect(self._on_row)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.report is None and not self.busy.text():
            self.refresh()  # the first time the page is shown: the default period (本月)

    # -- period ------------------------------------------------------------------------------------------------

    def today(self) -> date:
        return self.services.ledger.clock().date()

    def period(self) -> Period:
        return Period(_pydate(self.date_from.date()), _pydate(self.date_to.date()))

    def set_period(self, start: date, end: date, *, refresh: bool = True) -> None:
        """Show ``start``..``end`` (the preset becomes 自定义 unless it matches one)."""
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
        for i in range(self.preset.count()):
            key = self.preset.itemData(i)
            if key != CUSTOM and preset_period(key, self.today()) == Period(start, end):
                self.preset.setCurrentIndex(i)
                break
        self.preset.blockSignals(False)
        self.date_from.setDate(_qdate(start))
        self.date_to.setDate(_qdate(end))
        self._sync_dates_enabled()
        if refresh:
            self.refresh()

    def _sync_dates_enabled(self) -> None:
        custom = self.preset.currentData() == CUSTOM
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)

    def _apply_preset(self) -> None:
        key = self.preset.currentData()
        if key != CUSTOM:
            p = preset_period(key, self.today())
            self.date_from.setDate(_qdate(p.start))
            self.date_to.setDate(_qdate(p.end))
        self._sync_dates_enabled()

    @Slot(int)
    def _on_preset(self, _index: int) -> None:
        self._apply_preset()
        if self.preset.currentData() != CUSTOM:
            self.refresh()
        else:
            self.date_from.setFocus()

    # -- computing ----------------------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Compute the figures of the chosen period in the background; :attr:`updated` fires when shown."""
        period = self.period()
        if period.end < period.start:
            self._show_error(self.tr("截止日期早于起始日期"))
            return
        self._generation += 1
        generation = self._generation
        self.busy.setText(self.tr("正在统计…"))
        stats = self.services.stats

        def work() -> tuple[StatisticsReport, list[DayCount], list[DayCount]]:
            report = stats.report(period.start, period.end)
            year = period_of(report, "previous_year")
            return report, stats.daily(period.start, period.end), stats.daily(year.start, year.end)

        run_in_background(
            self, work, lambda result: self._on_done(generation, result), lambda exc: self._on_failed(generation, exc)
        )

    def _on_done(self, generation: int, result: tuple[StatisticsReport, list[DayCount], list[DayCount]]) -> None:
        if generation != self._generation:
            return  # an older request finished after a newer one started
        report, daily, daily_year = result
        self.report = report
        self.busy.setText("")
        self.error.hide()
        self._show(report, daily, daily_year)
        self.updated.emit(report)

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.busy.setText("")
        self._show_error(self.tr("统计失败：{0}").format(getattr(exc, "message", None) or str(exc)))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # -- showing ------------------------------------------------------------------------------------------------

    def _show(self, report: StatisticsReport, daily: list[DayCount], daily_year: list[DayCount]) -> None:
        period, year, before = (
            period_of(report),
            period_of(report, "previous_year"),
            period_of(report, "previous_period"),
        )
        self.periods_label.setText(
            self.tr(
                "本期 {0}～{1}　同比 {2}～{3}　环比 {4}～{5}　按登记时间统计；点击数字、图形或表格行可查看对应事项"
            ).format(period.start, period.end, year.start, year.end, before.start, before.end)
        )
        prev_y, prev_p = report.previous_year, report.previous_period
        for key, _label, rate, _drill, num, den in TILES:
            value = report.figure(key)
            foot = "\n".join(
                (
                    _change_text(self.tr("同比"), change(value, prev_y.figure(key), rate=rate), rate),
                    _change_text(self.tr("环比"), change(value, prev_p.figure(key), rate=rate), rate),
                )
            )
            tip = ""
            if num and den:
                tip = self.tr("{0} ÷ {1}（同比期 {2}，环比期 {3}）").format(
                    report.figure(num),
                    report.figure(den),
                    format_value(prev_y.figure(key), rate),
                    format_value(prev_p.figure(key), rate),
                )
            else:
                tip = self.tr("同比期 {0}，环比期 {1}").format(
                    format_value(prev_y.figure(key), rate), format_value(prev_p.figure(key), rate)
                )
            self._tiles[key].set_values(format_value(value, rate), foot, tip)
        self._show_bars(report)
        self._show_trend(period, daily, daily_year)
        for key, table in self._tables.items():
            self._fill_table(key, table, report)

    def _show_bars(self, report: StatisticsReport) -> None:
        chart = self.bar_view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        codes = DIMENSIONS["channel"][1] or {}
        series = QBarSeries()
        sets = []
        top = 0
        for part, label, colour in (
            (report, self.tr("本期"), ACCENT),
            (report.previous_year, self.tr("同比"), YEAR_COLOUR),
            (report.previous_period, self.tr("环比"), PERIOD_COLOUR),
        ):
            bar_set = QBarSet(label)
            bar_set.setColor(QColor(colour))
            bar_set.setBorderColor(QColor(colour))
            values = [int(part.by_channel.get(code, 0)) for code in codes]
            top = max([top, *values])
            bar_set.append(values)
            series.append(bar_set)
            sets.append(bar_set)
        for bar_set, which in zip(sets, (None, "previous_year", "previous_period"), strict=True):
            bar_set.clicked.connect(lambda index, which=which: self._on_bar(which, index))
        series.hovered.connect(self._on_bar_hovered)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.setLabelsFont(self._chart_font)
        axis_x.append([labels.label(text) for text in codes.values()])
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setLabelsFont(self._chart_font)
        axis_y.setRange(0, max(4, top) * 1.05)
        # Three labels (0, half, top): on a 1366×768 screen the plot is ~50 px tall, where five overlap and Qt
        # elides every one of them to "…".
        axis_y.setTickCount(3)
        axis_y.applyNiceNumbers()
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        chart.setTitle(self.tr("信访形式（件次）"))

    def _show_trend(self, period: Period, daily: list[DayCount], daily_year: list[DayCount]) -> None:
        chart = self.line_view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        current = {date.fromisoformat(d.day): d.matters for d in daily}
        year_start = period_of(self.report, "previous_year").start if self.report else period.start
        earlier = {date.fromisoformat(d.day): d.matters for d in daily_year}
        monthly = period.days > DAILY_LIMIT
        self._trend_monthly = monthly
        points: list[tuple[date, int, int]] = []
        if monthly:
            month = period.start.replace(day=1)
            while month <= period.end:
                nxt = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
                n = sum(v for d, v in current.items() if month <= d < nxt)
                y_month = month.replace(year=month.year - 1)
                y_next = nxt.replace(year=nxt.year - 1)
                m = sum(v for d, v in earlier.items() if y_month <= d < y_next)
                points.append((month, n, m))
                month = nxt
        else:
            for i in range(period.days):
                d = period.start + timedelta(days=i)
                points.append((d, current.get(d, 0), earlier.get(year_start + timedelta(days=i), 0)))
        self._trend_days = [p[0] for p in points]
        now_series = QLineSeries()
        now_series.setName(self.tr("本期"))
        year_series = QLineSeries()
        year_series.setName(self.tr("同比（上年同期）"))
        top = 0
        today = self.today()
        for d, n, m in points:
            x = _msecs(d)
            if d <= today:  # days still to come are not zero: they are not drawn
                now_series.append(x, n)
            year_series.append(x, m)
            top = max(top, n, m)
        pen = QPen(QColor(ACCENT))
        pen.setWidthF(2.2)
        now_series.setPen(pen)
        now_series.setPointsVisible(len(points) <= 40)
        dashed = QPen(QColor(YEAR_COLOUR))
        dashed.setWidthF(1.6)
        dashed.setStyle(Qt.PenStyle.DashLine)
        year_series.setPen(dashed)
        now_series.clicked.connect(self._on_point)
        chart.addSeries(year_series)
        chart.addSeries(now_series)
        axis_x = QDateTimeAxis()
        axis_x.setLabelsFont(self._chart_font)
        axis_x.setFormat("yyyy-MM" if monthly else "MM-dd")
        axis_x.setTickCount(min(8, max(2, len(points))))
        if points:
            first, last = points[0][0], points[-1][0]
            axis_x.setRange(
                QDateTime.fromMSecsSinceEpoch(int(_msecs(first))),
                QDateTime.fromMSecsSinceEpoch(int(_msecs(last if last > first else first + timedelta(days=1)))),
            )
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        axis_y = QValueAxis()
        axis_y.setLabelsFont(self._chart_font)
        axis_y.setRange(0, max(4, top) * 1.05)
        # Three labels (0, half, top): on a 1366×768 screen the plot is ~50 px tall, where five overlap and Qt
        # elides every one of them to "…".
        axis_y.setTickCount(3)
        axis_y.applyNiceNumbers()
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for s in (now_series, year_series):
            s.attachAxis(axis_x)
            s.attachAxis(axis_y)
        chart.setTitle(self.tr("每月登记件次") if monthly else self.tr("每日登记件次"))

    def _table_rows(self, key: str, report: StatisticsReport) -> list[tuple[str, Any, int, int, int]]:
        """(label, drill value, 本期, 同比期, 环比期) of one breakdown."""
        parts = (report, report.previous_year, report.previous_period)
        if key == "collective_size":
            values = [p.collective_by_size for p in parts]
            return [
                (
                    self.tr("{0} 人").format(band),
                    band,
                    values[0].get(band, 0),
                    values[1].get(band, 0),
                    values[2].get(band, 0),
                )
                for band, _ in SIZE_BANDS
            ]
        codes = DIMENSIONS[key][1]
        values = [p.by(key) for p in parts]
        keys = list(values[0]) + [k for k in list(values[1]) + list(values[2]) if k not in values[0]]
        if codes is None:
            keys.sort(key=lambda k: (-values[0].get(k, 0), -values[1].get(k, 0), k))
        else:
            keys = [k for k in keys if any(v.get(k) for v in values)] if key == "status" else keys
        rows = []
        for k in keys:
            label = labels.label(codes.get(k, k)) if codes else (k or self.tr("（未定）"))
            rows.append((label, k, values[0].get(k, 0), values[1].get(k, 0), values[2].get(k, 0)))
        return rows

    def _fill_table(self, key: str, table: QTableWidget, report: StatisticsReport) -> None:
        rows = self._table_rows(key, report)
        table.setRowCount(len(rows))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, (label, value, now, year, before) in enumerate(rows):
            cells = [
                label,
                format_value(now, False),
                format_value(year, False),
                format_change(change(now, year), False),
                format_value(before, False),
                format_change(change(now, before), False),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(right)
                item.setData(Qt.ItemDataRole.UserRole, (key, value))
                table.setItem(r, c, item)

    # -- drill-down -------------------------------------------------------------------------------------------

    def _emit_filter(self, key: str, value: Any = None, which: str | None = None) -> None:
        if self.report is None:
            return
        period = period_of(self.report, which)
        self.matters_requested.emit(self.services.stats.drill_filter(period, key, value))

    @Slot(str)
    def _on_tile(self, key: str) -> None:
        self._emit_filter(self._tile_drill[key])

    def _on_bar(self, which: str | None, index: int) -> None:
        codes = list((DIMENSIONS["channel"][1] or {}).keys())
        if 0 <= index < len(codes):
            self._emit_filter("channel", codes[index], which)

    def _on_bar_hovered(self, status: bool, index: int, bar_set: QBarSet) -> None:
        if not status:
            QToolTip.hideText()
            return
        names = [labels.label(text) for text in (DIMENSIONS["channel"][1] or {}).values()]
        if 0 <= index < len(names):
            QToolTip.showText(
                QCursor.pos(),
                self.tr("{0} {1}：{2} 件（点击查看）").format(bar_set.label(), names[index], int(bar_set.at(index))),
                self.bar_view,
            )

    @Slot(QPointF)
    def _on_point(self, point: QPointF) -> None:
        if not self._trend_days or self.report is None:
            return
        clicked = QDateTime.fromMSecsSinceEpoch(int(point.x())).date()
        day = _pydate(clicked)
        nearest = min(self._trend_days, key=lambda d: abs((d - day).days))
        period = period_of(self.report)
        if self._trend_monthly:
            end = (nearest.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            start, end = max(nearest, period.start), min(end, period.end)
        else:
            start = end = nearest
        f = self.services.stats.drill_filter(Period(start, end), "matters")
        self.matters_requested.emit(f)

    @Slot(QTableWidgetItem)
    def _on_row(self, item: QTableWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if not data:
            return
        key, value = data
        if key == "collective_size":
            self._emit_filter("collective_size", value)
        elif key == "handling_unit" or value not in (None, ""):
            self._emit_filter(key, value)

    # -- export ---------------------------------------------------------------------------------------------

    def export_path(self) -> str:
        """Ask where to save the report (a separate method so tests patch it)."""
        period = self.period()
        suggested = f"信访统计_{period.start:%Y%m%d}-{period.end:%Y%m%d}.pdf"
        path, _ = choose(
            self,
            self.tr("导出统计报表"),
            mode=Mode.SAVE,
            purpose="stats",
            file_name=suggested,
            filters=self.tr("PDF 文件 (*.pdf);;Excel 工作簿 (*.xlsx)"),
        )
        return path

    @Slot()
    def _on_export(self) -> None:
        if self.report is None:
            return
        path = self.export_path()
        if not path:
            return
        report = self.report
        self.busy.setText(self.tr("正在导出…"))
        stats = self.services.stats
        run_in_background(
            self,
            lambda: stats.export(report, path),
            lambda _fmt: self.busy.setText(self.tr("已导出：{0}").format(path)),
            self._on_export_failed,
        )

    def _on_export_failed(self, exc: BaseException) -> None:
        self.busy.setText("")
        self._show_error(self.tr("导出失败：{0}").format(getattr(exc, "message", None) or str(exc)))
