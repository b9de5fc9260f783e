"""`reception settings list` and `reception settings set KEY VALUE`: the station's settings from the command line,
checked by the same rules as the desk's 设置 dialog and recorded in the audit trail."""

from __future__ import annotations

import json
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from reception.cli import main
from reception.services.ledger import SETTING_RULES
from tests.actors import AS_ADMIN

# the command's ledger has the accounts of tests/actors.py, their password in RECEPTION_AUTH_FILE
pytestmark = pytest.mark.usefixtures("cli_login")


def _run(capsys: Any, argv: list[str]) -> tuple[int, str, str]:
    try:
        rc = main(argv if "--as" in argv else [*AS_ADMIN, *argv])
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return rc, out, err


def test_list_shows_every_setting_with_its_label(env_db: Path, capsys: Any) -> None:
    rc, out, err = _run(capsys, ["settings", "list", "--json"])
    assert rc == 0, err
    rows = json.loads(out)
    assert [r["key"] for r in rows] == list(SETTING_RULES)
    by_key = {r["key"]: r for r in rows}
    assert by_key["station_code"] == {"key": "station_code", "label": "工作站代码", "value": "01"}
    assert by_key["review_agency"]["value"] == ""


def test_set_changes_what_the_documents_and_numbers_use(
    env_db: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, sample_registration: Any
) -> None:
    for key, value in (("station_code", "07"), ("agency_short_name", "朝公"), ("review_agency", "××省公安厅")):
        rc, out, err = _run(capsys, ["settings", "set", key, value])
        assert rc == 0, err
        assert value in out
    monkeypatch.setattr(sys, "stdin", StringIO(json.dumps(sample_registration(), ensure_ascii=False)))
    rc, out, err = _run(capsys, ["register", "-"])
    assert rc == 0, err
    assert "-07-" in json.loads(out)["number"]
    rc, out, err = _run(capsys, ["settings", "list", "--json"])
    assert {r["key"]: r["value"] for r in json.loads(out)}["review_agency"] == "××省公安厅"
    rc, out, err = _run(capsys, ["audit", "list", "--json"])
    assert rc == 0, err
    assert any(e["action"] == "settings" for e in json.loads(out))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["settings", "set", "station_code", "0 7"], "只能用字母、数字和连字符"),
        (["settings", "set", "nope", "x"], "未知的设置项"),
        (["settings", "set", "agency_name", ""], "不能为空"),
        (["settings", "set", "idle_lock_minutes", "0"], "1 到 240"),
        (["settings", "set", "station_code"], "用法"),
    ],
)
def test_a_bad_value_exits_2_with_one_line_and_changes_nothing(
    env_db: Path, capsys: Any, argv: list[str], message: str
) -> None:
    rc, out, err = _run(capsys, argv)
    assert rc == 2
    assert message in err
    assert err.count("\n") == 1
    rc, out, err = _run(capsys, ["settings", "list", "--json"])
    values = {r["key"]: r["value"] for r in json.loads(out)}
    assert values["station_code"] == "01"
    assert values["idle_lock_minutes"] == "10"
