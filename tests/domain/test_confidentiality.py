"""检举控告 (条例 art 30): the rule for who reaches a complainant, and redaction however the text is written."""

from __future__ import annotations

import pytest

from reception.domain.confidentiality import (
    REDACTED,
    is_confidential,
    may_match_complainant,
    may_see_complainant,
    names_accused_unit,
    redact_identity,
)
from reception.domain.roles import Principal, Role

NAME, ID, PHONE = "王检举", "11010519491231002X", "13912345678"
ADDRESS = "××市××区人民路1号"

CLERK = Principal("李四", Role.CLERK)
OTHER = Principal("王五", Role.CLERK)
SUPERVISOR = Principal("赵科长", Role.SUPERVISOR)
ADMIN = Principal("钱管理", Role.ADMINISTRATOR)


@pytest.mark.parametrize(
    ("category", "purpose", "expected"),
    [
        ("complaint", "demand", True),
        ("complaint", "complaint", True),
        ("grievance", "complaint", True),  # 揭发控告 filed under another kind
        ("grievance", "demand", False),  # a demand naming the company it is against is not a 检举控告
        ("suggestion", "suggestion", False),
    ],
)
def test_is_confidential(category: str, purpose: str, expected: bool) -> None:
    assert is_confidential(category, purpose) is expected


@pytest.mark.parametrize(
    ("viewer", "match", "see"),
    [(None, False, False), (OTHER, False, False), (CLERK, False, True), (SUPERVISOR, True, True), (ADMIN, True, True)],
)
def test_who_reaches_the_complainant(viewer: Principal | None, match: bool, see: bool) -> None:
    assert may_match_complainant(viewer) is match
    assert may_see_complainant(viewer, first_receiver="李四") is see


@pytest.mark.parametrize(
    "written",
    [
        "13912345678",
        "139-1234-5678",
        "139 1234 5678",
        "139－1234－5678",
        "１３９１２３４５６７８",
        "+86 139 1234 5678",
        "+86-13912345678",
        "0086 139-1234-5678",
        "(86)13912345678",
        "139.1234.5678",
    ],
)
def test_phone_is_redacted_however_written(written: str) -> None:
    text = f"请联系我，电话{written}，谢谢。"
    out = redact_identity(text, phones=[PHONE])
    assert out == f"请联系我，电话{REDACTED}，谢谢。", out
    assert "5678" not in out


@pytest.mark.parametrize(
    "written",
    [
        ID,
        ID.lower(),
        "110105 19491231 002X",
        "1101 0519 4912 3100 2x",
        "110105-19491231-002X",
        "１１０１０５１９４９１２３１００２Ｘ",
        "110105491231002",  # the old 15-digit form of the same number
    ],
)
def test_id_number_is_redacted_however_written(written: str) -> None:
    out = redact_identity(f"身份证号{written}。", id_numbers=[ID])
    assert out == f"身份证号{REDACTED}。", out


@pytest.mark.parametrize("written", ["王检举", "王 检 举", "王　检举", "王·检举", "王-检-举"])
def test_name_is_redacted_however_spaced(written: str) -> None:
    out = redact_identity(f"本人{written}实名举报。", names=[NAME])
    assert out == f"本人{REDACTED}实名举报。", out


@pytest.mark.parametrize("written", [ADDRESS, "××市 ××区 人民路 1 号", "××市××区人民路１号"])
def test_address_is_redacted_however_spaced(written: str) -> None:
    out = redact_identity(f"住{written}。", addresses=[ADDRESS])
    assert out == f"住{REDACTED}。", out


def test_everything_at_once_and_the_rest_kept() -> None:
    text = "王 检举（身份证 110105 19491231 002X，电话 139-1234-5678）反映××派出所民警违规收费。"
    out = redact_identity(text, names=[NAME], id_numbers=[ID], phones=[PHONE])
    assert out == f"{REDACTED}（身份证 {REDACTED}，电话 {REDACTED}）反映××派出所民警违规收费。"


def test_nothing_to_hide_leaves_text_alone() -> None:
    assert redact_identity("反映噪音扰民。", names=["某"], phones=["12"]) == "反映噪音扰民。"
    assert redact_identity("", names=[NAME]) == ""


def test_other_numbers_survive() -> None:
    out = redact_identity("案件编号 2026-01-0001，电话 139-8765-4321。", phones=[PHONE])
    assert out == "案件编号 2026-01-0001，电话 139-8765-4321。"


@pytest.mark.parametrize(
    ("accused", "unit", "expected"),
    [
        ("××派出所民警", "××派出所", True),
        ("××分局", "××分局", True),
        ("××区××派出所民警张某", "××派出所", True),
        ("××派出所民警", "××市××区××派出所", True),
        ("××派出所 民警", "×× 派出所", True),
        ("××派出所民警", "12345政务服务便民热线", False),
        ("", "××派出所", False),
        ("某建筑公司", "××派出所", False),
    ],
)
def test_names_accused_unit(accused: str, unit: str, expected: bool) -> None:
    assert names_accused_unit(accused, unit) is expected
