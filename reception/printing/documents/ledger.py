"""台账: the ledger as an A4 landscape table over a period or filter, with the header row repeated on
every page, "第 x 页 / 共 y 页", and a totals row counted both as matters (件次) and persons (人次).

Rows are the ledger's rows (:class:`~reception.domain.views.LedgerRow`: masked ID numbers; the report prints
no ID at all).
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from reception.domain.clocks import WARNING_LABELS, WarningLevel
from reception.domain.codes import CHANNEL_LABELS, Channel
from reception.domain.views import LedgerRow
from reception.printing.job import LedgerReport
from reception.printing.layout import (
    CopyStart,
    Meta,
    TextCollector,
    build_pdf,
    clip,
    report_grid_style,
    report_pages,
    table,
    write_output,
)
from reception.printing.styles import LEDGER_A4, ledger_styles

#: (heading, width in mm, row key, style); the summary takes what is left
COLUMNS = [
    ("序号", 10, None, "cell_center"),
    ("信访编号", 27, "number", "cell"),
    ("登记时间", 19, "received_at", "cell_center"),
    ("形式", 10, "channel", "cell_center"),
    ("信访人", 20, "name", "cell"),
    ("人数", 9, "headcount", "cell_number"),
    ("事项摘要", 0, "summary", "cell"),
    ("状态", 15, "status_label", "cell_center"),
    ("办理单位", 32, "handling_unit", "cell"),
    ("当前时限", 20, "due", "cell_center"),
    ("接待人", 14, "clerk", "cell_center"),
]
SUMMARY_LIMIT = 60


def _cell(row: LedgerRow, key: str | None, index: int) -> str:
    if key is None:
        return str(index)
    value = getattr(row, key)
    if value is None:
        return ""
    if key == "received_at":
        text = str(value).replace("T", " ")
        return f"{text[:10]}\n{text[11:16]}" if len(text) >= 16 else text
    if key == "channel":
        try:
            return CHANNEL_LABELS[Channel(value)]
        except ValueError:
            return str(value)
    if key == "summary":
        return clip(str(value), SUMMARY_LIMIT)
    if key == "due":
        level = row.level
        try:
            mark = "" if level in (None, WarningLevel.NORMAL) else WARNING_LABELS[WarningLevel(level)]
        except ValueError:
            mark = ""
        return f"{value}\n{mark}" if mark else str(value)
    return str(value)


def render(report: LedgerReport, out) -> bytes:
    st = ledger_styles()
    tc = TextCollector()
    block = LEDGER_A4
    fixed = sum(w for _, w, _, _ in COLUMNS) * mm
    widths = [w * mm if w else block.width - fixed for _, w, _, _ in COLUMNS]
    header: list[Paragraph | str] = [tc.p(h, st["header"]) for h, _, _, _ in COLUMNS]
    data = [header]
    for i, row in enumerate(report.rows, 1):
        data.append([tc.p(_cell(row, key, i), st[style], linebreaks=True) for _, _, key, style in COLUMNS])
    totals = report.computed_totals()
    total_text = "　".join(f"{v} {k}" for k, v in totals.items())
    data.append([tc.p("合计", st["header"])] + [""] * 5 + [tc.p(total_text, st["cell"])] + [""] * 4)
    last = len(data) - 1
    style = [
        *report_grid_style(padding=2),
        ("SPAN", (0, last), (5, last)),
        ("SPAN", (6, last), (-1, last)),
        ("BACKGROUND", (0, last), (-1, last), colors.Color(0.94, 0.94, 0.94)),
        ("LINEABOVE", (0, last), (-1, last), 0.8, colors.black),
    ]
    for r in range(2, last, 2):  # a light band on every other row helps the eye across a wide table
        style.append(("BACKGROUND", (0, r), (-1, r), colors.Color(0.975, 0.975, 0.975)))
    grid = table(data, widths, style, repeatRows=1, hAlign="LEFT")

    subtitle = "　".join(t for t in [report.agency_name, report.period, *report.filters] if t)
    story: list[Flowable] = [CopyStart("ledger"), tc.p(report.title, st["title"])]
    if subtitle:
        story.append(tc.p(subtitle, st["subtitle"]))
    story.append(grid)
    footer_left = f"{report.agency_name}　打印：{report.printed_at:%Y-%m-%d %H:%M}" + (
        f"　{report.clerk}" if report.clerk else ""
    )
    tc.add(footer_left)
    tc.check()

    decorate = report_pages(block, footer_left, report.title, report.anchor)

    keywords = (report.anchor_token,) if report.anchor_token else ()
    meta = Meta(title=report.title, author=report.agency_name, subject=report.period, keywords=keywords)
    data_bytes = build_pdf(story, block, meta=meta, created=report.printed_at, decorate=decorate)
    write_output(data_bytes, out)
    return data_bytes
