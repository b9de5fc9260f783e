"""The output-path rule (reception/services/output_paths.py): plain pytest, real files, no Qt, no database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reception.services.output_paths import OutputRefused, check_output, write_atomically, write_bytes


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "ledger.db"
    path.parent.mkdir()
    path.write_bytes(b"SQLite format 3\x00")
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).write_bytes(b"x")
    return path


@pytest.mark.parametrize(
    "name",
    ["ledger.db", "ledger.db-wal", "ledger.db-shm", "ledger.db-journal", "ledger.db.v3-20260101-120000.bak",
     "ledger.db.before-restore-20260101-120000", "ledger.db.restored-20260101-120000"],
)  # fmt: skip
def test_the_ledger_and_its_companions_are_refused(ledger: Path, name: str) -> None:
    with pytest.raises(OutputRefused, match="台账文件"):
        check_output(ledger.with_name(name), ledger=ledger, force=True)


def test_the_ledger_through_a_symlink_or_a_hard_link_is_refused(ledger: Path, tmp_path: Path) -> None:
    (tmp_path / "link.xlsx").symlink_to(ledger)
    os.link(ledger, tmp_path / "hard.pdf")
    for target in (tmp_path / "link.xlsx", tmp_path / "hard.pdf", tmp_path / "data" / ".." / "data" / "ledger.db"):
        with pytest.raises(OutputRefused, match="台账文件"):
            check_output(target, ledger=ledger, force=True)


def test_a_name_that_only_starts_like_the_ledger_elsewhere_is_allowed(ledger: Path, tmp_path: Path) -> None:
    assert check_output(tmp_path / "ledger.db.xlsx", ledger=ledger, force=False) == tmp_path / "ledger.db.xlsx"
    assert check_output(tmp_path / "ledger.db", ledger=None, force=False) == tmp_path / "ledger.db"


def test_backup_archives_are_refused(tmp_path: Path) -> None:
    for name in ("reception-站-20260101-120000.rcpbak", "X.RCPBAK"):
        with pytest.raises(OutputRefused, match="备份文件"):
            check_output(tmp_path / name, ledger=None, force=True)


def test_non_regular_files_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    for target in (Path(os.devnull), fifo):
        with pytest.raises(OutputRefused, match="不是普通文件"):
            check_output(target, ledger=None, force=True)
    with pytest.raises(OutputRefused, match="是文件夹"):
        check_output(tmp_path, ledger=None, force=True)


def test_an_existing_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    with pytest.raises(OutputRefused, match="--force"):
        check_output(target, ledger=None, force=False)
    assert check_output(target, ledger=None, force=True) == target
    assert check_output(tmp_path / "new.pdf", ledger=None, force=False) == tmp_path / "new.pdf"


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputRefused, match="不存在"):
        check_output(tmp_path / "nowhere" / "out.pdf", ledger=None, force=True)


@pytest.mark.no_env_ledger
def test_a_failed_write_leaves_the_old_file_and_no_half_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")

    def fail(tmp: Path) -> None:
        assert tmp.parent == tmp_path and tmp.suffix == ".xlsx" and tmp != target
        tmp.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomically(target, fail)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]

    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]
