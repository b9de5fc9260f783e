"""The statistics page and the supervision board: figures on screen, drill-down filters, Ctrl+D 督办."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDateTime, QPointF, Qt, QTime

from reception.domain.codes import FINISHED_STATUSES
from reception.domain.ledger import DrillDown, LedgerFilter
from reception.domain.roles import Principal, Role
from reception.domain.views import BoardCounts, LevelCounts
from tests.actors import admin

SUPERVISOR = Principal("李科长", Role.SUPERVISOR)


def _register(services, sample_registration, when: str, **fields) -> str:
    return services.ledger.register(sample_registration(received_at=when, **fields), actor=admin("李四")).number


def _act(services, number: str, action: str, when: str, **params) -> None:
    services.ledger.act(number, action, params, actor=SUPERVISOR, at=datetime.fromisoformat(when))


# -- the dashboard ------------------------------------------------------------------------------------------


@pytest.fixture
def july(services, sample_registration):
    """July 2026 (本月 under the fixed clock): 4 matters, 9 persons; 同比 July 2025: 1; 环比 June 2026: 1.

    J1 visit: accepted, replied, 满意, closed.  J2 letter: nothing yet.  J3 visit, collective of 6: referred to
    12345.  J4 phone: answered on the spot.  3 of 4 finished (75%), all in time; 1 rated of 2 replied (50%).
    """
    services.ledger.clock = lambda: datetime(2026, 7, 20, 12, 0)
    n = {}
    n["J1"] = _register(services, sample_registration, "2026-07-02T09:00")
    n["J2"] = _register(services, sample_registration, "2026-07-05T09:00", channel="letter")
    n["J3"] = _register(services, sample_registration, "2026-07-06T09:00", headcount=6, collective=True)
    n["J4"] = _register(services, sample_registration, "2026-07-08T09:00", channel="phone", purpose="inquiry")
    _register(services, sample_registration, "2025-07-10T09:00")
    _register(services, sample_registration, "2026-06-15T09:00", channel="online")
    _act(services, n["J1"], "accept", "2026-07-03T09:00")
    _act(services, n["J1"], "reply", "2026-07-10T09:00", outcome="support", text="予以支持。")
    _act(services, n["J1"], "return-visit", "2026-07-11T09:00", satisfaction="satisfied")
    _act(services, n["J1"], "close", "2026-07-12T09:00")
    _act(services, n["J3"], "refer", "2026-07-07T09:00", to="12345")
    _act(services, n["J4"], "answer", "2026-07-08T09:30", text="已当场解答。")
    return services, n


@pytest.fixture
def dashboard(qtbot, july):
    from reception.ui.pages.dashboard import Dashboard

    services, _ = july
    widget = Dashboard(services)
    qtbot.addWidget(widget)
    widget.resize(1366, 720)
    with qtbot.waitSignal(widget.updated, timeout=15000):
        widget.show()  # the first show computes the default period (本月)
    return widget


def test_this_month_is_the_default_and_figures_show(dashboard):
    assert dashboard.preset.currentData() == "this_month"
    assert dashboard.period().start == date(2026, 7, 1) and dashboard.period().end == date(2026, 7, 31)
    assert not dashboard.date_from.isEnabled()
    report = dashboard.report
    assert (report.matters, report.persons) == (4, 9)
    tiles = dashboard._tiles
    values = {key: tile.value.text() for key, tile in tiles.items()}
    assert values["matters"] == "4" and values["persons"] == "9"
    assert values["closure_rate"] == "75.0%"
    assert values["on_time_acceptance_rate"] == "100.0%" and values["on_time_closure_rate"] == "100.0%"
    assert values["satisfaction_rate"] == "100.0%" and values["rating_rate"] == "50.0%"
    assert values["collective_matters"] == "1"
    assert tiles["matters"].foot.text() == "同比 +300.0%\n环比 +300.0%"
    assert "3 ÷ 4" in tiles["closure_rate"].toolTip()
    assert "同比 2025-07-01～2025-07-31" in dashboard.periods_label.text()
    assert "环比 2026-06-01～2026-06-30" in dashboard.periods_label.text()


def test_breakdown_tables_and_charts(dashboard):
    status = dashboard._tables["status"]
    rows = {status.item(r, 0).text(): status.item(r, 1).text() for r in range(status.rowCount())}
    assert rows == {"已登记": "1", "已转送": "1", "当场答复": "1", "已办结": "1"}
    sizes = dashboard._tables["collective_size"]
    assert [sizes.item(r, 1).text() for r in range(sizes.rowCount())] == ["0", "1", "0", "0", "0", "0"]
    bars = dashboard.bar_view.chart().series()[0]
    now, year, before = bars.barSets()
    assert [now.at(i) for i in range(5)] == [2, 1, 1, 0, 0]
    assert [year.at(i) for i in range(5)] == [1, 0, 0, 0, 0]
    assert [before.at(i) for i in range(5)] == [0, 0, 0, 1, 0]
    lines = dashboard.line_view.chart().series()
    current = next(s for s in lines if s.name() == "本期")
    assert current.count() == 20 and sum(p.y() for p in current.points()) == 4  # up to today (07-20)
    earlier = next(s for s in lines if s.name() != "本期")
    assert earlier.count() == 31 and sum(p.y() for p in earlier.points()) == 1


def test_tiles_drill_down(dashboard, qtbot):
    with qtbot.waitSignal(dashboard.matters_requested) as blocker:
        qtbot.mouseClick(dashboard._tiles["matters"], Qt.MouseButton.LeftButton)
    f = blocker.args[0]
    assert isinstance(f, LedgerFilter)
    assert (f.date_from, f.date_to, f.statuses, f.channels) == (date(2026, 7, 1), date(2026, 7, 31), (), ())
    assert dashboard.services.ledger.ledger_count(f) == 4
    with qtbot.waitSignal(dashboard.matters_requested) as blocker:
        qtbot.mouseClick(dashboard._tiles["closure_rate"], Qt.MouseButton.LeftButton)
    assert set(blocker.args[0].statuses) == {s.value for s in FINISHED_STATUSES}
    assert dashboard.services.ledger.ledger_count(blocker.args[0]) == 3
    dashboard._tiles["collective_matters"].setFocus()
    with qtbot.waitSignal(dashboard.matters_requested) as blocker:
        qtbot.keyClick(dashboard._tiles["collective_matters"], Qt.Key.Key_Return)
    assert blocker.args[0].drill == DrillDown(collective=True)
    assert dashboard.services.ledger.ledger_count(blocker.args[0]) == 1


def test_bars_drill_down_to_their_own_period(dashboard, qtbot):
    now, year, _ = dashboard.bar_view.chart().series()[0].barSets()
    with qtbot.waitSignal(dashboard.matters_requested) as blocker:
        now.clicked.emit(1)
    assert blocker.args[0].channels == ("letter",)
    assert (blocker.args[0].date_from, blocker.args[0].date_to) == (date(2026, 7, 1), date(2026, 7, 31))
    with qtbot.waitSignal(dashboard.matters_requested) as blocker:
        year.clicked.emit(0)
    f = blocker.args[0]
    assert f.channels == ("visit",) and (f.date_from, f.date_to) == (date(2025, 7, 1), date(2025, 7, 31))
    assert dashboard.services.ledger.ledger_count(f) == 1


def test_table_row_and_trend_point_drill_down(dashboard, qtbot):
    table = dashboard._tables["status"]
    dashboard.tabs.setCurrentWidget(table)
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "已转送")
    table.setCurrentCell(row, 0)
    table.setFocus()
    with qtbot.waitSignal(dashboard.matters_requested) as blocker:
        table.itemActivated.emit(table.item(row, 2))
    assert blocker.args[0].statuses == ("referred",)
    current = next(s for s in dashboard.line_view.chart().series() if s.name() == "本期")
    x = QDateTime(date(2026, 7, 6), QTime(15, 0)).toMSecsSinceEpoch()
    with qtbot.waitSignal(dashboard.matters_requested) as blocker:
        current.clicked.emit(QPointF(x, 1))
    f = blocker.args[0]
    assert (f.date_from, f.date_to) == (date(2026, 7, 6), date(2026, 7, 6))
    assert dashboard.services.ledger.ledger_count(f) == 1


def test_presets_and_custom_period(dashboard, qtbot):
    with qtbot.waitSignal(dashboard.updated, timeout=15000) as blocker:
        dashboard.preset.setCurrentIndex(dashboard.preset.findData("last_month"))
    assert blocker.args[0].period.start == date(2026, 6, 1) and blocker.args[0].matters == 1
    with qtbot.waitSignal(dashboard.updated, timeout=15000) as blocker:
        dashboard.preset.setCurrentIndex(dashboard.preset.findData("this_year"))
    assert blocker.args[0].matters == 5
    assert blocker.args[0].previous_period.period.to_dict() == {"from": "2025-01-01", "to": "2025-12-31", "days": 365}
    with qtbot.waitSignal(dashboard.updated, timeout=15000) as blocker:
        dashboard.set_period(date(2026, 7, 5), date(2026, 7, 6))
    assert dashboard.preset.currentData() == "custom" and dashboard.date_from.isEnabled()
    assert blocker.args[0].matters == 2


def test_export_writes_the_chosen_file(dashboard, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "统计.xlsx"
    monkeypatch.setattr(dashboard, "export_path", lambda: str(target))
    dashboard.export_button.click()
    qtbot.waitUntil(lambda: "已导出" in dashboard.busy.text(), timeout=15000)
    assert target.exists() and target.stat().st_size > 1000


# -- the supervision board ----------------------------------------------------------------------------------


@pytest.fixture
def board_ledger(services, sample_registration):
    """Wednesday 2026-07-01 12:00.  Notify clocks run 15 days from receipt (window of 16 days):

    S1 06-25 normal · S2 06-20 预警 (due 07-05) · S8 06-18 警告 (07-03) · S3 06-17 严重警告 (07-02) ·
    S4 06-01 and S7 06-14 超期 · S5 assigned 06-12 with feedback due 07-03: 严重警告 on that clock ·
    S10 supervised, feedback due 07-20 · S6 and S11 replied (awaiting a return visit).
    """
    services.ledger.clock = lambda: datetime(2026, 7, 1, 12, 0)
    n = {}
    for key, when in (
        ("S4", "2026-06-01T09:00"),
        ("S11", "2026-06-02T09:00"),
        ("S5", "2026-06-05T09:00"),
        ("S10", "2026-06-06T09:00"),
        ("S6", "2026-06-08T09:00"),
        ("S7", "2026-06-14T10:00"),
        ("S3", "2026-06-17T09:00"),
        ("S8", "2026-06-18T09:00"),
        ("S2", "2026-06-20T09:00"),
        ("S1", "2026-06-25T09:00"),
    ):
        n[key] = _register(services, sample_registration, when)
    _act(services, n["S11"], "accept", "2026-06-03T09:00")
    _act(services, n["S11"], "reply", "2026-06-20T09:00", outcome="support", text="予以支持。")
    _act(services, n["S6"], "accept", "2026-06-09T09:00")
    _act(services, n["S6"], "reply", "2026-06-28T09:00", outcome="explain", text="解释说明。")
    _act(services, n["S5"], "accept", "2026-06-10T09:00")
    _act(services, n["S5"], "assign", "2026-06-12T09:00", to="××派出所", due="2026-07-03")
    _act(services, n["S10"], "accept", "2026-06-10T09:00")
    _act(services, n["S10"], "assign", "2026-06-15T09:00", to="××派出所", due="2026-07-20")
    _act(services, n["S10"], "supervise", "2026-06-25T09:00", note="请按期反馈。")
    return services, n


@pytest.fixture
def board(qtbot, board_ledger):
    from reception.ui.pages.supervision import SupervisionBoard

    services, _ = board_ledger
    widget = SupervisionBoard(services, SUPERVISOR)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    with qtbot.waitSignal(widget.updated, timeout=15000):
        widget.show()
    return widget


def _numbers(board) -> list[str]:
    return [board.table.item(r, 0).text() for r in range(board.table.rowCount())]


def _select_section(board, qtbot, key: str):
    with qtbot.waitSignal(board.updated, timeout=15000) as blocker:
        board.set_section(key)
    return blocker.args[0]


def test_counts_by_level_and_section(board, board_ledger):
    _, n = board_ledger
    assert board.level_counts == LevelCounts(warn=1, alert=1, severe=2, overdue=2)
    assert board.counts == BoardCounts(levels=6, week=4, return_visit=2, feedback=2)
    assert board._chips["overdue"].text() == "超期 2"
    assert board.sections.item(1).text() == "本周到期　4"
    # most urgent first: by due day
    assert _numbers(board) == [n["S4"], n["S7"], n["S3"], n["S5"], n["S8"], n["S2"]]
    levels = [board.table.item(r, 8).text() for r in range(board.table.rowCount())]
    assert levels == ["超期", "超期", "严重警告", "严重警告", "警告", "预警"]


def test_level_chips_filter(board, board_ledger, qtbot):
    _, n = board_ledger
    for level in ("warn", "alert", "severe"):
        with qtbot.waitSignal(board.updated, timeout=15000):
            board._chips[level].setChecked(False)
    assert _numbers(board) == [n["S4"], n["S7"]]


def test_week_return_visit_and_feedback_lists(board, board_ledger, qtbot):
    _, n = board_ledger
    _select_section(board, qtbot, "week")
    assert _numbers(board) == [n["S3"], n["S5"], n["S8"], n["S2"]]
    assert board.table.horizontalHeaderItem(6).text() == "当前时限"
    _select_section(board, qtbot, "return_visit")
    assert _numbers(board) == [n["S11"], n["S6"]]  # oldest reply first
    assert board.table.horizontalHeaderItem(6).text() == "答复时间"
    _select_section(board, qtbot, "feedback")
    assert _numbers(board) == [n["S5"], n["S10"]]
    assert board.table.item(0, 6).text() == "2026-07-03" and board.table.item(0, 7).text() == "2 天"
    assert board.table.item(1, 9).text() == "1"  # S10 supervised once


def test_ctrl_d_records_a_supervision(board, board_ledger, qtbot, monkeypatch):
    from reception.ui.pages.supervision import SuperviseNoteDialog

    services, n = board_ledger
    _select_section(board, qtbot, "feedback")
    board.select_number(n["S5"])
    asked = []
    monkeypatch.setattr(
        SuperviseNoteDialog,
        "get_note",
        classmethod(
            lambda cls, number, summary="", parent=None: (asked.append(number) or "请三日内反馈办理情况。", True)
        ),
    )
    board.table.setFocus()
    with qtbot.waitSignal(board.supervised) as blocker, qtbot.waitSignal(board.updated, timeout=15000):
        qtbot.keyClick(board.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [n["S5"]] and asked == [n["S5"]]
    matter = services.ledger.get(n["S5"])
    assert matter.status.value == "supervised" and matter.supervision_count == 1
    assert matter.events[-1].kind == "supervise" and matter.events[-1].payload == {"note": "请三日内反馈办理情况。"}
    assert matter.events[-1].actor == "李科长"
    assert "已督办" in board.message.text()
    assert board.current_number() == n["S5"]


def test_ctrl_d_on_a_matter_that_cannot_be_supervised_says_why(board, board_ledger, qtbot, monkeypatch):
    from reception.ui.pages.supervision import SuperviseNoteDialog

    services, n = board_ledger
    board.select_number(n["S4"])  # still 已登记
    monkeypatch.setattr(SuperviseNoteDialog, "get_note", classmethod(lambda cls, *a, **k: ("催办。", True)))
    board.table.setFocus()
    qtbot.keyClick(board.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "不能督办" in board.message.text(), timeout=5000)  # recorded on a worker thread
    assert [e.kind for e in services.ledger.get(n["S4"]).events] == ["register"]


def test_cancelled_dialog_records_nothing(board, board_ledger, qtbot, monkeypatch):
    from reception.ui.pages.supervision import SuperviseNoteDialog

    services, n = board_ledger
    board.select_number(n["S5"])
    monkeypatch.setattr(SuperviseNoteDialog, "get_note", classmethod(lambda cls, *a, **k: ("", False)))
    qtbot.keyClick(board.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert services.ledger.get(n["S5"]).supervision_count == 0


def test_enter_opens_the_matter(board, board_ledger, qtbot):
    _, n = board_ledger
    board.select_number(n["S3"])
    board.table.setFocus()
    with qtbot.waitSignal(board.matter_activated) as blocker:
        qtbot.keyClick(board.table, Qt.Key.Key_Return)
    assert blocker.args == [n["S3"]]


def test_note_dialog_needs_a_note(qtbot):
    from reception.ui.pages.supervision import SuperviseNoteDialog

    dialog = SuperviseNoteDialog("2026-01-000001", "反映问题")
    qtbot.addWidget(dialog)
    dialog._on_ok()
    assert dialog.message.text() == "请填写督办意见" and dialog.result() == 0
    dialog.note.setPlainText("请按期办结。")
    dialog._on_ok()
    assert dialog.result() == 1 and dialog.text() == "请按期办结。"


# -- the leaders' calendar ------------------------------------------------------------------------------------


def test_leader_days_view_adds_and_lists(qtbot, services, monkeypatch):
    from reception.ui.pages.leaders import LeaderDayDialog, LeaderDaysView

    services.ledger.clock = lambda: datetime(2026, 7, 1, 12, 0)
    view = LeaderDaysView(services, SUPERVISOR)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.year.value() == 2026)
    monkeypatch.setattr(
        LeaderDayDialog,
        "get_day",
        classmethod(
            lambda cls, *a, **k: (
                {
                    "leader": "张局长",
                    "title": "副局长",
                    "date": "2026-07-15",
                    "time": "09:00-11:30",
                    "place": "接待室",
                    "note": "",
                },
                True,
            )
        ),
    )
    # the day is saved on a worker thread: wait for the list that holds it, not an earlier load's
    with qtbot.waitSignal(view.updated, timeout=15000, check_params_cb=bool) as blocker:
        view.add_day()
    assert [d.leader for d in blocker.args[0]] == ["张局长"]
    assert view.table.item(0, 0).text() == "2026-07-15" and view.table.item(0, 5).text() == "0"
    view.table.setCurrentCell(0, 0)
    with qtbot.waitSignal(view.updated, timeout=15000, check_params_cb=lambda days: not days) as blocker:
        view.delete_day()
    assert blocker.args[0] == []


def test_leader_day_dialog_requires_a_name(qtbot):
    from reception.ui.pages.leaders import LeaderDayDialog

    dialog = LeaderDayDialog(None, None, date(2026, 7, 1))
    qtbot.addWidget(dialog)
    dialog._on_ok()
    assert dialog.message.text() == "请填写领导姓名"
    dialog.leader.setText("张局长")
    dialog._on_ok()
    assert dialog.result() == 1 and dialog.value()["date"] == "2026-07-01"


def test_screens_fit_1366x768(dashboard, board):
    """Nothing is cut off at the reception PC's resolution: the pages' minimum sizes fit."""
    for widget in (dashboard, board):
        hint = widget.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 700, (type(widget).__name__, hint)
