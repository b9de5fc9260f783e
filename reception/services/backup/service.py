"""The backup and restore use cases: make a verified backup of the ledger, restore one into a new file, and the
desk's :class:`BackupService` (register, reminders, audit entries).

Every archive is made from a snapshot that passed SQLite's check and whose counts and SHA-256 are the
manifest's; the read-back after writing decrypts every chunk from the device (the page cache is dropped first
where the OS allows) and compares it with that checked snapshot.  The check is the full ``PRAGMA
integrity_check`` up to :data:`FULL_CHECK_MAX` bytes of ledger; above that the backup runs ``quick_check`` (every
page, every b-tree, the free list, NOT NULL and CHECK constraints — everything except matching each index entry to
its row, the O(N log N) part: 22 CPU-seconds on a million matters, more than a 2× budget over a plain copy
allows).  ``verify`` and ``restore`` always run the full check on a decrypted copy: integrity_check, counts and
SHA-256; ``reception backup --full-check`` asks for it during the backup.

The archive format is :mod:`reception.services.backup.archive`; the file handling
:mod:`reception.services.backup.files`; what touches the ledger's tables or SQLite itself
:mod:`reception.storage.backup_io`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from reception.domain.matter import InvalidInput
from reception.domain.roles import Principal, require
from reception.domain.views import BackupEntry
from reception.services.audit import Head, parse_anchor
from reception.services.backup.archive import (
    CHUNK_SIZE,
    SUFFIX,
    ArchiveError,
    BackupError,
    Cancelled,
    Manifest,
    Progress,
    archive_name,
    check_plain,
    decrypt_stream,
    decrypt_to,
    existing_archive,
    new_keys,
    read_manifest,
    scaled,
    verify_archive,
    write_archive,
)
from reception.services.backup.files import create_private_file, fsync_dir, os_message, rename_new
from reception.storage import backup_io
from reception.storage.carry import CarriedOver
from reception.storage.db import SCHEMA_VERSION, StorageError, Store
from reception.storage.ledgerfile import ensure_private_dir, private_dir, sweep, temp_path
from reception.storage.snapshot import (
    PinnedLedger,
    SnapshotCancelled,
    check_database,
    read_chunks,
    remove_database_file,
)

if TYPE_CHECKING:
    from reception.services.audit import AuditService

# Up to this size the backup runs the full integrity_check (about 7 CPU-seconds per GB); above, quick_check.
FULL_CHECK_MAX = 512 << 20
MIN_PASSPHRASE = 8  # asked of the clerk by the desk; the command accepts whatever the file holds


@dataclass
class BackupResult:
    path: Path
    sha256: str  # of the archive file as written (what `sha256sum` on the USB stick prints)
    size: int
    manifest: Manifest
    seconds: float
    snapshot: str = "copied"  # "pinned": the live file held still and read once; "copied": the backup API's copy


@dataclass
class RestoreResult:
    path: Path
    manifest: Manifest
    previous: Path | None = None  # where the replaced ledger was kept (swap only)


def _app_version() -> str:
    try:
        from importlib.metadata import version

        return version("reception")
    except Exception:
        return "0"


def restore_archive(
    archive: str | os.PathLike[str],
    target: str | os.PathLike[str],
    passphrase: str,
    *,
    progress: Progress | None = None,
) -> RestoreResult:
    """Restore into the new file ``target`` (never over an existing one), fully checked before it appears."""
    path = existing_archive(archive)
    target = Path(target)
    if target.exists():
        raise InvalidInput(f"{target} 已存在；恢复只写入新文件", "target")
    target.parent.mkdir(parents=True, exist_ok=True)
    # The decrypted ledger is checked inside the target's owner-only folder, never beside it in the open
    # (storage/ledgerfile.py; a killed restore's copy is swept at the next open or restore).
    folder = private_dir(target)
    sweep(folder)
    tmp = temp_path(folder, "restoring")
    try:
        manifest, sha, size = decrypt_to(path, passphrase, tmp, progress)
        if manifest.schema_version > SCHEMA_VERSION:
            raise ArchiveError("version", f"备份的台账结构版本 {manifest.schema_version} 比本程序新，请升级程序")
        check_plain(tmp, manifest, sha, size)
        for extra in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                tmp.with_name(tmp.name + extra).unlink()
        rename_new(tmp, target)
        fsync_dir(target.parent)
        if progress is not None:
            progress(1, 1)
        return RestoreResult(target, manifest)
    except OSError as exc:
        raise BackupError(os_message(exc, target.parent).replace("备份", "恢复")) from None
    finally:
        remove_database_file(tmp)
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty: a restored ledger's lock lives there once it is opened


def create_backup(
    db_path: Path,
    target_dir: str | os.PathLike[str],
    passphrase: str,
    *,
    clerk: str,
    station_default: str = "01",
    progress: Progress | None = None,
    opener: Callable[[Path], BinaryIO] = create_private_file,
    work_dir: Path | None = None,
    full_check: bool | None = None,
    pin: bool = True,
    kdf: dict[str, int] | None = None,
    chunk_size: int = CHUNK_SIZE,
    now: datetime | None = None,
    audit_head: dict[str, Any] | None = None,
    _manifest_override: dict[str, Any] | None = None,
) -> BackupResult:
    """Snapshot ``db_path`` → hash → compress → encrypt → write → fsync → read back → rename.  Touches no data.

    The snapshot (:func:`reception.storage.backup_io.hold_snapshot`) is the live file itself held still by a read
    transaction, or, where that cannot be arranged (``pin=False``, not WAL, other readers), a copy through SQLite's
    backup API into ``work_dir`` (default: the ledger's owner-only folder, never on the target; 0600, deleted
    afterwards, and swept by the next backup or open when a killed one left it).
    SQLite's check (``integrity_check``, or ``quick_check`` above :data:`FULL_CHECK_MAX` unless ``full_check``
    says otherwise) and the counts run on that same snapshot on another core while this thread hashes, compresses,
    encrypts, writes and reads back.  The read-back happens before the rename, from the device (page cache
    dropped), on the same inode: so the only files that ever carry the final name are archives that have been read
    back, decrypted and matched against a snapshot that passed the check.

    ``progress(done, total)`` may raise :class:`Cancelled` at any point; whatever happens, the target then holds
    no file that looks finished.
    """
    started = time.perf_counter()
    target_dir = Path(target_dir)
    if not target_dir.is_dir():
        raise InvalidInput(f"备份目标 {target_dir} 不是一个已存在的文件夹", "to")
    if not passphrase:
        raise InvalidInput("请设置备份口令", "passphrase")
    now = (now or datetime.now()).replace(microsecond=0)
    # A copied snapshot is a plaintext ledger: it lives in the ledger's owner-only folder (swept when left).
    work = ensure_private_dir(Path(work_dir) if work_dir else private_dir(db_path))
    sweep(work)
    sweep_partials(target_dir)
    snap = temp_path(work, "snapshot")
    pinned: PinnedLedger | None = None
    partial: Path | None = None
    final: Path | None = None
    renamed = finished = False
    stop = threading.Event()

    stage = "snapshot"
    try:
        # 1. one consistent snapshot (the desk keeps writing meanwhile, into the WAL)
        try:
            pinned, info = backup_io.hold_snapshot(db_path, snap, pin=pin, progress=scaled(progress, 0, 3))
        except backup_io.LedgerReadError as exc:
            raise BackupError(f"无法读取台账 {db_path}：{exc}") from None
        # progress: [copy,] write, read back — equal shares of the bar
        first, phases = (0, 2) if pinned is not None else (1, 3)
        plain = db_path if pinned is not None else snap
        size = info.size if pinned is not None else snap.stat().st_size

        def pieces(n: int) -> Iterator[bytes]:
            return read_chunks(plain, size, info.page_size, n, live=pinned is not None)

        stage = "read"
        station = info.settings.get("station_code") or station_default
        full = size <= FULL_CHECK_MAX if full_check is None else full_check

        # 2. the check runs on another core while this thread hashes, compresses and encrypts
        with ThreadPoolExecutor(1, thread_name_prefix="backup-check") as checker:
            if pinned is not None:
                check = checker.submit(pinned.check, full=full, stop=stop)
            else:
                check = checker.submit(check_database, snap, full=full, stop=stop)
            try:
                manifest = {
                    "app": "reception",
                    "app_version": _app_version(),
                    "schema_version": info.schema_version,
                    "station": station,
                    "created_at": now.isoformat(),
                    "clerk": clerk,
                    "counts": info.counts,
                    "db": {"size": size, "sha256": None, "page_size": info.page_size},
                    "check": "integrity_check" if full else "quick_check",
                }
                if audit_head is not None:
                    # The chain's head before the snapshot (an anchor: a prefix of the chain the archive holds).
                    manifest["audit_head"] = audit_head
                manifest.update(_manifest_override or {})

                stage = "write"
                name = archive_name(station, now)
                n = 1
                while (target_dir / name).exists():  # two backups within one second: never replace the first
                    n += 1
                    name = archive_name(station, now).replace(SUFFIX, f"-{n}{SUFFIX}")
                final = target_dir / name
                partial = target_dir / f".{name}.{os.getpid()}.partial"
                write_report = scaled(progress, first, phases)
                keys = new_keys(passphrase, kdf)
                out = opener(partial)
                try:
                    full_manifest, archive_size = write_archive(
                        pieces,
                        out,
                        passphrase,
                        manifest,
                        keys=keys,
                        chunk_size=chunk_size,
                        progress=(lambda done: write_report(done, size)) if write_report else None,
                    )
                    out.flush()
                    os.fsync(out.fileno())
                finally:
                    out.close()

                # 3. read back from the device (not the page cache): the header's MAC and every chunk's GCM tag
                # prove the stick holds exactly what was written; each decrypted chunk is a zstd frame (with
                # its own content checksum) of the declared size.  The frames were made from the very bytes
                # whose SHA-256 the manifest carries; ``verify``/``restore`` decompress them and check that.
                read_report = scaled(progress, first + 1, phases)
                sha_back = hashlib.sha256()
                back, _none, plain_size = decrypt_stream(
                    partial, passphrase, None, read_report, raw_digest=sha_back, keys=keys, decompress=False
                )
                archive_sha = sha_back.hexdigest()  # every byte of it was authenticated on the way
                if back.sha256 != full_manifest.sha256 or plain_size != full_manifest.db_size:
                    raise ArchiveError("digest", "读回的备份解密后与台账快照不一致，备份无效")
                check_result = check.result()
            except BaseException:
                stop.set()
                raise
        if not check_result.ok:
            raise BackupError(f"台账未通过完整性检查，未生成备份：{check_result.problems[0][:200]}")
        if check_result.counts != info.counts:
            raise BackupError("台账快照的记录数前后不一致，未生成备份")

        # 4. only now the name of a finished backup
        try:
            rename_new(partial, final)
        except InvalidInput:
            raise BackupError(f"{final} 已存在；不会覆盖") from None
        renamed, partial = True, None
        fsync_dir(target_dir)
        if progress is not None:
            progress(1, 1)
        finished = True
        full_manifest.path = final
        return BackupResult(
            final,
            archive_sha,
            archive_size,
            full_manifest,
            time.perf_counter() - started,
            "pinned" if pinned is not None else "copied",
        )
    except SnapshotCancelled:
        raise Cancelled() from None
    except OSError as exc:
        if stage == "snapshot":
            raise BackupError(f"无法在 {work} 生成台账快照：{exc.strerror or exc}") from None
        if stage == "read":
            raise BackupError(f"无法读取台账 {db_path}：{exc.strerror or exc}") from None
        raise BackupError(os_message(exc, target_dir)) from None
    finally:
        stop.set()
        if pinned is not None:
            pinned.close()
        remove_database_file(snap)
        if partial is not None:
            with contextlib.suppress(OSError):
                partial.unlink()
        if renamed and not finished and final is not None:
            with contextlib.suppress(OSError):
                final.unlink()


_PARTIAL = re.compile(r"^\.reception-.*\.(\d+)\.partial$")


def sweep_partials(target_dir: Path) -> list[Path]:
    """The unfinished archives of backups killed before their rename (``.NAME.PID.partial``), removed."""
    import psutil

    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in target_dir.iterdir():
            m = _PARTIAL.match(entry.name)
            if m and int(m.group(1)) != os.getpid() and not psutil.pid_exists(int(m.group(1))):
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed.append(entry)
    return removed


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def record_restore(
    target: Path, actor: Principal, archive: Path, manifest: Manifest, *, used_at: Path | None = None
) -> None:
    """The restored ledger's own audit trail says where it came from (written after every check passed)."""
    from reception.services.audit import AuditService
    from reception.services.context import chain_key
    from reception.storage.db import init_db

    store = init_db(target)
    try:
        audit = AuditService(store, chain_key(store, ledger=used_at))
        audit.seal_if_pending()
        audit.record(
            actor.name,
            "restore",
            detail={
                "archive": archive.name,
                "station": manifest.station,
                "backup_created_at": manifest.data["created_at"],
                "backup_clerk": manifest.clerk,
                "matters": manifest.counts.get("matter", 0),
            },
        )
    finally:
        store.close()


@dataclass
class BackupService:
    """The desk's backup and restore; the command's ``verify``/``restore`` use the module functions directly."""

    store: Store
    settings: Callable[[str], str] = field(repr=False)  # LedgerService.setting: values with shipped defaults
    # The audit trail (services.audit.AuditService); every backup and restore is one entry.
    audit: AuditService | None = field(default=None, repr=False)
    clock: Callable[[], datetime] = _now
    opener: Callable[[Path], BinaryIO] = field(default=create_private_file)

    def _path(self) -> Path:
        if not self.store.is_sqlite or self.store.path is None:
            raise StorageError("PostgreSQL 台账暂不支持在接待台内备份/恢复：请由服务器管理员用 pg_dump 备份")
        return self.store.path

    def estimate_size(self) -> int:
        """Room the backup may need on the target: the ledger's size (the archive is usually ~¼ of it)."""
        if not self.store.is_sqlite:
            return backup_io.database_size(self.store)
        path = self._path()
        size = path.stat().st_size if path.exists() else 0
        wal = path.with_name(path.name + "-wal")
        return size + (wal.stat().st_size if wal.exists() else 0)

    def backup(
        self,
        target_dir: str | os.PathLike[str],
        passphrase: str,
        *,
        actor: Principal,
        progress: Progress | None = None,
        work_dir: Path | None = None,
        full_check: bool | None = None,
    ) -> BackupResult:
        """Make, verify and record one backup (models.Backup row, setting ``last_backup_at``, audit entry).

        ``full_check``: None runs ``integrity_check`` up to :data:`FULL_CHECK_MAX` and ``quick_check`` above."""
        require(actor, "backup")
        by = actor.name
        head = self._check_history(target_dir, passphrase)
        if self.store.is_sqlite:
            result = create_backup(
                self._path(),
                target_dir,
                passphrase,
                clerk=by,
                station_default=self.settings("station_code") or "01",
                progress=progress,
                opener=self.opener,
                work_dir=work_dir,
                now=self.clock(),
                full_check=full_check,
                audit_head=head.as_dict() if head is not None else None,
            )
        else:
            result = self._backup_server(target_dir, passphrase, by, progress, work_dir, full_check, head)
        from reception.storage.repo import Repository

        at = result.manifest.created_at
        with self.store.write():
            backup_io.record_backup(
                self.store,
                at=at,
                actor=by,
                path=str(result.path),
                sha256=result.sha256,
                size=result.size,
                matters=result.manifest.counts.get("matter", 0),
                anchor=f"{head.entries}:{head.mac}" if head is not None else "",
            )
            Repository(self.store).set_setting("last_backup_at", at.isoformat())
            if self.audit is not None:
                self.audit.record(
                    by,
                    "backup",
                    detail={
                        "path": str(result.path),
                        "sha256": result.sha256,
                        "size": result.size,
                        "matters": result.manifest.counts.get("matter", 0),
                    },
                )
        return result

    def previous_anchors(self, target_dir: str | os.PathLike[str], passphrase: str) -> list[Head]:
        """The anchors of earlier backups: the newest archive in ``target_dir`` this passphrase opens, and the
        last anchor the backup register holds (the archive is the witness outside the PC; the register row only
        helps when the target is a different drive)."""
        found: list[Head] = []
        archives = sorted(Path(target_dir).glob(f"reception-*{SUFFIX}"), key=lambda p: p.name, reverse=True)
        for archive in archives[:1]:
            try:
                data = read_manifest(archive, passphrase).data.get("audit_head")
            except (BackupError, OSError):
                continue  # another passphrase, another station's drive: not a witness for this ledger
            if isinstance(data, dict) and "entries" in data and "mac" in data:
                found.append(Head(int(data["entries"]), str(data["mac"])))
        last = backup_io.last_anchor(self.store)
        head = parse_anchor(last) if last else None
        if head is not None:
            found.append(head)
        return found

    def _check_history(self, target_dir: str | os.PathLike[str], passphrase: str) -> Head | None:
        """Before each backup: the history up to the previous backup's anchor must be unchanged (issue 17); a
        rewritten history is refused loudly, never backed up over the witness.  Returns the head to anchor."""
        if self.audit is None:
            return None
        anchors = self.previous_anchors(target_dir, passphrase)
        if anchors:
            check = self.audit.verify_chain(anchors)
            if not check.ok:
                raise BackupError(f"审计记录与上次备份时不符，已拒绝备份：{check.message}。请报告管理员，保留现有备份")
        return self.audit.head()

    def _backup_server(
        self,
        target_dir: str | os.PathLike[str],
        passphrase: str,
        actor: str,
        progress: Progress | None,
        work_dir: Path | None,
        full_check: bool | None = None,
        head: Head | None = None,
    ) -> BackupResult:
        """A PostgreSQL ledger: the application copies it, as one consistent snapshot, into a private SQLite
        ledger of the same schema (no pg_dump on the clerk's PC), and that file is archived as usual — so every
        archive has one format and restores onto a single PC or a server."""
        import tempfile

        from reception.storage.pg_export import export_to_sqlite

        with tempfile.TemporaryDirectory(prefix="reception-backup-", dir=work_dir) as tmp:
            copy = Path(tmp) / "ledger.db"
            export_to_sqlite(self.store, copy)
            self.store.bind_models()  # the copy was written through the same models: point them back
            return create_backup(
                copy,
                target_dir,
                passphrase,
                clerk=actor,
                station_default=self.settings("station_code") or "01",
                progress=progress,
                opener=self.opener,
                work_dir=Path(tmp),
                now=self.clock(),
                full_check=full_check,
                audit_head=head.as_dict() if head is not None else None,
            )

    def verify(self, archive: str | os.PathLike[str], passphrase: str, *, progress: Progress | None = None) -> Manifest:
        work = private_dir(self._path()) if self.store.path is not None else None
        return verify_archive(archive, passphrase, progress=progress, work_dir=work)

    def read_manifest(self, archive: str | os.PathLike[str], passphrase: str) -> Manifest:
        return read_manifest(archive, passphrase)

    def restore_target(self) -> Path:
        """A new file for a restore, in the live ledger's owner-only folder (the desk swaps it in after closing;
        left by a desk killed before that, it is swept at the next start)."""
        return temp_path(private_dir(self._path()), "restored")

    def restore_preview(self, restored: str | os.PathLike[str]) -> CarriedOver:
        """What putting the restored file ``restored`` in place of the live ledger would lose (matters registered
        and documents printed after the archive) and which numbers it reserves; the restored file's number series
        are raised above the live ledger's now, and again at the swap (nothing else of either file changes)."""
        from reception.storage.carry import carry_over

        return carry_over(Path(restored), self._path())

    def restore_into(
        self,
        archive: str | os.PathLike[str],
        target: str | os.PathLike[str],
        passphrase: str,
        *,
        progress: Progress | None = None,
        actor: Principal,
    ) -> RestoreResult:
        """Restore ``archive`` into the new file ``target``; the live ledger is not touched.

        To put it in use, the caller closes the services and calls :func:`swap_in` (``target`` → the live path,
        the old file kept as ``….before-restore-YYYYmmdd-HHMMSS``), then reopens.  The restored ledger's audit
        trail gets a "restore" entry.
        """
        principal = actor
        require(principal, "restore")
        result = restore_archive(archive, target, passphrase, progress=progress)
        record_restore(result.path, principal, Path(archive), result.manifest, used_at=self._path())
        self.store.bind_models()  # opening the restored file pointed the models at it
        return result

    # -- reminders and the dialog's remembered hint --------------------------------------------------------------

    def last_backup_at(self) -> datetime | None:
        value = self.settings("last_backup_at")
        try:
            return datetime.fromisoformat(value) if value else None
        except ValueError:
            return None

    def reminder_days(self) -> int:
        try:
            return max(1, int(self.settings("backup_reminder_days") or 7))
        except ValueError:
            return 7

    def backup_overdue(self) -> bool:
        last = self.last_backup_at()
        return last is None or self.clock() - last > timedelta(days=self.reminder_days())

    def passphrase_hint(self) -> str:
        return self.settings("backup_passphrase_hint")

    def set_passphrase_hint(self, hint: str) -> None:
        from reception.storage.repo import Repository

        with self.store.write():
            Repository(self.store).set_setting("backup_passphrase_hint", hint.strip()[:200])

    def history(self, limit: int = 20) -> list[BackupEntry]:
        return backup_io.history(self.store, limit)
