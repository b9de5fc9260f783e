"""What a document is printed from: the matter plus what the desk knows at print time.

A :class:`PrintJob` carries everything a document shows that is not part of the registered matter:
agency names, window and clerk, the document number, the print time, the copies (联), the reprint
mark, the clocks' due dates and the receiving agency. The service fills it; printing never queries.

:meth:`PrintJob.to_params` is what the ledger stores with the printed document's record: the same
matter and the same params give the same PDF bytes again (the recorded SHA-256 can be checked), and
a reprint (补打) shows what the original showed, with the 补打 mark added.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from reception.domain.matter import Matter
from reception.domain.views import LedgerRow

__all__ = ["COPIES", "LedgerReport", "PrintJob", "qr_payload", "query_code"]

#: which copies (联) to print: the visitor's (or, for a referral letter, the receiving agency's),
#: the file copy (存根/存档), or both, in that order
COPIES = ("visitor", "file", "both")

_QUERY_SALT = b"reception/query-code/v1:"


#: Crockford's base32: digits and capitals without I, L, O and U, so a code read out over the phone
#: cannot be mistaken (1/I/L, 0/O)
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def query_code(matter_uuid: str) -> str:
    """The receipt's 查询码: 8 characters of Crockford base32 (40 bits of a SHA-256 of the matter's
    uuid), so a reprint shows the same code on any desk; the uuid itself never leaves the ledger.

    A desk that looks a code up should upper-case it and read I/L as 1 and O as 0 (Crockford)."""
    digest = hashlib.sha256(_QUERY_SALT + matter_uuid.encode("ascii")).digest()
    n = int.from_bytes(digest[:5], "big")
    return "".join(_CROCKFORD[(n >> shift) & 31] for shift in range(35, -1, -5))


def qr_payload(matter_number: str, code: str) -> str:
    """What the receipt's QR code carries: ``XF|<matter number>|<query code>`` (ASCII, so any
    scanner reads it; split on "|")."""
    return f"XF|{matter_number}|{code}"


def _iso(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


@dataclass
class PrintJob:
    """One document to print for one matter."""

    matter: Matter
    agency_name: str  # 落款机关, e.g. ××市公安局
    agency_short_name: str  # 机关代字 in the number, e.g. ××公
    printed_at: datetime  # when it was first printed: the PDF's creation date, and the date of a receipt
    clerk: str = ""  # who printed it (the receipt's 接待人 is the matter's first receiver)
    window: str = ""
    document_number: str = ""  # ××公（信）受〔2026〕17号; empty for receipts
    copy: str = "both"  # visitor | file | both
    reprint: bool = False  # 补打
    reprint_count: int = 0  # the n-th reprint
    reprinted_at: datetime | None = None
    reprinted_by: str = ""
    notify_due: date | None = None  # 条例 art 23: tell the visitor by this date (the receipt)
    handle_due: date | None = None  # art 34: current due date (after an extension: the new one)
    original_handle_due: date | None = None  # before the extension (the extension notice)
    feedback_due: date | None = None  # the referral letter's 反馈期限
    # Set when a due date above was counted without the year's State Council schedule (Clock.provisional_note);
    # the file copy prints it beside the facts.
    due_note: str = ""
    receiving: dict[str, str] = field(default_factory=dict)  # name, address, phone of where it went
    agency_address: str = ""  # the desk's own address and phone (附注)
    agency_phone: str = ""
    review_agency: str = ""  # 上一级机关 named in the reply's remedy, if configured
    query_code: str = ""
    # 成文日期 of a notice: the day of the decision it tells about (accepted, refused, referred, extended, replied),
    # not the day it came off the printer; None: the print date
    dated: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # free fields (requirements, facts, basis ...)

    def __post_init__(self) -> None:
        if self.copy not in COPIES:
            raise ValueError(f"copy 应为 {'/'.join(COPIES)}，收到 {self.copy!r}")
        if not self.query_code and self.matter.uuid:
            self.query_code = query_code(self.matter.uuid)

    @property
    def print_time(self) -> datetime:
        """When these bytes were made: the reprint's time for a reprint."""
        return self.reprinted_at if self.reprint and self.reprinted_at else self.printed_at

    def copies(self) -> list[str]:
        return ["visitor", "file"] if self.copy == "both" else [self.copy]

    # -- persistence ---------------------------------------------------------------------------------

    _VOLATILE = ("matter", "reprint", "reprint_count", "reprinted_at", "reprinted_by", "copy")

    def to_params(self) -> dict[str, Any]:
        """JSON-ready fields of the original print (no matter, no reprint state)."""
        return {f.name: _iso(getattr(self, f.name)) for f in fields(self) if f.name not in self._VOLATILE}

    @classmethod
    def from_params(cls, matter: Matter, params: dict[str, Any], **changes: Any) -> PrintJob:
        """The job a stored record was printed from, with ``changes`` (copy, reprint ...) applied."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in params:
                values[f.name] = params[f.name]
        for key in ("printed_at", "reprinted_at"):
            if isinstance(values.get(key), str):
                values[key] = datetime.fromisoformat(values[key])
        for key in ("notify_due", "handle_due", "original_handle_due", "feedback_due", "dated"):
            if isinstance(values.get(key), str):
                values[key] = date.fromisoformat(values[key])
        values.update(changes)
        return cls(matter=matter, **values)


@dataclass
class LedgerReport:
    """The 台账 report: rows as the ledger service returns them (``LedgerService.rows``), a title,
    a description of the filter, and the print time."""

    rows: list[LedgerRow]
    title: str = "信访事项台账"
    agency_name: str = ""
    period: str = ""  # 2026年1月1日至2026年3月31日
    filters: list[str] = field(default_factory=list)  # 状态：已受理 ...
    printed_at: datetime = field(default_factory=lambda: datetime(2000, 1, 1))
    clerk: str = ""
    totals: dict[str, int] = field(default_factory=dict)  # 件次, 人次; computed from rows when empty
    anchor: str = ""  # the audit chain's head when printed ("审计链锚点 N:MAC"), in small type on every page
    anchor_token: str = ""  # the same, as the PDF keywords carry it ("reception-audit-head N:MAC")

    def computed_totals(self) -> dict[str, int]:
        if self.totals:
            return dict(self.totals)
        return {"件次": len(self.rows), "人次": sum(r.headcount or 0 for r in self.rows)}
