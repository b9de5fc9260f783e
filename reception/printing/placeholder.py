"""What a document prints for a character no font of the chain can draw: a visible □, never a refusal.

Registration refuses such characters (:func:`reception.domain.text.refuse_unprintable` with
:func:`~reception.printing.fonts.uncovered`), but a ledger keeps what it stored before that rule, and a matter
whose name holds an emoji must still get its receipt and appear in the ledger report of its period. So
:func:`printable` copies the document with each uncovered character replaced by :data:`PLACEHOLDER` (or, should
no font have □ either, by its code point ``U+1F600``) before it is laid out.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar, cast

from reception.printing.fonts import uncovered

__all__ = ["PLACEHOLDER", "printable", "printable_text"]

PLACEHOLDER = "□"

_T = TypeVar("_T")


def _stand_in(ch: str) -> str:
    return PLACEHOLDER if not uncovered(PLACEHOLDER) else f"U+{ord(ch):04X}"


def printable_text(text: str) -> str:
    """``text`` with every character no document font has replaced by its stand-in."""
    for ch in uncovered(text):
        text = text.replace(ch, _stand_in(ch))
    return text


def printable(doc: _T) -> _T:
    """``doc`` (a print job, a ledger report, and everything in them) with every text made printable: the same
    object when nothing needed replacing, else a copy."""
    return cast(_T, _walk(doc))


def _walk(value: Any) -> Any:
    if isinstance(value, Enum) or value is None or isinstance(value, (bool, int, float, date, datetime, bytes)):
        return value
    if isinstance(value, str):
        return printable_text(value)
    if isinstance(value, dict):
        items = cast(dict[Any, Any], value)
        walked = {k: _walk(v) for k, v in items.items()}
        return value if all(walked[k] is items[k] for k in items) else walked
    if isinstance(value, (list, tuple)):
        seq = cast(list[Any] | tuple[Any, ...], value)
        walked_seq = [_walk(v) for v in seq]
        if all(a is b for a, b in zip(walked_seq, seq, strict=True)):
            return value
        return walked_seq if isinstance(value, list) else tuple(walked_seq)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if not f.init:
                continue
            old = getattr(value, f.name)
            new = _walk(old)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
