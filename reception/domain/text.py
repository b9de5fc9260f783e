"""One rule for every piece of text a clerk (or a JSON file, or a shell) hands the desk.

Text is stored, printed on paper, shown on the desk and written to terminals and spreadsheets. A control
character or a direction override is harmless in none of these: an ESC sequence retitles a terminal, U+202E turns
"gpj.exe" around on the screen, a C0 character breaks the spreadsheet export, a name made of zero-width spaces is
a file nobody can find again. So, for every field:

1. the text is put in Unicode NFC (so the same name typed on two PCs is the same name);
2. the zero-width characters a paste brings along (ZWSP U+200B, ZWNJ U+200C, ZWJ U+200D, BOM U+FEFF,
   WORD JOINER U+2060) are removed — the one normalisation besides NFC;
3. a C0 or C1 control character (multi-line fields keep line feed and tab; CR LF and a lone CR become LF, so do
   U+2028/U+2029) and any other format character (category Cf: direction marks, overrides and isolates
   U+200E/U+200F, U+202A–U+202E, U+2066–U+2069, soft hyphen, tag characters …) is refused with a message naming
   the field and the code point;
4. a name needs at least one visible character.

Account names are compared, so they are put in NFKC (full-width "ａｄｍｉｎ" is "admin") before the same checks.

Whether a character can be *printed* is the font chain's business, which the domain does not know: the services
pass the chain's ``uncovered`` function to :func:`refuse_unprintable` with the fields to check.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence

from reception.domain.inputs import InvalidInput

__all__ = [
    "ZERO_WIDTH",
    "account_name",
    "clean_text",
    "escape_controls",
    "is_unsafe",
    "refuse_unprintable",
    "visible",
]

#: removed silently: what a paste from a web page or a word processor brings along
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\ufeff\u2060")
_STRIP_ZERO_WIDTH = {ord(ch): None for ch in ZERO_WIDTH}
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n"}
#: letters that draw nothing (Hangul fillers, the blank braille pattern): not a visible character of a name
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def is_unsafe(ch: str, *, multiline: bool = False) -> bool:
    """A character a field may not hold: a control (but LF and tab in a multi-line field), a format character
    (direction marks, overrides, isolates …), a line or paragraph separator in a one-line field, a surrogate."""
    if multiline and ch in "\n\t":
        return False
    category = unicodedata.category(ch)
    return category in ("Cc", "Cf", "Cs") or (not multiline and category in ("Zl", "Zp"))


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}{f' {name}' if name else ''}"


def clean_text(value: str, label: str, field: str = "", *, multiline: bool = False) -> str:
    """``value`` under the rule above (not stripped of spaces: the caller decides), or :class:`InvalidInput`
    naming ``label`` and ``field``."""
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise InvalidInput(f"{label}含有无效字符", field)
    # NFC, then the zero-width characters out; NFC once more, as a removed ZWSP may have parted a letter and its
    # accent ("e\u200b\u0301")
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", value).translate(_STRIP_ZERO_WIDTH))
    if multiline:
        for old, new in _LINE_BREAKS.items():
            text = text.replace(old, new)
    for ch in text:
        if is_unsafe(ch, multiline=multiline):
            what = (
                "换行" if ch in "\n\r\u2028\u2029" else "控制字符" if unicodedata.category(ch) == "Cc" else "格式字符"
            )
            raise InvalidInput(f"{label}含有不可见的{what}（{_describe(ch)}），请删除后重新输入", field)
    return text


def visible(text: str) -> bool:
    """Whether ``text`` has a character that draws something (not a space, mark, control or blank letter)."""
    return any(
        not ch.isspace() and unicodedata.category(ch)[0] not in "CZM" and ch not in _BLANK_LETTERS for ch in text
    )


def account_name(value: str, label: str = "用户名", field: str = "username") -> str:
    """An account's user name as stored and looked up: NFKC, stripped, under the rule, with a visible character."""
    text = clean_text(unicodedata.normalize("NFKC", value), label, field).strip()
    if text and not visible(text):
        raise InvalidInput(f"{label}须含有可见的字符", field)
    return text


def refuse_unprintable(fields: Iterable[tuple[str, str, str]], uncovered: Callable[[str], Sequence[str]]) -> None:
    """Raise :class:`InvalidInput` for the first of ``fields`` — ``(field, label, text)`` — with a character no
    document font can draw (``uncovered`` is the font chain's answer): stored, it could never be printed."""
    for field, label, text in fields:
        if not text:
            continue
        missing = uncovered(text)
        if missing:
            shown = "、".join(f"“{ch}”" for ch in missing[:3])
            raise InvalidInput(f"{label}中的{shown}无法打印，请改用常用字或拼音", field)


_ESCAPE_KEEP = "\n\t"


def escape_controls(text: str, keep: str = _ESCAPE_KEEP) -> str:
    """``text`` safe for a terminal or a spreadsheet cell: each control, format or separator character (those of
    :func:`is_unsafe`, but the ones in ``keep``) written as ``\\x1b``, ``\\u202e`` or ``\\U000e0041``, so rows
    stored before this rule existed show what they hold instead of acting on the screen."""
    if text.isprintable() and text.isascii():
        return text
    out: list[str] = []
    for ch in text:
        if ch in keep or not is_unsafe(ch):
            out.append(ch)
            continue
        cp = ord(ch)
        out.append(f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}")
    return "".join(out)
