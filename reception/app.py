"""Composition root of the desk: paths, preferences, services, font, translator, main window.

Nothing here is a module-level instance: :func:`run_desk` builds everything and hands it down, and tests call
:func:`build_main_window` with their own services on a temporary ledger.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from reception.domain.roles import Principal

__all__ = [
    "bench_startup",
    "build_main_window",
    "desk_data_dir",
    "install_translator",
    "place_desk",
    "prepare_application",
    "run_desk",
    "show_desk",
    "starting",
    "wait_for_first_page",
]


@contextlib.contextmanager
def starting() -> Iterator[None]:
    """No cyclic garbage collection while the desk starts; what it made is then kept out of later collections.

    A start allocates some 40,000 objects that live as long as the desk (modules, classes, the window's wrappers)
    and next to no garbage, yet the collector walked them again and again (~6 ms of every start).  Collecting
    them once at the end instead would be a 10 ms pause in the clerk's first keystrokes; ``gc.freeze()`` moves
    them to the permanent generation, which later collections skip.  Only around work that does not wait for
    the clerk (not around the login dialog).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def desk_data_dir() -> Path:
    """The per-user folder (platformdirs) for the draft, printouts, the imported holiday file and prefs."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("reception", appauthor=False))


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

    from reception.ui.theme import STYLE, apply_theme, load_fonts

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else None  # the desk's, or a test's
    styled = False
    if app is None:
        # 150 % scaling is common on reception PCs: scale exactly instead of rounding to 200 %.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        # The style by Qt's own "-style" option: Qt makes it in C++, whereas app.setStyle() hands Python the QStyle
        # it made, and wrapping that builds PySide's QStyle type with its enums (~4 ms at every start).
        args = list(argv if argv is not None else sys.argv[:1]) or ["reception"]
        app = QApplication([*args, "-style", STYLE])
        styled = True
    app.setApplicationName("reception")
    app.setApplicationDisplayName("信访接待台")
    app.setOrganizationName("reception")
    if not app.property("reception_themed"):
        apply_theme(app, load_fonts(), set_style=not styled)
        app.setProperty("reception_themed", True)
    return app


def build_main_window(
    services: Any,
    *,
    actor: Principal | None = None,
    data_dir: Path | None = None,
    prefs: Any = None,
    signed_in: bool = True,
) -> Any:
    """The desk's main window on ``services`` (tests pass a temporary ledger and ``data_dir``).

    The ledger's count and first page are asked for before anything else, so that query (a count over a million
    matters) runs off the GUI thread while the window is imported and built.  ``signed_in`` False: the window is
    built for no one yet (behind the login dialog), to be handed its clerk by ``window.sign_in`` before it shows.
    """
    from reception.ui.prefs import DeskPrefs

    if prefs is None:
        prefs = DeskPrefs(data_dir / "desk.json" if data_dir is not None else None)
    if not signed_in:
        from reception.ui.main_window import MainWindow

        return MainWindow(services, None, data_dir=data_dir, prefs=prefs)
    from reception.ui.models.ledger import FirstPage

    if actor is None:
        raise ValueError("a window signed in needs the logged-in principal (signed_in=False builds it for no one)")
    first_page = FirstPage(services, actor)
    from reception.ui.main_window import MainWindow

    return MainWindow(services, actor, data_dir=data_dir, prefs=prefs, ledger_first_page=first_page)


def place_desk(window: Any) -> None:
    """Give the main window the size it had when last closed on this PC (``window.prefs``), else 1366×740."""
    geometry = window.prefs.get("geometry") if window.prefs is not None else None
    window.resize(1366, 740)
    if isinstance(geometry, list) and len(geometry) == 4:
        window.setGeometry(*geometry)


def show_desk(window: Any) -> None:
    """Show the main window where :func:`place_desk` puts it."""
    place_desk(window)
    window.show()


def prepare_printing() -> None:
    """Patch reportlab as the desk prints with it (reception.printing.patches; idempotent).

    Importing reportlab costs some 150 ms, so the desk does it while the login dialog waits for the clerk, never
    on the way to a window (tests/ui/test_startup.py keeps reportlab out of a fresh desk)."""
    from reception.printing import patches

    patches.install()


#: ``reception bench`` follows the desk's start through these: ``stages(name, widget)`` is told "login ready" (the
#: login dialog on screen, its first field taking keystrokes), "login idle" (what the desk prepares behind the dialog
#: is done), "login accepted" (the password checked: told on the thread that checked it, the moment the check
#: returned) and "window shown" (the main window)
Stages = Callable[[str, Any], None]

#: desk.json's note of the ledger this PC last logged in to (:func:`ledger_key`): on that ledger the login dialog
#: is shown at once, before the ledger is opened
LOGIN_PREF = "login_ledger"


def ledger_key(db_url: str) -> str:
    """What :data:`LOGIN_PREF` keeps for ``db_url``: the file's path, or a server URL without its password."""
    if "://" not in db_url:
        return db_url
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(db_url)
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    if parts.username:
        host = f"{parts.username}@{host}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


class _Ledger:
    """The ledger's services, opened on a thread of their own while the login dialog waits for the clerk.

    The login dialog needs nothing of the ledger to appear, and opening it (importing the ORM and the services, some
    50 ms, then migrations and the agency directory) would keep the dialog off the screen; so the desk shows the
    dialog first and opens the ledger behind it.  The password check waits for the opening (:meth:`services`).
    """

    def __init__(self, db_url: str, calendar_file: Path | None = None) -> None:
        self.db_url = db_url
        self.calendar_file = calendar_file
        self._opened = threading.Event()
        self._starting = threading.Lock()
        self._thread: threading.Thread | None = None
        self._services: Any = None
        self._error: BaseException | None = None

    @classmethod
    def already_open(cls, services: Any) -> _Ledger:
        """A ledger whose services are open already (tests)."""
        ledger = cls("")
        ledger._services = services
        ledger._opened.set()
        return ledger

    def open_here(self) -> None:
        """Open the ledger on the calling thread, now (raises what opening raises)."""
        from reception.services.context import open_services

        self._open(open_services, on_thread=False)
        self.services()

    def start(self) -> None:
        """Import the services on the calling thread (no import of the same modules races the GUI thread's), then
        open the ledger on a thread of its own.  Once only (the GUI thread's turn behind the dialog, or the password
        check when the clerk was quicker)."""
        with self._starting:
            if self._thread is not None or self._opened.is_set():
                return
            from reception.services.context import open_services

            self._thread = threading.Thread(
                target=self._open, args=(open_services, True), name="reception-ledger", daemon=True
            )
            self._thread.start()

    def _open(self, open_services: Callable[..., Any], on_thread: bool) -> None:
        try:
            services = open_services(self.db_url, calendar_file=self.calendar_file)
            if on_thread:
                services.store.close()  # this thread's connection; every thread that queries opens its own
            self._services = services
        except BaseException as exc:  # handed to whoever waits (services())
            self._error = exc
        finally:
            self._opened.set()

    def is_open(self) -> bool:
        """Whether the opening is over (open, or failed)."""
        return self._opened.is_set()

    def services(self) -> Any:
        """The open services, once the ledger is open (waits for it); raises what opening it raised."""
        if not self._opened.is_set():
            self.start()
            self._opened.wait()
        if self._error is not None:
            raise self._error
        return self._services

    def close(self) -> None:
        """Close the ledger if it was opened (waits for an opening still under way)."""
        if self._thread is not None:
            self._opened.wait()
        if self._services is not None:
            self._services.close()


class _BehindTheDialog:
    """What the desk prepares while the login dialog waits for the clerk, without delaying the dialog.

    Once the dialog is on screen (the first turn of its event loop), reportlab is imported and patched on a thread
    of its own (~150 ms of imports that would otherwise fall on the first print); on the GUI thread, a turn at a
    time, the services are imported and the ledger opened (on a thread of its own, :class:`_Ledger`), the main
    window's modules are imported and then the window itself is built, hidden and for no one yet
    (``build_main_window(signed_in=False)``, which reads nothing of the ledger), so that after the password the
    window only takes the clerk (``sign_in``) and shows.  :meth:`finish` waits for the thread, so no window can print
    with reportlab unpatched, and builds the window if the password came before it was; :meth:`discard` drops it when
    the clerk cancels.

    ``check_accounts``: the dialog was shown before the ledger was open (this PC logged in to it last time); should
    the opened ledger have no account after all (a fresh file, a restored old backup), or fail to open, the dialog is
    closed (:attr:`no_accounts`, :attr:`failure`) for the first start's dialog or the refusal.
    """

    def __init__(
        self,
        stages: Stages | None,
        build: Callable[[], Any] | None = None,
        ledger: _Ledger | None = None,
        *,
        check_accounts: bool = False,
    ) -> None:
        from PySide6.QtCore import QTimer

        self._stages = stages
        self._build = build
        self._ledger = ledger
        self._check_accounts = check_accounts
        self._thread: threading.Thread | None = None
        self._finished = False
        #: the main window once built (hidden, signed in to no one)
        self.window: Any = None
        #: the ledger opened behind the dialog has no account: the first start's dialog is needed instead
        self.no_accounts = False
        #: what opening the ledger behind the dialog raised
        self.failure: BaseException | None = None
        QTimer.singleShot(0, self._on_dialog_shown)

    def _stage(self, name: str) -> None:
        if self._stages is not None:
            from PySide6.QtWidgets import QApplication

            self._stages(name, QApplication.activeModalWidget())

    def _on_dialog_shown(self, waited: int = 0) -> None:
        """The dialog takes keystrokes once the window system has activated it and focus is in its first field;
        the work behind it starts only then (or after half a second without, should activation never come)."""
        if self._finished:
            return
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        dialog, focus = QApplication.activeModalWidget(), QApplication.focusWidget()
        if (dialog is None or focus is None or focus.window() is not dialog) and waited < 500:
            QTimer.singleShot(1, lambda: self._on_dialog_shown(waited + 1))
            return
        self._stage("login ready")
        self._thread = threading.Thread(target=prepare_printing, name="reception-printing", daemon=True)
        self._thread.start()
        QTimer.singleShot(0, self._open_ledger)

    def _open_ledger(self) -> None:
        if self._finished:
            return
        from PySide6.QtCore import QTimer

        if self._ledger is not None:
            with starting():
                self._ledger.start()
        QTimer.singleShot(0, self._wait_for_ledger)

    def _wait_for_ledger(self) -> None:
        if self._finished:
            return
        from PySide6.QtCore import QTimer

        ledger = self._ledger
        if ledger is not None:
            if not ledger.is_open():
                QTimer.singleShot(5, self._wait_for_ledger)
                return
            try:
                services = ledger.services()
                if self._check_accounts and not services.accounts.has_accounts():
                    self.no_accounts = True
            except Exception as exc:  # the ledger cannot be opened: the desk says so once the dialog is closed
                self.failure = exc
            if self.no_accounts or self.failure is not None:
                self._close_dialog()
                return
        QTimer.singleShot(0, self._import_window)

    def _close_dialog(self) -> None:
        from PySide6.QtWidgets import QApplication, QDialog

        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            dialog.reject()

    def _import_window(self) -> None:
        if self._finished:
            return
        from PySide6.QtCore import QTimer

        with starting():
            import reception.ui.dialogs.idle_lock  # sign_in's, for a clerk who logged in
            import reception.ui.main_window
            import reception.ui.models.ledger
            import reception.ui.pages.registration  # noqa: F401

        QTimer.singleShot(0, self._build_window)

    def _build_window(self) -> None:
        if self._finished:
            return
        self._make_window()
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self._lay_out_window)
        QTimer.singleShot(0, self._wait_for_printing)

    def _make_window(self) -> None:
        if self.window is None and self._build is not None:
            with starting():
                self.window = self._build()

    def _lay_out_window(self) -> None:
        """Style, lay out and paint the hidden window once, into a pixmap (nothing reaches the screen), so that
        showing it after the password repaints only what the clerk changed (title, status bar).  Its native window
        is made now too (not shown), and the style object handed to Python once: the form's first hint or refusal
        asks for it, and PySide builds the QStyle type with its enums on that first call (some 5 ms that would fall
        on the clerk's first keystroke)."""
        if self._finished or self.window is None:
            return
        place_desk(self.window)
        self.window.winId()
        self.window.style()
        self.window.grab()

    def _wait_for_printing(self) -> None:
        if self._finished:
            return
        if self._thread is not None and self._thread.is_alive():
            from PySide6.QtCore import QTimer

            QTimer.singleShot(5, self._wait_for_printing)
            return
        self._stage("login idle")

    def finish(self, accepted: bool) -> None:
        """The dialog is closed: reportlab is patched when this returns (at once, if the thread never started);
        ``accepted``: the window is built (now, if the clerk was quicker than the turns behind the dialog)."""
        self._finished = True
        if self._thread is not None:
            self._thread.join()
        else:
            prepare_printing()
        if accepted:
            self._make_window()

    def discard(self) -> None:
        """The clerk cancelled: the hidden window goes, unseen, with everything it made."""
        window, self.window = self.window, None
        if window is not None:
            from PySide6.QtCore import QCoreApplication, QEvent

            window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


class _SignedIn(NamedTuple):
    """What :func:`_login` returns."""

    principal: Any
    accepted: bool
    #: the main window built behind the dialog (hidden, for no one yet), None when cancelled (or without ``build``)
    window: Any
    #: the settings the window shows at sign-in, read on the thread that checked the password (None: not read)
    settings: Any = None


def _login(
    ledger: _Ledger,
    parent: Any = None,
    stages: Stages | None = None,
    build: Callable[[], Any] | None = None,
    *,
    expect_login: bool = False,
) -> _SignedIn:
    """The clerk at the desk: the first start creates the administrator, every later start logs in.

    ``expect_login``: this PC logged in to this ledger last time, so the login dialog is shown at once and the
    ledger opened behind it (otherwise the ledger is opened first, to tell which of the two dialogs it needs).
    Raises what opening the ledger raised.
    """
    from reception.ui.dialogs.login import FirstAdminDialog, LoginDialog

    read: dict[str, Any] = {}

    def verify(username: str, password: str) -> Any:
        """The password check (off the GUI thread, LoginDialog): waits for the ledger, then one call; then, on
        the same thread, the settings the window shows at sign-in."""
        services = ledger.services()
        principal = services.accounts.login(username, password)
        if stages is not None:
            stages("login accepted", None)
        read["settings"] = services.ledger.settings()
        return principal

    first = not expect_login and not ledger.services().accounts.has_accounts()
    while True:
        behind = _BehindTheDialog(stages, build, ledger, check_accounts=expect_login and not first)
        principal, accepted = None, False
        try:
            if first:
                principal, accepted = FirstAdminDialog.set_up(ledger.services(), parent)
                if accepted and stages is not None:
                    stages("login accepted", None)
            else:
                principal, accepted = LoginDialog.login(verify, parent)
        finally:
            behind.finish(accepted)
            if not accepted:
                behind.discard()
        if accepted:
            return _SignedIn(principal, accepted, behind.window, read.get("settings"))
        if behind.failure is not None:
            raise behind.failure
        if not behind.no_accounts:
            return _SignedIn(principal, accepted, None)
        first = True  # the ledger has no account after all: its first start


def run_desk(db_url: str, *, stages: Stages | None = None) -> int:
    """Open the desk on ``db_url``; returns the exit code for ``reception`` (cli.main).  ``stages``: see Stages."""
    with starting():
        # What the desk needs before its first dialog is imported before PySide6: once PySide6 is imported, it
        # reads the source of every module imported after it (looking for "PySide6"), a cost per module.
        import reception.domain.inputs  # the login dialog's refusals
        from reception.logs import configure_logging
        from reception.ui.prefs import DeskPrefs

        data_dir = desk_data_dir()
        configure_logging(data_dir / "reception.log")
        prefs = DeskPrefs(data_dir / "desk.json")
        if prefs.get(LOGIN_PREF) != ledger_key(db_url):
            # The ledger is opened before the dialog (to tell which one it needs): its services before PySide6 too.
            import reception.services.context  # noqa: F401

        app = prepare_application()
        translators = install_translator(app, prefs.language)
    try:
        while True:
            code, restored, live = _desk_session(app, db_url, data_dir, prefs, stages)
            if restored is None or live is None:  # a restore always comes with the live file it replaces
                return code
            # 从备份恢复: every connection is closed now; put the restored file in place and open it again.
            from reception.services.backup import swap_in
            from reception.storage.db import StorageError

            try:
                swap_in(restored, live)
            except (OSError, ValueError, StorageError) as exc:  # another desk has the ledger open
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.critical(None, app.translate("run_desk", "恢复失败"), str(exc))
                return 2
    finally:
        del translators


def _desk_session(
    app: Any, db_url: str, data_dir: Path, prefs: Any, stages: Stages | None = None
) -> tuple[int, Path | None, Path | None]:
    """One run of the window; returns (exit code, restored file to swap in or None, the live ledger file)."""
    ledger = _Ledger(db_url, data_dir / "holidays.json")
    key = ledger_key(db_url)
    expect_login = prefs.get(LOGIN_PREF) == key
    try:
        try:
            if not expect_login:
                with starting():
                    ledger.open_here()
            principal, accepted, window, settings = _login(
                ledger,
                stages=stages,
                build=lambda: build_main_window(ledger.services(), data_dir=data_dir, prefs=prefs, signed_in=False),
                expect_login=expect_login,
            )
        except Exception as exc:
            from reception.storage.db import StorageError

            if not isinstance(exc, StorageError):
                raise
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, app.translate("run_desk", "无法打开台账"), str(exc))
            return 2, None, None
        if not accepted or window is None:
            return 0, None, None
        services = ledger.services()
        live = getattr(services.store, "path", None)
        prefs.set(LOGIN_PREF, key)  # the ledger has accounts: next time, the login dialog first
        with starting():
            window.sign_in(principal, ledger_when_shown=True, settings=settings)
            show_desk(window)
        if stages is not None:
            stages("window shown", window)
        code = app.exec()
        rect = window.geometry()
        prefs.set("geometry", [rect.x(), rect.y(), rect.width(), rect.height()])
        with contextlib.suppress(OSError):
            prefs.save()
        restored = window.restored_path if live is not None else None
        return int(code), restored, live
    finally:
        from reception.ui.workers import wait_for_background

        wait_for_background()
        ledger.close()


def bench_startup(db_url: str) -> float:
    """For ``reception bench``: start as the desk does, show the main window with the ledger's first page loaded,
    and return the wall-clock time (``time.time()``) at that moment.  No login: the bench acts as the station's
    administrator tool, like the command."""
    import time

    with starting():  # as run_desk, whose start is cut in two by the login dialog
        from reception.domain.roles import Principal, Role
        from reception.services.context import open_services  # before PySide6, as run_desk

        app = prepare_application([])
        services = open_services(db_url)
        window = build_main_window(services, actor=Principal("bench", Role.ADMINISTRATOR, via="cli"), data_dir=None)
        show_desk(window)
        # The ledger's count and first page were asked for off the GUI thread before the window was built; the
        # window is laid out and painted meanwhile, and the clock stops only once that page is in the ledger's
        # model.
        if window.ledger_first_page is not None:
            wait_for_first_page(window.ledger_first_page)
        model = window.ledger_model
        model.data(model.index(0, 0))
        app.processEvents()
    shown = time.time()
    window.close()
    services.close()
    return shown


def wait_for_first_page(source: Any, timeout_ms: int = 60_000) -> bool:
    """Run the event loop until ``source`` has its pending count and first page in its model; False on time-out.

    ``source``: the main window's ``ledger_first_page`` (the desk's start) or a ledger view; anything with
    ``is_busy()`` and a ``loaded`` signal.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    if not source.is_busy():
        return True
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    source.loaded.connect(loop.quit)
    timer.start(timeout_ms)
    try:
        while source.is_busy() and timer.isActive():
            loop.exec()
    finally:
        source.loaded.disconnect(loop.quit)
        timer.stop()
    return not source.is_busy()
