# ruff: noqa: N803, N806
# (cjk_frag_split and dumb_split keep reportlab's names line for line, so they can be compared with its source)
"""Every change this desk makes to reportlab at run time, in one place, installed by the composition root.

reportlab is patched, not forked: two of its functions get drop-in replacements, each only when a probe shows that
this reportlab still needs it and still has the function the replacement was written against.  Nothing happens on
import: :func:`install` is called by the composition root (``reception.cli.main`` for every command that may print,
``reception.app.run_desk`` while the login dialog waits for the clerk, tests/conftest.py for the tests), because
importing reportlab costs the desk's start some 150 ms and the desk must open without it.

1. ToUnicode CMaps beyond the BMP (``reportlab.pdfbase.ttfonts.makeToUnicodeCMap``)
-----------------------------------------------------------------------------------

Why: text copied, searched or extracted from a printed PDF must be the names that were printed, and rare name
characters (𠈌 U+2020C) are exactly the ones beyond U+FFFF.

The bug
~~~~~~~
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
~~~~~~~
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

Probe (:func:`reportlab_is_fixed`, tests/printing/test_print_tounicode.py): reportlab's own function still writes
``<2020C>`` for U+2020C, and it writes BMP-only subsets exactly as the replacement does (so the patch cannot
silently undo other upstream changes; if it differs, nothing is patched and a warning is logged).

2. Chinese line breaking (``reportlab.platypus.paragraph.cjkFragSplit``, ``reportlab.lib.textsplit.dumbSplit``)
---------------------------------------------------------------------------------------------------------------

Why: with ``wordWrap='CJK'`` reportlab 5.1 starts lines with "，" (its list of marks that may not start a line is
Japanese-centred and lacks ，；：？！》” and others), lets opening brackets end a line and hangs at most one mark.
The replacements keep reportlab's signatures and return the same structures, breaking lines by the rules of
:mod:`reception.printing.linebreak` (标点禁则, GB/T 15834-2011): :func:`cjk_frag_split` for paragraphs with markup
or several fonts, :func:`dumb_split` for paragraphs of one plain fragment.

Probe (tests/printing/test_print_linebreak.py): with reportlab's own functions a paragraph still starts a line
with a full-width comma.  :func:`install` patches only when reportlab still has every internal the replacements
use (``cjkU``, ``makeCJKParaLine``, ``ParaLines``); otherwise it logs a warning and leaves reportlab alone.

:func:`install` is idempotent; :func:`installed` says whether both patches are active.
"""

from __future__ import annotations

import logging
from typing import Any

from reportlab.lib import textsplit
from reportlab.pdfbase import ttfonts
from reportlab.platypus import paragraph

from reception.printing.linebreak import FUZZ, choose_break

__all__ = [
    "ORIGINAL_CJK_FRAG_SPLIT",
    "ORIGINAL_DUMB_SPLIT",
    "ORIGINAL_TO_UNICODE_CMAP",
    "cjk_frag_split",
    "dumb_split",
    "install",
    "installed",
    "line_breaking_installed",
    "make_to_unicode_cmap",
    "reportlab_is_fixed",
    "to_unicode_installed",
    "utf16_hex",
]

log = logging.getLogger(__name__)

# reportlab's CJK wrapping internals, which its stubs (types-reportlab) leave out: reached through Any.
_paragraph: Any = paragraph
_textsplit: Any = textsplit
_ttfonts: Any = ttfonts

#: reportlab's own functions, as found on import (the probes and the tests compare against them)
ORIGINAL_TO_UNICODE_CMAP = _ttfonts.makeToUnicodeCMap
ORIGINAL_CJK_FRAG_SPLIT = getattr(paragraph, "cjkFragSplit", None)  # None if a later reportlab drops it
ORIGINAL_DUMB_SPLIT = getattr(textsplit, "dumbSplit", None)

# -- 1. ToUnicode CMaps ------------------------------------------------------------------------------------------

_PROBE_BMP = [0, 0x20, 0x41, 0x4FE1, 0x8BBF, 0x3002, 0xFF0C, 0xFFFD]
_PROBE_ASTRAL = [0, 0x2020C]


def utf16_hex(code_point: int) -> str:
    """UTF-16BE hex digits of a code point: 4 in the BMP, a surrogate pair (8 digits) above it."""
    if code_point > 0xFFFF:
        v = code_point - 0x10000
        return f"{0xD800 + (v >> 10):04X}{0xDC00 + (v & 0x3FF):04X}"
    return f"{code_point:04X}"


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
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
        ]
        + [f"<{i:02X}> <{utf16_hex(v)}>" for i, v in enumerate(subset)]
        + ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    )
    return "\n".join(cmap)


def reportlab_is_fixed(func: Any = None) -> bool:
    """True if ``func`` (default: reportlab's original) already writes a surrogate pair for U+2020C."""
    func = func or ORIGINAL_TO_UNICODE_CMAP
    return "<01> <D840DE0C>" in func("PROBE", _PROBE_ASTRAL)


def to_unicode_installed() -> bool:
    """True if reportlab currently uses this module's CMap writer."""
    return _ttfonts.makeToUnicodeCMap is make_to_unicode_cmap


def _install_to_unicode() -> bool:
    if to_unicode_installed():
        return True
    if reportlab_is_fixed():
        return False
    if ORIGINAL_TO_UNICODE_CMAP("PROBE", _PROBE_BMP) != make_to_unicode_cmap("PROBE", _PROBE_BMP):
        log.warning(
            "reportlab's makeToUnicodeCMap has changed but still mis-encodes characters beyond "
            "U+FFFF; not patched: text of such characters will not extract from PDFs"
        )
        return False
    _ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
    return True


# -- 2. Chinese line breaking ------------------------------------------------------------------------------------


def _width(u, maxWidth):
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = maxWidth
        w = w.normalizedValue(maxWidth)
    return w


def _trailing_space_width(U, start, stop, widths):
    w = 0
    for k in range(stop - 1, start - 1, -1):
        if U[k] and U[k].isspace():
            w += widths[k]
        else:
            break
    return w


def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
    """Drop-in for ``reportlab.platypus.paragraph.cjkFragSplit`` applying :func:`choose_break`."""
    cjkU, makeCJKParaLine = _paragraph.cjkU, _paragraph.makeCJKParaLine
    U = []  # one entry per character, knowing its frag and width
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            U.extend([cjkU(t, f, encoding) for t in text])
        else:
            U.append(cjkU(text, f, encoding))
    lines = []
    nU = len(U)
    widths = [0.0] * nU
    i = start = 0
    widthUsed = 0.0
    maxWidth = maxWidths[0]
    while i < nU:
        u = U[i]
        w = widths[i] = _width(u, maxWidth)
        widthUsed += w
        i += 1
        lineBreak = hasattr(u.frag, "lineBreak")
        if (widthUsed > maxWidth + FUZZ and widthUsed > 0) or lineBreak:
            if not lineBreak:
                i = choose_break(U, start, i - 1)
                widthUsed = sum(widths[start:i])
            extraSpace = maxWidth - (widthUsed - _trailing_space_width(U, start, i, widths))
            lines.append(makeCJKParaLine(U[start:i], maxWidth, widthUsed, extraSpace, lineBreak, calcBounds))
            try:
                maxWidth = maxWidths[len(lines)]
            except IndexError:
                maxWidth = maxWidths[-1]
            start = i
            widthUsed = 0.0
    if start < nU:
        lines.append(makeCJKParaLine(U[start:], maxWidth, widthUsed, maxWidth - widthUsed, False, calcBounds))
    return _paragraph.ParaLines(kind=1, lines=lines)


def dumb_split(word, widths, maxWidths):
    """Drop-in for ``reportlab.lib.textsplit.dumbSplit`` (one plain fragment) applying :func:`choose_break`.

    Returns ``[[extraSpace, line_text], ...]`` like the original, lines stripped except the last.
    """
    if not isinstance(maxWidths, (list, tuple)):
        maxWidths = [maxWidths]
    lines = []
    nW = len(word)
    i = start = 0
    widthUsed = 0.0
    maxWidth = maxWidths[0]
    while i < nW:
        widthUsed += widths[i]
        i += 1
        if widthUsed > maxWidth + FUZZ and widthUsed > 0:
            i = choose_break(word, start, i - 1)
            text = word[start:i]
            stripped = text.strip()
            # width of the stripped text, as reportlab draws it
            lead = len(text) - len(text.lstrip())
            used = sum(widths[start + lead : start + lead + len(stripped)])
            lines.append([maxWidth - used, stripped])
            try:
                maxWidth = maxWidths[len(lines)]
            except IndexError:
                maxWidth = maxWidths[-1]
            start = i
            widthUsed = 0.0
    if start < nW:
        lines.append([maxWidth - sum(widths[start:]), word[start:]])
    return lines


def line_breaking_installed() -> bool:
    """True if reportlab's CJK wrapping currently uses :func:`cjk_frag_split` and :func:`dumb_split`."""
    return getattr(paragraph, "cjkFragSplit", None) is cjk_frag_split and _textsplit.dumbSplit is dumb_split


def _install_line_breaking() -> bool:
    if line_breaking_installed():
        return True
    needed = all(hasattr(paragraph, name) for name in ("cjkFragSplit", "cjkU", "makeCJKParaLine", "ParaLines"))
    if not needed or not hasattr(textsplit, "dumbSplit"):
        log.warning("reportlab's CJK wrapping has changed; Chinese line-breaking rules not applied")
        return False
    _paragraph.cjkFragSplit = cjk_frag_split
    _textsplit.dumbSplit = dumb_split
    return True


# -- both ----------------------------------------------------------------------------------------------------------


def install() -> bool:
    """Apply every patch reportlab still needs (see the module docstring); True if each one it needs is active.

    Idempotent, and cheap once done; imports reportlab (about 150 ms the first time)."""
    to_unicode = _install_to_unicode() or reportlab_is_fixed()
    line_breaking = _install_line_breaking()
    return to_unicode and line_breaking


def installed() -> bool:
    """Whether reportlab prints as :func:`install` makes it (each patch active, or not needed)."""
    return (to_unicode_installed() or reportlab_is_fixed()) and line_breaking_installed()
