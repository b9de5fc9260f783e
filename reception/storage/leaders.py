"""Leaders' reception days (领导接访日) and their part in matters (接访, 包案, 批示), one row per event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from peewee import fn

from reception.storage import models as m
from reception.storage.db import Store
from reception.storage.values import as_date, as_datetime


@dataclass(frozen=True)
class LeaderDayRecord:
    id: int
    leader: str
    title: str
    day: date
    time_range: str
    place: str
    note: str


@dataclass(frozen=True)
class LeaderActionRecord:
    kind: str  # receive | assign | instruction
    leader: str
    at: datetime
    day_id: int | None
    text: str


def _day(row: Any) -> LeaderDayRecord:
    day = as_date(row.day)
    assert day is not None
    return LeaderDayRecord(row.id, row.leader, row.title, day, row.time_range, row.place, row.note)


class LeaderRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def add_day(
        self,
        *,
        leader: str,
        title: str,
        day: date,
        time_range: str,
        place: str,
        note: str,
        created_at: datetime,
        created_by: str,
    ) -> LeaderDayRecord:
        self.store.bind_models()
        row = m.LeaderDay.create(
            leader=leader,
            title=title,
            day=day,
            time_range=time_range,
            place=place,
            note=note,
            created_at=created_at,
            created_by=created_by,
        )
        return _day(row)

    def update_day(
        self, day_id: int, *, leader: str, title: str, day: date, time_range: str, place: str, note: str
    ) -> None:
        self.store.bind_models()
        m.LeaderDay.update(leader=leader, title=title, day=day, time_range=time_range, place=place, note=note).where(
            m.LeaderDay.id == day_id
        ).execute()

    def delete_day(self, day_id: int) -> None:
        self.store.bind_models()
        m.LeaderDay.delete().where(m.LeaderDay.id == day_id).execute()

    def day(self, day_id: int) -> LeaderDayRecord | None:
        self.store.bind_models()
        row = m.LeaderDay.get_or_none(m.LeaderDay.id == day_id)
        return _day(row) if row is not None else None

    def days(self, date_from: date | None = None, date_to: date | None = None) -> list[LeaderDayRecord]:
        self.store.bind_models()
        query = m.LeaderDay.select()
        if date_from is not None:
            query = query.where(m.LeaderDay.day >= date_from)
        if date_to is not None:
            query = query.where(m.LeaderDay.day <= date_to)
        return [_day(r) for r in query.order_by(m.LeaderDay.day, m.LeaderDay.id)]

    def receptions(self, day_ids: list[int]) -> dict[int, int]:
        """How many leader actions were recorded on each of these days (days without any are left out)."""
        if not day_ids:
            return {}
        self.store.bind_models()
        query = (
            m.LeaderAction.select(m.LeaderAction.day, fn.COUNT(m.LeaderAction.id))
            .where(m.LeaderAction.day.in_(day_ids))
            .group_by(m.LeaderAction.day)
            .tuples()
        )
        counts: list[tuple[Any, Any]] = list(query.execute())  # .tuples(): (day id, count) pairs
        return {int(day_id): int(n) for day_id, n in counts}

    def add_action(
        self, *, matter_id: int, event_id: int, kind: str, leader: str, at: datetime, day_id: int | None, text: str
    ) -> None:
        self.store.bind_models()
        m.LeaderAction.create(matter=matter_id, event=event_id, kind=kind, leader=leader, at=at, day=day_id, text=text)

    def actions_of(self, matter_id: int) -> list[LeaderActionRecord]:
        """The matter's leader actions, oldest first."""
        self.store.bind_models()
        rows = (
            m.LeaderAction.select()
            .where(m.LeaderAction.matter == matter_id)
            .order_by(m.LeaderAction.at, m.LeaderAction.id)
        )
        out = []
        for r in rows:
            at = as_datetime(r.at)
            assert at is not None
            out.append(LeaderActionRecord(r.kind, r.leader, at, r.day_id, r.text))
        return out
