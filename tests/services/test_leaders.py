"""Leaders (services/leaders.py): reception days, 领导接访, 包案 and 批示, each one transaction with its event."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from reception.domain import workflow
from reception.domain.leaders import LeaderDay, LeaderPart
from reception.domain.matter import InvalidInput
from reception.domain.roles import Forbidden, Principal, Role
from reception.storage import models as m
from tests.actors import admin

NOW = datetime(2026, 6, 1, 12, 0)
CLERK = Principal("王警官", Role.CLERK)
OTHER_CLERK = Principal("陈警官", Role.CLERK)
SUPERVISOR = Principal("李科长", Role.SUPERVISOR)


@pytest.fixture
def desk(services, sample_registration):
    services.ledger.clock = lambda: NOW
    matter = services.ledger.register(
        sample_registration(received_at="2026-05-20T09:30", clerk="王警官"), actor=admin("王警官")
    )
    return services, matter.number


def _events(services, number: str) -> list:
    return services.ledger.get(number).events


def test_reception_days_add_list_edit_delete(desk):
    services, _ = desk
    leaders = services.leaders
    first = leaders.add_day(
        {
            "leader": "张局长",
            "title": "副局长",
            "date": "2026-06-10",
            "time": "09:00-11:30",
            "place": "一楼接待室",
            "note": "提前预约",
        },
        actor=CLERK,
    )
    second = leaders.add_day({"name": "王局长", "date": "2026-05-12"}, actor=CLERK)
    assert first == LeaderDay(
        id=first.id,
        leader="张局长",
        title="副局长",
        date="2026-06-10",
        time="09:00-11:30",
        place="一楼接待室",
        note="提前预约",
        receptions=0,
    )
    assert [d.leader for d in leaders.days()] == ["王局长", "张局长"]  # in date order
    assert [d.id for d in leaders.days(date(2026, 6, 1), date(2026, 6, 30))] == [first.id]
    edited = leaders.update_day(first.id, {"leader": "张局长", "date": "2026-06-11", "place": "二楼"}, actor=CLERK)
    assert (edited.date, edited.place, edited.title) == ("2026-06-11", "二楼", "")
    leaders.delete_day(second.id, actor=CLERK)
    assert [d.id for d in leaders.days()] == [first.id]
    actions = [e.action for e in m.AuditEntry.select().order_by(m.AuditEntry.id)]
    assert [a for a in actions if a.startswith("leader-day")] == [
        "leader-day:add",
        "leader-day:add",
        "leader-day:edit",
        "leader-day:delete",
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"date": "2026-06-10"}, "leader"),
        ({"leader": "张局长"}, "date"),
        ({"leader": "张局长", "date": "2026-06-31"}, "date"),
        ({"leader": "张" * 51, "date": "2026-06-10"}, "leader"),
    ],
)
def test_reception_day_refusals_name_the_field(desk, data, field):
    services, _ = desk
    with pytest.raises(InvalidInput) as info:
        services.leaders.add_day(data, actor=CLERK)
    assert info.value.field == field
    assert services.leaders.days() == []


def test_receive_on_a_reception_day(desk):
    services, number = desk
    day = services.leaders.add_day({"leader": "张局长", "title": "副局长", "date": "2026-05-20"}, actor=CLERK)
    matter = services.leaders.receive(number, day_id=day.id, actor=CLERK, at=datetime(2026, 5, 20, 10, 0))
    event = _events(services, number)[-1]
    assert (event.kind, event.at, event.actor) == ("leader-receive", datetime(2026, 5, 20, 10, 0), "王警官")
    assert event.payload["leader"] == "张局长" and event.payload["day_id"] == day.id
    assert matter.status.value == "registered"  # a reception changes no state
    action = m.LeaderAction.get()
    assert (action.kind, action.leader, action.day_id, action.event_id) == ("receive", "张局长", day.id, event.id)
    assert services.leaders.day(day.id).receptions == 1
    with pytest.raises(InvalidInput, match="已有接访记录"):
        services.leaders.delete_day(day.id, actor=CLERK)
    assert services.leaders.of_matter(number) == [
        LeaderPart(kind="receive", label="领导接访", leader="张局长", at="2026-05-20T10:00:00", day_id=day.id, text="")
    ]


def test_assign_sets_the_matter_leader_and_replays(desk):
    services, number = desk
    services.leaders.assign(number, leader="张局长", actor=SUPERVISOR, at=datetime(2026, 5, 21, 9, 0))
    services.leaders.assign(number, leader="王局长", note="改由王局长包案", actor=SUPERVISOR)
    matter = services.ledger.get(number)
    assert matter.leader == "王局长"
    kinds = [(e.kind, e.payload.get("leader"), e.payload.get("previous")) for e in matter.events[1:]]
    assert kinds == [("leader-assign", "张局长", ""), ("leader-assign", "王局长", "张局长")]
    # the events alone rebuild the same leader
    rebuilt = services.ledger.get(number)
    rebuilt.leader = ""
    for event in matter.events:
        if event.kind == "leader-assign":
            workflow.apply(rebuilt, event)
    assert rebuilt.leader == "王局长"
    assert services.ledger.show(number).events[-1].kind == "leader-assign"


def test_instruction_is_kept_word_for_word(desk):
    services, number = desk
    services.leaders.instruct(number, leader="张局长", text="请督办单位十日内反馈。\n务必当面答复。", actor=CLERK)
    event = _events(services, number)[-1]
    assert event.kind == "leader-instruction"
    assert event.payload == {"leader": "张局长", "text": "请督办单位十日内反馈。\n务必当面答复。"}
    assert m.LeaderAction.get().text == "请督办单位十日内反馈。\n务必当面答复。"


def test_who_may(desk):
    services, number = desk
    with pytest.raises(Forbidden):
        services.leaders.assign(number, leader="张局长", actor=CLERK)
    with pytest.raises(Forbidden, match="首接人"):
        services.leaders.instruct(number, leader="张局长", text="阅。", actor=OTHER_CLERK)
    with pytest.raises(Forbidden):
        services.leaders.receive(number, leader="张局长", actor=OTHER_CLERK)
    services.leaders.receive(number, leader="张局长", actor=SUPERVISOR)  # supervisors act on any matter
    assert [e.kind for e in _events(services, number)] == ["register", "leader-receive"]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s, n: s.leaders.receive(n, actor=CLERK), "leader"),
        (lambda s, n: s.leaders.instruct(n, leader="张局长", text=" ", actor=CLERK), "text"),
        (lambda s, n: s.leaders.receive(n, leader="张局长", actor=CLERK, at=datetime(2026, 5, 19, 9, 0)), "at"),
        (lambda s, n: s.leaders.receive(n, leader="张局长", actor=CLERK, at=datetime(2026, 6, 2, 9, 0)), "at"),
        (lambda s, n: s.leaders.receive(n, leader="张局长", day_id=999, actor=CLERK), "day"),
        (lambda s, n: s.leaders.act(n, "leader-dance", {}, actor=CLERK), ""),
    ],
)
def test_refusals_write_nothing(desk, call, field):
    services, number = desk
    with pytest.raises(InvalidInput) as info:
        call(services, number)
    assert info.value.field == field
    assert [e.kind for e in _events(services, number)] == ["register"]
    assert m.LeaderAction.select().count() == 0


def test_unknown_matter(desk):
    services, _ = desk
    with pytest.raises(InvalidInput, match="没有编号"):
        services.leaders.receive("2026-01-999999", leader="张局长", actor=SUPERVISOR)


def test_act_dispatches_the_command_actions(desk):
    services, number = desk
    day = services.leaders.add_day({"leader": "张局长", "date": "2026-05-20"}, actor=CLERK)
    services.leaders.act(number, "leader-receive", {"day": str(day.id)}, actor=CLERK)
    services.leaders.act(number, "leader-assign", {"leader": "张局长"}, actor=SUPERVISOR)
    services.leaders.act(number, "leader-instruction", {"leader": "张局长", "text": "阅。"}, actor=CLERK)
    assert [a.kind for a in services.leaders.of_matter(number)] == ["receive", "assign", "instruction"]
    report = services.stats.report(date(2026, 5, 1), date(2026, 5, 31))
    assert (
        report.leader_received_matters,
        report.leader_assigned_matters,
        report.leader_instruction_matters,
        report.leader_days,
    ) == (1, 1, 1, 1)


def test_ledger_without_leader_tables_counts_zero(desk):
    """A ledger made before the leader tables existed has no leader data: zero, not an error."""
    services, _ = desk
    services.store.execute("DROP TABLE leader_action")
    from reception.services.statistics import StatisticsService

    report = StatisticsService(services.store, services.ledger).report(date(2026, 5, 1), date(2026, 5, 31))
    assert report.matters == 1 and report.leader_received_matters == 0 and report.leader_days == 0
