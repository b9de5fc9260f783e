"""Clocks: due dates under the 条例's limits and the counting rules, warning levels, Clock objects.

Expected dates below are worked out by hand (the comments show the counting), not by the code.
Weekdays used: 2026-01-01 Thu, 2026-09-30 Wed, 2026-10-10 Sat, 2027-01-01 Fri, 2028-01-01 Sat,
2028-02-29 Tue.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reception.domain.calendar import WorkCalendar
from reception.domain.clocks import (
    CLOCK_ARTICLES,
    CLOCK_LABELS,
    CLOCK_LIMITS,
    MAX_EXTENSION_DAYS,
    WARNING_LABELS,
    Clock,
    ClockKind,
    Counting,
    CountingRules,
    WarningLevel,
    days_used_share,
    due_date,
    make_clock,
    warning_level,
)

D = date.fromisoformat
T = datetime.fromisoformat
CAL = WorkCalendar.load()
EXCL_NO_ROLL = CountingRules(first_day_excluded=True, roll_past_holiday=False)
INCL_ROLL = CountingRules(first_day_excluded=False, roll_past_holiday=True)
INCL_NO_ROLL = CountingRules(first_day_excluded=False, roll_past_holiday=False)
LEVEL_ORDER = list(WarningLevel)  # NORMAL < WARN < ALERT < SEVERE < OVERDUE
THIRTY = (
    ClockKind.REVIEW_REQUEST,
    ClockKind.REVIEW_ANSWER,
    ClockKind.RECHECK_REQUEST,
    ClockKind.RECHECK_ANSWER,
)


# ---------------------------------------------------------------- tables


def test_tables_cover_every_kind():
    assert set(CLOCK_LABELS) == set(ClockKind) == set(CLOCK_ARTICLES)
    assert set(WARNING_LABELS) == set(WarningLevel)
    assert set(ClockKind) - set(CLOCK_LIMITS) == {ClockKind.REFERRAL_FEEDBACK, ClockKind.SOURCE_FEEDBACK}


def test_statutory_limits():
    assert CLOCK_LIMITS[ClockKind.NOTIFY] == (15, Counting.CALENDAR)
    assert CLOCK_LIMITS[ClockKind.OBJECT] == (5, Counting.WORKDAYS)
    assert CLOCK_LIMITS[ClockKind.HANDLE] == (60, Counting.CALENDAR)
    for k in THIRTY:
        assert CLOCK_LIMITS[k] == (30, Counting.CALENDAR)
    assert MAX_EXTENSION_DAYS == 30
    assert CLOCK_ARTICLES[ClockKind.NOTIFY] == CLOCK_ARTICLES[ClockKind.OBJECT] == "条例第23条"
    assert CLOCK_ARTICLES[ClockKind.HANDLE] == "条例第34条"
    assert CLOCK_ARTICLES[ClockKind.REVIEW_ANSWER] == "条例第35条"
    assert CLOCK_ARTICLES[ClockKind.RECHECK_ANSWER] == "条例第36条"
    assert CLOCK_LABELS[ClockKind.NOTIFY] == "告知受理/去向"
    assert WARNING_LABELS[WarningLevel.SEVERE] == "严重警告"
    assert WARNING_LABELS[WarningLevel.OVERDUE] == "超期"


def test_enums_are_strings():
    assert ClockKind.HANDLE == "handle"
    assert Counting("workdays") is Counting.WORKDAYS
    assert WarningLevel("overdue") is WarningLevel.OVERDUE


# ---------------------------------------------------------------- every clock at month ends


MONTH_END_CASES = {
    # Sat 2026-01-31. 15 d -> Sun 02-15 = 春节 (02-15..23) -> rolls to Tue 02-24.
    # 5 wd: Mon 02-02 .. Fri 02-06.  60 d: 02-28 is +28, 03-31 is +59, 04-01 is +60.
    # 30 d: 02-28 is +28, 03-02 is +30.
    "2026-01-31": {
        ClockKind.NOTIFY: "2026-02-24",
        ClockKind.OBJECT: "2026-02-06",
        ClockKind.HANDLE: "2026-04-01",
        **dict.fromkeys(THIRTY, "2026-03-02"),
    },
    # Mon 2028-01-31 (leap year, no data: Mon-Fri, nothing rolls). 15 d -> 02-15.
    # 5 wd: Tue 1, Wed 2, Thu 3, Fri 4, Mon 7 Feb.  60 d: 02-29 is +29, 03-31 is +60.
    # 30 d: 02-29 is +29, 03-01 is +30.
    "2028-01-31": {
        ClockKind.NOTIFY: "2028-02-15",
        ClockKind.OBJECT: "2028-02-07",
        ClockKind.HANDLE: "2028-03-31",
        **dict.fromkeys(THIRTY, "2028-03-01"),
    },
    # Leap day, Tue 2028-02-29. 15 d -> 03-15.  5 wd: Wed 1, Thu 2, Fri 3, Mon 6, Tue 7 Mar.
    # 60 d: 03-31 is +31, 04-29 is +60.  30 d: 03-30.
    "2028-02-29": {
        ClockKind.NOTIFY: "2028-03-15",
        ClockKind.OBJECT: "2028-03-07",
        ClockKind.HANDLE: "2028-04-29",
        **dict.fromkeys(THIRTY, "2028-03-30"),
    },
    # Thu 2026-12-31, crossing into 2027 (no data). 15 d -> 2027-01-15.
    # 5 wd: Fri 2027-01-01 is 元旦 by law (no 2027 notice), so Mon 4, Tue 5, Wed 6, Thu 7, Fri 8.
    # 60 d: 01-31 is +31, 02-28 is +59, 03-01 is +60.  30 d: 01-30.
    "2026-12-31": {
        ClockKind.NOTIFY: "2027-01-15",
        ClockKind.OBJECT: "2027-01-08",
        ClockKind.HANDLE: "2027-03-01",
        **dict.fromkeys(THIRTY, "2027-01-30"),
    },
}


@pytest.mark.parametrize(
    ("start", "kind", "expected"),
    [(s, k, e) for s, table in MONTH_END_CASES.items() for k, e in table.items()],
)
def test_every_clock_at_month_ends(start, kind, expected):
    days, counting = CLOCK_LIMITS[kind]
    assert due_date(D(start), days, counting, CAL) == D(expected)
    assert make_clock(kind, D(start), CAL).due == D(expected)


def test_leap_day_is_a_due_date():
    # 2028-02-14 + 15 = 02-29; counting the first day, 2028-01-31 + 30 - 1 = 02-29.
    assert due_date(D("2028-02-14"), 15, Counting.CALENDAR, CAL) == D("2028-02-29")
    assert due_date(D("2028-01-31"), 30, Counting.CALENDAR, CAL, INCL_ROLL) == D("2028-02-29")
    # Non-leap 2027: 2027-01-31 + 30 = 03-02.
    assert due_date(D("2027-01-31"), 30, Counting.CALENDAR, CAL) == D("2027-03-02")


# ---------------------------------------------------------------- holidays


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2026-09-16", "2026-10-08"),  # +15 = 10-01 (国庆) -> first non-holiday 10-08
        ("2026-09-19", "2026-10-08"),  # +15 = 10-04
        ("2026-09-22", "2026-10-08"),  # +15 = 10-07, last day of 国庆
        ("2026-09-15", "2026-09-30"),  # +15 = Wed 09-30, no holiday
        ("2026-09-23", "2026-10-08"),  # +15 = 10-08 itself
        ("2026-09-10", "2026-09-28"),  # +15 = 09-25 (中秋 25..27) -> Mon 09-28
        # +15 = 2026-01-01 (元旦 1..3) -> Sun 01-04, a 调休 working day and no holiday.
        ("2025-12-17", "2026-01-04"),
        ("2026-06-06", "2026-06-22"),  # +15 = Sun 06-21 (端午 19..21) -> Mon 06-22
        ("2026-01-02", "2026-01-17"),  # +15 = Sat 01-17: an ordinary weekend does NOT roll
    ],
)
def test_notify_rolls_past_configured_holiday(start, expected):
    assert due_date(D(start), 15, Counting.CALENDAR, CAL) == D(expected)


def test_handle_and_review_roll_past_national_day():
    # 2026-08-02 + 60: 08-31 is +29, 09-30 is +59, 10-01 is +60 -> 国庆 -> 10-08.
    assert due_date(D("2026-08-02"), 60, Counting.CALENDAR, CAL) == D("2026-10-08")
    # 2026-09-01 + 30 = 10-01 -> 10-08.
    assert due_date(D("2026-09-01"), 30, Counting.CALENDAR, CAL) == D("2026-10-08")


@pytest.mark.parametrize(
    ("start", "rules", "expected"),
    [
        # Wed 2026-09-30 not counted.  10-01..07 国庆 off; Thu 10-08 = 1, Fri 10-09 = 2,
        # Sat 10-10 (调休 working day) = 3, Sun 10-11 off, Mon 10-12 = 4, Tue 10-13 = 5.
        ("2026-09-30", CountingRules(), "2026-10-13"),
        # Same with the first day counted: Wed 09-30 = 1, 10-08 = 2, 10-09 = 3, Sat 10-10 = 4, Mon 10-12 = 5.
        ("2026-09-30", INCL_ROLL, "2026-10-12"),
        # First day counted but it is a holiday (10-03): it cannot count -> 08, 09, 10, 12, 13.
        ("2026-10-03", INCL_ROLL, "2026-10-13"),
        # Fri 02-13: Sat 02-14 (调休) = 1, 02-15..23 春节, Tue 24 = 2, Wed 25 = 3, Thu 26 = 4, Fri 27 = 5.
        ("2026-02-13", CountingRules(), "2026-02-27"),
        # Thu 02-26: Fri 27 = 1, Sat 02-28 (调休) = 2, Mon 03-02 = 3, Tue 03-03 = 4, Wed 03-04 = 5.
        ("2026-02-26", CountingRules(), "2026-03-04"),
        # Fri 09-18: Sat 19 off, Sun 09-20 (调休) = 1, Mon 21 .. Thu 24 = 2..5 (中秋 starts Fri 25).
        ("2026-09-18", CountingRules(), "2026-09-24"),
        # Wed 2025-12-31 (2025 has no data): 01-01..03 元旦, Sun 01-04 (调休) = 1, Mon 5 .. Thu 8 = 2..5.
        ("2025-12-31", CountingRules(), "2026-01-08"),
        # Roll rule is irrelevant to working days.
        ("2026-09-30", EXCL_NO_ROLL, "2026-10-13"),
    ],
)
def test_object_counts_working_days(start, rules, expected):
    assert due_date(D(start), 5, Counting.WORKDAYS, CAL, rules) == D(expected)


def test_object_with_empty_calendar_is_monday_friday_less_statutory_holidays():
    # Without holiday data only the law's 国庆 10-01..03 are off: Mon 5, Tue 6, Wed 7, Thu 8, Fri 9.
    assert due_date(D("2026-09-30"), 5, Counting.WORKDAYS, WorkCalendar()) == D("2026-10-09")


# ---------------------------------------------------------------- rule toggles


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (CountingRules(), "2026-10-08"),  # 09-16 + 15 = 10-01 (国庆) -> rolled to 10-08
        (EXCL_NO_ROLL, "2026-10-01"),  # not rolled: ends on the holiday
        (INCL_ROLL, "2026-09-30"),  # 09-16 is day 1, day 15 = Wed 09-30: nothing to roll
        (INCL_NO_ROLL, "2026-09-30"),
    ],
)
def test_rule_toggles_from_sep_16(rules, expected):
    assert due_date(D("2026-09-16"), 15, Counting.CALENDAR, CAL, rules) == D(expected)


def test_first_day_counted_shortens_by_one():
    assert due_date(D("2026-03-01"), 15, Counting.CALENDAR, CAL) == D("2026-03-16")
    assert due_date(D("2026-03-01"), 15, Counting.CALENDAR, CAL, INCL_NO_ROLL) == D("2026-03-15")
    assert due_date(D("2026-03-01"), 1, Counting.CALENDAR, CAL, INCL_NO_ROLL) == D("2026-03-01")
    # Working days: Mon 03-02 counted -> Mon 2, Tue 3, Wed 4, Thu 5, Fri 6; excluded -> Mon 03-09.
    assert due_date(D("2026-03-02"), 5, Counting.WORKDAYS, CAL, INCL_NO_ROLL) == D("2026-03-06")
    assert due_date(D("2026-03-02"), 5, Counting.WORKDAYS, CAL) == D("2026-03-09")
    # A Sunday start is not a working day, so counting "the first day" changes nothing.
    assert due_date(D("2026-03-01"), 5, Counting.WORKDAYS, CAL, INCL_NO_ROLL) == D("2026-03-06")


def test_first_day_counted_landing_in_holiday_rolls():
    # 09-17 is day 1 -> day 15 = 10-01 (国庆) -> 10-08; without roll 10-01.
    assert due_date(D("2026-09-17"), 15, Counting.CALENDAR, CAL, INCL_ROLL) == D("2026-10-08")
    assert due_date(D("2026-09-17"), 15, Counting.CALENDAR, CAL, INCL_NO_ROLL) == D("2026-10-01")


def test_due_date_rejects_empty_period():
    with pytest.raises(ValueError):
        due_date(D("2026-03-01"), 0, Counting.CALENDAR, CAL)


def test_due_date_accepts_datetime_start():
    assert due_date(datetime(2026, 9, 30, 16, 45), 5, Counting.WORKDAYS, CAL) == D("2026-10-13")
    assert due_date(datetime(2026, 9, 16, 8), 15, Counting.CALENDAR, CAL) == D("2026-10-08")


@given(
    st.dates(date(2025, 6, 1), date(2028, 12, 31)),
    st.integers(1, 120),
    st.booleans(),
    st.booleans(),
)
def test_calendar_due_date_properties(start, days, excluded, roll):
    rules = CountingRules(first_day_excluded=excluded, roll_past_holiday=roll)
    raw = start + timedelta(days=days if excluded else days - 1)
    due = due_date(start, days, Counting.CALENDAR, CAL, rules)
    if not roll:
        assert due == raw
    else:
        assert due >= raw
        assert not CAL.is_holiday(due)
        # Every skipped day was a statutory holiday, never an ordinary weekend.
        assert all(CAL.is_holiday(raw + timedelta(days=i)) for i in range((due - raw).days))


@given(st.dates(date(2025, 6, 1), date(2028, 12, 31)), st.integers(1, 40), st.booleans())
def test_workday_due_date_properties(start, days, excluded):
    rules = CountingRules(first_day_excluded=excluded)
    due = due_date(start, days, Counting.WORKDAYS, CAL, rules)
    assert CAL.is_workday(due)
    counted = CAL.workdays_between(start, due) + (0 if excluded else int(CAL.is_workday(start)))
    assert counted == days


# ---------------------------------------------------------------- warning levels
# start 2026-03-01 (00:00), due 2026-03-10 -> allowed time = 03-01 00:00 .. 03-11 00:00 = 10 days,
# so 1 % = 2 h 24 min: 50 % = 03-06 00:00, 75 % = 03-08 12:00, 85 % = 03-09 12:00, 99 % = 03-10 21:36.

S, DUE = D("2026-03-01"), D("2026-03-10")
JUST = timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("at", "below", "level"),
    [
        ("2026-03-06T00:00", WarningLevel.NORMAL, WarningLevel.WARN),
        ("2026-03-08T12:00", WarningLevel.WARN, WarningLevel.ALERT),
        ("2026-03-09T12:00", WarningLevel.ALERT, WarningLevel.SEVERE),
        ("2026-03-10T21:36", WarningLevel.SEVERE, WarningLevel.OVERDUE),
        ("2026-03-11T00:00", WarningLevel.OVERDUE, WarningLevel.OVERDUE),  # end of the due day
    ],
)
def test_thresholds_exactly_and_just_below(at, below, level):
    assert warning_level(S, DUE, T(at)) is level
    assert warning_level(S, DUE, T(at) - JUST) is below
    assert warning_level(S, DUE, T(at) - timedelta(seconds=1)) is below


def test_share_values_at_thresholds():
    assert days_used_share(S, DUE, T("2026-03-01T00:00")) == 0
    assert days_used_share(S, DUE, T("2026-03-06T00:00")) == 0.50
    assert days_used_share(S, DUE, T("2026-03-08T12:00")) == 0.75
    assert days_used_share(S, DUE, T("2026-03-09T12:00")) == 0.85
    assert days_used_share(S, DUE, T("2026-03-10T21:36")) == 0.99
    assert days_used_share(S, DUE, T("2026-03-11T00:00")) == 1


def test_levels_before_start_and_long_after_due():
    assert warning_level(S, DUE, T("2026-02-20T09:00")) is WarningLevel.NORMAL
    assert warning_level(S, DUE, T("2026-03-01T00:00")) is WarningLevel.NORMAL
    assert warning_level(S, DUE, T("2026-03-10T12:00")) is WarningLevel.SEVERE  # due day, 95 %
    assert warning_level(S, DUE, T("2026-03-12T09:00")) is WarningLevel.OVERDUE
    assert warning_level(S, DUE, T("2027-01-01T00:00")) is WarningLevel.OVERDUE


def test_datetime_start_counts_from_that_moment():
    # 03-01 12:00 .. 03-11 00:00 = 9.5 days; 50 % after 4.75 days = 03-06 06:00.
    start = T("2026-03-01T12:00")
    assert warning_level(start, DUE, T("2026-03-06T06:00")) is WarningLevel.WARN
    assert warning_level(start, DUE, T("2026-03-06T05:59:59")) is WarningLevel.NORMAL


def test_date_now_means_start_of_day():
    assert warning_level(S, DUE, D("2026-03-06")) is WarningLevel.WARN
    assert warning_level(S, DUE, D("2026-03-11")) is WarningLevel.OVERDUE


def test_due_before_start_is_overdue_once_running():
    # A higher agency's feedback date already past when the matter reached us.
    start, due = D("2026-03-05"), D("2026-03-01")
    assert warning_level(start, due, T("2026-03-05T08:00")) is WarningLevel.OVERDUE
    assert days_used_share(start, due, T("2026-03-05T08:00")) == float("inf")


def test_same_day_due():
    # start = due: the whole day is allowed; noon is 50 %.
    assert warning_level(S, S, T("2026-03-01T11:59")) is WarningLevel.NORMAL
    assert warning_level(S, S, T("2026-03-01T12:00")) is WarningLevel.WARN
    assert warning_level(S, S, T("2026-03-02T00:00")) is WarningLevel.OVERDUE


def test_custom_and_invalid_thresholds():
    th = (0.25, 0.5, 0.75, 1.0)
    assert warning_level(S, DUE, T("2026-03-03T12:00"), th) is WarningLevel.WARN  # 25 %
    assert warning_level(S, DUE, T("2026-03-10T23:59"), th) is WarningLevel.SEVERE  # < 100 %
    assert warning_level(S, DUE, T("2026-03-11T00:00"), (0.5, 0.75, 0.85, 5.0)) is WarningLevel.OVERDUE
    for bad in [(0.5, 0.75, 0.85), (0.75, 0.5, 0.85, 0.99), (0, 0.5, 0.6, 0.7)]:
        with pytest.raises(ValueError):
            warning_level(S, DUE, T("2026-03-05T00:00"), bad)


@given(
    st.dates(date(2026, 1, 1), date(2026, 12, 31)),
    st.integers(0, 90),
    st.datetimes(datetime(2025, 12, 1), datetime(2027, 6, 1)),
    st.timedeltas(timedelta(0), timedelta(days=30)),
)
def test_level_never_decreases_with_time(start, days, now, later):
    due = start + timedelta(days=days)
    a = warning_level(start, due, now)
    b = warning_level(start, due, now + later)
    assert LEVEL_ORDER.index(a) <= LEVEL_ORDER.index(b)
    end = datetime.combine(due + timedelta(days=1), datetime.min.time())
    if now >= end:
        assert a is WarningLevel.OVERDUE


# ---------------------------------------------------------------- Clock


def test_clock_basics_and_to_dict():
    c = make_clock(ClockKind.NOTIFY, D("2026-09-16"), CAL)
    assert c == Clock(ClockKind.NOTIFY, D("2026-09-16"), D("2026-10-08"))
    assert c.label == "告知受理/去向" and c.article == "条例第23条"
    assert c.days_left(D("2026-10-01")) == 7
    assert c.days_left(D("2026-10-08")) == 0
    assert c.days_left(D("2026-10-10")) == -2
    now = T("2026-10-09T10:00")
    assert c.to_dict(now) == {
        "kind": "notify",
        "label": "告知受理/去向",
        "article": "条例第23条",
        "start": "2026-09-16",
        "due": "2026-10-08",
        "days_left": -1,
        "level": "overdue",
        "level_label": "超期",
        "stopped_at": None,
        "extended_days": 0,
        "provisional": False,
        "provisional_years": [],
        "provisional_note": "",
    }


def test_stopped_clock_levels():
    c = Clock(ClockKind.OBJECT, D("2026-09-30"), D("2026-10-13"))
    on_time = c.stop(T("2026-10-13T23:59:59"))
    late = c.stop(T("2026-10-14T00:00"))
    much_later = T("2026-12-01T00:00")
    assert on_time.level(much_later) is WarningLevel.NORMAL
    assert late.level(much_later) is WarningLevel.OVERDUE
    # A clock stopped early stays NORMAL even when "now" would be severe for a running clock.
    early = c.stop(T("2026-10-01T09:00"))
    # 09-30 00:00 .. 10-14 00:00 = 14 days; 10-13 20:00 is 13 d 20 h = 332/336 h = 98.8 %.
    assert c.level(T("2026-10-13T20:00")) is WarningLevel.SEVERE
    assert early.level(T("2026-10-13T20:00")) is WarningLevel.NORMAL
    d = late.to_dict(much_later)
    assert d["stopped_at"] == "2026-10-14T00:00:00" and d["level_label"] == "超期"
    assert on_time.stopped and not c.stopped


def test_clock_is_frozen():
    c = Clock(ClockKind.HANDLE, D("2026-03-01"), D("2026-04-30"))
    with pytest.raises(AttributeError):
        c.due = D("2026-05-30")  # type: ignore[misc]


def test_extension_of_handle_clock():
    c = make_clock(ClockKind.HANDLE, D("2026-08-02"), CAL)
    assert c.due == D("2026-10-08")  # +60 = 10-01, rolled past 国庆
    e = c.extended(30, CAL)
    # 60 + 30 = 90 days from 08-02: 10-01 is +60, 10-31 is +90 (Sat, not a holiday, not rolled).
    assert e.due == D("2026-10-31") and e.extended_days == 30
    assert e.to_dict(T("2026-10-01T00:00"))["extended_days"] == 30
    # 07-03 + 90: 07-31 is +28, 08-31 is +59, 09-30 is +89, 10-01 is +90 -> rolled to 10-08.
    assert make_clock(ClockKind.HANDLE, D("2026-07-03"), CAL).extended(30, CAL).due == D("2026-10-08")
    with pytest.raises(ValueError, match="一次"):
        e.extended(1, CAL)
    with pytest.raises(ValueError):
        c.extended(MAX_EXTENSION_DAYS + 1, CAL)
    with pytest.raises(ValueError):
        c.extended(0, CAL)
    with pytest.raises(ValueError, match="不能延期"):
        make_clock(ClockKind.NOTIFY, D("2026-08-02"), CAL).extended(5, CAL)


def test_make_clock_explicit_due_kinds():
    c = make_clock(ClockKind.SOURCE_FEEDBACK, D("2026-03-02"), CAL, due=D("2026-03-20"))
    assert c.due == D("2026-03-20") and c.article == "上级来文载明"
    r = make_clock(ClockKind.REFERRAL_FEEDBACK, D("2026-03-02"), CAL, due=D("2026-03-09"))
    assert r.label == "交办反馈" and r.due == D("2026-03-09")
    with pytest.raises(ValueError):
        make_clock(ClockKind.REFERRAL_FEEDBACK, D("2026-03-02"), CAL)
    with pytest.raises(ValueError):
        make_clock(ClockKind.NOTIFY, D("2026-03-02"), CAL, due=D("2026-03-20"))


def test_recheck_answer_hearing_time_not_counted():
    # 30 days + a 10-day hearing: 2026-03-02 + 40 = 04-11.
    c = make_clock(ClockKind.RECHECK_ANSWER, D("2026-03-02"), CAL, not_counted_days=10)
    assert c.due == D("2026-04-11")
    assert make_clock(ClockKind.RECHECK_ANSWER, D("2026-03-02"), CAL).due == D("2026-04-01")


def test_make_clock_honours_rules():
    assert make_clock(ClockKind.NOTIFY, D("2026-09-16"), CAL, EXCL_NO_ROLL).due == D("2026-10-01")
    assert make_clock(ClockKind.OBJECT, D("2026-09-30"), CAL, INCL_ROLL).due == D("2026-10-12")
