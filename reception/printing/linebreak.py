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

The reportlab paragraphs follow the same rules through the drop-ins of :mod:`reception.printing.patches`,
which the composition root installs.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import textsplit

__all__ = [
    "NO_LINE_END",
    "NO_LINE_START",
    "NO_SPLIT",
    "break_lines",
    "can_break",
    "choose_break",
]

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

#: reportlab's tolerance when it fills a line, so that these lines are exactly the ones its paragraphs make (a
#: private constant of reportlab's, which its stubs leave out)
FUZZ: float = textsplit._FUZZ  # pyright: ignore[reportAttributeAccessIssue]


def can_break(before: str, after: str) -> bool:
    """May a line end after ``before`` and the next begin with ``after``?"""
    if not before or not after:  # inline images, <br/> and other empty fragments
        return True
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    return not (before == after and before in NO_SPLIT)


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
    broken by :func:`choose_break`: exactly the lines a paragraph makes of the same characters once
    :mod:`reception.printing.patches` is installed. For text drawn straight on the canvas (the receipts);
    the caller strips the whitespace a line may keep at its ends."""
    lines: list[tuple[int, int]] = []
    n = len(chars)
    i = start = 0
    used = 0.0
    limit = max_width + FUZZ
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
