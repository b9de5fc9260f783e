"""Read models the desk and the command share (the matter's own is in :mod:`reception.domain.matter_view`).

Frozen dataclasses, field for field the documents the command prints (``dataclasses.asdict`` gives them, keys
in this order): labels already chosen, numbers masked, dates and times as strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One matter as a line of the ledger (台账), the search results and the supervision board."""

    id: int
    number: str
    received_at: str
    channel: str
    channel_label: str
    name: str
    id_number: str
    phone: str
    confidential: bool
    headcount: int
    summary: str
    status: str
    status_label: str
    handling_unit: str
    clock_kind: str | None
    due: str | None
    days_left: int | None
    level: str | None
    level_label: str
    clerk: str
    category: str
    is_repeat: bool
    collective: bool


@dataclass(frozen=True, slots=True)
class EarlierMatter:
    """One earlier matter of a known person, on the registration form's side panel."""

    number: str
    received_at: str
    status: str
    status_label: str
    summary: str
    is_repeat: bool
    due: str | None
    days_left: int | None
    level: str | None
    level_label: str
    satisfaction: str | None


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """A person the desk recognised while the clerk typed, with their earlier matters (newest first)."""

    person_id: int
    matched_on: str  # "id_number" | "phone" | "name"
    name: str
    id_number: str
    phone: str
    address: str
    history: list[EarlierMatter]


@dataclass(frozen=True, slots=True)
class AgencyEntry:
    """One entry of the agency directory the desk refers and assigns to."""

    code: str
    name: str
    kind: str
    address: str
    phone: str


@dataclass(frozen=True, slots=True)
class DeskSettings:
    """The station's settings as stored (the window's title, the status bar, the 设置 dialog)."""

    station_code: str
    agency_name: str
    agency_short_name: str
    window: str
    backup_reminder_days: str
    idle_lock_minutes: str
    agency_address: str
    agency_phone: str
    review_agency: str
    last_backup_at: str
    count_first_day: str = "1"
    count_holiday_roll: str = "1"
    count_weekend_roll: str = "0"

    def value_of(self, key: str) -> str:
        """The setting named ``key`` (the command's ``settings list``/``set`` name them)."""
        if key not in _SETTING_FIELDS:
            raise KeyError(key)
        return str(getattr(self, key))


@dataclass(frozen=True, slots=True)
class BoardRow(LedgerRow):
    """A ledger row on the supervision board (督办), with the dates the board shows besides the clock."""

    unit_due: str | None
    unit_days_left: int | None
    replied_at: str | None
    supervision_count: int


@dataclass(frozen=True, slots=True)
class LevelCounts:
    """Matters whose running clock is at each warning level now (normal excluded)."""

    warn: int
    alert: int
    severe: int
    overdue: int

    def of(self, level: str) -> int:
        """The count of ``level`` by its code (0 for a level the board does not count)."""
        value = getattr(self, level, 0) if level in _LEVEL_FIELDS else 0
        return int(value)

    def total(self) -> int:
        return self.warn + self.alert + self.severe + self.overdue


@dataclass(frozen=True, slots=True)
class BoardCounts:
    """How many matters each section of the supervision board lists (before the row limit)."""

    levels: int
    week: int
    return_visit: int
    feedback: int

    def of(self, section: str) -> int:
        """The count of ``section`` by its key (0 for a section the board does not have)."""
        value = getattr(self, section, 0) if section in _SECTION_FIELDS else 0
        return int(value)


_LEVEL_FIELDS = frozenset(("warn", "alert", "severe", "overdue"))
_SECTION_FIELDS = frozenset(("levels", "week", "return_visit", "feedback"))
_SETTING_FIELDS = frozenset(
    (
        "station_code",
        "agency_name",
        "agency_short_name",
        "window",
        "backup_reminder_days",
        "idle_lock_minutes",
        "agency_address",
        "agency_phone",
        "review_agency",
        "last_backup_at",
        "count_first_day",
        "count_holiday_roll",
        "count_weekend_roll",
    )
)


@dataclass(frozen=True, slots=True)
class PrintedDocument:
    """One document just printed (``print KIND NUMBER``, the desk's 打印/补打)."""

    kind: str
    label: str
    matter: str
    number: str  # the document number, "" for a kind that has none
    sha256: str
    reprint: bool
    reprints: int
    copy: str
    path: str | None
    printed_at: str
    id: int
    # 检举控告: asked for both copies, a clerk got the visitor's only (the file copy is a supervisor's reveal)
    file_copy_withheld: bool = False


@dataclass(frozen=True, slots=True)
class PrintedLedger:
    """The 台账 report just printed (``print ledger``)."""

    kind: str
    rows: int
    totals: dict[str, int]  # 件次, 人次: the labels the report prints
    sha256: str
    path: str | None
    printed_at: str


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """A print on record for a matter: the original and how often it was reprinted."""

    id: int
    kind: str
    number: str
    year: int
    seq: int | None
    copy: str
    printed_at: str | None
    actor: str
    sha256: str
    reprints: int
    last_reprint_at: str | None
    last_reprint_by: str
    reprint_log: list[dict[str, object]]  # as recorded: n, at, by, copy, sha256 (and layout) of each reprint


@dataclass(frozen=True, slots=True)
class Reproduction:
    """A recorded print rendered again and compared with its record's SHA-256 (nothing recorded)."""

    sha256: str
    expected: str
    matches: bool
    data: bytes
    layout: int
    recorded_layout: int
    layout_changed: bool


@dataclass(frozen=True, slots=True)
class BackupEntry:
    """One backup in the ledger's register of backups (newest first in the history)."""

    at: datetime
    actor: str
    path: str
    sha256: str
    size: int
    matters: int


@dataclass(frozen=True, slots=True)
class DayCount:
    """Matters and persons received on one day (the statistics page's trend line)."""

    day: str
    matters: int
    persons: int
