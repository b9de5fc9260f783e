"""The ledger follows a new registration's links back: 不再受理 after 复核 and the same matter in hand hold across
records, not only inside one (条例 arts 19 ¶3, 36)."""

from __future__ import annotations

from typing import Any

import pytest

from reception.domain.workflow import TransitionRefused
from tests.actors import ADMIN, admin

CLERK = "刘喆"


def _rechecked(led: Any, registration: dict[str, Any]) -> str:
    number = led.register(registration, actor=ADMIN).number
    for action, params in (
        ("accept", {}),
        ("reply", {"outcome": "deny", "text": "不予支持"}),
        ("request-review", {}),
        ("review-reply", {"outcome": "deny", "text": "维持"}),
        ("request-review", {}),
        ("review-reply", {"outcome": "deny", "text": "维持"}),
    ):
        led.act(number, action, params, actor=admin(CLERK))
    return number


def test_a_repeat_of_a_repeat_of_a_rechecked_matter_is_not_accepted(services, sample_registration):
    led = services.ledger
    first = _rechecked(led, sample_registration(clerk=CLERK))
    second = led.register(sample_registration(clerk=CLERK, link_to=first), actor=ADMIN).number
    led.act(second, "reject", {"reason_code": 4}, actor=admin(CLERK))
    third = led.register(sample_registration(clerk=CLERK, link_to=second), actor=ADMIN).number
    with pytest.raises(TransitionRefused, match="第三十六条"):
        led.act(third, "accept", {}, actor=admin(CLERK))
    assert led.act(third, "reject", {"reason_code": 4}, actor=admin(CLERK)).reason_code == 4


def test_a_repeat_of_a_matter_in_hand_is_refused_under_article_19(services, sample_registration):
    led = services.ledger
    first = led.register(sample_registration(clerk=CLERK), actor=ADMIN).number
    led.act(first, "accept", {}, actor=admin(CLERK))
    again = led.register(sample_registration(clerk=CLERK, link_to=first), actor=ADMIN).number
    with pytest.raises(TransitionRefused, match="第十九条第三款"):
        led.act(again, "accept", {}, actor=admin(CLERK))
    with pytest.raises(TransitionRefused, match="已经复核"):
        led.act(again, "reject", {"reason_code": 4}, actor=admin(CLERK))
    assert led.act(again, "reject", {"reason_code": 7}, actor=admin(CLERK)).reason_code == 7
