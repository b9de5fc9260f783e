"""延期告知书: the handling period is extended once, by at most 30 days, with the reason told to
the visitor in writing (条例 art 34)."""

from __future__ import annotations

from reception.printing.documents._notice import Section, matter_facts, received_phrase, render_notice, visitor_name
from reception.printing.job import PrintJob
from reception.printing.layout import cn_date

TITLE = "延期告知书"


def body(job: PrintJob) -> list[str]:
    m = job.matter
    accepted = f"本机关已于{cn_date(m.accepted_at)}受理" if m.accepted_at else "本机关已经受理"
    original = f"，原定于{cn_date(job.original_handle_due)}前办结" if job.original_handle_due else ""
    reason = m.extension_reason.rstrip("。；;，, ")
    first = f"{received_phrase(job)}，{accepted}{original}。"
    # "延长30日" counts from the end of the 60 days, not from a date a holiday rolled forward: say so, or
    # "原定10月8日 … 延长30日 … 10月31日" reads as a wrong sum
    second = (
        f"因{reason}，不能在规定期限内办结。根据《信访工作条例》第三十四条的规定，经本机关负责人批准，"
        f"办理期限延长{m.extension_days}日，即自受理之日起{60 + (m.extension_days or 0)}日内办结"
    )
    second += f"，本机关将于{cn_date(job.handle_due)}前向你出具书面答复意见。" if job.handle_due else "。"
    return [first, second, "特此告知。"]


def render(job: PrintJob, out) -> bytes:
    def section(copy: str) -> Section:
        facts = matter_facts(job, full=copy == "file")
        if job.handle_due:
            facts.append(("办结期限", cn_date(job.handle_due)))
        return Section(salutation=f"{visitor_name(job)}：", paragraphs=body(job), facts=facts)

    return render_notice(job, out, title=TITLE, section=section)
