"""Wiring the services to one open ledger; the composition root (app.py, cli.py) calls :func:`open_services`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reception.resources import resource_path
from reception.services.ledger import LedgerService, load_calendar
from reception.storage.db import Store, init_db


@dataclass
class Services:
    store: Store
    ledger: LedgerService

    def close(self) -> None:
        self.store.close()


def open_services(url: str | Path, *, calendar_file: Path | None = None) -> Services:
    store = init_db(url)
    ledger = LedgerService(store=store, calendar=load_calendar(calendar_file))
    ledger.seed_directory(resource_path("data", "agencies.json"))
    return Services(store=store, ledger=ledger)
