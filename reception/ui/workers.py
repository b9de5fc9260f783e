"""Run slow work (printing, export, backup, big queries) off the GUI thread.

One helper for the whole UI, like Anki's ``QueryOp``: the function runs in the global ``QThreadPool``; its result
or exception comes back to the GUI thread through a queued signal, so callbacks may touch widgets and the worker
never does.

    run_in_background(self, lambda: services.ledger.search(text, 50),
                      self._show_hits, self._show_error)

The queued signal goes to one relay object that is a child of the application, so a worker never emits to an
object that is being destroyed.  The relay keeps the callbacks (and ``parent``) on the GUI thread and drops them
when ``parent`` has been deleted meanwhile (the window closed while a PDF was being rendered), instead of
touching deleted widgets.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal, Slot

__all__ = ["LedgerChanges", "run_in_background", "run_mutation", "wait_for_background"]

T = TypeVar("T")

_log = logging.getLogger(__name__)
_RELAY_NAME = "_reception_background_relay"


class _Relay(QObject):
    """Lives on the GUI thread for the application's lifetime; runs the callbacks the workers queue to it."""

    delivered = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName(_RELAY_NAME)
        self._pending: dict[int, tuple[QObject, Callable[[Any], None], Callable[[Any], None]]] = {}
        self._tokens = itertools.count(1)
        self.delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)

    def add(self, parent: QObject, on_done: Callable[[Any], None], on_error: Callable[[Any], None]) -> int:
        token = next(self._tokens)
        self._pending[token] = (parent, on_done, on_error)
        return token

    @Slot(object)
    def _on_delivered(self, item: object) -> None:
        token, ok, value = item  # type: ignore[misc]
        entry = self._pending.pop(token, None)
        if entry is None:
            return
        parent, on_done, on_error = entry
        if not shiboken6.isValid(parent):
            return  # the widget that asked is gone: nobody to tell
        (on_done if ok else on_error)(value)


def _relay() -> _Relay:
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("run_in_background needs a QApplication")
    relay = app.findChild(_Relay, _RELAY_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    return relay if relay is not None else _Relay(app)


def _log_failure(exc: BaseException) -> None:
    _log.error("background job failed", exc_info=exc)


def run_in_background(
    parent: QObject,
    fn: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Run ``fn()`` on the thread pool; call ``on_done(result)`` or ``on_error(exc)`` on the GUI thread.

    Call from the GUI thread.  Without ``on_error`` failures are logged.  ``fn`` must not touch widgets.
    The callbacks are skipped when ``parent`` has been deleted by then.
    """
    relay = _relay()
    token = relay.add(parent, on_done, on_error or _log_failure)
    signal = relay.delivered

    def job() -> None:
        try:
            item = (token, True, fn())
        except BaseException as exc:
            item = (token, False, exc)
        with contextlib.suppress(RuntimeError):  # the application is shutting down
            signal.emit(item)

    QThreadPool.globalInstance().start(job)


def wait_for_background(msecs: int = 10_000) -> bool:
    """Block until the pool is idle (tests and shutdown); pending callbacks still need the event loop."""
    return QThreadPool.globalInstance().waitForDone(msecs)


class LedgerChanges(QObject):
    """The one "ledger changed" signal of a desk: the main window owns it and hands it to every page.

    :func:`run_mutation` emits :attr:`ledger_changed` once after each change the desk made; the pages that show
    the ledger (台账, 督办, 统计, the status bar) refresh from it instead of from each other's signals.
    """

    ledger_changed = Signal()


def run_mutation(
    parent: QObject,
    op: Callable[[], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    changes: LedgerChanges | None,
) -> None:
    """Change the ledger off the GUI thread, like Anki's ``CollectionOp``: every write the desk makes comes here.

    ``op`` runs on the thread pool (a PostgreSQL lock wait then stalls a worker, not the window) and must not touch
    widgets; ``on_success(result)`` or ``on_failure(exc)`` runs on the GUI thread, and after a success
    ``changes.ledger_changed`` is emitted exactly once.  Without ``on_failure`` failures are logged.
    ``changes`` is None only where nothing on the desk shows what changed (a dialog before the desk exists).
    """

    # The ledger changed even when the widget that asked has been closed meanwhile: the signal still goes out,
    # only that widget's own callbacks are skipped.
    guard = changes if changes is not None else parent

    def succeeded(result: T) -> None:
        try:
            if shiboken6.isValid(parent):
                on_success(result)
        finally:
            if changes is not None:
                changes.ledger_changed.emit()

    def failed(exc: BaseException) -> None:
        if shiboken6.isValid(parent):
            (on_failure or _log_failure)(exc)

    run_in_background(guard, op, succeeded, failed)
