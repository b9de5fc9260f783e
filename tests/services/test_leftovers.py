"""No plaintext copy of the ledger outside its owner-only folder, and none left by a killed operation once the next
one ran (issue 19): a copy-mode backup's snapshot, a restore's file being checked, a verify's decrypted ledger, a
backup's unfinished archive on the stick."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.actors import ADMIN, admin

pytestmark = pytest.mark.sqlite_only

PASS = "正确的口令 correct horse"

# Each child starts the operation with a hook that records where its temporary file is and kills the process there.
CHILD = """
import os, sys, json
op, ledger, other = sys.argv[1], sys.argv[2], sys.argv[3]
from reception.services import backup as bk
from reception.services.backup import archive, service
from reception.storage import snapshot

def die(path):
    print(json.dumps(str(path)), flush=True)
    os._exit(9)

if op == "backup-copy":  # killed with its copied snapshot and its unfinished archive written
    real = service.write_archive
    def write(pieces, out, *a, **k):
        real(pieces, out, *a, **k)
        out.flush()
        die(other)
    service.write_archive = write
    from reception.services.context import open_services
    svc = open_services(ledger, create=False)
    service.create_backup(svc.store.path, other, sys.argv[4], clerk="x", pin=False, kdf={"n": 1 << 14, "r": 8, "p": 1})
elif op in ("restore", "verify"):  # killed once the archive is decrypted to its temporary file
    real = service.check_plain if op == "restore" else archive.check_plain
    def check(tmp, *a, **k):
        die(tmp)
    (service if op == "restore" else archive).check_plain = check
    if op == "restore":
        bk.restore_archive(other, ledger, sys.argv[4])
    else:
        bk.verify_archive(other, sys.argv[4], work_dir=sys.argv[5] if len(sys.argv) > 5 else None)
"""


def _killed(*args: str, env: dict[str, str] | None = None) -> Path:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 9, done.stderr
    return Path(done.stdout.strip().strip('"'))


@pytest.fixture
def ledger(tmp_path: Path, sample_registration) -> Path:
    from reception.services.context import open_services

    path = tmp_path / "desk" / "ledger.db"
    path.parent.mkdir()
    svc = open_services(path, create=True)
    try:
        svc.ledger.register(sample_registration(), actor=ADMIN)
    finally:
        svc.close()
    return path


@pytest.fixture
def archive(ledger: Path, tmp_path: Path) -> Path:
    from reception.services.context import open_services

    stick = tmp_path / "archives"
    stick.mkdir()
    svc = open_services(ledger, create=False)
    try:
        return svc.backup.backup(stick, PASS, actor=admin("王警官")).path
    finally:
        svc.close()


def _private(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + ".private")


def _owner_only(path: Path) -> bool:
    return all((p.stat().st_mode & 0o077) == 0 for p in (path, path.parent))


def test_a_killed_copy_mode_backup_leaves_its_snapshot_only_in_the_private_folder_and_both_are_swept(
    ledger: Path, tmp_path: Path
) -> None:
    from reception.services.context import open_services

    stick = tmp_path / "stick"
    stick.mkdir()
    assert _killed("backup-copy", str(ledger), str(stick), PASS) == stick
    [partial] = stick.iterdir()
    assert partial.name.startswith(".") and partial.name.endswith(".partial")
    snapshots = [p for p in _private(ledger).iterdir() if p.name.endswith(".snapshot")]
    assert len(snapshots) == 1 and _owner_only(snapshots[0])
    assert not [p for p in ledger.parent.iterdir() if "snapshot" in p.name]  # never beside the ledger
    svc = open_services(ledger, create=False)  # the next open sweeps the snapshot; the next backup the partial
    try:
        assert [p.name for p in _private(ledger).iterdir()] == ["lock"]
        svc.backup.backup(stick, PASS, actor=admin("王警官"))
    finally:
        svc.close()
    assert [p.suffix for p in stick.iterdir()] == [".rcpbak"]


def test_a_killed_restore_checks_in_the_private_folder_and_the_next_restore_sweeps_it(
    tmp_path: Path, archive: Path
) -> None:
    from reception.services import backup as bk

    target = tmp_path / "new" / "restored.db"
    target.parent.mkdir()
    copy = _killed("restore", str(target), str(archive), PASS)
    assert copy.parent == _private(target) and copy.exists() and _owner_only(copy)
    assert not target.exists() and [p.name for p in target.parent.iterdir()] == [target.name + ".private"]
    bk.restore_archive(archive, target, PASS)
    assert target.exists() and not copy.exists()
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_a_killed_verify_never_leaves_a_decrypted_ledger_in_the_temporary_folder(tmp_path: Path, archive: Path) -> None:
    from reception.services import backup as bk

    tmp, home = tmp_path / "tmp", tmp_path / "home"
    tmp.mkdir()
    env = {"TMPDIR": str(tmp), "XDG_DATA_HOME": str(home)}
    copy = _killed("verify", "-", str(archive), PASS, env=env)
    assert list(tmp.iterdir()) == []
    assert copy.parent == home / "reception" / "private" and _owner_only(copy)
    bk.verify_archive(archive, PASS, work_dir=copy.parent)  # the next verify sweeps it
    assert list(copy.parent.iterdir()) == []
