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
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reception.domain.matter import InvalidInput
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


def read_passphrase_file(path: str | os.PathLike[str]) -> str:
    """The first line of a passphrase file (UTF-8, a BOM from Notepad tolerated); InvalidInput if unusable."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(f"无法读取口令文件 {path}：{exc.strerror or exc}", "passphrase_file") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"口令文件 {path} 不是 UTF-8 文本", "passphrase_file") from None
    lines = text.splitlines()
    passphrase = lines[0] if lines else ""
    if not passphrase:
        raise InvalidInput(f"口令文件 {path} 的第一行为空", "passphrase_file")
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


def swap_in(
    restored: str | os.PathLike[str], live: str | os.PathLike[str], *, when: datetime | None = None
) -> Path | None:
    """Put a restored ledger in place of ``live``, keeping the previous file as ``live.before-restore-…``.

    The caller must have closed every connection to ``live`` (the desk closes its services first).  The old
    ledger's WAL is folded in first, so the kept file is complete on its own.  Returns the kept file, or None when
    there was no previous ledger.
    """
    restored, live = Path(restored), Path(live)
    when = when or datetime.now()
    kept: Path | None = None
    if live.exists():
        kept = aside_name(live, when)
        n = 1
        while kept.exists():
            n += 1
            kept = live.with_name(f"{aside_name(live, when).name}-{n}")
        with contextlib.suppress(Exception):
            checkpoint(live)
        os.rename(live, kept)
        for extra in ("-wal", "-shm"):
            old = live.with_name(live.name + extra)
            if old.exists():
                os.rename(old, kept.with_name(kept.name + extra))
    os.rename(restored, live)
    fsync_dir(live.parent)
    return kept


def free_space(path: str | os.PathLike[str]) -> int:
    return shutil.disk_usage(path).free
