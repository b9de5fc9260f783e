"""A document number and its PDF, committed together.

A print writes its PDF under a temporary name beside the output, with a note of it (a journal entry) in the
ledger's owner-only folder; then it commits the number and the print record; then it renames the PDF to its final
name.  A print killed at any moment thus either issued the number (the record is committed; the next start
finishes the rename if the kill came just before it) or did not (no record: the next start removes the temporary
PDF), and a number never appears on a file the ledger does not know.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from reception.services.output_paths import temporary_name
from reception.storage.db import Store
from reception.storage.documents import DocumentRepository
from reception.storage.ledgerfile import private_dir, sweep, temp_path

KIND = "print"
_JOURNAL = re.compile(r"^(\d+)-\d+\.print$")


def journal_dir(store: Store) -> Path:
    if store.path is not None:
        return private_dir(store.path)
    from platformdirs import user_data_dir

    return Path(user_data_dir("reception", appauthor=False)) / "pending-prints"


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


@dataclass
class Pending:
    journal: Path
    tmp: Path
    target: Path

    def finish(self) -> None:
        """After the commit: the PDF under its final name."""
        os.replace(self.tmp, self.target)
        _fsync_dir(self.target.parent)
        self.journal.unlink()

    def abandon(self) -> None:
        """The transaction rolled back: no file carries the number."""
        for path in (self.tmp, self.journal):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def stage(store: Store, target: Path, data: bytes, sha256: str) -> Pending:
    """The PDF under a temporary name beside ``target``, and the journal entry naming it (call before commit)."""
    journal = temp_path(journal_dir(store), KIND)
    tmp = temporary_name(target)
    note = {"tmp": str(tmp.absolute()), "target": str(target.absolute()), "sha256": sha256}
    _write_new(journal, json.dumps(note, ensure_ascii=False).encode())
    _fsync_dir(journal.parent)
    try:
        _write_new(tmp, data)
    except BaseException:
        journal.unlink()
        raise
    return Pending(journal, tmp, target)


def recover(store: Store) -> list[str]:
    """Settle the prints of processes killed between writing and renaming; a line for each, for the log."""
    folder = journal_dir(store)
    if not folder.is_dir():
        return []
    notes: list[str] = []
    for entry in sorted(folder.iterdir()):
        m = _JOURNAL.match(entry.name)
        if m is None or int(m.group(1)) == os.getpid():
            continue
        import psutil

        if psutil.pid_exists(int(m.group(1))):
            continue
        try:
            note = json.loads(entry.read_text(encoding="utf-8"))
            tmp, target, digest = Path(note["tmp"]), Path(note["target"]), str(note["sha256"])
        except (OSError, ValueError, KeyError, TypeError):
            with contextlib.suppress(OSError):
                entry.unlink()
            continue
        committed = DocumentRepository(store).has_digest(digest)
        if tmp.exists():
            if committed:
                os.replace(tmp, target)
                notes.append(f"已补完打印中断的文书：{target}")
            else:
                tmp.unlink()
                notes.append(f"已删除未登记的文书临时文件：{tmp}")
        elif committed and not target.exists():
            notes.append(f"文书已登记但文件不在：{target}（可补打，编号不变）")
        entry.unlink()
    sweep(folder)
    return notes
