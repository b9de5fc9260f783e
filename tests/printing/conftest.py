"""Fixtures that read printed PDFs back: text, embedded fonts, structure, page sizes, QR codes.

Each fixture returns a function taking the PDF as bytes or a path.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

MM_PER_PT = 25.4 / 72


def _as_bytes(pdf) -> bytes:
    if isinstance(pdf, (bytes, bytearray)):
        return bytes(pdf)
    return Path(pdf).read_bytes()


def _reader(pdf):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(_as_bytes(pdf)))


def _as_file(pdf, tmp_path: Path) -> Path:
    if isinstance(pdf, (bytes, bytearray)):
        p = tmp_path / f"doc-{len(list(tmp_path.glob('doc-*.pdf')))}.pdf"
        p.write_bytes(pdf)
        return p
    return Path(pdf)


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.skip(f"{tool} not installed (Debian: poppler-utils / qpdf)")
    return path


@pytest.fixture
def pdf_text():
    """pdf_text(pdf, page=None) -> text extracted by pypdf (all pages joined by a form feed)."""

    def extract(pdf, page: int | None = None) -> str:
        pages = _reader(pdf).pages
        if page is not None:
            return pages[page].extract_text()
        return "\f".join(p.extract_text() for p in pages)

    return extract


def _font_dicts(reader):
    """Every font dictionary reachable from the pages' resources (incl. form XObjects)."""
    seen: dict[int, object] = {}

    def walk(resources):
        if resources is None:
            return
        resources = resources.get_object()
        fonts = resources.get("/Font")
        if fonts is not None:
            for ref in fonts.get_object().values():
                font = ref.get_object()
                seen.setdefault(id(font), font)
        xobjects = resources.get("/XObject")
        if xobjects is not None:
            for ref in xobjects.get_object().values():
                xo = ref.get_object()
                if xo.get("/Subtype") == "/Form":
                    walk(xo.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return list(seen.values())


@pytest.fixture
def pdf_fonts_embedded():
    """pdf_fonts_embedded(pdf) -> {BaseFont: embedded?}; a Type0 font counts through its
    DescendantFonts; embedded means the descriptor has FontFile2 (TrueType) or FontFile/FontFile3."""

    def check(pdf) -> dict[str, bool]:
        out: dict[str, bool] = {}
        for font in _font_dicts(_reader(pdf)):
            name = str(font.get("/BaseFont"))
            targets = [d.get_object() for d in font["/DescendantFonts"]] if font.get("/Subtype") == "/Type0" else [font]
            embedded = True
            for t in targets:
                desc = t.get("/FontDescriptor")
                desc = desc.get_object() if desc is not None else {}
                embedded &= any(k in desc for k in ("/FontFile2", "/FontFile", "/FontFile3"))
            out[name] = embedded
        return out

    return check


@pytest.fixture
def pdf_tounicode_cmaps():
    """pdf_tounicode_cmaps(pdf) -> [decoded ToUnicode CMap stream bytes] of every font."""

    def cmaps(pdf) -> list[bytes]:
        return [f["/ToUnicode"].get_object().get_data() for f in _font_dicts(_reader(pdf)) if "/ToUnicode" in f]

    return cmaps


@pytest.fixture
def qpdf_check(tmp_path):
    """qpdf_check(pdf) -> qpdf's report; fails the test unless `qpdf --check` exits 0 (no warnings)."""
    qpdf = _need("qpdf")

    def check(pdf) -> str:
        path = _as_file(pdf, tmp_path)
        r = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True, check=False)
        report = r.stdout + r.stderr
        assert r.returncode == 0, f"qpdf --check exited {r.returncode}:\n{report}"
        return report

    return check


@pytest.fixture
def page_sizes_mm():
    """page_sizes_mm(pdf) -> [(width, height)] in mm, rounded to 0.1 mm, rotation applied."""

    def sizes(pdf) -> list[tuple[float, float]]:
        out = []
        for page in _reader(pdf).pages:
            w, h = float(page.mediabox.width), float(page.mediabox.height)
            if (page.get("/Rotate") or 0) % 180:
                w, h = h, w
            out.append((round(w * MM_PER_PT, 1), round(h * MM_PER_PT, 1)))
        return out

    return sizes


@pytest.fixture
def render_png(tmp_path):
    """render_png(pdf, page=0, dpi=200) -> Path of the page rendered by pdftoppm."""
    pdftoppm = _need("pdftoppm")

    def render(pdf, page: int = 0, dpi: int = 200) -> Path:
        path = _as_file(pdf, tmp_path)
        stem = tmp_path / f"{path.stem}-p{page}-{dpi}"
        subprocess.run(
            [
                pdftoppm,
                "-r",
                str(dpi),
                "-png",
                "-singlefile",
                "-f",
                str(page + 1),
                "-l",
                str(page + 1),
                str(path),
                str(stem),
            ],
            check=True,
            capture_output=True,
        )
        return stem.with_suffix(".png")

    return render


@pytest.fixture
def decode_qr_from_pdf(render_png):
    """decode_qr_from_pdf(pdf, page=0) -> [text of each QR code found on the page rendered at 200 dpi]."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    def decode(pdf, page: int = 0) -> list[str]:
        with Image.open(render_png(pdf, page, 200)) as img:
            results = zxingcpp.read_barcodes(img.convert("L"))
        return [r.text for r in results if r.format == zxingcpp.BarcodeFormat.QRCode]

    return decode


@pytest.fixture
def build_pdf():
    """build_pdf(flowables, block=NOTICE_A4, **doc_kwargs) -> PDF bytes laid out in the block's frame,
    with the canvas settings every document uses (fonts.canvas_kwargs)."""
    from reportlab.platypus import SimpleDocTemplate

    from reception.printing.fonts import canvas_kwargs
    from reception.printing.styles import NOTICE_A4

    def build(flowables, block=NOTICE_A4, **kw) -> bytes:
        buf = io.BytesIO()
        kw = {**canvas_kwargs(), **kw}
        doc = SimpleDocTemplate(
            buf,
            pagesize=block.page,
            leftMargin=block.left,
            rightMargin=block.right,
            topMargin=block.top,
            bottomMargin=block.bottom,
            title="test",
            author="test",
            **kw,
        )
        doc.build(list(flowables))
        return buf.getvalue()

    return build
