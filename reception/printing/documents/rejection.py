"""不予受理告知书: why the matter is not accepted (one of the six reasons of codes.REJECTION_REASONS)
and, where the reason calls for it, which agency to go to (条例 art 23: tell the visitor where)."""

from __future__ import annotations

from reception.domain.codes import REASONS_NEEDING_DIRECTION, REJECTION_ARTICLES, REJECTION_REASONS
from reception.printing.documents._notice import Section, matter_facts, received_phrase, render_notice, visitor_name
from reception.printing.job import PrintJob

TITLE = "不予受理告知书"

#: the finding and the decision, per reason code ({article}: codes.REJECTION_ARTICLES)
FINDINGS = {
    4: "经审查，该事项已经复核。根据《信访工作条例》第三十六条的规定，信访人对复核意见不服，"
    "仍以同一事实和理由提出信访事项的，不再受理。",
    5: "经审查，你的请求已超过法定期限（收到书面意见之日起30日内，《信访工作条例》第三十五条、"
    "第三十六条），本机关不再受理。",
    7: "经审查，你反映的事项已经受理、正在办理。根据《信访工作条例》第十九条第三款的规定，本机关对同一事项不予受理。",
}
FINDING = "经审查，该事项{reason}，根据《信访工作条例》{article}的规定，本机关不予受理。"

#: how each reason tells the visitor where to go ({to} = the agency named when rejecting)
DIRECTIONS = {
    1: "请向有权处理的{to}提出",
    2: "请向有管辖权的{to}提出",
    3: "请依照法定程序向{to}提出",
    6: "请依法向{to}申请",
    8: "请到有权处理的{to}提出",
}


def where_to_go(job: PrintJob) -> str:
    m = job.matter
    code = m.reason_code or 0
    to = job.receiving.get("name") or m.direct_to
    if code not in REASONS_NEEDING_DIRECTION or not to:
        return ""
    text = DIRECTIONS[code].format(to=to)
    contact = []
    if job.receiving.get("address"):
        contact.append(f"地址：{job.receiving['address']}")
    if job.receiving.get("phone"):
        contact.append(f"联系电话：{job.receiving['phone']}")
    if contact:
        text += f"（{'；'.join(contact)}）"
    return text + "。"


def body(job: PrintJob) -> list[str]:
    code = job.matter.reason_code or 0
    reason = REJECTION_REASONS.get(code, ("", ""))[0]
    article = REJECTION_ARTICLES.get(code)
    if code in FINDINGS:
        finding = FINDINGS[code]
    elif article:
        finding = FINDING.format(reason=reason, article=article)
    else:
        finding = "经审查，本机关不予受理。"
    paras = [f"{received_phrase(job)}。{finding}"]
    direction = where_to_go(job)
    if direction:
        paras.append(direction)
    paras.append("特此告知。")
    return paras


def render(job: PrintJob, out) -> bytes:
    def section(copy: str) -> Section:
        facts = matter_facts(job, full=copy == "file")
        to = job.receiving.get("name") or job.matter.direct_to
        if to and (job.matter.reason_code or 0) in REASONS_NEEDING_DIRECTION:
            facts.append(("应向机关", to))
        return Section(salutation=f"{visitor_name(job)}：", paragraphs=body(job), facts=facts)

    return render_notice(job, out, title=TITLE, section=section)
