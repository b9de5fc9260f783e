"""检举控告 (条例 art 30): who may reach a confidential complainant, and blacking them out of free text.

One rule for every path (search, the ledger's filters, the person lookup, repeat links, prints, exports): a matter
is confidential when the ledger records it as a complaint against someone: the 检举控告 category, or the 揭发控告
purpose under another category (fail closed: the purpose is what the visitor came for).  The accused party
(被反映对象) alone does not make a matter one — a wage demand names the company it is against.  Storage mirrors
:data:`CONFIDENTIAL_COLUMNS` in SQL.

Who reaches the complainant through a confidential matter:

- by the complainant's name, ID or phone (search box, Ctrl+K, ``reception search``, the ledger's text filter):
  supervisors and above only — a hit alone would tell the searcher who complained (:func:`may_match_complainant`);
- on the matter itself, the person lookup and the repeat links: supervisors and the first receiver
  (:func:`may_see_complainant`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from reception.domain.roles import Principal, Role

#: The matter's columns the rule reads; either one equal to :data:`COMPLAINT` makes it confidential.
COMPLAINT = "complaint"
CONFIDENTIAL_COLUMNS = ("category", "purpose")

REDACTED = "××"


def is_confidential(category: str, purpose: str = "") -> bool:
    """A 检举控告: the complaint category, or the 揭发控告 purpose."""
    return str(category) == COMPLAINT or str(purpose) == COMPLAINT


def may_match_complainant(viewer: Principal | None) -> bool:
    """Whether ``viewer`` may find a confidential matter by its complainant's name, ID or phone."""
    return viewer is not None and viewer.at_least(Role.SUPERVISOR)


def may_see_complainant(viewer: Principal | None, first_receiver: str) -> bool:
    """Whether ``viewer`` may see who complained in a confidential matter (the matter, lookups, repeat links)."""
    if viewer is None:
        return False
    return viewer.at_least(Role.SUPERVISOR) or (bool(first_receiver) and viewer.name == first_receiver)


# -- the accused's unit ----------------------------------------------------------------------------------------

_NOISE = re.compile(r"[\s\u3000·・,，、。.:：;；()（）\[\]【】\"'“”‘’\-—_/]+")
# What follows a unit's name when a person in it is meant: "××派出所民警张某" names the unit ××派出所.
_UNIT_ENDINGS = ("派出所", "分局", "支队", "大队", "中队", "局", "所", "队", "处", "科", "室", "站", "中心", "公司")


def _plain(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).lower()


def names_accused_unit(accused: str, unit: str) -> bool:
    """Whether a referral to ``unit`` would send the matter to the accused or their unit (条例 art 30).

    ``accused`` is the free text the clerk wrote (``××派出所民警``, ``××分局``); the unit matches when either holds
    the other once spaces and punctuation are gone, or when the accused's text starts with the unit's name.
    """
    who, target = _plain(accused), _plain(unit)
    if len(who) < 2 or len(target) < 2:
        return False
    if target in who or who in target:
        return True
    # "××区××派出所" against an accused "××派出所民警": compare the unit part of the accused's text.
    for ending in _UNIT_ENDINGS:
        cut = who.find(ending)
        if cut > 0:
            head = who[: cut + len(ending)]
            if len(head) >= 3 and (target.endswith(head) or head.endswith(target)):
                return True
    return False


# -- redaction -------------------------------------------------------------------------------------------------

# What a clerk types between the characters of a number or a name: spaces (both widths), dashes, dots, slashes.
_GAP = r"[\s\u3000\-‐‑‒–—―－_.．·・/／、,，]*"
# A phone's country prefix as written in free text: +86, ＋86, 0086, (86).
_COUNTRY = r"(?:(?:[+＋]|00|０)?\s*[(（]?\s*[8８]\s*[6６]\s*[)）]?" + _GAP + r")?"


def _char_class(ch: str) -> str:
    """``ch`` and its full-width form (digits, Latin letters), either case."""
    forms = {ch}
    if ch.isascii() and ch.isalnum():
        forms.add(chr(ord(ch) + 0xFEE0))
        forms.update({ch.lower(), ch.upper(), chr(ord(ch.lower()) + 0xFEE0), chr(ord(ch.upper()) + 0xFEE0)})
    return "[" + "".join(re.escape(f) for f in sorted(forms)) + "]" if len(forms) > 1 else re.escape(ch)


def _spaced(value: str) -> str:
    chars = [c for c in _plain(value) if not c.isspace()]
    return _GAP.join(_char_class(c) for c in chars)


def _id_forms(id_number: str) -> list[str]:
    """The ID as stored and, for an 18-digit number of someone born in the 1900s, the old 15-digit form."""
    plain = _plain(id_number).upper()
    forms = [plain]
    if len(plain) == 18 and plain[6:8] == "19" and plain[:17].isdigit():
        forms.append(plain[:6] + plain[8:17])
    return forms


def identity_pattern(
    *,
    names: Iterable[str] = (),
    id_numbers: Iterable[str] = (),
    phones: Iterable[str] = (),
    addresses: Iterable[str] = (),
) -> re.Pattern[str] | None:
    """One pattern matching any of these identities however spaced or punctuated (None when there is nothing)."""
    return _pattern(tuple(names), tuple(id_numbers), tuple(phones), tuple(addresses))


@functools.lru_cache(maxsize=512)
def _pattern(
    names: tuple[str, ...], id_numbers: tuple[str, ...], phones: tuple[str, ...], addresses: tuple[str, ...]
) -> re.Pattern[str] | None:
    parts: list[tuple[int, str]] = []
    for name in names:
        if len(_plain(name)) >= 2:
            parts.append((len(_plain(name)), _spaced(name)))
    for number in id_numbers:
        for form in _id_forms(number):
            if len(form) >= 6:
                parts.append((len(form), _spaced(form)))
    for phone in phones:
        digits = "".join(c for c in _plain(phone) if c.isdigit())
        if len(digits) >= 5:
            if digits.startswith("86") and len(digits) == 13:
                digits = digits[2:]
            parts.append((len(digits), _COUNTRY + _spaced(digits)))
    for address in addresses:
        if len(_plain(address)) >= 4:
            parts.append((len(_plain(address)), _spaced(address)))
    if not parts:
        return None
    # Longest first: an address that holds the name is blacked out whole.
    alternatives = [p for _, p in sorted(parts, key=lambda item: -item[0])]
    return re.compile("|".join(f"(?:{p})" for p in alternatives), re.IGNORECASE)


def redact_identity(
    text: str,
    *,
    names: Iterable[str] = (),
    id_numbers: Iterable[str] = (),
    phones: Iterable[str] = (),
    addresses: Iterable[str] = (),
    mark: str = REDACTED,
) -> str:
    """``text`` with every occurrence of these names, ID numbers, phones and addresses replaced by ``mark``.

    For documents that go to the other side (the 交办单 to the accused's unit): ``139-1234-5678``,
    ``139 1234 5678``, ``+86 139…``, ``张 三``, an ID written in groups or with full-width digits all go.
    """
    if not text:
        return text
    names, id_numbers, phones, addresses = tuple(names), tuple(id_numbers), tuple(phones), tuple(addresses)
    if not _may_hold(text, names, addresses, bool(id_numbers or phones)):
        return text  # the common case (a list of 50 rows, an index row): no pattern is built
    pattern = _pattern(names, id_numbers, phones, addresses)
    if pattern is None:
        return text
    return pattern.sub(mark, text)


def _may_hold(text: str, names: tuple[str, ...], addresses: tuple[str, ...], numbers: bool) -> bool:
    """A cheap test that ``text`` could hold one of the identities: a name's or address's first character, or
    five digits of any width for an ID or phone."""
    if numbers and len(_DIGIT.findall(text)) >= 5:
        return True
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = text.lower()
    for value in (*names, *addresses):
        first = value.lstrip()[:1]
        if first and (first in text or unicodedata.normalize("NFKC", first).lower() in text):
            return True
    return False


_DIGIT = re.compile(r"\d")
