"""The numbers a ledger file has handed out, kept where restoring that file cannot roll them back.

A SQLite ledger's counters live in the file itself, so putting back an older copy of the file (a restore, a copy
from a USB stick) would hand out again every matter and document number issued since that copy was made. Beside
each ledger file the desk keeps ``<ledger>.numbers``: the highest value every counter has reached. It is a floor,
never a source: a counter is taken from the ledger as before and raised above the floor only when the ledger is
behind it (the file was put back); the floor follows the ledger after every commit and whenever the ledger is
opened, so it can lag at most the numbers of one transaction interrupted between its commit and the next write
of this file — and the ledger still holds those.

The file holds counter names (``doc:acceptance``, ``matter:01``), years and values: nothing personal. It is
written owner-only and replaced atomically. A PostgreSQL ledger is not restored by putting a file back and needs
no floor.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

SUFFIX = ".numbers"
#: a temporary copy this old was left by a writer that was killed (a write takes milliseconds)
STALE_SECONDS = 60

Key = tuple[str, int]


def marks_path(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + SUFFIX)


class HighWaterMarks:
    """The floor of every counter of one ledger file (thread-safe; one per open ledger)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._marks: dict[Key, int] | None = None

    def _sweep(self) -> None:
        """Remove temporary copies a killed writer left (they hold counters only, never personal data)."""
        now = time.time()
        for leftover in self.path.parent.glob(self.path.name + ".tmp-*"):
            with contextlib.suppress(OSError):
                if now - leftover.stat().st_mtime > STALE_SECONDS:
                    leftover.unlink()

    def _read(self) -> dict[Key, int]:
        """The marks the file holds now."""
        marks: dict[Key, int] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            for row in data.get("counters", []):
                marks[(str(row["name"]), int(row["year"]))] = int(row["value"])
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            # A damaged floor must not stop the desk; the ledger's own counters still hold, and the floor
            # is rebuilt from them. Said in the log for the administrator.
            log.warning("编号记录文件 %s 无法读取（%s），按台账中的计数重建", self.path, exc)
        return marks

    def _load(self) -> dict[Key, int]:
        if self._marks is None:
            self._sweep()  # once per open ledger, not on every write
            self._marks = self._read()
        return self._marks

    def floor(self, name: str, year: int) -> int:
        with self._lock:
            return self._load().get((name, year), 0)

    def raise_to(self, values: dict[Key, int]) -> None:
        """Record that these counters reached these values (kept as the maximum); written only on a change."""
        with self._lock:
            marks = self._load()
            changed = False
            for key, value in values.items():
                if value > marks.get(key, 0):
                    marks[key] = value
                    changed = True
            if changed:
                # Another desk on the same file writes this file too: merge with what it holds now, so
                # neither desk's values are lost to the other's older view.
                merged = self._read()
                for key, value in marks.items():
                    merged[key] = max(value, merged.get(key, 0))
                self._marks = merged
                self._save(merged)

    def _save(self, marks: dict[Key, int]) -> None:
        rows = [{"name": n, "year": y, "value": v} for (n, y), v in sorted(marks.items())]
        text = json.dumps({"format": 1, "counters": rows}, ensure_ascii=False, indent=1)
        tmp = self.path.with_name(f"{self.path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, self.path)
        except OSError as exc:
            # The ledger has committed; only the protection against a later put-back copy is behind. Loud in
            # the log, not fatal to the clerk's registration.
            log.error("无法更新编号记录文件 %s：%s", self.path, exc)
