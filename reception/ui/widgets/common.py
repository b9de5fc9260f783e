"""Small widgets the desk's forms share: the inline field message, Enter-to-next-field, the content-category picker.

Everything here exists so the clerk can keep both hands on the keyboard: Enter walks the form like Tab, and a
mistake is told beside the field instead of in a dialog that hides what was typed.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import cast

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reception.resources import resource_path

__all__ = [
    "CATEGORY_SEPARATOR",
    "ContentCategoryCombo",
    "EnterNavigator",
    "FieldMessage",
    "load_content_categories",
    "python_date",
    "python_datetime",
    "set_invalid",
    "with_message",
]


def python_date(value: QDate) -> date:
    """``QDate.toPython()`` with its real type (PySide's stub says ``object``)."""
    return cast(date, value.toPython())


def python_datetime(value: QDateTime) -> datetime:
    """``QDateTime.toPython()`` with its real type (PySide's stub says ``object``)."""
    return cast(datetime, value.toPython())


# How a content-category path is shown; the ledger stores it joined by "/".
CATEGORY_SEPARATOR = " › "


class FieldMessage(QLabel):
    """The line under a field: red for a refusal, green for a confirmation (e.g. what an ID number says)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, text: str) -> None:
        self._show(text, "error")

    def show_ok(self, text: str) -> None:
        self._show(text, "ok")

    def show_hint(self, text: str) -> None:
        self._show(text, "hint")

    def show_warning(self, text: str) -> None:
        """Something to look at twice that does not stop registration (e.g. an unknown region code)."""
        self._show(text, "warning")

    def clear_message(self) -> None:
        self.setText("")
        self.setProperty("role", "")
        self.hide()

    def is_error(self) -> bool:
        return not self.isHidden() and self.property("role") == "error"

    def _show(self, text: str, role: str) -> None:
        if not text:
            self.clear_message()
            return
        self.setText(text)
        self.setProperty("role", role)
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Red border on a field (the message beside it says why; colour is never the only sign)."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def with_message(field: QWidget, message: FieldMessage, *extra: QWidget) -> QWidget:
    """A field with its message line below it, as one cell of a form layout."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    for widget in extra:
        layout.addWidget(widget)
    layout.addWidget(message)
    return box


class EnterNavigator(QObject):
    """Enter in a one-line field moves to the next field, like Tab (the paper form's order).

    Install on each field.  Multi-line fields are not affected (Enter starts a new line there), nor is Enter
    with a modifier (Ctrl+Enter registers), nor an editable combo box whose completer is open (Enter picks).
    ``entered`` is emitted with the widget before focus moves, so the ID field can validate on the card
    reader's closing Enter.
    """

    entered = Signal(QWidget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        if key_event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if key_event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if isinstance(watched, QComboBox):
            if watched.view().isVisible():
                return False
            if _popup_open(watched.completer()):
                return False
        elif isinstance(watched, QLineEdit):
            if _popup_open(watched.completer()):
                return False
        elif not isinstance(watched, (QAbstractSpinBox, QCheckBox)):
            return False
        self.entered.emit(watched)
        watched.focusNextChild()
        return True


# -- 内容分类 -----------------------------------------------------------------------------------------------


def _popup_open(completer: QCompleter | None) -> bool:
    popup = completer.popup() if completer is not None else None
    return popup is not None and popup.isVisible()


def load_content_categories(path: Path | None = None) -> list[tuple[str, ...]]:
    """Every node of the category tree as its path, parents before children, in file order."""
    path = path or resource_path("data", "content_categories.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    result: list[tuple[str, ...]] = []

    def walk(nodes: list[dict], prefix: tuple[str, ...]) -> None:
        for node in nodes:
            name = str(node.get("name", "")).strip()
            if not name:
                continue
            result.append((*prefix, name))
            walk(node.get("children") or [], (*prefix, name))

    walk(data.get("categories") or [], ())
    return result


class _ContainsFilter(QSortFilterProxyModel):
    """Completer model: every path containing the typed text, anywhere (so "治安" finds 政法 › 社会治安)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


class ContentCategoryCombo(QComboBox):
    """内容分类: the category tree as an indented list with type-to-search over whole paths.

    First-level entries (政法) and their children (政法 › 社会治安) are all choosable.  Typing any part of a
    path narrows the completer's list; the value is the stored code ``政法/社会治安``.  Free text is kept
    as typed (the tree is the station's own data and may lag behind a new kind of matter).
    """

    code_changed = Signal(str)

    def __init__(self, paths: list[tuple[str, ...]] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(16)
        model = QStandardItemModel(self)
        for path in paths if paths is not None else load_content_categories():
            item = QStandardItem("    " * (len(path) - 1) + path[-1])
            item.setData("/".join(path), Qt.ItemDataRole.UserRole)
            item.setData(CATEGORY_SEPARATOR.join(path), Qt.ItemDataRole.UserRole + 1)
            item.setToolTip(CATEGORY_SEPARATOR.join(path))
            model.appendRow(item)
        self.setModel(model)
        self._paths_model = QStandardItemModel(self)
        for row in range(model.rowCount()):
            source = model.item(row)
            item = QStandardItem(source.data(Qt.ItemDataRole.UserRole + 1))
            item.setData(source.data(Qt.ItemDataRole.UserRole), Qt.ItemDataRole.UserRole)
            self._paths_model.appendRow(item)
        completer = QCompleter(self._paths_model, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self.setCurrentIndex(-1)
        edit = self.lineEdit()
        assert edit is not None  # an editable combo box has one
        edit.setPlaceholderText(self.tr("输入任一字查找，如“治安”"))
        self.activated.connect(self._on_activated)
        # the text overload of activated; PySide's stub does not know signals can be indexed by their argument type
        completer.activated[str].connect(self._on_completed)  # type: ignore[index]
        edit.editingFinished.connect(self._on_editing_finished)

    def code(self) -> str:
        """The stored code of the current text ("" when empty)."""
        text = self.currentText().strip()
        if not text:
            return ""
        return self._code_for_text(text)

    def set_code(self, code: str) -> None:
        code = (code or "").strip()
        if not code:
            self.setCurrentIndex(-1)
            self.setEditText("")
            return
        for row in range(self._paths_model.rowCount()):
            item = self._paths_model.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == code:
                self.setEditText(item.text())
                return
        self.setEditText(code.replace("/", CATEGORY_SEPARATOR))

    def _code_for_text(self, text: str) -> str:
        text = text.strip()
        candidates = []
        for row in range(self._paths_model.rowCount()):
            item = self._paths_model.item(row)
            full = item.text()
            if text == full:
                return str(item.data(Qt.ItemDataRole.UserRole))
            if full.endswith(CATEGORY_SEPARATOR + text) or full == text:
                candidates.append(item)
        # A bare leaf name ("社会治安") that names exactly one node.
        if len(candidates) == 1:
            return str(candidates[0].data(Qt.ItemDataRole.UserRole))
        for row in range(self.model().rowCount()):  # an indented entry picked from the list
            index = self.model().index(row, 0)
            if self.model().data(index) == self.currentText():
                return str(self.model().data(index, Qt.ItemDataRole.UserRole))
        return text.replace(CATEGORY_SEPARATOR, "/")

    def _on_activated(self, row: int) -> None:
        index = self.model().index(row, 0)
        full = self.model().data(index, Qt.ItemDataRole.UserRole + 1)
        if full:
            self.setEditText(str(full))
        self.code_changed.emit(self.code())

    def _on_completed(self, text: str) -> None:
        self.setEditText(text)
        self.code_changed.emit(self.code())

    def _on_editing_finished(self) -> None:
        text = self.currentText().strip()
        if not text:
            return
        code = self._code_for_text(text)
        self.set_code(code)
        self.code_changed.emit(code)
