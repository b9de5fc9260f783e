"""The code lists of a 信访 registration.

Codes are stable ASCII strings (they travel in JSON, the database and backups); the Chinese labels are what the
clerk sees and what the documents print.  Keeping both here means the desk, the command and the printed notices
can never disagree about what "grievance" is called.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Channel(StrEnum):
    """条例 art 17: the five ways a matter reaches the agency."""

    VISIT = "visit"
    LETTER = "letter"
    PHONE = "phone"
    ONLINE = "online"
    FAX = "fax"


CHANNEL_LABELS = {
    Channel.VISIT: "来访",
    Channel.LETTER: "来信",
    Channel.PHONE: "来电",
    Channel.ONLINE: "网上",
    Channel.FAX: "传真",
}


class SourceKind(StrEnum):
    OWN = "own"
    FORWARDED = "forwarded"
    ASSIGNED = "assigned"


SOURCE_LABELS = {
    SourceKind.OWN: "本级登记",
    SourceKind.FORWARDED: "上级转送",
    SourceKind.ASSIGNED: "上级交办",
}


class Purpose(StrEnum):
    DEMAND = "demand"
    APPEAL = "appeal"
    SUGGESTION = "suggestion"
    COMPLAINT = "complaint"
    INQUIRY = "inquiry"
    OTHER = "other"


PURPOSE_LABELS = {
    Purpose.DEMAND: "求决",
    Purpose.APPEAL: "申诉",
    Purpose.SUGGESTION: "意见建议",
    Purpose.COMPLAINT: "揭发控告",
    Purpose.INQUIRY: "咨询",
    Purpose.OTHER: "其他",
}


class Category(StrEnum):
    """The 2022 条例's three kinds (arts 29-31); complaints get the art 30 confidentiality."""

    SUGGESTION = "suggestion"
    COMPLAINT = "complaint"
    GRIEVANCE = "grievance"


CATEGORY_LABELS = {
    Category.SUGGESTION: "建议意见类",
    Category.COMPLAINT: "检举控告类",
    Category.GRIEVANCE: "申诉求决类",
}

# The category a purpose implies when the clerk does not choose one.
PURPOSE_CATEGORY = {
    Purpose.DEMAND: Category.GRIEVANCE,
    Purpose.APPEAL: Category.GRIEVANCE,
    Purpose.SUGGESTION: Category.SUGGESTION,
    Purpose.COMPLAINT: Category.COMPLAINT,
    Purpose.INQUIRY: Category.SUGGESTION,
    Purpose.OTHER: Category.GRIEVANCE,
}


class PartyRole(StrEnum):
    PETITIONER = "petitioner"
    REPRESENTATIVE = "representative"
    COMPANION = "companion"
    AGENT = "agent"


ROLE_LABELS = {
    PartyRole.PETITIONER: "信访人",
    PartyRole.REPRESENTATIVE: "代表",
    PartyRole.COMPANION: "同行人员",
    PartyRole.AGENT: "代理人",
}


class Status(StrEnum):
    REGISTERED = "registered"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    REFERRED = "referred"
    ANSWERED = "answered"
    RETURNED = "returned"
    ASSIGNED = "assigned"
    SUPERVISED = "supervised"
    EXTENDED = "extended"
    REPLIED = "replied"
    RETURN_VISITED = "return_visited"
    REVIEW_REQUESTED = "review_requested"
    REVIEWED = "reviewed"
    RECHECK_REQUESTED = "recheck_requested"
    RECHECKED = "rechecked"
    CLOSED = "closed"


STATUS_LABELS = {
    Status.REGISTERED: "已登记",
    Status.ACCEPTED: "已受理",
    Status.NOT_ACCEPTED: "不予受理",
    Status.REFERRED: "已转送",
    Status.ANSWERED: "当场答复",
    Status.RETURNED: "已退回",
    Status.ASSIGNED: "已交办",
    Status.SUPERVISED: "督办中",
    Status.EXTENDED: "已延期",
    Status.REPLIED: "已答复",
    Status.RETURN_VISITED: "已回访",
    Status.REVIEW_REQUESTED: "复查中",
    Status.REVIEWED: "已复查",
    Status.RECHECK_REQUESTED: "复核中",
    Status.RECHECKED: "已复核",
    Status.CLOSED: "已办结",
}

# Statuses in which the matter is still with the desk (for 办结率 and the supervision board).
OPEN_STATUSES = frozenset(
    {
        Status.REGISTERED,
        Status.ACCEPTED,
        Status.ASSIGNED,
        Status.SUPERVISED,
        Status.EXTENDED,
        Status.REVIEW_REQUESTED,
        Status.RECHECK_REQUESTED,
    }
)
# Statuses counted as 办结 (finished on the petition track).
FINISHED_STATUSES = frozenset(
    {
        Status.NOT_ACCEPTED,
        Status.REFERRED,
        Status.ANSWERED,
        Status.RETURNED,
        Status.REPLIED,
        Status.RETURN_VISITED,
        Status.REVIEWED,
        Status.RECHECKED,
        Status.CLOSED,
    }
)


class Outcome(StrEnum):
    """条例 art 32: the three outcomes of a 处理意见书."""

    SUPPORT = "support"
    EXPLAIN = "explain"
    DENY = "deny"


OUTCOME_LABELS = {Outcome.SUPPORT: "予以支持", Outcome.EXPLAIN: "作出解释说明", Outcome.DENY: "不予支持"}


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"
    BASIC = "basic"
    DISSATISFIED = "dissatisfied"


SATISFACTION_LABELS = {
    Satisfaction.SATISFIED: "满意",
    Satisfaction.BASIC: "基本满意",
    Satisfaction.DISSATISFIED: "不满意",
}

# 不予受理 reasons (DOMAIN.md "Documents the desk prints"): code → (label, what the visitor is told to do).
REJECTION_REASONS: dict[int, tuple[str, str]] = {
    1: ("不属于公安机关职权范围", "请向有权处理的机关提出"),
    2: ("不属于本机关管辖", "请向有管辖权的公安机关提出"),
    3: ("应当通过法定途径解决", "请依法向人民法院、人民检察院等提出"),
    4: ("已经复核，不再受理", "同一事实和理由已经复核，不再受理"),
    5: ("超过请求复查（复核）期限", "已超过法定期限，不再受理"),
    6: ("已依法定程序处理", "请向有关单位依法申请"),
    7: ("同一事项正在办理中", "同一事项已经受理或者正在办理，不予受理"),
    8: ("越级走访", "请到有权处理的本级或者上一级机关提出"),
}

# The article each reason rests on (《信访工作条例》), printed in the notice and shown beside the choice.
REJECTION_ARTICLES: dict[int, str] = {
    1: "第二十三条",
    2: "第二十三条",
    3: "第二十八条",
    4: "第三十六条",
    5: "第三十五条、第三十六条",
    6: "第三十一条",
    7: "第十九条第三款",
    8: "第二十条",
}

# Rejection reasons that must name where the visitor should go (条例 art 23, the 去向).
REASONS_NEEDING_DIRECTION = frozenset({1, 2, 3, 6, 8})


def label(code: str, table: Mapping[str, str]) -> str:
    """The Chinese label of a code, or the code itself when unknown (old data must still display)."""
    for key, value in table.items():
        if key == code:
            return value
    return code
