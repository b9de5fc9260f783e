"""登记: the screen the desk opens on — register a visitor in under a minute without the mouse.

Three columns like the paper form: 来访人 (the ID field first, so a card reader's burst fills it and the person's
file and history follow at once), 信访事项, and 此人历史.  Enter walks the fields, every field has an Alt key on
its label, Ctrl+Enter registers, Ctrl+S keeps a draft across restarts, Esc clears with Ctrl+Z to undo.  A refusal
from the ledger is shown under the field it names, never in a dialog, and nothing typed is lost until the matter
is registered.

The form talks to the services only: ``services.ledger`` for lookups and registration, ``services.documents``
for the receipt.  Lookups run through :func:`run_in_background` and registration through :func:`run_mutation`, so
a slow disk or a busy database never stops the clerk typing.  The companions table (persons.py), the register
document built from the form's state (document.py) and the draft file (draft.py) live beside this module.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTableWidgetItem,
    QWidget,
)

from reception.domain.clocks import CLOCK_LIMITS, ClockKind, due_date
from reception.domain.codes import PURPOSE_CATEGORY, Category, Channel, PartyRole, Purpose, SourceKind
from reception.domain.identity import (
    DocType,
    IdNumberError,
    PhoneError,
    normalize_id,
    parse_id,
    validate_phone,
)
from reception.domain.inputs import MAX_REPRESENTATIVES, InvalidInput
from reception.ui.models.ledger import viewer_of
from reception.ui.pages.registration.document import PERSON_FIELD, registration_document, row_of_person
from reception.ui.pages.registration.draft import DraftError, read_draft, remove_draft, write_draft
from reception.ui.pages.registration.layout import RegistrationLayout
from reception.ui.pages.registration.persons import (
    COL_ID,
    COL_NAME,
    COL_PHONE,
    COL_ROLE,
    ROLE_CODE,
)
from reception.ui.widgets.common import EnterNavigator, FieldMessage, set_invalid
from reception.ui.workers import LedgerChanges, run_in_background, run_mutation

if TYPE_CHECKING:
    from reception.domain.roles import Principal
    from reception.domain.views import KnownPerson
    from reception.services.context import Services

__all__ = ["RegistrationForm"]

LOOKUP_DEBOUNCE_MS = 150


class RegistrationForm(RegistrationLayout):
    """The registration page; embedded by :class:`reception.ui.main_window.MainWindow`."""

    registered = Signal(str)
    open_matter_requested = Signal(str)
    status_message = Signal(str)

    def __init__(
        self,
        services: Services,
        actor: Principal,
        *,
        draft_path: Path | None = None,
        prints_dir: Path | None = None,
        window: str = "",
        changes: LedgerChanges | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        # the desk's one "ledger changed" signal, emitted after each registration (run_mutation)
        self.changes = changes if changes is not None else LedgerChanges(self)
        # this PC's window number ("": the ledger's default); not "window": that is QWidget.window()
        self.desk_window = window
        self.draft_path = draft_path
        self.prints_dir = prints_dir
        self._cleared_state: dict[str, Any] | None = None
        self._category_touched = False
        self._lookup_seq = 0
        self._last_query: tuple[str, str, str] | None = None
        self._id_valid = ""
        self._known_phone = ""
        self._busy = False
        self.last_number = ""
        self.last_print_path: Path | None = None
        self._navigator = EnterNavigator(self)
        self._lookup_timer = QTimer(self)
        self._lookup_timer.setSingleShot(True)
        self._lookup_timer.setInterval(LOOKUP_DEBOUNCE_MS)
        self._build()
        self._build_actions()
        self._connect()
        self._install_filters()
        self._set_tab_order()
        self._on_channel_changed()
        self._on_source_changed()
        self._on_purpose_changed()
        self._update_notice_date()
        self.restore_draft()

    def _connect(self) -> None:
        self.id_number.textEdited.connect(self._on_id_edited)
        self.id_number.editingFinished.connect(self._on_id_finished)
        self.doc_type.currentIndexChanged.connect(self._on_doc_type_changed)
        self.name.textEdited.connect(self._on_name_edited)
        self.phone.textEdited.connect(self._on_phone_edited)
        self.phone.editingFinished.connect(self._on_phone_finished)
        self.collective.toggled.connect(self._on_collective_toggled)
        self.headcount.valueChanged.connect(self._on_headcount_changed)
        self.persons.itemChanged.connect(self._on_person_item_changed)
        self.channel.currentIndexChanged.connect(self._on_channel_changed)
        self.source.currentIndexChanged.connect(self._on_source_changed)
        self.purpose.currentIndexChanged.connect(self._on_purpose_changed)
        self.category.activated.connect(self._on_category_chosen)
        self.category.currentIndexChanged.connect(self._on_category_changed)
        self.letter_date.editingFinished.connect(self._on_letter_date_finished)
        self.source_due.editingFinished.connect(self._on_source_due_finished)
        self.history.open_requested.connect(self.open_matter_requested)
        self.history.links_changed.connect(self._on_links_changed)
        self.message.linkActivated.connect(self._on_message_link)
        self.clear_button.clicked.connect(self.clear_action.trigger)
        self.save_button.clicked.connect(self.save_draft_action.trigger)
        self.register_button.clicked.connect(self.register_action.trigger)
        self.add_person_button.clicked.connect(self.add_person_action.trigger)
        self.remove_person_button.clicked.connect(self.remove_person_action.trigger)
        self.register_action.triggered.connect(self._on_register)
        self.save_draft_action.triggered.connect(self._on_save_draft)
        self.clear_action.triggered.connect(self._on_clear)
        self.undo_clear_action.triggered.connect(self._on_undo_clear)
        self.link_action.triggered.connect(self._on_link)
        self.history_focus_action.triggered.connect(self._on_focus_history)
        self.preview_action.triggered.connect(self._on_preview_receipt)
        self.doc_type_action.triggered.connect(self._on_focus_doc_type)
        self.add_person_action.triggered.connect(self._on_add_person)
        self.remove_person_action.triggered.connect(self._on_remove_person)
        self._lookup_timer.timeout.connect(self._on_lookup_timer)
        self._navigator.entered.connect(self._on_enter_pressed)

    def _fields(self) -> list[QWidget]:
        return [
            self.doc_type,
            self.id_number,
            self.name,
            self.phone,
            self.address,
            self.headcount,
            self.collective,
            self.persons,
            self.channel,
            self.source,
            self.purpose,
            self.category,
            self.letter_date,
            self.source_agency,
            self.document_number,
            self.source_due,
            self.content_category,
            self.location,
            self.summary,
            self.demands,
            self.accused,
            self.history.list,
        ]

    def _install_filters(self) -> None:
        for widget in (
            self.doc_type,
            self.id_number,
            self.name,
            self.phone,
            self.address,
            self.headcount,
            self.collective,
            self.channel,
            self.source,
            self.purpose,
            self.category,
            self.letter_date,
            self.source_agency,
            self.document_number,
            self.source_due,
            self.content_category,
            self.location,
            self.accused,
        ):
            widget.installEventFilter(self._navigator)
        self.persons.installEventFilter(self)
        self._undo_filters = False  # on the text fields from the first Esc on (_install_undo_filters)

    def _install_undo_filters(self) -> None:
        """Ctrl+Z after Esc (:meth:`eventFilter`) on every text field, from the first clear on.

        Until the form has been cleared the filter has nothing to do, and a filter written in Python would only
        be called for every event of every field (the desk's start included: some 150 calls).
        """
        if self._undo_filters:
            return
        self._undo_filters = True
        for edit in self.findChildren(QLineEdit) + self.findChildren(QPlainTextEdit):
            edit.installEventFilter(self)

    def _set_tab_order(self) -> None:
        chain = self._fields()
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.id_number)

    # ================================================================ Ctrl+Z after Esc

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Let Ctrl+Z reach the form's "undo clear" while the form is still as Esc left it.

        Line edits claim Ctrl+Z for their own undo; right after a clear there is nothing of theirs to undo,
        so the override is declined and the shortcut restores what the clerk had typed.
        """
        if watched is self.persons:
            return self._persons_key(event)
        if event.type() == QEvent.Type.ShortcutOverride and self._cleared_state is not None:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.matches(QKeySequence.StandardKey.Undo) and self.is_empty():
                event.ignore()
                return True
        return False

    def _persons_key(self, event: QEvent) -> bool:
        """In the persons table F2 edits the cell (not the window's F2 page key) and Enter edits too."""
        if event.type() == QEvent.Type.ShortcutOverride:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() == Qt.Key.Key_F2 and not key_event.modifiers():
                event.accept()
                return True
        elif event.type() == QEvent.Type.KeyPress:
            key_event = event  # type: ignore[assignment]
            if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                key_event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            ):
                item = self.persons.currentItem()
                if item is not None:
                    self.persons.editItem(item)
                    return True
        return False

    # ================================================================ state (draft, undo, tests)

    def state(self) -> dict[str, Any]:
        """Everything the clerk typed, as plain data (draft file and the undo of Esc)."""
        return {
            "doc_type": self.doc_type.currentData(),
            "id_number": self.id_number.text(),
            "name": self.name.text(),
            "phone": self.phone.text(),
            "address": self.address.text(),
            "collective": self.collective.isChecked(),
            "headcount": self.headcount.value(),
            "persons": self.extra_persons(),
            "channel": self.channel.currentData(),
            "source": self.source.currentData(),
            "source_agency": self.source_agency.currentText(),
            "document_number": self.document_number.text(),
            "source_due": self.source_due.text(),
            "letter_date": self.letter_date.text(),
            "purpose": self.purpose.currentData(),
            "category": self.category.currentData(),
            "category_touched": self._category_touched,
            "content_category": self.content_category.code(),
            "location": self.location.text(),
            "summary": self.summary.toPlainText(),
            "demands": self.demands.toPlainText(),
            "accused": self.accused.text(),
            "link_to": self.history.linked(),
        }

    def set_state(self, state: dict[str, Any]) -> None:
        def pick(combo: QComboBox, code: Any) -> None:
            index = combo.findData(code)
            if index >= 0:
                combo.setCurrentIndex(index)

        self._clear_messages()
        pick(self.doc_type, state.get("doc_type", DocType.RESIDENT_ID))
        self.id_number.setText(str(state.get("id_number", "")))
        self.name.setText(str(state.get("name", "")))
        self.phone.setText(str(state.get("phone", "")))
        self.address.setText(str(state.get("address", "")))
        self.persons.setRowCount(0)
        for person in state.get("persons") or []:
            self._append_person_row(person)
        self._sync_headcount_minimum()
        self.collective.blockSignals(True)
        self.collective.setChecked(bool(state.get("collective", False)))
        self.collective.blockSignals(False)
        self._update_person_heading()
        self.headcount.setValue(int(state.get("headcount", 1) or 1))
        pick(self.channel, state.get("channel", Channel.VISIT))
        pick(self.source, state.get("source", SourceKind.OWN))
        self.source_agency.setEditText(str(state.get("source_agency", "")))
        self.document_number.setText(str(state.get("document_number", "")))
        self.source_due.setText(str(state.get("source_due", "")))
        self.letter_date.setText(str(state.get("letter_date", "")))
        pick(self.purpose, state.get("purpose", Purpose.DEMAND))
        pick(self.category, state.get("category", PURPOSE_CATEGORY[Purpose(self.purpose.currentData())]))
        self._category_touched = bool(state.get("category_touched", False))
        self.content_category.set_code(str(state.get("content_category", "")))
        self.location.setText(str(state.get("location", "")))
        self.summary.setPlainText(str(state.get("summary", "")))
        self.demands.setPlainText(str(state.get("demands", "")))
        self.accused.setText(str(state.get("accused", "")))
        self.history.set_linked(list(state.get("link_to") or []))
        self._sync_headcount_minimum()
        self._validate_id(final=False)
        self._request_lookup(immediate=True)

    def is_empty(self) -> bool:
        """Nothing typed that would be lost by a clear (defaults of the combo boxes do not count)."""
        return not any(
            [
                self.id_number.text().strip(),
                self.name.text().strip(),
                self.phone.text().strip(),
                self.address.text().strip(),
                self.persons.rowCount(),
                self.source_agency.currentText().strip(),
                self.document_number.text().strip(),
                self.source_due.text().strip(),
                self.letter_date.text().strip(),
                self.content_category.currentText().strip(),
                self.location.text().strip(),
                self.summary.toPlainText().strip(),
                self.demands.toPlainText().strip(),
                self.accused.text().strip(),
            ]
        )

    def _blank_state(self) -> dict[str, Any]:
        return {
            "doc_type": DocType.RESIDENT_ID,
            "channel": Channel.VISIT,
            "source": SourceKind.OWN,
            "purpose": Purpose.DEMAND,
            "headcount": 1,
        }

    def reset(self) -> None:
        """Empty form, ready for the next visitor, focus on the ID field."""
        self._lookup_timer.stop()
        self._lookup_seq += 1
        self._last_query = None
        self._id_valid = ""
        self._known_phone = ""
        self.phone.setPlaceholderText(self.tr("手机或座机"))
        self.history.clear()
        self.set_state(self._blank_state())
        self.history.clear()
        self.id_message.clear_message()
        self._update_notice_date()
        self.id_number.setFocus(Qt.FocusReason.OtherFocusReason)

    # ================================================================ the registration document

    def extra_persons(self) -> list[dict[str, str]]:
        return self.persons.rows()

    def main_role(self) -> str:
        return PartyRole.REPRESENTATIVE.value if self.collective.isChecked() else PartyRole.PETITIONER.value

    def registration_data(self) -> dict[str, Any]:
        """The ``register`` JSON (DESIGN.md) of what is on the form."""
        return registration_document(self.state(), clerk=self.actor.name, window=self.desk_window)

    # ================================================================ registering

    def register(self) -> None:
        """Check on the spot what can be checked here, then register in the background."""
        if self._busy:
            return
        self._clear_messages()
        self._validate_id(final=True)
        if self.id_message.is_error():
            self._focus_error(self.id_number)
            self._say_error(self.tr("证件号有误，请按提示改正后再登记"))
            return
        data = self.registration_data()
        self._busy = True
        self.register_button.setEnabled(False)
        self._say(self.tr("正在登记…"))
        ledger = self.services.ledger
        actor = self.actor
        run_mutation(
            self,
            lambda: ledger.register(data, actor=actor),
            self._on_registered,
            self._on_register_failed,
            changes=self.changes,
        )

    def show_invalid(self, exc: InvalidInput) -> None:
        """Put a refusal from the ledger under the field it names; the form keeps everything typed."""
        widget, message = self._target_for(exc.field)
        message.show_error(exc.message)
        if widget is not None:
            set_invalid(widget, True)
            self._focus_error(widget)
        self._say_error(self.tr("未登记：{0}").format(exc.message))

    def _target_for(self, field: str) -> tuple[QWidget | None, FieldMessage]:
        match = PERSON_FIELD.match(field or "")
        if match:
            index, attr = int(match.group(1)), match.group(2) or ""
            if index == 0:
                return {
                    "id_number": (self.id_number, self.id_message),
                    "doc_type": (self.id_number, self.id_message),
                    "phone": (self.phone, self.phone_message),
                    "address": (self.address, self.address_message),
                }.get(attr, (self.name, self.name_message))
            row = row_of_person(self.extra_persons(), index)
            if row is not None:
                column = {"id_number": COL_ID, "phone": COL_PHONE, "role": COL_ROLE}.get(attr, COL_NAME)
                self.persons.setCurrentCell(row, column)
            return self.persons, self.persons_message
        targets: dict[str, tuple[QWidget | None, FieldMessage]] = {
            "persons": (
                self.persons if self.persons.rowCount() else self.name,
                self.persons_message if self.persons.rowCount() else self.name_message,
            ),
            "headcount": (self.headcount, self.headcount_message),
            "collective": (self.collective, self.headcount_message),
            "summary": (self.summary, self.summary_message),
            "demands": (self.demands, self.demands_message),
            "accused": (self.accused, self.accused_message),
            "location": (self.location, self.location_message),
            "content_category": (self.content_category, self.content_category_message),
            "source.agency": (self.source_agency, self.source_agency_message),
            "source.kind": (self.source, self.source_agency_message),
            "source.document_number": (self.document_number, self.source_due_message),
            "source.due": (self.source_due, self.source_due_message),
            "letter_date": (self.letter_date, self.letter_date_message),
            "link_to": (self.history.list, self.link_message),
        }
        if field == "persons" and not self.name.text().strip():
            return self.name, self.name_message
        return targets.get(field, (None, self.link_message if field else self.summary_message))

    def _focus_error(self, widget: QWidget) -> None:
        if widget.isVisible():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _print_receipt(self, number: str) -> None:
        documents = getattr(self.services, "documents", None)
        if documents is None:
            self._say(
                self.tr("已登记 <b>{0}</b>。本机尚未安装打印服务，回执未打印。 <a href='open:{0}'>打开事项</a>").format(
                    number
                )
            )
            return
        folder = self.prints_dir or Path.home()
        path = folder / f"{number}-receipt.pdf"
        actor = self.actor
        self._say(self.tr("已登记 <b>{0}</b>，正在生成回执…").format(number))

        def work() -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            documents.print_document(number, "receipt", path, actor=actor)
            return path

        run_in_background(
            self, work, lambda p: self._on_receipt_done(number, p), lambda exc: self._on_receipt_failed(number, exc)
        )

    # ================================================================ ID, phone, name: validation and lookup

    def _validate_id(self, *, final: bool) -> None:
        """Check the ID as it is typed: nothing while a resident ID is still short, the error once it is not."""
        text = self.id_number.text()
        doc_type = str(self.doc_type.currentData())
        self._id_valid = ""
        set_invalid(self.id_number, False)
        self.id_warning.clear_message()
        if doc_type == DocType.NONE or not text.strip():
            self.id_message.clear_message()
            return
        if doc_type == DocType.RESIDENT_ID and not final:
            number = normalize_id(text)
            if len(number) < 18 and re.fullmatch(r"\d*", number) is not None:
                # Still typing (or the reader's burst is under way): count down, judge on Enter.
                self.id_message.show_hint(self.tr("还差 {0} 位").format(18 - len(number)))
                return
        try:
            info = parse_id(text, doc_type)
        except IdNumberError as exc:
            self.id_message.show_error(exc.message)
            set_invalid(self.id_number, True)
            return
        self._id_valid = info.number
        if doc_type != DocType.RESIDENT_ID:
            self.id_message.clear_message()
            return
        sex = {"male": self.tr("男"), "female": self.tr("女")}.get(info.sex or "", "")
        parts = [info.birth_date.isoformat() if info.birth_date else "", sex, info.region_name or ""]
        self.id_message.show_ok("→ " + " ".join(p for p in parts if p))
        if info.warnings:
            self.id_warning.show_warning("；".join(info.warnings))

    def _valid_phone(self) -> str:
        text = self.phone.text().strip()
        if not text:
            return ""
        try:
            return validate_phone(text)
        except PhoneError:
            return ""

    def _query(self) -> tuple[str, str, str]:
        name = self.name.text().strip()
        return (self._id_valid, self._valid_phone(), name if len(name) >= 2 else "")

    def _request_lookup(self, *, immediate: bool) -> None:
        if immediate:
            self._lookup_timer.stop()
            self._run_lookup()
        else:
            self._lookup_timer.start()

    def _run_lookup(self) -> None:
        query = self._query()
        if query == self._last_query:
            return
        self._last_query = query
        self._lookup_seq += 1
        seq = self._lookup_seq
        id_number, phone, name = query
        if not any(query):
            self.history.clear()
            self._apply_known_phone("")
            return
        ledger = self.services.ledger
        viewer = viewer_of(self.actor)
        run_in_background(
            self,
            lambda: ledger.lookup_persons(id_number=id_number, phone=phone, name=name, viewer=viewer),
            lambda persons: self._on_lookup_done(seq, persons),
            lambda exc: self._on_lookup_failed(seq, exc),
        )

    def _fill_from_file(self, persons: list[KnownPerson]) -> None:
        """A known ID fills the empty person fields from the file (the clerk's typing is never overwritten)."""
        match = next((p for p in persons if p.matched_on == "id_number"), None)
        if match is None or not self._id_valid:
            self._apply_known_phone("")
            return
        if not self.name.text().strip() and match.name:
            self.name.setText(match.name)
        if not self.address.text().strip() and match.address:
            self.address.setText(match.address)
        self._apply_known_phone(match.phone)

    def _apply_known_phone(self, masked: str) -> None:
        """The file's phone is shown masked as the placeholder: left empty, the file keeps its number."""
        self._known_phone = masked
        if masked:
            self.phone.setPlaceholderText(self.tr("档案电话 {0}，未变可不填").format(masked))
        else:
            self.phone.setPlaceholderText(self.tr("手机或座机"))

    # ================================================================ companions and representatives

    def representative_count(self, *, excluding_row: int | None = None) -> int:
        count = 1 if self.collective.isChecked() else 0
        for row in range(self.persons.rowCount()):
            if row != excluding_row and self.persons.role(row) == PartyRole.REPRESENTATIVE:
                count += 1
        return count

    def add_person(self, name: str = "", id_number: str = "", phone: str = "", role: str = "") -> int:
        """Append a row (the Ins key); returns the row.  The default role follows the visit's kind."""
        if not role:
            if self.collective.isChecked() and self.representative_count() < MAX_REPRESENTATIVES:
                role = PartyRole.REPRESENTATIVE.value
            else:
                role = PartyRole.COMPANION.value
        if role == PartyRole.REPRESENTATIVE and self.representative_count() >= MAX_REPRESENTATIVES:
            self._refuse_representative()
            role = PartyRole.COMPANION.value
        row = self._append_person_row({"name": name, "id_number": id_number, "phone": phone, "role": role})
        self._sync_headcount_minimum()
        return row

    def set_person_role(self, row: int, role: str) -> bool:
        """Change a row's role; a sixth representative is refused (条例 art 20 ¶3) with the reason shown."""
        if not 0 <= row < self.persons.rowCount():
            return False
        if (
            role == PartyRole.REPRESENTATIVE
            and self.persons.role(row) != PartyRole.REPRESENTATIVE
            and self.representative_count(excluding_row=row) >= MAX_REPRESENTATIVES
        ):
            self._refuse_representative()
            return False
        item = self.persons.item(row, COL_ROLE)
        if item is None:
            return False
        item.setData(ROLE_CODE, role)
        item.setText(self.extra_role_labels().get(role, role))
        self.persons_message.clear_message()
        return True

    def _refuse_representative(self) -> None:
        self.persons_message.show_error(
            self.tr("集体访推选代表不得超过 {0} 人（《信访工作条例》第二十条），其余人员请记为同行人员").format(
                MAX_REPRESENTATIVES
            )
        )

    def _append_person_row(self, person: dict[str, Any]) -> int:
        role = str(person.get("role") or PartyRole.COMPANION.value)
        return self.persons.append_person(person, self.extra_role_labels().get(role, role))

    def _sync_headcount_minimum(self) -> None:
        minimum = 1 + self.persons.rowCount()
        self.headcount.setMinimum(minimum)

    def _update_person_heading(self) -> None:
        if self.collective.isChecked():
            self.person_heading.setText(self.tr("来访人（代表）"))
        elif self.channel.currentData() in (Channel.LETTER, Channel.ONLINE, Channel.FAX, Channel.PHONE):
            self.person_heading.setText(self.tr("信访人"))
        else:
            self.person_heading.setText(self.tr("来访人"))

    # ================================================================ draft

    def save_draft(self) -> Path | None:
        if self.draft_path is None:
            return None
        return write_draft(self.draft_path, self.state(), clerk=self.actor.name)

    def restore_draft(self) -> bool:
        if self.draft_path is None or not self.draft_path.exists():
            return False
        try:
            draft = read_draft(self.draft_path)
        except DraftError:
            self._say_error(self.tr("暂存文件无法读取，已忽略：{0}").format(self.draft_path))
            return False
        self.set_state(draft.state)
        self._say(self.tr("已恢复暂存的登记（{0}）").format(draft.saved_at[:16].replace("T", " ")))
        return True

    def discard_draft(self) -> None:
        if self.draft_path is not None:
            remove_draft(self.draft_path)

    # ================================================================ messages

    def _say(self, html: str) -> None:
        self.message.setText(html)
        self.message.setStyleSheet("")
        self.status_message.emit(re.sub(r"<[^>]+>", "", html))

    def _say_error(self, text: str) -> None:
        self.message.setText(f"<span style='color:#b42318'>{_escape(text)}</span>")
        self.status_message.emit(text)

    def _clear_messages(self) -> None:
        for message in self.findChildren(FieldMessage):
            if message not in (self.id_message, self.id_warning):
                message.clear_message()
        for widget in (
            self.name,
            self.phone,
            self.address,
            self.headcount,
            self.persons,
            self.summary,
            self.demands,
            self.accused,
            self.location,
            self.content_category,
            self.source_agency,
            self.source_due,
            self.letter_date,
            self.document_number,
            self.history.list,
        ):
            set_invalid(widget, False)

    def _update_notice_date(self) -> None:
        days, counting = CLOCK_LIMITS[ClockKind.NOTIFY]
        ledger = self.services.ledger
        try:
            due = due_date(date.today(), days, counting, ledger.calendar, ledger.rules)
        except (AttributeError, ValueError):
            self.notice_label.setText("")
            return
        self.notice_label.setText(self.tr("{0} 日内告知：{1}").format(days, due.isoformat()))

    # ================================================================ slots

    @Slot(str)
    def _on_id_edited(self, text: str) -> None:
        del text
        self._validate_id(final=False)
        # A card reader's burst ends with 18 characters: look the person up at once, no debounce.
        self._request_lookup(immediate=bool(self._id_valid))

    @Slot()
    def _on_id_finished(self) -> None:
        self._validate_id(final=True)
        self._request_lookup(immediate=True)

    @Slot(int)
    def _on_doc_type_changed(self, index: int) -> None:
        del index
        self._validate_id(final=False)
        self._request_lookup(immediate=True)

    @Slot(str)
    def _on_name_edited(self, text: str) -> None:
        del text
        set_invalid(self.name, False)
        self.name_message.clear_message()
        self._request_lookup(immediate=False)

    @Slot(str)
    def _on_phone_edited(self, text: str) -> None:
        del text
        set_invalid(self.phone, False)
        self.phone_message.clear_message()
        self._request_lookup(immediate=False)

    @Slot()
    def _on_phone_finished(self) -> None:
        text = self.phone.text().strip()
        if not text:
            return
        try:
            validate_phone(text)
        except PhoneError as exc:
            self.phone_message.show_error(exc.message)
            set_invalid(self.phone, True)

    @Slot(QWidget)
    def _on_enter_pressed(self, widget: QWidget) -> None:
        if widget is self.id_number:
            self._validate_id(final=True)
            self._request_lookup(immediate=True)

    @Slot()
    def _on_lookup_timer(self) -> None:
        self._run_lookup()

    def _on_lookup_done(self, seq: int, persons: list[KnownPerson]) -> None:
        if seq != self._lookup_seq:
            return  # the clerk typed on; a newer lookup is under way
        self.history.set_persons(persons)
        self._fill_from_file(persons)
        if self.history.numbers():
            self.status_message.emit(self.tr("此人以前有 {0} 件事项").format(len(self.history.numbers())))

    def _on_lookup_failed(self, seq: int, exc: BaseException) -> None:
        if seq != self._lookup_seq:
            return
        self._last_query = None
        self.link_message.show_error(self.tr("查找此人档案失败：{0}").format(exc))

    @Slot(bool)
    def _on_collective_toggled(self, checked: bool) -> None:
        if checked and self.representative_count() > MAX_REPRESENTATIVES:
            self.collective.blockSignals(True)
            self.collective.setChecked(False)
            self.collective.blockSignals(False)
            self._refuse_representative()
            return
        if checked and self.headcount.value() < 2:
            self.headcount.setValue(max(2, self.headcount.minimum()))
        self._update_person_heading()

    @Slot(int)
    def _on_headcount_changed(self, value: int) -> None:
        set_invalid(self.headcount, False)
        self.headcount_message.clear_message()
        if value >= 5 and not self.collective.isChecked():
            self.collective.setChecked(True)

    @Slot(QTableWidgetItem)
    def _on_person_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != COL_ID:
            return
        text = item.text().strip()
        if not text:
            item.setToolTip("")
            self.persons_message.clear_message()
            return
        try:
            info = parse_id(text)
        except IdNumberError as exc:
            self.persons_message.show_error(self.tr("第 {0} 行：{1}").format(item.row() + 1, exc.message))
            item.setToolTip(exc.message)
            return
        item.setToolTip(info.region_name or "")
        self.persons_message.clear_message()

    @Slot()
    def _on_add_person(self) -> None:
        row = self.add_person()
        self.persons.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.persons.setCurrentCell(row, COL_NAME)
        item = self.persons.item(row, COL_NAME)
        if item is not None:
            self.persons.editItem(item)

    @Slot()
    def _on_remove_person(self) -> None:
        row = self.persons.currentRow()
        if row < 0:
            return
        self.persons.removeRow(row)
        self._sync_headcount_minimum()
        self.persons_message.clear_message()
        if self.persons.rowCount():
            self.persons.setCurrentCell(min(row, self.persons.rowCount() - 1), COL_NAME)

    @Slot()
    def _on_channel_changed(self) -> None:
        is_letter = self.channel.currentData() == Channel.LETTER
        self.matter_form.setRowVisible(self.letter_date_box, is_letter)
        self._update_person_heading()

    @Slot()
    def _on_source_changed(self) -> None:
        forwarded = self.source.currentData() != SourceKind.OWN
        self.matter_form.setRowVisible(self.source_agency_box, forwarded)
        self.matter_form.setRowVisible(self.document_row, forwarded)
        if forwarded and self.source_agency.count() == 0:
            try:
                names = [a.name for a in self.services.ledger.agencies()]
            except Exception:
                names = []
            self.source_agency.addItems(names)
            self.source_agency.setCurrentIndex(-1)

    @Slot()
    def _on_purpose_changed(self) -> None:
        if self._category_touched:
            return
        category = PURPOSE_CATEGORY[Purpose(self.purpose.currentData())]
        self.category.setCurrentIndex(self.category.findData(category))

    @Slot(int)
    def _on_category_chosen(self, index: int) -> None:
        del index
        self._category_touched = True

    @Slot(int)
    def _on_category_changed(self, index: int) -> None:
        del index
        if self.category.currentData() == Category.COMPLAINT:
            self.accused_message.show_hint(self.tr("检举控告：信访人的身份不得透露给被反映对象（条例第三十条）"))
        else:
            self.accused_message.clear_message()

    @Slot()
    def _on_letter_date_finished(self) -> None:
        self._check_date(self.letter_date, self.letter_date_message)

    @Slot()
    def _on_source_due_finished(self) -> None:
        self._check_date(self.source_due, self.source_due_message)

    def _check_date(self, edit: QLineEdit, message: FieldMessage) -> None:
        text = edit.text().strip()
        set_invalid(edit, False)
        message.clear_message()
        if not text:
            return
        try:
            date.fromisoformat(text)
        except ValueError:
            message.show_error(self.tr("“{0}”不是有效日期，请写成 2026-12-10 这样").format(text))
            set_invalid(edit, True)

    @Slot(list)
    def _on_links_changed(self, numbers: list) -> None:
        set_invalid(self.history.list, False)
        self.link_message.clear_message()
        del numbers

    @Slot()
    def _on_register(self) -> None:
        self.register()

    def _on_registered(self, matter: Any) -> None:
        self._busy = False
        self.register_button.setEnabled(True)
        number = str(matter.number)
        self.last_number = number
        self.discard_draft()
        self._cleared_state = None
        self.reset()
        repeat = self.tr("（重件，关联 {0}）").format("、".join(matter.repeat_of)) if matter.is_repeat else ""
        self._say(self.tr("已登记 <b>{0}</b>{1}  <a href='open:{0}'>打开事项</a>").format(number, repeat))
        self.registered.emit(number)
        self._print_receipt(number)

    def _on_register_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.register_button.setEnabled(True)
        if isinstance(exc, InvalidInput):
            self.show_invalid(exc)
        else:
            self._say_error(self.tr("登记失败，表单内容仍在：{0}").format(exc))

    def _on_receipt_done(self, number: str, path: Path) -> None:
        self.last_print_path = path
        self._say(
            self.tr(
                "已登记 <b>{0}</b>，回执已生成。 <a href='preview:{1}'>预览/打印回执 Ctrl+P</a>  "
                "<a href='open:{0}'>打开事项</a>"
            ).format(number, path)
        )

    def _on_receipt_failed(self, number: str, exc: BaseException) -> None:
        self._say(
            self.tr("已登记 <b>{0}</b>，但回执未能生成：{1}  <a href='open:{0}'>打开事项后补打</a>").format(
                number, _escape(str(exc))
            )
        )

    @Slot(str)
    def _on_message_link(self, link: str) -> None:
        kind, _, value = link.partition(":")
        if kind == "open":
            self.open_matter_requested.emit(value)
        elif kind == "preview":
            self.preview_receipt(Path(value))
        elif kind == "undo":
            self._on_undo_clear()

    def preview_receipt(self, path: Path | None = None) -> None:
        """Open the last receipt in the print preview (Ctrl+P there prints it)."""
        path = path or self.last_print_path
        if path is None or not Path(path).exists():
            self._say_error(self.tr("还没有可预览的回执"))
            return
        try:
            from reception.ui.dialogs.print_preview import PrintPreviewDialog, ledger_of
        except ImportError:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            return
        PrintPreviewDialog.preview(
            path,
            kind="receipt",
            title=self.tr("登记回执 {0}").format(self.last_number),
            file_stem=Path(path).stem,
            ledger=ledger_of(self.services),
            parent=self,
        )

    @Slot()
    def _on_preview_receipt(self) -> None:
        self.preview_receipt()

    @Slot()
    def _on_save_draft(self) -> None:
        path = self.save_draft()
        if path is None:
            self._say_error(self.tr("没有设置暂存位置"))
            return
        self._say(self.tr("已暂存（{0}）：下次打开接待台时自动恢复").format(datetime.now().strftime("%H:%M")))

    @Slot()
    def _on_clear(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and focus is not self.persons and self.persons.isAncestorOf(focus):
            self.persons.setFocus(Qt.FocusReason.OtherFocusReason)  # Esc in a table cell only ends the edit
            return
        if self.is_empty():
            self.reset()
            return
        self._install_undo_filters()
        self._cleared_state = self.state()
        self.reset()
        self._say(self.tr("已清空 · Ctrl+Z 撤销") + "  <a href='undo:'>" + self.tr("撤销") + "</a>")

    @Slot()
    def _on_undo_clear(self) -> None:
        if self._cleared_state is None or not self.is_empty():
            return
        state, self._cleared_state = self._cleared_state, None
        self.set_state(state)
        self._say(self.tr("已恢复清空前的内容"))
        self.id_number.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_link(self) -> None:
        number = self.history.toggle_link_selected()
        if not number:
            self.link_message.show_hint(self.tr("此人没有可关联的以前事项"))
            return
        if number in self.history.linked():
            self.status_message.emit(self.tr("本次登记将作为重件关联到 {0}").format(number))
        else:
            self.status_message.emit(self.tr("已取消关联 {0}").format(number))

    @Slot()
    def _on_focus_doc_type(self) -> None:
        self.doc_type.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def _on_focus_history(self) -> None:
        if self.history.list.count():
            self.history.list.setFocus(Qt.FocusReason.ShortcutFocusReason)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
