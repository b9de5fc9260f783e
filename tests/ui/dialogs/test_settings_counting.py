"""设置 › 节假日与期限: each counting rule is a checkbox with its default's source beside it; a change saved from
the keyboard is the ledger's, and the ledger's stored due dates follow it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from reception.domain.clocks import COUNTING_SETTINGS
from reception.domain.roles import Principal, Role
from tests.actors import admin

ADMIN = Principal(name="admin", role=Role.ADMINISTRATOR)


def _open(qtbot: Any, services: Any) -> Any:
    from reception.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(services, actor=ADMIN)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_every_rule_shows_its_default_and_source(qtbot: Any, desk_services: Any) -> None:
    dialog = _open(qtbot, desk_services)
    hints = [w.text() for w in dialog.findChildren(QLabel)]
    for key, (_label, _field, source) in COUNTING_SETTINGS.items():
        assert source in hints, key
    assert dialog.counting["count_first_day"].isChecked()
    assert dialog.counting["count_holiday_roll"].isChecked()
    assert not dialog.counting["count_weekend_roll"].isChecked()
    assert all("resources/" not in text for text in hints)  # no developer paths in a clerk's dialog


def test_rolling_past_weekends_chosen_by_keyboard_moves_stored_due_dates(
    qtbot: Any, desk_services: Any, sample_registration: Any
) -> None:
    led = desk_services.ledger
    number = led.register(sample_registration(received_at="2026-11-13T09:30:00", clerk="王警官"), actor=admin()).number
    matter_id = led.repo.matter_id(number)
    assert led.rows([matter_id])[0].due == "2026-11-28"  # a Saturday
    dialog = _open(qtbot, desk_services)
    box = dialog.counting["count_weekend_roll"]
    for _ in range(dialog.tabs.count()):  # Ctrl+Tab through the tabs to 节假日与期限
        if box.isVisible():
            break
        qtbot.keyClick(dialog.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert box.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # its mnemonic
    qtbot.waitUntil(box.isChecked, timeout=2_000)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and not dialog.isVisible(), timeout=10_000)
    assert led.setting("count_weekend_roll") == "1"
    assert led.rows([matter_id])[0].due == "2026-11-30"
