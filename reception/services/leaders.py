"""Leaders at the desk: reception days (领导接访日), matters a leader received, 包案 and 批示.

Each use case on a matter is one transaction that writes the matter (its ``updated_at``; the 包案 leader for
``leader-assign``), the event (``leader-receive``, ``leader-assign``, ``leader-instruction``) and a
``leader_action`` row, which lets the statistics count leader receptions of a period without scanning every event.
The events are the record: ``workflow.apply`` replays ``leader-assign`` into ``Matter.leader``.

Who may: recording a reception day, a leader's reception or a 批示 is a clerk's work on their own matters (首接负责制,
supervisors on any); naming the 包案 leader needs a supervisor.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from reception.domain import workflow
from reception.domain.leaders import LeaderDay, LeaderPart
from reception.domain.matter import Event, InvalidInput, Matter, parse_date
from reception.domain.roles import Forbidden, Principal, Role, check_action, require
from reception.services.audit import AuditService, Witness
from reception.services.ledger import LedgerService, NotFound
from reception.storage.db import Store
from reception.storage.leaders import LeaderDayRecord, LeaderRepository
from reception.storage.repo import Repository

__all__ = ["LEADER_ACTIONS", "LeaderService"]

#: action name (as ``reception act NUMBER ACTION``) → (leader_action kind, label)
LEADER_ACTIONS = {
    "leader-receive": ("receive", "领导接访"),
    "leader-assign": ("assign", "领导包案"),
    "leader-instruction": ("instruction", "领导批示"),
}

MAX_NAME = 50
MAX_TEXT = 2000
_FUTURE_TOLERANCE = timedelta(minutes=5)


def _text(value: Any, label: str, key: str, limit: int, *, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise InvalidInput(f"请填写{label}", key)
    if len(text) > limit:
        raise InvalidInput(f"{label}过长：{len(text)} 字，最多 {limit} 字", key)
    if "\x00" in text:
        raise InvalidInput(f"{label}含有无效字符", key)
    return text


def _day(row: LeaderDayRecord, receptions: int = 0) -> LeaderDay:
    return LeaderDay(
        id=row.id,
        leader=row.leader,
        title=row.title,
        date=row.day.isoformat(),
        time=row.time_range,
        place=row.place,
        note=row.note,
        receptions=receptions,
    )


class LeaderService:
    def __init__(self, store: Store, ledger: LedgerService, audit: AuditService | None = None) -> None:
        self.store = store
        self.ledger = ledger  # the clock, the repository and the matter's clocks are the desk's
        self.audit = audit
        self.leaders = LeaderRepository(store)
        self.repo = Repository(store)

    def _record(
        self, principal: Principal, action: str, number: str = "", witness: Witness | None = None, **detail: Any
    ) -> None:
        if self.audit is not None:
            self.audit.record(principal.name, action, matter_number=number, detail=detail, witness=witness)

    # -- reception days --------------------------------------------------------------------------------------

    def _clean_day(self, data: dict[str, Any]) -> dict[str, Any]:
        day = parse_date(data.get("date"), "接访日期", "date")
        if day is None:
            raise InvalidInput("请填写接访日期（YYYY-MM-DD）", "date")
        return {
            "leader": _text(data.get("leader") or data.get("name"), "领导姓名", "leader", MAX_NAME, required=True),
            "title": _text(data.get("title"), "职务", "title", 50),
            "day": day,
            "time_range": _text(data.get("time"), "接访时间", "time", 30),
            "place": _text(data.get("place"), "接访地点", "place", 200),
            "note": _text(data.get("note"), "备注", "note", MAX_TEXT),
        }

    def add_day(self, data: dict[str, Any], *, actor: Principal) -> LeaderDay:
        """Schedule a reception day: ``leader`` (or ``name``), ``date``, optional ``title``, ``time``, ``place``,
        ``note``."""
        principal = actor
        require(principal, "register")
        clean = self._clean_day(data)
        with self.store.write():
            row = self.leaders.add_day(**clean, created_at=self.ledger.clock(), created_by=principal.name)
            self._record(principal, "leader-day:add", day=clean["day"].isoformat(), leader=clean["leader"])
        return _day(row)

    def update_day(self, day_id: int, data: dict[str, Any], *, actor: Principal) -> LeaderDay:
        principal = actor
        require(principal, "register")
        clean = self._clean_day(data)
        with self.store.write():
            row = self._day_row(day_id)
            self.leaders.update_day(row.id, **clean)
            self._record(principal, "leader-day:edit", day_id=row.id, day=clean["day"].isoformat())
        return self.day(day_id)

    def delete_day(self, day_id: int, *, actor: Principal) -> None:
        """Remove a reception day nobody was received on (one with receptions is part of the record)."""
        principal = actor
        require(principal, "register")
        with self.store.write():
            row = self._day_row(day_id)
            if self.leaders.receptions([row.id]):
                raise InvalidInput("该接访日已有接访记录，不能删除；可修改备注说明")
            self.leaders.delete_day(row.id)
            self._record(principal, "leader-day:delete", day_id=day_id)

    def _day_row(self, day_id: Any) -> LeaderDayRecord:
        try:
            key = int(day_id)
        except (TypeError, ValueError):
            raise InvalidInput(f"接访日编号“{day_id}”无效", "day") from None
        row = self.leaders.day(key)
        if row is None:
            raise NotFound(f"没有编号为 {day_id} 的领导接访日", "day")
        return row

    def day(self, day_id: int) -> LeaderDay:
        row = self._day_row(day_id)
        return _day(row, self.leaders.receptions([row.id]).get(row.id, 0))

    def days(self, date_from: date | None = None, date_to: date | None = None) -> list[LeaderDay]:
        """Reception days in date order (all of them without bounds), each with how many receptions it had."""
        rows = self.leaders.days(date_from, date_to)
        counts = self.leaders.receptions([r.id for r in rows])
        return [_day(r, counts.get(r.id, 0)) for r in rows]

    # -- on a matter ---------------------------------------------------------------------------------------------

    def act(
        self,
        number: str,
        action: str,
        params: dict[str, Any] | None = None,
        *,
        actor: Principal,
        at: datetime | None = None,
    ) -> Matter:
        """``leader-receive`` (``leader``, ``day``, ``note``), ``leader-assign`` (``leader``, ``note``) or
        ``leader-instruction`` (``leader``, ``text``): the command's ``reception act NUMBER leader-…``."""
        params = workflow.clean_params(dict(params or {}))
        if action == "leader-receive":
            return self.receive(
                number,
                leader=params.get("leader") or "",
                day_id=params.get("day"),
                note=params.get("note") or "",
                actor=actor,
                at=at,
            )
        if action == "leader-assign":
            return self.assign(
                number, leader=params.get("leader") or "", note=params.get("note") or "", actor=actor, at=at
            )
        if action == "leader-instruction":
            return self.instruct(
                number, leader=params.get("leader") or "", text=params.get("text") or "", actor=actor, at=at
            )
        raise InvalidInput(f"未知的操作“{action}”，可用：{'、'.join(LEADER_ACTIONS)}")

    def receive(
        self,
        number: str,
        *,
        leader: str = "",
        day_id: Any = None,
        note: str = "",
        actor: Principal,
        at: datetime | None = None,
    ) -> Matter:
        """领导接访: leader X received this matter's visitor (on reception day ``day_id`` when given; the day's
        leader is the default)."""
        payload: dict[str, Any] = {"note": _text(note, "备注", "note", MAX_TEXT)}
        day_row = None
        if day_id not in (None, ""):
            day_row = self._day_row(day_id)
            payload["day_id"] = day_row.id
            leader = leader or day_row.leader
            if day_row.title:
                payload["title"] = day_row.title
        payload["leader"] = _text(leader, "接访领导", "leader", MAX_NAME, required=True)
        return self._write(number, "leader-receive", payload, actor=actor, at=at, day=day_row)

    def assign(
        self, number: str, *, leader: str, note: str = "", actor: Principal, at: datetime | None = None
    ) -> Matter:
        """包案: leader X takes charge of the matter until it is resolved (replaces an earlier 包案 leader)."""
        payload = {
            "leader": _text(leader, "包案领导", "leader", MAX_NAME, required=True),
            "note": _text(note, "备注", "note", MAX_TEXT),
        }
        return self._write(number, "leader-assign", payload, actor=actor, at=at)

    def instruct(self, number: str, *, leader: str, text: str, actor: Principal, at: datetime | None = None) -> Matter:
        """批示: what leader X wrote on the matter (阅信批示), kept word for word."""
        payload = {
            "leader": _text(leader, "批示领导", "leader", MAX_NAME, required=True),
            "text": _text(text, "批示内容", "text", MAX_TEXT, required=True),
        }
        return self._write(number, "leader-instruction", payload, actor=actor, at=at)

    def _write(
        self,
        number: str,
        action: str,
        payload: dict[str, Any],
        *,
        actor: Principal,
        at: datetime | None,
        day: LeaderDayRecord | None = None,
    ) -> Matter:
        principal = actor
        kind, label = LEADER_ACTIONS[action]
        now = self.ledger.clock()
        at = (at or now).replace(microsecond=0, tzinfo=None)
        with self.store.write():
            matter = self.ledger.get(number)
            witness = self.audit.witness(matter_number=matter.number) if self.audit is not None else None
            if action == "leader-assign":
                if not principal.at_least(Role.SUPERVISOR):
                    raise Forbidden(f"指定包案领导需要科长权限，{principal.name} 无此权限")
            else:
                check_action(principal, action, matter.clerk)
            if at > now + _FUTURE_TOLERANCE:
                raise InvalidInput(f"{label}时间 {at:%Y-%m-%d %H:%M} 晚于当前时间", "at")
            if at < matter.received_at:
                raise InvalidInput(
                    f"{label}时间 {at:%Y-%m-%d %H:%M} 早于登记时间 {matter.received_at:%Y-%m-%d %H:%M}", "at"
                )
            if action == "leader-assign":
                payload["previous"] = matter.leader
            event = Event(kind=action, at=at, actor=principal.name, payload=payload)
            workflow.apply(matter, event)
            assert matter.id is not None
            self.ledger.save_step(matter, event, now)
            assert event.id is not None
            self.leaders.add_action(
                matter_id=matter.id,
                event_id=event.id,
                kind=kind,
                leader=payload["leader"],
                at=at,
                day_id=day.id if day is not None else None,
                text=payload.get("text") or payload.get("note") or "",
            )
            self._record(
                principal, f"act:{action}", matter.number, witness, leader=payload["leader"], at=at.isoformat()
            )
        return matter

    def of_matter(self, number: str) -> list[LeaderPart]:
        """The matter's leader receptions, 包案 and 批示, oldest first (the detail view's leader panel)."""
        matter_id = self.repo.matter_id(number.strip())
        if matter_id is None:
            raise NotFound(f"没有编号为 {number} 的事项")
        return [
            LeaderPart(
                kind=r.kind,
                label=LEADER_ACTIONS[f"leader-{r.kind}"][1],
                leader=r.leader,
                at=r.at.isoformat(),
                day_id=r.day_id,
                text=r.text,
            )
            for r in self.leaders.actions_of(matter_id)
        ]
