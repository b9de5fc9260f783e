"""The font chain: which embedded TrueType font prints which character.

reportlab prints a character the font lacks as a blank, silently, and its CID font STSong-Light is
not embedded and breaks beyond the BMP. So every document uses embedded TrueType fonts, chosen per
character from an ordered chain:

* the system's official faces when present, in Windows' font folders or fontconfig's folders on
  Linux (仿宋_GB2312 / 仿宋 FangSong / 宋体 SimSun for the body, 方正小标宋 / 黑体 SimHei / 宋体 for
  titles; GB/T 9704 asks for 仿宋 body and 小标宋 titles);
* else the Ming/Song face AR PL UMing CN of the Debian package fonts-arphic-uming (Arphic Public
  License, which allows redistribution; its OS/2 embedding bits allow embedding), so a Linux desk
  prints a Song body instead of the sans-serif bundled face; titles in a face without a bold
  variant are drawn fill-and-stroke (faux bold, :class:`FauxBold`);
* the bundled WenQuanYi Micro Hei (resources/fonts, Apache-2.0), always present;
* the bundled subset of AR PL UMing CN (resources/fonts/uming-cn-ext-subset.ttf, Arphic Public
  License): CJK Extension A and B (and C–F, Kangxi radicals) only, about 2 MiB, so rare name
  characters such as 𠈌 (U+2020C) print on any PC (how it was cut: resources/fonts/README.md);
* system faces covering CJK Extension B as a last resort: SimSun-ExtB on Windows, the full AR PL
  UMing (fonts-arphic-uming) on Linux.

Character maps are read from reportlab's own parse of each font (``TTFont.face.charToGlyph``),
so "covered" means exactly "reportlab will print a glyph".

reportlab itself is patched by :mod:`.patches` (ToUnicode beyond U+FFFF, Chinese line breaking), which the
composition root installs; importing this module changes nothing in reportlab.
"""

from __future__ import annotations

import functools
import logging
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from reception.resources import resource_path

__all__ = [
    "BOLD_FACES",
    "BUNDLED",
    "BUNDLED_EXT",
    "ROLES",
    "SOURCES",
    "FontChain",
    "FontSource",
    "MissingGlyphsError",
    "available_fonts",
    "canvas_kwargs",
    "check_printable",
    "ensure_printable",
    "get_chain",
    "invisible",
    "markup",
    "needs_faux_bold",
    "uncovered",
    "used_faces",
]

#: faces that are bold by design (a title in any other is drawn fill-and-stroke)
BOLD_FACES = frozenset({"FZXiaoBiaoSong", "SimHei"})

log = logging.getLogger(__name__)


def _windows_font_dirs() -> list[Path]:
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    if not windir and os.name != "nt":
        return []
    dirs = [Path(windir or r"C:\Windows") / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")  # fonts installed "for this user only"
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def _linux_font_dirs() -> list[Path]:
    """fontconfig's usual folders (system, local, per user); Windows has none of them."""
    home = Path.home()
    dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts", home / ".fonts"]
    data_home = os.environ.get("XDG_DATA_HOME")
    if data_home:
        dirs.append(Path(data_home) / "fonts")
    return [d for d in dirs if d.is_dir()]


@functools.cache
def _linux_font_index() -> dict[str, Path]:
    """Lower-cased file name → first path under fontconfig's folders (walked once per process)."""
    index: dict[str, Path] = {}
    for d in _linux_font_dirs():
        for root, _dirs, files in os.walk(d):
            for f in files:
                index.setdefault(f.lower(), Path(root) / f)
    return index


@dataclass(frozen=True)
class FontSource:
    """A TrueType font file (or one face of a .ttc collection) and the name reportlab knows it by."""

    name: str  # reportlab font name, used in styles and <font face="...">
    label: str  # for people: "仿宋 (Windows)"
    files: tuple[str, ...]  # file names (Windows font folders) or absolute paths, first found wins
    subfont: int = 0  # index in a .ttc collection
    bundled: bool = False

    def path(self) -> Path | None:
        for f in self.files:
            candidates = [Path(f)] if os.path.isabs(f) else [d / f for d in _windows_font_dirs()]
            for p in candidates:
                if p.is_file():
                    return p
            if not os.path.isabs(f) and os.name != "nt":
                found = _linux_font_index().get(f.lower())
                if found is not None and found.is_file():
                    return found
        return None


BUNDLED = "WQYMicroHei"
#: the bundled Ext-A/Ext-B face (a subset of AR PL UMing CN)
BUNDLED_EXT = "UMingCNExt"

#: every font the chains may use; a missing file is skipped
SOURCES: dict[str, FontSource] = {
    s.name: s
    for s in [
        FontSource("FangSongGB2312", "仿宋_GB2312", ("仿宋_GB2312.ttf", "FS_GB2312.ttf", "fsgb2312.ttf")),
        FontSource("FangSong", "仿宋 (Windows)", ("simfang.ttf",)),
        FontSource("FZXiaoBiaoSong", "方正小标宋简体", ("FZXBSJW.TTF", "方正小标宋简体.ttf", "方正小标宋简体.TTF")),
        FontSource("SimHei", "黑体 (Windows)", ("simhei.ttf",)),
        FontSource("SimSun", "宋体 (Windows)", ("simsun.ttc",), subfont=0),
        FontSource(
            BUNDLED,
            "文泉驿微米黑 (bundled)",
            (str(resource_path("fonts", "wqy-microhei.ttc")),),
            subfont=0,
            bundled=True,
        ),
        FontSource(
            BUNDLED_EXT,
            "AR PL UMing CN Ext-A/B 子集 (bundled)",
            (str(resource_path("fonts", "uming-cn-ext-subset.ttf")),),
            bundled=True,
        ),
        FontSource("SimSunExtB", "宋体-ExtB (Windows)", ("simsunb.ttf",)),
        FontSource(
            "UMingCN",
            "AR PL UMing CN (fonts-arphic-uming)",
            ("/usr/share/fonts/truetype/arphic/uming.ttc", "/usr/share/fonts/arphic-uming/uming.ttc"),
            subfont=0,
        ),
    ]
}

#: after the official faces: Windows' 宋体, else the Linux Song face, then the bundled faces (every glyph)
_SONG_TAIL = ("SimSun", "UMingCN", BUNDLED, BUNDLED_EXT, "SimSunExtB")

#: font order per role; fonts whose file is absent are left out
ROLES: dict[str, tuple[str, ...]] = {
    # 正文 三号仿宋, else 宋体
    "body": ("FangSongGB2312", "FangSong", *_SONG_TAIL),
    # 标题 小标宋 / 黑体 / 宋体
    "title": ("FZXiaoBiaoSong", "SimHei", *_SONG_TAIL),
    # receipts, ledgers: the bundled face first, so they look the same on every machine
    "plain": (BUNDLED, BUNDLED_EXT, "SimSun", "SimSunExtB", "UMingCN"),
}


class MissingGlyphsError(ValueError):
    """Text contains characters that no available font can print."""

    def __init__(self, chars: Iterable[str]):
        self.chars = list(chars)
        shown = " ".join(f"{c}（U+{ord(c):04X}）" for c in self.chars)
        super().__init__(f"以下字符无字体可印：{shown}")


@functools.cache
def _ignorable(ch: str) -> bool:
    """Whitespace, control and format characters and variation selectors: nothing to print.
    (Cached: documents ask about the same few hundred characters over and over.)"""
    if ch.isspace():
        return True
    cp = ord(ch)
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF or 0x180B <= cp <= 0x180D:
        return True
    return unicodedata.category(ch) in ("Cc", "Cf")


def invisible(ch: str) -> bool:
    """Ignorable and not whitespace: dropped from printed text (ZWSP, BOM, soft hyphen, selectors)."""
    return not ch.isspace() and _ignorable(ch)


@functools.cache
def _load(name: str) -> dict[int, int] | None:
    """Register the font with reportlab (once) and return its character map, or None if unavailable."""
    if name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(name)
    else:
        src = SOURCES.get(name)
        if src is None:
            return None
        path = src.path()
        if path is None:
            return None
        try:
            font = TTFont(name, str(path), subfontIndex=src.subfont)
        except Exception as exc:  # corrupt file, CFF outlines, embedding forbidden by the font's licence bits
            log.warning("font %s (%s) not usable: %s", src.label, path, exc)
            return None
        pdfmetrics.registerFont(font)
        # Paragraph maps <b>/<i> through the family; these faces have no bold/italic variants.
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    cmap = getattr(getattr(font, "face", None), "charToGlyph", None)
    if cmap is None:
        log.warning("font %s is not a TrueType font; not used", name)
        return None
    return cmap


@dataclass
class FontChain:
    """Registered reportlab font names in order of preference, with their character maps."""

    names: list[str]
    _cmaps: list[dict[int, int]] = field(init=False, repr=False, compare=False)
    #: font_for's answers so far (a chain's fonts never change; every print asks about the same characters)
    _found: dict[str, str | None] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self):
        if not self.names:
            raise ValueError("empty font chain")
        cmaps = [_load(n) for n in self.names]
        unavailable = [n for n, c in zip(self.names, cmaps, strict=False) if c is None]
        if unavailable:
            raise ValueError(f"fonts not available: {unavailable}")
        self._cmaps = [c for c in cmaps if c is not None]  # all of them, as checked above

    @property
    def primary(self) -> str:
        """The font a paragraph style of this chain uses; other fonts appear as <font face> runs."""
        return self.names[0]

    def has(self, font: str, ch: str) -> bool:
        return bool(self._cmaps[self.names.index(font)].get(ord(ch)))

    def font_for(self, ch: str) -> str | None:
        """First font of the chain with a glyph for ``ch``, or None."""
        try:
            return self._found[ch]
        except KeyError:
            pass
        cp = ord(ch)
        found = None
        for name, cmap in zip(self.names, self._cmaps, strict=False):
            if cmap.get(cp):  # glyph 0 is .notdef: not a glyph
                found = name
                break
        self._found[ch] = found
        return found

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` no font of the chain has (whitespace and control characters ignored),
        each once, in order of appearance."""
        out: dict[str, None] = {}
        for ch in text:
            if ch not in out and self.font_for(ch) is None and not _ignorable(ch):
                out[ch] = None
        return list(out)

    def runs(self, text: str) -> list[tuple[str, str]]:
        """Split ``text`` into ``(font name, text)`` runs, each character in the first font that has it.

        Whitespace stays in the current run when its font has it. Invisible format characters
        (zero-width space, BOM, soft hyphen, variation selectors) are dropped. A character no font
        has goes into the current run (or the primary font) and will print blank: call
        :meth:`missing` or :func:`check_printable` first.
        """
        out: list[tuple[str, str]] = []
        cur: str | None = None
        buf: list[str] = []
        for ch in text:
            if invisible(ch):
                continue
            if ch.isspace() and cur is not None and self.has(cur, ch):
                buf.append(ch)
                continue
            font = self.font_for(ch) or cur or self.primary
            if font != cur:
                if buf and cur is not None:  # buf is never filled before cur is set
                    out.append((cur, "".join(buf)))
                cur, buf = font, []
            buf.append(ch)
        if buf and cur is not None:
            out.append((cur, "".join(buf)))
        return out


def available_fonts() -> list[FontSource]:
    """The font sources present on this machine (registering them with reportlab)."""
    return [src for name, src in SOURCES.items() if _load(name) is not None]


@functools.cache
def _chain(role: str) -> FontChain:
    try:
        order = ROLES[role]
    except KeyError:
        raise ValueError(f"unknown font role {role!r}; one of {sorted(ROLES)}") from None
    names = [n for n in order if _load(n) is not None]
    if not names:
        raise RuntimeError(f"no font available for role {role!r}: is {SOURCES[BUNDLED].files[0]} missing?")
    return FontChain(names)


def get_chain(role: str = "body") -> FontChain:
    """The font chain for a role: "body" (FangSong first), "title" (小标宋/Hei/Song first) or "plain"
    (the bundled face first: receipts, ledgers). Cached: fonts are found and registered once."""
    return _chain(role)


def needs_faux_bold(role: str = "title") -> bool:
    """Whether a role's primary face lacks the weight a title needs (no 小标宋 or 黑体 installed)."""
    return get_chain(role).primary not in BOLD_FACES


def used_faces() -> dict[str, str]:
    """Which face prints each role here, for people: the PDF's keywords and ``reception selftest`` say it."""
    out: dict[str, str] = {}
    for role in ROLES:
        label = SOURCES[get_chain(role).primary].label
        if role == "title" and needs_faux_bold(role):
            label += "（描边加粗）"
        out[role] = label
    return out


def markup(text: str, chain: FontChain) -> str:
    """``text`` as reportlab Paragraph markup for a style whose fontName is ``chain.primary``:
    XML-escaped, with runs the primary font cannot print wrapped in ``<font face="...">``."""
    parts = []
    for font, run in chain.runs(text):
        escaped = escape(run)
        parts.append(escaped if font == chain.primary else f'<font face="{font}">{escaped}</font>')
    return "".join(parts)


@functools.cache
def _all_fonts() -> FontChain:
    names: list[str] = []
    for role in ROLES:
        for n in get_chain(role).names:
            if n not in names:
                names.append(n)
    return FontChain(names)


def check_printable(texts: Iterable[str]) -> list[str]:
    """Every character of ``texts`` that no available font can print (each once, in order):
    the desk warns before printing instead of printing a blank."""
    distinct = "".join(dict.fromkeys("".join(t for t in texts if t)))  # each character once, in order
    return _all_fonts().missing(distinct)


def uncovered(text: str) -> list[str]:
    """The characters of ``text`` no document font can draw, each once (whitespace and format characters are
    not asked about): what registration refuses. Cheap: the chain and its answers per character are cached."""
    if text.isascii():  # the bundled face has every printable ASCII character
        return []
    return _all_fonts().missing(text)


def ensure_printable(texts: Iterable[str]) -> None:
    """Raise :class:`MissingGlyphsError` if any character of ``texts`` cannot be printed."""
    missing = check_printable(texts)
    if missing:
        raise MissingGlyphsError(missing)


def canvas_kwargs() -> dict:
    """Keyword arguments for every reportlab ``Canvas`` and ``DocTemplate`` the desk creates.

    A reportlab canvas starts each page with Helvetica selected, so every PDF lists Helvetica as a
    font, not embedded, even when no character uses it; preflight checks ("all fonts embedded",
    PDF/A) then fail. Starting with the bundled face avoids it.
    """
    return {"initialFontName": get_chain("plain").primary, "initialFontSize": 10, "initialLeading": 12}
