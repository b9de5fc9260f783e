"""Run slow work (printing, export, backup, big queries) off the GUI thread.

One helper for the whole UI, like Anki's ``QueryOp``: the function runs in the
global ``QThreadPool``; its result or exception comes back to the GUI thread
through a queued signal, so callbacks may touch widgets and the worker never does.

    run_in_background(self, lambda: services.ledger.search(text, 50),
                      self._show_hits, self._show_error)

The callbacks are dropped silently when ``parent`` has been destroyed meanwhile
(the window closed while a PDF was being rendered), because the relay object is
a child of ``parent``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

__all__ = ["run_in_background", "wait_for_background"]

T = TypeVar("T")

_log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread (child of ``parent``); receives the outcome by queued signal."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        parent: QObject,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None,
    ) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._on_error = on_error
        self.succeeded.connect(self._on_succeeded)
        self.failed.connect(self._on_failed)

    @Slot(object)
    def _on_succeeded(self, value: object) -> None:
        try:
            self._on_done(value)
        finally:
            self.deleteLater()

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        try:
            if self._on_error is not None:
                self._on_error(exc)  # type: ignore[arg-type]
            else:
                _log.error("background job failed", exc_info=exc)  # type: ignore[arg-type]
        finally:
            self.deleteLater()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        # Emitting from the worker thread on an object living in the GUI thread
        # makes Qt queue the call: the slot runs on the GUI thread.
        self._succeeded = relay.succeeded
        self._failed = relay.failed

    def run(self) -> None:
        try:
            value = self._fn()
        except BaseException as exc:  # noqa: BLE001 - every failure goes to on_error
            try:
                self._failed.emit(exc)
            except RuntimeError:  # relay already deleted with its parent
                pass
            return
        try:
            self._succeeded.emit(value)
        except RuntimeError:
            pass


def run_in_background(
    parent: QObject,
    fn: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Run ``fn()`` on the thread pool; call ``on_done(result)`` or ``on_error(exc)`` on the GUI thread.

    Without ``on_error`` failures are logged. ``fn`` must not touch widgets.
    """
    relay = _Relay(parent, on_done, on_error)
    QThreadPool.globalInstance().start(_Job(fn, relay))


def wait_for_background(msecs: int = 10_000) -> bool:
    """Block until the pool is idle (tests and shutdown); pending callbacks still need the event loop."""
    return QThreadPool.globalInstance().waitForDone(msecs)
