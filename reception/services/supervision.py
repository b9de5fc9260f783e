"""The supervision board's lists (督办): what needs pushing today, each list one indexed query.

* by warning level (预警/警告/严重警告/超期) of the running clock: the stored level times make every level a range
  over an index (``level_warn_at <= now``), so the counts never replay a million clocks in Python;
* due this week: running clocks whose due day is from today to Sunday;
* awaiting a return visit: matters replied to (status 已答复), oldest reply first;
* assigned and awaiting the unit's feedback: 已交办/督办中 with a feedback date (交办反馈期限), soonest first.

Rows are the ledger's rows (masked numbers, complaints hidden below a supervisor) with the few extra dates the
board shows.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta

from reception.domain.clocks import WarningLevel
from reception.domain.ledger import LedgerFilter
from reception.domain.roles import Principal
from reception.domain.views import BoardCounts, BoardRow, LedgerRow, LevelCounts
from reception.services.ledger import LedgerService
from reception.storage.db import Store
from reception.storage.supervision import FollowUp, SupervisionQuery

__all__ = ["BOARD_LEVELS", "SECTIONS", "SupervisionService"]

SECTIONS = {
    "levels": "按预警等级",
    "week": "本周到期",
    "return_visit": "待回访",
    "feedback": "交办待反馈",
}

#: the levels the board counts and lists, least urgent first
BOARD_LEVELS = (
    WarningLevel.WARN.value,
    WarningLevel.ALERT.value,
    WarningLevel.SEVERE.value,
    WarningLevel.OVERDUE.value,
)

DEFAULT_LIMIT = 500


class SupervisionService:
    def __init__(self, store: Store, ledger: LedgerService) -> None:
        self.store = store
        self.ledger = ledger
        self.query = SupervisionQuery(store)

    def week(self, today: date | None = None) -> tuple[date, date]:
        """Today and the Sunday that ends this week (the 本周到期 range)."""
        today = today or self.ledger.clock().date()
        return today, today + timedelta(days=6 - today.weekday())

    def level_counts(self) -> LevelCounts:
        """Matters whose running clock is at each level now (normal excluded)."""
        at_least = [*self.query.at_least_levels(self.ledger.clock()), 0]
        return LevelCounts(**{level: at_least[i] - at_least[i + 1] for i, level in enumerate(BOARD_LEVELS)})

    def counts(self) -> BoardCounts:
        """How many matters each section lists (before the row limit)."""
        first, last = self.week()
        return BoardCounts(
            levels=self.level_counts().total(),
            week=self.query.count_due_between(first, last),
            return_visit=self.query.count_replied(),
            feedback=self.query.count_awaiting_feedback(),
        )

    def rows(
        self, section: str, *, levels: tuple[str, ...] = (), limit: int = DEFAULT_LIMIT, viewer: Principal | None = None
    ) -> list[BoardRow]:
        """The matters of one section, most urgent first, as ledger rows plus ``unit_due``, ``unit_days_left``,
        ``replied_at`` and ``supervision_count``."""
        limit = max(1, int(limit))
        if section == "levels":
            wanted = tuple(levels) or BOARD_LEVELS
            unknown = [lv for lv in wanted if lv not in BOARD_LEVELS]
            if unknown:
                raise ValueError(f"unknown levels {unknown}")
            rows = self.ledger.ledger_page(
                LedgerFilter(levels=wanted), offset=0, limit=limit, sort="due", descending=False, viewer=viewer
            )
            ids = [r.id for r in rows]
        elif section == "week":
            ids = self.query.due_between(*self.week(), limit)
            rows = self.ledger.rows(ids, viewer=viewer)
        elif section == "return_visit":
            ids = self.query.replied(limit)
            rows = self.ledger.rows(ids, viewer=viewer)
        elif section == "feedback":
            ids = self.query.awaiting_feedback(limit)
            rows = self.ledger.rows(ids, viewer=viewer)
        else:
            raise ValueError(f"unknown section {section!r}; one of {sorted(SECTIONS)}")
        return self._with_extras(rows, ids)

    def _with_extras(self, rows: list[LedgerRow], ids: list[int]) -> list[BoardRow]:
        extra = self.query.follow_ups(ids) if ids else {}
        today = self.ledger.clock().date()
        board = []
        for row in rows:
            follow = extra.get(row.id, FollowUp(None, None, 0))
            due, replied_at = follow.unit_due, follow.replied_at
            board.append(
                BoardRow(
                    **{f.name: getattr(row, f.name) for f in fields(LedgerRow)},
                    unit_due=due.isoformat() if due else None,
                    unit_days_left=(due - today).days if due else None,
                    replied_at=str(replied_at)[:16].replace("T", " ") if replied_at else None,
                    supervision_count=follow.supervision_count,
                )
            )
        return board
