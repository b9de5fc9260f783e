"""The closed loop of a matter: which action is allowed when, and which clocks run.

``decide`` checks an action against the matter and the regulation and returns the :class:`Event` that records
it; ``apply`` is the only function that changes a matter, and it does so from the event alone.  Rebuilding a
matter from its events therefore gives the same matter the ledger holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from reception.domain.calendar import WorkCalendar
from reception.domain.clocks import (
    CLOCK_LIMITS,
    MAX_EXTENSION_DAYS,
    Clock,
    ClockKind,
    CountingRules,
    WarningLevel,
    due_date,
    provisional_years,
)
from reception.domain.codes import (
    REASONS_NEEDING_DIRECTION,
    REJECTION_REASONS,
    STATUS_LABELS,
    Channel,
    Outcome,
    Satisfaction,
    SourceKind,
    Status,
)
from reception.domain.matter import MAX_SHORT, MAX_SUMMARY, Event, InvalidInput, Matter, parse_date
from reception.domain.text import clean_text

#: the counting rules when a caller gives none (frozen, so one instance serves every call)
DEFAULT_RULES = CountingRules()


class TransitionRefused(InvalidInput):
    """An action the current state or the regulation does not allow; the message says why."""


@dataclass(frozen=True)
class ActionSpec:
    name: str
    label: str
    allowed_from: frozenset[Status]
    needs_supervisor: bool = False


S = Status
_AFTER_ACCEPT = frozenset({S.ACCEPTED, S.ASSIGNED, S.SUPERVISED, S.EXTENDED})
_WITH_UNIT = frozenset({S.ASSIGNED, S.SUPERVISED, S.EXTENDED})
#: routes (1)-(5) of art 31: the matter goes to its legal procedure and is closed with one of these
LEGAL_ROUTES = frozenset({1, 2, 3, 4, 5})
ROUTE_RESULTS = {"legal": "转入法定程序", "performed": "依法履行"}
ACTIONS: dict[str, ActionSpec] = {
    spec.name: spec
    for spec in (
        ActionSpec("accept", "受理", frozenset({S.REGISTERED})),
        ActionSpec("reject", "不予受理", frozenset({S.REGISTERED})),
        ActionSpec("refer", "转送", frozenset({S.REGISTERED})),
        ActionSpec("answer", "当场答复", frozenset({S.REGISTERED})),
        ActionSpec("object", "异议退回", frozenset({S.REGISTERED})),
        # a new assignment after 督办 or 延期 too (the unit changes; its feedback clock starts again)
        ActionSpec("assign", "交办", frozenset({S.ACCEPTED, S.SUPERVISED, S.EXTENDED}), needs_supervisor=True),
        ActionSpec("unit-report", "承办单位报告", _WITH_UNIT),
        ActionSpec("inform-route", "告知法定途径", _AFTER_ACCEPT),
        ActionSpec("supervise", "督办", _AFTER_ACCEPT),
        ActionSpec("extend", "延期", _AFTER_ACCEPT, needs_supervisor=True),
        ActionSpec("reply", "答复", _AFTER_ACCEPT),
        ActionSpec("return-visit", "回访", frozenset({S.REPLIED, S.ANSWERED, S.REVIEWED, S.RECHECKED})),
        ActionSpec(
            "request-review",
            "申请复查/复核",
            frozenset({S.REPLIED, S.RETURN_VISITED, S.REVIEWED, S.CLOSED}),
        ),
        ActionSpec("hearing", "复核听证", frozenset({S.RECHECK_REQUESTED})),
        ActionSpec("review-reply", "复查/复核答复", frozenset({S.REVIEW_REQUESTED, S.RECHECK_REQUESTED})),
        ActionSpec(
            "close",
            "办结",
            _AFTER_ACCEPT | {S.REPLIED, S.RETURN_VISITED, S.ANSWERED, S.REFERRED, S.REVIEWED, S.RECHECKED},
            needs_supervisor=True,
        ),
    )
}

# Event kinds that are steps of the closed loop (the others — print, notes, leader instructions — are not).
STEP_EVENTS = frozenset({"register", *ACTIONS})

# How long after "now" a back-dated entry may still lie (clock skew between PCs).
_FUTURE_TOLERANCE = timedelta(minutes=5)


def allowed_actions(matter: Matter) -> list[str]:
    """The actions the desk should offer for this matter now (the detail view shows only these)."""
    result: list[str] = []
    for name, spec in ACTIONS.items():
        if matter.status not in spec.allowed_from:
            continue
        if name == "extend" and (matter.extension_days or matter.route in LEGAL_ROUTES):
            continue
        if name == "object" and matter.source.kind == SourceKind.OWN:
            continue
        if name == "inform-route" and matter.route not in LEGAL_ROUTES:
            continue
        if name == "close" and matter.status in _AFTER_ACCEPT and not route_informed(matter):
            continue
        if name == "unit-report" and _last_event(matter, {"assign"}) is None:
            continue
        if name == "request-review" and (
            matter.rechecked_at or matter.recheck_requested_at or matter.reply_outcome is None
        ):
            continue
        result.append(name)
    return result


def _refuse(matter: Matter, action: str) -> TransitionRefused:
    spec = ACTIONS[action]
    return TransitionRefused(
        f"事项 {matter.number or ''} 当前状态为“{STATUS_LABELS[matter.status]}”，不能{spec.label}".replace("  ", " ")
    )


def _required(params: dict[str, Any], key: str, label: str, limit: int = MAX_SHORT) -> str:
    value = params.get(key)
    value = "" if value is None else str(value).strip()
    if not value:
        raise TransitionRefused(f"请填写{label}", key)
    if len(value) > limit:
        raise TransitionRefused(f"{label}过长：{len(value)} 字，最多 {limit} 字", key)
    return value


#: what the free-text options of the actions are called on the desk, for the refusal naming them
PARAM_LABELS = {
    "text": "答复内容",
    "note": "意见",
    "reason": "理由",
    "requirements": "交办要求",
    "to": "机关",
    "to_code": "机关代码",
    "direct_to": "告知的机关",
    "approver": "批准人",
    "result": "办结方式",
}
_MULTILINE_PARAMS = frozenset({"text", "note", "reason", "requirements"})


def clean_params(params: dict[str, Any]) -> dict[str, Any]:
    """Every text option under the one input rule (:func:`reception.domain.text.clean_text`)."""
    return {
        key: clean_text(value, PARAM_LABELS.get(key, key), key, multiline=key in _MULTILINE_PARAMS)
        if isinstance(value, str)
        else value
        for key, value in params.items()
    }


def decide(
    matter: Matter,
    action: str,
    params: dict[str, Any],
    *,
    actor: str,
    at: datetime,
    now: datetime | None = None,
    calendar: WorkCalendar | None = None,
    rules: CountingRules = DEFAULT_RULES,
    earlier: Sequence[Matter] = (),
) -> Event:
    """Check ``action`` on ``matter`` and return the event to record, or raise :class:`TransitionRefused`.

    ``earlier``: the matters this one repeats (its links, followed back), which decide 不再受理 after 复核 (art 36)
    and the same matter already in hand (art 19 ¶3).
    """
    if action not in ACTIONS:
        raise TransitionRefused(f"未知的操作“{action}”，可用：{'、'.join(ACTIONS)}")
    params = clean_params(params)
    now = now or datetime.now()
    at = at.replace(microsecond=0, tzinfo=None)
    if at > now + _FUTURE_TOLERANCE:
        raise TransitionRefused(f"操作时间 {at:%Y-%m-%d %H:%M} 晚于当前时间", "at")
    if at < matter.received_at:
        raise TransitionRefused(f"操作时间 {at:%Y-%m-%d %H:%M} 早于登记时间 {matter.received_at:%Y-%m-%d %H:%M}", "at")
    # Only steps of the closed loop order the history; a print or a note in between must not block 补录.
    last_step = next((e for e in reversed(matter.events) if e.kind in STEP_EVENTS), None)
    if last_step is not None and at < last_step.at:
        raise TransitionRefused(
            f"操作时间 {at:%Y-%m-%d %H:%M} 早于上一步 {last_step.at:%Y-%m-%d %H:%M}，请按顺序补录", "at"
        )
    spec = ACTIONS[action]
    if matter.status not in spec.allowed_from:
        if action == "request-review" and matter.status == S.RECHECKED:
            raise TransitionRefused("该事项已经复核，同一事实和理由不再受理（条例第三十六条）")
        raise _refuse(matter, action)
    payload: dict[str, Any] = {}
    calendar = calendar or WorkCalendar.from_dict({"format": 1, "years": {}})

    if action == "reject":
        raw_code: Any = params.get("reason_code")
        try:
            code = int(raw_code)
        except (TypeError, ValueError):
            raise TransitionRefused(f"请选择不予受理的理由（1-{max(REJECTION_REASONS)}）", "reason_code") from None
        if code not in REJECTION_REASONS:
            raise TransitionRefused(f"不予受理理由代码 {code} 无效，应为 1-{max(REJECTION_REASONS)}", "reason_code")
        direct_to = str(params.get("direct_to") or "").strip()
        if code in REASONS_NEEDING_DIRECTION and not direct_to:
            raise TransitionRefused(f"“{REJECTION_REASONS[code][0]}”须告知信访人应向哪个机关提出", "direct_to")
        _check_rejection_grounds(matter, code, earlier)
        payload = {"reason_code": code, "reason": REJECTION_REASONS[code][0], "direct_to": direct_to}
    elif action == "refer":
        payload = {"to": _required(params, "to", "转送机关"), "to_code": str(params.get("to_code") or "")}
    elif action == "answer":
        payload = {"text": _required(params, "text", "答复内容", MAX_SUMMARY)}
    elif action == "object":
        if matter.source.kind == SourceKind.OWN:
            raise TransitionRefused("本级登记的事项不能异议退回，只有上级转送、交办的事项可以")
        due = due_date(matter.received_at.date(), 5, CLOCK_LIMITS[ClockKind.OBJECT][1], calendar, rules)
        if at.date() > due:
            raise TransitionRefused(f"异议须在收到之日起 5 个工作日内提出（截止 {due:%Y-%m-%d}），已超期")
        payload = {"reason": _required(params, "reason", "退回理由", 2000), "to": matter.source.agency}
    elif action == "accept":
        route = params.get("route")
        if route not in (None, ""):
            try:
                route = int(route)
            except (TypeError, ValueError):
                raise TransitionRefused("办理途径应为 1-6", "route") from None
            if route not in range(1, 7):
                raise TransitionRefused("办理途径应为 1-6（条例第三十一条）", "route")
        _check_acceptable(matter, route or 6, earlier)
        payload = {"route": route or 6}
    elif action == "assign":
        try:
            due = parse_date(params.get("due"), "反馈期限", "due")
        except InvalidInput as exc:
            raise TransitionRefused(exc.message, exc.field) from None
        if due is not None and due < at.date():
            raise TransitionRefused(f"反馈期限 {due:%Y-%m-%d} 早于交办日期", "due")
        payload = {
            "to": _required(params, "to", "承办单位"),
            "to_code": str(params.get("to_code") or ""),
            "due": due.isoformat() if due else None,
            "requirements": str(params.get("requirements") or "").strip()[:2000],
        }
    elif action == "supervise":
        payload = {"note": _required(params, "note", "督办意见", 2000)}
    elif action == "extend":
        if matter.extension_days:
            raise TransitionRefused("该事项已经延期一次，不能再次延期（条例第三十四条）")
        if matter.route not in (None, 6):
            raise TransitionRefused("只有按第三十一条第（六）项办理的事项适用 60 日期限和延期")
        try:
            raw_days: Any = params.get("days")
            days = int(raw_days)
        except (TypeError, ValueError):
            raise TransitionRefused("请填写延期天数", "days") from None
        if not 1 <= days <= MAX_EXTENSION_DAYS:
            raise TransitionRefused(
                f"延期不得超过 {MAX_EXTENSION_DAYS} 日（条例第三十四条），填写的是 {days} 日", "days"
            )
        handle = clock_of(matter, ClockKind.HANDLE, calendar, rules)
        if handle is not None and at.date() > handle.due:
            raise TransitionRefused(f"办理期限已于 {handle.due:%Y-%m-%d} 届满，须在期限内延期")
        payload = {
            "days": days,
            "reason": _required(params, "reason", "延期理由", 2000),
            "approver": _required(params, "approver", "批准人", 50),
        }
    elif action == "reply":
        try:
            outcome = Outcome(params.get("outcome"))
        except ValueError:
            raise TransitionRefused(
                "答复结论应为 support（予以支持）、explain（解释说明）或 deny（不予支持）", "outcome"
            ) from None
        payload = {"outcome": outcome.value, "text": _required(params, "text", "答复意见", MAX_SUMMARY)}
    elif action == "return-visit":
        try:
            satisfaction = Satisfaction(params.get("satisfaction"))
        except ValueError:
            raise TransitionRefused(
                "满意度应为 satisfied（满意）、basic（基本满意）或 dissatisfied（不满意）", "satisfaction"
            ) from None
        payload = {"satisfaction": satisfaction.value, "note": str(params.get("note") or "").strip()[:2000]}
    elif action == "request-review":
        payload = _decide_review_request(matter, at, calendar, rules)
    elif action == "review-reply":
        try:
            outcome = Outcome(params.get("outcome"))
        except ValueError:
            raise TransitionRefused("复查/复核结论应为 support、explain 或 deny", "outcome") from None
        stage = "review" if matter.status == S.REVIEW_REQUESTED else "recheck"
        payload = {"stage": stage, "outcome": outcome.value, "text": _required(params, "text", "意见", MAX_SUMMARY)}
    elif action == "inform-route":
        if matter.route not in LEGAL_ROUTES:
            raise TransitionRefused("只有按第三十一条第（一）至（五）项受理的事项须告知法定途径")
        payload = {"text": _required(params, "text", "告知内容（向何机关、按何程序提出）", MAX_SUMMARY)}
    elif action == "unit-report":
        assigned = _last_event(matter, {"assign"})
        if assigned is None:
            raise TransitionRefused("该事项没有交办承办单位，没有办结报告可登记")
        reported = _event_date(params, "date", "报告日期", at)
        if reported > at.date():
            raise TransitionRefused(f"报告日期 {reported:%Y-%m-%d} 晚于登记时间", "date")
        if reported < assigned.at.date():
            raise TransitionRefused(f"报告日期 {reported:%Y-%m-%d} 早于交办日期 {assigned.at:%Y-%m-%d}", "date")
        payload = {
            "unit": matter.handling_unit,
            "date": reported.isoformat(),
            "text": _required(params, "text", "报告内容", MAX_SUMMARY),
        }
    elif action == "hearing":
        start = _event_date(params, "start", "听证开始日期", None)
        end = _event_date(params, "end", "听证结束日期", None)
        if matter.recheck_requested_at and start < matter.recheck_requested_at.date():
            raise TransitionRefused(f"听证开始日期 {start:%Y-%m-%d} 早于复核请求", "start")
        if end < start:
            raise TransitionRefused(f"听证结束日期 {end:%Y-%m-%d} 早于开始日期", "end")
        if end > at.date():
            raise TransitionRefused(f"听证结束日期 {end:%Y-%m-%d} 晚于登记时间，请在听证结束后登记", "end")
        payload = {"start": start.isoformat(), "end": end.isoformat()}
    elif action == "close":
        payload = {"note": str(params.get("note") or "").strip()[:2000]}
        if matter.status in _AFTER_ACCEPT:  # a matter in hand ends so only on routes (1)-(5)
            if matter.route not in LEGAL_ROUTES:
                raise TransitionRefused("按第三十一条第（六）项受理的事项须出具处理意见书（答复）后办结")
            if not route_informed(matter):
                raise TransitionRefused("请先告知信访人法定途径（条例第三十一条），再办结")
            result = str(params.get("result") or "").strip()
            if result not in ROUTE_RESULTS:
                raise TransitionRefused("办结方式应为 legal（转入法定程序）或 performed（依法履行）", "result")
            payload["result"] = result
    return Event(kind=action, at=at, actor=actor, payload=payload)


#: states in which a matter is accepted and still being handled (art 19 ¶3)
IN_HAND = frozenset({S.ACCEPTED, S.ASSIGNED, S.SUPERVISED, S.EXTENDED, S.REVIEW_REQUESTED, S.RECHECK_REQUESTED})


def _rechecked(matters: Sequence[Matter]) -> Matter | None:
    return next((m for m in matters if m.rechecked_at is not None or m.status == S.RECHECKED), None)


def _in_hand(matters: Sequence[Matter]) -> Matter | None:
    return next((m for m in matters if m.status in IN_HAND), None)


def _check_acceptable(matter: Matter, route: int, earlier: Sequence[Matter]) -> None:
    """What forbids accepting a matter, whatever the clerk chooses (arts 19, 20, 28, 36)."""
    done = _rechecked(earlier)
    if done is not None:
        raise TransitionRefused(
            f"该事项关联的 {done.number} 已经复核，同一事实和理由不再受理（条例第三十六条）："
            "请选择不予受理，理由“已经复核，不再受理”"
        )
    busy = _in_hand(earlier)
    if busy is not None:
        raise TransitionRefused(
            f"该事项关联的 {busy.number} 已经受理、正在办理（{STATUS_LABELS[busy.status]}），同一事项不予受理"
            "（条例第十九条第三款）：请选择不予受理，理由“同一事项正在办理中”，或作为补充材料并入原事项"
        )
    if matter.skip_level:
        raise TransitionRefused(
            "该事项登记为越级走访：应到有权处理的本级或者上一级机关提出（条例第二十条），"
            "请选择不予受理，理由“越级走访”，并告知信访人应向哪个机关提出"
        )
    if matter.litigation and route == 6:
        raise TransitionRefused(
            "该事项登记为涉法涉诉：应当依照法定程序处理（条例第二十八条），"
            "不能按第三十一条第（六）项受理；请选择第（一）项办理途径，或不予受理（理由“应当通过法定途径解决”）",
            "route",
        )


def _check_rejection_grounds(matter: Matter, code: int, earlier: Sequence[Matter]) -> None:
    """A reason that rests on another matter needs that matter (4: a 复核; 7: one in hand; 8: a skip-level visit)."""
    if code == 4 and _rechecked([matter, *earlier]) is None:
        raise TransitionRefused(
            "理由“已经复核，不再受理”须关联一件已经复核的事项（条例第三十六条），该事项没有", "reason_code"
        )
    if code == 7 and _in_hand(earlier) is None:
        raise TransitionRefused("理由“同一事项正在办理中”须关联一件已经受理、正在办理的事项，该事项没有", "reason_code")
    if code == 8 and not matter.skip_level:
        raise TransitionRefused("理由“越级走访”只适用于登记为越级的走访", "reason_code")


def _event_date(params: dict[str, Any], key: str, label: str, default: datetime | None) -> date:
    try:
        value = parse_date(params.get(key), label, key)
    except InvalidInput as exc:
        raise TransitionRefused(exc.message, exc.field) from None
    if value is None:
        if default is None:
            raise TransitionRefused(f"请填写{label}", key)
        return default.date()
    return value


def route_informed(matter: Matter) -> bool:
    """Whether the visitor was told the legal route of a route-(1)-(5) matter (the step before its 办结)."""
    return _last_event(matter, {"inform-route"}) is not None


def _decide_review_request(
    matter: Matter, at: datetime, calendar: WorkCalendar, rules: CountingRules
) -> dict[str, Any]:
    if matter.rechecked_at or matter.recheck_requested_at:
        raise TransitionRefused("该事项已经复核，同一事实和理由不再受理（条例第三十六条）")
    if matter.reviewed_at:
        stage, since, kind = "recheck", matter.reviewed_at, ClockKind.RECHECK_REQUEST
        label = "复核"
    elif matter.replied_at and matter.reply_outcome is not None:
        # Only a written reply (处理意见书, art 35) opens the 复查 window, not an on-the-spot answer.
        stage, since, kind = "review", matter.replied_at, ClockKind.REVIEW_REQUEST
        label = "复查"
    else:
        raise TransitionRefused("该事项尚未出具书面答复，不能申请复查")
    days, counting = CLOCK_LIMITS[kind]
    due = due_date(since.date(), days, counting, calendar, rules)
    if at.date() > due:
        raise TransitionRefused(f"申请{label}须在收到意见之日起 30 日内提出（截止 {due:%Y-%m-%d}），已超过期限")
    return {"stage": stage}


def apply(matter: Matter, event: Event) -> None:
    """Change ``matter`` as ``event`` says; the one place where state moves."""
    p = event.payload
    kind = event.kind
    if kind == "register":
        matter.status = S.REGISTERED
    elif kind == "accept":
        matter.status = S.ACCEPTED
        matter.accepted_at = event.at
        matter.route = p.get("route", 6)
        matter.notified_at = matter.notified_at or event.at
    elif kind == "reject":
        matter.status = S.NOT_ACCEPTED
        matter.reason_code = p["reason_code"]
        matter.direct_to = p.get("direct_to", "")
        matter.handling_unit = p.get("direct_to", "")
        matter.notified_at = matter.notified_at or event.at
    elif kind == "refer":
        matter.status = S.REFERRED
        matter.handling_unit = p["to"]
        matter.handling_unit_code = p.get("to_code", "")
        matter.notified_at = matter.notified_at or event.at
    elif kind == "answer":
        matter.status = S.ANSWERED
        matter.reply_text = p["text"]
        matter.replied_at = event.at
        matter.notified_at = matter.notified_at or event.at
    elif kind == "object":
        matter.status = S.RETURNED
        matter.handling_unit = p.get("to", "")
    elif kind == "assign":
        matter.status = S.ASSIGNED
        matter.handling_unit = p["to"]
        matter.handling_unit_code = p.get("to_code", "")
        matter.unit_due = date.fromisoformat(p["due"]) if p.get("due") else None
    elif kind == "supervise":
        matter.supervision_count += 1
        if matter.status == S.ASSIGNED:
            matter.status = S.SUPERVISED
    elif kind == "extend":
        matter.status = S.EXTENDED
        matter.extension_days = p["days"]
        matter.extension_reason = p["reason"]
        matter.extension_approver = p["approver"]
    elif kind == "reply":
        matter.status = S.REPLIED
        matter.reply_outcome = Outcome(p["outcome"])
        matter.reply_text = p["text"]
        matter.replied_at = event.at
    elif kind == "return-visit":
        matter.status = S.RETURN_VISITED
        matter.satisfaction = Satisfaction(p["satisfaction"])
    elif kind == "request-review":
        if p["stage"] == "review":
            matter.status = S.REVIEW_REQUESTED
            matter.review_requested_at = event.at
        else:
            matter.status = S.RECHECK_REQUESTED
            matter.recheck_requested_at = event.at
        matter.closed_at = None
    elif kind == "review-reply":
        if p["stage"] == "review":
            matter.status = S.REVIEWED
            matter.reviewed_at = event.at
        else:
            matter.status = S.RECHECKED
            matter.rechecked_at = event.at
    elif kind == "close":
        matter.status = S.CLOSED
        matter.closed_at = event.at
    elif kind == "leader-assign":
        # 包案: the leader in charge (services/leaders.py); replaying the events gives the same leader.
        matter.leader = p.get("leader", "")
    # Other kinds (print, note, link, leader reception and instruction) leave the state as it is.
    matter.events.append(event)


def clocks(
    matter: Matter,
    calendar: WorkCalendar,
    rules: CountingRules = DEFAULT_RULES,
    *,
    include_visitor: bool = True,
) -> list[Clock]:
    """Every clock of DOMAIN.md's table that applies to this matter, running or stopped.

    Clocks owned by others are included only with ``include_visitor``: the visitor's (the windows to ask for
    复查/复核) and the higher agency's (its 30 days to answer them, arts 35, 36). They inform the visitor's notice
    and the matter's page but never make this desk overdue.
    """
    result: list[Clock] = []
    received = matter.received_at.date()

    def limit(kind: ClockKind, start: date, stopped: datetime | None, extra: int = 0) -> None:
        days, counting = CLOCK_LIMITS[kind]
        # An extension lengthens the period itself (60 + N days from acceptance), so the holiday roll
        # happens once, on the final day.
        due = due_date(start, days + extra, counting, calendar, rules)
        years = provisional_years(calendar, start, due)
        result.append(Clock(kind, start, due, stopped_at=stopped, extended_days=extra, provisional_years=years))

    first_answer = _first_event_at(matter, {"accept", "reject", "refer", "answer", "object"})
    if not notice_exempt(matter):
        limit(ClockKind.NOTIFY, received, first_answer)
    if matter.source.kind != SourceKind.OWN:
        limit(ClockKind.OBJECT, received, first_answer)
        if matter.source.due:
            finished = _first_event_at(matter, {"reply", "answer", "object", "close", "refer", "reject"})
            result.append(Clock(ClockKind.SOURCE_FEEDBACK, received, matter.source.due, finished))
    if matter.accepted_at and (matter.route in (None, 6)):
        limit(ClockKind.HANDLE, matter.accepted_at.date(), matter.replied_at, matter.extension_days)
    if matter.unit_due:
        # the latest assignment (a matter may be assigned again); the unit's 办结报告 answers it
        last = _last_event(matter, {"assign"})
        assigned = last.at if last else matter.accepted_at or matter.received_at
        report = _last_event(matter, {"unit-report"})
        reported = (
            datetime.combine(date.fromisoformat(report.payload["date"]), time())
            if report is not None and report.at >= assigned
            else None
        )
        result.append(
            Clock(ClockKind.REFERRAL_FEEDBACK, assigned.date(), matter.unit_due, reported or matter.replied_at)
        )
    if matter.replied_at and matter.reply_outcome is not None and include_visitor:
        limit(ClockKind.REVIEW_REQUEST, matter.replied_at.date(), matter.review_requested_at)
    if matter.review_requested_at and include_visitor:
        limit(ClockKind.REVIEW_ANSWER, matter.review_requested_at.date(), matter.reviewed_at)
    if matter.reviewed_at and include_visitor:
        limit(ClockKind.RECHECK_REQUEST, matter.reviewed_at.date(), matter.recheck_requested_at)
    if matter.recheck_requested_at and include_visitor:
        # art 36: the hearing's time is not counted in the 30 days
        start = matter.recheck_requested_at.date()
        days, counting = CLOCK_LIMITS[ClockKind.RECHECK_ANSWER]
        due = due_date(start, days + hearing_days(matter), counting, calendar, rules)
        years = provisional_years(calendar, start, due)
        result.append(Clock(ClockKind.RECHECK_ANSWER, start, due, matter.rechecked_at, provisional_years=years))
    return result


def hearing_days(matter: Matter) -> int:
    """The days of the 复核 hearings recorded since the 复核 request, each day once (art 36: not counted)."""
    since = matter.recheck_requested_at
    days: set[date] = set()
    for event in matter.events:
        if event.kind == "hearing" and since is not None and event.at >= since:
            first, last = date.fromisoformat(event.payload["start"]), date.fromisoformat(event.payload["end"])
            days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return len(days)


def notice_exempt(matter: Matter) -> str:
    """Why art 23's written notice is not owed (its 15-day clock does not run), or "" when it is.

    Art 23 excepts a visitor whose name or address is unclear: nobody to write to. A walk-in visitor is handed the
    notice at the window, so only a missing name excepts a visit; a letter, call, fax or online matter without an
    address has nowhere to send it.
    """
    person = matter.petitioner
    if person is None or not person.name.strip():
        return "信访人姓名不清，无法书面告知（条例第二十三条）"
    if matter.channel != Channel.VISIT and not (person.address or "").strip():
        return "信访人住址不清，无法书面告知（条例第二十三条）"
    return ""


VISITOR_CLOCKS = frozenset({ClockKind.REVIEW_REQUEST, ClockKind.RECHECK_REQUEST})
#: the higher agency's duties (it answers the 复查 and the 复核, arts 35, 36): shown, never this desk's
HIGHER_CLOCKS = frozenset({ClockKind.REVIEW_ANSWER, ClockKind.RECHECK_ANSWER})


def clock_party(kind: ClockKind) -> str:
    """Whose duty a clock is: ``"visitor"``, ``"higher"`` (the higher agency) or ``"desk"``."""
    return "visitor" if kind in VISITOR_CLOCKS else "higher" if kind in HIGHER_CLOCKS else "desk"


def clock_of(matter: Matter, kind: ClockKind, calendar: WorkCalendar, rules: CountingRules) -> Clock | None:
    for clock in clocks(matter, calendar, rules):
        if clock.kind == kind:
            return clock
    return None


def current_clock(matter: Matter, calendar: WorkCalendar, rules: CountingRules = DEFAULT_RULES) -> Clock | None:
    """The desk's running clock that falls due first: what the ledger's 当前时限 column shows."""
    running = [
        c
        for c in clocks(matter, calendar, rules, include_visitor=False)
        if c.stopped_at is None and c.kind not in VISITOR_CLOCKS and c.kind not in HIGHER_CLOCKS
    ]
    if matter.status not in (
        S.REGISTERED,
        S.ACCEPTED,
        S.ASSIGNED,
        S.SUPERVISED,
        S.EXTENDED,
        S.REVIEW_REQUESTED,
        S.RECHECK_REQUESTED,
    ):
        return None
    return min(running, key=lambda c: c.due, default=None)


def worst_level(matter: Matter, calendar: WorkCalendar, now: datetime) -> WarningLevel:
    clock = current_clock(matter, calendar)
    return clock.level(now) if clock else WarningLevel.NORMAL


def _last_event(matter: Matter, kinds: set[str]) -> Event | None:
    return next((e for e in reversed(matter.events) if e.kind in kinds), None)


def _first_event_at(matter: Matter, kinds: set[str]) -> datetime | None:
    for event in matter.events:
        if event.kind in kinds:
            return event.at
    return None
