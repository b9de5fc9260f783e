"""Run slow work (printing, export, backup, big queries) off the GUI thread.

One helper for the whole UI, like Anki's ``QueryOp``: the function runs in the global ``QThreadPool``; its result
or exception comes back to the GUI thread through a queued signal, so callbacks may touch widgets and the worker
never does.

    run_in_background(self, lambda: services.ledger.search(text, 50),
                      self._show_hits, self._show_error)

Each ``parent`` gets one small relay object (a child, so it lives on the GUI thread and dies with the parent):
when the window closed while a PDF was being rendered, the callbacks are dropped instead of touching deleted
widgets.  No per-job QObject is created or deleted, and the worker holds no Qt object of its own — an exception's
traceback may outlive the job without keeping a deleted C++ object reachable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

__all__ = ["run_in_background", "wait_for_background"]

T = TypeVar("T")

_log = logging.getLogger(__name__)
_RELAY_NAME = "_reception_background_relay"


class _Relay(QObject):
    """Lives on the GUI thread as a child of the caller; runs the callbacks the workers queue to it."""

    delivered = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName(_RELAY_NAME)
        self.delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_delivered(self, item: object) -> None:
        callback, value = item  # type: ignore[misc]
        callback(value)


def _relay_for(parent: QObject) -> _Relay:
    relay = parent.findChild(_Relay, _RELAY_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    return relay if relay is not None else _Relay(parent)


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
    """
    signal = _relay_for(parent).delivered
    failed = on_error or _log_failure

    def job() -> None:
        try:
            item: tuple[Callable[[Any], None], Any] = (on_done, fn())
        except BaseException as exc:  # noqa: BLE001 - every failure goes to on_error
            item = (failed, exc)
        try:
            signal.emit(item)
        except RuntimeError:  # the parent (and its relay) was deleted meanwhile: nobody to tell
            pass

    QThreadPool.globalInstance().start(job)


def wait_for_background(msecs: int = 10_000) -> bool:
    """Block until the pool is idle (tests and shutdown); pending callbacks still need the event loop."""
    return QThreadPool.globalInstance().waitForDone(msecs)
