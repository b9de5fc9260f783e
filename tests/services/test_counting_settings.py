"""The counting rules and the holiday file are the ledger's: set by an administrator, used by every door (the desk
and the command line), and every stored due date follows a change."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reception.domain.clocks import COUNTING_SETTINGS, CountingRules, rules_from_settings
from reception.domain.inputs import InvalidInput
from reception.domain.roles import Principal, Role
from reception.services.context import open_services
from tests.actors import admin

ADMIN = Principal(name="admin", role=Role.ADMINISTRATOR)
CLERK = "刘喆"


def _row_due(svc: Any, number: str) -> str | None:
    """The due date the ledger's row carries (the stored clock the 台账 sorts and warns by)."""
    matter_id = svc.ledger.repo.matter_id(number)
    return svc.ledger.rows([matter_id])[0].due


def test_the_defaults_and_their_sources():
    assert rules_from_settings({}) == CountingRules()
    assert CountingRules().roll_past_weekend is False
    for label, _field, source in COUNTING_SETTINGS.values():
        assert label
        assert source.startswith("默认：")
    assert "第二百零一条" in COUNTING_SETTINGS["count_first_day"][2]
    assert "第二百零三条" in COUNTING_SETTINGS["count_holiday_roll"][2]


def test_rolling_past_a_weekend_moves_the_stored_due_date(services, sample_registration):
    # received Friday 13 November 2026: the 15-day notice is due Saturday 28 November (no holiday near)
    led = services.ledger
    number = led.register(sample_registration(received_at="2026-11-13T09:30:00", clerk=CLERK), actor=admin()).number
    assert _row_due(services, number) == "2026-11-28"
    led.save_settings({"count_weekend_roll": "1"}, actor=ADMIN)
    assert _row_due(services, number) == "2026-11-30"
    assert led.show(number).current_clock.due == "2026-11-30"
    led.save_settings({"count_first_day": "0"}, actor=ADMIN)  # day 15 is then Friday 27 November
    assert _row_due(services, number) == "2026-11-27"
    verified = services.audit.verify()  # each recounted matter is an entry the chain covers
    assert verified.ok, verified.problems
    with pytest.raises(InvalidInput, match="应为 1"):
        led.save_settings({"count_weekend_roll": "yes"}, actor=ADMIN)


def test_the_rules_are_the_ledgers_not_the_desks(tmp_path: Path, sample_registration):
    ledger = tmp_path / "ledger.db"
    desk = open_services(ledger)
    desk.ledger.save_settings({"count_weekend_roll": "1"}, actor=ADMIN)
    desk.close()
    shell = open_services(ledger)  # what a `reception …` command opens
    try:
        assert shell.ledger.rules.roll_past_weekend is True
    finally:
        shell.close()


def _schedule_2027(path: Path) -> Path:
    path.write_text(
        json.dumps(
            {
                "format": 1,
                "years": {
                    "2027": {
                        "source": "国务院办公厅关于2027年部分节假日安排的通知（试验用）",
                        "holidays": [{"name": "春节", "from": "2027-02-06", "to": "2027-02-12"}],
                        "workdays": [],
                    }
                },
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path


def test_an_imported_holiday_file_is_used_by_every_door_and_recomputes_due_dates(tmp_path: Path, sample_registration):
    ledger = tmp_path / "ledger.db"
    desk = open_services(ledger)
    desk.ledger.clock = lambda: datetime(2027, 1, 25, 10, 0)
    # received 22 January 2027: day 15 is 6 February 2027, the first day of the 2027 Spring Festival above
    number = desk.ledger.register(
        sample_registration(received_at="2027-01-22T09:30:00", clerk=CLERK), actor=admin()
    ).number
    before = _row_due(desk, number)
    assert desk.ledger.show(number).current_clock.provisional is True
    desk.ledger.import_calendar(
        _schedule_2027(tmp_path / "h2027.json"), tmp_path / "desk" / "holidays.json", actor=ADMIN
    )
    assert _row_due(desk, number) == "2027-02-13"
    assert before != "2027-02-13"
    desk.close()
    shell = open_services(ledger)  # no calendar_file: the command line
    shell.ledger.clock = lambda: datetime(2027, 1, 25, 10, 0)
    try:
        view = shell.ledger.show(number)
        assert view.current_clock.due == "2027-02-13"
        assert view.current_clock.provisional is False
    finally:
        shell.close()
