"""Encrypted backups: round trip, every kind of damage refused, faults and cancel leave nothing finished-looking,
and a backup taken while another process registers restores to a consistent ledger."""

from __future__ import annotations

import errno
import hashlib
import json
import multiprocessing
import os
import shutil
import sqlite3
import stat
import struct
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reception.domain.matter import InvalidInput
from reception.services import backup as bk
from reception.services.backup import ArchiveError, BackupError, Cancelled
from reception.services.backup import service as bk_service
from reception.services.context import open_services
from reception.services.demo import generate
from reception.storage import backup_io
from reception.storage.snapshot import PinnedLedger
from tests.actors import AS_ADMIN, admin, seed_accounts

PASS = "正确的口令 correct horse"
FAST_KDF = {"n": 1 << 14, "r": 8, "p": 1}  # archives only damaged in tests: no need for the real work factor
TABLES = ("matter", "person", "matter_party", "event")


# -- fixtures and helpers -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "master.db"
    generate(str(path), 300, seed=1)
    seed_accounts(path)  # the command logs in (tests/actors.py)
    return path


@pytest.fixture
def ledger(
    demo_master: Path, tmp_path: Path, auth_file: Path, monkeypatch: pytest.MonkeyPatch, copy_ledger: Any
) -> Path:
    """A private copy of the demo ledger (with its audit key) for one test; the command's password in
    RECEPTION_AUTH_FILE."""
    monkeypatch.setenv("RECEPTION_AUTH_FILE", str(auth_file))
    path = tmp_path / "live" / "ledger.db"
    path.parent.mkdir()
    copy_ledger(demo_master, path)
    return path


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    path = tmp_path / "usb"
    path.mkdir()
    return path


@pytest.fixture(scope="module")
def archive_master(demo_master: Path, tmp_path_factory: pytest.TempPathFactory, copy_ledger: Any) -> Path:
    """One archive with small chunks (many of them), damaged in copies by the tests below."""
    out = tmp_path_factory.mktemp("archive")
    src = out / "src.db"
    copy_ledger(demo_master, src)
    return bk.create_backup(src, out, PASS, clerk="王警官", chunk_size=64 << 10, kdf=FAST_KDF).path


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ledger_hash(path: Path) -> str:
    """The ledger file and its WAL: what "untouched" means for a live SQLite ledger."""
    wal = path.with_name(path.name + "-wal")
    return file_hash(path) + (file_hash(wal) if wal.exists() else "")


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    finally:
        conn.close()


def records(path: Path) -> list[tuple[int, int]]:
    """(offset, length) of every record's ciphertext, parsed independently of the code under test."""
    data = path.read_bytes()
    assert data[:8] == b"\x89RCP\r\n\x1a\n"
    (header_len,) = struct.unpack(">I", data[10:14])
    pos = 14 + header_len + 32
    out = []
    while pos < len(data):
        length, flags = struct.unpack(">IB", data[pos : pos + 5])
        out.append((pos + 5, length))
        pos += 5 + length
        if flags & 1:
            break
    assert pos == len(data)
    return out


def header_of(path: Path) -> tuple[dict[str, Any], int]:
    data = path.read_bytes()
    (header_len,) = struct.unpack(">I", data[10:14])
    return json.loads(data[14 : 14 + header_len]), header_len


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def run_cli(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from reception.cli import main

    try:
        code = main(list(argv) if "--as" in argv else [*AS_ADMIN, *argv])
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def passfile(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASS + "\n", encoding="utf-8")
    return path


# -- the round trip ------------------------------------------------------------------------------------------------


def test_round_trip_restores_identical_contents(ledger: Path, usb: Path, tmp_path: Path) -> None:
    svc = open_services(ledger)
    try:
        result = svc.backup.backup(usb, PASS, actor=admin("王警官"))
        assert svc.backup.last_backup_at() == result.manifest.created_at
        row = svc.backup.history()[0]
        assert (row.path, row.sha256, row.size, row.actor) == (
            str(result.path),
            result.sha256,
            result.size,
            "王警官",
        )
        assert row.matters == 300
        assert svc.ledger.setting("last_backup_at") == result.manifest.created_at.isoformat()
        assert [e.action for e in svc.audit.entries()][:1] == ["backup"]
    finally:
        svc.close()
    assert result.path.name.startswith("reception-01-") and result.path.name.endswith(".rcpbak")
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert result.sha256 == file_hash(result.path)
    assert os.listdir(usb) == [result.path.name]
    assert not [p for p in ledger.parent.iterdir() if "snapshot" in p.name]

    manifest = bk.verify_archive(result.path, PASS)
    assert manifest.counts["matter"] == 300 and manifest.station == "01" and manifest.clerk == "王警官"
    target = tmp_path / "restored" / "ledger.db"
    restored = bk.restore_archive(result.path, target, PASS)
    assert restored.path == target and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(os.listdir(target.parent)) == ["ledger.db"]  # no -wal/-shm or temporary left beside it
    original, copy = dump(ledger), dump(target)
    for table in TABLES:
        assert original[table] == copy[table], table
    assert len(copy["matter"]) == 300


def test_manifest_is_plaintext_without_personal_data(archive_master: Path, demo_master: Path) -> None:
    header, _ = header_of(archive_master)
    conn = sqlite3.connect(f"file:{demo_master}?mode=ro", uri=True)
    names, ids = zip(
        *conn.execute("SELECT name, id_number FROM person WHERE id_number IS NOT NULL LIMIT 50"), strict=True
    )
    conn.close()
    text = json.dumps(header, ensure_ascii=False)
    assert not any(n in text for n in names) and not any(i in text for i in ids)
    assert header["counts"]["matter"] == 300 and header["schema_version"] >= 1
    assert header["kdf"]["name"] == "scrypt" and len(header["db"]["sha256"]) == 64
    assert {"app_version", "station", "created_at", "clerk", "cipher", "compression"} <= header.keys()
    assert len(records(archive_master)) > 3  # small chunks: several records to damage


def test_restore_never_overwrites(archive_master: Path, tmp_path: Path) -> None:
    target = tmp_path / "exists.db"
    target.write_bytes(b"keep me")
    with pytest.raises(InvalidInput):
        bk.restore_archive(archive_master, target, PASS)
    assert target.read_bytes() == b"keep me"


def test_read_manifest_needs_the_passphrase(archive_master: Path) -> None:
    assert bk.read_manifest(archive_master, PASS).counts["matter"] == 300
    with pytest.raises(ArchiveError) as info:
        bk.read_manifest(archive_master, "wrong passphrase")
    assert info.value.reason == "passphrase"


# -- damage of every kind is refused ---------------------------------------------------------------------------------


def _damaged(archive_master: Path, tmp_path: Path) -> Path:
    path = tmp_path / archive_master.name
    shutil.copy(archive_master, path)
    return path


def _assert_refused(
    path: Path,
    reasons: set[str],
    ledger: Path,
    tmp_path: Path,
    passfile: Path,
    capsys: pytest.CaptureFixture[str],
    passphrase: str = PASS,
) -> None:
    before = ledger_hash(ledger)
    with pytest.raises(ArchiveError) as info:
        bk.verify_archive(path, passphrase)
    assert info.value.reason in reasons, (info.value.reason, str(info.value))
    assert "\n" not in str(info.value) and str(info.value)
    target = tmp_path / "should-not-exist.db"
    with pytest.raises(ArchiveError):
        bk.restore_archive(path, target, passphrase)
    assert not target.exists() and not [p for p in tmp_path.iterdir() if "restoring" in p.name]
    if passphrase != PASS:
        passfile.write_text(passphrase + "\n", encoding="utf-8")
    code, out, err = run_cli(
        "--db", str(ledger), "verify", str(path), "--passphrase-file", str(passfile), capsys=capsys
    )
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code, out, err = run_cli(
        "restore", str(path), "--db", str(target), "--passphrase-file", str(passfile), capsys=capsys
    )
    assert code == 1 and len(err.strip().splitlines()) == 1 and not target.exists()
    assert ledger_hash(ledger) == before


def test_wrong_passphrase_refused(
    archive_master: Path, ledger: Path, tmp_path: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _assert_refused(archive_master, {"passphrase"}, ledger, tmp_path, passfile, capsys, passphrase="not the one")


@pytest.mark.parametrize(
    "where", ["header", "header_mac", "first_chunk", "middle_chunk", "last_chunk", "record_length", "final_flag"]
)
def test_flipped_byte_refused(
    where: str, archive_master: Path, ledger: Path, tmp_path: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _damaged(archive_master, tmp_path)
    recs = records(path)
    _, header_len = header_of(path)
    offset = {
        "header": 14 + header_len // 2,
        "header_mac": 14 + header_len + 5,
        "first_chunk": recs[0][0] + recs[0][1] // 2,
        "middle_chunk": recs[len(recs) // 2][0] + 7,
        "last_chunk": recs[-1][0] + recs[-1][1] - 1,  # inside the GCM tag of the final record
        "record_length": recs[1][0] - 5 + 3,
        "final_flag": recs[-1][0] - 1,
    }[where]
    flip(path, offset)
    _assert_refused(
        path, {"header", "manifest", "passphrase", "chunk", "truncated"}, ledger, tmp_path, passfile, capsys
    )


@pytest.mark.parametrize("keep", ["half_header", "half_first_chunk", "record_boundary", "missing_tag_byte"])
def test_truncated_archive_refused(
    keep: str, archive_master: Path, ledger: Path, tmp_path: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _damaged(archive_master, tmp_path)
    recs = records(path)
    data = path.read_bytes()
    size = {
        "half_header": 40,
        "half_first_chunk": recs[0][0] + recs[0][1] // 2,
        "record_boundary": recs[-2][0] + recs[-2][1],  # every record but the final one, intact
        "missing_tag_byte": len(data) - 1,
    }[keep]
    path.write_bytes(data[:size])
    _assert_refused(path, {"truncated"}, ledger, tmp_path, passfile, capsys)


def test_appended_data_refused(
    archive_master: Path, ledger: Path, tmp_path: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _damaged(archive_master, tmp_path)
    with open(path, "ab") as f:
        f.write(b"\0" * 10)
    _assert_refused(path, {"trailing"}, ledger, tmp_path, passfile, capsys)


def test_reordered_chunks_refused(
    archive_master: Path, ledger: Path, tmp_path: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _damaged(archive_master, tmp_path)
    data = path.read_bytes()
    (a_off, a_len), (b_off, b_len) = records(path)[1:3]
    a, b = data[a_off - 5 : a_off + a_len], data[b_off - 5 : b_off + b_len]
    path.write_bytes(data[: a_off - 5] + b + a + data[b_off + b_len :])
    _assert_refused(path, {"chunk"}, ledger, tmp_path, passfile, capsys)


def test_edited_manifest_refused(
    archive_master: Path, ledger: Path, tmp_path: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Someone changes the plaintext manifest (say, the counts) and fixes up its length: the MAC refuses it."""
    path = _damaged(archive_master, tmp_path)
    data = path.read_bytes()
    header, header_len = header_of(path)
    header["counts"]["matter"] = 301
    body = json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    path.write_bytes(data[:10] + struct.pack(">I", len(body)) + body + data[14 + header_len :])
    _assert_refused(path, {"manifest"}, ledger, tmp_path, passfile, capsys)


def test_manifest_that_does_not_match_contents_refused(
    demo_master: Path,
    ledger: Path,
    tmp_path: Path,
    passfile: Path,
    capsys: pytest.CaptureFixture[str],
    copy_ledger: Any,
) -> None:
    """An authentic manifest whose counts disagree with the database inside (a writer bug) fails verify."""
    src = tmp_path / "src.db"
    copy_ledger(demo_master, src)
    out = tmp_path / "out"
    out.mkdir()
    lying = bk.create_backup(
        src,
        out,
        PASS,
        clerk="x",
        kdf=FAST_KDF,
        _manifest_override={"counts": {"matter": 299, "person": 1, "matter_party": 1, "event": 1, "document": 0}},
    ).path
    _assert_refused(lying, {"counts"}, ledger, tmp_path, passfile, capsys)


def test_not_an_archive_refused(
    ledger: Path, tmp_path: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "holiday-photos.rcpbak"
    path.write_bytes(b"PK\x03\x04" + b"x" * 100)
    _assert_refused(path, {"not_archive"}, ledger, tmp_path, passfile, capsys)


def test_cli_bad_usage_exit_2(
    archive_master: Path, ledger: Path, tmp_path: Path, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = ledger_hash(ledger)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    cases = [
        ("verify", str(tmp_path / "missing.rcpbak"), "--passphrase-file", str(passfile)),
        ("verify", str(archive_master), "--passphrase-file", str(tmp_path / "missing.txt")),
        ("verify", str(archive_master), "--passphrase-file", str(empty)),
        ("verify", str(archive_master)),
        ("--db", str(ledger), "backup", "--to", str(tmp_path / "no-such-dir"), "--passphrase-file", str(passfile)),
        ("restore", str(archive_master), "--db", str(ledger), "--passphrase-file", str(passfile)),
    ]
    for argv in cases:
        code, _out, err = run_cli(*argv, capsys=capsys)
        assert code == 2, (argv, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, (argv, err)
    assert ledger_hash(ledger) == before


def test_cli_restore_replace_keeps_previous(
    archive_master: Path,
    demo_master: Path,
    tmp_path: Path,
    passfile: Path,
    capsys: pytest.CaptureFixture[str],
    cli_login: Path,
) -> None:
    target = tmp_path / "desk" / "ledger.db"
    target.parent.mkdir()
    seed_accounts(target)  # a ledger in use at the desk, with no matter yet: its administrator replaces it
    previous = file_hash(target)
    code, out, err = run_cli(
        "restore",
        str(archive_master),
        "--db",
        str(target),
        "--passphrase-file",
        str(passfile),
        "--replace",
        "--json",
        capsys=capsys,
    )
    assert code == 0, err
    doc = json.loads(out)
    kept = Path(doc["previous"])
    assert kept.name.startswith("ledger.db.before-restore-") and file_hash(kept) == previous
    assert dump(target) == dump(demo_master)
    assert doc["counts"]["matter"] == 300
    svc = open_services(target)
    try:
        assert svc.audit.entries()[0].action == "restore"  # the restored ledger says where it came from
    finally:
        svc.close()


def test_cli_backup_verify_restore_as_subprocess(ledger: Path, usb: Path, tmp_path: Path, passfile: Path) -> None:
    env = {**os.environ, "RECEPTION_DB": str(ledger)}

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "reception.cli", *AS_ADMIN, *argv],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    done = run("backup", "--to", str(usb), "--passphrase-file", str(passfile), "--json")
    assert done.returncode == 0, done.stderr
    archive = json.loads(done.stdout)["path"]
    assert run("verify", archive, "--passphrase-file", str(passfile)).returncode == 0
    target = tmp_path / "r.db"
    assert run("restore", archive, "--db", str(target), "--passphrase-file", str(passfile)).returncode == 0
    assert dump(target) == dump(ledger)


# -- faults: the target fills up or disappears; cancel -----------------------------------------------------------------


class _FillsUp:
    """A file that accepts ``room`` bytes and then fails like a full USB stick."""

    def __init__(self, path: Path, room: int) -> None:
        self.f = bk.create_private_file(path)
        self.room = room

    def write(self, data: Any) -> int:
        data = bytes(data)
        if len(data) > self.room:
            self.f.write(data[: self.room])
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.f.write(data)

    def flush(self) -> None:
        self.f.flush()

    def fileno(self) -> int:
        return self.f.fileno()

    def close(self) -> None:
        self.f.close()


@pytest.mark.parametrize("room", [100, 200_000])
def test_target_fills_up(room: int, ledger: Path, usb: Path) -> None:
    svc = open_services(ledger)
    try:
        first = svc.backup.backup(usb, PASS, actor=admin("王警官"))
        first_hash = file_hash(first.path)
        svc.backup.clock = lambda: datetime.now().replace(microsecond=0) + timedelta(seconds=5)
        svc.backup.opener = lambda path: _FillsUp(path, room)  # type: ignore[assignment,return-value]
        with pytest.raises(BackupError) as info:
            svc.backup.backup(usb, PASS, actor=admin("王警官"))
        assert "空间不足" in str(info.value) and "\n" not in str(info.value)
        assert os.listdir(usb) == [first.path.name]  # nothing new, not even a partial file
        assert file_hash(first.path) == first_hash
        bk.verify_archive(first.path, PASS)
        assert len(svc.backup.history()) == 1
        assert svc.backup.last_backup_at() == first.manifest.created_at
    finally:
        svc.close()
    assert not [p for p in ledger.parent.iterdir() if "snapshot" in p.name]


def test_target_disappears_midway(ledger: Path, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    target = stick / "backups"
    target.mkdir(parents=True)
    pulled = []

    def progress(done: int, total: int) -> None:
        if not pulled and done / total > 0.4:  # while chunks are being written
            shutil.rmtree(stick)
            pulled.append(done)

    svc = open_services(ledger)
    try:
        with pytest.raises(BackupError) as info:
            svc.backup.backup(target, PASS, actor=admin("王警官"), progress=progress)
        assert pulled and "不存在" in str(info.value)
        assert svc.backup.history() == []
    finally:
        svc.close()
    assert not stick.exists()
    assert not [p for p in ledger.parent.iterdir() if "snapshot" in p.name]


@pytest.mark.parametrize("at", [0.05, 0.5, 0.9])  # snapshot, writing, reading back
def test_cancel_leaves_nothing(at: float, ledger: Path, usb: Path) -> None:
    (usb / "older.rcpbak").write_bytes(b"an earlier backup")
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append(done / total)
        if done / total >= at:
            raise Cancelled()

    svc = open_services(ledger)
    try:
        with pytest.raises(Cancelled):
            svc.backup.backup(usb, PASS, actor=admin("王警官"), progress=progress)
        assert svc.backup.history() == [] and svc.backup.last_backup_at() is None
    finally:
        svc.close()
    assert os.listdir(usb) == ["older.rcpbak"]
    assert not [p for p in ledger.parent.iterdir() if "snapshot" in p.name]


@pytest.mark.no_env_ledger
def test_cancel_verify_and_restore(archive_master: Path, tmp_path: Path) -> None:
    def stop(done: int, total: int) -> None:
        if done:
            raise Cancelled()

    with pytest.raises(Cancelled):
        bk.verify_archive(archive_master, PASS, progress=stop, work_dir=tmp_path)
    target = tmp_path / "r.db"
    with pytest.raises(Cancelled):
        bk.restore_archive(archive_master, target, PASS, progress=stop)
    assert os.listdir(tmp_path) == []


@pytest.fixture
def tmpfs(tmp_path: Path) -> Any:
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount)],
            capture_output=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        pytest.skip("mount is not available")
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=20, check=False)


def test_real_small_filesystem_fills_up(tmpfs: Path, ledger: Path) -> None:
    svc = open_services(ledger)
    try:
        first = svc.backup.backup(tmpfs, PASS, actor=admin("王警官"))
        first_hash = file_hash(first.path)
        free = shutil.disk_usage(tmpfs).free
        (tmpfs / "filler").write_bytes(b"\0" * max(0, free - first.size // 2))
        svc.backup.clock = lambda: datetime.now().replace(microsecond=0) + timedelta(seconds=5)
        with pytest.raises(BackupError) as info:
            svc.backup.backup(tmpfs, PASS, actor=admin("王警官"))
        assert "空间不足" in str(info.value)
    finally:
        svc.close()
    assert sorted(os.listdir(tmpfs)) == sorted([first.path.name, "filler"])
    assert file_hash(first.path) == first_hash
    bk.verify_archive(first.path, PASS)


# -- a backup while another process registers -----------------------------------------------------------------------

# Runs in a spawned process (``exec`` of this text, so the child needs nothing from the test module).
WRITER = r"""
import sys, time
from datetime import datetime
from reception.domain.identity import check_digit
from reception.domain.roles import Principal, Role
from reception.services.context import open_services

db, seconds, ready = sys.argv_writer
svc = open_services(db)
deadline = time.monotonic() + seconds
n = 0
while time.monotonic() < deadline:
    n += 1
    first17 = f"42010619{70 + n % 30:02d}0101{n % 1000:03d}"
    svc.ledger.register({
        "channel": "visit", "received_at": datetime.now().replace(microsecond=0).isoformat(),
        "source": {"kind": "own"},
        "persons": [{"name": "并发甲", "id_number": first17 + check_digit(first17), "phone": f"139{n:08d}",
                     "role": "petitioner"},
                    {"name": "并发乙", "role": "companion"}],
        "headcount": 2, "purpose": "demand", "category": "grievance", "summary": f"并发登记第{n}件",
        "clerk": "李四"}, actor=Principal("李四", Role.CLERK))
    if n == 5:
        open(ready, "w").close()
svc.close()
"""


def _count(db: Path, table: str = "matter") -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize("snapshot", ["pinned", "copied"])
def test_backup_while_another_process_registers(
    snapshot: str, ledger: Path, usb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pins: list[object] = []
    real_pin = backup_io.pin_ledger

    def pin(source: Path, **kw: Any) -> object:
        pinned = real_pin(source, attempts=50) if snapshot == "pinned" else None
        pins.append(pinned)
        return pinned

    monkeypatch.setattr(backup_io, "pin_ledger", pin)  # what the backup's snapshot step calls
    ctx = multiprocessing.get_context("spawn")
    ready = tmp_path / "ready"
    # ``exec`` is a builtin: the spawned child unpickles it without importing this test module.
    child = ctx.Process(
        target=exec,
        args=(
            "import sys\nsys.argv_writer = ARGS\n" + WRITER,
            {"__name__": "__writer__", "ARGS": (str(ledger), 6.0, str(ready))},
        ),
    )
    child.start()
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert child.is_alive() or ready.exists(), "the writer process died"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        before = _count(ledger)

        def slow(done: int, total: int) -> None:
            time.sleep(0.05)  # keep the pinned snapshot open while the writer commits

        svc = open_services(ledger)
        try:
            result = svc.backup.backup(usb, PASS, actor=admin("王警官"), progress=slow)
        finally:
            svc.close()
        after = _count(ledger)
    finally:
        child.join(60)
    assert child.exitcode == 0
    assert len(pins) == 1 and (pins[0] is not None) == (snapshot == "pinned")
    assert after > before, "the writer made no progress during the backup"
    final = _count(ledger)
    assert final > 300 + 5

    target = tmp_path / "restored.db"
    bk.restore_archive(result.path, target, PASS)
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        matters = conn.execute("SELECT COUNT(*) FROM matter").fetchone()[0]
        assert before <= matters <= after
        assert matters == result.manifest.counts["matter"]
        orphans = conn.execute(
            "SELECT COUNT(*) FROM matter m WHERE NOT EXISTS (SELECT 1 FROM matter_party p WHERE p.matter_id = m.id)"
            " OR NOT EXISTS (SELECT 1 FROM event e WHERE e.matter_id = m.id)"
        ).fetchone()[0]
        assert orphans == 0
        # every concurrently registered matter came with both parties
        assert (
            conn.execute(
                "SELECT COUNT(*) FROM matter m WHERE summary LIKE '并发登记%' AND "
                "(SELECT COUNT(*) FROM matter_party p WHERE p.matter_id = m.id) != 2"
            ).fetchone()[0]
            == 0
        )
    finally:
        conn.close()


# -- the desk's reminders and refusals ---------------------------------------------------------------------------------


def test_reminder_after_reminder_days(ledger: Path, usb: Path) -> None:
    svc = open_services(ledger)
    try:
        assert svc.backup.backup_overdue() and svc.backup.reminder_days() == 7
        svc.backup.backup(usb, PASS, actor=admin("王警官"))
        assert not svc.backup.backup_overdue()
        svc.backup.clock = lambda: datetime.now() + timedelta(days=8)
        assert svc.backup.backup_overdue()
    finally:
        svc.close()


def test_clerk_may_back_up_but_not_restore(ledger: Path, usb: Path, archive_master: Path, tmp_path: Path) -> None:
    from reception.domain.roles import Forbidden, Principal, Role

    clerk = Principal("李四", Role.CLERK)
    svc = open_services(ledger)
    try:
        assert svc.backup.backup(usb, PASS, actor=clerk).manifest.clerk == "李四"
        with pytest.raises(Forbidden):
            svc.backup.restore_into(archive_master, tmp_path / "x.db", PASS, actor=clerk)
        admin = Principal("管理员", Role.ADMINISTRATOR)
        target = svc.backup.restore_target()
        assert target.parent == ledger.with_name(ledger.name + ".private") and not target.exists()
        svc.backup.restore_into(archive_master, target, PASS, actor=admin)
        assert target.exists()
        # the open ledger is still the one in use: models were pointed back at it
        assert svc.backup.history()[0].actor == "李四"
    finally:
        svc.close()


def test_swap_in_keeps_previous_file(tmp_path: Path, archive_master: Path) -> None:
    live = tmp_path / "ledger.db"
    open_services(live).close()
    previous = file_hash(live)
    restored = bk.restore_archive(archive_master, tmp_path / "new.db", PASS).path
    kept = bk.swap_in(restored, live, when=datetime(2026, 11, 28, 9, 30))
    assert kept is not None and kept.name == "ledger.db.before-restore-20261128-093000"
    assert file_hash(kept) == previous and _count(live) == 300 and not restored.exists()


def test_hostile_kdf_parameters_refused(archive_master: Path, tmp_path: Path) -> None:
    """A header asking for gigabytes of scrypt memory is refused before any key is derived."""
    path = _damaged(archive_master, tmp_path)
    data = path.read_bytes()
    header, header_len = header_of(path)
    header["kdf"]["n"] = 1 << 24
    body = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    path.write_bytes(data[:10] + struct.pack(">I", len(body)) + body + data[14 + header_len :])
    started = time.perf_counter()
    with pytest.raises(ArchiveError) as info:
        bk.verify_archive(path, PASS)
    assert info.value.reason == "header" and time.perf_counter() - started < 2


def test_passphrase_file_first_line(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_bytes("\ufeff口令 with spaces \r\nsecond line\r\n".encode())
    assert bk.read_passphrase_file(path) == "口令 with spaces "


# -- format versions, the check run during a backup, the pinned and the copied snapshot --------------------------------

FIXTURES = Path(__file__).parent / "fixtures"


def test_version_1_deflate_archive_still_verifies_and_restores(tmp_path: Path) -> None:
    """An archive written by the first release (format 1: raw deflate) stays readable."""
    archive = FIXTURES / "backup-v1-deflate.rcpbak"
    passphrase = "旧版备份口令 v1 archive"
    header, _ = header_of(archive)
    assert header["format_version"] == 1 and header["compression"]["name"] == "deflate"
    manifest = bk.verify_archive(archive, passphrase)
    assert manifest.station == "07" and manifest.counts["matter"] == 12
    target = tmp_path / "restored.db"
    bk.restore_archive(archive, target, passphrase)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == manifest.sha256
    assert len(dump(target)["matter"]) == 12
    with pytest.raises(ArchiveError) as info:
        bk.verify_archive(archive, "不对的口令")
    assert info.value.reason == "passphrase"


def test_new_archives_are_version_2_zstd(archive_master: Path) -> None:
    header, _ = header_of(archive_master)
    assert header["format_version"] == 2 and header["compression"] == {"name": "zstd", "level": 1}
    assert len(header["db"]["sha256"]) == 64 and header["db"]["sha256"] != bk.DIGEST_PLACEHOLDER


@pytest.mark.parametrize("pin", [True, False])
def test_pinned_and_copied_snapshots_make_the_same_ledger(pin: bool, ledger: Path, usb: Path, tmp_path: Path) -> None:
    result = bk.create_backup(ledger, usb, PASS, clerk="王警官", kdf=FAST_KDF, pin=pin)
    assert result.snapshot == ("pinned" if pin else "copied")
    target = tmp_path / "restored.db"
    bk.restore_archive(result.path, target, PASS)
    # The manifest's SHA-256 is of exactly the bytes restored, and the contents are the live ledger's.
    assert hashlib.sha256(target.read_bytes()).hexdigest() == result.manifest.sha256
    assert target.stat().st_size == result.manifest.db_size
    original, copy = dump(ledger), dump(target)
    assert all(original[t] == copy[t] for t in TABLES)
    assert not [p for p in ledger.parent.iterdir() if "snapshot" in p.name]


def test_check_is_full_up_to_the_limit_then_quick(
    ledger: Path, usb: Path, monkeypatch: pytest.MonkeyPatch, passfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checks: list[bool] = []
    real = PinnedLedger.check

    def spy(self: PinnedLedger, *, full: bool, stop: Any = None) -> Any:
        checks.append(full)
        return real(self, full=full, stop=stop)

    monkeypatch.setattr(PinnedLedger, "check", spy)
    small = bk.create_backup(ledger, usb, PASS, clerk="x", kdf=FAST_KDF, now=datetime(2026, 11, 1, 8))
    monkeypatch.setattr(bk_service, "FULL_CHECK_MAX", 64 << 10)  # the demo ledger is larger than this
    large = bk.create_backup(ledger, usb, PASS, clerk="x", kdf=FAST_KDF, now=datetime(2026, 11, 1, 9))
    forced = bk.create_backup(
        ledger, usb, PASS, clerk="x", kdf=FAST_KDF, full_check=True, now=datetime(2026, 11, 1, 10)
    )
    assert checks == [True, False, True]
    assert [r.manifest.data["check"] for r in (small, large, forced)] == [
        "integrity_check",
        "quick_check",
        "integrity_check",
    ]
    # The command's --full-check asks for the full one whatever the size.
    code, out, _err = run_cli(
        "--json", "backup", "--db", str(ledger), "--to", str(usb), "--passphrase-file", str(passfile), capsys=capsys
    )
    assert code == 0 and json.loads(out)["manifest"]["check"] == "quick_check"
    assert json.loads(out)["snapshot"] == "pinned"  # the command's own connection does not stand in the way
    time.sleep(1.1)  # a new archive name
    code, out, _err = run_cli(
        "--json",
        "backup",
        "--db",
        str(ledger),
        "--to",
        str(usb),
        "--passphrase-file",
        str(passfile),
        "--full-check",
        capsys=capsys,
    )
    assert code == 0 and json.loads(out)["manifest"]["check"] == "integrity_check"
    assert checks[3:] == [False, True]


def test_backup_of_a_damaged_ledger_leaves_nothing(ledger: Path, usb: Path) -> None:
    from tests.storage.test_snapshot import damage_index_leaf

    damage_index_leaf(ledger, "person_name")
    with pytest.raises(BackupError) as info:
        bk.create_backup(ledger, usb, PASS, clerk="x", kdf=FAST_KDF)
    assert "完整性检查" in str(info.value) or "无法读取台账" in str(info.value)
    assert os.listdir(usb) == []
