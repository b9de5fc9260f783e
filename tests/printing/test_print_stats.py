"""The statistics report (printing/stats_report.py): A4, reads back, every font embedded, 本期/同比/环比 columns."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest

from reception.printing.fonts import get_chain
from reception.printing.stats_report import StatsReport, StatsRow, StatsSection, render
from tests.actors import admin

EXT_B = "\U0002020c"  # 𠈌


def _report(rows: int = 3, location: str = "湖北省武汉市武昌区") -> StatsReport:
    head = StatsSection(
        "总体情况",
        (
            StatsRow("件次", "1,234", "1,000", "+23.4%", "1,300", "-5.1%"),
            StatsRow("办结率", "81.2%", "79.0%", "+2.2 个百分点", "—", "—"),
        ),
    )
    places = StatsSection(
        "问题属地（件次）",
        tuple(StatsRow(f"{location}{i}", str(i), str(i + 1), "-10.0%", str(i), "+0.0%") for i in range(rows)),
    )
    return StatsReport(
        sections=[head, places],
        agency_name="××市公安局",
        period="2026年3月1日至2026年3月31日",
        previous_year="2025年3月1日至2025年3月31日",
        previous_period="2026年2月1日至2026年2月28日",
        printed_at=datetime(2026, 4, 1, 9, 30),
        notes=["1. 按登记时间统计。"],
    )


def test_reads_back_with_the_columns_and_figures(pdf_text):
    text = pdf_text(render(_report(), io.BytesIO()))
    for expected in (
        "信访工作统计表",
        "××市公安局",
        "统计期间：2026年3月1日至2026年3月31日（按登记时间）",
        "同比：2025年3月1日至2025年3月31日",
        "环比：2026年2月1日至2026年2月28日",
        "项目",
        "本期",
        "同比期",
        "同比增减",
        "环比期",
        "环比增减",
        "总体情况",
        "1,234",
        "+23.4%",
        "+2.2 个百分点",
        "湖北省武汉市武昌区2",
        "说明",
        "按登记时间统计。",
        "第 1 页 / 共 1 页",
        "打印：2026-04-01 09:30",
    ):
        assert expected in text, expected


def test_every_font_is_embedded(pdf_fonts_embedded):
    fonts = pdf_fonts_embedded(render(_report(), io.BytesIO()))
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name or "STSong" in name for name in fonts)


def test_rare_characters_print_from_the_fallback_font(pdf_text, pdf_fonts_embedded):
    if get_chain("plain").font_for(EXT_B) is None:
        pytest.skip("no CJK Ext-B font")
    pdf = render(_report(location=f"张{EXT_B}村"), io.BytesIO())
    assert f"张{EXT_B}村0" in pdf_text(pdf)
    fonts = pdf_fonts_embedded(pdf)
    assert len(fonts) >= 2 and all(fonts.values())


def test_a4_portrait_and_many_pages(page_sizes_mm, pdf_text):
    pdf = render(_report(rows=120), io.BytesIO())
    sizes = page_sizes_mm(pdf)
    assert len(sizes) >= 3
    assert set(sizes) == {(210.0, 297.0)}
    text = pdf_text(pdf, page=1)
    assert "信访工作统计表（续）" in text and "项目" in text  # header row repeated on every page
    assert f"第 2 页 / 共 {len(sizes)} 页" in text


def test_same_input_same_bytes(tmp_path):
    first = render(_report(), io.BytesIO())
    path = tmp_path / "stats.pdf"
    assert render(_report(), path) == first == path.read_bytes()


def test_qpdf_check(qpdf_check):
    assert "No syntax or stream encoding errors" in qpdf_check(render(_report(rows=60), io.BytesIO()))


def test_the_service_report_prints(services, sample_registration, pdf_text, pdf_fonts_embedded):
    """From the ledger to paper: a real report through services.statistics.write_pdf."""
    from reception.services.statistics import write_pdf

    services.ledger.clock = lambda: datetime(2026, 4, 1, 12, 0)
    for when, channel in (("2026-03-02T09:00", "visit"), ("2026-03-03T10:00", "letter"), ("2025-03-05T09:00", "visit")):
        services.ledger.register(sample_registration(received_at=when, channel=channel), actor=admin("李四"))
    report = services.stats.report(date(2026, 3, 1), date(2026, 3, 31))
    pdf = write_pdf(report, io.BytesIO(), agency_name="××市公安局", printed_at=datetime(2026, 4, 1, 12, 0))
    text = pdf_text(pdf)
    assert "2026年3月1日至2026年3月31日" in text and "2025年3月1日至2025年3月31日" in text
    assert "2026年2月1日至2026年2月28日" in text
    lines = [line.strip() for line in text.splitlines()]
    row = lines.index("件次")  # one cell a line: 本期, 同比期, 同比增减, 环比期, 环比增减
    assert lines[row + 1 : row + 6] == ["2", "1", "+100.0%", "0", "—"]
    assert "信访形式（件次）" in text and "来访" in text and "来信" in text
    assert all(pdf_fonts_embedded(pdf).values())
