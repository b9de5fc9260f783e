"""File handling around a backup: private new files, directory fsyncs, renames that never replace, swapping a
restored ledger in, the passphrase file, free space.

Files are created 0600, written under a dot-name ending in ``.partial``, flushed, fsynced, renamed, and the
directory fsynced: a cancelled or failed backup never leaves a file that looks finished.  (Holding the live
ledger still for its snapshot is SQLite's business: :mod:`reception.storage.backup_io`.)
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reception.domain.matter import InvalidInput
from reception.storage.carry import CarriedOver, carry_over
from reception.storage.db import exclusive_file
from reception.storage.ledgerfile import private_dir
from reception.storage.numbering import marks_path
from reception.storage.snapshot import checkpoint


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def drop_cache(f: BinaryIO) -> None:
    """Ask the OS to forget the cached pages, so reading back reads the USB stick, not memory."""
    if hasattr(os, "posix_fadvise"):
        with contextlib.suppress(OSError, AttributeError, ValueError):
            os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def os_message(exc: OSError, where: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"{where} 空间不足，备份未完成（未留下不完整的备份文件）"
    if exc.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return f"{where} 已不存在（U 盘被拔出？），备份未完成"
    if exc.errno == errno.EIO:
        return f"写入 {where} 时出错（U 盘被拔出或已损坏？），备份未完成"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有权限写入 {where}（只读或受保护？）"
    return f"写入 {where} 失败：{exc.strerror or exc}"


def create_private_file(path: Path) -> BinaryIO:
    """A new file, readable by the owner only; never opens an existing one."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
    return os.fdopen(fd, "wb", buffering=0)


SECRET_FILE_MAX = 64 * 1024


def read_regular_file(path: str | os.PathLike[str], label: str, *, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; InvalidInput for a FIFO, a device (``/dev/zero``)
    or a folder, which are never read (a FIFO would hang, a device never end), and for a larger file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InvalidInput(f"无法读取{label} {path}：{exc.strerror or exc}", "file") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(f"{label} {path} 不是普通文件（管道、设备或文件夹），不会读取", "file")
        if info.st_size > limit:
            raise InvalidInput(f"{label} {path} 过大（{info.st_size} 字节，上限 {limit}）", "file")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise InvalidInput(f"无法读取{label} {path}：{exc.strerror or exc}", "file") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise InvalidInput(f"{label} {path} 过大（上限 {limit} 字节）", "file")
    return data


def read_passphrase_file(path: str | os.PathLike[str], label: str = "口令文件") -> str:
    """The first line of a passphrase (or password) file (UTF-8, a BOM from Notepad tolerated); InvalidInput if
    unusable: not a regular file, not UTF-8, an empty first line."""
    raw = read_regular_file(path, label, limit=SECRET_FILE_MAX)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{label} {path} 不是 UTF-8 文本", "passphrase_file") from None
    lines = text.splitlines()
    passphrase = lines[0] if lines else ""
    if not passphrase:
        raise InvalidInput(f"{label} {path} 的第一行为空", "passphrase_file")
    return passphrase


def rename_new(src: Path, dst: Path) -> None:
    """Rename without ever replacing an existing ``dst`` (a hard link is atomic and refuses to clobber)."""
    try:
        os.link(src, dst)
    except FileExistsError:
        raise InvalidInput(f"{dst} 已存在；不会覆盖", "target") from None
    except OSError:
        # File systems without hard links (FAT on a USB stick): check, then rename.
        if dst.exists():
            raise InvalidInput(f"{dst} 已存在；不会覆盖", "target") from None
        os.rename(src, dst)
        return
    src.unlink()


def aside_name(live: Path, when: datetime) -> Path:
    return live.with_name(f"{live.name}.before-restore-{when:%Y%m%d-%H%M%S}")


@dataclass(frozen=True)
class Replaced:
    """A restored ledger put in place of a live one: the kept previous file, and what the restore carried over."""

    kept: Path | None
    carried: CarriedOver | None


def swap_in(
    restored: str | os.PathLike[str], live: str | os.PathLike[str], *, when: datetime | None = None
) -> Path | None:
    """:func:`replace_ledger`, for the desk: the kept previous file."""
    return replace_ledger(restored, live, when=when).kept


def replace_ledger(
    restored: str | os.PathLike[str], live: str | os.PathLike[str], *, when: datetime | None = None
) -> Replaced:
    """Put a restored ledger in place of ``live``, keeping the previous file as ``live.before-restore-…``.

    Refused (:class:`reception.storage.db.LedgerInUseError`) while any desk or command has ``live`` open: a desk that
    kept writing into the file set aside would lose every matter it registered, and the restored ledger would hand
    their numbers out again.  The restored ledger's number series start above the replaced ledger's (numbers
    already on paper are never reissued).  The old ledger's WAL is folded in first, so the kept file is complete
    on its own.
    """
    restored, live = Path(restored), Path(live)
    when = when or datetime.now()
    with exclusive_file(live, "恢复台账"):
        kept: Path | None = None
        carried: CarriedOver | None = None
        if live.exists():
            carried = carry_over(restored, live)
            kept = aside_name(live, when)
            n = 1
            while kept.exists():
                n += 1
                kept = live.with_name(f"{aside_name(live, when).name}-{n}")
            with contextlib.suppress(Exception):
                checkpoint(live)  # the last connection's close removes the folded WAL
            # The kept copy is a second name of the old file, and the restored file replaces the live name in one
            # step: killed at any moment, the live name holds a whole ledger (the old one or the restored one).
            try:
                os.link(live, kept)
                linked = True
            except OSError:  # a file system without hard links
                linked = False
            for extra in ("-wal", "-shm"):  # never left beside the restored file: SQLite would replay them on it
                old = live.with_name(live.name + extra)
                if old.exists():
                    os.rename(old, kept.with_name(kept.name + extra))
            if not linked:
                os.rename(live, kept)
        os.replace(restored, live)
        fsync_dir(live.parent)
    shutil.rmtree(private_dir(restored), ignore_errors=True)  # the lock folder of its checks
    with contextlib.suppress(FileNotFoundError):
        # its own counters' floor, from its check; the live file's floor stays where it was, and holds
        marks_path(restored).unlink()
    return Replaced(kept, carried)


def free_space(path: str | os.PathLike[str]) -> int:
    return shutil.disk_usage(path).free
