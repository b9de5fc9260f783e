"""What forbids accepting a matter whatever the clerk chooses, and the refusals that rest on another matter:
不再受理 after 复核 across linked registrations (art 36), the same matter already in hand (art 19 ¶3), a
skip-level visit (art 20) and a litigation matter on route (6) (art 28)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from reception.domain import workflow as wf
from reception.domain.codes import Status
from reception.domain.matter import Event, Matter, parse_registration
from reception.domain.workflow import TransitionRefused

NOW = datetime(2030, 1, 1)
ACTOR = "李警官"


def _matter(number: str, **extra) -> Matter:
    data = {
        "channel": "visit",
        "received_at": "2026-03-02T09:00",
        "persons": [{"name": "张三", "id_number": "11010519491231002X", "phone": "13812341234"}],
        "summary": "小区门口夜间施工噪音扰民，多次报警未果",
        "clerk": ACTOR,
        **extra,
    }
    matter = parse_registration(data, now=NOW)
    matter.number = number
    wf.apply(matter, Event("register", at=matter.received_at, actor=ACTOR))
    return matter


def _step(matter: Matter, action: str, params: dict, earlier=()) -> None:
    at = matter.events[-1].at + timedelta(hours=1)
    wf.apply(matter, wf.decide(matter, action, params, actor=ACTOR, at=at, now=NOW, earlier=earlier))


def _rechecked() -> Matter:
    m = _matter("2026-01-000001")
    _step(m, "accept", {"route": 6})
    _step(m, "reply", {"outcome": "deny", "text": "不予支持"})
    _step(m, "request-review", {})
    _step(m, "review-reply", {"outcome": "deny", "text": "维持"})
    _step(m, "request-review", {})
    _step(m, "review-reply", {"outcome": "deny", "text": "维持"})
    assert m.status is Status.RECHECKED
    return m


def _refused(matter: Matter, action: str, params: dict, earlier=()) -> TransitionRefused:
    at = matter.events[-1].at + timedelta(hours=1)
    with pytest.raises(TransitionRefused) as info:
        wf.decide(matter, action, params, actor=ACTOR, at=at, now=NOW, earlier=earlier)
    return info.value


def test_the_same_facts_registered_again_after_a_recheck_are_not_accepted():
    old = _rechecked()
    again = _matter("2026-01-000002", link_to=old.number)
    err = _refused(again, "accept", {"route": 6}, earlier=[old])
    assert "第三十六条" in err.message and old.number in err.message
    _step(again, "reject", {"reason_code": 4}, earlier=[old])
    assert again.status is Status.NOT_ACCEPTED and again.reason_code == 4


def test_already_rechecked_needs_a_recheck_somewhere():
    err = _refused(_matter("2026-01-000003"), "reject", {"reason_code": 4})
    assert err.field == "reason_code" and "已经复核" in err.message


def test_the_same_matter_in_hand_is_not_accepted_again():
    busy = _matter("2026-01-000004")
    _step(busy, "accept", {"route": 6})
    again = _matter("2026-01-000005", link_to=busy.number)
    err = _refused(again, "accept", {"route": 6}, earlier=[busy])
    assert "第十九条第三款" in err.message
    _step(again, "reject", {"reason_code": 7}, earlier=[busy])
    assert _refused(_matter("2026-01-000006"), "reject", {"reason_code": 7}).field == "reason_code"


def test_a_skip_level_visit_is_refused_and_told_where_to_go():
    visit = _matter("2026-01-000007", skip_level=True)
    assert "第二十条" in _refused(visit, "accept", {"route": 6}).message
    assert _refused(visit, "reject", {"reason_code": 8}).field == "direct_to"
    _step(visit, "reject", {"reason_code": 8, "direct_to": "××区公安分局"})
    assert visit.direct_to == "××区公安分局"
    assert _refused(_matter("2026-01-000008"), "reject", {"reason_code": 8, "direct_to": "某局"}).field == "reason_code"


def test_a_litigation_matter_goes_its_legal_route_not_route_6():
    case = _matter("2026-01-000009", litigation=True)
    err = _refused(case, "accept", {"route": 6})
    assert err.field == "route" and "第二十八条" in err.message
    _step(case, "accept", {"route": 1})
    assert case.route == 1


def test_a_letter_without_an_address_owes_no_written_notice():
    """Art 23's exception: no address, nowhere to write — the 15-day notice clock does not run (no 超期)."""
    letter = _matter("2026-01-000010", channel="letter")
    letter.petitioner.address = ""
    assert wf.notice_exempt(letter)
    assert all(c.kind.value != "notify" for c in wf.clocks(letter, wf.WorkCalendar()))
    visit = _matter("2026-01-000011")
    assert not wf.notice_exempt(visit)
    assert any(c.kind.value == "notify" for c in wf.clocks(visit, wf.WorkCalendar()))
