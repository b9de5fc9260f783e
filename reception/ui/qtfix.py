"""A work-around for reference-counting bugs of PySide6 6.12.0 on Python 3.11.

Measured here (PySide6-Essentials 6.12.0, CPython 3.11.7):

* every ``signal.emit(...)`` called from Python returns ``True`` without taking a reference to it, so each emit
  lowers ``True``'s reference count by one;
* every Python override of a C++ ``void`` virtual that Qt calls (``paintEvent``, ``QRunnable.run`` on the thread
  pool, ...) gives back one reference too many to the ``None`` it returned.

Before Python 3.12 ``None``, ``True`` and ``False`` are ordinary reference-counted objects, so after a few hundred
emits or paints the desk dies with "Fatal Python error: bool_dealloc / none_dealloc" or a segmentation fault
somewhere unrelated (the ledger's background queries alone emit two signals and run one ``QRunnable`` each).
Objects returned from overrides other than these singletons are counted correctly (checked for ``data()`` and
``sizeHint()``).

:func:`install` makes the three singletons effectively immortal — what CPython 3.12 does for every interpreter
(PEP 683) — by adding 2**40 to their reference counts, which no leak of one per call can use up.  It changes
nothing where it is not needed (Python 3.12+, or a PySide whose ``emit`` keeps its references), and it is
idempotent.  It runs when a ``reception.ui`` module that emits is imported; the composition root and the UI test
configuration should import this module first thing as well.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6 import __version_info__ as _PYSIDE_VERSION
from PySide6.QtCore import QObject, Signal

__all__ = ["emit_leaks_a_reference", "install", "installed"]

_HEADROOM = 1 << 40
_installed = False


class _Probe(QObject):
    probe = Signal()


def emit_leaks_a_reference() -> bool:
    """True when ``emit`` lowers the reference count of the ``True`` it returns (and gives the one it took back)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.probe.emit()
    after = sys.getrefcount(True)
    probe.deleteLater()
    if before - after == 1:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
        return True
    return False


def installed() -> bool:
    return _installed


def install() -> bool:
    """Make None, True and False immortal where this PySide needs it; returns whether that was done."""
    global _installed
    if _installed:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False  # immortal already (PEP 683)
    if not (emit_leaks_a_reference() or tuple(_PYSIDE_VERSION[:2]) == (6, 12)):
        return False
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object (Include/object.h, PyObject).
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
    _installed = True
    return True


install()
