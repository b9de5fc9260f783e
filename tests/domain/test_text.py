"""The one input rule for text (reception/domain/text.py), and registration under it: plain pytest."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reception.domain.inputs import InvalidInput
from reception.domain.matter import parse_registration, registration_texts
from reception.domain.text import (
    ZERO_WIDTH,
    account_name,
    clean_text,
    escape_controls,
    is_unsafe,
    refuse_unprintable,
    visible,
)
from reception.domain.workflow import clean_params

NOW = datetime(2026, 3, 2, 10, 0)

BAD = [
    "\x1b]0;pwned\x07",  # a terminal title
    "\x1b[2J",
    "张\b三",
    "张\x00三",
    "张\x7f三",
    "张\x85三",  # C1 NEXT LINE
    "张\x9b31m三",  # C1 CSI
    "张\u202e三",
    "张\u202a三",
    "张\u202d三",
    "张\u2066三",
    "张\u2069三",
    "张\u200f三",
    "张\U000e0041三",  # a tag character
    "张\u2028三",
]


def _reg(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "channel": "visit",
        "received_at": "2026-03-02T09:30",
        "persons": [{"name": "张三", "phone": "13900000001", "address": "人民路1号"}],
        "summary": "反映噪音扰民。",
    }
    person = changes.pop("person", None)
    if person:
        data["persons"][0].update(person)
    data.update(changes)
    return data


@pytest.mark.parametrize("text", BAD)
def test_controls_and_direction_characters_are_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        clean_text(text, "姓名", "persons[0].name")
    assert exc.value.field == "persons[0].name"
    assert exc.value.message.startswith("姓名含有不可见的")
    assert "U+" in exc.value.message
    assert not any(is_unsafe(ch) for ch in exc.value.message)  # the message itself is safe to print


def test_multi_line_fields_keep_line_feed_and_tab_and_unify_line_ends() -> None:
    assert clean_text("一\r\n二\r三\u2028四\t五", "摘要", "summary", multiline=True) == "一\n二\n三\n四\t五"
    with pytest.raises(InvalidInput, match="换行"):
        clean_text("一\n二", "姓名", "name")
    with pytest.raises(InvalidInput, match="控制字符"):
        clean_text("一\x1b二", "摘要", "summary", multiline=True)


def test_zero_width_characters_are_removed_after_nfc() -> None:
    assert clean_text("张\u200b三\ufeff\u200c\u200d\u2060", "姓名") == "张三"
    assert clean_text("e\u0301", "姓名") == "\u00e9"  # NFC


@given(st.text())
def test_clean_text_never_returns_an_unsafe_or_zero_width_character(text: str) -> None:
    try:
        out = clean_text(text, "摘要", "summary", multiline=True)
    except InvalidInput:
        return
    assert not any(is_unsafe(ch, multiline=True) for ch in out)
    assert not ZERO_WIDTH & set(out)
    assert unicodedata.is_normalized("NFC", out)


@given(st.text())
def test_escaped_text_holds_no_unsafe_character_and_keeps_the_rest(text: str) -> None:
    out = escape_controls(text)
    assert not any(is_unsafe(ch) for ch in out if ch not in "\n\t")
    if not any(is_unsafe(ch) for ch in text):
        assert out == text


def test_escape_shows_what_is_stored() -> None:
    assert escape_controls("\x1b]0;x\x07张\u202e三") == "\\x1b]0;x\\x07张\\u202e三"
    assert escape_controls("一\n二", keep="") == "一\\x0a二"


def test_visible() -> None:
    assert visible("张三")
    assert not visible("   ")
    assert not visible("\u3164\u3000")  # Hangul filler, ideographic space
    assert not visible("\u0301")


@pytest.mark.parametrize("name", ["\u200b\u200b", "\u200b \u200b", "\ufeff", "\u3164"])
def test_a_zero_width_only_name_is_refused(name: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_registration(_reg(person={"name": name}), now=NOW)
    assert exc.value.field == "persons[0].name"


@pytest.mark.parametrize(
    ("person", "changes", "field"),
    [
        ({"name": "张\x1b[31m三"}, {}, "persons[0].name"),
        ({"address": "人民路\u202e1号"}, {}, "persons[0].address"),
        ({"phone": "139\u20660000001"}, {}, "persons[0].phone"),
        ({"employer": "某\x85公司"}, {}, "persons[0].employer"),
        ({}, {"summary": "反映\x1b]0;pwned\x07问题"}, "summary"),
        ({}, {"demands": "要求\u202d处理"}, "demands"),
        ({}, {"accused": "某\b人"}, "accused"),
        ({}, {"clerk": "李\u2067四"}, "clerk"),
        ({}, {"source": {"kind": "forwarded", "agency": "市\x1b局"}}, "source.agency"),
    ],
)
def test_registration_applies_the_rule_to_every_text_field(
    person: dict[str, str], changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_registration(_reg(person=person, **changes), now=NOW)
    assert exc.value.field == field


def test_registration_removes_zero_width_characters_and_keeps_summary_lines() -> None:
    m = parse_registration(_reg(person={"name": "张\u200b三"}, summary="第一行\r\n第二行\t完"), now=NOW)
    assert m.parties[0].person.name == "张三"
    assert m.summary == "第一行\n第二行\t完"


def test_action_texts_follow_the_rule() -> None:
    assert clean_params({"note": "督办\u200b意见\n第二行", "days": 30}) == {"note": "督办意见\n第二行", "days": 30}
    with pytest.raises(InvalidInput) as exc:
        clean_params({"reason": "理由\x1b[2J"})
    assert exc.value.field == "reason"
    with pytest.raises(InvalidInput) as exc:
        clean_params({"approver": "赵\u202e科长"})
    assert exc.value.field == "approver"


def test_account_names_are_nfkc_and_refuse_invisible_and_direction_characters() -> None:
    assert account_name("  ａｄｍｉｎ ") == "admin"
    assert account_name("ad\u200bmin") == "admin"
    for bad in ("ad\u202emin", "ad\x1bmin", "ad\nmin"):
        with pytest.raises(InvalidInput) as exc:
            account_name(bad)
        assert exc.value.field == "username"
    with pytest.raises(InvalidInput, match="可见"):
        account_name("\u3164")


def test_unprintable_text_is_refused_naming_the_character_and_the_field() -> None:
    def uncovered(text: str) -> list[str]:
        return [ch for ch in text if ch == "😀"]

    refuse_unprintable([("persons[0].name", "姓名", "张三")], uncovered)
    with pytest.raises(InvalidInput) as exc:
        refuse_unprintable([("summary", "摘要", "好"), ("persons[0].name", "姓名", "张😀")], uncovered)
    assert exc.value.field == "persons[0].name"
    assert exc.value.message == "姓名中的“😀”无法打印，请改用常用字或拼音"


def test_registration_texts_name_every_printed_field() -> None:
    m = parse_registration(_reg(demands="要求", accused="某人"), now=NOW)
    fields = {f: t for f, _label, t in registration_texts(m)}
    assert fields["persons[0].name"] == "张三"
    assert fields["persons[0].address"] == "人民路1号"
    assert fields["summary"] == "反映噪音扰民。"
    assert fields["demands"] == "要求"
    assert fields["accused"] == "某人"
