"""Chinese line breaking: no line starts with 。，、；：？！）」』 (and friends), none ends with （「『《“."""

from __future__ import annotations

import itertools
import random

import pytest
from reportlab.lib import textsplit
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as rl_paragraph

from reception.printing import patches
from reception.printing.linebreak import NO_LINE_END, NO_LINE_START, can_break, choose_break
from reception.printing.styles import notice_styles, paragraph, receipt_styles

MUST_NOT_START = "。，、；：？！）」』》〉】〕”’"
MUST_NOT_END = "（「『《〈【〔“‘"

SAMPLE = (
    "你于2026年3月2日提出的信访事项，经审查，符合《信访工作条例》第三十一条的规定，本机关决定予以受理。"
    "他说：“事情已经处理完毕。”（见附件）。来访人称：“我已经反映过三次了！”为什么？请在十五日内——最迟三月"
    "二十日——到本机关信访接待室（地点：××路1号）领取答复意见书……如有疑问，请拨打电话010-12345678。"
    "「问题一」、「问题二」；『附件』：身份证号110105194912310021，《告知书》一份。"
)


def line_texts(p: Paragraph, width: float) -> list[str]:
    p.wrap(width, 1e6)
    bl = p.blPara
    if bl.kind == 0:
        return ["".join(line[1]) for line in bl.lines]
    return ["".join(w.text for w in line.words) for line in bl.lines]


def line_extra_space(p: Paragraph) -> list[float]:
    bl = p.blPara
    return [line[0] for line in bl.lines] if bl.kind == 0 else [line.extraSpace for line in bl.lines]


def assert_rules(lines: list[str], source: str):
    assert "".join(lines).replace(" ", "") == source.replace(" ", ""), "characters lost or reordered"
    for n, line in enumerate(lines):
        assert line, f"empty line {n}"
        if n:
            assert line[0] not in MUST_NOT_START, f"line {n} starts with {line[0]!r}: {lines}"
            assert not (line[0] in "—…" and lines[n - 1][-1] == line[0]), f"split {line[0] * 2}: {lines}"
        if n < len(lines) - 1:
            assert line[-1] not in MUST_NOT_END, f"line {n} ends with {line[-1]!r}: {lines}"


def widths(size: float):
    # 5 to 30 characters per line, in quarter-character steps
    return [size * k / 4 for k in range(20, 121)]


@pytest.mark.parametrize("multi_frag", [False, True], ids=["one-fragment", "several-fragments"])
def test_no_forbidden_line_start_or_end_at_any_width(multi_frag):
    style = notice_styles()["body_noindent"]
    text = SAMPLE.replace("受理", '<font color="#000001">受理</font>') if multi_frag else SAMPLE
    for width in widths(style.fontSize):
        p = Paragraph(text, style)
        lines = line_texts(p, width)
        assert p.blPara.kind == (1 if multi_frag else 0)
        assert_rules(lines, SAMPLE)
        assert min(line_extra_space(p)) > -0.01, f"a line overflows the block at width {width}"


def test_random_texts_with_dense_punctuation():
    rng = random.Random(20260302)
    style = receipt_styles("80mm")["body"]
    pool = "信访事项受理答复转送交办延期复查" * 3 + "。，、；：？！" * 2 + "（）「」『』《》“”" + "——……" + "AB12"
    for _ in range(300):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(5, 80)))
        for width in rng.sample(widths(style.fontSize), 5):
            p = Paragraph(text.replace("&", ""), style)
            lines = line_texts(p, width)
            # the rules hold wherever a legal break exists; a line of punctuation only may be forced
            for n in range(1, len(lines)):
                prev, line = lines[n - 1], lines[n]
                if not can_break(prev[-1], line[0]):
                    assert all(not can_break(a, b) for a, b in itertools.pairwise(prev)), (text, lines)


def test_reportlab_alone_starts_lines_with_a_fullwidth_comma(monkeypatch):
    # why the line-breaking patch exists: reportlab 5.1 does not know the Chinese comma
    monkeypatch.setattr(rl_paragraph, "cjkFragSplit", patches.ORIGINAL_CJK_FRAG_SPLIT)
    monkeypatch.setattr(textsplit, "dumbSplit", patches.ORIGINAL_DUMB_SPLIT)
    style = notice_styles()["body_noindent"]
    bad = []
    for width in widths(style.fontSize):
        bad += [ln for ln in line_texts(Paragraph(SAMPLE, style), width)[1:] if ln[0] in MUST_NOT_START]
    assert any(ln[0] == "，" for ln in bad)


def test_the_patch_is_installed_by_the_test_run_as_by_the_entries():
    assert patches.line_breaking_installed()
    assert rl_paragraph.cjkFragSplit is patches.cjk_frag_split


def test_rule_sets_cover_the_chinese_marks():
    assert set(MUST_NOT_START) <= NO_LINE_START
    assert set(MUST_NOT_END) <= NO_LINE_END


@pytest.mark.parametrize(
    "text, start, overflow, expected",
    [
        ("一二三四，五", 0, 4, 3),  # "，" would start the line: 四 goes with it
        ("一二三四。”五", 0, 4, 3),  # two closing marks: both move, with 四
        ("一二三（四五", 0, 4, 3),  # "（" would end the line: it moves on
        ("一二三——四", 0, 4, 3),  # the dash is not split
        ("一二三四五 6", 0, 5, 6),  # a space at the end stays on the line
        ("一二三四AB1234", 0, 8, 4),  # a Latin word starting in the second half moves whole
        ("一AB12345678", 0, 8, 8),  # ... but not if it started in the first half
        ("接待室电话010-12345678", 0, 10, 5),  # a phone number is one word
        ("，，，，，，", 0, 4, 4),  # no legal break: break where it overflows
        ("一", 0, 0, 1),  # every line takes at least one character
    ],
)
def test_choose_break(text, start, overflow, expected):
    assert choose_break(text, start, overflow) == expected


def test_mixed_fonts_and_line_breaks_keep_working():
    style = notice_styles()["body"]
    p = paragraph("第一行，\n第二行。", style, linebreaks=True)
    assert line_texts(p, 400) == ["第一行，", "第二行。"]


def test_rendered_pdf_lines_obey_the_rules(build_pdf, pdf_text):
    st = notice_styles()
    pdf = build_pdf([paragraph(SAMPLE, st["body"]), paragraph(SAMPLE, receipt_styles("80mm")["body"])])
    lines = [ln.strip() for ln in pdf_text(pdf).splitlines() if ln.strip()]
    assert len(lines) > 10
    for line in lines[1:]:
        assert line[0] not in MUST_NOT_START, line
