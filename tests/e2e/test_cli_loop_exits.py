"""``reception act`` for the ends of the closed loop the regulation gives: a route-(1)-(5) matter told its legal
route and closed (条例 art 31), the assigned unit's 办结报告, a new assignment after 督办, the 复核 hearing (art 36),
and the 复查/复核 answer clocks shown as the higher agency's."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reception.cli import main
from tests.actors import AS_ADMIN

# the command's ledger has the accounts of tests/actors.py, their password in RECEPTION_AUTH_FILE
pytestmark = pytest.mark.usefixtures("cli_login")

BOSS = "王科长"


def _run(capsys, argv: list[str]) -> tuple[int, str, str]:
    try:
        rc = main(argv if "--as" in argv else [*AS_ADMIN, *argv])
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return rc, out, err


def _register(capsys, monkeypatch, data: dict[str, Any]) -> tuple[str, datetime]:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(data, ensure_ascii=False)))
    rc, out, err = _run(capsys, ["register", "-", "--json"])
    assert rc == 0, err
    return json.loads(out)["number"], datetime.fromisoformat(data["received_at"])


def _steps(capsys, number: str, received: datetime, steps: list[list[str]]) -> None:
    for hour, step in enumerate(steps, start=1):
        at = (received + timedelta(hours=hour)).isoformat(timespec="minutes")
        rc, _out, err = _run(capsys, ["act", number, *step, "--as", BOSS, "--at", at])
        assert rc == 0, (step, err)


def _show(capsys, number: str) -> dict[str, Any]:
    rc, out, err = _run(capsys, ["show", number, "--json"])
    assert rc == 0, err
    return json.loads(out)


def test_a_legal_route_matter_is_told_its_route_closed_and_counted_in_the_closure_rate(
    capsys, monkeypatch, env_db: Path, sample_registration
) -> None:
    number, received = _register(capsys, monkeypatch, sample_registration())
    _steps(capsys, number, received, [["accept", "--route", "1"]])
    rc, _out, err = _run(capsys, ["act", number, "close", "--result", "legal", "--as", BOSS])
    assert rc == 2 and "法定途径" in err and len(err.strip().splitlines()) == 1
    where = "请自收到本告知之日起六个月内向××区人民法院提起行政诉讼"
    _steps(
        capsys,
        number,
        received + timedelta(hours=1),
        [["inform-route", "--text", where], ["close", "--result", "legal", "--note", "已转入诉讼程序"]],
    )
    shown = _show(capsys, number)
    assert shown["status"] == "closed"
    kinds = [e["kind"] for e in shown["events"]]
    assert kinds == ["register", "accept", "inform-route", "close"]
    assert shown["events"][2]["payload"]["text"] == where
    assert shown["events"][3]["payload"]["result"] == "legal"

    from reception.services.context import open_services

    services = open_services(env_db)
    try:
        report = services.stats.report(received.date() - timedelta(days=1), date.today())
    finally:
        services.close()
    assert (report.figure("matters"), report.figure("finished_matters"), report.figure("closure_rate")) == (1, 1, 1.0)
    assert report.figure("on_time_closure_rate") == 1.0


def test_the_unit_report_stops_the_feedback_clock_and_a_supervised_matter_is_assigned_again(
    capsys, monkeypatch, env_db: Path, sample_registration
) -> None:
    number, received = _register(capsys, monkeypatch, sample_registration())
    due = (received + timedelta(days=1)).date().isoformat()
    _steps(capsys, number, received, [["accept"], ["assign", "--to", "psb-legal", "--due", due]])
    reported = received.date().isoformat()
    rc, _out, err = _run(capsys, ["act", number, "unit-report", "--date", reported, "--as", BOSS])
    assert rc == 2 and "报告内容" in err
    _steps(
        capsys,
        number,
        received + timedelta(hours=2),
        [["unit-report", "--date", reported, "--text", "已办结，报告附后"]],
    )
    shown = _show(capsys, number)
    feedback = next(c for c in shown["clocks"] if c["kind"] == "referral_feedback")
    assert feedback["stopped_at"].startswith(reported) and feedback["level"] == "normal"
    assert shown["current_clock"]["kind"] == "handle"

    _steps(
        capsys,
        number,
        received + timedelta(hours=3),
        [["supervise", "--note", "请重新办理"], ["assign", "--to", "12345", "--due", due]],
    )
    shown = _show(capsys, number)
    assert shown["status"] == "assigned" and shown["handling_unit"] != "××市公安局法制支队"
    feedback = next(c for c in shown["clocks"] if c["kind"] == "referral_feedback")
    assert feedback["stopped_at"] is None


def test_the_hearing_is_not_counted_and_the_answer_clocks_are_the_higher_agencys(
    capsys, monkeypatch, env_db: Path, sample_registration
) -> None:
    number, received = _register(capsys, monkeypatch, sample_registration())
    _steps(
        capsys,
        number,
        received,
        [
            ["accept"],
            ["reply", "--outcome", "deny", "--text", "不予支持。"],
            ["request-review"],
            ["review-reply", "--outcome", "deny", "--text", "维持。"],
            ["request-review"],
        ],
    )
    shown = _show(capsys, number)
    answer = next(c for c in shown["clocks"] if c["kind"] == "recheck_answer")
    assert answer["party"] == "higher"
    assert next(c for c in shown["clocks"] if c["kind"] == "review_answer")["party"] == "higher"
    assert shown["current_clock"] is None  # the desk owes nothing while the higher agency re-checks
    day = (received + timedelta(hours=6)).date().isoformat()
    _steps(capsys, number, received + timedelta(hours=5), [["hearing", "--start", day, "--end", day]])
    later = next(c for c in _show(capsys, number)["clocks"] if c["kind"] == "recheck_answer")
    assert date.fromisoformat(later["due"]) > date.fromisoformat(answer["due"])
