"""The ledger's (台账) vocabulary: which matters to list and in what order.

Pure: the ui and the cli describe a view of the ledger with these types, and storage turns them into SQL
(:mod:`reception.storage.ledger`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

#: The orders the ledger can be listed in (each backed by an index in storage).
SORT_KEYS: tuple[str, ...] = (
    "number",
    "received_at",
    "channel",
    "name",
    "headcount",
    "summary",
    "status",
    "handling_unit",
    "due",
    "clerk",
    "id",
)

#: Warning levels of a matter's running clock (clocks.level_change_times).
LEVELS: tuple[str, ...] = ("normal", "warn", "alert", "severe", "overdue")


@dataclass(frozen=True)
class DrillDown:
    """Filters the ledger has no chip for: the statistics' drill-down behind a figure (None: not filtered)."""

    purpose: str | None = None
    content_category: str | None = None
    location: str | None = None
    collective: bool | None = None
    is_repeat: bool | None = None
    skip_level: bool | None = None
    leader_assigned: bool | None = None
    headcount_min: int | None = None
    headcount_max: int | None = None
    handling_unit_empty: bool = False
    leader_action: str = ""
    satisfaction: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The fields that filter, by name (the audit trail's description of an export)."""
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None and value != f.default:
                out[f.name] = value
        return out

    def is_empty(self) -> bool:
        return not self.as_dict()


@dataclass
class LedgerFilter:
    statuses: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    handling_unit: str = ""
    clerk: str = ""
    text: str = ""
    category: str = ""
    drill: DrillDown = field(default_factory=DrillDown)

    def is_empty(self) -> bool:
        return not (
            self.statuses
            or self.levels
            or self.channels
            or self.date_from
            or self.date_to
            or self.handling_unit
            or self.clerk
            or self.text.strip()
            or self.category
            or not self.drill.is_empty()
        )
