"""转送告知书: tells the visitor which agency the matter went to, with its address and phone
(条例 art 23: forward and tell the visitor where it went)."""

from __future__ import annotations

from datetime import datetime

from reception.printing.documents._notice import Section, matter_facts, received_phrase, render_notice, visitor_name
from reception.printing.job import PrintJob
from reception.printing.layout import cn_date

TITLE = "转送告知书"


def referred_at(job: PrintJob) -> datetime:
    for event in job.matter.events:
        if event.kind == "refer":
            return event.at
    return job.printed_at


def body(job: PrintJob) -> list[str]:
    to = job.receiving.get("name") or job.matter.handling_unit
    first = (
        f"{received_phrase(job)}，根据《信访工作条例》第二十三条的规定，按照属地管理、分级负责，"
        f"谁主管、谁负责的原则，本机关已于{cn_date(referred_at(job))}将该事项转送{to}依法处理。"
    )
    contact = []
    if job.receiving.get("address"):
        contact.append(f"地址：{job.receiving['address']}")
    if job.receiving.get("phone"):
        contact.append(f"联系电话：{job.receiving['phone']}")
    if contact:
        second = f"该机关{'；'.join(contact)}。请与该机关联系，了解办理情况。"
    else:
        second = f"请与{to}联系，了解办理情况；该机关的联系方式可向本机关查询。"
    return [first, second, "特此告知。"]


def render(job: PrintJob, out) -> bytes:
    def section(copy: str) -> Section:
        facts = matter_facts(job, full=copy == "file")
        facts.append(("转送机关", job.receiving.get("name") or job.matter.handling_unit))
        return Section(salutation=f"{visitor_name(job)}：", paragraphs=body(job), facts=facts)

    return render_notice(job, out, title=TITLE, section=section)
