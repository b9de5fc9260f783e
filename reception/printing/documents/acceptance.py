"""受理告知书: the matter is accepted, how it proceeds and by when (条例 arts 23, 31, 34)."""

from __future__ import annotations

from reception.printing.documents._notice import Section, matter_facts, received_phrase, render_notice, visitor_name
from reception.printing.job import PrintJob
from reception.printing.layout import cn_date

TITLE = "受理告知书"

#: 条例 art 31's routes (1)–(5): the matter leaves the petition clock for its own procedure
ROUTES = {
    1: "诉讼、行政复议、刑事立案、法律监督或者公安机关法定程序",
    2: "仲裁程序",
    3: "党员申诉等程序",
    4: "行政复议、裁决、确认、许可、处罚等行政程序",
    5: "依法履行或者答复的程序",
}


def body(job: PrintJob) -> list[str]:
    m = job.matter
    accepted = cn_date(m.accepted_at) if m.accepted_at else cn_date(job.printed_at)
    first = f"{received_phrase(job)}，经审查，本机关已于{accepted}依法受理。"
    if m.route in (None, 6):
        # the 60-day date of art 34, also when the notice is printed after an extension (that has its own notice)
        sixty = job.original_handle_due or job.handle_due
        due = f"，即于{cn_date(sixty)}前" if sixty else ""
        second = (
            f"根据《信访工作条例》第三十四条的规定，本机关将自受理之日起60日内办结{due}"
            "向你出具书面答复意见；情况复杂的，经本机关负责人批准，可以适当延长办理期限，"
            "但延长期限不得超过30日，并告知你延期理由。"
        )
    else:
        second = (
            f"根据《信访工作条例》第三十一条的规定，你反映的事项将依照{ROUTES.get(m.route, '相应的法定程序')}"
            "办理，办理期限依照有关法律、行政法规的规定执行。"
        )
    third = "办理期间，请保持通讯畅通；如联系方式变更，请及时告知本机关。你可凭信访编号和回执上的查询码查询办理进展。"
    return [first, second, third]


def render(job: PrintJob, out) -> bytes:
    def section(copy: str) -> Section:
        return Section(
            salutation=f"{visitor_name(job)}：", paragraphs=body(job), facts=matter_facts(job, full=copy == "file")
        )

    return render_notice(job, out, title=TITLE, section=section)
