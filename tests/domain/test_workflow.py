"""The closed loop of a matter (workflow.decide / apply / clocks / current_clock / allowed_actions).

Every matter here is built the way the desk builds one: ``parse_registration`` + ``apply(Event("register"))``,
and every status is reached by a real sequence of actions (``drive``), never by setting ``matter.status``.

Expected dates are worked out by hand in the comments (not by calling the code under test).  Calendar facts used
(the shipped 2026 schedule, resources/data/holidays.json): 元旦 01-01..03, 春节 02-15..23 (调休 Sat 02-14, Sat
02-28), 劳动节 05-01..05 (调休 Sat 05-09), 国庆 10-01..07 (调休 Sun 09-20, Sat 10-10).  Weekdays: 2026-03-02 Mon,
2026-09-30 Wed, 2026-10-13 Tue, 2026-05-31 Sun, 2028-02-29 Tue.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest

from reception.domain import workflow as wf
from reception.domain.calendar import WorkCalendar, default_calendar_path
from reception.domain.clocks import ClockKind, CountingRules, WarningLevel, make_clock
from reception.domain.codes import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    REASONS_NEEDING_DIRECTION,
    REJECTION_REASONS,
    STATUS_LABELS,
    Outcome,
    Satisfaction,
    Status,
)
from reception.domain.matter import Event, InvalidInput, Matter, parse_registration
from reception.domain.workflow import TransitionRefused

D = date.fromisoformat
T = datetime.fromisoformat
CAL = WorkCalendar.load(default_calendar_path())
PLAIN = WorkCalendar()  # Monday-Friday, no holidays
DEFAULT = CountingRules()
NO_ROLL = CountingRules(first_day_excluded=True, roll_past_holiday=False)
INCL_ROLL = CountingRules(first_day_excluded=False, roll_past_holiday=True)
INCL_NO_ROLL = CountingRules(first_day_excluded=False, roll_past_holiday=False)
ALL_RULES = [DEFAULT, NO_ROLL, INCL_ROLL, INCL_NO_ROLL]
# "Now" for the desk: after every date used below, so no entry is "in the future" unless a test says so.
NOW = T("2030-01-01T00:00")
STEP = timedelta(hours=1)
ACTOR = "李警官"

OWN = None
FORWARDED = {"kind": "forwarded", "agency": "省公安厅信访处", "document_number": "省公信转〔2026〕3号"}
ASSIGNED_SRC = {"kind": "assigned", "agency": "市信访局", "document_number": "市信交〔2026〕8号"}


# ---------------------------------------------------------------- helpers


def new_matter(received: str = "2026-03-02T09:00", source: dict | None = OWN, **extra) -> Matter:
    data = {
        "channel": "visit",
        "received_at": received,
        "persons": [{"name": "张三", "id_number": "11010519491231002X", "phone": "13812341234"}],
        "summary": "小区门口夜间施工噪音扰民，多次报警未果",
        "clerk": ACTOR,
        **extra,
    }
    if source is not None:
        data["source"] = source
    matter = parse_registration(data, now=NOW)
    wf.apply(matter, Event("register", at=matter.received_at, actor=matter.clerk))
    return matter


def params_for(action: str, at: datetime) -> dict:
    """Valid parameters for each action (the assignment's due date lies after ``at``)."""
    return {
        "accept": {"route": 6},
        "reject": {"reason_code": 2, "direct_to": "某某区公安分局"},
        "refer": {"to": "12345 政务服务便民热线"},
        "answer": {"text": "已当场向信访人解释相关规定"},
        "object": {"reason": "不属于本机关管辖"},
        "assign": {"to": "城关派出所", "due": (at.date() + timedelta(days=10)).isoformat()},
        "supervise": {"note": "请加快办理并按期反馈"},
        "extend": {"days": 30, "reason": "案情复杂，需调取外地材料", "approver": "张局长"},
        "reply": {"outcome": "support", "text": "经调查，反映情况属实，已责令停止夜间施工"},
        "return-visit": {"satisfaction": "satisfied", "note": "电话回访"},
        "request-review": {},
        "review-reply": {"outcome": "deny", "text": "维持原处理意见"},
        "close": {"note": "办结归档"},
        "unit-report": {"date": at.date().isoformat(), "text": "承办单位报告：已办结"},
        "inform-route": {"text": "请向某某区人民法院提起诉讼"},
        "hearing": {"start": at.date().isoformat(), "end": at.date().isoformat()},
    }[action]


def next_at(matter: Matter) -> datetime:
    return matter.events[-1].at + STEP


def decide(
    matter: Matter, action: str, params: dict | None = None, *, at=None, now=NOW, calendar=CAL, rules=DEFAULT
) -> Event:
    at = T(at) if isinstance(at, str) else (at or next_at(matter))
    if params is None:
        params = params_for(action, at)
    return wf.decide(matter, action, params, actor=ACTOR, at=at, now=now, calendar=calendar, rules=rules)


def act(matter: Matter, action: str, params: dict | None = None, **kw) -> Event:
    event = decide(matter, action, params, **kw)
    wf.apply(matter, event)
    return event


def drive(matter: Matter, actions: list[str]) -> Matter:
    for action in actions:
        act(matter, action)
    return matter


# A real sequence of actions reaching every status.
PATHS: dict[Status, list[str]] = {
    Status.REGISTERED: [],
    Status.ACCEPTED: ["accept"],
    Status.NOT_ACCEPTED: ["reject"],
    Status.REFERRED: ["refer"],
    Status.ANSWERED: ["answer"],
    Status.RETURNED: ["object"],
    Status.ASSIGNED: ["accept", "assign"],
    Status.SUPERVISED: ["accept", "assign", "supervise"],
    Status.EXTENDED: ["accept", "assign", "extend"],
    Status.REPLIED: ["accept", "assign", "reply"],
    Status.RETURN_VISITED: ["accept", "reply", "return-visit"],
    Status.REVIEW_REQUESTED: ["accept", "reply", "request-review"],
    Status.REVIEWED: ["accept", "reply", "request-review", "review-reply"],
    Status.RECHECK_REQUESTED: ["accept", "reply", "request-review", "review-reply", "request-review"],
    Status.RECHECKED: ["accept", "reply", "request-review", "review-reply", "request-review", "review-reply"],
    Status.CLOSED: ["accept", "reply", "return-visit", "close"],
}


def reach(status: Status, source: dict | None = OWN) -> Matter:
    actions = PATHS[status]
    if "object" in actions:
        source = source or FORWARDED
    matter = drive(new_matter(source=source), actions)
    assert matter.status is status
    return matter


def clock(matter: Matter, kind: ClockKind, calendar=CAL, rules=DEFAULT, include_visitor=True):
    found = [c for c in wf.clocks(matter, calendar, rules, include_visitor=include_visitor) if c.kind == kind]
    assert len(found) <= 1
    return found[0] if found else None


def kinds(matter: Matter, **kw) -> set[ClockKind]:
    return {c.kind for c in wf.clocks(matter, CAL, **kw)}


def refused(matter: Matter, action: str, params=None, **kw) -> TransitionRefused:
    before = (matter.status, len(matter.events))
    with pytest.raises(TransitionRefused) as info:
        decide(matter, action, params, **kw)
    assert (matter.status, len(matter.events)) == before  # a refusal changes nothing
    assert info.value.message
    return info.value


# ---------------------------------------------------------------- the transition matrix

EXPECTED_AFTER = {
    "accept": lambda s: Status.ACCEPTED,
    "reject": lambda s: Status.NOT_ACCEPTED,
    "refer": lambda s: Status.REFERRED,
    "answer": lambda s: Status.ANSWERED,
    "object": lambda s: Status.RETURNED,
    "assign": lambda s: Status.ASSIGNED,
    "supervise": lambda s: Status.SUPERVISED if s in (Status.ASSIGNED, Status.SUPERVISED) else s,
    "extend": lambda s: Status.EXTENDED,
    "reply": lambda s: Status.REPLIED,
    "return-visit": lambda s: Status.RETURN_VISITED,
    "request-review": lambda s: Status.RECHECK_REQUESTED if s == Status.REVIEWED else Status.REVIEW_REQUESTED,
    "review-reply": lambda s: Status.REVIEWED if s == Status.REVIEW_REQUESTED else Status.RECHECKED,
    "close": lambda s: Status.CLOSED,
    "unit-report": lambda s: s,
    "inform-route": lambda s: s,
    "hearing": lambda s: s,
}


def test_paths_cover_every_status_and_matrix_covers_every_action():
    assert set(PATHS) == set(Status)
    assert set(EXPECTED_AFTER) == set(wf.ACTIONS)
    assert set(Status) == OPEN_STATUSES | FINISHED_STATUSES
    assert not OPEN_STATUSES & FINISHED_STATUSES


@pytest.mark.parametrize("source", [OWN, FORWARDED], ids=["own", "forwarded"])
@pytest.mark.parametrize("status", list(Status), ids=[s.value for s in Status])
@pytest.mark.parametrize("action", list(wf.ACTIONS))
def test_every_action_from_every_status(action, status, source):
    spec = wf.ACTIONS[action]
    matter = reach(status, source)
    # Rules beyond the state: object is only for forwarded/assigned matters; extension only once.
    # A route-(6) matter (as every path here) has no legal route to tell and is closed only after its reply.
    blocked_by_rule = (
        (action == "object" and matter.source.kind == "own")
        or (action == "extend" and status == Status.EXTENDED)
        or (
            action in ("close", "inform-route")
            and status in (Status.ACCEPTED, Status.ASSIGNED, Status.SUPERVISED, Status.EXTENDED)
        )
    )
    allowed = status in spec.allowed_from and not blocked_by_rule
    assert (action in wf.allowed_actions(matter)) == allowed

    if allowed:
        n = len(matter.events)
        event = decide(matter, action)
        assert event.kind == action and event.actor == ACTOR and event.at == next_at(matter)
        wf.apply(matter, event)
        assert matter.status is EXPECTED_AFTER[action](status)
        assert len(matter.events) == n + 1 and matter.events[-1] is event
        return

    err = refused(matter, action)
    if status not in spec.allowed_from:
        if action == "request-review" and status == Status.RECHECKED:
            assert "不再受理" in err.message and "第三十六条" in err.message
        else:
            assert f"“{STATUS_LABELS[status]}”" in err.message
            assert spec.label in err.message
    elif action == "object":
        assert "本级登记" in err.message
    elif action == "close":
        assert "第（六）项" in err.message and "答复" in err.message
    elif action == "inform-route":
        assert "第（一）至（五）项" in err.message
    else:
        assert "已经延期一次" in err.message


def test_reached_statuses_have_matching_histories():
    for status, actions in PATHS.items():
        matter = reach(status)
        assert [e.kind for e in matter.events] == ["register", *actions]
        times = [e.at for e in matter.events]
        assert times == sorted(times)
        assert all(e.actor for e in matter.events)
        assert all(isinstance(e.at, datetime) for e in matter.events)


def test_unknown_action_is_refused():
    matter = new_matter()
    err = refused(matter, "delete", {})
    assert "未知的操作" in err.message and "accept" in err.message


def test_refusal_names_the_matter_number():
    matter = new_matter()
    matter.number = "2026-01-000017"
    err = refused(matter, "close", {})
    assert err.message == "事项 2026-01-000017 当前状态为“已登记”，不能办结"
    matter.number = ""
    assert refused(matter, "close", {}).message == "事项 当前状态为“已登记”，不能办结"


# ---------------------------------------------------------------- the full closed loop


def test_full_closed_loop_records_every_step_in_order():
    matter = new_matter("2026-03-02T09:00")
    steps = [
        ("accept", {"route": "6"}, "2026-03-02T09:30"),
        (
            "assign",
            {"to": "城关派出所", "to_code": "P01", "due": "2026-05-15", "requirements": "查明事实"},
            "2026-03-03T10:00",
        ),
        ("supervise", {"note": "请按期反馈"}, "2026-03-10T10:00"),
        ("supervise", {"note": "再次督办"}, "2026-03-15T10:00"),
        ("extend", {"days": "20", "reason": "需调取外地材料", "approver": "张局长"}, "2026-04-20T10:00"),
        ("reply", {"outcome": "explain", "text": "作出解释说明"}, "2026-05-20T10:00"),
        ("return-visit", {"satisfaction": "basic", "note": "电话回访"}, "2026-05-25T10:00"),
        ("close", {"note": "归档"}, "2026-05-26T10:00"),
    ]
    statuses = []
    for action, params, at in steps:
        act(matter, action, params, at=at)
        statuses.append(matter.status)
    assert statuses == [
        Status.ACCEPTED,
        Status.ASSIGNED,
        Status.SUPERVISED,
        Status.SUPERVISED,
        Status.EXTENDED,
        Status.REPLIED,
        Status.RETURN_VISITED,
        Status.CLOSED,
    ]
    assert [e.kind for e in matter.events] == ["register"] + [s[0] for s in steps]
    assert [e.at for e in matter.events] == [T("2026-03-02T09:00")] + [T(s[2]) for s in steps]
    assert all(e.actor == ACTOR for e in matter.events)
    assert matter.route == 6 and matter.accepted_at == T("2026-03-02T09:30")
    assert matter.notified_at == T("2026-03-02T09:30")
    assert (matter.handling_unit, matter.handling_unit_code, matter.unit_due) == ("城关派出所", "P01", D("2026-05-15"))
    assert matter.events[2].payload["requirements"] == "查明事实"
    assert matter.supervision_count == 2
    assert (matter.extension_days, matter.extension_reason, matter.extension_approver) == (
        20,
        "需调取外地材料",
        "张局长",
    )
    assert matter.reply_outcome is Outcome.EXPLAIN and matter.reply_text == "作出解释说明"
    assert matter.replied_at == T("2026-05-20T10:00")
    assert matter.satisfaction is Satisfaction.BASIC
    assert matter.closed_at == T("2026-05-26T10:00")
    assert wf.current_clock(matter, CAL) is None
    # 03-02 + 60 + 20 = 05-21: replied in time; the unit's date (05-15) passed before the reply, and the
    # feedback clock only stops at the reply, so it stays on record as met late.
    levels = {c.kind: c.level(NOW) for c in wf.clocks(matter, CAL, include_visitor=False)}
    assert all(c.stopped for c in wf.clocks(matter, CAL, include_visitor=False))
    assert clock(matter, ClockKind.HANDLE).due == D("2026-05-21")
    assert levels == {
        ClockKind.NOTIFY: WarningLevel.NORMAL,
        ClockKind.HANDLE: WarningLevel.NORMAL,
        ClockKind.REFERRAL_FEEDBACK: WarningLevel.OVERDUE,
    }


def test_apply_rebuilds_the_same_matter_from_its_events():
    original = reach(Status.RECHECKED)
    copy = new_matter()
    copy.uuid = original.uuid
    for event in original.events[1:]:
        wf.apply(copy, event)
    assert copy == original


def test_apply_ignores_unknown_event_kinds_but_records_them():
    matter = new_matter()
    wf.apply(matter, Event("print", at=next_at(matter), actor=ACTOR, payload={"doc": "receipt"}))
    assert matter.status is Status.REGISTERED
    assert [e.kind for e in matter.events] == ["register", "print"]


# ---------------------------------------------------------------- times of entries


def test_back_dated_before_registration_is_refused():
    matter = new_matter("2026-03-02T09:00")
    err = refused(matter, "accept", {}, at="2026-03-02T08:59")
    assert err.field == "at" and "早于登记时间" in err.message
    act(matter, "accept", {}, at="2026-03-02T09:00")  # the same minute is fine
    assert matter.status is Status.ACCEPTED


def test_back_dated_before_previous_event_is_refused():
    matter = new_matter("2026-03-02T09:00")
    act(matter, "accept", {}, at="2026-03-05T10:00")
    err = refused(matter, "supervise", {"note": "x"}, at="2026-03-05T09:59")
    assert err.field == "at" and "早于上一步" in err.message
    act(matter, "supervise", {"note": "x"}, at="2026-03-05T10:00")  # equal time keeps the order
    assert [e.kind for e in matter.events] == ["register", "accept", "supervise"]


def test_future_entries_are_refused_beyond_five_minutes_of_skew():
    matter = new_matter("2026-03-02T09:00")
    now = T("2026-03-03T12:00")
    err = refused(matter, "accept", {}, at="2026-03-03T12:05:01", now=now)
    assert err.field == "at" and "晚于当前时间" in err.message
    refused(matter, "accept", {}, at="2026-03-04T09:00", now=now)
    act(matter, "accept", {}, at="2026-03-03T12:05:00", now=now)
    assert matter.status is Status.ACCEPTED


def test_entry_time_drops_microseconds_and_timezone():

    matter = new_matter("2026-03-02T09:00")
    event = decide(matter, "accept", {}, at=datetime(2026, 3, 2, 10, 0, 0, 123456, tzinfo=UTC))
    assert event.at == T("2026-03-02T10:00") and event.at.tzinfo is None


# ---------------------------------------------------------------- accept


@pytest.mark.parametrize("route,expected", [(None, 6), ("", 6), (6, 6), ("1", 1), (5, 5)])
def test_accept_route(route, expected):
    matter = new_matter()
    act(matter, "accept", {} if route is None else {"route": route})
    assert matter.route == expected and matter.status is Status.ACCEPTED


@pytest.mark.parametrize("route", [0, 7, "六", "x", -1])
def test_accept_refuses_bad_route(route):
    err = refused(new_matter(), "accept", {"route": route})
    assert err.field == "route"


def test_route_1_to_5_has_no_handling_clock_and_no_extension():
    matter = drive(new_matter(), [])
    act(matter, "accept", {"route": 1})
    assert ClockKind.HANDLE not in kinds(matter)
    err = refused(matter, "extend")
    assert "第三十一条第（六）项" in err.message


# ---------------------------------------------------------------- reject


# 4 (已经复核), 7 (the same matter in hand) and 8 (越级) rest on facts of their own: test_workflow_grounds.py
@pytest.mark.parametrize("code", sorted(set(REJECTION_REASONS) - {4, 7, 8}))
def test_reject_each_reason(code):
    needs_direction = code in REASONS_NEEDING_DIRECTION
    assert needs_direction == (code in (1, 2, 3, 6, 8))
    matter = new_matter()
    if needs_direction:
        err = refused(matter, "reject", {"reason_code": code})
        assert err.field == "direct_to" and REJECTION_REASONS[code][0] in err.message
        refused(matter, "reject", {"reason_code": code, "direct_to": "   "})
        event = act(matter, "reject", {"reason_code": str(code), "direct_to": " 某区人民法院 "})
        assert matter.direct_to == "某区人民法院"
    else:
        event = act(matter, "reject", {"reason_code": code})
        assert matter.direct_to == ""
    assert event.payload["reason_code"] == code and event.payload["reason"] == REJECTION_REASONS[code][0]
    assert matter.status is Status.NOT_ACCEPTED and matter.reason_code == code
    assert matter.notified_at == event.at


@pytest.mark.parametrize("code", [None, "", "abc", 0, 9, -1, 1.5j])
def test_reject_refuses_bad_reason_code(code):
    params = {"direct_to": "某机关"}
    if code is not None:
        params["reason_code"] = code
    err = refused(new_matter(), "reject", params)
    assert err.field == "reason_code" and f"1-{max(REJECTION_REASONS)}" in err.message


# ---------------------------------------------------------------- refer / answer


def test_refer_needs_the_receiving_agency():
    matter = new_matter()
    assert refused(matter, "refer", {}).field == "to"
    assert refused(matter, "refer", {"to": "  "}).field == "to"
    assert refused(matter, "refer", {"to": "长" * 201}).field == "to"
    act(matter, "refer", {"to": "12337 政法干警违纪违法举报平台", "to_code": "12337"})
    assert matter.status is Status.REFERRED
    assert (matter.handling_unit, matter.handling_unit_code) == ("12337 政法干警违纪违法举报平台", "12337")
    assert matter.notified_at == matter.events[-1].at


def test_answer_needs_text():
    matter = new_matter()
    assert refused(matter, "answer", {}).field == "text"
    act(matter, "answer", {"text": "当场解释"})
    assert matter.status is Status.ANSWERED and matter.reply_text == "当场解释"
    assert matter.replied_at == matter.events[-1].at and matter.reply_outcome is None


# ---------------------------------------------------------------- assign


def test_assign_due_not_before_the_assignment_date():
    matter = reach(Status.ACCEPTED)
    at = T("2026-03-05T15:00")
    err = refused(matter, "assign", {"to": "城关派出所", "due": "2026-03-04"}, at=at)
    assert err.field == "due"
    act(matter, "assign", {"to": "城关派出所", "due": "2026-03-05"}, at=at)  # same day is allowed
    assert matter.unit_due == D("2026-03-05") and matter.status is Status.ASSIGNED


def test_assign_needs_a_unit_and_accepts_no_due():
    matter = reach(Status.ACCEPTED)
    assert refused(matter, "assign", {"due": "2026-03-20"}).field == "to"
    event = act(matter, "assign", {"to": "城关派出所"})
    assert event.payload["due"] is None and matter.unit_due is None
    assert ClockKind.REFERRAL_FEEDBACK not in kinds(matter)


def test_assign_refuses_a_bad_date_as_a_refusal():
    matter = reach(Status.ACCEPTED)
    with pytest.raises(TransitionRefused) as info:
        decide(matter, "assign", {"to": "城关派出所", "due": "2026-02-30"})
    assert info.value.field == "due"


# ---------------------------------------------------------------- supervise


def test_supervise_any_number_of_times():
    matter = reach(Status.ASSIGNED)
    for i in range(1, 4):
        act(matter, "supervise", {"note": f"第{i}次督办"})
        assert matter.supervision_count == i and matter.status is Status.SUPERVISED
    assert refused(matter, "supervise", {}).field == "note"


# ---------------------------------------------------------------- extend


@pytest.mark.parametrize("days", [1, 15, 30, "30"])
def test_extend_within_thirty_days(days):
    matter = reach(Status.ACCEPTED)
    act(matter, "extend", {"days": days, "reason": "案情复杂", "approver": "张局长"})
    assert matter.status is Status.EXTENDED and matter.extension_days == int(days)


@pytest.mark.parametrize("days", [0, -1, 31, 60, None, "", "三十"])
def test_extend_refuses_bad_days(days):
    params = {"reason": "案情复杂", "approver": "张局长"}
    if days is not None:
        params["days"] = days
    err = refused(reach(Status.ACCEPTED), "extend", params)
    assert err.field == "days"
    if days in (31, 60):
        assert "30" in err.message and "第三十四条" in err.message


def test_extend_needs_reason_and_approver():
    matter = reach(Status.SUPERVISED)
    assert refused(matter, "extend", {"days": 10, "approver": "张局长"}).field == "reason"
    assert refused(matter, "extend", {"days": 10, "reason": " ", "approver": "张局长"}).field == "reason"
    assert refused(matter, "extend", {"days": 10, "reason": "复杂"}).field == "approver"
    act(matter, "extend", {"days": 10, "reason": "复杂", "approver": "张局长"})
    assert matter.status is Status.EXTENDED


def test_extend_only_once_even_after_supervision():
    matter = reach(Status.EXTENDED)
    act(matter, "supervise", {"note": "督办"})
    assert matter.status is Status.EXTENDED  # supervision does not hide the extension
    err = refused(matter, "extend", {"days": 1, "reason": "r", "approver": "a"})
    assert "已经延期一次" in err.message and "第三十四条" in err.message
    assert "extend" not in wf.allowed_actions(matter)


@pytest.mark.parametrize(
    "rules,last_day",
    [
        # accepted Mon 2026-03-02; +60 = Fri 05-01 = 劳动节 (05-01..05) -> rolls to Wed 05-06.
        (DEFAULT, "2026-05-06"),
        (NO_ROLL, "2026-05-01"),
        # first day counted: 03-02 + 59 = Thu 04-30, an ordinary day.
        (INCL_ROLL, "2026-04-30"),
        (INCL_NO_ROLL, "2026-04-30"),
    ],
)
def test_extend_not_after_the_handling_due_date(rules, last_day):
    last = D(last_day)
    matter = new_matter("2026-03-02T09:00")
    act(matter, "accept", {}, at="2026-03-02T10:00", rules=rules)
    assert clock(matter, ClockKind.HANDLE, rules=rules).due == last
    params = {"days": 30, "reason": "复杂", "approver": "张局长"}
    late = datetime.combine(last + timedelta(days=1), datetime.min.time())
    err = refused(matter, "extend", params, at=late, rules=rules)
    assert last_day in err.message and "届满" in err.message
    act(matter, "extend", params, at=datetime.combine(last, datetime.max.time()), rules=rules)
    assert matter.extension_days == 30


# ---------------------------------------------------------------- reply / return visit


@pytest.mark.parametrize("outcome", list(Outcome))
def test_reply_outcomes(outcome):
    matter = reach(Status.SUPERVISED)
    act(matter, "reply", {"outcome": outcome.value, "text": "处理意见"})
    assert matter.status is Status.REPLIED and matter.reply_outcome is outcome
    assert matter.replied_at == matter.events[-1].at


@pytest.mark.parametrize("outcome", [None, "", "yes", "SUPPORT", "予以支持"])
def test_reply_refuses_other_outcomes(outcome):
    params = {"text": "处理意见"}
    if outcome is not None:
        params["outcome"] = outcome
    assert refused(reach(Status.ACCEPTED), "reply", params).field == "outcome"


def test_reply_needs_text():
    assert refused(reach(Status.ACCEPTED), "reply", {"outcome": "deny"}).field == "text"


@pytest.mark.parametrize("satisfaction", list(Satisfaction))
@pytest.mark.parametrize("status", [Status.REPLIED, Status.ANSWERED, Status.REVIEWED, Status.RECHECKED])
def test_return_visit_satisfaction(status, satisfaction):
    matter = reach(status)
    act(matter, "return-visit", {"satisfaction": satisfaction.value})
    assert matter.status is Status.RETURN_VISITED and matter.satisfaction is satisfaction


@pytest.mark.parametrize("satisfaction", [None, "", "very", "满意", "SATISFIED"])
def test_return_visit_refuses_other_values(satisfaction):
    params = {} if satisfaction is None else {"satisfaction": satisfaction}
    assert refused(reach(Status.REPLIED), "return-visit", params).field == "satisfaction"


# ---------------------------------------------------------------- 复查 / 复核 (arts 35, 36)


def replied_matter(reply_at: str, received: str | None = None) -> Matter:
    received = received or (T(reply_at) - timedelta(days=20)).isoformat()
    matter = new_matter(received)
    act(matter, "accept", {}, at=T(received) + STEP)
    act(matter, "reply", {"outcome": "deny", "text": "不予支持"}, at=reply_at)
    return matter


@pytest.mark.parametrize(
    "reply_at,rules,last_day",
    [
        # Calendar days, not working days: Mon 03-02 + 30 = Wed 04-01.
        ("2026-03-02T10:00", DEFAULT, "2026-04-01"),
        ("2026-03-02T10:00", INCL_ROLL, "2026-03-31"),
        # Mon 09-07 + 30 = Wed 10-07 = 国庆 -> rolls to Thu 10-08; without the roll it ends 10-07.
        ("2026-09-07T10:00", DEFAULT, "2026-10-08"),
        ("2026-09-07T10:00", NO_ROLL, "2026-10-07"),
        # First day counted: 09-07 + 29 = 10-06 = 国庆 -> 10-08 with the roll, 10-06 without.
        ("2026-09-07T10:00", INCL_ROLL, "2026-10-08"),
        ("2026-09-07T10:00", INCL_NO_ROLL, "2026-10-06"),
        # A plain Saturday does not roll: Thu 2026-07-02 + 30 = Sat 08-01.
        ("2026-07-02T10:00", DEFAULT, "2026-08-01"),
    ],
)
def test_review_request_window(reply_at, rules, last_day):
    last = D(last_day)
    matter = replied_matter(reply_at)
    assert clock(matter, ClockKind.REVIEW_REQUEST, rules=rules).due == last
    err = refused(
        matter, "request-review", {}, at=datetime.combine(last + timedelta(days=1), datetime.min.time()), rules=rules
    )
    assert "复查" in err.message and last_day in err.message and "30 日" in err.message
    event = act(matter, "request-review", {}, at=datetime.combine(last, datetime.max.time()), rules=rules)
    assert event.payload == {"stage": "review"}
    assert matter.status is Status.REVIEW_REQUESTED and matter.review_requested_at == event.at


def test_recheck_window_counts_from_the_review_answer_across_spring_festival():
    # Review answered Fri 2026-01-16; + 30 = Sun 02-15 = 春节 (02-15..23) -> the 复核 window ends Tue 02-24.
    matter = replied_matter("2025-12-10T10:00", received="2025-11-03T09:00")
    act(matter, "request-review", {}, at="2025-12-20T10:00")
    act(matter, "review-reply", {"outcome": "deny", "text": "维持"}, at="2026-01-16T10:00")
    assert matter.status is Status.REVIEWED and matter.reviewed_at == T("2026-01-16T10:00")
    assert clock(matter, ClockKind.RECHECK_REQUEST).due == D("2026-02-24")
    assert clock(matter, ClockKind.RECHECK_REQUEST, rules=NO_ROLL).due == D("2026-02-15")
    err = refused(matter, "request-review", {}, at="2026-02-25T08:00")
    assert "复核" in err.message and "2026-02-24" in err.message
    err = refused(matter, "request-review", {}, at="2026-02-16T08:00", rules=NO_ROLL)
    assert "2026-02-15" in err.message
    event = act(matter, "request-review", {}, at="2026-02-24T17:00")
    assert event.payload == {"stage": "recheck"}
    assert matter.status is Status.RECHECK_REQUESTED and matter.recheck_requested_at == event.at
    act(matter, "review-reply", {"outcome": "deny", "text": "维持"}, at="2026-03-10T10:00")
    assert matter.status is Status.RECHECKED and matter.rechecked_at == T("2026-03-10T10:00")
    assert [e.payload.get("stage") for e in matter.events if e.kind in ("request-review", "review-reply")] == [
        "review",
        "review",
        "recheck",
        "recheck",
    ]


def test_recheck_window_is_not_the_review_window():
    # Replied 03-02 (复查 window to 04-01); reviewed 04-20: the 复核 window runs to 05-20 even though the
    # 复查 window has long passed.
    matter = replied_matter("2026-03-02T10:00")
    act(matter, "request-review", {}, at="2026-03-20T10:00")
    act(matter, "review-reply", {"outcome": "support", "text": "支持"}, at="2026-04-20T10:00")
    act(matter, "request-review", {}, at="2026-05-20T18:00")
    assert matter.status is Status.RECHECK_REQUESTED


@pytest.mark.parametrize(
    "after",
    [[], ["return-visit"], ["close"], ["return-visit", "close"]],
    ids=["rechecked", "return-visited", "closed", "visited-closed"],
)
def test_after_recheck_no_further_request(after):
    matter = drive(reach(Status.RECHECKED), after)
    err = refused(matter, "request-review", {})
    assert "不再受理" in err.message and "第三十六条" in err.message
    assert "request-review" not in wf.allowed_actions(matter)


def test_review_request_from_return_visit_and_closed():
    matter = reach(Status.RETURN_VISITED)
    act(matter, "request-review", {})
    assert matter.status is Status.REVIEW_REQUESTED
    matter = reach(Status.CLOSED)
    act(matter, "request-review", {})
    assert matter.status is Status.REVIEW_REQUESTED and matter.closed_at is None
    # Reviewed, visited and closed: the next request is the 复核.
    matter = drive(reach(Status.REVIEWED), ["return-visit", "close", "request-review"])
    assert matter.status is Status.RECHECK_REQUESTED


def test_review_request_needs_a_written_reply():
    # 转送 then 办结: nothing was replied in writing, so there is nothing to review.
    matter = drive(new_matter(), ["refer", "close"])
    err = refused(matter, "request-review", {})
    assert "尚未出具书面答复" in err.message


@pytest.mark.parametrize("after", [["close"], ["return-visit"], ["return-visit", "close"]])
def test_on_the_spot_answer_is_not_a_written_reply(after):
    # 当场答复 is refused a 复查 directly (ANSWERED is not in allowed_from); it must stay refused after a
    # return visit or 办结, and no 复查 window is shown for it.
    matter = drive(reach(Status.ANSWERED), after)
    assert ClockKind.REVIEW_REQUEST not in kinds(matter)
    assert "request-review" not in wf.allowed_actions(matter)
    err = refused(matter, "request-review", {})
    assert "书面答复" in err.message


@pytest.mark.parametrize("outcome", [None, "maybe"])
def test_review_reply_needs_outcome_and_text(outcome):
    matter = reach(Status.REVIEW_REQUESTED)
    params = {"text": "意见"} if outcome is None else {"outcome": outcome, "text": "意见"}
    assert refused(matter, "review-reply", params).field == "outcome"
    assert refused(matter, "review-reply", {"outcome": "support"}).field == "text"


# ---------------------------------------------------------------- object (5 working days)


@pytest.mark.parametrize("source", [FORWARDED, ASSIGNED_SRC], ids=["forwarded", "assigned"])
def test_object_within_five_working_days_across_national_day(source):
    # Received Wed 2026-09-30. Working days after it: 10-01..07 国庆 off, Thu 10-08 = 1, Fri 10-09 = 2,
    # Sat 10-10 (调休 working day) = 3, Sun 10-11 off, Mon 10-12 = 4, Tue 10-13 = 5.
    matter = new_matter("2026-09-30T10:00", source=source)
    assert clock(matter, ClockKind.OBJECT).due == D("2026-10-13")
    err = refused(matter, "object", {"reason": "不属于本机关管辖"}, at="2026-10-14T08:00")
    assert "5 个工作日" in err.message and "2026-10-13" in err.message
    event = act(matter, "object", {"reason": "不属于本机关管辖"}, at="2026-10-13T23:59")
    assert matter.status is Status.RETURNED and matter.handling_unit == source["agency"]
    assert event.payload == {"reason": "不属于本机关管辖", "to": source["agency"]}
    stopped = clock(matter, ClockKind.OBJECT)
    assert stopped.stopped_at == T("2026-10-13T23:59") and stopped.level(NOW) is WarningLevel.NORMAL


def test_object_counting_rules_and_calendar():
    matter = new_matter("2026-09-30T10:00", source=FORWARDED)
    # First day counted: Wed 09-30 = 1, 10-08 = 2, 10-09 = 3, Sat 10-10 = 4, Mon 10-12 = 5.
    refused(matter, "object", {"reason": "r"}, at="2026-10-13T08:00", rules=INCL_ROLL)
    assert clock(matter, ClockKind.OBJECT, rules=INCL_ROLL).due == D("2026-10-12")
    # Without holiday data only the law's 国庆 10-01..03 are off: 10-05, 06, 07, 08, 09 -> 10-09.
    assert clock(matter, ClockKind.OBJECT, calendar=PLAIN).due == D("2026-10-09")
    refused(matter, "object", {"reason": "r"}, at="2026-10-10T08:00", calendar=PLAIN)
    act(matter, "object", {"reason": "r"}, at="2026-10-12T08:00", rules=INCL_ROLL)
    assert matter.status is Status.RETURNED


def test_object_only_for_forwarded_or_assigned_matters():
    matter = new_matter()
    assert "object" not in wf.allowed_actions(matter)
    err = refused(matter, "object", {"reason": "r"})
    assert "本级登记" in err.message


def test_object_needs_a_reason():
    assert refused(new_matter(source=FORWARDED), "object", {}).field == "reason"


# ---------------------------------------------------------------- clocks: due dates


@pytest.mark.parametrize(
    "received,rules,due",
    [
        # Sat 01-31 + 15 = Sun 02-15 = 春节 (02-15..23) -> rolls to Tue 02-24.
        ("2026-01-31", DEFAULT, "2026-02-24"),
        ("2026-01-31", NO_ROLL, "2026-02-15"),
        # First day counted: 01-31 + 14 = Sat 02-14, an adjusted working day (no holiday) -> stays.
        ("2026-01-31", INCL_ROLL, "2026-02-14"),
        ("2026-01-31", INCL_NO_ROLL, "2026-02-14"),
        # Month ends: 03-31 + 15 = 04-15; 04-30 + 15 = 05-15; 2026-12-31 + 15 = 2027-01-15 (no 2027 data).
        ("2026-03-31", DEFAULT, "2026-04-15"),
        ("2026-04-30", DEFAULT, "2026-05-15"),
        ("2026-12-31", DEFAULT, "2027-01-15"),
        # 02-28 + 15 = 03-15 (2026 is no leap year).
        ("2026-02-28", DEFAULT, "2026-03-15"),
        # Leap day as the due day: 2028-02-14 + 15 = 2028-02-29.
        ("2028-02-14", DEFAULT, "2028-02-29"),
        ("2028-02-29", DEFAULT, "2028-03-15"),
        # 12-17 + 15 = 2027-01-01: 元旦 by law even without 2027 data -> rolls to Sat 01-02.
        ("2026-12-17", DEFAULT, "2027-01-02"),
        # 2025-12-17 + 15 = 2026-01-01 = 元旦 (01-01..03) -> Sun 01-04 (the adjusted working day).
        ("2025-12-17", DEFAULT, "2026-01-04"),
    ],
)
def test_notify_clock(received, rules, due):
    matter = new_matter(received + "T16:30")
    c = clock(matter, ClockKind.NOTIFY, rules=rules)
    assert (c.start, c.due, c.stopped_at) == (D(received), D(due), None)


@pytest.mark.parametrize(
    "accepted,rules,due",
    [
        # Mon 03-02 + 60 = Fri 05-01 = 劳动节 -> Wed 05-06.
        ("2026-03-02", DEFAULT, "2026-05-06"),
        ("2026-03-02", NO_ROLL, "2026-05-01"),
        ("2026-03-02", INCL_ROLL, "2026-04-30"),
        # Month end: 01-31 + 60 = 04-01 (28 days of February); 2026-12-31 + 60 = 2027-03-01.
        ("2026-01-31", DEFAULT, "2026-04-01"),
        ("2026-12-31", DEFAULT, "2027-03-01"),
        ("2026-04-30", DEFAULT, "2026-06-29"),
        # Leap years: 2028-02-29 + 60 = 04-29; 2027-12-31 + 60 = 2028-02-29; 2028-01-31 + 60 = 03-31.
        ("2028-02-29", DEFAULT, "2028-04-29"),
        ("2027-12-31", DEFAULT, "2028-02-29"),
        ("2028-01-31", DEFAULT, "2028-03-31"),
        ("2028-02-29", INCL_NO_ROLL, "2028-04-28"),
        # 08-02 + 60 = 10-01 = 国庆 -> 10-08.
        ("2026-08-02", DEFAULT, "2026-10-08"),
    ],
)
def test_handle_clock(accepted, rules, due):
    matter = new_matter(accepted + "T09:00")
    act(matter, "accept", {}, at=accepted + "T11:00", rules=rules)
    c = clock(matter, ClockKind.HANDLE, rules=rules)
    assert (c.start, c.due, c.stopped_at, c.extended_days) == (D(accepted), D(due), None, 0)
    # The notify clock stopped at acceptance (the visitor is told it was accepted).
    n = clock(matter, ClockKind.NOTIFY, rules=rules)
    assert n.stopped_at == T(accepted + "T11:00")


def test_handle_clock_starts_at_acceptance_not_receipt():
    matter = new_matter("2026-03-02T09:00")
    act(matter, "accept", {}, at="2026-03-09T09:00")
    # 03-09 + 60 = 05-08.
    c = clock(matter, ClockKind.HANDLE)
    assert (c.start, c.due) == (D("2026-03-09"), D("2026-05-08"))


@pytest.mark.parametrize(
    "accepted,days,rules,due",
    [
        # The extension lengthens the period: 60 + 30 = 90 days from Mon 03-02 = Sun 05-31 (the 劳动节 roll of the
        # unextended 05-01 is not carried into the extended period).
        ("2026-03-02", 30, DEFAULT, "2026-05-31"),
        ("2026-03-02", 10, DEFAULT, "2026-05-11"),
        # 03-02 + 62 = 05-03 (劳动节) -> 05-06; without the roll 05-03.
        ("2026-03-02", 2, DEFAULT, "2026-05-06"),
        ("2026-03-02", 2, NO_ROLL, "2026-05-03"),
        # Month end / leap: 2028-02-29 + 90 = 05-29; 2026-01-31 + 90 = 05-01 = 劳动节 -> 05-06.
        ("2028-02-29", 30, DEFAULT, "2028-05-29"),
        ("2026-01-31", 30, DEFAULT, "2026-05-06"),
        ("2026-01-31", 30, INCL_NO_ROLL, "2026-04-30"),
        # 2026-07-03 + 90 = 10-01 (国庆) -> 10-08.
        ("2026-07-03", 30, DEFAULT, "2026-10-08"),
    ],
)
def test_handle_clock_with_extension(accepted, days, rules, due):
    matter = new_matter(accepted + "T09:00")
    act(matter, "accept", {}, at=accepted + "T10:00", rules=rules)
    act(matter, "extend", {"days": days, "reason": "复杂", "approver": "张局长"}, at=accepted + "T11:00", rules=rules)
    c = clock(matter, ClockKind.HANDLE, rules=rules)
    assert (c.start, c.due, c.extended_days) == (D(accepted), D(due), days)
    # Same answer as the clocks module's own extension.
    assert c.due == make_clock(ClockKind.HANDLE, D(accepted), CAL, rules).extended(days, CAL, rules).due


def test_handle_clock_stops_at_reply():
    matter = drive(new_matter(), ["accept", "assign", "supervise"])
    assert clock(matter, ClockKind.HANDLE).stopped_at is None
    event = act(matter, "reply")
    assert clock(matter, ClockKind.HANDLE).stopped_at == event.at
    assert clock(matter, ClockKind.REFERRAL_FEEDBACK).stopped_at == event.at


def test_referral_feedback_clock_runs_from_assignment_to_its_due():
    matter = new_matter("2026-03-02T09:00")
    act(matter, "accept", {}, at="2026-03-02T10:00")
    act(matter, "assign", {"to": "城关派出所", "due": "2026-03-20"}, at="2026-03-03T10:00")
    c = clock(matter, ClockKind.REFERRAL_FEEDBACK)
    assert (c.start, c.due, c.stopped_at) == (D("2026-03-03"), D("2026-03-20"), None)
    assert wf.current_clock(matter, CAL).kind is ClockKind.REFERRAL_FEEDBACK
    act(matter, "reply", at="2026-03-25T10:00")
    c = clock(matter, ClockKind.REFERRAL_FEEDBACK)
    assert c.stopped_at == T("2026-03-25T10:00") and c.level(NOW) is WarningLevel.OVERDUE  # met late


def test_source_feedback_clock():
    src = {**FORWARDED, "due": "2026-03-25"}
    matter = new_matter("2026-03-02T09:00", source=src)
    c = clock(matter, ClockKind.SOURCE_FEEDBACK)
    assert (c.start, c.due, c.stopped_at) == (D("2026-03-02"), D("2026-03-25"), None)
    # Accepting does not answer the higher agency; the reply does.
    act(matter, "accept", {}, at="2026-03-02T10:00")
    assert clock(matter, ClockKind.SOURCE_FEEDBACK).stopped_at is None
    act(matter, "reply", at="2026-03-20T10:00")
    assert clock(matter, ClockKind.SOURCE_FEEDBACK).stopped_at == T("2026-03-20T10:00")


@pytest.mark.parametrize("action", ["refer", "reject", "answer", "object"])
def test_source_feedback_stops_at_a_first_answer(action):
    matter = new_matter("2026-03-02T09:00", source={**FORWARDED, "due": "2026-03-25"})
    event = act(matter, action)
    assert clock(matter, ClockKind.SOURCE_FEEDBACK).stopped_at == event.at
    assert clock(matter, ClockKind.NOTIFY).stopped_at == event.at
    assert clock(matter, ClockKind.OBJECT).stopped_at == event.at


def test_own_matters_have_no_object_or_source_clock():
    matter = new_matter()
    assert kinds(matter) == {ClockKind.NOTIFY}
    matter = new_matter(source=FORWARDED)
    assert kinds(matter) == {ClockKind.NOTIFY, ClockKind.OBJECT}


def test_review_clocks_through_the_whole_chain():
    # Reply Mon 03-02; 复查 requested 03-20 (answer due 04-19 Sun); reviewed 04-10 (复核 window to 05-10 Sun);
    # 复核 requested 04-30 (answer due 05-30); rechecked 05-15.
    matter = replied_matter("2026-03-02T10:00")
    assert kinds(matter) == {ClockKind.NOTIFY, ClockKind.HANDLE, ClockKind.REVIEW_REQUEST}
    assert kinds(matter, include_visitor=False) == {ClockKind.NOTIFY, ClockKind.HANDLE}
    rr = clock(matter, ClockKind.REVIEW_REQUEST)
    assert (rr.start, rr.due, rr.stopped_at) == (D("2026-03-02"), D("2026-04-01"), None)

    act(matter, "request-review", {}, at="2026-03-20T10:00")
    assert clock(matter, ClockKind.REVIEW_REQUEST).stopped_at == T("2026-03-20T10:00")
    ra = clock(matter, ClockKind.REVIEW_ANSWER)
    assert (ra.start, ra.due, ra.stopped_at) == (D("2026-03-20"), D("2026-04-19"), None)
    # the higher agency answers the 复查 (art 35): its clock is shown, never this desk's current one
    assert wf.clock_party(ra.kind) == "higher"
    assert ClockKind.REVIEW_ANSWER not in kinds(matter, include_visitor=False)
    assert wf.current_clock(matter, CAL) is None

    act(matter, "review-reply", {"outcome": "deny", "text": "维持"}, at="2026-04-10T10:00")
    assert clock(matter, ClockKind.REVIEW_ANSWER).stopped_at == T("2026-04-10T10:00")
    kr = clock(matter, ClockKind.RECHECK_REQUEST)
    assert (kr.start, kr.due, kr.stopped_at) == (D("2026-04-10"), D("2026-05-10"), None)
    assert ClockKind.RECHECK_REQUEST not in kinds(matter, include_visitor=False)
    assert wf.current_clock(matter, CAL) is None  # the visitor's window is not the desk's duty

    act(matter, "request-review", {}, at="2026-04-30T10:00")
    assert clock(matter, ClockKind.RECHECK_REQUEST).stopped_at == T("2026-04-30T10:00")
    ka = clock(matter, ClockKind.RECHECK_ANSWER)
    assert (ka.start, ka.due, ka.stopped_at) == (D("2026-04-30"), D("2026-05-30"), None)
    assert wf.clock_party(ka.kind) == "higher"
    assert wf.current_clock(matter, CAL) is None

    act(matter, "review-reply", {"outcome": "deny", "text": "维持"}, at="2026-05-15T10:00")
    assert all(c.stopped for c in wf.clocks(matter, CAL))
    assert wf.current_clock(matter, CAL) is None


def test_review_answer_due_rolls_past_a_holiday():
    # 复查 requested Tue 09-01; + 30 = Thu 10-01 (国庆) -> 10-08.
    matter = replied_matter("2026-08-20T10:00")
    act(matter, "request-review", {}, at="2026-09-01T10:00")
    assert clock(matter, ClockKind.REVIEW_ANSWER).due == D("2026-10-08")
    assert clock(matter, ClockKind.REVIEW_ANSWER, rules=NO_ROLL).due == D("2026-10-01")


@pytest.mark.parametrize("action", ["accept", "reject", "refer", "answer"])
def test_notify_clock_stops_at_the_first_answer(action):
    matter = new_matter("2026-03-02T09:00")
    event = act(matter, action, at="2026-03-10T09:00")
    c = clock(matter, ClockKind.NOTIFY)
    assert c.stopped_at == T("2026-03-10T09:00") == event.at and c.level(NOW) is WarningLevel.NORMAL
    assert matter.notified_at == event.at


def test_notify_clock_met_late_stays_overdue_on_record():
    matter = new_matter("2026-03-02T09:00")
    act(matter, "accept", {}, at="2026-03-18T09:00")  # due 03-17
    assert clock(matter, ClockKind.NOTIFY).level(NOW) is WarningLevel.OVERDUE


# ---------------------------------------------------------------- current clock


def test_current_clock_picks_the_earliest_running_desk_clock():
    # Forwarded Mon 03-02 with the higher agency's date 03-05: OBJECT due Mon 03-09, NOTIFY due 03-17.
    matter = new_matter("2026-03-02T09:00", source={**FORWARDED, "due": "2026-03-05"})
    assert wf.current_clock(matter, CAL).kind is ClockKind.SOURCE_FEEDBACK
    matter = new_matter("2026-03-02T09:00", source={**FORWARDED, "due": "2026-03-12"})
    c = wf.current_clock(matter, CAL)
    assert (c.kind, c.due) == (ClockKind.OBJECT, D("2026-03-09"))
    matter = new_matter("2026-03-02T09:00", source={**FORWARDED, "due": "2026-04-30"})
    act(matter, "accept", {}, at="2026-03-02T10:00")  # stops NOTIFY and OBJECT; HANDLE due 05-06
    assert wf.current_clock(matter, CAL).kind is ClockKind.SOURCE_FEEDBACK
    act(matter, "assign", {"to": "城关派出所", "due": "2026-04-20"}, at="2026-03-03T10:00")
    assert wf.current_clock(matter, CAL).kind is ClockKind.REFERRAL_FEEDBACK
    act(matter, "reply", at="2026-04-10T10:00")
    assert wf.current_clock(matter, CAL) is None


def test_current_clock_of_an_own_matter():
    matter = new_matter("2026-03-02T09:00")
    assert wf.current_clock(matter, CAL).kind is ClockKind.NOTIFY
    act(matter, "accept", {}, at="2026-03-02T10:00")
    c = wf.current_clock(matter, CAL)
    assert (c.kind, c.due) == (ClockKind.HANDLE, D("2026-05-06"))
    act(matter, "extend", {"days": 30, "reason": "复杂", "approver": "张局长"}, at="2026-03-03T10:00")
    assert wf.current_clock(matter, CAL).due == D("2026-05-31")
    assert wf.current_clock(matter, CAL, NO_ROLL).due == D("2026-05-31")


@pytest.mark.parametrize("status", sorted(FINISHED_STATUSES), ids=str)
def test_no_current_clock_for_finished_matters(status):
    matter = reach(status, source={**FORWARDED, "due": "2026-03-25"} if status != Status.RETURNED else None)
    assert wf.current_clock(matter, CAL) is None
    assert wf.worst_level(matter, CAL, NOW) is WarningLevel.NORMAL


WITH_THE_HIGHER_AGENCY = frozenset({Status.REVIEW_REQUESTED, Status.RECHECK_REQUESTED})


@pytest.mark.parametrize("status", sorted(OPEN_STATUSES - WITH_THE_HIGHER_AGENCY), ids=str)
def test_open_matters_have_a_current_clock(status):
    assert wf.current_clock(reach(status), CAL) is not None


@pytest.mark.parametrize("status", sorted(WITH_THE_HIGHER_AGENCY), ids=str)
def test_a_matter_with_the_higher_agency_runs_no_clock_of_this_desk(status):
    # arts 35, 36: the higher agency answers the 复查/复核; its 30 days are shown as its own, never overdue here
    matter = reach(status)
    assert wf.current_clock(matter, CAL) is None
    assert wf.worst_level(matter, CAL, NOW + timedelta(days=365)) is WarningLevel.NORMAL
    higher = [c for c in wf.clocks(matter, CAL) if wf.clock_party(c.kind) == "higher"]
    assert [c.stopped for c in higher] == [False] or [c.stopped for c in higher] == [True, False]


# ---------------------------------------------------------------- warning levels


def at_share(start: date, due: date, share: str) -> datetime:
    """The moment at which ``share`` of the allowed time (start 00:00 .. end of the due day) is used."""
    begin = datetime.combine(start, datetime.min.time())
    end = datetime.combine(due + timedelta(days=1), datetime.min.time())
    total_us = (end - begin) // timedelta(microseconds=1)
    exact = Fraction(share) * total_us
    assert exact.denominator == 1, "choose windows where the boundary is an exact microsecond"
    return begin + timedelta(microseconds=int(exact))


LEVELS = [
    ("0", WarningLevel.NORMAL),
    ("0.499", WarningLevel.NORMAL),
    ("0.5", WarningLevel.WARN),
    ("0.749", WarningLevel.WARN),
    ("0.75", WarningLevel.ALERT),
    ("0.849", WarningLevel.ALERT),
    ("0.85", WarningLevel.SEVERE),
    ("0.989", WarningLevel.SEVERE),
    ("0.99", WarningLevel.OVERDUE),
    ("0.999", WarningLevel.OVERDUE),
    ("1", WarningLevel.OVERDUE),
    ("1.5", WarningLevel.OVERDUE),
]


@pytest.mark.parametrize("share,level", LEVELS)
def test_warning_levels_of_the_notify_clock(share, level):
    # Received 03-02, due 03-17: the window is 03-02 00:00 .. 03-18 00:00 = 16 days.
    matter = new_matter("2026-03-02T09:00")
    c = wf.current_clock(matter, CAL)
    assert (c.kind, c.start, c.due) == (ClockKind.NOTIFY, D("2026-03-02"), D("2026-03-17"))
    now = at_share(c.start, c.due, share)
    assert c.level(now) is level
    assert wf.worst_level(matter, CAL, now) is level


@pytest.mark.parametrize("share,level", LEVELS)
def test_warning_levels_of_the_extended_handle_clock(share, level):
    # Accepted 03-02, extended 30 days: due 05-31, window 03-02 00:00 .. 06-01 00:00 = 91 days.
    matter = drive(new_matter("2026-03-02T09:00"), ["accept", "supervise", "extend"])
    c = wf.current_clock(matter, CAL)
    assert (c.kind, c.start, c.due) == (ClockKind.HANDLE, D("2026-03-02"), D("2026-05-31"))
    assert c.level(at_share(c.start, c.due, share)) is level


def test_warning_boundaries_are_exact():
    matter = new_matter("2026-03-02T09:00")
    c = wf.current_clock(matter, CAL)
    for share, level in [
        ("0.5", WarningLevel.WARN),
        ("0.75", WarningLevel.ALERT),
        ("0.85", WarningLevel.SEVERE),
        ("0.99", WarningLevel.OVERDUE),
    ]:
        moment = at_share(c.start, c.due, share)
        assert c.level(moment) is level
        assert c.level(moment - timedelta(microseconds=1)) is not level
    # Last instant of the due day is (already) OVERDUE by the 99 % rule; the next day certainly is.
    assert c.level(T("2026-03-17T23:59:59")) is WarningLevel.OVERDUE
    assert c.level(T("2026-03-18T00:00")) is WarningLevel.OVERDUE
    # 50 % of 16 days = 8 days: 03-10 00:00.
    assert c.level(T("2026-03-09T23:59:59")) is WarningLevel.NORMAL
    assert c.level(T("2026-03-10T00:00")) is WarningLevel.WARN


def test_current_clock_level_follows_the_stopping_action():
    matter = new_matter("2026-03-02T09:00")
    overdue = T("2026-03-20T09:00")
    assert wf.worst_level(matter, CAL, overdue) is WarningLevel.OVERDUE
    act(matter, "accept", {}, at="2026-03-03T09:00")
    assert wf.current_clock(matter, CAL).kind is ClockKind.HANDLE
    # HANDLE: 03-03 + 60 = Sat 05-02 (劳动节) -> 05-06; about 17 of 65 days used.
    assert wf.worst_level(matter, CAL, overdue) is WarningLevel.NORMAL


# ---------------------------------------------------------------- the decide() contract


def test_decide_does_not_change_the_matter():
    matter = reach(Status.ACCEPTED)
    before = (matter.status, len(matter.events), matter.extension_days)
    event = decide(matter, "extend")
    assert (matter.status, len(matter.events), matter.extension_days) == before
    assert event.payload == {"days": 30, "reason": "案情复杂，需调取外地材料", "approver": "张局长"}


def test_refusals_are_invalid_input_with_a_chinese_message():
    err = refused(new_matter(), "reply", {"outcome": "support", "text": "x"})
    assert isinstance(err, InvalidInput) and isinstance(err, ValueError)
    assert str(err) == err.message and "已登记" in err.message and "答复" in err.message


def test_decide_without_a_calendar_counts_monday_to_friday_less_statutory_holidays():
    # 国庆 10-01..03 by law: Mon 10-05 = 1, 06, 07, 08, Fri 10-09 = 5.
    matter = new_matter("2026-09-30T10:00", source=FORWARDED)
    event = wf.decide(matter, "object", {"reason": "r"}, actor=ACTOR, at=T("2026-10-09T10:00"), now=NOW)
    assert event.kind == "object"
    with pytest.raises(TransitionRefused):
        wf.decide(matter, "object", {"reason": "r"}, actor=ACTOR, at=T("2026-10-10T10:00"), now=NOW)


# ---------------------------------------------------------------- routes (1)-(5): 告知法定途径, then 办结


@pytest.mark.parametrize("route", [1, 2, 3, 4, 5])
def test_a_legal_route_matter_is_told_its_route_then_closed(route):
    matter = new_matter("2026-03-02T09:00")
    act(matter, "accept", {"route": route}, at="2026-03-02T10:00")
    assert "inform-route" in wf.allowed_actions(matter) and "close" not in wf.allowed_actions(matter)
    assert "先告知" in refused(matter, "close", {"result": "legal"}, at="2026-03-03T10:00").message
    event = act(matter, "inform-route", {"text": "请于六个月内向某某区人民法院提起行政诉讼"}, at="2026-03-03T10:00")
    assert event.payload["text"].startswith("请于六个月内")
    assert matter.status is Status.ACCEPTED and "close" in wf.allowed_actions(matter)
    err = refused(matter, "close", {"result": "guess"}, at="2026-03-04T10:00")
    assert err.field == "result" and "转入法定程序" in err.message
    event = act(matter, "close", {"result": "legal", "note": "已转入诉讼程序"}, at="2026-03-04T10:00")
    assert event.payload["result"] == "legal"
    assert matter.status is Status.CLOSED and matter.closed_at == T("2026-03-04T10:00")
    assert matter.status in FINISHED_STATUSES


def test_a_route_6_matter_has_no_legal_route_to_tell_and_closes_only_after_its_reply():
    matter = new_matter("2026-03-02T09:00")
    act(matter, "accept", {"route": 6}, at="2026-03-02T10:00")
    assert "第（一）至（五）项" in refused(matter, "inform-route", {"text": "向法院起诉"}).message
    assert "第（六）项" in refused(matter, "close", {"result": "legal"}).message


# ---------------------------------------------------------------- the unit's 办结报告, re-assignment, the hearing


def assigned_matter(due: str = "2026-03-12") -> Matter:
    matter = new_matter("2026-03-02T09:00")
    act(matter, "accept", {}, at="2026-03-02T10:00")
    act(matter, "assign", {"to": "城关派出所", "due": due}, at="2026-03-02T11:00")
    return matter


def test_a_unit_report_in_time_stops_the_referral_feedback_clock():
    matter = assigned_matter("2026-03-12")
    assert "unit-report" in wf.allowed_actions(matter)
    # the report arrived on 03-11 and is entered on 03-16: in time
    event = act(matter, "unit-report", {"date": "2026-03-11", "text": "已约谈施工方，夜间停工"}, at="2026-03-16T09:00")
    assert event.payload == {"unit": "城关派出所", "date": "2026-03-11", "text": "已约谈施工方，夜间停工"}
    feedback = clock(matter, ClockKind.REFERRAL_FEEDBACK)
    assert feedback.stopped_at == T("2026-03-11T00:00")
    assert feedback.level(NOW) is WarningLevel.NORMAL
    assert wf.current_clock(matter, CAL).kind is ClockKind.HANDLE
    late = assigned_matter("2026-03-12")
    act(late, "unit-report", {"date": "2026-03-13", "text": "已办结"}, at="2026-03-16T09:00")
    assert clock(late, ClockKind.REFERRAL_FEEDBACK).level(NOW) is WarningLevel.OVERDUE


def test_a_unit_report_date_lies_between_the_assignment_and_its_entry():
    matter = assigned_matter()
    assert refused(matter, "unit-report", {"date": "2026-03-01", "text": "x"}, at="2026-03-05T09:00").field == "date"
    assert refused(matter, "unit-report", {"date": "2026-03-06", "text": "x"}, at="2026-03-05T09:00").field == "date"
    assert refused(matter, "unit-report", {"date": "2026-03-05"}, at="2026-03-05T09:00").field == "text"
    accepted = new_matter()
    act(accepted, "accept", {})
    assert "unit-report" not in wf.allowed_actions(accepted)


@pytest.mark.parametrize(
    "step", [("supervise", {"note": "请加快"}), ("extend", {"days": 30, "reason": "复杂", "approver": "张局长"})]
)
def test_a_matter_is_assigned_again_after_supervision_or_extension(step):
    matter = assigned_matter("2026-03-12")
    act(matter, "unit-report", {"date": "2026-03-04", "text": "无法办理"}, at="2026-03-04T09:00")
    act(matter, step[0], step[1], at="2026-03-05T09:00")
    assert "assign" in wf.allowed_actions(matter)
    act(matter, "assign", {"to": "城关街道办事处", "due": "2026-03-20"}, at="2026-03-06T09:00")
    assert (matter.status, matter.handling_unit, matter.unit_due) == (
        Status.ASSIGNED,
        "城关街道办事处",
        D("2026-03-20"),
    )
    feedback = clock(matter, ClockKind.REFERRAL_FEEDBACK)
    # the new unit's clock runs from the new assignment; the first unit's report does not answer it
    assert (feedback.start, feedback.due, feedback.stopped_at) == (D("2026-03-06"), D("2026-03-20"), None)


def rechecking_matter() -> Matter:
    matter = replied_matter("2026-03-02T10:00")
    act(matter, "request-review", {}, at="2026-03-20T10:00")
    act(matter, "review-reply", {"outcome": "deny", "text": "维持"}, at="2026-04-10T10:00")
    act(matter, "request-review", {}, at="2026-04-30T10:00")
    return matter


def test_the_recheck_hearing_time_is_not_counted():
    matter = rechecking_matter()
    assert clock(matter, ClockKind.RECHECK_ANSWER).due == D("2026-05-30")
    assert "hearing" in wf.allowed_actions(matter)
    act(matter, "hearing", {"start": "2026-05-11", "end": "2026-05-15"}, at="2026-05-15T17:00")
    answer = clock(matter, ClockKind.RECHECK_ANSWER)
    assert (answer.due, answer.extended_days) == (D("2026-06-04"), 0)  # 30 days + the 5 days of the hearing
    assert wf.hearing_days(matter) == 5


def test_a_hearing_is_dated_inside_the_recheck():
    matter = rechecking_matter()
    assert (
        refused(matter, "hearing", {"start": "2026-04-29", "end": "2026-05-02"}, at="2026-05-15T17:00").field == "start"
    )
    assert (
        refused(matter, "hearing", {"start": "2026-05-12", "end": "2026-05-11"}, at="2026-05-15T17:00").field == "end"
    )
    assert (
        refused(matter, "hearing", {"start": "2026-05-12", "end": "2026-05-16"}, at="2026-05-15T17:00").field == "end"
    )
    assert refused(matter, "hearing", {"end": "2026-05-11"}, at="2026-05-15T17:00").field == "start"


def test_a_legal_route_matter_assigned_to_a_unit_still_has_its_exit():
    matter = new_matter("2026-03-02T09:00")
    act(matter, "accept", {"route": 4}, at="2026-03-02T10:00")
    act(matter, "assign", {"to": "城关派出所", "due": "2026-03-12"}, at="2026-03-02T11:00")
    act(matter, "supervise", {"note": "请依法作出处罚决定"}, at="2026-03-05T11:00")
    assert "extend" not in wf.allowed_actions(matter)  # no petition time limit to extend (art 34 is route 6's)
    act(matter, "inform-route", {"text": "由城关派出所依法作出行政处罚决定"}, at="2026-03-06T11:00")
    act(matter, "close", {"result": "performed"}, at="2026-03-07T11:00")
    assert matter.status is Status.CLOSED
