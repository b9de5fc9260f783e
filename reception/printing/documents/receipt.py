"""登记回执: proof of registration for the visitor, on A5 (the laser printer) or the 80 mm thermal roll.

Agency, matter number, time, channel, visitor name, masked ID and phone (the receipt is always the
visitor's copy), the summary cut cleanly with "…", what happens next and the date by which the
visitor will be told whether the matter is accepted (条例 art 23: the NOTIFY clock), the query code
and a QR code carrying the matter number and the query code, window and clerk.

The receipt is printed while the visitor waits at the window, on a layout that never changes, so it
is drawn straight on the canvas (:mod:`reception.printing.typeset`) rather than through platypus:
the same lines a Paragraph would make (Chinese line-breaking rules included), placed where the
Paragraphs and Tables used to put them, for little more than the cost of drawing the text at all
(platypus doubled it). A reprint (补打) carries the mark: a box in the top margin on A5, a boxed line
of its own on the roll. The gap in "接待窗口：1号窗口　接待人：…" is the ideographic space itself
(a Paragraph collapsed it, see :func:`~reception.printing.layout.keep_ideographic_spaces`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from reception.domain.codes import CHANNEL_LABELS
from reception.domain.identity import mask_id, mask_phone
from reception.printing.documents._notice import draw_reprint_mark, reprint_caption, visitor_name
from reception.printing.fonts import ensure_printable
from reception.printing.job import PrintJob, qr_payload
from reception.printing.layout import (
    Meta,
    Output,
    clip,
    cn_date,
    cn_datetime,
    draw_qr,
    pdf_canvas,
    write_output,
)
from reception.printing.qr import qr_rows
from reception.printing.styles import LEADING, RECEIPT_80MM, RECEIPT_A5, PageBlock, receipt_sizes
from reception.printing.typeset import Line, Typesetter, draw_lines, typesetter

__all__ = ["SUMMARY_LIMIT", "TITLE", "next_steps", "render", "rows", "texts", "window_label"]

TITLE = "信访事项登记回执"
#: characters of the summary each paper shows
SUMMARY_LIMIT = {"A5": 150, "80mm": 60}
REPRINT_WORD = "补　打"
DISCLAIMER = "本回执仅证明信访事项已经登记，是否受理以书面告知为准。请妥善保存。"


def window_label(window: str) -> str:
    """ "3号窗口" for a bare number, the text as given otherwise."""
    window = (window or "").strip()
    return f"{window}号窗口" if window.isdigit() else window


def next_steps(job: PrintJob) -> str:
    """What happens next: the art 23 notice and its date, or that the decision has been made."""
    notified = job.extra.get("notified_at")
    if notified:
        return f"本事项已于{cn_date(datetime.fromisoformat(notified))}作出处理决定，以书面告知为准。"
    due = f"于{cn_date(job.notify_due)}前" if job.notify_due else "在15日内"
    return (
        f"本机关将依照《信访工作条例》第二十三条的规定，{due}书面告知你是否受理；"
        "不属于本机关处理的，告知转送去向或者应当向哪个机关提出。"
    )


def rows(job: PrintJob, paper: str) -> list[tuple[str, str]]:
    """The label/value rows of the receipt's table (ID and phone masked: the visitor's copy)."""
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


@dataclass(frozen=True)
class _Content:
    """Every text of one receipt, in reading order."""

    agency: str
    rows: list[tuple[str, str]]
    code: str
    how: str
    staff: str
    printed: str
    reprint: str  # the caption under the 补打 mark, empty for a first print


def _content(job: PrintJob, paper: str) -> _Content:
    m = job.matter
    clerk = m.clerk or job.clerk
    window = window_label(m.window or job.window)
    contact = f"或致电{job.agency_phone}" if job.agency_phone else ""
    return _Content(
        agency=job.agency_name,
        rows=rows(job, paper),
        code=job.query_code,
        how=f"凭信访编号和查询码，可到接待窗口{contact}查询办理进展。",
        staff=f"接待窗口：{window}　接待人：{clerk}" if window else f"接待人：{clerk}",
        printed=f"打印时间：{job.printed_at:%Y-%m-%d %H:%M}",
        reprint=reprint_caption(job),
    )


def texts(job: PrintJob, paper: str = "A5") -> list[str]:
    """Every text the receipt prints on ``paper``, in reading order, one string per block (the QR
    code aside): what the print checks against the fonts, and what ``reception bench`` draws for
    the floor of a receipt."""
    return _texts(_content(job, paper), paper)


def _texts(c: _Content, paper: str) -> list[str]:
    out = [REPRINT_WORD, c.reprint] if paper == "80mm" and c.reprint else []
    out += [c.agency, TITLE]
    for label, value in c.rows:
        out += [label, value]
    if paper == "A5":
        out += ["查询码", c.code, c.how, c.staff, c.printed, DISCLAIMER]
        if c.reprint:
            out += ["补打", c.reprint]  # the mark in the top margin
    else:
        out += [f"查询码 {c.code}", c.how, c.staff, c.printed, DISCLAIMER]
    return [t for t in out if t]


# --------------------------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class _Paper:
    block: PageBlock
    title: float  # font sizes
    body: float
    small: float
    label_width: float  # the label column of the table
    grid: bool  # ruled table (A5) or bare rows (the roll)
    qr: float  # side of the QR code, quiet zone included


def _paper(name: str) -> _Paper:
    title, body, small = receipt_sizes(name)
    if name == "A5":
        return _Paper(RECEIPT_A5, title, body, small, body * 4.6 + 4, True, 32 * mm)
    return _Paper(RECEIPT_80MM, title, body, small, body * 4.6, False, 30 * mm)


def _leading(size: float) -> float:
    return round(size * LEADING, 2)


#: the table: cell padding (top, bottom; left and right on A5) and its rules
_TOP_PAD, _BOTTOM_PAD, _SIDE_PAD = 1.5, 2.5, 2.0
_RULE_HEAVY, _RULE_LIGHT, _RULE_GREY = 0.8, 0.4, 0.55
#: the dashed rule on the roll (an HRFlowable's default light grey)
_DASH_GREY = 0.827451


@dataclass
class _Sheet:
    """The receipt laid out from the top of the page down, in points, depths measured from the top
    edge: text lines, rules, boxes and the QR code. Drawn once its height is known (the roll is as
    long as its content)."""

    ts: Typesetter
    left: float
    width: float
    y: float  # depth of the next block's top
    lines: list[tuple[float, float, float, Line]] = field(default_factory=list)  # x, baseline depth, size
    rules: list[tuple[float, float, float, float, float, tuple[float, ...]]] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float, float]] = field(default_factory=list)  # x, top, w, h, line
    qr: tuple[float, float, float, tuple[str, ...]] | None = None  # x, top depth, side, modules

    def text(
        self,
        text: str,
        size: float,
        x: float,
        top: float,
        width: float,
        *,
        center: bool = False,
        leading: float | None = None,
    ) -> float:
        """Place ``text`` wrapped to ``width``, its first line's top at depth ``top`` (the baseline
        one font size below, as a Paragraph sets it); returns the height taken."""
        lead = leading if leading is not None else _leading(size)
        placed = self.ts.wrap(text, size, width)
        for i, line in enumerate(placed):
            dx = (width - line.width) / 2 if center else 0.0
            self.lines.append((x + dx, top + size + i * lead, size, line))
        return len(placed) * lead

    def para(self, text: str, size: float, *, center: bool = False, space_after: float = 0.0) -> None:
        """A paragraph across the text block at the current depth."""
        self.y += self.text(text, size, self.left, self.y, self.width, center=center) + space_after

    def rule(self, x0: float, x1: float, depth: float, width: float, grey: float, dash: tuple[float, ...] = ()) -> None:
        """A horizontal rule from x0 to x1 at ``depth``."""
        self.rules.append((x0, x1, depth, width, grey, dash))

    def table(self, data: list[tuple[str, str]], size: float, label_width: float, *, grid: bool) -> None:
        """Label/value rows, labels in a column of ``label_width``, each row as tall as its longer
        cell; on A5 ruled: heavy rules above and below, light grey ones between the rows."""
        pad = _SIDE_PAD if grid else 0.0
        right = self.left + self.width
        value_x = self.left + label_width + pad
        value_width = self.width - label_width - 2 * pad
        if grid:
            self.rule(self.left, right, self.y, _RULE_HEAVY, 0)
        for i, (label, value) in enumerate(data):
            top = self.y + _TOP_PAD
            height = max(
                self.text(label, size, self.left + pad, top, label_width - 2 * pad),
                self.text(value, size, value_x, top, value_width),
            )
            self.y = top + height + _BOTTOM_PAD
            if grid:
                last = i == len(data) - 1
                self.rule(self.left, right, self.y, _RULE_HEAVY if last else _RULE_LIGHT, 0 if last else _RULE_GREY)

    def draw(self, canv: Canvas, page_height: float) -> None:
        """Draw everything placed, rules and boxes first, then the QR code, then all text at once."""
        if self.rules or self.boxes:
            canv.saveState()
            canv.setLineCap(1)
            canv.setLineJoin(1)
            # the graphics state changes only when a rule differs from the one before
            width_now, grey_now, dash_now = -1.0, -1.0, ()
            for x0, x1, depth, width, grey, dash in self.rules:
                if width != width_now:
                    canv.setLineWidth(width)
                    width_now = width
                if grey != grey_now:
                    canv.setStrokeGray(grey)
                    grey_now = grey
                if dash != dash_now:
                    canv.setDash(list(dash))
                    dash_now = dash
                canv.line(x0, page_height - depth, x1, page_height - depth)
            if dash_now:
                canv.setDash([])
            canv.setStrokeGray(0)
            for x, top, w, h, width in self.boxes:
                canv.setLineWidth(width)
                canv.rect(x, page_height - top - h, w, h, stroke=1, fill=0)
            canv.restoreState()
        if self.qr is not None:
            x, top, side, modules = self.qr
            draw_qr(canv, x, page_height - top - side, side, modules)
        draw_lines(canv, [(x, page_height - depth, size, line) for x, depth, size, line in self.lines])

    def place_qr(self, data: str, x: float, top: float, side: float) -> None:
        """The QR code of ``data`` (4-module quiet zone inside ``side``), its top-left corner at x, depth top."""
        self.qr = (x, top, side, qr_rows(data, border=4))


def _lay_out(job: PrintJob, c: _Content, p: _Paper) -> _Sheet:
    block = p.block
    sheet = _Sheet(typesetter("plain"), block.left, block.width, block.top)
    payload = qr_payload(job.matter.number, c.code)
    if p.grid:  # A5
        sheet.para(c.agency, p.body, center=True)
        sheet.para(TITLE, p.title, center=True, space_after=p.title * 0.5)
        sheet.table(c.rows, p.body, p.label_width, grid=True)
        # the query code, how to use it, window and clerk on the left; the QR code on the right
        sheet.y += 8
        top = sheet.y + 3
        column = block.width - 34 * mm
        x = block.left
        h = sheet.text("查询码", p.body, x, top, column)
        code = p.title + 4
        h += sheet.text(c.code, code, x, top + h, column, leading=code * 1.3)
        h += 4
        h += sheet.text(c.how, p.small, x, top + h, column)
        h += 6
        h += sheet.text(c.staff, p.body, x, top + h, column)
        h += sheet.text(c.printed, p.small, x, top + h, column)
        sheet.place_qr(payload, block.left + block.width - p.qr, top, p.qr)
        sheet.y = top + max(h, p.qr) + 3 + 8
        sheet.para(DISCLAIMER, p.small)
        return sheet
    # the roll: one column
    if c.reprint:
        # no margin to draw in: the 补打 mark is a boxed line of its own
        box = 24 * mm
        x = block.left + (block.width - box) / 2
        h = 1 + sheet.text(REPRINT_WORD, p.title, x + 6, sheet.y + 1, box - 12, center=True) + 3
        sheet.boxes.append((x, sheet.y, box, h, 1.0))
        sheet.y += h
        sheet.para(c.reprint, p.small, center=True, space_after=3)
    sheet.para(c.agency, p.body, center=True)
    sheet.para(TITLE, p.title, center=True, space_after=p.title * 0.5)
    sheet.table(c.rows, p.body, p.label_width, grid=False)
    sheet.y += 4
    sheet.place_qr(payload, block.left + (block.width - p.qr) / 2, sheet.y, p.qr)
    sheet.y += p.qr
    sheet.para(f"查询码 {c.code}", p.title, center=True)
    sheet.para(c.how, p.small)
    sheet.rule(block.left, block.left + block.width, sheet.y + 3.5, 0.5, _DASH_GREY, (2, 2))
    sheet.y += 3 + 0.5 + 3
    sheet.para(c.staff, p.body)
    sheet.para(c.printed, p.small)
    sheet.para(DISCLAIMER, p.small)
    return sheet


def render(job: PrintJob, out: Output, paper: str = "A5") -> bytes:
    """Print the receipt of ``job`` on ``paper`` ("A5" or "80mm") to ``out`` (a path or a binary file
    object) and return the bytes: the same bytes for the same job. Raises
    :class:`~reception.printing.fonts.MissingGlyphsError` before anything is written if a character
    cannot be printed."""
    p = _paper(paper)
    content = _content(job, paper)
    ensure_printable(_texts(content, paper))
    sheet = _lay_out(job, content, p)
    # the roll is cut after the content: its page is as long as the receipt
    page = p.block.page if paper == "A5" else (p.block.page[0], sheet.y + 6 * mm)
    meta = Meta(
        title=f"{TITLE} {job.matter.number}",
        author=job.agency_name,
        subject=f"信访编号 {job.matter.number}",
        keywords=("补打",) if job.reprint else (),
    )
    buf = io.BytesIO()
    canv = pdf_canvas(buf, page, meta=meta, created=job.print_time)
    sheet.draw(canv, page[1])
    if paper == "A5":
        draw_reprint_mark(canv, job, p.block.left + p.block.width, page[1] - 3.5 * mm, size=11)
    canv.showPage()
    canv.save()
    data = buf.getvalue()
    write_output(data, out)
    return data
