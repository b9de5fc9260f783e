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
    # beside the wall times, the CPU time spent, which other programs on a busy machine do not inflate
    assert login["cpu_ms"] > 0 and login["floor_cpu_ms"] > 0 and handover["cpu_ms"] > 0
    assert set(login) >= set(figure("x", 1.0, 1.0, "t", True))  # the keys tooling reads from every figure


def test_the_main_window_start_is_measured_by_the_probes_the_bundle_also_runs(tmp_path: Path) -> None:
    from reception import startprobe
    from reception.services.demo import generate

    assert startprobe.run("main-floor")["shown"] > 0
    db = tmp_path / "bench.db"
    generate(str(db), 60, seed=1)
    bench = Bench(db, 60)
    try:
        shown = bench.startup(runs=1)
    finally:
        bench.services.close()
        bench.raw.close()
    assert shown["figure"] == "start → main window shown with the ledger's first page"
    assert shown["value_ms"] > 0 and shown["floor_ms"] > 0 and len(shown["runs_ms"]) == 1
    assert shown["floor_is"] == "a bare QMainWindow shown and closed"


def test_the_desk_started_by_its_login_prints_with_reportlab_patched(tmp_path: Path) -> None:
    from reception import startprobe
    from reception.services.context import open_services

    ledger = tmp_path / "desk.db"
    services = open_services(str(ledger))
    services.accounts.create_first_admin(startprobe.USER, "测速管理员", startprobe.PASSWORD)
    services.close()
    seen = startprobe.run("login", str(ledger), str(tmp_path), startprobe.USER, startprobe.PASSWORD)
    assert seen["printing patched"] is True
    times = [seen[name] for name in startprobe.LOGIN_STAGES]
    assert times == sorted(times) and times[0] > 0
    assert (tmp_path / "desk" / "desk.json").exists()  # the desk's own files went where the probe put them


def test_the_bundle_runs_a_probe_through_the_command_s_entry(monkeypatch, capsys) -> None:
    import json

    from reception.cli import main

    monkeypatch.setenv("RECEPTION_START_PROBE", json.dumps(["floor"]))
    assert main([]) == 0
    assert json.loads(capsys.readouterr().out)["shown"] > 0
