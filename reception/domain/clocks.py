"""Time limits of the 《信访工作条例》 (2022) and how far along a running limit is.

Why: the desk's duties are mostly deadlines — tell the visitor within 15 days (art 23), object to a
wrongly forwarded matter within 5 working days (art 23), finish a route-(6) matter within 60 days
(art 34), and the 30/30-day review and re-review windows (arts 35, 36).  Higher agencies also set
explicit feedback dates on what they forward or assign.  Every such deadline is a :class:`Clock`.

Counting: the 条例 says "日" everywhere (calendar days) and "工作日" only for the objection.  It has
no rule on *how* to count, so by analogy with 《民法典》 art 201 the first day is not counted and by
art 203 a period whose last day is a statutory holiday ends on the day after the holiday.  Neither
analogy is official for 信访, so both are switches in :class:`CountingRules`.

Standard library only (``reception.domain`` must not import Qt, peewee or reportlab).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from reception.domain.calendar import WorkCalendar

__all__ = [
    "CLOCK_ARTICLES",
    "CLOCK_LABELS",
    "CLOCK_LIMITS",
    "DEFAULT_THRESHOLDS",
    "EXTENDABLE_KINDS",
    "MAX_EXTENSION_DAYS",
    "WARNING_LABELS",
    "Clock",
    "ClockKind",
    "Counting",
    "CountingRules",
    "WarningLevel",
    "days_used_share",
    "due_date",
    "level_change_times",
    "make_clock",
    "provisional_note",
    "provisional_years",
    "warning_level",
]


class Counting(StrEnum):
    """How a period's days are counted."""

    CALENDAR = "calendar"  # "日" in the 条例: every day counts
    WORKDAYS = "workdays"  # "工作日": only days the office works (see WorkCalendar.is_workday)


@dataclass(frozen=True)
class CountingRules:
    """Switches for the two 民法典 analogies; the defaults follow the analogy.

    first_day_excluded:
        民法典 art 201: a period counted in days starts on the day *after* the triggering event, so a
        15-day period from 1 March ends on 16 March.  Off: the day of the event is day 1 (ends 15 March).
    roll_past_holiday:
        民法典 art 203: if the last day of a *calendar-day* period is a statutory holiday
        (``WorkCalendar.is_holiday``), the period ends on the next day that is not one.  Ordinary
        weekends do **not** roll: a period ending on a plain Saturday ends that Saturday.  (This is the
        narrow reading of "法定休假日"; it is the safer one for the desk, since it never lengthens a
        period by a weekend.)  Working-day periods never need it — they always end on a working day.
        A year without the State Council's schedule rolls past the statutory holidays only, and the clock
        says so (:attr:`Clock.provisional_years`).
    """

    first_day_excluded: bool = True
    roll_past_holiday: bool = True
    #: the wide reading of "法定休假日": a calendar-day period ending on any day off (a weekend too) ends on the
    #: next working day. Off by default (the narrow reading above).
    roll_past_weekend: bool = False


#: Each counting rule the administrator may set (设置 › 期限计算): setting key → (label, the rule's field, the
#: default's value, where the default comes from). The 条例 has no counting rule; these are analogies.
COUNTING_SETTINGS: dict[str, tuple[str, str, str]] = {
    "count_first_day": (
        "起算日",
        "first_day_excluded",
        "默认：开始之日不计入期间，从次日起算（参照《民法典》第二百零一条；《信访工作条例》对期间计算未作规定）",
    ),
    "count_holiday_roll": (
        "届满日遇法定节假日",
        "roll_past_holiday",
        "默认：顺延至节假日后的第一日（参照《民法典》第二百零三条）",
    ),
    "count_weekend_roll": (
        "届满日遇周末",
        "roll_past_weekend",
        "默认：不顺延（“法定休假日”取窄义，只指法定节假日；期限不因周末延长）",
    ),
}


def rules_from_settings(values: Mapping[str, str]) -> CountingRules:
    """The counting rules a ledger's settings say ("1" on, "0" off; a missing key keeps the default)."""
    defaults = CountingRules()
    chosen: dict[str, bool] = {}
    for key, (_label, name, _source) in COUNTING_SETTINGS.items():
        value = values.get(key, "")
        chosen[name] = getattr(defaults, name) if value not in ("0", "1") else value == "1"
    return CountingRules(**chosen)


class ClockKind(StrEnum):
    """Every deadline the desk tracks."""

    NOTIFY = "notify"  # art 23: tell the visitor accepted / where it went, 15 days from receipt
    OBJECT = "object"  # art 23: object to a wrongly forwarded matter, 5 working days from receipt
    HANDLE = "handle"  # art 34: route-(6) matter, 60 days from acceptance (+ one extension <= 30 days)
    REFERRAL_FEEDBACK = "referral_feedback"  # feedback due from the unit we assigned to (explicit date)
    SOURCE_FEEDBACK = "source_feedback"  # feedback due to the higher agency that sent it (explicit date)
    REVIEW_REQUEST = "review_request"  # art 35: visitor may ask 复查 within 30 days of the reply
    REVIEW_ANSWER = "review_answer"  # art 35: answer 复查 within 30 days of the request
    RECHECK_REQUEST = "recheck_request"  # art 36: ask 复核 within 30 days of the review answer
    RECHECK_ANSWER = "recheck_answer"  # art 36: answer 复核 within 30 days; hearing time not counted


CLOCK_LABELS: dict[ClockKind, str] = {
    ClockKind.NOTIFY: "告知受理/去向",
    ClockKind.OBJECT: "异议退回",
    ClockKind.HANDLE: "办理期限",
    ClockKind.REFERRAL_FEEDBACK: "交办反馈",
    ClockKind.SOURCE_FEEDBACK: "上级反馈",
    ClockKind.REVIEW_REQUEST: "申请复查",
    ClockKind.REVIEW_ANSWER: "复查答复",
    ClockKind.RECHECK_REQUEST: "申请复核",
    ClockKind.RECHECK_ANSWER: "复核答复",
}

#: Where each limit comes from.  The two feedback clocks have no article: their date is written on
#: the assignment slip (交办单) or the higher agency's document, and no article number is invented.
CLOCK_ARTICLES: dict[ClockKind, str] = {
    ClockKind.NOTIFY: "条例第23条",
    ClockKind.OBJECT: "条例第23条",
    ClockKind.HANDLE: "条例第34条",
    ClockKind.REFERRAL_FEEDBACK: "交办单载明",
    ClockKind.SOURCE_FEEDBACK: "上级来文载明",
    ClockKind.REVIEW_REQUEST: "条例第35条",
    ClockKind.REVIEW_ANSWER: "条例第35条",
    ClockKind.RECHECK_REQUEST: "条例第36条",
    ClockKind.RECHECK_ANSWER: "条例第36条",
}

#: Statutory limits.  Kinds with an explicit due date (the feedback clocks) are absent on purpose.
#: RECHECK_ANSWER: hearing time is not counted (art 36) — compute its due with
#: ``due_date(start, 30 + hearing_days, ...)`` or pass ``not_counted_days`` to :func:`make_clock`.
CLOCK_LIMITS: dict[ClockKind, tuple[int, Counting]] = {
    ClockKind.NOTIFY: (15, Counting.CALENDAR),
    ClockKind.OBJECT: (5, Counting.WORKDAYS),
    ClockKind.HANDLE: (60, Counting.CALENDAR),
    ClockKind.REVIEW_REQUEST: (30, Counting.CALENDAR),
    ClockKind.REVIEW_ANSWER: (30, Counting.CALENDAR),
    ClockKind.RECHECK_REQUEST: (30, Counting.CALENDAR),
    ClockKind.RECHECK_ANSWER: (30, Counting.CALENDAR),
}

#: Art 34: a complex route-(6) matter may be extended once, by at most 30 days, with the head's
#: approval and the reason told to the visitor in writing.
MAX_EXTENSION_DAYS = 30

#: Only the art 34 handling period can be extended; the 条例 gives no extension for the others.
EXTENDABLE_KINDS: frozenset[ClockKind] = frozenset({ClockKind.HANDLE})


class WarningLevel(StrEnum):
    """How urgent a running clock is (levels as seen in a deployed system)."""

    NORMAL = "normal"
    WARN = "warn"
    ALERT = "alert"
    SEVERE = "severe"
    OVERDUE = "overdue"


WARNING_LABELS: dict[WarningLevel, str] = {
    WarningLevel.NORMAL: "正常",
    WarningLevel.WARN: "预警",
    WarningLevel.ALERT: "警告",
    WarningLevel.SEVERE: "严重警告",
    WarningLevel.OVERDUE: "超期",
}

#: Shares of allowed time at which the level rises to WARN, ALERT, SEVERE and OVERDUE.
DEFAULT_THRESHOLDS: tuple[float, float, float, float] = (0.50, 0.75, 0.85, 0.99)

_LEVELS_ABOVE_NORMAL = (WarningLevel.WARN, WarningLevel.ALERT, WarningLevel.SEVERE, WarningLevel.OVERDUE)


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


def _as_datetime(d: date) -> datetime:
    """A bare date means the start of that day (00:00, naive local time)."""
    return d if isinstance(d, datetime) else datetime.combine(d, time.min)


def due_date(
    start: date,
    days: int,
    counting: Counting,
    calendar: WorkCalendar,
    rules: CountingRules = CountingRules(),
) -> date:
    """The last day of a ``days``-long period triggered on ``start``.

    Calendar days: ``start + days`` when the first day is excluded, ``start + days - 1`` when it is
    counted; then, if ``rules.roll_past_holiday``, a due day that is a statutory holiday moves to the
    next day that is not one (weekends alone never move it).

    Working days: the ``days``-th working day after ``start``.  When the first day is counted and
    ``start`` is itself a working day, it is day 1; a non-working ``start`` is never counted.
    """
    if days < 1:
        raise ValueError(f"a period has at least one day, got {days}")
    start = _as_date(start)
    if Counting(counting) is Counting.WORKDAYS:
        if not rules.first_day_excluded and calendar.is_workday(start):
            return calendar.add_workdays(start, days - 1)
        return calendar.add_workdays(start, days)
    due = start + timedelta(days=days if rules.first_day_excluded else days - 1)
    if rules.roll_past_weekend:
        while not calendar.is_workday(due) and (rules.roll_past_holiday or not calendar.is_holiday(due)):
            due += timedelta(days=1)
    elif rules.roll_past_holiday:
        while calendar.is_holiday(due):
            due += timedelta(days=1)
    return due


def provisional_years(calendar: WorkCalendar, start: date, due: date) -> tuple[int, ...]:
    """Years of ``start..due`` counted without the State Council's schedule (statutory holidays only).

    A due date in such a year may move once the notice is imported (a 调休 working Saturday, a bridged
    Monday), so the clock carries these years and every place that shows its due date warns.
    """
    return tuple(calendar.missing_years(_as_date(start), _as_date(due)))


def provisional_note(years: tuple[int, ...]) -> str:
    """The clerk's warning for a clock counted without the year's schedule; empty when it was not."""
    if not years:
        return ""
    named = "、".join(f"{y}年" for y in years)
    return f"{named}国务院放假安排未导入，按法定节日推算，可能有误"


def days_used_share(start: date, due: date, now: datetime) -> float:
    """Share of the allowed time used at ``now``.

    The allowed time runs from ``start`` (00:00 of that day if a bare date is given) to the *end* of
    the due day, i.e. ``due + 1 day`` at 00:00, because a deadline "by 10 March" is met all of
    10 March.  ``elapsed / total`` with ``elapsed = now - start``; it is below 0 before ``start``
    and at least 1 from the end of the due day on.  Returns ``inf`` when the window is empty or
    negative (a higher agency's date already past when the matter arrived) and ``now`` is not before
    ``start``.  Naive datetimes (desk-local time) are expected throughout.
    """
    begin = _as_datetime(start)
    end = datetime.combine(_as_date(due) + timedelta(days=1), time.min)
    now = _as_datetime(now)
    total = end - begin
    elapsed = now - begin
    if total <= timedelta(0):
        return float("inf") if elapsed >= timedelta(0) else float("-inf")
    return elapsed / total


def warning_level(
    start: datetime | date,
    due: date,
    now: datetime,
    thresholds: tuple[float, float, float, float] = DEFAULT_THRESHOLDS,
) -> WarningLevel:
    """The level of a running clock at ``now``.

    With ``share = days_used_share(start, due, now)`` and the default thresholds:

    ============================  =================
    share < 0.50                  NORMAL   正常
    0.50 <= share < 0.75          WARN     预警
    0.75 <= share < 0.85          ALERT    警告
    0.85 <= share < 0.99          SEVERE   严重警告
    share >= 0.99                 OVERDUE  超期
    ============================  =================

    Each boundary belongs to the higher level (exactly 50 % is WARN).  Note that the top band starts
    at 99 %, *before* the due day ends (for a 60-day clock about 14 hours early), as in the deployed
    system the levels come from: 超期 there means "on the edge or past".  From the end of the due day
    (``due + 1`` at 00:00) on, the level is always OVERDUE whatever the thresholds.
    """
    if len(thresholds) != 4 or list(thresholds) != sorted(thresholds) or not thresholds[0] > 0:
        raise ValueError(f"need four ascending positive thresholds, got {thresholds!r}")
    end = datetime.combine(_as_date(due) + timedelta(days=1), time.min)
    if _as_datetime(now) >= end:
        return WarningLevel.OVERDUE
    share = days_used_share(start, due, now)
    level = WarningLevel.NORMAL
    for limit, lvl in zip(thresholds, _LEVELS_ABOVE_NORMAL, strict=False):
        if share >= limit:
            level = lvl
    return level


def level_change_times(
    start: datetime | date,
    due: date,
    thresholds: tuple[float, float, float, float] = DEFAULT_THRESHOLDS,
) -> tuple[datetime, datetime, datetime, datetime]:
    """When a running clock enters 预警, 警告, 严重警告 and 超期 (to the second, rounded up).

    Stored beside the clock so the ledger can filter a million matters by level with index range scans
    (``warn_at <= now < alert_at``) instead of computing every row's share of time.  Agrees with
    :func:`warning_level` to the second.
    """
    begin = _as_datetime(start)
    end = datetime.combine(_as_date(due) + timedelta(days=1), time.min)
    total = end - begin
    if total <= timedelta(0):
        return (begin, begin, begin, begin)

    def at(share: float) -> datetime:
        moment = begin + total * share
        if moment.microsecond:
            moment = moment.replace(microsecond=0) + timedelta(seconds=1)
        return min(moment, end)

    warn, alert, severe, overdue = (at(t) for t in thresholds)
    return warn, alert, severe, overdue


@dataclass(frozen=True)
class Clock:
    """One deadline on a matter.

    ``due`` is the effective last day, extension included; ``extended_days`` only records how much
    of it is extension (art 34 allows one, at most :data:`MAX_EXTENSION_DAYS`).  ``stopped_at`` is
    set when the duty was fulfilled; a stopped clock keeps its dates for the ledger's 按期办结率.
    ``provisional_years`` names the years whose State Council schedule was missing when ``due`` was
    counted (:func:`provisional_years`); an explicit due date written on a document has none.
    """

    kind: ClockKind
    start: date
    due: date
    stopped_at: datetime | None = None
    extended_days: int = 0
    provisional_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        """Whether ``due`` is an estimate from the statutory holidays alone."""
        return bool(self.provisional_years)

    @property
    def provisional_note(self) -> str:
        """The warning to print beside the due date, or ``""``."""
        return provisional_note(self.provisional_years)

    @property
    def label(self) -> str:
        return CLOCK_LABELS[self.kind]

    @property
    def article(self) -> str:
        return CLOCK_ARTICLES[self.kind]

    @property
    def stopped(self) -> bool:
        return self.stopped_at is not None

    def level(self, now: datetime) -> WarningLevel:
        """Running: :func:`warning_level`.  Stopped: NORMAL if met on or before the due day, else
        OVERDUE (met late) — a finished duty no longer warns, but a late one stays on the record."""
        if self.stopped_at is not None:
            return WarningLevel.NORMAL if _as_date(self.stopped_at) <= self.due else WarningLevel.OVERDUE
        return warning_level(self.start, self.due, now)

    def days_left(self, today: date) -> int:
        """Calendar days from ``today`` to the due day: 0 on the due day, negative when late."""
        return (self.due - _as_date(today)).days

    def stop(self, at: datetime) -> Clock:
        """The same clock, fulfilled at ``at``."""
        return replace(self, stopped_at=at)

    def extended(
        self,
        days: int,
        calendar: WorkCalendar,
        rules: CountingRules = CountingRules(),
    ) -> Clock:
        """The clock after the art 34 extension of ``days`` (1..30, once, HANDLE only).

        The new due day is counted from ``start`` over ``60 + days`` days with the same rules, rather
        than added to an already holiday-rolled due day, so rolling is applied once, to the final day.
        """
        if self.kind not in EXTENDABLE_KINDS:
            raise ValueError(f"{self.label}不能延期")
        if self.extended_days:
            raise ValueError("办理期限只能延期一次")
        if not 1 <= days <= MAX_EXTENSION_DAYS:
            raise ValueError(f"延期天数应为 1–{MAX_EXTENSION_DAYS} 天，收到 {days}")
        limit, counting = CLOCK_LIMITS[self.kind]
        new_due = due_date(self.start, limit + days, counting, calendar, rules)
        return replace(
            self,
            due=new_due,
            extended_days=days,
            provisional_years=provisional_years(calendar, self.start, new_due),
        )

    def to_dict(self, now: datetime) -> dict[str, Any]:
        """A JSON-ready snapshot for the UI, the ledger export and the receipt (ISO date strings)."""
        level = self.level(now)
        return {
            "kind": self.kind.value,
            "label": self.label,
            "article": self.article,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "days_left": self.days_left(_as_date(now)),
            "level": level.value,
            "level_label": WARNING_LABELS[level],
            "stopped_at": self.stopped_at.isoformat() if self.stopped_at else None,
            "extended_days": self.extended_days,
            "provisional": self.provisional,
            "provisional_years": list(self.provisional_years),
            "provisional_note": self.provisional_note,
        }


def make_clock(
    kind: ClockKind,
    start: date,
    calendar: WorkCalendar,
    rules: CountingRules = CountingRules(),
    *,
    due: date | None = None,
    not_counted_days: int = 0,
) -> Clock:
    """Start a clock: statutory kinds compute ``due`` from :data:`CLOCK_LIMITS`; the feedback kinds
    need the explicit ``due`` written on the document.  ``not_counted_days`` lengthens a statutory
    period by time the law does not count (art 36: the hearing of a 复核)."""
    start = _as_date(start)
    if kind in CLOCK_LIMITS:
        if due is not None:
            raise ValueError(f"{CLOCK_LABELS[kind]}的期限由条例规定，不能另行指定")
        if not_counted_days < 0:
            raise ValueError("not_counted_days must be >= 0")
        limit, counting = CLOCK_LIMITS[kind]
        due = due_date(start, limit + not_counted_days, counting, calendar, rules)
        return Clock(kind, start, due, provisional_years=provisional_years(calendar, start, due))
    if due is None:
        raise ValueError(f"{CLOCK_LABELS[kind]}需要来文或交办单载明的期限")
    return Clock(kind, start, _as_date(due))
