"""Identity documents and phone numbers of visitors: normalise, check, mask.

The reception desk types numbers in a hurry, often with a Chinese input method
switched on, so the first job here is to forgive what the keyboard did (full-width
digits, a lower-case ``x``, spaces) and the second is to catch real typing mistakes
(a wrong digit, an impossible date) before the number reaches the ledger, where it
is used to find earlier visits of the same person.

Resident ID numbers follow GB 11643-1999.  We compute the checksum ourselves
instead of calling ``stdnum.cn.ric.validate`` because that function also refuses
numbers whose region code was not in force in the birth year; region codes change
every year and people keep the number they were given, so a mismatch there is a
reason to look twice, never a reason to turn a visitor away.  python-stdnum is used
only for its GB/T 2260 region table.

Masking lives here too because what may be shown on a screen or a printed notice
is a rule about the document, not about the widget that shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "DOC_TYPE_LABELS",
    "DocType",
    "IdInfo",
    "IdNumberError",
    "PhoneError",
    "check_digit",
    "is_resident_id_candidate",
    "mask_id",
    "mask_phone",
    "normalize_id",
    "normalize_phone",
    "parse_id",
    "validate_phone",
]


class DocType(StrEnum):
    """Kinds of identity document a visitor may show.

    Values are stable ASCII strings because they are stored in the ledger; the
    Chinese wording shown to clerks is in :data:`DOC_TYPE_LABELS` so it can be
    reworded without touching stored data.
    """

    RESIDENT_ID = "resident_id"
    PASSPORT = "passport"
    HK_MACAO_PASS = "hk_macao_pass"
    TAIWAN_PASS = "taiwan_pass"
    OTHER = "other"
    NONE = "none"


DOC_TYPE_LABELS: dict[DocType, str] = {
    DocType.RESIDENT_ID: "居民身份证",
    DocType.PASSPORT: "护照",
    DocType.HK_MACAO_PASS: "港澳通行证",
    DocType.TAIWAN_PASS: "台胞证",
    DocType.OTHER: "其他证件",
    DocType.NONE: "无证件",
}


@dataclass(frozen=True)
class IdInfo:
    """What a checked document number tells us about its holder.

    ``warnings`` carries things the clerk should look at but that must not stop
    registration (for example a region code our table does not know yet).
    """

    number: str
    doc_type: DocType
    birth_date: date | None
    sex: str | None
    region_code: str | None
    region_name: str | None
    warnings: tuple[str, ...]


class IdNumberError(ValueError):
    """A document number that cannot be accepted; ``message`` is shown to the clerk as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message: str = message

    def __str__(self) -> str:
        return self.message


class PhoneError(ValueError):
    """A phone number that cannot be accepted; ``message`` is shown to the clerk as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message: str = message

    def __str__(self) -> str:
        return self.message


# --------------------------------------------------------------------------- #
# Normalisation
# --------------------------------------------------------------------------- #

# Full-width digits and X come from Chinese input methods left in full-width mode.
_FULLWIDTH_ID = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "Ｘ": "X", "ｘ": "X", "x": "X"})
_FULLWIDTH_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})
# Characters that are invisible but survive copy-and-paste from web pages and Word.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def _strip_spaces(raw: str) -> str:
    """Drop every kind of space, including U+3000 and zero-width ones, anywhere in the text.

    Clerks group digits with spaces to read them back to the visitor; those
    spaces are never part of a number.
    """
    text = "".join(raw.split())
    return text.translate({ord(c): None for c in _INVISIBLE})


def normalize_id(raw: str) -> str:
    """Undo keyboard accidents in a resident ID number without judging it.

    Removes all spaces, turns full-width digits and X into ASCII and upper-cases
    a lower-case ``x``.  No validation, so the search box can use it on partial input.
    """
    return _strip_spaces(raw).translate(_FULLWIDTH_ID)


def _normalize_other_document(raw: str) -> str:
    """Passports, passes and the like: spaces out, full-width forms folded, upper case.

    Their formats vary by issuer and change over time, so we do not check more
    than that; upper-casing makes the same passport typed twice compare equal.
    """
    text = _strip_spaces(raw)
    # Fold full-width ASCII (U+FF01..U+FF5E) to ASCII: same reason as for resident IDs.
    text = "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text)
    return text.upper()


# --------------------------------------------------------------------------- #
# Resident ID (GB 11643-1999)
# --------------------------------------------------------------------------- #

_WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"

# Residence permits for people from Hong Kong, Macao and Taiwan use these
# pseudo region codes (since 2018); the region table either lacks them or only
# knows them from the handover years, so we name them ourselves.
_PERMIT_REGIONS: dict[str, str] = {
    "810000": "香港居民居住证",
    "820000": "澳门居民居住证",
    "830000": "台湾居民居住证",
}

_MAX_OTHER_DOC_LEN = 40


def check_digit(first17: str) -> str:
    """Return the GB 11643 check character ('0'-'9' or 'X') for the first 17 digits.

    Exposed so that 15-digit numbers can be upgraded and tests can build valid numbers.
    """
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise IdNumberError("计算校验位需要身份证号前 17 位数字")
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _is_ascii_digits(text: str) -> bool:
    """``str.isdigit`` also accepts e.g. Arabic-Indic digits; ID numbers are plain ASCII."""
    return text.isascii() and text.isdigit()


def _coerce_doc_type(doc_type: DocType | str) -> DocType:
    """Accept the enum, its stored value or its Chinese label, because callers hold any of these."""
    if isinstance(doc_type, DocType):
        return doc_type
    try:
        return DocType(doc_type)
    except ValueError:
        pass
    for member, label in DOC_TYPE_LABELS.items():
        if doc_type == label:
            return member
    raise IdNumberError(f"不认识的证件类型：{doc_type}")


def _county_entries(county_field: str) -> list[tuple[int | None, int | None, str]]:
    """Split stdnum's ``[1983-1993]潮阳县,[1994-]…`` county field into (start, end, name)."""
    entries: list[tuple[int | None, int | None, str]] = []
    for raw in county_field.split(","):
        part = raw.strip()
        if not part:
            continue
        start: int | None = None
        end: int | None = None
        match = re.fullmatch(r"\[(\d*)-(\d*)\](.*)", part)
        if match:
            start = int(match.group(1)) if match.group(1) else None
            end = int(match.group(2)) if match.group(2) else None
            part = match.group(3)
        entries.append((start, end, part))
    return entries


def _join_place(province: str, county: str) -> str:
    """'北京市' + '朝阳区' → '北京市朝阳区'; avoid '北京市北京市' for province-level codes."""
    if not county or county == province:
        return province
    return province + county


def _region_lookup(number18: str, birth_year: int) -> tuple[str | None, list[str]]:
    """Name the region of an 18-digit number, returning (name, warnings).

    Never raises: the region table is incomplete and goes out of date, so every
    lookup problem becomes a warning for the clerk to check with the visitor.
    """
    code = number18[:6]
    if code in _PERMIT_REGIONS:
        return _PERMIT_REGIONS[code], []
    try:
        from stdnum.cn import ric

        place = ric.get_birth_place(number18)
        return _join_place(place.get("province", ""), place.get("county", "")) or None, []
    except Exception:
        pass

    # The code may be known but not in force in the birth year; stdnum does not
    # tell the two cases apart, so look at the raw table to word the warning well.
    try:
        from stdnum import numdb

        results = numdb.get("cn/loc").info(code)
        info = {k: v for _part, props in results for k, v in props.items()}
    except Exception:
        info = {}
    county_field = info.get("county", "")
    if not county_field:
        return None, [f"地区代码 {code} 未能识别，请核对"]

    entries = _county_entries(county_field)

    # Prefer the name in force nearest to the birth year: that is most likely the intended place.
    def distance(entry: tuple[int | None, int | None, str]) -> int:
        start, end, _name = entry
        if start is not None and birth_year < start:
            return start - birth_year
        if end is not None and birth_year > end:
            return birth_year - end
        return 0

    start, end, county = min(entries, key=distance)
    name = _join_place(info.get("province", ""), county)
    if start and end:
        period = f"{start}–{end} 年使用"
    elif start:
        period = f"{start} 年起使用"
    elif end:
        period = f"用到 {end} 年"
    else:
        period = "其他年份使用"
    return name, [f"地区代码 {code}（{name}，{period}）与出生年份 {birth_year} 年对不上，请核对"]


def _parse_resident_id(raw: str, today: date) -> IdInfo:
    """Check a resident ID number and pull out birth date, sex and region."""
    number = normalize_id(raw)
    warnings: list[str] = []
    if not number:
        raise IdNumberError("请填写身份证号")

    if len(number) == 15:
        if not _is_ascii_digits(number):
            raise IdNumberError("15 位旧身份证号只能是数字")
        old = number
        first17 = old[:6] + "19" + old[6:]
        number = first17 + check_digit(first17)
        warnings.append(f"15 位旧身份证号 {old} 已换算为 18 位 {number}，请核对")
    else:
        body, last = number[:-1], number[-1:]
        if not _is_ascii_digits(body) or not (_is_ascii_digits(last) or last == "X"):
            raise IdNumberError("身份证号只能是数字，最后一位可以是 X")
        if len(number) != 18:
            raise IdNumberError(f"身份证号应为 18 位（旧证 15 位），现在是 {len(number)} 位")

    ymd = number[6:14]
    try:
        birth = date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:8]))
    except ValueError:
        raise IdNumberError(f"身份证号中的出生日期 {ymd} 不是有效日期，请核对") from None
    if birth > today:
        raise IdNumberError(f"身份证号中的出生日期 {birth.isoformat()} 晚于今天，请核对")

    expected = check_digit(number[:17])
    if number[17] != expected:
        raise IdNumberError(f"身份证号校验位不对，应为 {expected}")

    sex = "male" if int(number[16]) % 2 == 1 else "female"
    region_name, region_warnings = _region_lookup(number, birth.year)
    warnings.extend(region_warnings)
    return IdInfo(
        number=number,
        doc_type=DocType.RESIDENT_ID,
        birth_date=birth,
        sex=sex,
        region_code=number[:6],
        region_name=region_name,
        warnings=tuple(warnings),
    )


def parse_id(raw: str, doc_type: DocType | str = DocType.RESIDENT_ID, *, today: date | None = None) -> IdInfo:
    """Normalise and check a document number; raise :class:`IdNumberError` if it cannot be used.

    Only resident IDs carry enough structure to be checked; other documents are
    normalised and must not be empty, so the desk never blocks a foreign visitor
    over a format we do not know.  ``today`` is a parameter so tests and
    back-dated entries do not depend on the clock.
    """
    kind = _coerce_doc_type(doc_type)
    if kind is DocType.RESIDENT_ID:
        return _parse_resident_id(raw, today or date.today())

    number = _normalize_other_document(raw)
    if kind is not DocType.NONE:
        label = DOC_TYPE_LABELS[kind]
        if not number:
            raise IdNumberError(f"请填写{label}号码")
        if len(number) > _MAX_OTHER_DOC_LEN:
            raise IdNumberError(f"{label}号码太长（最多 {_MAX_OTHER_DOC_LEN} 位），请核对")
    return IdInfo(
        number=number,
        doc_type=kind,
        birth_date=None,
        sex=None,
        region_code=None,
        region_name=None,
        warnings=(),
    )


_CANDIDATE_RE = re.compile(r"\d+X?|X")


def is_resident_id_candidate(text: str) -> bool:
    """Tell the search box whether the text could be (part of) a resident ID number.

    True for 6 to 18 digits with an optional final X (a prefix such as a region
    code, a whole number, or a 15-digit old one), and for shorter digit strings
    ending in X (the tail of a number, as read off a card).  Plain short numbers
    are left to name/phone search, since 4-5 digits say too little.
    """
    norm = normalize_id(text)
    if not norm or not _CANDIDATE_RE.fullmatch(norm) or not norm.isascii():
        return False
    if len(norm) > 18:
        return False
    if norm.endswith("X"):
        return len(norm) >= 2
    return len(norm) >= 6


# --------------------------------------------------------------------------- #
# Masking
# --------------------------------------------------------------------------- #

_RESIDENT_SHAPE = re.compile(r"\d{17}[\dXx]|\d{15}")


def mask_id(number: str) -> str:
    """Hide the middle of a document number for screens and printed notices.

    Resident IDs keep the region (first 6) and the last 4, which is what clerks
    use to confirm identity by phone; the birth date is hidden.  Other numbers
    keep 1-2 leading and 2-4 trailing characters but never more than half.
    The length is kept so the masked form still looks like the document.
    """
    if not number:
        return ""
    n = len(number)
    if _RESIDENT_SHAPE.fullmatch(number):
        return number[:6] + "*" * (n - 10) + number[-4:]
    if n < 6:
        # Too short to keep a head and a tail within half: show only the end.
        keep = min(2, n // 2)
        return "*" * (n - keep) + (number[n - keep :] if keep else "")
    head = 1 if n < 10 else 2
    tail = max(2, min(4, n // 2 - head))
    return number[:head] + "*" * (n - head - tail) + number[n - tail :]


# --------------------------------------------------------------------------- #
# Phone numbers
# --------------------------------------------------------------------------- #


def normalize_phone(raw: str) -> str:
    """Reduce a phone number to its digits, the form stored and compared in the ledger.

    Drops spaces, dashes, brackets and the country code (+86 / 0086, also typed as
    a bare 86 before a mobile number).  For a landline written internationally
    (+86 10 …) the trunk 0 is put back so it reads as dialled in China.
    """
    text = _strip_spaces(raw).translate(_FULLWIDTH_DIGITS).replace("＋", "+")
    international = False
    if text.startswith("+86"):
        text, international = text[3:], True
    elif text.startswith("0086"):
        text, international = text[4:], True
    digits = "".join(c for c in text if c.isascii() and c.isdigit())
    if not international and len(digits) == 13 and digits.startswith("861"):
        digits, international = digits[2:], True
    if international and digits and not digits.startswith(("0", "1")):
        digits = "0" + digits
    if international and digits.startswith("1") and len(digits) != 11:
        # Beijing (10) written internationally: +86 10 1234 5678.
        digits = "0" + digits
    return digits


def validate_phone(raw: str) -> str:
    """Return the normalised phone number or raise :class:`PhoneError`.

    Accepts an 11-digit mobile number starting with 1, or a landline of 7-12
    digits with or without the area code.  A number starting with 1 that is not
    11 digits is almost always a mobile with a digit missing, so it is refused.
    """
    digits = normalize_phone(raw)
    if not digits:
        raise PhoneError("请填写联系电话")
    if digits.startswith("1"):
        if len(digits) == 11:
            return digits
        raise PhoneError(f"手机号应为 11 位，现在是 {len(digits)} 位，请核对")
    if 7 <= len(digits) <= 12:
        return digits
    raise PhoneError(f"电话号码位数不对（现在是 {len(digits)} 位）：手机号 11 位，座机 7 到 12 位（可带区号）")


def _area_code_length(digits: str) -> int:
    """Chinese area codes: 010 and 02x are three digits, all others four."""
    return 3 if digits[1:2] in ("1", "2") else 4


def mask_phone(phone: str) -> str:
    """Hide the middle of a phone number; at least four digits always stay hidden.

    Mobile: 138****1234.  Landline with area code: the area code and the last
    3-4 digits stay, so the clerk can still tell the city and confirm the number.
    Local landline: the last 4.  Anything shorter: all but the last 2.
    """
    digits = normalize_phone(phone)
    n = len(digits)
    if n == 0:
        return ""
    if n == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    if digits.startswith("0") and n >= 10:
        head = _area_code_length(digits)
        tail = max(2, min(4, n - head - 4))
        return digits[:head] + "*" * (n - head - tail) + digits[n - tail :]
    if n >= 11:
        return digits[:3] + "*" * (n - 7) + digits[-4:]
    if n >= 8:
        return "*" * (n - 4) + digits[-4:]
    keep = 2 if n > 2 else 0
    return "*" * (n - keep) + digits[n - keep :]
