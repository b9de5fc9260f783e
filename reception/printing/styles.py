"""Paragraph styles: the official A4 notice, the receipt (80 mm thermal and A5), the ledger.

Official petition documents (DOMAIN.md "Documents the desk prints"): A4, top margin 35 mm, left
margin 30 mm, text block 150 × 230 mm; agency name 小三 15 pt, title 小二 18 pt in a bold Song/Hei
face, body 三号 16 pt FangSong where available (else Song, else the bundled face).

All styles wrap with ``wordWrap='CJK'`` (with the Chinese line-breaking rules of :mod:`.linebreak`)
and are left-aligned: reportlab justifies by widening spaces only, which for Chinese text means one
huge gap at the one space of a line, never an even spread.

Every style carries ``fontRole`` ("body", "title", "plain"): its ``fontName`` is that chain's
primary font, and :func:`paragraph` marks up the text so that characters the primary font lacks
come from the next font of the chain.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from reception.printing.fonts import get_chain, markup

__all__ = [
    "LEADING",
    "LEDGER_A4",
    "NOTICE_A4",
    "RECEIPT_80MM",
    "RECEIPT_A5",
    "PageBlock",
    "ledger_styles",
    "notice_styles",
    "paragraph",
    "receipt_sizes",
    "receipt_styles",
]

#: line height as a multiple of the font size
LEADING = 1.5


@dataclass(frozen=True)
class PageBlock:
    """A page and its text block (points, from the top-left corner like the format rules)."""

    page: tuple[float, float]
    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        """Bottom margin."""
        return self.page[1] - self.top - self.height

    @property
    def right(self) -> float:
        """Right margin."""
        return self.page[0] - self.left - self.width


NOTICE_A4 = PageBlock(A4, left=30 * mm, top=35 * mm, width=150 * mm, height=230 * mm)
#: 80 mm thermal roll: 72 mm printable; the height is per receipt (the document decides)
RECEIPT_80MM = PageBlock((80 * mm, 200 * mm), left=4 * mm, top=4 * mm, width=72 * mm, height=192 * mm)
RECEIPT_A5 = PageBlock(A5, left=15 * mm, top=15 * mm, width=A5[0] - 30 * mm, height=A5[1] - 30 * mm)
LEDGER_A4 = PageBlock(
    landscape(A4), left=12 * mm, top=15 * mm, width=landscape(A4)[0] - 24 * mm, height=landscape(A4)[1] - 27 * mm
)


def _style(name: str, role: str, size: float, **kw) -> ParagraphStyle:
    kw.setdefault("leading", round(size * LEADING, 2))
    kw.setdefault("alignment", TA_LEFT)
    return ParagraphStyle(name, fontName=get_chain(role).primary, fontSize=size, wordWrap="CJK", fontRole=role, **kw)


def notice_styles() -> dict[str, ParagraphStyle]:
    """Styles of the A4 notices (告知书, 答复意见书, 转送函 ...). A fresh set on each call."""
    return {
        s.name: s
        for s in [
            _style("agency", "title", 15, alignment=TA_CENTER),  # 小三: issuing agency
            _style("title", "title", 18, alignment=TA_CENTER, spaceBefore=6, spaceAfter=12),  # 小二
            _style("docno", "body", 16, alignment=TA_CENTER, spaceAfter=12),  # ××公（信）受〔2026〕17号
            _style("salutation", "body", 16),  # 张某某：(no indent)
            _style("body", "body", 16, firstLineIndent=32),  # 三号, two-character indent
            _style("body_noindent", "body", 16),
            _style("signature", "body", 16, alignment=TA_RIGHT, rightIndent=32, spaceBefore=24),
            _style("date", "body", 16, alignment=TA_RIGHT, rightIndent=32),
            _style("note", "body", 12),  # 附注, small print
            _style("cell", "body", 12),  # table cells
            _style("copy_mark", "title", 12, alignment=TA_RIGHT),  # 存档联 / 交来访人 / 补打
        ]
    }


_RECEIPT_SIZES: dict[str, tuple[float, float, float]] = {"80mm": (12, 9, 7.5), "A5": (16, 11, 9)}


def receipt_sizes(paper: str = "80mm") -> tuple[float, float, float]:
    """Font sizes (title, body, small) of the 登记回执 on ``paper`` ("80mm" or "A5")."""
    try:
        return _RECEIPT_SIZES[paper]
    except KeyError:
        raise ValueError(f"unknown receipt paper {paper!r}; one of {sorted(_RECEIPT_SIZES)}") from None


def receipt_styles(paper: str = "80mm") -> dict[str, ParagraphStyle]:
    """Styles of the 登记回执 on an 80 mm thermal roll ("80mm") or A5 ("A5"); bundled face first."""
    title, body, small = receipt_sizes(paper)
    return {
        s.name: s
        for s in [
            _style("agency", "plain", body, alignment=TA_CENTER),
            _style("title", "plain", title, alignment=TA_CENTER, spaceAfter=title * 0.5),
            _style("body", "plain", body),
            _style("label", "plain", body),
            _style("small", "plain", small),
            _style("code", "plain", title, alignment=TA_CENTER),  # the query code, large
        ]
    }


def ledger_styles() -> dict[str, ParagraphStyle]:
    """Styles of the 台账 and statistics reports (A4 landscape tables); bundled face first."""
    return {
        s.name: s
        for s in [
            _style("title", "plain", 16, alignment=TA_CENTER, spaceAfter=8),
            _style("subtitle", "plain", 10, alignment=TA_CENTER, spaceAfter=6),  # filter, period
            _style("header", "plain", 9, alignment=TA_CENTER),
            _style("cell", "plain", 8.5),
            _style("cell_center", "plain", 8.5, alignment=TA_CENTER),
            _style("cell_number", "plain", 8.5, alignment=TA_RIGHT),
            _style("footer", "plain", 8, alignment=TA_RIGHT),
        ]
    }


def paragraph(text: str, style: ParagraphStyle, *, linebreaks: bool = False) -> Paragraph:
    """A Paragraph of plain ``text`` (not markup) in ``style``, with per-character font fallback.

    With ``linebreaks``, newlines in the text become line breaks; otherwise they are spaces."""
    body = markup(text, get_chain(getattr(style, "fontRole", "body")))
    if linebreaks:
        body = body.replace("\r\n", "\n").replace("\n", "<br/>")
    return Paragraph(body, style)
