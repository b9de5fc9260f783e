"""WorkCalendar: the shipped 2026 schedule, fallback years, loading, validation and merging."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reception.domain.calendar import (
    CalendarError,
    WorkCalendar,
    default_calendar_path,
)
from reception.domain.statutory import statutory_holidays

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.load()


def write(tmp_path: Path, data: object, name: str = "h.json") -> Path:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


def year_doc(year: str, holidays=(), workdays=(), source="test") -> dict:
    return {
        "format": 1,
        "years": {year: {"source": source, "holidays": list(holidays), "workdays": list(workdays)}},
    }


def h(first: str, last: str, name: str = "假") -> dict:
    return {"name": name, "from": first, "to": last}


# ---------------------------------------------------------------- the shipped file


def test_default_path_points_at_shipped_file():
    p = default_calendar_path()
    assert p.is_file()
    assert p.parts[-3:] == ("resources", "data", "holidays.json")


def test_default_path_honours_meipass(monkeypatch, tmp_path):
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert default_calendar_path() == tmp_path / "resources" / "data" / "holidays.json"


def test_shipped_file_has_only_2026(cal):
    assert cal.years == frozenset({2026})
    assert cal.has_year(2026)
    assert not cal.has_year(2025) and not cal.has_year(2027)
    assert "国务院办公厅" in cal.source(2026) and "2025-11-04" in cal.source(2026)
    assert cal.source(2027) is None


HOLIDAYS_2026 = [
    ("元旦", "2026-01-01", "2026-01-03"),
    ("春节", "2026-02-15", "2026-02-23"),
    ("清明节", "2026-04-04", "2026-04-06"),
    ("劳动节", "2026-05-01", "2026-05-05"),
    ("端午节", "2026-06-19", "2026-06-21"),
    ("中秋节", "2026-09-25", "2026-09-27"),
    ("国庆节", "2026-10-01", "2026-10-07"),
]
WORKDAYS_2026 = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


@pytest.mark.parametrize(("name", "first", "last"), HOLIDAYS_2026)
def test_2026_holidays(cal, name, first, last):
    d, end = D(first), D(last)
    assert not cal.is_holiday(d - timedelta(days=1))
    assert not cal.is_holiday(end + timedelta(days=1))
    while d <= end:
        assert cal.is_holiday(d), d
        assert not cal.is_workday(d), d
        assert cal.holiday_name(d) == name
        d += timedelta(days=1)


@pytest.mark.parametrize("day", WORKDAYS_2026)
def test_2026_adjusted_working_weekends(cal, day):
    d = D(day)
    assert d.weekday() >= 5  # really a weekend
    assert cal.is_workday(d)
    assert not cal.is_holiday(d)
    assert cal.holiday_name(d) is None
    assert cal.adjusted_workday_name(d).endswith("调休")


def test_2026_02_14_saturday_is_worked_but_next_weekend_is_not(cal):
    assert D("2026-02-14").strftime("%a") == "Sat"
    assert cal.is_workday(D("2026-02-14"))
    assert not cal.is_workday(D("2026-02-07"))  # ordinary Saturday
    assert not cal.is_workday(D("2026-02-08"))  # ordinary Sunday
    # Friday 13 Feb -> next working day is the adjusted Saturday, then Tuesday 24 Feb after 春节.
    assert cal.add_workdays(D("2026-02-13"), 1) == D("2026-02-14")
    assert cal.add_workdays(D("2026-02-13"), 2) == D("2026-02-24")


def test_2026_count_of_working_days(cal):
    # 365 days: 261 Mon-Fri in 2026; minus holidays falling on Mon-Fri; plus 6 adjusted weekends.
    weekday_holidays = sum(
        1
        for _, f, t in HOLIDAYS_2026
        for i in range((D(t) - D(f)).days + 1)
        if (D(f) + timedelta(days=i)).weekday() < 5
    )
    # Jan 1-2, Feb 16-20 + 23, Apr 6, May 1/4/5, Jun 19, Sep 25, Oct 1-2 + 5-7.
    assert weekday_holidays == 2 + 6 + 1 + 3 + 1 + 1 + 5
    n = cal.workdays_between(D("2025-12-31"), D("2026-12-31"))
    assert n == 261 - weekday_holidays + 6 == 248


def test_datetime_arguments_are_treated_as_dates(cal):
    assert cal.is_holiday(datetime(2026, 10, 1, 9, 30))
    assert cal.is_workday(datetime(2026, 2, 14, 23, 59))
    assert cal.holiday_name(datetime(2026, 1, 2, 8)) == "元旦"
    assert cal.add_workdays(datetime(2026, 9, 30, 17), 1) == D("2026-10-08")


# ---------------------------------------------------------------- add_workdays


def test_add_workdays_across_national_day(cal):
    # From Wed 2026-09-30 (not counted): Oct 1-7 off; Thu 8 = 1, Fri 9 = 2, Sat 10 (调休) = 3,
    # Sun 11 off, Mon 12 = 4, Tue 13 = 5.
    assert cal.add_workdays(D("2026-09-30"), 5) == D("2026-10-13")


def test_add_workdays_zero_and_negative(cal):
    assert cal.add_workdays(D("2026-10-03"), 0) == D("2026-10-03")
    with pytest.raises(ValueError):
        cal.add_workdays(D("2026-10-03"), -1)


def test_year_without_data_falls_back_to_statutory_holidays(cal):
    assert not cal.has_year(2027)
    # 2027-01-01 is a Friday; without a 2027 notice the law still makes it 元旦, a day off.
    assert D("2027-01-01").weekday() == 4
    assert not cal.is_workday(D("2027-01-01"))
    assert cal.is_holiday(D("2027-01-01"))
    assert not cal.is_workday(D("2027-01-02"))  # Saturday
    # Mon 4 = 1, Tue 5 = 2, Wed 6 = 3, Thu 7 = 4, Fri 8 = 5.
    assert cal.add_workdays(D("2027-01-01"), 5) == D("2027-01-08")
    # Crossing the year: Thu 2026-12-31 = 1, (Fri 2027-01-01 元旦), Mon 4 = 2, Tue 5 = 3, Wed 6 = 4, Thu 7 = 5.
    assert cal.add_workdays(D("2026-12-30"), 5) == D("2027-01-07")
    assert cal.missing_years(D("2026-12-30"), D("2027-01-07")) == [2027]
    assert cal.missing_years(D("2026-03-01"), D("2026-04-01")) == []


def test_empty_calendar_is_monday_to_friday_less_statutory_holidays():
    c = WorkCalendar()
    assert c.years == frozenset()
    assert not c.is_workday(D("2026-10-01"))  # no notice: 国庆 1–3 Oct by law
    assert c.is_workday(D("2026-10-05"))  # the notice's bridged days are unknown
    assert not c.is_workday(D("2026-10-10"))  # and so is the 调休 Saturday


@given(st.dates(date(2024, 1, 1), date(2029, 12, 31)), st.integers(0, 40))
def test_add_workdays_properties(start, n):
    cal = WorkCalendar.load()
    end = cal.add_workdays(start, n)
    assert cal.workdays_between(start, end) == n
    if n:
        assert end > start
        assert cal.is_workday(end)
        assert cal.add_workdays(start, n - 1) < end


@given(st.dates(date(2027, 1, 1), date(2035, 12, 31)))
def test_fallback_years_are_exactly_monday_friday_less_statutory_holidays(d):
    cal = WorkCalendar.load()
    statutory = d in statutory_holidays(d.year)
    assert cal.is_workday(d) == (d.weekday() < 5 and not statutory)
    assert cal.is_holiday(d) == statutory


# ---------------------------------------------------------------- round trip and merging


def test_to_dict_round_trips_the_shipped_file(cal):
    shipped = json.loads(default_calendar_path().read_text(encoding="utf-8"))
    assert cal.to_dict() == shipped
    assert WorkCalendar.from_dict(cal.to_dict()) == cal


def test_merging_a_user_file_for_2027(cal, tmp_path):
    user = write(
        tmp_path,
        year_doc(
            "2027",
            holidays=[{"name": "测试假", "from": "2027-03-01", "to": "2027-03-03"}],
            workdays=[{"name": "测试调休", "date": "2027-03-06"}],
            source="管理员录入（测试数据）",
        ),
    )
    merged = WorkCalendar.load(default_calendar_path(), user)
    assert merged.years == frozenset({2026, 2027})
    assert merged.has_year(2027)
    assert merged.is_holiday(D("2027-03-02")) and merged.holiday_name(D("2027-03-02")) == "测试假"
    assert merged.is_workday(D("2027-03-06"))  # a Saturday
    assert merged.is_holiday(D("2026-10-01"))  # 2026 kept
    assert merged.source(2027) == "管理员录入（测试数据）"
    assert WorkCalendar.from_dict(merged.to_dict()) == merged
    assert cal.merged(WorkCalendar.load(user)) == merged


def test_later_file_replaces_a_whole_year(tmp_path):
    corrected = write(tmp_path, year_doc("2026", holidays=[h("2026-10-01", "2026-10-03", "国庆节")]))
    c = WorkCalendar.load(default_calendar_path(), corrected)
    assert c.is_holiday(D("2026-10-03"))
    assert not c.is_holiday(D("2026-10-05"))  # removed by the correction
    assert not c.is_holiday(D("2026-01-01"))  # the whole 2026 block was replaced
    assert not c.is_workday(D("2026-10-10"))  # its 调休 went with it


def test_utf8_bom_is_accepted(tmp_path):
    p = tmp_path / "bom.json"
    p.write_bytes("\ufeff".encode() + json.dumps(year_doc("2027")).encode())
    assert WorkCalendar.load(p).has_year(2027)


def test_holidays_spilling_into_previous_year_are_allowed(tmp_path):
    doc = year_doc(
        "2030",
        holidays=[{"name": "元旦", "from": "2029-12-30", "to": "2030-01-01"}],
        workdays=[{"name": "元旦调休", "date": "2029-12-29"}],  # a Saturday
    )
    c = WorkCalendar.from_dict(doc)
    assert c.is_holiday(D("2029-12-31"))
    assert c.is_workday(D("2029-12-29"))
    assert not c.has_year(2029)


# ---------------------------------------------------------------- loading errors


def test_missing_file(tmp_path):
    with pytest.raises(CalendarError, match="找不到节假日文件"):
        WorkCalendar.load(tmp_path / "nope.json")


def test_bad_json_names_line(tmp_path):
    p = write(tmp_path, '{"format": 1, "years": {')
    with pytest.raises(CalendarError, match=r"不是有效的 JSON（第 1 行"):
        WorkCalendar.load(p)


def test_not_utf8(tmp_path):
    p = tmp_path / "gbk.json"
    p.write_bytes('{"format": 1, "years": {"2027": {"source": "国务院", "holidays": []}}}'.encode("gbk"))
    with pytest.raises(CalendarError, match="UTF-8"):
        WorkCalendar.load(p)


def test_duplicate_year_keys(tmp_path):
    p = write(tmp_path, '{"format": 1, "years": {"2027": {"holidays": []}, "2027": {"holidays": []}}}')
    with pytest.raises(CalendarError, match="重复"):
        WorkCalendar.load(p)


def test_error_message_names_the_file(tmp_path):
    p = write(tmp_path, year_doc("2027", holidays=[h("2027-02-30", "2027-03-01")]), "bad.json")
    with pytest.raises(CalendarError, match=r"bad\.json") as exc:
        WorkCalendar.load(p)
    assert "2027-02-30" in str(exc.value) and "不存在" in str(exc.value)


BAD_DOCS = {
    "not an object": ([], "顶层"),
    "wrong format": ({"format": 2, "years": {}}, "格式版本"),
    "format as bool": ({"format": True, "years": {}}, "格式版本"),
    "missing years": ({"format": 1}, "缺少字段 years"),
    "unknown top key": ({"format": 1, "years": {}, "yaers": {}}, "未知字段"),
    "years not object": ({"format": 1, "years": []}, "years 应为对象"),
    "bad year key": ({"format": 1, "years": {"27": {"holidays": []}}}, "年份键"),
    "year out of range": ({"format": 1, "years": {"1800": {"holidays": []}}}, "超出范围"),
    "misspelt holidays": ({"format": 1, "years": {"2027": {"holiday": []}}}, "未知字段 holiday"),
    "holidays not list": (year_doc("2027") | {"years": {"2027": {"holidays": {}}}}, "holidays 应为列表"),
    "bad date format": (year_doc("2027", [h("2027/03/01", "2027-03-02")]), "格式错误"),
    "impossible date": (year_doc("2027", [h("2027-02-29", "2027-03-01")]), "不存在"),
    "date not a string": (year_doc("2027", [h(20270301, "2027-03-02")]), "格式错误"),  # type: ignore
    "compact iso date": (year_doc("2027", [h("20270301", "2027-03-02")]), "格式错误"),
    "from after to": (year_doc("2027", [h("2027-03-05", "2027-03-01")]), "晚于"),
    "too long": (year_doc("2027", [h("2027-01-01", "2027-11-03")]), "超过 31 天"),
    "wrong year": (year_doc("2027", [h("2029-03-01", "2029-03-02")]), "不属于 2027 年"),
    "overlap": (
        year_doc("2027", [h("2027-03-01", "2027-03-05", "甲"), h("2027-03-05", "2027-03-06", "乙")]),
        "重叠",
    ),
    "empty name": (year_doc("2027", [h("2027-03-01", "2027-03-02", " ")]), "name"),
    "missing to": (year_doc("2027", [{"name": "x", "from": "2027-03-01"}]), "缺少字段 to"),
    "workday on weekday": (year_doc("2027", [], [{"name": "调休", "date": "2027-03-03"}]), "不是周六或周日"),
    "workday also holiday": (
        year_doc("2027", [h("2027-03-06", "2027-03-07")], [{"name": "调休", "date": "2027-03-06"}]),
        "放假日",
    ),
    "workday twice": (
        year_doc("2027", [], [{"name": "调休", "date": "2027-03-06"}] * 2),
        "重复",
    ),
    "source not text": (year_doc("2027", source=5), "source"),  # type: ignore[arg-type]
}


@pytest.mark.parametrize(("doc", "needle"), list(BAD_DOCS.values()), ids=list(BAD_DOCS))
def test_invalid_documents_raise_calendar_error(doc, needle, tmp_path):
    with pytest.raises(CalendarError, match=needle):
        WorkCalendar.from_dict(doc)
    # The same through a file, and CalendarError is a ValueError for callers that catch broadly.
    with pytest.raises(ValueError, match=needle):
        WorkCalendar.load(write(tmp_path, doc))


def test_conflict_between_years_after_merge():
    a = WorkCalendar.from_dict(year_doc("2029", [h("2029-12-29", "2029-12-31", "甲")]))
    b = WorkCalendar.from_dict(year_doc("2030", [], [{"name": "元旦调休", "date": "2029-12-29"}]))
    with pytest.raises(CalendarError, match="冲突"):
        a.merged(b)


def test_calendar_is_immutable_and_hashable(cal):
    with pytest.raises(AttributeError):
        cal.schedules = {}  # type: ignore[misc]
    assert hash(cal) == hash(WorkCalendar.load())
