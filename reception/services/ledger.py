"""The desk's use cases on the ledger: register, act on a matter, show it, search.

Each public method is one transaction: the matter row, its event and (with accounts) the audit entry are written
together or not at all.  This is the only layer that combines storage with the domain's rules and clocks.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reception.domain.calendar import WorkCalendar, default_calendar_path
from reception.domain.clocks import WARNING_LABELS, CountingRules, warning_level
from reception.domain.codes import (
    CATEGORY_LABELS,
    CHANNEL_LABELS,
    PURPOSE_LABELS,
    ROLE_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    Channel,
    Status,
)
from reception.domain.confidentiality import (
    is_confidential,
    may_match_complainant,
    may_see_complainant,
    names_accused_unit,
    redact_identity,
)
from reception.domain.identity import mask_id, mask_phone
from reception.domain.inputs import InvalidInput
from reception.domain.ledger import LedgerFilter
from reception.domain.matter_view import ClockView, EventView, MatterClock, MatterView, PartyView, SourceView
from reception.domain.roles import Forbidden, Principal, Role, check_action, require
from reception.domain.text import clean_text, refuse_unprintable
from reception.domain.views import AgencyEntry, DeskSettings, EarlierMatter, KnownPerson, LedgerRow
from reception.services.audit import AuditService, Witness
from reception.storage.agencies import AgencyRecord, AgencyRepository
from reception.storage.db import Store
from reception.storage.ledger import LedgerQuery, LedgerRecord
from reception.storage.repo import Repository
from reception.storage.values import as_date, required_date

if TYPE_CHECKING:
    from reception.domain.matter import Event, Matter

# reception.domain.matter and .workflow are imported where a matter is registered, acted on or shown: the desk's
# start reads settings and the ledger's rows only, and building the matter's dataclasses cost ~3 ms of it.

log = logging.getLogger(__name__)

DEFAULT_SETTINGS = {
    "station_code": "01",
    "agency_name": "××市公安局",
    "agency_short_name": "××公",
    "window": "1",
    "backup_reminder_days": "7",
    "idle_lock_minutes": "10",
    # the counting rules (domain/clocks.COUNTING_SETTINGS): "1" the rule applies, "0" it does not
    "count_first_day": "1",
    "count_holiday_roll": "1",
    "count_weekend_roll": "0",
}
#: the ledger's own copy of the holiday file imported in 设置, so every desk and the command line count alike
CALENDAR_SETTING = "holiday_calendar"


CONFIDENTIAL = "（信访人信息保密）"


_E = TypeVar("_E", bound=Enum)


def _label(labels: Mapping[_E, str], kind: type[_E], code: str) -> str:
    """A stored code's label; a code the desk no longer knows stays as it is."""
    try:
        return labels[kind(code)]
    except (ValueError, KeyError):
        return code


def _check_station(text: str) -> str:
    return "" if all(c.isascii() and (c.isalnum() or c == "-") for c in text) else "只能用字母、数字和连字符"


def _check_days(text: str) -> str:
    return "" if text.isdigit() and 1 <= int(text) <= 365 else "应为 1 到 365 之间的天数"


def _check_switch(text: str) -> str:
    return "" if text in ("0", "1") else "应为 1（适用）或 0（不适用）"


def _check_minutes(text: str) -> str:
    return "" if text.isdigit() and 1 <= int(text) <= 240 else "应为 1 到 240 之间的分钟数"


# Settings the desk may change: key → (label, max length, extra check returning a problem or "").
SETTING_RULES: dict[str, tuple[str, int, Callable[[str], str] | None]] = {
    "agency_name": ("单位名称", 100, None),
    "agency_short_name": ("单位简称", 20, None),
    "station_code": ("工作站代码", 20, _check_station),
    "window": ("窗口号", 20, None),
    "backup_reminder_days": ("备份提醒天数", 3, _check_days),
    "idle_lock_minutes": ("闲置锁定分钟数", 3, _check_minutes),
    # printed in every notice's 附注 and the receipt; the reply names 上一级机关 as where to ask for 复查 (art 35)
    "agency_address": ("本机关地址", 100, None),
    "agency_phone": ("本机关电话", 40, None),
    "review_agency": ("上一级机关", 100, None),
    "count_first_day": ("期限起算：开始之日不计入", 5, _check_switch),
    "count_holiday_roll": ("期限届满日遇法定节假日顺延", 5, _check_switch),
    "count_weekend_roll": ("期限届满日遇周末顺延", 5, _check_switch),
}
# Settings that may be left empty (the documents then leave the line out).
OPTIONAL_SETTINGS = frozenset({"agency_address", "agency_phone", "review_agency"})
AGENCY_KINDS = ("police", "platform", "court", "procuratorate", "discipline", "department")


class NotFound(InvalidInput):
    """A matter number (or agency) the ledger does not have."""


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def chosen_links(matter: Matter) -> list[str]:
    """The earlier matters the clerk linked at registration (``link_to``), from the register event."""
    first = next((e for e in matter.events if e.kind == "register"), None)
    links = first.payload.get("link_to") if first is not None else None
    return [str(n) for n in links] if isinstance(links, list) else []


@dataclass
class LedgerService:
    store: Store
    calendar: WorkCalendar
    rules: CountingRules = field(default_factory=CountingRules)
    clock: Callable[[], datetime] = _now
    audit: AuditService | None = None
    repo: Repository = field(init=False)
    query: LedgerQuery = field(init=False)

    def __post_init__(self) -> None:
        self.repo = Repository(self.store)
        self.query = LedgerQuery(self.store)
        self.agency_directory = AgencyRepository(self.store)

    # -- settings ----------------------------------------------------------------------------------------------

    def setting(self, key: str) -> str:
        return self.repo.get_setting(key, DEFAULT_SETTINGS.get(key, ""))

    def settings(self) -> DeskSettings:
        """The station's settings in one read (the window's title and status bar, at start and every minute)."""
        stored = self.repo.settings()
        return DeskSettings(
            **{f.name: stored.get(f.name, DEFAULT_SETTINGS.get(f.name, "")) for f in fields(DeskSettings)}
        )

    def save_settings(self, values: dict[str, Any], *, actor: Principal) -> DeskSettings:
        """Save the station's settings (the desk's 设置 dialog): all checked first, then written together.

        Only the keys of :data:`SETTING_RULES` are accepted, so a typo cannot create a setting nobody reads.
        """
        principal = actor
        require(principal, "settings")
        clean: dict[str, str] = {}
        for key, value in values.items():
            rule = SETTING_RULES.get(key)
            if rule is None:
                raise InvalidInput(f"未知的设置项“{key}”", key)
            label, limit, check = rule
            text = clean_text(str(value if value is not None else ""), label, key).strip()
            _refuse_unprintable([(key, label, text)])
            if not text and key not in OPTIONAL_SETTINGS:
                raise InvalidInput(f"{label}不能为空", key)
            if len(text) > limit:
                raise InvalidInput(f"{label}过长：最多 {limit} 字", key)
            problem = check(text) if check and text else ""
            if problem:
                raise InvalidInput(f"{label}{problem}", key)
            clean[key] = text
        from reception.domain.clocks import COUNTING_SETTINGS, rules_from_settings

        with self.store.write():
            witness = self._witness(settings=sorted(clean))
            for key, text in clean.items():
                self.repo.set_setting(key, text)
            self._record(principal, "settings", witness=witness, keys=sorted(clean))
            if any(key in COUNTING_SETTINGS for key in clean):
                self.rules = rules_from_settings(self.repo.settings())
                changed = self.recompute_clocks(principal)
                self._record(principal, "recompute-clocks", because="counting", matters=changed)
        return self.settings()

    def save_agency(self, data: dict[str, Any], *, actor: Principal) -> AgencyEntry:
        """Add a directory entry, or update the one with this ``code`` (the 设置 › 机构目录 table)."""
        principal = actor
        require(principal, "settings")
        entry: dict[str, Any] = {}
        for key, label, limit, required in (
            ("code", "代码", 40, True),
            ("name", "名称", 200, True),
            ("kind", "类别", 30, False),
            ("address", "地址", 200, False),
            ("phone", "电话", 50, False),
        ):
            value = data.get(key)
            text = clean_text(str(value if value is not None else ""), f"机构{label}", key).strip()
            _refuse_unprintable([(key, f"机构{label}", text)])
            if required and not text:
                raise InvalidInput(f"机构{label}不能为空", key)
            if len(text) > limit:
                raise InvalidInput(f"机构{label}过长：最多 {limit} 字", key)
            entry[key] = text
        entry["kind"] = entry["kind"] or "department"
        if entry["kind"] not in AGENCY_KINDS:
            raise InvalidInput(f"机构类别“{entry['kind']}”无效，应为 {'、'.join(AGENCY_KINDS)} 之一", "kind")
        with self.store.write():
            same_name = self.agency_directory.by_name(entry["name"])
            if same_name is not None and same_name.code != entry["code"]:
                raise InvalidInput(f"目录中已有名为“{entry['name']}”的机构（代码 {same_name.code}）", "name")
            self.agency_directory.save(AgencyRecord(**entry))
            self._record(principal, "agency", code=entry["code"], name=entry["name"])
        return AgencyEntry(**entry)

    def import_calendar(self, source: Path, target: Path, *, actor: Principal) -> list[int]:
        """Check a holiday file, keep a copy at ``target`` (the desk's data folder) and use it from now on.

        Raises :class:`reception.domain.calendar.CalendarError` (a Chinese message naming the entry) and
        leaves the current calendar untouched when the file is invalid.  Returns the years the file covers.
        """
        principal = actor
        require(principal, "settings")
        imported = WorkCalendar.load(source)
        text = Path(source).read_bytes().decode("utf-8-sig")
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(Path(source).read_bytes())
        tmp.replace(target)
        with self.store.write():
            # kept in the ledger too: the command line and every desk on this ledger then count with it
            self.repo.set_setting(CALENDAR_SETTING, text)
            self.calendar = self.calendar.merged(imported)
            changed = self.recompute_clocks(principal)
            self._record(principal, "calendar", years=sorted(imported.schedules), recomputed=changed)
        return sorted(imported.schedules)

    def use_ledger_rules(self) -> None:
        """Count with what this ledger's settings say: its counting rules and the holiday file imported into it."""
        from reception.domain.clocks import rules_from_settings

        stored = self.repo.settings()
        self.rules = rules_from_settings(stored)
        text = stored.get(CALENDAR_SETTING)
        if text:
            try:
                self.calendar = self.calendar.merged(
                    WorkCalendar.from_dict(json.loads(text), origin="台账中的节假日安排")
                )
            except (ValueError, TypeError) as exc:
                log.error("台账中保存的节假日安排无法读取（%s），按随软件提供的安排计算", exc)

    def recompute_clocks(self, principal: Principal) -> int:
        """Every open matter's current clock counted again (a new holiday file, a changed counting rule); the
        ledger's 当前时限 and warning columns follow, each changed matter an audit entry of its own (the chain
        covers the matter's row). Returns how many matters' stored due dates changed."""
        changed = 0
        with self.store.write():
            for matter_id, stored in self.repo.clocked_matters():
                matter = self.repo.load_matter(matter_id)
                clock = self._clock_columns(matter)
                if clock != stored:
                    witness = self._witness(matter_number=matter.number)
                    self.repo.set_clock(matter_id, clock)
                    due = clock[2].isoformat() if clock else None
                    self._record(principal, "recompute-clock", matter.number, witness=witness, due=due)
                    changed += 1
        return changed

    def calendar_years(self) -> list[int]:
        """Years the holiday calendar in use knows (the 设置 dialog shows them)."""
        return sorted(self.calendar.schedules)

    # -- register ----------------------------------------------------------------------------------------------

    def _record(
        self, principal: Principal, action: str, number: str = "", witness: Witness | None = None, **detail: Any
    ) -> None:
        if self.audit is not None:
            self.audit.record(principal.name, action, matter_number=number, detail=detail, witness=witness)

    def _witness(self, **scope: Any) -> Witness | None:
        """The rows a step is about to change, before it changes them (inside its transaction): the entry then
        covers them before and after (services.audit)."""
        return self.audit.witness(**scope) if self.audit is not None else None

    def register(self, data: dict[str, Any], *, actor: Principal) -> Matter:
        """Check and save a registration; returns the numbered matter (重件 links included).

        首接负责制: the person who registers is the first receiver, except that a supervisor or administrator
        entering matters from the command line (back entry) may name the clerk who received it (``clerk``).
        """
        from reception.domain import workflow
        from reception.domain.matter import Event, format_matter_number, parse_registration, registration_texts

        principal = actor
        require(principal, "register")
        now = self.clock()
        matter = parse_registration(data, now=now)
        _refuse_unprintable(registration_texts(matter))
        if principal.via == "desk" or not principal.at_least(Role.SUPERVISOR):
            matter.clerk = principal.name
        matter.clerk = matter.clerk or principal.name
        if not matter.clerk:
            raise InvalidInput("缺少接待人（首接人）", "clerk")
        matter.window = matter.window or self.setting("window")
        matter.station = self.setting("station_code")
        workflow.apply(
            matter,
            Event(
                kind="register",
                at=matter.received_at,
                actor=principal.name,
                # the links the clerk chose (link_to), apart from those the ledger adds for the same ID number:
                # only a chosen link says "the same matter" (不再受理 after 复核, art 19 ¶3)
                payload={
                    "channel": matter.channel.value,
                    **({"link_to": list(matter.repeat_of)} if matter.repeat_of else {}),
                },
            ),
        )
        with self.store.write():
            for number in matter.repeat_of:
                if self.repo.matter_id(number) is None:
                    raise NotFound(f"要关联的事项 {number} 不存在", "link_to")
            year = matter.received_at.year
            seq = self.repo.next_sequence(f"matter:{matter.station}", year)
            matter.number = format_matter_number(matter.station, year, seq)
            witness = self._witness(id_numbers=[p.person.id_number for p in matter.parties if p.person.id_number])
            self.repo.insert_matter(matter, self._clock_columns(matter), now)
            self._record(
                principal,
                "register",
                matter.number,
                witness,
                channel=matter.channel.value,
                persons=len(matter.parties),
                repeat=matter.is_repeat,
            )
            # The link to an earlier 检举控告 is kept (the person's file stays one) but not shown to a registering
            # clerk who may not see that matter (条例 art 30).
            matter.repeat_of = self._visible_links(matter.repeat_of, principal)
        return matter

    def _clock_columns(self, matter: Matter) -> tuple[str, date, date] | None:
        from reception.domain import workflow

        clock = workflow.current_clock(matter, self.calendar, self.rules)
        return (clock.kind.value, clock.start, clock.due) if clock else None

    def save_step(self, matter: Matter, event: Event, now: datetime) -> None:
        """Store the state ``event`` brought ``matter`` to, with the event and the clock the ledger runs on
        (inside the caller's write transaction: the other services' steps on a matter, such as a leader's)."""
        self.repo.update_matter(matter, event, self._clock_columns(matter), now)

    # -- act ---------------------------------------------------------------------------------------------------

    def act(
        self,
        number: str,
        action: str,
        params: dict[str, Any] | None = None,
        *,
        actor: Principal,
        at: datetime | None = None,
    ) -> Matter:
        """Perform one step of the closed loop on matter ``number``."""
        from reception.domain import workflow

        principal = actor
        params = dict(params or {})
        to_accused_unit = bool(params.pop("to_accused_unit", False))
        now = self.clock()
        with self.store.write():
            matter = self.get(number)
            witness = self._witness(matter_number=matter.number)
            check_action(principal, action, matter.clerk)
            if action in ("refer", "assign"):
                agency = self.find_agency(str(params.get("to") or ""))
                if agency is None and action == "refer":
                    raise NotFound(f"机构目录中没有“{params.get('to')}”，请先在设置中添加", "to")
                if agency is not None:
                    params["to"], params["to_code"] = agency.name, agency.code
                check_referral_target(matter, str(params.get("to") or ""), principal, confirmed=to_accused_unit)
            elif action == "reject" and params.get("direct_to"):
                # AGENCY is a directory code or exact name (DESIGN.md); the notice must name the agency.  Free
                # text stays as typed: the visitor may be sent somewhere the directory does not list.
                agency = self.find_agency(str(params["direct_to"]))
                if agency is not None:
                    params["direct_to"] = agency.name
            event = workflow.decide(
                matter,
                action,
                params,
                actor=principal.name,
                at=at or now,
                now=now,
                calendar=self.calendar,
                rules=self.rules,
                earlier=self.earlier_matters(matter) if action in ("accept", "reject") else (),
            )
            _refuse_unprintable(
                (k, workflow.PARAM_LABELS.get(k, k), v) for k, v in event.payload.items() if isinstance(v, str)
            )
            if to_accused_unit and action in ("refer", "assign"):
                event.payload["to_accused_unit"] = True  # the supervisor's confirmation (check_referral_target)
            workflow.apply(matter, event)
            self.save_step(matter, event, now)
            extra = {"to_accused_unit": True} if event.payload.get("to_accused_unit") else {}
            self._record(
                principal,
                f"act:{action}",
                matter.number,
                witness,
                status=matter.status.value,
                at=event.at.isoformat(),
                **extra,
            )
        return matter

    def earlier_matters(self, matter: Matter, *, limit: int = 50) -> list[Matter]:
        """The matters the clerk linked ``matter`` to as the same matter, following each one's own chosen links
        back (at most ``limit``). The ledger's automatic same-ID links are not followed: a person's other matters
        may be about something else."""
        seen = {matter.number}
        queue = chosen_links(matter)
        found: list[Matter] = []
        while queue and len(found) < limit:
            number = queue.pop(0)
            if number in seen:
                continue
            seen.add(number)
            earlier = self.repo.load_by_number(number)
            if earlier is not None:
                found.append(earlier)
                queue.extend(chosen_links(earlier))
        return found

    # -- read --------------------------------------------------------------------------------------------------

    def get(self, number: str) -> Matter:
        matter = self.repo.load_by_number(number.strip())
        if matter is None:
            raise NotFound(f"没有编号为 {number} 的事项")
        return matter

    def clocks(self, matter: Matter) -> list[MatterClock]:
        from reception.domain import workflow

        now = self.clock()
        return [
            MatterClock.of_party(clock, now, workflow.clock_party(clock.kind))
            for clock in workflow.clocks(matter, self.calendar, self.rules)
        ]

    def show(self, number: str, *, reveal: bool = False, actor: Principal | None = None) -> MatterView:
        """Everything about one matter as shown (the ``show --json`` document and the detail view).

        Full ID and phone numbers only with ``reveal``, for a role allowed to see them; every reveal is audited.
        """
        from reception.domain import workflow

        matter = self.get(number)
        principal = actor  # None: no one in particular (masked, the art 30 complainant hidden, no reveal)
        if reveal:
            if principal is None:
                raise Forbidden("查看完整证件号和电话需要登录的账户")
            require(principal, "reveal")
            self._record(principal, "reveal", matter.number, fields=["id_number", "phone"])
        # 检举控告: only the first receiver and supervisors see who complained (条例 art 30).
        hidden = matter.is_complaint and not may_see_complainant(principal, matter.clerk)
        repeat_of = self._visible_links(matter.repeat_of, principal)
        people = [p.person for p in matter.parties]

        def text(value: str) -> str:
            """A free text of the matter, the complainant blacked out of it where they are hidden."""
            if not hidden:
                return value
            return redact_identity(
                value,
                names=[p.name for p in people],
                id_numbers=[p.id_number for p in people],
                phones=[p.phone for p in people],
                addresses=[p.address for p in people],
            )

        now = self.clock()
        current = workflow.current_clock(matter, self.calendar, self.rules)
        return MatterView(
            number=matter.number,
            uuid=matter.uuid,
            station=matter.station,
            status=matter.status.value,
            status_label=STATUS_LABELS[matter.status],
            channel=matter.channel.value,
            channel_label=CHANNEL_LABELS[matter.channel],
            received_at=matter.received_at.isoformat(),
            source=SourceView(
                kind=matter.source.kind.value,
                label=SOURCE_LABELS[matter.source.kind],
                agency=matter.source.agency,
                document_number=matter.source.document_number,
                due=matter.source.due.isoformat() if matter.source.due else None,
            ),
            purpose=matter.purpose.value,
            purpose_label=PURPOSE_LABELS[matter.purpose],
            category=matter.category.value,
            category_label=CATEGORY_LABELS[matter.category],
            content_category=matter.content_category,
            location=matter.location,
            summary=text(matter.summary),
            demands=text(matter.demands),
            headcount=matter.headcount,
            collective=matter.collective,
            is_repeat=matter.is_repeat,
            repeat_of=repeat_of,
            clerk=matter.clerk,
            window=matter.window,
            handling_unit=matter.handling_unit,
            extension_days=matter.extension_days,
            supervision_count=matter.supervision_count,
            reply_outcome=matter.reply_outcome.value if matter.reply_outcome else None,
            satisfaction=matter.satisfaction.value if matter.satisfaction else None,
            confidential=hidden,
            parties=[
                PartyView(
                    name=CONFIDENTIAL,
                    role=p.role.value,
                    role_label=ROLE_LABELS[p.role],
                    doc_type="",
                    id_number="",
                    phone="",
                    sex=None,
                    birth_date=None,
                    region=None,
                )
                if hidden
                else PartyView(
                    name=p.person.name,
                    role=p.role.value,
                    role_label=ROLE_LABELS[p.role],
                    doc_type=p.person.doc_type.value,
                    id_number=p.person.id_number if reveal else mask_id(p.person.id_number),
                    phone=p.person.phone if reveal else mask_phone(p.person.phone),
                    sex=p.person.sex,
                    birth_date=p.person.birth_date.isoformat() if p.person.birth_date else None,
                    region=p.person.region,
                )
                for p in matter.parties
            ],
            current_clock=ClockView.of(current, now) if current else None,
            clocks=self.clocks(matter),
            allowed_actions=workflow.allowed_actions(matter),
            events=[
                EventView(
                    kind=e.kind,
                    at=e.at.isoformat(),
                    actor=e.actor,
                    payload={k: text(v) if isinstance(v, str) else v for k, v in e.payload.items()},
                )
                for e in matter.events
            ],
        )

    def _visible_links(self, numbers: list[str], viewer: Principal | None) -> list[str]:
        """The repeat links ``viewer`` may see: an earlier 检举控告 only to a supervisor or its first receiver."""
        if not numbers:
            return []
        confidential = self.repo.confidential_clerks(numbers)
        return [n for n in numbers if n not in confidential or may_see_complainant(viewer, confidential[n])]

    def search(self, query: str, limit: int = 50, *, viewer: Principal | None = None) -> list[LedgerRow]:
        """The one search box; rows carry masked numbers only.

        Below a supervisor, a 检举控告 matter is found by its number or its facts, never by the complainant's name,
        ID or phone: that hit alone would tell the searcher who complained (条例 art 30).
        """
        ids = self.repo.search_ids(query, limit, complainants=may_match_complainant(viewer))
        return self.rows(ids, viewer=viewer)

    def rows(self, ids: list[int], *, viewer: Principal | None = None) -> list[LedgerRow]:
        """Ledger rows for these matter ids, in the order given."""
        if not ids:
            return []
        now = self.clock()
        by_id = {r.id: self._row(r, now, viewer) for r in self.query.rows(ids)}
        return [by_id[i] for i in ids if i in by_id]

    # -- the ledger table and the registration form's lookups ------------------------------------------------

    def ledger_count(self, f: LedgerFilter, *, viewer: Principal | None = None) -> int:
        """How many matters ``f`` lists for ``viewer`` (the text finds a 检举控告 by its complainant only for a
        supervisor, as :meth:`search`)."""
        return self.query.count(f, self.clock(), complainants=may_match_complainant(viewer))

    def change_token(self) -> str:
        """An opaque string that differs as soon as any window has registered or acted on a matter.

        Cheap enough to poll (two index lookups): the ledger view keeps the token it last loaded with and, on
        focus and every few seconds, reloads its count and visible page when the token has changed — so what
        another window of the hall did on the shared PostgreSQL ledger shows up without a restart.
        """
        return self.query.change_token()

    def ledger_page(
        self,
        f: LedgerFilter,
        *,
        offset: int,
        limit: int,
        sort: str = "id",
        descending: bool = True,
        viewer: Principal | None = None,
        count: int | None = None,
    ) -> list[LedgerRow]:
        """One page of ledger rows with masked numbers and the clock's level (for the table model)."""
        now = self.clock()
        return [
            self._row(r, now, viewer)
            for r in self.query.page_rows(
                f,
                offset=offset,
                limit=limit,
                sort=sort,
                descending=descending,
                now=now,
                count=count,
                complainants=may_match_complainant(viewer),
            )
        ]

    def _row(self, r: LedgerRecord, now: datetime, viewer: Principal | None = None) -> LedgerRow:
        level = warning_level(required_date(r.clock_start), required_date(r.clock_due), now) if r.clock_due else None
        due = as_date(r.clock_due) if r.clock_due else None
        # 检举控告: the complainant is hidden on every list from anyone below a supervisor (条例 art 30), also where
        # the summary names them.
        hidden = is_confidential(r.category, r.purpose) and not may_match_complainant(viewer)
        summary = r.summary
        if hidden:
            summary = redact_identity(
                summary,
                names=[r.petitioner_name, *r.party_names.split()],
                id_numbers=[r.petitioner_id or ""],
                phones=[r.petitioner_phone or ""],
            )
        return LedgerRow(
            id=r.id,
            number=r.number,
            received_at=str(r.received_at)[:16].replace("T", " "),
            channel=r.channel,
            channel_label=_label(CHANNEL_LABELS, Channel, r.channel),
            name=CONFIDENTIAL if hidden else r.petitioner_name,
            id_number="" if hidden else mask_id(r.petitioner_id or ""),
            phone="" if hidden else mask_phone(r.petitioner_phone or ""),
            confidential=hidden,
            headcount=r.headcount,
            summary=summary[:200],
            status=r.status,
            status_label=_label(STATUS_LABELS, Status, r.status),
            handling_unit=r.handling_unit,
            clock_kind=r.clock_kind,
            due=due.isoformat() if due else None,
            days_left=(due - now.date()).days if due else None,
            level=level.value if level else None,
            level_label=WARNING_LABELS[level] if level else "",
            clerk=r.clerk,
            category=r.category,
            is_repeat=bool(r.is_repeat),
            collective=bool(r.collective),
        )

    def distinct(self, column: str) -> list[str]:
        return self.query.distinct(column)

    def lookup_persons(
        self, *, id_number: str = "", phone: str = "", name: str = "", viewer: Principal | None = None
    ) -> list[KnownPerson]:
        """Known persons for the registration form (exact ID, phone or name), each with their earlier matters.

        An earlier 检举控告 matter is left out entirely below a supervisor, unless the viewer received it, and a
        person known only from such matters is not shown at all (条例 art 30): their address, the numbers and the
        states would tell the clerk who complained.
        """
        result = []
        for match in self.repo.find_persons(id_number=id_number, phone=phone, name=name):
            person = match.person
            assert person.id is not None
            now = self.clock()
            history = []
            rows = self.repo.history([person.id])
            visible = [
                h for h in rows if not is_confidential(h.category, h.purpose) or may_see_complainant(viewer, h.clerk)
            ]
            if rows and not visible:
                continue
            for h in visible:
                level = (
                    warning_level(required_date(h.clock_start), required_date(h.clock_due), now)
                    if h.clock_due
                    else None
                )
                history.append(
                    EarlierMatter(
                        number=h.number,
                        received_at=str(h.received_at)[:10],
                        status=h.status,
                        status_label=_label(STATUS_LABELS, Status, h.status),
                        summary=h.summary[:80],
                        is_repeat=bool(h.is_repeat),
                        due=str(h.clock_due)[:10] if h.clock_due else None,
                        days_left=(required_date(h.clock_due) - now.date()).days if h.clock_due else None,
                        level=level.value if level else None,
                        level_label=WARNING_LABELS[level] if level else "",
                        satisfaction=h.satisfaction,
                    )
                )
            result.append(
                KnownPerson(
                    person_id=person.id,
                    matched_on=match.matched_on,
                    name=person.name,
                    id_number=mask_id(person.id_number),
                    phone=mask_phone(person.phone),
                    address=person.address,
                    history=history,
                )
            )
        return result

    # -- agencies ----------------------------------------------------------------------------------------------

    def find_agency(self, code_or_name: str) -> AgencyEntry | None:
        key = code_or_name.strip()
        if not key:
            return None
        row = self.agency_directory.find(key)
        if row is None:
            return None
        return AgencyEntry(code=row.code, name=row.name, kind=row.kind, address=row.address, phone=row.phone)

    def agencies(self) -> list[AgencyEntry]:
        return [
            AgencyEntry(code=a.code, name=a.name, kind=a.kind, address=a.address, phone=a.phone)
            for a in self.agency_directory.active()
        ]

    def seed_directory(self, path: Path) -> int:
        """Load the shipped agency directory once (an empty directory table only)."""
        if self.agency_directory.any():
            return 0
        entries = json.loads(path.read_text(encoding="utf-8"))["agencies"]
        with self.store.write():
            # Checked again under the write lock: a second desk opening a new ledger at the same moment may have
            # seeded it while we waited (the unique names would otherwise fail its start-up).
            if self.agency_directory.any():
                return 0
            for entry in entries:
                self.agency_directory.save(
                    AgencyRecord(**{k: entry.get(k, "") for k in ("code", "name", "kind", "address", "phone")})
                )
        return len(entries)


class AccusedUnit(InvalidInput):
    """A 检举控告 about to go to the accused's own unit: a supervisor must confirm it (条例 art 30)."""


def check_referral_target(matter: Matter, unit: str, principal: Principal, *, confirmed: bool) -> None:
    """Refuse sending a 检举控告 to the unit of the accused, unless a supervisor confirms it (条例 art 30: the
    complaint's material must not reach the accused person or unit).  Used by the referral itself and by the
    转送函/交办单 that goes there."""
    if not (matter.is_complaint and names_accused_unit(matter.accused, unit)):
        return
    if not principal.at_least(Role.SUPERVISOR):
        raise Forbidden(
            f"事项 {matter.number} 是检举控告，“{unit}”是被反映对象（{matter.accused}）所在单位："
            "转送、交办到该单位须由科长决定（《信访工作条例》第三十条）"
        )
    if not confirmed:
        raise AccusedUnit(
            f"注意：事项 {matter.number} 是检举控告，“{unit}”是被反映对象（{matter.accused}）所在单位；"
            "确需转送、交办到该单位，请确认后再办理（命令行加 --to-accused-unit）",
            "to_accused_unit",
        )


def _refuse_unprintable(fields: Iterable[tuple[str, str, str]]) -> None:
    """Refuse text the document fonts cannot draw (:func:`reception.domain.text.refuse_unprintable`); the font
    chain is loaded on the first check, not when the desk starts."""
    from reception.printing.fonts import uncovered

    refuse_unprintable(fields, uncovered)


def load_calendar(extra: Path | None = None) -> WorkCalendar:
    paths = [default_calendar_path()]
    if extra is not None and extra.exists():
        paths.append(extra)
    return WorkCalendar.load(*paths)
