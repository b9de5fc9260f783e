"""统计报表: the statistics of a period as an A4 table with 本期, 同比 and 环比 columns.

The service (``reception.services.statistics``) computes and formats the figures; this module only lays them out,
like the ledger report: the bundled face first (the same on every PC), every font embedded, the header row
repeated on each page, "第 x 页 / 共 y 页" and the print time in the footer, and the definitions in a note at the
end so that a reader of the paper can check a figure by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from reception.printing.layout import (
    Meta,
    TextCollector,
    build_pdf,
    report_grid_style,
    report_pages,
    table,
    write_output,
)
from reception.printing.styles import PageBlock, ledger_styles

__all__ = ["STATS_A4", "StatsReport", "StatsRow", "StatsSection", "render"]

STATS_A4 = PageBlock(A4, left=20 * mm, top=18 * mm, width=A4[0] - 40 * mm, height=A4[1] - 36 * mm)

#: (heading, width in mm); the first column takes what is left
COLUMNS = (("项目", 0), ("本期", 21), ("同比期", 21), ("同比增减", 24), ("环比期", 21), ("环比增减", 24))


@dataclass(frozen=True)
class StatsRow:
    """One figure, already formatted: label, 本期, 同比期, 同比增减, 环比期, 环比增减."""

    label: str
    current: str
    previous_year: str
    year_change: str
    previous_period: str
    period_change: str


@dataclass(frozen=True)
class StatsSection:
    title: str
    rows: tuple[StatsRow, ...]


@dataclass
class StatsReport:
    sections: list[StatsSection]
    title: str = "信访工作统计表"
    agency_name: str = ""
    period: str = ""  # 2026年10月1日至2026年10月31日
    previous_year: str = ""  # the 同比 period's label
    previous_period: str = ""  # the 环比 period's label
    printed_at: datetime = field(default_factory=lambda: datetime(2000, 1, 1))
    notes: list[str] = field(default_factory=list)
    anchor: str = ""  # the audit chain's head when printed ("审计链锚点 N:MAC"), in small type on every page
    anchor_token: str = ""  # the same, as the PDF keywords carry it ("reception-audit-head N:MAC")


def render(report: StatsReport, out) -> bytes:
    """Lay ``report`` out and write it to ``out`` (a path or a binary file object); returns the PDF bytes."""
    st = ledger_styles()
    tc = TextCollector()
    block = STATS_A4
    fixed = sum(w for _, w in COLUMNS) * mm
    widths = [w * mm if w else block.width - fixed for _, w in COLUMNS]
    data: list[list] = [[tc.p(h, st["header"]) for h, _ in COLUMNS]]
    style: list[tuple] = report_grid_style(padding=3)
    for section in report.sections:
        data.append([tc.p(section.title, st["cell"])] + [""] * (len(COLUMNS) - 1))
        line = len(data) - 1
        style += [
            ("SPAN", (0, line), (-1, line)),
            ("BACKGROUND", (0, line), (-1, line), colors.Color(0.93, 0.95, 0.97)),
        ]
        for r in section.rows:
            data.append(
                [
                    tc.p(r.label, st["cell"]),
                    *(
                        tc.p(v, st["cell_number"])
                        for v in (r.current, r.previous_year, r.year_change, r.previous_period, r.period_change)
                    ),
                ]
            )
    body = table(data, widths, style, repeatRows=1, hAlign="LEFT")

    lines = [report.agency_name, f"统计期间：{report.period}（按登记时间）"]
    compare = "　".join(
        t
        for t in (
            f"同比：{report.previous_year}" if report.previous_year else "",
            f"环比：{report.previous_period}" if report.previous_period else "",
        )
        if t
    )
    story: list[Flowable] = [tc.p(report.title, st["title"])]
    for text in [*lines, compare]:
        if text:
            story.append(tc.p(text, st["subtitle"]))
    story += [Spacer(1, 2 * mm), body]
    if report.notes:
        story.append(Spacer(1, 4 * mm))
        story.append(tc.p("说明", st["cell"]))
        for note in report.notes:
            story.append(tc.p(note, st["cell"]))
    footer_left = f"{report.agency_name}　打印：{report.printed_at:%Y-%m-%d %H:%M}".strip("　")
    tc.add(footer_left, f"{report.title}（续）")
    tc.check()

    decorate = report_pages(block, footer_left, report.title, report.anchor)

    keywords = (report.anchor_token,) if report.anchor_token else ()
    meta = Meta(title=report.title, author=report.agency_name, subject=report.period, keywords=keywords)
    pdf = build_pdf(story, block, meta=meta, created=report.printed_at, decorate=decorate)
    write_output(pdf, out)
    return pdf
