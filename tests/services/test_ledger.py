"""The desk's use cases on a real ledger file: register, act through the closed loop, show, rows."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reception.domain.matter import InvalidInput
from reception.domain.workflow import TransitionRefused
from reception.services.ledger import NotFound
from tests.actors import ADMIN, admin

LEVELS = {"normal", "warn", "alert", "severe", "overdue"}


def _count(services, table: str) -> int:
    return services.store.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def _clock_columns(services, number: str) -> tuple[Any, Any, Any]:
    kind, start, due = services.store.execute(
        f"SELECT clock_kind, clock_start, clock_due FROM matter WHERE number = {services.store.ph}", (number,)
    ).fetchone()
    return kind, (str(start)[:10] if start else None), (str(due)[:10] if due else None)


def _matter_counter(services) -> int | None:
    row = services.store.execute(
        f"SELECT SUM(value) FROM counter WHERE name LIKE {services.store.ph}", ("matter:%",)
    ).fetchone()
    return row[0]


def _received(data: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(data["received_at"])


def _calendar_due(services, start: date, days: int) -> date:
    """The statutory due day by the rule of DOMAIN.md: first day not counted, a holiday rolls forward."""
    due = start + timedelta(days=days)
    while services.ledger.calendar.is_holiday(due):
        due += timedelta(days=1)
    return due


# -- register ---------------------------------------------------------------------------------------------------


def test_register_numbers_and_saves(services, sample_registration) -> None:
    data = sample_registration()
    m = services.ledger.register(data, actor=ADMIN)
    year = _received(data).year
    assert m.number == f"{year}-01-000001"
    assert len(m.uuid) == 36
    assert m.status.value == "registered"
    assert not m.is_repeat and m.repeat_of == []
    assert _count(services, "matter") == 1
    assert _count(services, "person") == 1
    assert _count(services, "event") == 1
    m2 = services.ledger.register(sample_registration(), actor=ADMIN)
    assert m2.number == f"{year}-01-000002"


def test_same_id_twice_is_one_person_file_and_a_repeat(services, sample_registration, make_id) -> None:
    idn = make_id(7, birth="19720909")
    first = services.ledger.register(sample_registration(name="周七", id_number=idn, phone="13811112222"), actor=ADMIN)
    second = services.ledger.register(
        sample_registration(name="周七", id_number=idn.lower(), phone="13833334444", summary="第二次来访"), actor=ADMIN
    )
    assert _count(services, "person") == 1
    assert second.is_repeat is True
    assert second.repeat_of == [first.number]
    assert first.is_repeat is False
    # The person file keeps the newest contact details.
    phone = services.store.execute("SELECT phone FROM person").fetchone()[0]
    assert phone == "13833334444"
    shown = services.ledger.show(second.number)
    assert shown.is_repeat is True and shown.repeat_of == [first.number]
    assert services.ledger.show(first.number).is_repeat is False


def test_persons_without_id_are_separate_files(services, sample_registration) -> None:
    a = services.ledger.register(sample_registration(name="无证人", id_number=""), actor=ADMIN)
    b = services.ledger.register(sample_registration(name="无证人", id_number=""), actor=ADMIN)
    assert _count(services, "person") == 2
    assert not a.is_repeat and not b.is_repeat


def test_link_to_known_matter(services, sample_registration) -> None:
    first = services.ledger.register(sample_registration(id_number=""), actor=ADMIN)
    later = services.ledger.register(sample_registration(id_number="", link_to=[first.number]), actor=ADMIN)
    assert later.is_repeat and later.repeat_of == [first.number]


def test_link_to_unknown_number_is_refused_and_writes_nothing(services, sample_registration) -> None:
    services.ledger.register(sample_registration(), actor=ADMIN)
    before = {t: _count(services, t) for t in ("matter", "person", "event", "matter_party")}
    counter = _matter_counter(services)
    with pytest.raises(NotFound) as info:
        services.ledger.register(sample_registration(link_to=["2020-01-999999"]), actor=ADMIN)
    assert "2020-01-999999" in str(info.value)
    assert info.value.field == "link_to"
    assert {t: _count(services, t) for t in before} == before
    assert _matter_counter(services) == counter


def test_invalid_registration_writes_nothing(services, sample_registration) -> None:
    with pytest.raises(InvalidInput):
        services.ledger.register(sample_registration(channel="pigeon"), actor=ADMIN)
    with pytest.raises(InvalidInput):
        services.ledger.register(sample_registration(id_number="110101198001011230"), actor=ADMIN)  # bad check digit
    assert _count(services, "matter") == 0
    assert _count(services, "person") == 0
    assert _matter_counter(services) is None


# -- the closed loop ----------------------------------------------------------------------------------------------


def test_main_path_accept_to_close(services, sample_registration) -> None:
    lg = services.ledger
    data = sample_registration()
    received = _received(data)
    m = lg.register(data, actor=ADMIN)
    n = m.number

    kind, start, due = _clock_columns(services, n)
    assert (kind, start) == ("notify", received.date().isoformat())
    assert due == _calendar_due(services, received.date(), 15).isoformat()

    at = received + timedelta(hours=1)
    steps: list[tuple[str, dict[str, Any], str]] = [
        ("accept", {}, "accepted"),
        ("assign", {"to": "psb-legal"}, "assigned"),
        ("supervise", {"note": "请加快办理"}, "supervised"),
        ("extend", {"days": "15", "reason": "情况复杂", "approver": "王科长"}, "extended"),
        ("reply", {"outcome": "support", "text": "经调查，诉求合理，予以支持。"}, "replied"),
        ("return-visit", {"satisfaction": "satisfied"}, "return_visited"),
        ("close", {}, "closed"),
    ]
    handle_due = None
    for i, (action, params, status) in enumerate(steps):
        result = lg.act(n, action, params, actor=admin("王科长"), at=at + timedelta(hours=i))
        assert result.status.value == status, action
        assert lg.show(n).status == status
        kind, start, due = _clock_columns(services, n)
        current = lg.show(n).current_clock
        if action == "accept":
            assert kind == "handle" and start == (at).date().isoformat()
            handle_due = _calendar_due(services, at.date(), 60)
            assert due == handle_due.isoformat()
        elif action in ("assign", "supervise"):
            assert kind == "handle" and due == handle_due.isoformat()
        elif action == "extend":
            assert kind == "handle"
            assert due == _calendar_due(services, at.date(), 75).isoformat(), "60 + 15 days from acceptance"
        else:  # replied, visited, closed: nothing of the desk's runs any more
            assert (kind, due) == (None, None)
            assert current is None
        if current is not None:
            assert current.due == due and current.level in LEVELS

    shown = lg.show(n)
    assert [e.kind for e in shown.events] == ["register"] + [s[0] for s in steps]
    times = [e.at for e in shown.events]
    assert times == sorted(times)
    assert shown.events[0].at == received.isoformat()
    assert shown.handling_unit == "××市公安局法制支队"
    assert shown.extension_days == 15 and shown.supervision_count == 1
    assert shown.reply_outcome == "support" and shown.satisfaction == "satisfied"
    assert shown.events[2].payload["to"] == "××市公安局法制支队"
    assert shown.events[2].payload["to_code"] == "psb-legal"
    clocks = {c.kind: c for c in shown.clocks}
    assert {"notify", "handle", "review_request"} <= set(clocks)
    for c in shown.clocks:
        assert c.due and c.level in LEVELS
    assert clocks["notify"].stopped_at == (at).isoformat()
    assert clocks["handle"].extended_days == 15
    assert _count(services, "event") == 1 + len(steps)


def test_assign_with_due_date_sets_the_running_clock(services, sample_registration) -> None:
    lg = services.ledger
    data = sample_registration()
    received = _received(data)
    n = lg.register(data, actor=ADMIN).number
    lg.act(n, "accept", actor=admin("王科长"), at=received + timedelta(hours=1))
    unit_due = received.date() + timedelta(days=20)
    lg.act(
        n,
        "assign",
        {"to": "××市公安局交通警察支队", "due": unit_due.isoformat()},
        actor=admin("王科长"),
        at=received + timedelta(hours=2),
    )
    assert _clock_columns(services, n) == ("referral_feedback", received.date().isoformat(), unit_due.isoformat())
    shown = lg.show(n)
    assert shown.current_clock.kind == "referral_feedback"
    assert shown.current_clock.due == unit_due.isoformat()
    assert shown.handling_unit == "××市公安局交通警察支队"


def test_reject(services, sample_registration) -> None:
    lg = services.ledger
    data = sample_registration()
    n = lg.register(data, actor=ADMIN).number
    with pytest.raises(TransitionRefused):
        lg.act(n, "reject", {"reason_code": "9"}, actor=admin("李四"))
    with pytest.raises(TransitionRefused):
        lg.act(n, "reject", {"reason_code": "1"}, actor=admin("李四"))  # must say where to go
    assert _count(services, "event") == 1
    m = lg.act(
        n,
        "reject",
        {"reason_code": "3", "direct_to": "××区人民法院"},
        actor=admin("李四"),
        at=_received(data) + timedelta(minutes=30),
    )
    assert m.status.value == "not_accepted"
    shown = lg.show(n)
    assert shown.status == "not_accepted"
    assert shown.events[-1].payload["reason_code"] == 3
    assert shown.events[-1].payload["direct_to"] == "××区人民法院"
    assert _clock_columns(services, n) == (None, None, None)
    assert shown.current_clock is None
    notify = next(c for c in shown.clocks if c.kind == "notify")
    assert notify.stopped_at is not None and notify.level == "normal"


def test_reject_direct_to_directory_code_is_resolved(services, sample_registration) -> None:
    """DESIGN.md: AGENCY is a directory entry's code or exact name; the notice must name the agency, not a code."""
    lg = services.ledger
    n = lg.register(sample_registration(), actor=ADMIN).number
    lg.act(n, "reject", {"reason_code": "3", "direct_to": "court"}, actor=admin("李四"))
    assert lg.show(n).events[-1].payload["direct_to"] == "××市中级人民法院"
    assert lg.get(n).direct_to == "××市中级人民法院"


@pytest.mark.parametrize(
    ("to", "name"),
    [
        ("12345", "12345政务服务便民热线"),
        ("12337", "12337政法干警违纪违法举报平台"),
        ("××市信访局", "××市信访局"),
        (" 12345 ", "12345政务服务便民热线"),
    ],
)
def test_refer_resolves_directory_entries(services, sample_registration, to: str, name: str) -> None:
    lg = services.ledger
    n = lg.register(sample_registration(), actor=ADMIN).number
    m = lg.act(n, "refer", {"to": to}, actor=admin("李四"))
    assert m.status.value == "referred"
    shown = lg.show(n)
    assert shown.handling_unit == name
    assert shown.events[-1].payload["to"] == name
    assert _clock_columns(services, n) == (None, None, None)


def test_refer_to_unknown_agency_is_refused(services, sample_registration) -> None:
    lg = services.ledger
    n = lg.register(sample_registration(), actor=ADMIN).number
    with pytest.raises(NotFound) as info:
        lg.act(n, "refer", {"to": "火星信访局"}, actor=admin("李四"))
    assert "火星信访局" in str(info.value)
    with pytest.raises(InvalidInput):
        lg.act(n, "refer", {}, actor=admin("李四"))
    shown = lg.show(n)
    assert shown.status == "registered"
    assert [e.kind for e in shown.events] == ["register"]


def test_illegal_transitions_change_nothing(services, sample_registration) -> None:
    lg = services.ledger
    data = sample_registration()
    n = lg.register(data, actor=ADMIN).number
    for action, params in [
        ("close", {}),
        ("reply", {"outcome": "support", "text": "x"}),
        ("assign", {"to": "12345"}),
        ("return-visit", {"satisfaction": "satisfied"}),
        ("fly", {}),
    ]:
        with pytest.raises(TransitionRefused):
            lg.act(n, action, params, actor=admin("王科长"))
    lg.act(n, "accept", actor=admin("王科长"))
    with pytest.raises(TransitionRefused):
        lg.act(n, "accept", actor=admin("王科长"))
    assert [e.kind for e in lg.show(n).events] == ["register", "accept"]


def test_back_dated_entries_are_checked(services, sample_registration) -> None:
    lg = services.ledger
    data = sample_registration()
    received = _received(data)
    n = lg.register(data, actor=ADMIN).number
    with pytest.raises(TransitionRefused):
        lg.act(n, "accept", actor=admin("王科长"), at=received - timedelta(minutes=1))  # before registration
    with pytest.raises(TransitionRefused):
        lg.act(n, "accept", actor=admin("王科长"), at=datetime.now() + timedelta(days=1))  # in the future
    lg.act(n, "accept", actor=admin("王科长"), at=received + timedelta(days=1))
    with pytest.raises(TransitionRefused):  # before the previous step
        lg.act(n, "supervise", {"note": "x"}, actor=admin("王科长"), at=received + timedelta(hours=1))
    events = lg.show(n).events
    assert events[-1].at == (received + timedelta(days=1)).isoformat()
    assert events[-1].actor == "王科长"


def test_unknown_number(services) -> None:
    with pytest.raises(NotFound):
        services.ledger.show("2026-01-999999")
    with pytest.raises(NotFound):
        services.ledger.act("2026-01-999999", "accept", actor=admin("王科长"))


# -- show and rows: masking ---------------------------------------------------------------------------------------


def test_show_masks_unless_revealed(services, sample_registration, make_id) -> None:
    idn = make_id(5, birth="19880808")
    n = services.ledger.register(sample_registration(id_number=idn, phone="13812345678"), actor=ADMIN).number
    party = services.ledger.show(n).parties[0]
    assert party.id_number != idn and "*" in party.id_number
    assert party.id_number[:6] == idn[:6] and party.id_number[-4:] == idn[-4:]
    assert party.phone == "138****5678"
    assert party.birth_date == "1988-08-08" and party.sex in ("male", "female")
    revealed = services.ledger.show(n, reveal=True, actor=ADMIN).parties[0]
    assert revealed.id_number == idn and revealed.phone == "13812345678"


def test_rows_are_masked(services, sample_registration, make_id) -> None:
    idn = make_id(6, birth="19880808")
    m = services.ledger.register(sample_registration(name="吴六", id_number=idn), actor=ADMIN)
    rows = services.ledger.rows([m.id])
    assert len(rows) == 1
    row = rows[0]
    assert row.number == m.number and row.name == "吴六"
    assert row.id_number != idn and row.id_number.endswith(idn[-4:])
    assert idn not in repr(rows)
    assert row.due is not None and row.level in LEVELS


def test_show_json_ready(services, sample_registration) -> None:
    import json

    n = services.ledger.register(sample_registration(), actor=ADMIN).number
    text = json.dumps(dataclasses.asdict(services.ledger.show(n)), ensure_ascii=False)
    assert n in text


# -- two ledgers in one process -----------------------------------------------------------------------------------


def test_two_ledgers_open_in_one_process_do_not_mix(tmp_path: Path, sample_registration) -> None:
    """Restore, verify and tests open a second ledger while the first is open: writes must go where they belong."""
    from reception.services.context import open_services

    a = open_services(tmp_path / "a.db")
    b = open_services(tmp_path / "b.db")
    try:
        ma = a.ledger.register(sample_registration(summary="甲台账"), actor=ADMIN)
        mb = b.ledger.register(sample_registration(summary="乙台账"), actor=ADMIN)
        a.ledger.act(ma.number, "accept", actor=admin("王科长"))
        assert a.ledger.show(ma.number).summary == "甲台账"
        assert a.ledger.show(ma.number).status == "accepted"
        assert b.ledger.show(mb.number).status == "registered"
    finally:
        a.close()
        b.close()
    for name, summary in (("a.db", "甲台账"), ("b.db", "乙台账")):
        con = sqlite3.connect(tmp_path / name)
        try:
            assert con.execute("SELECT summary FROM matter").fetchall() == [(summary,)], name
            assert con.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 1
        finally:
            con.close()
