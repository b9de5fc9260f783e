"""不予受理告知书: why the matter is not accepted (one of the six reasons) and where to go instead."""

from __future__ import annotations

from reception.domain.codes import REASONS_NEEDING_DIRECTION, REJECTION_REASONS
from reception.printing.documents._notice import Section, matter_facts, received_phrase, render_notice, visitor_name
from reception.printing.job import PrintJob

TITLE = "不予受理告知书"

#: how each reason tells the visitor where to go ({to} = the agency named when rejecting)
DIRECTIONS = {
    1: "请向有权处理的{to}提出。",
    2: "请向有管辖权的{to}提出。",
    3: "请依照法定程序向{to}提出。",
    6: "请依法向{to}申请。",
}


def where_to_go(job: PrintJob) -> list[str]:
    m = job.matter
    code = m.reason_code or 0
    to = job.receiving.get("name") or m.direct_to
    if code not in REASONS_NEEDING_DIRECTION or not to:
        return []
    text = DIRECTIONS.get(code, "请向{to}提出。").format(to=to)
    contact = []
    if job.receiving.get("address"):
        contact.append(f"地址：{job.receiving['address']}")
    if job.receiving.get("phone"):
        contact.append(f"联系电话：{job.receiving['phone']}")
    if contact:
        text += f"（{to}{'，'.join(contact)}。）"
    return [text]


def body(job: PrintJob) -> list[str]:
    m = job.matter
    code = m.reason_code or 0
    reason, advice = REJECTION_REASONS.get(code, ("", ""))
    first = f"{received_phrase(job)}，经审查，{reason}，根据《信访工作条例》的有关规定，本机关不予受理。"
    paras = [first]
    if code in REASONS_NEEDING_DIRECTION:
        paras += where_to_go(job)
    elif advice:
        paras.append(f"{advice}。")
    paras.append("特此告知。")
    return paras


def render(job: PrintJob, out) -> bytes:
    def section(copy: str) -> Section:
        return Section(salutation=f"{visitor_name(job)}：", paragraphs=body(job),
                       facts=matter_facts(job, full=copy == "file"))

    return render_notice(job, out, title=TITLE, section=section)
