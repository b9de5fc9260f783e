"""The record of every printed document (numbers, digests, reprints)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reception.storage import models as m
from reception.storage.db import Store
from reception.storage.values import as_datetime


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    kind: str
    number: str
    year: int
    seq: int | None
    copy: str
    printed_at: datetime | None
    actor: str
    sha256: str
    reprints: int
    last_reprint_at: datetime | None
    last_reprint_by: str
    params: dict[str, Any]


def _record(row: Any) -> DocumentRecord:
    return DocumentRecord(
        id=row.id,
        kind=row.kind,
        number=row.number,
        year=row.year,
        seq=row.seq,
        copy=row.copy,
        printed_at=as_datetime(row.printed_at),
        actor=row.actor,
        sha256=row.sha256,
        reprints=row.reprints,
        last_reprint_at=as_datetime(row.last_reprint_at),
        last_reprint_by=row.last_reprint_by,
        params=json.loads(row.params or "{}"),
    )


class DocumentRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def first(self, matter_id: int, kind: str) -> DocumentRecord | None:
        """The first print of ``kind`` for the matter (the one whose number later prints keep)."""
        self.store.bind_models()
        row = (
            m.Document.select()
            .where((m.Document.matter == matter_id) & (m.Document.kind == kind))
            .order_by(m.Document.id)
            .first()
        )
        return _record(row) if row is not None else None

    def of_matter(self, matter_id: int) -> list[DocumentRecord]:
        self.store.bind_models()
        return [_record(r) for r in m.Document.select().where(m.Document.matter == matter_id).order_by(m.Document.id)]

    def add(
        self,
        *,
        matter_id: int,
        kind: str,
        number: str,
        year: int,
        seq: int | None,
        copy: str,
        printed_at: datetime,
        actor: str,
        sha256: str,
        params: dict[str, Any],
    ) -> int:
        self.store.bind_models()
        row: Any = m.Document.create(
            matter=matter_id,
            kind=kind,
            number=number,
            year=year,
            seq=seq,
            copy=copy,
            printed_at=printed_at,
            actor=actor,
            sha256=sha256,
            params=json.dumps(params, ensure_ascii=False, sort_keys=True),
        )
        return int(row.id)

    def record_reprint(self, document_id: int, *, count: int, at: datetime, by: str, params: dict[str, Any]) -> None:
        self.store.bind_models()
        m.Document.update(
            reprints=count,
            last_reprint_at=at,
            last_reprint_by=by,
            params=json.dumps(params, ensure_ascii=False, sort_keys=True),
        ).where(m.Document.id == document_id).execute()

    def has_digest(self, sha256: str) -> bool:
        """Whether a committed print (first print or reprint) produced the PDF of this SHA-256."""
        self.store.bind_models()
        return (
            m.Document.select(m.Document.id)
            .where((m.Document.sha256 == sha256) | (m.Document.params.contains(sha256)))
            .exists()
        )
