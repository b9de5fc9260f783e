"""The desk's window: pages (登记 F2, 台账 F3, 督办 F4), the one search box (Ctrl+K), menus and the status bar.

The window owns no business logic: it switches pages, routes a matter number to the detail view, and keeps the
status bar honest (station, clerk, database, last backup, today's count).  Everything it shows comes from the
services handed in by ``app.py``; anything slower than a keystroke goes through :func:`run_in_background`.

Only the page the desk opens with is built at start-up: the registration form.  The ledger's count and first page
load off the GUI thread into the ledger's model while the window is built, so 台账 opens on them at once; the
ledger page itself, 督办, 统计 and 领导接访日 are built the first time they are shown (or their attribute is read),
so the clerk does not wait at every start for widgets, QtCharts and pages they may not open that day.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reception.domain.roles import Principal, Role

# QMessageBox, QFileDialog and QDialogButtonBox are imported where a dialog opens: PySide builds each Qt type (and
# its enums) the first time it is named, and the desk's start should pay only for what it shows.
from reception.services.ledger import LedgerFilter
from reception.ui import labels
from reception.ui.models.ledger import FirstPage, LedgerModel, viewer_of
from reception.ui.pages.registration import RegistrationForm
from reception.ui.theme import ERROR
from reception.ui.workers import LedgerChanges, run_in_background

if TYPE_CHECKING:
    from reception.domain.views import DeskSettings, LedgerRow
    from reception.services.context import Services
    from reception.ui.dialogs.idle_lock import IdleWatcher
    from reception.ui.pages.dashboard import Dashboard
    from reception.ui.pages.detail import MatterDetail
    from reception.ui.pages.leaders import LeaderDaysView
    from reception.ui.pages.ledger import LedgerView
    from reception.ui.pages.supervision import SupervisionBoard
    from reception.ui.prefs import DeskPrefs

__all__ = ["MainWindow", "OpenMatterDialog"]

_log = logging.getLogger(__name__)

PAGE_REGISTER, PAGE_LEDGER, PAGE_SUPERVISE, PAGE_STATS, PAGE_LEADERS, PAGE_DETAIL = (
    "register",
    "ledger",
    "supervise",
    "stats",
    "leaders",
    "detail",
)
_NUMBER_ROLE = Qt.ItemDataRole.UserRole
#: after a login, the ledger's first page is asked for this long after the window's first paint: its thread would
#: otherwise compete with that paint and the clerk's first keystrokes for the interpreter (PySide runs every
#: virtual call of a Python-made widget through it); nothing on screen waits for it (台账 is on F3)
LEDGER_AFTER_PAINT_MS = 150


class OpenMatterDialog(QDialog):
    """事项 › 打开事项 (Ctrl+O): type a matter number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("打开事项"))
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("事项编号(&N)"))
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("如 2026-01-000017"))
        label.setBuddy(self.number)
        from PySide6.QtWidgets import QDialogButtonBox

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(label)
        layout.addWidget(self.number)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.resize(360, self.sizeHint().height())

    @classmethod
    def get_number(cls, parent: QWidget | None = None) -> tuple[str, bool]:
        dialog = cls(parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        number = dialog.number.text().strip()
        dialog.deleteLater()
        return number, accepted and bool(number)


class ExportFileChooser:
    """Where to write the exported ledger; :meth:`choose` returns ``(path, accepted)`` (tests patch it)."""

    @classmethod
    def choose(cls, suggested: Path, parent: QWidget | None = None) -> tuple[str, bool]:
        from reception.ui.widgets.file_dialogs import Mode, choose

        return choose(
            parent,
            QCoreApplication.translate("ExportFileChooser", "导出台账"),
            mode=Mode.SAVE,
            purpose="export",
            file_name=suggested.name,
            filters=QCoreApplication.translate("ExportFileChooser", "Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"),
            avoid=[suggested.parent],
        )


class _SearchResults(QListWidget):
    """The search box's result list: a popup under the box, arrows and Enter, Esc closes."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Popup)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setObjectName("SearchResults")
        self.itemActivated.connect(self._on_item_activated)

    def show_rows(self, rows: list[LedgerRow], anchor: QWidget, more_text: str) -> None:
        self.clear()
        for row in rows:
            text = "  ".join(
                x
                for x in (
                    row.number,
                    row.received_at[:10],
                    row.name,
                    row.id_number,
                    labels.label(row.status_label),
                )
                if x
            )
            item = QListWidgetItem(f"{text}\n    {row.summary[:48]}")
            item.setData(_NUMBER_ROLE, row.number)
            self.addItem(item)
        if more_text:
            item = QListWidgetItem(more_text)
            item.setData(_NUMBER_ROLE, "")
            self.addItem(item)
        width = max(anchor.width(), 560)
        height = min(420, 12 + sum(self.sizeHintForRow(i) for i in range(self.count())))
        self.resize(width, max(height, 60))
        pos = anchor.mapToGlobal(QPoint(anchor.width() - width, anchor.height() + 2))
        self.move(pos)
        self.setCurrentRow(0)
        self.show()
        self.setFocus()

    @Slot(QListWidgetItem)
    def _on_item_activated(self, item: QListWidgetItem) -> None:
        self.hide()
        self.chosen.emit(str(item.data(_NUMBER_ROLE) or ""))


#: who the window works for before :meth:`MainWindow.sign_in`: nobody, with a clerk's authority at most
NO_ONE = Principal("", Role.CLERK)


class MainWindow(QMainWindow):
    """The reception desk.  ``services`` come from ``app.py``; ``data_dir`` holds the draft and printouts."""

    settings_saved = Signal()

    def __init__(
        self,
        services: Services,
        actor: Principal | None,
        *,
        data_dir: Path | None = None,
        prefs: DeskPrefs | None = None,
        ledger_first_page: FirstPage | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``ledger_first_page``: the ledger's first query, started before the window (``FirstPage``, app.py).

        ``actor`` None: the window is built for no one yet (behind the login dialog, app.py); it shows nothing of
        the ledger, asks for nothing of it and must not be shown until :meth:`sign_in` hands it the clerk.
        """
        super().__init__(parent)
        self.services = services
        self.actor: Principal = NO_ONE  # until sign_in: no name, no authority beyond a clerk's
        self.data_dir = data_dir
        self.prefs = prefs
        #: the ledger's count and first page, asked for at sign-in; the ledger page takes it over when first shown
        self.ledger_first_page: FirstPage | None = None
        self._ledger_model: LedgerModel = LedgerModel(services.ledger, self)  # empty until sign-in
        # the desk's one "ledger changed" signal: every page that writes emits it through run_mutation
        self.changes = LedgerChanges(self)
        self._ledger_view: LedgerView | None = None
        self._stale_views: set[LedgerView] = set()  # built list pages that missed a change while hidden
        self._search_results: _SearchResults | None = None  # the search box's popup, made for the first search
        self._pages: dict[str, int] = {}
        # Pages still represented by an empty placeholder in the stack, and how to build each (_ensure_page).
        self._lazy: dict[str, Callable[[], QWidget]] = {}
        self._board: SupervisionBoard | None = None
        self._dashboard: Dashboard | None = None
        self._leader_days: LeaderDaysView | None = None
        self._page_buttons: dict[str, QToolButton] = {}
        self._previous_page = PAGE_REGISTER
        self._search_seq = 0
        self._last_search_text = ""
        self.detail: MatterDetail | None = None
        self.restored_path: Path | None = None
        self.idle_watcher: IdleWatcher | None = None
        self.locked = False
        self.signed_in = False
        self.setObjectName("MainWindow")
        self._build()
        self._build_menus()
        self._build_status_bar()
        self._connect()
        self.show_page(PAGE_REGISTER)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(60_000)
        self._status_timer.timeout.connect(self._on_status_timer)
        if actor is not None:
            self.sign_in(actor, ledger_first_page=ledger_first_page)

    def sign_in(
        self,
        actor: Principal,
        *,
        ledger_first_page: FirstPage | None = None,
        ledger_when_shown: bool = False,
        settings: DeskSettings | None = None,
    ) -> None:
        """The clerk the window works for (once, before it is first shown): who registers, whom the ledger is shown
        to (its first page is asked for now, off the GUI thread), the idle lock, the title and the status bar.

        ``ledger_when_shown``: the ledger's first page is asked for only once the window has been painted on
        screen (the desk after its login; :data:`LEDGER_AFTER_PAINT_MS`), so that the query's thread does not
        compete with the window's first paint and the clerk's first keystroke for the interpreter.
        ``settings``: the ledger's settings as already read (the desk reads them on the thread that checked the
        password, so signing in asks nothing of the ledger on the GUI thread); read here when None.
        """
        assert not self.signed_in, "a window signs in one clerk"
        self.signed_in = True
        self.actor = actor
        self.registration.actor = actor
        services = self.services
        first_page = ledger_first_page
        if first_page is None:
            first_page = FirstPage(services, actor, deferred=ledger_when_shown)
            if ledger_when_shown:
                self.installEventFilter(self)  # until the first paint (eventFilter)
        first_page.setParent(self)
        self.ledger_first_page = first_page
        placeholder, self._ledger_model = self._ledger_model, first_page.model
        placeholder.deleteLater()
        if settings is None:
            settings = services.ledger.settings()
        # The idle lock unlocks with the password of the account that logged in at the desk: none for a principal
        # that did not come through the desk's login (the bench's and the self-test's windows, via "cli").
        if self.viewer is not None and actor.via == "desk" and getattr(services, "accounts", None) is not None:
            from reception.ui.dialogs.idle_lock import IdleWatcher

            try:
                minutes = int(settings.idle_lock_minutes or 10)
            except ValueError:
                minutes = 10
            self.idle_watcher = IdleWatcher(minutes, self)
            self.idle_watcher.idle.connect(self._on_idle)
        self.refresh_title(settings)
        # Today's count waits for the ledger's first page: both read the matters and compete for the same core,
        # and that page is what the clerk needs first; the label fills in a moment later.
        ledger_first = first_page.is_busy()
        self.refresh_status(today=not ledger_first, settings=settings)
        if ledger_first:
            first_page.loaded.connect(self._on_first_ledger_page, Qt.ConnectionType.SingleShotConnection)
        self._status_timer.start()

    # ================================================================ building

    def _build(self) -> None:
        # Parents before children: with the application's style sheet, re-parenting a finished page makes Qt
        # re-style every widget in it, so each page is created inside the stack it will live in.
        central = QWidget(self)
        self.setCentralWidget(central)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_top_bar(central))
        self.stack = QStackedWidget(central)
        layout.addWidget(self.stack, 1)

        draft = self.data_dir / "draft.json" if self.data_dir else None
        prints = self.data_dir / "prints" if self.data_dir else None
        self.registration = RegistrationForm(
            self.services,
            self.actor,
            draft_path=draft,
            prints_dir=prints,
            window=self.desk_window(),
            changes=self.changes,
            parent=self.stack,
        )
        self._add_page(PAGE_REGISTER, self.registration)
        # The ledger's rows are already on their way into ledger_model (FirstPage); its page waits for F3.
        self._add_lazy_page(PAGE_LEDGER, self._build_ledger)
        self._add_lazy_page(PAGE_SUPERVISE, self._build_supervise)
        self._add_lazy_page(PAGE_STATS, self._build_stats)
        self._add_lazy_page(PAGE_LEADERS, self._build_leaders)

        self.detail_page = QWidget(self.stack)
        self.detail_holder = QVBoxLayout(self.detail_page)
        self.detail_holder.setContentsMargins(0, 0, 0, 0)
        self._add_page(PAGE_DETAIL, self.detail_page)

    def _add_lazy_page(self, key: str, build: Callable[[], QWidget]) -> None:
        """Hold ``key``'s place in the stack with an empty widget until :meth:`_ensure_page` builds it."""
        self._add_page(key, QWidget(self.stack))
        self._lazy[key] = build

    def page_built(self, key: str) -> bool:
        """Whether page ``key`` exists as a real page (False while it is still a placeholder)."""
        return key in self._pages and key not in self._lazy

    def _ensure_page(self, key: str) -> None:
        """Build a lazy page and put it where its placeholder was (no-op when built or unknown)."""
        build = self._lazy.pop(key, None)
        if build is None:
            return
        index = self._pages[key]
        placeholder = self.stack.widget(index)
        try:
            page = build()
        except BaseException:
            self._lazy[key] = build  # keep the placeholder; the next visit tries again
            raise
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, page)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        if current == index:
            self.stack.setCurrentIndex(index)

    # The pages' modules are imported here, when a page is first shown, not at start-up (tests/ui/test_startup.py).

    def _build_ledger(self) -> LedgerView:
        from reception.ui.pages.ledger import LedgerView

        first_page, self.ledger_first_page = self.ledger_first_page, None
        if first_page is not None:
            first_page.start()  # asked for now, if the window has not been painted yet
        view = LedgerView(self.services, self.stack, viewer=self.viewer, first_page=first_page)
        view.matter_activated.connect(self.open_matter)
        self._ledger_view = view
        self._ledger_model = view.model
        return view

    def _build_supervise(self) -> SupervisionBoard:
        from reception.ui.pages.supervision import SupervisionBoard

        self._board = SupervisionBoard(self.services, self.actor, parent=self.stack, changes=self.changes)
        self._board.matter_activated.connect(self.open_matter)
        return self._board

    def _build_stats(self) -> Dashboard:
        from reception.ui.pages.dashboard import Dashboard

        self._dashboard = Dashboard(self.services, parent=self.stack)
        self._dashboard.matters_requested.connect(self._on_matters_requested)
        return self._dashboard

    def _build_leaders(self) -> LeaderDaysView:
        from reception.ui.pages.leaders import LeaderDaysView

        self._leader_days = LeaderDaysView(self.services, self.actor, parent=self.stack, changes=self.changes)
        return self._leader_days

    @property
    def search_results(self) -> _SearchResults:
        """The search box's list of hits, a popup under the box (made when the first search has several)."""
        if self._search_results is None:
            self._search_results = _SearchResults(self)
            self._search_results.hide()
            self._search_results.chosen.connect(self._on_search_chosen)
        return self._search_results

    # The pages as properties build themselves on first use (the "built" asserts only tell pyright so).

    @property
    def ledger_view(self) -> LedgerView:
        """The 台账 page."""
        self._ensure_page(PAGE_LEDGER)
        assert self._ledger_view is not None
        return self._ledger_view

    @property
    def ledger_model(self) -> LedgerModel:
        """The ledger's rows: filled with its count and first page at start, before the ledger page is built."""
        return self._ledger_model

    @property
    def board(self) -> SupervisionBoard:
        """The 督办 board."""
        self._ensure_page(PAGE_SUPERVISE)
        assert self._board is not None
        return self._board

    @property
    def dashboard(self) -> Dashboard:
        """The 统计 page."""
        self._ensure_page(PAGE_STATS)
        assert self._dashboard is not None
        return self._dashboard

    @property
    def leader_days(self) -> LeaderDaysView:
        """The 领导接访日 page."""
        self._ensure_page(PAGE_LEADERS)
        assert self._leader_days is not None
        return self._leader_days

    def _build_top_bar(self, parent: QWidget) -> QWidget:
        bar = QFrame(parent)
        bar.setObjectName("TopBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 0, 12, 0)
        row.setSpacing(2)
        self.page_group = QButtonGroup(self)
        self.page_group.setExclusive(True)
        pages = [
            (PAGE_REGISTER, self.tr("登记  F2")),
            (PAGE_LEDGER, self.tr("台账  F3")),
            (PAGE_SUPERVISE, self.tr("督办  F4")),
            (PAGE_STATS, self.tr("统计  F5")),
        ]
        for key, text in pages:
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setProperty("page", True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.page_group.addButton(button)
            self._page_buttons[key] = button
            row.addWidget(button)
        row.addSpacing(16)
        # Shown only on a matter's page: back to where the clerk came from (the form keeps what was typed).
        self.back_button = QPushButton(self.tr("← 返回  Alt+←"))
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.hide()
        row.addWidget(self.back_button)
        row.addStretch(1)
        search_label = QLabel(self.tr("搜索"))
        search_label.setProperty("role", "hint")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("姓名 / 证件号 / 电话 / 编号   Ctrl+K"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self.search.setMaximumWidth(420)
        row.addWidget(search_label)
        row.addSpacing(6)
        row.addWidget(self.search)
        return bar

    def _add_page(self, key: str, widget: QWidget) -> None:
        self._pages[key] = self.stack.addWidget(widget)

    def _action(
        self,
        text: str,
        shortcut: str | QKeySequence | QKeySequence.StandardKey | list[str] | None,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, list):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        elif shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        self.backup_action = self._action(self.tr("备份…"), "Ctrl+B", self._on_backup)
        self.restore_action = self._action(self.tr("从备份恢复…"), "Ctrl+Shift+R", self._on_restore)
        self.export_action = self._action(self.tr("导出…"), "Ctrl+E", self._on_export)
        self.quit_action = self._action(self.tr("退出"), QKeySequence.StandardKey.Quit, self.close)
        self.quit_action.setShortcuts([QKeySequence("Ctrl+Q")])
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        matter_menu = bar.addMenu(self.tr("事项(&E)"))
        form = self.registration
        matter_menu.addAction(form.register_action)
        matter_menu.addAction(form.save_draft_action)
        matter_menu.addAction(form.clear_action)
        matter_menu.addAction(form.undo_clear_action)
        matter_menu.addAction(form.link_action)
        matter_menu.addAction(form.preview_action)
        matter_menu.addSeparator()
        self.open_action = self._action(self.tr("打开事项…"), "Ctrl+O", self._on_open_matter)
        self.search_action = self._action(self.tr("搜索"), "Ctrl+K", self._on_focus_search)
        matter_menu.addAction(self.open_action)
        matter_menu.addAction(self.search_action)

        view_menu = bar.addMenu(self.tr("页面"))
        self.page_actions = {
            PAGE_REGISTER: self._action(self.tr("登记"), "F2", lambda: self.show_page(PAGE_REGISTER)),
            PAGE_LEDGER: self._action(self.tr("台账"), "F3", lambda: self.show_page(PAGE_LEDGER)),
            PAGE_SUPERVISE: self._action(self.tr("督办"), "F4", lambda: self.show_page(PAGE_SUPERVISE)),
            PAGE_STATS: self._action(self.tr("统计"), "F5", lambda: self.show_page(PAGE_STATS)),
            PAGE_LEADERS: self._action(self.tr("领导接访日"), "F7", lambda: self.show_page(PAGE_LEADERS)),
        }
        for action in self.page_actions.values():
            view_menu.addAction(action)
        view_menu.addSeparator()
        self.back_action = self._action(self.tr("返回"), "Alt+Left", self._on_back)
        view_menu.addAction(self.back_action)

        settings_menu = bar.addMenu(self.tr("设置(&O)"))
        self.settings_action = self._action(self.tr("设置…"), "Ctrl+,", self._on_settings)
        settings_menu.addAction(self.settings_action)

        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        self.keys_action = self._action(self.tr("快捷键一览"), "F1", self._on_keys)
        self.about_action = self._action(self.tr("关于"), None, self._on_about)
        help_menu.addAction(self.keys_action)
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        self.station_label = QLabel()
        self.clerk_label = QLabel()
        self.db_label = QLabel()
        self.backup_label = QLabel()
        self.backup_label.setObjectName("backup_label")
        self.today_label = QLabel()
        self.today_label.setObjectName("today_label")
        for label in (self.station_label, self.clerk_label, self.db_label, self.backup_label, self.today_label):
            status.addPermanentWidget(label)

    def _connect(self) -> None:
        for key, button in self._page_buttons.items():
            button.clicked.connect(lambda _=False, k=key: self.show_page(k))
        self.search.returnPressed.connect(self._on_search)
        self.back_button.clicked.connect(self._on_back)
        self.changes.ledger_changed.connect(self._on_ledger_changed)
        self.registration.open_matter_requested.connect(self.open_matter)
        self.registration.status_message.connect(self._on_form_message)
        self.registration.register_action.triggered.connect(self._on_register_from_menu)
        # The lazy pages connect their signals when they are built (_build_ledger, _build_supervise, _build_stats).
        self.search.installEventFilter(self)

    # ================================================================ pages and matters

    def current_page(self) -> str:
        index = self.stack.currentIndex()
        return next((k for k, i in self._pages.items() if i == index), PAGE_REGISTER)

    def show_page(self, key: str) -> None:
        self._ensure_page(key)
        current = self.current_page()
        if current != PAGE_DETAIL:
            self._previous_page = current
        self.stack.setCurrentIndex(self._pages[key])
        self.back_button.setVisible(key == PAGE_DETAIL)
        button = self._page_buttons.get(key)
        if button is not None:
            button.setChecked(True)
        else:
            checked = self.page_group.checkedButton()
            if checked is not None:
                self.page_group.setExclusive(False)
                checked.setChecked(False)
                self.page_group.setExclusive(True)
        if key == PAGE_REGISTER:
            self.registration.setFocus(Qt.FocusReason.OtherFocusReason)
        elif key == PAGE_LEDGER and self._ledger_view is not None:
            if self._ledger_view in self._stale_views:  # a registration or a change while it was hidden
                self._stale_views.discard(self._ledger_view)
                self._ledger_view.refresh()
            self._ledger_view.setFocus(Qt.FocusReason.OtherFocusReason)
        elif key == PAGE_SUPERVISE and self._board is not None:
            self._board.refresh()
            self._board.setFocus(Qt.FocusReason.OtherFocusReason)
        elif key == PAGE_STATS and self._dashboard is not None:
            self._dashboard.refresh()
            self._dashboard.setFocus(Qt.FocusReason.OtherFocusReason)
        elif key == PAGE_LEADERS and self._leader_days is not None:
            self._leader_days.refresh()
            self._leader_days.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            page = self.stack.currentWidget()
            if page is not None:
                page.setFocus(Qt.FocusReason.OtherFocusReason)

    def _ensure_detail(self) -> MatterDetail:
        if self.detail is None:
            from reception.ui.pages.detail import MatterDetail

            self.detail = MatterDetail(self.services, self.actor, changes=self.changes)
            self.detail_holder.addWidget(self.detail)
        return self.detail

    def open_matter(self, number: str) -> None:
        """Show one matter in the detail view (from the ledger, the search box or the history panel)."""
        number = number.strip()
        if not number:
            return
        detail = self._ensure_detail()
        self.show_page(PAGE_DETAIL)
        detail.show_matter(number)
        detail.setFocus(Qt.FocusReason.OtherFocusReason)

    # ================================================================ title and status bar

    @Slot()
    def _on_idle(self) -> None:
        """Hide every page until the same clerk types their password; nothing behind is closed or cleared."""
        from reception.ui.dialogs.idle_lock import UnlockDialog

        principal = self.viewer  # the watcher exists only for a logged-in clerk
        if principal is None:
            return
        central = self.centralWidget()
        assert central is not None  # set in _build
        self.locked = True
        central.setVisible(False)
        self.menuBar().setEnabled(False)
        try:
            while True:
                _none, unlocked = UnlockDialog.run(self.services, principal, self)
                if unlocked:
                    break
        finally:
            central.setVisible(True)
            self.menuBar().setEnabled(True)
            self.locked = False
            if self.idle_watcher is not None:
                self.idle_watcher.reset()

    @property
    def viewer(self) -> Any:
        """The logged-in principal, or None for a plain name (lists then hide 检举控告 complainants)."""
        return viewer_of(self.actor)

    def actor_name(self) -> str:
        return self.actor.name

    def desk_window(self) -> str:
        """This PC's window number (settings › 本机窗口号), or "" for the ledger's default."""
        return self.prefs.window if self.prefs is not None else ""

    def refresh_title(self, settings: DeskSettings | None = None) -> None:
        """``settings``: the ledger's settings as already read (sign_in), else read now."""
        if settings is None:
            settings = self.services.ledger.settings()
        self.setWindowTitle(
            self.tr("信访接待台 — {0} · {1}号窗口 · 接待人 {2}").format(
                settings.agency_name, self.desk_window() or settings.window, self.actor_name()
            )
        )

    def database_text(self) -> str:
        store = getattr(self.services, "store", None)
        path = getattr(store, "path", None)
        if path is not None:
            return self.tr("数据库 本机 {0}").format(Path(path).name)
        url = str(getattr(store, "url", ""))
        parsed = urlparse(url)
        where = (parsed.hostname or "") + (parsed.path or "")  # never the password
        return self.tr("数据库 服务器 {0}").format(where or "?")

    def refresh_status(self, *, today: bool = True, settings: DeskSettings | None = None) -> None:
        """Station, clerk, database and last backup at once; today's count (``today``) from a background query.
        ``settings``: the ledger's settings as already read (sign_in), else read now."""
        if settings is None:
            settings = self.services.ledger.settings()
        self.station_label.setText(self.tr("工作站 {0}").format(settings.station_code))
        self.clerk_label.setText(self.tr("接待人 {0}").format(self.actor_name()))
        self.db_label.setText(self.database_text())
        self._show_backup(settings.last_backup_at, settings.backup_reminder_days)
        if today:
            self._refresh_today()

    def _refresh_today(self) -> None:
        ledger = self.services.ledger
        today = date.today()
        flt = LedgerFilter(date_from=today, date_to=today)

        def work() -> tuple[int, int]:
            count = ledger.ledger_count(flt)
            persons = 0
            if count:
                rows = ledger.ledger_page(flt, offset=0, limit=count)
                persons = sum(r.headcount or 1 for r in rows)
            return count, persons

        run_in_background(self, work, self._on_today_counts, self._on_today_failed)

    def _show_backup(self, last: str, reminder_days: str) -> None:
        try:
            limit = int(reminder_days or 7)
        except ValueError:
            limit = 7
        when: datetime | None = None
        if last:
            try:
                when = datetime.fromisoformat(last)
            except ValueError:
                when = None
        if when is None:
            self.backup_label.setText(self.tr("从未备份"))
            stale = True
        else:
            days = (datetime.now() - when).days
            ago = self.tr("今天") if days <= 0 else self.tr("{0} 天前").format(days)
            self.backup_label.setText(self.tr("上次备份 {0}").format(ago))
            stale = days > limit
        self.backup_label.setProperty("stale", stale)
        self.backup_label.setStyleSheet(f"color: {ERROR}; font-weight: bold;" if stale else "")
        self.backup_label.setToolTip(self.tr("超过 {0} 天未备份时显示为红色（设置 › 备份提醒）").format(limit))

    # ================================================================ event filter (search box keys)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint:
            # The window's first paint (sign_in's ledger_when_shown): the ledger's first page is asked for a moment
            # after it, once the clerk has the form (sooner if 台账 is opened first: _build_ledger).
            self.removeEventFilter(self)
            first_page = self.ledger_first_page
            if first_page is not None:
                QTimer.singleShot(LEDGER_AFTER_PAINT_MS, first_page, first_page.start)
            return False
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() == Qt.Key.Key_Escape:
                self.search.clear()
                self.show_page(self.current_page())
                return True
            results = self._search_results
            if key_event.key() == Qt.Key.Key_Down and results is not None and results.count():
                results.show()
                results.setFocus()
                return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        """Nothing typed is lost: an unfinished registration is kept as the draft for the next start."""
        if not self.registration.is_empty():
            try:
                self.registration.save_draft()
            except OSError as exc:
                from PySide6.QtWidgets import QMessageBox

                answer = QMessageBox.question(
                    self, self.tr("退出"), self.tr("未能暂存正在登记的内容（{0}）。仍要退出吗？").format(exc)
                )
                if answer != QMessageBox.StandardButton.Yes:
                    event.ignore()
                    return
        self._status_timer.stop()
        super().closeEvent(event)

    # ================================================================ slots

    @Slot()
    def _on_status_timer(self) -> None:
        self.refresh_status()

    @Slot()
    def _on_first_ledger_page(self) -> None:
        self._refresh_today()

    def _on_today_counts(self, counts: tuple[int, int]) -> None:
        matters, persons = counts
        self.today_label.setText(self.tr("今日登记 {0} 件 {1} 人").format(matters, persons))

    def _on_today_failed(self, exc: BaseException) -> None:
        self.today_label.setText(self.tr("今日登记 ?"))
        self.today_label.setToolTip(str(exc))

    @Slot()
    def _on_ledger_changed(self) -> None:
        """After every change the desk made (run_mutation): the status bar's counts, then the ledger lists."""
        self.refresh_status()
        self._refresh_lists()

    def _refresh_lists(self) -> None:
        """Visible ledger lists refresh now; hidden ones when next shown (not the properties: they would build
        the page); the prefetched first page, not yet shown, asks again when it is."""
        if self.ledger_first_page is not None:
            self.ledger_first_page.discard()
        view = self._ledger_view
        if view is None:
            return
        if view.isVisible():
            view.refresh()
        else:
            self._stale_views.add(view)

    @Slot(str)
    def _on_form_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    @Slot()
    def _on_register_from_menu(self) -> None:
        if self.current_page() != PAGE_REGISTER:
            self.show_page(PAGE_REGISTER)

    @Slot()
    def _on_focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @Slot()
    def _on_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            return
        self._search_seq += 1
        seq = self._search_seq
        ledger = self.services.ledger
        self.statusBar().showMessage(self.tr("正在查找“{0}”…").format(text))
        viewer = self.viewer
        run_in_background(
            self,
            lambda: ledger.search(text, 51, viewer=viewer),
            lambda rows: self._on_search_done(seq, text, rows),
            lambda exc: self._on_search_failed(seq, exc),
        )

    def _on_search_done(self, seq: int, text: str, rows: list[LedgerRow]) -> None:
        if seq != self._search_seq:
            return
        self.statusBar().clearMessage()
        if not rows:
            self.statusBar().showMessage(self.tr("没有找到“{0}”").format(text), 8000)
            return
        if len(rows) == 1:
            self.open_matter(rows[0].number)
            return
        more = ""
        if len(rows) > 50:
            rows = rows[:50]
            more = self.tr("结果较多，在台账中查看全部…")
        else:
            more = self.tr("在台账中查看这 {0} 件…").format(len(rows))
        self._last_search_text = text
        self.search_results.show_rows(rows, self.search, more)

    def _on_search_failed(self, seq: int, exc: BaseException) -> None:
        if seq != self._search_seq:
            return
        self.statusBar().showMessage(self.tr("查找失败：{0}").format(exc), 10000)

    @Slot(str)
    def _on_search_chosen(self, number: str) -> None:
        if number:
            self.open_matter(number)
            return
        self.ledger_view.set_filter(LedgerFilter(text=self._last_search_text))
        self.show_page(PAGE_LEDGER)

    @Slot()
    def _on_back(self) -> None:
        if self.current_page() == PAGE_DETAIL:
            self.show_page(self._previous_page)

    @Slot()
    def _on_open_matter(self) -> None:
        number, accepted = OpenMatterDialog.get_number(self)
        if accepted:
            self.open_matter(number)

    @Slot()
    def _on_backup(self) -> None:
        from reception.ui.dialogs.backup import BackupDialog

        _result, made = BackupDialog.run(self.services, self.actor, self)
        if made:
            self.refresh_status()

    @Slot()
    def _on_restore(self) -> None:
        from reception.ui.dialogs.backup import RestoreDialog

        restored, accepted = RestoreDialog.run(self.services, self.actor, self)
        if not accepted or restored is None:
            return
        # The open ledger cannot be swapped under its own connections: app.py closes them, puts the restored
        # file in place and opens the desk again (run_desk).
        self.restored_path = Path(restored)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(
            self,
            self.tr("从备份恢复"),
            self.tr("备份已恢复到新文件。接待台将关闭，换用恢复的台账后重新打开；原台账另存一份备查。"),
        )
        self.close()

    @Slot()
    def _on_export(self) -> None:
        service = self.services.export
        flt = LedgerFilter()
        if self.current_page() == PAGE_LEDGER and self._ledger_view is not None:
            flt = self._ledger_view.current_filter()
        suggested = (self.data_dir or Path.home()) / f"台账-{date.today():%Y%m%d}.xlsx"
        path, accepted = ExportFileChooser.choose(suggested, self)
        if not accepted:
            return
        self.statusBar().showMessage(self.tr("正在导出台账…"))
        actor = self.actor
        run_in_background(
            self, lambda: service.export(path, flt, actor=actor), self._on_exported, self._on_export_failed
        )

    def _on_exported(self, result: Any) -> None:
        self.statusBar().showMessage(
            self.tr("已导出 {0} 件到 {1}").format(getattr(result, "rows", "?"), getattr(result, "path", "")), 15000
        )

    def _on_export_failed(self, exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, self.tr("导出"), self.tr("导出失败：{0}").format(getattr(exc, "message", exc)))

    @Slot(object)
    def _on_matters_requested(self, flt: Any) -> None:
        """A figure on the statistics page was clicked: list the matters behind it in the ledger."""
        self.ledger_view.set_filter(flt)
        self.show_page(PAGE_LEDGER)

    @Slot()
    def _on_settings(self) -> None:
        from reception.ui.dialogs.settings import SettingsDialog

        result, accepted = SettingsDialog.edit(
            self.services, parent=self, data_dir=self.data_dir, prefs=self.prefs, actor=self.actor, changes=self.changes
        )
        if not accepted:
            return
        self.registration.desk_window = self.desk_window()
        self.refresh_title()
        self.refresh_status()
        self.settings_saved.emit()
        if result.get("language_changed"):
            self.statusBar().showMessage(self.tr("界面语言将在重新打开接待台后生效"), 10000)

    @Slot()
    def _on_keys(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(
            self,
            self.tr("快捷键一览"),
            self.tr(
                "F2 登记　F3 台账　F4 督办　F5 统计　F7 领导接访日　Ctrl+K 搜索　Ctrl+O 打开事项\n"
                "Enter 下一栏　Ctrl+Enter 登记并打印回执　Ctrl+S 暂存\n"
                "Esc 清空（Ctrl+Z 撤销）　Alt+L 关联到所选的以前事项　F6 转到此人历史\n"
                "Ins / Del 添加 / 删除同行人员　Alt+字母 转到该栏（见栏名括号内字母）\n"
                "Alt+← 返回　Ctrl+, 设置　Ctrl+Q 退出"
            ),
        )

    @Slot()
    def _on_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("关于"),
            self.tr(
                "信访接待台\n\n登记、台账、督办、打印告知文书，离线运行。\n"
                "依据《信访工作条例》（2022）的时限计算；字体：文泉驿微米黑（Apache-2.0）。"
            ),
        )
