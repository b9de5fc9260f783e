"""The registration page's widgets: the three columns (来访人, 信访事项, 此人历史), the action bar and the keyboard
actions, built in code (STYLE.md 9).  :class:`~reception.ui.pages.registration.form.RegistrationForm` adds what
the fields do; this class only makes them, so the layout can be read (and changed) apart from the behaviour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reception.domain.codes import Category, Channel, PartyRole, Purpose, SourceKind
from reception.domain.identity import (
    DocType,
)
from reception.ui.pages.registration.persons import (
    COL_ID,
    COL_NAME,
    COL_PHONE,
    COL_ROLE,
    PersonsTable,
    RoleDelegate,
)
from reception.ui.widgets.common import ContentCategoryCombo, FieldMessage, with_message
from reception.ui.widgets.history import HistoryPanel

if TYPE_CHECKING:
    pass

__all__ = ["RegistrationLayout"]


class RegistrationLayout(QWidget):
    """The registration page's widgets, labels and actions (the behaviour is RegistrationForm's)."""

    def set_person_role(self, row: int, role: str) -> bool:
        """The role delegate's choice for table row ``row`` (RegistrationForm decides; see persons.RoleChooser)."""
        raise NotImplementedError

    # ================================================================ labels (translatable)

    def channel_labels(self) -> dict[str, str]:
        return {
            Channel.VISIT: self.tr("来访"),
            Channel.LETTER: self.tr("来信"),
            Channel.PHONE: self.tr("来电"),
            Channel.ONLINE: self.tr("网上"),
            Channel.FAX: self.tr("传真"),
        }

    def source_labels(self) -> dict[str, str]:
        return {
            SourceKind.OWN: self.tr("本级登记"),
            SourceKind.FORWARDED: self.tr("上级转送"),
            SourceKind.ASSIGNED: self.tr("上级交办"),
        }

    def purpose_labels(self) -> dict[str, str]:
        return {
            Purpose.DEMAND: self.tr("求决"),
            Purpose.APPEAL: self.tr("申诉"),
            Purpose.SUGGESTION: self.tr("意见建议"),
            Purpose.COMPLAINT: self.tr("揭发控告"),
            Purpose.INQUIRY: self.tr("咨询"),
            Purpose.OTHER: self.tr("其他"),
        }

    def category_labels(self) -> dict[str, str]:
        return {
            Category.GRIEVANCE: self.tr("申诉求决类"),
            Category.SUGGESTION: self.tr("建议意见类"),
            Category.COMPLAINT: self.tr("检举控告类"),
        }

    def doc_type_labels(self) -> dict[str, str]:
        return {
            DocType.RESIDENT_ID: self.tr("居民身份证"),
            DocType.PASSPORT: self.tr("护照"),
            DocType.HK_MACAO_PASS: self.tr("港澳通行证"),
            DocType.TAIWAN_PASS: self.tr("台胞证"),
            DocType.OTHER: self.tr("其他证件"),
            DocType.NONE: self.tr("无证件"),
        }

    def extra_role_labels(self) -> dict[str, str]:
        return {
            PartyRole.COMPANION: self.tr("同行人员"),
            PartyRole.REPRESENTATIVE: self.tr("代表"),
            PartyRole.AGENT: self.tr("代理人"),
            PartyRole.PETITIONER: self.tr("信访人"),
        }

    # ================================================================ building

    def _build(self) -> None:
        # Containers first, then what goes in them: with the application's style sheet every re-parenting of a
        # finished subtree makes Qt re-resolve the style of each widget in it, which made the form slow to open.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(scroll, 1)
        body = QWidget()
        scroll.setWidget(body)

        columns = QHBoxLayout(body)
        columns.setContentsMargins(12, 10, 12, 6)
        columns.setSpacing(12)
        columns.addWidget(self._build_person_column(body), 9)
        columns.addWidget(self._build_matter_column(body), 10)
        columns.addWidget(self._build_history_column(body), 6)
        outer.addWidget(self._build_action_bar())

    def _card(self, title: str, parent: QWidget) -> tuple[QFrame, QVBoxLayout, QLabel]:
        frame = QFrame(parent)
        # Styled by theme.py's application style sheet: a style sheet of the frame's own would make Qt re-style
        # every field as it is put into the card, at each start of the desk.
        frame.setObjectName("Card")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        heading = QLabel(title, frame)
        heading.setProperty("role", "page-title")
        layout.addWidget(heading)
        return frame, layout, heading

    def _form_layout(self) -> QFormLayout:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(7)
        return form

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _build_person_column(self, parent: QWidget) -> QWidget:
        frame, layout, heading = self._card(self.tr("来访人"), parent)
        self.person_heading = heading
        form = self._form_layout()

        self.doc_type = QComboBox()
        for code, label in self.doc_type_labels().items():
            self.doc_type.addItem(label, code)
        self.doc_type.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.doc_type.setMinimumContentsLength(1)
        # Wide enough for "居民身份证", never so wide that the ID number loses room (long English labels elide).
        metrics = self.doc_type.fontMetrics()
        longest = max(metrics.horizontalAdvance(self.doc_type.itemText(i)) for i in range(self.doc_type.count()))
        self.doc_type.setFixedWidth(min(longest, metrics.horizontalAdvance("居民身份证")) + 62)
        self.doc_type.setToolTip(self.tr("证件类型  Alt+T"))
        self.id_number = QLineEdit()
        self.id_number.setObjectName("id_number")
        self.id_number.setMaxLength(40)
        self.id_number.setPlaceholderText(self.tr("刷身份证，或输入 18 位号码"))
        # Always room for all 18 characters: the clerk compares them with the card.
        self.id_number.setMinimumWidth(self.id_number.fontMetrics().horizontalAdvance("0" * 19) + 24)
        self.id_number.setInputMethodHints(Qt.InputMethodHint.ImhPreferLatin | Qt.InputMethodHint.ImhNoPredictiveText)
        self.id_message = FieldMessage()
        self.id_message.setObjectName("id_message")
        self.id_warning = FieldMessage()
        self.id_warning.setObjectName("id_warning")
        id_row = QHBoxLayout()
        id_row.setSpacing(6)
        id_row.addWidget(self.doc_type)
        id_row.addWidget(self.id_number, 1)
        id_box = QWidget()
        id_box_layout = QVBoxLayout(id_box)
        id_box_layout.setContentsMargins(0, 0, 0, 0)
        id_box_layout.setSpacing(2)
        id_box_layout.addLayout(id_row)
        id_box_layout.addWidget(self.id_message)
        id_box_layout.addWidget(self.id_warning)
        self.id_label = self._label(self.tr("证件号(&I)"), self.id_number)
        form.addRow(self.id_label, id_box)

        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setMaxLength(50)
        self.name_message = FieldMessage()
        form.addRow(self._label(self.tr("姓名(&N)"), self.name), with_message(self.name, self.name_message))

        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.phone.setMaxLength(30)
        self.phone.setPlaceholderText(self.tr("手机或座机"))
        self.phone_message = FieldMessage()
        form.addRow(self._label(self.tr("电话(&P)"), self.phone), with_message(self.phone, self.phone_message))

        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.address.setMaxLength(200)
        self.address.setPlaceholderText(self.tr("现住址"))
        self.address_message = FieldMessage()
        form.addRow(self._label(self.tr("住址(&A)"), self.address), with_message(self.address, self.address_message))

        self.collective = QCheckBox(self.tr("集体访(&J)"))
        self.headcount = QSpinBox()
        self.headcount.setRange(1, 10_000)
        self.headcount.setSuffix(self.tr(" 人"))
        self.headcount.setMinimumWidth(90)
        self.headcount_message = FieldMessage()
        count_row = QHBoxLayout()
        count_row.setSpacing(8)
        count_row.addWidget(self.headcount)
        count_row.addSpacing(12)
        count_row.addWidget(self.collective)
        count_row.addStretch(1)
        count_box = QWidget()
        count_layout = QVBoxLayout(count_box)
        count_layout.setContentsMargins(0, 0, 0, 0)
        count_layout.setSpacing(2)
        count_layout.addLayout(count_row)
        count_layout.addWidget(self.headcount_message)
        form.addRow(self._label(self.tr("人数(&C)"), self.headcount), count_box)
        layout.addLayout(form)

        self.persons = PersonsTable(self.tr("一人来访时不用填。\n同行人员或集体访代表：按 Ins 添加一行"))
        self.persons.setObjectName("persons")
        self.persons.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("证件号"), self.tr("电话"), self.tr("角色")])
        header = self.persons.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_ID, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_PHONE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_ROLE, QHeaderView.ResizeMode.ResizeToContents)
        self.persons.setColumnWidth(COL_NAME, 80)
        self.persons.setColumnWidth(COL_PHONE, 110)
        self.persons.verticalHeader().setVisible(False)
        self.persons.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.persons.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.persons.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.persons.setTabKeyNavigation(False)
        self.persons.setItemDelegateForColumn(COL_ROLE, RoleDelegate(self, self))
        self.persons.setMinimumHeight(88)
        self.persons.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.persons_label = self._label(self.tr("同行人员/代表(&R)  ·  Ins 添加  Del 删除  F2 编辑"), self.persons)
        self.persons_label.setProperty("role", "hint")
        self.persons_label.setWordWrap(True)
        self.add_person_button = QPushButton(self.tr("添加"))
        self.add_person_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_person_button = QPushButton(self.tr("删除"))
        self.remove_person_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        persons_head = QHBoxLayout()
        persons_head.addWidget(self.persons_label, 1)
        persons_head.addWidget(self.add_person_button)
        persons_head.addWidget(self.remove_person_button)
        self.persons_message = FieldMessage()
        self.persons_message.setObjectName("persons_message")
        layout.addSpacing(4)
        layout.addLayout(persons_head)
        layout.addWidget(self.persons, 1)
        layout.addWidget(self.persons_message)
        return frame

    def _build_matter_column(self, parent: QWidget) -> QWidget:
        frame, layout, _heading = self._card(self.tr("信访事项"), parent)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(7)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

        self.channel = QComboBox()
        for code, label in self.channel_labels().items():
            self.channel.addItem(label, code)
        self.source = QComboBox()
        for code, label in self.source_labels().items():
            self.source.addItem(label, code)
        grid.addWidget(self._label(self.tr("形式(&W)"), self.channel), 0, 0, right)
        grid.addWidget(self.channel, 0, 1)
        grid.addWidget(self._label(self.tr("来源(&S)"), self.source), 0, 2, right)
        grid.addWidget(self.source, 0, 3)

        self.purpose = QComboBox()
        for code, label in self.purpose_labels().items():
            self.purpose.addItem(label, code)
        self.category = QComboBox()
        for code, label in self.category_labels().items():
            self.category.addItem(label, code)
        grid.addWidget(self._label(self.tr("目的(&M)"), self.purpose), 1, 0, right)
        grid.addWidget(self.purpose, 1, 1)
        grid.addWidget(self._label(self.tr("类别(&K)"), self.category), 1, 2, right)
        grid.addWidget(self.category, 1, 3)
        layout.addLayout(grid)

        form = self._form_layout()
        # Channel- and source-specific rows, shown only when they apply.
        self.letter_date = QLineEdit()
        self.letter_date.setPlaceholderText(self.tr("信上落款日期，如 2026-11-20"))
        self.letter_date_message = FieldMessage()
        self.letter_date_label = self._label(self.tr("来信日期(&X)"), self.letter_date)
        self.letter_date_box = with_message(self.letter_date, self.letter_date_message)
        form.addRow(self.letter_date_label, self.letter_date_box)

        self.source_agency = QComboBox()
        self.source_agency.setEditable(True)
        self.source_agency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        agency_edit = self.source_agency.lineEdit()
        assert agency_edit is not None  # editable
        agency_edit.setPlaceholderText(self.tr("转送/交办的上级机关"))
        self.source_agency_message = FieldMessage()
        self.source_agency_label = self._label(self.tr("来源机关(&G)"), self.source_agency)
        self.source_agency_box = with_message(self.source_agency, self.source_agency_message)
        form.addRow(self.source_agency_label, self.source_agency_box)

        self.document_number = QLineEdit()
        self.document_number.setPlaceholderText(self.tr("如 省公（信）转〔2026〕12号"))
        self.document_number_label = self._label(self.tr("来文编号(&B)"), self.document_number)
        self.source_due = QLineEdit()
        self.source_due.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.source_due.setMaximumWidth(150)
        self.source_due_message = FieldMessage()
        self.source_due_label = self._label(self.tr("反馈期限(&Q)"), self.source_due)
        doc_row = QWidget()
        doc_layout = QGridLayout(doc_row)
        doc_layout.setContentsMargins(0, 0, 0, 0)
        doc_layout.setHorizontalSpacing(8)
        doc_layout.addWidget(self.document_number, 0, 0)
        doc_layout.addWidget(self.source_due_label, 0, 1)
        doc_layout.addWidget(self.source_due, 0, 2)
        doc_layout.addWidget(self.source_due_message, 1, 0, 1, 3)
        doc_layout.setColumnStretch(0, 1)
        self.document_row = doc_row
        form.addRow(self.document_number_label, doc_row)

        self.content_category = ContentCategoryCombo()
        self.content_category.setObjectName("content_category")
        self.content_category_message = FieldMessage()
        form.addRow(
            self._label(self.tr("内容分类(&Y)"), self.content_category),
            with_message(self.content_category, self.content_category_message),
        )

        self.location = QLineEdit()
        self.location.setMaxLength(200)
        self.location.setPlaceholderText(self.tr("问题发生地，如 湖北省武汉市武昌区"))
        self.location_message = FieldMessage()
        form.addRow(
            self._label(self.tr("问题属地(&D)"), self.location), with_message(self.location, self.location_message)
        )

        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText(self.tr("主要事实：何时、何地、何事，信访人怎么说"))
        self.summary.setMinimumHeight(72)
        self.summary_message = FieldMessage()
        form.addRow(self._label(self.tr("摘要(&Z)"), self.summary), with_message(self.summary, self.summary_message))

        self.demands = QPlainTextEdit()
        self.demands.setTabChangesFocus(True)
        self.demands.setPlaceholderText(self.tr("信访人的主要诉求"))
        self.demands.setMinimumHeight(50)
        self.demands.setMaximumHeight(80)
        self.demands_message = FieldMessage()
        form.addRow(self._label(self.tr("诉求(&U)"), self.demands), with_message(self.demands, self.demands_message))

        self.accused = QLineEdit()
        self.accused.setMaxLength(200)
        self.accused.setPlaceholderText(self.tr("保密：不出现在给对方的文书上"))
        self.accused_message = FieldMessage()
        form.addRow(
            self._label(self.tr("被反映对象(&V)"), self.accused), with_message(self.accused, self.accused_message)
        )
        layout.addLayout(form)
        layout.addStretch(1)
        self.matter_form = form
        return frame

    def _build_history_column(self, parent: QWidget) -> QWidget:
        frame, layout, heading = self._card("", parent)
        heading.hide()
        self.history = HistoryPanel()
        self.history.setObjectName("history")
        layout.addWidget(self.history, 1)
        self.link_message = FieldMessage()
        layout.addWidget(self.link_message)
        return frame

    def _build_action_bar(self) -> QWidget:
        bar = QFrame(self)
        bar.setObjectName("ActionBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(14, 8, 14, 8)
        row.setSpacing(10)
        self.notice_label = QLabel()
        self.notice_label.setProperty("role", "hint")
        self.message = QLabel()
        self.message.setObjectName("form_message")
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.clear_button = QPushButton(self.tr("清空  Esc"))
        self.save_button = QPushButton(self.tr("暂存  Ctrl+S"))
        self.register_button = QPushButton(self.tr("登记并打印回执  Ctrl+Enter"))
        self.register_button.setProperty("primary", True)
        for button in (self.clear_button, self.save_button, self.register_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(self.notice_label)
        row.addSpacing(16)
        row.addWidget(self.message, 1)
        row.addWidget(self.clear_button)
        row.addWidget(self.save_button)
        row.addWidget(self.register_button)
        return bar

    def _build_actions(self) -> None:
        """The form's keyboard actions; the main window also lists them in its 事项 menu."""
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut

        def action(text: str, *keys: QKeySequence | QKeySequence.StandardKey | str) -> QAction:
            act = QAction(text, self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(context)
            self.addAction(act)
            return act

        self.register_action = action(self.tr("登记并打印回执"), "Ctrl+Return", "Ctrl+Enter")
        self.save_draft_action = action(self.tr("暂存"), QKeySequence.StandardKey.Save)
        self.clear_action = action(self.tr("清空"), "Esc")
        self.undo_clear_action = action(self.tr("撤销清空"), "Ctrl+Z")
        self.link_action = action(self.tr("关联到所选的以前事项"), "Alt+L")
        self.history_focus_action = action(self.tr("转到此人历史"), "F6")
        self.preview_action = action(self.tr("预览/打印上一张回执"), "Ctrl+P")
        self.doc_type_action = action(self.tr("转到证件类型"), "Alt+T")
        self.add_person_action = QAction(self.tr("添加同行人员/代表"), self.persons)
        self.add_person_action.setShortcut(QKeySequence("Ins"))
        self.add_person_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.persons.addAction(self.add_person_action)
        self.remove_person_action = QAction(self.tr("删除所选人员"), self.persons)
        self.remove_person_action.setShortcut(QKeySequence("Del"))
        self.remove_person_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.persons.addAction(self.remove_person_action)
