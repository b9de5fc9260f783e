"""答复意见书 (处理意见书): the request, the facts, the handling and its basis, the outcome
(条例 art 32: 予以支持 / 作出解释说明 / 不予支持), and the remedy (art 35: 复查 within 30 days)."""

from __future__ import annotations

from reception.domain.codes import OUTCOME_LABELS, Outcome
from reception.printing.documents._notice import Section, matter_facts, received_phrase, render_notice, visitor_name
from reception.printing.job import PrintJob
from reception.printing.layout import cn_date

TITLE = "答复意见书"

#: art 35: 复查 is asked of the next higher agency, named when the desk's settings have it (设置 › 上一级机关)
REMEDY = "如你对本答复意见不服，可在收到本意见书之日起30日内向{agency}请求复查。"

OUTCOME_TEXT = {
    Outcome.SUPPORT: "经审查，你的请求事实清楚，符合法律、法规、规章或者其他有关规定，本机关予以支持，并将督促落实。",
    Outcome.EXPLAIN: "经审查，你的请求事由合理，但缺乏法律依据，本机关作出解释说明。",
    Outcome.DENY: "经审查，你的请求缺乏事实根据或者不符合法律、法规、规章或者其他有关规定，本机关不予支持。",
}


def section_texts(job: PrintJob) -> tuple[list[str], dict[int, str]]:
    m = job.matter
    accepted = f"本机关已于{cn_date(m.accepted_at)}受理" if m.accepted_at else "本机关已经受理"
    paras = [f"{received_phrase(job)}，{accepted}。经调查核实，现答复如下："]
    headings: dict[int, str] = {}

    def part(heading: str, text: str) -> None:
        headings[len(paras)] = heading
        paras.append(text)

    part("一、你的请求", m.demands or "见你反映的主要事实。")
    part("二、你反映的主要事实", m.summary)
    facts = str(job.extra.get("facts") or "").strip()
    basis = str(job.extra.get("basis") or "").strip()
    if facts:
        part("三、调查核实情况", facts)
        part("四、处理意见及依据", "\n".join(t for t in (m.reply_text, basis) if t))
        n = "五"
    else:
        part("三、调查核实情况、处理意见及依据", "\n".join(t for t in (m.reply_text, basis) if t))
        n = "四"
    outcome = m.reply_outcome or Outcome.EXPLAIN
    part(f"{n}、答复结论：{OUTCOME_LABELS[outcome]}", OUTCOME_TEXT[outcome])
    paras.append(REMEDY.format(agency=job.review_agency or "上一级机关"))
    return paras, headings


def render(job: PrintJob, out) -> bytes:
    paras, headings = section_texts(job)

    def section(copy: str) -> Section:
        return Section(
            salutation=f"{visitor_name(job)}：",
            paragraphs=paras,
            headings=headings,
            facts=matter_facts(job, full=copy == "file"),
        )

    return render_notice(job, out, title=TITLE, section=section)
