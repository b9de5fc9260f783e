"""Column values as Python dates: SQLite hands back ISO text, PostgreSQL real dates and timestamps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def as_date(value: Any) -> date | None:
    """A stored date or timestamp as a date (None for an empty column)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> datetime | None:
    """A stored timestamp as a naive datetime (None for an empty column)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def required_date(value: Any) -> date:
    """A stored date or timestamp of a column the caller knows is filled."""
    day = as_date(value)
    if day is None:
        raise ValueError("empty date column")
    return day
