"""The desk's log file, with personal data and secrets kept out of it.

The log helps the station administrator after a crash; it must never become a copy of the ledger.  Every record
passes a filter that masks anything shaped like a resident ID or a mobile number (an error message may quote
one), and the code never logs passwords or passphrases in the first place.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{6}(\d{3})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def redact(text: str) -> str:
    """Mask ID numbers and mobile numbers the way the desk's lists do."""
    text = _ID.sub(lambda m: f"{m.group(1)}********{m.group(2)[-4:]}", text)
    text = _ID15.sub(lambda m: f"{m.group(1)}*****{m.group(2)}", text)
    return _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)


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


def configure_logging(path: Path, level: int = logging.INFO) -> logging.Handler:
    """Log to ``path`` (rotated at 1 MiB, 5 files kept, owner-only), through the redacting filter."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1 << 20, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    # peewee logs every query with its parameters at DEBUG: never let that reach the file.
    logging.getLogger("peewee").setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return handler
