"""The 督办 board's queries: counts per warning level and the matters of each section, in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reception.storage.db import Store
from reception.storage.values import as_date

# When a matter's running clock enters each board level (warn, alert, severe, overdue).
_LEVEL_COLUMNS = ("level_warn_at", "level_alert_at", "level_severe_at", "level_overdue_at")


@dataclass(frozen=True)
class FollowUp:
    """The dates the board shows beside a ledger row."""

    unit_due: date | None
    replied_at: Any  # the stored timestamp (shown as its first 16 characters)
    supervision_count: int


class SupervisionQuery:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.ph = store.ph

    def _moment(self, now: datetime) -> Any:
        return now.replace(microsecond=0).isoformat(sep=" ") if self.store.is_sqlite else now

    def _count(self, where: str, args: tuple[Any, ...]) -> int:
        return int(self.store.execute(f"SELECT COUNT(*) FROM matter WHERE {where}", args).fetchone()[0])

    def _ids(self, where: str, order: str, args: tuple[Any, ...], limit: int) -> list[int]:
        sql = f"SELECT id FROM matter WHERE {where} ORDER BY {order} LIMIT {int(limit)}"
        return [int(r[0]) for r in self.store.execute(sql, args).fetchall()]

    def at_least_levels(self, now: datetime) -> list[int]:
        """How many matters have reached each of warn, alert, severe, overdue at ``now``."""
        stamp = self._moment(now)
        return [self._count(f"{column} <= {self.ph}", (stamp,)) for column in _LEVEL_COLUMNS]

    def _due_between(self) -> str:
        return f"clock_due >= {self.ph} AND clock_due <= {self.ph}"

    def _awaiting_feedback(self) -> str:
        return f"status IN ({self.ph}, {self.ph}) AND unit_due IS NOT NULL"

    def count_due_between(self, first: date, last: date) -> int:
        return self._count(self._due_between(), (first.isoformat(), last.isoformat()))

    def count_replied(self) -> int:
        return self._count(f"status = {self.ph}", ("replied",))

    def count_awaiting_feedback(self) -> int:
        return self._count(self._awaiting_feedback(), ("assigned", "supervised"))

    def due_between(self, first: date, last: date, limit: int) -> list[int]:
        return self._ids(self._due_between(), "clock_due, id", (first.isoformat(), last.isoformat()), limit)

    def replied(self, limit: int) -> list[int]:
        """Matters waiting for the return visit, the longest waiting first."""
        return self._ids(f"status = {self.ph}", "replied_at, id", ("replied",), limit)

    def awaiting_feedback(self, limit: int) -> list[int]:
        """Assigned matters waiting for the unit's feedback, the earliest due first."""
        return self._ids(self._awaiting_feedback(), "unit_due, id", ("assigned", "supervised"), limit)

    def follow_ups(self, ids: list[int]) -> dict[int, FollowUp]:
        if not ids:
            return {}
        marks = ", ".join(self.ph for _ in ids)
        sql = f"SELECT id, unit_due, replied_at, supervision_count FROM matter WHERE id IN ({marks})"
        return {
            int(r[0]): FollowUp(as_date(r[1]), r[2], int(r[3] or 0))
            for r in self.store.execute(sql, tuple(ids)).fetchall()
        }
