"""Fix reportlab's ToUnicode CMap for characters outside the BMP (e.g. 𠈌 U+2020C).

The bug
-------
reportlab embeds a TrueType font as 8-bit subsets (``PDFTrueTypeFont``) and gives each subset a
ToUnicode CMap so that text can be copied, searched and extracted from the PDF.
``reportlab.pdfbase.ttfonts.makeToUnicodeCMap`` (reportlab 3.x to 5.1 at least) writes each entry as::

    "<%02X> <%04X>" % (code, unicode_code_point)

For a code point above U+FFFF this gives five or six hex digits, ``<02> <2020C>``. A bfchar
destination is a UTF-16BE string, so readers see an odd-length hex string: pypdf drops the
character ("Odd-length string"), poppler's pdftotext reads ``<2020>`` and extracts † (U+2020)
instead of 𠈌. The glyph prints correctly; only copy/search/extraction is wrong — which matters to
an office whose archive and search rely on the text of the PDF (rare name characters are exactly the
ones in Ext-B).

The fix
-------
Write the destination as UTF-16BE, i.e. as a surrogate pair for code points above U+FFFF
(PDF 32000-1:2008, 9.10.3; Adobe Technical Note #5411)::

    <02> <D840DE0C>

Code points in the BMP are written exactly as before, so the output for BMP-only subsets is
byte-identical to reportlab's. Upstream patch (reportlab/pdfbase/ttfonts.py, makeToUnicodeCMap)::

    -        ] + ["<%02X> <%04X>" % (i,v) for i,v in enumerate(subset)] + [
    +        ] + ["<%02X> <%s>" % (i,_utf16hex(v)) for i,v in enumerate(subset)] + [

    +def _utf16hex(v):
    +    "UTF-16BE hex of a code point: 4 digits in the BMP, a surrogate pair (8 digits) above it"
    +    if v > 0xFFFF:
    +        v -= 0x10000
    +        return "%04X%04X" % (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
    +    return "%04X" % v

Installation
------------
:func:`install` (run when :mod:`reception.printing.fonts` is imported) replaces
``ttfonts.makeToUnicodeCMap`` with :func:`make_to_unicode_cmap` only when

* reportlab still shows the bug (a probe with U+2020C does not yield ``<D840DE0C>``), and
* reportlab's function is the one this copy was made from (same output for a BMP probe), so the
  patch cannot silently undo other upstream changes.

Otherwise it does nothing (with a warning if reportlab is buggy but changed; the tests in
``tests/printing`` then fail and say so). It is idempotent.
"""

from __future__ import annotations

import logging

from reportlab.pdfbase import ttfonts

__all__ = ["install", "installed", "make_to_unicode_cmap", "reportlab_is_fixed", "utf16_hex"]

log = logging.getLogger(__name__)

_ORIGINAL = ttfonts.makeToUnicodeCMap
_PROBE_BMP = [0, 0x20, 0x41, 0x4FE1, 0x8BBF, 0x3002, 0xFF0C, 0xFFFD]
_PROBE_ASTRAL = [0, 0x2020C]


def utf16_hex(code_point: int) -> str:
    """UTF-16BE hex digits of a code point: 4 in the BMP, a surrogate pair (8 digits) above it."""
    if code_point > 0xFFFF:
        v = code_point - 0x10000
        return "%04X%04X" % (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
    return "%04X" % code_point


def make_to_unicode_cmap(fontname, subset):
    """Creates a ToUnicode CMap for a given subset.  See Adobe
    _PDF_Reference (ISBN 0-201-75839-3) for more information.

    reportlab 5.1's ``makeToUnicodeCMap`` with the destination written as UTF-16BE."""
    cmap = (
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            "<< /Registry (%s)" % fontname,
            "/Ordering (%s)" % fontname,
            "/Supplement 0",
            ">> def",
            "/CMapName /%s def" % fontname,
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<00> <%02X>" % (len(subset) - 1),
            "endcodespacerange",
            "%d beginbfchar" % len(subset),
        ]
        + ["<%02X> <%s>" % (i, utf16_hex(v)) for i, v in enumerate(subset)]
        + ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    )
    return "\n".join(cmap)


def reportlab_is_fixed(func=None) -> bool:
    """True if ``func`` (default: reportlab's original) already writes a surrogate pair for U+2020C."""
    func = func or _ORIGINAL
    return "<01> <D840DE0C>" in func("PROBE", _PROBE_ASTRAL)


def installed() -> bool:
    """True if reportlab currently uses this module's CMap writer."""
    return ttfonts.makeToUnicodeCMap is make_to_unicode_cmap


def install() -> bool:
    """Patch reportlab if needed (see module docstring). Returns True if the patch is active."""
    if installed():
        return True
    if reportlab_is_fixed():
        return False
    if _ORIGINAL("PROBE", _PROBE_BMP) != make_to_unicode_cmap("PROBE", _PROBE_BMP):
        log.warning(
            "reportlab's makeToUnicodeCMap has changed but still mis-encodes characters beyond "
            "U+FFFF; not patched: text of such characters will not extract from PDFs"
        )
        return False
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
    return True
