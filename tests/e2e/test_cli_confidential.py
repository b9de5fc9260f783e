"""检举控告 (条例 art 30) through the ``reception`` command: search by the complainant, the referral to the accused's
unit, the file copy as an audited reveal."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

from reception.cli import main

NAME, PHONE = "王检举", "13600001111"


def _run(capsys: Any, monkeypatch: Any, argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        rc = main(argv)
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return rc, out, err


def _complaint(capsys: Any, monkeypatch: Any, sample_registration: Any, make_id: Any) -> tuple[str, str]:
    idn = make_id(51, birth="19660606")
    data = sample_registration(
        name=NAME,
        id_number=idn,
        phone=PHONE,
        category="complaint",
        summary="检举××派出所民警违规收费。",
        accused="××派出所民警",
    )
    rc, out, err = _run(capsys, monkeypatch, ["register", "-", "--as", "测试员"], json.dumps(data, ensure_ascii=False))
    assert rc == 0, err
    return json.loads(out)["number"], idn


def test_search_by_the_complainant_finds_nothing(
    capsys: Any, monkeypatch: Any, cli_login: Path, sample_registration: Any, make_id: Any
) -> None:
    number, idn = _complaint(capsys, monkeypatch, sample_registration, make_id)
    for query in (NAME, idn, PHONE, PHONE[-4:]):
        rc, out, err = _run(capsys, monkeypatch, ["search", query, "--json", "--as", "李四"])
        assert rc == 0, err
        assert number not in {r["number"] for r in json.loads(out)}, query
    rc, out, _err = _run(capsys, monkeypatch, ["search", "违规收费", "--json", "--as", "李四"])
    assert [r["number"] for r in json.loads(out)] == [number]


def test_referral_to_the_accused_unit_warns_in_one_line_and_needs_confirming(
    capsys: Any, monkeypatch: Any, cli_login: Path, sample_registration: Any, make_id: Any
) -> None:
    number, _idn = _complaint(capsys, monkeypatch, sample_registration, make_id)
    rc, out, err = _run(capsys, monkeypatch, ["act", number, "refer", "--to", "psb-station-1", "--as", "王科长"])
    assert rc == 2 and out == ""
    assert err.count("\n") == 1 and "被反映对象" in err and "--to-accused-unit" in err
    rc, out, err = _run(
        capsys, monkeypatch, ["act", number, "refer", "--to", "psb-station-1", "--as", "王科长", "--to-accused-unit"]
    )
    assert rc == 0, err
    rc, out, _err = _run(capsys, monkeypatch, ["show", number, "--json", "--as", "测试员"])
    refer = [e for e in json.loads(out)["events"] if e["kind"] == "refer"]
    assert refer[-1]["payload"]["to_accused_unit"] is True


def test_file_copy_print_is_a_reveal_in_the_audit(
    capsys: Any, monkeypatch: Any, cli_login: Path, tmp_path: Path, sample_registration: Any, make_id: Any
) -> None:
    number, _idn = _complaint(capsys, monkeypatch, sample_registration, make_id)
    assert _run(capsys, monkeypatch, ["act", number, "accept", "--as", "王科长"])[0] == 0
    out_pdf = tmp_path / "acceptance.pdf"
    rc, _out, err = _run(capsys, monkeypatch, ["print", "acceptance", number, "-o", str(out_pdf), "--as", "王科长"])
    assert rc == 0, err
    rc, out, err = _run(capsys, monkeypatch, ["audit", "list", "--number", number, "--json", "--as", "测试员"])
    assert rc == 0, err
    actions = [e["action"] for e in json.loads(out)]
    assert "reveal" in actions and "print" in actions
