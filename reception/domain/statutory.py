"""The statutory holidays fixed by law, for years whose State Council schedule was not imported.

Why: the annual notice (调休 make-up working days, bridged days) cannot be computed, but the days off that
《全国年节及纪念日放假办法》 itself fixes can.  As amended by the State Council in 2024 (in force 2025-01-01),
art 2 gives every citizen 13 days: 元旦 1 January (1 day); 春节 农历除夕 and 正月初一至初三 (4 days); 清明节 the
day of the 清明 solar term (1 day); 劳动节 1–2 May (2 days); 端午节 农历五月初五 (1 day); 中秋节 农历八月十五
(1 day); 国庆节 1–3 October (3 days).

A calendar that lacks a year's notice counts these days off and no others; every clock counted that way is
flagged (``Clock.provisional_years``) so the clerk sees that the due date is an estimate.

The lunar dates need the Chinese calendar, which this module does not compute: :data:`_LUNAR_TABLE` lists, for
2025–2060, 正月初一, the 清明 day of April, 五月初五 and 八月十五.  It was generated with three independent
implementations from PyPI that agree on every entry (lunar-python 1.4.8, lunardate 0.3.0 and borax 4.1.3;
borax departs from the other two in 2089, well past the table's end), and the 清明 day also agrees with the
寿星 formula ``floor(Y·0.2422 + 4.81) − floor(Y/4)`` for the 21st century; the tests check it against the 2025
and 2026 notices.  Outside the table only the fixed-date holidays are known (before 2025 by the 2013 version of
the law: 元旦 1, 劳动节 1, 国庆节 3 days).  The days before 2025 matter only for matters entered back-dated.

Standard library only (``reception.domain``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache

__all__ = ["FIRST_TABLE_YEAR", "LAST_TABLE_YEAR", "LAW_IN_FORCE_YEAR", "statutory_holidays"]

#: The 2024 amendment applies from 2025-01-01.
LAW_IN_FORCE_YEAR = 2025

#: year: (正月初一 as MMDD, 清明 day of April, 五月初五 as MMDD, 八月十五 as MMDD), Gregorian dates.
_LUNAR_TABLE: dict[int, tuple[str, int, str, str]] = {
    2025: ("0129", 4, "0531", "1006"),
    2026: ("0217", 5, "0619", "0925"),
    2027: ("0206", 5, "0609", "0915"),
    2028: ("0126", 4, "0528", "1003"),
    2029: ("0213", 4, "0616", "0922"),
    2030: ("0203", 5, "0605", "0912"),
    2031: ("0123", 5, "0624", "1001"),
    2032: ("0211", 4, "0612", "0919"),
    2033: ("0131", 4, "0601", "0908"),
    2034: ("0219", 5, "0620", "0927"),
    2035: ("0208", 5, "0610", "0916"),
    2036: ("0128", 4, "0530", "1004"),
    2037: ("0215", 4, "0618", "0924"),
    2038: ("0204", 5, "0607", "0913"),
    2039: ("0124", 5, "0527", "1002"),
    2040: ("0212", 4, "0614", "0920"),
    2041: ("0201", 4, "0603", "0910"),
    2042: ("0122", 4, "0622", "0928"),
    2043: ("0210", 5, "0611", "0917"),
    2044: ("0130", 4, "0531", "1005"),
    2045: ("0217", 4, "0619", "0925"),
    2046: ("0206", 4, "0608", "0915"),
    2047: ("0126", 5, "0529", "1004"),
    2048: ("0214", 4, "0615", "0922"),
    2049: ("0202", 4, "0604", "0911"),
    2050: ("0123", 4, "0623", "0930"),
    2051: ("0211", 5, "0613", "0919"),
    2052: ("0201", 4, "0601", "0907"),
    2053: ("0219", 4, "0620", "0926"),
    2054: ("0208", 4, "0610", "0916"),
    2055: ("0128", 5, "0530", "1005"),
    2056: ("0215", 4, "0617", "0924"),
    2057: ("0204", 4, "0606", "0913"),
    2058: ("0124", 4, "0625", "1002"),
    2059: ("0212", 5, "0614", "0921"),
    2060: ("0202", 4, "0603", "0909"),
}

FIRST_TABLE_YEAR = min(_LUNAR_TABLE)
LAST_TABLE_YEAR = max(_LUNAR_TABLE)


def _md(year: int, mmdd: str) -> date:
    return date(year, int(mmdd[:2]), int(mmdd[2:]))


@cache
def statutory_holidays(year: int) -> Mapping[date, str]:
    """Every day off the law fixes in ``year`` (date → holiday name), without the annual 调休 schedule."""
    days: dict[date, str] = {date(year, 1, 1): "元旦", date(year, 5, 1): "劳动节"}
    if year >= LAW_IN_FORCE_YEAR:
        days[date(year, 5, 2)] = "劳动节"
    for d in (1, 2, 3):
        days[date(year, 10, d)] = "国庆节"
    lunar = _LUNAR_TABLE.get(year)
    if lunar is not None:
        new_year, qingming, duanwu, midautumn = lunar
        first = _md(year, new_year)
        for offset in (-1, 0, 1, 2):  # 除夕, 正月初一至初三
            days[first + timedelta(days=offset)] = "春节"
        days[date(year, 4, qingming)] = "清明节"
        days[_md(year, duanwu)] = "端午节"
        mid = _md(year, midautumn)
        # 中秋 on 1–3 October (2028, 2031, ...): the law gives no extra day; the day carries both names.
        days[mid] = "国庆节、中秋节" if mid in days else "中秋节"
    return days
