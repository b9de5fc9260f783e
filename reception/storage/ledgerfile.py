"""The ledger's file on disk: its owner-only folder, the lock every open holds, temporary copies and their sweep.

Beside ``ledger.db`` lives ``ledger.db.private/`` (mode 0700).  It holds

* ``lock``: every process that opens the ledger holds a *shared* lock on it for as long as the ledger is open;
  a whole-file operation (a restore that replaces the file, a migration, demo data) takes it *exclusively* and is
  refused at once while any desk or command has the ledger open.  The lock is on this separate file, never on the
  ledger: SQLite's own POSIX locks on the ledger would be dropped by any ``close()`` of another descriptor of it in
  the process (Linux ``flock`` locks and Windows ``LockFileEx`` locks on another file are independent of them).
* the temporary copies of whole-file operations (a restore being checked, a backup's copied snapshot, a print
  being written): named ``PID-NS.kind``, so that :func:`sweep` can remove those whose process is gone, at the
  next open or operation, without touching the files of an operation still running.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import time
from pathlib import Path

PRIVATE_SUFFIX = ".private"
LOCK_NAME = "lock"
_TEMP = re.compile(r"^(\d+)-\d+\.[A-Za-z0-9_.-]+$")


def private_dir(ledger: Path) -> Path:
    """The ledger's owner-only folder (not created)."""
    return ledger.with_name(ledger.name + PRIVATE_SUFFIX)


def ensure_private_dir(folder: Path) -> Path:
    """``folder`` created if needed, readable by its owner only."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, 0o700)
    return folder


def temp_path(folder: Path, kind: str) -> Path:
    """A new name for a temporary file of this process inside ``folder`` (created owner-only if needed)."""
    ensure_private_dir(folder)
    return folder / f"{os.getpid()}-{time.monotonic_ns()}.{kind}"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    import psutil

    return psutil.pid_exists(pid)


# Journal entries of prints (services/pending_prints.py): settled by the ledger's next print or open, not swept.
JOURNAL_KINDS = (".print",)


def sweep(folder: Path) -> list[Path]:
    """Remove the temporary files in ``folder`` left by processes that no longer run; the removed paths.

    Prints' journal entries are left for :func:`reception.services.pending_prints.recover`."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP.match(entry.name)
        if m is None or entry.name.endswith(JOURNAL_KINDS) or _alive(int(m.group(1))):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
    return removed


class LedgerLock:
    """The lock on ``ledger.db.private/lock``: shared while the ledger is open, exclusive for whole-file work."""

    def __init__(self, ledger: Path) -> None:
        self.ledger = ledger
        self.path = private_dir(ledger) / LOCK_NAME
        self._fd: int | None = None
        self.exclusive = False

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, *, exclusive: bool, wait: float = 0.0) -> bool:
        """Take the lock; False when another process holds it in a conflicting mode for longer than ``wait``."""
        if self._fd is None:
            ensure_private_dir(self.path.parent)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        deadline = time.monotonic() + wait
        while True:
            if _try_lock(self._fd, exclusive=exclusive, held=self.exclusive if self._held_mode else None):
                self._held_mode = True
                self.exclusive = exclusive
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    _held_mode = False

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            _unlock(self._fd)
        os.close(self._fd)
        self._fd = None
        self._held_mode = False
        self.exclusive = False


if sys.platform == "win32":  # pragma: no cover - exercised on Windows
    import ctypes
    import msvcrt
    from ctypes import wintypes

    class _Overlapped(ctypes.Structure):
        _fields_ = [
            ("Internal", ctypes.c_void_p),
            ("InternalHigh", ctypes.c_void_p),
            ("Offset", wintypes.DWORD),
            ("OffsetHigh", wintypes.DWORD),
            ("hEvent", wintypes.HANDLE),
        ]

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _LOCKFILE_FAIL_IMMEDIATELY, _LOCKFILE_EXCLUSIVE_LOCK = 0x1, 0x2

    def _try_lock(fd: int, *, exclusive: bool, held: bool | None) -> bool:
        handle = msvcrt.get_osfhandle(fd)
        if held is not None:  # Windows locks do not convert: let go of the one held first
            _unlock(fd)
        flags = _LOCKFILE_FAIL_IMMEDIATELY | (_LOCKFILE_EXCLUSIVE_LOCK if exclusive else 0)
        ok = _kernel32.LockFileEx(handle, flags, 0, 1, 0, ctypes.byref(_Overlapped()))
        if not ok and held is not None:  # take back what was held (shared is what an open holds)
            _kernel32.LockFileEx(handle, _LOCKFILE_EXCLUSIVE_LOCK if held else 0, 0, 1, 0, ctypes.byref(_Overlapped()))
        return bool(ok)

    def _unlock(fd: int) -> None:
        _kernel32.UnlockFileEx(msvcrt.get_osfhandle(fd), 0, 1, 0, ctypes.byref(_Overlapped()))

else:
    import fcntl

    def _try_lock(fd: int, *, exclusive: bool, held: bool | None) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            if held is not None:  # a failed conversion may have dropped the lock held: take it back
                fcntl.flock(fd, fcntl.LOCK_EX if held else fcntl.LOCK_SH)
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
