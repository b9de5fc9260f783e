"""登记回执: proof of registration for the visitor, on A5 (the laser printer) or the 80 mm thermal roll.

Agency, matter number, time, channel, visitor name, masked ID and phone (the receipt is always the
visitor's copy), the summary cut cleanly with "…", what happens next and the date by which the
visitor will be told whether the matter is accepted (条例 art 23: the NOTIFY clock), the query code
and a QR code carrying the matter number and the query code, window and clerk.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, Spacer, Table

from reception.domain.codes import CHANNEL_LABELS
from reception.domain.identity import mask_id, mask_phone
from reception.printing.documents._notice import draw_reprint_mark, reprint_caption, visitor_name
from reception.printing.job import PrintJob, qr_payload
from reception.printing.layout import (
    CopyStart, Meta, PageInfo, QRCode, TextCollector, build_pdf, clip, cn_date, cn_datetime, story_height,
    table, write_output,
)
from reception.printing.styles import RECEIPT_80MM, RECEIPT_A5, PageBlock, receipt_styles

TITLE = "信访事项登记回执"
#: characters of the summary each paper shows
SUMMARY_LIMIT = {"A5": 150, "80mm": 60}


def window_label(window: str) -> str:
    window = (window or "").strip()
    return f"{window}号窗口" if window.isdigit() else window


def next_steps(job: PrintJob) -> str:
    notified = job.extra.get("notified_at")
    if notified:
        return (f"本事项已于{cn_date(datetime.fromisoformat(notified))}作出处理决定，"
                "以书面告知为准。")
    due = f"于{cn_date(job.notify_due)}前" if job.notify_due else "在15日内"
    return (f"本机关将依照《信访工作条例》第二十三条的规定，{due}书面告知您是否受理；"
            "不属于本机关处理的，告知转送去向或者应当向哪个机关提出。")


def rows(job: PrintJob, paper: str) -> list[tuple[str, str]]:
    m = job.matter
    person = m.petitioner
    out = [
        ("信访编号", m.number),
        ("登记时间", cn_datetime(m.received_at)),
        ("信访形式", CHANNEL_LABELS.get(m.channel, str(m.channel))),
        ("信访人", visitor_name(job)),
    ]
    if person is not None and person.id_number:
        out.append(("证件号码", mask_id(person.id_number)))
    if person is not None and person.phone:
        out.append(("联系电话", mask_phone(person.phone)))
    out.append(("事项摘要", clip(m.summary, SUMMARY_LIMIT[paper])))
    out.append(("后续办理", next_steps(job)))
    return out


def _table(data, widths, *, grid: bool) -> Table:
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2 if grid else 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2 if grid else 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if grid:
        style += [("LINEBELOW", (0, 0), (-1, -2), 0.4, colors.Color(0.55, 0.55, 0.55)),
                  ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                  ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black)]
    return table(data, widths, style, hAlign="LEFT")


def story(job: PrintJob, paper: str, tc: TextCollector, block: PageBlock) -> list[Flowable]:
    st = receipt_styles(paper)
    st["code_left"] = ParagraphStyle("code_left", parent=st["code"], alignment=TA_LEFT, fontSize=st["code"].fontSize + 4,
                                     leading=(st["code"].fontSize + 4) * 1.3)
    m = job.matter
    clerk = m.clerk or job.clerk
    window = window_label(m.window or job.window)
    code = job.query_code
    out: list[Flowable] = [CopyStart("visitor")]
    if paper == "80mm" and job.reprint:
        # no margin to draw in on the roll: the 补打 mark is a boxed line of its own
        mark = table([[tc.p("补　打", st["code"])]], [24 * mm], [
            ("BOX", (0, 0), (-1, -1), 1, colors.black), ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3)], hAlign="CENTER")
        small_center = ParagraphStyle("small_center", parent=st["small"], alignment=TA_CENTER)
        out += [mark, tc.p(reprint_caption(job), small_center), Spacer(1, 3)]
    out += [tc.p(job.agency_name, st["agency"]), tc.p(TITLE, st["title"])]
    label_w = (st["label"].fontSize * 4.6) + (4 if paper == "A5" else 0)
    data = [[tc.p(label, st["label"]), tc.p(value, st["body"])] for label, value in rows(job, paper)]
    out.append(_table(data, [label_w, block.width - label_w], grid=paper == "A5"))
    contact = f"或致电{job.agency_phone}" if job.agency_phone else ""
    how = f"凭信访编号和查询码，可到接待窗口{contact}查询办理进展。"
    qr = QRCode(qr_payload(m.number, code), 32 * mm if paper == "A5" else 30 * mm)
    staff = f"接待窗口：{window}　接待人：{clerk}" if window else f"接待人：{clerk}"
    printed = f"打印时间：{job.printed_at:%Y-%m-%d %H:%M}"
    disclaimer = "本回执仅证明信访事项已经登记，是否受理以书面告知为准。请妥善保存。"
    if paper == "A5":
        left = [tc.p("查询码", st["label"]), tc.p(code, st["code_left"]), Spacer(1, 4), tc.p(how, st["small"]),
                Spacer(1, 6), tc.p(staff, st["body"]), tc.p(printed, st["small"])]
        bottom = table([[left, qr]], [block.width - 34 * mm, 34 * mm], [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (1, 0), (1, 0), "RIGHT")], hAlign="LEFT")
        out += [Spacer(1, 8), bottom, Spacer(1, 8), tc.p(disclaimer, st["small"])]
    else:
        out += [Spacer(1, 4), qr, tc.p(f"查询码 {code}", st["code"]), tc.p(how, st["small"]),
                HRFlowable(width="100%", thickness=0.5, dash=(2, 2), spaceBefore=3, spaceAfter=3),
                tc.p(staff, st["body"]), tc.p(printed, st["small"]), tc.p(disclaimer, st["small"])]
    return out


def render(job: PrintJob, out, paper: str = "A5") -> bytes:
    tc = TextCollector()
    block = RECEIPT_A5 if paper == "A5" else RECEIPT_80MM
    flowables = story(job, paper, tc, block)
    tc.add(reprint_caption(job))
    tc.check()
    page_size = None
    if paper == "80mm":
        # the roll is cut after the content: the page is as long as the receipt
        height = story_height(story(job, paper, TextCollector(), block), block.width)
        page_size = (block.page[0], height + block.top + 6 * mm)
        block = PageBlock(page_size, block.left, block.top, block.width, height + 2 * mm)

    def decorate(canv: Canvas, info: PageInfo) -> None:
        if paper == "A5":
            draw_reprint_mark(canv, job, block.left + block.width, block.page[1] - 3.5 * mm, size=11)

    meta = Meta(title=f"{TITLE} {job.matter.number}", author=job.agency_name,
                subject=f"信访编号 {job.matter.number}", keywords=("补打",) if job.reprint else ())
    data = build_pdf(flowables, block, meta=meta, created=job.print_time, decorate=decorate, page_size=page_size)
    write_output(data, out)
    return data
