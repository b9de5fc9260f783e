"""Tests for identity numbers and phone numbers (reception.domain.identity)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reception.domain.identity import (
    DOC_TYPE_LABELS,
    DocType,
    IdInfo,
    IdNumberError,
    PhoneError,
    check_digit,
    is_resident_id_candidate,
    mask_id,
    mask_phone,
    normalize_id,
    normalize_phone,
    parse_id,
    validate_phone,
)

TODAY = date(2025, 6, 1)
FEMALE_1949 = "11010519491231002X"
MALE_1880 = "440524188001010014"


def _with_check(first17: str) -> str:
    return first17 + check_digit(first17)


# --------------------------------------------------------------------------- #
# Resident ID: the standard's vectors
# --------------------------------------------------------------------------- #


def test_vector_female_1949() -> None:
    info = parse_id(FEMALE_1949, today=TODAY)
    assert info == IdInfo(
        number=FEMALE_1949,
        doc_type=DocType.RESIDENT_ID,
        birth_date=date(1949, 12, 31),
        sex="female",
        region_code="110105",
        region_name="北京市朝阳区",
        warnings=(),
    )


def test_vector_male_1880() -> None:
    info = parse_id(MALE_1880, today=TODAY)
    assert info.number == MALE_1880
    assert info.birth_date == date(1880, 1, 1)
    assert info.sex == "male"
    assert info.region_code == "440524"


def test_region_not_in_force_for_birth_year_is_only_a_warning() -> None:
    # stdnum's own validate() refuses this real vector because 440524 was only
    # used 1983-1993; the desk must accept it and ask the clerk to look.
    from stdnum.cn import ric

    assert not ric.is_valid(MALE_1880)
    info = parse_id(MALE_1880, today=TODAY)
    assert len(info.warnings) == 1
    assert "440524" in info.warnings[0]
    assert "请核对" in info.warnings[0]
    assert info.region_name == "广东省潮阳县"


def test_check_digit_of_vectors() -> None:
    assert check_digit(FEMALE_1949[:17]) == "X"
    assert check_digit(MALE_1880[:17]) == "4"


@pytest.mark.parametrize(
    "bad", ["", "1234", "123456789012345678", "abcdefghijklmnopq", "１２３４５６７８９０１２３４５６７"]
)
def test_check_digit_rejects_non_17_digits(bad: str) -> None:
    with pytest.raises(IdNumberError):
        check_digit(bad)


def test_default_doc_type_is_resident_id_and_string_doc_type_accepted() -> None:
    assert parse_id(FEMALE_1949, today=TODAY).doc_type is DocType.RESIDENT_ID
    assert parse_id(FEMALE_1949, "resident_id", today=TODAY).doc_type is DocType.RESIDENT_ID
    assert parse_id(FEMALE_1949, "居民身份证", today=TODAY).doc_type is DocType.RESIDENT_ID


def test_unknown_doc_type_string_is_an_error() -> None:
    with pytest.raises(IdNumberError, match="证件类型"):
        parse_id("123", "driving_licence")


# --------------------------------------------------------------------------- #
# Normalisation
# --------------------------------------------------------------------------- #


def test_lower_case_x_is_accepted() -> None:
    assert parse_id("11010519491231002x", today=TODAY).number == FEMALE_1949


def test_full_width_digits_and_spaces() -> None:
    raw = "\u3000１１０１０５　１９４９１２３１ ００２ｘ "
    assert normalize_id(raw) == FEMALE_1949
    assert parse_id(raw, today=TODAY).number == FEMALE_1949


def test_full_width_capital_x_and_tabs() -> None:
    assert normalize_id("\t110105 19491231 002Ｘ\n") == FEMALE_1949


def test_normalize_id_does_not_validate() -> None:
    assert normalize_id("12 3x") == "123X"
    assert normalize_id("") == ""
    assert normalize_id("abc") == "abc"


# --------------------------------------------------------------------------- #
# 15-digit old numbers
# --------------------------------------------------------------------------- #


def test_fifteen_digit_round_trip() -> None:
    eighteen = FEMALE_1949
    fifteen = eighteen[:6] + eighteen[8:17]  # drop "19" and the check char
    assert len(fifteen) == 15
    info = parse_id(fifteen, today=TODAY)
    assert info.number == eighteen
    assert info.birth_date == date(1949, 12, 31)
    assert info.sex == "female"
    assert info.region_name == "北京市朝阳区"
    assert any("15 位" in w for w in info.warnings)


def test_fifteen_digit_with_letters_is_an_error() -> None:
    with pytest.raises(IdNumberError, match="15 位"):
        parse_id("11010549123100X", today=TODAY)


# --------------------------------------------------------------------------- #
# Errors
# --------------------------------------------------------------------------- #


def test_wrong_check_char_names_the_right_one() -> None:
    with pytest.raises(IdNumberError) as excinfo:
        parse_id("110105194912310021", today=TODAY)
    assert str(excinfo.value) == "身份证号校验位不对，应为 X"
    assert excinfo.value.message == "身份证号校验位不对，应为 X"

    with pytest.raises(IdNumberError) as excinfo:
        parse_id("44052418800101001X", today=TODAY)
    assert str(excinfo.value) == "身份证号校验位不对，应为 4"


def test_id_number_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_id("1", today=TODAY)


def test_impossible_birth_date() -> None:
    number = _with_check("11010519490230002")
    with pytest.raises(IdNumberError, match="出生日期") as excinfo:
        parse_id(number, today=TODAY)
    assert "19490230" in str(excinfo.value)


def test_future_birth_date() -> None:
    number = _with_check("11010520300101002")
    with pytest.raises(IdNumberError, match="晚于今天"):
        parse_id(number, today=TODAY)
    # Born today is fine.
    born_today = _with_check("110105" + TODAY.strftime("%Y%m%d") + "002")
    assert parse_id(born_today, today=TODAY).birth_date == TODAY


@pytest.mark.parametrize("raw", ["1101051949123100", "1101051949123100211", "11010519491231"])
def test_wrong_length(raw: str) -> None:
    with pytest.raises(IdNumberError, match="18 位") as excinfo:
        parse_id(raw, today=TODAY)
    assert str(len(raw)) in str(excinfo.value)


@pytest.mark.parametrize("raw", ["11010519491231A02X", "X10105194912310021", "E12345678", "110105-19491231-002X"])
def test_non_digits(raw: str) -> None:
    with pytest.raises(IdNumberError, match="只能是数字"):
        parse_id(raw, today=TODAY)


@pytest.mark.parametrize("raw", ["", "   ", "\u3000"])
def test_empty_resident_id(raw: str) -> None:
    with pytest.raises(IdNumberError, match="请填写身份证号"):
        parse_id(raw, today=TODAY)


def test_error_messages_are_chinese_one_liners() -> None:
    for raw in ["", "123", "11010519490230002X", "110105194912310021", "1101051949123100 A"]:
        with pytest.raises(IdNumberError) as excinfo:
            parse_id(raw, today=TODAY)
        message = str(excinfo.value)
        assert "\n" not in message
        assert any("\u4e00" <= c <= "\u9fff" for c in message)


# --------------------------------------------------------------------------- #
# Regions
# --------------------------------------------------------------------------- #


def test_unknown_region_is_a_warning_not_an_error() -> None:
    number = _with_check("99999919800101001")
    info = parse_id(number, today=TODAY)
    assert info.number == number
    assert info.region_code == "999999"
    assert info.region_name is None
    assert info.warnings == ("地区代码 999999 未能识别，请核对",)


@pytest.mark.parametrize(
    ("prefix", "name"),
    [("810000", "香港居民居住证"), ("820000", "澳门居民居住证"), ("830000", "台湾居民居住证")],
)
@pytest.mark.parametrize("year", ["1960", "2001"])
def test_residence_permit_prefixes(prefix: str, name: str, year: str) -> None:
    number = _with_check(prefix + year + "0101001")
    info = parse_id(number, today=TODAY)
    assert info.region_code == prefix
    assert info.region_name == name
    assert info.warnings == ()
    assert info.sex == "male"


def test_province_level_code_not_doubled() -> None:
    info = parse_id(_with_check("11000019800101002"), today=TODAY)
    assert info.region_name == "北京市"


# --------------------------------------------------------------------------- #
# Other documents
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("doc_type", [DocType.PASSPORT, DocType.HK_MACAO_PASS, DocType.TAIWAN_PASS, DocType.OTHER])
def test_other_documents_are_normalised_only(doc_type: DocType) -> None:
    info = parse_id("  e 1234 5678\u3000", doc_type)
    assert info == IdInfo(
        number="E12345678",
        doc_type=doc_type,
        birth_date=None,
        sex=None,
        region_code=None,
        region_name=None,
        warnings=(),
    )


def test_other_documents_accept_any_format() -> None:
    assert parse_id("c12-345(6)", DocType.HK_MACAO_PASS).number == "C12-345(6)"
    assert parse_id("ｈ１２３", "taiwan_pass").number == "H123"
    # A resident-ID-shaped string under another type is not checksum-checked.
    assert parse_id("110105194912310021", DocType.OTHER).number == "110105194912310021"


@pytest.mark.parametrize("doc_type", [DocType.PASSPORT, DocType.HK_MACAO_PASS, DocType.TAIWAN_PASS, DocType.OTHER])
def test_other_documents_must_not_be_empty(doc_type: DocType) -> None:
    with pytest.raises(IdNumberError) as excinfo:
        parse_id(" \u3000", doc_type)
    assert DOC_TYPE_LABELS[doc_type] in str(excinfo.value)


def test_other_document_too_long() -> None:
    with pytest.raises(IdNumberError, match="太长"):
        parse_id("A" * 41, DocType.PASSPORT)


def test_no_document_may_be_empty() -> None:
    info = parse_id("", DocType.NONE)
    assert info.number == ""
    assert info.doc_type is DocType.NONE
    assert parse_id("", "none").warnings == ()


def test_labels_cover_every_doc_type() -> None:
    assert set(DOC_TYPE_LABELS) == set(DocType)
    assert DOC_TYPE_LABELS[DocType.RESIDENT_ID] == "居民身份证"
    assert DOC_TYPE_LABELS[DocType.PASSPORT] == "护照"
    assert DOC_TYPE_LABELS[DocType.HK_MACAO_PASS] == "港澳通行证"
    assert DOC_TYPE_LABELS[DocType.TAIWAN_PASS] == "台胞证"
    assert DOC_TYPE_LABELS[DocType.OTHER] == "其他证件"
    assert DOC_TYPE_LABELS[DocType.NONE] == "无证件"


def test_doc_type_values_are_stable() -> None:
    assert [d.value for d in DocType] == [
        "resident_id",
        "passport",
        "hk_macao_pass",
        "taiwan_pass",
        "other",
        "none",
    ]


# --------------------------------------------------------------------------- #
# Search-box candidate
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "text",
    [
        FEMALE_1949,
        "11010519491231002x",
        "110105",
        "1101051949",
        "110105491231002",
        "002X",
        "１１０１０５",
        "110105 1949",
    ],
)
def test_resident_id_candidates(text: str) -> None:
    assert is_resident_id_candidate(text)


@pytest.mark.parametrize("text", ["", "张三", "1234", "X", "E12345678", "1101051949123100211", "11X0105", "张110105"])
def test_not_resident_id_candidates(text: str) -> None:
    assert not is_resident_id_candidate(text)


# --------------------------------------------------------------------------- #
# Masking documents
# --------------------------------------------------------------------------- #


def test_mask_resident_id_examples() -> None:
    assert mask_id("110105194912311234") == "110105********1234"
    assert mask_id(FEMALE_1949) == "110105********002X"
    assert mask_id("110105491231002") == "110105*****1002"
    assert mask_id("") == ""


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("E12345678", "E*****678"),
        ("C12345678", "C*****678"),
        ("H1234567890", "H1******890"),
        ("AB123456", "A****456"),
        ("123456", "1***56"),
        ("12345", "***45"),
        ("1234", "**34"),
        ("12", "*2"),
        ("1", "*"),
    ],
)
def test_mask_other_document_examples(number: str, masked: str) -> None:
    assert mask_id(number) == masked


@given(st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-()", min_size=1, max_size=40))
def test_mask_other_never_reveals_more_than_half(number: str) -> None:
    masked = mask_id(number)
    assert len(masked) == len(number)
    revealed = [(i, c) for i, c in enumerate(masked) if c != "*"]
    assert len(revealed) <= len(number) // 2
    assert all(number[i] == c for i, c in revealed)


# --------------------------------------------------------------------------- #
# Phones
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("＋86 13812345678", "13812345678"),
        ("0086-138-1234-5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("010-8765 4321", "01087654321"),
        ("(0571) 8888-8888", "057188888888"),
        ("+86 10 8765 4321", "01087654321"),
        ("+86 571 8888 8888", "057188888888"),
        ("8765\u30004321", "87654321"),
        ("", ""),
        ("无", ""),
    ],
)
def test_normalize_phone(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 1234 5678", "13812345678"),
        ("+86 199-0000-1111", "19900001111"),
        ("010-87654321", "01087654321"),
        ("0571-88888888", "057188888888"),
        ("87654321", "87654321"),
        ("8765432", "8765432"),
    ],
)
def test_validate_phone_accepts(raw: str, expected: str) -> None:
    assert validate_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "请填写联系电话"),
        ("  ", "请填写联系电话"),
        ("1381234567", "手机号应为 11 位"),
        ("138123456789", "手机号应为 11 位"),
        ("23456", "位数不对"),
        ("0571888888881", "位数不对"),
    ],
)
def test_validate_phone_refuses(raw: str, fragment: str) -> None:
    with pytest.raises(PhoneError) as excinfo:
        validate_phone(raw)
    assert fragment in str(excinfo.value)
    assert isinstance(excinfo.value, ValueError)
    assert excinfo.value.message == str(excinfo.value)


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812341234", "138****1234"),
        ("+86 138 1234 1234", "138****1234"),
        ("01087654321", "010****4321"),
        ("057188888888", "0571****8888"),
        ("05718888888", "0571****888"),
        ("0108765432", "010****432"),
        ("87654321", "****4321"),
        ("8765432", "*****32"),
        ("12", "**"),
        ("", ""),
    ],
)
def test_mask_phone_examples(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_mask_phone_reveals_at_most_seven_of_eleven(phone: str) -> None:
    masked = mask_phone(phone)
    assert sum(c != "*" for c in masked) <= 7
    if normalize_phone(phone) == phone:  # no country code to strip: positions line up
        assert len(masked) == 11
        assert all(phone[i] == c for i, c in enumerate(masked) if c != "*")


@given(st.text(alphabet="0123456789", min_size=1, max_size=12))
def test_mask_phone_always_hides_something(phone: str) -> None:
    digits = normalize_phone(phone)
    assume(digits)
    masked = mask_phone(phone)
    assert "*" in masked
    assert len(masked) == len(digits)
    hidden = masked.count("*")
    n = len(digits)
    assert hidden >= (min(4, n - 2) if n > 2 else n)


def test_mask_phone_strips_country_code_first() -> None:
    assert mask_phone("0086 138 1234 1234") == "138****1234"
    assert mask_phone("0086") == ""


# --------------------------------------------------------------------------- #
# Properties of the resident ID checksum
# --------------------------------------------------------------------------- #

_DIGITS = "0123456789"


@st.composite
def first17_with_valid_date(draw: st.DrawFn) -> str:
    region = draw(st.text(alphabet=_DIGITS, min_size=6, max_size=6))
    born = draw(st.dates(min_value=date(1800, 1, 1), max_value=TODAY))
    sequence = draw(st.text(alphabet=_DIGITS, min_size=3, max_size=3))
    return region + born.strftime("%Y%m%d") + sequence


@given(first17_with_valid_date())
def test_appending_check_digit_gives_an_accepted_id(first17: str) -> None:
    number = first17 + check_digit(first17)
    info = parse_id(number, today=TODAY)
    assert info.number == number
    assert info.birth_date is not None
    assert info.birth_date.strftime("%Y%m%d") == first17[6:14]
    assert info.sex == ("male" if int(first17[16]) % 2 else "female")
    assert info.region_code == first17[:6]


@given(first17_with_valid_date(), st.integers(min_value=0, max_value=17), st.data())
def test_any_single_substitution_is_detected(first17: str, position: int, data: st.DataObject) -> None:
    number = first17 + check_digit(first17)
    alphabet = _DIGITS + "X" if position == 17 else _DIGITS
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != number[position]]))
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(IdNumberError):
        parse_id(changed, today=TODAY)


@given(first17_with_valid_date())
def test_mask_id_keeps_length_head_and_tail(first17: str) -> None:
    number = first17 + check_digit(first17)
    masked = mask_id(number)
    assert len(masked) == len(number)
    assert masked[:6] == number[:6]
    assert masked[-4:] == number[-4:]
    assert masked[6:-4] == "*" * 8


@given(first17_with_valid_date())
def test_fifteen_digit_conversion_round_trip(first17: str) -> None:
    if first17[6:8] != "19":
        first17 = first17[:6] + "19" + first17[8:]
    eighteen = first17 + check_digit(first17)
    fifteen = eighteen[:6] + eighteen[8:17]
    try:
        expected = parse_id(eighteen, today=TODAY)
    except IdNumberError:  # e.g. 29 February moved into a non-leap 19xx year
        return
    assert parse_id(fifteen, today=TODAY).number == expected.number
