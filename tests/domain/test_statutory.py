"""Statutory holidays for years without the State Council's schedule, and the flag on clocks counted with them.

The lunar and solar-term dates are checked against dates known from published notices (2025, 2026), not
against the table itself.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from reception.domain.calendar import WorkCalendar
from reception.domain.clocks import ClockKind, make_clock
from reception.domain.statutory import FIRST_TABLE_YEAR, LAST_TABLE_YEAR, statutory_holidays

D = date.fromisoformat
EMPTY = WorkCalendar()


@pytest.fixture(scope="module")
def shipped() -> WorkCalendar:
    return WorkCalendar.load()


def test_new_year_2027_is_never_a_working_day_without_2027_data(shipped: WorkCalendar) -> None:
    assert not shipped.has_year(2027)
    for cal in (EMPTY, shipped):
        assert D("2027-01-01").weekday() == 4  # a Friday
        assert not cal.is_workday(D("2027-01-01"))
        assert cal.is_holiday(D("2027-01-01"))
        assert cal.holiday_name(D("2027-01-01")) == "元旦"


@pytest.mark.parametrize(
    ("year", "new_year", "qingming", "duanwu", "midautumn"),
    [
        # 2025 and 2026 as in the State Council's notices for those years.
        (2025, "2025-01-29", "2025-04-04", "2025-05-31", "2025-10-06"),
        (2026, "2026-02-17", "2026-04-05", "2026-06-19", "2026-09-25"),
    ],
)
def test_lunar_and_solar_term_dates_match_published_notices(
    year: int, new_year: str, qingming: str, duanwu: str, midautumn: str
) -> None:
    days = statutory_holidays(year)
    ny = D(new_year)
    spring = sorted(d for d, n in days.items() if n == "春节")
    assert spring == [date.fromordinal(ny.toordinal() + i) for i in range(-1, 3)]  # 除夕, 初一–初三
    assert [d for d, n in days.items() if n == "清明节"] == [D(qingming)]
    assert [d for d, n in days.items() if n == "端午节"] == [D(duanwu)]
    assert [d for d, n in days.items() if n == "中秋节"] == [D(midautumn)]


@pytest.mark.parametrize("year", range(FIRST_TABLE_YEAR, LAST_TABLE_YEAR + 1))
def test_every_table_year_has_the_thirteen_days_of_the_2024_law(year: int) -> None:
    days = statutory_holidays(year)
    # 1 + 4 + 1 + 2 + 1 + 1 + 3, less one when 中秋 falls on 1–3 October (the law adds no day then).
    overlap = any(n == "国庆节、中秋节" for n in days.values())
    assert len(days) == 13 - overlap
    assert {D(f"{year}-01-01"), D(f"{year}-05-01"), D(f"{year}-05-02"), D(f"{year}-10-01"), D(f"{year}-10-03")} <= set(
        days
    )
    assert all(4 <= d.day <= 6 for d, n in days.items() if n == "清明节")
    assert sum(1 for n in days.values() if "中秋节" in n) == 1


def test_a_year_with_a_schedule_uses_the_schedule_only(shipped: WorkCalendar) -> None:
    # 2026-02-14 (Sat) is a 调休 working day in the notice; 2026-02-23 (Mon) is a bridged day off.
    assert shipped.is_workday(D("2026-02-14"))
    assert not shipped.is_workday(D("2026-02-23"))
    # Without the notice only the law's four 春节 days (02-16..02-19) are off; 02-23 is worked.
    assert EMPTY.is_workday(D("2026-02-23"))
    assert not EMPTY.is_workday(D("2026-02-16"))


def test_sixty_day_clock_from_late_2026_into_2027_is_flagged(shipped: WorkCalendar) -> None:
    clock = make_clock(ClockKind.HANDLE, D("2026-11-20"), shipped)
    assert clock.due == D("2027-01-19")
    assert clock.provisional_years == (2027,)
    shown = clock.to_dict(datetime(2026, 11, 21, 9))
    assert shown["provisional"] is True
    assert "2027" in shown["provisional_note"] and "国务院放假安排未导入" in shown["provisional_note"]
    assert clock.extended(30, shipped).provisional_years == (2027,)


def test_clock_within_2026_with_2026_data_is_not_flagged(shipped: WorkCalendar) -> None:
    for kind in (ClockKind.NOTIFY, ClockKind.OBJECT, ClockKind.HANDLE):
        clock = make_clock(kind, D("2026-03-02"), shipped)
        assert clock.provisional_years == ()
        shown = clock.to_dict(datetime(2026, 3, 3, 9))
        assert shown["provisional"] is False
        assert shown["provisional_note"] == ""


def test_five_working_days_skip_new_year_2027_without_data(shipped: WorkCalendar) -> None:
    # Thu 2026-12-31: Fri 01-01 is 元旦 (law), then Mon 4, Tue 5, Wed 6, Thu 7, Fri 8.
    clock = make_clock(ClockKind.OBJECT, D("2026-12-31"), shipped)
    assert clock.due == D("2027-01-08")
    assert clock.provisional_years == (2027,)
