"""Hostile text at the ``reception`` command: refused at the door (exit 2, one line, nothing written), and what
was stored before the rule existed shown escaped, exported and printed without a traceback."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from reception.cli import main
from tests.actors import ACCOUNTS, AS_ADMIN

# the command's ledger has the accounts of tests/actors.py, their password in RECEPTION_AUTH_FILE
pytestmark = pytest.mark.usefixtures("cli_login")

ESC_TITLE = "\x1b]0;pwned\x07"
RLO = "\u202e"
RAW = (ESC_TITLE, "\x1b", "\x07", "\x08", "\x85", "\x9b", RLO, "\u2066")


def _run(capsys: Any, monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str | None = None):
    capsys.readouterr()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        rc = main(argv if "--as" in argv else [*AS_ADMIN, *argv])
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return rc, out, err


def _count(path: Path, table: str = "matter") -> int:
    if not path.exists():
        return 0
    con = sqlite3.connect(path)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] if table in names else 0
    finally:
        con.close()


def _register(capsys: Any, monkeypatch: pytest.MonkeyPatch, data: dict[str, Any]) -> str:
    rc, out, err = _run(capsys, monkeypatch, ["register", "-"], json.dumps(data, ensure_ascii=False))
    assert rc == 0, err
    return json.loads(out)["number"]


def _raw_free(text: str) -> None:
    for ch in RAW:
        assert ch not in text, (ch, text)


@pytest.mark.parametrize(
    ("change", "field_words"),
    [
        ({"name": f"张三{ESC_TITLE}"}, "姓名"),
        ({"name": f"张{RLO}三"}, "姓名"),
        ({"name": "张\b\b三"}, "姓名"),
        ({"name": "\u200b\u200b"}, "姓名"),
        ({"summary": f"反映问题{ESC_TITLE}"}, "摘要"),
        ({"demands": "要求\x85处理"}, "主要诉求"),
        ({"accused": f"某{RLO}人"}, "被反映对象"),
        ({"clerk": "李\x1b[31m四"}, "接待人"),
        ({"name": "张😀"}, "姓名中的“😀”无法打印，请改用常用字或拼音"),
    ],
)
def test_register_refuses_hostile_text(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, env_db: Path, sample_registration: Any, change, field_words
) -> None:
    data = sample_registration(**change)
    rc, out, err = _run(capsys, monkeypatch, ["register", "-"], json.dumps(data, ensure_ascii=False))
    assert rc == 2, (out, err)
    assert out == ""
    assert err.startswith("reception: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert field_words in err
    _raw_free(err)
    assert _count(env_db) == 0


def test_act_refuses_hostile_free_text(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, env_db: Path, sample_registration: Any
) -> None:
    number = _register(capsys, monkeypatch, sample_registration())
    rc, _out, err = _run(capsys, monkeypatch, ["act", number, "accept"])
    assert rc == 0, err
    before = _count(env_db, "event")
    for option, value in (("--note", f"督办{ESC_TITLE}"), ("--note", "督办😀")):
        rc, _out, err = _run(capsys, monkeypatch, ["act", number, "supervise", option, value])
        assert rc == 2, err
        assert err.count("\n") == 1, err
        assert "意见" in err, err
        _raw_free(err)
    assert _count(env_db, "event") == before


def test_as_with_control_characters_is_refused(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, env_db: Path, sample_registration: Any
) -> None:
    data = json.dumps(sample_registration(), ensure_ascii=False)
    rc, _out, err = _run(capsys, monkeypatch, ["register", "-", "--as", f"李四{ESC_TITLE}"], data)
    assert rc == 2, err
    assert err.count("\n") == 1
    _raw_free(err)
    assert _count(env_db) == 0


def test_account_add_refuses_direction_characters(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, env_db: Path, tmp_path: Path
) -> None:
    pw = tmp_path / "pw"
    pw.write_text("a-long-enough-password\n", encoding="utf-8")
    for username, name in (("ad" + RLO + "min", "管理员"), ("admin", "管\u2066理员"), ("admin", "\u200b")):
        rc, _out, err = _run(
            capsys,
            monkeypatch,
            ["account", "add", "--username", username, "--name", name, "--password-file", str(pw)],
        )
        assert rc == 2, err
        assert err.count("\n") == 1
        _raw_free(err)
    assert _count(env_db, "clerk") == len(ACCOUNTS)  # tests/actors.py's, none added


@pytest.fixture
def stored_hostile(capsys: Any, monkeypatch: pytest.MonkeyPatch, env_db: Path, sample_registration: Any) -> str:
    """A matter registered before the rule, as a ledger of an older version holds it: control, direction and
    uncovered characters in the stored text."""
    number = _register(capsys, monkeypatch, sample_registration(name="张三", clerk="李四"))
    con = sqlite3.connect(env_db)
    with con:
        name = f"张{ESC_TITLE}三{RLO}😀"
        con.execute(
            "UPDATE matter SET summary = ?, clerk = ?, petitioner_name = ?, party_names = ? WHERE number = ?",
            (f"反映{ESC_TITLE}问题\x85{RLO}", "李\x1b[31m四\x08😀", name, name, number),
        )
        con.execute("UPDATE person SET name = ?", (name,))
        con.execute("UPDATE audit_entry SET actor = ?", (f"李\x1b[2J四{RLO}",))
    con.close()
    return number


def test_search_show_and_audit_list_escape_stored_controls(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, stored_hostile: str
) -> None:
    number = stored_hostile
    for argv in (["search", number], ["show", number], ["audit", "list"]):
        rc, out, err = _run(capsys, monkeypatch, argv)
        assert rc == 0, (argv, err)
        _raw_free(out)
        assert "\\x1b" in out, (argv, out)
        if argv[0] != "audit":
            assert "\\u202e" in out
    rc, out, err = _run(capsys, monkeypatch, ["show", number, "--json"])
    assert rc == 0, err
    _raw_free(out)
    data = json.loads(out)
    assert data["summary"] == f"反映{ESC_TITLE}问题\x85{RLO}"  # the JSON still says exactly what is stored


def test_stats_xlsx_with_a_stored_control_character_in_the_clerk(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, stored_hostile: str, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "report.xlsx"
    rc, _out, err = _run(capsys, monkeypatch, ["stats", "--from", "2025-01-01", "--to", "2030-12-31", "-o", str(out)])
    assert rc == 0, err
    assert "Traceback" not in err
    cells = [c.value for row in load_workbook(out).active.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("李\\x1b[31m四\\x08" in c for c in cells), cells


def test_stats_pdf_with_a_stored_uncovered_character_in_the_clerk(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, stored_hostile: str, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    rc, _out, err = _run(capsys, monkeypatch, ["stats", "--from", "2025-01-01", "--to", "2030-12-31", "-o", str(out)])
    assert rc == 0, err
    assert out.read_bytes().startswith(b"%PDF")


def test_a_stored_uncovered_character_still_prints_receipt_and_ledger(
    capsys: Any, monkeypatch: pytest.MonkeyPatch, stored_hostile: str, tmp_path: Path
) -> None:
    number = stored_hostile
    receipt = tmp_path / "receipt.pdf"
    rc, _out, err = _run(capsys, monkeypatch, ["print", "receipt", number, "-o", str(receipt)])
    assert rc == 0, err
    assert receipt.read_bytes().startswith(b"%PDF")
    ledger = tmp_path / "ledger.pdf"
    rc, _out, err = _run(
        capsys, monkeypatch, ["print", "ledger", "--from", "2000-01-01", "--to", "2099-12-31", "-o", str(ledger)]
    )
    assert rc == 0, err
    assert ledger.read_bytes().startswith(b"%PDF")
