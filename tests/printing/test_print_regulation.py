"""What the notices say, held to 《信访工作条例》: the 60-day date of an acceptance notice, an extension whose
dates add up after a holiday roll, the article behind every refusal, one form of address, the 复查 agency."""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any

import pytest

from reception.domain.roles import Principal, Role
from tests.actors import admin

CLERK = "刘喆"
ADMIN = Principal(name="admin", role=Role.ADMINISTRATOR)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _print(svc: Any, number: str, kind: str, pdf_text: Any) -> str:
    buf = io.BytesIO()
    svc.documents.print_document(number, kind, buf, actor=admin(CLERK))
    return _flat(pdf_text(buf.getvalue()))


@pytest.fixture
def extended(services: Any, sample_registration: Any) -> str:
    """Accepted on 2 August 2026: day 60 is 1 October (国庆), so the 60-day date rolls to 8 October; extended by
    30 days the handling ends on day 90 from acceptance, 31 October."""
    led = services.ledger
    number = led.register(sample_registration(received_at="2026-07-31T09:30:00", clerk=CLERK), actor=admin()).number
    led.act(number, "accept", {}, actor=admin(CLERK), at=datetime(2026, 8, 2, 10, 0))
    led.act(
        number,
        "extend",
        {"days": 30, "reason": "案情复杂，需进一步调查取证", "approver": "赵科长"},
        actor=admin(CLERK),
        at=datetime(2026, 9, 20, 10, 0),
    )
    return number


def test_an_acceptance_notice_printed_after_an_extension_keeps_the_60_day_date(services, extended, pdf_text):
    text = _print(services, extended, "acceptance", pdf_text)
    assert "60日内办结，即于2026年10月8日前" in text
    assert "10月31日" not in text


def test_the_extension_notice_adds_up_after_a_holiday_roll(services, extended, pdf_text):
    text = _print(services, extended, "extension", pdf_text)
    assert "原定于2026年10月8日前办结" in text
    # 10月8日 + 30 days is not 10月31日: the notice says the period is counted from acceptance
    assert "办理期限延长30日，即自受理之日起90日内办结" in text
    assert "2026年10月31日前" in text


@pytest.mark.parametrize(
    ("code", "direct_to", "article"),
    [
        (1, "××市人力资源和社会保障局", "第二十三条"),
        (2, "××县公安局", "第二十三条"),
        (3, "××区人民法院", "第二十八条"),
        (6, "××市公安局法制支队", "第三十一条"),
    ],
)
def test_every_refusal_cites_its_article(services, sample_registration, pdf_text, code, direct_to, article):
    led = services.ledger
    number = led.register(sample_registration(clerk=CLERK), actor=admin()).number
    led.act(number, "reject", {"reason_code": code, "direct_to": direct_to}, actor=admin(CLERK))
    text = _print(services, number, "rejection", pdf_text)
    assert f"根据《信访工作条例》{article}的规定" in text
    assert "有关规定" not in text


def test_the_receipt_and_the_notices_address_the_visitor_alike(services, sample_registration, pdf_text):
    led = services.ledger
    number = led.register(sample_registration(clerk=CLERK), actor=admin()).number
    receipt = _print(services, number, "receipt", pdf_text)
    led.act(number, "accept", {}, actor=admin(CLERK))
    notice = _print(services, number, "acceptance", pdf_text)
    assert "您" not in receipt
    assert "你" in receipt
    assert "您" not in notice


def test_the_reply_names_the_agency_to_ask_for_review_and_the_notes_give_the_desks_contact(
    services, sample_registration, pdf_text
):
    led = services.ledger
    led.save_settings(
        {"review_agency": "××省公安厅", "agency_address": "××市人民路1号", "agency_phone": "010-12345678"},
        actor=ADMIN,
    )
    number = led.register(sample_registration(clerk=CLERK), actor=admin()).number
    led.act(number, "accept", {}, actor=admin(CLERK))
    led.act(number, "reply", {"outcome": "explain", "text": "经调查，已向你解释有关政策。"}, actor=admin(CLERK))
    text = _print(services, number, "reply", pdf_text)
    assert "收到本意见书之日起30日内向××省公安厅请求复查" in text
    assert "地址：××市人民路1号" in text
    assert "联系电话：010-12345678" in text


def test_the_signature_leaves_room_for_the_seal(services, sample_registration, pdf_text):
    led = services.ledger
    number = led.register(sample_registration(clerk=CLERK), actor=admin()).number
    led.act(number, "accept", {}, actor=admin(CLERK))
    text = _print(services, number, "acceptance", pdf_text)
    assert "（印章）" in text


def test_each_notice_is_dated_by_its_decision_not_by_the_day_it_was_printed(services, extended, pdf_text):
    """Accepted on 2 August, extended on 20 September, printed today: the notices carry the decisions' dates."""
    acceptance = _print(services, extended, "acceptance", pdf_text)
    extension = _print(services, extended, "extension", pdf_text)
    today = f"{datetime.now().year}年{datetime.now().month}月{datetime.now().day}日"
    assert "××市公安局（印章）2026年8月2日" in acceptance
    assert "××市公安局（印章）2026年9月20日" in extension
    assert f"（印章）{today}" not in acceptance + extension
