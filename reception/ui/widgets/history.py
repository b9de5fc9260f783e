"""此人历史: the visitor's earlier matters, shown while the clerk is still typing.

This panel is the point of the registration screen: a repeat visitor is recognised before the clerk asks a second
question, and the new matter is linked to the earlier one (Alt+L) so one person's matters are resolved together —
never to flag the person.  Each running clock shows its due date, the days left and the level's word with its
colour (colour alone is never the message).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reception.ui import labels
from reception.ui.theme import ACCENT, LEVEL_COLOURS, MUTED

if TYPE_CHECKING:
    from reception.domain.views import EarlierMatter, KnownPerson

__all__ = ["HistoryPanel"]


def escape(text: str) -> str:
    """``html.escape(text)``: the same five replacements, without importing :mod:`html` and its 2,000-entry
    entity table at every start of the desk (a history row is shown only once a person is found)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


_NUMBER_ROLE = Qt.ItemDataRole.UserRole
_MATCH_RANK = {"id_number": 0, "phone": 1, "name": 2}


class HistoryPanel(QWidget):
    """Earlier matters of the persons the form's lookup found; Alt+L links the selected one."""

    open_requested = Signal(str)
    links_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._persons: list[KnownPerson] = []
        self._linked: list[str] = []
        self._build()
        self._connect()
        self.clear()

    # -- building ----------------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.title = QLabel()
        self.title.setProperty("role", "page-title")
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.who.setProperty("role", "hint")
        self.list = QListWidget()
        self.list.setObjectName("HistoryList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        self.list.setAccessibleName(self.tr("此人历史"))
        self.empty = QLabel(self.tr("输入证件号、电话或姓名后，这里列出此人以前的事项。"))
        self.keys = QLabel(
            self.tr(
                "Enter 下一栏　Alt+字母 转到该栏\nCtrl+Enter 登记并打印回执\nCtrl+S 暂存　Esc 清空（Ctrl+Z 撤销）\n"
                "Alt+L 关联到所选事项　F6 转到此处"
            )
        )
        self.keys.setProperty("role", "hint")
        self.keys.setWordWrap(True)
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.link_button = QPushButton(self.tr("关联到所选事项  Alt+L"))
        self.link_button.setToolTip(self.tr("新登记的事项作为重件关联到所选的以前事项（再按一次取消）"))
        self.link_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.links = QLabel()
        self.links.setWordWrap(True)
        self.links.setProperty("role", "ok")
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.who)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.keys)
        layout.addWidget(self.links)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.link_button.clicked.connect(self._on_link_clicked)
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.currentItemChanged.connect(self._on_current_changed)

    # -- public ------------------------------------------------------------------------------------------------

    def clear(self) -> None:
        self._persons = []
        self.list.clear()
        self._update_title(0)
        self.who.setText("")
        self.who.hide()
        self.list.hide()
        self.empty.show()
        self.keys.show()
        self.link_button.setEnabled(False)
        self._refresh_links()

    def set_persons(self, persons: list[KnownPerson]) -> None:
        """Show the lookup result (``LedgerService.lookup_persons``): an ID match hides mere name matches."""
        persons = sorted(persons, key=lambda p: _MATCH_RANK.get(p.matched_on, 3))
        if any(p.matched_on == "id_number" for p in persons):
            persons = [p for p in persons if p.matched_on in ("id_number", "phone")]
        self._persons = persons
        self.list.clear()
        rows: list[tuple[KnownPerson, EarlierMatter]] = []
        seen: set[str] = set()
        for person in persons:
            for matter in person.history:
                if matter.number in seen:
                    continue
                seen.add(matter.number)
                rows.append((person, matter))
        rows.sort(key=lambda pm: (pm[1].received_at or "", pm[1].number), reverse=True)
        for person, matter in rows:
            self._add_row(person, matter, show_name=len(persons) > 1)
        self._update_title(len(rows))
        self.who.setText(self._who_text(persons))
        self.who.setVisible(bool(persons))
        self.list.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.keys.setVisible(not rows)
        if persons and not rows:
            self.empty.setText(self.tr("档案中有此人，但没有以前的事项。"))
        elif not persons:
            self.empty.setText(self.tr("没有找到此人的档案：这是第一次来访。"))
        if rows:
            self.list.setCurrentRow(0)
        self.link_button.setEnabled(bool(rows))
        self._refresh_links()

    def persons(self) -> list[KnownPerson]:
        return list(self._persons)

    def numbers(self) -> list[str]:
        return [self.list.item(i).data(_NUMBER_ROLE) for i in range(self.list.count())]

    def selected_number(self) -> str:
        item = self.list.currentItem()
        return str(item.data(_NUMBER_ROLE)) if item is not None else ""

    def select_number(self, number: str) -> bool:
        for i in range(self.list.count()):
            if self.list.item(i).data(_NUMBER_ROLE) == number:
                self.list.setCurrentRow(i)
                return True
        return False

    def linked(self) -> list[str]:
        return list(self._linked)

    def set_linked(self, numbers: list[str]) -> None:
        self._linked = [str(n) for n in numbers if n]
        self._refresh_links()

    def toggle_link_selected(self) -> str:
        """Link (or unlink) the selected earlier matter; returns its number ("" when nothing is selected)."""
        number = self.selected_number()
        if not number:
            return ""
        if number in self._linked:
            self._linked.remove(number)
        else:
            self._linked.append(number)
        self._refresh_links()
        self.links_changed.emit(self.linked())
        return number

    # -- rows --------------------------------------------------------------------------------------------------

    def _update_title(self, count: int) -> None:
        self.title.setText(self.tr("此人历史 ({0})").format(count))

    def _who_text(self, persons: list[KnownPerson]) -> str:
        if not persons:
            return ""
        if len(persons) == 1:
            p = persons[0]
            how = {"id_number": self.tr("按证件号"), "phone": self.tr("按电话"), "name": self.tr("按姓名")}.get(
                p.matched_on, ""
            )
            parts = [p.name, p.id_number, p.phone]
            return " · ".join(x for x in parts if x) + (f"（{how}）" if how else "")
        if all(p.matched_on == "name" for p in persons):
            return self.tr("同名 {0} 人，请用证件号核对是否同一人").format(len(persons))
        return self.tr("找到 {0} 份档案").format(len(persons))

    def _add_row(self, person: KnownPerson, matter: EarlierMatter, *, show_name: bool) -> None:
        item = QListWidgetItem()
        item.setData(_NUMBER_ROLE, matter.number)
        label = QLabel(self._row_html(person, matter, show_name=show_name))
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setContentsMargins(8, 6, 8, 6)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        item.setToolTip(matter.summary)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, label.text())
        self.list.addItem(item)
        self.list.setItemWidget(item, label)
        width = max(self.list.viewport().width() - 8, 240)
        item.setSizeHint(QSize(width, label.heightForWidth(width) + 4))

    def _row_html(self, person: KnownPerson, matter: EarlierMatter, *, show_name: bool) -> str:
        linked = matter.number in self._linked
        head = [f"<b>{escape(matter.received_at)}</b>"]
        if matter.is_repeat:
            head.append(self.tr("重件"))
        head.append(escape(labels.label(matter.status_label)))
        if show_name:
            head.append(escape(person.name))
        summary = escape(_shorten(matter.summary, 46))
        lines = [
            "&nbsp;&nbsp;".join(head),
            f"<span style='color:{MUTED}'>{escape(matter.number)}</span>",
            summary,
        ]
        clock = self._clock_html(matter)
        if clock:
            lines.append(clock)
        elif matter.satisfaction:
            lines.append(escape(self._satisfaction_label(matter.satisfaction)))
        if linked:
            linked_text = self.tr("已关联到本次登记")
            lines.append(f"<span style='color:{ACCENT}'><b>✓ {escape(linked_text)}</b></span>")
        return "<br>".join(lines)

    def _clock_html(self, matter: EarlierMatter) -> str:
        due = matter.due
        if not due:
            return ""
        days = matter.days_left
        if days is None:
            left = ""
        elif days >= 0:
            left = self.tr("剩 {0} 天").format(days)
        else:
            left = self.tr("超 {0} 天").format(-days)
        level = matter.level or ""
        word = labels.label(matter.level_label or "")
        badge = ""
        if level and level != "normal" and word:
            bg, fg = LEVEL_COLOURS.get(level, ("#dddddd", "#000000"))
            badge = (
                f"&nbsp;<span style='background-color:{bg}; color:{fg}; white-space:nowrap'>"
                f"&nbsp;{escape(word)}&nbsp;</span>"
            )
        elif word:
            badge = f"&nbsp;<span style='color:{MUTED}'>{escape(word)}</span>"
        # The level's word comes first, so it never wraps away from its colour on a narrow panel.
        # Days left first (the word that matters), then the date; a narrow panel may break only at " · ".
        until = self.tr("至")
        when = left.replace(" ", "&nbsp;") + " · " + f"{escape(until)}&nbsp;{escape(due)}"
        return f"{badge.removeprefix('&nbsp;')}{'&nbsp;' if badge else ''}{when}"

    def _satisfaction_label(self, code: str) -> str:
        labels = {"satisfied": self.tr("满意"), "basic": self.tr("基本满意"), "dissatisfied": self.tr("不满意")}
        return labels.get(code, code)

    def _refresh_links(self) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            number = item.data(_NUMBER_ROLE)
            widget = self.list.itemWidget(item)
            for person in self._persons:
                matter = next((h for h in person.history if h.number == number), None)
                if matter is not None and isinstance(widget, QLabel):
                    widget.setText(self._row_html(person, matter, show_name=len(self._persons) > 1))
                    width = max(self.list.viewport().width() - 8, 240)
                    item.setSizeHint(QSize(width, widget.heightForWidth(width) + 4))
                    break
        if self._linked:
            self.links.setText(self.tr("本次登记将关联：{0}").format("、".join(self._linked)))
            self.links.show()
        else:
            self.links.setText("")
            self.links.hide()
        number = self.selected_number()
        if number and number in self._linked:
            self.link_button.setText(self.tr("取消关联所选事项  Alt+L"))
        else:
            self.link_button.setText(self.tr("关联到所选事项  Alt+L"))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self.list.count():
            # Nothing to re-wrap (as at start-up).  The first ``viewport()`` of the process makes PySide create
            # every QtWidgets type it has not yet created (about 5 ms), which the desk need not pay before its
            # first paint.
            return
        width = max(self.list.viewport().width() - 8, 240)
        for i in range(self.list.count()):
            item = self.list.item(i)
            widget = self.list.itemWidget(item)
            if isinstance(widget, QLabel):
                item.setSizeHint(QSize(width, widget.heightForWidth(width) + 4))

    # -- slots -------------------------------------------------------------------------------------------------

    @Slot()
    def _on_link_clicked(self) -> None:
        self.toggle_link_selected()

    @Slot(QListWidgetItem)
    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(str(item.data(_NUMBER_ROLE)))

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current_changed(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        del current, previous
        self._refresh_links()


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
