"""The one input rule where the services take text beyond registration: settings, the agency directory,
accounts (NFKC user names, printable display names), leaders' actions and the actions' free text."""

from __future__ import annotations

from typing import Any

import pytest

from reception.domain.inputs import InvalidInput
from reception.domain.roles import Principal, Role
from reception.services.accounts import AccountService

ADMIN = Principal("钱管理", Role.ADMINISTRATOR)


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("agency_name", "××市公安局\x1b]0;x\x07", "单位名称含有不可见的控制字符"),
        ("agency_short_name", "××\u202e公", "单位简称含有不可见的格式字符"),
        ("window", "3号😀", "窗口号中的“😀”无法打印"),
    ],
)
def test_settings_refuse_hostile_text_and_keep_the_old_value(services: Any, key: str, value: str, words: str) -> None:
    before = services.ledger.setting(key)
    with pytest.raises(InvalidInput) as exc:
        services.ledger.save_settings({key: value}, actor=ADMIN)
    assert exc.value.field == key
    assert words in exc.value.message
    assert services.ledger.setting(key) == before


def test_settings_remove_zero_width_characters(services: Any) -> None:
    services.ledger.save_settings({"agency_name": "××市\u200b公安局"}, actor=ADMIN)
    assert services.ledger.setting("agency_name") == "××市公安局"


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({"code": "X1", "name": "某\x1b局"}, "name"),
        ({"code": "X\u20661", "name": "某局"}, "code"),
        ({"code": "X1", "name": "某局", "address": "人民路\x85号"}, "address"),
        ({"code": "X1", "name": "某局😀"}, "name"),
    ],
)
def test_agency_entries_refuse_hostile_text(services: Any, entry: dict[str, str], field: str) -> None:
    count = len(services.ledger.agencies())
    with pytest.raises(InvalidInput) as exc:
        services.ledger.save_agency(entry, actor=ADMIN)
    assert exc.value.field == field
    assert len(services.ledger.agencies()) == count


@pytest.fixture
def accounts(services: Any) -> AccountService:
    return AccountService(services.store, services.audit, scrypt_n=2**10)


def test_user_names_are_nfkc_and_log_in_either_way(accounts: AccountService) -> None:
    accounts.create_first_admin("ａｄｍｉｎ", "钱\u200b管理", "admin-pass-1")
    assert accounts.login("admin", "admin-pass-1") == Principal("钱管理", Role.ADMINISTRATOR)
    assert accounts.login("ａｄｍｉｎ", "admin-pass-1") == Principal("钱管理", Role.ADMINISTRATOR)


@pytest.mark.parametrize(
    ("username", "name", "field"),
    [
        ("ad\u202emin", "钱管理", "username"),
        ("ad\x1bmin", "钱管理", "username"),
        ("\u200b", "钱管理", "username"),
        ("admin", "钱\u2067管理", "display_name"),
        ("admin", "\u200b\u200b", "display_name"),
        ("admin", "钱😀", "display_name"),
    ],
)
def test_accounts_refuse_invisible_and_direction_characters(
    accounts: AccountService, username: str, name: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        accounts.create_first_admin(username, name, "admin-pass-1")
    assert exc.value.field == field
    assert not accounts.has_accounts()


def test_action_free_text_is_checked_and_cleaned(services: Any, sample_registration: Any) -> None:
    number = services.ledger.register(sample_registration(), actor=ADMIN).number
    services.ledger.act(number, "accept", {}, actor=ADMIN)
    for bad in ("督办\x1b[2J", "督办\u202e", "督办😀"):
        with pytest.raises(InvalidInput) as exc:
            services.ledger.act(number, "supervise", {"note": bad}, actor=ADMIN)
        assert exc.value.field == "note"
    matter = services.ledger.act(number, "supervise", {"note": "督办\u200b意见\r\n请速办"}, actor=ADMIN)
    assert matter.events[-1].payload["note"] == "督办意见\n请速办"


def test_leader_actions_follow_the_rule(services: Any, sample_registration: Any) -> None:
    number = services.ledger.register(sample_registration(), actor=ADMIN).number
    with pytest.raises(InvalidInput) as exc:
        services.leaders.act(number, "leader-assign", {"leader": "赵\x1b局长", "note": "包案"}, actor=ADMIN)
    assert exc.value.field == "leader"
