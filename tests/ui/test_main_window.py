"""The main window: title, pages by function key, search box, menus, status bar, settings, language."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog

from reception.domain.identity import check_digit
from reception.resources import resource_path
from tests.actors import admin
from tests.ui.conftest import CLERK


def valid_id(seq: int) -> str:
    first17 = f"42010619850315{seq:03d}"
    return first17 + check_digit(first17)


def registration(seq: int, *, days_ago: int = 0, headcount: int = 1, summary: str = "反映邻里纠纷。") -> dict:
    received = (datetime.now() - timedelta(days=days_ago, minutes=1)).replace(microsecond=0)
    return {
        "channel": "visit",
        "received_at": received.isoformat(),
        "source": {"kind": "own"},
        "persons": [{"name": "王𠈌", "id_number": valid_id(seq), "phone": f"138071300{seq:02d}", "role": "petitioner"}],
        "headcount": headcount,
        "purpose": "demand",
        "summary": summary,
        "clerk": "李警官",
    }


def type_chinese_into(widget: Any, text: str) -> None:
    from PySide6.QtGui import QInputMethodEvent

    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def key(qtbot: Any, k: Any, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


# ---------------------------------------------------------------------------------------------------------------


def test_title_and_status_bar(qtbot: Any, window: Any) -> None:
    assert window.windowTitle() == "信访接待台 — ××市公安局 · 1号窗口 · 接待人 王警官"
    assert window.station_label.text() == "工作站 01"
    assert window.clerk_label.text() == "接待人 王警官"
    assert window.db_label.text() == "数据库 本机 desk.db"
    assert window.backup_label.text() == "从未备份"
    assert window.backup_label.property("stale") is True, "never backed up is shown in red"
    qtbot.waitUntil(lambda: window.today_label.text() == "今日登记 0 件 0 人", timeout=5000)


def test_today_counts_matters_and_persons(qtbot: Any, window: Any, desk_services: Any) -> None:
    desk_services.ledger.register(registration(1, headcount=3), actor=admin("李警官"))
    desk_services.ledger.register(registration(2), actor=admin("李警官"))
    desk_services.ledger.register(registration(3, days_ago=2), actor=admin("李警官"))
    window.refresh_status()
    qtbot.waitUntil(lambda: window.today_label.text() == "今日登记 2 件 4 人", timeout=5000)


@pytest.mark.parametrize(("days", "stale"), [(2, False), (10, True)])
def test_backup_age_turns_red_after_the_reminder(
    qtbot: Any, window: Any, desk_services: Any, days: int, stale: bool
) -> None:
    when = (datetime.now() - timedelta(days=days)).replace(microsecond=0).isoformat()
    with desk_services.store.write():
        desk_services.ledger.repo.set_setting("last_backup_at", when)  # as the backup service records it
    window.refresh_status()
    assert window.backup_label.text() == f"上次备份 {days} 天前"
    assert window.backup_label.property("stale") is stale


def test_function_keys_switch_pages(qtbot: Any, window: Any) -> None:
    window.registration.id_number.setFocus()
    key(qtbot, Qt.Key.Key_F3)
    assert window.current_page() == "ledger"
    key(qtbot, Qt.Key.Key_F4)
    assert window.current_page() == "supervise"
    assert window.stack.currentWidget() is window.board
    key(qtbot, Qt.Key.Key_F5)
    assert window.current_page() == "stats"
    assert window.stack.currentWidget() is window.dashboard
    key(qtbot, Qt.Key.Key_F2)
    assert window.current_page() == "register"
    assert window.registration.id_number.hasFocus(), "the form opens on the ID field"


def test_every_menu_action_has_a_shortcut(window: Any) -> None:
    missing = []
    found = {}
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.isSeparator():
                continue
            found[action.text()] = action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
            if action.shortcut().isEmpty() and action.text() != "关于":
                missing.append(action.text())
    assert not missing
    assert found["登记并打印回执"] == "Ctrl+Return"
    assert found["备份…"] == "Ctrl+B" and found["导出…"] == "Ctrl+E" and found["退出"] == "Ctrl+Q"
    assert found["打开事项…"] == "Ctrl+O" and found["搜索"] == "Ctrl+K"
    assert found["登记"] == "F2" and found["台账"] == "F3" and found["督办"] == "F4"
    assert found["统计"] == "F5"


def test_statistics_figure_opens_the_ledger_filtered(qtbot: Any, window: Any) -> None:
    from reception.services.ledger import LedgerFilter

    window.dashboard.matters_requested.emit(LedgerFilter(channels=("letter",)))
    assert window.current_page() == "ledger"
    assert window.ledger_view.current_filter().channels == ("letter",)


def test_export_writes_the_ledger_in_the_background(
    qtbot: Any, window: Any, desk_services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reception.ui.main_window import ExportFileChooser

    desk_services.ledger.register(registration(9), actor=admin("李警官"))
    target = tmp_path / "ledger.xlsx"
    monkeypatch.setattr(
        ExportFileChooser, "choose", classmethod(lambda cls, suggested, parent=None: (str(target), True))
    )
    window.registration.id_number.setFocus()
    key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(target.exists, timeout=15_000)
    qtbot.waitUntil(lambda: "已导出 1 件" in window.statusBar().currentMessage(), timeout=5000)


def test_search_box_opens_the_matter_on_enter(qtbot: Any, window: Any, desk_services: Any) -> None:
    matter = desk_services.ledger.register(registration(5), actor=admin("李警官"))
    window.registration.id_number.setFocus()
    key(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, matter.number)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() == "detail", timeout=5000)
    assert window.detail.number == matter.number


def test_search_with_several_hits_offers_a_list(qtbot: Any, window: Any, desk_services: Any) -> None:
    first = desk_services.ledger.register(registration(6, summary="宅基地纠纷一"), actor=admin("李警官"))
    desk_services.ledger.register(registration(7, summary="宅基地纠纷二"), actor=admin("李警官"))
    window.search.setFocus()
    type_chinese_into(window.search, "宅基地纠纷")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(window.search_results.isVisible, timeout=5000)
    numbers = [
        window.search_results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.search_results.count())
    ]
    assert first.number in numbers
    window.search_results.setCurrentRow(numbers.index(first.number))
    qtbot.keyClick(window.search_results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() == "detail", timeout=5000)
    assert window.detail.number == first.number


def test_history_item_opens_the_earlier_matter(qtbot: Any, window: Any, desk_services: Any) -> None:
    earlier = desk_services.ledger.register(registration(8, days_ago=5), actor=admin("李警官"))
    form = window.registration
    form.id_number.setFocus()
    qtbot.keyClicks(form.id_number, valid_id(8))
    qtbot.waitUntil(lambda: form.history.numbers() == [earlier.number], timeout=5000)
    key(qtbot, Qt.Key.Key_F6)
    assert form.history.list.hasFocus()
    qtbot.keyClick(form.history.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() == "detail", timeout=5000)
    assert window.detail.number == earlier.number
    key(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_page() == "register"
    assert form.id_number.text() == valid_id(8), "going to a matter and back keeps the form"


def test_closing_keeps_an_unfinished_registration_as_draft(qtbot: Any, window: Any, data_dir: Path) -> None:
    window.registration.name.setText("王小明")
    window.close()
    draft = json.loads((data_dir / "draft.json").read_text(encoding="utf-8"))
    assert draft["state"]["name"] == "王小明"


# -- settings ---------------------------------------------------------------------------------------------------


def test_settings_dialog_saves_station_directory_and_language(
    qtbot: Any, window: Any, desk_services: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reception.ui.dialogs.settings import SettingsDialog

    def fake_exec(dialog: SettingsDialog) -> int:
        dialog.fields["agency_name"].setText("湖北省武汉市公安局")
        dialog.fields["agency_short_name"].setText("武公")
        dialog.fields["window"].setText("3")
        dialog.backup_days.setValue(5)
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        dialog._on_add_agency()
        row = dialog.agencies.rowCount() - 1
        for column, text in enumerate(["wc-psb", "武汉市公安局武昌区分局", "公安机关", "武昌区中南路1号", "027-1"]):
            dialog.agencies.item(row, column).setText(text)
        dialog.accept()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)  # saved on a worker thread
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", fake_exec)
    window.registration.id_number.setFocus()
    key(qtbot, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    ledger = desk_services.ledger
    assert ledger.setting("agency_name") == "湖北省武汉市公安局"
    assert ledger.setting("agency_short_name") == "武公"
    assert ledger.setting("window") == "3"
    assert ledger.setting("backup_reminder_days") == "5"
    added = ledger.find_agency("wc-psb")
    assert added is not None and added.kind == "police" and added.address == "武昌区中南路1号"
    assert window.windowTitle() == "信访接待台 — 湖北省武汉市公安局 · 3号窗口 · 接待人 王警官"
    assert json.loads((data_dir / "desk.json").read_text(encoding="utf-8"))["language"] == "en"


def test_each_pc_stamps_its_own_window_number(
    qtbot: Any, make_window: Any, desk_services: Any, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several windows share one ledger: 本机窗口号 is this PC's (desk.json), the ledger keeps the default."""
    from reception.app import build_main_window
    from reception.ui.dialogs.settings import SettingsDialog

    window = make_window()
    default = desk_services.ledger.setting("window")

    def fake_exec(dialog: SettingsDialog) -> int:
        assert dialog.desk_window.isEnabled() and dialog.desk_window.text() == ""
        dialog.desk_window.setText(" 5 ")
        dialog.accept()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)  # saved on a worker thread
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", fake_exec)
    window.registration.id_number.setFocus()
    key(qtbot, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert json.loads((data_dir / "desk.json").read_text(encoding="utf-8"))["window"] == "5"
    assert desk_services.ledger.setting("window") == default  # the other desks' default is untouched
    assert "· 5号窗口 ·" in window.windowTitle()
    data = {**registration(1), **{k: v for k, v in window.registration.registration_data().items() if k == "window"}}
    assert data["window"] == "5"
    here = desk_services.ledger.register(data, actor=CLERK)
    assert desk_services.ledger.get(here.number).window == "5"
    job = desk_services.documents.build_job(
        desk_services.ledger.get(here.number), "receipt", actor=CLERK.name, now=datetime.now()
    )
    assert job.window == "5"

    # Another PC on the same ledger (its own data folder) without a window number of its own: the default.
    other = build_main_window(desk_services, actor=CLERK, data_dir=tmp_path / "other-pc")
    qtbot.addWidget(other)
    assert "window" not in other.registration.registration_data()
    there = desk_services.ledger.register(registration(2), actor=CLERK)
    assert desk_services.ledger.get(there.number).window == default
    assert f"· {default}号窗口 ·" in other.windowTitle()


def test_settings_refusal_is_shown_and_dialog_stays_open(qtbot: Any, desk_services: Any) -> None:
    from reception.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(desk_services, actor=CLERK)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["station_code"].setText("01 号")
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.isVisible()
    assert "只能用字母、数字和连字符" in dialog.messages["station_code"].text()
    assert desk_services.ledger.setting("station_code") == "01"


def test_duplicate_agency_name_is_refused_at_its_row(qtbot: Any, desk_services: Any) -> None:
    from reception.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(desk_services, actor=CLERK)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog._on_add_agency()
    row = dialog.agencies.rowCount() - 1
    dialog.agencies.item(row, 0).setText("dup")
    dialog.agencies.item(row, 1).setText("12345政务服务便民热线")
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.isVisible()
    assert "已有名为" in dialog.agency_message.text()
    assert dialog.agencies.currentRow() == row


def test_holiday_calendar_import(qtbot: Any, desk_services: Any, data_dir: Path, tmp_path: Path) -> None:
    from reception.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(desk_services, data_dir=data_dir, actor=CLERK)
    qtbot.addWidget(dialog)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 1, "years": ', encoding="utf-8")
    assert dialog.import_calendar(bad) is False
    assert "不是有效的 JSON" in dialog.calendar_message.text()
    assert not (data_dir / "holidays.json").exists()

    good = resource_path("data", "holidays.json")
    assert dialog.import_calendar(good) is True
    assert (data_dir / "holidays.json").read_bytes() == good.read_bytes()
    assert "已导入" in dialog.calendar_message.text()
    assert "2026" in dialog.calendar_years.text()


# -- language ---------------------------------------------------------------------------------------------------


def test_english_translation_covers_the_main_window(qtbot: Any, make_window: Any) -> None:
    from reception.app import install_translator

    app = QApplication.instance()
    translators = install_translator(app, "en")
    assert translators, "resources/i18n/reception_en.qm is built and loads"
    try:
        window = make_window()
        menus = [a.text() for a in window.menuBar().actions()]
        assert menus[:2] == ["&File", "Matt&er"]
        assert window.windowTitle().startswith("Reception desk — ")
        assert window.registration.register_button.text() == "Register and print receipt  Ctrl+Enter"
        assert window.registration.history.title.text() == "Earlier matters (0)"
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def test_run_desk_opens_the_window_from_the_command(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reception.app as app_module
    from reception.ui.main_window import MainWindow

    monkeypatch.setattr(app_module, "desk_data_dir", lambda: tmp_path / "user-data")
    from reception.ui.dialogs.login import FirstAdminDialog

    def first_start(services: Any, parent: Any = None) -> tuple[Any, bool]:
        # The dialog's own test drives its fields; here only its result matters (STYLE: patch the classmethod).
        return services.accounts.create_first_admin("admin", "张管理", "first-start-pw"), True

    monkeypatch.setattr(FirstAdminDialog, "set_up", classmethod(lambda cls, s, p=None: first_start(s, p)))
    seen: list[str] = []

    def close_soon() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget.windowTitle())
                widget.close()

    QTimer.singleShot(500, close_soon)
    assert app_module.run_desk(str(tmp_path / "cli.db")) == 0
    assert seen and seen[0].startswith("信访接待台 — ") and seen[0].endswith("接待人 张管理")
    assert (tmp_path / "user-data" / "desk.json").exists()


# -- login and the background helper ----------------------------------------------------------------------------


def test_login_dialog_shows_refusal_inline_and_returns_the_principal(qtbot: Any, desk_services: Any) -> None:
    from reception.ui.dialogs.login import LoginDialog

    desk_services.accounts.create_first_admin("wang", "王警官", "correct horse 1")
    dialog = LoginDialog(desk_services.accounts.login)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "wang")
    qtbot.keyClicks(dialog.password, "wrong")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.is_checking(), timeout=10_000)  # the password is checked off the GUI thread
    assert dialog.isVisible() and dialog.message.isVisible() and dialog.message.text() == "用户名或密码不对"
    assert dialog.password.text() == "" and dialog.password.hasFocus()
    qtbot.keyClicks(dialog.password, "correct horse 1")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
    assert dialog.principal.name == "王警官"


def test_the_password_is_checked_off_the_gui_thread_while_the_dialog_takes_keystrokes(qtbot: Any) -> None:
    """A password check is a slow key derivation (and may wait for the ledger to open behind the dialog): the
    dialog's window must keep taking keys meanwhile, and 登录 pressed again must not start a second check."""
    import threading

    from reception.domain.roles import Principal, Role
    from reception.ui.dialogs.login import LoginDialog

    release = threading.Event()
    calls: list[tuple[str, str, bool]] = []

    def verify(username: str, password: str) -> Principal:
        calls.append((username, password, threading.current_thread() is threading.main_thread()))
        release.wait(10)
        return Principal("王警官", Role.CLERK)

    dialog = LoginDialog(verify)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "wang")
    qtbot.keyClicks(dialog.password, "pw")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(calls), timeout=5_000)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # pressed again while the first check runs
    qtbot.keyClicks(dialog.username, "x")  # the dialog is not frozen by the check
    assert dialog.username.text() == "wangx" and dialog.is_checking() and dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
    assert calls == [("wang", "pw", False)] and dialog.principal.name == "王警官"


def test_first_start_creates_the_administrator(qtbot: Any, desk_services: Any) -> None:
    from reception.ui.dialogs.login import FirstAdminDialog

    assert not desk_services.accounts.has_accounts()
    dialog = FirstAdminDialog(desk_services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("admin")
    dialog.display_name.setText("张管理")
    dialog.password.setText("first-start-pw")
    dialog.confirm.setText("different-pw")
    dialog._on_create()
    assert dialog.isVisible() and dialog.message.isVisible() and not desk_services.accounts.has_accounts()
    dialog.confirm.setText("first-start-pw")
    dialog._on_create()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.principal.name == "张管理" and dialog.principal.role == "administrator"
    assert desk_services.accounts.login("admin", "first-start-pw").name == "张管理"


def test_run_in_background_delivers_results_and_errors_on_the_gui_thread(qtbot: Any) -> None:
    import threading

    from PySide6.QtWidgets import QWidget

    from reception.ui.workers import run_in_background

    owner = QWidget()
    qtbot.addWidget(owner)
    seen: list[tuple[str, Any, bool]] = []
    main = threading.get_ident()

    def fail() -> None:
        raise ValueError("磁盘已满")

    run_in_background(
        owner, lambda: threading.get_ident() != main, lambda v: seen.append(("done", v, threading.get_ident() == main))
    )
    run_in_background(
        owner,
        fail,
        lambda v: seen.append(("done", v, False)),
        lambda e: seen.append(("error", str(e), threading.get_ident() == main)),
    )
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert ("done", True, True) in seen, "fn ran off the GUI thread, the callback on it"
    assert ("error", "磁盘已满", True) in seen


def test_run_in_background_drops_callbacks_of_a_deleted_parent(qtbot: Any) -> None:
    import shiboken6
    from PySide6.QtWidgets import QWidget

    from reception.ui.workers import run_in_background, wait_for_background

    owner = QWidget()
    seen: list[Any] = []
    run_in_background(owner, lambda: 42, seen.append)
    shiboken6.delete(owner)
    wait_for_background()
    qtbot.wait(100)
    assert seen == []
