"""The one rule for every file the desk or the ``reception`` command writes: never the ledger, never half a file.

``reception print receipt N -o ledger.db`` used to overwrite the open ledger with a PDF, ``export-xlsx -o
ledger.db`` replaced it with a spreadsheet, and ``-o /dev/full`` (as root) replaced the device node.  So an
output path is refused when it is

* the ledger or one of its companions (``-wal``, ``-shm``, ``-journal``, the migration copies ``….v3-….bak``,
  the restore's ``….before-restore-…`` and ``….restored-…`` in the ledger's folder), by name, through a symlink
  or as a hard link;
* a backup archive (``*.rcpbak``): a report written over one would destroy the only copy of a ledger;
* not a regular file: a folder, a device, a FIFO, a socket;
* an existing file, unless the caller was asked and said yes (``--force``, the save dialog's own confirmation);
* in a folder that does not exist.

Writes go to a temporary file in the target's folder and are renamed into place, so a refused or failed write
leaves no half file and the old file, if any, stays whole until the new one is complete.  Plain Python only: the
command line, the services and the desk all use it.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from reception.domain.inputs import InvalidInput

__all__ = ["ARCHIVE_SUFFIX", "OutputRefused", "check_output", "temporary_name", "write_atomically", "write_bytes"]

ARCHIVE_SUFFIX = ".rcpbak"  # services/backup/archive.py SUFFIX (kept here so this module imports no crypto)

_COMPANION = re.compile(
    r"^(?:-wal|-shm|-journal|\.v\d+-.*\.bak|\.before-restore-.*|\.restored-.*|\.numbers(?:\.tmp)?|\.private)$"
)

T = TypeVar("T")


class OutputRefused(InvalidInput):
    """An output path the rule refuses; the message is for the clerk or the operator, one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "output")


def _companions(ledger: Path) -> list[Path]:
    return [ledger, *(ledger.with_name(ledger.name + s) for s in ("-wal", "-shm", "-journal"))]


def _is_ledger_file(target: Path, ledger: Path) -> bool:
    try:
        real_target, real_ledger = target.resolve(), ledger.resolve()
    except OSError:
        real_target, real_ledger = target.absolute(), ledger.absolute()
    for candidate, live in ((target.absolute(), ledger.absolute()), (real_target, real_ledger)):
        if live.with_name(live.name + ".private") in candidate.parents:  # its owner-only folder (storage/ledgerfile.py)
            return True
        rest = candidate.name[len(live.name) :]
        if (
            candidate.parent == live.parent
            and candidate.name.startswith(live.name)
            and (not rest or _COMPANION.match(rest))
        ):
            return True
    if target.exists():  # a hard link, or a path the names above do not show
        for companion in _companions(ledger):
            with contextlib.suppress(OSError):
                if companion.exists() and os.path.samefile(target, companion):
                    return True
    return False


def check_output(target: str | os.PathLike[str], *, ledger: str | os.PathLike[str] | None, force: bool) -> Path:
    """``target`` as a Path if the rule allows writing it; else :class:`OutputRefused` (nothing is written).

    ``ledger`` is the open ledger's file (None for PostgreSQL); ``force`` allows replacing an existing regular
    file."""
    path = Path(target).expanduser()
    if not path.name or path.name in (".", ".."):
        raise OutputRefused(f"{target} 不是文件名，请给出要写入的文件")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputRefused(f"无法写入 {path}：{exc.strerror or exc}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputRefused(f"{path} 是文件夹，请给出文件名")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputRefused(f"{path} 不是普通文件（设备、管道等），不能写入")
    if ledger is not None and str(ledger) != ":memory:" and _is_ledger_file(path, Path(ledger).expanduser()):
        raise OutputRefused(f"{path} 是台账文件，不能用作输出文件，请另选文件名")
    if path.suffix.lower() == ARCHIVE_SUFFIX:
        raise OutputRefused(f"{path} 是备份文件（{ARCHIVE_SUFFIX}），不能用作输出文件，请另选文件名")
    if not path.parent.is_dir():
        raise OutputRefused(f"文件夹 {path.parent} 不存在")
    if info is not None and not force:
        raise OutputRefused(f"{path} 已存在；要替换它请加 --force")
    return path


def temporary_name(target: Path) -> Path:
    """A new name beside ``target`` (same folder, same suffix, hidden) for the file being written."""
    return target.with_name(f".{target.stem}.{os.getpid()}-{time.monotonic_ns()}.partial{target.suffix}")


def write_atomically(target: str | os.PathLike[str], write: Callable[[Path], T]) -> T:
    """Call ``write(tmp)`` on a new private file beside ``target``, then rename it into place; on any failure the
    temporary file is removed and ``target`` is left as it was."""
    path = Path(target)
    tmp = temporary_name(path)
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
    os.close(fd)
    try:
        result = write(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return result


def write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    def write(tmp: Path) -> None:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())

    write_atomically(target, write)
