"""The read model of one matter: what ``LedgerService.show`` returns to the detail page and ``show --json``.

Frozen dataclasses, field for field the document the command prints (``dataclasses.asdict`` gives it, keys in
this order): labels already chosen, numbers masked unless revealed, dates and times as ISO strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

    from reception.domain.clocks import Clock


@dataclass(frozen=True, slots=True)
class SourceView:
    """Where the matter came from (本级登记 or a higher agency's referral)."""

    kind: str
    label: str
    agency: str
    document_number: str
    due: str | None


@dataclass(frozen=True, slots=True)
class PartyView:
    """One person of the matter; a hidden complainant shows as the confidential mark with empty facts."""

    name: str
    role: str
    role_label: str
    doc_type: str
    id_number: str
    phone: str
    sex: str | None
    birth_date: str | None
    region: str | None


@dataclass(frozen=True, slots=True)
class ClockView:
    """A clock's snapshot at the time of showing (``Clock.to_dict``'s fields)."""

    kind: str
    label: str
    article: str
    start: str
    due: str
    days_left: int
    level: str
    level_label: str
    stopped_at: str | None
    extended_days: int
    provisional: bool
    provisional_years: list[int]
    provisional_note: str

    @staticmethod
    def of(clock: Clock, now: datetime) -> ClockView:
        return ClockView(**clock.to_dict(now))


@dataclass(frozen=True, slots=True)
class MatterClock(ClockView):
    """A clock of the matter's list, with whose it is: ``"visitor"`` (the petitioner's), ``"higher"`` (the higher
    agency's: it answers 复查 and 复核) or ``"desk"``."""

    party: str

    @staticmethod
    def of_party(clock: Clock, now: datetime, party: str) -> MatterClock:
        return MatterClock(**clock.to_dict(now), party=party)


@dataclass(frozen=True, slots=True)
class EventView:
    """One timeline entry."""

    kind: str
    at: str
    actor: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class MatterView:
    """Everything about one matter, as shown."""

    number: str
    uuid: str
    station: str
    status: str
    status_label: str
    channel: str
    channel_label: str
    received_at: str
    source: SourceView
    purpose: str
    purpose_label: str
    category: str
    category_label: str
    content_category: str
    location: str
    summary: str
    demands: str
    headcount: int
    collective: bool
    is_repeat: bool
    repeat_of: list[str]
    clerk: str
    window: str
    handling_unit: str
    extension_days: int
    supervision_count: int
    reply_outcome: str | None
    satisfaction: str | None
    confidential: bool
    parties: list[PartyView]
    current_clock: ClockView | None
    clocks: list[MatterClock]
    allowed_actions: list[str]
    events: list[EventView]
