"""``reception print``: exit codes and one-line reasons (the command's contract, DESIGN.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reception.cli import main as reception_main
from tests.actors import AS_ADMIN

# the command's ledger has the accounts of tests/actors.py, their password in RECEPTION_AUTH_FILE
pytestmark = pytest.mark.usefixtures("cli_login")


def main(argv: list[str]) -> int:
    """The command as the administrator, unless ``argv`` names another account (``--as``)."""
    return reception_main(argv if "--as" in argv else [*AS_ADMIN, *argv])


@pytest.fixture
def registered(tmp_path, sample_registration, capsys) -> str:
    """A matter registered through the command in the test's ledger (RECEPTION_DB); returns its number."""
    data = tmp_path / "reg.json"
    data.write_text(json.dumps(sample_registration(name="张\U0002020c")), encoding="utf-8")
    assert main(["register", str(data)]) == 0
    return json.loads(capsys.readouterr().out)["number"]


def test_print_receipt_then_reprint(registered, tmp_path, capsys):
    out = tmp_path / "r.pdf"
    assert main(["print", "receipt", registered, "-o", str(out), "--as", "王堃"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert registered in capsys.readouterr().out
    assert main(["--json", "print", "receipt", registered, "-o", str(out), "--reprint", "--force"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["reprint"] is True and result["reprints"] == 1 and len(result["sha256"]) == 64


def test_second_print_without_reprint_is_refused(registered, tmp_path, capsys):
    out = tmp_path / "r.pdf"
    assert main(["print", "receipt-80mm", registered, "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["print", "receipt-80mm", registered, "-o", str(out), "--force"]) == 2  # r.pdf exists
    err = capsys.readouterr().err
    assert "补打" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "argv, words",
    [
        (["print", "bogus", "{n}"], "未知的文书种类"),
        (["print", "receipt", "2026-99-000001"], "没有编号为"),
        (["print", "rejection", "{n}"], "不能打印不予受理告知书"),
        (["print", "acceptance", "{n}"], "尚未受理"),
        (["print", "receipt", "{n}", "--reprint"], "尚未打印过"),
        (["print", "receipt"], "请给出事项编号"),
        (["print", "ledger", "--from", "2026-01-01"], "--from 和 --to"),
        (["print", "ledger", "--from", "2026-13-01", "--to", "2026-12-31"], "不是有效日期"),
        (["print", "receipt", "{n}", "--copy", "nope"], "invalid choice"),
    ],
)
def test_invalid_input_exits_2_with_one_line(registered, tmp_path, capsys, argv, words):
    out = tmp_path / "x.pdf"
    args = [a.replace("{n}", registered) for a in argv] + ["-o", str(out)]
    assert run(args) == 2
    err = capsys.readouterr().err.strip()
    assert words in err, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()


def run(args: list[str]) -> int:
    """main(), with argparse's own refusals (SystemExit) turned into their exit code."""
    try:
        return main(args)
    except SystemExit as exc:
        return int(exc.code or 0)


def test_print_ledger(registered, tmp_path, capsys):
    out = tmp_path / "ledger.pdf"
    assert main(["--json", "print", "ledger", "--from", "2000-01-01", "--to", "2100-12-31", "-o", str(out)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["rows"] == 1 and result["totals"] == {"件次": 1, "人次": 1}
    assert out.read_bytes().startswith(b"%PDF")


def test_print_as_a_subprocess(registered, tmp_path, env_db):
    """The installed command, as a script or the desk's 打印 menu would run it."""
    out = tmp_path / "r.pdf"
    ok = subprocess.run(
        [sys.executable, "-m", "reception.cli", *AS_ADMIN, "print", "receipt", registered, "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "reception.cli", *AS_ADMIN, "print", "reply", registered, "-o", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("reception: ") and "Traceback" not in bad.stderr
    assert Path(env_db).exists()
