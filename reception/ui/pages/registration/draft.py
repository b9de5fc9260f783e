"""The registration draft: what the clerk typed, kept in one JSON file across restarts (Ctrl+S, and on closing).

Written to a temporary file and renamed over the old one, so a crash mid-write never leaves half a draft.  No Qt
here: the form turns its fields into plain data (``RegistrationForm.state``) and back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reception.services.output_paths import write_atomically

__all__ = ["DRAFT_VERSION", "Draft", "DraftError", "read_draft", "remove_draft", "write_draft"]

DRAFT_VERSION = 1


class DraftError(Exception):
    """The draft file exists but cannot be read back (damaged, or from something else)."""


@dataclass(frozen=True)
class Draft:
    state: dict[str, Any]
    saved_at: str  # ISO date and time, "" when the file does not say


def write_draft(path: Path, state: dict[str, Any], *, clerk: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "version": DRAFT_VERSION,
        "saved_at": datetime.now().replace(microsecond=0).isoformat(),
        "clerk": clerk,
        "state": state,
    }
    text = json.dumps(payload, ensure_ascii=False, indent=1)
    # full ID number, phone and address: readable by the clerk's own OS account only, never even briefly by others
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path


def read_draft(path: Path) -> Draft:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        state = payload["state"]
        saved_at = str(payload.get("saved_at", ""))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DraftError(str(path)) from exc
    return Draft(state=state, saved_at=saved_at)


def remove_draft(path: Path) -> None:
    if path.exists():
        path.unlink()
