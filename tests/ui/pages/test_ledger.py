"""The ledger table: the windowed model against the ledger service, and the page's chips, count and keys."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QInputMethodEvent
from PySide6.QtWidgets import QApplication

from reception.domain.ledger import LedgerFilter
from reception.domain.views import LedgerRow
from reception.ui.models.ledger import (
    COL_CLOCK,
    COL_HEADCOUNT,
    COL_NUMBER,
    COL_PETITIONER,
    COL_RECEIVED,
    COL_STATUS,
    COL_UNIT,
    COLUMNS,
    LEVEL_ROLE,
    NUMBER_ROLE,
    ROW_ROLE,
    LedgerModel,
)
from reception.ui.pages import ledger as ledger_view_module
from reception.ui.pages.ledger import LedgerView
from reception.ui.theme import LEVEL_COLOURS

DEMO_CASES = 3000


@pytest.fixture(scope="module")
def demo_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A 3,000-matter demo ledger (every state, every warning level), shared read-only by this module."""
    from reception.services.context import open_services
    from reception.services.demo import generate

    path = tmp_path_factory.mktemp("ledger") / "demo.db"
    generate(str(path), DEMO_CASES, seed=1)
    services = open_services(path)
    yield services
    services.close()


@pytest.fixture
def ledger(demo_services: Any) -> Any:
    return demo_services.ledger


def numbers(rows: list[LedgerRow]) -> list[str]:
    return [r.number for r in rows]


def model_numbers(model: LedgerModel, start: int = 0, count: int | None = None) -> list[str]:
    end = model.rowCount() if count is None else min(model.rowCount(), start + count)
    return [model.index(r, COL_NUMBER).data(NUMBER_ROLE) for r in range(start, end)]


def commit_text(widget: Any, text: str) -> None:
    """Type Chinese the way an input method does (qtbot.keyClicks aborts on non-ASCII: DESIGN.md)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def wait_loaded(qtbot: Any, view: LedgerView, action: Any) -> None:
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        action()


@pytest.fixture
def view(qtbot: Any, demo_services: Any) -> LedgerView:
    widget = LedgerView(demo_services)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    qtbot.waitUntil(lambda: not widget.is_busy() and widget.model.rowCount() > 0, timeout=10_000)
    return widget


# -- the model --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "f",
    [LedgerFilter(), LedgerFilter(statuses=("registered", "accepted")), LedgerFilter(text="不存在的摘要片段甲乙丙")],
    ids=["all", "statuses", "empty"],
)
def test_model_passes_qabstractitemmodeltester(qtmodeltester: Any, ledger: Any, f: LedgerFilter) -> None:
    model = LedgerModel(ledger)
    model.set_filter(f)
    assert model.rowCount() == ledger.ledger_count(f)
    qtmodeltester.check(model)
    # The tester keeps watching: resets by a new filter and by sorting must be well-formed too.
    model.set_filter(LedgerFilter(channels=("visit",)))
    model.sort(COL_CLOCK, Qt.SortOrder.AscendingOrder)
    model.reload()
    assert model.rowCount() == ledger.ledger_count(LedgerFilter(channels=("visit",)))


def test_model_loads_pages_on_demand_with_a_small_cache(ledger: Any) -> None:
    model = LedgerModel(ledger)
    model.set_filter(LedgerFilter())
    assert model.page_loads == 0
    last = model.index(DEMO_CASES - 1, COL_NUMBER).data(NUMBER_ROLE)
    assert model.page_loads == 1
    assert last == ledger.ledger_page(LedgerFilter(), offset=DEMO_CASES - 1, limit=1)[0].number
    model.index(DEMO_CASES - 2, COL_NUMBER).data()
    assert model.page_loads == 1  # same page, from the cache
    for row in range(0, DEMO_CASES, 100):
        model.index(row, COL_NUMBER).data()
    assert model.page_loads == 1 + DEMO_CASES // model.PAGE_SIZE
    assert len(model.cached_pages()) == model.CACHE_PAGES
    row = model.index(1234, 0).data(ROW_ROLE)
    assert row == ledger.ledger_page(LedgerFilter(), offset=1234, limit=1)[0]
    assert model.index(0, COL_NUMBER).parent().isValid() is False
    assert model.rowCount(model.index(0, 0)) == 0


@pytest.mark.parametrize(
    "column", [COL_NUMBER, COL_RECEIVED, COL_PETITIONER, COL_HEADCOUNT, COL_STATUS, COL_UNIT, COL_CLOCK]
)
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sorting_matches_the_service(ledger: Any, column: int, order: Qt.SortOrder) -> None:
    model = LedgerModel(ledger)
    f = LedgerFilter(statuses=("accepted", "assigned", "supervised", "extended", "registered"))
    model.set_filter(f)
    model.sort(column, order)
    key, descending = COLUMNS[column][1], order == Qt.SortOrder.DescendingOrder
    assert (model.sort_key, model.descending) == (key, descending)
    for offset in (0, 250, model.rowCount() - 30):
        expected = numbers(ledger.ledger_page(f, offset=offset, limit=30, sort=key, descending=descending))
        assert model_numbers(model, offset, 30) == expected
    # The order is real: the sorted column's values are monotonic over the first page (names are not: a
    # complainant's is shown as 信访人信息保密 but sorted by the stored name).
    if key == "name":
        return
    values = [model.index(r, 0).data(ROW_ROLE) for r in range(200)]
    field = {
        "number": "number",
        "received_at": "received_at",
        "name": "name",
        "headcount": "headcount",
        "status": "status",
        "handling_unit": "handling_unit",
        "due": "due",
    }[key]
    seq = [getattr(v, field) for v in values if getattr(v, field) is not None]
    assert seq == sorted(seq, reverse=descending)


def test_sort_column_minus_one_is_registration_order(ledger: Any) -> None:
    model = LedgerModel(ledger)
    model.set_filter(LedgerFilter())
    model.sort(COL_UNIT, Qt.SortOrder.AscendingOrder)
    model.sort(-1)
    ids = [model.index(r, 0).data(ROW_ROLE).id for r in range(5)]
    assert ids == sorted(ids, reverse=True) and ids[0] == DEMO_CASES


FILTERS = [
    LedgerFilter(statuses=("registered",)),
    LedgerFilter(statuses=("closed", "replied")),
    LedgerFilter(levels=("overdue",)),
    LedgerFilter(levels=("warn", "alert")),
    LedgerFilter(channels=("letter",)),
    LedgerFilter(date_from=date.today() - timedelta(days=90), date_to=date.today()),
    LedgerFilter(clerk="王警官", channels=("visit", "phone")),
    LedgerFilter(handling_unit="××派出所"),
    LedgerFilter(text="宅基地"),
    LedgerFilter(text="王"),
]


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: repr({k: v for k, v in vars(f).items() if v}))
def test_filters_reduce_rows_like_the_service(ledger: Any, f: LedgerFilter) -> None:
    model = LedgerModel(ledger)
    model.set_filter(f)
    count = ledger.ledger_count(f)
    assert 0 < model.rowCount() == count < DEMO_CASES
    expected = numbers(ledger.ledger_page(f, offset=0, limit=400))
    assert model_numbers(model, 0, 400) == expected
    for r in range(min(count, 400)):
        row = model.index(r, 0).data(ROW_ROLE)
        if f.statuses:
            assert row.status in f.statuses
        if f.levels:
            assert row.level in f.levels
        if f.channels:
            assert row.channel in f.channels
        if f.clerk:
            assert row.clerk == f.clerk
        if f.handling_unit:
            assert row.handling_unit == f.handling_unit
        if f.date_from:
            assert f.date_from.isoformat() <= row.received_at[:10] <= f.date_to.isoformat()


@pytest.mark.parametrize(
    "level, word", [("warn", "预警"), ("alert", "警告"), ("severe", "严重警告"), ("overdue", "超期")]
)
def test_clock_column_has_level_colour_and_word(ledger: Any, level: str, word: str) -> None:
    model = LedgerModel(ledger)
    model.set_filter(LedgerFilter(levels=(level,)))
    assert model.rowCount() > 0
    for r in range(min(20, model.rowCount())):
        index = model.index(r, COL_CLOCK)
        assert index.data(LEVEL_ROLE) == level
        text = index.data()
        assert text.endswith(word), text  # colour plus a word, never colour alone
        assert text.startswith(index.data(ROW_ROLE).due)
        days = index.data(ROW_ROLE).days_left
        assert (f"剩 {days} 天" in text) if days > 0 else (f"超 {-days} 天" in text or "今日到期" in text)
        background = index.data(Qt.ItemDataRole.BackgroundRole).color()
        foreground = index.data(Qt.ItemDataRole.ForegroundRole).color()
        assert background == QColor(LEVEL_COLOURS[level][0])
        assert foreground == QColor(LEVEL_COLOURS[level][1])
        # other columns of the row keep the table's colours
        assert model.index(r, COL_STATUS).data(Qt.ItemDataRole.BackgroundRole) is None
    if level == "overdue":
        assert foreground == QColor("#ffffff")


def test_normal_and_stopped_clocks_are_not_coloured(ledger: Any) -> None:
    model = LedgerModel(ledger)
    model.set_filter(LedgerFilter(levels=("normal",)))
    index = model.index(0, COL_CLOCK)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is None
    assert "剩" in index.data() and "正常" not in index.data()
    model.set_filter(LedgerFilter(statuses=("closed",)))
    index = model.index(0, COL_CLOCK)
    assert index.data() == "" and index.data(Qt.ItemDataRole.BackgroundRole) is None


def test_petitioner_tooltip_has_the_masked_id_only(ledger: Any) -> None:
    model = LedgerModel(ledger)
    model.set_filter(LedgerFilter())
    # the newest row whose petitioner shows (a 检举控告 complainant is hidden from this viewer)
    r = next(r for r in range(model.rowCount()) if not model.index(r, 0).data(ROW_ROLE).confidential)
    row = model.index(r, 0).data(ROW_ROLE)
    tip = model.index(r, COL_PETITIONER).data(Qt.ItemDataRole.ToolTipRole)
    assert row.name in tip and row.id_number in tip and "********" in tip


# -- the view ---------------------------------------------------------------------------------------------------


def test_count_label_shows_total_and_filtered(qtbot: Any, view: LedgerView, ledger: Any) -> None:
    assert view.count_text() == "共 3,000 件"
    wait_loaded(qtbot, view, lambda: view.status_chip.set_selected(("registered", "accepted")))
    expected = ledger.ledger_count(LedgerFilter(statuses=("registered", "accepted")))
    assert view.count_text() == f"共 3,000 件，筛选后 {expected:,} 件"
    assert view.model.rowCount() == expected
    assert view.clear_button.isVisible() or not view.isVisible()
    wait_loaded(qtbot, view, view.clear_button.click)
    assert view.count_text() == "共 3,000 件"


def test_chips_combine_into_one_sql_filter(qtbot: Any, view: LedgerView, ledger: Any) -> None:
    wait_loaded(qtbot, view, lambda: view.channel_chip.set_selected(("visit",)))
    wait_loaded(qtbot, view, lambda: view.date_chip.set_range(date.today() - timedelta(days=365), date.today()))
    qtbot.waitUntil(lambda: len(view.clerk_chip.selected()) == 0 and len(view.clerk_chip._actions()) > 0)
    wait_loaded(qtbot, view, lambda: view.clerk_chip.set_selected(("李警官",)))
    f = LedgerFilter(
        channels=("visit",), date_from=date.today() - timedelta(days=365), date_to=date.today(), clerk="李警官"
    )
    assert view.current_filter() == f
    assert view.model.rowCount() == ledger.ledger_count(f) > 0
    assert model_numbers(view.model, 0, 50) == numbers(ledger.ledger_page(f, offset=0, limit=50))
    assert "李警官" in view.clerk_chip.text() and view.clerk_chip.property("active") is True


def test_search_box_filters_in_sql(qtbot: Any, view: LedgerView, ledger: Any) -> None:
    name = next(
        row.name for row in (view.model.index(r, 0).data(ROW_ROLE) for r in range(5, 50)) if row.category != "complaint"
    )  # a complainant's name is hidden (条例 art 30)
    view.search.setFocus()
    commit_text(view.search, name)
    assert view.search.text() == name
    wait_loaded(qtbot, view, lambda: qtbot.keyClick(view.search, Qt.Key.Key_Return))
    expected = ledger.ledger_count(LedgerFilter(text=name))
    assert view.model.rowCount() == expected >= 1
    assert view.count_text() == f"共 3,000 件，筛选后 {expected:,} 件"


def test_typing_in_search_is_debounced(qtbot: Any, view: LedgerView, ledger: Any) -> None:
    qtbot.keyClicks(view.search, "2026-01-0001")
    with qtbot.waitSignal(view.loaded, timeout=5000):
        pass
    assert view.model.rowCount() == ledger.ledger_count(LedgerFilter(text="2026-01-0001"))


def test_set_levels_for_the_supervision_board(qtbot: Any, view: LedgerView, ledger: Any) -> None:
    wait_loaded(qtbot, view, lambda: view.set_levels(("severe", "overdue")))
    assert view.level_chip.selected() == ("severe", "overdue")
    assert view.model.rowCount() == ledger.ledger_count(LedgerFilter(levels=("severe", "overdue")))
    assert {view.model.index(r, 0).data(LEVEL_ROLE) for r in range(view.model.rowCount())} <= {"severe", "overdue"}


def test_enter_and_double_click_open_the_matter(qtbot: Any, view: LedgerView) -> None:
    view.show()
    qtbot.waitExposed(view)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(3, COL_STATUS))
    expected = view.model.index(3, 0).data(NUMBER_ROLE)
    with qtbot.waitSignal(view.matter_activated, timeout=2000) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == [expected]
    rect = view.table.visualRect(view.model.index(6, COL_STATUS))
    with qtbot.waitSignal(view.matter_activated, timeout=2000) as blocker:
        # a real double-click: press and release, then the double-click event on the same row
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [view.model.index(6, 0).data(NUMBER_ROLE)]


def test_clicking_a_header_sorts_in_sql(qtbot: Any, view: LedgerView, ledger: Any) -> None:
    view.show()
    qtbot.waitExposed(view)
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_CLOCK) + header.sectionSize(COL_CLOCK) // 2
    wait_loaded(
        qtbot,
        view,
        lambda: qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)),
    )
    key, descending = view.model.sort_key, view.model.descending
    assert key == "due"
    assert model_numbers(view.model, 0, 40) == numbers(
        ledger.ledger_page(LedgerFilter(), offset=0, limit=40, sort="due", descending=descending)
    )
    wait_loaded(
        qtbot,
        view,
        lambda: qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)),
    )
    assert view.model.descending is not descending


def test_refresh_keeps_filter_and_sees_new_counts(qtbot: Any, view: LedgerView) -> None:
    wait_loaded(qtbot, view, lambda: view.status_chip.set_selected(("registered",)))
    before = view.model.rowCount()
    view.table.setCurrentIndex(view.model.index(2, 0))
    number = view.model.index(2, 0).data(NUMBER_ROLE)
    wait_loaded(qtbot, view, view.refresh)
    assert view.model.rowCount() == before
    assert view.table.currentIndex().data(NUMBER_ROLE) == number


class _SlowLedger:
    """The real service, with a count that takes a while (a text filter over a million matters)."""

    def __init__(self, ledger: Any, delay: float) -> None:
        self._ledger = ledger
        self.delay = delay

    def ledger_count(self, f: LedgerFilter, **kwargs: Any) -> int:
        time.sleep(self.delay if not f.is_empty() else 0)
        return self._ledger.ledger_count(f, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ledger, name)


class _Services:
    def __init__(self, ledger: Any) -> None:
        self.ledger = ledger


def test_slow_query_shows_busy_and_only_the_last_filter_wins(
    qtbot: Any, demo_services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_view_module, "BUSY_DELAY_MS", 50)
    slow = _SlowLedger(demo_services.ledger, 0.6)
    view = LedgerView(_Services(slow))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=10_000)
    started = time.perf_counter()
    view.status_chip.set_selected(("closed",))
    view.status_chip.set_selected(("registered",))  # the clerk changed their mind at once
    assert time.perf_counter() - started < 0.3  # the GUI thread never waited for SQL
    qtbot.waitUntil(view.busy.isVisible, timeout=2000)
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=10_000)
    assert not view.busy.isVisible()
    assert view.model.rowCount() == demo_services.ledger.ledger_count(LedgerFilter(statuses=("registered",)))
    assert view.model.ledger_filter.statuses == ("registered",)


def test_query_error_is_shown_inline(qtbot: Any, demo_services: Any) -> None:
    class Broken(_SlowLedger):
        def ledger_count(self, f: LedgerFilter, **kwargs: Any) -> int:
            if f.text:
                raise ValueError("数据库暂时无法访问")
            return self._ledger.ledger_count(f, **kwargs)

    view = LedgerView(_Services(Broken(demo_services.ledger, 0)))
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=10_000)
    view.search.setText("abc")
    wait_loaded(qtbot, view, view._on_search_return)
    assert "数据库暂时无法访问" in view.error_label.text() and not view.error_label.isHidden()
    assert view.model.rowCount() == DEMO_CASES  # the previous rows stay


def test_the_usual_filters_still_fit_a_1366_pixel_screen(view: LedgerView) -> None:
    """Status, time limit, channel and a date range chosen: the chips elide, never widen the desk past 1366 px;
    each says in full what it filters in its tooltip."""
    view.show()
    view.status_chip.set_selected(("registered", "accepted", "assigned"))
    view.level_chip.set_selected(("warn", "alert"))
    view.channel_chip.set_selected(("visit", "letter"))
    today = date.today()
    view.date_chip.set_range(today.replace(month=1, day=1), today)
    assert view.minimumSizeHint().width() <= 1366 - 40  # the main window's margins around the page
    assert "…" in view.status_chip.text() and view.status_chip.text().endswith(" ▾")
    assert view.status_chip.toolTip().count("、") == 2  # all three statuses, unelided
    assert str(today.year) in view.date_chip.toolTip() and "…" not in view.date_chip.text()
    assert str(today.year) not in view.date_chip.text()  # this year's dates as month-day
