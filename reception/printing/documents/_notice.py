"""The A4 notice every 告知书 / 意见书 / 转送函 shares.

Official format (DOMAIN.md): A4, text block 150 × 230 mm from 35 mm top and 30 mm left; issuing
agency 15 pt, title 18 pt, body 16 pt. Each copy (联) starts on a new page: 第一联 for the visitor
(or the receiving agency), 第二联 存档 for the file, where the visitor signs for receipt. The copy
label and the 补打 mark are drawn in the top margin, page numbers (per copy, only when a copy runs
over one page) in the bottom margin.

A document module supplies the title and, per copy, the salutation, the body paragraphs and the
facts table; everything else (number, signature, date, sign-off line, 附注) is here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table

from reception.domain.codes import CHANNEL_LABELS
from reception.domain.identity import mask_id, mask_phone
from reception.domain.matter import Person
from reception.printing.fonts import get_chain, needs_faux_bold, used_faces
from reception.printing.job import PrintJob
from reception.printing.layout import (
    CopyStart,
    FauxBold,
    Meta,
    PageInfo,
    TextCollector,
    build_pdf,
    cn_date,
    cn_datetime,
    draw_text,
    keep,
    table,
    text_width,
    write_output,
)
from reception.printing.styles import NOTICE_A4, notice_styles

VISITOR_LABEL = "第一联　信访人收执"
FILE_LABEL = "第二联　存档"


@dataclass
class Section:
    """What a document puts on one copy."""

    salutation: str
    paragraphs: list[str]  # body text, one paragraph each (16 pt, indented)
    facts: list[tuple[str, str]] = field(default_factory=list)  # the small table: (label, value)
    sign_off: bool = True  # 信访人签收 line on the file copy
    sign_off_label: str = "信访人签收："
    facts_after: int | None = None  # put the table after this paragraph (None: with the signature)
    headings: dict[int, str] = field(default_factory=dict)  # paragraph index -> heading before it


def person_line(person: Person | None, *, full: bool) -> tuple[str, str, str]:
    """(name, ID, phone) of the visitor, masked unless ``full``."""
    if person is None:
        return "", "", ""
    id_number = person.id_number if full else mask_id(person.id_number)
    phone = person.phone if full else mask_phone(person.phone)
    return person.name, id_number, phone


def visitor_name(job: PrintJob) -> str:
    """张𠈌, or 张𠈌等3人 for a group."""
    person = job.matter.petitioner
    name = person.name if person else "信访人"
    if job.matter.headcount > 1:
        name += f"等{job.matter.headcount}人"
    return name


def matter_facts(job: PrintJob, *, full: bool) -> list[tuple[str, str]]:
    """The standard facts table of a notice to the visitor."""
    m = job.matter
    _name, id_number, phone = person_line(m.petitioner, full=full)
    rows = [
        ("信访编号", m.number),
        ("登记时间", cn_datetime(m.received_at)),
        ("信访人", visitor_name(job)),
        ("信访形式", CHANNEL_LABELS.get(m.channel, str(m.channel))),
    ]
    if id_number:
        rows.append(("证件号码", id_number))
    if phone:
        rows.append(("联系电话", phone))
    if full and job.due_note:
        rows.append(("期限说明", job.due_note))
    return rows


def received_phrase(job: PrintJob) -> str:
    """你于2026年11月25日以来访形式反映的问题 (the opening most notices share)."""
    m = job.matter
    channel = CHANNEL_LABELS.get(m.channel, "")
    return f"你于{cn_date(m.received_at)}以{channel}形式反映的问题（信访编号：{m.number}）"


def reprint_caption(job: PrintJob) -> str:
    if not job.reprint:
        return ""
    when = job.reprinted_at.strftime("%Y-%m-%d %H:%M") if job.reprinted_at else ""
    who = f" {job.reprinted_by}" if job.reprinted_by else ""
    return f"第{job.reprint_count or 1}次补打 {when}{who}".strip()


def draw_reprint_mark(canv: Canvas, job: PrintJob, right: float, top: float, size: float = 14) -> None:
    """The visible 补打 mark: the word in a box at (right, top), the count and time under it."""
    if not job.reprint:
        return
    w = size * 2 + size * 0.8
    h = size * 1.5
    canv.saveState()
    canv.setLineWidth(1.2)
    canv.rect(right - w, top - h, w, h, stroke=1, fill=0)
    draw_text(canv, right - w / 2, top - h + size * 0.38, "补打", size, role="title", align="center")
    draw_text(canv, right, top - h - size * 0.75, reprint_caption(job), size * 0.55, align="right")
    canv.restoreState()


LABEL_W = 22 * mm
VALUE_W = NOTICE_A4.width / 2 - LABEL_W


def _fits(value: str, style) -> bool:
    return text_width(value, style.fontSize, "body") <= VALUE_W - 8


def _facts_table(rows: list[tuple[str, str]], tc: TextCollector, st) -> Table:
    """Label/value pairs, two to a line when both values fit on one line of their cell, else one
    pair across the whole width."""
    cell = st["cell"]
    data = []
    spans = []
    i = 0
    while i < len(rows):
        label, value = rows[i]
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if nxt is not None and _fits(value, cell) and _fits(nxt[1], cell):
            data.append([tc.p(label, cell), tc.p(value, cell), tc.p(nxt[0], cell), tc.p(nxt[1], cell)])
            i += 2
        else:
            spans.append(len(data))
            data.append([tc.p(label, cell), tc.p(value, cell), "", ""])
            i += 1
    shade = colors.Color(0.93, 0.93, 0.93)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), shade),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]
    for r in range(len(data)):
        if r in spans:
            style.append(("SPAN", (1, r), (3, r)))
        else:
            style.append(("BACKGROUND", (2, r), (2, r), shade))
    return table(data, [LABEL_W, VALUE_W, LABEL_W, VALUE_W], style, hAlign="LEFT")


def _sign_off_table(label: str, tc: TextCollector, st) -> Table:
    body = st["body_noindent"]
    data = [[tc.p(label, body), "", tc.p("日期：", body), tc.p("　　年　　月　　日", body)]]
    first = len(label) * 16 + 2
    return table(
        data,
        [first, 80 * mm - first, 17 * mm, 53 * mm],
        [
            ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("ALIGN", (3, 0), (3, 0), "RIGHT"),
        ],
        hAlign="LEFT",
    )


def render_notice(
    job: PrintJob,
    out,
    *,
    title: str,
    section: Callable[[str], Section],
    copy_labels: dict[str, str] | None = None,
) -> bytes:
    """Build the notice (one or both copies), write it to ``out`` and return the bytes."""
    labels = {"visitor": VISITOR_LABEL, "file": FILE_LABEL, **(copy_labels or {})}
    st = notice_styles()
    # 一级标题 "一、…": 黑体 where the machine has it, indented like the body (GB/T 9704)
    st["heading"] = ParagraphStyle(
        "heading", parent=st["body"], fontName=get_chain("title").primary, fontRole="title", spaceBefore=4
    )
    tc = TextCollector()
    story: list[Flowable] = []
    for n, copy in enumerate(job.copies()):
        if n:
            story.append(PageBreak())
        sec = section(copy)
        story.append(CopyStart(copy))
        story.append(tc.p(job.agency_name, st["agency"]))
        heading = tc.p(title, st["title"])
        story.append(FauxBold(heading) if needs_faux_bold("title") else heading)
        if job.document_number:
            story.append(tc.p(job.document_number, st["docno"]))
        story.append(tc.p(sec.salutation, st["salutation"]))
        # The signature never stands alone on a page (no "此页无正文"): the last paragraph goes with
        # it when short (with its heading if it is the only paragraph under one).
        paras = sec.paragraphs
        split = len(paras) - 1 if paras and len(paras[-1]) < 300 else len(paras)
        body: list[Flowable] = []
        closing: list[Flowable] = []
        for i, text in enumerate(paras):
            target = body if i < split else closing
            if i in sec.headings:
                if target is body:
                    target.append(CondPageBreak(48))
                target.append(tc.p(sec.headings[i], st["heading"]))
            target.append(tc.p(text, st["body"], linebreaks=True))
            if sec.facts and i == sec.facts_after:
                target += [Spacer(1, 6), _facts_table(sec.facts, tc, st), Spacer(1, 10)]
        story.extend(body)
        if sec.facts and sec.facts_after is None:
            closing += [Spacer(1, 10), _facts_table(sec.facts, tc, st)]
        # 落款: the seal goes over the agency's name and the date (the space is kept, and says so)
        closing += [
            tc.p(f"{job.agency_name}（印章）", st["signature"]),
            tc.p(cn_date(job.dated or job.printed_at), st["date"]),
        ]
        if copy == "file" and sec.sign_off:
            closing += [Spacer(1, 22), _sign_off_table(sec.sign_off_label, tc, st)]
        note = "（联系人：" + (job.clerk or "　") + (f"　联系电话：{job.agency_phone}" if job.agency_phone else "")
        note += (f"　地址：{job.agency_address}" if job.agency_address else "") + "）"
        closing += [Spacer(1, 14), tc.p(note, st["note"])]
        story.append(keep(*closing))
    tc.add(reprint_caption(job), *labels.values())
    tc.check()

    block = NOTICE_A4

    def decorate(canv: Canvas, info: PageInfo) -> None:
        page_w, page_h = block.page
        top = page_h - 16 * mm
        label = labels.get(info.group, "")
        if label:
            draw_text(canv, block.left, top - 10, label, 12, role="title")
        draw_reprint_mark(canv, job, block.left + block.width, top + 4)
        if info.total_in_group > 1:
            draw_text(
                canv,
                page_w / 2,
                18 * mm,
                f"第 {info.number_in_group} 页　共 {info.total_in_group} 页",
                10.5,
                role="body",
                align="center",
            )

    faces = used_faces()
    meta = Meta(
        title=f"{title} {job.document_number}".strip(),
        author=job.agency_name,
        subject=f"信访编号 {job.matter.number}",
        # The font report: which faces this machine printed the body and the title in.
        keywords=(*(("补打",) if job.reprint else ()), f"正文字体：{faces['body']}", f"标题字体：{faces['title']}"),
    )
    data = build_pdf(story, block, meta=meta, created=job.print_time, decorate=decorate)
    write_output(data, out)
    return data
