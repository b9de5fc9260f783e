"""The companions/representatives table of the registration form, and the combo box its role column edits with.

The form decides what a role change means (the sixth representative is refused, 条例 art 20), so the delegate
hands the choice back to it through :class:`RoleChooser` instead of writing the cell itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QTableWidget, QTableWidgetItem, QWidget

from reception.domain.codes import PartyRole
from reception.ui.theme import MUTED

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtWidgets import QStyleOptionViewItem

__all__ = ["COL_ID", "COL_NAME", "COL_PHONE", "COL_ROLE", "ROLE_CODE", "PersonsTable", "RoleChooser", "RoleDelegate"]

# Columns of the companions/representatives table.
COL_NAME, COL_ID, COL_PHONE, COL_ROLE = range(4)
ROLE_CODE = Qt.ItemDataRole.UserRole


class RoleChooser(Protocol):
    """What the role delegate needs from the form."""

    def extra_role_labels(self) -> dict[str, str]: ...

    def set_person_role(self, row: int, role: str) -> bool: ...


class RoleDelegate(QStyledItemDelegate):
    """The role cell edits with a combo box; the form may refuse a choice (the sixth representative)."""

    def __init__(self, form: RoleChooser, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._form = form

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        del option, index
        combo = QComboBox(parent)
        for code, label in self._form.extra_role_labels().items():
            combo.addItem(label, code)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        code = index.data(ROLE_CODE)
        position = editor.findData(code)
        editor.setCurrentIndex(max(position, 0))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        del model  # the form writes the cell (set_person_role), or refuses
        assert isinstance(editor, QComboBox)
        self._form.set_person_role(index.row(), str(editor.currentData()))


class PersonsTable(QTableWidget):
    """The companions/representatives table; says how to add someone while it is empty."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.placeholder = placeholder
        # A viewport made here, so paintEvent's ``viewport()`` returns a known wrapper: on Qt's own one, the first
        # call makes PySide create every QtWidgets type it has not created yet (about 5 ms at the first paint).
        self.setViewport(QWidget(self))

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if self.rowCount() or not self.placeholder:
            return
        painter = QPainter(self.viewport())
        painter.setPen(QColor(MUTED))
        rect = self.viewport().rect().adjusted(12, 8, -12, -8)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
        painter.end()

    # -- rows as plain data ------------------------------------------------------------------------------------

    def cell(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def role(self, row: int) -> str:
        item = self.item(row, COL_ROLE)
        return str(item.data(ROLE_CODE)) if item is not None else PartyRole.COMPANION.value

    def rows(self) -> list[dict[str, str]]:
        """Every row as ``{"name", "id_number", "phone", "role"}`` (empty rows too: the draft keeps them)."""
        return [
            {
                "name": self.cell(row, COL_NAME),
                "id_number": self.cell(row, COL_ID),
                "phone": self.cell(row, COL_PHONE),
                "role": self.role(row),
            }
            for row in range(self.rowCount())
        ]

    def append_person(self, person: dict[str, Any], role_label: str) -> int:
        """Add ``person`` as a row without telling ``itemChanged`` (nothing was typed); returns the row."""
        row = self.rowCount()
        self.blockSignals(True)
        self.insertRow(row)
        for column, key in ((COL_NAME, "name"), (COL_ID, "id_number"), (COL_PHONE, "phone")):
            self.setItem(row, column, QTableWidgetItem(str(person.get(key, ""))))
        role = str(person.get("role") or PartyRole.COMPANION.value)
        role_item = QTableWidgetItem(role_label)
        role_item.setData(ROLE_CODE, role)
        self.setItem(row, COL_ROLE, role_item)
        self.blockSignals(False)
        return row
