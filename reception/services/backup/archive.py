"""The backup archive format: encryption, chunked zstd, the manifest, and reading an archive back.

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
``compression`` (``zstd`` level 1, one frame with its content checksum per chunk; version 1: raw deflate),
``cipher`` (AES-256-GCM, 4-byte random ``nonce_base``, ``chunk_size``), ``kdf`` (scrypt with random 16-byte
``salt``, ``n``, ``r``, ``p``) and ``key_check``.

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

``verify_archive`` decrypts every chunk to a temporary file and runs the full check on it: ``integrity_check``,
the counts and the SHA-256 against the manifest.  Making a backup (snapshot, check, write, read back, rename) is
the use case in :mod:`reception.services.backup.service`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
import threading
import unicodedata
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import zstandard

from reception.domain.matter import InvalidInput
from reception.services.backup.files import drop_cache
from reception.storage.ledgerfile import ensure_private_dir, sweep, temp_path
from reception.storage.snapshot import CheckResult, check_database, create_private, remove_database_file

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
KEY_CHECK_LABEL = b"reception-backup key check"
# Version 2 chunks authenticate the header as written first, with this in place of ``db.sha256``.
DIGEST_PLACEHOLDER = "0" * 64
_PREFIX = struct.Struct(">8sHI")
_RECORD = struct.Struct(">IB")

Progress = Callable[[int, int], None]


class Cancelled(Exception):  # noqa: N818  (a public name since the first release: the desk and export catch it)
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


def decrypt_stream(
    archive: Path,
    passphrase: str,
    sink: Callable[[bytes], object] | None,
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
            drop_cache(raw)
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
    path = existing_archive(archive)
    with open(path, "rb") as f:
        manifest = _open_archive(f, passphrase, path.name).manifest
    manifest.path = path
    return manifest


def existing_archive(archive: str | os.PathLike[str]) -> Path:
    path = Path(archive)
    if not path.exists():
        raise InvalidInput(f"备份文件 {path} 不存在", "archive")
    if path.is_dir():
        raise InvalidInput(f"{path} 是文件夹，不是备份文件", "archive")
    return path


def check_plain(
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


def decrypt_to(archive: Path, passphrase: str, target: Path, progress: Progress | None) -> tuple[Manifest, str, int]:
    """Decrypt into the new file ``target`` (0600), flushed and fsynced; half-written files are the caller's."""
    create_private(target)
    with open(target, "r+b") as out:
        manifest, sha, size = decrypt_stream(archive, passphrase, out.write, scaled(progress, 0, 2))
        out.flush()
        os.fsync(out.fileno())
    return manifest, sha, size


def scaled(progress: Progress | None, phase: int, phases: int) -> Callable[[int, int], None] | None:
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
    path = existing_archive(archive)
    # The decrypted ledger only ever lies in an owner-only folder (the ledger's own, or the user's), and a
    # killed verify's copy is swept by the next one (storage/ledgerfile.py).
    tmp_dir = ensure_private_dir(Path(work_dir) if work_dir else user_private_dir())
    sweep(tmp_dir)
    target = temp_path(tmp_dir, "verify")
    try:
        manifest, sha, size = decrypt_to(path, passphrase, target, progress)
        check_plain(target, manifest, sha, size)
        if progress is not None:
            progress(1, 1)
        return manifest
    except OSError as exc:
        raise BackupError(f"验证时读写失败：{exc.strerror or exc}") from None
    finally:
        remove_database_file(target)


def user_private_dir() -> Path:
    """The user's own owner-only folder for a verify that names no ledger."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("reception", appauthor=False)) / "private"


def archive_name(station: str, when: datetime) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in station) or "00"
    return f"reception-{safe}-{when:%Y%m%d-%H%M%S}{SUFFIX}"
