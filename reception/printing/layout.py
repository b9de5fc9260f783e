"""Page templates and the pieces every document shares.

* :func:`build_pdf` lays a story out on a :class:`~reception.printing.styles.PageBlock` and returns
  the PDF bytes, byte-for-byte the same for the same input: reportlab's ``invariant`` mode, a fixed
  creation date (the print time of the record), no random subset names. The digest the desk records
  can therefore be checked by printing the record again.
* Page decoration (copy labels, the 补打 mark, "第 x 页 共 y 页") is drawn when the whole document is
  known (:class:`DecoratedCanvas`), so page totals are per copy: a notice printed as 第一联 and 第二联
  numbers each copy's pages on its own.
* :class:`CopyStart` marks where a copy (联) begins in the story; :func:`draw_qr` (and the
  :class:`QRCode` flowable) draws a QR code as vector rectangles; :func:`clip` shortens text cleanly.
* :func:`pdf_canvas` is the bare canvas for documents drawn without platypus (the receipts), with
  the same settings, metadata and determinism as :func:`build_pdf`.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from reception.printing.fonts import ensure_printable, get_chain
from reception.printing.styles import PageBlock, paragraph

__all__ = [
    "CopyStart",
    "DecoratedCanvas",
    "Output",
    "PageInfo",
    "QRCode",
    "TextCollector",
    "build_pdf",
    "clip",
    "cn_date",
    "cn_datetime",
    "draw_qr",
    "draw_text",
    "pdf_canvas",
    "table",
    "text_width",
    "write_output",
]

Output = str | os.PathLike | BinaryIO


# --------------------------------------------------------------------------------------------- text


_SPACES = re.compile(r"\s+")
_WORDCHAR = re.compile(r"[0-9A-Za-z._\-/@:+]")
#: marks that should not be left dangling before an ellipsis
_TRAILING = "，、；：,;:（(《“‘【〔[ \u3000-—"


def clip(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters, cut cleanly with "…" when longer.

    Whitespace runs become one space. The cut never splits a Latin word or number (an ID, a phone
    number) that starts in the second half of the allowed length, never leaves an opening bracket,
    comma or dash before the "…", and counts characters, so a character beyond the BMP (𠈌) is one
    character and is never split.
    """
    text = _SPACES.sub(" ", text or "").strip()
    if len(text) <= limit:
        return text
    if limit < 2:
        return "…"[:limit]
    cut = limit - 1
    if _WORDCHAR.match(text[cut - 1]) and _WORDCHAR.match(text[cut]):
        j = cut - 1
        while j > 0 and _WORDCHAR.match(text[j - 1]):
            j -= 1
        if j >= cut // 2:
            cut = j
    head = text[:cut].rstrip(_TRAILING)
    if head.endswith(("。", "！", "？", "…")):
        head = head.rstrip("。！？…")
    return head + "…"


def cn_date(d: date | datetime | None) -> str:
    """``2026年3月5日`` (GB/T 9704-2012 writes the 成文日期 in Arabic numerals, no leading zeros)."""
    if d is None:
        return ""
    return f"{d.year}年{d.month}月{d.day}日"


def cn_datetime(d: datetime | None) -> str:
    """``2026年3月5日 09:30``."""
    if d is None:
        return ""
    return f"{cn_date(d)} {d:%H:%M}"


_IDEOGRAPHIC_SPACES = re.compile("\u3000+")


def keep_ideographic_spaces(text: str, style) -> str:
    """reportlab collapses every whitespace run, the ideographic space U+3000 included, into one
    narrow space, so "年　　月　　日" would print as "年 月 日". No-break spaces survive: each run of
    U+3000 becomes as many U+00A0 as make the same width in the style's font."""
    if "\u3000" not in text:
        return text
    from reportlab.pdfbase.pdfmetrics import stringWidth

    em = style.fontSize
    nbsp = stringWidth("\u00a0", style.fontName, em) or em / 4
    return _IDEOGRAPHIC_SPACES.sub(lambda m: "\u00a0" * max(1, round(len(m.group()) * em / nbsp)), text)


class TextCollector:
    """Makes the paragraphs of a document and remembers their text, so that every character is
    checked against the font chain (:func:`~reception.printing.fonts.ensure_printable`) before
    anything is laid out: a missing glyph refuses the print instead of printing a blank."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def p(self, text: str, style, *, linebreaks: bool = False) -> Paragraph:
        self.texts.append(text)
        return paragraph(keep_ideographic_spaces(text, style), style, linebreaks=linebreaks)

    def add(self, *texts: str) -> None:
        self.texts.extend(t for t in texts if t)

    def check(self) -> None:
        ensure_printable(self.texts)


# ----------------------------------------------------------------------------------------- drawing


def text_width(text: str, size: float, role: str = "plain") -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    chain = get_chain(role)
    return sum(stringWidth(run, font, size) for font, run in chain.runs(text))


def draw_text(
    canv: Canvas, x: float, y: float, text: str, size: float, *, role: str = "plain", align: str = "left"
) -> float:
    """Draw one line of plain ``text`` on the canvas with per-character font fallback; returns its width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    chain = get_chain(role)
    runs = chain.runs(text)
    width = sum(stringWidth(run, font, size) for font, run in runs)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    for font, run in runs:
        canv.setFont(font, size)
        canv.drawString(x, y, run)
        x += stringWidth(run, font, size)
    return width


@dataclass(frozen=True)
class PageInfo:
    """What the decorator of one page knows once the document is complete."""

    number: int  # 1-based, whole document
    total: int
    group: Any  # the copy (联) the page belongs to, None before the first CopyStart
    number_in_group: int
    total_in_group: int


class DecoratedCanvas(Canvas):
    """A canvas that keeps its pages until the end, then lets ``decorate(canvas, PageInfo)`` draw on
    each of them knowing the totals (the classic reportlab "NumberedCanvas", with copy groups)."""

    decorate: Callable[[Canvas, PageInfo], None] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []
        self.current_group: Any = None

    def showPage(self) -> None:  # noqa: N802  (reportlab's name)
        state = dict(self.__dict__)
        state["_page_group"] = self.current_group
        self._saved_pages.append(state)
        # reportlab's own start of a fresh page (the NumberedCanvas recipe); the stubs leave private methods out.
        self._startPage()  # pyright: ignore[reportAttributeAccessIssue]

    def save(self) -> None:
        pages = self._saved_pages
        groups = [p["_page_group"] for p in pages]
        totals: dict[Any, int] = {}
        for g in groups:
            totals[g] = totals.get(g, 0) + 1
        seen: dict[Any, int] = {}
        group_now = self.current_group
        for i, state in enumerate(pages):
            self.__dict__.update(state)
            g = groups[i]
            seen[g] = seen.get(g, 0) + 1
            if self.decorate is not None:
                self.saveState()
                self.decorate(self, PageInfo(i + 1, len(pages), g, seen[g], totals[g]))
                self.restoreState()
            Canvas.showPage(self)
        self.current_group = group_now
        Canvas.save(self)


class FauxBold(Flowable):
    """A paragraph drawn fill-and-stroke (PDF text render mode 2): the title's weight when the title face
    has no bold variant (AR PL UMing, 宋体).  The stroke is 3 % of the font size, about 0.5 pt at 小二."""

    def __init__(self, inner: Paragraph, stroke: float = 0.03):
        super().__init__()
        self.inner = inner
        self.stroke = stroke

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = self.inner.wrap(aW, aH)
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802  (reportlab's name)
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802  (reportlab's name)
        return self.inner.getSpaceAfter()

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803
        return [FauxBold(p, self.stroke) for p in self.inner.split(aW, aH) if isinstance(p, Paragraph)]

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(self.inner.style.fontSize * self.stroke)
        canv.setStrokeColor(self.inner.style.textColor)
        # Text render mode is part of the graphics state: set here, it holds for the paragraph's text
        # objects and ends with restoreState (reportlab's setTextRenderMode works inside one text object only).
        canv.addLiteral("2 Tr")
        self.inner.drawOn(canv, 0, 0)
        canv.restoreState()


class CopyStart(Flowable):
    """Zero-size marker: the pages from here on belong to ``group`` (a copy, 联)."""

    def __init__(self, group: Any) -> None:
        super().__init__()
        self.group = group
        self.width = self.height = 0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        if isinstance(self.canv, DecoratedCanvas):  # only that canvas numbers its pages by copy
            self.canv.current_group = self.group


def draw_qr(canv: Canvas, x: float, y: float, size: float, rows: Sequence[str]) -> None:
    """Draw a QR code given as rows of "1" (dark) / "0" (:func:`~reception.printing.qr.qr_rows`),
    ``size`` points square with its lower-left corner at (x, y).

    One filled rectangle per run of dark modules, a run repeated in the rows below it merged into
    one taller rectangle, in module units under one transformation: a fraction of the operators of
    a square per module, with small integers only. Each rectangle is filled on its own, as reportlab's
    ``rect`` fills it: viewers (poppler among them) snap a lone rectangle to the pixel grid, where one
    path of all of them would be drawn with grey, anti-aliased module edges on screen."""
    n = len(rows)
    if not n:
        return
    rects: list[str] = []
    above: dict[tuple[int, int], int] = {}  # runs of the row above: (start, stop) -> first row of the rectangle
    for r, row in enumerate(rows):
        here: dict[tuple[int, int], int] = {}
        for run in _DARK_RUN.finditer(row):
            span = run.span()
            here[span] = above.pop(span, r)
        for (start, stop), first in above.items():  # runs that end above this row
            rects.append(f"{start} {n - r} {stop - start} {r - first} re f")
        above = here
    for (start, stop), first in above.items():
        rects.append(f"{start} 0 {stop - start} {n - first} re f")
    if not rects:
        return
    module = size / n
    canv.saveState()
    canv.setFillGray(0)
    canv.transform(module, 0, 0, module, x, y)
    canv.addLiteral("\n".join(rects))
    canv.restoreState()


_DARK_RUN = re.compile("1+")

#: where a flowable sits in a frame wider than itself (reportlab's hAlign values)
HAlign = Literal["LEFT", "CENTER", "CENTRE", "RIGHT"]


class QRCode(Flowable):
    """A QR code of ``data`` (UTF-8 bytes mode, error correction M), ``size`` points square, drawn
    with :func:`draw_qr`, the 4-module quiet zone inside ``size``."""

    def __init__(self, data: str, size: float, *, hAlign: HAlign = "CENTER") -> None:  # noqa: N803
        super().__init__()
        from reception.printing.qr import qr_rows

        self.rows = qr_rows(data, border=4)
        self.matrix: list[list[bool]] = [[c == "1" for c in row] for row in self.rows]
        self.data = data
        self.size = size
        self.width = self.height = size
        self.hAlign = hAlign

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, 0, 0, self.size, self.rows)


def table(data: list[list[Any]], widths: Sequence[float], style: Sequence[tuple], **kwargs: Any) -> Table:
    """A reportlab Table whose cell font is the bundled face: a Table otherwise selects Helvetica for
    every cell, even one holding only paragraphs, and the PDF then lists a font it does not embed."""
    t = Table(data, colWidths=list(widths), **kwargs)
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), get_chain("plain").primary), *style]))
    return t


# ------------------------------------------------------------------------------------------ build


@dataclass
class Meta:
    """PDF metadata; never a visitor's name (the metadata of a complaint's letter stays clean)."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: Sequence[str] = field(default_factory=tuple)


#: the PDF's Creator entry
CREATOR = "reception 信访接待台"


def _pdf_date_formatter(when: datetime) -> Callable[..., str]:
    # Local time without an offset: the ledger stores naive desk-local times, and the offset of the
    # PC that prints again later must not change the bytes.
    stamp = f"D:{when:%Y%m%d%H%M%S}"
    return lambda *args: stamp


def pdf_canvas(out: Any, page: tuple[float, float], *, meta: Meta, created: datetime) -> Canvas:
    """A bare canvas with everything :func:`build_pdf` gives its documents: reportlab's invariant
    mode, the bundled face as the initial font (nothing unembedded listed), the metadata, and
    ``created`` as the creation date, so the bytes are the same for the same input."""
    from reception.printing.fonts import canvas_kwargs

    canv = Canvas(out, pagesize=page, invariant=1, **canvas_kwargs())
    canv.setAuthor(meta.author)
    canv.setTitle(meta.title)
    canv.setSubject(meta.subject)
    canv.setCreator(CREATOR)
    canv.setProducer(None)
    canv.setKeywords(", ".join(meta.keywords))  # what reportlab makes of a list
    canv.setDateFormatter(_pdf_date_formatter(created))
    return canv


def build_pdf(
    story: Sequence[Flowable],
    block: PageBlock,
    *,
    meta: Meta,
    created: datetime,
    decorate: Callable[[Canvas, PageInfo], None] | None = None,
    page_size: tuple[float, float] | None = None,
) -> bytes:
    """Lay ``story`` out in ``block``'s text frame and return the PDF bytes (deterministic)."""
    from reception.printing.fonts import canvas_kwargs

    page = page_size or block.page
    buf = io.BytesIO()
    bottom = page[1] - block.top - block.height if page_size else block.bottom
    doc = BaseDocTemplate(
        buf,
        pagesize=page,
        leftMargin=block.left,
        rightMargin=page[0] - block.left - block.width,
        topMargin=block.top,
        bottomMargin=bottom,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=list(meta.keywords),
        creator=CREATOR,
        invariant=1,
        **canvas_kwargs(),
    )
    frame = Frame(
        block.left,
        bottom,
        block.width,
        page[1] - block.top - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    class _Canvas(DecoratedCanvas):
        pass

    _Canvas.decorate = staticmethod(decorate) if decorate else None  # type: ignore[assignment]

    def make_canvas(*args: Any, **kwargs: Any) -> DecoratedCanvas:
        canv = _Canvas(*args, **kwargs)
        canv.setDateFormatter(_pdf_date_formatter(created))
        return canv

    doc.build(list(story), canvasmaker=make_canvas)
    return buf.getvalue()


def write_output(data: bytes, out: Output) -> None:
    """Write the PDF to a path or a binary file object."""
    if hasattr(out, "write"):
        out.write(data)  # type: ignore[union-attr]
        return
    Path(out).write_bytes(data)  # type: ignore[arg-type]


def keep(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))


def report_pages(
    block: PageBlock, footer_left: str, title: str, anchor: str = ""
) -> Callable[[Canvas, PageInfo], None]:
    """The page decoration of the ledger and statistics reports: agency and print time bottom left,
    "第 x 页 / 共 y 页" bottom right, and "title（续）" above the text block from the second page on.

    ``anchor`` (the audit chain's head when the report was printed) goes in small type below the footer: a paper
    witness that ``reception audit verify --against N:MAC`` checks later."""

    def decorate(canv: Canvas, info: PageInfo) -> None:
        y = block.bottom - 7 * mm
        draw_text(canv, block.left, y, footer_left, 8)
        if anchor:
            draw_text(canv, block.left, y - 3.2 * mm, anchor, 5.5)
        draw_text(canv, block.left + block.width, y, f"第 {info.number} 页 / 共 {info.total} 页", 8, align="right")
        if info.number > 1:
            draw_text(canv, block.left, block.page[1] - block.top + 3 * mm, f"{title}（续）", 8)

    return decorate


def report_grid_style(*, padding: float) -> list[tuple]:
    """The ruled table of the landscape reports: grid, heavier box, grey header row, compact padding."""
    return [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.Color(0.35, 0.35, 0.35)),
        ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
    ]
