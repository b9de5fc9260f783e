"""Start-up: the desk builds what it opens with (the form, and the ledger's model with its first page) and nothing
else; every other page, the ledger's too, is built the first time it is shown, and then works as if it had always
been there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reception.domain.identity import check_digit
from reception.domain.ledger import LedgerFilter
from tests.actors import admin

ROOT = Path(__file__).resolve().parents[2]

# Modules a fresh desk must not have loaded: the statistics page (QtCharts), printing (reportlab), export (openpyxl),
# the PostgreSQL drivers, password hashing (cryptography: nobody has typed a password yet), html's entity table (for
# history rows, once a person is found), the matter's dataclasses and the workflow (nothing is registered yet: the
# form needs only the field limits and InvalidInput, from reception.domain.inputs), and the pages nobody has opened.
NOT_AT_START = (
    "PySide6.QtCharts",
    "reportlab",
    "openpyxl",
    "stdnum",
    "psycopg2",
    "psycopg",
    "cryptography",
    "html",
    "reception.domain.matter",
    "reception.domain.workflow",
    "reception.printing",
    "reception.services.statistics",
    "reception.services.export",
    "reception.ui.pages.dashboard",
    "reception.ui.pages.supervision",
    "reception.ui.pages.leaders",
    "reception.ui.pages.detail",
    "reception.ui.pages.ledger",
)
# PySide6 types a fresh desk must not have made: each costs its enums at start-up (QStyle alone ~4 ms), and none
# is needed until a dialog opens or a field turns red.
TYPES_NOT_AT_START = ("QStyle", "QMessageBox", "QFileDialog", "QDialogButtonBox")

_START = textwrap.dedent("""
    import json, os, sys
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from reception.app import build_main_window, prepare_application, wait_for_first_page
    from reception.domain.roles import Principal, Role
    from reception.services.context import open_services

    app = prepare_application([])
    services = open_services(sys.argv[1])
    window = build_main_window(services, actor=Principal("王警官", Role.ADMINISTRATOR), data_dir=None)
    window.show()
    loaded = wait_for_first_page(window.ledger_first_page)
    app.processEvents()
    model = window.ledger_model
    from PySide6 import QtWidgets
    print(json.dumps({
        "loaded": sorted(m for m in json.loads(sys.argv[2]) if sys.modules.get(m) is not None),
        "types": sorted(t for t in json.loads(sys.argv[3]) if t in vars(QtWidgets)),
        "page": window.current_page(), "first_page_in": loaded, "rows": model.rowCount(),
        "cached": model.cached_pages(), "visible": window.isVisible(), "ledger_built": window.page_built("ledger"),
    }))
    window.close()
    services.close()
""")


def _registration(seq: int = 1) -> dict[str, Any]:
    first17 = f"42010619850315{seq:03d}"
    return {
        "channel": "visit",
        "received_at": "2026-11-20T09:30:00",
        "source": {"kind": "own"},
        "persons": [
            {"name": "王𠈌", "id_number": first17 + check_digit(first17), "phone": "13807130001", "role": "petitioner"}
        ],
        "headcount": 1,
        "purpose": "demand",
        "summary": "反映邻里纠纷。",
        "clerk": "李警官",
    }


def key(qtbot: Any, k: Any) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k)


def test_a_fresh_desk_shows_the_ledger_page_without_charts_pdf_or_xlsx(tmp_path: Path) -> None:
    from reception.services.context import open_services

    services = open_services(tmp_path / "desk.db")
    services.ledger.register(_registration(), actor=admin("李警官"))
    services.close()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _START,
            str(tmp_path / "desk.db"),
            json.dumps(NOT_AT_START),
            json.dumps(TYPES_NOT_AT_START),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state["loaded"] == [], "imported at start-up although no page needs them yet"
    assert state["types"] == [], "PySide6 types made at start-up although nothing shown needs them"
    assert state["visible"] and state["page"] == "register" and not state["ledger_built"]
    assert state["first_page_in"] and state["rows"] == 1 and state["cached"] == [0], "the ledger's first page"


def test_only_the_opening_page_is_built(window: Any) -> None:
    assert window.page_built("register")
    for page in ("ledger", "supervise", "stats", "leaders"):
        assert not window.page_built(page), page
    assert window.current_page() == "register"


def test_the_ledger_page_opens_on_the_first_page_asked_for_at_start(
    qtbot: Any, make_window: Any, desk_services: Any
) -> None:
    from reception.app import wait_for_first_page

    for seq in (6, 7):
        desk_services.ledger.register(_registration(seq), actor=admin("李警官"))
    window = make_window()
    first = window.ledger_first_page
    assert wait_for_first_page(first)
    model = window.ledger_model
    assert model.rowCount() == 2 and model.cached_pages() == [0] and not window.page_built("ledger")
    qtbot.waitUntil(lambda: window.today_label.text().startswith("今日登记"), timeout=10_000)  # its own count
    loads = model.page_loads
    calls: list[str] = []
    ledger = desk_services.ledger
    count, page = ledger.ledger_count, ledger.ledger_page
    ledger.ledger_count = lambda *a, **k: calls.append("count") or count(*a, **k)
    ledger.ledger_page = lambda *a, **k: calls.append("page") or page(*a, **k)
    try:
        window.registration.id_number.setFocus()
        key(qtbot, Qt.Key.Key_F3)
        view = window.ledger_view
        assert window.current_page() == "ledger" and window.stack.currentWidget() is view
        # Shown from the first paint with what was fetched at start: no second query, no "正在统计…".
        assert view.model is model and not view.is_busy() and view.count_text() == "共 2 件"
        assert window.ledger_first_page is None and model.page_loads == loads
    finally:
        ledger.ledger_count, ledger.ledger_page = count, page
    assert calls == []


def test_a_registration_before_the_ledger_page_is_built_is_on_it(qtbot: Any, window: Any, desk_services: Any) -> None:
    from reception.app import wait_for_first_page

    assert wait_for_first_page(window.ledger_first_page)
    number = desk_services.ledger.register(_registration(8), actor=admin("李警官")).number
    window.changes.ledger_changed.emit()  # what the form's registration (run_mutation) says afterwards
    window.show_page("ledger")
    view = window.ledger_view
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=10_000)
    assert view.model.rowCount() == 1 and view.model.index(0, 0).data() == number


def test_a_registration_while_the_built_ledger_page_is_hidden_is_on_it_when_shown(
    qtbot: Any, window: Any, desk_services: Any
) -> None:
    window.show_page("ledger")
    view = window.ledger_view
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=10_000)
    before = view.model.rowCount()
    window.show_page("register")
    assert not view.isVisible()
    number = desk_services.ledger.register(_registration(9), actor=admin("李警官")).number
    window.changes.ledger_changed.emit()
    key(qtbot, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: not view.is_busy() and view.model.rowCount() == before + 1, timeout=10_000)
    assert number in {view.model.index(r, 0).data() for r in range(view.model.rowCount())}


def test_each_page_is_built_when_first_shown_and_works(qtbot: Any, window: Any, desk_services: Any) -> None:
    number = desk_services.ledger.register(_registration(2), actor=admin("李警官")).number
    pages = window.stack.count()
    window.registration.id_number.setFocus()

    key(qtbot, Qt.Key.Key_F4)
    assert window.current_page() == "supervise" and window.page_built("supervise")
    board = window.board
    assert board is not None and window.stack.currentWidget() is board
    qtbot.waitUntil(lambda: bool(board.counts), timeout=10_000)
    board.matter_activated.emit(number)  # connected when the page was built
    assert window.current_page() == "detail" and window.detail.number == number

    key(qtbot, Qt.Key.Key_F5)
    dashboard = window.dashboard
    assert window.current_page() == "stats" and window.stack.currentWidget() is dashboard
    qtbot.waitUntil(lambda: dashboard.report is not None, timeout=15_000)
    dashboard.matters_requested.emit(LedgerFilter(channels=("visit",)))
    assert window.current_page() == "ledger"
    assert window.ledger_view.current_filter().channels == ("visit",)

    key(qtbot, Qt.Key.Key_F7)
    leaders = window.leader_days
    assert window.current_page() == "leaders" and window.stack.currentWidget() is leaders
    with qtbot.waitSignal(leaders.updated, timeout=10_000):
        leaders.refresh()

    assert window.stack.count() == pages, "a built page takes its placeholder's place"
    key(qtbot, Qt.Key.Key_F2)
    assert window.current_page() == "register" and window.registration.id_number.hasFocus()


def test_reading_a_page_attribute_builds_it_without_showing_it(window: Any) -> None:
    dashboard = window.dashboard
    assert dashboard is not None and window.page_built("stats")
    assert window.current_page() == "register"
    window.show_page("stats")
    assert window.stack.currentWidget() is dashboard


@pytest.mark.parametrize("already_in", [False, True], ids=["still-running", "already-in"])
def test_the_ledger_view_takes_the_first_page_asked_for_before_it(
    qtbot: Any, desk_services: Any, already_in: bool
) -> None:
    from reception.ui.models.ledger import FirstPage
    from reception.ui.pages.ledger import LedgerView

    for seq in (3, 4, 5):
        desk_services.ledger.register(_registration(seq), actor=admin("李警官"))
    ledger = desk_services.ledger
    calls: list[str] = []
    count, page = ledger.ledger_count, ledger.ledger_page
    ledger.ledger_count = lambda *a, **k: calls.append("count") or count(*a, **k)
    ledger.ledger_page = lambda *a, **k: calls.append("page") or page(*a, **k)
    try:
        clerk = admin("王警官")
        first = FirstPage(desk_services, clerk)
        assert first.answers(LedgerFilter(), "id", True, clerk, True)
        assert not first.answers(LedgerFilter(), "id", True, None, True)  # asked for another viewer
        assert not first.answers(LedgerFilter(channels=("visit",)), "id", True, clerk, True)
        assert not first.answers(LedgerFilter(), "received_at", True, clerk, True)
        if already_in:
            qtbot.waitUntil(first.ready, timeout=10_000)
        view = LedgerView(desk_services, viewer=clerk, first_page=first)
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: not view.is_busy(), timeout=10_000)
    finally:
        ledger.ledger_count, ledger.ledger_page = count, page
    assert calls == ["count", "page"], "asked once, before the view existed"
    assert view.model.rowCount() == 3 and view.model.cached_pages() == [0]
    assert view.count_text() == "共 3 件"


@pytest.mark.parametrize("failing", [False, True], ids=["page-in", "page-failed"])
def test_todays_count_follows_the_ledgers_first_page(
    qtbot: Any, make_window: Any, desk_services: Any, failing: bool
) -> None:
    if failing:

        def broken(*_a: Any, **_k: Any) -> Any:
            raise RuntimeError("磁盘读取错误")

        desk_services.ledger.ledger_page = broken  # today's count reads no page while there is nothing today
    window = make_window()
    qtbot.waitUntil(lambda: window.today_label.text().startswith("今日登记"), timeout=10_000)
    assert window.today_label.text() == "今日登记 0 件 0 人"
    assert ("磁盘读取错误" in window.ledger_view.error_label.text()) is failing


# -- the window built behind the login dialog ---------------------------------------------------------------------


def _hidden_windows() -> list[Any]:
    from reception.ui.main_window import MainWindow

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and not w.isVisible()]


def _login_behind(desk_services: Any, data_dir: Path, on_waiting: Any) -> Any:
    """``app._login`` as run_desk calls it, with the real login dialog; ``on_waiting(dialog, window)`` is called
    once the hidden main window has been built behind the dialog (and must close the dialog)."""
    from PySide6.QtCore import QTimer

    from reception import app as desk
    from reception.ui.dialogs.login import LoginDialog

    desk.prepare_application()
    desk_services.accounts.create_first_admin("wang", "王警官", "correct horse 1")
    desk_services.ledger.register(_registration(), actor=admin("李警官"))
    before = set(map(id, _hidden_windows()))

    def poll(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        built = [w for w in _hidden_windows() if id(w) not in before]
        if isinstance(dialog, LoginDialog) and built:
            on_waiting(dialog, built[0])
        elif tries < 2000:
            QTimer.singleShot(5, lambda: poll(tries + 1))
        else:
            raise AssertionError("no main window was built behind the login dialog")

    QTimer.singleShot(0, poll)
    return desk._login(
        desk._Ledger.already_open(desk_services),
        build=lambda: desk.build_main_window(desk_services, data_dir=data_dir, signed_in=False),
    )


def test_the_main_window_is_built_hidden_behind_the_login_and_takes_the_clerk_at_sign_in(
    qtbot: Any, desk_services: Any, data_dir: Path
) -> None:
    from reception.app import show_desk
    from reception.ui.workers import wait_for_background

    seen: dict[str, Any] = {}

    def waiting(dialog: Any, window: Any) -> None:
        # Nothing of the ledger before the password: hidden, no first page asked for, an empty model, no clerk.
        seen.update(
            window=window,
            visible=window.isVisible(),
            signed_in=window.signed_in,
            first_page=window.ledger_first_page,
            rows=window.ledger_model.rowCount(),
            title=window.windowTitle(),
            focus_in_dialog=QApplication.focusWidget() is dialog.username,
        )
        qtbot.keyClicks(dialog.username, "wang")
        qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "correct horse 1")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    principal, accepted, window, settings = _login_behind(desk_services, data_dir, waiting)
    assert accepted and principal.name == "王警官"
    assert window is seen["window"], "the window built behind the dialog is the one the clerk gets"
    assert seen["visible"] is False and seen["signed_in"] is False and seen["first_page"] is None
    assert seen["rows"] == 0 and "王警官" not in seen["title"] and seen["focus_in_dialog"]
    assert settings is not None and settings.agency_name, "read on the thread that checked the password"
    qtbot.addWidget(window)
    # As run_desk signs in: nothing asked of the ledger on the GUI thread until the window is on screen.
    statements: list[str] = []
    desk_services.store.db.connection().set_trace_callback(statements.append)
    try:
        window.sign_in(principal, ledger_when_shown=True, settings=settings)
        show_desk(window)
        assert window.ledger_first_page is not None and not window.ledger_first_page.started()
        QApplication.processEvents()  # one turn of the event loop
    finally:
        desk_services.store.db.connection().set_trace_callback(None)
    assert statements == []
    field = window.registration.id_number
    assert QApplication.focusWidget() is field
    qtbot.keyClick(field, Qt.Key.Key_4)
    assert field.text() == "4"
    assert window.windowTitle().endswith("接待人 王警官") and window.ledger_first_page is not None
    assert window.idle_watcher is not None
    qtbot.waitUntil(lambda: not window.ledger_first_page.is_busy(), timeout=10_000)
    assert window.ledger_model.rowCount() == 1 and window.ledger_model.viewer is principal
    field.clear()
    wait_for_background()


def test_cancelling_the_login_discards_the_hidden_window(qtbot: Any, desk_services: Any, data_dir: Path) -> None:
    from shiboken6 import Shiboken

    seen: list[Any] = []

    def waiting(dialog: Any, window: Any) -> None:
        seen.append(window)
        qtbot.keyClick(dialog.username, Qt.Key.Key_Escape)

    principal, accepted, window, _settings = _login_behind(desk_services, data_dir, waiting)
    assert not accepted and principal is None and window is None
    assert seen and not Shiboken.isValid(seen[0]), "the hidden window is deleted"


def test_a_window_built_for_no_one_asks_nothing_of_the_ledger(qtbot: Any, desk_services: Any) -> None:
    from reception.app import build_main_window

    desk_services.ledger.register(_registration(), actor=admin("李警官"))
    window = build_main_window(desk_services, signed_in=False)
    qtbot.addWidget(window)
    assert not window.signed_in and window.ledger_first_page is None and window.idle_watcher is None
    assert window.ledger_model.rowCount() == 0 and window.clerk_label.text() == "" and not window.isVisible()
    window.sign_in(admin("王警官"))  # no account behind it: no idle lock
    assert window.registration.actor.name == "王警官" and window.ledger_first_page is not None
    qtbot.waitUntil(lambda: not window.ledger_first_page.is_busy(), timeout=10_000)
    assert window.ledger_model.rowCount() == 1 and window.clerk_label.text() == "接待人 王警官"


_LOGIN_READY = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import reception.app as desk

    desk.desk_data_dir = lambda: Path(sys.argv[2])
    seen = {}

    def stage(name, widget):
        if name == "login ready":
            seen["loaded"] = sorted(m for m in json.loads(sys.argv[3]) if m in sys.modules)
            widget.reject()

    code = desk.run_desk(sys.argv[1], stages=stage)
    print(json.dumps({"code": code, **seen}))
""")


def test_the_login_dialog_appears_before_the_window_s_modules_are_imported(tmp_path: Path) -> None:
    from reception.services.context import open_services

    services = open_services(tmp_path / "desk.db")
    services.accounts.create_first_admin("wang", "王警官", "correct horse 1")
    services.close()
    later = ["reception.ui.main_window", "reception.ui.widgets.common", "reception.ui.pages.registration"]
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    }
    done = subprocess.run(
        [sys.executable, "-c", _LOGIN_READY, str(tmp_path / "desk.db"), str(tmp_path / "user"), json.dumps(later)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state == {"code": 0, "loaded": []}, "imported before the login dialog although it does not need them"


def test_a_desk_that_logged_in_before_shows_its_login_before_the_ledger_s_code_is_imported(tmp_path: Path) -> None:
    """This PC logged in to this ledger last time (desk.json says so): the login dialog needs nothing of the
    ledger to appear, so neither the ORM nor the services nor password hashing are imported before it; the ledger
    is opened behind it."""
    from reception.app import LOGIN_PREF, ledger_key
    from reception.services.context import open_services

    db = tmp_path / "desk.db"
    services = open_services(db)
    services.accounts.create_first_admin("wang", "王警官", "correct horse 1")
    services.close()
    (tmp_path / "user").mkdir()
    (tmp_path / "user" / "desk.json").write_text(json.dumps({LOGIN_PREF: ledger_key(str(db))}), encoding="utf-8")
    ledger_code = ["peewee", "reception.storage", "reception.services.context", "reception.services", "cryptography"]
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    }
    done = subprocess.run(
        [sys.executable, "-c", _LOGIN_READY, str(db), str(tmp_path / "user"), json.dumps(ledger_code)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state == {"code": 0, "loaded": []}, "imported before the login dialog although it does not need them"


def _desk_with_login_noted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db: Path
) -> tuple[Any, list[str], list[str]]:
    """run_desk's module with desk.json noting ``db`` as the ledger last logged in to; the first start's dialog
    and the critical message box recorded instead of shown."""
    import reception.app as desk
    from reception.ui.dialogs.login import FirstAdminDialog

    user = tmp_path / "user"
    user.mkdir()
    (user / "desk.json").write_text(json.dumps({desk.LOGIN_PREF: desk.ledger_key(str(db))}), encoding="utf-8")
    monkeypatch.setattr(desk, "desk_data_dir", lambda: user)
    first_starts: list[str] = []
    messages: list[str] = []

    def first_start(cls: Any, services: Any, parent: Any = None) -> tuple[Any, bool]:
        first_starts.append("first start")
        return services.accounts.create_first_admin("admin", "张管理", "first-start-pw"), True

    monkeypatch.setattr(FirstAdminDialog, "set_up", classmethod(first_start))
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda _p, _t, text: messages.append(text)))
    return desk, first_starts, messages


def test_a_ledger_noted_for_login_without_an_account_asks_for_the_first_administrator(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ledger this PC logged in to is replaced by a fresh one (or a backup from before accounts): the login
    dialog shown at once gives way to the first start's dialog as soon as the ledger is open behind it."""
    from reception.ui.main_window import MainWindow

    db = tmp_path / "fresh.db"
    desk, first_starts, messages = _desk_with_login_noted(tmp_path, monkeypatch, db)
    titles: list[str] = []

    def close_soon(tries: int = 0) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                titles.append(widget.windowTitle())
                widget.close()
                return
        if tries < 400:
            QTimer.singleShot(25, lambda: close_soon(tries + 1))

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, close_soon)
    assert desk.run_desk(str(db)) == 0
    assert first_starts == ["first start"] and messages == []
    assert titles and titles[0].endswith("接待人 张管理")


def test_a_ledger_that_fails_to_open_behind_the_login_is_refused_in_the_clerk_s_words(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "not-a-ledger.db"
    db.write_bytes(b"this is not a database file" * 100)
    desk, first_starts, messages = _desk_with_login_noted(tmp_path, monkeypatch, db)
    assert desk.run_desk(str(db)) == 2
    assert first_starts == [] and len(messages) == 1 and messages[0].startswith("无法打开台账")
