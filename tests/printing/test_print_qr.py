"""QR codes: :func:`qr_rows` is the ``qrcode`` package's symbol module for module (same data encoding, same
mask choice), and :func:`draw_qr` draws it so that a scanner reads it back."""

from __future__ import annotations

import random
import re

import pytest
import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from reportlab.lib.units import mm

from reception.printing import qr_payload
from reception.printing.layout import QRCode, draw_qr
from reception.printing.qr import qr_rows
from reception.printing.styles import RECEIPT_80MM

LEVELS = [ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H]


def reference(data: str, level: int = ERROR_CORRECT_M, border: int = 4) -> tuple[tuple[str, ...], int]:
    """What the receipt used to draw: qrcode's own matrix, as rows of 0/1, and the version."""
    q = qrcode.QRCode(error_correction=level, border=border, box_size=1)
    q.add_data(data.encode("utf-8"))
    q.make(fit=True)
    return tuple("".join("1" if m else "0" for m in row) for row in q.get_matrix()), q.version


def test_the_receipt_payload_is_qrcodes_symbol():
    for n in range(1, 60):
        data = qr_payload(f"2026-{n % 12 + 1:02d}-{n * 7919 % 1_000_000:06d}", f"Q{n:07d}"[:8])
        rows, _ = reference(data)
        assert qr_rows(data) == rows, data


@pytest.mark.parametrize("level", LEVELS)
def test_every_level_mode_and_size_is_qrcodes_symbol(level):
    """Byte, alphanumeric and numeric chunks (qrcode splits runs of 20 or more), Chinese in UTF-8, and
    versions up to 7 and beyond, where the symbol also carries version information."""
    rng = random.Random(level)
    alphabets = ["0123456789", "0123456789ABCDEFXYZ $%*+-./:", "abc|xyz张𠈌"]
    versions = set()
    for _ in range(60):
        data = "".join(
            "".join(rng.choice(rng.choice(alphabets)) for _ in range(rng.randint(1, 45)))
            for _ in range(rng.randint(1, 4))
        )
        rows, version = reference(data, level)
        versions.add(version)
        assert qr_rows(data, error_correction=level) == rows, data
    assert max(versions) >= 7


def test_quiet_zone_and_shape():
    rows = qr_rows("XF|2026-01-000001|ABCDEFGH", border=4)
    n = len(rows)
    assert n == 33 and all(len(r) == n for r in rows)  # version 2: 25 modules, 4 each side
    assert set("".join(rows[:4] + rows[-4:])) == {"0"}
    assert all(r[:4] == "0000" and r[-4:] == "0000" for r in rows)
    assert rows[4][4:11] == "1111111"  # the top-left finder pattern
    assert qr_rows("x", border=0)[0][:7] == "1111111"


def test_drawn_code_scans(build_pdf, decode_qr_from_pdf):
    from reportlab.platypus import Spacer

    data = "XF|2026-01-000042|QGDK0MGW"
    pdf = build_pdf([Spacer(1, 20), QRCode(data, 30 * mm)], RECEIPT_80MM)
    assert decode_qr_from_pdf(pdf) == [data]


def test_draw_qr_fills_merged_runs_in_module_units():
    import io

    from reportlab.pdfgen.canvas import Canvas

    rows = qr_rows("XF|2026-01-000042|QGDK0MGW")
    canvas = Canvas(io.BytesIO())
    draw_qr(canvas, 10, 10, 90, rows)
    code = "\n".join(canvas._code)  # the page stream so far
    rects = [tuple(map(int, m)) for m in re.findall(r"(\d+) (\d+) (\d+) (\d+) re f", code)]
    runs = sum(len([r for r in row.split("0") if r]) for row in rows)
    assert 0 < len(rects) < runs  # runs repeated in the rows below are one rectangle
    assert code.count(" re") == len(rects)  # each filled on its own (viewers snap lone rectangles to pixels)
    n = len(rows)
    drawn = {(x + i, n - 1 - (y + j)) for x, y, w, h in rects for i in range(w) for j in range(h)}
    dark = {(c, r) for r, row in enumerate(rows) for c, m in enumerate(row) if m == "1"}
    assert drawn == dark and sum(w * h for _, _, w, h in rects) == len(dark)  # each dark module once
