"""Chinese line breaking (标点禁则) for reportlab paragraphs with ``wordWrap='CJK'``.

What reportlab 5.1 does: it fills a line character by character; when the character that overflows
is in ``reportlab.lib.textsplit.ALL_CANNOT_START`` it hangs it in the right margin, otherwise it
moves it to the next line. That list is Japanese-centred: it lacks the full-width comma ，, ；：？！,
》〉 and the closing quotes ” ’, so lines start with "，" — measured with a 16 pt body. It also has no
rule for line ends (an opening bracket or quote may end a line) and hangs at most one mark, so
"。”" or "）。" at the end of a line still leaves one mark at the start of the next.

What this module does instead (GB/T 15834-2011 and W3C "Requirements for Chinese Text Layout"):

* no line starts with a pause or stop mark, a closing quote/bracket/book-title mark, a connector or
  an interpunct: ``。，、；：？！）」』》〉】〕”’`` etc. (:data:`NO_LINE_START`);
* no line ends with an opening quote/bracket/book-title mark ``（「『《〈【〔“‘`` (:data:`NO_LINE_END`);
* a two-em dash ``——`` and an ellipsis ``……`` are never split;
* a Latin word or number (an ID number, a phone number "010-12345678") is moved whole to the next line when it starts in
  the second half of the line, as reportlab did;
* a forbidden break is resolved by moving characters to the next line (推出), never by letting
  marks hang outside the 150 mm text block; only when a whole line offers no legal break point is
  the line broken where it overflows.

:func:`install` replaces ``reportlab.platypus.paragraph.cjkFragSplit`` (paragraphs with markup or
several fonts) and ``reportlab.lib.textsplit.dumbSplit`` (paragraphs of one plain fragment) with
functions that keep their signatures and return the same structures. It is idempotent and is run
when :mod:`reception.printing.fonts` is imported.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from reportlab.lib import textsplit
from reportlab.platypus import paragraph

__all__ = [
    "NO_LINE_END",
    "NO_LINE_START",
    "NO_SPLIT",
    "break_lines",
    "can_break",
    "choose_break",
    "install",
    "installed",
]

log = logging.getLogger(__name__)

#: characters that may not begin a line (reportlab's own list plus the Chinese marks it lacks)
NO_LINE_START = frozenset(
    textsplit.ALL_CANNOT_START
    + "、。，．：；？！"  # 点号: pause and stop marks
    + "）］｝〕〉》」』】〗〙"  # closing brackets and book-title marks
    + "”’"  # closing quotes
    + "－～–·・‧"  # connectors, interpuncts
    + "%‰℃°′″％"
)
#: characters that may not end a line
NO_LINE_END = frozenset(textsplit.ALL_CANNOT_END + "（［｛〔〈《「『【〖〘“‘")
#: marks written doubled that must not be split between two lines
NO_SPLIT = frozenset("—…⋯―")

_FUZZ = textsplit._FUZZ
#: reportlab's own functions, as found on import (for comparison in tests)
ORIGINAL_CJK_FRAG_SPLIT = paragraph.cjkFragSplit
ORIGINAL_DUMB_SPLIT = textsplit.dumbSplit


def can_break(before: str, after: str) -> bool:
    """May a line end after ``before`` and the next begin with ``after``?"""
    if not before or not after:  # inline images, <br/> and other empty fragments
        return True
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if before == after and before in NO_SPLIT:
        return False
    return True


_WORD_JOINERS = frozenset("-._/@:+")


def _is_word_char(c: str) -> bool:
    # Latin letters and digits with their joiners: an ID number, "010-12345678", "10:30", "A4";
    # CJK and full-width forms excluded
    return bool(c) and ord(c) < 0x2E80 and (c.isalnum() or c in _WORD_JOINERS)


def choose_break(chars: Sequence[str], start: int, overflow: int) -> int:
    """Index at which the next line begins.

    ``chars[start:overflow]`` fits on the line; ``chars[overflow]`` does not. The result is
    > ``start`` (every line takes at least one character) and <= ``overflow``, except that
    whitespace overflowing the line stays at its end (it is invisible there).
    """
    if overflow <= start:
        return start + 1
    if chars[overflow].isspace():
        return overflow + 1
    b = overflow
    # Latin word or number: move it whole to the next line if it starts in the second half.
    if _is_word_char(chars[b]) and _is_word_char(chars[b - 1]):
        j = b - 1
        while j > start and _is_word_char(chars[j - 1]):
            j -= 1
        if j > start and j >= (start + overflow) // 2:
            b = j
    # 标点禁则: move characters to the next line until the break is allowed.
    k = b
    while k > start + 1 and not can_break(chars[k - 1], chars[k]):
        k -= 1
    return k if can_break(chars[k - 1], chars[k]) else b


def break_lines(chars: Sequence[str], widths: Sequence[float], max_width: float) -> list[tuple[int, int]]:
    """``(start, stop)`` of each line of ``chars`` (each ``widths[i]`` wide) filled up to ``max_width``,
    broken by :func:`choose_break`: exactly the lines :func:`dumb_split` and :func:`cjk_frag_split`
    make of the same characters in a paragraph. For text drawn straight on the canvas (the receipts);
    the caller strips the whitespace a line may keep at its ends."""
    lines: list[tuple[int, int]] = []
    n = len(chars)
    i = start = 0
    used = 0.0
    limit = max_width + _FUZZ
    while i < n:
        used += widths[i]
        i += 1
        if used > limit and used > 0:
            i = choose_break(chars, start, i - 1)
            lines.append((start, i))
            start = i
            used = 0.0
    if start < n:
        lines.append((start, n))
    return lines


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
    cjkU, makeCJKParaLine = paragraph.cjkU, paragraph.makeCJKParaLine
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
        if (widthUsed > maxWidth + _FUZZ and widthUsed > 0) or lineBreak:
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
    return paragraph.ParaLines(kind=1, lines=lines)


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
        if widthUsed > maxWidth + _FUZZ and widthUsed > 0:
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


def installed() -> bool:
    return paragraph.cjkFragSplit is cjk_frag_split and textsplit.dumbSplit is dumb_split


def install() -> bool:
    """Make reportlab's CJK wrapping use these rules. Returns True if active."""
    if installed():
        return True
    needed = (
        hasattr(paragraph, "cjkFragSplit")
        and hasattr(paragraph, "cjkU")
        and hasattr(paragraph, "makeCJKParaLine")
        and hasattr(paragraph, "ParaLines")
        and hasattr(textsplit, "dumbSplit")
    )
    if not needed:
        log.warning("reportlab's CJK wrapping has changed; Chinese line-breaking rules not applied")
        return False
    paragraph.cjkFragSplit = cjk_frag_split
    textsplit.dumbSplit = dumb_split
    return True
