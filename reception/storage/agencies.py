"""The agency directory the desk refers and assigns to (police units, 12345, 12337, courts, departments)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reception.storage import models as m
from reception.storage.db import Store


@dataclass(frozen=True)
class AgencyRecord:
    code: str
    name: str
    kind: str
    address: str
    phone: str


def _record(row: Any) -> AgencyRecord:
    return AgencyRecord(row.code, row.name, row.kind, row.address, row.phone)


class AgencyRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def any(self) -> bool:
        self.store.bind_models()
        return bool(m.Agency.select().exists())

    def by_code(self, code: str) -> AgencyRecord | None:
        self.store.bind_models()
        row = m.Agency.get_or_none(m.Agency.code == code)
        return _record(row) if row is not None else None

    def by_name(self, name: str) -> AgencyRecord | None:
        self.store.bind_models()
        row = m.Agency.get_or_none(m.Agency.name == name)
        return _record(row) if row is not None else None

    def find(self, code_or_name: str) -> AgencyRecord | None:
        """The entry whose code or exact name this is."""
        self.store.bind_models()
        row = m.Agency.get_or_none((m.Agency.code == code_or_name) | (m.Agency.name == code_or_name))
        return _record(row) if row is not None else None

    def active(self) -> list[AgencyRecord]:
        """The entries in use, by kind and code."""
        self.store.bind_models()
        query = m.Agency.select().where(m.Agency.active == True).order_by(m.Agency.kind, m.Agency.code)  # noqa: E712  (SQL, not Python)
        return [_record(a) for a in query]

    def save(self, entry: AgencyRecord) -> None:
        """Add the entry, or update the one with its code (an added entry is active)."""
        self.store.bind_models()
        fields = {"code": entry.code, "name": entry.name, "kind": entry.kind, "address": entry.address}
        fields["phone"] = entry.phone
        updated = m.Agency.update(**fields).where(m.Agency.code == entry.code).execute()
        if not updated:
            m.Agency.create(**fields, active=True)
