"""检举控告 (条例 art 30) at the desk: a clerk who did not receive a complaint types its complainant's name, ID or
phone into the ledger's search box, Ctrl+K and the registration form's ID field, and never reaches it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from reception.domain.roles import Principal, Role
from reception.ui.models.ledger import NUMBER_ROLE
from tests.ui.conftest import type_chinese, valid_id

OTHER = Principal("王五", Role.CLERK)
SUPERVISOR = Principal("赵科长", Role.SUPERVISOR)
NAME, PHONE = "王检举", "13600001111"
ID = valid_id(region="420106", birth="19660606", seq=31)


def _complaint() -> dict[str, Any]:
    received = (datetime.now() - timedelta(days=2)).replace(microsecond=0)
    return {
        "channel": "visit",
        "received_at": received.isoformat(),
        "source": {"kind": "own"},
        "persons": [
            {"name": NAME, "id_number": ID, "phone": PHONE, "address": "××市××区人民路1号", "role": "petitioner"}
        ],
        "headcount": 1,
        "purpose": "complaint",
        "category": "complaint",
        "summary": "检举××派出所民警违规收费。",
        "accused": "××派出所民警",
        "clerk": "李四",
    }


@pytest.fixture
def complaint(desk_services: Any) -> str:
    return desk_services.ledger.register(_complaint(), actor=Principal("李四", Role.CLERK)).number


def _ledger_numbers(view: Any) -> list[str]:
    return [view.model.index(r, 0).data(NUMBER_ROLE) for r in range(view.model.rowCount())]


def _search_ledger(qtbot: Any, window: Any, text: str, *, chinese: bool) -> Any:
    window.show_page("ledger")
    view = window.ledger_view
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=10_000)
    view.search.setFocus()
    view.search.clear()
    if chinese:
        type_chinese(view.search, text)
    else:
        qtbot.keyClicks(view.search, text)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    return view


@pytest.mark.parametrize(("text", "chinese"), [(NAME, True), (ID, False), (PHONE, False), (PHONE[-4:], False)])
def test_ledger_search_box_of_another_clerk_never_lists_the_complaint(
    qtbot: Any, make_window: Any, complaint: str, text: str, chinese: bool
) -> None:
    window = make_window(actor=OTHER)
    view = _search_ledger(qtbot, window, text, chinese=chinese)
    assert complaint not in _ledger_numbers(view)
    assert "筛选后 0 件" in view.count_text()


def test_ledger_search_box_of_a_supervisor_lists_it(qtbot: Any, make_window: Any, complaint: str) -> None:
    window = make_window(actor=SUPERVISOR)
    view = _search_ledger(qtbot, window, NAME, chinese=True)
    assert _ledger_numbers(view) == [complaint]


@pytest.mark.parametrize(("text", "chinese"), [(NAME, True), (ID, False), (PHONE, False)])
def test_ctrl_k_of_another_clerk_finds_nothing(
    qtbot: Any, make_window: Any, complaint: str, text: str, chinese: bool
) -> None:
    window = make_window(actor=OTHER)
    window.registration.id_number.setFocus()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    if chinese:
        type_chinese(window.search, text)
    else:
        qtbot.keyClicks(window.search, text)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "没有找到" in window.statusBar().currentMessage(), timeout=5000)
    assert window.current_page() != "detail"


def test_id_field_of_another_clerk_shows_no_history_nor_address(qtbot: Any, make_window: Any, complaint: str) -> None:
    window = make_window(actor=OTHER)
    form = window.registration
    form.id_number.setFocus()
    qtbot.keyClicks(form.id_number, ID)
    qtbot.keyClick(form.id_number, Qt.Key.Key_Return)
    qtbot.wait(600)  # the lookup's debounce and its background query
    assert form.history.numbers() == []
    assert form.name.text() == "" and form.address.text() == ""
    assert PHONE[-4:] not in form.phone.placeholderText()


def test_id_field_of_a_supervisor_shows_the_history(qtbot: Any, make_window: Any, complaint: str) -> None:
    window = make_window(actor=SUPERVISOR)
    form = window.registration
    form.id_number.setFocus()
    qtbot.keyClicks(form.id_number, ID)
    qtbot.keyClick(form.id_number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.history.numbers() == [complaint], timeout=5000)
    assert form.name.text() == NAME
