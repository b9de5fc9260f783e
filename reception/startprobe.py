"""The clerk's start measured from inside child processes, for ``reception bench`` and ``reception selftest``.

A probe is a child process that starts as the desk does and prints the ``time.time()`` of each stage it reaches;
the parent stamps ``time.time()`` just before creating it, so a figure is wall time on one clock.  The probes:

* ``floor``: a bare PySide6 window (QApplication and one QWidget shown), the plainest start of a Qt program;
* ``main-floor``: the same with a bare QMainWindow, shown and closed (the floor of ``reception bench``'s
  main-window figure);
* ``window``: ``reception.app.bench_startup``, the main window shown with the ledger's first page (no login);
* ``login``: ``reception.app.run_desk`` on a ledger with one account, the login typed by key events once the desk
  says it is idle behind the dialog (as a clerk typing a password gives it time to), then one key typed into the
  registration form's ID field.  "login accepted" is the moment the password check returned (on the thread that
  made it).  The desk's folder is the same for every run, so after the first (unmeasured) run the desk knows it
  has logged in to that ledger and shows the login dialog before opening it, as on every start of a clerk's PC but
  its first.

Outside a bundle a probe is ``python -c``; inside the PyInstaller bundle (no ``-c``, and no QtTest, which the bundle
leaves out) it is the bundle's own executable with :data:`ENV` naming the probe, which ``reception.cli.main`` hands
here before anything else.  The module imports nothing but the standard library until a probe runs, so the floor
carries no cost of the desk's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["ENV", "LOGIN_STAGES", "clerk_start", "desk_start", "main", "run"]

#: the environment variable that makes the bundle's executable run a probe: a JSON list ``[kind, *arguments]``
ENV = "RECEPTION_START_PROBE"
#: what the ``login`` probe reports, in order
LOGIN_STAGES = ("login ready", "login idle", "login accepted", "window shown", "form ready")
#: the account the ``login`` probe logs in with
USER, PASSWORD = "bench", "bench-password-0123"


def command(kind: str, *args: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of probe ``kind``."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the bytecode caches the installed desk ships with
    if getattr(sys, "frozen", False):
        env[ENV] = json.dumps([kind, *args])
        return [sys.executable], env
    env.pop(ENV, None)
    script = "import sys; from reception.startprobe import main; sys.exit(main(sys.argv[1:]))"
    return [sys.executable, "-c", script, kind, *args], env


def run(kind: str, *args: str, timeout: float = 180) -> dict[str, Any]:
    """Run probe ``kind``; its stages as milliseconds after the moment just before the process was created."""
    cmd, env = command(kind, *args)
    start = time.time()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        err = proc.stderr.strip()
        raise RuntimeError(err.splitlines()[-1] if err else f"probe {kind} exited {proc.returncode}")
    stages = json.loads(proc.stdout.strip().splitlines()[-1])
    return {k: (v - start) * 1000 if isinstance(v, float) else v for k, v in stages.items()}


def clerk_start(ledger: Path, folder: Path, runs: int) -> dict[str, list[float]]:
    """``runs`` interleaved runs of both probes after one unmeasured run of each (it fills the bytecode caches):
    ``floor`` (bare window shown), ``ready`` (start → login dialog takes keystrokes) and ``handover`` (password
    accepted → the ID field takes a key), in ms; ``*_cpu``: the CPU time the process spent (all its threads, from its
    start, or in the handover), which other programs competing for the machine's cores do not inflate.
    ``ledger`` must have the account :data:`USER`."""
    keys = ("floor", "ready", "handover", "floor_cpu", "ready_cpu", "handover_cpu")
    out: dict[str, list[float]] = {key: [] for key in keys}
    for i in range(runs + 1):
        floor = run("floor")
        login = run("login", str(ledger), str(folder), USER, PASSWORD)
        if i:
            out["floor"].append(floor["shown"])
            out["ready"].append(login["login ready"])
            out["handover"].append(login["form ready"] - login["login accepted"])
            cpu = login["cpu_ms"]
            out["floor_cpu"].append(floor["cpu_ms"]["shown"])
            out["ready_cpu"].append(cpu["login ready"])
            out["handover_cpu"].append(cpu["form ready"] - cpu["login accepted"])
    return out


def desk_start(ledger: Path, runs: int, floor_kind: str = "floor") -> dict[str, list[float]]:
    """Like :func:`clerk_start` for the ``window`` probe: ``floor`` (probe ``floor_kind``) and ``shown`` (start →
    main window), in ms."""
    out: dict[str, list[float]] = {"floor": [], "shown": []}
    for i in range(runs + 1):
        floor = run(floor_kind)["shown"]
        shown = run("window", str(ledger))["shown"]
        if i:
            out["floor"].append(floor)
            out["shown"].append(shown)
    return out


def main(argv: Sequence[str]) -> int:
    """The child's side: run probe ``argv[0]`` and print its stages as one JSON line."""
    kind, args = argv[0], list(argv[1:])
    if kind == "floor":
        print(json.dumps({"shown": _floor(), "cpu_ms": {"shown": round(time.process_time() * 1000, 3)}}))
    elif kind == "main-floor":
        print(json.dumps({"shown": _main_floor()}))
    elif kind == "login":
        print(json.dumps(_login(*args)))
    elif kind == "window":
        from reception.app import bench_startup

        print(json.dumps({"shown": bench_startup(args[0])}))
    else:
        sys.stderr.write(f"unknown start probe {kind!r}\n")
        return 2
    return 0


def _floor() -> float:
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])
    widget = QWidget()
    widget.show()
    app.processEvents()
    shown = time.time()
    widget.close()
    return shown


def _main_floor() -> float:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.show()
    app.processEvents()
    window.close()
    return time.time()


def _key(widget: Any, key: Any, text: str = "") -> None:
    """One key pressed and released on ``widget``, as the window system delivers it (QApplication.sendEvent)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def _type(widget: Any, text: str) -> None:
    """ASCII ``text`` typed key by key (a printable ASCII character's Qt key code is its upper-case code)."""
    from PySide6.QtCore import Qt

    for ch in text:
        _key(widget, Qt.Key(ord(ch.upper())), ch)


def _login(ledger: str, folder: str, user: str, password: str) -> dict[str, Any]:
    # PySide6 only once the desk has started: run_desk imports the services before it, as the desk must (PySide
    # reads the source of every module imported after it).
    import reception.app as desk

    desk.desk_data_dir = lambda: Path(folder) / "desk"  # prefs, draft, log: not the clerk's own folder
    seen: dict[str, Any] = {}
    cpu: dict[str, float] = {}  # the process's CPU time (all threads) at each stage: what load on the machine hides

    def stage(name: str, widget: Any) -> None:
        seen[name] = time.time()
        cpu[name] = time.process_time()
        from PySide6.QtCore import QCoreApplication, Qt, QTimer
        from PySide6.QtWidgets import QApplication

        if name == "login ready" and QApplication.focusWidget() is not widget.username:
            raise SystemExit("the login dialog is on screen without focus in its user name field")
        if name == "login idle":
            _type(widget.username, user)
            _key(widget.username, Qt.Key.Key_Tab)
            _type(QApplication.focusWidget(), password)
            _key(QApplication.focusWidget(), Qt.Key.Key_Return, "\r")
        elif name == "window shown":
            from reception.printing import patches

            seen["printing patched"] = patches.installed()
            field = widget.registration.id_number

            def ready() -> None:
                if QApplication.focusWidget() is not field:
                    QTimer.singleShot(1, ready)
                    return
                _type(field, "4")
                if field.text() == "4":
                    seen["form ready"] = time.time()
                    cpu["form ready"] = time.process_time()
                field.clear()
                QCoreApplication.exit(0)

            QTimer.singleShot(0, ready)

    code = desk.run_desk(ledger, stages=stage)
    missing = [s for s in LOGIN_STAGES if s not in seen]
    if code or missing:
        raise SystemExit(f"the desk exited {code}; stages not reached: {missing}")
    seen["cpu_ms"] = {name: round(t * 1000, 3) for name, t in cpu.items()}
    return seen
