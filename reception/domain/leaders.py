"""Leaders at the desk as read models: a published reception day (领导接访日) and a leader's part in a matter."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LeaderDay:
    """A leader's reception day; ``date`` is ISO (YYYY-MM-DD), ``receptions`` how many were received on it."""

    id: int
    leader: str
    title: str
    date: str
    time: str
    place: str
    note: str
    receptions: int = 0


@dataclass(frozen=True)
class LeaderPart:
    """A leader's reception (receive), 包案 (assign) or 批示 (instruction) of a matter; ``at`` is ISO."""

    kind: str
    label: str
    leader: str
    at: str
    day_id: int | None
    text: str
