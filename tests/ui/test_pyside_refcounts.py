"""The PySide6 that pyproject.toml installs keeps the reference counts of None and True.

PySide6 6.12.0 on CPython 3.11 dropped one reference to ``True`` on every ``emit()`` from Python and one to
``None`` on every overridden void virtual, until the process died ("Fatal Python error: bool_dealloc").  The
dependency pins PySide6 below 6.12 on 3.11 (3.12 makes those objects immortal); these probes fail if a version
with the leak comes back.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget


class _Probe(QObject):
    fired = Signal()


class _Painted(QWidget):
    def paintEvent(self, event: Any) -> None:
        return None


def test_emit_keeps_the_reference_to_true(qapp: Any) -> None:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(200):
        probe.fired.emit()
    assert sys.getrefcount(True) - before >= 0


def test_an_overridden_void_virtual_keeps_the_reference_to_none(qapp: Any) -> None:
    widget = _Painted()
    widget.resize(40, 20)
    before = sys.getrefcount(None)
    for _ in range(50):
        widget.repaint()
    after = sys.getrefcount(None)
    widget.deleteLater()
    assert after - before > -50
