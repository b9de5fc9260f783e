"""A realistic synthetic ledger for training clerks and for benchmarks.

Plausible names (rare characters included), valid ID numbers, phones, addresses, police content categories,
summaries of 50–300 characters, three years of dates, repeat visitors, collective visits, and matters in every
state including overdue ones.  Rows are written in bulk straight into the tables (a million matters would take an
hour through the one-at-a-time service), with the clock columns computed by the same domain functions the desk
uses; a test checks that demo rows agree with the state machine.  Generation runs in a worker process while the
main process writes, so both cores work.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import random
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from reception.domain.calendar import WorkCalendar
from reception.domain.clocks import CLOCK_LIMITS, ClockKind, CountingRules, due_date, level_change_times
from reception.domain.codes import PURPOSE_CATEGORY, REJECTION_REASONS, Purpose
from reception.domain.confidentiality import is_confidential
from reception.domain.identity import check_digit
from reception.domain.matter import format_matter_number
from reception.storage import bulk, search
from reception.storage.db import redact_url

if TYPE_CHECKING:
    from reception.services.context import Services

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华建国志红玉梅海燕春生德福荣金凤晓东"
    "小红永红宏伟俊峰佳怡子涵雨桐浩然宇轩欣怡梓萱"
)
RARE_GIVEN = ["𠈌", "喆", "堃", "昇", "犇", "淼", "垚", "燚", "赟", "玥", "彧", "翀"]
REGIONS = [
    ("420106", "湖北省武汉市武昌区"),
    ("420102", "湖北省武汉市江岸区"),
    ("420111", "湖北省武汉市洪山区"),
    ("420103", "湖北省武汉市江汉区"),
    ("420104", "湖北省武汉市硚口区"),
    ("420105", "湖北省武汉市汉阳区"),
    ("420107", "湖北省武汉市青山区"),
    ("420115", "湖北省武汉市江夏区"),
    ("420116", "湖北省武汉市黄陂区"),
    ("420117", "湖北省武汉市新洲区"),
    ("421002", "湖北省荆州市沙市区"),
    ("420502", "湖北省宜昌市西陵区"),
    ("110105", "北京市朝阳区"),
    ("440305", "广东省深圳市南山区"),
    ("510107", "四川省成都市武侯区"),
]
STREETS = ["中山路", "解放大道", "友谊路", "和平大道", "民主路", "建设大道", "武珞路", "珞喻路", "雄楚大道", "光谷大道"]
CONTENT = [
    "政法/社会治安",
    "政法/刑案侦破",
    "政法/户籍证件",
    "政法/交通管理",
    "政法/警务督察",
    "政法/诉讼",
    "政法/刑罚执行",
    "政法/行政复议",
    "政法/出入境管理",
    "政法/治安管理处罚",
]
OPENINGS = {
    "visit": "来访人反映",
    "letter": "来信反映",
    "phone": "来电反映",
    "online": "网上留言反映",
    "fax": "来件反映",
}
FACTS = [
    "其与邻居因宅基地边界问题长期发生纠纷，多次报警后派出所出警调解，但对方仍多次滋扰其正常生活",
    "其于去年在小区门口发生交通事故，交警部门作出的事故责任认定书认定其负主要责任，其对认定结果不服",
    "其子被他人殴打致轻伤，已向辖区派出所报案，至今未见立案侦查结果，其多次询问未获答复",
    "其户口因拆迁原因迁出后一直未能办理落户手续，影响子女入学和社保缴纳",
    "其在网络购物中被骗取钱款三万余元，已向公安机关报案，希望尽快追回损失",
    "其所在小区夜间经常有人聚集喧哗，噪音扰民，多次报警后情况未见好转",
    "其认为办案民警在处理其报警时态度生硬，未依法出具受案回执",
    "其经营的店铺被他人强行占用，其报警后民警认为属于经济纠纷未予处理",
    "其亲属在看守所羁押期间身体不适，家属要求了解治疗情况",
    "其驾驶证被暂扣，认为处罚程序不当，要求撤销处罚决定",
    "其与工程承包方因工资结算发生纠纷，对方拒不支付拖欠的劳务费用",
    "其身份证丢失后补办时被告知需要提供多项材料，认为手续繁琐",
    "其反映某娱乐场所涉嫌违法经营，要求公安机关依法查处",
    "其对派出所作出的治安管理处罚决定不服，认为事实认定有误",
    "其家中财物被盗，报案已近一年，案件侦办进展缓慢",
    "其反映村内有人以暴力手段垄断砂石运输，群众敢怒不敢言",
]
DEMANDS = [
    "要求依法处理",
    "要求尽快立案侦查",
    "要求撤销事故责任认定",
    "要求协调办理落户手续",
    "要求追回被骗钱款",
    "要求加强夜间巡逻",
    "要求对相关民警进行调查处理",
    "要求依法查处违法行为",
    "要求公开案件办理进展",
    "要求重新作出处罚决定",
    "要求依法保护其合法权益",
]
TAILS = ["，情绪较为激动。", "，要求给予书面答复。", "。", "，并提交了相关材料复印件。", "，称如不解决将继续反映。"]
CHANNELS = ["visit"] * 55 + ["letter"] * 15 + ["phone"] * 12 + ["online"] * 15 + ["fax"] * 3
PURPOSES = ["demand"] * 45 + ["appeal"] * 20 + ["suggestion"] * 8 + ["complaint"] * 15 + ["inquiry"] * 8 + ["other"] * 4
CLERKS = ["王警官", "李警官", "张警官", "刘警官", "陈警官", "赵警官"]
UNITS = [
    "××市公安局××分局",
    "××市公安局××区分局",
    "××派出所",
    "××市公安局交通警察支队",
    "××市公安局刑事侦查支队",
    "××市公安局人口管理支队",
    "××市公安局警务督察支队",
]
REFER_TO = [
    ("12345", "12345政务服务便民热线"),
    ("12337", "12337政法干警违纪违法举报平台"),
    ("court", "××市中级人民法院"),
    ("hrss", "××市人力资源和社会保障局"),
]

MATTER_COLUMNS = (
    "id",
    "uuid",
    "number",
    "station",
    "received_at",
    "channel",
    "source_kind",
    "source_agency",
    "source_document_number",
    "source_due",
    "headcount",
    "collective",
    "purpose",
    "category",
    "content_category",
    "location",
    "summary",
    "demands",
    "accused",
    "clerk",
    "window",
    "skip_level",
    "litigation",
    "leader",
    "status",
    "is_repeat",
    "route",
    "accepted_at",
    "handling_unit",
    "handling_unit_code",
    "unit_due",
    "extension_days",
    "extension_reason",
    "extension_approver",
    "supervision_count",
    "reply_outcome",
    "reply_text",
    "replied_at",
    "satisfaction",
    "reason_code",
    "direct_to",
    "closed_at",
    "notified_at",
    "clock_kind",
    "clock_start",
    "clock_due",
    "level_warn_at",
    "level_alert_at",
    "level_severe_at",
    "level_overdue_at",
    "petitioner_name",
    "petitioner_id",
    "petitioner_phone",
    "party_names",
    "updated_at",
)


def _iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return value.isoformat()


class _Generator:
    def __init__(self, seed: int, today: datetime, calendar: WorkCalendar, station: str) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.calendar = calendar
        self.rules = CountingRules()
        self.station = station
        self.persons: list[tuple[Any, ...]] = []
        self.person_matters: dict[int, list[int]] = {}
        self.ids: set[str] = set()
        self._piece_tokens: dict[str, frozenset[str]] = {}
        self._payloads: dict[tuple[Any, ...], str] = {}

    def name(self) -> str:
        rng = self.rng
        given = rng.choice(RARE_GIVEN) if rng.random() < 0.03 else rng.choice(GIVEN)
        if rng.random() < 0.6:
            given += rng.choice(GIVEN)
        return rng.choice(SURNAMES) + given

    def new_person(self, pid: int) -> tuple[Any, ...]:
        rng = self.rng
        region, region_name = rng.choice(REGIONS)
        while True:
            born = date(1940, 1, 1) + timedelta(days=rng.randrange(23_000))
            seq = rng.randrange(1, 1000)
            first17 = f"{region}{born:%Y%m%d}{seq:03d}"
            number = first17 + check_digit(first17)
            if number not in self.ids:
                self.ids.add(number)
                break
        phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
        address = f"{region_name}{rng.choice(STREETS)}{rng.randrange(1, 999)}号"
        sex = "male" if seq % 2 else "female"
        now = _iso(self.today)
        return (
            pid,
            self.name(),
            "resident_id",
            number,
            number[::-1],
            phone,
            phone[::-1],
            address,
            sex,
            born.isoformat(),
            region_name,
            "汉族",
            rng.choice(["无业", "农民", "工人", "个体", "退(离)休", "其他"]),
            region_name,
            "",
            now,
            now,
        )

    def summary(self, channel: str) -> tuple[str, set[str]]:
        """A summary and its search tokens.

        Summaries are built from a fixed bank of sentences, so the tokens of each piece are cached and joined;
        "；" and "。" split token runs, so the union equals ``search.tokens`` of the whole text (a test checks).
        """
        rng = self.rng
        target = rng.randint(50, 300)
        opening = (
            OPENINGS[channel] if rng.random() < 0.8 else rng.choice(("信访人称", "群众联名反映", "信访人再次反映"))
        )
        parts = [opening]
        length = len(opening)
        tokens: set[str] = set()
        for fact in rng.sample(FACTS, len(FACTS)):
            piece = fact if len(parts) == 1 else "；另" + fact
            if length >= 50 and length + len(piece) + 1 > target:  # + the closing "。"
                break
            parts.append(piece)
            length += len(piece)
            key = opening + piece if len(parts) == 2 else piece
            cached = self._piece_tokens.get(key)
            if cached is None:
                cached = self._piece_tokens[key] = frozenset(search.tokens([key]).split())
            tokens |= cached
        if len(parts) == 1:
            tokens |= set(search.tokens([opening]).split())
        return "".join(parts) + "。", tokens

    def _payload(self, payload: dict[str, Any]) -> str:
        """Event payloads repeat a few shapes: encode each once (the bulk load's JSON cost)."""
        key = tuple(payload.items())
        text = self._payloads.get(key)
        if text is None:
            text = self._payloads[key] = json.dumps(payload, ensure_ascii=False)
        return text

    def chunk(self, first_id: int, count: int, total: int, start_day: datetime) -> dict[str, list[tuple[Any, ...]]]:
        rng = self.rng
        matters, parties, events, links, fts, persons = [], [], [], [], [], []
        span = (self.today - start_day).total_seconds()
        for mid in range(first_id, first_id + count):
            # Spread received times evenly over three years so ids follow time (as a real ledger does).
            received = start_day + timedelta(seconds=span * (mid - 1) / total)
            received = received.replace(hour=rng.randint(8, 17), minute=rng.randrange(60), second=0, microsecond=0)
            if received > self.today:
                received = self.today - timedelta(minutes=1)
            collective = rng.random() < 0.04
            group = rng.randint(5, 60) if collective else (rng.choice([1, 1, 1, 2, 3]))
            named = min(group, rng.randint(2, 8)) if collective else group
            pids: list[int] = []
            earlier: list[int] = []
            for _ in range(named):
                if self.persons and rng.random() < 0.25:
                    pid = rng.randrange(1, len(self.persons) + 1)
                    if pid in pids:
                        continue
                    earlier.extend(self.person_matters.get(pid, [])[-3:])
                else:
                    pid = len(self.persons) + 1
                    row = self.new_person(pid)
                    self.persons.append((*row[:2], row[3], row[5]))
                    persons.append(row)
                pids.append(pid)
                self.person_matters.setdefault(pid, []).append(mid)
            roles = []
            for k, pid in enumerate(pids):
                if collective:
                    role = "representative" if k < min(5, len(pids)) else "companion"
                else:
                    role = "petitioner" if k == 0 else rng.choice(["companion", "agent", "petitioner"])
                roles.append(role)
                parties.append((mid, pid, role, k))
            earlier = sorted({e for e in earlier if e != mid})
            for e in earlier:
                links.append((mid, e))
            first = self.persons[pids[0] - 1]
            names = " ".join(self.persons[p - 1][1] for p in pids)
            channel = rng.choice(CHANNELS)
            purpose = Purpose(rng.choice(PURPOSES))
            category = PURPOSE_CATEGORY[purpose].value
            summary, summary_tokens = self.summary(channel)
            location = rng.choice(REGIONS)[1]
            row = self.lifecycle(
                mid,
                received,
                channel,
                purpose.value,
                category,
                summary,
                location,
                group,
                collective,
                bool(earlier),
                first,
                names,
                events,
            )
            matters.append(row)
            extra = self._piece_tokens.get(location)
            if extra is None:
                extra = self._piece_tokens[location] = frozenset(search.tokens([location]).split())
            whole = summary_tokens | extra | set(search.tokens([names]).split())
            if is_confidential(category, purpose.value):
                # 检举控告: names behind the private mark only (search.matter_tokens); the bank's sentences hold
                # no names or numbers, so the facts' plain tokens are the summary's and location's own.
                plain = summary_tokens | extra
                fts.append((mid, " ".join([*plain, *(search.PRIVATE + t for t in whole)])))
            else:
                fts.append((mid, " ".join(whole)))
        return {
            "person": persons,
            "matter": matters,
            "matter_party": parties,
            "event": events,
            "matter_link": links,
            "matter_fts": fts,
        }

    def lifecycle(
        self,
        mid: int,
        received: datetime,
        channel: str,
        purpose: str,
        category: str,
        summary: str,
        location: str,
        headcount: int,
        collective: bool,
        repeat: bool,
        first: tuple[Any, ...],
        names: str,
        events: list[tuple[Any, ...]],
    ) -> tuple[Any, ...]:
        """Walk one matter along a plausible path of the closed loop, as far as its age allows."""
        rng = self.rng
        clerk = rng.choice(CLERKS)
        age = (self.today - received).days
        state: dict[str, Any] = {
            "status": "registered",
            "route": None,
            "accepted_at": None,
            "handling_unit": "",
            "unit_due": None,
            "extension_days": 0,
            "extension_reason": "",
            "extension_approver": "",
            "supervision_count": 0,
            "reply_outcome": None,
            "reply_text": "",
            "replied_at": None,
            "satisfaction": None,
            "reason_code": None,
            "direct_to": "",
            "closed_at": None,
            "notified_at": None,
        }
        source_kind = "own" if rng.random() < 0.85 else rng.choice(["forwarded", "assigned"])
        source_agency = "" if source_kind == "own" else rng.choice(["湖北省公安厅", "××市信访局", "公安部"])
        source_doc = "" if source_kind == "own" else f"鄂公信转〔{received.year}〕{rng.randrange(1, 900)}号"
        source_due = (received.date() + timedelta(days=30)) if source_kind != "own" and rng.random() < 0.7 else None
        t = received

        def step(kind: str, payload: dict[str, Any], days: float, actor: str = clerk) -> bool:
            nonlocal t
            nxt = t + timedelta(days=days, minutes=rng.randrange(30, 300))
            if nxt >= self.today:
                return False
            t = nxt
            events.append((mid, kind, _iso(t), actor, self._payload(payload)))
            return True

        events.append((mid, "register", _iso(received), clerk, self._payload({"channel": channel})))
        stalled = rng.random() < 0.04  # matters nobody moved on: they become overdue
        r = rng.random()
        if stalled and age > 20:
            pass
        elif r < 0.10:
            # 4 (已经复核), 7 (in hand elsewhere) and 8 (越级) rest on facts a random matter does not have
            code = rng.choice((1, 2, 3, 5, 6))
            direct = rng.choice(REFER_TO)[1] if code in (1, 2, 3, 6) else ""
            if step(
                "reject",
                {"reason_code": code, "reason": REJECTION_REASONS[code][0], "direct_to": direct},
                rng.uniform(0, 10),
            ):
                state.update(
                    status="not_accepted", reason_code=code, direct_to=direct, handling_unit=direct, notified_at=t
                )
        elif r < 0.22:
            code, name = rng.choice(REFER_TO)
            if step("refer", {"to": name, "to_code": code}, rng.uniform(0, 10)):
                state.update(status="referred", handling_unit=name, handling_unit_code=code, notified_at=t)
                if rng.random() < 0.7 and step("close", {"note": ""}, rng.uniform(5, 30)):
                    state.update(status="closed", closed_at=t)
        elif r < 0.28 and purpose == "inquiry":
            if step("answer", {"text": "已当场解答相关政策和办理流程。"}, 0):
                state.update(
                    status="answered", reply_text="已当场解答相关政策和办理流程。", replied_at=t, notified_at=t
                )
        else:
            self._accepted_path(state, step, rng, lambda: t, age)
        status = state["status"]
        clock = self._clock(status, received, state, source_kind, source_due)
        unit = state["handling_unit"]
        return (
            mid,
            str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            format_matter_number(self.station, received.year, 0),
            self.station,
            _iso(received),
            channel,
            source_kind,
            source_agency,
            source_doc,
            _iso(source_due),
            headcount,
            collective,
            purpose,
            category,
            rng.choice(CONTENT),
            location,
            summary,
            rng.choice(DEMANDS),
            rng.choice(["××派出所民警", "××分局"]) if category == "complaint" else "",
            clerk,
            str(rng.randint(1, 4)),
            rng.random() < 0.03,
            rng.random() < 0.05,
            "",
            status,
            repeat,
            state["route"],
            _iso(state["accepted_at"]),
            unit,
            state.get("handling_unit_code", ""),
            _iso(state["unit_due"]),
            state["extension_days"],
            state["extension_reason"],
            state["extension_approver"],
            state["supervision_count"],
            state["reply_outcome"],
            state["reply_text"],
            _iso(state["replied_at"]),
            state["satisfaction"],
            state["reason_code"],
            state["direct_to"],
            _iso(state["closed_at"]),
            _iso(state["notified_at"]),
            clock[0] if clock else None,
            _iso(clock[1]) if clock else None,
            _iso(clock[2]) if clock else None,
            *((_iso(t) for t in level_change_times(clock[1], clock[2])) if clock else (None,) * 4),
            first[1],
            first[2],
            first[3],
            names,
            _iso(self.today),
        )

    def _accepted_path(
        self,
        state: dict[str, Any],
        step: Callable[..., bool],
        rng: random.Random,
        now: Callable[[], datetime],
        age: int,
    ) -> None:
        if not step("accept", {"route": 6}, rng.uniform(0, 12)):
            return
        state.update(status="accepted", route=6, accepted_at=now(), notified_at=now())
        if rng.random() < 0.04:
            return  # left with the desk: overdue once 60 days pass
        if rng.random() < 0.7:
            unit = rng.choice(UNITS)
            due = (now() + timedelta(days=rng.choice([15, 20, 30]))).date()
            if not step(
                "assign",
                {"to": unit, "to_code": "", "due": due.isoformat(), "requirements": ""},
                rng.uniform(0, 3),
                "李科长",
            ):
                return
            state.update(status="assigned", handling_unit=unit, unit_due=due, assigned_at=now())
            for _ in range(rng.choice([0, 0, 1, 2])):
                if not step("supervise", {"note": "请按期办结并反馈。"}, rng.uniform(3, 15), "李科长"):
                    return
                state["supervision_count"] += 1
                state["status"] = "supervised"
        if rng.random() < 0.08:
            days = rng.choice([15, 20, 30])
            if not step(
                "extend",
                {"days": days, "reason": "案情复杂，需进一步调查核实", "approver": "赵局长"},
                rng.uniform(20, 45),
                "李科长",
            ):
                return
            state.update(
                status="extended",
                extension_days=days,
                extension_reason="案情复杂，需进一步调查核实",
                extension_approver="赵局长",
            )
        outcome = rng.choice(["support", "support", "explain", "explain", "deny"])
        text = {
            "support": "经调查核实，信访人反映的问题属实，依法予以支持。",
            "explain": "经调查核实，已向信访人作出解释说明。",
            "deny": "经调查核实，信访人的请求缺乏事实和法律依据，不予支持。",
        }[outcome]
        if not step("reply", {"outcome": outcome, "text": text}, rng.uniform(10, 55)):
            return
        state.update(status="replied", reply_outcome=outcome, reply_text=text, replied_at=now())
        if rng.random() < 0.8:
            sat = rng.choice(["satisfied"] * 6 + ["basic"] * 3 + ["dissatisfied"])
            if not step("return-visit", {"satisfaction": sat, "note": ""}, rng.uniform(1, 10)):
                return
            state.update(status="return_visited", satisfaction=sat)
        if step("close", {"note": ""}, rng.uniform(1, 10), "李科长"):
            state.update(status="closed", closed_at=now())

    def _clock(
        self, status: str, received: datetime, state: dict[str, Any], source_kind: str, source_due: date | None
    ) -> tuple[str, date, date] | None:
        """The ledger's current clock, as workflow.current_clock computes it (checked by a test)."""
        cal, rules = self.calendar, self.rules
        candidates: list[tuple[date, str, date]] = []
        if status == "registered":
            start = received.date()
            days, counting = CLOCK_LIMITS[ClockKind.NOTIFY]
            candidates.append((due_date(start, days, counting, cal, rules), ClockKind.NOTIFY.value, start))
            if source_kind != "own":
                days, counting = CLOCK_LIMITS[ClockKind.OBJECT]
                candidates.append((due_date(start, days, counting, cal, rules), ClockKind.OBJECT.value, start))
                if source_due:
                    candidates.append((source_due, ClockKind.SOURCE_FEEDBACK.value, start))
        elif status in ("accepted", "assigned", "supervised", "extended"):
            # The same order as workflow.clocks, so a tie on the due day picks the same clock.
            if source_kind != "own" and source_due:
                candidates.append((source_due, ClockKind.SOURCE_FEEDBACK.value, received.date()))
            start = state["accepted_at"].date()
            days, counting = CLOCK_LIMITS[ClockKind.HANDLE]
            candidates.append(
                (due_date(start, days + state["extension_days"], counting, cal, rules), ClockKind.HANDLE.value, start)
            )
            if state["unit_due"]:
                candidates.append((state["unit_due"], ClockKind.REFERRAL_FEEDBACK.value, state["assigned_at"].date()))
        if not candidates:
            return None
        due, kind, start = min(candidates, key=lambda c: c[0])
        return kind, start, due


def _produce(
    queue: Any, seed: int, today: datetime, cases: int, chunk: int, station: str, calendar_data: dict[str, Any]
) -> None:
    gen = _Generator(seed, today, WorkCalendar.from_dict(calendar_data), station)
    start_day = today - timedelta(days=3 * 365)
    for first in range(1, cases + 1, chunk):
        queue.put(gen.chunk(first, min(chunk, cases - first + 1), cases, start_day))
    queue.put(None)


def _chunks(
    seed: int, today: datetime, cases: int, chunk: int, station: str, calendar: WorkCalendar
) -> Iterator[dict[str, list[tuple[Any, ...]]]]:
    """Chunks from a worker process (both cores busy), or in-process for small ledgers."""
    if cases <= 20_000:
        gen = _Generator(seed, today, calendar, station)
        start_day = today - timedelta(days=3 * 365)
        for first in range(1, cases + 1, chunk):
            yield gen.chunk(first, min(chunk, cases - first + 1), cases, start_day)
        return
    ctx = mp.get_context("spawn")
    queue = ctx.Queue(maxsize=4)
    proc = ctx.Process(
        target=_produce, args=(queue, seed, today, cases, chunk, station, calendar.to_dict()), daemon=True
    )
    proc.start()
    try:
        while (item := queue.get()) is not None:
            yield item
    finally:
        proc.join(timeout=5)
        if proc.is_alive():
            proc.terminate()


def generate(
    url: str,
    cases: int,
    *,
    seed: int = 1,
    today: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    create: bool | None = None,
) -> dict[str, Any]:
    """Fill an empty ledger at ``url`` with ``cases`` demo matters; refuses a ledger that already has matters.

    The whole load is one transaction, holding the ledger alone: a load killed at any moment leaves the empty
    ledger it found (with every index), never part of the matters without their unique indexes or counters.
    ``create`` as :func:`open_services` (the command passes False: only ``init`` makes a ledger)."""
    from reception.services.context import open_services

    started = time.perf_counter()
    services = open_services(url, create=create)
    try:
        _refuse_matters(services)
        with services.store.exclusive("生成模拟数据"):
            result = _load(services, cases, seed=seed, today=today, progress=progress)
    finally:
        services.close()
    result["seconds"] = round(time.perf_counter() - started, 2)
    result["db"] = redact_url(str(url))
    return result


def _refuse_matters(services: Services) -> None:
    from reception.domain.matter import InvalidInput

    if bulk.has_matters(services.store):
        raise InvalidInput("该台账已有事项；模拟数据只写入空台账，请指定新的 --db 文件")


def _load(
    services: Services,
    cases: int,
    *,
    seed: int,
    today: datetime | None,
    progress: Callable[[int, int], None] | None,
) -> dict[str, Any]:
    store, ledger = services.store, services.ledger
    _refuse_matters(services)  # again, now that no one else can register
    today = (today or datetime.now()).replace(microsecond=0)
    station = ledger.setting("station_code")
    counters: dict[int, int] = {}
    persons = 0
    done = 0
    columns = {
        "person": (
            "id",
            "name",
            "doc_type",
            "id_number",
            "id_rev",
            "phone",
            "phone_rev",
            "address",
            "sex",
            "birth_date",
            "region",
            "ethnicity",
            "occupation",
            "hukou",
            "employer",
            "created_at",
            "updated_at",
        ),
        "matter": MATTER_COLUMNS,
        "matter_party": ("matter_id", "person_id", "role", "position"),
        "matter_link": ("matter_id", "earlier_id"),
        "event": ("matter_id", "kind", "at", "actor", "payload"),
        "matter_fts": bulk.fts_columns(store),
    }
    with bulk.loading(store):
        for data in _chunks(seed, today, cases, 10_000, station, ledger.calendar):
            rows = []
            for row in data["matter"]:
                year = int(row[4][:4])
                counters[year] = counters.get(year, 0) + 1
                rows.append((*row[:2], format_matter_number(station, year, counters[year]), *row[3:]))
            data["matter"] = rows
            with store.write():
                for table in ("person", "matter", "matter_party", "matter_link", "event", "matter_fts"):
                    bulk.insert(store, table, columns[table], data[table])
            persons += len(data["person"])
            done += len(rows)
            if progress:
                progress(done, cases)
        with store.write():
            for year, value in counters.items():
                bulk.set_counter(store, f"matter:{station}", year, value)
    # The rows went straight into the tables: enter them into the audit chain, one entry per matter (issue 17).
    services.audit.baseline("模拟数据", "demo-data")
    return {"matters": done, "persons": persons}
