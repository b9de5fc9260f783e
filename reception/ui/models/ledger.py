"""The ledger (台账) as a Qt table model that pages from SQL.

Why a windowed model: a station's ledger reaches a million matters, and the table must open and scroll at once.
``rowCount`` is the filtered count from SQL; ``data`` asks the ledger service for the 200-row page that holds the
row the view paints and keeps the last few pages in a small LRU cache.  Filtering and sorting never happen in
Python: both go into the next SQL query and reset the model.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from reception.domain.clocks import CLOCK_LABELS, ClockKind
from reception.domain.ledger import SORT_KEYS, LedgerFilter
from reception.ui import labels
from reception.ui.labels import QT_TRANSLATE_NOOP
from reception.ui.theme import MUTED, level_colours
from reception.ui.workers import run_in_background

if TYPE_CHECKING:
    from reception.domain.roles import Principal
    from reception.domain.views import LedgerRow
    from reception.services.context import Services
    from reception.services.ledger import LedgerService

__all__ = [
    "COLUMNS",
    "COL_CHANNEL",
    "COL_CLERK",
    "COL_CLOCK",
    "COL_HEADCOUNT",
    "COL_NUMBER",
    "COL_PETITIONER",
    "COL_RECEIVED",
    "COL_STATUS",
    "COL_SUMMARY",
    "COL_UNIT",
    "LEVEL_ROLE",
    "NUMBER_ROLE",
    "ROW_ROLE",
    "FirstPage",
    "FirstPageAnswer",
    "LedgerModel",
    "clock_text",
    "query_first_page",
    "viewer_of",
]

(
    COL_NUMBER,
    COL_RECEIVED,
    COL_CHANNEL,
    COL_PETITIONER,
    COL_HEADCOUNT,
    COL_SUMMARY,
    COL_STATUS,
    COL_UNIT,
    COL_CLOCK,
    COL_CLERK,
) = range(10)

# (header, sort key in domain.ledger.SORT_KEYS) per column.
COLUMNS: tuple[tuple[str, str], ...] = (  # headers marked for lupdate; translated in headerData
    (QT_TRANSLATE_NOOP("LedgerModel", "编号"), "number"),
    (QT_TRANSLATE_NOOP("LedgerModel", "登记日期"), "received_at"),
    (QT_TRANSLATE_NOOP("LedgerModel", "形式"), "channel"),
    (QT_TRANSLATE_NOOP("LedgerModel", "信访人"), "name"),
    (QT_TRANSLATE_NOOP("LedgerModel", "人数"), "headcount"),
    (QT_TRANSLATE_NOOP("LedgerModel", "摘要"), "summary"),
    (QT_TRANSLATE_NOOP("LedgerModel", "状态"), "status"),
    (QT_TRANSLATE_NOOP("LedgerModel", "去向/承办单位"), "handling_unit"),
    (QT_TRANSLATE_NOOP("LedgerModel", "当前时限"), "due"),
    (QT_TRANSLATE_NOOP("LedgerModel", "接待人"), "clerk"),
)
assert all(key in SORT_KEYS for _h, key in COLUMNS)

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the whole row (ledger_page's LedgerRow)
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 2  # the matter number
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 3  # the current clock's warning level code, or None

_ALIGN_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def clock_text(row: LedgerRow) -> str:
    """ "2026-12-12 剩 14 天 预警": the due date, the days left or over, and the level's word when not normal."""
    due = row.due
    if not due:
        return ""
    days = row.days_left
    if days is None:
        span = ""
    elif days > 0:
        span = QCoreApplication.translate("LedgerModel", "剩 {0} 天").format(days)
    elif days == 0:
        span = QCoreApplication.translate("LedgerModel", "今日到期")
    else:
        span = QCoreApplication.translate("LedgerModel", "超 {0} 天").format(-days)
    parts = [due, span]
    if row.level and row.level != "normal":
        parts.append(labels.label(row.level_label))
    return " ".join(p for p in parts if p)


def _clock_label(kind: str | None) -> str:
    try:
        return labels.label(CLOCK_LABELS[ClockKind(kind)]) if kind else ""
    except ValueError:
        return kind or ""


def viewer_of(actor: Principal) -> Principal | None:
    """Who the ledger is shown to: the logged-in principal, or None before anyone signed in (检举控告 complainants
    hidden)."""
    return actor if actor.name else None


@dataclass(frozen=True)
class FirstPageAnswer:
    """What a ledger view shows first: the filter's count, its first page and (when asked) the ledger's total."""

    count: int
    first: list[LedgerRow]
    total: int | None = None


def query_first_page(
    ledger: LedgerService,
    f: LedgerFilter,
    *,
    sort: str,
    descending: bool,
    viewer: Principal | None,
    page_size: int,
    need_total: bool,
) -> FirstPageAnswer:
    """The count, the first page and the total for ``f``, asked in one go off the GUI thread so that the count
    and the rows always match."""
    count = ledger.ledger_count(f, viewer=viewer)
    total = (count if f.is_empty() else ledger.ledger_count(LedgerFilter(), viewer=viewer)) if need_total else None
    first = ledger.ledger_page(
        f, offset=0, limit=page_size, sort=sort, descending=descending, viewer=viewer, count=count
    )
    return FirstPageAnswer(count, first, total)


class FirstPage(QObject):
    """The whole ledger's count and first page (registration order, newest first), asked for as soon as the ledger
    is open, so the query runs while the desk builds its window instead of after.

    The answer goes into :attr:`model` as soon as it is in, so the desk opens with the ledger's first page in its
    model even though the ledger page itself is built only when the clerk first opens it.  A
    :class:`~reception.ui.pages.ledger.LedgerView` built with this takes over :attr:`model` and the answer
    (:meth:`take`) instead of asking again; the callbacks run on the GUI thread, never before the event loop runs,
    as for its own queries (or at once, when the answer is already in and the view asks for that).
    """

    #: emitted once the answer (or the failure) is in, after :attr:`model` holds it
    loaded = Signal()

    def __init__(
        self, services: Services, actor: Principal, parent: QObject | None = None, *, deferred: bool = False
    ) -> None:
        """``deferred``: the query waits for :meth:`start` (the desk asks once its window is on screen)."""
        super().__init__(parent)
        self.viewer = viewer_of(actor)
        self.model = LedgerModel(services.ledger, self)
        self.model.viewer = self.viewer
        #: the ledger's total once the answer is in (None before, or after a failure)
        self.total: int | None = None
        self._arrived = False
        self._stale = False
        self._outcome: tuple[bool, Any] | None = None
        self._waiting: tuple[Callable[[Any], None], Callable[[BaseException], None]] | None = None
        self._ledger = services.ledger
        self._started = False
        if not deferred:
            self.start()

    def started(self) -> bool:
        """Whether the query has been asked for (:meth:`start`)."""
        return self._started

    def start(self) -> None:
        """Ask for the count and first page, off the GUI thread (once; at once unless ``deferred``)."""
        if self._started:
            return
        self._started = True
        ledger, viewer, size = self._ledger, self.viewer, LedgerModel.PAGE_SIZE

        def work() -> FirstPageAnswer:
            return query_first_page(
                ledger, LedgerFilter(), sort="id", descending=True, viewer=viewer, page_size=size, need_total=True
            )

        run_in_background(self, work, self._on_done, self._on_failed)

    def answers(self, f: LedgerFilter, sort: str, descending: bool, viewer: Principal | None, need_total: bool) -> bool:
        """Whether this is the answer to that query (the view's first one, as the desk opens)."""
        return not self._stale and f.is_empty() and sort == "id" and descending and viewer is self.viewer and need_total

    def discard(self) -> None:
        """The ledger changed before any view took the answer: a view built later asks again."""
        self._stale = True

    def is_busy(self) -> bool:
        """Whether the answer is still being fetched (:func:`reception.app.wait_for_first_page` waits on this)."""
        return not self._arrived

    def ready(self) -> bool:
        """Whether the result (or the failure) is in and not yet taken."""
        return self._outcome is not None

    def take(
        self,
        owner: QObject,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        *,
        at_once: bool = False,
    ) -> None:
        """Give the result to ``on_done`` (or the failure to ``on_error``) once it is in; ``owner`` keeps this alive.

        ``at_once``: when the answer is already in, call back now rather than from the event loop (a page built
        after the answer came shows it from its first paint).
        """
        self.setParent(owner)
        if self._outcome is None:
            self._waiting = (on_done, on_error)
            return
        ok, value = self._outcome
        self._outcome = None
        callback = on_done if ok else on_error
        if at_once:
            callback(value)
        else:
            QTimer.singleShot(0, owner, lambda: callback(value))

    def _on_done(self, result: FirstPageAnswer) -> None:
        self.total = result.total
        self.model.set_filter(LedgerFilter(), count=result.count, first_page=result.first, sort=("id", True))
        self._settle(True, result)

    def _on_failed(self, exc: BaseException) -> None:
        self._settle(False, exc)

    def _settle(self, ok: bool, value: Any) -> None:
        self._arrived = True
        waiting, self._waiting = self._waiting, None
        if waiting is None:
            self._outcome = (ok, value)
        else:
            (waiting[0] if ok else waiting[1])(value)
        self.loaded.emit()


class LedgerModel(QAbstractTableModel):
    """Rows of ``services.ledger.ledger_page`` for one :class:`LedgerFilter`, loaded a page at a time."""

    PAGE_SIZE = 200
    CACHE_PAGES = 6

    def __init__(self, ledger: LedgerService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        # The logged-in principal: decides whether a 检举控告 complainant shows (None = hidden).
        self.viewer: Principal | None = None
        self._filter = LedgerFilter()
        self._count = 0
        self._sort_key = "id"  # registration order, newest first, until a header is clicked
        self._descending = True
        self._pages: OrderedDict[int, list[LedgerRow]] = OrderedDict()
        self._muted = QBrush(QColor(MUTED))
        self.page_loads = 0  # for tests and the benchmark: SQL page queries issued

    # -- what the view asks ------------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr(COLUMNS[section][0])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _ALIGN_CENTRE if section == COL_HEADCOUNT else _ALIGN_LEFT
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole and section >= 0:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._count or index.column() >= len(COLUMNS):
            return None
        if role not in _ROLES:
            return None
        row = self.row(index.row())
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        column = index.column()
        if role == ROW_ROLE:
            return row
        if role == NUMBER_ROLE:
            return row.number
        if role == LEVEL_ROLE:
            return row.level
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN_CENTRE if column in (COL_HEADCOUNT, COL_CHANNEL) else _ALIGN_LEFT
        if column == COL_CLOCK and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            level = row.level
            colours = level_colours(level) if level and level != "normal" else None
            if colours is None:
                return None
            return QBrush(colours[0] if role == Qt.ItemDataRole.BackgroundRole else colours[1])
        if role == Qt.ItemDataRole.ForegroundRole and column in (COL_NUMBER, COL_CLERK):
            return self._muted
        return None

    def _display(self, row: LedgerRow, column: int) -> str:
        if column == COL_NUMBER:
            return row.number
        if column == COL_RECEIVED:
            return row.received_at
        if column == COL_CHANNEL:
            return labels.label(row.channel_label)
        if column == COL_PETITIONER:
            name = row.name or ""
            # A complainant's identity is withheld by the service (条例 art 30); say so in a word that fits.
            return self.tr("（保密）") if name.startswith("（") and "保密" in name else name
        if column == COL_HEADCOUNT:
            return str(row.headcount)
        if column == COL_SUMMARY:
            return (row.summary or "").replace("\n", " ")
        if column == COL_STATUS:
            return labels.label(row.status_label)
        if column == COL_UNIT:
            return row.handling_unit or ""
        if column == COL_CLOCK:
            return clock_text(row)
        return row.clerk or ""

    def _tooltip(self, row: LedgerRow, column: int) -> str | None:
        if column == COL_PETITIONER:
            lines = [row.name or ""]
            if row.id_number:
                lines.append(self.tr("证件号 {0}").format(row.id_number))
            if row.phone:
                lines.append(self.tr("电话 {0}").format(row.phone))
            if row.collective:
                lines.append(self.tr("集体访 {0} 人").format(row.headcount))
            return "\n".join(lines)
        if column == COL_SUMMARY:
            return row.summary
        if column == COL_CLOCK and row.due:
            kind = _clock_label(row.clock_kind)
            return self.tr("{0}：{1}（{2}）").format(kind, clock_text(row), labels.label(row.level_label or ""))
        if column == COL_NUMBER and row.is_repeat:
            return self.tr("{0}（重件）").format(row.number)
        return None

    # -- paging ------------------------------------------------------------------------------------------------

    def row(self, row: int) -> LedgerRow | None:
        """The row at ``row`` (loads its page when it is not cached); None past the end."""
        if not 0 <= row < self._count:
            return None
        page_no, offset = divmod(row, self.PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            page = self._load(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def _load(self, page_no: int) -> list[LedgerRow]:
        rows = self._ledger.ledger_page(
            self._filter,
            offset=page_no * self.PAGE_SIZE,
            limit=self.PAGE_SIZE,
            sort=self._sort_key,
            descending=self._descending,
            viewer=self.viewer,
            count=self._count,
        )
        self.page_loads += 1
        self._remember(page_no, rows)
        return rows

    def _remember(self, page_no: int, rows: list[LedgerRow]) -> None:
        self._pages[page_no] = rows
        self._pages.move_to_end(page_no)
        while len(self._pages) > self.CACHE_PAGES:
            self._pages.popitem(last=False)

    def cached_pages(self) -> list[int]:
        return list(self._pages)

    # -- filter and sort ---------------------------------------------------------------------------------------

    @property
    def ledger_filter(self) -> LedgerFilter:
        return replace(self._filter)

    @property
    def sort_key(self) -> str:
        return self._sort_key

    @property
    def descending(self) -> bool:
        return self._descending

    def filtered_count(self) -> int:
        return self._count

    def set_filter(
        self,
        f: LedgerFilter,
        *,
        count: int | None = None,
        first_page: list[LedgerRow] | None = None,
        sort: tuple[str, bool] | None = None,
    ) -> None:
        """Show the rows matching ``f`` (in the order ``sort`` = (SORT_KEYS key, descending) when given).

        ``count`` and ``first_page`` may come from a background query (the view runs them off the GUI thread);
        without them the model asks the service itself.
        """
        total = count if count is not None else self._ledger.ledger_count(f, viewer=self.viewer)
        self.beginResetModel()
        if sort is not None:
            self._sort_key = sort[0] if sort[0] in SORT_KEYS else "id"
            self._descending = bool(sort[1])
        self._filter = replace(f)
        self._count = int(total)
        self._pages.clear()
        if first_page is not None:
            self._remember(0, list(first_page))
        self.endResetModel()

    def set_sort(self, key: str, descending: bool, *, first_page: list[LedgerRow] | None = None) -> None:
        """Order rows by a SORT_KEYS key; the count does not change, so only the cache goes."""
        self.beginResetModel()
        self._sort_key = key if key in SORT_KEYS else "id"
        self._descending = descending
        self._pages.clear()
        if first_page is not None:
            self._remember(0, list(first_page))
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Column -1 is Qt's "no sort column": back to registration order, newest first.
        if 0 <= column < len(COLUMNS):
            key, descending = COLUMNS[column][1], order == Qt.SortOrder.DescendingOrder
        else:
            key, descending = "id", True
        if key == self._sort_key and descending == self._descending:
            return
        self.set_sort(key, descending)

    def reload(self, *, count: int | None = None) -> None:
        """Re-read the count and drop cached pages (after an action changed a matter)."""
        self.set_filter(self._filter, count=count)

    def row_of(self, number: str) -> int | None:
        """The row of matter ``number`` among the cached pages (to keep the selection after a refresh)."""
        for page_no, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.number == number:
                    return page_no * self.PAGE_SIZE + offset
        return None


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        ROW_ROLE,
        NUMBER_ROLE,
        LEVEL_ROLE,
    }
)
