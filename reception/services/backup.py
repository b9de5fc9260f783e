"""Encrypted, verified backups of the ledger, and restoring them.

Backups leave the building on USB sticks (DOMAIN.md, 个人信息保护法 art 51), so an archive is useless without its
passphrase, any change to it is detected, and a backup is reported done only after it has been read back.

Archive format ``reception-{station}-{YYYYmmdd-HHMMSS}.rcpbak``, version 1 (all integers big-endian)::

    magic          8 bytes   89 'R' 'C' 'P' 0D 0A 1A 0A   (PNG-style: catches text-mode copies)
    version        u16       2   (version 1 archives are still read)
    header_len     u32       length of the JSON header (at most 64 KiB)
    header         JSON, UTF-8 (the manifest; plaintext, no personal data — see below)
    header_mac     32 bytes  HMAC-SHA256(mac_key, magic ‖ version ‖ header_len ‖ header)
    records        one per chunk, in order, until the one flagged final:
        length     u32       ciphertext length (compressed chunk + 16-byte GCM tag)
        flags      u8        bit 0 = final chunk; no other bits are defined
        ciphertext AES-256-GCM(enc_key, nonce, zstd(chunk), aad)   (version 1: raw deflate)
    (end of file right after the final record)

The header holds: ``format``/``format_version``, ``app``/``app_version``, the ledger's ``schema_version``,
``station``, ``created_at`` (local time), ``clerk`` (the staff member who made it), ``counts`` of matters, persons,
parties, events and documents, ``db`` (``size``, ``sha256`` and ``page_size`` of the plaintext SQLite file),
``compression`` (``zstd`` level 1, one frame with its content checksum per chunk; version 1: raw deflate), ``cipher`` (AES-256-GCM, 4-byte random ``nonce_base``, ``chunk_size``),
``kdf`` (scrypt with random 16-byte ``salt``, ``n``, ``r``, ``p``) and ``key_check``.

Keys: ``scrypt(NFC(passphrase), salt, n, r, p) → 64 bytes = enc_key (32) ‖ mac_key (32)``.  ``key_check`` is
the first 16 bytes of HMAC-SHA256(mac_key, "reception-backup key check"): it tells a wrong passphrase apart from
a damaged file.  The database is cut into ``chunk_size`` pieces (4 MiB); each piece is compressed on its own
(so pieces compress and decrypt in parallel, and nothing needs the whole file in memory) and sealed with
``nonce = nonce_base ‖ u64 index`` and ``aad = SHA-256(magic … header) ‖ u64 index ‖ u8 flags``.  Hence:

* a flipped byte anywhere fails a GCM tag (a chunk) or the header MAC (the manifest);
* reordered, dropped or duplicated chunks fail (the index is in the nonce and the AAD);
* truncation is detected (no final chunk before end of file), and so is anything appended after it;
* a manifest edited to say something else (counts, station, time, digest) fails the header MAC, and could not
  be swapped under the chunks of another archive either, since every chunk authenticates the header's digest.

Every archive is made from a snapshot that passed SQLite's check and whose counts and SHA-256 are the
manifest's; the read-back after writing decrypts and decompresses every chunk from the device (the page cache is
dropped first where the OS allows) and compares the SHA-256 with that checked snapshot.  The check is the full
``PRAGMA integrity_check`` up to :data:`FULL_CHECK_MAX` bytes of ledger; above that the backup runs
``quick_check`` (every page, every b-tree, the free list, NOT NULL and CHECK constraints — everything except
matching each index entry to its row, the O(N log N) part: 22 CPU-seconds on a million matters, more than a
2× budget over a plain copy allows).  ``verify`` and ``restore`` always run the full check on a decrypted copy:
integrity_check, counts and SHA-256; ``reception backup --full-check`` asks for it during the backup.

Files are created 0600, written under a dot-name ending in ``.partial``, flushed, fsynced, renamed, and the
directory fsynced: a cancelled or failed backup never leaves a file that looks finished.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import struct
import tempfile
import threading
import time
import unicodedata
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import zstandard

from reception.domain.matter import InvalidInput
from reception.domain.roles import Principal, require
from reception.storage import models as m
from reception.storage.db import SCHEMA_VERSION, StorageError, Store
from reception.storage.snapshot import (
    CheckResult,
    PinnedLedger,
    SnapshotCancelled,
    check_database,
    checkpoint,
    create_private,
    pin_ledger,
    read_chunks,
    remove_database_file,
    snapshot_sqlite,
)

if TYPE_CHECKING:
    from reception.services.audit import AuditService

MAGIC = b"\x89RCP\r\n\x1a\n"
FORMAT_VERSION = 2
READ_VERSIONS = (1, 2)
SUFFIX = ".rcpbak"
CHUNK_SIZE = 4 << 20
MAX_HEADER = 64 << 10
TAG = 16
FINAL = 0x01
KDF_DEFAULT = {"n": 1 << 17, "r": 8, "p": 1}  # 128 MiB, ~0.25 s on the desk PC: slows guessing, not the clerk
KDF_MAX_MEMORY = 512 << 20  # refuse headers that would make us allocate more (a damaged or hostile header)
COMPRESS_LEVEL = 1  # zstd level 1: 4.6x smaller on a ledger at 700 MB/s a core (deflate 1: 4.0x at 190 MB/s)
# Up to this size the backup runs the full integrity_check (about 7 CPU-seconds per GB); above, quick_check.
FULL_CHECK_MAX = 512 << 20
KEY_CHECK_LABEL = b"reception-backup key check"
# Version 2 chunks authenticate the header as written first, with this in place of ``db.sha256``.
DIGEST_PLACEHOLDER = "0" * 64
MIN_PASSPHRASE = 8  # asked of the clerk by the desk; the command accepts whatever the file holds
_PREFIX = struct.Struct(">8sHI")
_RECORD = struct.Struct(">IB")

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """Raised by a ``progress`` callback to stop a backup, verify or restore; nothing finished-looking remains."""


class BackupError(Exception):
    """The backup or restore could not be completed (target full or gone, ...); one line for the operator."""


class ArchiveError(BackupError):
    """An archive failed a check; ``reason`` is a stable code, the message one line for the operator.

    Reasons: not_archive, version, header, passphrase, manifest, chunk, truncated, trailing, integrity, counts,
    digest.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class Manifest:
    """The archive's plaintext header, authenticated (by the passphrase) before anyone sees it."""

    data: dict[str, Any]
    path: Path | None = None

    @property
    def station(self) -> str:
        return str(self.data.get("station", ""))

    @property
    def created_at(self) -> datetime:
        return datetime.fromisoformat(self.data["created_at"])

    @property
    def clerk(self) -> str:
        return str(self.data.get("clerk", ""))

    @property
    def counts(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.data.get("counts", {}).items()}

    @property
    def sha256(self) -> str:
        return str(self.data["db"]["sha256"])

    @property
    def db_size(self) -> int:
        return int(self.data["db"]["size"])

    @property
    def schema_version(self) -> int:
        return int(self.data.get("schema_version", 0))

    def summary(self) -> str:
        c = self.counts
        return (
            f"站点 {self.station}，{self.created_at:%Y-%m-%d %H:%M:%S} 由 {self.clerk or '—'} 备份："
            f"事项 {c.get('matter', 0)} 件，人员 {c.get('person', 0)} 人，事件 {c.get('event', 0)} 条"
        )


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


# -- small helpers ------------------------------------------------------------------------------------------------


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: Any, size: int) -> bytes:
    try:
        raw = base64.b64decode(str(text), validate=True)
    except (ValueError, TypeError):
        raise ArchiveError("header", "备份文件头已损坏") from None
    if len(raw) != size:
        raise ArchiveError("header", "备份文件头已损坏")
    return raw


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    key = Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(secret)
    return key[:32], key[32:]


def _key_check(mac_key: bytes) -> str:
    return hmac.new(mac_key, KEY_CHECK_LABEL, hashlib.sha256).hexdigest()[:32]


def _nonce(base: bytes, index: int) -> bytes:
    return base + struct.pack(">Q", index)


def _aad(header_digest: bytes, index: int, flags: int) -> bytes:
    return header_digest + struct.pack(">QB", index, flags)


def _app_version() -> str:
    try:
        from importlib.metadata import version

        return version("reception")
    except Exception:
        return "0"


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _drop_cache(f: BinaryIO) -> None:
    """Ask the OS to forget the cached pages, so reading back reads the USB stick, not memory."""
    if hasattr(os, "posix_fadvise"):
        with contextlib.suppress(OSError, AttributeError, ValueError):
            os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def _os_message(exc: OSError, where: Path) -> str:
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


def _workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _ordered(
    pool: ThreadPoolExecutor, jobs: Iterator[tuple[Callable[..., Any], tuple[Any, ...]]], depth: int
) -> Iterator[Any]:
    """Run ``jobs`` on ``pool`` with at most ``depth`` in flight and yield results in submission order."""
    pending: deque[Future[Any]] = deque()
    try:
        for fn, args in jobs:
            pending.append(pool.submit(fn, *args))
            if len(pending) >= depth:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for fut in pending:
            fut.cancel()


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


# -- writing ------------------------------------------------------------------------------------------------------


@dataclass
class _Sealer:
    enc_key: bytes
    nonce_base: bytes
    header_digest: bytes
    level: int

    def __post_init__(self) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self.aead = AESGCM(self.enc_key)
        self._local = threading.local()  # a zstd context is not shared between threads

    def seal(self, index: int, plain: bytes, final: bool) -> bytes:
        compressor = getattr(self._local, "zstd", None)
        if compressor is None:
            compressor = self._local.zstd = zstandard.ZstdCompressor(level=self.level, write_checksum=True)
        packed = compressor.compress(plain)
        flags = FINAL if final else 0
        ct = self.aead.encrypt(_nonce(self.nonce_base, index), packed, _aad(self.header_digest, index, flags))
        return _RECORD.pack(len(ct), flags) + ct


@dataclass(frozen=True)
class Keys:
    """A new archive's scrypt parameters, random salt and the two keys derived from the passphrase."""

    params: dict[str, int]
    salt: bytes
    enc_key: bytes = field(repr=False)
    mac_key: bytes = field(repr=False)


def new_keys(passphrase: str, kdf: dict[str, int] | None = None) -> Keys:
    params = dict(KDF_DEFAULT if kdf is None else kdf)
    salt = os.urandom(16)
    return Keys(params, salt, *_derive(passphrase, salt, params["n"], params["r"], params["p"]))


def _header_bytes(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_archive(
    pieces: Callable[[int], Iterator[bytes]],
    out: BinaryIO,
    passphrase: str,
    manifest: dict[str, Any],
    *,
    progress: Callable[[int], None] | None = None,
    kdf: dict[str, int] | None = None,
    chunk_size: int = CHUNK_SIZE,
    level: int = COMPRESS_LEVEL,
    keys: Keys | None = None,
) -> tuple[Manifest, int]:
    """Write the plaintext ledger as an archive to ``out``; ``manifest`` supplies the descriptive fields.

    ``pieces(n)`` gives the plaintext in pieces of ``n`` bytes (:func:`reception.storage.snapshot.read_chunks`),
    ``manifest["db"]["size"]`` bytes in all.  The plaintext's SHA-256 is computed on
    the way (one read of the ledger) and written into the header's place for it at the end — ``out`` must have
    a ``fileno`` that can seek; a ``db.sha256`` already in ``manifest`` is kept as given.  Returns the full
    manifest and the number of bytes written.  ``progress(bytes_done)`` is called after every chunk (it may raise
    :class:`Cancelled`).  Does not fsync or close ``out``.  ``keys`` (from :func:`new_keys`) saves deriving them.
    """
    keys = keys or new_keys(passphrase, kdf)
    params, salt, enc_key, mac_key = keys.params, keys.salt, keys.enc_key, keys.mac_key
    nonce_base = os.urandom(4)
    header = json.loads(json.dumps(manifest))
    db = header.setdefault("db", {})
    given = db.get("sha256")
    db["sha256"] = DIGEST_PLACEHOLDER
    header.update(
        {
            "format": "reception-backup",
            "format_version": FORMAT_VERSION,
            "compression": {"name": "zstd", "level": level},
            "cipher": {"name": "AES-256-GCM", "nonce_base": _b64(nonce_base), "chunk_size": chunk_size},
            "kdf": {"name": "scrypt", "salt": _b64(salt), **params},
            "key_check": _key_check(mac_key),
        }
    )
    body = _header_bytes(header)
    prefix = _PREFIX.pack(MAGIC, FORMAT_VERSION, len(body)) + body
    written = 0

    def emit(data: bytes) -> None:
        nonlocal written
        view = memoryview(data)
        while view:
            n = out.write(view)
            if n is None:  # a non-blocking raw file; never for ours
                n = 0
            view = view[n:]
        written += len(data)

    # Chunks authenticate the header with its digest field blank: the digest is known only at the end.
    emit(prefix + hmac.new(mac_key, prefix, hashlib.sha256).digest())
    sealer = _Sealer(enc_key, nonce_base, hashlib.sha256(prefix).digest(), level)
    size = int(manifest["db"]["size"])
    chunks = max(1, -(-size // chunk_size))
    plain_digest = hashlib.sha256()

    with ThreadPoolExecutor(_workers(), thread_name_prefix="backup") as pool:

        def jobs() -> Iterator[tuple[Callable[..., bytes], tuple[Any, ...]]]:
            source = pieces(chunk_size)
            for index in range(chunks):
                block = next(source, b"")
                plain_digest.update(block)
                yield sealer.seal, (index, block, index == chunks - 1)

        done = 0
        for index, record in enumerate(_ordered(pool, jobs(), _workers() * 2)):
            emit(record)
            done = min(size, (index + 1) * chunk_size)
            if progress is not None:
                progress(done)

    header["db"]["sha256"] = given or plain_digest.hexdigest()
    final_body = _header_bytes(header)
    if len(final_body) != len(body):  # a given digest of the wrong length
        raise InvalidInput("清单中的 SHA-256 格式不对", "manifest")
    final_prefix = _PREFIX.pack(MAGIC, FORMAT_VERSION, len(final_body)) + final_body
    head = final_prefix + hmac.new(mac_key, final_prefix, hashlib.sha256).digest()
    out.flush()
    fd = out.fileno()
    end = os.lseek(fd, 0, os.SEEK_CUR)
    os.lseek(fd, 0, os.SEEK_SET)
    view = memoryview(head)
    while view:
        view = view[os.write(fd, view) :]
    os.lseek(fd, end, os.SEEK_SET)
    return Manifest(header), written


# -- reading ------------------------------------------------------------------------------------------------------


@dataclass
class _Opened:
    manifest: Manifest
    header_digest: bytes
    enc_key: bytes
    nonce_base: bytes
    chunk_size: int
    body_offset: int
    version: int = FORMAT_VERSION


def _read_exact(f: BinaryIO, n: int) -> bytes:
    data = f.read(n)
    return data if data is not None else b""


def _open_archive(f: BinaryIO, passphrase: str, name: str, keys: Keys | None = None) -> _Opened:
    """Parse and authenticate the header; ``f`` is left at the first record."""
    prefix = _read_exact(f, _PREFIX.size)
    if len(prefix) < _PREFIX.size or prefix[:8] != MAGIC:
        if prefix[:4] == MAGIC[:4] and len(prefix) < _PREFIX.size:
            raise ArchiveError("truncated", "备份文件不完整（被截断），无法使用")
        raise ArchiveError("not_archive", f"{name} 不是接待台备份文件（或文件头已损坏）")
    _magic, version, length = _PREFIX.unpack(prefix)
    if version not in READ_VERSIONS:
        if version > FORMAT_VERSION and version < 100:
            raise ArchiveError("version", f"备份格式版本 {version} 比本程序新，请升级程序后再验证或恢复")
        raise ArchiveError("header", "备份文件头已损坏")
    if length > MAX_HEADER:
        raise ArchiveError("header", "备份文件头已损坏")
    body = _read_exact(f, length)
    mac = _read_exact(f, 32)
    if len(body) < length or len(mac) < 32:
        raise ArchiveError("truncated", "备份文件不完整（被截断），无法使用")
    try:
        header = json.loads(body.decode("utf-8"))
        kdf, cipher = header["kdf"], header["cipher"]
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        salt = _unb64(kdf["salt"], 16)
        nonce_base = _unb64(cipher["nonce_base"], 4)
        chunk_size = int(cipher["chunk_size"])
        key_check = str(header["key_check"])
        ok = (
            kdf.get("name") == "scrypt"
            and cipher.get("name") == "AES-256-GCM"
            and header.get("compression", {}).get("name") == ("deflate" if version == 1 else "zstd")
            and header.get("format") == "reception-backup"
            and n >= 2
            and n & (n - 1) == 0
            and 1 <= r <= 32
            and 1 <= p <= 16
            and 1024 <= chunk_size <= 64 << 20
        )
    except ArchiveError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise ArchiveError("header", "备份文件头已损坏") from None
    if not ok:
        raise ArchiveError("header", "备份文件头已损坏（参数无效）")
    if 128 * n * r * p > KDF_MAX_MEMORY:
        raise ArchiveError("header", "备份文件头的密钥参数超出范围，拒绝处理")
    if keys is not None and keys.salt == salt and keys.params == {"n": n, "r": r, "p": p}:
        enc_key, mac_key = keys.enc_key, keys.mac_key  # the archive just written with them: same derivation
    else:
        enc_key, mac_key = _derive(passphrase, salt, n, r, p)
    if not hmac.compare_digest(_key_check(mac_key), key_check):
        raise ArchiveError("passphrase", "口令不正确（或备份文件头已损坏）")
    if not hmac.compare_digest(hmac.new(mac_key, prefix + body, hashlib.sha256).digest(), mac):
        raise ArchiveError("manifest", "备份清单与文件不符：清单被改动或文件已损坏")
    aad_body = body
    if version >= 2:
        digest = header.get("db", {}).get("sha256") if isinstance(header.get("db"), dict) else None
        if not isinstance(digest, str) or len(digest) != 64 or body.count(digest.encode("ascii", "replace")) != 1:
            raise ArchiveError("header", "备份文件头已损坏")
        aad_body = body.replace(digest.encode("ascii"), DIGEST_PLACEHOLDER.encode("ascii"))
    return _Opened(
        Manifest(header),
        hashlib.sha256(prefix + aad_body).digest(),
        enc_key,
        nonce_base,
        chunk_size,
        len(prefix) + length + 32,
        version,
    )


def _records(f: BinaryIO, opened: _Opened) -> Iterator[tuple[int, int, bytes]]:
    """(index, flags, ciphertext) up to and including the final record; raises on truncation or trailing data."""
    limit = opened.chunk_size + opened.chunk_size // 64 + 4096 + TAG  # deflate's and zstd's worst case, generously
    index = 0
    while True:
        head = _read_exact(f, _RECORD.size)
        if len(head) < _RECORD.size:
            raise ArchiveError("truncated", "备份文件不完整（被截断），无法使用")
        length, flags = _RECORD.unpack(head)
        if flags & ~FINAL or not TAG <= length <= limit:
            raise ArchiveError("chunk", f"备份数据第 {index + 1} 块已损坏")
        ct = _read_exact(f, length)
        if len(ct) < length:
            raise ArchiveError("truncated", "备份文件不完整（被截断），无法使用")
        yield index, flags, ct
        if flags & FINAL:
            if _read_exact(f, 1):
                raise ArchiveError("trailing", "备份文件末尾有多余数据，文件已损坏")
            return
        index += 1


def _opener(opened: _Opened, decompress: bool = True) -> Callable[[int, int, bytes], bytes | int]:
    """The function that authenticates and decrypts one record and returns the chunk's bytes — or, with
    ``decompress=False`` (version 2 only), checks the decrypted zstd frame's header and returns its size."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(opened.enc_key)
    chunk_size = opened.chunk_size
    local = threading.local()

    def unseal(index: int, flags: int, ct: bytes) -> bytes | int:
        try:
            packed = aead.decrypt(_nonce(opened.nonce_base, index), ct, _aad(opened.header_digest, index, flags))
        except InvalidTag:
            raise ArchiveError("chunk", f"备份数据第 {index + 1} 块校验失败：文件已损坏或被改动") from None
        if opened.version >= 2:
            if not decompress:
                return _frame_size(packed, index, chunk_size)
            return _unzstd(local, packed, index, chunk_size)
        d = zlib.decompressobj(-15)
        try:
            plain = d.decompress(packed, chunk_size + 1)
        except zlib.error:
            raise ArchiveError("chunk", f"备份数据第 {index + 1} 块无法解压") from None
        if len(plain) > chunk_size or d.unconsumed_tail or not d.eof:
            raise ArchiveError("chunk", f"备份数据第 {index + 1} 块无法解压")
        return plain

    return unseal


def _frame_size(packed: bytes, index: int, chunk_size: int) -> int:
    """The content size a chunk's zstd frame declares (with its checksum flag set), without decompressing."""
    try:
        params = zstandard.get_frame_parameters(packed)
    except zstandard.ZstdError:
        raise ArchiveError("chunk", f"备份数据第 {index + 1} 块无法解压") from None
    if not 0 <= params.content_size <= chunk_size or not params.has_checksum:
        raise ArchiveError("chunk", f"备份数据第 {index + 1} 块无法解压")
    return int(params.content_size)


def _unzstd(local: threading.local, packed: bytes, index: int, chunk_size: int) -> bytes:
    """One chunk's zstd frame → its bytes; the frame's own checksum is verified by zstd."""
    size = _frame_size(packed, index, chunk_size)
    decompressor = getattr(local, "zstd", None)
    if decompressor is None:
        decompressor = local.zstd = zstandard.ZstdDecompressor()
    try:
        plain = decompressor.decompress(packed)
    except zstandard.ZstdError:
        raise ArchiveError("chunk", f"备份数据第 {index + 1} 块无法解压") from None
    if len(plain) != size:
        raise ArchiveError("chunk", f"备份数据第 {index + 1} 块无法解压")
    return plain


class _HashingReader:
    """Reads through a file while hashing the raw bytes (the read-back gives the digest of the archive as the
    device holds it)."""

    def __init__(self, f: BinaryIO, digest: Any) -> None:
        self.f, self.digest = f, digest

    def read(self, n: int) -> bytes:
        data = self.f.read(n)
        self.digest.update(data)
        return data


def _decrypt_stream(
    archive: Path,
    passphrase: str,
    sink: Callable[[bytes], None] | None,
    progress: Callable[[int, int], None] | None,
    *,
    raw_digest: Any = None,
    keys: Keys | None = None,
    decompress: bool = True,
) -> tuple[Manifest, str, int]:
    """Authenticate, decrypt and decompress every chunk; returns (manifest, sha256 of plaintext, plaintext size).

    With ``raw_digest`` the file's page cache is dropped first (read the device, not memory) and the raw bytes
    are hashed on the way.  ``decompress=False`` (a version 2 archive just written, see ``create_backup``)
    stops at each decrypted zstd frame's header: no plaintext, its sha256 returned as "", and ``sink`` unused.
    """
    with open(archive, "rb") as raw:
        f: Any = raw
        if raw_digest is not None:
            _drop_cache(raw)
            f = _HashingReader(raw, raw_digest)
        opened = _open_archive(f, passphrase, archive.name, keys)
        decompress = decompress or opened.version < 2
        unseal = _opener(opened, decompress)
        digest = hashlib.sha256()
        total = opened.manifest.db_size if "db" in opened.manifest.data else 0
        size = 0
        with ThreadPoolExecutor(_workers(), thread_name_prefix="restore") as pool:
            jobs = ((unseal, rec) for rec in _records(f, opened))
            for plain in _ordered(pool, jobs, _workers() * 2):
                if isinstance(plain, int):
                    size += plain
                    continue
                digest.update(plain)
                size += len(plain)
                if sink is not None:
                    sink(plain)
                if progress is not None:
                    progress(min(size, total), total)
    opened.manifest.path = archive
    return opened.manifest, digest.hexdigest() if decompress else "", size


def read_manifest(archive: str | os.PathLike[str], passphrase: str) -> Manifest:
    """The authenticated manifest of ``archive`` (fast: the chunks are not read)."""
    path = _existing_archive(archive)
    with open(path, "rb") as f:
        manifest = _open_archive(f, passphrase, path.name).manifest
    manifest.path = path
    return manifest


def _existing_archive(archive: str | os.PathLike[str]) -> Path:
    path = Path(archive)
    if not path.exists():
        raise InvalidInput(f"备份文件 {path} 不存在", "archive")
    if path.is_dir():
        raise InvalidInput(f"{path} 是文件夹，不是备份文件", "archive")
    return path


def _check_plain(
    path: Path, manifest: Manifest, sha256: str, size: int, stop: threading.Event | None = None
) -> CheckResult:
    if size != manifest.db_size or not hmac.compare_digest(sha256, manifest.sha256):
        raise ArchiveError("digest", "备份数据的 SHA-256 与清单不符")
    result = check_database(path, full=True, stop=stop)
    if not result.ok:
        raise ArchiveError("integrity", f"备份中的台账未通过完整性检查：{result.problems[0][:200]}")
    expected = manifest.counts
    if {k: result.counts.get(k, 0) for k in expected} != expected:
        raise ArchiveError("counts", "备份中的事项/人员/事件数与清单不符")
    return result


def _decrypt_to(archive: Path, passphrase: str, target: Path, progress: Progress | None) -> tuple[Manifest, str, int]:
    """Decrypt into the new file ``target`` (0600), flushed and fsynced; half-written files are the caller's."""
    create_private(target)
    with open(target, "r+b") as out:
        manifest, sha, size = _decrypt_stream(archive, passphrase, out.write, _scaled(progress, 0, 2))
        out.flush()
        os.fsync(out.fileno())
    return manifest, sha, size


def _scaled(progress: Progress | None, phase: int, phases: int) -> Callable[[int, int], None] | None:
    """A phase's (done, total) mapped onto the whole operation's (done, total): phases share the bar equally."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        scale = 1_000_000
        frac = done / total if total else 1.0
        progress(int((phase + frac) * scale), phases * scale)

    return report


def verify_archive(
    archive: str | os.PathLike[str],
    passphrase: str,
    *,
    progress: Progress | None = None,
    work_dir: str | os.PathLike[str] | None = None,
) -> Manifest:
    """Check an archive completely without touching any ledger: decrypt to a temporary file, then
    integrity_check, counts and SHA-256 against the manifest.  Raises :class:`ArchiveError` on any problem."""
    path = _existing_archive(archive)
    tmp_dir = Path(work_dir) if work_dir else Path(tempfile.gettempdir())
    target = tmp_dir / f".reception-verify-{os.getpid()}-{time.monotonic_ns()}.db"
    try:
        manifest, sha, size = _decrypt_to(path, passphrase, target, progress)
        _check_plain(target, manifest, sha, size)
        if progress is not None:
            progress(1, 1)
        return manifest
    except OSError as exc:
        raise BackupError(f"验证时读写失败：{exc.strerror or exc}") from None
    finally:
        remove_database_file(target)


def restore_archive(
    archive: str | os.PathLike[str],
    target: str | os.PathLike[str],
    passphrase: str,
    *,
    progress: Progress | None = None,
) -> RestoreResult:
    """Restore into the new file ``target`` (never over an existing one), fully checked before it appears."""
    path = _existing_archive(archive)
    target = Path(target)
    if target.exists():
        raise InvalidInput(f"{target} 已存在；恢复只写入新文件", "target")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}-{time.monotonic_ns()}.restoring")
    try:
        manifest, sha, size = _decrypt_to(path, passphrase, tmp, progress)
        if manifest.schema_version > SCHEMA_VERSION:
            raise ArchiveError("version", f"备份的台账结构版本 {manifest.schema_version} 比本程序新，请升级程序")
        _check_plain(tmp, manifest, sha, size)
        for extra in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                tmp.with_name(tmp.name + extra).unlink()
        _rename_new(tmp, target)
        _fsync_dir(target.parent)
        if progress is not None:
            progress(1, 1)
        return RestoreResult(target, manifest)
    except OSError as exc:
        raise BackupError(_os_message(exc, target.parent).replace("备份", "恢复")) from None
    finally:
        remove_database_file(tmp)


def _rename_new(src: Path, dst: Path) -> None:
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
    _fsync_dir(live.parent)
    return kept


# -- the backup itself ---------------------------------------------------------------------------------------------


def archive_name(station: str, when: datetime) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in station) or "00"
    return f"reception-{safe}-{when:%Y%m%d-%H%M%S}{SUFFIX}"


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
    _manifest_override: dict[str, Any] | None = None,
) -> BackupResult:
    """Snapshot ``db_path`` → hash → compress → encrypt → write → fsync → read back → rename.  Touches no data.

    The snapshot is the live file itself held still by a read transaction (:func:`pin_ledger`), or, where that
    cannot be arranged (``pin=False``, not WAL, other readers), a copy through SQLite's backup API into
    ``work_dir`` (default: beside the ledger, never on the target; 0600, deleted afterwards).  SQLite's check
    (``integrity_check``, or ``quick_check`` above :data:`FULL_CHECK_MAX` unless ``full_check`` says otherwise)
    and the counts run on that same snapshot on another core while this thread hashes, compresses, encrypts,
    writes and reads back.  The read-back happens before the rename, from the device (page cache dropped), on the
    same inode: so the only files that ever carry the final name are archives that have been read back,
    decrypted and matched against a snapshot that passed the check.

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
    work = Path(work_dir) if work_dir else db_path.parent
    snap = work / f".{db_path.name}.{os.getpid()}-{time.monotonic_ns()}.snapshot"
    pinned: PinnedLedger | None = None
    partial: Path | None = None
    final: Path | None = None
    renamed = finished = False
    stop = threading.Event()

    stage = "snapshot"
    try:
        # 1. one consistent snapshot (the desk keeps writing meanwhile, into the WAL)
        try:
            pinned = pin_ledger(db_path) if pin else None
            if pinned is not None:
                info = pinned.info
            else:
                info = snapshot_sqlite(db_path, snap, progress=_scaled(progress, 0, 3))
        except sqlite3.Error as exc:
            raise BackupError(f"无法读取台账 {db_path}：{exc}") from None
        # progress: [copy,] write, read back — equal shares of the bar
        first, phases = (0, 2) if pinned is not None else (1, 3)
        plain = db_path if pinned is not None else snap
        size = info.size if pinned is not None else snap.stat().st_size

        def pieces(n: int) -> Iterator[bytes]:
            return read_chunks(plain, size, info.page_size, n)

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
                manifest.update(_manifest_override or {})

                stage = "write"
                name = archive_name(station, now)
                n = 1
                while (target_dir / name).exists():  # two backups within one second: never replace the first
                    n += 1
                    name = archive_name(station, now).replace(SUFFIX, f"-{n}{SUFFIX}")
                final = target_dir / name
                partial = target_dir / f".{name}.{os.getpid()}.partial"
                write_report = _scaled(progress, first, phases)
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
                read_report = _scaled(progress, first + 1, phases)
                sha_back = hashlib.sha256()
                back, _none, plain_size = _decrypt_stream(
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
            _rename_new(partial, final)
        except InvalidInput:
            raise BackupError(f"{final} 已存在；不会覆盖") from None
        renamed, partial = True, None
        _fsync_dir(target_dir)
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
        raise BackupError(_os_message(exc, target_dir)) from None
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


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _principal(actor: str | Principal) -> Principal:
    from reception.services.ledger import as_principal

    return as_principal(actor)


def record_restore(target: Path, actor: str | Principal, archive: Path, manifest: Manifest) -> None:
    """The restored ledger's own audit trail says where it came from (written after every check passed)."""
    from reception.services.audit import AuditService
    from reception.storage.db import init_db

    store = init_db(target)
    try:
        AuditService(store).record(
            _principal(actor).name,
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
            return int(self.store.execute("SELECT pg_database_size(current_database())").fetchone()[0])
        path = self._path()
        size = path.stat().st_size if path.exists() else 0
        wal = path.with_name(path.name + "-wal")
        return size + (wal.stat().st_size if wal.exists() else 0)

    def backup(
        self,
        target_dir: str | os.PathLike[str],
        passphrase: str,
        *,
        actor: str | Principal,
        progress: Progress | None = None,
        work_dir: Path | None = None,
        full_check: bool | None = None,
    ) -> BackupResult:
        """Make, verify and record one backup (models.Backup row, setting ``last_backup_at``, audit entry).

        ``full_check``: None runs ``integrity_check`` up to :data:`FULL_CHECK_MAX` and ``quick_check`` above."""
        principal = _principal(actor)
        require(principal, "backup")
        actor = principal.name
        if self.store.is_sqlite:
            result = create_backup(
                self._path(),
                target_dir,
                passphrase,
                clerk=actor,
                station_default=self.settings("station_code") or "01",
                progress=progress,
                opener=self.opener,
                work_dir=work_dir,
                now=self.clock(),
                full_check=full_check,
            )
        else:
            result = self._backup_server(target_dir, passphrase, actor, progress, work_dir, full_check)
        from reception.storage.repo import Repository

        at = result.manifest.created_at
        with self.store.write():
            m.Backup.create(
                at=at,
                actor=actor,
                path=str(result.path),
                sha256=result.sha256,
                size=result.size,
                matters=result.manifest.counts.get("matter", 0),
            )
            Repository(self.store).set_setting("last_backup_at", at.isoformat())
            if self.audit is not None:
                self.audit.record(
                    actor,
                    "backup",
                    detail={
                        "path": str(result.path),
                        "sha256": result.sha256,
                        "size": result.size,
                        "matters": result.manifest.counts.get("matter", 0),
                    },
                )
        return result

    def _backup_server(
        self,
        target_dir: str | os.PathLike[str],
        passphrase: str,
        actor: str,
        progress: Progress | None,
        work_dir: Path | None,
        full_check: bool | None = None,
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
            )

    def verify(self, archive: str | os.PathLike[str], passphrase: str, *, progress: Progress | None = None) -> Manifest:
        return verify_archive(archive, passphrase, progress=progress)

    def read_manifest(self, archive: str | os.PathLike[str], passphrase: str) -> Manifest:
        return read_manifest(archive, passphrase)

    def restore_target(self) -> Path:
        """A new file beside the live ledger for a restore (the desk swaps it in after reopening)."""
        live = self._path()
        return live.with_name(f"{live.stem}.restored-{self.clock():%Y%m%d-%H%M%S}{live.suffix or '.db'}")

    def restore_into(
        self,
        archive: str | os.PathLike[str],
        target: str | os.PathLike[str],
        passphrase: str,
        *,
        progress: Progress | None = None,
        actor: str | Principal = "",
    ) -> RestoreResult:
        """Restore ``archive`` into the new file ``target``; the live ledger is not touched.

        To put it in use, the caller closes the services and calls :func:`swap_in` (``target`` → the live path,
        the old file kept as ``….before-restore-YYYYmmdd-HHMMSS``), then reopens.  The restored ledger's audit
        trail gets a "restore" entry.
        """
        principal = _principal(actor)
        require(principal, "restore")
        result = restore_archive(archive, target, passphrase, progress=progress)
        record_restore(result.path, principal, Path(archive), result.manifest)
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

    def history(self, limit: int = 20) -> list[dict[str, Any]]:
        self.store.bind_models()
        return [
            {"at": b.at, "actor": b.actor, "path": b.path, "sha256": b.sha256, "size": b.size, "matters": b.matters}
            for b in m.Backup.select().order_by(m.Backup.id.desc()).limit(limit)
        ]


def free_space(path: str | os.PathLike[str]) -> int:
    return shutil.disk_usage(path).free
