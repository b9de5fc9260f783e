"""One matter at the desk: the parties and facts, the timeline, the running clocks and the next steps.

Only the actions the current state allows are offered (``show().allowed_actions``), each a button with a fixed
shortcut (受理 is always Alt+1); each opens its own dialog, which records the step and says beside the field
why a step was refused.  Documents are printed by the documents service into a temporary PDF, off the GUI thread,
then previewed; the print is in the timeline at once.
"""

from __future__ import annotations

import html
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reception.domain.codes import OUTCOME_LABELS, SATISFACTION_LABELS, Outcome, Satisfaction
from reception.domain.roles import Principal
from reception.domain.workflow import ACTIONS
from reception.ui import labels
from reception.ui.dialogs.actions import (
    ACTION_SHORTCUTS,
    DOCUMENT_LABELS,
    RESULT_LABELS,
    ROUTES,
    dialog_for,
)
from reception.ui.dialogs.print_preview import PrintPreviewDialog, ledger_of
from reception.ui.theme import ACCENT, ACCENT_SOFT, BORDER, ERROR, MUTED, OK, level_colours
from reception.ui.widgets.common import FieldMessage
from reception.ui.workers import LedgerChanges, run_in_background

if TYPE_CHECKING:
    from reception.domain.matter_view import EventView, MatterClock, MatterView
    from reception.domain.roles import Principal
    from reception.domain.views import PrintedDocument
    from reception.services.context import Services

__all__ = ["MatterDetail", "describe_event"]

_STYLE = f"""
QLabel#DetailNumber {{ font-size: 15pt; font-weight: bold; }}
QLabel[badge="true"] {{ border-radius: 9px; padding: 2px 10px; background: {ACCENT_SOFT}; color: {ACCENT}; }}
QLabel[level] {{ border-radius: 9px; padding: 2px 10px; font-weight: bold; }}
QLabel#DetailMessage[role="error"] {{ color: {ERROR}; }}
QLabel#DetailMessage[role="ok"] {{ color: {OK}; }}
QLabel[role="fact-label"] {{ color: {MUTED}; }}
QFrame#ClockRow {{ border: 1px solid {BORDER}; border-radius: 6px; background: #ffffff; }}
QFrame#ClockRow[current="true"] {{ border: 2px solid {ACCENT}; }}
QPushButton[action="true"] {{ text-align: left; padding: 7px 12px; }}
QToolButton#PrintButton {{ padding: 5px 14px; border: 1px solid {BORDER}; border-radius: 4px; background: #ffffff; }}
QToolButton#PrintButton:hover, QToolButton#PrintButton:focus {{ border-color: {ACCENT}; }}
QToolButton#PrintButton::menu-indicator {{ image: none; width: 0; }}
QTextBrowser#Timeline, QTextBrowser#Facts {{ background: #ffffff; border: none; }}
"""

_PRINTABLE = ("receipt", "receipt-80mm", "acceptance", "rejection", "referral", "referral-letter", "extension", "reply")


def _when(iso: str | None) -> str:
    return (iso or "")[:16].replace("T", " ")


def _outcome(code: str | None) -> str:
    try:
        return OUTCOME_LABELS[Outcome(code)] if code else ""
    except ValueError:
        return code or ""


# A plain name pyside6-lupdate recognises with a literal context, for the module-level helpers below.
translate = QCoreApplication.translate


def _route_number(route: int) -> str:
    """The route's number only, e.g. "（六）" (the text before the colon, Chinese or English)."""
    text = labels.label(ROUTES.get(route, str(route)))
    return text.split("：")[0].split(":")[0]


def describe_event(event: EventView) -> tuple[str, str]:
    """(what, details) of one timeline entry, in the clerk's words."""
    kind = event.kind
    p = event.payload
    if kind == "register":
        return translate("MatterDetail", "登记"), ""
    if kind == "print":
        label = labels.label(DOCUMENT_LABELS.get(p.get("kind", ""), p.get("kind", "")))
        what = translate("MatterDetail", "补打") if p.get("reprint") else translate("MatterDetail", "打印")
        return f"{what}{label}", p.get("number") or ""
    label = labels.label(ACTIONS[kind].label) if kind in ACTIONS else kind
    details: list[str] = []
    if kind == "accept":
        route = p.get("route") or 6
        details.append(translate("MatterDetail", "办理途径 {0}").format(_route_number(route)))
    elif kind == "reject":
        details.append(p.get("reason", ""))
        if p.get("direct_to"):
            details.append(translate("MatterDetail", "告知去向：{0}").format(p["direct_to"]))
    elif kind in ("refer", "assign"):
        details.append(translate("MatterDetail", "至 {0}").format(p.get("to", "")))
        if p.get("due"):
            details.append(translate("MatterDetail", "反馈期限 {0}").format(p["due"]))
        if p.get("requirements"):
            details.append(translate("MatterDetail", "要求：{0}").format(p["requirements"]))
    elif kind == "object":
        details.append(translate("MatterDetail", "退回 {0}：{1}").format(p.get("to", ""), p.get("reason", "")))
    elif kind in ("answer", "inform-route"):
        details.append(p.get("text", ""))
    elif kind in ("supervise", "close"):
        if p.get("result") in RESULT_LABELS:
            details.append(labels.label(RESULT_LABELS[p["result"]]))
        details.append(p.get("note", ""))
    elif kind == "unit-report":
        details.append(
            translate("MatterDetail", "{0} {1} 报告：{2}").format(
                p.get("unit", ""), p.get("date", ""), p.get("text", "")
            )
        )
    elif kind == "hearing":
        details.append(translate("MatterDetail", "听证 {0} 至 {1}").format(p.get("start", ""), p.get("end", "")))
    elif kind == "extend":
        details.append(
            translate("MatterDetail", "{0} 日（批准人 {1}）：{2}").format(
                p.get("days"), p.get("approver", ""), p.get("reason", "")
            )
        )
    elif kind in ("reply", "review-reply"):
        details.append(
            translate("MatterDetail", "{0}：{1}").format(labels.label(_outcome(p.get("outcome"))), p.get("text", ""))
        )
    elif kind == "return-visit":
        try:
            details.append(labels.label(SATISFACTION_LABELS[Satisfaction(p.get("satisfaction"))]))
        except ValueError:
            details.append(str(p.get("satisfaction", "")))
        if p.get("note"):
            details.append(p["note"])
    elif kind == "request-review":
        stage = p.get("stage")
        details.append(
            translate("MatterDetail", "复查")
            if stage == "review"
            else translate("MatterDetail", "复核")
            if stage
            else ""
        )
    elif p:
        details.append("；".join(f"{k}：{v}" for k, v in p.items() if v not in (None, "")))
    return label, "；".join(d for d in details if d)


class MatterDetail(QWidget):
    """The matter page. ``show_matter(number)`` loads it; ``changed(number)`` after each recorded step."""

    changed = Signal(str)
    #: emitted after a print finished (its PrintedDocument, or None when refused); tests and the status bar use it
    printed = Signal(object)

    def __init__(
        self,
        services: Services,
        actor: Principal,
        parent: QWidget | None = None,
        *,
        changes: LedgerChanges | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        # the desk's one "ledger changed" signal (the main window's); a page on its own keeps its own
        self.changes = changes if changes is not None else LedgerChanges(self)
        self._number = ""
        self._data: MatterView | None = None
        self._revealed = False
        self._print_queue: list[tuple[str, bool | None]] = []
        self._printing = False
        self.action_buttons: dict[str, QPushButton] = {}
        self.setStyleSheet(_STYLE)

        # -- header --------------------------------------------------------------------------------------------
        self.number_label = QLabel(self)
        self.number_label.setObjectName("DetailNumber")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_badge = QLabel(self)
        self.status_badge.setProperty("badge", True)
        self.tags_label = QLabel(self)
        self.tags_label.setProperty("role", "hint")
        self.reveal_button = QPushButton(self.tr("显示完整号码"), self)
        self.reveal_button.setToolTip(self.tr("显示完整证件号和电话（会记入审计日志）"))
        self.print_button = QToolButton(self)
        self.print_button.setObjectName("PrintButton")
        self.print_button.setText(self.tr("打印文书… ▾"))
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.print_menu = QMenu(self)
        self.print_button.setMenu(self.print_menu)
        self.print_button.setShortcut(QKeySequence("Alt+P"))
        self.print_button.setToolTip(self.tr("打印或补打文书（Alt+P）"))
        self.message = FieldMessage(self)
        self.message.setObjectName("DetailMessage")

        # -- left: parties and facts ---------------------------------------------------------------------------
        # One rich-text view: Chinese paragraphs wrap and scroll there without the clipping that wrapped labels
        # in nested layouts suffer; the text stays selectable for copying a number.
        self.facts = QTextBrowser(self)
        self.facts.setObjectName("Facts")
        self.facts.setOpenLinks(False)
        self.facts.setFrameShape(QFrame.Shape.NoFrame)
        facts_box = QGroupBox(self.tr("信访人与事项"), self)
        facts_layout = QVBoxLayout(facts_box)
        facts_layout.addWidget(self.facts)

        # -- centre: timeline ----------------------------------------------------------------------------------
        self.timeline = QTextBrowser(self)
        self.timeline.setObjectName("Timeline")
        self.timeline.setOpenLinks(False)
        self.timeline.setFrameShape(QFrame.Shape.NoFrame)
        timeline_box = QGroupBox(self.tr("办理经过"), self)
        timeline_layout = QVBoxLayout(timeline_box)
        timeline_layout.addWidget(self.timeline)

        # -- right: clocks and actions -------------------------------------------------------------------------
        self.clocks_box = QGroupBox(self.tr("时限"), self)
        self.clocks_layout = QVBoxLayout(self.clocks_box)
        self.clocks_layout.setSpacing(6)
        self.actions_box = QGroupBox(self.tr("办理"), self)
        self.actions_layout = QVBoxLayout(self.actions_box)
        self.actions_layout.setSpacing(6)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 0, 0, 0)
        right_layout.addWidget(self.actions_box)
        right_layout.addWidget(self.clocks_box)
        right_layout.addStretch(1)
        right_scroll = QScrollArea(self)
        right_scroll.setWidgetResizable(True)
        right_scroll.setWidget(right)
        right_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(facts_box)
        self.splitter.addWidget(timeline_box)
        self.splitter.addWidget(right_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([400, 520, 360])

        header = QHBoxLayout()
        header.setSpacing(10)
        header.addWidget(self.number_label)
        header.addWidget(self.status_badge)
        header.addWidget(self.tags_label)
        header.addStretch(1)
        header.addWidget(self.reveal_button)
        header.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)

        # -- signals -------------------------------------------------------------------------------------------
        self.reveal_button.clicked.connect(self._on_reveal)
        self.print_menu.aboutToShow.connect(self._on_print_menu)
        self.print_menu.triggered.connect(self._on_print_triggered)

    # -- public API --------------------------------------------------------------------------------------------

    @property
    def number(self) -> str:
        return self._number

    @property
    def data(self) -> MatterView | None:
        return self._data

    def show_matter(self, number: str) -> None:
        """Load matter ``number`` (masked numbers; a different matter hides revealed numbers again)."""
        if number != self._number:
            self._revealed = False
            self._clear_message()
        self._number = number
        self._load()

    def allowed_actions(self) -> list[str]:
        return list(self.action_buttons)

    def timeline_text(self) -> str:
        return self.timeline.toPlainText()

    def message_text(self) -> str:
        return "" if self.message.isHidden() else self.message.text()

    def open_action(self, action: str) -> dict[str, Any] | None:
        """Run ``action``'s dialog (what its button does); returns the dialog's value when recorded."""
        if action not in self.action_buttons:
            name = labels.label(ACTIONS[action].label) if action in ACTIONS else action
            self._say(self.tr("当前状态不能{0}").format(name), error=True)
            return None
        value, accepted = dialog_for(action).run(
            self._services, self._number, self._actor, self._data, self, changes=self.changes
        )
        if not accepted or value is None:
            return None
        self._load()
        self._say(
            self.tr("已{0}：{1}").format(
                labels.label(ACTIONS[action].label), labels.label(self._data.status_label if self._data else "")
            )
        )
        self.changed.emit(self._number)
        kinds = tuple(value.get("print") or ())
        if kinds:
            self.print_documents(kinds)
        return value

    def print_documents(self, kinds: tuple[str, ...] | list[str], *, reprint: bool | None = None) -> None:
        """Print ``kinds`` one after another, each into a preview (``reprint`` None: 补打 when printed before)."""
        self._print_queue.extend((k, reprint) for k in kinds)
        if not self._printing:
            self._print_next()

    # -- loading -----------------------------------------------------------------------------------------------

    def _load(self) -> None:
        ledger = self._services.ledger
        try:
            if self._revealed:
                data = ledger.show(self._number, reveal=True, actor=self._actor)
            else:
                data = ledger.show(self._number, actor=self._actor)
        except PermissionError as exc:
            self._revealed = False
            self._say(getattr(exc, "message", str(exc)), error=True)
            data = ledger.show(self._number, actor=self._actor)
        except ValueError as exc:  # InvalidInput / NotFound
            self._say(getattr(exc, "message", str(exc)), error=True)
            return
        self._data = data
        self._fill_header(data)
        self._fill_facts(data)
        self._fill_timeline(data)
        self._fill_clocks(data)
        self._fill_actions(data)

    def _fill_header(self, d: MatterView) -> None:
        self.number_label.setText(d.number)
        self.status_badge.setText(labels.label(d.status_label))
        tags = [labels.label(d.channel_label), labels.label(d.source.label)]
        if d.is_repeat:
            tags.append(self.tr("重件"))
        if d.collective:
            tags.append(self.tr("集体访 {0} 人").format(d.headcount))
        self.tags_label.setText(" · ".join(tags))
        self.reveal_button.setText(self.tr("隐藏完整号码") if self._revealed else self.tr("显示完整号码"))

    def _fill_facts(self, d: MatterView) -> None:
        e = html.escape
        sexes = {"male": self.tr("男"), "female": self.tr("女")}
        petitioner, matter = self.tr("信访人"), self.tr("事项")
        parts = [f"<p style='color:{ACCENT}; font-weight:bold; margin:0 0 4px 0'>{e(petitioner)}</p>"]
        for party in d.parties:
            role = labels.label(party.role_label)
            lines = [f"<b>{e(party.name)}</b>　<span style='color:{MUTED}'>{e(role)}</span>"]
            facts = [sexes.get(party.sex or "", ""), party.birth_date or "", party.region or ""]
            if any(facts):
                lines.append(e(" ".join(f for f in facts if f)))
            if party.id_number:
                lines.append(e(self.tr("证件号 {0}").format(party.id_number)))
            if party.phone:
                lines.append(e(self.tr("电话 {0}").format(party.phone)))
            parts.append("<p style='margin:0 0 8px 0'>" + "<br>".join(lines) + "</p>")
        if not d.parties:
            nobody = self.tr("（未登记信访人）")
            parts.append(f"<p>{e(nobody)}</p>")
        source = d.source
        source_text = labels.label(source.label)
        if source.agency:
            source_text += f"　{source.agency}"
        if source.document_number:
            source_text += f"　{source.document_number}"
        if source.due:
            source_text += self.tr("　反馈期限 {0}").format(source.due)
        rows = [
            (self.tr("登记时间"), _when(d.received_at)),
            (
                self.tr("接待人"),
                self.tr("{0}（{1} 号窗口）").format(d.clerk, d.window) if d.window else d.clerk,
            ),
            (self.tr("来源"), source_text),
            (self.tr("目的"), labels.label(d.purpose_label)),
            (self.tr("类别"), labels.label(d.category_label)),
            (self.tr("内容分类"), d.content_category.replace("/", " › ")),
            (self.tr("问题属地"), d.location),
            (self.tr("人数"), str(d.headcount)),
            (self.tr("承办单位"), d.handling_unit),
            (self.tr("关联事项"), "、".join(d.repeat_of)),
        ]
        parts.append(f"<p style='color:{ACCENT}; font-weight:bold; margin:6px 0 4px 0'>{e(matter)}</p>")
        parts.append("<table cellspacing='0' cellpadding='2'>")
        for label, value in rows:
            if value:
                parts.append(
                    f"<tr><td style='color:{MUTED}; padding-right:10px' nowrap>{e(label)}</td><td>{e(value)}</td></tr>"
                )
        parts.append("</table>")
        for label, value in ((self.tr("摘要"), d.summary), (self.tr("诉求"), d.demands)):
            if value:
                parts.append(
                    f"<p style='color:{ACCENT}; font-weight:bold; margin:8px 0 2px 0'>{e(label)}</p>"
                    f"<p style='margin:0'>{e(value)}</p>"
                )
        self.facts.setHtml("<div style='line-height:150%'>" + "".join(parts) + "</div>")

    def facts_text(self) -> str:
        return self.facts.toPlainText()

    def _fill_timeline(self, d: MatterView) -> None:
        rows = []
        for event in d.events:
            what, details = describe_event(event)
            is_print = event.kind == "print"
            colour = MUTED if is_print else ACCENT
            mark = "▤" if is_print else "●"
            # the mark's column as narrow as the mark: a 100 % table otherwise shares its width among columns
            line = (
                f"<tr><td width='1%' style='color:{colour}; padding:6px 8px 6px 0; vertical-align:top'>{mark}</td>"
                f"<td width='99%' style='padding:6px 0; vertical-align:top'>"
                f"<span style='color:{MUTED}'>{html.escape(_when(event.at))}　"
                f"{html.escape(event.actor)}</span><br>"
                f"<b>{html.escape(what)}</b>"
            )
            if details:
                line += f"　{html.escape(details)}"
            line += "</td></tr>"
            rows.append(line)
        self.timeline.setHtml(
            "<table width='100%' cellspacing='0' style='line-height:150%'>" + "".join(rows) + "</table>"
        )
        bar = self.timeline.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _fill_clocks(self, d: MatterView) -> None:
        _clear_layout(self.clocks_layout)
        current = d.current_clock.kind if d.current_clock else None
        clocks = d.clocks
        running = sorted((c for c in clocks if not c.stopped_at), key=lambda c: c.due)
        stopped = [c for c in clocks if c.stopped_at]
        for clock in running + stopped:
            self.clocks_layout.addWidget(self._clock_row(clock, clock.kind == current))
        if not clocks:
            none = QLabel(self.tr("没有正在计算的时限"), self.clocks_box)
            none.setProperty("role", "hint")
            self.clocks_layout.addWidget(none)

    def _clock_row(self, clock: MatterClock, is_current: bool) -> QFrame:
        row = QFrame(self.clocks_box)
        row.setObjectName("ClockRow")
        row.setProperty("current", is_current)
        grid = QGridLayout(row)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        title = labels.label(clock.label)
        if clock.party == "visitor":
            title += self.tr("（信访人）")
        elif clock.party == "higher":
            title += self.tr("（上级机关）")
        name = QLabel(f"<b>{html.escape(title)}</b>", row)
        article = QLabel(labels.label(clock.article), row)
        article.setProperty("role", "hint")
        grid.addWidget(name, 0, 0)
        grid.addWidget(article, 0, 1, Qt.AlignmentFlag.AlignRight)
        if clock.stopped_at:
            done = QLabel(self.tr("期限 {0}，已于 {1} 完成").format(clock.due, _when(clock.stopped_at)[:10]), row)
            done.setProperty("role", "hint")
            grid.addWidget(done, 1, 0, 1, 2)
            return row
        days = clock.days_left
        if days > 0:
            span = self.tr("剩 {0} 天").format(days)
        elif days == 0:
            span = self.tr("今日到期")
        else:
            span = self.tr("超 {0} 天").format(-days)
        extra = self.tr("（含延期 {0} 日）").format(clock.extended_days) if clock.extended_days else ""
        due = QLabel(self.tr("{0} 到期　{1}{2}").format(clock.due, span, extra), row)
        due.setWordWrap(True)
        grid.addWidget(due, 1, 0)
        if clock.party == "higher":
            # the higher agency's duty (arts 35, 36): no warning badge, it never makes this desk overdue
            owner = QLabel(self.tr("上级机关办理"), row)
            owner.setProperty("role", "hint")
            owner.setObjectName("OwnerHint")
            grid.addWidget(owner, 1, 1, Qt.AlignmentFlag.AlignRight)
            grid.setColumnStretch(0, 1)
            return row
        badge = QLabel(labels.label(clock.level_label), row)
        badge.setProperty("level", clock.level or "normal")
        colours = level_colours(clock.level)
        if colours is not None:
            badge.setStyleSheet(
                f"background: {colours[0].name()}; color: {colours[1].name()};"
                "border-radius: 9px; padding: 2px 10px; font-weight: bold;"
            )
        badge.setObjectName("LevelBadge")
        grid.addWidget(badge, 1, 1, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(0, 1)
        return row

    def _fill_actions(self, d: MatterView) -> None:
        _clear_layout(self.actions_layout)
        self.action_buttons = {}
        allowed = d.allowed_actions
        for action in allowed:
            shortcut = ACTION_SHORTCUTS.get(action, "")
            label = labels.label(ACTIONS[action].label) if action in ACTIONS else action
            button = QPushButton(self.tr("{0}　{1}").format(label, shortcut) if shortcut else label, self.actions_box)
            button.setProperty("action", True)
            if shortcut:
                button.setShortcut(QKeySequence(shortcut))
                button.setToolTip(self.tr("{0}（{1}）").format(label, shortcut))
            button.clicked.connect(lambda _checked=False, a=action: self._on_action_clicked(a))
            self.actions_layout.addWidget(button)
            self.action_buttons[action] = button
        if allowed:
            self.action_buttons[allowed[0]].setProperty("primary", True)
        else:
            status = labels.label(d.status_label)
            done = QLabel(self.tr("当前状态“{0}”没有待办的步骤").format(status), self.actions_box)
            done.setWordWrap(True)
            done.setProperty("role", "hint")
            self.actions_layout.addWidget(done)

    # -- messages ----------------------------------------------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        (self.message.show_error if error else self.message.show_ok)(text)

    def _clear_message(self) -> None:
        self.message.clear_message()

    # -- slots -------------------------------------------------------------------------------------------------

    def _on_action_clicked(self, action: str) -> None:
        self.open_action(action)

    @Slot()
    def _on_reveal(self) -> None:
        if not self._number:
            return
        self._revealed = not self._revealed
        self._clear_message()
        self._load()

    @Slot()
    def _on_print_menu(self) -> None:
        self.print_menu.clear()
        printed = self._printed_kinds()
        for kind in _PRINTABLE:
            label = labels.label(DOCUMENT_LABELS[kind])
            action = self.print_menu.addAction(self.tr("补打{0}").format(label) if kind in printed else label)
            action.setData(kind)

    def _printed_kinds(self) -> set[str]:
        if not self._number:
            return set()
        try:
            return {r.kind for r in self._services.documents.records(self._number)}
        except (ValueError, AttributeError):
            return set()

    @Slot(object)
    def _on_print_triggered(self, action: Any) -> None:
        kind = action.data()
        if kind:
            self.print_documents((kind,))

    # -- printing ----------------------------------------------------------------------------------------------

    def _print_next(self) -> None:
        if not self._print_queue:
            self._printing = False
            return
        self._printing = True
        kind, reprint = self._print_queue.pop(0)
        number = self._number
        documents = self._services.documents
        if reprint is None:
            reprint = kind in self._printed_kinds()
        folder = Path(tempfile.mkdtemp(prefix="reception-print-"))
        out = folder / f"{number}-{kind}.pdf"
        actor = self._actor
        self._say(self.tr("正在生成{0}…").format(labels.label(DOCUMENT_LABELS.get(kind, kind))))

        def work() -> PrintedDocument:
            return documents.print_document(number, kind, str(out), actor=actor, reprint=bool(reprint))

        def done(result: PrintedDocument) -> None:
            self._on_document_ready(result, out, folder)

        def failed(exc: BaseException) -> None:
            shutil.rmtree(folder, ignore_errors=True)
            self._on_print_failed(kind, exc)

        run_in_background(self, work, done, failed)

    def _on_document_ready(self, result: PrintedDocument, out: Path, folder: Path) -> None:
        label = result.label or DOCUMENT_LABELS.get(result.kind, result.kind)
        self._load()  # the print is an event of the matter now
        what = self.tr("补打") if result.reprint else self.tr("打印")
        said = self.tr("{0}{1} {2}").format(what, labels.label(label), result.number)
        if result.file_copy_withheld:
            said += self.tr("（检举控告事项：只打印信访人联，存档联需科长打印）")
        self._say(said)
        stem = f"{result.matter}-{label}" + (f"-补打{result.reprints}" if result.reprint else "")
        stem = stem.replace("/", "_")
        try:
            title = f"{labels.label(label)} {result.matter}"
            outcome, _accepted = PrintPreviewDialog.preview(
                out, kind=result.kind, title=title, file_stem=stem, ledger=ledger_of(self._services), parent=self
            )
            if outcome is not None:
                self._say(outcome.message, error=not outcome.ok)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            self.printed.emit(result)
            self._print_next()

    def _on_print_failed(self, kind: str, exc: BaseException) -> None:
        message = getattr(exc, "message", None) or str(exc)
        self._say(
            self.tr("不能打印{0}：{1}").format(labels.label(DOCUMENT_LABELS.get(kind, kind)), message), error=True
        )
        self.printed.emit(None)
        self._print_next()


def _clear_layout(layout: Any) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif item.layout() is not None:
            _clear_layout(item.layout())
