"""Statistics of the desk: 件次 and 人次, by dimension, the five rates, with 同比 and 环比.

## Statistics: definitions

Every figure can be checked by hand against the ledger (`reception show NUMBER --json` lists a matter's
events and dates); `reception stats --from D --to D --json` prints the figures with their numerators and
denominators.

**Period.** `--from D1 --to D2` covers the matters *registered as received* (登记时间 `received_at`) from 00:00 of
D1 to 24:00 of D2, both days included. Each figure counts those matters **as the ledger stands when the
statistics are computed** (statuses, replies and ratings recorded up to that moment, back-dated entries
included), so a past period's rates can still change while its matters are being handled.

**同比** (`previous_year`): the same dates one year earlier; 29 February becomes 28 February. A period of whole
calendar months (D1 is the 1st, D2 the last day of a month) maps to the same whole months one year earlier
(2028-02-01..2028-02-29 → 2027-02-01..2027-02-28; 2027-02 → 2026-02).

**环比** (`previous_period`): the period of the same length immediately before. The length is counted in whole
months when the period is whole calendar months (a month → the month before, a quarter → the quarter before,
a year → the year before), otherwise in days (2026-05-10..2026-05-16 → 2026-05-03..2026-05-09).

**件次** (`matters`): the number of matters. **人次** (`persons`): the sum of their 信访人数 (`headcount`): a
collective visit of 30 people is 1 件次 and 30 人次.

**By dimension** (`by_channel`, `by_purpose`, `by_category`, `by_content_category`, `by_location` 问题属地,
`by_handling_unit`, `by_status`, `by_clerk`; `persons_by_*` the same in 人次): matters per code. Channel, purpose,
category, content category, 问题属地 and clerk (the first receiver) are as registered; status and handling unit
are as they stand now (the handling unit is the unit or agency the matter was last assigned, referred or
directed to; `""` = none yet). Each matter counts under exactly one code of each dimension, so every dimension
adds up to 件次 and 人次. Fixed code lists (channel, purpose, category, status) list every code, zeros included.

**重复访** (`repeat_matters`/`repeat_persons`): matters registered as 重件 (joined to an earlier matter of the same
person). **集体访** (`collective_matters`/`collective_persons`): matters registered as collective visits;
`collective_by_size` splits them by headcount into 1-4, 5-9, 10-19, 20-49, 50-99 and 100+ (a clerk may mark a
smaller group as collective; "1-4" shows those). **越级访** (`skip_level_matters`/`skip_level_persons`): matters
registered as skip-level.

**领导接访** (`leader_received_matters`/`_persons`): matters of the period that a leader received (a 领导接访
record, `reception act NUMBER leader-receive`), each counted once however many leaders received it.
**领导包案** (`leader_assigned_matters`/`_persons`): matters that have a 包案 leader now. **领导批示**
(`leader_instruction_matters`): matters with at least one 批示. **领导接访日** (`leader_days`): reception days
scheduled on a date inside the period.

**及时受理率** (`on_time_acceptance_rate`) = `answered_on_time` / `answered_matters`.
`answered_matters`: matters that have had their first answer — 受理, 不予受理, 转送, 当场答复 or 异议退回 (the step
that stops the 15-day 告知 clock of 条例 art 23). `answered_on_time`: those whose first answer came on or before
the 告知 due day: the received day + 15 days, counted exactly as the desk's clocks count it (the first day is not
counted; a due day on a statutory holiday moves past the holiday; the same holiday calendar and switches).
Matters still waiting for their first answer are left out (the supervision board shows them).

**按期办结率** (`on_time_closure_rate`) = `finished_on_time` / `finished_matters`.
`finished_matters`: matters whose status is one of 不予受理, 已转送, 当场答复, 已退回, 已答复, 已回访, 已复查,
已复核, 已办结 (`FINISHED_STATUSES`). `finished_on_time`: a matter finished without acceptance (不予受理, 转送,
当场答复, 退回) is in time when that first answer was (as above); an accepted route-(6) matter when its written
reply (答复) came on or before the 办理 due day: the acceptance day + 60 days + the extension days (条例 art 34),
counted like the desk's clock; a matter accepted on routes (1)-(5) has no petition time limit (it follows its own
legal procedure) and counts as in time.

**办结率** (`closure_rate`) = `finished_matters` / `matters`. A matter accepted on routes (1)-(5) of 条例 art 31 is
finished when, after the visitor was told the legal route (告知法定途径), it was closed as 转入法定程序 or 依法履行
(status 已办结); until then it is counted as not finished (已受理). A matter whose 复查/复核 the higher agency is
handling (复查中, 复核中) is not finished either.

**满意率** (`satisfaction_rate`) = `satisfied_matters` / `rated_matters`: `rated_matters` are the matters with a
回访 result recorded (the latest one counts), `satisfied_matters` those rated 满意 or 基本满意 (`by_satisfaction`
has the three results).

**参评率** (`rating_rate`) = `rated_matters` / `reply_matters`: `reply_matters` are the matters that reached a
written reply or an on-the-spot answer (答复 or 当场答复, the steps a 回访 can follow).

Rates are fractions from 0 to 1, `null` when the denominator is 0. In the printed and spreadsheet reports a
count's 同比/环比 change is (本期 − 对比期) ÷ 对比期 ("—" when the comparison period has none) and a rate's change is
the difference in percentage points.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from reception.domain.clocks import CLOCK_LIMITS, ClockKind, due_date
from reception.domain.codes import (
    CATEGORY_LABELS,
    CHANNEL_LABELS,
    FINISHED_STATUSES,
    PURPOSE_LABELS,
    SATISFACTION_LABELS,
    STATUS_LABELS,
    Category,
    Channel,
    Purpose,
    Satisfaction,
    Status,
)
from reception.domain.ledger import DrillDown, LedgerFilter
from reception.domain.matter import InvalidInput, parse_date
from reception.domain.text import escape_controls
from reception.domain.views import DayCount
from reception.services.audit import Head
from reception.services.ledger import LedgerService
from reception.storage.db import Store
from reception.storage.stats import SIZE_BANDS, PeriodAggregates, PeriodQuery, StatsQuery

__all__ = [
    "DIMENSIONS",
    "MAX_PERIOD_DAYS",
    "PRESETS",
    "SIZE_BANDS",
    "Period",
    "PeriodFigures",
    "ReportRow",
    "ReportSection",
    "StatisticsReport",
    "StatisticsService",
    "change",
    "parse_period",
    "preset_period",
    "previous_period",
    "previous_year",
    "report_sections",
]

#: The longest period a report covers (ten years): the queries join one row per day.
MAX_PERIOD_DAYS = 3700

#: JSON key suffix → (dimension in the SQL, the fixed code list with labels, or None for free text)
DIMENSIONS: dict[str, tuple[str, dict[str, str] | None]] = {
    "channel": ("channel", {c.value: CHANNEL_LABELS[c] for c in Channel}),
    "purpose": ("purpose", {p.value: PURPOSE_LABELS[p] for p in Purpose}),
    "category": ("category", {c.value: CATEGORY_LABELS[c] for c in Category}),
    "status": ("status", {s.value: STATUS_LABELS[s] for s in Status}),
    "content_category": ("content_category", None),
    "location": ("location", None),
    "handling_unit": ("handling_unit", None),
    "clerk": ("clerk", None),
}

DIMENSION_LABELS = {
    "channel": "信访形式",
    "purpose": "信访目的",
    "category": "信访类别",
    "status": "办理状态",
    "content_category": "内容分类",
    "location": "问题属地",
    "handling_unit": "承办单位",
    "clerk": "接待人",
}

PRESETS = {"this_month": "本月", "last_month": "上月", "this_quarter": "本季度", "this_year": "本年"}


# -- periods --------------------------------------------------------------------------------------------------


def _last_day(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def _add_months(d: date, months: int) -> date:
    """The first day of the month ``months`` after ``d``'s month."""
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Received days ``start``..``end``, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> int:
        """How many calendar months the period is when it is whole months (1st to a month's last day), else 0."""
        if self.start.day != 1 or self.end != _last_day(self.end.year, self.end.month):
            return 0
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def label(self) -> str:
        start, end = self.start, self.end
        return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "days": self.days}


# -- the figures (the report's read model) -------------------------------------------------------------------

Counts = Mapping[str, int]


@dataclass(frozen=True)
class PeriodFigures:
    """The figures of one period (see the definitions above); the ``by_*``/``persons_by_*`` mappings are code →
    件次/人次, fixed code lists first in their order, free text by count.

    The fields are in the order ``stats --json`` writes them."""

    period: Period
    matters: int
    persons: int
    by_channel: Counts
    persons_by_channel: Counts
    by_purpose: Counts
    persons_by_purpose: Counts
    by_category: Counts
    persons_by_category: Counts
    by_status: Counts
    persons_by_status: Counts
    by_content_category: Counts
    persons_by_content_category: Counts
    by_location: Counts
    persons_by_location: Counts
    by_handling_unit: Counts
    persons_by_handling_unit: Counts
    by_clerk: Counts
    persons_by_clerk: Counts
    collective_matters: int
    collective_persons: int
    collective_by_size: Counts
    repeat_matters: int
    repeat_persons: int
    skip_level_matters: int
    skip_level_persons: int
    leader_received_matters: int
    leader_received_persons: int
    leader_assigned_matters: int
    leader_assigned_persons: int
    leader_instruction_matters: int
    leader_days: int
    answered_matters: int
    answered_on_time: int
    on_time_acceptance_rate: float | None
    finished_matters: int
    finished_on_time: int
    on_time_closure_rate: float | None
    closure_rate: float | None
    by_satisfaction: Counts
    rated_matters: int
    satisfied_matters: int
    satisfaction_rate: float | None
    reply_matters: int
    rating_rate: float | None

    def figure(self, key: str) -> int | float | None:
        """A count or rate by its ``stats --json`` key (``matters``, ``closure_rate`` …)."""
        if key not in _FIGURE_KEYS:
            raise KeyError(key)
        value: int | float | None = getattr(self, key)
        return value

    def by(self, dimension: str, *, persons: bool = False) -> Counts:
        """件次 (or 人次) per code of a :data:`DIMENSIONS` key (``channel``, ``status`` …)."""
        if dimension not in DIMENSIONS:
            raise KeyError(dimension)
        counts: Counts = getattr(self, f"persons_by_{dimension}" if persons else f"by_{dimension}")
        return counts

    def to_json(self) -> dict[str, Any]:
        """The figures as ``reception stats --json`` writes them (``period`` as ``from``/``to``/``days``)."""
        out: dict[str, Any] = {}
        for f in fields(PeriodFigures):
            value = getattr(self, f.name)
            if isinstance(value, Period):
                out[f.name] = value.to_dict()
            elif isinstance(value, Mapping):
                out[f.name] = dict(value)
            else:
                out[f.name] = value
        return out


_FIGURE_KEYS = frozenset(f.name for f in fields(PeriodFigures) if f.name != "period" and "by_" not in f.name)


@dataclass(frozen=True)
class StatisticsReport(PeriodFigures):
    """The figures of a period with those of ``previous_year`` (同比) and ``previous_period`` (环比)."""

    previous_year: PeriodFigures
    previous_period: PeriodFigures
    generated_at: str

    def part(self, which: str | None = None) -> PeriodFigures:
        """``None`` this period's figures, ``"previous_year"`` or ``"previous_period"`` a comparison's."""
        if which is None:
            return self
        if which == "previous_year":
            return self.previous_year
        if which == "previous_period":
            return self.previous_period
        raise KeyError(which)

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out["previous_year"] = self.previous_year.to_json()
        out["previous_period"] = self.previous_period.to_json()
        out["generated_at"] = self.generated_at
        return out


def _year_earlier(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def previous_year(p: Period) -> Period:
    """同比: the same dates a year earlier (whole months → the same whole months; 29 Feb → 28 Feb)."""
    if p.whole_months:
        return Period(p.start.replace(year=p.start.year - 1), _last_day(p.end.year - 1, p.end.month))
    return Period(_year_earlier(p.start), _year_earlier(p.end))


def previous_period(p: Period) -> Period:
    """环比: the period of the same length just before (in months for whole months, else in days)."""
    months = p.whole_months
    if months:
        return Period(_add_months(p.start, -months), p.start - timedelta(days=1))
    return Period(p.start - timedelta(days=p.days), p.start - timedelta(days=1))


def parse_period(date_from: Any, date_to: Any) -> Period:
    """Check a period typed by a person (``YYYY-MM-DD``); refusals are :class:`InvalidInput` in their words."""
    if date_from in (None, "") or date_to in (None, ""):
        raise InvalidInput("请给出统计期间的起止日期（--from 和 --to，格式 YYYY-MM-DD）", "from")
    for value, key in ((date_from, "from"), (date_to, "to")):
        if isinstance(value, str) and not (len(value.strip()) == 10 and value.strip()[4] == "-"):
            raise InvalidInput(f"日期“{value}”格式不对，应为 YYYY-MM-DD", key)
    start = parse_date(date_from.strip() if isinstance(date_from, str) else date_from, "起始日期", "from")
    end = parse_date(date_to.strip() if isinstance(date_to, str) else date_to, "截止日期", "to")
    assert start is not None
    assert end is not None
    if end < start:
        raise InvalidInput(f"截止日期 {end:%Y-%m-%d} 早于起始日期 {start:%Y-%m-%d}", "to")
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise InvalidInput("统计期间最长十年", "to")
    if start.year < 1901:
        raise InvalidInput(f"起始日期 {start:%Y-%m-%d} 太早", "from")
    return Period(start, end)


def preset_period(name: str, today: date) -> Period:
    """本月, 上月, 本季度, 本年 (``this_month`` …) as of ``today``; the current ones run to their end."""
    if name == "this_month":
        return Period(today.replace(day=1), _last_day(today.year, today.month))
    if name == "last_month":
        start = _add_months(today.replace(day=1), -1)
        return Period(start, _last_day(start.year, start.month))
    if name == "this_quarter":
        start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        end_month = _add_months(start, 2)
        return Period(start, _last_day(end_month.year, end_month.month))
    if name == "this_year":
        return Period(date(today.year, 1, 1), date(today.year, 12, 31))
    raise ValueError(f"unknown preset {name!r}; one of {sorted(PRESETS)}")


def change(current: Any, previous: Any, *, rate: bool = False) -> float | None:
    """同比/环比 change: relative for counts ((本期 − 对比期) ÷ 对比期), a difference for rates; None when undefined."""
    if current is None or previous is None:
        return None
    if rate:
        return current - previous
    if not previous:
        return None
    return (current - previous) / previous


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


# -- the service ---------------------------------------------------------------------------------------------


class StatisticsService:
    """The statistics of a period with 同比 and 环比 (see the module docstring for every definition)."""

    def __init__(self, store: Store, ledger: LedgerService, *, workers: int | None = None) -> None:
        self.store = store
        self.ledger = ledger  # its calendar, counting rules and clock are the desk's
        self.query = StatsQuery(store, workers=workers)

    # -- figures ---------------------------------------------------------------------------------------------

    def _period_query(self, p: Period) -> PeriodQuery:
        calendar, rules = self.ledger.calendar, self.ledger.rules
        days, counting = CLOCK_LIMITS[ClockKind.NOTIFY]
        too_late = {}
        day = p.start
        while day <= p.end:
            too_late[day] = due_date(day, days, counting, calendar, rules) + timedelta(days=1)
            day += timedelta(days=1)
        handle_days = CLOCK_LIMITS[ClockKind.HANDLE][0]
        return PeriodQuery(
            start=p.start,
            end=p.end,
            notify_too_late=too_late,
            finished_statuses=tuple(sorted(s.value for s in FINISHED_STATUSES)),
            handle_base_days=handle_days if rules.first_day_excluded else handle_days - 1,
        )

    def _settle(self, agg: PeriodAggregates) -> int:
        """Route-(6) replies a few days past "acceptance + 60 + extension": in time if a holiday moved the due."""
        calendar, rules = self.ledger.calendar, self.ledger.rules
        days, counting = CLOCK_LIMITS[ClockKind.HANDLE]
        base = days if rules.first_day_excluded else days - 1
        in_time = 0
        dues: dict[tuple[date, int], date] = {}
        for accepted, extension, past, n in agg.closure_to_settle:
            due = dues.get((accepted, extension))
            if due is None:
                due = dues[(accepted, extension)] = due_date(accepted, days + extension, counting, calendar, rules)
            replied = accepted + timedelta(days=base + extension + past)
            if replied <= due:
                in_time += n
        return in_time

    def _figures(self, period: Period, agg: PeriodAggregates) -> PeriodFigures:
        dims: dict[str, Counts] = {}
        for key, (dim, codes) in DIMENSIONS.items():
            found = agg.dims.get(dim, {})
            if codes is not None:
                values = {code: found.get(code, [0, 0]) for code in codes}
                values.update({k: v for k, v in found.items() if k not in values})  # old codes still count
            else:
                values = dict(sorted(found.items(), key=lambda kv: (-kv[1][0], kv[0])))
            dims[f"by_{key}"] = {k: v[0] for k, v in values.items()}
            dims[f"persons_by_{key}"] = {k: v[1] for k, v in values.items()}
        bands = agg.bands
        received = agg.leader_actions.get("receive", [0, 0])
        finished_on_time = agg.finished_in_time + self._settle(agg)
        by_satisfaction = {s.value: agg.satisfaction.get(s.value, 0) for s in Satisfaction}
        rated = sum(by_satisfaction.values())
        satisfied = by_satisfaction[Satisfaction.SATISFIED.value] + by_satisfaction[Satisfaction.BASIC.value]
        return PeriodFigures(
            period=period,
            matters=agg.matters,
            persons=agg.persons,
            by_channel=dims["by_channel"],
            persons_by_channel=dims["persons_by_channel"],
            by_purpose=dims["by_purpose"],
            persons_by_purpose=dims["persons_by_purpose"],
            by_category=dims["by_category"],
            persons_by_category=dims["persons_by_category"],
            by_status=dims["by_status"],
            persons_by_status=dims["persons_by_status"],
            by_content_category=dims["by_content_category"],
            persons_by_content_category=dims["persons_by_content_category"],
            by_location=dims["by_location"],
            persons_by_location=dims["persons_by_location"],
            by_handling_unit=dims["by_handling_unit"],
            persons_by_handling_unit=dims["persons_by_handling_unit"],
            by_clerk=dims["by_clerk"],
            persons_by_clerk=dims["persons_by_clerk"],
            collective_matters=sum(v[0] for v in bands.values()),
            collective_persons=sum(v[1] for v in bands.values()),
            collective_by_size={key: bands.get(key, [0, 0])[0] for key, _ in SIZE_BANDS},
            repeat_matters=agg.repeat[0],
            repeat_persons=agg.repeat[1],
            skip_level_matters=agg.skip_level[0],
            skip_level_persons=agg.skip_level[1],
            leader_received_matters=received[0],
            leader_received_persons=received[1],
            leader_assigned_matters=agg.leader_assigned[0],
            leader_assigned_persons=agg.leader_assigned[1],
            leader_instruction_matters=agg.leader_actions.get("instruction", [0, 0])[0],
            leader_days=agg.leader_days,
            answered_matters=agg.answered,
            answered_on_time=agg.answered_in_time,
            on_time_acceptance_rate=_rate(agg.answered_in_time, agg.answered),
            finished_matters=agg.finished,
            finished_on_time=finished_on_time,
            on_time_closure_rate=_rate(finished_on_time, agg.finished),
            closure_rate=_rate(agg.finished, agg.matters),
            by_satisfaction=by_satisfaction,
            rated_matters=rated,
            satisfied_matters=satisfied,
            satisfaction_rate=_rate(satisfied, rated),
            reply_matters=agg.replied,
            rating_rate=_rate(rated, agg.replied),
        )

    def report(self, start: date, end: date) -> StatisticsReport:
        """The figures of ``start``..``end`` with ``previous_year`` (同比) and ``previous_period`` (环比).

        One call runs the three periods' queries together (in parallel on SQLite)."""
        period = Period(start, end)
        if end < start:
            raise InvalidInput(f"截止日期 {end:%Y-%m-%d} 早于起始日期 {start:%Y-%m-%d}", "to")
        periods = [period, previous_year(period), previous_period(period)]
        aggregates = self.query.periods([self._period_query(p) for p in periods])
        current, year, before = (self._figures(p, a) for p, a in zip(periods, aggregates, strict=False))
        return StatisticsReport(
            **{f.name: getattr(current, f.name) for f in fields(PeriodFigures)},
            previous_year=year,
            previous_period=before,
            generated_at=self.ledger.clock().isoformat(timespec="seconds"),
        )

    compute = report  # the name reception/bench.py measures

    def daily(self, start: date, end: date) -> list[DayCount]:
        """Matters and persons per received day (the dashboard's trend line); days without matters are left out."""
        return [DayCount(d.isoformat(), n, persons) for d, n, persons in self.query.daily(start, end)]

    def export(self, report: StatisticsReport, path: Any, *, force: bool = True) -> str:
        """Write ``report`` as a PDF or xlsx file, chosen by the file's suffix; returns the format.  ``path`` must
        pass :func:`~reception.services.output_paths.check_output` (``force``: replace a file)."""
        from pathlib import Path

        from reception.services.output_paths import check_output, write_atomically

        target = Path(path)
        suffix = target.suffix.lower()
        if suffix not in (".pdf", ".xlsx"):
            raise InvalidInput(f"报表文件应以 .pdf 或 .xlsx 结尾：{target.name}", "output")
        if not target.parent.exists():
            raise InvalidInput(f"文件夹 {target.parent} 不存在", "output")
        target = check_output(target, ledger=self.store.path, force=force)
        agency = self.ledger.setting("agency_name")
        now = self.ledger.clock()
        if suffix == ".pdf":
            anchor = self.ledger.audit.head() if self.ledger.audit is not None else None
            write_atomically(
                target, lambda tmp: write_pdf(report, tmp, agency_name=agency, printed_at=now, anchor=anchor)
            )
            return "pdf"
        write_atomically(target, lambda tmp: write_xlsx(report, tmp, agency_name=agency, generated=now))
        return "xlsx"

    # -- drill-down -----------------------------------------------------------------------------------------

    def drill_filter(self, period: Period, key: str, value: Any = None) -> LedgerFilter:
        """The ledger filter listing the matters behind a figure (the dashboard's click).

        ``key`` is a dimension (``channel``, ``status``, ``purpose``, ``category``, ``content_category``,
        ``location``, ``handling_unit``, ``clerk``) with its ``value``, ``collective_size`` with a band ("10-19"),
        or a figure: ``matters``, ``answered``, ``finished``, ``collective``, ``repeat``, ``skip_level``,
        ``leader_assigned``, ``leader_received``, ``rated``, ``satisfied``.  Filters the ledger has no chip for
        travel in ``drill``
        (see LedgerQuery).
        """
        f = LedgerFilter(date_from=period.start, date_to=period.end)
        if key == "matters":
            pass
        elif key == "channel":
            f.channels = (str(value),)
        elif key == "status":
            f.statuses = (str(value),)
        elif key == "finished":
            f.statuses = tuple(sorted(s.value for s in FINISHED_STATUSES))
        elif key == "answered":  # every answer moves a matter out of 已登记, and nothing moves it back
            f.statuses = tuple(s.value for s in Status if s != Status.REGISTERED)
        elif key == "category":
            f.category = str(value)
        elif key == "handling_unit":
            f.handling_unit = str(value)
            if not f.handling_unit:
                f.drill = DrillDown(handling_unit_empty=True)
        elif key == "clerk":
            f.clerk = str(value)
        elif key == "purpose":
            f.drill = DrillDown(purpose=str(value))
        elif key == "content_category":
            f.drill = DrillDown(content_category=str(value))
        elif key == "location":
            f.drill = DrillDown(location=str(value))
        elif key == "collective":
            f.drill = DrillDown(collective=True)
        elif key == "repeat":
            f.drill = DrillDown(is_repeat=True)
        elif key == "skip_level":
            f.drill = DrillDown(skip_level=True)
        elif key == "leader_assigned":
            f.drill = DrillDown(leader_assigned=True)
        elif key == "collective_size":
            bands = [low for _, low in SIZE_BANDS]
            names = [name for name, _ in SIZE_BANDS]
            if value not in names:
                raise ValueError(f"unknown size band {value!r}")
            i = names.index(value)
            top = bands[i + 1] - 1 if i + 1 < len(bands) else None
            f.drill = DrillDown(collective=True, headcount_min=bands[i], headcount_max=top)
        elif key == "leader_received":
            f.drill = DrillDown(leader_action="receive")
        elif key == "rated":
            f.drill = DrillDown(satisfaction=tuple(s.value for s in Satisfaction))
        elif key == "satisfied":
            f.drill = DrillDown(satisfaction=(Satisfaction.SATISFIED.value, Satisfaction.BASIC.value))
        else:
            raise ValueError(f"unknown figure {key!r}")
        return f


# -- the report table (PDF, xlsx) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    label: str
    current: Any
    previous_year: Any
    previous_period: Any
    rate: bool = False  # a fraction 0-1 (its change is in percentage points)

    @property
    def year_change(self) -> float | None:
        return change(self.current, self.previous_year, rate=self.rate)

    @property
    def period_change(self) -> float | None:
        return change(self.current, self.previous_period, rate=self.rate)


@dataclass(frozen=True)
class ReportSection:
    title: str
    rows: tuple[ReportRow, ...]


#: (label, key, is a rate) of the headline section
HEADLINE = (
    ("件次", "matters", False),
    ("人次", "persons", False),
    ("办结件次", "finished_matters", False),
    ("办结率", "closure_rate", True),
    ("已首次答复件次", "answered_matters", False),
    ("及时答复件次", "answered_on_time", False),
    ("及时受理率", "on_time_acceptance_rate", True),
    ("按期办结件次", "finished_on_time", False),
    ("按期办结率", "on_time_closure_rate", True),
    ("回访参评件次", "rated_matters", False),
    ("满意率（满意+基本满意）", "satisfaction_rate", True),
    ("参评率", "rating_rate", True),
    ("重复访件次", "repeat_matters", False),
    ("集体访件次", "collective_matters", False),
    ("集体访人次", "collective_persons", False),
    ("越级访件次", "skip_level_matters", False),
    ("领导接访件次", "leader_received_matters", False),
    ("领导包案件次", "leader_assigned_matters", False),
    ("领导批示件次", "leader_instruction_matters", False),
    ("领导接访日（天）", "leader_days", False),
)

#: free-text dimensions show their largest values; the rest are summed into 其他
TOP_VALUES = 15


def report_sections(report: StatisticsReport) -> list[ReportSection]:
    """The statistics as labelled rows with 本期, 同比 and 环比 values (the PDF and xlsx reports' table)."""
    year, before = report.previous_year, report.previous_period

    def row(label: str, key: str, rate: bool = False) -> ReportRow:
        return ReportRow(label, report.figure(key), year.figure(key), before.figure(key), rate)

    sections = [ReportSection("总体情况", tuple(row(label, key, rate) for label, key, rate in HEADLINE))]
    for dim in DIMENSIONS:
        codes = DIMENSIONS[dim][1]
        cur, y, b = (r.by(dim) for r in (report, year, before))
        keys = list(cur) + [k for k in list(y) + list(b) if k not in cur]
        if codes is None:
            keys.sort(key=lambda k: (-cur.get(k, 0), -y.get(k, 0), k))
        elif dim == "status":
            keys = [k for k in keys if cur.get(k) or y.get(k) or b.get(k)]
        rows = []
        rest = keys[TOP_VALUES:] if codes is None and len(keys) > TOP_VALUES + 1 else []
        for k in keys[: len(keys) - len(rest)]:
            label = str(codes.get(k, k)) if codes else (k or "（未定）")
            rows.append(ReportRow(label, cur.get(k, 0), y.get(k, 0), b.get(k, 0)))
        if rest:
            rows.append(
                ReportRow(
                    f"其他（{len(rest)} 项）",
                    sum(cur.get(k, 0) for k in rest),
                    sum(y.get(k, 0) for k in rest),
                    sum(b.get(k, 0) for k in rest),
                )
            )
        sections.append(ReportSection(f"{DIMENSION_LABELS[dim]}（件次）", tuple(rows)))
        if dim == "channel":
            persons = [r.persons_by_channel for r in (report, year, before)]
            sections.append(
                ReportSection(
                    "信访形式（人次）",
                    tuple(
                        ReportRow(
                            codes[k] if codes else k, persons[0].get(k, 0), persons[1].get(k, 0), persons[2].get(k, 0)
                        )
                        for k in (codes or {})
                    ),
                )
            )
    bands = [r.collective_by_size for r in (report, year, before)]
    sections.append(
        ReportSection(
            "集体访规模（件次）",
            tuple(
                ReportRow(f"{key} 人", bands[0].get(key, 0), bands[1].get(key, 0), bands[2].get(key, 0))
                for key, _ in SIZE_BANDS
            ),
        )
    )
    sat = [r.by_satisfaction for r in (report, year, before)]
    sections.append(
        ReportSection(
            "回访满意度（件次）",
            tuple(
                ReportRow(
                    SATISFACTION_LABELS[s], sat[0].get(s.value, 0), sat[1].get(s.value, 0), sat[2].get(s.value, 0)
                )
                for s in Satisfaction
            ),
        )
    )
    return sections


def period_of(report: StatisticsReport, key: str | None = None) -> Period:
    """The period of ``report`` (``key`` None) or of its ``previous_year``/``previous_period``."""
    return report.part(key).period


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def format_value(value: Any, rate: bool) -> str:
    """A figure as the reports print it: counts with thousands separators, rates as percentages."""
    if rate:
        return _percent(value)
    if value is None:
        return "—"
    return f"{int(value):,}"


def format_change(value: float | None, rate: bool) -> str:
    """A 同比/环比 change: ±x.x% for counts, ±x.x 个百分点 for rates, — when undefined."""
    if value is None:
        return "—"
    if rate:
        return f"{value * 100:+.1f} 个百分点"
    return f"{value * 100:+.1f}%"


#: The definitions in a few lines, printed under the PDF table (the full text: this module's docstring).
REPORT_NOTES = (
    "1. 按登记时间统计本期登记的事项，状态、答复、回访按统计时台账所载；件次为事项数，人次为信访人数之和。",
    "2. 同比为上年同期（2月29日按2月28日），环比为紧接本期之前的等长期间（整月按月计）。",
    (
        "3. 及时受理率＝首次答复（受理、不予受理、转送、当场答复、异议退回）在登记之日起15日内（节假日顺延）的件次"
        "÷已首次答复件次。"
    ),
    (
        "4. 按期办结率＝按期办结件次÷办结件次；未受理而办结的以首次答复是否及时计，"
        "按第（六）项受理的以答复是否在受理之日起60日（含延期）内计，其他途径不计期限。"
    ),
    "5. 办结率＝办结件次÷件次；满意率＝（满意＋基本满意）÷参评件次；参评率＝参评件次÷已答复（含当场答复）件次。",
    "6. 同比、环比增减：件次、人次为增减百分比（对比期为零时记“—”），比率为增减百分点。",
)


def pdf_report(
    report: StatisticsReport, *, agency_name: str = "", printed_at: datetime | None = None, anchor: Head | None = None
) -> Any:
    """The printing layer's :class:`~reception.printing.stats_report.StatsReport` for ``report``."""
    from reception.printing.stats_report import StatsReport, StatsRow, StatsSection

    sections = []
    for section in report_sections(report):
        rows = tuple(
            StatsRow(
                r.label,
                format_value(r.current, r.rate),
                format_value(r.previous_year, r.rate),
                format_change(r.year_change, r.rate),
                format_value(r.previous_period, r.rate),
                format_change(r.period_change, r.rate),
            )
            for r in section.rows
        )
        sections.append(StatsSection(section.title, rows))
    return StatsReport(
        sections=sections,
        agency_name=agency_name,
        period=period_of(report).label(),
        previous_year=period_of(report, "previous_year").label(),
        previous_period=period_of(report, "previous_period").label(),
        printed_at=(printed_at or datetime.now()).replace(microsecond=0),
        notes=list(REPORT_NOTES),
        anchor=anchor.text if anchor else "",
        anchor_token=anchor.token if anchor else "",
    )


def write_pdf(
    report: StatisticsReport,
    out: Any,
    *,
    agency_name: str = "",
    printed_at: datetime | None = None,
    anchor: Head | None = None,
) -> bytes:
    """The statistics as an A4 PDF (embedded fonts); ``out`` is a path or a binary file object; ``anchor``: the
    audit chain's head, printed in small type on every page."""
    from reception.printing.placeholder import printable
    from reception.printing.stats_report import render

    return render(printable(pdf_report(report, agency_name=agency_name, printed_at=printed_at, anchor=anchor)), out)


def write_xlsx(report: StatisticsReport, out: Any, *, agency_name: str = "", generated: datetime | None = None) -> None:
    """The statistics as an xlsx workbook: one sheet with the report table, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    period = period_of(report)
    year, before = period_of(report, "previous_year"), period_of(report, "previous_period")
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its one sheet
    ws.title = "信访统计"
    bold = Font(bold=True)
    ws.append([f"{agency_name}信访工作统计".strip()])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"统计期间：{period.label()}（按登记时间）"])
    ws.append([f"同比期间：{year.label()}　环比期间：{before.label()}"])
    ws.append([f"统计时间：{(generated or datetime.now()):%Y-%m-%d %H:%M}"])
    ws.append([])
    header = ["项目", "本期", "同比期", "同比增减", "环比期", "环比增减"]
    fill = PatternFill("solid", fgColor="E3EEF5")
    for section in report_sections(report):
        ws.append([section.title])
        ws.cell(ws.max_row, 1).font = bold
        ws.append(header)
        for cell in ws[ws.max_row]:
            cell.font = bold
            cell.fill = fill
        for r in section.rows:
            changes = [r.year_change, r.period_change]
            if r.rate:  # a rate's change is in percentage points
                changes = [None if c is None else round(c * 100, 4) for c in changes]
            ws.append([escape_controls(r.label), r.current, r.previous_year, changes[0], r.previous_period, changes[1]])
            line = ws.max_row
            number_format = "0.0%" if r.rate else "#,##0"
            for col in (2, 3, 5):
                ws.cell(line, col).number_format = number_format
            for col in (4, 6):
                ws.cell(line, col).number_format = (
                    '+0.0" 个百分点";-0.0" 个百分点";0.0" 个百分点"' if r.rate else "+0.0%;-0.0%;0.0%"
                )
        ws.append([])
    ws.column_dimensions["A"].width = 40
    for col in "BCDEF":
        ws.column_dimensions[col].width = 14
    for row in ws.iter_rows(min_row=6):
        for cell in row[1:]:
            cell.alignment = Alignment(horizontal="right")
    wb.save(out)
