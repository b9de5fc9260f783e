"""``reception bench``'s figures of the clerk's start: the desk opened as ``reception`` opens it, on a real ledger
with an account, the login typed by key events in a child process."""

from __future__ import annotations

from pathlib import Path

from reception.bench import Bench, figure


def test_the_clerk_s_start_is_measured_beside_a_bare_widget(tmp_path: Path) -> None:
    from reception.services.demo import generate

    db = tmp_path / "bench.db"
    generate(str(db), 60, seed=1)
    bench = Bench(db, 60)
    try:
        login, handover = bench.login_startup(runs=1)
    finally:
        bench.services.close()
        bench.raw.close()
    assert login["figure"] == "start → login dialog ready for keystrokes"
    assert login["value_ms"] > 0 and login["floor_ms"] > 0 and login["ratio"] > 0
    assert login["target"] == "≤ 1.5× floor" and len(login["runs_ms"]) == 1
    assert handover["figure"] == "password accepted → registration form ready for the ID"
    assert handover["value_ms"] > 0 and handover["floor_ms"] is None and handover["target"] == "≤ 16 ms"
    assert set(login) >= set(figure("x", 1.0, 1.0, "t", True))  # the keys tooling reads from every figure


def test_the_desk_started_by_its_login_prints_with_reportlab_patched(tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    from reception.bench import _BENCH_PASSWORD, _BENCH_USER, _LOGIN_CHILD
    from reception.services.context import open_services

    ledger = tmp_path / "desk.db"
    services = open_services(str(ledger))
    services.accounts.create_first_admin(_BENCH_USER, "测速管理员", _BENCH_PASSWORD)
    services.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _LOGIN_CHILD, str(ledger), str(tmp_path), _BENCH_USER, _BENCH_PASSWORD],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["printing patched"] is True
    assert seen["login ready"] < seen["login idle"] < seen["login accepted"] < seen["window shown"] < seen["form ready"]
    assert (tmp_path / "desk" / "desk.json").exists()  # the desk's own files went where the child put them
