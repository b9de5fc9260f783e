"""Characters beyond U+FFFF (𠈌) must extract from the PDF as themselves: reportlab's ToUnicode fix."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from reportlab.pdfbase import ttfonts
from reportlab.pdfgen import canvas

from reception.printing import patches
from reception.printing.fonts import get_chain
from reception.printing.styles import notice_styles, paragraph

EXT_B = "\U0002020c"  # 𠈌
DESERET = "\U00010400"  # 𐐀: beyond the BMP and in the bundled font, so this runs on every machine
NAMES = f"张{EXT_B} 李喆 王堃 赵昇 钱犇"
PLAIN = "信访人反映的问题已经受理，请于十五日内等候答复。"


def _canvas_pdf(text: str, font: str) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont(font, 16)
    c.drawString(72, 720, text)
    c.save()
    return buf.getvalue()


def _ext_b_font() -> str:
    font = get_chain("body").font_for(EXT_B)
    if font is None:
        pytest.skip("no CJK Ext-B font on this machine (Debian: fonts-arphic-uming; Windows: SimSun-ExtB)")
    return font


def test_patch_is_installed_by_the_test_run_as_by_the_entries():
    assert patches.to_unicode_installed() or patches.reportlab_is_fixed()


def test_utf16_hex():
    assert patches.utf16_hex(0x4FE1) == "4FE1"
    assert patches.utf16_hex(0x41) == "0041"
    assert patches.utf16_hex(0x2020C) == "D840DE0C"
    assert patches.utf16_hex(0x10400) == "D801DC00"
    assert patches.utf16_hex(0x10FFFD) == "DBFFDFFD"
    for cp in (0x10000, 0x2020C, 0x10FFFF):
        assert bytes.fromhex(patches.utf16_hex(cp)).decode("utf-16-be") == chr(cp)


def test_reportlab_51_has_the_bug_and_the_fix_is_otherwise_byte_identical():
    original = patches.ORIGINAL_TO_UNICODE_CMAP
    if patches.reportlab_is_fixed():
        pytest.skip("this reportlab writes surrogate pairs itself; the patch is not applied")
    assert "<01> <2020C>" in original("X", [0, 0x2020C])  # odd-length hex: invalid
    assert "<01> <D840DE0C>" in patches.make_to_unicode_cmap("X", [0, 0x2020C])
    bmp = [0] * 32 + list(range(0x20, 0x7F)) + [0x4FE1, 0x8BBF, 0x3002, 0xFF0C, 0xFFFD]
    assert original("AAAAAA+Font", bmp) == patches.make_to_unicode_cmap("AAAAAA+Font", bmp)


def test_raw_cmap_of_a_bundled_font_has_the_surrogate_pair(pdf_tounicode_cmaps, pdf_text):
    pdf = _canvas_pdf(f"A{DESERET}信", get_chain("plain").primary)
    cmaps = b"".join(pdf_tounicode_cmaps(pdf))
    assert b"<D801DC00>" in cmaps
    assert pdf_text(pdf).strip() == f"A{DESERET}信"


def test_raw_cmap_has_the_surrogate_pair_for_ext_b(pdf_tounicode_cmaps):
    pdf = _canvas_pdf(NAMES, _ext_b_font())
    cmaps = b"".join(pdf_tounicode_cmaps(pdf))
    assert b"<D840DE0C>" in cmaps
    assert b"<2020C>" not in cmaps


def test_without_the_fix_ext_b_does_not_extract(monkeypatch, pdf_text):
    font = _ext_b_font()
    if patches.reportlab_is_fixed():
        pytest.skip("this reportlab writes surrogate pairs itself")
    monkeypatch.setattr(ttfonts, "makeToUnicodeCMap", patches.ORIGINAL_TO_UNICODE_CMAP)
    assert EXT_B not in pdf_text(_canvas_pdf(NAMES, font))


def test_names_with_ext_b_extract_exactly_from_a_notice(build_pdf, pdf_text):
    _ext_b_font()
    st = notice_styles()
    pdf = build_pdf([paragraph(NAMES, st["body_noindent"]), paragraph(PLAIN, st["body_noindent"])])
    lines = [line.strip() for line in pdf_text(pdf).splitlines()]
    assert lines == [NAMES, PLAIN]


def test_poppler_extracts_ext_b_too(build_pdf, tmp_path):
    _ext_b_font()
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext not installed (poppler-utils)")
    path = tmp_path / "names.pdf"
    path.write_bytes(build_pdf([paragraph(NAMES, notice_styles()["body_noindent"])]))
    out = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert NAMES in out
