"""Plain text set straight on the canvas, for fixed layouts (the receipts) that need no platypus.

A receipt is one page whose every position is known in advance; laying it out with Paragraphs and
Tables cost as much again as drawing and embedding its text. :class:`Typesetter` gives the same lines a
``wordWrap='CJK'`` Paragraph of the same style would: whitespace runs collapsed and the ends
trimmed, each character in the first font of the chain that has it (:meth:`FontChain.runs`), lines
broken by the Chinese rules of :mod:`.linebreak` (:func:`~.linebreak.break_lines`), widths from the
fonts' own metrics (what ``pdfmetrics.stringWidth`` returns). :func:`draw_lines` draws many lines
as one text object.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace
from reportlab.pdfgen.canvas import Canvas

from reception.printing.fonts import FontChain, get_chain, invisible
from reception.printing.linebreak import break_lines

__all__ = ["Line", "Typesetter", "draw_lines", "typesetter"]

_SKIP = ("", -1.0)  # an invisible character: dropped
_DEPENDS = ("", -2.0)  # whitespace or an unprintable character: its font depends on the text before it

#: what a Paragraph collapses into one space (not U+3000, which a receipt uses as a full-width gap)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


class Line(NamedTuple):
    """One line of text: ``(font name, text)`` runs and the width at the size it was set for."""

    runs: tuple[tuple[str, str], ...]
    width: float

    @property
    def text(self) -> str:
        """The characters of the line, fonts aside."""
        return "".join(run for _, run in self.runs)


def _face(name: str) -> TTFontFace:
    """The TrueType face of a registered font of a chain (FontChain takes TrueType fonts only)."""
    font = pdfmetrics.getFont(name)
    if not isinstance(font, TTFont):
        raise TypeError(f"font {name} is not a TrueType font")
    return font.face


class Typesetter:
    """Sets text in one font chain: per-character fonts and widths, one line or wrapped lines."""

    def __init__(self, chain: FontChain) -> None:
        self.chain = chain
        faces = [_face(name) for name in chain.names]
        #: per font of the chain: character widths in 1/1000 em, and the width of a character not listed
        self._widths = {
            name: (face.charWidths, face.defaultWidth) for name, face in zip(chain.names, faces, strict=False)
        }
        #: per character seen: (font, width), _SKIP or _DEPENDS (see _classify)
        self._known: dict[str, tuple[str, float]] = {}

    def _set(self, text: str) -> tuple[list[str], list[str], list[float]]:
        """Characters (invisible ones dropped), the font of each, and each one's width in 1/1000 em:
        the characters and fonts of :meth:`FontChain.runs`, one by one."""
        chain = self.chain
        known = self._known
        chars: list[str] = []
        fonts: list[str] = []
        ems: list[float] = []
        current: str | None = None
        for ch in _SPACES.sub(" ", text).strip(" "):
            got = known.get(ch)
            if got is None:
                got = known[ch] = self._classify(ch)
            if got is _SKIP:
                continue
            if got is _DEPENDS:  # whitespace, or a character no font has: goes with its neighbours
                if ch.isspace() and current is not None and chain.has(current, ch):
                    font = current
                else:
                    font = chain.font_for(ch) or current or chain.primary
                table, default = self._widths[font]
                em = table.get(ord(ch), default)
            else:
                font, em = got
            current = font
            chars.append(ch)
            fonts.append(font)
            ems.append(em)
        return chars, fonts, ems

    def _classify(self, ch: str) -> tuple[str, float]:
        """What :meth:`_set` needs to know of a character, whatever surrounds it: its font and width,
        or that it is dropped, or that its font depends on the text before it."""
        if ch.isspace():
            return _DEPENDS
        if invisible(ch):
            return _SKIP
        font = self.chain.font_for(ch)
        if font is None:
            return _DEPENDS
        table, default = self._widths[font]
        return font, table.get(ord(ch), default)

    def _line(self, chars: list[str], fonts: list[str], ems: list[float], start: int, stop: int, size: float) -> Line:
        while start < stop and chars[start].isspace():
            start += 1
        while stop > start and chars[stop - 1].isspace():
            stop -= 1
        if start == stop:
            return Line((), 0.0)
        width = sum(ems[start:stop]) * size / 1000
        first = fonts[start]
        if fonts[start:stop].count(first) == stop - start:  # one font: one run
            return Line(((first, "".join(chars[start:stop])),), width)
        runs: list[tuple[str, str]] = []
        i = start
        while i < stop:
            j = i + 1
            while j < stop and fonts[j] == fonts[i]:
                j += 1
            runs.append((fonts[i], "".join(chars[i:j])))
            i = j
        return Line(tuple(runs), width)

    def line(self, text: str, size: float) -> Line:
        """``text`` on one line, however long."""
        chars, fonts, ems = self._set(text)
        return self._line(chars, fonts, ems, 0, len(chars), size)

    def wrap(self, text: str, size: float, width: float) -> list[Line]:
        """``text`` broken into lines at most ``width`` points wide (a line with no legal break point
        may overflow, as in a Paragraph); no lines for empty text."""
        chars, fonts, ems = self._set(text)
        if not chars:
            return []
        if sum(ems) * size / 1000 <= width:  # fits: no break to look for
            return [self._line(chars, fonts, ems, 0, len(chars), size)]
        scale = size / 1000
        widths = [e * scale for e in ems]
        return [self._line(chars, fonts, ems, a, b, size) for a, b in break_lines(chars, widths, width)]


#: a cache, like the font chains' (fonts.get_chain): one typesetter per role and chain
_TYPESETTERS: dict[str, Typesetter] = {}


def typesetter(role: str = "plain") -> Typesetter:
    """The typesetter of a font role (see :func:`~reception.printing.fonts.get_chain`), made once per
    chain: a new one when the font chains are found again."""
    chain = get_chain(role)
    ts = _TYPESETTERS.get(role)
    if ts is None or ts.chain is not chain:
        ts = _TYPESETTERS[role] = Typesetter(chain)
    return ts


def draw_lines(canv: Canvas, lines: Iterable[tuple[float, float, float, Line]]) -> None:
    """Draw ``(x, baseline y, size, line)`` lines, in order, as one text object."""
    text = canv.beginText()
    current: tuple[str, float] | None = None
    for x, y, size, line in lines:
        text.setTextOrigin(x, y)
        for font, run in line.runs:
            if (font, size) != current:
                text.setFont(font, size)
                current = (font, size)
            # What Paragraph uses: no width bookkeeping, lines are placed absolutely (a private method of reportlab's
            # text object, which its stubs leave out).
            text._textOut(run)  # pyright: ignore[reportAttributeAccessIssue]
    canv.drawText(text)
