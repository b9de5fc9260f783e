"""No password, passphrase or full ID number ever reaches the desk's log file (issue 6)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from reception.logs import configure_logging, redact

ID_NUMBER = "11010519491231002X"
PHONE = "13807130001"
PASSWORD = "S3cret-pass-word"
PASSPHRASE = "usb-backup-passphrase-2026"


def test_redact_masks_ids_and_mobiles_like_the_lists() -> None:
    assert redact(f"证件号 {ID_NUMBER} 重复") == "证件号 110105********002X 重复"
    assert redact(f"电话{PHONE}。") == "电话138****0001。"
    assert redact("事项 2026-01-000017，数量 123456") == "事项 2026-01-000017，数量 123456"


@pytest.fixture
def log_file(tmp_path: Path) -> Any:
    path = tmp_path / "reception.log"
    handler = configure_logging(path, level=logging.DEBUG)
    yield path
    logging.getLogger().removeHandler(handler)
    handler.close()


def test_nothing_secret_in_the_log_after_a_busy_session(services: Any, log_file: Path, tmp_path: Path) -> None:
    from reception.domain.matter import InvalidInput

    log = logging.getLogger("reception.test")
    services.accounts.create_first_admin("admin", "张管理", PASSWORD)
    for attempt in (PASSWORD + "x", PASSWORD):
        try:
            services.accounts.login("admin", attempt)
        except InvalidInput as exc:
            log.warning("login refused: %s", exc)
    data = {
        "channel": "visit",
        "clerk": "王警官",
        "summary": "邻里纠纷",
        "persons": [{"name": "王𠈌", "id_number": ID_NUMBER, "phone": PHONE}],
    }
    number = services.ledger.register(data).number
    try:  # the same person twice in one registration: the refusal quotes the full number
        services.ledger.register({**data, "persons": data["persons"] * 2})
    except InvalidInput as exc:
        log.error("registration refused", exc_info=exc)
    services.ledger.show(number, reveal=True, actor="张管理")
    (tmp_path / "usb").mkdir()
    services.backup.backup(tmp_path / "usb", PASSPHRASE, actor="张管理")
    logging.getLogger("peewee").debug("SELECT … %s", ID_NUMBER)  # what peewee would log at DEBUG
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "registration refused" in text and "110105********002X" in text  # the log did receive records
    for secret in (ID_NUMBER, PHONE, PASSWORD, PASSPHRASE):
        assert secret not in text
