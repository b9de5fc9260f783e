"""Text set straight on the canvas (the receipts): the same lines as a ``wordWrap='CJK'`` Paragraph of the same
style, the same fonts per character as the font chain, widths as reportlab measures them."""

from __future__ import annotations

import io
import random

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from reception.printing.fonts import BUNDLED, BUNDLED_EXT, get_chain
from reception.printing.linebreak import break_lines
from reception.printing.patches import dumb_split
from reception.printing.styles import paragraph, receipt_styles
from reception.printing.typeset import draw_lines, typesetter
from tests.printing.test_print_linebreak import MUST_NOT_START, SAMPLE, assert_rules, line_texts

EXT_B = "\U0002020c"  # 𠈌


def paragraph_lines(text: str, size_style: str, width: float) -> list[str]:
    style = receipt_styles("A5")[size_style]
    return [line.strip() for line in line_texts(paragraph(text, style), width)]


def set_lines(text: str, size_style: str, width: float) -> list[str]:
    size = receipt_styles("A5")[size_style].fontSize
    return [line.text for line in typesetter("plain").wrap(text, size, width)]


TEXTS = [
    SAMPLE,
    f"信访人{EXT_B}反映，其于某年某月某日在××路与喆堃公司发生纠纷（涉及金额1370元），“多次协商未果”，要求依法处理；",
    (
        "本机关将依照《信访工作条例》第二十三条的规定，于2026年3月17日前书面告知您是否受理；不属于本机关处理的，"
        "告知转送去向或者应当向哪个机关提出。"
    ),
    "凭信访编号和查询码，可到接待窗口或致电010-12345678查询办理进展。",
    "Reported at 10:30, ID 110105194912310021, phone 010-12345678, see http://example.org/a/b.",
    "反映  其\t与邻居\n因宅基地 边界问题",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("size_style", ["body", "small"])
def test_lines_are_the_paragraphs_lines(text, size_style):
    size = receipt_styles("A5")[size_style].fontSize
    for width in [size * k / 4 for k in range(24, 121, 7)]:
        assert set_lines(text, size_style, width) == paragraph_lines(text, size_style, width), width


def test_random_texts_break_like_paragraphs():
    rng = random.Random(20261128)
    pool = (
        "信访事项受理答复转送交办延期复查" * 3 + "。，、；：？！" * 2 + "（）「」『』《》“”" + "——……" + "AB12 " + EXT_B
    )
    for _ in range(150):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(5, 90))).strip()
        width = rng.uniform(60, 300)
        assert set_lines(text, "body", width) == paragraph_lines(text, "body", width), (text, width)


def test_chinese_rules_hold_and_lines_fit():
    ts = typesetter("plain")
    for width in range(80, 400, 13):
        lines = ts.wrap(SAMPLE, 11, width)
        assert_rules([line.text for line in lines], SAMPLE)
        assert all(line.width <= width + 1e-6 for line in lines)
        assert all(line.text[0] not in MUST_NOT_START for line in lines[1:])


def test_runs_follow_the_font_chain_and_widths_are_reportlabs():
    ts = typesetter("plain")
    chain = get_chain("plain")
    text = f"张{EXT_B}等3人 ID\u200b110105"  # a zero-width space is dropped, as FontChain.runs drops it
    line = ts.line(text, 11)
    assert list(line.runs) == chain.runs(text)
    if chain.font_for(EXT_B) == BUNDLED_EXT:
        assert line.runs[0] == (BUNDLED, "张") and line.runs[1] == (BUNDLED_EXT, EXT_B)
    assert line.width == pytest.approx(sum(stringWidth(run, font, 11) for font, run in line.runs))
    assert "\u200b" not in line.text


def test_empty_and_blank_text_set_no_lines():
    ts = typesetter("plain")
    assert ts.wrap("", 11, 100) == [] and ts.wrap(" \n\t", 11, 100) == []


def test_ideographic_space_is_kept_full_width():
    # a Paragraph collapses U+3000 (why layout.keep_ideographic_spaces exists); set text keeps the gap
    line = typesetter("plain").line("接待窗口：1号窗口\u3000接待人：刘喆", 11)
    assert "\u3000" in line.text
    assert line.width == pytest.approx(sum(stringWidth(r, f, 11) for f, r in line.runs))


def test_break_lines_is_dumb_split():
    rng = random.Random(7)
    pool = "信访事项受理答复。，、（）“”AB12 "
    for _ in range(200):
        word = "".join(rng.choice(pool) for _ in range(rng.randint(1, 60)))
        widths = [rng.choice([5.5, 11.0, 3.0]) for _ in word]
        width = rng.uniform(20, 200)
        ours = [word[a:b].strip() for a, b in break_lines(word, widths, width)]
        theirs = [line for _, line in dumb_split(word, widths, [width])]
        assert [w.strip() for w in theirs] == ours


def test_draw_lines_prints_extractable_text(pdf_text):
    buf = io.BytesIO()
    canvas = Canvas(buf)
    ts = typesetter("plain")
    lines = ts.wrap(f"信访人张{EXT_B}反映邻里纠纷。", 11, 60)
    draw_lines(canvas, [(50, 700 - 16 * i, 11, line) for i, line in enumerate(lines)])
    canvas.showPage()
    canvas.save()
    assert "".join(pdf_text(buf.getvalue()).split()) == f"信访人张{EXT_B}反映邻里纠纷。"
