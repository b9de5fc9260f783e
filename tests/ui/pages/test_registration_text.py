"""Hostile text typed or pasted into the registration form: the ledger's refusal is shown beside the field,
nothing is registered and nothing typed is lost."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reception.services.ledger import LedgerFilter

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _ctrl_enter(qtbot: Any) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("张😀", "姓名中的“😀”无法打印，请改用常用字或拼音"),
        ("张\u202e三", "姓名含有不可见的格式字符（U+202E"),
        ("\u200b\u200b", "姓名"),
    ],
)
def test_a_hostile_name_is_refused_beside_the_name_field(
    qtbot: Any, form: Any, desk_services: Any, name: str, words: str
) -> None:
    form.name.setText(name)  # pasted
    form.summary.setPlainText("反映问题。")
    form.name.setFocus()
    _ctrl_enter(qtbot)
    qtbot.waitUntil(form.name_message.isVisible, timeout=5000)
    assert words in form.name_message.text()
    assert desk_services.ledger.ledger_count(LedgerFilter()) == 0
    assert form.name.text() == name, "nothing typed is lost"


def test_a_control_character_in_the_summary_is_refused_beside_it(qtbot: Any, form: Any, desk_services: Any) -> None:
    form.name.setText("王小明")
    form.summary.setPlainText("反映问题\x1b]0;pwned\x07。")
    form.name.setFocus()
    _ctrl_enter(qtbot)
    qtbot.waitUntil(form.summary_message.isVisible, timeout=5000)
    assert "摘要含有不可见的控制字符（U+001B" in form.summary_message.text()
    assert desk_services.ledger.ledger_count(LedgerFilter()) == 0
