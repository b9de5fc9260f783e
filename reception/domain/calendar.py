"""China's working-day calendar: statutory holidays and adjusted working weekends (调休).

Why this module exists: the 《信访工作条例》 counts most periods in calendar days ("日"), but the
objection to a wrongly forwarded matter (art 23) runs in *working* days, and calendar-day periods may
roll past a statutory holiday (民法典 art 203 by analogy, see ``clocks.CountingRules``).  Both need to
know which days the State Council declared off and which weekends it turned into working days.

The schedule is published every year (usually in November for the next year) and cannot be computed,
so it is *data*: ``resources/data/holidays.json`` ships only verified years, and the administrator
imports further years from a file of the same format (see ``resources/data/HOLIDAYS.md``).  The desk
PC is offline, so nothing is ever fetched.

For a year without data the calendar counts Monday–Friday less the holidays the law itself fixes
(``reception.domain.statutory``: 元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆 by date, without the year's
调休), and ``has_year`` says ``False``, so that every due date counted in that year is flagged
(``Clock.provisional_years``) instead of silently trusting a guess.

Standard library only: this module belongs to ``reception.domain``, which must stay free of Qt,
peewee and reportlab (import-linter contract in ``pyproject.toml``).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from reception.domain.statutory import statutory_holidays

__all__ = [
    "FORMAT_VERSION",
    "MAX_HOLIDAY_SPAN_DAYS",
    "AdjustedWorkday",
    "CalendarError",
    "HolidayRange",
    "WorkCalendar",
    "YearSchedule",
    "default_calendar_path",
]

#: Version of the file format understood by this module (the ``"format"`` key).
FORMAT_VERSION = 1

#: Longest plausible holiday range.  No Chinese public holiday lasts more than about ten days; the
#: limit exists to catch a typo such as ``"to": "2026-11-07"`` for ``"2026-10-07"``, which would
#: otherwise silently turn a month into holidays and push every deadline.
MAX_HOLIDAY_SPAN_DAYS = 31

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_KEY = re.compile(r"^\d{4}$")
_MIN_YEAR, _MAX_YEAR = 1900, 2199

_TOP_KEYS = frozenset({"format", "years"})
_YEAR_KEYS = frozenset({"source", "holidays", "workdays"})
_HOLIDAY_KEYS = frozenset({"name", "from", "to"})
_WORKDAY_KEYS = frozenset({"name", "date"})


class CalendarError(ValueError):
    """A holiday file or dict is unreadable or invalid.

    The message is in Chinese and names the file and the offending entry, because it is shown to the
    administrator who imported the file, not to a developer.
    """


@dataclass(frozen=True)
class HolidayRange:
    """A run of statutory days off, both ends included (``from``/``to`` in the file)."""

    name: str
    first: date
    last: date

    def days(self) -> list[date]:
        """Every date of the range, in order."""
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class AdjustedWorkday:
    """A Saturday or Sunday declared a working day (调休上班)."""

    name: str
    day: date


@dataclass(frozen=True)
class YearSchedule:
    """One year's notice, kept as published (ranges, not expanded days) so it round-trips to JSON.

    Dates may spill into the neighbouring year (e.g. a 元旦 break starting on 30 December is part of
    the next year's notice), hence the ±1 year tolerance in validation.
    """

    year: int
    source: str = ""
    holidays: tuple[HolidayRange, ...] = ()
    workdays: tuple[AdjustedWorkday, ...] = ()


def _as_date(d: date) -> date:
    """Strip the time from a ``datetime``.

    ``datetime`` is a subclass of ``date`` but never compares equal to one, so a ``datetime`` used as
    a dict key would miss every holiday.
    """
    return d.date() if isinstance(d, datetime) else d


@dataclass(frozen=True)
class WorkCalendar:
    """Statutory holidays and adjusted working days, year by year.

    Build one with :meth:`load` (files) or :meth:`from_dict`; an empty ``WorkCalendar()`` knows only
    the statutory holidays (Monday–Friday less those).  Instances are immutable so one can be shared by every window and
    service; :meth:`merged` returns a new calendar.
    """

    schedules: dict[int, YearSchedule] = field(default_factory=dict[int, YearSchedule])
    _holidays: dict[date, str] = field(init=False, repr=False, compare=False)
    _workdays: dict[date, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        holidays: dict[date, str] = {}
        workdays: dict[date, str] = {}
        for year in sorted(self.schedules):
            sched = self.schedules[year]
            for rng in sched.holidays:
                for d in rng.days():
                    holidays[d] = rng.name
            for wd in sched.workdays:
                workdays[wd.day] = wd.name
        # Two notices (neighbouring years) could disagree about a spill-over date; a day that is both
        # off and on would make deadlines depend on lookup order, so refuse it.
        clash = sorted(set(holidays) & set(workdays))
        if clash:
            raise CalendarError(
                f"节假日数据冲突：{clash[0].isoformat()} 既是放假日（{holidays[clash[0]]}）"
                f"又是调休上班日（{workdays[clash[0]]}）"
            )
        object.__setattr__(self, "_holidays", holidays)
        object.__setattr__(self, "_workdays", workdays)

    def __hash__(self) -> int:
        # The generated hash would hash the ``schedules`` dict and fail; year schedules are frozen.
        return hash(tuple(sorted(self.schedules.items())))

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, *paths: Path | str) -> WorkCalendar:
        """Read one or more holiday files and merge them; a later file replaces a whole year.

        Replacing whole years (rather than merging day lists) is deliberate: a corrected notice from
        the administrator must be able to *remove* a day, which a union could never do.  Without
        arguments the shipped file (:func:`default_calendar_path`) is read.
        """
        if not paths:
            paths = (default_calendar_path(),)
        result = cls()
        for p in paths:
            result = result.merged(cls._load_file(Path(p)))
        return result

    @classmethod
    def _load_file(cls, path: Path) -> WorkCalendar:
        name = str(path)
        try:
            # utf-8-sig: files saved with Windows Notepad start with a BOM.
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CalendarError(f"找不到节假日文件：{name}") from None
        except UnicodeDecodeError as exc:
            raise CalendarError(f"节假日文件 {name} 不是 UTF-8 编码：{exc.reason}") from None
        except OSError as exc:
            raise CalendarError(f"无法读取节假日文件 {name}：{exc.strerror or exc}") from None
        try:
            data = json.loads(text, object_pairs_hook=_reject_duplicate_keys)
        except _DuplicateKeyError as exc:
            raise CalendarError(f"节假日文件 {name}：键 {exc.args[0]!r} 重复出现") from None
        except json.JSONDecodeError as exc:
            raise CalendarError(
                f"节假日文件 {name} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}"
            ) from None
        return cls.from_dict(data, origin=name)

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, origin: str = "节假日数据") -> WorkCalendar:
        """Validate a parsed holiday document and build a calendar.

        Validation is strict (unknown keys, wrong types, impossible dates, reversed ranges, a weekday
        declared a 调休 working day, overlaps) because a silent mistake here moves legal deadlines.
        ``origin`` names the file in error messages.
        """
        where = origin
        top = _json_object(data)
        if top is None:
            raise CalendarError(f"{where}：顶层应为 JSON 对象")
        _check_keys(top, _TOP_KEYS, where, required=_TOP_KEYS)
        fmt = top["format"]
        if type(fmt) is not int or fmt != FORMAT_VERSION:
            raise CalendarError(f"{where}：不支持的格式版本 format={fmt!r}（应为 {FORMAT_VERSION}）")
        years = _json_object(top["years"])
        if years is None:
            raise CalendarError(f"{where}：years 应为对象，键为年份")
        schedules: dict[int, YearSchedule] = {}
        for key, entry in years.items():
            if not isinstance(key, str) or not _YEAR_KEY.match(key):
                raise CalendarError(f'{where}：年份键 {key!r} 无效（应为四位数字，如 "2026"）')
            year = int(key)
            if not _MIN_YEAR <= year <= _MAX_YEAR:
                raise CalendarError(f"{where}：年份 {year} 超出范围 {_MIN_YEAR}–{_MAX_YEAR}")
            schedules[year] = _parse_year(year, entry, f"{where}：{year} 年")
        return cls(schedules)

    def to_dict(self) -> dict[str, Any]:
        """The calendar in file format (what :meth:`from_dict` reads), years in ascending order."""
        years: dict[str, Any] = {}
        for year in sorted(self.schedules):
            s = self.schedules[year]
            years[str(year)] = {
                "source": s.source,
                "holidays": [
                    {"name": h.name, "from": h.first.isoformat(), "to": h.last.isoformat()} for h in s.holidays
                ],
                "workdays": [{"name": w.name, "date": w.day.isoformat()} for w in s.workdays],
            }
        return {"format": FORMAT_VERSION, "years": years}

    def merged(self, other: WorkCalendar) -> WorkCalendar:
        """A new calendar with ``other``'s years replacing or adding to this one's."""
        return WorkCalendar({**self.schedules, **other.schedules})

    # ------------------------------------------------------------------ queries

    @property
    def years(self) -> frozenset[int]:
        """Years for which a notice was loaded."""
        return frozenset(self.schedules)

    def has_year(self, year: int) -> bool:
        """Whether ``year`` has the State Council's schedule; if not, answers for it are an estimate from
        the statutory holidays alone (no 调休 working weekends, no bridged days)."""
        return year in self.schedules

    def missing_years(self, first: date, last: date) -> list[int]:
        """Years touched by ``first..last`` that have no data, so a caller can warn once per period."""
        lo, hi = sorted((_as_date(first).year, _as_date(last).year))
        return [y for y in range(lo, hi + 1) if y not in self.schedules]

    def source(self, year: int) -> str | None:
        """The cited source of a year's schedule, or ``None`` without data."""
        s = self.schedules.get(year)
        return s.source if s else None

    def is_holiday(self, d: date) -> bool:
        """A statutory day off: listed in a notice, or, in a year without one, fixed by law.

        Ordinary weekends are *not* holidays here: the roll-over rule of 民法典 art 203 speaks of
        statutory holidays, and callers that want weekends use :meth:`is_workday`.
        """
        return self.holiday_name(d) is not None

    def holiday_name(self, d: date) -> str | None:
        """The holiday's name (e.g. ``"国庆节"``), or ``None``.

        A year without a notice falls back to the law's own days (:func:`statutory_holidays`), unless a
        neighbouring year's notice already spoke about the date (a 元旦 break starting on 30 December).
        """
        d = _as_date(d)
        name = self._holidays.get(d)
        if name is not None or d in self._workdays or d.year in self.schedules:
            return name
        return statutory_holidays(d.year).get(d)

    def adjusted_workday_name(self, d: date) -> str | None:
        """The name of an adjusted working weekend (e.g. ``"春节调休"``), or ``None``."""
        return self._workdays.get(_as_date(d))

    def is_workday(self, d: date) -> bool:
        """A day the office works: an adjusted weekend (调休), or a Monday–Friday that is no holiday."""
        d = _as_date(d)
        if d in self._workdays:
            return True
        if self.is_holiday(d):
            return False
        return d.weekday() < 5

    def add_workdays(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start``; ``start`` itself is not counted.

        ``n == 0`` returns ``start`` unchanged (used by callers that count the first day).  The loop is
        bounded because every Monday–Friday outside a holiday range is a working day and ranges are
        at most :data:`MAX_HOLIDAY_SPAN_DAYS` long.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        d = _as_date(start)
        remaining = n
        while remaining:
            d += timedelta(days=1)
            if self.is_workday(d):
                remaining -= 1
        return d

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in ``(start, end]`` — the inverse of :meth:`add_workdays` for ``end >= start``."""
        s, e = _as_date(start), _as_date(end)
        return sum(1 for i in range(1, (e - s).days + 1) if self.is_workday(s + timedelta(days=i)))


# ---------------------------------------------------------------------- validation helpers


class _DuplicateKeyError(Exception):
    """Raised inside ``json.loads``; turned into a :class:`CalendarError` naming the file."""


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json`` keeps the last of two equal keys silently; two "2026" blocks are an editing mistake."""
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateKeyError(k)
        out[k] = v
    return out


def _check_keys(obj: dict[str, Any], allowed: frozenset[str], where: str, required: frozenset[str]) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise CalendarError(f"{where}：未知字段 {', '.join(unknown)}（允许：{', '.join(sorted(allowed))}）")
    missing = sorted(required - set(obj))
    if missing:
        raise CalendarError(f"{where}：缺少字段 {', '.join(missing)}")


def _parse_date(value: Any, year: int, where: str) -> date:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise CalendarError(f"{where}：日期 {value!r} 格式错误（应为 YYYY-MM-DD）")
    try:
        d = date.fromisoformat(value)
    except ValueError:
        raise CalendarError(f"{where}：日期 {value!r} 不存在") from None
    if abs(d.year - year) > 1:
        raise CalendarError(f"{where}：日期 {value} 不属于 {year} 年的安排")
    return d


def _json_object(value: object) -> dict[Any, Any] | None:
    """``value`` as a parsed JSON object (its keys still to be checked), or None when it is something else."""
    return cast(dict[Any, Any], value) if isinstance(value, dict) else None


def _json_array(value: object) -> list[Any] | None:
    """``value`` as a parsed JSON array, or None when it is something else."""
    return cast(list[Any], value) if isinstance(value, list) else None


def _parse_name(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CalendarError(f"{where}：name 应为非空文字")
    return value.strip()


def _parse_year(year: int, value: Any, where: str) -> YearSchedule:
    entry = _json_object(value)
    if entry is None:
        raise CalendarError(f"{where}：应为 JSON 对象")
    _check_keys(entry, _YEAR_KEYS, where, required=frozenset({"holidays"}))
    source = entry.get("source", "")
    if not isinstance(source, str):
        raise CalendarError(f"{where}：source 应为文字")

    raw_holidays = _json_array(entry["holidays"])
    if raw_holidays is None:
        raise CalendarError(f"{where}：holidays 应为列表")
    holidays: list[HolidayRange] = []
    seen: dict[date, str] = {}
    for i, value in enumerate(raw_holidays):
        w = f"{where} holidays[{i}]"
        h = _json_object(value)
        if h is None:
            raise CalendarError(f"{w}：应为 JSON 对象")
        _check_keys(h, _HOLIDAY_KEYS, w, required=_HOLIDAY_KEYS)
        name = _parse_name(h["name"], w)
        first = _parse_date(h["from"], year, f"{w} from")
        last = _parse_date(h["to"], year, f"{w} to")
        if first > last:
            raise CalendarError(f"{w}（{name}）：开始日期 {first} 晚于结束日期 {last}")
        span = (last - first).days + 1
        if span > MAX_HOLIDAY_SPAN_DAYS:
            raise CalendarError(f"{w}（{name}）：假期 {span} 天，超过 {MAX_HOLIDAY_SPAN_DAYS} 天，请检查日期")
        rng = HolidayRange(name, first, last)
        for d in rng.days():
            if d in seen:
                raise CalendarError(f"{w}（{name}）：{d} 与 {seen[d]} 重叠")
            seen[d] = name
        holidays.append(rng)

    raw_workdays = _json_array(entry.get("workdays", []))
    if raw_workdays is None:
        raise CalendarError(f"{where}：workdays 应为列表")
    workdays: list[AdjustedWorkday] = []
    seen_wd: set[date] = set()
    for i, value in enumerate(raw_workdays):
        w = f"{where} workdays[{i}]"
        wd = _json_object(value)
        if wd is None:
            raise CalendarError(f"{w}：应为 JSON 对象")
        _check_keys(wd, _WORKDAY_KEYS, w, required=_WORKDAY_KEYS)
        name = _parse_name(wd["name"], w)
        d = _parse_date(wd["date"], year, f"{w} date")
        if d.weekday() < 5:
            # A weekday is a working day anyway; listing one means the date was mistyped.
            raise CalendarError(f"{w}（{name}）：{d} 不是周六或周日，调休上班日应为周末")
        if d in seen:
            raise CalendarError(f"{w}（{name}）：{d} 同时被列为放假日（{seen[d]}）")
        if d in seen_wd:
            raise CalendarError(f"{w}（{name}）：{d} 重复列出")
        seen_wd.add(d)
        workdays.append(AdjustedWorkday(name, d))

    return YearSchedule(year, source, tuple(holidays), tuple(workdays))


def default_calendar_path() -> Path:
    """The shipped ``resources/data/holidays.json``.

    From a source tree or editable install it sits two levels above this package; a PyInstaller
    build unpacks data files under ``sys._MEIPASS`` instead, where ``__file__`` no longer points.
    """
    meipass = getattr(sys, "_MEIPASS", None)
    base = Path(meipass) if meipass else Path(__file__).resolve().parents[2]
    return base / "resources" / "data" / "holidays.json"
