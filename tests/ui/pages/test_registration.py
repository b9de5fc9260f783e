"""The registration form driven like a clerk drives it: keyboard only, card reader bursts, Chinese by IME."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox

from reception.domain.identity import check_digit
from reception.services.ledger import LedgerFilter
from tests.actors import admin

CLERK = "王警官"  # the actor tests/ui/conftest.py builds the window with


def type_chinese(widget: Any, text: str) -> None:
    """Chinese through an input method's commit string (keyClicks with Chinese aborts the process)."""
    from PySide6.QtGui import QInputMethodEvent

    target = widget.lineEdit() if isinstance(widget, QComboBox) and widget.lineEdit() is not None else widget
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(target, event)


def valid_id(region: str = "420106", birth: str = "19850315", seq: int = 3) -> str:
    first17 = f"{region}{birth}{seq:03d}"
    return first17 + check_digit(first17)


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def focused() -> Any:
    return QApplication.focusWidget()


def card_reader(qtbot: Any, widget: Any, number: str) -> None:
    """A keyboard-wedge reader: the digits as key presses, then Enter."""
    qtbot.keyClicks(widget, number)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def commit_cell(qtbot: Any, form: Any, editor: Any) -> None:
    """Enter in a cell editor; the view commits it on the next turn of the event loop."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.persons.state() != QAbstractItemView.State.EditingState, timeout=2000)


def alt(qtbot: Any, letter: str) -> None:
    qtbot.keyClick(focused(), getattr(Qt.Key, f"Key_{letter}"), Qt.KeyboardModifier.AltModifier)


def ctrl_enter(qtbot: Any) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def total(services: Any) -> int:
    return services.ledger.ledger_count(LedgerFilter())


def earlier_registration(number: str, **overrides: Any) -> dict[str, Any]:
    received = (datetime.now() - timedelta(days=20)).replace(microsecond=0)
    data = {
        "channel": "visit",
        "received_at": received.isoformat(),
        "source": {"kind": "own"},
        "persons": [
            {
                "name": "王𠈌",
                "id_number": number,
                "phone": "13807130001",
                "address": "湖北省武汉市武昌区中南路街道中南二路18号",
                "role": "petitioner",
            }
        ],
        "headcount": 1,
        "purpose": "demand",
        "summary": "反映邻里纠纷，要求派出所调解。",
        "clerk": "李警官",
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------------------------------------------------------


def test_full_registration_by_keyboard_only(qtbot: Any, form: Any, desk_services: Any) -> None:
    number = valid_id()
    card_reader(qtbot, form.id_number, number)
    # Birth date, sex and region appear beside the field (the region's wording is the domain's GB/T 2260 name).
    assert form.id_message.text().startswith("→ 1985-03-15 男 湖北省")
    assert form.id_message.text().endswith("武昌区")
    assert focused() is form.name, "Enter after the card reader's burst moves on to 姓名"

    type_chinese(form.name, "王小明")
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert focused() is form.phone
    qtbot.keyClicks(form.phone, "13807130001")
    qtbot.keyClick(form.phone, Qt.Key.Key_Return)
    assert focused() is form.address
    type_chinese(form.address, "湖北省武汉市武昌区中南路街道中南二路18号2栋3单元501室")

    alt(qtbot, "W")  # 形式
    assert focused() is form.channel
    alt(qtbot, "Y")  # 内容分类: type part of the path
    assert focused() is form.content_category
    type_chinese(form.content_category, "社会治安")
    alt(qtbot, "D")  # 问题属地
    assert focused() is form.location
    type_chinese(form.location, "湖北省武汉市武昌区")
    alt(qtbot, "Z")  # 摘要
    assert focused() is form.summary
    type_chinese(form.summary, "来访人反映其小区夜间经常有人聚集喧哗，多次报警后情况未见好转。")
    qtbot.keyClick(form.summary, Qt.Key.Key_Tab)
    assert focused() is form.demands, "Tab leaves the summary instead of typing a tab"
    type_chinese(form.demands, "要求加强夜间巡逻")
    qtbot.keyClick(form.demands, Qt.Key.Key_Tab)
    assert focused() is form.accused
    type_chinese(form.accused, "××派出所")

    ctrl_enter(qtbot)
    qtbot.waitUntil(lambda: bool(form.last_number), timeout=10_000)
    shown = desk_services.ledger.show(form.last_number, reveal=True, actor=admin(CLERK))
    person = shown.parties[0]
    assert person.name == "王小明"
    assert person.id_number == number
    assert person.phone == "13807130001"
    assert person.sex == "male" and person.birth_date == "1985-03-15"
    assert shown.channel == "visit"
    assert shown.content_category == "政法/社会治安"
    assert shown.location == "湖北省武汉市武昌区"
    assert shown.summary.startswith("来访人反映其小区夜间")
    assert shown.demands == "要求加强夜间巡逻"
    assert shown.clerk == CLERK
    assert shown.is_repeat is False
    # The form is ready for the next visitor and says what happened.
    assert form.is_empty()
    assert form.last_number in form.message.text()
    assert form.id_number.hasFocus()


def test_letter_and_forwarded_fields_appear_only_when_they_apply(qtbot: Any, form: Any) -> None:
    assert not form.letter_date.isVisible()
    assert not form.source_agency.isVisible() and not form.document_number.isVisible()
    form.channel.setFocus()
    form.channel.setCurrentIndex(form.channel.findData("letter"))
    assert form.letter_date.isVisible()
    assert form.person_heading.text() == "信访人"
    form.source.setCurrentIndex(form.source.findData("forwarded"))
    assert form.source_agency.isVisible() and form.document_number.isVisible() and form.source_due.isVisible()
    assert form.source_agency.count() > 0, "the agency directory is offered"
    form.source.setCurrentIndex(form.source.findData("own"))
    assert not form.source_agency.isVisible()


def test_category_follows_purpose_until_chosen(qtbot: Any, form: Any) -> None:
    form.purpose.setCurrentIndex(form.purpose.findData("complaint"))
    assert form.category.currentData() == "complaint"
    assert "第三十条" in form.accused_message.text()
    form.purpose.setCurrentIndex(form.purpose.findData("suggestion"))
    assert form.category.currentData() == "suggestion"


def test_repeat_visitor_history_panel_and_alt_l_link(qtbot: Any, form: Any, desk_services: Any) -> None:
    number = valid_id(seq=11)
    first = desk_services.ledger.register(earlier_registration(number), actor=admin("李警官"))

    card_reader(qtbot, form.id_number, number)
    qtbot.waitUntil(lambda: form.history.numbers() == [first.number], timeout=5000)
    assert form.history.title.text() == "此人历史 (1)"
    assert form.name.text() == "王𠈌", "a known ID fills the empty name from the file"
    assert form.address.text().startswith("湖北省武汉市武昌区中南路")
    assert form.phone.text() == "" and "138****0001" in form.phone.placeholderText()
    row_text = form.history.list.itemWidget(form.history.list.item(0)).text()
    assert "已登记" in row_text and "反映邻里纠纷" in row_text
    assert "至&nbsp;" in row_text and "超期" in row_text  # the running clock: days over, due date, level word

    alt(qtbot, "L")
    assert form.history.linked() == [first.number]
    assert "已关联" in form.history.list.itemWidget(form.history.list.item(0)).text()

    alt(qtbot, "Z")
    type_chinese(form.summary, "再次反映邻里纠纷未解决。")
    ctrl_enter(qtbot)
    qtbot.waitUntil(lambda: bool(form.last_number), timeout=10_000)
    shown = desk_services.ledger.show(form.last_number)
    assert shown.is_repeat is True
    assert first.number in shown.repeat_of
    assert shown.parties[0].name == "王𠈌"


def test_phone_alone_finds_the_person_after_a_pause(qtbot: Any, form: Any, desk_services: Any) -> None:
    first = desk_services.ledger.register(earlier_registration(valid_id(seq=21)), actor=admin("李警官"))
    form.phone.setFocus()
    qtbot.keyClicks(form.phone, "13807130001")
    assert form.history.numbers() == [], "the lookup waits for typing to pause (150 ms debounce)"
    qtbot.waitUntil(lambda: form.history.numbers() == [first.number], timeout=5000)
    assert "按电话" in form.history.who.text()


def test_sixth_representative_is_refused_with_a_message(qtbot: Any, form: Any, desk_services: Any) -> None:
    card_reader(qtbot, form.id_number, valid_id(seq=31))
    type_chinese(form.name, "张代表")
    alt(qtbot, "J")  # 集体访: the main visitor becomes the first representative
    qtbot.waitUntil(form.collective.isChecked, timeout=2000)  # a mnemonic "animates" the click
    assert form.representative_count() == 1

    alt(qtbot, "R")  # the persons table
    assert focused() is form.persons
    names = ["李一", "李二", "李三", "李四"]
    for name in names:
        qtbot.keyClick(form.persons, Qt.Key.Key_Insert)  # opens the name cell's editor
        editor = focused()
        type_chinese(editor, name)
        commit_cell(qtbot, form, editor)
    assert form.representative_count() == 5
    assert [p["role"] for p in form.extra_persons()] == ["representative"] * 4

    qtbot.keyClick(form.persons, Qt.Key.Key_Insert)
    editor = focused()
    type_chinese(editor, "李五")
    commit_cell(qtbot, form, editor)
    assert form.extra_persons()[4]["role"] == "companion", "a sixth person joins as a companion"

    # Try to make the sixth person a representative through the role cell.
    form.persons.setCurrentCell(4, 3)
    qtbot.keyClick(form.persons, Qt.Key.Key_F2)
    combo = focused()
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("representative"))
    commit_cell(qtbot, form, combo)
    assert form.extra_persons()[4]["role"] == "companion"
    assert form.persons_message.isVisible()
    assert "不得超过 5 人" in form.persons_message.text()
    assert form.headcount.value() >= 6

    # Del removes the selected row; the limit message goes away.
    form.persons.setFocus()
    form.persons.setCurrentCell(4, 0)
    qtbot.keyClick(form.persons, Qt.Key.Key_Delete)
    assert len(form.extra_persons()) == 4
    assert not form.persons_message.isVisible()


def test_invalid_id_shows_checksum_message_beside_field_and_registers_nothing(
    qtbot: Any, form: Any, desk_services: Any
) -> None:
    good = valid_id()
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    card_reader(qtbot, form.id_number, wrong)
    assert form.id_message.isVisible()
    assert form.id_message.text() == f"身份证号校验位不对，应为 {good[-1]}"
    assert form.id_number.property("invalid") is True

    type_chinese(form.name, "王小明")
    alt(qtbot, "Z")
    type_chinese(form.summary, "反映问题。")
    ctrl_enter(qtbot)
    qtbot.wait(200)
    assert total(desk_services) == 0
    assert QApplication.activeModalWidget() is None, "no dialog for a validation error"
    assert form.id_number.text() == wrong and form.name.text() == "王小明", "nothing typed is lost"
    assert form.id_number.hasFocus()
    assert "校验位不对" in form.id_message.text()


def test_refusal_from_the_ledger_is_shown_under_its_field(qtbot: Any, form: Any, desk_services: Any) -> None:
    card_reader(qtbot, form.id_number, valid_id(seq=41))
    type_chinese(form.name, "王小明")
    ctrl_enter(qtbot)  # no summary
    qtbot.waitUntil(form.summary_message.isVisible, timeout=5000)
    assert form.summary_message.text() == "摘要不能为空"
    assert form.summary.hasFocus()
    assert total(desk_services) == 0
    assert form.name.text() == "王小明"

    alt(qtbot, "Z")
    type_chinese(form.summary, "反映问题。")
    form.phone.setText("1380713")
    ctrl_enter(qtbot)
    qtbot.waitUntil(form.phone_message.isVisible, timeout=5000)
    assert "手机号应为 11 位" in form.phone_message.text()
    assert total(desk_services) == 0


def test_escape_clears_and_ctrl_z_restores(qtbot: Any, form: Any) -> None:
    number = valid_id(seq=51)
    card_reader(qtbot, form.id_number, number)
    type_chinese(form.name, "王小明")
    alt(qtbot, "Z")
    type_chinese(form.summary, "反映问题。")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert form.is_empty()
    assert "已清空 · Ctrl+Z 撤销" in form.message.text()
    assert form.id_number.hasFocus()

    qtbot.keyClick(focused(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert form.id_number.text() == number
    assert form.name.text() == "王小明"
    assert form.summary.toPlainText() == "反映问题。"
    assert form.id_message.text().startswith("→ 1985-03-15")


def test_draft_is_saved_with_ctrl_s_and_restored_on_next_start(
    qtbot: Any, form: Any, make_window: Any, data_dir: Path
) -> None:
    card_reader(qtbot, form.id_number, valid_id(seq=61))
    type_chinese(form.name, "王小明")
    alt(qtbot, "Z")
    type_chinese(form.summary, "暂存的内容")
    form.add_person("李一", "", "13900000001")
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    draft = data_dir / "draft.json"
    assert draft.exists()
    assert json.loads(draft.read_text(encoding="utf-8"))["state"]["name"] == "王小明"
    assert "已暂存" in form.message.text()

    second = make_window()
    restored = second.registration
    assert restored.name.text() == "王小明"
    assert restored.summary.toPlainText() == "暂存的内容"
    assert restored.extra_persons()[0]["name"] == "李一"
    assert "已恢复暂存的登记" in restored.message.text()


def test_a_damaged_draft_is_ignored_with_a_word_and_kept_off_the_form(make_window: Any, data_dir: Path) -> None:
    (data_dir / "draft.json").write_text('{"version": 1, "state": ', encoding="utf-8")
    form = make_window().registration
    assert "暂存文件无法读取" in form.message.text()
    assert form.is_empty()


def test_draft_is_removed_after_registration(qtbot: Any, form: Any, data_dir: Path) -> None:
    card_reader(qtbot, form.id_number, valid_id(seq=71))
    type_chinese(form.name, "王小明")
    alt(qtbot, "Z")
    type_chinese(form.summary, "反映问题。")
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert (data_dir / "draft.json").exists()
    ctrl_enter(qtbot)
    qtbot.waitUntil(lambda: bool(form.last_number), timeout=10_000)
    assert not (data_dir / "draft.json").exists()


def test_receipt_is_printed_in_the_background_when_documents_exist(qtbot: Any, form: Any, data_dir: Path) -> None:
    if getattr(form.services, "documents", None) is None:
        pytest.skip("no documents service in this build")
    card_reader(qtbot, form.id_number, valid_id(seq=81))
    type_chinese(form.name, "王小明")
    alt(qtbot, "Z")
    type_chinese(form.summary, "反映问题。")
    ctrl_enter(qtbot)
    qtbot.waitUntil(lambda: form.last_print_path is not None or "回执未能生成" in form.message.text(), timeout=30_000)
    assert form.last_print_path is not None, form.message.text()
    assert form.last_print_path.exists()
    assert "预览/打印回执" in form.message.text()


def test_enter_walks_the_fields_in_paper_form_order(qtbot: Any, form: Any) -> None:
    order = []
    widget = form.id_number
    for _ in range(6):
        qtbot.keyClick(widget, Qt.Key.Key_Return)
        widget = focused()
        order.append(widget)
    assert order[:5] == [form.name, form.phone, form.address, form.headcount, form.collective]


def test_content_category_searches_inside_paths(qtbot: Any, form: Any) -> None:
    combo = form.content_category
    combo.setFocus()
    type_chinese(combo, "户籍")
    completer = combo.completer()
    assert completer.completionCount() >= 1
    assert "政法 › 户籍证件" in [completer.model().index(i, 0).data() for i in range(completer.model().rowCount())]
    combo.set_code("政法/刑案侦破")
    assert combo.code() == "政法/刑案侦破"
    assert combo.currentText() == "政法 › 刑案侦破"
