"""``reception selftest``: the installer's smoke test passes on a checkout, and a failing check is one line, exit 1.

The same command runs inside the PyInstaller bundle (build.spec; .ci/run builds it and runs it there on CI).
"""

from __future__ import annotations

import json
import re

import pytest

from reception.cli import main


@pytest.mark.no_env_ledger
def test_selftest_passes_and_prints_one_line_per_check(capsys: pytest.CaptureFixture[str], env_db) -> None:
    rc = main(["selftest"])
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert rc == 0, out + err
    assert "Traceback" not in err
    assert lines[-1] == "selftest passed: 9 checks"
    checks = lines[:-1]
    assert len(checks) == 9 and all(line.startswith("ok  ") for line in checks), out
    assert checks[0].startswith("ok  resources fonts, holidays, agencies, categories, translations, icons")
    assert checks[1].startswith("ok  modules ")
    assert re.fullmatch(r"ok  registered \d{4}-\d{2}-\d{6} 王𠈌", checks[3]), checks[3]
    for prefix in ("ok  receipt ", "ok  acceptance notice "):
        line = next(line for line in checks if line.startswith(prefix))
        assert line.endswith("KiB PDF, fonts embedded"), line
    assert any(line.startswith("ok  backup ") and line.endswith("written and verified") for line in checks)
    assert checks[-1].startswith(
        "ok  main window opened, 6 pages (ledger, supervise, stats, leaders, register, detail) shown, closed"
    )
    assert not env_db.exists()  # the temporary ledger only: RECEPTION_DB is never touched


def test_failed_check_is_named_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reception import selftest

    monkeypatch.setitem(selftest.REQUIRED_RESOURCES, "translations", ("i18n/missing_xx.qm",))
    rc = main(["selftest", "--json"])
    out, err = capsys.readouterr()
    assert rc == 1
    doc = json.loads(out)
    assert doc["ok"] is False and doc["failed"] == "resources"
    assert [c["name"] for c in doc["checks"]] == ["resources"]
    assert "i18n/missing_xx.qm" in doc["checks"][0]["detail"]
    assert err.count("\n") == 1 and "selftest failed" in err and "resources" in err
    assert "Traceback" not in err


def test_an_exception_in_a_check_is_reported_as_its_failure(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reception import selftest

    def broken(run: object) -> str:
        raise RuntimeError("printer on fire\nsecond line")

    checks = tuple((name, broken if name == "ledger" else fn) for name, fn in selftest.CHECKS)
    monkeypatch.setattr(selftest, "CHECKS", checks)
    rc = main(["selftest"])
    out, err = capsys.readouterr()
    assert rc == 1
    lines = out.splitlines()
    assert lines[-1] == "FAIL  ledger: RuntimeError: printer on fire"
    assert all(line.startswith("ok  ") for line in lines[:-1]) and len(lines) == 3  # resources, modules, ledger
    assert "Traceback" not in out + err


def test_selftest_json_reports_the_clerk_s_start(capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["selftest", "--json"])
    out, err = capsys.readouterr()
    assert rc == 0, out + err
    doc = json.loads(out)
    figures = {f["figure"]: f for f in doc["startup"]}
    assert set(figures) == {
        "start → login dialog ready for keystrokes",
        "password accepted → registration form ready for the ID",
        "start → main window shown with the ledger's first page",
    }, doc["startup"]
    login = figures["start → login dialog ready for keystrokes"]
    assert login["value_ms"] > 0 and login["floor_ms"] > 0 and len(login["runs_ms"]) == 3
    assert figures["password accepted → registration form ready for the ID"]["value_ms"] > 0
