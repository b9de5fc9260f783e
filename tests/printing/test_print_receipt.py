"""The 登记回执 drawn straight on the canvas: every text it lists is printed and extractable, nothing leaves the
paper's text block, the roll is as long as its content, the 补打 mark, the QR code beside the query code."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from PIL import Image
from reportlab.lib.units import mm

from reception.printing import qr_payload, render
from reception.printing.documents import receipt
from reception.printing.styles import RECEIPT_80MM, RECEIPT_A5
from tests.actors import ADMIN
from tests.printing.test_print_layout import EXT_B, job, matter

LONG = "".join(
    f"第{i}段：信访人张{EXT_B}反映，其于某年某月某日在××路与喆堃公司发生纠纷（涉及金额{i * 137}元），"
    "“多次协商未果”，要求依法处理；"
    for i in range(1, 30)
)
PAPERS = {"receipt": "A5", "receipt-80mm": "80mm"}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


UUID = "7bd16460-8af3-4eff-83d1-1d48d8a114b7"  # query code R5XW9HHT: the same receipt in every run
UUID_J = "00000000-0000-0000-0000-00000000e9d3"  # query code JYF6FYHE: a J hangs left of its advance


def _fixed(m, uuid: str = UUID):
    m.uuid = uuid
    return m


def jobs():
    """A plain receipt, a reprint, a long summary for a group with a long agency name, and one with the least."""
    return {
        "plain": job(_fixed(matter()), window="1", agency_phone="010-12345678"),
        "reprint": job(
            _fixed(matter()),
            window="1",
            reprint=True,
            reprint_count=2,
            reprinted_at=datetime(2026, 3, 6, 8, 0),
            reprinted_by="王堃",
        ),
        "long": job(
            _fixed(matter(summary=LONG, headcount=5)),
            window="第三接待室（集体访）",
            agency_name="××省××市公安局信访办公室（人民来访接待中心）",
            agency_phone="010-12345678",
        ),
        "least": job(_fixed(matter(persons=[{"name": "李四"}], summary="短")), notify_due=None),
    }


@pytest.mark.parametrize("kind", PAPERS)
@pytest.mark.parametrize("case", ["plain", "reprint", "long", "least"])
def test_every_listed_text_is_printed(kind, case, pdf_text):
    """``texts`` is what the fonts are checked against and what ``reception bench`` draws as the floor."""
    j = jobs()[case]
    flat = _squash(pdf_text(render(kind, j, io.BytesIO())))
    listed = receipt.texts(j, PAPERS[kind])
    for text in listed:
        assert _squash(text) in flat, text
    assert receipt.TITLE in listed and j.query_code in "".join(listed)
    if j.reprint:
        assert "补打" in flat and "第2次补打" in flat


@pytest.mark.parametrize("kind", PAPERS)
def test_same_reprint_gives_the_same_bytes(kind):
    m = matter()

    def reprint():
        return job(m, reprint=True, reprint_count=1, reprinted_at=datetime(2026, 3, 6, 8, 0), reprinted_by="王堃")

    assert render(kind, reprint(), io.BytesIO()) == render(kind, reprint(), io.BytesIO())


def _ink_box(png) -> tuple[int, int, int, int] | None:
    with Image.open(png) as img:
        return img.convert("L").point(lambda v: 255 if v < 160 else 0).getbbox()


@pytest.mark.parametrize("case", ["plain", "long", "least"])
def test_a5_stays_inside_its_text_block(case, render_png, page_sizes_mm):
    pdf = render("receipt", jobs()[case], io.BytesIO())
    assert page_sizes_mm(pdf) == [(148.0, 210.0)]
    dpi = 100
    left, top, right, bottom = _ink_box(render_png(pdf, 0, dpi))
    px = dpi / 25.4
    block = RECEIPT_A5
    assert left >= block.left / mm * px - 2 and right <= (block.left + block.width) / mm * px + 2
    assert top >= block.top / mm * px - 2 and bottom <= (block.top + block.height) / mm * px + 2


def test_a_query_code_beginning_with_j_stays_within_a_millimetre_of_the_block(render_png):
    """The large query code's J hooks left of its advance (0.76 mm at this size): into the 15 mm margin, never
    near the paper's edge."""
    pdf = render("receipt", job(_fixed(matter(), UUID_J)), io.BytesIO())
    dpi = 100
    left = _ink_box(render_png(pdf, 0, dpi))[0]
    assert RECEIPT_A5.left / mm - 1.0 <= left * 25.4 / dpi


def test_a5_reprint_mark_is_in_the_top_margin(render_png):
    pdf = render("receipt", jobs()["reprint"], io.BytesIO())
    with Image.open(render_png(pdf, 0, 100)) as img:
        margin = img.convert("L").crop((0, 0, img.width, int(RECEIPT_A5.top / mm * 100 / 25.4) - 1))
        assert margin.point(lambda v: 255 if v < 160 else 0).getbbox() is not None


@pytest.mark.parametrize("case", ["plain", "reprint", "long"])
def test_the_roll_is_as_long_as_its_content(case, render_png, page_sizes_mm):
    pdf = render("receipt-80mm", jobs()[case], io.BytesIO())
    [(width, height)] = page_sizes_mm(pdf)
    assert width == 80.0
    dpi = 100
    left, top, right, bottom = _ink_box(render_png(pdf, 0, dpi))
    px = dpi / 25.4
    assert left >= RECEIPT_80MM.left / mm * px - 2 and right <= (RECEIPT_80MM.left + RECEIPT_80MM.width) / mm * px + 2
    assert top <= 8 * px  # content starts at the top ...
    assert 4 * px <= height * px - bottom <= 9 * px  # ... and the paper is cut 6 mm below the last line


def test_a_long_summary_makes_a_longer_roll(page_sizes_mm):
    short = page_sizes_mm(render("receipt-80mm", jobs()["least"], io.BytesIO()))[0][1]
    long = page_sizes_mm(render("receipt-80mm", jobs()["long"], io.BytesIO()))[0][1]
    assert long > short + 10


@pytest.mark.parametrize("paper", ["A5", "80mm"])
def test_layout_lines_do_not_collide(paper):
    """Lines of one column go down the page; on A5 the column left of the QR code stays clear of it."""
    j = jobs()["long"]
    p = receipt._paper(paper)
    sheet = receipt._lay_out(j, receipt._content(j, paper), p)
    assert sheet.qr is not None
    qr_x, qr_top, side, modules = sheet.qr
    assert modules == receipt.qr_rows(qr_payload(j.matter.number, j.query_code))
    right = p.block.left + p.block.width
    for x, depth, size, line in sheet.lines:
        assert p.block.left - 0.01 <= x and x + line.width <= right + 0.01, line.text
        if paper == "A5" and qr_top <= depth - size and depth <= qr_top + side:
            assert x + line.width <= qr_x, line.text
    columns: dict[float, list[float]] = {}
    for x, depth, _, _ in sheet.lines:
        columns.setdefault(round(x), []).append(depth)
    for depths in columns.values():
        assert depths == sorted(depths)


def test_next_steps_name_the_notice_date_or_the_default():
    m = matter()
    assert "于2026年3月17日前书面告知" in receipt.next_steps(job(m))
    assert "在15日内书面告知" in receipt.next_steps(job(m, notify_due=None))
    decided = job(m, extra={"notified_at": datetime(2026, 3, 9, 10, 0).isoformat()})
    assert "本事项已于2026年3月9日作出处理决定" in receipt.next_steps(decided)
    assert receipt.window_label("3") == "3号窗口" and receipt.window_label("第三接待室") == "第三接待室"


def test_bench_floor_draws_the_receipts_texts(services, sample_registration, monkeypatch):
    """``reception bench`` times the receipt against a bare canvas drawing :func:`receipt.texts` of the same job."""
    from reportlab.pdfgen import canvas as rl_canvas

    from reception.services.documents import bench_receipt

    services.ledger.register(sample_registration(name=f"张{EXT_B}"), actor=ADMIN)
    drawn: list[str] = []
    real = rl_canvas.Canvas.drawString

    def spy(self, x, y, text, *args, **kwargs):
        drawn.append(text)
        return real(self, x, y, text, *args, **kwargs)

    monkeypatch.setattr(rl_canvas.Canvas, "drawString", spy)
    ours, floor = bench_receipt(services, repeat=1)
    assert ours > 0 and floor > 0
    number = services.store.execute("SELECT number FROM matter ORDER BY id DESC LIMIT 1").fetchone()[0]
    flat = "".join(drawn)
    assert number in flat and EXT_B in flat and receipt.DISCLAIMER in flat and "查询码" in flat
