"""The desk's log file, with personal data and secrets kept out of it.

The log helps the station administrator after a crash; it must never become a copy of the ledger.  Every record
passes a filter that masks anything shaped like a resident ID, a mobile or landline number or a passport number
(an error message may quote one), and the code never logs passwords or passphrases in the first place.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

# Numbers as clerks type them: in one run, or grouped with spaces or dashes ("110105 19491231 002X",
# "139-1234-5678", "+86 139 1234 5678"), full-width from a Chinese input method, with the country code or not.
_SEP = r"[ \-]?"
_ID = re.compile(rf"(?<![0-9A-Za-z])(\d(?:{_SEP}\d){{16}}{_SEP}[\dXx])(?![0-9A-Za-z])")
_ID15 = re.compile(rf"(?<![0-9A-Za-z*])(\d(?:{_SEP}\d){{14}})(?![0-9A-Za-z*])")
_MOBILE = re.compile(r"(?<![\d*])((?:(?:\+|00)86|\(\+?86\))?[ \-]?)(1[3-9]\d)[ \-]?\d{4}[ \-]?(\d{4})(?![\d*])")
# 固定电话: an area code of 3-4 digits starting with 0 (in brackets or not), then 7-8 digits, an extension or not
_LANDLINE = re.compile(
    r"(?<![\d*])(\(?0\d{2,3}\)?)[ \-]?\d{3,4}[ \-]?(\d{4})(?:[ \-]?(?:转|ext\.?|x)?[ \-]?\d{1,5})?(?![\d*])"
)
# 护照 (E/G/D/S/P + 8 digits, or E + letter + 7) and 港澳/往来 permits (C/H/M + 8 digits, or C + letter + 7)
_PASSPORT = re.compile(r"(?<![0-9A-Za-z])([CDEGHMPScdeghmps])([A-Za-z]?)(\d{5})(\d{2,3})(?![0-9A-Za-z])")
_FULL_WIDTH = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "Ｘ": "X", "ｘ": "x", "＋": "+", "－": "-", "\u3000": " "}
)


def _mask_id(match: re.Match[str]) -> str:
    digits = re.sub(r"[ \-]", "", match.group(1))
    return f"{digits[:6]}********{digits[-4:]}" if len(digits) == 18 else f"{digits[:6]}*****{digits[-3:]}"


def redact(text: str) -> str:
    """Mask ID numbers, mobile and landline numbers and passport numbers the way the desk's lists do, however
    they are grouped or typed (a number the desk refused is quoted in its error, exactly as typed)."""
    text = text.translate(_FULL_WIDTH)
    text = _ID.sub(_mask_id, text)
    text = _ID15.sub(_mask_id, text)
    text = _MOBILE.sub(lambda m: f"{m.group(1)}{m.group(2)}****{m.group(3)}", text)
    text = _LANDLINE.sub(lambda m: f"{m.group(1)}-****{m.group(2)}", text)
    return _PASSPORT.sub(lambda m: f"{m.group(1)}{m.group(2)}*****{'*' * (len(m.group(4)) - 2)}{m.group(4)[-2:]}", text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = redact(message)
        record.args = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class OwnerOnlyRotatingHandler(logging.handlers.RotatingFileHandler):
    """Every log file it opens, the first and each one after a rotation, is readable by its owner only (the
    stock handler creates the new file with the process's umask, typically world-readable)."""

    def _open(self):  # type: ignore[no-untyped-def]  # logging's own signature: returns the stream
        fd = os.open(self.baseFilename, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        if os.name == "posix":
            os.fchmod(fd, 0o600)  # a file made before this rule existed
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


def configure_logging(path: Path, level: int = logging.INFO) -> logging.Handler:
    """Log to ``path`` (rotated at 1 MiB, 5 files kept, owner-only), through the redacting filter."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = OwnerOnlyRotatingHandler(path, maxBytes=1 << 20, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    # peewee logs every query with its parameters at DEBUG: never let that reach the file.
    logging.getLogger("peewee").setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return handler
