"""The desk on a temporary ledger, and how to type like a clerk in tests.

Chinese text is entered as an input method's commit string (``type_chinese``): ``qtbot.keyClicks`` with
non-ASCII text aborts the whole test process (DESIGN.md "Known traps").  ASCII digits — the card reader's burst —
go through ``qtbot.keyClicks`` like real key presses.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from reception.domain.roles import Principal, Role

#: the desk's account in these tests: an administrator (at the window, as it logged in), so every page is open
CLERK = Principal("王警官", Role.ADMINISTRATOR)


def type_chinese(widget: QWidget, text: str) -> None:
    """Enter ``text`` into ``widget`` as a Chinese input method would: one commit string, no key events."""
    target = widget
    line_edit = getattr(widget, "lineEdit", None)
    if callable(line_edit) and line_edit() is not None:  # an editable combo box types into its line edit
        target = line_edit()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(target, event)


def valid_id(region: str = "420106", birth: str = "19850315", seq: int = 3) -> str:
    from reception.domain.identity import check_digit

    first17 = f"{region}{birth}{seq:03d}"
    return first17 + check_digit(first17)


@pytest.fixture
def chinese() -> Callable[[QWidget, str], None]:
    """``type_chinese(widget, text)`` as a fixture."""
    return type_chinese


@pytest.fixture
def desk_services(tmp_path: Path) -> Iterator[Any]:
    from reception.services.context import open_services
    from reception.ui.workers import wait_for_background

    services = open_services(tmp_path / "desk.db", calendar_file=tmp_path / "data" / "holidays.json")
    yield services
    wait_for_background()
    services.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def make_window(qtbot: Any, desk_services: Any, data_dir: Path) -> Iterator[Callable[..., Any]]:
    """Build (another) main window on the test's ledger and data folder, shown and active."""
    from reception.app import build_main_window, prepare_application
    from reception.ui.workers import wait_for_background

    prepare_application()
    windows: list[Any] = []

    def make(**kwargs: Any) -> Any:
        window = build_main_window(desk_services, actor=kwargs.pop("actor", CLERK), data_dir=data_dir, **kwargs)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        windows.append(window)
        return window

    yield make
    wait_for_background()


@pytest.fixture
def window(make_window: Callable[..., Any]) -> Any:
    return make_window()


@pytest.fixture
def form(window: Any, qtbot: Any) -> Any:
    """The registration form, focus in the ID field (as the desk opens)."""
    form = window.registration
    form.id_number.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(form.id_number.hasFocus, timeout=2000)
    return form
