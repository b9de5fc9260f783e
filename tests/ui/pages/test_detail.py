"""The matter page: only the allowed steps, one dialog per step driven by the keyboard, refusals beside the field."""

from __future__ import annotations

import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtGui import QColor, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from reception.domain.roles import Principal, Role
from reception.ui.dialogs import actions as dialogs
from reception.ui.dialogs.actions import ACTION_SHORTCUTS, ActionDialog
from reception.ui.dialogs.print_preview import PrintPreviewDialog
from reception.ui.pages.detail import MatterDetail
from reception.ui.theme import LEVEL_COLOURS
from tests.actors import admin

ACTOR = "王警官"


# -- helpers ------------------------------------------------------------------------------------------------------


def commit_text(widget: QWidget, text: str) -> None:
    """Type Chinese as an input method does (qtbot.keyClicks aborts on non-ASCII: DESIGN.md "Known traps")."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


class Desk:
    """A matter page on a fresh ledger, with the action dialogs' ``exec`` replaced by a keyboard script."""

    def __init__(
        self, qtbot: Any, services: Any, make: Callable[..., dict[str, Any]], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.qtbot = qtbot
        self.services = services
        self.make = make
        self.scripts: list[Callable[[ActionDialog], None]] = []
        self.opened: list[ActionDialog] = []
        self.previews: list[dict[str, Any]] = []
        desk = self

        def fake_exec(dialog: ActionDialog) -> int:
            desk.opened.append(dialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)  # shortcuts (Ctrl+Enter) need the window active
            desk.scripts.pop(0)(dialog)
            dialog.hide()
            return dialog.result()

        def fake_preview_exec(preview: PrintPreviewDialog) -> int:
            desk.previews.append(
                {
                    "kind": preview.kind,
                    "pages": preview.document.pageCount(),
                    "path": preview.pdf_path,
                    "exists": preview.pdf_path.exists(),
                    "title": preview.windowTitle(),
                }
            )
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(ActionDialog, "exec", fake_exec)
        monkeypatch.setattr(PrintPreviewDialog, "exec", fake_preview_exec)

    def register(self, **overrides: Any) -> str:
        return self.services.ledger.register(self.make(**overrides), actor=admin(ACTOR)).number

    def act(self, number: str, *steps: tuple[str, dict[str, Any]]) -> None:
        for action, params in steps:
            self.services.ledger.act(number, action, params, actor=admin(ACTOR))

    def page(self, number: str, actor: Any = None) -> MatterDetail:
        detail = MatterDetail(self.services, actor if actor is not None else admin(ACTOR))
        self.qtbot.addWidget(detail)
        detail.resize(1366, 700)
        detail.show()
        self.qtbot.waitExposed(detail)
        detail.activateWindow()
        detail.show_matter(number)
        return detail

    def status(self, number: str) -> str:
        return self.services.ledger.show(number).status


@pytest.fixture
def desk(
    qtbot: Any, services: Any, sample_registration: Callable[..., dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> Desk:
    return Desk(qtbot, services, sample_registration, monkeypatch)


def submit(qtbot: Any, dialog: ActionDialog) -> None:
    """Ctrl+Enter, as the button says; the step is recorded on a worker thread, so wait until it answered."""
    target = dialog.focusWidget() or dialog
    qtbot.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def focus(qtbot: Any, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=2000)


def no_print(qtbot: Any, dialog: ActionDialog) -> None:
    if dialog.print_box is not None:
        focus(qtbot, dialog.print_box)
        qtbot.keyClick(dialog.print_box, Qt.Key.Key_Space)
        assert not dialog.print_box.isChecked()


def refused(dialog: ActionDialog, field: str, words: str) -> None:
    """The refusal is beside its field, the dialog is still open, nothing was recorded."""
    assert words in dialog.error_text(field), (field, dialog.error_text(field), dialog.error.text())
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.field_message(field).isVisible()


def backdate(qtbot: Any, dialog: ActionDialog, when: datetime) -> None:
    focus(qtbot, dialog.backdate)
    qtbot.keyClick(dialog.backdate, Qt.Key.Key_Space)
    assert dialog.backdate.isChecked() and dialog.at_edit.isEnabled()
    dialog.at_edit.setDateTime(QDateTime(when))


def pick_agency(qtbot: Any, picker: dialogs.AgencyPicker, code: str) -> str:
    """Type a directory code, Down into the filtered list; returns the name the picker now holds."""
    focus(qtbot, picker.edit)
    qtbot.keyClick(picker.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(picker.edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(picker.edit, code)
    assert len(picker.visible_names()) == 1, picker.visible_names()
    qtbot.keyClick(picker.edit, Qt.Key.Key_Down)
    assert picker.list.hasFocus()
    return picker.value()


# -- the page -----------------------------------------------------------------------------------------------------


ACCEPTED = [("accept", {})]
REPLIED = [("accept", {}), ("reply", {"outcome": "support", "text": "经调查，诉求合理，予以支持。"})]


@pytest.mark.parametrize(
    "steps, expected",
    [
        ([], ["accept", "reject", "refer", "answer"]),
        (ACCEPTED, ["assign", "supervise", "extend", "reply"]),
        ([*ACCEPTED, ("assign", {"to": "12345"})], ["unit-report", "supervise", "extend", "reply"]),
        ([("accept", {"route": 1})], ["assign", "inform-route", "supervise", "reply"]),
        (REPLIED, ["return-visit", "request-review", "close"]),
        ([*REPLIED, ("close", {})], ["request-review"]),
        ([("reject", {"reason_code": 5})], []),
    ],
    ids=["registered", "accepted", "assigned", "legal-route", "replied", "closed", "not-accepted"],
)
def test_only_allowed_actions_are_offered(desk: Desk, steps: list, expected: list[str]) -> None:
    number = desk.register()
    desk.act(number, *steps)
    detail = desk.page(number)
    assert detail.allowed_actions() == expected == desk.services.ledger.show(number).allowed_actions
    for action, button in detail.action_buttons.items():
        assert ACTION_SHORTCUTS[action] in button.text()
        assert button.shortcut().toString() == ACTION_SHORTCUTS[action]
    if not expected:
        assert "没有待办" in detail.actions_box.findChildren(QLabel)[0].text()


def test_forwarded_matter_offers_objection(desk: Desk) -> None:
    number = desk.register(
        source={
            "kind": "forwarded",
            "agency": "××市信访局",
            "document_number": "××信转〔2026〕3号",
            "due": (date.today() + timedelta(days=20)).isoformat(),
        }
    )
    detail = desk.page(number)
    assert "object" in detail.allowed_actions()
    assert "上级转送" in detail.tags_label.text()
    assert "××信转〔2026〕3号" in detail.facts_text()


def test_facts_show_masked_numbers_until_revealed(desk: Desk, make_id: Callable[..., str]) -> None:
    id_number = make_id(7, birth="19850315")
    number = desk.register(name="欧阳明", id_number=id_number, phone="13907130001")
    detail = desk.page(number)
    text = detail.facts_text()
    assert "欧阳明" in text and id_number not in text and f"{id_number[:6]}********{id_number[-4:]}" in text
    assert "139****0001" in text and "反映单位拖欠工资" in text
    detail.reveal_button.click()
    assert id_number in detail.facts_text() and "13907130001" in detail.facts_text()
    assert detail.reveal_button.text() == "隐藏完整号码"
    detail.reveal_button.click()
    assert id_number not in detail.facts_text()


def test_a_clerk_may_not_reveal_and_is_told_why(desk: Desk, make_id: Callable[..., str]) -> None:
    id_number = make_id(8)
    number = desk.register(id_number=id_number)
    detail = desk.page(number, actor=Principal(name=ACTOR, role=Role.CLERK))
    detail.reveal_button.click()
    assert "无权" in detail.message_text()
    assert id_number not in detail.facts_text()


def test_timeline_lists_who_when_what(desk: Desk) -> None:
    number = desk.register()
    desk.act(
        number,
        *ACCEPTED,
        (
            "assign",
            {"to": "psb-traffic", "due": (date.today() + timedelta(days=9)).isoformat(), "requirements": "查明事实"},
        ),
    )
    detail = desk.page(number)
    text = detail.timeline_text()
    assert text.index("登记") < text.index("受理") < text.index("交办")
    assert "××市公安局交通警察支队" in text and "查明事实" in text and ACTOR in text
    assert datetime.now().strftime("%Y-%m-%d") in text


def test_clocks_show_due_days_and_level_word_with_colour(desk: Desk) -> None:
    received = (datetime.now() - timedelta(days=14)).replace(hour=9, minute=0, second=0, microsecond=0)
    number = desk.register(received_at=received.isoformat())
    detail = desk.page(number)
    clock = desk.services.ledger.show(number).current_clock
    assert clock.level in ("severe", "overdue")
    badges = [w for w in detail.clocks_box.findChildren(QLabel) if w.objectName() == "LevelBadge"]
    assert [b.text() for b in badges] == [clock.level_label]
    background = QColor(LEVEL_COLOURS[clock.level][0]).name()
    assert background in badges[0].styleSheet()
    texts = " ".join(w.text() for w in detail.clocks_box.findChildren(QLabel))
    assert clock.due in texts and "告知受理/去向" in texts and "条例第23条" in texts


def test_shortcut_opens_the_action_dialog(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    detail = desk.page(number)
    qtbot.waitUntil(detail.isActiveWindow, timeout=3000)
    qtbot.waitUntil(detail.action_buttons["accept"].isVisible, timeout=3000)
    desk.scripts.append(lambda dialog: dialog.reject())
    qtbot.keyClick(detail, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(desk.opened) == 1, timeout=3000)  # a button's shortcut animates the click
    assert [type(d).__name__ for d in desk.opened] == ["AcceptDialog"]
    assert desk.status(number) == "registered"  # cancelled: nothing recorded


# -- every dialog: a refusal inline, then the step recorded ---------------------------------------------------------


def test_accept(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    received = datetime.fromisoformat(desk.services.ledger.show(number).received_at)
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        assert dialog.route.currentData() == 6  # 条例 art 31 (6) by default
        no_print(qtbot, dialog)
        backdate(qtbot, dialog, received - timedelta(days=1))
        submit(qtbot, dialog)
        refused(dialog, "at", "早于登记时间")
        qtbot.keyClick(dialog.backdate, Qt.Key.Key_Space)  # back to "now"
        focus(qtbot, dialog.route)
        qtbot.keyClick(dialog.route, Qt.Key.Key_Up)
        assert dialog.route.currentData() == 5
        submit(qtbot, dialog)

    desk.scripts.append(script)
    with qtbot.waitSignal(detail.changed, timeout=3000) as changed:
        detail.action_buttons["accept"].click()
    assert changed.args == [number]
    shown = desk.services.ledger.show(number)
    assert shown.status == "accepted" and shown.events[-1].payload["route"] == 5
    assert detail.allowed_actions() == shown.allowed_actions
    assert "已受理" in detail.status_badge.text()


def test_reject(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        no_print(qtbot, dialog)
        assert dialog.reason.currentData() == 1
        assert "须写明" in dialog.told.text()
        submit(qtbot, dialog)
        refused(dialog, "direct_to", "须告知信访人应向哪个机关提出")
        assert desk.status(number) == "registered"
        focus(qtbot, dialog.reason)
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Down)
        assert dialog.reason.currentData() == 2
        dialog.chosen = pick_agency(qtbot, dialog.direct_to, "psb-branch-1")
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["reject"].click()
    shown = desk.services.ledger.show(number)
    assert shown.status == "not_accepted"
    assert shown.events[-1].payload == {
        "reason_code": 2,
        "reason": "不属于本机关管辖",
        "direct_to": "××市公安局××分局",
    }
    assert detail.allowed_actions() == []


def test_reject_accepts_a_typed_place(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        no_print(qtbot, dialog)
        focus(qtbot, dialog.direct_to.edit)
        commit_text(dialog.direct_to.edit, "××县人民法院立案庭")
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["reject"].click()
    assert desk.services.ledger.show(number).handling_unit == "××县人民法院立案庭"


def test_refer(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        no_print(qtbot, dialog)
        focus(qtbot, dialog.to.edit)
        commit_text(dialog.to.edit, "不存在的机关")
        assert dialog.to.visible_names() == []
        submit(qtbot, dialog)
        refused(dialog, "to", "机构目录中没有")
        assert dialog.to.value() == "不存在的机关"  # what was typed is still there
        assert pick_agency(qtbot, dialog.to, "12337") == "12337政法干警违纪违法举报平台"
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["refer"].click()
    shown = desk.services.ledger.show(number)
    assert shown.status == "referred" and shown.handling_unit == "12337政法干警违纪违法举报平台"


def test_answer(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        submit(qtbot, dialog)
        refused(dialog, "text", "请填写答复内容")
        focus(qtbot, dialog.text)
        commit_text(dialog.text, "已当场向信访人解释相关政策。")
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["answer"].click()
    assert desk.status(number) == "answered"
    assert "已当场向信访人解释相关政策" in detail.timeline_text()


def test_object(desk: Desk, qtbot: Any) -> None:
    number = desk.register(
        received_at=datetime.now().replace(microsecond=0, second=0).isoformat(),
        source={"kind": "forwarded", "agency": "××市信访局", "document_number": "转〔2026〕9号"},
    )
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        submit(qtbot, dialog)
        refused(dialog, "reason", "请填写退回理由")
        focus(qtbot, dialog.reason)
        commit_text(dialog.reason, "该事项属于劳动争议，不属于公安机关职责。")
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["object"].click()
    shown = desk.services.ledger.show(number)
    assert shown.status == "returned" and shown.handling_unit == "××市信访局"


def test_assign(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    desk.act(number, *ACCEPTED)
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        no_print(qtbot, dialog)
        pick_agency(qtbot, dialog.to, "psb-criminal")
        yesterday = date.today() - timedelta(days=1)
        dialog.due.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
        submit(qtbot, dialog)
        refused(dialog, "due", "早于交办日期")
        focus(qtbot, dialog.due)
        later = date.today() + timedelta(days=10)
        dialog.due.setDate(QDate(later.year, later.month, later.day))
        focus(qtbot, dialog.requirements)
        commit_text(dialog.requirements, "十日内书面反馈办理结果")
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["assign"].click()
    shown = desk.services.ledger.show(number)
    assert shown.status == "assigned" and shown.handling_unit == "××市公安局刑事侦查支队"
    payload = shown.events[-1].payload
    assert payload["due"] == (date.today() + timedelta(days=10)).isoformat()
    assert payload["requirements"] == "十日内书面反馈办理结果"
    assert any(c.label == "交办反馈" for c in shown.clocks)


def test_supervise(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    desk.act(number, *ACCEPTED, ("assign", {"to": "psb-traffic"}))
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        submit(qtbot, dialog)
        refused(dialog, "note", "请填写督办意见")
        focus(qtbot, dialog.note)
        commit_text(dialog.note, "请于三日内反馈进展")
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["supervise"].click()
    shown = desk.services.ledger.show(number)
    assert shown.status == "supervised" and shown.supervision_count == 1


def test_a_step_is_recorded_off_the_gui_thread_and_the_ledger_changes_once(
    desk: Desk, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lock wait on PostgreSQL stalls a worker, not the window; the lists hear of the change exactly once."""
    number = desk.register()
    desk.act(number, *ACCEPTED, ("assign", {"to": "psb-traffic"}))
    detail = desk.page(number)
    ledger = desk.services.ledger
    real_act = ledger.act
    threads: list[threading.Thread] = []

    def act(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real_act(*args, **kwargs)

    monkeypatch.setattr(ledger, "act", act)
    heard: list[None] = []
    detail.changes.ledger_changed.connect(lambda: heard.append(None))

    def script(dialog: ActionDialog) -> None:
        focus(qtbot, dialog.note)
        commit_text(dialog.note, "请于三日内反馈进展")
        submit(qtbot, dialog)

    desk.scripts.append(script)
    qtbot.waitUntil(detail.isActiveWindow, timeout=3000)
    qtbot.keyClick(detail, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)  # 督办 Alt+7
    qtbot.waitUntil(lambda: desk.status(number) == "supervised", timeout=5000)
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    qtbot.wait(50)  # a second emission, were there one, would be queued by now
    assert heard == [None]


def test_a_failing_step_shows_the_reason_and_keeps_what_was_typed(
    desk: Desk, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = desk.register()
    desk.act(number, *ACCEPTED, ("assign", {"to": "psb-traffic"}))
    detail = desk.page(number)

    def act(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("数据库正忙，请稍后再试")

    monkeypatch.setattr(desk.services.ledger, "act", act)
    heard: list[None] = []
    detail.changes.ledger_changed.connect(lambda: heard.append(None))

    def script(dialog: ActionDialog) -> None:
        focus(qtbot, dialog.note)
        commit_text(dialog.note, "请于三日内反馈进展")
        submit(qtbot, dialog)
        assert "数据库正忙" in dialog.error_text("")
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        assert dialog.note.toPlainText() == "请于三日内反馈进展"
        assert dialog.ok_button.isEnabled()
        dialog.reject()

    desk.scripts.append(script)
    detail.action_buttons["supervise"].click()
    assert desk.status(number) == "assigned" and heard == []


def test_extend(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    desk.act(number, *ACCEPTED)
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        no_print(qtbot, dialog)
        focus(qtbot, dialog.days)
        qtbot.keyClick(dialog.days, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dialog.days, "20")
        assert dialog.days.value() == 20
        submit(qtbot, dialog)
        refused(dialog, "reason", "请填写延期理由")
        focus(qtbot, dialog.reason)
        commit_text(dialog.reason, "案情复杂，需进一步调查核实")
        submit(qtbot, dialog)
        refused(dialog, "approver", "请填写批准人")
        assert not dialog.field_message("reason").isVisible()  # the earlier message went away
        focus(qtbot, dialog.approver)
        commit_text(dialog.approver, "赵局长")
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["extend"].click()
    shown = desk.services.ledger.show(number)
    assert shown.status == "extended" and shown.extension_days == 20
    assert "extend" not in detail.allowed_actions()  # once only (条例第三十四条)
    assert "含延期 20 日" in " ".join(w.text() for w in detail.clocks_box.findChildren(QLabel))


def test_extend_days_are_limited_to_thirty(desk: Desk) -> None:
    number = desk.register()
    desk.act(number, *ACCEPTED)
    dialog = dialogs.ExtendDialog(desk.services, number, admin(ACTOR))
    assert (dialog.days.minimum(), dialog.days.maximum()) == (1, 30)


def test_reply(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    desk.act(number, *ACCEPTED)
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        no_print(qtbot, dialog)
        focus(qtbot, dialog.text)
        commit_text(dialog.text, "经调查核实，信访人反映的问题属实。")
        submit(qtbot, dialog)
        refused(dialog, "outcome", "答复结论应为")
        button = dialog.outcome.buttons["explain"]
        focus(qtbot, button)
        qtbot.keyClick(button, Qt.Key.Key_Space)
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["reply"].click()
    shown = desk.services.ledger.show(number)
    assert shown.status == "replied" and shown.reply_outcome == "explain"
    assert "作出解释说明" in detail.timeline_text()


def test_return_visit(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    desk.act(number, *REPLIED)
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        submit(qtbot, dialog)
        refused(dialog, "satisfaction", "满意度应为")
        button = dialog.satisfaction.buttons["basic"]
        focus(qtbot, button)
        qtbot.keyClick(button, Qt.Key.Key_Space)
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["return-visit"].click()
    shown = desk.services.ledger.show(number)
    assert shown.status == "return_visited" and shown.satisfaction == "basic"


def test_request_review(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    desk.act(number, *REPLIED)
    received = datetime.fromisoformat(desk.services.ledger.show(number).received_at)
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        backdate(qtbot, dialog, received + timedelta(hours=1))
        submit(qtbot, dialog)
        refused(dialog, "at", "请按顺序补录")
        qtbot.keyClick(dialog.backdate, Qt.Key.Key_Space)
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["request-review"].click()
    assert desk.status(number) == "review_requested"
    assert detail.allowed_actions() == ["review-reply"]


def test_review_reply(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    desk.act(number, *REPLIED, ("request-review", {}))
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        button = dialog.outcome.buttons["deny"]
        focus(qtbot, button)
        qtbot.keyClick(button, Qt.Key.Key_Space)
        submit(qtbot, dialog)
        refused(dialog, "text", "请填写意见")
        focus(qtbot, dialog.text)
        commit_text(dialog.text, "复查认为原处理意见正确，维持原意见。")
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["review-reply"].click()
    shown = desk.services.ledger.show(number)
    assert shown.status == "reviewed" and shown.events[-1].payload["outcome"] == "deny"


def test_close(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    desk.act(number, *REPLIED)
    received = datetime.fromisoformat(desk.services.ledger.show(number).received_at)
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        backdate(qtbot, dialog, received + timedelta(minutes=5))
        submit(qtbot, dialog)
        refused(dialog, "at", "早于上一步")
        qtbot.keyClick(dialog.backdate, Qt.Key.Key_Space)
        focus(qtbot, dialog.note)
        commit_text(dialog.note, "信访人表示满意，办结。")
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["close"].click()
    assert desk.status(number) == "closed"


def test_inform_route(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    desk.act(number, ("accept", {"route": 1}))
    detail = desk.page(number)
    assert "close" not in detail.action_buttons

    def script(dialog: ActionDialog) -> None:
        focus(qtbot, dialog.text)
        submit(qtbot, dialog)
        refused(dialog, "text", "请填写告知内容")
        commit_text(dialog.text, "请自收到本告知之日起六个月内向××区人民法院提起行政诉讼。")
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["inform-route"].click()
    assert desk.services.ledger.show(number).events[-1].kind == "inform-route"
    assert "六个月内" in detail.timeline_text()
    # then 办结, with how the matter went on (转入法定程序)
    assert "close" in detail.action_buttons

    def close(dialog: ActionDialog) -> None:
        focus(qtbot, dialog.note)
        submit(qtbot, dialog)
        refused(dialog, "result", "办结方式")
        button = dialog.ending.buttons["legal"]
        focus(qtbot, button)
        qtbot.keyClick(button, Qt.Key.Key_Space)
        submit(qtbot, dialog)

    desk.scripts.append(close)
    detail.action_buttons["close"].click()
    shown = desk.services.ledger.show(number)
    assert shown.status == "closed" and shown.events[-1].payload["result"] == "legal"
    assert "转入法定程序" in detail.timeline_text()


def test_unit_report(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    desk.act(number, *ACCEPTED, ("assign", {"to": "12345", "due": date.today().isoformat()}))
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        focus(qtbot, dialog.text)
        commit_text(dialog.text, "已约谈施工方，夜间停止施工。")
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["unit-report"].click()
    shown = desk.services.ledger.show(number)
    assert shown.events[-1].payload["date"] == date.today().isoformat()
    feedback = next(c for c in shown.clocks if c.kind == "referral_feedback")
    assert feedback.stopped_at is not None and feedback.level == "normal"
    assert "已约谈施工方" in detail.timeline_text()


def test_hearing(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    deny = {"outcome": "deny", "text": "维持原处理意见。"}
    desk.act(number, *REPLIED, ("request-review", {}), ("review-reply", deny), ("request-review", {}))
    before = next(c for c in desk.services.ledger.show(number).clocks if c.kind == "recheck_answer")
    detail = desk.page(number)
    assert "上级机关" in detail.clocks_box.findChild(QLabel, "OwnerHint").text()

    def script(dialog: ActionDialog) -> None:
        focus(qtbot, dialog.start)
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["hearing"].click()
    after = next(c for c in desk.services.ledger.show(number).clocks if c.kind == "recheck_answer")
    assert date.fromisoformat(after.due) > date.fromisoformat(before.due)
    assert after.party == "higher"


def test_a_step_beyond_the_role_is_refused_inline(desk: Desk, qtbot: Any) -> None:
    number = desk.register(clerk=ACTOR)
    desk.act(number, *REPLIED)
    detail = desk.page(number, actor=Principal(name=ACTOR, role=Role.CLERK))

    def script(dialog: ActionDialog) -> None:
        submit(qtbot, dialog)
        assert "科长" in dialog.error_text("")
        assert dialog.isVisible()
        dialog.reject()

    desk.scripts.append(script)
    detail.action_buttons["close"].click()
    assert desk.status(number) == "replied"


def test_every_action_has_a_dialog_and_every_dialog_was_driven() -> None:
    from reception.domain.workflow import ACTIONS

    assert set(dialogs.DIALOGS) == set(ACTIONS) == set(ACTION_SHORTCUTS)
    tested = {name[5:].replace("_", "-") for name in globals() if name.startswith("test_")}
    assert set(ACTIONS) <= tested


# -- printing from a step -------------------------------------------------------------------------------------------


def test_accept_prints_the_acceptance_notice(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        assert dialog.print_box is not None and dialog.print_box.isChecked()
        assert "受理告知书" in dialog.print_box.text()
        submit(qtbot, dialog)

    desk.scripts.append(script)
    with qtbot.waitSignal(detail.printed, timeout=15_000) as printed:
        detail.action_buttons["accept"].click()
    record = printed.args[0]
    assert record.kind == "acceptance" and "受〔" in record.number
    assert desk.previews[0]["kind"] == "acceptance" and desk.previews[0]["pages"] >= 1
    assert desk.previews[0]["exists"]
    assert not desk.previews[0]["path"].exists()  # the temporary copy is gone after the preview
    assert f"打印受理告知书 {record.number}" in detail.timeline_text().replace("\n", " ").replace("　", " ")


def test_refer_prints_notice_and_letter_one_after_the_other(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    detail = desk.page(number)

    def script(dialog: ActionDialog) -> None:
        pick_agency(qtbot, dialog.to, "12345")
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["refer"].click()
    qtbot.waitUntil(lambda: len(desk.previews) == 2 and not detail._printing, timeout=20_000)
    assert [p["kind"] for p in desk.previews] == ["referral", "referral-letter"]
    kinds = {r.kind for r in desk.services.documents.records(number)}
    assert kinds == {"referral", "referral-letter"}


def test_print_menu_reprints_and_refusal_is_inline(desk: Desk, qtbot: Any) -> None:
    number = desk.register()
    detail = desk.page(number)
    with qtbot.waitSignal(detail.printed, timeout=15_000):
        detail.print_documents(("receipt",))
    detail._on_print_menu()
    labels = [a.text() for a in detail.print_menu.actions()]
    assert "补打登记回执" in labels and "受理告知书" in labels
    with qtbot.waitSignal(detail.printed, timeout=15_000) as printed:
        detail.print_documents(("receipt",))
    assert printed.args[0].reprint is True
    assert "补打登记回执" in detail.timeline_text()
    with qtbot.waitSignal(detail.printed, timeout=15_000) as printed:
        detail.print_documents(("reply",))
    assert printed.args[0] is None
    assert detail.message_text().startswith("不能打印答复意见书")


# -- 检举控告 to the accused's own unit (条例 art 30) -------------------------------------------------------------


def _complaint(desk: Desk) -> str:
    return desk.register(
        category="complaint", summary="检举××派出所民警违规收费。", accused="××派出所民警", clerk=ACTOR
    )


def test_refer_of_a_complaint_to_the_accused_unit_is_refused_to_a_clerk(desk: Desk, qtbot: Any) -> None:
    number = _complaint(desk)
    detail = desk.page(number, actor=Principal(ACTOR, Role.CLERK))

    def script(dialog: ActionDialog) -> None:
        no_print(qtbot, dialog)
        assert pick_agency(qtbot, dialog.to, "psb-station-1") == "××派出所"
        submit(qtbot, dialog)
        assert "须由科长决定" in dialog.error.text()
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    desk.scripts.append(script)
    detail.action_buttons["refer"].click()
    assert desk.status(number) == "registered"


def test_refer_of_a_complaint_to_the_accused_unit_asks_a_supervisor_to_confirm(desk: Desk, qtbot: Any) -> None:
    number = _complaint(desk)
    detail = desk.page(number, actor=Principal("赵科长", Role.SUPERVISOR))

    def script(dialog: ActionDialog) -> None:
        no_print(qtbot, dialog)
        assert not dialog.accused_unit.isVisible()
        assert pick_agency(qtbot, dialog.to, "psb-station-1") == "××派出所"
        submit(qtbot, dialog)
        refused(dialog, "to_accused_unit", "被反映对象")
        assert dialog.accused_unit.isVisible() and dialog.accused_unit.hasFocus()
        qtbot.keyClick(dialog.accused_unit, Qt.Key.Key_Space)
        submit(qtbot, dialog)

    desk.scripts.append(script)
    detail.action_buttons["refer"].click()
    shown = desk.services.ledger.show(number, actor=Principal("赵科长", Role.SUPERVISOR))
    assert shown.status == "referred" and shown.handling_unit == "××派出所"
    assert [e for e in shown.events if e.kind == "refer"][-1].payload["to_accused_unit"] is True
