"""One dialog per step of the closed loop (受理、不予受理、转送 … 办结).

Each dialog performs its action itself through ``services.ledger.act`` when the clerk confirms, off the GUI thread
(:func:`~reception.ui.workers.run_mutation`), so a refusal
(``InvalidInput`` / ``TransitionRefused`` with ``.field``) is shown beside the field it concerns and the dialog stays
open with everything typed still there.  ``run`` is the classmethod the detail view calls; it returns
``(value, accepted)`` so tests patch only ``exec`` (STYLE.md 6).  Each dialog ends with the "打印…" box for the
document the step produces; the detail view prints after the dialog closed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reception.domain.codes import (
    OUTCOME_LABELS,
    REASONS_NEEDING_DIRECTION,
    REJECTION_REASONS,
    SATISFACTION_LABELS,
    Outcome,
    Satisfaction,
)
from reception.domain.matter import InvalidInput
from reception.domain.workflow import ACTIONS, ROUTE_RESULTS
from reception.ui import labels
from reception.ui.labels import QT_TRANSLATE_NOOP
from reception.ui.widgets.common import FieldMessage, python_date, python_datetime, set_invalid
from reception.ui.workers import LedgerChanges, run_mutation

if TYPE_CHECKING:
    from reception.domain.matter_view import MatterView
    from reception.domain.roles import Principal
    from reception.domain.views import AgencyEntry
    from reception.services.context import Services

__all__ = [
    "ACTION_DOCUMENTS",
    "ACTION_SHORTCUTS",
    "DIALOGS",
    "DOCUMENT_LABELS",
    "RESULT_LABELS",
    "ROUTES",
    "ActionDialog",
    "AgencyPicker",
    "dialog_for",
]

# Fixed per action (not per position), so a clerk's fingers learn them: 受理 is always Alt+1.
ACTION_SHORTCUTS: dict[str, str] = {
    "accept": "Alt+1",
    "reject": "Alt+2",
    "refer": "Alt+3",
    "answer": "Alt+4",
    "object": "Alt+5",
    "assign": "Alt+6",
    "supervise": "Alt+7",
    "extend": "Alt+8",
    "reply": "Alt+9",
    "return-visit": "Alt+0",
    "request-review": "Alt+R",
    "review-reply": "Alt+H",
    "close": "Alt+J",
    "unit-report": "Alt+U",
    "inform-route": "Alt+L",
    "hearing": "Alt+T",
}

# The documents each step produces (the dialog's "打印…" box), in printing order.
ACTION_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "accept": ("acceptance",),
    "reject": ("rejection",),
    "refer": ("referral", "referral-letter"),
    "assign": ("referral-letter",),
    "extend": ("extension",),
    "reply": ("reply",),
}

DOCUMENT_LABELS: dict[str, str] = {
    "receipt": QT_TRANSLATE_NOOP("Labels", "登记回执"),
    "receipt-80mm": QT_TRANSLATE_NOOP("Labels", "登记回执（80 毫米）"),
    "acceptance": QT_TRANSLATE_NOOP("Labels", "受理告知书"),
    "rejection": QT_TRANSLATE_NOOP("Labels", "不予受理告知书"),
    "referral": QT_TRANSLATE_NOOP("Labels", "转送告知书"),
    "referral-letter": QT_TRANSLATE_NOOP("Labels", "转送函/交办单"),
    "extension": QT_TRANSLATE_NOOP("Labels", "延期告知书"),
    "reply": QT_TRANSLATE_NOOP("Labels", "答复意见书"),
}

# 条例 art 31: the six routes of a grievance; (6) is the petition track with the 60-day clock.
ROUTES: dict[int, str] = {
    1: QT_TRANSLATE_NOOP(
        "Labels", "（一）诉讼、仲裁以外的法定途径：诉讼、行政复议、刑事立案、法律监督、公安机关法定程序"
    ),
    2: QT_TRANSLATE_NOOP("Labels", "（二）仲裁"),
    3: QT_TRANSLATE_NOOP("Labels", "（三）党员申诉"),
    4: QT_TRANSLATE_NOOP("Labels", "（四）行政程序：复议、裁决、确认、许可、处罚等"),
    5: QT_TRANSLATE_NOOP("Labels", "（五）要求履行保护职责或查处违法行为：依法履行或答复"),
    6: QT_TRANSLATE_NOOP("Labels", "（六）其他：听取意见、调查核实，出具信访处理意见书（60 日内办结）"),
}

AGENCY_KIND_LABELS = {
    "platform": QT_TRANSLATE_NOOP("Labels", "平台"),
    "court": QT_TRANSLATE_NOOP("Labels", "法院"),
    "procuratorate": QT_TRANSLATE_NOOP("Labels", "检察院"),
    "discipline": QT_TRANSLATE_NOOP("Labels", "纪委监委"),
    "department": QT_TRANSLATE_NOOP("Labels", "政府部门"),
    "police": QT_TRANSLATE_NOOP("Labels", "公安"),
}


class AgencyPicker(QWidget):
    """The agency directory, searchable: type any part of a name or code; Down moves into the list.

    ``free_text``: a unit outside the directory may be typed (不予受理's 去向, 交办's unit); otherwise the service
    refuses names it does not know, and the refusal shows under the picker.
    """

    def __init__(self, agencies: list[AgencyEntry], *, free_text: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._agencies = agencies
        self.free_text = free_text
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(
            self.tr("输入名称或代码查找，也可直接填写") if free_text else self.tr("输入名称或代码查找")
        )
        self.list = QListWidget(self)
        self.list.setMaximumHeight(self.list.fontMetrics().height() * 8)
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for agency in agencies:
            kind = labels.label(AGENCY_KIND_LABELS.get(agency.kind, agency.kind))
            text = agency.name + (f"　{kind}" if kind else "")
            if agency.phone and agency.phone != agency.code:
                text += f"　{agency.phone}"
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, agency.name)
            item.setData(Qt.ItemDataRole.UserRole + 1, f"{agency.code} {agency.name}".lower())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._on_text_edited)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.list.itemActivated.connect(self._on_item_activated)
        self.edit.installEventFilter(self)

    def value(self) -> str:
        return self.edit.text().strip()

    def set_value(self, text: str) -> None:
        self.edit.setText(text)
        self._filter(text)

    def visible_names(self) -> list[str]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if not self.list.item(i).isHidden()
        ]

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in item.data(Qt.ItemDataRole.UserRole + 1))

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        self._filter(text)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None and self.list.hasFocus():
            self.edit.setText(current.data(Qt.ItemDataRole.UserRole))

    @Slot(QListWidgetItem)
    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.edit.setText(item.data(Qt.ItemDataRole.UserRole))
        self.edit.setFocus()

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        if watched is self.edit and event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            for i in range(self.list.count()):
                if not self.list.item(i).isHidden():
                    self.list.setFocus()
                    self.list.setCurrentRow(i)
                    self.edit.setText(self.list.item(i).data(Qt.ItemDataRole.UserRole))
                    return True
        return super().eventFilter(watched, event)


class _Choice(QWidget):
    """Radio buttons for a code list (答复结论, 满意度); nothing chosen until the clerk chooses."""

    def __init__(self, labels: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QRadioButton] = {}
        for i, (code, label) in enumerate(labels.items(), start=1):
            button = QRadioButton(f"&{i} {label}", self)
            self.group.addButton(button)
            self.buttons[code] = button
            layout.addWidget(button)
        layout.addStretch(1)
        first = next(iter(self.buttons.values()))
        self.setFocusProxy(first)

    def value(self) -> str:
        for code, button in self.buttons.items():
            if button.isChecked():
                return code
        return ""

    def set_value(self, code: str) -> None:
        self.buttons[code].setChecked(True)


class ActionDialog(QDialog):
    """The frame every step shares: the matter line, the fields with their messages, 补录时间, 打印…, buttons."""

    action: ClassVar[str] = ""
    intro: ClassVar[str] = ""

    def __init__(
        self,
        services: Services,
        number: str,
        actor: Principal,
        matter: MatterView | None = None,
        parent: QWidget | None = None,
        *,
        changes: LedgerChanges | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.number = number
        self.actor = actor
        self.matter = matter
        self.changes = changes
        self.result_matter: Any = None
        # True while the step is being recorded on a worker thread (the dialog then keeps its fields and stays)
        self.busy = False
        self.submitted_params: dict[str, Any] = {}
        self._fields: dict[str, tuple[QWidget, FieldMessage]] = {}
        label = labels.label(ACTIONS[self.action].label)
        self.setWindowTitle(self.tr("{0} — {1}").format(label, number))
        self.setMinimumWidth(560)

        heading = QLabel(self.tr("{0}　{1}").format(label, number), self)
        heading.setProperty("role", "page-title")
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(heading)
        who = "、".join(p.name for p in matter.parties[:3]) if matter else ""
        summary = matter.summary[:80] if matter else ""
        if who or summary:
            line = QLabel(self.tr("{0}：{1}").format(who, summary) if who else summary, self)
            line.setWordWrap(True)
            line.setProperty("role", "hint")
            layout.addWidget(line)
        if self.intro:
            intro = QLabel(labels.label(self.intro), self)
            intro.setWordWrap(True)
            layout.addWidget(intro)

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setVerticalSpacing(6)
        layout.addLayout(self.form)
        self.build()

        # 补录: an action taken earlier on paper, entered now with its real time (the service checks the order).
        self.backdate = QCheckBox(self.tr("补录（按实际办理时间登记）"), self)
        self.at_edit = QDateTimeEdit(QDateTime.currentDateTime(), self)
        self.at_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at_edit.setCalendarPopup(True)
        self.at_edit.setEnabled(False)
        at_row = QHBoxLayout()
        at_row.addWidget(self.backdate)
        at_row.addWidget(self.at_edit)
        at_row.addStretch(1)
        at_box = QWidget(self)
        at_layout = QVBoxLayout(at_box)
        at_layout.setContentsMargins(0, 0, 0, 0)
        at_layout.addLayout(at_row)
        at_message = FieldMessage(at_box)
        at_layout.addWidget(at_message)
        self._fields["at"] = (self.at_edit, at_message)
        layout.addWidget(at_box)

        self.documents = ACTION_DOCUMENTS.get(self.action, ())
        self.print_box: QCheckBox | None = None
        if self.documents:
            names = "、".join(labels.label(DOCUMENT_LABELS[k]) for k in self.documents)
            self.print_box = QCheckBox(self.tr("完成后打印{0}…").format(names), self)
            self.print_box.setChecked(True)
            layout.addWidget(self.print_box)

        self.error = FieldMessage(self)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("{0}（Ctrl+Enter）").format(label), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setProperty("primary", True)
        self.ok_button.setDefault(True)
        cancel = self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        layout.addWidget(self.buttons)

        self._submit_shortcuts = [QShortcut(QKeySequence(seq), self) for seq in ("Ctrl+Return", "Ctrl+Enter")]

        self.backdate.toggled.connect(self._on_backdate_toggled)
        self.buttons.accepted.connect(self._on_submit)
        self.buttons.rejected.connect(self.reject)
        for shortcut in self._submit_shortcuts:
            shortcut.activated.connect(self._on_submit)

    # -- for subclasses ----------------------------------------------------------------------------------------

    def build(self) -> None:
        """Add this action's fields with :meth:`add_field`."""

    def params(self) -> dict[str, Any]:
        return {}

    def add_field(self, name: str, label: str, widget: QWidget, hint: str = "") -> QWidget:
        message = FieldMessage(self)
        box = QWidget(self)
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.setSpacing(2)
        box_layout.addWidget(widget)
        if hint:
            hint_label = QLabel(hint, box)
            hint_label.setWordWrap(True)
            hint_label.setProperty("role", "hint")
            box_layout.addWidget(hint_label)
        box_layout.addWidget(message)
        self.form.addRow(label, box)
        self._fields[name] = (widget, message)
        return widget

    def text_edit(self, placeholder: str = "", lines: int = 4) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)
        edit.installEventFilter(self)  # Ctrl+Enter submits here too instead of starting a line
        edit.setPlaceholderText(placeholder)
        edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
        return edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QPlainTextEdit)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._on_submit()
            return True
        return super().eventFilter(watched, event)

    # -- errors ------------------------------------------------------------------------------------------------

    def field_message(self, name: str) -> FieldMessage:
        """The message line of field ``name`` (the dialog's own line for errors without a field)."""
        return self._fields[name][1] if name in self._fields else self.error

    def error_text(self, name: str = "") -> str:
        message = self.field_message(name)
        return message.text() if message.is_error() else ""

    def _clear_errors(self) -> None:
        for widget, message in self._fields.values():
            message.clear_message()
            set_invalid(widget, False)
        self.error.clear_message()

    def show_error(self, field_name: str, text: str) -> None:
        if field_name in self._fields:
            widget, message = self._fields[field_name]
            box = widget.parentWidget()
            if box is not None and box.isHidden():  # a field that appears only with its question (被反映对象单位)
                box.show()
                label = self.form.labelForField(box)
                if label is not None:
                    label.show()
            message.show_error(text)
            set_invalid(widget, True)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.error.show_error(text)

    # -- submit ------------------------------------------------------------------------------------------------

    def at(self) -> datetime | None:
        if not self.backdate.isChecked():
            return None
        return python_datetime(self.at_edit.dateTime()).replace(second=0, microsecond=0)

    @Slot(bool)
    def _on_backdate_toggled(self, checked: bool) -> None:
        self.at_edit.setEnabled(checked)
        if checked:
            self.at_edit.setFocus()

    @Slot()
    def _on_submit(self) -> None:
        self._clear_errors()
        try:
            params = self.params()
        except InvalidInput as exc:
            self.show_error(exc.field, exc.message)
            return
        if self.busy:
            return
        ledger, number, action, actor, at = self.services.ledger, self.number, self.action, self.actor, self.at()
        self._set_busy(True)
        run_mutation(
            self,
            lambda: ledger.act(number, action, params, actor=actor, at=at),
            lambda matter: self._on_recorded(matter, params),
            self._on_refused,
            changes=self.changes,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.ok_button.setEnabled(not busy)

    def _on_recorded(self, matter: Any, params: dict[str, Any]) -> None:
        self._set_busy(False)
        self.result_matter = matter
        self.submitted_params = params
        self.accept()

    def _on_refused(self, exc: BaseException) -> None:
        """Beside the field it concerns, everything typed still there (roles.Forbidden says which role may)."""
        self._set_busy(False)
        if isinstance(exc, InvalidInput):
            self.show_error(exc.field, exc.message)
        else:
            self.show_error("", getattr(exc, "message", None) or str(exc))

    def reject(self) -> None:
        if not self.busy:  # a step being recorded finishes first: the clerk then sees whether it was
            super().reject()

    def print_kinds(self) -> tuple[str, ...]:
        return self.documents if self.print_box is not None and self.print_box.isChecked() else ()

    def value(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "params": self.submitted_params,
            "print": self.print_kinds(),
            "status": getattr(getattr(self.result_matter, "status", None), "value", None),
        }

    @classmethod
    def run(
        cls,
        services: Services,
        number: str,
        actor: Principal,
        matter: MatterView | None = None,
        parent: QWidget | None = None,
        *,
        changes: LedgerChanges | None = None,
    ) -> tuple[dict[str, Any] | None, bool]:
        """Open the dialog; ``({"action", "params", "print", "status"}, True)`` once the action was recorded."""
        dialog = cls(services, number, actor, matter, parent, changes=changes)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        value = dialog.value() if accepted else None
        dialog.deleteLater()
        return value, accepted


# -- the steps ---------------------------------------------------------------------------------------------------


class AcceptDialog(ActionDialog):
    action = "accept"
    intro = QT_TRANSLATE_NOOP(
        "Labels", "受理后告知信访人受理情况；第（六）项途径的事项 60 日内办结（条例第三十四条）。"
    )

    def build(self) -> None:
        self.route = QComboBox(self)
        for code, text in ROUTES.items():
            self.route.addItem(labels.label(text), code)
        self.route.setCurrentIndex(self.route.findData(6))
        self.add_field("route", self.tr("办理途径"), self.route, self.tr("条例第三十一条；默认第（六）项"))

    def params(self) -> dict[str, Any]:
        return {"route": self.route.currentData()}


class RejectDialog(ActionDialog):
    action = "reject"

    def build(self) -> None:
        self.reason = QComboBox(self)
        for code, (reason, _told) in REJECTION_REASONS.items():
            self.reason.addItem(f"{code}. {labels.label(reason)}", code)
        self.told = QLabel(self)
        self.told.setWordWrap(True)
        self.told.setProperty("role", "hint")
        self.add_field("reason_code", self.tr("理由"), self.reason)
        self.form.addRow("", self.told)
        self.direct_to = AgencyPicker(self.services.ledger.agencies(), free_text=True, parent=self)
        self.add_field("direct_to", self.tr("告知去向"), self.direct_to)
        self.reason.currentIndexChanged.connect(self._on_reason_changed)
        self._on_reason_changed()

    @Slot()
    def _on_reason_changed(self) -> None:
        code = self.reason.currentData()
        told = REJECTION_REASONS[code][1]
        need = code in REASONS_NEEDING_DIRECTION
        self.told.setText(
            self.tr("告知信访人：{0}{1}").format(
                labels.label(told), self.tr("（须写明应向哪个机关提出）") if need else ""
            )
        )

    def params(self) -> dict[str, Any]:
        return {"reason_code": self.reason.currentData(), "direct_to": self.direct_to.value()}


class _AccusedUnitConfirmation(ActionDialog):
    """转送/交办 of a 检举控告: when the unit chosen is the accused's own, the service warns a supervisor (and refuses
    anyone else); the warning appears beside a box the supervisor ticks to confirm (条例第三十条)."""

    def add_accused_unit_confirmation(self) -> None:
        self.accused_unit = QCheckBox(self.tr("确认转送、交办到被反映对象所在单位"), self)
        self.add_field("to_accused_unit", self.tr("被反映对象"), self.accused_unit)
        box = self.accused_unit.parentWidget()
        if box is not None:
            box.hide()
            label = self.form.labelForField(box)
            if label is not None:
                label.hide()

    def confirmed(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.accused_unit.isChecked():
            params["to_accused_unit"] = True
        return params


class ReferDialog(_AccusedUnitConfirmation):
    action = "refer"
    intro = QT_TRANSLATE_NOOP("Labels", "转送有权处理的机关，并告知信访人去向（条例第二十三条）。")

    def build(self) -> None:
        self.to = AgencyPicker(self.services.ledger.agencies(), free_text=False, parent=self)
        self.add_field("to", self.tr("转送机关"), self.to, self.tr("从机构目录中选择；目录中没有的请先在设置中添加"))
        self.add_accused_unit_confirmation()

    def params(self) -> dict[str, Any]:
        return self.confirmed({"to": self.to.value()})


class AssignDialog(_AccusedUnitConfirmation):
    action = "assign"

    def build(self) -> None:
        self.to = AgencyPicker(self.services.ledger.agencies(), free_text=True, parent=self)
        self.add_field("to", self.tr("承办单位"), self.to)
        self.has_due = QCheckBox(self.tr("限期反馈"), self)
        self.has_due.setChecked(True)
        self.due = QDateEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        default = date.today() + timedelta(days=15)
        self.due.setDate(QDate(default.year, default.month, default.day))
        due_row = QWidget(self)
        row = QHBoxLayout(due_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.has_due)
        row.addWidget(self.due)
        row.addStretch(1)
        due_row.setFocusProxy(self.due)
        self.add_field("due", self.tr("反馈期限"), due_row)
        self.requirements = self.text_edit(self.tr("办理要求，例如：查明事实，依法处理，书面反馈办理结果"), 3)
        self.add_field("requirements", self.tr("办理要求"), self.requirements)
        self.has_due.toggled.connect(self.due.setEnabled)
        self.add_accused_unit_confirmation()

    def params(self) -> dict[str, Any]:
        due = python_date(self.due.date()).isoformat() if self.has_due.isChecked() else None
        return self.confirmed(
            {"to": self.to.value(), "due": due, "requirements": self.requirements.toPlainText().strip()}
        )


class SuperviseDialog(ActionDialog):
    action = "supervise"

    def build(self) -> None:
        self.note = self.text_edit(self.tr("督办意见：催办内容、要求的反馈时间"))
        self.add_field("note", self.tr("督办意见"), self.note)

    def params(self) -> dict[str, Any]:
        return {"note": self.note.toPlainText().strip()}


class ExtendDialog(ActionDialog):
    action = "extend"
    intro = QT_TRANSLATE_NOOP(
        "Labels", "复杂事项经本机关负责人批准可延长一次，不超过 30 日，并书面告知信访人延期理由（条例第三十四条）。"
    )

    def build(self) -> None:
        self.days = QSpinBox(self)
        self.days.setRange(1, 30)
        self.days.setValue(30)
        self.days.setSuffix(self.tr(" 日"))
        self.add_field("days", self.tr("延长"), self.days)
        self.reason = self.text_edit(self.tr("延期理由（将写入延期告知书）"), 3)
        self.add_field("reason", self.tr("延期理由"), self.reason)
        self.approver = QLineEdit(self)
        self.approver.setPlaceholderText(self.tr("批准的负责人"))
        self.add_field("approver", self.tr("批准人"), self.approver)

    def params(self) -> dict[str, Any]:
        return {
            "days": self.days.value(),
            "reason": self.reason.toPlainText().strip(),
            "approver": self.approver.text().strip(),
        }


class _OutcomeDialog(ActionDialog):
    text_label = QT_TRANSLATE_NOOP("Labels", "答复意见")

    def build(self) -> None:
        self.outcome = _Choice({o.value: labels.label(OUTCOME_LABELS[o]) for o in Outcome}, self)
        self.add_field(
            "outcome",
            self.tr("结论"),
            self.outcome,
            self.tr("条例第三十二条：Alt+1 予以支持 · Alt+2 解释说明 · Alt+3 不予支持"),
        )
        self.text = self.text_edit(self.tr("事实、理由和依据"), 5)
        self.add_field("text", labels.label(self.text_label), self.text)

    def params(self) -> dict[str, Any]:
        return {"outcome": self.outcome.value(), "text": self.text.toPlainText().strip()}


class ReplyDialog(_OutcomeDialog):
    action = "reply"
    intro = QT_TRANSLATE_NOOP("Labels", "出具信访处理意见书；信访人可自收到之日起 30 日内请求复查（条例第三十五条）。")


class ReviewReplyDialog(_OutcomeDialog):
    action = "review-reply"
    text_label = QT_TRANSLATE_NOOP("Labels", "复查/复核意见")
    intro = QT_TRANSLATE_NOOP("Labels", "对复查或复核请求作出书面答复（条例第三十五、三十六条）。")


class ReturnVisitDialog(ActionDialog):
    action = "return-visit"

    def build(self) -> None:
        self.satisfaction = _Choice({s.value: labels.label(SATISFACTION_LABELS[s]) for s in Satisfaction}, self)
        self.add_field("satisfaction", self.tr("满意度"), self.satisfaction)
        self.note = self.text_edit(self.tr("回访情况（可不填）"), 3)
        self.add_field("note", self.tr("回访情况"), self.note)

    def params(self) -> dict[str, Any]:
        return {"satisfaction": self.satisfaction.value(), "note": self.note.toPlainText().strip()}


class RequestReviewDialog(ActionDialog):
    action = "request-review"
    intro = QT_TRANSLATE_NOOP(
        "Labels",
        "登记信访人对处理意见的复查请求（收到意见之日起 30 日内，条例第三十五条），"
        "已复查的登记复核请求（条例第三十六条）。复核后同一事实和理由不再受理。",
    )


#: how a route-(1)-(5) matter ends (条例 art 31), for the 办结 dialog
RESULT_LABELS = {
    "legal": QT_TRANSLATE_NOOP("Labels", "转入法定程序"),
    "performed": QT_TRANSLATE_NOOP("Labels", "依法履行"),
}
assert set(RESULT_LABELS) == set(ROUTE_RESULTS)


class CloseDialog(ActionDialog):
    action = "close"

    def build(self) -> None:
        # a matter still in hand here is one on routes (1)-(5), told its legal route: it ends with how it went on
        self.ending: _Choice | None = None
        if self.matter is not None and self.matter.status in ("accepted", "assigned", "supervised", "extended"):
            self.ending = _Choice({k: labels.label(v) for k, v in RESULT_LABELS.items()}, self)
            self.add_field(
                "result",
                self.tr("办结方式"),
                self.ending,
                self.tr("条例第三十一条：Alt+1 转入法定程序 · Alt+2 依法履行"),
            )
        self.note = self.text_edit(self.tr("办结情况（可不填）"), 3)
        self.add_field("note", self.tr("办结情况"), self.note)

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"note": self.note.toPlainText().strip()}
        if self.ending is not None:
            params["result"] = self.ending.value()
        return params


def _date_edit(parent: QWidget, default: date) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate(default.year, default.month, default.day))
    return edit


class InformRouteDialog(ActionDialog):
    action = "inform-route"
    intro = QT_TRANSLATE_NOOP(
        "Labels",
        "按第三十一条第（一）至（五）项受理的事项，告知信访人依照哪个法定途径、向哪个机关、按什么程序提出；"
        "告知后可按“转入法定程序”或“依法履行”办结。",
    )

    def build(self) -> None:
        self.text = self.text_edit(self.tr("例如：请自收到本告知之日起六个月内向××区人民法院提起行政诉讼"), 4)
        self.add_field("text", self.tr("告知内容"), self.text)

    def params(self) -> dict[str, Any]:
        return {"text": self.text.toPlainText().strip()}


class UnitReportDialog(ActionDialog):
    action = "unit-report"
    intro = QT_TRANSLATE_NOOP("Labels", "登记承办单位的办结报告；按报告日期计算交办反馈是否按期。")

    def build(self) -> None:
        self.date = _date_edit(self, date.today())
        self.add_field("date", self.tr("报告日期"), self.date)
        self.text = self.text_edit(self.tr("承办单位报告的办理结果"), 4)
        self.add_field("text", self.tr("报告内容"), self.text)

    def params(self) -> dict[str, Any]:
        return {"date": python_date(self.date.date()).isoformat(), "text": self.text.toPlainText().strip()}


class HearingDialog(ActionDialog):
    action = "hearing"
    intro = QT_TRANSLATE_NOOP("Labels", "复核机关举行听证的，听证所需时间不计算在复核期限内（条例第三十六条）。")

    def build(self) -> None:
        self.start = _date_edit(self, date.today())
        self.add_field("start", self.tr("听证开始"), self.start)
        self.end = _date_edit(self, date.today())
        self.add_field("end", self.tr("听证结束"), self.end)

    def params(self) -> dict[str, Any]:
        return {"start": python_date(self.start.date()).isoformat(), "end": python_date(self.end.date()).isoformat()}


class AnswerDialog(ActionDialog):
    action = "answer"
    intro = QT_TRANSLATE_NOOP("Labels", "能够当场答复的，当场答复并记录答复内容。")

    def build(self) -> None:
        self.text = self.text_edit(self.tr("答复内容"), 5)
        self.add_field("text", self.tr("答复内容"), self.text)

    def params(self) -> dict[str, Any]:
        return {"text": self.text.toPlainText().strip()}


class ObjectDialog(ActionDialog):
    action = "object"
    intro = QT_TRANSLATE_NOOP(
        "Labels", "上级转送、交办的事项不属于本机关的，自收到之日起 5 个工作日内提出异议并退回（条例第二十三条）。"
    )

    def build(self) -> None:
        self.reason = self.text_edit(self.tr("退回理由"), 4)
        self.add_field("reason", self.tr("退回理由"), self.reason)

    def params(self) -> dict[str, Any]:
        return {"reason": self.reason.toPlainText().strip()}


DIALOGS: dict[str, type[ActionDialog]] = {
    cls.action: cls
    for cls in (
        AcceptDialog,
        RejectDialog,
        ReferDialog,
        AnswerDialog,
        ObjectDialog,
        AssignDialog,
        SuperviseDialog,
        ExtendDialog,
        ReplyDialog,
        ReturnVisitDialog,
        RequestReviewDialog,
        ReviewReplyDialog,
        CloseDialog,
        InformRouteDialog,
        UnitReportDialog,
        HearingDialog,
    )
}
assert set(DIALOGS) == set(ACTIONS), set(ACTIONS) ^ set(DIALOGS)


def dialog_for(action: str) -> type[ActionDialog]:
    return DIALOGS[action]
