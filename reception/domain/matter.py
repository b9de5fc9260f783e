"""The 信访事项 (matter), the people in it, and how a registration is checked.

A matter is kept as plain data; everything that happens to it is an :class:`Event`.  The state machine in
:mod:`reception.domain.workflow` decides whether an action is allowed and produces the event; applying the event
is the only way the matter changes, so the history and the current state can never drift apart.
"""

from __future__ import annotations

import re
import uuid as uuid_module
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any, TypeVar, cast

from reception.domain.codes import (
    PURPOSE_CATEGORY,
    Category,
    Channel,
    Outcome,
    PartyRole,
    Purpose,
    Satisfaction,
    SourceKind,
    Status,
)
from reception.domain.confidentiality import is_confidential
from reception.domain.identity import DocType, IdNumberError, PhoneError, parse_id, validate_phone
from reception.domain.inputs import (  # re-exported: the limits and the error were defined here first
    MAX_ADDRESS,
    MAX_DEMANDS,
    MAX_HEADCOUNT,
    MAX_NAME,
    MAX_REPRESENTATIVES,
    MAX_SHORT,
    MAX_SUMMARY,
    InvalidInput,
)
from reception.domain.text import clean_text, visible

# How far ahead of this PC's clock a time may lie (another PC's clock, a few minutes off).
FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass
class Person:
    """One file per person (一人一档); the ID number, when present, identifies the file."""

    name: str
    doc_type: DocType = DocType.RESIDENT_ID
    id_number: str = ""
    phone: str = ""
    address: str = ""
    sex: str | None = None
    birth_date: date | None = None
    region: str | None = None
    ethnicity: str = ""
    hukou: str = ""
    occupation: str = ""
    employer: str = ""
    id: int | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class Party:
    person: Person
    role: PartyRole = PartyRole.PETITIONER


@dataclass
class Source:
    kind: SourceKind = SourceKind.OWN
    agency: str = ""
    document_number: str = ""
    due: date | None = None


@dataclass
class Event:
    """One step in a matter's history; append-only."""

    kind: str
    at: datetime
    actor: str
    payload: dict[str, Any] = field(default_factory=dict[str, Any])
    id: int | None = None


@dataclass
class Matter:
    channel: Channel
    received_at: datetime
    parties: list[Party]
    summary: str
    clerk: str
    purpose: Purpose = Purpose.DEMAND
    category: Category = Category.GRIEVANCE
    source: Source = field(default_factory=Source)
    headcount: int = 1
    collective: bool = False
    content_category: str = ""
    location: str = ""
    demands: str = ""
    accused: str = ""
    window: str = ""
    skip_level: bool = False
    litigation: bool = False
    leader: str = ""
    letter_date: date | None = None
    number: str = ""
    uuid: str = field(default_factory=lambda: str(uuid_module.uuid4()))
    station: str = ""
    status: Status = Status.REGISTERED
    is_repeat: bool = False
    repeat_of: list[str] = field(default_factory=list[str])
    route: int | None = None
    accepted_at: datetime | None = None
    handling_unit: str = ""
    handling_unit_code: str = ""
    unit_due: date | None = None
    extension_days: int = 0
    extension_reason: str = ""
    extension_approver: str = ""
    supervision_count: int = 0
    reply_outcome: Outcome | None = None
    reply_text: str = ""
    replied_at: datetime | None = None
    satisfaction: Satisfaction | None = None
    reason_code: int | None = None
    direct_to: str = ""
    closed_at: datetime | None = None
    review_requested_at: datetime | None = None
    reviewed_at: datetime | None = None
    recheck_requested_at: datetime | None = None
    rechecked_at: datetime | None = None
    notified_at: datetime | None = None
    events: list[Event] = field(default_factory=list[Event])
    id: int | None = None

    @property
    def petitioner(self) -> Person | None:
        """The first-named petitioner (or representative): the person the receipt is addressed to."""
        for role in (PartyRole.PETITIONER, PartyRole.REPRESENTATIVE, PartyRole.AGENT, PartyRole.COMPANION):
            for party in self.parties:
                if party.role == role:
                    return party.person
        return None

    @property
    def is_complaint(self) -> bool:
        """检举控告: the complainant is never disclosed to the accused (条例 art 30; the rule in confidentiality)."""
        return is_confidential(self.category.value, self.purpose.value)

    @property
    def representatives(self) -> list[Person]:
        return [p.person for p in self.parties if p.role == PartyRole.REPRESENTATIVE]


def _text(
    data: dict[str, Any],
    key: str,
    limit: int,
    label: str,
    required: bool = False,
    *,
    multiline: bool = False,
    name: bool = False,
) -> str:
    """One text field under :func:`reception.domain.text.clean_text`; a ``name`` needs a visible character."""
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{label}应为文字", key)
    value = clean_text(value, label, key, multiline=multiline).strip()
    if required and not value:
        raise InvalidInput(f"{label}不能为空", key)
    if name and value and not visible(value):
        raise InvalidInput(f"{label}须含有可见的字符", key)
    if len(value) > limit:
        raise InvalidInput(f"{label}过长：{len(value)} 字，最多 {limit} 字", key)
    return value


def _links(value: Any) -> list[str]:
    """``link_to``: the numbers of earlier matters this one repeats (a list, or one number as a string)."""
    if value in (None, "", []):
        return []
    items = cast(list[object], [value] if isinstance(value, str) else value if isinstance(value, list) else [None])
    numbers = [v for v in items if isinstance(v, str)]
    if len(numbers) != len(items):
        raise InvalidInput("关联事项应为事项编号的列表", "link_to")
    return [v.strip() for v in numbers if v.strip()]


def _flag(data: dict[str, Any], key: str, label: str, default: bool = False) -> bool:
    """A yes/no field: JSON true/false only, so "false" as a string is refused rather than read as yes."""
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidInput(f"{label}应为 true 或 false", key)
    return value


_E = TypeVar("_E", bound=Enum)


def _enum(data: dict[str, Any], key: str, enum: type[_E], label: str, default: _E | None = None) -> _E:
    value = data.get(key)
    if value in (None, ""):
        if default is None:
            raise InvalidInput(f"缺少{label}", key)
        return default
    try:
        return enum(value)
    except ValueError:
        allowed = "、".join(str(e.value) for e in enum)
        raise InvalidInput(f"{label}“{value}”无效，应为 {allowed} 之一", key) from None


# The ledger's dates: no 信访 matter predates the People's Republic, and none lies centuries ahead; a year 1 or
# 9999 is a typing slip (and would overflow the 同比/环比 periods computed from it).
DATE_MIN, DATE_MAX = date(1949, 10, 1), date(2199, 12, 31)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _in_range(value: date, label: str, shown: Any, key: str) -> None:
    if not DATE_MIN <= value <= DATE_MAX:
        raise InvalidInput(
            f"{label}“{shown}”超出台账的日期范围（{DATE_MIN.isoformat()} 至 {DATE_MAX.isoformat()}）", key
        )


def parse_date(value: Any, label: str, key: str) -> date | None:
    """A date ``YYYY-MM-DD`` (or a local time on that day), whole: ``2026-01-01garbage`` is refused."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        _in_range(value, label, value, key)
        return value
    text = str(value).strip()
    try:
        parsed = date.fromisoformat(text) if _DATE.fullmatch(text) else _local_datetime(text, label, key).date()
    except InvalidInput:
        raise
    except ValueError:
        raise InvalidInput(f"{label}“{value}”不是有效日期（应为 YYYY-MM-DD）", key) from None
    _in_range(parsed, label, value, key)
    return parsed


def _local_datetime(text: str, label: str, key: str) -> datetime:
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is not None:
        # The ledger keeps the station's local time: an offset silently dropped would shift the clocks by hours.
        raise InvalidInput(f"{label}“{text}”带有时区，请填写本地时间（不带 +08:00、Z 等时区）", key)
    return parsed


def parse_datetime(value: Any, label: str, key: str) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise InvalidInput(f"{label}“{value}”带有时区，请填写本地时间（不带 +08:00、Z 等时区）", key)
        _in_range(value.date(), label, value, key)
        return value.replace(microsecond=0)
    text = str(value).strip()
    try:
        parsed = _local_datetime(text, label, key)
    except InvalidInput:
        raise
    except ValueError:
        raise InvalidInput(f"{label}“{value}”不是有效时间（应为 YYYY-MM-DDTHH:MM）", key) from None
    _in_range(parsed.date(), label, value, key)
    return parsed.replace(microsecond=0)


@contextmanager
def _fields_under(prefix: str) -> Generator[None]:
    """Name refusals of a nested object by their full path (``persons[1].name``, ``source.agency``)."""
    try:
        yield
    except InvalidInput as exc:
        if exc.field and not exc.field.startswith(prefix):
            exc.field = f"{prefix}.{exc.field}"
        raise


def parse_person(data: Any, index: int) -> Party:
    where = f"persons[{index}]"
    if not isinstance(data, dict):
        raise InvalidInput(f"第 {index + 1} 位人员的资料格式不对", where)
    with _fields_under(where):
        return _parse_person(cast(dict[str, Any], data), index, where)


def _parse_person(data: dict[str, Any], index: int, where: str) -> Party:
    name = _text(data, "name", MAX_NAME, f"第 {index + 1} 位人员的姓名", required=True, name=True)
    role = _enum(data, "role", PartyRole, f"第 {index + 1} 位人员的角色", PartyRole.PETITIONER)
    doc_type = _enum(data, "doc_type", DocType, f"第 {index + 1} 位人员的证件类型", DocType.RESIDENT_ID)
    raw_id = _text(data, "id_number", 40, "证件号码")
    person = Person(name=name, doc_type=doc_type)
    if raw_id:
        try:
            info = parse_id(raw_id, doc_type)
        except IdNumberError as exc:
            raise InvalidInput(f"{name}：{exc}", f"{where}.id_number") from None
        person.id_number = info.number
        person.sex = info.sex
        person.birth_date = info.birth_date
        person.region = info.region_name
        person.warnings = info.warnings
    elif doc_type not in (DocType.NONE, DocType.RESIDENT_ID):
        raise InvalidInput(f"{name}：请填写证件号码，或将证件类型选为“无证件”", f"{where}.id_number")
    else:
        person.doc_type = DocType.NONE if not raw_id else doc_type
    phone = _text(data, "phone", 30, "联系电话")
    if phone:
        try:
            person.phone = validate_phone(phone)
        except PhoneError as exc:
            raise InvalidInput(f"{name}：{exc}", f"{where}.phone") from None
    person.address = _text(data, "address", MAX_ADDRESS, "住址")
    person.hukou = _text(data, "hukou", MAX_ADDRESS, "户籍地")
    person.ethnicity = _text(data, "ethnicity", 20, "民族")
    person.occupation = _text(data, "occupation", 20, "职业")
    person.employer = _text(data, "employer", MAX_SHORT, "工作单位")
    if data.get("sex") in ("male", "female") and not person.sex:
        person.sex = data["sex"]
    return Party(person=person, role=role)


def parse_registration(data: Any, *, now: datetime | None = None) -> Matter:
    """Check a registration (the JSON of ``reception register``) and build the unsaved matter.

    Every refusal names the field and says in a clerk's words what to fix, so the desk can show it beside the
    field and the command can print it as its one-line reason.
    """
    if not isinstance(data, dict):
        raise InvalidInput("登记内容应为一个 JSON 对象")
    data = cast(dict[str, Any], data)
    now = now or datetime.now().replace(microsecond=0)
    channel = _enum(data, "channel", Channel, "信访形式")
    received_at = parse_datetime(data.get("received_at"), "登记时间", "received_at") or now
    if received_at > now + FUTURE_TOLERANCE:
        raise InvalidInput(f"登记时间 {received_at:%Y-%m-%d %H:%M} 晚于当前时间", "received_at")

    source_raw: object = data.get("source") or {}
    if not isinstance(source_raw, dict):
        raise InvalidInput("来源应为一个对象", "source")
    source_data = cast(dict[str, Any], source_raw)
    with _fields_under("source"):
        source = Source(
            kind=_enum(source_data, "kind", SourceKind, "来源", SourceKind.OWN),
            agency=_text(source_data, "agency", MAX_SHORT, "来源机关"),
            document_number=_text(source_data, "document_number", 100, "来文编号"),
            due=parse_date(source_data.get("due"), "反馈期限", "source.due"),
        )
    if source.kind != SourceKind.OWN and not source.agency:
        raise InvalidInput("上级转送或交办的事项须填写来源机关", "source.agency")

    persons_raw = data.get("persons")
    if not isinstance(persons_raw, list) or not persons_raw:
        raise InvalidInput("至少需要一位信访人（姓名不能为空）", "persons")
    persons = cast(list[Any], persons_raw)
    if len(persons) > 500:
        raise InvalidInput("一次登记最多 500 位人员", "persons")
    parties = [parse_person(p, i) for i, p in enumerate(persons)]
    representatives = [p for p in parties if p.role == PartyRole.REPRESENTATIVE]
    if len(representatives) > MAX_REPRESENTATIVES:
        raise InvalidInput(
            f"集体访推选代表不得超过 {MAX_REPRESENTATIVES} 人（条例第二十条），现有 {len(representatives)} 人",
            "persons",
        )
    seen: dict[str, str] = {}
    for party in parties:
        number = party.person.id_number
        if number and number in seen:
            raise InvalidInput(f"证件号 {number} 重复出现（{seen[number]}、{party.person.name}）", "persons")
        if number:
            seen[number] = party.person.name

    headcount_raw = data.get("headcount", len(parties))
    if isinstance(headcount_raw, bool) or not isinstance(headcount_raw, int):
        raise InvalidInput("信访人数应为整数", "headcount")
    headcount = headcount_raw
    if headcount < len(parties):
        raise InvalidInput(f"信访人数 {headcount} 少于登记的人员数 {len(parties)}", "headcount")
    if headcount > MAX_HEADCOUNT:
        raise InvalidInput(f"信访人数 {headcount} 不合理", "headcount")
    collective = _flag(data, "collective", "集体访", headcount >= 5)

    purpose = _enum(data, "purpose", Purpose, "信访目的", Purpose.DEMAND)
    category = _enum(data, "category", Category, "信访类别", PURPOSE_CATEGORY[purpose])
    summary = _text(data, "summary", MAX_SUMMARY, "摘要", required=True, multiline=True)
    clerk = _text(data, "clerk", MAX_NAME, "接待人", name=True)

    return Matter(
        channel=channel,
        received_at=received_at,
        parties=parties,
        summary=summary,
        clerk=clerk,
        purpose=purpose,
        category=category,
        source=source,
        headcount=headcount,
        collective=collective,
        content_category=_text(data, "content_category", MAX_SHORT, "内容分类"),
        location=_text(data, "location", MAX_SHORT, "问题属地"),
        demands=_text(data, "demands", MAX_DEMANDS, "主要诉求", multiline=True),
        accused=_text(data, "accused", MAX_SHORT, "被反映对象"),
        window=_text(data, "window", 20, "窗口"),
        skip_level=_flag(data, "skip_level", "越级"),
        litigation=_flag(data, "litigation", "涉法涉诉"),
        leader=_text(data, "leader", MAX_NAME, "包案领导", name=True),
        letter_date=parse_date(data.get("letter_date"), "来信日期", "letter_date"),
        repeat_of=_links(data.get("link_to")),
    )


def registration_texts(matter: Matter) -> list[tuple[str, str, str]]:
    """Every text of a registration that a document may print, as ``(field, label, text)``: what the service
    checks against the font chain before the matter is saved."""
    out: list[tuple[str, str, str]] = []
    for i, party in enumerate(matter.parties):
        p = party.person
        where = f"persons[{i}]"
        for key, label, text in (
            ("name", "姓名", p.name),
            ("address", "住址", p.address),
            ("hukou", "户籍地", p.hukou),
            ("ethnicity", "民族", p.ethnicity),
            ("occupation", "职业", p.occupation),
            ("employer", "工作单位", p.employer),
            ("phone", "联系电话", p.phone),
            ("id_number", "证件号码", p.id_number),
        ):
            out.append((f"{where}.{key}", label, text))
    out += [
        ("source.agency", "来源机关", matter.source.agency),
        ("source.document_number", "来文编号", matter.source.document_number),
        ("summary", "摘要", matter.summary),
        ("demands", "主要诉求", matter.demands),
        ("accused", "被反映对象", matter.accused),
        ("location", "问题属地", matter.location),
        ("content_category", "内容分类", matter.content_category),
        ("window", "窗口", matter.window),
        ("leader", "包案领导", matter.leader),
        ("clerk", "接待人", matter.clerk),
    ]
    return out


def format_matter_number(station: str, year: int, seq: int) -> str:
    """``2026-01-000017``: year first so numbers sort by time; station so ledgers of several desks can merge."""
    return f"{year}-{station}-{seq:06d}"


def format_document_number(short_name: str, kind_char: str, year: int, seq: int, station: str = "") -> str:
    """The official pattern ``××公（信）受〔2026〕17号``, with the station's code before the serial when the
    ledger has one (``××公（信）受〔2026〕02-17号``): the windows of one agency each keep their own ledger and
    their own series, so the station is what keeps two windows' numbers apart."""
    serial = f"{station}-{seq}" if station else str(seq)
    return f"{short_name}（信）{kind_char}〔{year}〕{serial}号"
