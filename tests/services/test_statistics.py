"""Statistics (services/statistics.py): every figure of hand-built ledgers, 同比 and 环比 included.

The ledgers are registered and walked through the closed loop with back-dated times under a fixed clock, so each
expected number below was counted by hand from the table in the test's docstring.  The 2026 holiday calendar
matters: 清明 (4–6 April) and 劳动节 (1–5 May) move due days, which some matters need to be in time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from reception.domain.codes import FINISHED_STATUSES, Status
from reception.domain.matter import InvalidInput
from reception.domain.views import DayCount
from reception.services.statistics import (
    Period,
    change,
    parse_period,
    preset_period,
    previous_period,
    previous_year,
    report_sections,
)
from tests.actors import AS_ADMIN, admin, ensure_accounts, password_file

NOW = datetime(2026, 7, 1, 12, 0)
SUPERVISOR = "李科长"
REQUIRED_KEYS = {
    "matters",
    "persons",
    "by_channel",
    "by_status",
    "by_purpose",
    "collective_matters",
    "repeat_matters",
    "skip_level_matters",
    "on_time_acceptance_rate",
    "on_time_closure_rate",
    "closure_rate",
    "satisfaction_rate",
    "rating_rate",
}


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


class Desk:
    """Registers matters with explicit times and acts on them back-dated, under the fixed clock."""

    def __init__(self, services: Any, make_id: Any) -> None:
        self.services = services
        self.make_id = make_id
        self.seq = 0
        services.ledger.clock = lambda: NOW

    def person_id(self) -> str:
        self.seq += 1
        return self.make_id(self.seq, birth="19700101")

    def register(
        self,
        when: str,
        *,
        channel: str = "visit",
        headcount: int = 1,
        purpose: str = "demand",
        clerk: str = "王警官",
        location: str = "甲区",
        content: str = "政法/社会治安",
        id_number: str | None = None,
        collective: bool | None = None,
        skip_level: bool = False,
        leader: str = "",
    ) -> str:
        persons = [{"name": "张三", "id_number": id_number or self.person_id(), "role": "petitioner"}]
        if headcount > 1:
            persons.append({"name": "李四", "id_number": self.person_id(), "role": "companion"})
        data: dict[str, Any] = {
            "channel": channel,
            "received_at": when,
            "persons": persons,
            "headcount": headcount,
            "purpose": purpose,
            "content_category": content,
            "location": location,
            "summary": "反映问题，要求处理。",
            "clerk": clerk,
            "skip_level": skip_level,
            "leader": leader,
        }
        if collective is not None:
            data["collective"] = collective
        return self.services.ledger.register(data, actor=admin(clerk)).number

    def act(self, number: str, action: str, when: str, **params: Any) -> None:
        self.services.ledger.act(number, action, params, actor=admin(SUPERVISOR), at=dt(when))


# -- periods ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "year", "before"),
    [
        # whole months: 同比 the same months, 环比 the months before
        ("2026-03-01", "2026-03-31", ("2025-03-01", "2025-03-31"), ("2026-02-01", "2026-02-28")),
        ("2026-04-01", "2026-06-30", ("2025-04-01", "2025-06-30"), ("2026-01-01", "2026-03-31")),
        ("2026-01-01", "2026-12-31", ("2025-01-01", "2025-12-31"), ("2025-01-01", "2025-12-31")),
        ("2026-01-01", "2026-01-31", ("2025-01-01", "2025-01-31"), ("2025-12-01", "2025-12-31")),
        # leap years: a period ending 29 February maps to 28 February; a whole February to the whole February
        ("2028-02-01", "2028-02-29", ("2027-02-01", "2027-02-28"), ("2028-01-01", "2028-01-31")),
        ("2029-02-01", "2029-02-28", ("2028-02-01", "2028-02-29"), ("2029-01-01", "2029-01-31")),
        ("2028-02-10", "2028-02-29", ("2027-02-10", "2027-02-28"), ("2028-01-21", "2028-02-09")),
        ("2028-02-29", "2028-03-05", ("2027-02-28", "2027-03-05"), ("2028-02-23", "2028-02-28")),
        # days: across the year end
        ("2025-12-20", "2026-01-10", ("2024-12-20", "2025-01-10"), ("2025-11-28", "2025-12-19")),
        ("2026-05-10", "2026-05-16", ("2025-05-10", "2025-05-16"), ("2026-05-03", "2026-05-09")),
        ("2026-03-15", "2026-03-15", ("2025-03-15", "2025-03-15"), ("2026-03-14", "2026-03-14")),
    ],
)
def test_previous_year_and_previous_period(start, end, year, before):
    p = Period(date.fromisoformat(start), date.fromisoformat(end))
    assert previous_year(p) == Period(*(date.fromisoformat(d) for d in year))
    assert previous_period(p) == Period(*(date.fromisoformat(d) for d in before))


def test_presets_as_of_a_day():
    today = date(2026, 11, 28)
    assert preset_period("this_month", today) == Period(date(2026, 11, 1), date(2026, 11, 30))
    assert preset_period("last_month", today) == Period(date(2026, 10, 1), date(2026, 10, 31))
    assert preset_period("this_quarter", today) == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert preset_period("this_year", today) == Period(date(2026, 1, 1), date(2026, 12, 31))
    assert preset_period("last_month", date(2026, 1, 15)) == Period(date(2025, 12, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2026-13-01", "2026-12-31", "from"),
        ("2026-02-30", "2026-03-01", "from"),
        ("2026-03-01", "tomorrow", "to"),
        ("2026-3-1", "2026-03-31", "from"),
        ("2026-03-31", "2026-03-01", "to"),
        ("", "2026-03-01", "from"),
        ("2000-01-01", "2026-03-01", "to"),
    ],
)
def test_bad_periods_are_refused_in_words(start, end, field):
    with pytest.raises(InvalidInput) as info:
        parse_period(start, end)
    assert info.value.field == field
    assert info.value.message


def test_change_is_relative_for_counts_and_points_for_rates():
    assert change(12, 10) == pytest.approx(0.2)
    assert change(5, 0) is None
    assert change(0.8, 0.5, rate=True) == pytest.approx(0.3)
    assert change(None, 0.5, rate=True) is None


# -- a month by hand -------------------------------------------------------------------------------------------


@pytest.fixture
def march(services, make_id):
    """March 2026 (本期), March 2025 (同比) and February 2026 (环比), counted by hand.

    ====  ================  =======  ==  ==========  ========================================================
    #     received          channel  人  purpose     what happened (times back-dated)
    ====  ================  =======  ==  ==========  ========================================================
    M1    03-02 09:00       visit    1   demand      accept 03-03, reply 03-20, 满意 03-25, close 03-26; 包案
    M9    03-03 11:00       visit    2   demand      accept 03-04, extend 30 d 04-20, reply 05-25 (due 06-02), 不满意
    M2    03-05 10:00       letter   1   appeal      accept 03-25 (due 03-20: late); 批示
    M10   03-06 09:00       fax      1   suggestion  accept 03-06, reply 05-20 (due 05-05 → 05-06 after 劳动节: late)
    M11   03-06 10:00       visit    1   demand      accept 03-06, reply 05-06 (in time only by the holiday roll)
    M12   03-07 09:00       visit    1   appeal      accept on route (3) 03-08, reply 06-30 (no petition limit)
    M3    03-10 09:30       visit    12  demand      collective; refer to 12345 03-11; received by 张局长 that day
    M4    03-15 14:00       phone    1   inquiry     answered on the spot 14:30, 基本满意 03-16
    M5    03-20 09:00       online   1   complaint   M1's visitor again (重件); reject 04-07 (due 04-04 → 04-07, 清明)
    M6    03-31 23:30       visit    1   demand      skip-level; nothing yet
    M7    04-01 00:10       visit    1   demand      outside every period
    M8    02-28 23:50       visit    1   demand      环比
    P1    02-01 00:00       letter   1   appeal      环比
    Y1    2025-03-10 09:00  visit    2   demand      同比: accept 03-11, reply 04-01, 满意 04-02
    Y2    2025-03-31 10:00  letter   1   demand      同比
    Y3    2025-04-01 08:00  visit    1   demand      outside
    ====  ================  =======  ==  ==========  ========================================================
    M1-M6 by 王警官 in 甲区, M9-M12 by 李警官 in 乙区; M5's content category 政法/警务督察.
    """
    desk = Desk(services, make_id)
    n: dict[str, str] = {}
    n["Y1"] = desk.register("2025-03-10T09:00", headcount=2)
    n["Y2"] = desk.register("2025-03-31T10:00", channel="letter")
    n["Y3"] = desk.register("2025-04-01T08:00")
    n["P1"] = desk.register("2026-02-01T00:00", channel="letter", purpose="appeal")
    n["M8"] = desk.register("2026-02-28T23:50")
    first_visitor = desk.person_id()
    n["M1"] = desk.register("2026-03-02T09:00", id_number=first_visitor)
    b = {"clerk": "李警官", "location": "乙区"}
    n["M9"] = desk.register("2026-03-03T11:00", headcount=2, **b)
    n["M2"] = desk.register("2026-03-05T10:00", channel="letter", purpose="appeal")
    n["M10"] = desk.register("2026-03-06T09:00", channel="fax", purpose="suggestion", **b)
    n["M11"] = desk.register("2026-03-06T10:00", **b)
    n["M12"] = desk.register("2026-03-07T09:00", purpose="appeal", **b)
    n["M3"] = desk.register("2026-03-10T09:30", headcount=12, collective=True)
    n["M4"] = desk.register("2026-03-15T14:00", channel="phone", purpose="inquiry")
    n["M5"] = desk.register(
        "2026-03-20T09:00", channel="online", purpose="complaint", id_number=first_visitor, content="政法/警务督察"
    )
    n["M6"] = desk.register("2026-03-31T23:30", skip_level=True)
    n["M7"] = desk.register("2026-04-01T00:10")

    desk.act(n["Y1"], "accept", "2025-03-11T09:00")
    desk.act(n["Y1"], "reply", "2025-04-01T09:00", outcome="support", text="予以支持。")
    desk.act(n["Y1"], "return-visit", "2025-04-02T09:00", satisfaction="satisfied")
    desk.act(n["M1"], "accept", "2026-03-03T10:00")
    desk.act(n["M1"], "reply", "2026-03-20T10:00", outcome="support", text="予以支持。")
    desk.act(n["M1"], "return-visit", "2026-03-25T10:00", satisfaction="satisfied")
    desk.act(n["M1"], "close", "2026-03-26T10:00")
    desk.act(n["M9"], "accept", "2026-03-04T09:00")
    desk.act(n["M9"], "extend", "2026-04-20T09:00", days=30, reason="案情复杂", approver="赵局长")
    desk.act(n["M9"], "reply", "2026-05-25T09:00", outcome="explain", text="作出解释说明。")
    desk.act(n["M9"], "return-visit", "2026-05-28T09:00", satisfaction="dissatisfied")
    desk.act(n["M2"], "accept", "2026-03-25T10:00")
    desk.act(n["M10"], "accept", "2026-03-06T10:00")
    desk.act(n["M10"], "reply", "2026-05-20T10:00", outcome="deny", text="不予支持。")
    desk.act(n["M11"], "accept", "2026-03-06T11:00")
    desk.act(n["M11"], "reply", "2026-05-06T15:00", outcome="support", text="予以支持。")
    desk.act(n["M12"], "accept", "2026-03-08T09:00", route=3)
    desk.act(n["M12"], "reply", "2026-06-30T09:00", outcome="explain", text="已告知诉讼途径。")
    desk.act(n["M3"], "refer", "2026-03-11T09:00", to="12345")
    desk.act(n["M4"], "answer", "2026-03-15T14:30", text="已当场解答。")
    desk.act(n["M4"], "return-visit", "2026-03-16T09:00", satisfaction="basic")
    desk.act(n["M5"], "reject", "2026-04-07T14:00", reason_code=1, direct_to="12345")

    leaders = services.leaders
    day = leaders.add_day(
        {"leader": "张局长", "title": "副局长", "date": "2026-03-10", "place": "接待室"}, actor=admin(SUPERVISOR)
    )
    leaders.add_day({"leader": "王局长", "date": "2026-04-15"}, actor=admin(SUPERVISOR))
    leaders.receive(n["M3"], day_id=day.id, actor=admin(SUPERVISOR), at=dt("2026-03-10T10:00"))
    leaders.assign(n["M1"], leader="张局长", actor=admin(SUPERVISOR), at=dt("2026-03-27T09:00"))
    leaders.instruct(n["M2"], leader="张局长", text="请抓紧办理。", actor=admin(SUPERVISOR), at=dt("2026-03-26T09:00"))
    return services, n


def test_march_every_figure(march):
    services, _ = march
    r = services.stats.report(date(2026, 3, 1), date(2026, 3, 31))
    assert REQUIRED_KEYS | {"previous_year", "previous_period"} <= set(r.to_json())
    assert r.period.to_dict() == {"from": "2026-03-01", "to": "2026-03-31", "days": 31}
    assert r.matters == 10
    assert r.persons == 22
    assert r.by_channel == {"visit": 6, "letter": 1, "phone": 1, "online": 1, "fax": 1}
    assert r.persons_by_channel == {"visit": 18, "letter": 1, "phone": 1, "online": 1, "fax": 1}
    assert r.by_purpose == {"demand": 5, "appeal": 2, "suggestion": 1, "complaint": 1, "inquiry": 1, "other": 0}
    assert r.by_category == {"suggestion": 2, "complaint": 1, "grievance": 7}
    assert {k: v for k, v in r.by_status.items() if v} == {
        "registered": 1,
        "accepted": 1,
        "not_accepted": 1,
        "referred": 1,
        "return_visited": 2,
        "replied": 3,
        "closed": 1,
    }
    assert set(r.by_status) == {s.value for s in Status}
    assert r.by_clerk == {"王警官": 6, "李警官": 4}
    assert r.by_location == {"甲区": 6, "乙区": 4}
    assert r.by_content_category == {"政法/社会治安": 9, "政法/警务督察": 1}
    assert r.by_handling_unit == {"": 8, "12345政务服务便民热线": 2}
    assert r.persons_by_handling_unit == {"": 9, "12345政务服务便民热线": 13}
    assert (r.collective_matters, r.collective_persons) == (1, 12)
    assert r.collective_by_size == {"1-4": 0, "5-9": 0, "10-19": 1, "20-49": 0, "50-99": 0, "100+": 0}
    assert (r.repeat_matters, r.repeat_persons) == (1, 1)
    assert (r.skip_level_matters, r.skip_level_persons) == (1, 1)
    assert (r.leader_received_matters, r.leader_received_persons) == (1, 12)
    assert (r.leader_assigned_matters, r.leader_assigned_persons) == (1, 1)
    assert r.leader_instruction_matters == 1
    assert r.leader_days == 1
    # 及时受理: 9 answered, M2 late (M5 in time only because 清明 moved its due day to 04-07)
    assert (r.answered_matters, r.answered_on_time) == (9, 8)
    assert r.on_time_acceptance_rate == pytest.approx(8 / 9)
    # 按期办结: 8 finished; M10 late (M11 in time by the 劳动节 roll, M9 by its extension, M12 has no limit)
    assert (r.finished_matters, r.finished_on_time) == (8, 7)
    assert r.on_time_closure_rate == pytest.approx(7 / 8)
    assert r.closure_rate == pytest.approx(0.8)
    assert r.by_satisfaction == {"satisfied": 1, "basic": 1, "dissatisfied": 1}
    assert (r.rated_matters, r.satisfied_matters, r.reply_matters) == (3, 2, 6)
    assert r.satisfaction_rate == pytest.approx(2 / 3)
    assert r.rating_rate == pytest.approx(0.5)


def test_march_previous_year(march):
    services, _ = march
    y = services.stats.report(date(2026, 3, 1), date(2026, 3, 31)).previous_year
    assert set(y.to_json()) >= REQUIRED_KEYS
    assert y.period.to_dict() == {"from": "2025-03-01", "to": "2025-03-31", "days": 31}
    assert (y.matters, y.persons) == (2, 3)
    assert y.by_channel == {"visit": 1, "letter": 1, "phone": 0, "online": 0, "fax": 0}
    assert {k: v for k, v in y.by_status.items() if v} == {"return_visited": 1, "registered": 1}
    assert (y.answered_matters, y.answered_on_time, y.on_time_acceptance_rate) == (1, 1, 1.0)
    assert (y.finished_matters, y.finished_on_time, y.on_time_closure_rate) == (1, 1, 1.0)
    assert y.closure_rate == 0.5
    assert (y.rated_matters, y.satisfaction_rate, y.rating_rate) == (1, 1.0, 1.0)
    assert y.repeat_matters == y.collective_matters == y.skip_level_matters == 0
    assert y.leader_received_matters == y.leader_assigned_matters == y.leader_days == 0


def test_march_previous_period_has_null_rates(march):
    services, _ = march
    p = services.stats.report(date(2026, 3, 1), date(2026, 3, 31)).previous_period
    assert p.period.to_dict() == {"from": "2026-02-01", "to": "2026-02-28", "days": 28}
    assert (p.matters, p.persons) == (2, 2)
    assert p.by_channel == {"visit": 1, "letter": 1, "phone": 0, "online": 0, "fax": 0}
    assert p.by_purpose["appeal"] == 1 and p.by_purpose["demand"] == 1
    assert p.closure_rate == 0.0
    for key in ("on_time_acceptance_rate", "on_time_closure_rate", "satisfaction_rate", "rating_rate"):
        assert p.figure(key) is None, key


def test_json_document_is_plain_json(march):
    services, _ = march
    r = services.stats.report(date(2026, 3, 1), date(2026, 3, 31))
    document = r.to_json()
    again = json.loads(json.dumps(document, ensure_ascii=False))
    assert again == document
    assert again["previous_period"]["satisfaction_rate"] is None


def test_every_dimension_adds_up(march):
    services, _ = march
    r = services.stats.report(date(2026, 3, 1), date(2026, 3, 31))
    for part in (r, r.previous_year, r.previous_period):
        for dim in (
            "channel",
            "purpose",
            "category",
            "status",
            "content_category",
            "location",
            "handling_unit",
            "clerk",
        ):
            assert sum(part.by(dim).values()) == part.matters, dim
            assert sum(part.by(dim, persons=True).values()) == part.persons, dim
        finished = sum(v for k, v in part.by_status.items() if k in FINISHED_STATUSES)
        assert finished == part.finished_matters


def test_drill_down_filters_list_exactly_the_matters_counted(march):
    services, _ = march
    stats, ledger = services.stats, services.ledger
    r = stats.report(date(2026, 3, 1), date(2026, 3, 31))
    period = Period(date(2026, 3, 1), date(2026, 3, 31))
    for dim in ("channel", "purpose", "category", "status", "content_category", "location", "handling_unit", "clerk"):
        for value, count in r.by(dim).items():
            assert ledger.ledger_count(stats.drill_filter(period, dim, value)) == count, (dim, value)
    for band, count in r.collective_by_size.items():
        assert ledger.ledger_count(stats.drill_filter(period, "collective_size", band)) == count, band
    figures = {
        "matters": "matters",
        "finished": "finished_matters",
        "answered": "answered_matters",
        "collective": "collective_matters",
        "repeat": "repeat_matters",
        "skip_level": "skip_level_matters",
        "leader_assigned": "leader_assigned_matters",
        "leader_received": "leader_received_matters",
        "rated": "rated_matters",
        "satisfied": "satisfied_matters",
    }
    for key, figure in figures.items():
        assert ledger.ledger_count(stats.drill_filter(period, key)) == r.figure(figure), key
    prev = Period(date(2026, 2, 1), date(2026, 2, 28))
    assert ledger.ledger_count(stats.drill_filter(prev, "channel", "letter")) == 1


def test_sequential_and_parallel_readers_agree(march):
    from reception.services.statistics import StatisticsService

    services, _ = march
    one = StatisticsService(services.store, services.ledger, workers=1).report(date(2026, 3, 1), date(2026, 3, 31))
    many = StatisticsService(services.store, services.ledger, workers=4).report(date(2026, 3, 1), date(2026, 3, 31))
    assert one == many


def test_report_sections_for_the_printed_table(march):
    services, _ = march
    sections = report_sections(services.stats.report(date(2026, 3, 1), date(2026, 3, 31)))
    head = {row.label: row for row in sections[0].rows}
    assert (head["件次"].current, head["件次"].previous_year, head["件次"].previous_period) == (10, 2, 2)
    assert head["件次"].year_change == pytest.approx(4.0)
    assert head["办结率"].rate and head["办结率"].period_change == pytest.approx(0.8)
    titles = [s.title for s in sections]
    assert titles[:3] == ["总体情况", "信访形式（件次）", "信访形式（人次）"]
    channel = {row.label: row.current for row in sections[1].rows}
    assert channel == {"来访": 6, "来信": 1, "来电": 1, "网上": 1, "传真": 1}


# -- across a year end ---------------------------------------------------------------------------------------


def test_period_across_the_year_end(services, make_id):
    """本期 2025-12-20..2026-01-10 (22 days), 同比 2024-12-20..2025-01-10, 环比 2025-11-28..2025-12-19.

    A0 (环比, 12-17) is accepted on 2026-01-04: its due day 2026-01-01 is 元旦, moved to 01-04, so in time.
    A1 (环比, 12-19 23:59) is accepted 2026-01-03 (due 01-03 → 01-04).  A2 (环比, 11-28 00:00) is rejected
    12-14, one day after its due day 12-13: late.  B2 (本期, last minute) is A0's visitor again (重件);
    B1 (本期, first minute) is a collective visit of 3 with a 包案 leader named at registration.
    """
    desk = Desk(services, make_id)
    returning = desk.person_id()
    desk.register("2024-12-19T23:59")
    c1 = desk.register("2024-12-20T00:00", channel="letter")
    desk.register("2025-01-10T23:59", headcount=2)
    desk.register("2025-01-11T00:00")
    desk.register("2025-11-27T23:59")
    a2 = desk.register("2025-11-28T00:00")
    a0 = desk.register("2025-12-17T10:00", id_number=returning)
    a1 = desk.register("2025-12-19T23:59")
    desk.register("2025-12-20T00:00", headcount=3, collective=True, leader="王局长", channel="letter")
    desk.register("2026-01-10T23:59", id_number=returning)
    desk.register("2026-01-11T00:00")
    desk.act(a0, "accept", "2026-01-04T09:00")
    desk.act(a1, "accept", "2026-01-03T09:00")
    desk.act(a2, "reject", "2025-12-14T09:00", reason_code=2, direct_to="××区公安分局")
    del c1

    r = services.stats.report(date(2025, 12, 20), date(2026, 1, 10))
    assert (r.matters, r.persons) == (2, 4)
    assert r.by_channel["letter"] == 1 and r.by_channel["visit"] == 1
    assert (r.repeat_matters, r.collective_matters, r.leader_assigned_matters) == (1, 1, 1)
    assert r.collective_by_size["1-4"] == 1
    assert r.answered_matters == 0 and r.on_time_acceptance_rate is None
    assert r.closure_rate == 0.0

    y = r.previous_year
    assert y.period.to_dict() == {"from": "2024-12-20", "to": "2025-01-10", "days": 22}
    assert (y.matters, y.persons) == (2, 3)

    p = r.previous_period
    assert p.period.to_dict() == {"from": "2025-11-28", "to": "2025-12-19", "days": 22}
    assert (p.matters, p.persons) == (3, 3)
    assert (p.answered_matters, p.answered_on_time) == (3, 2)
    assert p.on_time_acceptance_rate == pytest.approx(2 / 3)
    assert (p.finished_matters, p.finished_on_time, p.on_time_closure_rate) == (1, 0, 0.0)
    assert p.closure_rate == pytest.approx(1 / 3)
    assert p.by_handling_unit == {"": 2, "××区公安分局": 1}


def test_an_empty_ledger_gives_zeros_and_nulls(services):
    services.ledger.clock = lambda: NOW
    r = services.stats.report(date(2026, 3, 1), date(2026, 3, 31))
    assert r.matters == r.persons == 0
    assert r.by_channel == {"visit": 0, "letter": 0, "phone": 0, "online": 0, "fax": 0}
    for key in ("on_time_acceptance_rate", "on_time_closure_rate", "closure_rate", "satisfaction_rate", "rating_rate"):
        assert r.figure(key) is None
        assert r.previous_year.figure(key) is None and r.previous_period.figure(key) is None


# -- against the domain's own clocks, on a demo ledger -------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from reception.services.context import open_services
    from reception.services.demo import generate

    path = tmp_path_factory.mktemp("stats-demo") / "demo.db"
    today = datetime(2026, 11, 28, 12, 0)
    generate(str(path), 2500, seed=7, today=today)
    services = open_services(path)
    services.ledger.clock = lambda: today
    yield services
    services.close()


def test_figures_agree_with_the_domain_clocks_matter_by_matter(demo):
    """An oracle: replay every matter of the year with workflow.clocks and count in Python."""
    from reception.domain import workflow
    from reception.domain.clocks import ClockKind

    start, end = date(2026, 1, 1), date(2026, 10, 31)
    r = demo.stats.report(start, end)
    ids = [
        row[0]
        for row in demo.store.execute(
            "SELECT id FROM matter WHERE received_at >= ? AND received_at < ?", ("2026-01-01", "2026-11-01")
        ).fetchall()
    ]
    answered = answered_in_time = finished = finished_in_time = rated = satisfied = replied = persons = 0
    for matter_id in ids:
        m = demo.ledger.repo.load_matter(matter_id)
        persons += m.headcount
        clocks = {c.kind: c for c in workflow.clocks(m, demo.ledger.calendar, demo.ledger.rules)}
        notify = clocks[ClockKind.NOTIFY]
        if notify.stopped_at is not None:
            answered += 1
            answered_in_time += notify.stopped_at.date() <= notify.due
        if m.status in FINISHED_STATUSES:
            finished += 1
            if m.accepted_at is None:
                ok = notify.stopped_at is not None and notify.stopped_at.date() <= notify.due
            elif m.route in (None, 6):
                handle = clocks[ClockKind.HANDLE]
                ok = handle.stopped_at is not None and handle.stopped_at.date() <= handle.due
            else:
                ok = True
            finished_in_time += ok
        if m.satisfaction is not None:
            rated += 1
            satisfied += m.satisfaction.value in ("satisfied", "basic")
        replied += m.replied_at is not None
    assert r.matters == len(ids) > 300
    assert r.persons == persons
    assert (r.answered_matters, r.answered_on_time) == (answered, answered_in_time)
    assert (r.finished_matters, r.finished_on_time) == (finished, finished_in_time)
    assert (r.rated_matters, r.satisfied_matters, r.reply_matters) == (rated, satisfied, replied)
    assert finished_in_time < finished  # the demo has late matters: the comparison is not vacuous


def test_demo_dimensions_match_the_ledger_filters(demo):
    period = Period(date(2026, 9, 1), date(2026, 9, 30))
    r = demo.stats.report(period.start, period.end)
    assert r.matters > 20
    for dim in ("channel", "status", "clerk", "handling_unit", "location"):
        for value, count in r.by(dim).items():
            assert demo.ledger.ledger_count(demo.stats.drill_filter(period, dim, value)) == count


def test_trend_per_day(march):
    services, _ = march
    days = services.stats.daily(date(2026, 3, 1), date(2026, 3, 31))
    assert sum(d.matters for d in days) == 10
    assert DayCount(day="2026-03-06", matters=2, persons=2) in days
    assert days[-1].day == "2026-03-31"


# -- the command ---------------------------------------------------------------------------------------------


def _reception(*args: str, db: Path) -> subprocess.CompletedProcess:
    """The command as the administrator of tests/actors.py (given the accounts first if ``db`` exists)."""
    import tempfile

    if "://" in str(db) or Path(db).exists():
        ensure_accounts(db)
    auth = password_file(Path(tempfile.mkdtemp(prefix="reception-auth-")))
    return subprocess.run(
        [sys.executable, "-m", "reception.cli", "--db", str(db), *AS_ADMIN, *args],
        env={**os.environ, "RECEPTION_AUTH_FILE": str(auth)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_stats_json_keys(march, tmp_path):
    services, _ = march
    db = services.store.url
    result = _reception("stats", "--from", "2026-03-01", "--to", "2026-03-31", "--json", db=db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert REQUIRED_KEYS | {"previous_year", "previous_period"} <= set(data)
    assert set(data["previous_year"]) >= REQUIRED_KEYS and set(data["previous_period"]) >= REQUIRED_KEYS
    assert set(data["by_channel"]) == {"visit", "letter", "phone", "online", "fax"}
    assert data["matters"] == 10 and data["previous_year"]["matters"] == 2
    assert data["previous_period"]["on_time_acceptance_rate"] is None


@pytest.mark.parametrize(
    "args",
    [
        ("--from", "2026-02-30", "--to", "2026-03-31"),
        ("--from", "2026-03-31", "--to", "2026-03-01"),
        ("--from", "03/01/2026", "--to", "2026-03-31"),
        ("--to", "2026-03-31"),
        ("--from", "2026-03-01", "--to", "2026-03-31", "-o", "report.docx"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(args, tmp_path):
    result = _reception("stats", *args, "--json", db=tmp_path / "ledger.db")
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_cli_writes_pdf_and_xlsx(march, tmp_path):
    from openpyxl import load_workbook

    services, _ = march
    db = services.store.url
    pdf, xlsx = tmp_path / "report.pdf", tmp_path / "report.xlsx"
    assert _reception("stats", "--from", "2026-03-01", "--to", "2026-03-31", "-o", str(pdf), db=db).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    result = _reception("stats", "--from", "2026-03-01", "--to", "2026-03-31", "-o", str(xlsx), "--json", db=db)
    assert result.returncode == 0 and json.loads(result.stdout)["matters"] == 10
    ws = load_workbook(xlsx).active
    rows: dict[str, tuple] = {}
    for r in ws.iter_rows(values_only=True):
        if r and r[0]:
            rows.setdefault(r[0], r[1:])  # the first section that has the label (来访: 件次 before 人次)
    assert rows["件次"][:4] == (10, 2, 4.0, 2)
    assert rows["办结率"][0] == pytest.approx(0.8) and rows["办结率"][2] == pytest.approx(30.0)
    assert rows["来访"][0] == 6


def test_cli_leader_commands(march, tmp_path):
    services, n = march
    db = services.store.url
    result = _reception(
        "leader-day", "add", "--name", "刘局长", "--date", "2026-06-18", "--place", "一楼接待室", "--json", db=db
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["leader"] == "刘局长"
    listed = json.loads(
        _reception("leader-day", "list", "--from", "2026-03-01", "--to", "2026-06-30", "--json", db=db).stdout
    )
    assert [d["date"] for d in listed] == ["2026-03-10", "2026-04-15", "2026-06-18"]
    assert listed[0]["receptions"] == 1
    result = _reception("act", n["M2"], "leader-assign", "--leader", "刘局长", "--json", db=db)
    assert result.returncode == 0, result.stderr
    shown = json.loads(_reception("show", n["M2"], "--json", db=db).stdout)
    assert shown["events"][-1]["kind"] == "leader-assign"
    bad = _reception("leader-day", "add", "--name", "刘局长", "--date", "2026-06-31", db=db)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
