"""The documents the desk prints, their number series, and when each fits a matter.

Document numbers follow ``{机关代字}（信）{kind}〔{year}〕{seq}号`` (``format_document_number``), one
series per kind character per year, never reused. The kind characters chosen:

==================  ========  ================================================================
kind                char      document
==================  ========  ================================================================
receipt             —         登记回执, A5 (shows the matter number; has no document number)
receipt-80mm        —         登记回执 on the 80 mm thermal roll
acceptance          受        受理告知书
rejection           不受      不予受理告知书
referral            转        转送告知书 (to the visitor: where the matter went)
referral-letter     转函/交   转送函 (matter referred, 转送) / 交办单 (matter assigned, 交办)
extension           延        延期告知书 (办理期限延长)
reply               答        答复意见书 (条例 art 32 处理意见)
ledger              —         台账 report (not about one matter)
==================  ========  ================================================================

答 rather than 复 for the reply: 复 is what 复查/复核 documents (arts 35–36) will want, and a reader
of "复〔2026〕3号" should not have to guess which of the three it is. 转函 and 交 are separate series
(``doc:referral-letter:转函`` / ``doc:referral-letter:交``) so neither has gaps made by the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from reception.domain.codes import STATUS_LABELS, Status
from reception.domain.matter import Matter

__all__ = ["KINDS", "MATTER_KINDS", "KindSpec", "kind_char", "kind_label", "refusal", "series"]


@dataclass(frozen=True)
class KindSpec:
    kind: str
    label: str  # what the clerk sees: 受理告知书
    module: str  # reception.printing.documents.<module>
    paper: str  # A4 | A5 | 80mm | A4-landscape
    kind_char: str = ""  # the number's kind character(s); "" = no document number
    two_copies: bool = True  # 第一联 / 第二联 (存档)
    # Raised whenever the same job would give other bytes (a new layout): a print recorded under an earlier
    # layout is then reproduced in today's layout, and `reproduce` says so instead of reporting a mismatch.
    layout: int = 1


KINDS: dict[str, KindSpec] = {
    s.kind: s
    for s in [
        KindSpec("receipt", "登记回执", "receipt", "A5", two_copies=False, layout=2),  # 2: drawn without platypus
        KindSpec("receipt-80mm", "登记回执（80毫米）", "receipt_80mm", "80mm", two_copies=False, layout=2),
        KindSpec("acceptance", "受理告知书", "acceptance", "A4", "受"),
        KindSpec("rejection", "不予受理告知书", "rejection", "A4", "不受"),
        KindSpec("referral", "转送告知书", "referral", "A4", "转"),
        KindSpec("referral-letter", "转送函/交办单", "referral_letter", "A4", "转函"),
        KindSpec("extension", "延期告知书", "extension", "A4", "延"),
        KindSpec("reply", "答复意见书", "reply", "A4", "答"),
        KindSpec("ledger", "台账", "ledger", "A4-landscape", two_copies=False),
    ]
}

#: the kinds printed for one matter (all but the ledger report)
MATTER_KINDS = tuple(k for k in KINDS if k != "ledger")


def _has_event(matter: Matter, *kinds: str) -> bool:
    return any(e.kind in kinds for e in matter.events)


def _is_assigned(matter: Matter) -> bool:
    return _has_event(matter, "assign") or matter.status in (Status.ASSIGNED, Status.SUPERVISED)


def _is_referred(matter: Matter) -> bool:
    return _has_event(matter, "refer") or matter.status == Status.REFERRED


def kind_label(kind: str, matter: Matter | None = None) -> str:
    if kind == "referral-letter" and matter is not None:
        return "交办单" if _is_assigned(matter) else "转送函"
    return KINDS[kind].label


def kind_char(kind: str, matter: Matter) -> str:
    """The kind character(s) in this matter's document number ("" for receipts and the ledger)."""
    if kind == "referral-letter":
        return "交" if _is_assigned(matter) else "转函"
    return KINDS[kind].kind_char


def series(kind: str, matter: Matter) -> str:
    """The name of the per-year counter the number is drawn from."""
    if kind == "referral-letter":
        return f"doc:{kind}:{kind_char(kind, matter)}"
    return f"doc:{kind}"


def refusal(kind: str, matter: Matter) -> str | None:
    """Why ``kind`` does not fit ``matter`` now (a sentence for the clerk), or None if it does.

    Receipts fit any time. The notices fit from the step they tell about on, so a reprint after the
    matter moved on still works (an acceptance notice for a matter since replied to).
    """
    if kind not in KINDS or kind == "ledger":
        return f"未知的文书种类“{kind}”"
    label = kind_label(kind, matter)
    state = STATUS_LABELS.get(matter.status, str(matter.status))
    why = None
    if kind in ("receipt", "receipt-80mm"):
        return None
    if kind == "acceptance":
        if matter.accepted_at is None:
            why = "尚未受理，受理后才能打印受理告知书"
    elif kind == "rejection":
        if matter.status != Status.NOT_ACCEPTED or matter.reason_code is None:
            why = "不是不予受理的事项，不能打印不予受理告知书"
    elif kind == "referral":
        if not _is_referred(matter):
            why = "未转送其他机关，不能打印转送告知书"
    elif kind == "referral-letter":
        if not (_is_referred(matter) or _is_assigned(matter)):
            why = "既未转送也未交办，不能打印转送函/交办单"
        elif not matter.handling_unit:
            why = "没有记录转送机关或承办单位，不能打印转送函/交办单"
    elif kind == "extension":
        if not matter.extension_days:
            why = "未延期，不能打印延期告知书"
    elif kind == "reply" and (matter.replied_at is None or matter.reply_outcome is None):
        why = "尚未作出书面答复，不能打印答复意见书"
    if why:
        return f"事项 {matter.number} 当前状态为“{state}”，{why}" if matter.number else f"{label}：{why}"
    return None
