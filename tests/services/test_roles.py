"""Who may do what, enforced by the services (issue 6): every role against every action of the closed loop.

For each action of :data:`reception.domain.workflow.ACTIONS` a fresh matter is driven (by a supervisor) to a state
in which the state machine allows that action, then the action is tried by the first receiver (a clerk), by
another clerk (首接负责制), by a supervisor and by an administrator.  A refused action changes nothing: no event,
no status change, no audit entry.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from reception.domain import roles
from reception.domain.codes import Status
from reception.domain.identity import mask_id, mask_phone
from reception.domain.ledger import LedgerFilter
from reception.domain.roles import (
    CAPABILITIES,
    CLERK_ACTIONS,
    SUPERVISOR_ACTIONS,
    Forbidden,
    Principal,
    Role,
    check_action,
    require,
)
from reception.domain.views import LedgerRow
from reception.domain.workflow import ACTIONS, allowed_actions
from reception.services.ledger import CONFIDENTIAL
from tests.actors import admin

FIRST = Principal("李四", Role.CLERK)  # the first receiver of every matter below
OTHER = Principal("王五", Role.CLERK)
SUPERVISOR = Principal("赵科长", Role.SUPERVISOR)
ADMIN = Principal("钱管理", Role.ADMINISTRATOR)
WHO = {"first-clerk": FIRST, "other-clerk": OTHER, "supervisor": SUPERVISOR, "administrator": ADMIN}

# The expected outcome, written out independently of roles.py: True = allowed.
SUPERVISOR_ONLY = {"assign", "extend", "close"}
EXPECTED = {
    (action, who): (who in ("supervisor", "administrator") or (who == "first-clerk" and action not in SUPERVISOR_ONLY))
    for action in ACTIONS
    for who in WHO
}


def _params() -> dict[str, dict[str, Any]]:
    return {
        "accept": {},
        "reject": {"reason_code": 5},
        "refer": {"to": "12345"},
        "answer": {"text": "已当场解释有关政策。"},
        "object": {"reason": "不属于本级管辖，退回上级。"},
        "assign": {"to": "12345", "due": (date.today() + timedelta(days=15)).isoformat()},
        "supervise": {"note": "请抓紧办理。"},
        "extend": {"days": 10, "reason": "情况复杂", "approver": "赵科长"},
        "reply": {"outcome": "explain", "text": "经调查，现答复如下。"},
        "return-visit": {"satisfaction": "satisfied"},
        "request-review": {},
        "review-reply": {"outcome": "deny", "text": "复查意见：维持原处理意见。"},
        "close": {"note": "办结"},
        "unit-report": {"text": "承办单位已办结，报告如下。"},
        "inform-route": {"text": "请向××区人民法院提起诉讼。"},
        "hearing": {"start": date.today().isoformat(), "end": date.today().isoformat()},
    }


# The steps (taken by the supervisor) that bring a freshly registered matter to a state where the action is allowed.
PATH_TO = {
    "accept": [],
    "reject": [],
    "refer": [],
    "answer": [],
    "object": [],
    "assign": ["accept"],
    "supervise": ["accept"],
    "extend": ["accept"],
    "reply": ["accept"],
    "return-visit": ["accept", "reply"],
    "request-review": ["accept", "reply"],
    "close": ["accept", "reply"],
    "review-reply": ["accept", "reply", "request-review"],
    "unit-report": ["accept", "assign"],
    "inform-route": [("accept", {"route": 1})],
    "hearing": ["accept", "reply", "request-review", ("review-reply", {}), "request-review"],
}


def _received() -> str:
    return (datetime.now() - timedelta(hours=2)).replace(microsecond=0).isoformat()


def _prepare(services, sample_registration, action: str) -> str:
    source = {"kind": "forwarded", "agency": "××市信访局"} if action == "object" else {"kind": "own"}
    matter = services.ledger.register(sample_registration(received_at=_received(), source=source), actor=FIRST)
    assert matter.clerk == FIRST.name
    for item in PATH_TO[action]:
        step, params = item if isinstance(item, tuple) else (item, {})
        services.ledger.act(matter.number, step, {**_params()[step], **params}, actor=SUPERVISOR)
    assert action in allowed_actions(services.ledger.get(matter.number)), action
    return matter.number


def _audit_count(services) -> int:
    return services.store.execute("SELECT COUNT(*) FROM audit_entry").fetchone()[0]


def test_every_workflow_action_has_a_rule() -> None:
    assert set(ACTIONS) == CLERK_ACTIONS | SUPERVISOR_ACTIONS
    assert not CLERK_ACTIONS & SUPERVISOR_ACTIONS
    assert SUPERVISOR_ACTIONS == SUPERVISOR_ONLY
    # The workflow's own flag agrees with the roles.
    assert {name for name, spec in ACTIONS.items() if spec.needs_supervisor} == SUPERVISOR_ACTIONS


@pytest.mark.parametrize("who", list(WHO))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_check_action_table(action: str, who: str) -> None:
    principal = WHO[who]
    if EXPECTED[(action, who)]:
        check_action(principal, action, FIRST.name)
    else:
        with pytest.raises(Forbidden) as info:
            check_action(principal, action, FIRST.name)
        assert principal.name in info.value.message


def test_unknown_action_is_a_first_receivers_only() -> None:
    """Fail closed: an action roles.py does not list is still refused to a clerk on another clerk's matter."""
    with pytest.raises(Forbidden):
        check_action(OTHER, "some-new-action", FIRST.name)
    check_action(FIRST, "some-new-action", FIRST.name)
    check_action(SUPERVISOR, "some-new-action", FIRST.name)


@pytest.mark.parametrize("who", list(WHO))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_service_enforces_each_role_for_each_action(services, sample_registration, action: str, who: str) -> None:
    number = _prepare(services, sample_registration, action)
    principal = WHO[who]
    before = services.ledger.get(number)
    audit_before = _audit_count(services)
    if EXPECTED[(action, who)]:
        after = services.ledger.act(number, action, _params()[action], actor=principal)
        assert after.events[-1].kind == action
        assert after.events[-1].actor == principal.name
        last = services.audit.entries(limit=1)[0]
        assert (last.action, last.actor, last.matter_number) == (f"act:{action}", principal.name, number)
        assert _audit_count(services) == audit_before + 1
    else:
        with pytest.raises(Forbidden):
            services.ledger.act(number, action, _params()[action], actor=principal)
        again = services.ledger.get(number)
        assert again.status == before.status
        assert len(again.events) == len(before.events)
        assert _audit_count(services) == audit_before
    assert services.audit.verify().ok


def test_the_administrators_tool_acts_on_any_matter(services, sample_registration) -> None:
    """A plain name (the ``reception`` command) is an administrator."""
    number = _prepare(services, sample_registration, "close")
    matter = services.ledger.act(number, "close", {"note": "办结"}, actor=admin("站长"))
    assert matter.status == Status.CLOSED
    assert services.audit.entries(limit=1)[0].actor == "站长"


@pytest.mark.parametrize(
    "principal",
    [FIRST, OTHER, SUPERVISOR, ADMIN, admin("站长")],
    ids=["clerk", "clerk2", "supervisor", "administrator", "cli"],
)
def test_register_is_allowed_for_every_role(services, sample_registration, principal: Principal) -> None:
    matter = services.ledger.register(sample_registration(clerk="登记表上的人"), actor=principal)
    # At the desk the logged-in person is the first receiver; the administrator's tool keeps the form's clerk.
    assert matter.clerk == (principal.name if principal.via == "desk" else "登记表上的人")
    entry = services.audit.entries(limit=1)[0]
    assert (entry.action, entry.actor, entry.matter_number) == ("register", principal.name, matter.number)


@pytest.mark.parametrize("capability", list(CAPABILITIES))
@pytest.mark.parametrize("role", list(Role))
def test_require_capabilities(capability: str, role: Role) -> None:
    principal = Principal("某人", role)
    rank = {Role.BACKUP: -1, Role.CLERK: 0, Role.SUPERVISOR: 1, Role.ADMINISTRATOR: 2}
    if rank[role] >= rank[CAPABILITIES[capability]]:
        require(principal, capability)
    else:
        with pytest.raises(Forbidden) as info:
            require(principal, capability)
        assert roles.ROLE_LABELS[CAPABILITIES[capability]] in info.value.message


def test_capability_levels() -> None:
    assert CAPABILITIES["reveal"] == Role.SUPERVISOR
    assert CAPABILITIES["export_full"] == Role.SUPERVISOR
    assert CAPABILITIES["accounts"] == Role.ADMINISTRATOR
    assert CAPABILITIES["restore"] == Role.ADMINISTRATOR
    assert CAPABILITIES["settings"] == Role.ADMINISTRATOR
    assert CAPABILITIES["register"] == Role.CLERK
    assert CAPABILITIES["backup"] == Role.BACKUP  # the one thing a backup account may do
    assert all(needed != Role.BACKUP for capability, needed in CAPABILITIES.items() if capability != "backup")
    assert issubclass(Forbidden, PermissionError)


# -- reveal ----------------------------------------------------------------------------------------------------


def _registered_person(services, sample_registration, make_id, **kw: Any) -> tuple[str, str, str]:
    idn, phone = make_id(321, birth="19750505"), "13712345678"
    matter = services.ledger.register(sample_registration(id_number=idn, phone=phone, **kw), actor=FIRST)
    return matter.number, idn, phone


@pytest.mark.parametrize("principal", [FIRST, OTHER], ids=["first-clerk", "other-clerk"])
def test_reveal_refused_for_clerks(services, sample_registration, make_id, principal: Principal) -> None:
    number, idn, phone = _registered_person(services, sample_registration, make_id)
    before = _audit_count(services)
    with pytest.raises(Forbidden):
        services.ledger.show(number, reveal=True, actor=principal)
    assert _audit_count(services) == before
    shown = services.ledger.show(number, actor=principal)
    assert shown.parties[0].id_number == mask_id(idn) != idn
    assert shown.parties[0].phone == mask_phone(phone) != phone


@pytest.mark.parametrize("principal", [SUPERVISOR, ADMIN], ids=["supervisor", "administrator"])
def test_reveal_allowed_for_supervisor_and_audited(
    services, sample_registration, make_id, principal: Principal
) -> None:
    number, idn, phone = _registered_person(services, sample_registration, make_id)
    shown = services.ledger.show(number, reveal=True, actor=principal)
    assert shown.parties[0].id_number == idn
    assert shown.parties[0].phone == phone
    entry = services.audit.entries(limit=1)[0]
    assert (entry.action, entry.actor, entry.matter_number) == ("reveal", principal.name, number)
    assert set(entry.detail["fields"]) == {"id_number", "phone"}
    # A plain show is not a reveal and writes nothing.
    before = _audit_count(services)
    services.ledger.show(number, actor=principal)
    assert _audit_count(services) == before
    assert services.audit.verify().ok


# -- confidential complainants on lists -------------------------------------------------------------------------


@pytest.fixture
def two_matters(services, sample_registration, make_id) -> dict[str, Any]:
    complaint = sample_registration(
        name="王检举",
        id_number=make_id(11, birth="19660606"),
        phone="13600001111",
        category="complaint",
        summary="检举某派出所民警违规收费。",
    )
    grievance = sample_registration(
        name="刘申诉", id_number=make_id(12, birth="19670707"), phone="13600002222", summary="反映邻居噪音扰民。"
    )
    c = services.ledger.register(complaint, actor=FIRST)
    g = services.ledger.register(grievance, actor=FIRST)
    return {
        "complaint": (c.number, "王检举", complaint["persons"][0]["id_number"], "13600001111"),
        "grievance": (g.number, "刘申诉", grievance["persons"][0]["id_number"], "13600002222"),
    }


VIEWERS = {"none": None, "clerk": FIRST, "other-clerk": OTHER, "supervisor": SUPERVISOR, "administrator": ADMIN}


def _check_rows(rows: list[LedgerRow], matters: dict[str, Any], viewer: Principal | None) -> None:
    by_number = {r.number: r for r in rows}
    privileged = viewer is not None and viewer.role != Role.CLERK
    for kind, (number, name, idn, phone) in matters.items():
        row = by_number[number]
        values = " ".join(str(v) for v in dataclasses.asdict(row).values())
        assert idn not in values and phone not in values  # never a full number on a list
        if kind == "complaint" and not privileged:
            assert row.confidential is True
            assert row.name == CONFIDENTIAL
            assert row.id_number == "" and row.phone == ""
            assert name not in values and idn[-4:] not in values and phone[-4:] not in values
        else:
            assert row.confidential is False
            assert row.name == name
            assert row.id_number == mask_id(idn)
            assert row.phone == mask_phone(phone)


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_ledger_page_hides_complainant_below_supervisor(services, two_matters, viewer: str) -> None:
    rows = services.ledger.ledger_page(LedgerFilter(), offset=0, limit=50, viewer=VIEWERS[viewer])
    _check_rows(rows, two_matters, VIEWERS[viewer])


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_search_rows_hide_complainant_below_supervisor(services, two_matters, viewer: str) -> None:
    # Searched by words of the summaries, which every viewer may search for.
    rows = services.ledger.search("派出所", viewer=VIEWERS[viewer]) + services.ledger.search(
        "噪音", viewer=VIEWERS[viewer]
    )
    _check_rows(rows, two_matters, VIEWERS[viewer])
    rows = services.ledger.rows([1, 2], viewer=VIEWERS[viewer])
    _check_rows(rows, two_matters, VIEWERS[viewer])


@pytest.mark.parametrize("field", ["name", "id", "phone"])
def test_clerk_cannot_find_complaint_by_complainant(services, two_matters, field: str) -> None:
    number, name, idn, phone = two_matters["complaint"]
    query = {"name": name, "id": idn, "phone": phone}[field]
    rows = services.ledger.search(query, viewer=FIRST)
    assert number not in {r["number"] for r in rows}
