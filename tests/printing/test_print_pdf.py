"""A notice-like PDF: text round trip, every font embedded, valid structure, page size, QR fixture."""

from __future__ import annotations

import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from reception.printing.fonts import get_chain
from reception.printing.styles import (
    LEDGER_A4,
    NOTICE_A4,
    RECEIPT_80MM,
    ledger_styles,
    notice_styles,
    paragraph,
    receipt_styles,
)

EXT_B = "\U0002020c"
RARE = "喆堃昇犇"
TEXT = "信访人张三反映的问题，本机关已经受理。"


def notice(names: str):
    st = notice_styles()
    return [
        paragraph("××市公安局", st["agency"]),
        paragraph("受理告知书", st["title"]),
        paragraph("××公（信）受〔2026〕17号", st["docno"]),
        paragraph(f"{names}：", st["salutation"]),
        paragraph(TEXT, st["body"]),
        paragraph("××市公安局", st["signature"]),
        paragraph("2026年3月5日", st["date"]),
    ]


@pytest.fixture
def names():
    if get_chain("body").font_for(EXT_B) is None:
        pytest.skip("no CJK Ext-B font on this machine (Debian: fonts-arphic-uming; Windows: SimSun-ExtB)")
    return f"张{EXT_B}、{RARE}"


def test_notice_text_extracts_exactly(build_pdf, pdf_text, names):
    lines = [ln.strip() for ln in pdf_text(build_pdf(notice(names))).splitlines()]
    assert lines == [
        "××市公安局",
        "受理告知书",
        "××公（信）受〔2026〕17号",
        f"{names}：",
        TEXT,
        "××市公安局",
        "2026年3月5日",
    ]


def test_every_font_is_embedded_and_none_is_a_cid_font(build_pdf, pdf_fonts_embedded, names):
    fonts = pdf_fonts_embedded(build_pdf(notice(names)))
    # The primary face and the Ext-B fallback; the full AR PL UMing (Linux) covers Ext-B itself.
    assert len(fonts) >= (1 if get_chain("body").primary == "UMingCN" else 2)
    assert all(fonts.values()), fonts
    assert not any("STSong" in name for name in fonts)


def test_without_canvas_kwargs_reportlab_lists_helvetica_unembedded(build_pdf, pdf_fonts_embedded):
    # why fonts.canvas_kwargs exists
    fonts = pdf_fonts_embedded(build_pdf([paragraph(TEXT, notice_styles()["body"])], initialFontName=None))
    assert fonts.get("/Helvetica") is False


def test_qpdf_check_passes(build_pdf, qpdf_check, names):
    report = qpdf_check(build_pdf(notice(names)))
    assert "No syntax or stream encoding errors" in report


@pytest.mark.parametrize(
    "block, size",
    [
        (NOTICE_A4, (210.0, 297.0)),
        (LEDGER_A4, (297.0, 210.0)),
        (RECEIPT_80MM, (80.0, 200.0)),
    ],
)
def test_page_sizes(build_pdf, page_sizes_mm, block, size):
    assert page_sizes_mm(build_pdf([paragraph(TEXT, ledger_styles()["cell"])], block)) == [size]


def test_notice_block_is_the_official_format():
    assert (NOTICE_A4.left, NOTICE_A4.top) == pytest.approx((30 * mm, 35 * mm))
    assert (NOTICE_A4.width, NOTICE_A4.height) == pytest.approx((150 * mm, 230 * mm))
    assert NOTICE_A4.right == pytest.approx(30 * mm) and NOTICE_A4.bottom == pytest.approx(32 * mm)


def test_style_sizes():
    st = notice_styles()
    assert (st["agency"].fontSize, st["title"].fontSize, st["body"].fontSize) == (15, 18, 16)
    assert st["body"].leading == pytest.approx(24)
    assert st["body"].fontName == get_chain("body").primary
    assert st["title"].fontName == get_chain("title").primary
    for styles in (st, receipt_styles("80mm"), receipt_styles("A5"), ledger_styles()):
        for s in styles.values():
            assert s.wordWrap == "CJK"
            assert s.leading == pytest.approx(s.fontSize * 1.5)
    assert receipt_styles()["body"].fontName == get_chain("plain").primary
    with pytest.raises(ValueError):
        receipt_styles("A3")


class _QR(Flowable):
    """A QR code drawn from the qrcode matrix, as the receipt will."""

    def __init__(self, data: str, size: float = 30 * mm):
        super().__init__()
        import qrcode

        qr = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
        qr.add_data(data)
        self.matrix = qr.get_matrix()
        self.width = self.height = size

    def draw(self):
        n = len(self.matrix)
        cell = self.width / n
        self.canv.setFillColorRGB(0, 0, 0)
        for r, row in enumerate(self.matrix):
            for c, dark in enumerate(row):
                if dark:
                    self.canv.rect(c * cell, self.height - (r + 1) * cell, cell, cell, stroke=0, fill=1)


def test_decode_qr_fixture_reads_a_drawn_qr(build_pdf, decode_qr_from_pdf):
    code = "XF-110105-2026-000017-7K3Q"
    st = receipt_styles("80mm")
    pdf = build_pdf([paragraph("登记回执", st["title"]), _QR(code)], RECEIPT_80MM)
    assert decode_qr_from_pdf(pdf) == [code]
