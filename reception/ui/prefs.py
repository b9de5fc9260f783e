"""This PC's own preferences (who sits at the desk, its window number, the interface language), kept beside the
draft.

The station's shared settings (agency, default window, backup reminder) live in the ledger; these belong to the PC
and its user, so a hall with several windows sharing one PostgreSQL ledger has each desk stamp its own 窗口号 on
what it registers, and can still run one desk in English.
Created by ``app.py`` and passed down; never a module-level instance.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["DeskPrefs"]

LANGUAGES = ("zh_CN", "en")


class DeskPrefs:
    """A small JSON file (or memory only when ``path`` is None, as in tests)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._data: dict[str, Any] = {}
        if path is not None and path.exists():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = {}
            if isinstance(loaded, dict):
                self._data = loaded

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self._data[key] = value

    @property
    def language(self) -> str:
        value = str(self._data.get("language") or "zh_CN")
        return value if value in LANGUAGES else "zh_CN"

    @property
    def clerk(self) -> str:
        return str(self._data.get("clerk") or "")

    @property
    def window(self) -> str:
        """This PC's window number; "" means the ledger's default window."""
        return str(self._data.get("window") or "").strip()

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self._data, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(self.path)
