"""No password, passphrase or full ID number ever reaches the desk's log file (issue 6)."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from reception.logs import configure_logging, redact
from tests.actors import ADMIN, admin

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
    number = services.ledger.register(data, actor=ADMIN).number
    try:  # the same person twice in one registration: the refusal quotes the full number
        services.ledger.register({**data, "persons": data["persons"] * 2}, actor=ADMIN)
    except InvalidInput as exc:
        log.error("registration refused", exc_info=exc)
    services.ledger.show(number, reveal=True, actor=admin("张管理"))
    (tmp_path / "usb").mkdir()
    services.backup.backup(tmp_path / "usb", PASSPHRASE, actor=admin("张管理"))
    logging.getLogger("peewee").debug("SELECT … %s", ID_NUMBER)  # what peewee would log at DEBUG
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "registration refused" in text and "110105********002X" in text  # the log did receive records
    for secret in (ID_NUMBER, PHONE, PASSWORD, PASSPHRASE):
        assert secret not in text


# -- the numbers as clerks really type them ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "logged"),
    [
        ("电话 139-1234-5678 打不通", "电话 139****5678 打不通"),
        ("电话 139 1234 5678", "电话 139****5678"),
        ("+86 139 1234 5678", "+86 139****5678"),
        ("+8613912345678", "+86139****5678"),
        ("(+86)139-1234-5678", "(+86)139****5678"),
        ("手机１３９１２３４５６７８", "手机139****5678"),  # full-width, from a Chinese input method
        ("座机 010-12345678", "座机 010-****5678"),
        ("(0755) 8888 6666", "(0755)-****6666"),
        ("0571-88886666转123", "0571-****6666"),
        ("护照 E12345678", "护照 E******78"),
        ("护照EA1234567号", "护照EA*****67号"),
        ("通行证 C12345678", "通行证 C******78"),
        ("110105 19491231 002X", "110105********002X"),
        ("110105-1949-1231-002x", "110105********002x"),
        ("1101 0519 4912 3100 2X", "110105********002X"),
        ("旧证 110105491231002", "旧证 110105*****002"),
        ("旧证 110105 491231 002", "旧证 110105*****002"),
    ],
)
def test_redaction_covers_the_numbers_clerks_type(typed: str, logged: str) -> None:
    assert redact(typed) == logged


@pytest.mark.parametrize(
    "text",
    [
        "事项 2026-01-000017 与 2025-12-000003",
        "2026-12-08 03:50:00 第 3 页，共 1366x768",
        "sha256 3af847f0123，数量 123456，耗时 1234 ms",
    ],
)
def test_redaction_leaves_matter_numbers_dates_and_counts(text: str) -> None:
    assert redact(text) == text


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_every_log_file_is_owner_only_after_rotation(tmp_path: Path) -> None:
    path = tmp_path / "reception.log"
    old = os.umask(0o022)  # the usual default: new files world-readable
    try:
        handler = configure_logging(path, level=logging.DEBUG)
        log = logging.getLogger("reception.rotation")
        try:
            for i in range(3):
                log.info("第 %d 段 %s", i, "x" * 200)
                handler.doRollover()
            log.info("after the last rotation")
        finally:
            logging.getLogger().removeHandler(handler)
            handler.close()
    finally:
        os.umask(old)
    files = sorted(tmp_path.glob("reception.log*"))
    assert [p.name for p in files] == ["reception.log", "reception.log.1", "reception.log.2", "reception.log.3"]
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in files} == {p.name: 0o600 for p in files}
