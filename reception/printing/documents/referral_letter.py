"""转送函 (matter referred, 转送) / 交办单 (matter assigned, 交办) for the receiving agency or unit:
the matter, the requirements, the feedback deadline and the 办结报告 required.

检举控告 (``matter.is_complaint``, 条例 art 30): the letter never carries the complainant's name, ID
number, phone or address — on either copy — and those strings are also blacked out of the summary and
demands the letter quotes; it says "信访人信息依法保密" instead.
"""

from __future__ import annotations

from reception.domain.codes import CHANNEL_LABELS
from reception.domain.confidentiality import redact_identity
from reception.domain.identity import mask_id
from reception.printing.documents._notice import Section, render_notice, visitor_name
from reception.printing.job import PrintJob
from reception.printing.kinds import kind_label
from reception.printing.layout import cn_date, cn_datetime

CONFIDENTIAL = "信访人信息依法保密"
REDACTED = "××"


def redact(text: str, job: PrintJob) -> str:
    """Every person of the matter blacked out of ``text``: name, ID, phone and address however they are written
    (``139-1234-5678``, ``+86 139…``, ``王 检举``, an ID in groups; :func:`redact_identity`)."""
    people = [party.person for party in job.matter.parties]
    return redact_identity(
        text,
        names=[p.name for p in people],
        id_numbers=[p.id_number for p in people if p.id_number],
        phones=[p.phone for p in people if p.phone],
        addresses=[p.address for p in people if p.address],
        mark=REDACTED,
    )


def is_assignment(job: PrintJob) -> bool:
    return kind_label("referral-letter", job.matter) == "交办单"


def section_for(job: PrintJob, copy: str) -> Section:
    m = job.matter
    complaint = m.is_complaint
    assign = is_assignment(job)
    to = job.receiving.get("name") or m.handling_unit
    topic = f"{m.content_category.split('/')[-1]}问题" if m.content_category else "问题"
    who = "信访人" if complaint or m.petitioner is None else visitor_name(job)
    verb = "交由你单位办理" if assign else "转去"
    intro = (
        f"现将{who}于{cn_date(m.received_at)}反映的{topic}（信访编号：{m.number}）{verb}，请按照属地管理、"
        "分级负责，谁主管、谁负责的原则，依照《信访工作条例》和有关法律法规的规定依法处理。"
    )
    summary = redact(m.summary, job) if complaint else m.summary
    demands = redact(m.demands, job) if complaint else m.demands
    paras = [intro]
    headings: dict[int, str] = {}

    def part(heading: str, text: str) -> None:
        headings[len(paras)] = heading
        paras.append(text)

    part("一、反映的主要问题", summary)
    if demands:
        part("二、主要诉求", demands)
    n = "三" if demands else "二"
    requirements = str(job.extra.get("requirements") or "").strip()
    due = f"于{cn_date(job.feedback_due)}前" if job.feedback_due else "在规定期限内"
    reqs = []
    if requirements:
        reqs.append(requirements)
    reqs.append(
        f"请{due}将办理情况书面反馈本机关，并报送办结报告（包括调查核实情况、处理意见及依据、"
        "答复信访人情况和信访人的意见）；逾期不能办结的，请书面说明理由。"
    )
    if complaint:
        reqs.append(
            "本件为检举控告类事项。根据《信访工作条例》第三十条的规定，严禁将检举控告材料、"
            "检举控告人的姓名及其他个人信息透露或者转给被检举控告的人员和单位。"
        )
    headings[len(paras)] = f"{n}、办理要求"
    paras.extend(f"{i}. {r}" if len(reqs) > 1 else r for i, r in enumerate(reqs, 1))

    facts: list[tuple[str, str]] = [
        ("信访编号", m.number),
        ("登记时间", cn_datetime(m.received_at)),
        ("信访形式", CHANNEL_LABELS.get(m.channel, str(m.channel))),
        ("信访人数", f"{m.headcount}人"),
    ]
    if complaint:
        facts.append(("信访人", CONFIDENTIAL))
    else:
        p = m.petitioner
        if p is not None:
            facts.append(("信访人", p.name))
            if p.id_number:
                facts.append(("证件号码", p.id_number if copy == "file" else mask_id(p.id_number)))
            if p.phone:
                facts.append(("联系电话", p.phone))
            if p.address:
                facts.append(("住址", p.address))
    if m.location:
        facts.append(("问题属地", m.location))
    facts.append(("承办单位" if assign else "受理机关", to))
    if job.feedback_due:
        facts.append(("反馈期限", cn_date(job.feedback_due)))
    return Section(
        salutation=f"{to}：",
        paragraphs=paras,
        headings=headings,
        facts=facts,
        sign_off_label="承办单位签收：",
        facts_after=0,
    )


def render(job: PrintJob, out) -> bytes:
    assign = is_assignment(job)
    title = "信访事项交办单" if assign else "信访事项转送函"
    labels = {"visitor": "第一联　送承办单位" if assign else "第一联　送受理机关", "file": "第二联　存档"}
    return render_notice(job, out, title=title, section=lambda copy: section_for(job, copy), copy_labels=labels)
