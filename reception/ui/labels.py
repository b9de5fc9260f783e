"""Display-time translation of the Chinese labels the domain and service layers hand up.

The domain keeps its Chinese labels (they are printed on documents and exported, and it must not import Qt), so the
desk translates them where it shows them: each label is marked here for ``pyside6-lupdate`` in the one context
``Labels``, and :func:`label` looks it up.  With no English translator installed the Chinese comes back unchanged.
UI modules mark their own label tables (documents, routes, dashboard tiles …) in the same context where they define
them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

__all__ = ["CONTEXT", "MARKED", "QT_TRANSLATE_NOOP", "label"]

CONTEXT = "Labels"


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name pyside6-lupdate looks for
    """Qt's marker for lupdate, returning ``source`` as PySide's does, but typed ``str`` (PySide's stub says
    ``object``, which made every table of marked labels untyped)."""
    del context
    return source


MARKED = (
    # codes.STATUS_LABELS
    QT_TRANSLATE_NOOP("Labels", "已登记"),
    QT_TRANSLATE_NOOP("Labels", "已受理"),
    QT_TRANSLATE_NOOP("Labels", "不予受理"),
    QT_TRANSLATE_NOOP("Labels", "已转送"),
    QT_TRANSLATE_NOOP("Labels", "当场答复"),
    QT_TRANSLATE_NOOP("Labels", "已退回"),
    QT_TRANSLATE_NOOP("Labels", "已交办"),
    QT_TRANSLATE_NOOP("Labels", "督办中"),
    QT_TRANSLATE_NOOP("Labels", "已延期"),
    QT_TRANSLATE_NOOP("Labels", "已答复"),
    QT_TRANSLATE_NOOP("Labels", "已回访"),
    QT_TRANSLATE_NOOP("Labels", "复查中"),
    QT_TRANSLATE_NOOP("Labels", "已复查"),
    QT_TRANSLATE_NOOP("Labels", "复核中"),
    QT_TRANSLATE_NOOP("Labels", "已复核"),
    QT_TRANSLATE_NOOP("Labels", "已办结"),
    # clocks.WARNING_LABELS
    QT_TRANSLATE_NOOP("Labels", "正常"),
    QT_TRANSLATE_NOOP("Labels", "预警"),
    QT_TRANSLATE_NOOP("Labels", "警告"),
    QT_TRANSLATE_NOOP("Labels", "严重警告"),
    QT_TRANSLATE_NOOP("Labels", "超期"),
    # clocks.CLOCK_LABELS
    QT_TRANSLATE_NOOP("Labels", "告知受理/去向"),
    QT_TRANSLATE_NOOP("Labels", "异议退回"),
    QT_TRANSLATE_NOOP("Labels", "办理期限"),
    QT_TRANSLATE_NOOP("Labels", "交办反馈"),
    QT_TRANSLATE_NOOP("Labels", "上级反馈"),
    QT_TRANSLATE_NOOP("Labels", "申请复查"),
    QT_TRANSLATE_NOOP("Labels", "复查答复"),
    QT_TRANSLATE_NOOP("Labels", "申请复核"),
    QT_TRANSLATE_NOOP("Labels", "复核答复"),
    # clocks.CLOCK_ARTICLES (where each limit comes from)
    QT_TRANSLATE_NOOP("Labels", "条例第23条"),
    QT_TRANSLATE_NOOP("Labels", "条例第34条"),
    QT_TRANSLATE_NOOP("Labels", "条例第35条"),
    QT_TRANSLATE_NOOP("Labels", "条例第36条"),
    QT_TRANSLATE_NOOP("Labels", "交办单载明"),
    QT_TRANSLATE_NOOP("Labels", "上级来文载明"),
    # codes.CHANNEL_LABELS, SOURCE_LABELS, PURPOSE_LABELS, CATEGORY_LABELS
    QT_TRANSLATE_NOOP("Labels", "来访"),
    QT_TRANSLATE_NOOP("Labels", "来信"),
    QT_TRANSLATE_NOOP("Labels", "来电"),
    QT_TRANSLATE_NOOP("Labels", "网上"),
    QT_TRANSLATE_NOOP("Labels", "传真"),
    QT_TRANSLATE_NOOP("Labels", "本级登记"),
    QT_TRANSLATE_NOOP("Labels", "上级转送"),
    QT_TRANSLATE_NOOP("Labels", "上级交办"),
    QT_TRANSLATE_NOOP("Labels", "求决"),
    QT_TRANSLATE_NOOP("Labels", "申诉"),
    QT_TRANSLATE_NOOP("Labels", "意见建议"),
    QT_TRANSLATE_NOOP("Labels", "揭发控告"),
    QT_TRANSLATE_NOOP("Labels", "咨询"),
    QT_TRANSLATE_NOOP("Labels", "其他"),
    QT_TRANSLATE_NOOP("Labels", "建议意见类"),
    QT_TRANSLATE_NOOP("Labels", "检举控告类"),
    QT_TRANSLATE_NOOP("Labels", "申诉求决类"),
    # codes.ROLE_LABELS (parties)
    QT_TRANSLATE_NOOP("Labels", "信访人"),
    QT_TRANSLATE_NOOP("Labels", "代表"),
    QT_TRANSLATE_NOOP("Labels", "同行人员"),
    QT_TRANSLATE_NOOP("Labels", "代理人"),
    # codes.OUTCOME_LABELS, SATISFACTION_LABELS
    QT_TRANSLATE_NOOP("Labels", "予以支持"),
    QT_TRANSLATE_NOOP("Labels", "作出解释说明"),
    QT_TRANSLATE_NOOP("Labels", "不予支持"),
    QT_TRANSLATE_NOOP("Labels", "满意"),
    QT_TRANSLATE_NOOP("Labels", "基本满意"),
    QT_TRANSLATE_NOOP("Labels", "不满意"),
    # codes.REJECTION_REASONS: (reason, what the visitor is told)
    QT_TRANSLATE_NOOP("Labels", "不属于公安机关职权范围"),
    QT_TRANSLATE_NOOP("Labels", "请向有权处理的机关提出"),
    QT_TRANSLATE_NOOP("Labels", "不属于本机关管辖"),
    QT_TRANSLATE_NOOP("Labels", "请向有管辖权的公安机关提出"),
    QT_TRANSLATE_NOOP("Labels", "应当通过法定途径解决"),
    QT_TRANSLATE_NOOP("Labels", "请依法向人民法院、人民检察院等提出"),
    QT_TRANSLATE_NOOP("Labels", "已经复核，不再受理"),
    QT_TRANSLATE_NOOP("Labels", "同一事实和理由已经复核，不再受理"),
    QT_TRANSLATE_NOOP("Labels", "超过请求复查（复核）期限"),
    QT_TRANSLATE_NOOP("Labels", "已超过法定期限，不再受理"),
    QT_TRANSLATE_NOOP("Labels", "已依法定程序处理"),
    QT_TRANSLATE_NOOP("Labels", "请向有关单位依法申请"),
    QT_TRANSLATE_NOOP("Labels", "同一事项正在办理中"),
    QT_TRANSLATE_NOOP("Labels", "同一事项已经受理或者正在办理，不予受理"),
    QT_TRANSLATE_NOOP("Labels", "越级走访"),
    QT_TRANSLATE_NOOP("Labels", "请到有权处理的本级或者上一级机关提出"),
    # clocks.COUNTING_SETTINGS: where each counting rule's default comes from
    QT_TRANSLATE_NOOP(
        "Labels",
        "默认：开始之日不计入期间，从次日起算（参照《民法典》第二百零一条；《信访工作条例》对期间计算未作规定）",
    ),
    QT_TRANSLATE_NOOP("Labels", "默认：顺延至节假日后的第一日（参照《民法典》第二百零三条）"),
    QT_TRANSLATE_NOOP("Labels", "默认：不顺延（“法定休假日”取窄义，只指法定节假日；期限不因周末延长）"),
    # identity.DOC_TYPE_LABELS
    QT_TRANSLATE_NOOP("Labels", "居民身份证"),
    QT_TRANSLATE_NOOP("Labels", "护照"),
    QT_TRANSLATE_NOOP("Labels", "港澳通行证"),
    QT_TRANSLATE_NOOP("Labels", "台胞证"),
    QT_TRANSLATE_NOOP("Labels", "其他证件"),
    QT_TRANSLATE_NOOP("Labels", "无证件"),
    # roles.ROLE_LABELS (accounts)
    QT_TRANSLATE_NOOP("Labels", "接待员"),
    QT_TRANSLATE_NOOP("Labels", "科长（审批）"),
    QT_TRANSLATE_NOOP("Labels", "系统管理员"),
    QT_TRANSLATE_NOOP("Labels", "备份账户"),
    # workflow.ACTIONS labels (异议退回, 不予受理, 当场答复 are above)
    QT_TRANSLATE_NOOP("Labels", "受理"),
    QT_TRANSLATE_NOOP("Labels", "转送"),
    QT_TRANSLATE_NOOP("Labels", "交办"),
    QT_TRANSLATE_NOOP("Labels", "督办"),
    QT_TRANSLATE_NOOP("Labels", "延期"),
    QT_TRANSLATE_NOOP("Labels", "答复"),
    QT_TRANSLATE_NOOP("Labels", "回访"),
    QT_TRANSLATE_NOOP("Labels", "申请复查/复核"),
    QT_TRANSLATE_NOOP("Labels", "复查/复核答复"),
    QT_TRANSLATE_NOOP("Labels", "办结"),
    QT_TRANSLATE_NOOP("Labels", "承办单位报告"),
    QT_TRANSLATE_NOOP("Labels", "告知法定途径"),
    QT_TRANSLATE_NOOP("Labels", "复核听证"),
    # services.statistics DIMENSION_LABELS, PRESETS
    QT_TRANSLATE_NOOP("Labels", "信访形式"),
    QT_TRANSLATE_NOOP("Labels", "信访目的"),
    QT_TRANSLATE_NOOP("Labels", "信访类别"),
    QT_TRANSLATE_NOOP("Labels", "办理状态"),
    QT_TRANSLATE_NOOP("Labels", "内容分类"),
    QT_TRANSLATE_NOOP("Labels", "问题属地"),
    QT_TRANSLATE_NOOP("Labels", "承办单位"),
    QT_TRANSLATE_NOOP("Labels", "接待人"),
    QT_TRANSLATE_NOOP("Labels", "本月"),
    QT_TRANSLATE_NOOP("Labels", "上月"),
    QT_TRANSLATE_NOOP("Labels", "本季度"),
    QT_TRANSLATE_NOOP("Labels", "本年"),
    # services.supervision SECTIONS
    QT_TRANSLATE_NOOP("Labels", "按预警等级"),
    QT_TRANSLATE_NOOP("Labels", "本周到期"),
    QT_TRANSLATE_NOOP("Labels", "待回访"),
    QT_TRANSLATE_NOOP("Labels", "交办待反馈"),
)


def label(text: str | None) -> str:
    """``text`` (a Chinese label) in the interface language; unknown text comes back as it is, none as ""."""
    return QCoreApplication.translate(CONTEXT, text) if text else ""
