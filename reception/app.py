"""Composition root of the desk: paths, preferences, services, font, translator, main window.

Nothing here is a module-level instance: :func:`run_desk` builds everything and hands it down, and tests call
:func:`build_main_window` with their own services on a temporary ledger.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Any

__all__ = [
    "bench_startup",
    "build_main_window",
    "desk_data_dir",
    "install_translator",
    "prepare_application",
    "run_desk",
    "wait_for_first_page",
]


def desk_data_dir() -> Path:
    """The per-user folder (platformdirs) for the draft, printouts, the imported holiday file and prefs."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("reception", appauthor=False))


def default_actor(prefs: Any) -> str:
    """Who sits at the desk when there are no accounts: this PC's setting, else the login name."""
    name = getattr(prefs, "clerk", "") if prefs is not None else ""
    return name or os.environ.get("RECEPTION_ACTOR") or getpass.getuser()


def install_translator(app: Any, language: str) -> list[Any]:
    """Install the desk's English translation (and Qt's own Chinese for standard buttons by default).

    Returns the translators so the caller keeps them alive (a collected QTranslator silently stops working).
    """
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from reception.resources import resource_path

    installed: list[Any] = []
    if language == "en":
        translator = QTranslator(app)
        if translator.load(str(resource_path("i18n", "reception_en.qm"))):
            app.installTranslator(translator)
            installed.append(translator)
    else:
        qt_zh = QTranslator(app)
        if qt_zh.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_zh)
            installed.append(qt_zh)
    return installed


def prepare_application(argv: list[str] | None = None) -> Any:
    """The QApplication with the bundled font and the desk's theme (reused when one exists, as in tests)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from reception.ui import qtfix  # noqa: F401  (first: PySide6 6.12 reference-count work-around)
    from reception.ui.theme import apply_theme, load_fonts

    app = QApplication.instance()
    if app is None:
        # 150 % scaling is common on reception PCs: scale exactly instead of rounding to 200 %.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("reception")
    app.setApplicationDisplayName("信访接待台")
    app.setOrganizationName("reception")
    if not app.property("reception_themed"):
        apply_theme(app, load_fonts())
        app.setProperty("reception_themed", True)
    return app


def build_main_window(
    services: Any,
    *,
    actor: Any = None,
    data_dir: Path | None = None,
    prefs: Any = None,
) -> Any:
    """The desk's main window on ``services`` (tests pass a temporary ledger and ``data_dir``).

    The ledger's count and first page are asked for before anything else, so that query (a count over a million
    matters) runs off the GUI thread while the window is imported and built.
    """
    from reception.ui.ledger_model import FirstPage
    from reception.ui.prefs import DeskPrefs

    if prefs is None:
        prefs = DeskPrefs(data_dir / "desk.json" if data_dir is not None else None)
    actor = actor or default_actor(prefs)
    first_page = FirstPage(services, actor)
    from reception.ui.main_window import MainWindow

    return MainWindow(services, actor, data_dir=data_dir, prefs=prefs, ledger_first_page=first_page)


def _login(services: Any, parent: Any = None) -> tuple[Any, bool]:
    """The clerk at the desk: the first start creates the administrator, every later start logs in."""
    from reception.ui.login_dialog import FirstAdminDialog, LoginDialog

    if not services.accounts.has_accounts():
        return FirstAdminDialog.create(services, parent)
    return LoginDialog.login(services, parent)


def run_desk(db_url: str) -> int:
    """Open the desk on ``db_url``; returns the exit code for ``reception`` (cli.main)."""
    app = prepare_application()
    from PySide6.QtWidgets import QMessageBox

    from reception.ui.prefs import DeskPrefs

    data_dir = desk_data_dir()
    from reception.logs import configure_logging

    configure_logging(data_dir / "reception.log")
    prefs = DeskPrefs(data_dir / "desk.json")
    translators = install_translator(app, prefs.language)
    try:
        while True:
            code, restored, live = _desk_session(app, db_url, data_dir, prefs)
            if restored is None:
                return code
            # 从备份恢复: every connection is closed now; put the restored file in place and open it again.
            from reception.services.backup import swap_in

            try:
                swap_in(restored, live)
            except (OSError, ValueError) as exc:
                QMessageBox.critical(None, app.translate("run_desk", "恢复失败"), str(exc))
                return 2
    finally:
        del translators


def _desk_session(app: Any, db_url: str, data_dir: Path, prefs: Any) -> tuple[int, Path | None, Path | None]:
    """One run of the window; returns (exit code, restored file to swap in or None, the live ledger file)."""
    from PySide6.QtWidgets import QMessageBox

    from reception.services.context import open_services
    from reception.storage.db import StorageError

    try:
        services = open_services(db_url, calendar_file=data_dir / "holidays.json")
    except StorageError as exc:
        QMessageBox.critical(None, app.translate("run_desk", "无法打开台账"), str(exc))
        return 2, None, None
    live = getattr(services.store, "path", None)
    try:
        principal, accepted = _login(services)
        if not accepted:
            return 0, None, None
        window = build_main_window(services, actor=principal, data_dir=data_dir, prefs=prefs)
        geometry = prefs.get("geometry")
        window.resize(1366, 740)
        if isinstance(geometry, list) and len(geometry) == 4:
            window.setGeometry(*geometry)
        window.show()
        code = app.exec()
        rect = window.geometry()
        prefs.set("geometry", [rect.x(), rect.y(), rect.width(), rect.height()])
        try:
            prefs.save()
        except OSError:
            pass
        restored = window.restored_path if live is not None else None
        return int(code), restored, live
    finally:
        from reception.ui.workers import wait_for_background

        wait_for_background()
        services.close()


def bench_startup(db_url: str) -> float:
    """For ``reception bench``: start as the desk does, show the main window with the ledger's first page loaded,
    and return the wall-clock time (``time.time()``) at that moment.  No login: the bench acts as the station's
    administrator tool, like the command."""
    import time

    from reception.domain.roles import cli_principal
    from reception.services.context import open_services

    app = prepare_application([])
    services = open_services(db_url)
    window = build_main_window(services, actor=cli_principal("bench"), data_dir=None)
    window.show()
    ledger_view = getattr(window, "ledger_view", None)
    if ledger_view is not None:
        # The view asked for its count and first page off the GUI thread when it was built; the window is laid
        # out and painted meanwhile, and the clock stops only once that page is in the model.
        wait_for_first_page(ledger_view)
        ledger_view.model.data(ledger_view.model.index(0, 0))
    app.processEvents()
    shown = time.time()
    window.close()
    services.close()
    return shown


def wait_for_first_page(ledger_view: Any, timeout_ms: int = 60_000) -> bool:
    """Run the event loop until ``ledger_view`` has applied its pending count and first page; False on time-out."""
    from PySide6.QtCore import QEventLoop, QTimer

    if not ledger_view.is_busy():
        return True
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    ledger_view.loaded.connect(loop.quit)
    timer.start(timeout_ms)
    try:
        while ledger_view.is_busy() and timer.isActive():
            loop.exec()
    finally:
        ledger_view.loaded.disconnect(loop.quit)
        timer.stop()
    return not ledger_view.is_busy()
